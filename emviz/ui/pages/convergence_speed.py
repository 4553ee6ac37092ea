"""Page "How fast EM converges": the rate, Aitken's limit, SQUAREM and three packages' stopping rules."""

from __future__ import annotations

import streamlit as st

from emviz.engine.convergence import MCLUST, MIXTOOLS, SKLEARN, aitken_limits, aitken_rule
from emviz.figures_speed import GAP_HEIGHT, aitken_chart, gap_chart, rate_chart, stop_rows
from emviz.timeline import frame_at, significant
from emviz.ui import state
from emviz.ui.half_steps import half_step_controls, start_run
from emviz.ui.panels import frame_chart, plot_config
from emviz.ui.speed_runs import (
    N_POINTS,
    SEPARATIONS,
    WEIGHTS,
    SpeedLesson,
    rate_by_separation,
    rate_by_weight,
    speed_lesson,
)

DEFAULT_SEPARATION = 3.0
DEFAULT_WEIGHT = 0.3
RULES = (SKLEARN, MIXTOOLS, MCLUST, aitken_rule())
"""The stopping rules compared, each with its package's default tolerance (Aitken's: 10⁻³ of ℓ)."""
WHAT_TO_NOTICE = (
    "**How fast EM converges:** each iteration shrinks the gap ℓ* − ℓ by about the same factor, a straight line "
    "in log(ℓ* − ℓₜ). **Notice:** with more overlap the line flattens (its factor λ², λ the fraction of missing "
    "information, nears 1); SQUAREM needs far fewer EM steps; Aitken's estimate nears ℓ* long before ℓₜ does; "
    "scikit-learn, mixtools and mclust stop at very different places."
)


def _settings() -> tuple[float, float]:
    session = st.session_state
    if session.get(state.SPEED_SEPARATION) not in SEPARATIONS:
        session[state.SPEED_SEPARATION] = DEFAULT_SEPARATION
    if session.get(state.SPEED_WEIGHT) not in WEIGHTS:
        session[state.SPEED_WEIGHT] = DEFAULT_WEIGHT
    left, right = st.columns(2)
    left.select_slider(
        "Overlap: distance between the two means, in σ (less is more overlap)", SEPARATIONS, key=state.SPEED_SEPARATION
    )
    right.select_slider("Weight of the smaller Gaussian", WEIGHTS, key=state.SPEED_WEIGHT)
    return float(session[state.SPEED_SEPARATION]), float(session[state.SPEED_WEIGHT])


def describe(lesson: SpeedLesson, frame_index: int, stops: dict[str, int | None]) -> str:
    """The one sentence saying what the frame did, in terms of the gap ℓ* − ℓ."""
    history = lesson.history
    frame = frame_at(history, frame_index)
    gap = lesson.limit - history.log_likelihoods
    if frame.kind == "guess":
        return (
            f"The start: means at the data's 10th and 90th percentiles, σ its spread; ℓ* − ℓ₀ = {significant(gap[0])}."
        )
    t = frame.iteration
    if frame.kind == "e-step":
        return (
            f"E-step {t}: responsibilities under mixture {t - 1}; nothing moves, the gap stays "
            f"{significant(max(gap[t - 1], 0.0))}."
        )
    ratio = f" (×{gap[t] / gap[t - 1]:.3f})" if gap[t - 1] > 0 and gap[t] > 0 else ""
    stopping = [name for name, stop in stops.items() if stop == t]
    stop_note = f" {' and '.join(stopping)} would stop here." if stopping else ""
    return (
        f"M-step {t}: the gap ℓ* − ℓ shrinks from {significant(max(gap[t - 1], 0.0))} to "
        f"{significant(max(gap[t], 0.0))}{ratio}.{stop_note}"
    )


def _rate_summary(lesson: SpeedLesson) -> str:
    measured = (
        "too few iterations above rounding noise to fit a slope"
        if lesson.fit is None
        else f"the slope gives ×{lesson.fit.gap_ratio:.4f} per step, so λ = √{lesson.fit.gap_ratio:.4f} = "
        f"**{lesson.fit.rate:.4f}**"
    )
    accelerated = lesson.accelerated
    return (
        f"Measured: {measured}; the EM map's Jacobian (finite differences) at the fixed point has largest "
        f"eigenvalue **λ = {lesson.rate:.4f}**. Plain EM: **{lesson.history.n_iter} EM steps** (run far past "
        f"every package's rule); SQUAREM: **{accelerated.n_em_evaluations} EM steps** and "
        f"{accelerated.likelihood_evaluations} log-likelihoods to the same ℓ* = {significant(lesson.limit, 8)}."
    )


def page() -> None:
    """Draw the lesson: the settings, the stepper on plain EM, the gap, Aitken and the stopping rules, the rates."""
    st.markdown(WHAT_TO_NOTICE)
    separation, weight = _settings()
    lesson = speed_lesson(separation, weight)
    history = lesson.history
    stops = {rule.name: rule.stops_at(history.log_likelihoods, history.n_points) for rule in RULES}
    start_run((separation, weight), state.SPEED_RUN_ID, state.SPEED_FRAME)
    frame = half_step_controls(history, state.SPEED_FRAME, state.SPEED_STEPS)
    chart_column, gap_column = st.columns([1.15, 1], gap="small")
    with chart_column:
        main = frame_chart(history, frame)
        main.update_layout(height=GAP_HEIGHT, legend=dict(font=dict(size=13)))
        st.plotly_chart(main, width="stretch", config=plot_config("speed_main"), key="speed_main")
        st.info(describe(lesson, frame, stops), icon=":material/speed:")
    with gap_column:
        st.plotly_chart(
            gap_chart(
                history.log_likelihoods, lesson.limit, lesson.fit, lesson.accelerated, frame_at(history, frame).curves
            ),
            width="stretch",
            config=plot_config("speed_gap"),
            key="speed_gap",
        )
        st.markdown(_rate_summary(lesson))
    rules_column, rates_column = st.columns(2, gap="medium")
    with rules_column:
        st.markdown("**Aitken's estimate of ℓ\\*, and where each package stops**")
        st.plotly_chart(
            aitken_chart(history.log_likelihoods, lesson.limit, aitken_limits(history.log_likelihoods), stops),
            width="stretch",
            config=plot_config("speed_aitken"),
            key="speed_aitken",
        )
        st.dataframe(
            stop_rows(((rule, stops[rule.name]) for rule in RULES), history.log_likelihoods, lesson.limit),
            hide_index=True,
            width="stretch",
        )
    with rates_column:
        st.markdown("**The rate against the overlap and against the smaller weight**")
        st.plotly_chart(
            rate_chart(
                SEPARATIONS, rate_by_separation(weight), separation, WEIGHTS, rate_by_weight(separation), weight
            ),
            width="stretch",
            config=plot_config("speed_rates"),
            key="speed_rates",
        )
        st.caption(
            f"{N_POINTS:,} points drawn (seed 0) from (1 − w)·N(0, 1) + w·N(d, 1). λ is where EM stands "
            "still: at λ = 0.95 the error shrinks 5 % per step and ℓ* − ℓ by λ² ≈ 10 %."
        )


if __name__ == "__main__":  # run by st.navigation as the page script
    page()
