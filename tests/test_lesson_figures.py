"""emviz.lesson_figures: the lesson charts carry the numbers they are given, with axis titles."""

from functools import cache

import numpy as np
import plotly.graph_objects as go
import pytest

from emviz import EMError, Mixture, run_em
from emviz.analysis import (
    bound_slice,
    distinct_solutions,
    log_likelihood_grid,
    match_labels,
    parameter_errors,
    restarts,
)
from emviz.data import GaussianSpec, generate_gaussians
from emviz.lesson_figures import (
    LEGEND_ON_DARK,
    bound_chart,
    collapse_chart,
    error_chart,
    landscape_chart,
    paths_chart,
    restarts_chart,
)
from tests.run_fixtures import CLASSIC_GUESS, nine_points, two_thousand


def axis_titles(fig: go.Figure) -> dict[str, str]:
    """Title text of every x and y axis of the layout."""
    titles = {}
    for name in dir(fig.layout):
        if name.startswith(("xaxis", "yaxis")):
            axis = fig.layout[name]
            titles[name] = axis.title.text if axis.title is not None else None
    return titles


def assert_has_axis_titles(fig: go.Figure, n_axes: int = 1):
    titles = axis_titles(fig)
    for i in range(1, n_axes + 1):
        suffix = "" if i == 1 else str(i)
        assert titles.get(f"xaxis{suffix}"), f"xaxis{suffix} has no title"
        assert titles.get(f"yaxis{suffix}"), f"yaxis{suffix} has no title"


def named(fig: go.Figure, name: str):
    (trace,) = [trace for trace in fig.data if trace.name == name]
    return trace


@cache
def bound_inputs(t: int):
    """µ1 grid, ℓ and B of the nine-point run at iteration t (E-step under mixtures[t])."""
    data, history = nine_points()
    mixture = history.mixtures[t]
    mu1 = np.linspace(-2.0, 12.0, 57)
    log_likelihood, bound = bound_slice(data.x, mixture, history.responsibilities(t), mu1)
    return mu1, log_likelihood, bound, mixture.means[0, 0]


@cache
def landscape_inputs():
    """Axes, grid and (µ1, µ2) paths of the 2,000-point run and one restart."""
    data, history = two_thousand()
    axis = np.linspace(0.0, 60.0, 13)
    mixture = history.mixtures[-1]
    grid = log_likelihood_grid(data.x, mixture, axis, axis)
    own = np.array([m.means[:, 0] for m in history.mixtures])
    other = run_em(data.x, CLASSIC_GUESS.to_mixture().permuted([1, 0]), max_iter=5)
    paths = {"your run": own, "restart 1": np.array([m.means[:, 0] for m in other.mixtures])}
    return axis, grid, paths


# --- bound_chart -------------------------------------------------------------------------


@pytest.mark.parametrize("t", [0, 3])
def test_bound_chart_draws_the_two_curves_and_the_top_of_the_bound(t):
    mu1, log_likelihood, bound, current = bound_inputs(t)
    fig = bound_chart(mu1, log_likelihood, bound, current=current)
    curve, lower, star = fig.data[:3]
    np.testing.assert_array_equal(curve.x, mu1)
    np.testing.assert_array_equal(curve.y, log_likelihood)
    np.testing.assert_array_equal(lower.x, mu1)
    np.testing.assert_array_equal(lower.y, bound)
    best = int(np.argmax(bound))
    assert star.marker.symbol == "star"
    assert tuple(star.x) == (mu1[best],) and tuple(star.y) == (bound[best],)
    assert star.y[0] == max(bound)
    assert_has_axis_titles(fig)


def test_bound_chart_star_follows_the_maximum_of_what_it_is_given():
    mu1 = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
    log_likelihood = np.array([-10.0, -8.0, -7.0, -8.0, -9.0])
    bound = np.array([-12.0, -11.0, -10.0, -9.5, -11.0])
    fig = bound_chart(mu1, log_likelihood, bound, current=1.0)
    star = fig.data[2]
    assert tuple(star.x) == (3.0,) and tuple(star.y) == (-9.5,)


def test_bound_chart_marks_the_current_and_previous_mean():
    mu1, log_likelihood, bound, current = bound_inputs(3)
    fig = bound_chart(mu1, log_likelihood, bound, current=current)
    assert [shape.x0 for shape in fig.layout.shapes] == [current]
    with_previous = bound_chart(mu1, log_likelihood, bound, current=current, previous=2.5)
    assert sorted(shape.x0 for shape in with_previous.layout.shapes) == sorted([current, 2.5])
    dotted = [shape for shape in with_previous.layout.shapes if shape.line.dash == "dot"]
    assert [shape.x0 for shape in dotted] == [2.5]


def test_bound_chart_y_range_shows_the_top_of_both_curves():
    mu1, log_likelihood, bound, current = bound_inputs(0)
    fig = bound_chart(mu1, log_likelihood, bound, current=current)
    low, high = fig.layout.yaxis.range
    assert high > max(log_likelihood.max(), bound.max())
    assert low < bound.max()


# --- landscape_chart ---------------------------------------------------------------------


def test_landscape_contours_carry_the_grid():
    axis, grid, paths = landscape_inputs()
    fig = landscape_chart(axis, axis, grid, paths)
    (contour,) = [trace for trace in fig.data if isinstance(trace, go.Contour)]
    np.testing.assert_array_equal(contour.x, axis)
    np.testing.assert_array_equal(contour.y, axis)
    np.testing.assert_array_equal(np.asarray(contour.customdata), grid)
    # the colours are the depth below the best value, highest where the grid is highest
    z = np.asarray(contour.z)
    assert z.shape == grid.shape
    assert np.unravel_index(np.argmax(z), z.shape) == np.unravel_index(np.argmax(grid), grid.shape)
    assert_has_axis_titles(fig)
    assert fig.layout.xaxis.title.text == "µ1" and fig.layout.yaxis.title.text == "µ2"


def test_landscape_is_equal_scaled_and_its_legend_shows_the_white_lines():
    axis, grid, paths = landscape_inputs()
    fig = landscape_chart(axis, axis, grid, paths, current=(21.5, 39.0))
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis.scaleratio == 1, "the mirror line at 45°"
    assert fig.layout.xaxis.constrain == fig.layout.yaxis.constrain == "domain", "no blank band beside the map"
    assert named(fig, "mirror line µ1 = µ2").line.color == "white"
    assert named(fig, "its mirror image").marker.line.color == "white"
    assert fig.layout.legend.bgcolor == LEGEND_ON_DARK, "white symbols on a white legend were invisible"


def test_landscape_colour_bar_says_how_far_below_the_top_each_colour_is():
    axis, grid, paths = landscape_inputs()
    (contour,) = [trace for trace in landscape_chart(axis, axis, grid, paths).data if isinstance(trace, go.Contour)]
    assert contour.colorbar.title.text != "height" and "below" in contour.colorbar.title.text
    assert contour.colorbar.ticktext[0] == "top"
    depth = grid.max() - grid.min()
    assert len(contour.colorbar.ticktext) == int(np.log10(1 + depth)) + 1


def test_landscape_first_path_is_the_runs_means():
    axis, grid, paths = landscape_inputs()
    _, history = two_thousand()
    fig = landscape_chart(axis, axis, grid, paths)
    lines = [trace for trace in fig.data if isinstance(trace, go.Scatter) and trace.mode == "lines+markers"]
    assert len(lines) == len(paths) == 2
    own, other = lines
    assert own.name == "your run"
    np.testing.assert_array_equal(own.x, [m.means[0, 0] for m in history.mixtures])
    np.testing.assert_array_equal(own.y, [m.means[1, 0] for m in history.mixtures])
    np.testing.assert_array_equal(other.x, paths["restart 1"][:, 0])
    np.testing.assert_array_equal(other.y, paths["restart 1"][:, 1])
    assert own.line.width > other.line.width


def test_landscape_marks_the_current_means_and_their_mirror_image():
    axis, grid, paths = landscape_inputs()
    fig = landscape_chart(axis, axis, grid, paths, current=(21.5, 39.0))
    now = named(fig, "this frame")
    mirror = named(fig, "its mirror image")
    assert (tuple(now.x), tuple(now.y)) == ((21.5,), (39.0,))
    assert (tuple(mirror.x), tuple(mirror.y)) == ((39.0,), (21.5,))
    without = landscape_chart(axis, axis, grid, paths)
    assert len(without.data) == len(fig.data) - 2


def test_landscape_of_the_grid_is_highest_near_the_fit_and_its_mirror():
    axis, grid, _ = landscape_inputs()
    _, history = two_thousand()
    j, i = np.unravel_index(np.argmax(grid), grid.shape)
    fitted = sorted(history.mixtures[-1].means[:, 0])
    assert sorted([axis[i], axis[j]]) == pytest.approx(fitted, abs=5.0)


# --- restarts_chart ----------------------------------------------------------------------


@cache
def restart_runs():
    data = generate_gaussians(GaussianSpec(means=(10.0, 25.0, 40.0), sigmas=(3.0, 3.0, 3.0),
                                           counts=(100, 100, 100), seed=2))
    histories = restarts(data.x, 2, 12, seed=0)
    return histories, distinct_solutions(histories)


def test_restarts_chart_one_trace_per_solution_best_first():
    histories, groups = restart_runs()
    assert len(groups) >= 2
    fig = restarts_chart(histories, groups)
    assert len(fig.data) == len(groups)
    for trace, group in zip(fig.data, groups):
        assert list(trace.x) == [i + 1 for i in group]
        np.testing.assert_array_equal(trace.y, [histories[i].log_likelihoods[-1] for i in group])
        assert list(trace.customdata) == [histories[i].n_iter for i in group]
    assert max(fig.data[0].y) == max(h.log_likelihoods[-1] for h in histories)
    assert "best" in fig.data[0].name and all("best" not in trace.name for trace in fig.data[1:])
    tops = [max(trace.y) for trace in fig.data]
    assert tops == sorted(tops, reverse=True)
    assert sorted(x for trace in fig.data for x in trace.x) == list(range(1, len(histories) + 1))
    assert_has_axis_titles(fig)


def test_restarts_chart_uses_the_groups_it_is_given():
    histories, _ = restart_runs()
    fig = restarts_chart(histories, [[4], [0, 2]])
    assert [list(trace.x) for trace in fig.data] == [[5], [1, 3]]
    assert list(fig.data[1].y) == [histories[0].log_likelihoods[-1], histories[2].log_likelihoods[-1]]


# --- collapse_chart ----------------------------------------------------------------------


@cache
def collapse_runs():
    """Four Gaussians on nine points from one random start: reg_covar = 0 collapses, 0.1 does not."""
    x = nine_points()[0].x
    collapsed = next(h for h in restarts(x, 4, 10, seed=1, reg_covar=0.0) if not h.converged)
    start = collapsed.mixtures[0]
    with pytest.raises(EMError):  # restarts kept the part of the run before the collapse
        run_em(x, start, reg_covar=0.0)
    return {"reg_covar = 0": collapsed, "reg_covar = 0.1": run_em(x, start, reg_covar=0.1)}


def test_collapse_chart_smallest_sigma_and_log_likelihood_per_iteration():
    runs = collapse_runs()
    fig = collapse_chart(runs)
    assert len(fig.data) == 2 * len(runs)
    for number, (label, history) in enumerate(runs.items()):
        sigma, log_likelihood = fig.data[2 * number], fig.data[2 * number + 1]
        assert sigma.name == label and sigma.xaxis == "x" and sigma.yaxis == "y"
        assert log_likelihood.xaxis == "x2" and log_likelihood.yaxis == "y2"
        expected = [min(np.sqrt(np.linalg.eigvalsh(c)[0]) for c in m.covariances) for m in history.mixtures]
        np.testing.assert_allclose(sigma.y, expected, rtol=1e-12)
        np.testing.assert_allclose(sigma.y, [m.sigmas.min() for m in history.mixtures], rtol=1e-12)
        np.testing.assert_array_equal(sigma.x, np.arange(history.n_iter + 1))
        np.testing.assert_array_equal(log_likelihood.x, np.arange(history.n_iter + 1))
        np.testing.assert_array_equal(log_likelihood.y, history.log_likelihoods)
    collapsed = fig.data[0]
    assert collapsed.y[-1] < 1e-3 * collapsed.y[0]  # σ heads to 0 without a floor
    assert min(fig.data[2].y) >= np.sqrt(0.1)
    assert fig.layout.yaxis.type == "log"
    assert_has_axis_titles(fig, n_axes=2)


def test_collapse_chart_smallest_sigma_in_2d_is_the_smallest_axis_of_any_ellipse():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(30, 2)) * [3.0, 0.5]
    init = Mixture([0.5, 0.5], [[-1.0, 0.0], [1.0, 0.0]], [np.diag([4.0, 1.0]), [[2.0, 0.5], [0.5, 1.0]]])
    history = run_em(x, init, max_iter=4)
    fig = collapse_chart({"2-D": history})
    expected = [np.sqrt(min(np.linalg.eigvalsh(c).min() for c in m.covariances)) for m in history.mixtures]
    np.testing.assert_allclose(fig.data[0].y, expected, rtol=1e-12)
    assert expected[0] == pytest.approx(np.sqrt(1.5 - np.sqrt(0.5)), rel=1e-12)


# --- paths_chart -------------------------------------------------------------------------


def test_paths_chart_soft_and_hard():
    data, soft = two_thousand()
    hard = run_em(data.x, CLASSIC_GUESS.to_mixture(), hard=True)
    runs = {"soft EM": soft, "hard EM": hard}
    fig = paths_chart(runs)
    assert [trace.name for trace in fig.data] == list(runs)
    for trace, history in zip(fig.data, runs.values()):
        np.testing.assert_array_equal(trace.x, np.arange(history.n_iter + 1))
        np.testing.assert_array_equal(trace.y, history.log_likelihoods)
    assert fig.data[0].line.dash == "solid" and fig.data[1].line.dash == "dash"
    assert_has_axis_titles(fig)


# --- error_chart -------------------------------------------------------------------------


def test_error_chart_clips_zero_errors_for_the_log_axis():
    iterations = np.arange(4)
    errors = {"µ1": np.array([3.0, 0.5, 0.0, 1e-15]), "σ1": np.array([2.0, 1.0, 0.25, 0.125])}
    fig = error_chart(iterations, errors)
    assert [trace.name for trace in fig.data] == list(errors)
    np.testing.assert_array_equal(fig.data[0].y, [3.0, 0.5, 1e-12, 1e-12])
    np.testing.assert_array_equal(fig.data[1].y, errors["σ1"])
    for trace in fig.data:
        np.testing.assert_array_equal(trace.x, iterations)
        assert min(trace.y) > 0
    assert fig.layout.yaxis.type == "log"
    assert_has_axis_titles(fig)


def test_error_chart_of_a_real_run_against_its_truth():
    data, history = two_thousand()
    predicted = np.argmax(history.responsibilities(-1), axis=1)
    errors = parameter_errors(history, data.truth, match_labels(data.labels, predicted))
    fig = error_chart(np.arange(history.n_iter + 1), errors)
    assert len(fig.data) == 6
    for trace, values in zip(fig.data, errors.values()):
        np.testing.assert_array_equal(trace.y, np.maximum(values, 1e-12))
    # three line styles per Gaussian, one colour per Gaussian
    assert [trace.line.dash for trace in fig.data] == ["solid", "dash", "dot"] * 2
    assert fig.data[0].line.color == fig.data[2].line.color != fig.data[3].line.color
