"""Page "Why it works": one E-step and one M-step with the learner's numbers, a probe,
and the lower bound that EM climbs."""

from __future__ import annotations

from functools import partial

import numpy as np
import streamlit as st

from emviz.em import History
from emviz.figures import main_chart, plot_range, responsibility_chart
from emviz.formulas import e_step_result, e_step_rule, e_step_total, e_step_weighted, m_step_block
from emviz.timeline import frame_at, significant
from emviz.ui import frame_player, lesson_charts, sidebar, state, stepper
from emviz.ui.learner_run import current_choices, learner_run
from emviz.ui.lessons import bound_along_mu1, subset_note
from emviz.ui.panels import component_label, plot_config
from emviz.worked import e_step_terms, m_step_sums

M_STEP_COLUMNS = 2
"""Gaussians side by side on the M-step tab: each one's sums need half a 1280-pixel page."""


def _nearest(x: np.ndarray, value: float) -> int:
    return int(np.argmin(np.abs(x - value)))


def _pick_from_index() -> None:
    st.session_state[state.PICKED_POINT] = int(st.session_state[state.PICK_INDEX])


def _shown_points() -> np.ndarray:
    """The 1-D data on screen, from the shared cache (callbacks take no arrays: a session keeps its arguments)."""
    return current_choices().data.x


def _pick_from_value() -> None:
    st.session_state[state.PICKED_POINT] = _nearest(_shown_points(), float(st.session_state[state.PICK_VALUE]))


def _pick_from_chart(chart_key: str) -> None:
    """Pick the point nearest to the click: a dot, or the centre of a histogram bar."""
    points = st.session_state[chart_key].selection.points
    if points and points[0].get("x") is not None:
        st.session_state[state.PICKED_POINT] = _nearest(_shown_points(), float(points[0]["x"]))


def picked_point(history: History) -> int:
    """The point whose numbers are shown: the last one clicked or typed."""
    x = history.x[:, 0]
    if state.PICKED_POINT not in st.session_state:  # start where the Gaussians disagree most
        means = history.mixtures[-1].means[:, 0]
        st.session_state[state.PICKED_POINT] = _nearest(x, float(means.mean()))
    picked = min(int(st.session_state[state.PICKED_POINT]), x.size - 1)
    st.session_state[state.PICKED_POINT] = picked
    return picked


def _pick_chart(history: History, frame: int, picked: int) -> None:
    """The main chart with the picked point ringed; a click on a dot or a bar picks a point."""
    chart_key = state.pick_chart(picked)
    figure = main_chart(history, frame, highlight=float(history.x[picked, 0]))
    st.plotly_chart(figure, width="stretch", config=plot_config("pick_chart"), key=chart_key, selection_mode="points",
                    on_select=partial(_pick_from_chart, chart_key))


def _pick_controls(history: History, picked: int) -> None:
    x = history.x[:, 0]
    st.session_state[state.PICK_INDEX] = picked
    st.session_state[state.PICK_VALUE] = float(x[picked])
    index_column, value_column = st.columns(2)
    index_column.number_input("Point number", 0, x.size - 1, step=1, key=state.PICK_INDEX,
                              on_change=_pick_from_index, help="Points are numbered from 0.")
    value_column.number_input("…or the point nearest to x =", float(x.min()), float(x.max()),
                              key=state.PICK_VALUE, on_change=_pick_from_value, format="%.4g")


def _e_step_panel(history: History, frame: int, picked: int) -> None:
    info = frame_at(history, frame)
    source = info.colours if info.colours is not None else 0
    terms = e_step_terms(history.mixtures[source], float(history.x[picked, 0]))
    heading = (f"The first E-step will give point {picked} (x = {significant(terms.x)}) to each Gaussian"
               if info.colours is None else
               f"E-step {source + 1}: how point {picked} (x = {significant(terms.x)}) is shared")
    st.markdown(f"**{heading}**")
    st.latex(e_step_rule())
    for k in range(len(terms.weights)):
        st.latex(e_step_weighted(terms, k))
    st.latex(e_step_total(terms))
    for k in range(len(terms.weights)):
        st.latex(e_step_result(terms, k))


def _m_step_panel(history: History, frame: int) -> None:
    if history.n_iter == 0:
        st.info("This run has no M-step to show.")
        return
    info = frame_at(history, frame)
    iteration = max(info.iteration, 1)
    sums = m_step_sums(history, iteration)
    when = {"guess": "The first M-step will compute", "e-step": f"The M-step of iteration {iteration} will compute",
            "m-step": f"The M-step of iteration {iteration} computed"}[info.kind]
    st.markdown(f"**{when}** from the responsibilities γ of E-step {iteration} and all "
                f"{history.n_points:,} points:")
    for first in range(0, len(sums.sum_gamma), M_STEP_COLUMNS):
        columns = st.columns(M_STEP_COLUMNS, gap="medium")
        for k, column in zip(range(first, len(sums.sum_gamma)), columns):
            with column:
                component_label(k, "Gaussian")
                st.latex(m_step_block(sums, k))
    st.caption(f"These are the numbers the engine computed for iteration {iteration} (largest relative "
               f"difference {significant(sums.largest_difference, 1)}: rounding in the last digit).")


def _probe(history: History, frame: int) -> None:
    mixture = history.mixtures[frame_at(history, frame).curves]
    low, high = plot_range(history.x[:, 0])
    st.session_state.setdefault(state.PROBE, float(np.round(np.median(history.x), 2)))
    st.session_state[state.PROBE] = float(np.clip(st.session_state[state.PROBE], low, high))
    probe = st.slider("Probe: a new point at x =", low, high, key=state.PROBE,
                      help="How the mixture on screen would classify a point that is not in the data.")
    posterior = mixture.posterior(np.array([probe]))[0]
    columns = st.columns(len(posterior) + 1)
    for k, column in enumerate(columns[:-1]):
        column.metric(f"p(Gaussian {k + 1} | x)", f"{posterior[k]:.3f}")
    columns[-1].markdown(f"A point at x = {significant(probe)} is most likely from **Gaussian "
                         f"{int(np.argmax(posterior)) + 1}**, but it belongs to every Gaussian a little: "
                         "the posterior is a distribution, not a label.")
    figure = responsibility_chart(history, frame, of_curves=True)
    figure.add_vline(x=probe, line=dict(color="#333333", width=2), annotation_text=f"x = {significant(probe)}")
    st.plotly_chart(figure, width="stretch", config=plot_config("probe_chart"), key="probe_chart")


def _bound_sentence(history: History, frame: int, log_likelihood, bound, mu1) -> str:
    info = frame_at(history, frame)
    current = history.mixtures[info.curves].means[0, 0]
    at_current = np.interp(current, mu1, bound)
    if info.kind == "guess":
        return ("The bound drawn is the one the first E-step will build: it touches the log-likelihood "
                f"at µ1 = {significant(current)}, and the M-step will jump to its maximum.")
    if info.kind == "e-step":
        return (f"After E-step {info.iteration} the bound touches ℓ at the current µ1 = {significant(current)} "
                f"(both {significant(at_current)}) and lies below it everywhere else. The M-step will jump "
                f"to the bound's maximum (★), and ℓ must rise at least as much as the bound does.")
    before = history.log_likelihoods[info.ghosts]
    after = history.log_likelihoods[info.curves]
    return (f"M-step {info.iteration} moved µ1 to the maximum of the bound (★, µ1 = {significant(current)}). "
            f"The log-likelihood rose by {significant(after - before)}; the next E-step builds a new bound "
            "that touches ℓ here, so the climb never goes down.")


def _lower_bound(choices: sidebar.Choices, history: History, frame: int) -> None:
    if choices.n_components != 2:
        st.info(f"This view moves µ1 and holds everything else, then compares ℓ with the bound: it is "
                f"drawn for K = 2 Gaussians (here K = {choices.n_components}) so that one curve tells the "
                "whole story. Set K = 2 in the sidebar to see it.", icon=":material/functions:")
        return
    info = frame_at(history, frame)
    colours = info.colours if info.colours is not None else 0
    mu1, log_likelihood, bound = bound_along_mu1(choices.spec, choices.guess, choices.settings,
                                                 info.curves, colours)
    lesson_charts.show(lesson_charts.bound_figure, choices.spec, choices.guess, choices.settings, info.curves,
                       colours, info.ghosts, key="bound_chart")
    st.info(_bound_sentence(history, frame, log_likelihood, bound, mu1), icon=":material/trending_up:")
    note = subset_note(choices.spec)
    if note:
        st.caption(note + " Both curves are scaled up to all the points.")
    st.markdown(
        "The bound is **B(µ1) = Σₙ Σₖ γₙₖ [log πₖ + log N(xₙ | µₖ, σₖ²) − log γₙₖ]**: the expected "
        "complete-data log-likelihood plus the entropy of the responsibilities. Everything but µ1 is "
        "held at this frame's values; the responsibilities γ are those of the last E-step."
    )


def page(choices: sidebar.Choices) -> None:
    """Draw the lesson for the learner's run."""
    if choices.dimensions != 1:  # no step buttons: nothing here would change from frame to frame
        st.info("The worked numbers and the lower bound are drawn for 1-D data, where every number "
                "fits on the page. Pick a 1-D example (or one column of your data) to see them; the "
                "ideas are the same in 2-D, with vectors and covariance matrices. To step through this "
                "2-D run, open **Step through EM**.", icon=":material/functions:")
        return
    outcome = learner_run(choices)
    if outcome is None:
        return
    frame_player.report_browser_cursor(choices)  # the frame reached in the stepper, if not reported yet

    def draw_frame(history: History, frame: int) -> None:
        frame_player.write_frame(frame)
        e_tab, m_tab, probe_tab, bound_tab = st.tabs(
            ["E-step: one point", "M-step: the sums", "Probe a new point", "The lower bound"])
        with e_tab:
            picked = picked_point(history)
            chart_column, maths_column = st.columns(2, gap="medium")
            with chart_column:
                _pick_chart(history, frame, picked)
                st.caption("Click a point (or a bar) in the chart to see its numbers, or type it here:")
                _pick_controls(history, picked)
            with maths_column:
                _e_step_panel(history, frame, picked)
        with m_tab:
            _m_step_panel(history, frame)
        with probe_tab:
            _probe(history, frame)
        with bound_tab:
            _lower_bound(choices, history, frame)

    stepper.stepper(outcome.history, draw_frame, stepper.playback_interval())


if __name__ == "__main__":  # run by st.navigation as the page script
    page(current_choices())
