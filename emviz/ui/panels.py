"""What the learner sees for one frame: charts, the caption, the tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from emviz.chart_style import PALETTE
from emviz.em import History
from emviz.exports import file_stem
from emviz.figures import log_likelihood_chart, main_chart, responsibility_chart, trajectory_chart
from emviz.figures_2d import scatter_chart, small_multiples
from emviz.mixture import Mixture
from emviz.timeline import (
    collapse_warning,
    convergence_status,
    covariance_rows,
    describe_frame,
    format_point,
    frame_at,
    identical_components,
    monotonicity_note,
    parameter_rows,
    significant,
)
from emviz.ui import state
from emviz.ui.literal import plotly_literal

PLOT_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def plot_config(chart: str) -> dict:
    """:data:`PLOT_CONFIG`, its camera icon saving a sharp PNG named after the example and the chart.

    ``plot_config("main_chart")`` on the classic example saves ``emviz-classic-20-and-40-main-chart.png``.
    """
    stem = file_stem(st.session_state.get(state.PRESET, ""))
    return {**PLOT_CONFIG, "toImageButtonOptions": {"filename": f"{stem}-{chart.replace('_', '-')}", "scale": 2}}

MAIN_COLUMNS = (2, 1)
"""Widths of the main chart's column and the log-likelihood's beside it: the main chart is the lesson."""
FEW_POINTS = 20
"""Up to this many points, a table lists every point's responsibilities."""


def component_label(k: int, prefix: str) -> None:
    """A coloured dot and "{prefix} {k + 1}" in bold: how the app names a component."""
    st.markdown(f"<span style='color:{PALETTE[k % len(PALETTE)]};font-size:1.3em'>●</span> **{prefix} {k + 1}**",
                unsafe_allow_html=True)


def _signed(value: float) -> str:
    text = significant(value)
    return text if text.startswith("-") or float(value) == 0 else "+" + text


def caption(history: History, frame: int) -> None:
    """The one sentence saying what the frame did, under the main chart."""
    kind = frame_at(history, frame).kind
    icon = {"guess": ":material/my_location:", "e-step": ":material/palette:",
            "m-step": ":material/open_with:"}[kind]
    st.info(describe_frame(history, frame), icon=icon)


def status(history: History, problem: str | None) -> None:
    """The convergence status, or why EM stopped early, and the promise that EM keeps."""
    if history.n_iter:
        st.caption(monotonicity_note(history))
    warning = collapse_warning(history)
    if problem:
        st.error(problem, icon=":material/warning:")
    elif warning:
        st.warning(warning, icon=":material/warning:")
    elif identical_components(history.mixtures[-1]) is not None:  # stuck on a saddle point
        st.warning(convergence_status(history), icon=":material/warning:")
    elif history.converged:
        st.success(convergence_status(history), icon=":material/check_circle:")
    else:
        st.warning(convergence_status(history), icon=":material/hourglass_bottom:")


def _matrix(matrix) -> str:
    return "[" + "; ".join(", ".join(significant(v) for v in row) for row in matrix) + "]"


CHANGE_ROW = "change"
"""Label of the row under each Gaussian with the change of its parameters in the last M-step."""
CHANGE_COLOUR = "color: #6b6b6b"


def _table(rows: list[tuple[dict[str, str], dict[str, str]]]) -> None:
    """One row per Gaussian, each followed by a grey row with its change in the last M-step.

    A static table (it wraps instead of cutting a cell); the Gaussians' labels in their colours.
    """
    table = pd.DataFrame([line for now, change in rows for line in (now, {"Gaussian": CHANGE_ROW, **change})])
    table = table.fillna("")
    colours = [f"color: {PALETTE[k % len(PALETTE)]}; font-weight: bold" for k in range(len(rows))]

    def style(frame: pd.DataFrame) -> pd.DataFrame:
        css = pd.DataFrame("", index=frame.index, columns=frame.columns)
        css.iloc[1::2] = CHANGE_COLOUR
        css.iloc[0::2, 0] = colours
        return css

    st.table(table.style.apply(style, axis=None), hide_index=True)


def parameter_table(history: History, frame: int) -> None:
    """The parameters per Gaussian at the frame, each with its change in the last M-step under it."""
    if history.x.shape[1] == 1:
        names = ("µ", "σ", "weight")
        _table([({"Gaussian": f"● {row['Gaussian']}", **{name: significant(row[name]) for name in names}},
                 {name: _signed(row["Δ" + name]) for name in names})
                for row in parameter_rows(history, frame)])
        return
    _table([({"Gaussian": f"● {row['Gaussian']}", "weight": significant(row["weight"]),
              "µ": format_point(row["µ"]), "Σ (covariance)": _matrix(row["Σ"]), "σ": format_point(row["σ"]),
              "ρ": significant(row["ρ"])},
             {"weight": _signed(row["Δweight"]), "µ": format_point(row["Δµ"])})
            for row in covariance_rows(history, frame)])


def point_table(history: History, frame: int) -> None:
    """Every point with its responsibilities, for small data sets."""
    info = frame_at(history, frame)
    if history.n_points > FEW_POINTS or info.colours is None or history.x.shape[1] != 1:
        return
    resp = history.responsibilities(info.colours)
    order = np.argsort(history.x[:, 0], kind="stable")
    rows = [{"x": significant(x), **{f"γ{k + 1}": f"{g:.3f}" for k, g in enumerate(gammas)}}
            for x, gammas in zip(history.x[order, 0], resp[order])]
    st.markdown("**Each point's responsibilities**, sorted by x (each row adds up to 1)")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def frame_chart(history: History, frame: int, *, truth: Mixture | None = None,
                titles: tuple[str, ...] = ("x",), highlight: float | None = None):
    """The main picture of a frame: curves over a histogram in 1-D, ellipses over points in 2-D.

    ``titles`` (the data's column names, possibly a learner's headers) are shown as plain text.
    """
    titles = tuple(map(plotly_literal, titles))
    if history.x.shape[1] == 1:
        return main_chart(history, frame, truth=truth, x_title=titles[0], highlight=highlight)
    return scatter_chart(history, frame, truth=truth, titles=tuple(titles[:2]))


def frame_view(history: History, frame: int, *, truth: Mixture | None, problem: str | None,
               titles: tuple[str, ...] = ("x",)) -> None:
    """Everything that depends on the frame: drawn again on every step."""
    one_dimensional = history.x.shape[1] == 1
    chart_column, side_column = st.columns(MAIN_COLUMNS, gap="small")
    with chart_column:
        st.plotly_chart(frame_chart(history, frame, truth=truth, titles=titles), width="stretch",
                        config=plot_config("main_chart"), key="main_chart")
        caption(history, frame)
    with side_column:
        st.plotly_chart(log_likelihood_chart(history, frame), width="stretch",
                        config=plot_config("log_likelihood_chart"), key="log_likelihood_chart")
        status(history, problem)
    if one_dimensional:
        left, right = st.columns([1, 1], gap="medium")
        with left:
            st.markdown("**Responsibilities γₖ(x)**: the share of a point at x that each Gaussian takes")
            st.plotly_chart(responsibility_chart(history, frame), width="stretch",
                            config=plot_config("responsibility_chart"), key="responsibility_chart")
    else:
        right = st.container()
    with right:
        st.markdown("**Parameters** at this frame, and under each Gaussian their change in the last M-step")
        parameter_table(history, frame)
        point_table(history, frame)
    if not one_dimensional:
        st.markdown("**Small multiples**: the fit after iterations 1, 2, 5 and 20, as in Bishop's Figure 9.8")
        st.plotly_chart(small_multiples(history, titles=tuple(map(plotly_literal, titles[:2]))), width="stretch",
                        config=plot_config("small_multiples"), key="small_multiples")
    st.markdown("**How the parameters moved**")
    st.plotly_chart(trajectory_chart(history, frame), width="stretch", config=plot_config("trajectory_chart"),
                    key="trajectory_chart")
