"""Page "Predict the next step": say where EM goes next, then see where it went and why.

Before an M-step the learner types where each µ (and σ in 1-D) will move; before an E-step,
which colour a chosen point will take. "Reveal" runs the step on the learner's run, draws
the prediction beside the truth, says how far off it was and why, and adds to a running
score kept for the session. The page has its own cursor (``state.PREDICT_FRAME``), apart
from the stepper's.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import streamlit as st

from emviz.chart_style import colour
from emviz.em import History
from emviz.predict import (
    MAX_POINTS,
    EStepResult,
    MStepResult,
    Score,
    check_means,
    check_sigmas,
    colour_name,
    how_far,
    iteration_after,
    next_step,
    points_text,
    score_e_step,
    score_m_step,
    telling_point,
)
from emviz.predict_figures import prediction_chart
from emviz.timeline import describe_frame, format_point, frame_at, significant
from emviz.ui import sidebar, state
from emviz.ui.learner_run import current_choices, learner_run
from emviz.ui.literal import markdown_literal, plotly_literal
from emviz.ui.panels import MAIN_COLUMNS, PLOT_CONFIG, component_label
from emviz.ui.rules import is_number


def _score() -> Score:
    return st.session_state.get(state.PREDICT_SCORE) or Score()


def _go_to(frame: int) -> None:
    st.session_state[state.PREDICT_FRAME] = frame
    st.session_state[state.PREDICT_RESULT] = None


def _reset_score() -> None:
    st.session_state[state.PREDICT_SCORE] = Score()


def _cursor(history: History, run_id: object) -> int:
    """The frame predicted from: 0 for a new run, else where the learner left it (within the run)."""
    session = st.session_state
    if session.get(state.PREDICT_RUN) != run_id:
        session[state.PREDICT_RUN] = run_id
        session.pop(state.PREDICT_POINT, None)  # another data set: its points are other points
        _go_to(0)
    frame = int(np.clip(session.get(state.PREDICT_FRAME, 0), 0, 2 * history.n_iter))
    session[state.PREDICT_FRAME] = frame
    return frame


def _frame_values(history: History, frame: int) -> dict[str, float]:
    """The prediction boxes' keys and the values on screen at ``frame``: where the learner starts from."""
    mixture = history.mixtures[frame_at(history, frame).curves]
    values = {}
    for k in range(mixture.n_components):
        if mixture.n_features == 1:
            values[state.predict_mean(k)] = float(mixture.means[k, 0])
            values[state.predict_sigma(k)] = float(mixture.sigmas[k])
        else:
            for axis in range(2):
                values[state.predict_mean(k, axis)] = float(mixture.means[k, axis])
    return values


def _fill(history: History, frame: int, run_id: object) -> None:
    """Put the values on screen into the prediction boxes, once per frame: the learner moves them from there."""
    session = st.session_state
    if session.get(state.PREDICT_FILLED) == (run_id, frame):
        return
    session.update(_frame_values(history, frame))
    if state.PREDICT_POINT not in session:  # the learner's point stays from step to step
        session[state.PREDICT_POINT] = telling_point(history, frame)
    session[state.PREDICT_COLOUR] = None
    session[state.PREDICT_FILLED] = (run_id, frame)


def _repair(history: History, frame: int) -> None:
    """Put back what no box, radio or point could have sent (text, NaN, a point or colour that does not
    exist), each to the value on screen, and say so; everything else the learner typed stays."""
    session = st.session_state
    on_screen = _frame_values(history, frame)
    repaired = [key for key in on_screen if not is_number(session.get(key))]
    session.update({key: on_screen[key] for key in repaired})
    point = session.get(state.PREDICT_POINT)
    if not (is_number(point) and float(point).is_integer() and 0 <= point < history.n_points):
        session[state.PREDICT_POINT] = telling_point(history, frame)
        repaired.append(state.PREDICT_POINT)
    session[state.PREDICT_POINT] = int(session[state.PREDICT_POINT])
    colour = session.get(state.PREDICT_COLOUR)
    if colour is not None and not (is_number(colour) and colour in range(history.mixtures[0].n_components)):
        session[state.PREDICT_COLOUR] = None
        repaired.append(state.PREDICT_COLOUR)
    elif colour is not None:
        session[state.PREDICT_COLOUR] = int(colour)
    if repaired:
        st.toast("Some of the values received for your prediction are not ones its boxes allow; they are back "
                 "to the values on screen.", icon=":material/restart_alt:")


def _number(key: str) -> float:
    """The number in a box, NaN when there is none (a box the browser left empty or sent text for)."""
    value = st.session_state.get(key)
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def _predicted(history: History) -> tuple[np.ndarray, np.ndarray | None]:
    """The predicted means (K, d) and, in 1-D, σ (K,)."""
    n_components, n_features = history.mixtures[0].n_components, history.x.shape[1]
    if n_features == 1:
        means = np.array([[_number(state.predict_mean(k))] for k in range(n_components)])
        return means, np.array([_number(state.predict_sigma(k)) for k in range(n_components)])
    return np.array([[_number(state.predict_mean(k, axis)) for axis in range(2)]
                     for k in range(n_components)]), None


def _problems(history: History) -> list[str]:
    """Why the prediction on screen cannot be revealed yet (empty when it can)."""
    if next_step(history, st.session_state[state.PREDICT_FRAME]) == "m-step":
        means, sigmas = _predicted(history)
        return check_means(means, history.x) + ([] if sigmas is None else check_sigmas(sigmas, history.x))
    point, colour = st.session_state.get(state.PREDICT_POINT), st.session_state.get(state.PREDICT_COLOUR)
    problems = []
    if not isinstance(point, (int, np.integer)) or not 0 <= point < history.n_points:
        problems.append(f"Choose a point numbered 0 to {history.n_points - 1:,}.")
    if colour not in range(history.mixtures[0].n_components):
        problems.append("Choose the colour you think the point will take.")
    return problems


def _reveal(history: History, frame: int) -> None:
    """Score the prediction and run the step (once: a second click on the same frame counts nothing)."""
    session = st.session_state
    if _problems(history) or session.get(state.PREDICT_RESULT) is not None:
        return
    iteration = iteration_after(frame)
    if next_step(history, frame) == "m-step":
        result = score_m_step(history, iteration, *_predicted(history))
    else:
        result = score_e_step(history, iteration, int(session[state.PREDICT_POINT]),
                              int(session[state.PREDICT_COLOUR]))
    session[state.PREDICT_RESULT] = (frame, result)
    session[state.PREDICT_SCORE] = _score().add(result.points)


def _nearest(x: np.ndarray, where) -> int:
    """The point of ``x`` (N, d) nearest to ``where`` (d numbers)."""
    return int(np.argmin(np.sum((x - np.asarray(where, dtype=float)) ** 2, axis=1)))


def _pick_from_value(x: np.ndarray) -> None:
    value = _number(state.PREDICT_POINT_VALUE)
    if np.isfinite(value):
        st.session_state[state.PREDICT_POINT] = _nearest(x, [value])


def _pick_from_chart(x: np.ndarray, chart_key: str) -> None:
    """Pick the point nearest to the click: a dot or the centre of a histogram bar (1-D), a dot (2-D)."""
    points = st.session_state[chart_key].selection.points
    axes = ("x",) if x.shape[1] == 1 else ("x", "y")
    if points and all(points[0].get(axis) is not None for axis in axes):
        st.session_state[state.PREDICT_POINT] = _nearest(x, [float(points[0][axis]) for axis in axes])


def _step(span: float) -> float:
    """A step for the ± buttons of a box: a round number near a hundredth of the data's range."""
    return float(10.0 ** np.round(np.log10(span / 100.0))) if span > 0 else 0.1


def _m_step_inputs(history: History, titles: tuple[str, ...]) -> None:
    one_dimensional = history.x.shape[1] == 1
    step = _step(float(np.ptp(history.x)))
    ask = "each µ and σ" if one_dimensional else "each µ (the centre of each ellipse)"
    st.markdown(f"**Where will {ask} move?** Type your prediction (it starts at the values now).")
    for k in range(history.mixtures[0].n_components):
        label, *boxes = st.columns([1.15, 1, 1], vertical_alignment="bottom")
        with label:
            component_label(k, "Gaussian")
        if one_dimensional:
            boxes[0].number_input(f"µ{k + 1}", key=state.predict_mean(k), step=step, format="%.4g")
            boxes[1].number_input(f"σ{k + 1}", key=state.predict_sigma(k), step=step, format="%.4g")
        else:
            for axis, box in enumerate(boxes):
                box.number_input(f"µ{k + 1}, {markdown_literal(titles[axis])}",
                                 key=state.predict_mean(k, axis), step=step, format="%.4g")


def _e_step_inputs(history: History) -> None:
    n_points, n_components = history.n_points, history.mixtures[0].n_components
    point = int(st.session_state[state.PREDICT_POINT])
    st.markdown(f"**Which colour will point {point} (x = {format_point(history.x[point])}) take?** Click another "
                "point in the chart, or type its number.")
    if history.x.shape[1] == 1:
        st.session_state[state.PREDICT_POINT_VALUE] = float(history.x[point, 0])
        number, value = st.columns(2)
        value.number_input("…or the point nearest to x =", key=state.PREDICT_POINT_VALUE, format="%.4g",
                           on_change=_pick_from_value, args=(history.x,))
    else:
        number = st.container()
    number.number_input("Point number", 0, n_points - 1, step=1, key=state.PREDICT_POINT,
                        help="Points are numbered from 0. You can also click a point in the chart.")
    st.radio("Its colour after the E-step", list(range(n_components)), format_func=colour_name,
             key=state.PREDICT_COLOUR,
             help="The colour of the Gaussian with the largest responsibility for the point.")


def _chart(history: History, frame: int, result, titles: tuple[str, ...]) -> None:
    """Before the reveal: the frame and the prediction; after it: the step EM took and the prediction."""
    picking = result is None and next_step(history, frame) == "e-step"
    point = st.session_state.get(state.PREDICT_POINT) if next_step(history, frame) == "e-step" else None
    if result is None:
        means, sigmas = (None, None) if point is not None or _problems(history) else _predicted(history)
        figure = prediction_chart(history, frame, means=means, sigmas=sigmas, point=point, titles=titles)
    elif isinstance(result, MStepResult):
        figure = prediction_chart(history, frame + 1, means=result.guessed_means, sigmas=result.guessed_sigmas,
                                  titles=titles)
    else:
        figure = prediction_chart(history, frame + 1, point=result.point, titles=titles)
    if picking:
        key = state.predict_chart(int(point))
        st.plotly_chart(figure, width="stretch", config=PLOT_CONFIG, key=key, selection_mode="points",
                        on_select=partial(_pick_from_chart, history.x, key))
    else:
        st.plotly_chart(figure, width="stretch", config=PLOT_CONFIG, key="predict_view")
    shown = frame if result is None else frame + 1
    st.info(describe_frame(history, shown), icon=":material/visibility:" if result else ":material/help:")


def _m_step_result(result: MStepResult) -> None:
    """Each Gaussian's prediction beside EM's, and how far off it was."""
    for k in range(result.true_means.shape[0]):
        line = (f"<span style='color:{colour(k)}'>●</span> **Gaussian {k + 1}**: "
                f"µ {format_point(result.guessed_means[k])} → **{format_point(result.true_means[k])}**, "
                f"{how_far(result.mean_errors[k], result.mean_shares[k])}")
        if result.guessed_sigmas is not None:
            line += (f"; σ {significant(result.guessed_sigmas[k])} → **{significant(result.true_sigmas[k])}**, "
                     f"{result.sigma_errors[k]:.0%} off")
        st.markdown(line, unsafe_allow_html=True)
    unit = "EM's new σ of each Gaussian" if result.guessed_sigmas is not None else (
        "measured with EM's new covariance of each Gaussian (the Mahalanobis distance)")
    st.markdown("**Why**\n" + "\n".join(f"- {reason}" for reason in result.reasons))
    st.caption(f"Each arrow is yours → EM's. σ here: {unit}. One σ off scores half of that number's share.")


def _e_step_result(result: EStepResult) -> None:
    gammas = ", ".join(f"γ{k + 1} = {gamma:.3f}" for k, gamma in enumerate(result.gammas))
    if result.right:
        st.success(f"Right: point {result.point} takes the colour of {colour_name(result.guessed)}.",
                   icon=":material/check_circle:")
    else:
        st.error(f"Not this time: point {result.point} takes the colour of {colour_name(result.true)}, "
                 f"not of {colour_name(result.guessed)}.", icon=":material/cancel:")
    st.markdown(f"Its responsibilities after the E-step: {gammas}.  \n**Why:** {result.reason}")


def _result(history: History, frame: int, result) -> None:
    step = "M-step" if isinstance(result, MStepResult) else "E-step"
    st.markdown(f"**{step} {result.iteration}: +{points_text(result.points)} of {points_text(MAX_POINTS)} points**")
    st.button("Predict the next step", key=state.PREDICT_NEXT, type="primary", icon=":material/arrow_forward:",
              on_click=_go_to, args=(frame + 1,), width="stretch")
    if isinstance(result, MStepResult):
        _m_step_result(result)
    else:
        _e_step_result(result)


def _ask(history: History, frame: int, titles: tuple[str, ...]) -> None:
    kind = next_step(history, frame)
    if kind == "m-step":
        _m_step_inputs(history, titles)
    else:
        _e_step_inputs(history)
    problems = _problems(history)
    for problem in problems:
        st.warning(problem, icon=":material/edit:")
    reveal, skip = st.columns([1.6, 1])
    reveal.button(f"Reveal the {'M' if kind == 'm-step' else 'E'}-step", key=state.PREDICT_REVEAL, type="primary",
                  icon=":material/visibility:", on_click=_reveal, args=(history, frame), disabled=bool(problems),
                  width="stretch")
    skip.button("Skip it", key=state.PREDICT_SKIP, icon=":material/skip_next:", on_click=_go_to,
                args=(frame + 1,), width="stretch", help="Run this step without predicting it.")


def _header(history: History, frame: int, revealed: bool) -> None:
    kind = next_step(history, frame)
    question, score, reset, restart = st.columns([2.3, 1.6, 1.1, 1.1], vertical_alignment="center")
    step = f"{'E' if kind == 'e-step' else 'M'}-step {iteration_after(frame)}"
    if kind is None:
        question.markdown("**EM has finished: there is no step left to predict.**")
    elif revealed:
        question.markdown(f"**{step}, revealed:** your prediction beside what EM did.")
    else:
        question.markdown(f"**Your turn: predict {step}**, then reveal it.")
    score.markdown(f"**Score:** {_score().text()}")
    reset.button("Reset score", key=state.PREDICT_RESET_SCORE, icon=":material/restart_alt:",
                 on_click=_reset_score, width="stretch")
    restart.button("Start again", key=state.PREDICT_RESTART, icon=":material/first_page:", on_click=_go_to,
                   args=(0,), disabled=frame == 0, width="stretch", help="Back to your initial guess.")


def page(choices: sidebar.Choices) -> None:
    """Draw the prediction game on the learner's run."""
    outcome = learner_run(choices)
    if outcome is None:
        return
    history, run_id = outcome.history, (choices.spec, choices.guess, choices.settings)
    frame = _cursor(history, run_id)
    _fill(history, frame, run_id)
    _repair(history, frame)
    revealed = st.session_state.get(state.PREDICT_RESULT)
    result = revealed[1] if revealed is not None and revealed[0] == frame else None
    titles = tuple(plotly_literal(title) for title in choices.data.columns)
    _header(history, frame, result is not None)
    chart_column, side_column = st.columns(MAIN_COLUMNS, gap="small")
    with chart_column:
        _chart(history, frame, result, titles)
    with side_column:
        if result is not None:
            _result(history, frame, result)
        elif next_step(history, frame) is None:
            st.success("Every step of this run is done. Press **Start again** to predict it once more, or change "
                       "the data or the guess in the sidebar.", icon=":material/flag:")
            if outcome.problem:
                st.warning(outcome.problem, icon=":material/warning:")
        else:
            _ask(history, frame, choices.data.columns)


if __name__ == "__main__":  # run by st.navigation as the page script
    page(current_choices())
