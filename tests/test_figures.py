"""emviz.figures: the traces the learner sees carry the right numbers."""

from functools import cache

import numpy as np
import plotly.graph_objects as go
import pytest

from emviz import Mixture, run_em
from emviz.chart_style import DASHES
from emviz.data import PRESETS, generate_gaussians
from emviz.em import EMError
from emviz.figures import (
    MAX_STRETCH,
    MAX_STRIP_POINTS,
    PALETTE,
    UNASSIGNED,
    blend_colours,
    log_likelihood_chart,
    main_chart,
    plot_range,
    point_colours,
    responsibility_chart,
    subsample,
    trajectory_chart,
)
from emviz.timeline import frame_at, significant
from tests.run_fixtures import nine_points, posterior, two_thousand, weighted_pdf

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")


@pytest.fixture(scope="module")
def run():
    """(data, history) of EM on 2,000 points: 11 iterations, 23 frames."""
    return two_thousand()


@cache
def chart(frame_index, max_points=MAX_STRIP_POINTS, with_truth=False):
    """main_chart of the 2,000-point run, built once per argument set (tests only read it)."""
    data, history = two_thousand()
    return main_chart(history, frame_index, max_points=max_points, truth=data.truth if with_truth else None)


# --- looking traces up ---------------------------------------------------------------------------


def bars(fig):
    return [trace for trace in fig.data if isinstance(trace, go.Bar)]


def strip(fig):
    (points,) = [trace for trace in fig.data if trace.name == "points"]
    return points


def ghosts(fig):
    return [trace for trace in fig.data if trace.legendgroup == "ghosts"]


def current_curves(fig):
    """(mixture trace, [component traces]) of the frame's own curves (not ghosts, not truth)."""
    own = [trace for trace in fig.data
           if isinstance(trace, go.Scatter) and trace.mode == "lines"
           and trace.legendgroup not in ("ghosts", "truth")]
    (mixture,) = [trace for trace in own if trace.name.startswith("mixture")]
    return mixture, [trace for trace in own if trace.name.startswith("Gaussian")]


def truth_curves(fig):
    return [trace for trace in fig.data if trace.legendgroup == "truth"]


def arrows(fig):
    return [a for a in fig.layout.annotations if a.showarrow]


def edges_of(bar):
    """Bin edges from a bar trace's centres and widths."""
    centres, widths = np.asarray(bar.x), np.asarray(bar.width)
    return np.append(centres - widths / 2, centres[-1] + widths[-1] / 2)


def rgb(hex_colour):
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


# --- palette and colours -------------------------------------------------------------------------


def test_palette_is_okabe_ito():
    assert tuple(c.upper() for c in PALETTE) == OKABE_ITO


@pytest.mark.parametrize("gamma, expected", [
    ((1.0, 0.0), "rgb(0,114,178)"),
    ((0.0, 1.0), "rgb(230,159,0)"),
    ((0.2, 0.8), "rgb(184,150,36)"),
])
def test_blend_colours_mixes_the_palette_by_responsibility(gamma, expected):
    assert blend_colours(np.array([gamma])) == [expected]


def test_blend_colours_of_three_components():
    colours = blend_colours(np.array([[0, 0, 1.0], [0.2, 0.3, 0.5]]))
    blue, orange, green = (np.array(rgb(c)) for c in OKABE_ITO[:3])
    mixed = np.rint(0.2 * blue + 0.3 * orange + 0.5 * green).astype(int)
    assert colours == ["rgb(0,158,115)", "rgb({},{},{})".format(*mixed)]


# --- main chart: histogram -----------------------------------------------------------------------


def test_guess_frame_has_one_grey_density_histogram(run):
    data, history = run
    fig = chart(0)
    (bar,) = bars(fig)
    heights, widths = np.asarray(bar.y), np.asarray(bar.width)
    assert np.sum(heights * widths) == pytest.approx(1.0, rel=1e-12)
    counts = heights * widths * data.x.size
    np.testing.assert_allclose(counts, np.rint(counts), atol=1e-9)
    expected, _ = np.histogram(data.x, bins=edges_of(bar))
    np.testing.assert_array_equal(np.rint(counts).astype(int), expected)
    assert bar.marker.color == "rgba({},{},{},0.35)".format(*rgb(UNASSIGNED))
    assert rgb(UNASSIGNED)[0] == rgb(UNASSIGNED)[1] == rgb(UNASSIGNED)[2], "grey"


@pytest.mark.parametrize("frame_index", [1, 2, 7, 22])
def test_e_and_m_step_histogram_is_split_by_responsibility(run, frame_index):
    data, history = run
    whole = np.asarray(bars(chart(0))[0].y)
    split = bars(chart(frame_index))
    assert len(split) == 2
    assert [b.name for b in split] == ["data given to Gaussian 1", "data given to Gaussian 2"]
    assert [b.marker.color for b in split] == ["rgba({},{},{},0.3)".format(*rgb(c)) for c in OKABE_ITO[:2]]
    np.testing.assert_allclose(np.sum([b.y for b in split], axis=0), whole, rtol=1e-10, atol=1e-15)
    gamma = posterior(history, frame_at(history, frame_index).colours)
    edges = edges_of(split[0])
    widths = np.diff(edges)
    for k, bar in enumerate(split):
        shares, _ = np.histogram(data.x, bins=edges, weights=gamma[:, k])
        np.testing.assert_allclose(np.asarray(bar.y), shares / (data.x.size * widths), rtol=1e-8, atol=1e-15)
        # each bar's area is the component's share of the points, n_k / N
        assert np.sum(np.asarray(bar.y) * widths) == pytest.approx(gamma[:, k].mean(), rel=1e-9)


def test_first_e_step_split_differs_from_an_even_split(run):
    # The guess µ = (10, 50) gives the left points to Gaussian 1: the shares are not 50/50 per bin.
    data, history = run
    left, right = bars(chart(1))
    assert np.asarray(left.y)[0] > 0.99 * (np.asarray(left.y)[0] + np.asarray(right.y)[0])
    assert np.asarray(right.y)[-1] > 0.99 * (np.asarray(left.y)[-1] + np.asarray(right.y)[-1])


# --- main chart: curves --------------------------------------------------------------------------


def test_guess_frame_draws_the_guess_with_a_dashed_mixture(run):
    _, history = run
    mixture, components = current_curves(chart(0))
    assert mixture.name == "mixture (guess)" and mixture.line.dash == "dash"
    assert [c.name for c in components] == ["Gaussian 1 (guess)", "Gaussian 2 (guess)"]


@pytest.mark.parametrize("frame_index", [0, 1, 2])
def test_each_component_has_its_own_line_style_so_colour_is_not_the_only_cue(frame_index):
    history = run_em(np.linspace(0, 60, 300), Mixture.univariate(
        np.full(6, 1 / 6), np.linspace(5, 55, 6), np.full(6, 4.0)), max_iter=3)
    fig = main_chart(history, frame_index)
    _, components = current_curves(fig)
    assert [c.line.dash for c in components] == list(DASHES)
    assert len(set(DASHES)) == 6
    ghost_components = [trace for trace in ghosts(fig) if trace.name == "before the M-step"]
    assert [c.line.dash for c in ghost_components] == (list(DASHES) if frame_index == 2 else [])


@pytest.mark.parametrize("frame_index", [0, 1, 2, 5, 6, 22])
def test_curves_are_weighted_normal_densities_and_their_sum(run, frame_index):
    _, history = run
    fig = chart(frame_index)
    shown = history.mixtures[frame_at(history, frame_index).curves]
    mixture, components = current_curves(fig)
    assert len(components) == 2
    total = np.zeros(len(mixture.x))
    for k, trace in enumerate(components):
        grid = np.asarray(trace.x)
        np.testing.assert_allclose(np.asarray(trace.y), weighted_pdf(shown, k, grid), rtol=1e-10, atol=1e-300)
        assert trace.line.color == PALETTE[k]
        total += weighted_pdf(shown, k, np.asarray(mixture.x))
    np.testing.assert_allclose(np.asarray(mixture.y), total, rtol=1e-10, atol=1e-300)
    if frame_index:
        assert mixture.line.dash == "solid"


@pytest.mark.parametrize("frame_index", [1, 2, 22])
def test_curves_cover_the_data_and_three_sigmas(run, frame_index):
    data, history = run
    fig = chart(frame_index)
    low, high = fig.layout.xaxis.range
    assert low < data.x.min() and high > data.x.max()
    frame = frame_at(history, frame_index)
    for t in {frame.curves, frame.ghosts if frame.ghosts is not None else frame.curves}:
        m = history.mixtures[t]
        assert low <= np.min(m.means[:, 0] - 3 * m.sigmas) and high >= np.max(m.means[:, 0] + 3 * m.sigmas)
    _, components = current_curves(fig)
    assert components[0].x[0] == pytest.approx(low) and components[0].x[-1] == pytest.approx(high)


def test_component_hover_shows_rounded_parameters(run):
    _, history = run
    _, components = current_curves(chart(4))
    shown = history.mixtures[2]
    for k, trace in enumerate(components):
        assert f"µ = {significant(shown.means[k, 0])}" in trace.hovertemplate
        assert f"σ = {significant(shown.sigmas[k])}" in trace.hovertemplate
        assert f"weight = {significant(shown.weights[k])}" in trace.hovertemplate


def test_e_step_frame_has_no_ghosts_and_no_arrows(run):
    _, history = run
    for frame_index in (0, 1, 3, 21):
        fig = chart(frame_index)
        assert ghosts(fig) == []
        assert arrows(fig) == []


@pytest.mark.parametrize("t", [1, 2, 11])
def test_m_step_frame_has_ghosts_of_the_previous_mixture(run, t):
    _, history = run
    fig = chart(2 * t)
    previous = history.mixtures[t - 1]
    faint = ghosts(fig)
    assert len(faint) == 3
    (mixture,) = [trace for trace in faint if trace.name == "mixture"]
    components = [trace for trace in faint if trace.name == "before the M-step"]
    total = np.zeros(len(mixture.x))
    for k, trace in enumerate(components):
        np.testing.assert_allclose(np.asarray(trace.y), weighted_pdf(previous, k, np.asarray(trace.x)),
                                   rtol=1e-10, atol=1e-300)
        assert trace.line.dash == DASHES[k] and trace.opacity < 1 and trace.line.color == PALETTE[k]
        total += trace.y
    np.testing.assert_allclose(np.asarray(mixture.y), total, rtol=1e-10)
    assert sum(trace.showlegend is not False for trace in faint) == 1, "one legend entry for the ghosts"


@pytest.mark.parametrize("t", [1, 2, 11])
def test_m_step_arrows_go_from_the_old_mean_to_the_new(run, t):
    _, history = run
    fig = chart(2 * t)
    before, after = history.mixtures[t - 1], history.mixtures[t]
    moves = arrows(fig)
    assert len(moves) == 2
    peak = max(np.max(trace.y) for trace in fig.data if isinstance(trace, go.Scatter) and trace.mode == "lines")
    bottom, top = fig.layout.yaxis.range
    for k, arrow in enumerate(moves):
        assert arrow.ax == pytest.approx(before.means[k, 0]) and arrow.x == pytest.approx(after.means[k, 0])
        assert arrow.axref == "x" and arrow.xref == "x"
        assert arrow.y == arrow.ay and peak <= arrow.y <= top
        assert arrow.arrowcolor == PALETTE[k]
        assert significant(before.means[k, 0]) in arrow.hovertext and significant(after.means[k, 0]) in arrow.hovertext


def test_first_m_step_arrows_point_towards_the_truth(run):
    data, history = run
    first, second = arrows(chart(2))
    assert first.ax == 10.0 and first.x > 15  # µ1 moves right, towards 20
    assert second.ax == 50.0 and second.x < 45  # µ2 moves left, towards 40


# --- main chart: truth ---------------------------------------------------------------------------


def test_truth_curves_only_when_truth_is_given(run):
    data, history = run
    for frame_index in (0, 1, 2):
        assert truth_curves(chart(frame_index)) == []
        with_truth = truth_curves(chart(frame_index, with_truth=True))
        assert len(with_truth) == 2
        for k, trace in enumerate(with_truth):
            np.testing.assert_allclose(np.asarray(trace.y), weighted_pdf(data.truth, k, np.asarray(trace.x)),
                                       rtol=1e-10, atol=1e-300)
            assert trace.line.dash == "dashdot"
        assert data.truth.weights.tolist() == [0.4, 0.6]


def test_truth_does_not_change_the_other_traces(run):
    data, history = run
    plain, with_truth = chart(2), chart(2, with_truth=True)
    others = [trace for trace in with_truth.data if trace.legendgroup != "truth"]
    assert len(others) == len(plain.data)
    for a, b in zip(plain.data, others):
        assert a.name == b.name
        if isinstance(a, go.Scattergl) or a.name == "new means":  # placed by the tallest curve
            continue
        np.testing.assert_array_equal(np.asarray(a.y), np.asarray(b.y))


# --- main chart: the point strip -----------------------------------------------------------------


def test_guess_frame_strip_is_grey_without_responsibilities(run):
    data, history = run
    points = strip(chart(0))
    assert isinstance(points, go.Scattergl)
    assert points.marker.color == UNASSIGNED
    assert points.customdata is None
    assert "run the E-step" in points.hovertemplate


@pytest.mark.parametrize("max_points", [MAX_STRIP_POINTS, 2000, 500])
def test_strip_has_at_most_max_points_and_a_note_when_down_sampled(run, max_points):
    data, history = run
    fig = chart(1, max_points)
    points = strip(fig)
    assert len(points.x) == min(max_points, data.x.size)
    assert set(np.asarray(points.x).tolist()) <= set(data.x.tolist())
    assert len(set(np.asarray(points.x).tolist())) == len(points.x), "no point drawn twice"
    notes = [a.text for a in fig.layout.annotations if not a.showarrow]
    if data.x.size > max_points:
        assert notes == [f"dots: {max_points:,} of 2,000 points"]
    else:
        assert notes == []


def rgb_of(colour: str) -> tuple[int, int, int]:
    return tuple(int(v) for v in colour[colour.index("(") + 1:-1].split(","))


def drawn_colours(points) -> list[str]:
    """The colour plotly draws each point in: its code's stop on the discrete colour scale."""
    scale = [stop[1] for stop in points.marker.colorscale]
    assert (points.marker.cmin, points.marker.cmax) == (0, len(scale) - 1)
    return [scale[int(code)] for code in points.marker.color]


@pytest.mark.parametrize("frame_index", [1, 2, 13])
def test_strip_colours_blend_the_responsibilities(run, frame_index):
    data, history = run
    points = strip(chart(frame_index, 700))
    position = {value: n for n, value in enumerate(data.x.tolist())}
    chosen = np.array([position[value] for value in np.asarray(points.x).tolist()])
    gamma = posterior(history, frame_at(history, frame_index).colours)[chosen]
    np.testing.assert_allclose(np.asarray(points.customdata), gamma, atol=1e-9)
    drawn = np.array([rgb_of(colour) for colour in drawn_colours(points)])
    exact = np.array([rgb_of(colour) for colour in blend_colours(gamma)])
    assert np.abs(drawn - exact).max() <= 2, "colours are rounded to 1% of a responsibility at most"
    assert "γ1" in points.hovertemplate and "γ2" in points.hovertemplate


def test_strip_shows_the_same_points_in_every_frame(run):
    _, history = run
    xs = [np.asarray(strip(chart(i, 300)).x) for i in (0, 1, 2, 9)]
    for x in xs[1:]:
        np.testing.assert_array_equal(x, xs[0])


def test_confident_points_take_the_pure_palette_colours(run):
    # At the last E-step the far-left points are all Gaussian 1 (blue) and far-right all Gaussian 2 (orange).
    data, history = run
    points = strip(chart(2 * history.n_iter - 1))
    x, colours = np.asarray(points.x), drawn_colours(points)
    assert colours[int(np.argmin(x))] == "rgb(0,114,178)"
    assert colours[int(np.argmax(x))] == "rgb(230,159,0)"


@pytest.mark.parametrize("frame_index", [0, 1, 2])
def test_strip_sits_under_the_axis_inside_the_chart(run, frame_index):
    _, history = run
    fig = chart(frame_index)
    bottom, top = fig.layout.yaxis.range
    y = np.asarray(strip(fig).y)
    assert np.all(y < 0) and np.all(y > bottom)


@pytest.mark.parametrize("frame_index", [0, 1, 2])
def test_nine_point_preset_draws_every_point_as_a_big_dot(frame_index):
    data, history = nine_points()
    fig = main_chart(history, frame_index)
    points = strip(fig)
    np.testing.assert_array_equal(np.sort(np.asarray(points.x)), np.sort(data.x))
    y = np.broadcast_to(np.asarray(points.y, dtype=float), (len(points.x),))
    assert np.all(y == y[0]) and fig.layout.yaxis.range[0] < y[0] < 0, "one row, no jitter"
    assert points.marker.size >= 10
    assert [a for a in fig.layout.annotations if not a.showarrow] == [], "nothing was down-sampled"


# --- responsibility chart ------------------------------------------------------------------------


@pytest.mark.parametrize("frame_index", [0, 1, 2, 9, 22])
def test_responsibility_chart_adds_up_to_one_and_equals_the_posterior(run, frame_index):
    _, history = run
    fig = responsibility_chart(history, frame_index)
    assert len(fig.data) == 2
    frame = frame_at(history, frame_index)
    mixture = history.mixtures[frame.colours if frame.colours is not None else 0]
    grid = np.asarray(fig.data[0].x)
    np.testing.assert_allclose(np.sum([trace.y for trace in fig.data], axis=0), 1.0, atol=1e-12)
    densities = np.array([weighted_pdf(mixture, k, grid) for k in range(2)])
    expected = densities / densities.sum(axis=0)
    for k, trace in enumerate(fig.data):
        assert trace.stackgroup == "gamma" and trace.line.color == PALETTE[k]
        np.testing.assert_allclose(np.asarray(trace.y), expected[k], atol=1e-9)
        np.testing.assert_allclose(np.asarray(trace.y), mixture.posterior(grid)[:, k], atol=1e-12)


def test_responsibility_chart_changes_between_the_guess_and_the_end(run):
    _, history = run
    first = np.asarray(responsibility_chart(history, 1).data[0].y)
    last = np.asarray(responsibility_chart(history, 2 * history.n_iter).data[0].y)
    assert np.max(np.abs(first - last)) > 0.1


# --- log-likelihood chart ------------------------------------------------------------------------


@pytest.mark.parametrize("builder", [two_thousand, nine_points])
def test_log_likelihood_line_and_gains(builder):
    # Nine points: the last gains are ~1e-8, far below the 2,000-point run's.
    _, history = builder()
    fig = log_likelihood_chart(history, 0)
    (line,) = [trace for trace in fig.data if trace.name == "log-likelihood"]
    np.testing.assert_array_equal(np.asarray(line.x), np.arange(history.n_iter + 1))
    np.testing.assert_allclose(np.asarray(line.y), history.log_likelihoods, rtol=1e-15)
    (gains,) = [trace for trace in fig.data if isinstance(trace, go.Bar)]
    np.testing.assert_array_equal(np.asarray(gains.x), np.arange(1, history.n_iter + 1))
    for t, (text, gain) in enumerate(zip(gains.hovertext, np.diff(history.log_likelihoods)), start=1):
        assert text == f"iteration {t}<br>gain {significant(gain)}"
    assert np.all(np.asarray(gains.y) > 0), "a log axis cannot show 0"
    np.testing.assert_allclose(np.asarray(gains.y), np.diff(history.log_likelihoods), rtol=1e-15)
    assert fig.layout.yaxis2.type == "log"


def test_gain_axis_ends_at_the_rounding_noise_of_the_log_likelihood():
    # Two identical Gaussians on a symmetric sample: after the first iteration every gain is rounding noise.
    history = run_em(np.array([-2.0, -1.0, 0.0, 1.0, 2.0] * 40), Mixture.univariate(
        [0.5, 0.5], [0.3, 0.3], [1.0, 1.0]), tol=0.0, max_iter=12)
    gains = np.diff(history.log_likelihoods)
    noise = 1e-12 * np.max(np.abs(history.log_likelihoods))
    assert np.any(np.abs(gains) < noise), "the run must have rounding-noise gains"
    fig = log_likelihood_chart(history, 0)
    (bars,) = [trace for trace in fig.data if isinstance(trace, go.Bar)]
    low, high = fig.layout.yaxis2.range
    assert low >= np.log10(noise) - 0.5 - 1e-9, "the axis reaches no lower than the rounding noise"
    assert np.log10(np.max(gains)) < high
    assert np.all(np.asarray(bars.y) >= noise)
    assert all("rounding noise" in text for text, gain in zip(bars.hovertext, gains) if gain < noise)


@pytest.mark.parametrize("frame_index", [0, 1, 2, 3, 10, 21, 22, 99])
def test_log_likelihood_marker_sits_at_the_frame_curves(run, frame_index):
    _, history = run
    fig = log_likelihood_chart(history, frame_index)
    (marker,) = [trace for trace in fig.data if trace.name == "this frame"]
    t = frame_at(history, frame_index).curves
    assert list(marker.x) == [t]
    assert list(marker.y) == [history.log_likelihoods[t]]


def test_log_likelihood_chart_of_a_run_without_iterations():
    history = two_thousand(0)[1]
    fig = log_likelihood_chart(history, 0)
    assert [trace.name for trace in fig.data] == ["log-likelihood", "this frame"]


# --- trajectory chart ----------------------------------------------------------------------------


def test_trajectory_rows_equal_the_parameters(run):
    _, history = run
    fig = trajectory_chart(history, 0)
    expected = {
        "y": np.array([m.means[:, 0] for m in history.mixtures]),
        "y2": np.array([np.sqrt(m.covariances[:, 0, 0]) for m in history.mixtures]),
        "y3": np.array([m.weights for m in history.mixtures]),
    }
    assert len(fig.data) == 6
    for axis, values in expected.items():
        traces = [trace for trace in fig.data if (trace.yaxis or "y") == axis]
        assert [trace.name for trace in traces] == ["Gaussian 1", "Gaussian 2"]
        for k, trace in enumerate(traces):
            np.testing.assert_array_equal(np.asarray(trace.x), np.arange(history.n_iter + 1))
            np.testing.assert_allclose(np.asarray(trace.y), values[:, k], rtol=1e-12)
            assert trace.line.color == PALETTE[k]
    titles = [fig.layout.yaxis.title.text, fig.layout.yaxis2.title.text, fig.layout.yaxis3.title.text]
    assert titles == ["µ", "σ", "weight"]


@pytest.mark.parametrize("frame_index", [0, 1, 2, 9, 22])
def test_trajectory_marks_the_frame_iteration(run, frame_index):
    _, history = run
    fig = trajectory_chart(history, frame_index)
    t = frame_at(history, frame_index).curves
    assert fig.layout.shapes, "no line marks the frame"
    assert {shape.x0 for shape in fig.layout.shapes} == {t}
    assert {shape.x1 for shape in fig.layout.shapes} == {t}


# --- every chart ---------------------------------------------------------------------------------


def axis_titles(fig):
    layout = fig.layout.to_plotly_json()
    return {name: (axis.get("title") or {}).get("text") for name, axis in layout.items()
            if name.startswith(("xaxis", "yaxis"))}


def all_charts(history, frame_index):
    return {
        "main": chart(frame_index),
        "responsibility": responsibility_chart(history, frame_index),
        "log-likelihood": log_likelihood_chart(history, frame_index),
        "trajectory": trajectory_chart(history, frame_index),
    }


@pytest.mark.parametrize("frame_index", [0, 1, 2])
def test_every_chart_has_axis_titles(run, frame_index):
    _, history = run
    for name, fig in all_charts(history, frame_index).items():
        titles = axis_titles(fig)
        xs = [t for axis, t in titles.items() if axis.startswith("xaxis") and t]
        ys = [axis for axis in titles if axis.startswith("yaxis")]
        assert xs, f"{name} chart: no x-axis title"
        assert ys and all(titles[axis] for axis in ys), f"{name} chart: a y-axis without title: {titles}"


def test_main_chart_x_title_is_the_callers(run):
    _, history = run
    fig = main_chart(history, 2, x_title="waiting time (min)")
    assert fig.layout.xaxis.title.text == "waiting time (min)"
    assert fig.layout.yaxis.title.text == "density"


def test_main_chart_has_a_legend_for_each_gaussian_and_the_mixture(run):
    _, history = run
    names = {trace.name for trace in chart(2).data if trace.showlegend is not False}
    assert {"Gaussian 1", "Gaussian 2", "mixture"} <= names


def test_single_component_history_draws():
    data, _ = two_thousand()
    history = run_em(data.x, Mixture.univariate([1.0], [30.0], [10.0]), max_iter=3)
    fig = main_chart(history, 2)
    assert len(bars(fig)) == 1 and len(arrows(fig)) == 1
    np.testing.assert_allclose(np.asarray(responsibility_chart(history, 2).data[0].y), 1.0)


def test_responsibility_chart_of_curves_classifies_with_the_mixture_on_screen():
    _, history = two_thousand()
    m_frame = 4  # M-step 2: the curves are mixtures[2], the colours come from mixtures[1]
    fig = responsibility_chart(history, m_frame, of_curves=True)
    grid = np.asarray(fig.data[0].x)
    np.testing.assert_allclose(np.asarray(fig.data[0].y), history.mixtures[2].posterior(grid)[:, 0], atol=1e-12)
    colours = responsibility_chart(history, m_frame)
    np.testing.assert_allclose(np.asarray(colours.data[0].y), history.mixtures[1].posterior(grid)[:, 0], atol=1e-12)


# --- one scale per run, and what must never leave the chart -------------------------------------


@cache
def preset_run(name):
    """(data, history) of a preset run to the end (or to where EM stopped, for a collapse)."""
    preset = PRESETS[name]
    data = generate_gaussians(preset.data)
    reg_covar = {} if preset.reg_covar is None else {"reg_covar": preset.reg_covar}
    try:
        return data, run_em(data.x, preset.guess.to_mixture(), **reg_covar)
    except EMError as error:
        return data, error.history


@pytest.mark.parametrize("name", ["Classic (20 and 40)", "Identical start", "Collapse onto a point"])
def test_the_axes_hold_still_through_every_frame_of_a_run(name):
    # Classic used to go from −8…68 at M-step 1 to −2…58 at E-step 2: the histogram jumped.
    _, history = preset_run(name)
    ranges = {(tuple(fig.layout.xaxis.range), tuple(fig.layout.yaxis.range))
              for fig in (main_chart(history, frame) for frame in range(2 * history.n_iter + 1))}
    assert len(ranges) == 1


@pytest.mark.parametrize("name", ["Classic (20 and 40)", "Identical start"])
def test_no_histogram_bar_is_cut_off_at_the_top(name):
    # Identical start: the two broad curves are far lower than the data's two humps.
    _, history = preset_run(name)
    for frame in (0, 1, 2, 2 * history.n_iter):
        fig = main_chart(history, frame)
        tallest_bar = np.max(np.sum([np.asarray(bar.y) for bar in bars(fig)], axis=0))
        assert tallest_bar <= fig.layout.yaxis.range[1]


def test_a_collapsed_gaussian_is_drawn_as_a_spike_with_its_height():
    _, history = preset_run("Collapse onto a point")
    last = history.mixtures[-1]
    assert last.sigmas[0] < 1e-4, "Gaussian 1 collapsed onto the point at 9"
    fig = main_chart(history, 2 * history.n_iter)
    _, components = current_curves(fig)
    spike = components[0]
    peak = last.weights[0] / (last.sigmas[0] * np.sqrt(2 * np.pi))
    assert last.means[0, 0] in np.asarray(spike.x), "the grid holds µ1, so the peak is not missed"
    assert np.max(spike.y) == pytest.approx(peak)
    top = fig.layout.yaxis.range[1]
    assert np.max(spike.y) > top, "clipped by the axis, not stretching it"
    visible = np.asarray(spike.y) > 0.5 * top
    assert visible.any(), "the spike shows on the chart"
    (marker,) = [trace for trace in fig.data if trace.name == "peak of Gaussian 1"]
    assert marker.x[0] == last.means[0, 0] and marker.y[0] <= top
    assert marker.text[0] == f"peak {significant(peak)}"
    assert marker.marker.color == PALETTE[0]


def test_curves_that_fit_on_the_chart_get_no_peak_marker(run):
    _, history = run
    for frame in (0, 2, 22):
        assert not [trace for trace in chart(frame).data if (trace.name or "").startswith("peak of")]


def test_a_very_wide_guess_does_not_squash_the_data():
    x = np.linspace(0.0, 10.0, 200)
    history = run_em(x, Mixture.univariate([0.5, 0.5], [3.0, 7.0], [1.0, 500.0]), max_iter=2)
    low, high = main_chart(history, 0).layout.xaxis.range
    assert -5.7 <= low < 0 and 10 < high <= 15.7  # at most half the span on each side, plus 3% padding


@pytest.mark.parametrize("builder", [main_chart, responsibility_chart, log_likelihood_chart, trajectory_chart])
def test_chart_text_is_readable_on_a_projector(run, builder):
    _, history = run
    fig = builder(history, 2)
    # on the layout itself: Streamlit's chart theme replaces a template's fonts with its 12 px
    assert fig.layout.font.size >= 16 and fig.layout.legend.font.size >= 16
    for axis in (fig.layout.xaxis, fig.layout.yaxis):
        assert axis.tickfont.size >= 16 and axis.title.font.size >= 16


@pytest.mark.parametrize("builder", [main_chart, responsibility_chart, log_likelihood_chart, trajectory_chart])
def test_the_tool_bar_stands_in_the_right_margin_clear_of_the_legend(run, builder):
    _, history = run
    fig = builder(history, 2)
    assert fig.layout.modebar.orientation == "v"
    assert fig.layout.margin.r >= 40


def test_the_labels_of_neighbouring_clipped_peaks_stand_one_below_the_other():
    # A guess of six narrow Gaussians on nine points: every curve rises above the chart.
    data, _ = nine_points()
    history = run_em(data.x, Mixture.univariate(np.full(6, 1 / 6), [1.2, 1.4, 2.7, 3.1, 5.5, 9.0], np.full(6, 0.02)),
                     max_iter=1)
    fig = main_chart(history, 0)
    labels = [trace for trace in fig.data if (trace.name or "").startswith("peak of")]
    assert len(labels) == 6
    heights = [label.y[0] for label in sorted(labels, key=lambda label: label.x[0])]
    assert len(set(heights)) == len(heights), "no two labels on one row"
    assert all(0 < height <= fig.layout.yaxis.range[1] for height in heights)


# --- the helpers behind the charts ---------------------------------------------------------


def test_point_colours_index_a_scale_of_each_points_blended_colour():
    resp = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [1.0, 0.0], [0.304, 0.696]])
    codes, scale = point_colours(resp)
    assert codes.shape == (5,) and codes[0] == codes[3] and len(set(codes.tolist())) == 4
    assert [position for position, _ in scale] == pytest.approx(np.linspace(0, 1, 4).tolist())
    expected = blend_colours(np.round(resp * 100) / 100)  # rounded to 1/100: an invisible change
    assert [scale[code][1] for code in codes] == expected


def test_point_colours_of_one_colour_still_make_a_valid_scale():
    codes, scale = point_colours(np.array([[1.0, 0.0]] * 3))
    assert codes.tolist() == [0, 0, 0] and len(scale) == 2 and scale[0][1] == scale[1][1]


def test_plot_range_holds_the_data_and_curves_but_caps_a_wide_curves_stretch():
    x = np.array([0.0, 10.0])
    narrow = Mixture.univariate(weights=[1.0], means=[12.0], sigmas=[0.5])
    low, high = plot_range(x, narrow)
    assert low < 0.0 and high > 12.0 + 3 * 0.5
    low, high = plot_range(x, Mixture.univariate(weights=[1.0], means=[5.0], sigmas=[1e6]))
    assert low == pytest.approx(-10 * MAX_STRETCH - 0.03 * 10 * (1 + 2 * MAX_STRETCH))
    assert high == pytest.approx(10 + 10 * MAX_STRETCH + 0.03 * 10 * (1 + 2 * MAX_STRETCH))


def test_subsample_keeps_every_point_up_to_the_limit_and_the_same_ones_beyond():
    np.testing.assert_array_equal(subsample(50, 50), np.arange(50))
    chosen = subsample(1000, 100)
    assert chosen.size == 100 and np.all(np.diff(chosen) > 0) and chosen.max() < 1000
    np.testing.assert_array_equal(subsample(1000, 100), chosen)
    assert not chosen.flags.writeable
