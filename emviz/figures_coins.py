"""Plotly figures of the two-coins lesson: pure functions of (CoinRun, frame, options)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from emviz.chart_style import MODEBAR_MARGIN, PALETTE, colour, dash, style
from emviz.engine.two_coins import COINS, CoinBiases, CoinRun
from emviz.timeline import frame_at

THETA_CHART_HEIGHT = 300


def theta_chart(run: CoinRun, frame_index: int, complete: CoinBiases | None = None) -> go.Figure:
    """θA and θB against iteration, the frame's iteration marked, the complete-data answer dotted.

    Parameters
    ----------
    run : CoinRun
    frame_index : int
    complete : CoinBiases or None, default=None
        The maximum-likelihood θ with every coin revealed, drawn as a dotted line per coin.

    Returns
    -------
    go.Figure
        One line per coin (name "coin A", "coin B"), then one "complete data" line per coin.
    """
    iterations = np.arange(run.n_iter + 1)
    values = np.array([b.as_array() for b in run.biases])
    fig = go.Figure()
    for k, coin in enumerate(COINS):
        fig.add_trace(go.Scatter(
            x=iterations, y=values[:, k], mode="lines+markers", name=f"coin {coin}",
            line=dict(color=colour(k), width=2, dash=dash(k)), marker=dict(size=5),
            hovertemplate=f"iteration %{{x}}<br>θ{coin} = %{{y:.3f}}<extra></extra>",
        ))
    if complete is not None:
        for k, coin in enumerate(COINS):
            fig.add_trace(go.Scatter(
                x=[0, run.n_iter], y=[complete.as_array()[k]] * 2, mode="lines",
                name=f"θ{coin}, coins revealed", line=dict(color=colour(k), width=2, dash="dot"),
                opacity=0.6, hovertemplate=f"θ{coin} with the coins revealed: %{{y:.3f}}<extra></extra>",
            ))
    fig.add_vline(x=frame_at(run, frame_index).curves, line=dict(color=PALETTE[5], width=2, dash="dot"))  # type: ignore[arg-type]
    fig.update_xaxes(title_text="iteration (M-steps)")
    fig.update_yaxes(title_text="θ (probability of heads)", range=[0, 1])
    return style(fig, height=THETA_CHART_HEIGHT, margin=dict(l=70, r=MODEBAR_MARGIN, t=40, b=45))
