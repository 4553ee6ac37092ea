"""Page "Where it fails": local optima and restarts, the likelihood landscape,
collapse onto a point, hard versus soft EM, and the fit against the truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from emviz.analysis import accuracy, adjusted_rand_index
from emviz.em import History
from emviz.timeline import collapse_warning, format_point, frame_at, log_likelihood_text, majority_labels, significant
from emviz.ui import frame_player, lesson_charts, sidebar, state
from emviz.ui.guess_controls import load_into_stepper
from emviz.ui.learner_run import current_choices, learner_run
from emviz.ui.lessons import hard_run, landscape_view, restart_runs, subset_note
from emviz.ui.panels import frame_chart, parameter_table, plot_config


def _solution_rows(histories: list[History], groups: list[list[int]]) -> pd.DataFrame:
    rows = []
    for number, group in enumerate(groups):
        final = histories[group[0]].mixtures[-1]
        order = np.lexsort(final.means.T[::-1])
        sigmas = final.axis_sigmas
        rows.append({
            "solution": f"{number + 1}" + (" ★ best" if number == 0 else ""),
            "runs": len(group),
            "final log-likelihood": log_likelihood_text(histories[group[0]].log_likelihoods[-1]),
            "means": " / ".join(format_point(v) for v in final.means[order]),
            "σ": " / ".join(format_point(v) for v in sigmas[order]),
            "weights": " / ".join(significant(v) for v in final.weights[order]),
        })
    return pd.DataFrame(rows)


def _note_subset(choices: sidebar.Choices) -> None:
    note = subset_note(choices.spec)
    if note:
        st.caption(note)


def _restarts(choices: sidebar.Choices) -> None:
    st.session_state.setdefault(state.N_RESTARTS, 20)
    st.session_state.setdefault(state.RESTART_SEED, 0)
    count_column, seed_column = st.columns(2)
    count_column.slider("Restarts", *state.N_RESTARTS_RANGE, key=state.N_RESTARTS, persist_state="session",
                        help="Runs from random starts: K data points as means, the data's σ for both.")
    seed_column.number_input("Seed of the random starts", *state.SEED_RANGE, step=1, key=state.RESTART_SEED,
                             persist_state="session")
    histories, groups = restart_runs(choices.spec, choices.n_components, int(st.session_state[state.N_RESTARTS]),
                                     int(st.session_state[state.RESTART_SEED]), choices.settings)
    chart_column, table_column = st.columns(2, gap="medium")
    with chart_column:
        lesson_charts.show(lesson_charts.restarts_figure, choices.spec, choices.n_components,
                           int(st.session_state[state.N_RESTARTS]), int(st.session_state[state.RESTART_SEED]),
                           choices.settings, key="restarts_chart")
    with table_column:
        finished = sum(map(len, groups))
        if finished < len(histories):
            st.error(f"{len(histories) - finished} of the {len(histories)} restarts failed: EM stopped when a "
                     "Gaussian collapsed onto a point or lost every point. A failed run is no fit, so it is "
                     "not counted below; a larger reg_covar prevents it.", icon=":material/warning:")
        if not groups:
            return
        if len(groups) == 1:
            st.success(f"All {finished} restarts{' that finished' if finished < len(histories) else ''} found the "
                       "same fit: on this data EM's answer does "
                       "not depend on the start. Try the example *Three clusters, two Gaussians*.",
                       icon=":material/check_circle:")
        else:
            worst = histories[groups[-1][0]].log_likelihoods[-1]
            best = histories[groups[0][0]].log_likelihoods[-1]
            st.warning(f"{finished} restarts ended in {len(groups)} different fits: EM climbs to the "
                       f"nearest hill, not always the highest. The best has log-likelihood "
                       f"{log_likelihood_text(best)}, the worst {log_likelihood_text(worst)}. "
                       "Keep the best of several starts.",
                       icon=":material/alt_route:")
        st.dataframe(_solution_rows(histories, groups), hide_index=True, width="stretch")
        _note_subset(choices)
        st.caption("Load a solution's best run into the stepper to watch how it got there"
                   + (" (in 2-D its start is made round: the guess controls have no correlation):"
                      if choices.dimensions > 1 else ":"))
        _load_solution(histories, groups)


def _load_solution(histories: list[History], groups: list[list[int]]) -> None:
    """A full-width choice of solution and a full-width button that loads its best run into the stepper."""
    if st.session_state.get(state.SOLUTION_TO_LOAD, 0) >= len(groups):
        st.session_state[state.SOLUTION_TO_LOAD] = 0
    chosen = st.selectbox(
        "Solution", range(len(groups)), key=state.SOLUTION_TO_LOAD, label_visibility="collapsed",
        format_func=lambda number: f"Solution {number + 1}" + (" ★ best" if number == 0 else "")
        + f" ({len(groups[number])} run{'s' if len(groups[number]) > 1 else ''})")
    st.button(f"Load solution {chosen + 1} into the stepper", key=state.LOAD_SOLUTION, on_click=load_into_stepper,
              args=(histories[groups[chosen][0]].mixtures[0],), width="stretch", icon=":material/footprint:")


def _landscape(choices: sidebar.Choices, history: History) -> None:
    if choices.dimensions != 1 or choices.n_components != 2:
        st.info(f"The landscape is a map over (µ1, µ2): it needs 1-D data and exactly K = 2 Gaussians "
                f"(here {choices.dimensions}-D data and K = {choices.n_components}). With more means the "
                "map would need more than two axes. Pick a 1-D example and K = 2 to see it.",
                icon=":material/map:")
        return
    frame = frame_at(history, int(st.session_state.get(state.FRAME, 0)))
    mixture = history.mixtures[frame.curves]
    keys = (choices.spec, choices.guess, choices.settings, frame.curves,
            int(st.session_state.get(state.N_RESTARTS, 20)), int(st.session_state.get(state.RESTART_SEED, 0)))
    estimated = landscape_view(*keys)[-1]
    chart_column, text_column = st.columns([3, 2], gap="medium")
    with chart_column:
        lesson_charts.show(lesson_charts.landscape_figure, *keys, key="landscape_chart")
    with text_column:
        st.markdown(
            f"The log-likelihood over every pair (µ1, µ2), with σ and the weights held at frame "
            f"{frame.index} of the stepper (σ = {' / '.join(significant(s) for s in mixture.sigmas)}, "
            f"weights = {' / '.join(significant(w) for w in mixture.weights)}). Brighter is higher."
        )
        st.markdown(
            "**Mirror symmetry.** Swapping the labels of the two Gaussians gives the same fit, so every "
            "solution has a twin across the dashed line µ1 = µ2 (✕ marks the twin of this frame). With "
            "equal σ and weights the map itself is symmetric; EM simply climbs the hill it starts on."
        )
        st.markdown("**Paths.** Your run in vermillion, each restart in white: starts on different hills "
                    "end on different tops.")
        if estimated:
            st.caption(f"Computed on 20,000 of the {history.n_points:,} points and scaled up.")


def _collapse(choices: sidebar.Choices, history: History, problem: str | None) -> None:
    warning = collapse_warning(history)
    if problem and "collapsed" in problem:
        st.error(f"{problem}", icon=":material/warning:")
    elif warning:
        st.warning(warning, icon=":material/warning:")
    else:
        st.success("Your run does not collapse: every σ stays well above zero.", icon=":material/check_circle:")
    st.markdown(
        "When a Gaussian sits on one point, σ → 0 makes its density there → ∞, so the log-likelihood "
        "→ +∞: maximum likelihood is not even defined. `reg_covar` adds a floor to every variance "
        "(σ² ≥ reg_covar), which keeps σ ≥ √reg_covar and the likelihood finite. The same start, "
        "four floors:"
    )
    lesson_charts.show(lesson_charts.collapse_figure, choices.spec, choices.guess, choices.settings,
                       key="collapse_chart")
    st.caption("Try the example *Collapse onto a point*, or set σ of one Gaussian small on a lone point "
               "and reg_covar to 0 in the run settings.")
    _note_subset(choices)


def _hard_versus_soft(choices: sidebar.Choices, history: History) -> None:
    st.session_state.setdefault(state.HARD_EM, True)
    if not st.toggle("Compare with hard EM", key=state.HARD_EM, persist_state="session",
                     help="Hard EM gives each point wholly to its most likely Gaussian, as k-means does."):
        st.info("Turn on the switch to run hard EM from the same start.")
        return
    hard, problem = hard_run(choices.spec, choices.guess, choices.settings)
    if problem:
        st.error(problem, icon=":material/warning:")
    chart_column, text_column = st.columns([3, 2], gap="medium")
    with chart_column:
        lesson_charts.show(lesson_charts.paths_figure, choices.spec, choices.guess, choices.settings,
                           key="paths_chart")
    with text_column:
        gains = np.diff(hard.log_likelihoods)
        falls = int(np.count_nonzero(gains < 0))
        st.markdown(
            f"Soft EM: {history.n_iter} iterations, final log-likelihood "
            f"{log_likelihood_text(history.log_likelihoods[-1])}. Hard EM: {hard.n_iter} iterations, final "
            f"{log_likelihood_text(hard.log_likelihoods[-1])}"
            + (f", and it went **down** in {falls} of them." if falls else ".")
        )
        st.markdown(
            "A point halfway between two Gaussians really is half one and half the other. Soft EM keeps "
            "that uncertainty: the posterior is a **distribution**, and the M-step counts the point half "
            "for each. Hard EM rounds it to a **label**, so points near the border pull both means the "
            "wrong way, σ comes out too small, and the likelihood is no longer guaranteed to rise."
        )
    soft_column, hard_column = st.columns(2, gap="medium")
    for column, title, run in ((soft_column, "Soft EM, last frame", history),
                               (hard_column, "Hard EM, last frame", hard)):
        with column:
            st.markdown(f"**{title}**")
            st.plotly_chart(frame_chart(run, 2 * run.n_iter, titles=choices.data.columns), width="stretch",
                            config=plot_config("final_fit"), key=f"final_{'soft' if run is history else 'hard'}")
            parameter_table(run, 2 * run.n_iter)


def _against_truth(choices: sidebar.Choices, history: History) -> None:
    truth, labels = choices.data.truth, choices.data.labels
    if truth is None:
        st.info("Real data come with no true labels or parameters: there is nothing to check the fit "
                "against. Generated examples have a truth; try one of them.", icon=":material/help:")
        return
    predicted = majority_labels(history.responsibilities(-1))
    columns = st.columns(3)
    columns[0].metric("Accuracy of the majority colour", f"{accuracy(labels, predicted):.1%}",
                      help="After matching each fitted Gaussian to a true one (Hungarian algorithm).")
    columns[1].metric("Adjusted Rand index", f"{adjusted_rand_index(labels, predicted):.3f}",
                      help="1 for the true grouping (up to relabelling), about 0 for a random one.")
    columns[2].metric("True Gaussians", truth.n_components)
    if truth.n_components != history.mixtures[0].n_components:
        st.info(f"The data come from {truth.n_components} Gaussians but the fit has "
                f"{history.mixtures[0].n_components}: no parameter matches one to one, so only the "
                "grouping is compared.")
        return
    if choices.dimensions != 1:
        st.caption("Each parameter's error is charted for 1-D data; in 2-D compare the ellipses with "
                   "*Show the true ellipses* in the sidebar.")
        return
    lesson_charts.show(lesson_charts.error_figure, choices.spec, choices.guess, choices.settings, key="error_chart")
    st.caption("Errors do not go to zero: EM finds the best fit to this sample, and a sample is not the "
               "population it came from.")


def page(choices: sidebar.Choices) -> None:
    """Draw the lesson for the learner's run."""
    outcome = learner_run(choices)
    if outcome is None:
        return
    frame_player.report_browser_cursor(choices)  # the frame reached in the stepper, if not reported yet
    tabs = st.tabs(["Local optima & restarts", "Likelihood landscape", "Collapse", "Hard vs soft EM",
                    "Against the truth"])
    with tabs[0]:
        _restarts(choices)
    with tabs[1]:
        _landscape(choices, outcome.history)
    with tabs[2]:
        _collapse(choices, outcome.history, outcome.problem)
    with tabs[3]:
        _hard_versus_soft(choices, outcome.history)
    with tabs[4]:
        _against_truth(choices, outcome.history)


if __name__ == "__main__":  # run by st.navigation as the page script
    page(current_choices())
