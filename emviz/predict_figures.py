"""The chart of "Predict the next step": a frame of the run with the learner's prediction drawn over it.

Pure functions of (History, frame, prediction), like :mod:`emviz.figures`.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from emviz.chart_style import MIXTURE_COLOUR, colour
from emviz.em import History
from emviz.figures import curve_grid, main_chart, run_scale
from emviz.figures_2d import scatter_chart
from emviz.mixture import Mixture, normal_pdf
from emviz.timeline import format_point, frame_at, significant

PREDICTION_DASH = "dot"
"""Line style of every predicted curve; each is also labelled "your µk" at its peak, so colour is never the only cue."""


def _predicted_curves(fig: go.Figure, history: History, weights: np.ndarray, means: np.ndarray,
                      sigmas: np.ndarray) -> None:
    """Each predicted Gaussian π_k N(x | µ_k, σ_k²) as a thin dotted curve with "your µk" at its peak."""
    x_range, _ = run_scale(history)
    grid = curve_grid(x_range, Mixture.univariate(weights, means, sigmas))
    for k, (weight, mean, sigma) in enumerate(zip(weights, means, sigmas)):
        fig.add_trace(go.Scatter(
            x=grid, y=weight * normal_pdf(grid, mean, sigma), mode="lines", name="your prediction",
            line=dict(color=colour(k), width=2.5, dash=PREDICTION_DASH), legendgroup="prediction",
            showlegend=k == 0,
            hovertemplate=f"your Gaussian {k + 1}<br>µ = {significant(mean)}, σ = {significant(sigma)}<extra></extra>",
        ))
        fig.add_trace(go.Scatter(
            x=[mean], y=[weight * normal_pdf(mean, mean, sigma)], mode="markers+text", text=[f"your µ{k + 1}"],
            textposition="top center", textfont=dict(color=colour(k)), cliponaxis=False, showlegend=False,
            marker=dict(symbol="triangle-down", size=12, color=colour(k), line=dict(width=1, color="white")),
            legendgroup="prediction", hovertemplate=f"your µ{k + 1} = %{{x:.4g}}<extra></extra>",
        ))


LABEL_POSITIONS = ("top center", "bottom center", "middle right", "middle left")
"""Where each predicted 2-D mean's label goes, in turn, so the labels of nearby stars do not overlap."""


def _predicted_means(fig: go.Figure, means: np.ndarray) -> None:
    """Each predicted 2-D mean as a star labelled "your µk" (WebGL, drawn over the points)."""
    for k, mean in enumerate(means):
        fig.add_trace(go.Scattergl(
            x=[mean[0]], y=[mean[1]], mode="markers+text", text=[f"your µ{k + 1}"],
            textposition=LABEL_POSITIONS[k % len(LABEL_POSITIONS)],
            textfont=dict(color=colour(k)), name="your prediction", legendgroup="prediction", showlegend=k == 0,
            marker=dict(symbol="star", size=16, color=colour(k), line=dict(width=1.5, color=MIXTURE_COLOUR)),
            hovertemplate=f"your µ{k + 1} = {format_point(mean)}<extra></extra>",
        ))


def _ring(fig: go.Figure, point: np.ndarray) -> None:
    """A ring around the chosen 2-D point (WebGL, like the points: an SVG trace would lie under them)."""
    fig.add_trace(go.Scattergl(
        x=[point[0]], y=[point[1]], mode="markers", name="your point",
        marker=dict(size=22, color="rgba(0,0,0,0)", line=dict(width=3, color=MIXTURE_COLOUR)),
        hovertemplate=f"your point {format_point(point)}<extra></extra>",
    ))


def prediction_chart(history: History, frame: int, *, means=None, sigmas=None, point: int | None = None,
                     titles: tuple[str, ...] = ("x", "y")) -> go.Figure:
    """The frame's chart with the learner's prediction over it.

    Parameters
    ----------
    history : History
    frame : int
        The frame drawn: the one before the step, or the step itself once revealed.
    means : array_like, shape (K, d), optional
        Predicted means, drawn as dotted curves (1-D, with ``sigmas``) or stars (2-D).
    sigmas : array_like, shape (K,), optional
        Predicted σ (1-D).
    point : int, optional
        The point whose colour is predicted, ringed.
    titles : tuple of str, default=("x", "y")
        Axis titles, already escaped for plotly.

    Returns
    -------
    go.Figure
    """
    one_dimensional = history.x.shape[1] == 1
    if one_dimensional:
        highlight = float(history.x[point, 0]) if point is not None else None
        fig = main_chart(history, frame, x_title=titles[0], highlight=highlight)
        if means is not None and sigmas is not None:
            weights = history.mixtures[frame_at(history, frame).curves].weights
            _predicted_curves(fig, history, weights, np.asarray(means, dtype=float).reshape(-1),
                              np.asarray(sigmas, dtype=float))
        return fig
    fig = scatter_chart(history, frame, titles=tuple(titles[:2]))
    if means is not None:
        _predicted_means(fig, np.asarray(means, dtype=float))
    if point is not None:
        _ring(fig, history.x[point])
    return fig
