"""emviz.figures_2d: round Gaussians drawn round, and charts that hold still through a run."""

from functools import cache

import numpy as np
import plotly.graph_objects as go
import pytest

from emviz import Mixture, run_em
from emviz.chart_style import DASHES, PALETTE, UNASSIGNED
from emviz.examples import BISHOP, EXAMPLES
from emviz.figures import MAX_STRETCH
from emviz.figures_2d import ELLIPSE_POINTS, ellipse, run_extent, scatter_chart, small_multiples
from emviz.sources import load


@cache
def bishop():
    """The Bishop Figure 9.8 example run to convergence (two round σ = 0.5 Gaussians to start)."""
    preset = EXAMPLES[BISHOP]
    return run_em(load(preset.data).x, preset.guess.to_mixture())


@cache
def three_clusters():
    preset = EXAMPLES["Three clusters in 2-D"]
    return run_em(load(preset.data).x, preset.guess.to_mixture())


def frames(history):
    return range(2 * history.n_iter + 1)


def y_axes(fig):
    """yaxis, yaxis2, … in the order of the subplots."""
    names = sorted((name for name in fig.layout if name.startswith("yaxis")), key=lambda name: int(name[5:] or 1))
    return [fig.layout[name] for name in names]


@pytest.mark.parametrize("frame", [0, 2, 5])
def test_scatter_chart_is_equal_scaled(frame):
    fig = scatter_chart(bishop(), frame)
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis.scaleratio == 1


def test_every_small_multiple_is_equal_scaled_with_the_same_ranges():
    fig = small_multiples(bishop())
    axes = y_axes(fig)
    assert len(axes) == 4
    for column, axis in enumerate(axes, start=1):
        assert axis.scaleanchor == ("x" if column == 1 else f"x{column}") and axis.scaleratio == 1
    assert len({tuple(axis.range) for axis in axes}) == 1
    assert len({tuple(fig.layout[name].range) for name in fig.layout if name.startswith("xaxis")}) == 1


@pytest.mark.parametrize("history", [bishop, three_clusters])
def test_the_axes_hold_still_through_every_frame_of_a_2d_run(history):
    run = history()
    ranges = {(tuple(fig.layout.xaxis.range), tuple(fig.layout.yaxis.range))
              for fig in (scatter_chart(run, frame) for frame in frames(run))}
    assert len(ranges) == 1


@pytest.mark.parametrize("history", [bishop, three_clusters])
def test_the_fixed_ranges_hold_all_data_and_every_2_sigma_ellipse(history):
    run = history()
    (low_x, high_x), (low_y, high_y) = (scatter_chart(run, 0).layout[axis].range for axis in ("xaxis", "yaxis"))
    assert low_x < run.x[:, 0].min() and run.x[:, 0].max() < high_x
    assert low_y < run.x[:, 1].min() and run.x[:, 1].max() < high_y
    for mixture in run.mixtures:
        for k in range(mixture.n_components):
            x, y = ellipse(mixture.means[k], mixture.covariances[k], 2.0)
            assert low_x <= x.min() and x.max() <= high_x and low_y <= y.min() and y.max() <= high_y


def test_each_component_keeps_its_colour_and_line_style():
    fig = scatter_chart(three_clusters(), 4)
    for style_of_frame in ("", "before the M-step"):
        lines = [trace for trace in fig.data if isinstance(trace, go.Scatter) and trace.mode == "lines"
                 and (trace.name == "before the M-step") == bool(style_of_frame)]
        assert len(lines) == 3 * 2
        for k in range(3):
            assert {trace.line.dash for trace in lines[2 * k:2 * k + 2]} == {DASHES[k]}
            assert {trace.line.color for trace in lines[2 * k:2 * k + 2]} == {PALETTE[k]}


def points_of(fig):
    return next(trace for trace in fig.data if trace.name == "points")


@pytest.mark.parametrize("n_sigma", [1.0, 2.0])
def test_ellipse_is_the_closed_n_sigma_contour(n_sigma):
    mean, covariance = np.array([1.0, -2.0]), np.array([[2.0, 0.9], [0.9, 1.0]])
    x, y = ellipse(mean, covariance, n_sigma)
    assert x.shape == y.shape == (ELLIPSE_POINTS,)
    assert (x[0], y[0]) == pytest.approx((x[-1], y[-1]))
    offsets = np.column_stack([x, y]) - mean
    mahalanobis = np.sqrt(np.einsum("ni,ij,nj->n", offsets, np.linalg.inv(covariance), offsets))
    np.testing.assert_allclose(mahalanobis, n_sigma)


def test_run_extent_reaches_the_true_ellipses_when_they_are_drawn():
    run = three_clusters()
    far = Mixture(weights=[1.0], means=[run.x.max(axis=0) + 1.0], covariances=[np.eye(2) * 0.01])
    (_, high_x), (_, high_y) = run_extent(run, truth=far)
    (_, plain_x), (_, plain_y) = run_extent(run)
    assert high_x > plain_x and high_y > plain_y
    assert high_x > far.means[0, 0] and high_y > far.means[0, 1]


def test_run_extent_stretches_past_the_data_by_at_most_max_stretch():
    run = three_clusters()
    huge = Mixture(weights=[1.0], means=[run.x.mean(axis=0)], covariances=[np.eye(2) * 1e8])
    x_range, y_range = run_extent(run, truth=huge)
    for axis, (low, high) in enumerate((x_range, y_range)):
        span = np.ptp(run.x[:, axis])
        assert low >= run.x[:, axis].min() - MAX_STRETCH * span - 0.03 * (1 + 2 * MAX_STRETCH) * span - 1e-9
        assert high <= run.x[:, axis].max() + MAX_STRETCH * span + 0.03 * (1 + 2 * MAX_STRETCH) * span + 1e-9


def test_points_are_grey_before_the_first_e_step_and_coloured_after():
    run = three_clusters()
    guess, e_step = points_of(scatter_chart(run, 0)), points_of(scatter_chart(run, 1))
    assert guess.marker.color == UNASSIGNED and guess.customdata is None
    assert len(e_step.marker.color) == run.n_points and e_step.customdata.shape == (run.n_points, 3)
    np.testing.assert_allclose(e_step.customdata, run.responsibilities(0))


def test_the_guess_is_labelled_and_an_m_step_draws_an_arrow_per_gaussian():
    run = three_clusters()
    assert {trace.name for trace in scatter_chart(run, 0).data if trace.showlegend} >= {
        f"Gaussian {k} (guess)" for k in (1, 2, 3)}
    assert not scatter_chart(run, 1).layout.annotations  # an E-step moves nothing
    arrows = [note for note in scatter_chart(run, 2).layout.annotations if note.showarrow]
    assert len(arrows) == 3
    for k, arrow in enumerate(arrows):
        assert (arrow.ax, arrow.ay) == pytest.approx(tuple(run.mixtures[0].means[k]))
        assert (arrow.x, arrow.y) == pytest.approx(tuple(run.mixtures[1].means[k]))


def test_the_true_gaussians_are_drawn_only_when_given():
    run = three_clusters()
    truth = load(EXAMPLES["Three clusters in 2-D"].data).truth
    assert not [trace for trace in scatter_chart(run, 0).data if trace.legendgroup == "truth"]
    assert len([trace for trace in scatter_chart(run, 0, truth=truth).data if trace.legendgroup == "truth"]) == 3


def test_many_points_are_down_sampled_with_a_note_and_few_are_not():
    run = three_clusters()
    few = scatter_chart(run, 1, max_points=run.n_points)
    assert len(points_of(few).x) == run.n_points and not few.layout.annotations
    many = scatter_chart(run, 1, max_points=500)
    assert len(points_of(many).x) == 500
    assert [note.text for note in many.layout.annotations] == [f"dots: 500 of {run.n_points:,} points"]


def test_axis_titles_are_the_first_two_given():
    run = three_clusters()
    fig = scatter_chart(run, 0, titles=("eruptions", "waiting", "unused"))
    assert (fig.layout.xaxis.title.text, fig.layout.yaxis.title.text) == ("eruptions", "waiting")
    note = small_multiples(run, titles=("eruptions", "waiting")).layout.annotations[-1]
    assert note.text == "x: eruptions · y: waiting"


def test_small_multiples_past_the_end_show_the_last_frame_and_say_so():
    run = three_clusters()
    fig = small_multiples(run, iterations=(1, run.n_iter + 5))
    titles = [note.text for note in fig.layout.annotations][:2]
    assert titles == ["after iteration 1", f"after iteration {run.n_iter + 5} (converged at {run.n_iter})"]
    last_means = [trace for trace in fig.data if trace.mode == "markers" and trace.xaxis == "x2"
                  and trace.name != "points"]
    np.testing.assert_allclose([(trace.x[0], trace.y[0]) for trace in last_means], run.mixtures[-1].means)
