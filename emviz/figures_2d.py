"""Plotly figures of a 2-D EM run: points coloured by responsibility, covariance ellipses.

Pure functions of (History, frame, options), like :mod:`emviz.figures`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from emviz.chart_style import MIXTURE_COLOUR, MODEBAR_MARGIN, NOTE_FONT, UNASSIGNED, colour, dash, style
from emviz.em import History
from emviz.figures import CHART_HEIGHT, MAX_STRETCH, MAX_STRIP_POINTS, point_colours, subsample
from emviz.mixture import Mixture
from emviz.timeline import format_point, frame_at, significant

ELLIPSE_POINTS = 120
SIGMA_LEVELS = (1.0, 2.0)
"""Ellipses drawn per component: the 1σ and 2σ contours of its density."""
SMALL_MULTIPLE_ITERATIONS = (1, 2, 5, 20)
EQUAL_SCALE = dict(scaleanchor="x", scaleratio=1)
"""A unit on y is as long as a unit on x: a round Gaussian is drawn round."""


def run_extent(history: History, truth: Mixture | None = None) -> tuple[list[float], list[float]]:
    """One x range and one y range for every frame of a 2-D run, so the chart holds still.

    The data and every 2σ ellipse of the run (each reaches µ ± 2σ along an axis); ellipses
    stretch a range beyond the data by at most ``MAX_STRETCH`` of the data's span on each side.

    Returns
    -------
    x_range, y_range : list of float
        [low, high] each.
    """
    mixtures = list(history.mixtures) + ([truth] if truth is not None else [])
    means = np.concatenate([mixture.means for mixture in mixtures])
    reach = np.concatenate([SIGMA_LEVELS[-1] * mixture.axis_sigmas for mixture in mixtures])
    data_low, data_high = history.x.min(axis=0), history.x.max(axis=0)
    stretch = MAX_STRETCH * np.where(data_high > data_low, data_high - data_low, 1.0)
    low = np.maximum(np.minimum(data_low, (means - reach).min(axis=0)), data_low - stretch)
    high = np.minimum(np.maximum(data_high, (means + reach).max(axis=0)), data_high + stretch)
    pad = 0.03 * (high - low)
    return [float(low[0] - pad[0]), float(high[0] + pad[0])], [float(low[1] - pad[1]), float(high[1] + pad[1])]


def ellipse(mean: np.ndarray, covariance: np.ndarray, n_sigma: float) -> tuple[np.ndarray, np.ndarray]:
    """Points on the n-σ contour of N(mean, covariance): (x − µ)ᵀ Σ⁻¹ (x − µ) = n².

    Returns
    -------
    x, y : ndarray, shape (ELLIPSE_POINTS,)
        A closed curve (the last point repeats the first).
    """
    angles = np.linspace(0.0, 2.0 * np.pi, ELLIPSE_POINTS)
    circle = np.stack([np.cos(angles), np.sin(angles)])
    lower = np.linalg.cholesky(covariance)
    curve = mean[:, None] + n_sigma * lower @ circle
    return curve[0], curve[1]


def _ellipse_traces(mixture: Mixture, *, style: str, show_legend: bool = True) -> list[go.Scatter]:
    """1σ and 2σ ellipses and a mean marker per component; style "guess", "current" or "ghost".

    Component k keeps its colour and line style in every style; ghosts are faint and thin.
    """
    opacity = 0.45 if style == "ghost" else 1.0
    traces = []
    for k in range(mixture.n_components):
        label = ("before the M-step" if style == "ghost"
                 else f"Gaussian {k + 1}" + (" (guess)" if style == "guess" else ""))
        hover = (f"Gaussian {k + 1}<br>µ = {format_point(mixture.means[k])}"
                 f"<br>weight = {significant(mixture.weights[k])}<extra></extra>")
        for level in SIGMA_LEVELS:
            x, y = ellipse(mixture.means[k], mixture.covariances[k], level)
            traces.append(go.Scatter(
                x=x, y=y, mode="lines", name=label, opacity=opacity, hovertemplate=hover,
                line=dict(color=colour(k), width=(3 if level == 1 else 1.5) * (0.7 if style == "ghost" else 1),
                          dash=dash(k)),
                legendgroup=f"{style}{k}" if style != "ghost" else "ghost",
                showlegend=show_legend and level == 1 and (style != "ghost" or k == 0),
            ))
        traces.append(go.Scatter(
            x=[mixture.means[k, 0]], y=[mixture.means[k, 1]], mode="markers", showlegend=False,
            marker=dict(symbol="x", size=12 if style != "ghost" else 8, color=colour(k),
                        line=dict(width=2, color=MIXTURE_COLOUR)),
            opacity=opacity, hovertemplate=hover, legendgroup=f"{style}{k}",
        ))
    return traces


def _point_trace(history: History, colours_from: int | None, max_points: int, size: int) -> go.Scattergl:
    chosen = subsample(history.n_points, max_points)
    points = history.x[chosen]
    if colours_from is None:
        marker: dict[str, object] = dict(color=UNASSIGNED)
        custom, hover = None, "(%{x:.3g}, %{y:.3g})<br>no responsibilities yet: run the E-step<extra></extra>"
    else:
        resp = history.responsibilities(colours_from)[chosen]
        codes, scale = point_colours(resp)
        marker = dict(color=codes, colorscale=scale, cmin=0, cmax=len(scale) - 1)
        custom = resp
        hover = "(%{x:.3g}, %{y:.3g})<br>" + "<br>".join(
            f"γ{k + 1} = %{{customdata[{k}]:.3f}}" for k in range(resp.shape[1])) + "<extra></extra>"
    return go.Scattergl(x=points[:, 0], y=points[:, 1], mode="markers", name="points", showlegend=False,
                        marker=dict(**marker, size=size, opacity=0.75), customdata=custom, hovertemplate=hover)


def scatter_chart(history: History, frame_index: int, *, truth: Mixture | None = None,
                  max_points: int = MAX_STRIP_POINTS, titles: Sequence[str] = ("x", "y")) -> go.Figure:
    """The points and each Gaussian's 1σ and 2σ ellipses at one frame (2-D).

    Parameters
    ----------
    history : History
        A 2-D run.
    frame_index : int
    truth : Mixture, optional
        Drawn as thin black ellipses.
    max_points : int
        Most points drawn (WebGL); more are down-sampled, with a note.
    titles : sequence of str, default=("x", "y")
        Axis titles: the first two.

    Returns
    -------
    go.Figure
        The point cloud (grey at frame 0, coloured by responsibility after),
        ellipses (dashed for the guess), ghosts and arrows after an M-step.
    """
    frame = frame_at(history, frame_index)
    fig = go.Figure(_point_trace(history, frame.colours, max_points, size=6 if history.n_points < 5000 else 4))
    if frame.ghosts is not None:
        fig.add_traces(_ellipse_traces(history.mixtures[frame.ghosts], style="ghost"))
        _add_moves(fig, history.mixtures[frame.ghosts], history.mixtures[frame.curves])
    fig.add_traces(_ellipse_traces(history.mixtures[frame.curves],
                                   style="guess" if frame.kind == "guess" else "current"))
    if truth is not None:
        for k in range(truth.n_components):
            x, y = ellipse(truth.means[k], truth.covariances[k], 2.0)
            fig.add_trace(go.Scatter(x=x, y=y, mode="lines", name="true Gaussians (2σ)", legendgroup="truth",
                                     showlegend=k == 0, line=dict(color="black", width=1.2, dash="dashdot"),
                                     hoverinfo="skip"))
    if history.n_points > max_points:
        fig.add_annotation(text=f"dots: {max_points:,} of {history.n_points:,} points", showarrow=False,
                           xref="paper", yref="paper", x=1, y=0, xanchor="right", yanchor="top", yshift=-30,
                           font=NOTE_FONT)
    x_range, y_range = run_extent(history, truth)
    style(
        fig, height=CHART_HEIGHT, margin=dict(l=60, r=MODEBAR_MARGIN, t=30, b=45),
        xaxis=dict(title=titles[0], range=x_range), yaxis=dict(title=titles[1], range=y_range, **EQUAL_SCALE),
    )
    return fig


def _add_moves(fig: go.Figure, before: Mixture, after: Mixture) -> None:
    for k in range(after.n_components):
        fig.add_annotation(
            x=after.means[k, 0], y=after.means[k, 1], ax=before.means[k, 0], ay=before.means[k, 1],
            xref="x", yref="y", axref="x", ayref="y", showarrow=True, arrowhead=3, arrowwidth=2.5,
            arrowcolor=colour(k), text="",
        )


def small_multiples(history: History, iterations=SMALL_MULTIPLE_ITERATIONS,
                    titles: Sequence[str] = ("x", "y")) -> go.Figure:
    """The M-step frames after the given iterations side by side (as in Bishop's Figure 9.8).

    Iterations beyond the run's end show its last frame (and say so in the title).
    """
    shown = [min(t, history.n_iter) for t in iterations]
    names = [f"after iteration {t}" + (f" (converged at {history.n_iter})" if t > history.n_iter else "")
             for t in iterations]
    fig = make_subplots(rows=1, cols=len(shown), subplot_titles=names, horizontal_spacing=0.03)
    x_range, y_range = run_extent(history)
    for column, t in enumerate(shown, start=1):
        fig.add_trace(_point_trace(history, max(t - 1, 0) if t > 0 else None, 1500, size=3), row=1, col=column)
        for trace in _ellipse_traces(history.mixtures[t], style="current", show_legend=False):
            fig.add_trace(trace, row=1, col=column)
        x_axis = "x" if column == 1 else f"x{column}"
        fig.update_xaxes(row=1, col=column, range=x_range)
        fig.update_yaxes(row=1, col=column, range=y_range, scaleanchor=x_axis, scaleratio=1,
                         showticklabels=column == 1)
    fig.add_annotation(text=f"x: {titles[0]} · y: {titles[1]}", showarrow=False, xref="paper", yref="paper",
                       x=0.5, y=0, yanchor="top", yshift=-34, font=NOTE_FONT)
    style(fig, height=320, margin=dict(l=60, r=MODEBAR_MARGIN, t=40, b=70),
                      showlegend=False)
    return fig
