"""What the learner sees for one frame: charts, the caption, the tables."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from emviz.chart_style import PALETTE
from emviz.em import History
from emviz.figures import main_chart
from emviz.figures_2d import scatter_chart, small_multiples
from emviz.frame_data import CHANGE_ROW, parameter_cells
from emviz.mixture import Mixture
from emviz.timeline import collapse_warning, convergence_status, identical_components, monotonicity_note
from emviz.ui import frame_player
from emviz.ui.literal import plotly_literal

PLOT_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def plot_config(chart: str) -> dict:
    """:data:`PLOT_CONFIG`, its camera icon saving a sharp PNG named after the example and the chart."""
    return {**PLOT_CONFIG, "toImageButtonOptions": frame_player.image_options(chart)}


MAIN_COLUMNS = (2, 1)
"""Widths of the main chart's column and the log-likelihood's beside it: the main chart is the lesson."""


def component_label(k: int, prefix: str) -> None:
    """A coloured dot and "{prefix} {k + 1}" in bold: how the app names a component."""
    st.markdown(f"<span style='color:{PALETTE[k % len(PALETTE)]};font-size:1.3em'>●</span> **{prefix} {k + 1}**",
                unsafe_allow_html=True)


FRAME_ICONS = {"guess": ":material/my_location:", "e-step": ":material/palette:", "m-step": ":material/open_with:"}
"""The icon of the sentence under a frame, by the frame's kind (every lesson's timeline uses them)."""


def caption(sentence: str, kind: str) -> None:
    """The one sentence saying what a lesson's frame did, with the icon of its kind ("guess", "e-step", "m-step")."""
    st.info(sentence, icon=FRAME_ICONS[kind])


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
    _table(parameter_cells(history, frame))


def frame_chart(history: History, frame: int, *, truth: Mixture | None = None,
                titles: tuple[str, ...] = ("x",), highlight: float | None = None):
    """The main picture of a frame: curves over a histogram in 1-D, ellipses over points in 2-D.

    ``titles`` (the data's column names, possibly a learner's headers) are shown as plain text.
    """
    titles = tuple(map(plotly_literal, titles))
    if history.x.shape[1] == 1:
        return main_chart(history, frame, truth=truth, x_title=titles[0], highlight=highlight)
    return scatter_chart(history, frame, truth=truth, titles=tuple(titles[:2]))


def frame_view(history: History, bundle: dict, run: str, *, problem: str | None,
               titles: tuple[str, ...] = ("x",)) -> None:
    """Everything that depends on the frame, drawn and moved in the browser (:mod:`emviz.ui.frame_player`).

    Parameters
    ----------
    history : History
        The run on screen.
    bundle : dict
        Its frames, :func:`emviz.ui.frame_player.frames_of`.
    run : str
        Identifies the run.
    problem : str or None
        Why EM stopped early, if it did.
    titles : tuple of str, default=("x",)
        The data's column names.
    """
    one_dimensional = history.x.shape[1] == 1
    frame_player.controls(bundle, run)
    chart_column, side_column = st.columns(MAIN_COLUMNS, gap="small")
    with chart_column:
        frame_player.frame_part("main", bundle, run)
    with side_column:
        frame_player.frame_part("log_likelihood", bundle, run)
        status(history, problem)
    if one_dimensional:
        left, right = st.columns([1, 1], gap="medium")
        with left:
            st.markdown("**Responsibilities γₖ(x)**: the share of a point at x that each Gaussian takes")
            frame_player.frame_part("gamma", bundle, run)
    else:
        right = st.container()
    with right:
        st.markdown("**Parameters** at this frame, and under each Gaussian their change in the last M-step")
        frame_player.frame_part("table", bundle, run)
    if not one_dimensional:
        st.markdown("**Small multiples**: the fit after iterations 1, 2, 5 and 20, as in Bishop's Figure 9.8")
        st.plotly_chart(small_multiples(history, titles=tuple(map(plotly_literal, titles[:2]))), width="stretch",
                        config=plot_config("small_multiples"), key="small_multiples")
    st.markdown("**How the parameters moved**")
    frame_player.frame_part("trajectories", bundle, run)
