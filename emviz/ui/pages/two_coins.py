"""Page "Two coins": EM on the coin-tossing example of Do & Batzoglou (2008), half-step by half-step."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from emviz.chart_style import PALETTE
from emviz.coins_frames import describe_frame, probability_text, table_rows
from emviz.engine.two_coins import (
    PAPER_START,
    PAPER_TOSSES,
    CoinBiases,
    CoinRun,
    Tosses,
    complete_data_estimate,
    parse_tosses,
    run_two_coins,
)
from emviz.figures import log_likelihood_chart
from emviz.figures_coins import theta_chart
from emviz.timeline import frame_at
from emviz.ui import panels, state, stepper
from emviz.ui.panels import plot_config

NOTICE = (
    "**What to notice.** EM is never told which coin tossed each set. The **E-step** shares each set between "
    "the coins by how likely each is to have tossed it; the **M-step** divides each coin's expected heads by "
    "its expected tosses. In ten iterations θ goes from (0.60, 0.50) to about (0.80, 0.52), near the answer "
    "with the coins revealed, and the log-likelihood never goes down."
)
LIKELIHOOD_HEIGHT = 300
"""Height of the log-likelihood chart beside the table (the table and it fit 1280×720)."""
COIN_COLUMNS = {"A": ("P(A)", "A: H", "A: T"), "B": ("P(B)", "B: H", "B: T")}


def _tosses() -> Tosses:
    """The learner's tosses, or the last ones that could be read (the mistake is said)."""
    st.session_state.setdefault(state.COINS_LAST_GOOD, PAPER_TOSSES)
    try:
        tosses = parse_tosses(st.session_state[state.COINS_TOSSES])
    except ValueError as error:
        st.error(f"{error} Until then EM runs on your last tosses that could be read.", icon=":material/warning:")
        return parse_tosses(st.session_state[state.COINS_LAST_GOOD])
    st.session_state[state.COINS_LAST_GOOD] = st.session_state[state.COINS_TOSSES]
    return tosses


def _controls() -> tuple[Tosses, CoinBiases, int, bool]:
    """The tosses, the start, the number of iterations and hard or soft, in one expander."""
    st.session_state.setdefault(state.COINS_TOSSES, PAPER_TOSSES)
    st.session_state.setdefault(state.COINS_THETA_A, PAPER_START.theta_a)
    st.session_state.setdefault(state.COINS_THETA_B, PAPER_START.theta_b)
    st.session_state.setdefault(state.COINS_ITERATIONS, 10)
    st.session_state.setdefault(state.COINS_HARD, False)
    with st.expander("Your tosses, the start, hard or soft", icon=":material/edit:"):
        text_column, start_column = st.columns([2, 1.2], gap="medium")
        text_column.text_area(
            "Tosses: one set a line, H (heads) or T (tails); start a line with A: or B: to say which coin "
            "tossed it (that gives the answer with the coins revealed).",
            key=state.COINS_TOSSES,
            height=150,
        )
        with start_column:
            theta_a, theta_b = st.columns(2)
            theta_a.number_input(
                "Start θA", *state.COINS_THETA_RANGE, step=0.05, format="%.2f", key=state.COINS_THETA_A
            )
            theta_b.number_input(
                "Start θB", *state.COINS_THETA_RANGE, step=0.05, format="%.2f", key=state.COINS_THETA_B
            )
            st.slider("Iterations", *state.COINS_ITERATIONS_RANGE, key=state.COINS_ITERATIONS)
            st.toggle(
                "Hard assignment",
                key=state.COINS_HARD,
                help="Each set goes wholly to the likelier coin, instead of being shared by probability.",
            )
        st.button("Back to the paper's tosses and start", icon=":material/restart_alt:", on_click=_restore_paper)
    tosses = _tosses()
    start = CoinBiases(float(st.session_state[state.COINS_THETA_A]), float(st.session_state[state.COINS_THETA_B]))
    return tosses, start, int(st.session_state[state.COINS_ITERATIONS]), bool(st.session_state[state.COINS_HARD])


def _restore_paper() -> None:
    for key, value in (
        (state.COINS_TOSSES, PAPER_TOSSES),
        (state.COINS_THETA_A, PAPER_START.theta_a),
        (state.COINS_THETA_B, PAPER_START.theta_b),
        (state.COINS_ITERATIONS, 10),
        (state.COINS_HARD, False),
    ):
        st.session_state[key] = value


def _table(run: CoinRun, frame: int) -> None:
    """The paper's table at the frame, coin A's columns in its colour, coin B's in its own."""
    table = pd.DataFrame(table_rows(run, frame))

    def colours(frame_table: pd.DataFrame) -> pd.DataFrame:
        css = pd.DataFrame("", index=frame_table.index, columns=frame_table.columns)
        for k, columns in enumerate(COIN_COLUMNS.values()):
            css.loc[:, list(columns)] = f"color: {PALETTE[k]}; font-weight: bold"
        return css

    st.table(table.style.apply(colours, axis=None), hide_index=True)


def _comparison(run: CoinRun, frame: int, complete: CoinBiases | None) -> None:
    """EM's θ at the frame and at the end beside the answer with every coin revealed."""
    rows = {
        "EM, coins hidden: this frame": run.biases[frame_at(run, frame).curves],
        f"EM after {run.n_iter} iterations": run.biases[-1],
    }
    if complete is not None:
        rows["coins revealed (maximum likelihood)"] = complete
    st.table(
        pd.DataFrame(
            [
                {"θ": name, "θA": probability_text(b.theta_a), "θB": probability_text(b.theta_b)}
                for name, b in rows.items()
            ]
        ),
        hide_index=True,
    )


def _complete_answer(tosses: Tosses) -> CoinBiases | None:
    try:
        return complete_data_estimate(tosses)
    except ValueError as error:
        st.caption(f"No answer with the coins revealed: {error}")
        return None


def page() -> None:
    """Draw the lesson: what to notice, the controls, then the timeline of the run."""
    st.markdown(NOTICE)
    tosses, start, n_iter, hard = _controls()
    if start.theta_a == start.theta_b:
        st.warning(
            "With θA = θB the two coins look the same to every set, so they stay identical forever "
            "(a saddle point, not a maximum): start them apart.",
            icon=":material/warning:",
        )
    run = run_two_coins(tosses, start, n_iter=n_iter, hard=hard)
    complete = _complete_answer(tosses)
    stepper.start_new_run(
        (tosses.sequences, tosses.labels, start, n_iter, hard), run_key=state.COINS_RUN_ID, frame_key=state.COINS_FRAME
    )

    def draw_frame(run: CoinRun, frame: int) -> None:
        panels.caption(describe_frame(run, frame), frame_at(run, frame).kind)
        table_column, chart_column = st.columns([1.3, 1], gap="small")
        with table_column:
            _table(run, frame)
            _comparison(run, frame, complete)
        with chart_column:
            chart = log_likelihood_chart(run, frame).update_layout(height=LIKELIHOOD_HEIGHT)
            st.plotly_chart(
                chart, width="stretch", config=plot_config("coins_log_likelihood"), key="coins_log_likelihood"
            )
            if run.hard:
                st.caption(
                    "Hard EM: the log-likelihood of the sets with each given to its likelier coin, "
                    "which hard EM never lowers."
                )
        st.markdown("**θ along the run**, and dotted the answer with the coins revealed")
        st.plotly_chart(
            theta_chart(run, frame, complete), width="stretch", config=plot_config("coins_theta"), key="coins_theta"
        )

    stepper.stepper(run, draw_frame, stepper.playback_interval(), frame_key=state.COINS_FRAME)


if __name__ == "__main__":  # run by st.navigation as the page script
    page()
