"""emviz.figures_2d: round Gaussians drawn round, and charts that hold still through a run."""

from functools import cache

import plotly.graph_objects as go
import pytest

from emviz import run_em
from emviz.chart_style import DASHES, PALETTE
from emviz.examples import BISHOP, EXAMPLES
from emviz.figures_2d import ellipse, scatter_chart, small_multiples
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
