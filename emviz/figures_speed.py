"""Plotly figures of the lesson "How fast EM converges": pure functions of plain values.

The gap ℓ* − ℓ is drawn on a log axis that ends at rounding noise: smaller gaps are
drawn at its bottom (their hover says so), as :func:`emviz.figures.log_likelihood_chart` does.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from emviz.chart_style import MIXTURE_COLOUR, MODEBAR_MARGIN, PALETTE, style
from emviz.engine.convergence import NOISE, AcceleratedRun, RateFit
from emviz.timeline import significant

GAP_HEIGHT = 310
"""Height of the gap chart beside the main chart (with the stepper, fits 1280×720)."""
LOWER_HEIGHT = 300
PLAIN_COLOUR = PALETTE[0]
FIT_COLOUR = PALETTE[5]
SQUAREM_COLOUR = PALETTE[1]
AITKEN_COLOUR = PALETTE[2]
RULE_COLOURS = (PALETTE[3], PALETTE[4], PALETTE[5], PALETTE[2])


def _floor(limit: float) -> float:
    return NOISE * (1 + abs(limit))


def _shown_gaps(values, limit: float) -> tuple[np.ndarray, list[str]]:
    """max(ℓ* − ℓ, noise floor), and a hover note for the gaps at the floor."""
    gap = limit - np.asarray(values, dtype=float)
    floor = _floor(limit)
    return np.maximum(gap, floor), ["(rounding noise)" if g <= floor else "" for g in gap]


def _log_axis(fig: go.Figure, shown: np.ndarray, **where) -> None:
    low, high = np.log10(shown.min()) - 0.3, np.log10(shown.max()) + 0.3
    fig.update_yaxes(type="log", exponentformat="power", range=[low, high],
                     dtick=max(1, int(np.ceil((high - low) / 4))), **where)


def gap_chart(log_likelihoods: np.ndarray, limit: float, fit: RateFit | None, accelerated: AcceleratedRun,
              iteration: int) -> go.Figure:
    """log(ℓ* − ℓₜ) of plain EM and of SQUAREM against the EM steps each used, the fitted line, the frame.

    Parameters
    ----------
    log_likelihoods : ndarray, shape (T + 1,)
        Plain EM's ℓₜ (one EM step per iteration).
    limit : float
        ℓ*.
    fit : RateFit or None
        The line through plain EM's gaps.
    accelerated : AcceleratedRun
        SQUAREM from the same start, drawn at the EM steps it had used.
    iteration : int
        The iteration on screen, circled.
    """
    plain, plain_note = _shown_gaps(log_likelihoods, limit)
    fast, fast_note = _shown_gaps(accelerated.log_likelihoods, limit)
    steps = np.arange(plain.size)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=steps, y=plain, mode="lines+markers", name=f"plain EM ({plain.size - 1} steps)",
                             line=dict(color=PLAIN_COLOUR, width=2), marker=dict(size=4), customdata=plain_note,
                             hovertemplate="EM step %{x}<br>ℓ* − ℓ = %{y:.3g} %{customdata}<extra></extra>"))
    if fit is not None:
        span = np.array([fit.iterations[0], fit.iterations[-1]], dtype=float)
        fig.add_trace(go.Scatter(x=span, y=np.exp(fit.intercept + fit.slope * span), mode="lines",
                                 name=f"slope: ×{fit.gap_ratio:.3f} per step", line=dict(color=FIT_COLOUR, width=3,
                                                                                         dash="dash"),
                                 hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=accelerated.em_evaluations, y=fast, mode="lines+markers",
                             name=f"SQUAREM ({accelerated.n_em_evaluations} steps)",
                             line=dict(color=SQUAREM_COLOUR, width=2), marker=dict(size=7, symbol="diamond"),
                             customdata=fast_note,
                             hovertemplate="after %{x} EM steps<br>ℓ* − ℓ = %{y:.3g} %{customdata}<extra></extra>"))
    current = min(iteration, plain.size - 1)
    fig.add_trace(go.Scatter(x=[current], y=[plain[current]], mode="markers", name="this frame", showlegend=False,
                             marker=dict(size=15, color="rgba(0,0,0,0)", line=dict(width=3, color=MIXTURE_COLOUR)),
                             hoverinfo="skip"))
    _log_axis(fig, np.concatenate([plain, fast]))
    return style(fig, height=GAP_HEIGHT, margin=dict(l=70, r=MODEBAR_MARGIN, t=60, b=45),
                 legend=dict(y=1.02, font=dict(size=13)), xaxis=dict(title="EM steps (one E- and one M-step each)"),
                 yaxis=dict(title="ℓ* − ℓ"))


def aitken_chart(log_likelihoods: np.ndarray, limit: float, aitken: np.ndarray, stops: dict[str, int | None]
                 ) -> go.Figure:
    """How far ℓₜ and Aitken's estimate of ℓ* are from ℓ*, and where each stopping rule stops.

    Parameters
    ----------
    log_likelihoods : ndarray, shape (T + 1,)
    limit : float
        ℓ*.
    aitken : ndarray, shape (T + 1,)
        Aitken's estimate after each iteration (NaN where it has none).
    stops : dict of str to int or None
        The iteration where each named rule stops (None: never, within the run).
    """
    plain, plain_note = _shown_gaps(log_likelihoods, limit)
    has = np.isfinite(aitken)
    error = np.maximum(np.abs(limit - aitken[has]), _floor(limit))
    steps = np.arange(plain.size)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=steps, y=plain, mode="lines", name="ℓ* − ℓₜ", line=dict(color=PLAIN_COLOUR, width=2),
                             customdata=plain_note,
                             hovertemplate="iteration %{x}<br>ℓ* − ℓₜ = %{y:.3g} %{customdata}<extra></extra>"))
    fig.add_trace(go.Scatter(x=steps[has], y=error, mode="lines", name="|ℓ* − Aitken's estimate|",
                             line=dict(color=AITKEN_COLOUR, width=2, dash="dot"),
                             hovertemplate="iteration %{x}<br>|ℓ* − ℓ̂*| = %{y:.3g}<extra></extra>"))
    for k, (name, stop) in enumerate(stops.items()):
        if stop is None:
            continue
        fig.add_vline(x=stop, line=dict(color=RULE_COLOURS[k % len(RULE_COLOURS)], width=2, dash="dash"),
                      annotation_text=name, annotation_position="top right" if k % 2 else "bottom right",
                      annotation_font=dict(size=13, color=RULE_COLOURS[k % len(RULE_COLOURS)]))
    _log_axis(fig, np.concatenate([plain, error]))
    return style(fig, height=LOWER_HEIGHT, margin=dict(l=70, r=MODEBAR_MARGIN, t=40, b=45),
                 legend=dict(font=dict(size=13)), xaxis=dict(title="iteration"), yaxis=dict(title="distance to ℓ*"))


def rate_chart(separations, by_separation, separation: float, weights, by_weight, weight: float) -> go.Figure:
    """EM's rate λ against the separation (left) and against the smaller weight (right), the setting circled."""
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.06)
    panels = ((separations, by_separation, separation, "separation of the means (in σ)"),
              (weights, by_weight, weight, "weight of the smaller Gaussian"))
    for col, (xs, rates, chosen, title) in enumerate(panels, start=1):
        xs, rates = np.asarray(xs, dtype=float), np.asarray(rates, dtype=float)
        fig.add_trace(go.Scatter(x=xs, y=rates, mode="lines+markers", line=dict(color=MIXTURE_COLOUR, width=2),
                                 marker=dict(size=7), showlegend=False,
                                 hovertemplate="%{x}<br>λ = %{y:.4f}<extra></extra>"), row=1, col=col)
        at = int(np.argmin(np.abs(xs - chosen)))
        fig.add_trace(go.Scatter(x=[xs[at]], y=[rates[at]], mode="markers", showlegend=False, hoverinfo="skip",
                                 marker=dict(size=16, color="rgba(0,0,0,0)", line=dict(width=3, color=FIT_COLOUR))),
                      row=1, col=col)
        fig.update_xaxes(title_text=title, row=1, col=col)
    fig.update_yaxes(title_text="rate λ", range=[0, 1.02], row=1, col=1)
    return style(fig, height=LOWER_HEIGHT, margin=dict(l=70, r=MODEBAR_MARGIN, t=40, b=45),
                 title=dict(text="Rate λ (the Jacobian's largest eigenvalue): 1 is a standstill", x=0, y=0.98))


def stop_rows(names_and_stops, log_likelihoods: np.ndarray, limit: float) -> list[dict[str, str]]:
    """One row per rule: its criterion, tolerance, where it stops and the gap ℓ* − ℓ left there."""
    rows = []
    for rule, stop in names_and_stops:
        rows.append({"package": rule.name, "stops when": rule.criterion, "tol": significant(rule.tol),
                     "stops at iteration": "—" if stop is None else str(stop),
                     "ℓ* − ℓ left": "—" if stop is None else significant(max(limit - log_likelihoods[stop], 0.0))})
    return rows
