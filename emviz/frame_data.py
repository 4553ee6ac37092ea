"""Everything the stepper shows for every frame of a run, as plain data the browser draws.

The browser moves the frame cursor itself (:mod:`emviz.ui.frame_player`): it gets, once per
run, what every frame needs in a compact form, and draws a frame from it without asking the
server. The numbers that need all the data (the histogram split by responsibility, the
captions' counts) are computed here; what depends only on a mixture's parameters (the curves,
the γ of the ≤ 3,000 drawn points, ellipses) the browser computes from the parameters.
No Streamlit here.
"""

from __future__ import annotations

import base64
import json

import numpy as np

from emviz.chart_style import DASHES, MIXTURE_COLOUR, PALETTE, UNASSIGNED
from emviz.em import History
from emviz.figures import (
    COLOUR_LEVELS,
    CURVE_STYLES,
    FEW_POINTS,
    GRID_POINTS,
    MAX_STRIP_POINTS,
    binning,
    component_peaks,
    histogram,
    log_likelihood_chart,
    main_chart,
    responsibility_chart,
    run_scale,
    subsample,
    trajectory_chart,
)
from emviz.figures_2d import ELLIPSE_POINTS, SIGMA_LEVELS, scatter_chart
from emviz.mixture import Mixture
from emviz.timeline import (
    covariance_rows,
    describe_frame,
    format_point,
    frame_at,
    n_frames,
    next_action,
    parameter_rows,
    significant,
)

HEIGHT_LEVELS = 10_000
"""Histogram heights are sent as whole numbers of 1/HEIGHT_LEVELS of the chart's top (< 0.4 px)."""
POINT_TABLE_LIMIT = 20
"""Up to this many points (1-D), a table lists every point's responsibilities."""
CHANGE_ROW = "change"
"""Label of the row under each Gaussian with the change of its parameters in the last M-step."""


def _signed(value: float) -> str:
    text = significant(value)
    return text if text.startswith("-") or float(value) == 0 else "+" + text


def _matrix(matrix) -> str:
    return "[" + "; ".join(", ".join(significant(v) for v in row) for row in matrix) + "]"


def parameter_cells(history: History, frame: int) -> list[tuple[dict[str, str], dict[str, str]]]:
    """The parameter table of a frame as text: per Gaussian its values and their change in the last M-step.

    Returns
    -------
    list of (dict, dict)
        Per Gaussian: the row of values (first column "Gaussian": "● Gaussian k") and the row of
        changes (without the "Gaussian" column).
    """
    if history.x.shape[1] == 1:
        names = ("µ", "σ", "weight")
        return [({"Gaussian": f"● {row['Gaussian']}", **{name: significant(row[name]) for name in names}},
                 {name: _signed(row["Δ" + name]) for name in names})
                for row in parameter_rows(history, frame)]
    return [({"Gaussian": f"● {row['Gaussian']}", "weight": significant(row["weight"]),
              "µ": format_point(row["µ"]), "Σ (covariance)": _matrix(row["Σ"]), "σ": format_point(row["σ"]),
              "ρ": significant(row["ρ"])},
             {"weight": _signed(row["Δweight"]), "µ": format_point(row["Δµ"])})
            for row in covariance_rows(history, frame)]


def typed(values, dtype: str = "f4") -> dict:
    """Numbers as plotly.js's typed-array JSON ``{"dtype", "bdata"}`` (base64): 4 bytes a number for "f4"."""
    array = np.ascontiguousarray(values, dtype=np.dtype(dtype).newbyteorder("<"))
    return {"dtype": dtype, "bdata": base64.b64encode(array.tobytes()).decode("ascii"), "shape": list(array.shape)}


STREAMLIT_TITLE = {"font": {"size": 16, "weight": 600}, "x": 0, "xanchor": "left"}
"""A chart title as Streamlit's chart theme draws it (st.plotly_chart replaces plotly's template)."""


def _figure_json(figure) -> dict:
    """A plotly figure as JSON data (plotly's encoder: arrays as typed arrays), without plotly's template.

    In place of the template, Streamlit's chart theme draws st.plotly_chart's figures; these are
    drawn by plotly.js directly, so they get the theme's title look here (the rest is set by
    :func:`emviz.chart_style.style`).
    """
    data = json.loads(figure.to_json())
    layout = data["layout"]
    layout.pop("template", None)
    if "title" in layout:
        layout["title"] = {**STREAMLIT_TITLE, **layout["title"], "font": STREAMLIT_TITLE["font"]}
    return data


def _mixture_data(mixture: Mixture) -> dict:
    """A mixture's parameters and their texts, as the browser needs them to draw it."""
    data = {"weights": mixture.weights.tolist(), "means": mixture.means.tolist(),
            "covariances": mixture.covariances.tolist(), "weight_text": [significant(w) for w in mixture.weights],
            "mean_text": [format_point(m) for m in mixture.means]}
    if mixture.n_features == 1:
        data["sigma_text"] = [significant(s) for s in mixture.sigmas]
        data["peak_text"] = [significant(p) for p in component_peaks(mixture)]
    return data


def _timeline(history: History) -> dict:
    frames = [frame_at(history, index) for index in range(n_frames(history))]
    return {
        "kinds": [frame.kind for frame in frames],
        "curves": [frame.curves for frame in frames],
        "colours": [-1 if frame.colours is None else frame.colours for frame in frames],
        "ghosts": [-1 if frame.ghosts is None else frame.ghosts for frame in frames],
        "captions": [describe_frame(history, frame.index) for frame in frames],
        "next_labels": [next_action(history, frame.index) for frame in frames],
        "tables": [parameter_cells(history, 2 * t) for t in range(history.n_iter + 1)],
    }


def _strip(history: History, max_points: int) -> dict:
    """The points drawn (at most ``max_points``, the same for every frame), coordinates as float32."""
    chosen = subsample(history.n_points, max_points)
    return {"x": typed(history.x[chosen])}


def _look_of(trace: dict) -> dict:
    """A trace without its data: the browser fills in the coordinates of each frame."""
    return {key: value for key, value in trace.items() if key not in ("x", "y", "customdata")}


def _main_1d(history: History, truth: Mixture | None, x_title: str) -> dict:
    """The 1-D main chart: its static layout and traces, and the split histogram of each iteration."""
    figure = _figure_json(main_chart(history, 0, truth=truth, x_title=x_title))
    (x_range, top) = run_scale(history, truth)
    data = {
        "layout": figure["layout"],
        "truth": [trace for trace in figure["data"] if trace.get("legendgroup") == "truth"],
        "strip_trace": _look_of(next(trace for trace in figure["data"] if trace.get("name") == "points")),
        "x_range": list(x_range), "top": top, "grid_points": GRID_POINTS, "curve_styles": CURVE_STYLES,
    }
    data["strip_y"] = next(trace for trace in figure["data"] if trace.get("name") == "points")["y"]
    if history.n_points > FEW_POINTS:
        edges, bins = binning(history)
        data["bars"] = {"centres": ((edges[:-1] + edges[1:]) / 2).tolist(), "widths": np.diff(edges).tolist(),
                        "data": next(trace for trace in figure["data"] if trace.get("name") == "data")}
        split = []
        for t in range(history.n_iter + 1):
            heights = np.array(histogram(history, history.responsibilities(t), (edges, bins))[1])
            split.append(np.rint(heights / top * HEIGHT_LEVELS).astype(int).tolist())
        data["bars"]["split"] = split
        data["bars"]["levels"] = HEIGHT_LEVELS
    return data


def _main_2d(history: History, truth: Mixture | None, titles: tuple[str, str]) -> dict:
    """The 2-D main chart: its static layout, the truth's ellipses and the point trace's look."""
    figure = _figure_json(scatter_chart(history, 0, truth=truth, titles=titles))
    return {
        "layout": figure["layout"],
        "truth": [trace for trace in figure["data"] if trace.get("legendgroup") == "truth"],
        "strip_trace": _look_of(next(trace for trace in figure["data"] if trace.get("name") == "points")),
        "ellipse_points": ELLIPSE_POINTS, "sigma_levels": list(SIGMA_LEVELS),
    }


def run_bundle(history: History, *, truth: Mixture | None = None, titles: tuple[str, ...] = ("x",)) -> dict:
    """Everything the stepper shows at every frame of ``history``, JSON-ready.

    Parameters
    ----------
    history : History
    truth : Mixture, optional
        The true mixture, drawn in the main chart.
    titles : tuple of str, default=("x",)
        Axis titles (already made plain text for plotly).

    Returns
    -------
    dict
        ``timeline`` (per frame: kind, mixture indices, caption, Next's label; per iteration: the
        parameter table), ``mixtures`` (per iteration: parameters and their texts), ``main``,
        ``log_likelihood``, ``trajectories`` and, in 1-D, ``gamma`` (figures and per-frame data),
        and the look shared with :mod:`emviz.chart_style`.
    """
    one_dimensional = history.x.shape[1] == 1
    bundle = {
        "dimensions": int(history.x.shape[1]),
        "n_frames": n_frames(history),
        "n_components": history.mixtures[0].n_components,
        "hard": bool(history.hard),
        "look": {"palette": list(PALETTE), "dashes": list(DASHES), "mixture": MIXTURE_COLOUR,
                 "unassigned": UNASSIGNED, "colour_levels": COLOUR_LEVELS},
        "timeline": _timeline(history),
        "mixtures": [_mixture_data(mixture) for mixture in history.mixtures],
        "strip": _strip(history, MAX_STRIP_POINTS),
        "log_likelihood": {"figure": _figure_json(log_likelihood_chart(history, 0)),
                           "values": history.log_likelihoods.tolist()},
        "trajectories": {"figure": _figure_json(trajectory_chart(history, 0))},
    }
    if one_dimensional:
        bundle["main"] = _main_1d(history, truth, titles[0])
        if history.n_points <= POINT_TABLE_LIMIT:
            order = np.argsort(history.x[:, 0], kind="stable")
            bundle["points"] = {"order": order.tolist(), "x_text": [significant(x) for x in history.x[order, 0]]}
        bundle["gamma"] = {"figure": _figure_json(responsibility_chart(history, 0))}
    else:
        bundle["main"] = _main_2d(history, truth, tuple(titles[:2]))
    return bundle
