"""The shared look: what style() merges, and that it keeps what a builder set before it."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from emviz.chart_style import AXIS, FONT_SIZE, GRID_COLOUR, LAYOUT, style


def test_every_axis_of_every_subplot_gets_the_shared_axis_look():
    fig = make_subplots(rows=2, cols=1)
    fig.update_yaxes(title_text="log-likelihood", row=1, col=1)
    style(fig, height=300)
    layout = fig.layout.to_plotly_json()
    axes = [name for name in layout if name.startswith(("xaxis", "yaxis"))]
    assert sorted(axes) == ["xaxis", "xaxis2", "yaxis", "yaxis2"]
    for name in axes:
        assert layout[name]["gridcolor"] == GRID_COLOUR and layout[name]["tickfont"]["size"] == FONT_SIZE
    assert layout["yaxis"]["title"] == {"text": "log-likelihood", "font": AXIS["title"]["font"]}
    assert layout["yaxis2"]["domain"] != layout["yaxis"]["domain"]  # the subplot grid is kept


def test_the_charts_own_layout_wins_and_merges_into_the_shared_one():
    fig = go.Figure(go.Scatter(x=[0, 1], y=[0, 1]))
    fig.add_vline(x=0.5, annotation_text="here")
    style(fig, legend=dict(y=1.2), xaxis=dict(title="µ1", range=[0, 1]), title="A chart")
    layout = fig.layout
    assert layout.legend.y == 1.2 and layout.legend.orientation == LAYOUT["legend"]["orientation"]
    assert layout.xaxis.title.text == "µ1" and layout.xaxis.title.font.size == FONT_SIZE
    assert list(layout.xaxis.range) == [0, 1] and layout.title.text == "A chart"
    assert len(layout.shapes) == 1 and layout.annotations[0].text == "here"
    assert layout.template.layout.colorway  # plotly's default template stays under the look
    assert layout.font.size == FONT_SIZE and layout.plot_bgcolor == "white"
