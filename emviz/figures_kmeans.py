"""Plotly figures of the lesson "k-means is EM with σ → 0": pure functions of a run and a frame.

The frames are the half-step timeline of :mod:`emviz.timeline` (0 the start, 2t − 1 the
E-step of iteration t, 2t its M-step), applied to a :class:`~emviz.engine.kmeans_limit.SharedSigmaRun`.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from emviz.chart_style import MIXTURE_COLOUR, MODEBAR_MARGIN, PALETTE, UNASSIGNED, colour, style
from emviz.engine.kmeans_limit import Bifurcation, SharedSigmaRun, assign
from emviz.figures import _rgba, blend_colours
from emviz.figures_2d import EQUAL_SCALE
from emviz.timeline import frame_at, significant

REGION_GRID = 120
"""Cells per side of the coloured grid of nearest-mean (Voronoi) regions."""
REGION_ALPHA = 0.16
SCATTER_HEIGHT = 320
SIDE_HEIGHT = 215
"""Height of each of the two charts beside the scatter (cost, bifurcation)."""
SIGMA_TICKS = (2, 1, 0.5, 0.2, 0.1, 0.05)


def _extent(run: SharedSigmaRun) -> tuple[list[float], list[float]]:
    values = np.concatenate([run.x, run.means.reshape(-1, run.x.shape[1])])
    low, high = values.min(axis=0), values.max(axis=0)
    pad = 0.08 * (high - low)
    return [float(low[0] - pad[0]), float(high[0] + pad[0])], [float(low[1] - pad[1]), float(high[1] + pad[1])]


def _regions(means: np.ndarray, x_range, y_range) -> go.Heatmap:
    """The nearest-mean region of every cell of a grid, each in its mean's colour, faint."""
    xs, ys = np.linspace(*x_range, REGION_GRID), np.linspace(*y_range, REGION_GRID)
    grid = np.column_stack([np.repeat(xs, ys.size), np.tile(ys, xs.size)])
    nearest = np.argmin(((grid[:, None, :] - means[None]) ** 2).sum(axis=2), axis=1).reshape(xs.size, ys.size).T
    k = means.shape[0]
    scale = [[bound, _rgba(colour(j), REGION_ALPHA)] for j in range(k) for bound in (j / k, (j + 1) / k)]
    return go.Heatmap(x=xs, y=ys, z=nearest, zmin=-0.5, zmax=k - 0.5, colorscale=scale, showscale=False,
                      hoverinfo="skip", name="nearest-mean regions")


def _circle(centre: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]:
    angle = np.linspace(0, 2 * np.pi, 60)
    return centre[0] + radius * np.cos(angle), centre[1] + radius * np.sin(angle)


def scatter_chart(run: SharedSigmaRun, frame_index: int, titles: tuple[str, str] = ("x", "y")) -> go.Figure:
    """The points, coloured by their shares at the frame, the means, and their regions or σ circles.

    k-means (σ = 0) draws the nearest-mean regions of the means on screen (Voronoi cells);
    a soft run draws a circle of radius σ round each mean (MacKay's Fig. 20.8).
    """
    frame = frame_at(run, frame_index)
    means = run.means[frame.curves]
    x_range, y_range = _extent(run)
    fig = go.Figure()
    if run.hard:
        fig.add_trace(_regions(means, x_range, y_range))
    point_colours = (UNASSIGNED if frame.colours is None
                     else blend_colours(assign(run.x, run.means[frame.colours], run.sigma)))
    fig.add_trace(go.Scatter(x=run.x[:, 0], y=run.x[:, 1], mode="markers", name="data",  # SVG: under the means
                             marker=dict(size=7, color=point_colours, line=dict(width=0.5, color="white")),
                             hovertemplate="(%{x:.2f}, %{y:.2f})<extra></extra>", showlegend=False))
    if frame.ghosts is not None:
        before = run.means[frame.ghosts]
        for k in range(means.shape[0]):
            fig.add_trace(go.Scatter(x=[before[k, 0], means[k, 0]], y=[before[k, 1], means[k, 1]], mode="lines",
                                     line=dict(color=colour(k), width=2, dash="dot"), hoverinfo="skip",
                                     showlegend=False))
        fig.add_trace(go.Scatter(x=before[:, 0], y=before[:, 1], mode="markers", name="before the M-step",
                                 marker=dict(symbol="x-thin", size=14, color=UNASSIGNED, line=dict(width=3))))
    for k in range(means.shape[0]):
        if not run.hard:
            cx, cy = _circle(means[k], run.sigma)
            fig.add_trace(go.Scatter(x=cx, y=cy, mode="lines", line=dict(color=colour(k), width=1.5),
                                     hoverinfo="skip", showlegend=False))
        fig.add_trace(go.Scatter(
            x=[means[k, 0]], y=[means[k, 1]], mode="markers", name=f"mean {k + 1}",
            marker=dict(symbol="x", size=16, color=colour(k), line=dict(width=2, color="white")),
            hovertemplate=f"mean {k + 1}<br>(%{{x:.3f}}, %{{y:.3f}})<extra></extra>"))
    return style(fig, height=SCATTER_HEIGHT, margin=dict(l=60, r=MODEBAR_MARGIN, t=30, b=50),
                 xaxis=dict(title=titles[0], range=x_range, constrain="domain"),
                 yaxis=dict(title=titles[1], range=y_range, constrain="domain", **EQUAL_SCALE))


def cost_chart(run: SharedSigmaRun, frame_index: int) -> go.Figure:
    """k-means: the cost J after every half-step (never up); soft: the log-likelihood per iteration (never down)."""
    frame = frame_at(run, frame_index)
    fig = go.Figure()
    if run.hard:
        frames = np.arange(1, 2 * run.n_iter + 1)
        values = run.costs[1:]
        kinds = ["E" if f % 2 else "M" for f in frames]
        fig.add_trace(go.Scatter(x=frames / 2, y=values, mode="lines+markers", name="J",
                                 line=dict(color=MIXTURE_COLOUR, width=2),
                                 marker=dict(size=8, color=[PALETTE[0] if k == "E" else PALETTE[5] for k in kinds]),
                                 customdata=kinds,
                                 hovertemplate="after the %{customdata}-step<br>J = %{y:.4g}<extra></extra>"))
        shown = (frame.index / 2, run.costs[frame.index]) if frame.index else None
        title, y_title = "Cost J after each E (blue) and M (red) step", "J"
        x_title = "iteration"
    else:
        iterations = np.arange(run.n_iter + 1)
        fig.add_trace(go.Scatter(x=iterations, y=run.log_likelihoods, mode="lines+markers", name="log-likelihood",
                                 line=dict(color=MIXTURE_COLOUR, width=2), marker=dict(size=5),
                                 hovertemplate="iteration %{x}<br>ℓ = %{y:.6g}<extra></extra>"))
        shown = (frame.curves, run.log_likelihoods[frame.curves])
        title, y_title, x_title = "Log-likelihood with σ fixed (never down)", "ℓ", "iteration (M-steps)"
    if shown is not None:
        fig.add_trace(go.Scatter(x=[shown[0]], y=[shown[1]], mode="markers", name="this frame",
                                 marker=dict(size=15, color="rgba(0,0,0,0)", line=dict(width=3, color=PALETTE[5])),
                                 hoverinfo="skip"))
    return style(fig, height=SIDE_HEIGHT, showlegend=False, margin=dict(l=60, r=MODEBAR_MARGIN, t=30, b=40),
                 title=dict(text=title, x=0, y=0.98), xaxis=dict(title=x_title), yaxis=dict(title=y_title))


def bifurcation_chart(bifurcation: Bifurcation, direction: np.ndarray, sigma: float) -> go.Figure:
    """Where each mean settles against σ (log axis, soft on the left), the current σ marked.

    Parameters
    ----------
    bifurcation : Bifurcation
    direction : ndarray, shape (d,)
        The means are drawn by their coordinate along this direction (the data's main axis).
    sigma : float
        The σ on screen; 0 (k-means) is marked at the right edge.
    """
    positions = bifurcation.along(direction)
    fig = go.Figure()
    for k in range(positions.shape[1]):
        fig.add_trace(go.Scatter(x=bifurcation.sigmas, y=positions[:, k], mode="lines+markers", name=f"mean {k + 1}",
                                 line=dict(color=colour(k), width=2), marker=dict(size=4),
                                 hovertemplate=f"mean {k + 1}<br>σ = %{{x:.3g}}<br>position %{{y:.3f}}<extra></extra>"))
    marked = sigma if sigma > 0 else float(bifurcation.sigmas.min())
    fig.add_vline(x=marked, line=dict(color=PALETTE[5], width=2, dash="dash"))
    shown = f"σ = {significant(sigma)}" if sigma > 0 else "σ → 0"
    return style(fig, height=SIDE_HEIGHT, showlegend=False, margin=dict(l=60, r=MODEBAR_MARGIN, t=30, b=40),
                 title=dict(text=f"Where the means settle as σ falls (dashed: {shown})", x=0, y=0.98),
                 xaxis=dict(title="shared σ (log scale, soft → hard)", type="log", autorange="reversed",
                            tickvals=SIGMA_TICKS),
                 yaxis=dict(title="along the main axis"))
