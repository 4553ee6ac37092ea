"""Plotly figures for the "Why it works" and "Where it fails" lessons.

Pure functions of plain values (runs, grids, arrays), like :mod:`emviz.figures`.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from emviz.chart_style import MIXTURE_COLOUR, MODEBAR_MARGIN, PALETTE, style
from emviz.em import History
from emviz.figures import SMALL_CHART_HEIGHT
from emviz.figures_2d import EQUAL_SCALE
from emviz.timeline import significant

BOUND_COLOUR = PALETTE[2]
"""Green for the lower bound, beside the dark log-likelihood."""
PATH_COLOUR = PALETTE[5]
"""Vermillion for EM's own path on the landscape."""
LANDSCAPE_LEGEND_SIZE = 14
"""Legend text beside a map whose column may be narrow (the map is as wide as it is tall)."""
LEGEND_ON_DARK = "#3b2f5e"
"""Background of the landscape's legend: its white mirror line and restart paths, drawn
for the dark contour map, stay visible there."""


def _layout(fig: go.Figure, *, height: int = SMALL_CHART_HEIGHT, **layout) -> go.Figure:
    return style(fig, height=height, margin=dict(l=70, r=MODEBAR_MARGIN, t=40, b=50), **layout)


def bound_chart(mu1: np.ndarray, log_likelihood: np.ndarray, bound: np.ndarray, *,
                current: float, previous: float | None = None) -> go.Figure:
    """ℓ(µ1) and the EM lower bound B(µ1), with µ1 of this frame (and before the M-step).

    Parameters
    ----------
    mu1 : ndarray, shape (G,)
    log_likelihood, bound : ndarray, shape (G,)
        From :func:`emviz.analysis.bound_slice`.
    current : float
        µ1 of the curves on screen.
    previous : float, optional
        µ1 before the M-step (on M-step frames).
    """
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=mu1, y=log_likelihood, mode="lines", name="log-likelihood ℓ(µ1)",
                             line=dict(color=MIXTURE_COLOUR, width=3),
                             hovertemplate="µ1 = %{x:.3g}<br>ℓ = %{y:,.6g}<extra></extra>"))
    fig.add_trace(go.Scatter(x=mu1, y=bound, mode="lines", name="lower bound B(µ1)",
                             line=dict(color=BOUND_COLOUR, width=3, dash="dash"),
                             hovertemplate="µ1 = %{x:.3g}<br>B = %{y:,.6g}<extra></extra>"))
    best = int(np.argmax(bound))
    fig.add_trace(go.Scatter(x=[mu1[best]], y=[bound[best]], mode="markers", name="maximum of the bound",
                             marker=dict(color=BOUND_COLOUR, size=12, symbol="star"),
                             hovertemplate="bound is highest at µ1 = %{x:.3g}<extra></extra>"))
    fig.add_vline(x=current, line=dict(color=PALETTE[0], width=2),
                  annotation_text=f"µ1 now = {significant(current)}", annotation_position="top right")
    if previous is not None:
        fig.add_vline(x=previous, line=dict(color=PALETTE[0], width=1.5, dash="dot"),
                      annotation_text="before the M-step", annotation_position="top left")
    low = np.percentile(np.concatenate([log_likelihood, bound]), 30)
    high = max(log_likelihood.max(), bound.max())
    span = high - low or 1.0
    return _layout(fig, xaxis=dict(title="µ1 (mean of Gaussian 1; everything else held)"),
                   yaxis=dict(title="total log-likelihood", range=[low, high + 0.1 * span]))


def landscape_chart(mu1: np.ndarray, mu2: np.ndarray, grid: np.ndarray, paths: dict[str, np.ndarray],
                    *, current: tuple[float, float] | None = None) -> go.Figure:
    """Contours of the log-likelihood over (µ1, µ2), with EM paths drawn on top.

    Parameters
    ----------
    mu1, mu2 : ndarray
        Grid axes.
    grid : ndarray, shape (len(mu2), len(mu1))
        From :func:`emviz.analysis.log_likelihood_grid`.
    paths : dict of str to ndarray, shape (T, 2)
        (µ1, µ2) at every iteration of each run; the first is EM's own run.
    current : (float, float), optional
        The means on screen now.
    """
    best = float(grid.max())
    depth = np.clip(best - grid, 0, None)  # distance below the best value on the map
    levels = np.log10(1 + depth)  # contours spaced for the learner: fine near the top
    below = [0] + [10 ** p for p in range(1, int(np.log10(1 + depth.max())) + 1)]
    fig = go.Figure(go.Contour(
        x=mu1, y=mu2, z=-levels, colorscale="Viridis", ncontours=24, customdata=grid,
        colorbar=dict(title=dict(text="ℓ below the top of the map", side="right"), thickness=14,
                      tickvals=[-np.log10(1 + d) for d in below],
                      ticktext=["top"] + [f"−{d:,}" for d in below[1:]]),
        hovertemplate="µ1 = %{x:.3g}, µ2 = %{y:.3g}<br>ℓ = %{customdata:,.6g}<extra></extra>",
        name="log-likelihood", showscale=True, contours=dict(showlines=False),
    ))
    low, high = min(mu1[0], mu2[0]), max(mu1[-1], mu2[-1])
    fig.add_trace(go.Scatter(x=[low, high], y=[low, high], mode="lines", name="mirror line µ1 = µ2",
                             line=dict(color="white", dash="dash", width=1.5), hoverinfo="skip"))
    for number, (name, path) in enumerate(paths.items()):
        own = number == 0
        fig.add_trace(go.Scatter(
            x=path[:, 0], y=path[:, 1], mode="lines+markers", name=name if own else "restarts",
            line=dict(color=PATH_COLOUR if own else "rgba(255,255,255,0.7)", width=3 if own else 1.2),
            marker=dict(size=6 if own else 3), showlegend=own or number == 1,
            legendgroup="own" if own else "restarts",
            hovertemplate=f"{name}<br>µ1 = %{{x:.3g}}, µ2 = %{{y:.3g}}<extra></extra>",
        ))
    if current is not None:
        fig.add_trace(go.Scatter(x=[current[0]], y=[current[1]], mode="markers", name="this frame",
                                 marker=dict(size=14, color="rgba(0,0,0,0)", line=dict(width=3, color=PATH_COLOUR))))
        fig.add_trace(go.Scatter(x=[current[1]], y=[current[0]], mode="markers", name="its mirror image",
                                 marker=dict(size=12, symbol="x-thin", line=dict(width=3, color="white"))))
    # the map ends where its grid does: equal scale shrinks the plot area, not widens the range
    return _layout(fig, height=480, xaxis=dict(title="µ1", range=[mu1[0], mu1[-1]], constrain="domain"),
                   yaxis=dict(title="µ2", range=[mu2[0], mu2[-1]], constrain="domain", **EQUAL_SCALE),
                   legend=dict(bgcolor=LEGEND_ON_DARK, font=dict(color="white", size=LANDSCAPE_LEGEND_SIZE), y=1.03))


def restarts_chart(histories: list[History], groups: list[list[int]]) -> go.Figure:
    """Final log-likelihood of every restart, coloured by the solution it found.

    Parameters
    ----------
    histories : list of History
    groups : list of list of int
        From :func:`emviz.analysis.distinct_solutions`, best first.
    """
    fig = go.Figure()
    for number, group in enumerate(groups):
        finals = [histories[i].log_likelihoods[-1] for i in group]
        fig.add_trace(go.Scatter(
            x=[i + 1 for i in group], y=finals, mode="markers",
            name=f"solution {number + 1}" + (" (best)" if number == 0 else ""),
            marker=dict(size=14 if number == 0 else 11, color=PALETTE[number % len(PALETTE)],
                        symbol="star" if number == 0 else "circle", line=dict(width=1, color="white")),
            customdata=[histories[i].n_iter for i in group],
            hovertemplate="run %{x}<br>final ℓ = %{y:,.6g}<br>%{customdata} iterations<extra></extra>",
        ))
    every_final = np.array([h.log_likelihoods[-1] for h in histories])
    middle, spread = (every_final.max() + every_final.min()) / 2, every_final.max() - every_final.min()
    half = max(spread * 0.6, 1.0)  # differences below 1 are convergence noise, not other fits
    return _layout(fig, xaxis=dict(title="restart"),
                   yaxis=dict(title="final log-likelihood", range=[middle - half, middle + half]))


def collapse_chart(runs: dict[str, History]) -> go.Figure:
    """Smallest σ and the log-likelihood against iteration, one line per reg_covar.

    Parameters
    ----------
    runs : dict of str to History
        Runs from the same start, keyed by a label such as "reg_covar = 0".
    """
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.12)
    for number, (label, history) in enumerate(runs.items()):
        colour = PALETTE[number % len(PALETTE)]
        iterations = np.arange(history.n_iter + 1)
        smallest = [m.smallest_sigma for m in history.mixtures]
        fig.add_trace(go.Scatter(x=iterations, y=smallest, mode="lines+markers", name=label,
                                 line=dict(color=colour, width=2), legendgroup=label,
                                 hovertemplate=f"{label}<br>iteration %{{x}}<br>smallest σ %{{y:.3g}}<extra></extra>"),
                      row=1, col=1)
        fig.add_trace(go.Scatter(x=iterations, y=history.log_likelihoods, mode="lines+markers", name=label,
                                 line=dict(color=colour, width=2), legendgroup=label, showlegend=False,
                                 hovertemplate=f"{label}<br>iteration %{{x}}<br>ℓ %{{y:,.6g}}<extra></extra>"),
                      row=1, col=2)
    fig.update_yaxes(type="log", exponentformat="power", title_text="smallest σ (log scale)", row=1, col=1)
    fig.update_yaxes(title_text="log-likelihood", row=1, col=2)
    fig.update_xaxes(title_text="iteration")
    return _layout(fig, height=340)


def paths_chart(runs: dict[str, History]) -> go.Figure:
    """Log-likelihood against iteration for several runs (soft and hard EM, say).

    The y-axis zooms on the iterations after the first, where the runs differ;
    the starting value may lie below the chart.
    """
    fig = go.Figure()
    for number, (label, history) in enumerate(runs.items()):
        fig.add_trace(go.Scatter(
            x=np.arange(history.n_iter + 1), y=history.log_likelihoods, mode="lines+markers", name=label,
            line=dict(color=PALETTE[number % len(PALETTE)], width=2, dash="solid" if number == 0 else "dash"),
            hovertemplate=f"{label}<br>iteration %{{x}}<br>ℓ %{{y:,.6g}}<extra></extra>",
        ))
    later = np.concatenate([h.log_likelihoods[1:] for h in runs.values()])
    yaxis: dict[str, object] = dict(title="log-likelihood")
    if later.size:
        low, high = float(later.min()), float(later.max())
        pad = 0.1 * (high - low) or max(abs(high) * 1e-6, 1e-9)
        yaxis["range"] = [low - pad, high + pad]
    return _layout(fig, xaxis=dict(title="iteration (M-steps)"), yaxis=yaxis)


def error_chart(iterations: np.ndarray, errors: dict[str, np.ndarray]) -> go.Figure:
    """Each parameter's error against the truth, per iteration.

    Parameters
    ----------
    iterations : ndarray, shape (T,)
    errors : dict of str to ndarray, shape (T,)
        Absolute errors, keyed by a label such as "µ1".
    """
    fig = go.Figure()
    for number, (label, values) in enumerate(errors.items()):
        fig.add_trace(go.Scatter(
            x=iterations, y=np.maximum(values, 1e-12), mode="lines+markers", name=label,
            line=dict(color=PALETTE[(number // 3) % len(PALETTE)],
                      dash=("solid", "dash", "dot")[number % 3], width=2),
            hovertemplate=f"{label}<br>iteration %{{x}}<br>error %{{y:.3g}}<extra></extra>",
        ))
    return _layout(fig, xaxis=dict(title="iteration (M-steps)"),
                   yaxis=dict(title="|estimate − truth|", type="log", exponentformat="power"))


def criteria_chart(k: np.ndarray, aic: np.ndarray, bic: np.ndarray, *, true_k: int | None = None,
                   considered: np.ndarray | None = None) -> go.Figure:
    """AIC and BIC against the number of Gaussians K, each lowest considered value starred (lower is better).

    Parameters
    ----------
    k, aic, bic : ndarray, shape (M,)
        From :class:`emviz.analysis.ModelSelection`.
    true_k : int, optional
        The number of Gaussians the data were drawn from, marked when known.
    considered : ndarray of bool, shape (M,), optional
        Which K may be chosen (:attr:`emviz.analysis.ModelSelection.considered`); by default all.
    """
    considered = np.ones(k.shape, dtype=bool) if considered is None else np.asarray(considered)
    fig = go.Figure()
    for number, (name, values) in enumerate((("BIC", bic), ("AIC", aic))):
        colour = PALETTE[number]
        fig.add_trace(go.Scatter(x=k, y=values, mode="lines+markers", name=name,
                                 line=dict(color=colour, width=3 if name == "BIC" else 2,
                                           dash="solid" if name == "BIC" else "dash"),
                                 hovertemplate=f"K = %{{x}}<br>{name} = %{{y:,.6g}}<extra></extra>"))
        best = int(np.argmin(np.where(considered, values, np.inf)))
        fig.add_trace(go.Scatter(x=[k[best]], y=[values[best]], mode="markers", name=f"lowest {name}",
                                 marker=dict(symbol="star", size=18, color=colour, line=dict(width=1, color="white")),
                                 hovertemplate=f"lowest {name}: K = %{{x}}<extra></extra>"))
    if true_k is not None:
        fig.add_vline(x=true_k, line=dict(color=MIXTURE_COLOUR, dash="dot", width=1.5),
                      annotation_text=f"true K = {true_k}", annotation_position="bottom right")
    if not considered.all():
        fig.add_vrect(x0=k[~considered].min() - 0.5, x1=k.max() + 0.5, fillcolor="grey", opacity=0.15,
                      line_width=0, annotation_text="more parameters than points",
                      annotation_position="top left")
    values = np.concatenate([aic, bic])
    low, high = float(values.min()), float(values.max())  # every K, K = 1 too
    pad = 0.08 * (high - low or 1.0)
    return _layout(fig, height=360, xaxis=dict(title="number of Gaussians K", dtick=1),
                   yaxis=dict(title="criterion (lower is better)", range=[low - pad, high + pad]))
