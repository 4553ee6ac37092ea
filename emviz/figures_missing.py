"""Plotly figures of the missing-values lesson: pure functions of (MissingRun, frame, options)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from emviz.chart_style import MIXTURE_COLOUR, MODEBAR_MARGIN, PALETTE, UNASSIGNED, style
from emviz.engine.missing_values import BivariateNormal, MissingRun
from emviz.figures_2d import SIGMA_LEVELS, ellipse
from emviz.missing_frames import estimate_at, filled_y, previous_filled_y
from emviz.timeline import frame_at

OBSERVED = PALETTE[0]
FILLED = PALETTE[5]
MISSING_CHART_HEIGHT = 300
"""Height of the scatter: with the stepper and the sentence under it, it fits 1280×720."""


def _ellipses(params: BivariateNormal, name: str, colour: str, dash: str, opacity: float = 1.0) -> list[go.Scatter]:
    traces = []
    for level in SIGMA_LEVELS:
        x, y = ellipse(params.mean, params.covariance, level)
        traces.append(go.Scatter(x=x, y=y, mode="lines", name=name, legendgroup=name, showlegend=level == 1,
                                 opacity=opacity, hoverinfo="skip",
                                 line=dict(color=colour, dash=dash, width=2.5 if level == 1 else 1.2)))
    return traces


def _extent(run: MissingRun, truth: BivariateNormal | None) -> tuple[list[float], list[float]]:
    """One x and one y range for every frame, so the chart holds still while the points move."""
    fills = np.concatenate([filled_y(run, 0)] + [run.filled(t).y for t in range(run.n_iter)])
    params = list(run.params) + ([truth] if truth is not None else [])
    reach = np.array([p.mean + SIGMA_LEVELS[-1] * p.sigmas for p in params]).max(axis=0)
    floor = np.array([p.mean - SIGMA_LEVELS[-1] * p.sigmas for p in params]).min(axis=0)
    low = np.minimum([run.data.x.min(), np.nanmin(fills)], floor)
    high = np.maximum([run.data.x.max(), np.nanmax(fills)], reach)
    pad = 0.03 * (high - low)
    return [float(low[0] - pad[0]), float(high[0] + pad[0])], [float(low[1] - pad[1]), float(high[1] + pad[1])]


def missing_chart(run: MissingRun, frame_index: int, *, truth: BivariateNormal | None = None,
                  titles: tuple[str, str] = ("x", "y")) -> go.Figure:
    """The points with observed y, the filled-in ones where the frame puts them, and the estimate's ellipses.

    Parameters
    ----------
    run : MissingRun
    frame_index : int
    truth : BivariateNormal or None, default=None
        Drawn as grey dotted 1σ and 2σ ellipses.
    titles : tuple of str, default=("x", "y")
        The axes' titles.

    Returns
    -------
    go.Figure
        Traces named "observed", "filled in" (or "set to the mean" at the start), on E-step
        frames "moved" (a segment from each filled point's previous place), the estimate's ellipses
        ("estimate"), on M-step frames "before the M-step", and "truth".
    """
    frame = frame_at(run, frame_index)  # type: ignore[arg-type]
    data = run.data
    missing = data.missing
    y = filled_y(run, frame_index)
    fig = go.Figure()
    if truth is not None:
        fig.add_traces(_ellipses(truth, "truth", MIXTURE_COLOUR, "dot", opacity=0.5))
    fig.add_trace(go.Scatter(x=data.x[~missing], y=data.y[~missing], mode="markers", name="observed",
                             marker=dict(color=OBSERVED, size=6, opacity=0.55),
                             hovertemplate="x %{x:.3g}, y %{y:.3g} (observed)<extra></extra>"))
    before = previous_filled_y(run, frame_index)
    if before is not None:
        xs = np.repeat(data.x[missing], 3)
        ys = np.column_stack([before[missing], y[missing], np.full(missing.sum(), np.nan)]).ravel()
        xs[2::3] = np.nan
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name="moved", hoverinfo="skip",
                                 line=dict(color=UNASSIGNED, width=1)))
    fig.add_trace(go.Scatter(x=data.x[missing], y=y[missing], mode="markers",
                             name="set to the mean" if frame.kind == "guess" else "filled in",
                             marker=dict(color=FILLED, size=8, symbol="diamond", line=dict(width=1, color="white")),
                             hovertemplate="x %{x:.3g}, y filled in as %{y:.3g}<extra></extra>"))
    if frame.kind == "m-step":
        fig.add_traces(_ellipses(run.params[frame.iteration - 1], "before the M-step", PALETTE[1], "dash", 0.45))
    fig.add_traces(_ellipses(estimate_at(run, frame_index), "estimate", PALETTE[1], "solid"))
    x_range, y_range = _extent(run, truth)
    fig.update_xaxes(title_text=titles[0], range=x_range)
    fig.update_yaxes(title_text=titles[1], range=y_range)
    return style(fig, height=MISSING_CHART_HEIGHT, margin=dict(l=60, r=MODEBAR_MARGIN, t=10, b=45),
                 legend=dict(orientation="v", yanchor="top", y=1, x=1.02, xanchor="left"))
