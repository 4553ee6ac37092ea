"""Plotly figures of an EM run: pure functions of (History, frame, options).

No Streamlit here: every builder returns a ``go.Figure`` whose traces carry the
numbers the learner sees, so the figures are unit-tested on their own.
"""

from __future__ import annotations

from typing import TypedDict

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from emviz.chart_style import MIXTURE_COLOUR, MODEBAR_MARGIN, NOTE_FONT, PALETTE, UNASSIGNED, colour, dash, style
from emviz.em import History
from emviz.mixture import Mixture, normal_pdf
from emviz.timeline import Frame, frame_at, significant

MAX_STRIP_POINTS = 3000
"""Points drawn in the strip under the main chart; more are down-sampled."""
FEW_POINTS = 50
"""Up to this many points a histogram says little: the chart shows large dots instead."""
GRID_POINTS = 400
CHART_HEIGHT = 380
"""Height in pixels of the main chart and the log-likelihood chart (fits 1280×720)."""
SMALL_CHART_HEIGHT = 300
"""Height of the charts below the fold."""
SPIKE_CAP = 1.5
"""A curve may rise to this many times the tallest histogram bar; a taller one (a Gaussian
collapsing onto a point) is clipped there and its peak marked with its height."""
MAX_STRETCH = 0.5
"""Curves widen the x range beyond the data by at most this share of the data's span on each side."""
ROUNDING_NOISE = 1e-12
"""Gains below this share of |log-likelihood| are rounding in the last digits, not progress."""


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)


def _rgba(hex_colour: str, alpha: float) -> str:
    red, green, blue = _rgb(hex_colour).astype(int)
    return f"rgba({red},{green},{blue},{alpha})"


def blend_colours(responsibilities: np.ndarray) -> list[str]:
    """Each point's colour: the components' colours mixed by its responsibilities.

    Parameters
    ----------
    responsibilities : ndarray, shape (N, K)

    Returns
    -------
    list of str
        ``"rgb(r,g,b)"`` per point.
    """
    palette = np.array([_rgb(PALETTE[k % len(PALETTE)]) for k in range(responsibilities.shape[1])])
    mixed = np.rint(responsibilities @ palette).astype(int)
    return [f"rgb({r},{g},{b})" for r, g, b in mixed]


COLOUR_LEVELS = 100
"""Responsibilities are rounded to 1/COLOUR_LEVELS for colouring (an invisible change) so
the strip needs only a few distinct colours: plotly then takes numeric codes and a
colour scale instead of validating one colour string per point (10× faster)."""


def point_colours(responsibilities: np.ndarray) -> tuple[np.ndarray, list[list]]:
    """Colour codes of the points and the discrete colour scale they index.

    Parameters
    ----------
    responsibilities : ndarray, shape (N, K)

    Returns
    -------
    codes : ndarray of int, shape (N,)
        Point n is drawn in ``scale[codes[n]][1]``.
    scale : list of [position, colour]
        A plotly colour scale with one stop per distinct colour, at ``code / (len - 1)``.
    """
    levels = np.round(responsibilities * COLOUR_LEVELS) / COLOUR_LEVELS
    distinct, codes = np.unique(levels, axis=0, return_inverse=True)
    colours = blend_colours(distinct)
    if len(colours) == 1:
        colours = colours * 2
    positions = np.linspace(0.0, 1.0, len(colours))
    return codes.reshape(-1), [[float(position), colour] for position, colour in zip(positions, colours)]


def plot_range(x: np.ndarray, *mixtures: Mixture) -> tuple[float, float]:
    """An x-range showing all the data and every curve's central part (µ ± 3σ).

    The curves stretch the range beyond the data by at most ``MAX_STRETCH`` of the data's span
    on each side, so that one very wide guess does not squash the data into a sliver.
    """
    data_low, data_high = float(np.min(x)), float(np.max(x))
    low, high = data_low, data_high
    if mixtures:
        means = np.concatenate([mixture.means[:, 0] for mixture in mixtures])
        sigmas = np.concatenate([mixture.sigmas for mixture in mixtures])
        stretch = MAX_STRETCH * ((data_high - data_low) or 1.0)
        low = max(min(low, float(np.min(means - 3 * sigmas))), data_low - stretch)
        high = min(max(high, float(np.max(means + 3 * sigmas))), data_high + stretch)
    pad = 0.03 * (high - low) or 1.0
    return low - pad, high + pad


def run_scale(history: History, truth: Mixture | None = None,
              bins: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[tuple[float, float], float]:
    """One x range and one density top for every frame of a 1-D run, so the chart holds still.

    Parameters
    ----------
    history : History
    truth : Mixture, optional
        Drawn too, so its curves count.
    bins : (ndarray, ndarray), optional
        The run's :func:`binning`, when the caller has it already.

    Returns
    -------
    x_range : (float, float)
        The data and the central part of every curve of the run (:func:`plot_range`).
    top : float
        Height of the tallest histogram bar or curve of the run, but at most ``SPIKE_CAP``
        times the tallest bar: a collapsing Gaussian's spike is clipped, not the data.
    """
    x = history.x[:, 0]
    mixtures = list(history.mixtures) + ([truth] if truth is not None else [])
    tallest_bar = float(np.max(histogram(history, None, bins or binning(history))[1][0]))
    tallest_curve = max(float(np.exp(np.max(m.log_density(m.means)))) for m in mixtures)
    top = min(tallest_curve, SPIKE_CAP * tallest_bar)
    if x.size > FEW_POINTS:  # the bars are drawn: never cut them off
        top = max(top, tallest_bar)
    return plot_range(x, *mixtures), top


def curve_grid(x_range: tuple[float, float], *mixtures: Mixture) -> np.ndarray:
    """``GRID_POINTS`` evenly spaced x values plus every mean, so each peak is drawn at its µ."""
    even = np.linspace(*x_range, GRID_POINTS)
    means = np.concatenate([mixture.means[:, 0] for mixture in mixtures])
    return np.union1d(even, means[(means > x_range[0]) & (means < x_range[1])])


def component_peaks(mixture: Mixture) -> np.ndarray:
    """Height of each weighted component density at its mean, π_k / (σ_k √(2π))."""
    return mixture.weights / (mixture.sigmas * np.sqrt(2 * np.pi))


def component_densities(mixture: Mixture, grid: np.ndarray) -> np.ndarray:
    """π_k N(x | µ_k, σ_k²) on ``grid`` for each component, shape (K, len(grid))."""
    sigmas = mixture.sigmas
    return np.array([
        mixture.weights[k] * normal_pdf(grid, mixture.means[k, 0], sigmas[k])
        for k in range(mixture.n_components)
    ])


def subsample(n_points: int, limit: int = MAX_STRIP_POINTS, seed: int = 0) -> np.ndarray:
    """Indices of at most ``limit`` points, the same ones for every frame (read-only; under a millisecond)."""
    if n_points <= limit:
        chosen = np.arange(n_points)
    else:
        chosen = np.sort(np.random.default_rng(seed).choice(n_points, size=limit, replace=False))
    chosen.setflags(write=False)
    return chosen


MAX_BINS = 80
"""Most histogram bins, so a point's bin index fits in one byte."""
BINNING = "histogram binning"
"""Name of the binning among the values kept with each run (:meth:`History.derived`)."""


def binning(history: History) -> tuple[np.ndarray, np.ndarray]:
    """Histogram bin edges of the run's (1-D) data and each point's bin, computed once per run and kept with it."""
    return history.derived(BINNING, _bin_points)


def _bin_points(history: History) -> tuple[np.ndarray, np.ndarray]:
    x = history.x[:, 0]
    edges = np.histogram_bin_edges(x, bins="auto")
    if edges.size - 1 > MAX_BINS or edges.size - 1 < 5:
        edges = np.histogram_bin_edges(x, bins=int(np.clip(np.sqrt(x.size), 5, MAX_BINS)))
    bins = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, edges.size - 2).astype(np.uint8)
    edges.setflags(write=False)
    bins.setflags(write=False)
    return edges, bins


def histogram(history: History, responsibilities: np.ndarray | None, bins: tuple[np.ndarray, np.ndarray]):
    """Density histogram on the given :func:`binning`, split by responsibility when given.

    Returns
    -------
    edges : ndarray
    heights : list of ndarray
        One density per bin; one list entry per component when split.
    """
    edges, point_bins = bins
    widths = np.diff(edges)
    scale = 1.0 / (point_bins.size * widths)
    if responsibilities is None:
        return edges, [np.bincount(point_bins, minlength=widths.size) * scale]
    return edges, [
        np.bincount(point_bins, weights=responsibilities[:, k], minlength=widths.size) * scale
        for k in range(responsibilities.shape[1])
    ]


def _component_hover(mixture: Mixture, k: int) -> str:
    return (
        f"Gaussian {k + 1}<br>µ = {significant(mixture.means[k, 0])}"
        f"<br>σ = {significant(mixture.sigmas[k])}<br>weight = {significant(mixture.weights[k])}"
        "<br>x = %{x:.3g}, density = %{y:.3g}<extra></extra>"
    )


class CurveStyle(TypedDict):
    """How one kind of curve is drawn (an entry of :data:`CURVE_STYLES`)."""

    dash: str
    opacity: float
    width: float
    suffix: str


CURVE_STYLES: dict[str, CurveStyle] = {
    "guess": dict(dash="dash", opacity=1.0, width=3, suffix=" (guess)"),
    "current": dict(dash="solid", opacity=1.0, width=3, suffix=""),
    "ghost": dict(dash="dot", opacity=0.45, width=2, suffix=""),
}
"""How curves are drawn: the mixture of the initial guess dashed, ghosts (before the M-step)
faint and thin. Component k keeps its own line style (:func:`emviz.chart_style.dash`) in each."""


def _add_curves(fig: go.Figure, mixture: Mixture, grid: np.ndarray, style: str) -> None:
    """The mixture density and each weighted component density π_k N(x | µ_k, σ_k²)."""
    look = CURVE_STYLES[style]
    ghost = style == "ghost"
    densities = component_densities(mixture, grid)
    fig.add_trace(go.Scatter(
        x=grid, y=densities.sum(axis=0), mode="lines", name="mixture" + look["suffix"],
        line=dict(color=MIXTURE_COLOUR, width=1.5, dash=look["dash"]), opacity=0.8 * look["opacity"],
        hovertemplate="mixture density<br>x = %{x:.3g}, p(x) = %{y:.3g}<extra></extra>",
        legendgroup="ghosts" if ghost else "mixture", showlegend=not ghost,
    ))
    for k, density in enumerate(densities):
        fig.add_trace(go.Scatter(
            x=grid, y=density, mode="lines",
            name="before the M-step" if ghost else f"Gaussian {k + 1}{look['suffix']}",
            line=dict(color=colour(k), width=look["width"], dash=dash(k)),
            opacity=look["opacity"], hovertemplate=_component_hover(mixture, k),
            legendgroup="ghosts" if ghost else f"component{k}", showlegend=not ghost or k == 0,
        ))


def main_chart(
    history: History,
    frame_index: int,
    *,
    truth: Mixture | None = None,
    max_points: int = MAX_STRIP_POINTS,
    x_title: str = "x",
    highlight: float | None = None,
) -> go.Figure:
    """The data, the curves and the coloured points of one frame (1-D).

    Parameters
    ----------
    history : History
    frame_index : int
        Position on the half-step timeline.
    truth : Mixture, optional
        The true mixture, drawn as thin black dash-dot curves.
    max_points : int
        Most points drawn in the strip under the axis.
    x_title : str
        Title of the x-axis.
    highlight : float, optional
        A picked point, ringed in the strip.

    Returns
    -------
    go.Figure
        Traces: histogram bar(s); one curve per Gaussian and the mixture
        (dashed at frame 0); ghosts before an M-step; the point strip.
    """
    frame = frame_at(history, frame_index)
    x = history.x[:, 0]
    curves = history.mixtures[frame.curves]
    resp = history.responsibilities(frame.colours) if frame.colours is not None else None
    shown = [curves] + ([history.mixtures[frame.ghosts]] if frame.ghosts is not None else [])
    bins = binning(history)
    x_range, top = run_scale(history, truth, bins)
    grid = curve_grid(x_range, *shown)
    strip_y = -0.09 * top
    fig = go.Figure()
    if x.size > FEW_POINTS:
        _add_histogram(fig, histogram(history, resp, bins), coloured=resp is not None)
    if frame.ghosts is not None:
        _add_curves(fig, history.mixtures[frame.ghosts], grid, "ghost")
    _add_curves(fig, curves, grid, "guess" if frame.kind == "guess" else "current")
    if truth is not None:
        _add_truth(fig, truth, grid)
    _add_clipped_peaks(fig, curves, top, x_range)
    _add_strip(fig, x, resp, max_points, strip_y=strip_y)
    if frame.ghosts is not None:
        _add_mean_moves(fig, history.mixtures[frame.ghosts], curves, y=1.04 * top)
    if highlight is not None:
        fig.add_trace(go.Scatter(
            x=[highlight], y=[strip_y], mode="markers", name="picked point",
            marker=dict(size=22, color="rgba(0,0,0,0)", line=dict(width=3, color=MIXTURE_COLOUR)),
            hovertemplate="picked point x = %{x:.4g}<extra></extra>",
        ))
    style(
        fig, barmode="stack", bargap=0.02, height=CHART_HEIGHT,
        margin=dict(l=60, r=MODEBAR_MARGIN, t=30, b=45),
        xaxis=dict(title=x_title, range=list(x_range)),
        yaxis=dict(title="density", range=[-0.16 * top, 1.12 * top], zeroline=True),
        hovermode="closest",
    )
    if x.size > max_points:
        fig.add_annotation(
            text=f"dots: {max_points:,} of {x.size:,} points", showarrow=False,
            xref="paper", yref="paper", x=1, y=0, xanchor="right", yanchor="top", yshift=-30, font=NOTE_FONT,
        )
    return fig


PEAK_LABEL_STEP = 0.09
"""Clipped peaks are labelled one below the other, this share of the chart's top apart, so
that the labels of neighbouring spikes (K = 6 on nine points) do not overlap."""


def _add_clipped_peaks(fig: go.Figure, mixture: Mixture, top: float, x_range: tuple[float, float]) -> None:
    """A marker on every curve that rises above the chart (a collapsing Gaussian), with its height."""
    peaks = component_peaks(mixture)
    clipped = np.flatnonzero(peaks > 1.12 * top)
    right_quarter = x_range[1] - 0.25 * (x_range[1] - x_range[0])
    for row, k in enumerate(clipped[np.argsort(mixture.means[clipped, 0])]):
        mean = mixture.means[k, 0]
        fig.add_trace(go.Scatter(
            x=[mean], y=[top * (1 - PEAK_LABEL_STEP * row)], mode="markers+text", name=f"peak of Gaussian {k + 1}",
            marker=dict(symbol="triangle-up", size=16, color=colour(k), line=dict(width=1, color="white")),
            text=[f"peak {significant(peaks[k])}"],
            textposition="middle left" if mean > right_quarter else "middle right",
            textfont=dict(color=colour(k)), cliponaxis=False, showlegend=False, legendgroup=f"component{k}",
            hovertemplate=(f"Gaussian {k + 1} rises to {significant(peaks[k])} at µ = %{{x:.4g}}"
                           f"<br>(σ = {significant(mixture.sigmas[k])}), far above the chart<extra></extra>"),
        ))


def _add_histogram(fig: go.Figure, split, coloured: bool) -> None:
    edges, heights = split
    centres, widths = (edges[:-1] + edges[1:]) / 2, np.diff(edges)
    if not coloured:
        fig.add_trace(go.Bar(
            x=centres, y=heights[0], width=widths, name="data",
            marker=dict(color=_rgba(UNASSIGNED, 0.35), line=dict(width=0)),
            hovertemplate="x ≈ %{x:.3g}<br>density %{y:.3g}<extra>data</extra>",
        ))
        return
    for k, height in enumerate(heights):
        fig.add_trace(go.Bar(
            x=centres, y=height, width=widths, name=f"data given to Gaussian {k + 1}",
            marker=dict(color=_rgba(colour(k), 0.3), line=dict(width=0)),
            hovertemplate=f"x ≈ %{{x:.3g}}<br>share of Gaussian {k + 1}: %{{y:.3g}}<extra></extra>",
            legendgroup=f"component{k}", showlegend=False,
        ))


def _add_truth(fig: go.Figure, truth: Mixture, grid: np.ndarray) -> None:
    for k, density in enumerate(component_densities(truth, grid)):
        fig.add_trace(go.Scatter(
            x=grid, y=density, mode="lines", name="true Gaussians" if k == 0 else f"true Gaussian {k + 1}",
            line=dict(color="black", width=1.5, dash="dashdot"), legendgroup="truth", showlegend=k == 0,
            hovertemplate=_component_hover(truth, k).replace("Gaussian", "true Gaussian", 1),
        ))


def _add_strip(fig: go.Figure, x: np.ndarray, resp: np.ndarray | None, max_points: int, strip_y: float) -> None:
    chosen = subsample(x.size, max_points)
    few = chosen.size <= FEW_POINTS
    spread = 0.0 if few else 0.35 * abs(strip_y)  # few points: one clean row; many: jittered
    y = strip_y + spread * np.random.default_rng(1).uniform(-1, 1, chosen.size)
    if resp is None:
        colours: dict[str, object] = dict(color=UNASSIGNED)
        hover = "x = %{x:.4g}<br>no responsibilities yet: run the E-step<extra></extra>"
        custom = None
    else:
        codes, scale = point_colours(resp[chosen])
        colours = dict(color=codes, colorscale=scale, cmin=0, cmax=len(scale) - 1)
        custom = resp[chosen]
        hover = "x = %{x:.4g}<br>" + "<br>".join(
            f"γ{k + 1} = %{{customdata[{k}]:.3f}}" for k in range(resp.shape[1])
        ) + "<extra></extra>"
    fig.add_trace(go.Scattergl(
        x=x[chosen], y=y, mode="markers", name="points",
        marker=dict(**colours, size=14 if few else 5, opacity=1.0 if few else 0.7,
                    line=dict(width=1 if few else 0, color="white")),
        customdata=custom, hovertemplate=hover, showlegend=False,
    ))


def _add_mean_moves(fig: go.Figure, before: Mixture, after: Mixture, y: float) -> None:
    """Arrows from each old µ to the new µ, above the curves."""
    for k in range(after.n_components):
        old, new = before.means[k, 0], after.means[k, 0]
        fig.add_annotation(
            x=new, y=y, ax=old, ay=y, xref="x", yref="y", axref="x", ayref="y",
            showarrow=True, arrowhead=3, arrowsize=1.2, arrowwidth=2.5, arrowcolor=colour(k),
            text="", hovertext=f"µ{k + 1}: {significant(old)} → {significant(new)}",
        )
    fig.add_trace(go.Scatter(
        x=after.means[:, 0], y=np.full(after.n_components, y), mode="markers", name="new means",
        marker=dict(symbol="line-ns", size=14, line=dict(width=3, color=MIXTURE_COLOUR)),
        hovertemplate="new µ = %{x:.3g}<extra></extra>", showlegend=False,
    ))


def responsibility_chart(history: History, frame_index: int, *, of_curves: bool = False) -> go.Figure:
    """γ_k(x) across x: where one Gaussian hands the points over to the next.

    By default under the mixture whose responsibilities colour the points (at
    frame 0, the ones the first E-step will compute); with ``of_curves`` under
    the curves on screen (how that mixture would classify new points).

    Returns
    -------
    go.Figure
        One stacked area per component (they add up to 1 at every x).
    """
    frame = frame_at(history, frame_index)
    shown = frame.curves if of_curves else (frame.colours if frame.colours is not None else 0)
    mixture = history.mixtures[shown]
    x = history.x[:, 0]
    grid = np.linspace(*plot_range(x), GRID_POINTS)
    gamma = mixture.posterior(grid)
    fig = go.Figure()
    for k in range(mixture.n_components):
        fig.add_trace(go.Scatter(
            x=grid, y=gamma[:, k], mode="lines", stackgroup="gamma", name=f"γ{k + 1}(x)",
            line=dict(color=colour(k), width=2, dash=dash(k)),
            fillcolor=_rgba(colour(k), 0.35),
            hovertemplate=f"x = %{{x:.3g}}<br>γ{k + 1} = %{{y:.3f}}<extra></extra>",
        ))
    fig.add_hline(y=0.5, line=dict(color="#555", dash="dot", width=1))
    style(
        fig, margin=dict(l=60, r=MODEBAR_MARGIN, t=30, b=45), height=SMALL_CHART_HEIGHT,
        xaxis=dict(title="x", range=[grid[0], grid[-1]]),
        yaxis=dict(title="responsibility γₖ(x)", range=[0, 1]),
    )
    return fig


def _frame_iteration(frame: Frame) -> int:
    """The iteration whose curves the frame shows (its point on the likelihood chart)."""
    return frame.curves


def log_likelihood_chart(history: History, frame_index: int) -> go.Figure:
    """Log-likelihood against iteration, the current frame marked, and each iteration's gain.

    Returns
    -------
    go.Figure
        Row 1: the log-likelihood line and a marker at the frame's curves.
        Row 2: the gain of each iteration (log scale: it is never negative).
    """
    frame = frame_at(history, frame_index)
    iterations = np.arange(history.n_iter + 1)
    values = history.log_likelihoods
    gains = np.diff(values)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.62, 0.38], vertical_spacing=0.06)
    fig.add_trace(go.Scatter(
        x=iterations, y=values, mode="lines+markers", name="log-likelihood",
        line=dict(color=MIXTURE_COLOUR, width=2), marker=dict(size=5),
        hovertemplate="iteration %{x}<br>log-likelihood %{y:,.6g}<extra></extra>",
    ), row=1, col=1)
    current = _frame_iteration(frame)
    fig.add_trace(go.Scatter(
        x=[current], y=[values[current]], mode="markers", name="this frame",
        marker=dict(size=14, color="rgba(0,0,0,0)", line=dict(width=3, color=PALETTE[5])),
        hovertemplate="this frame<br>log-likelihood %{y:,.6g}<extra></extra>",
    ), row=1, col=1)
    fig.update_yaxes(title_text="log-likelihood", row=1, col=1)
    if gains.size:
        _add_gains(fig, gains, noise=ROUNDING_NOISE * max(float(np.max(np.abs(values))), 1.0))
    fig.update_xaxes(title_text="iteration (M-steps)", row=2, col=1)
    style(
        fig, margin=dict(l=70, r=MODEBAR_MARGIN, t=30, b=45), showlegend=False,
        height=CHART_HEIGHT, title=dict(text="Log-likelihood (never goes down)", x=0, y=0.99),
    )
    return fig


def _add_gains(fig: go.Figure, gains: np.ndarray, noise: float) -> None:
    """Each iteration's gain on a log axis that ends at the rounding noise (row 2).

    Gains below ``noise`` are rounding in the last digits of ℓ: they are drawn at the
    bottom of the axis (their hover says so), which reaches no lower than that.
    """
    shown = np.maximum(gains, noise)
    hover = [f"iteration {t}<br>gain {significant(gain)}" + ("<br>(rounding noise)" if gain < noise else "")
             for t, gain in enumerate(gains, start=1)]
    fig.add_trace(go.Bar(
        x=np.arange(1, gains.size + 1), y=shown, name="gain of the iteration",
        marker=dict(color=PALETTE[4]), hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
    ), row=2, col=1)
    low, high = np.log10(np.min(shown)) - 0.5, np.log10(np.max(shown)) + 0.5
    fig.update_yaxes(title_text="gain", type="log", exponentformat="power", range=[low, high],
                     dtick=max(1, int(np.ceil((high - low) / 3))), row=2, col=1)  # three or four ticks


def trajectories(history: History) -> dict[str, np.ndarray]:
    """Each parameter per iteration, shape (n_iter + 1, K): µ, σ, weight in 1-D; µx, µy, weight in 2-D."""
    mixtures = history.mixtures
    if history.x.shape[1] == 1:
        return {"µ": np.array([m.means[:, 0] for m in mixtures]), "σ": np.array([m.sigmas for m in mixtures]),
                "weight": np.array([m.weights for m in mixtures])}
    return {"µx": np.array([m.means[:, 0] for m in mixtures]), "µy": np.array([m.means[:, 1] for m in mixtures]),
            "weight": np.array([m.weights for m in mixtures])}


def trajectory_chart(history: History, frame_index: int) -> go.Figure:
    """The parameters of each Gaussian against iteration, the frame's iteration marked.

    Returns
    -------
    go.Figure
        Three rows (µ, σ, weight in 1-D; µx, µy, weight in 2-D), one line per component.
    """
    frame = frame_at(history, frame_index)
    iterations = np.arange(history.n_iter + 1)
    series = trajectories(history)
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.05)
    for row, (name, values) in enumerate(series.items(), start=1):
        for k in range(values.shape[1]):
            fig.add_trace(go.Scatter(
                x=iterations, y=values[:, k], mode="lines+markers", marker=dict(size=4),
                name=f"Gaussian {k + 1}", legendgroup=f"component{k}", showlegend=row == 1,
                line=dict(color=colour(k), width=2, dash=dash(k)),
                hovertemplate=f"iteration %{{x}}<br>{name}{k + 1} = %{{y:.4g}}<extra></extra>",
            ), row=row, col=1)
        fig.update_yaxes(title_text=name, row=row, col=1)
    fig.add_vline(x=_frame_iteration(frame), line=dict(color=PALETTE[5], width=2, dash="dot"))
    fig.update_xaxes(title_text="iteration (M-steps)", row=3, col=1)
    style(fig, margin=dict(l=70, r=MODEBAR_MARGIN, t=30, b=45))
    return fig
