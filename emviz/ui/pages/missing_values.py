"""Page "Missing values": EM fills in the missing y of a bivariate normal, half-step by half-step."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from emviz.engine.missing_values import MissingRun, run_missing_em
from emviz.figures import log_likelihood_chart
from emviz.figures_missing import MISSING_CHART_HEIGHT, missing_chart
from emviz.missing_frames import describe_frame, estimate_rows, forgetting_note
from emviz.timeline import frame_at
from emviz.ui import panels, state, stepper
from emviz.ui.missing_controls import LessonData, controls
from emviz.ui.panels import MAIN_COLUMNS, plot_config

NOTICE = (
    "**What to notice.** The start, mean imputation, puts every missing y on one flat line: σy and ρ come out "
    "too small. Each **E-step** fills a missing y with E[y | x] and adds Var(y | x) to its expected y²; each "
    "**M-step** re-estimates µ and Σ. Watch the filled points (diamonds) tilt onto the regression line, then "
    "compare the estimates in the table below."
)


@st.cache_data(max_entries=32, show_spinner=False)
def _runs(_lesson: LessonData, key: tuple) -> tuple[MissingRun, MissingRun]:
    """EM's run and the one that forgets Var(y | x), on the lesson's data (cached by ``key``, its x and y)."""
    return run_missing_em(_lesson.data), run_missing_em(_lesson.data, conditional_variance=False)


def page() -> None:
    """Draw the lesson: what to notice, the data controls, then the timeline of the run."""
    st.markdown(NOTICE)
    lesson = controls()
    key = (lesson.data.x.tobytes(), lesson.data.y.tobytes())
    run, forgetful = _runs(lesson, key)
    stepper.start_new_run(key, run_key=state.MISSING_RUN_ID, frame_key=state.MISSING_FRAME)

    def draw_frame(run: MissingRun, frame: int) -> None:
        panels.caption(describe_frame(run, frame), frame_at(run, frame).kind)
        chart_column, side_column = st.columns(MAIN_COLUMNS, gap="small")
        chart_column.plotly_chart(
            missing_chart(run, frame, truth=lesson.truth, titles=lesson.titles),
            width="stretch",
            config=plot_config("missing_chart"),
            key="missing_chart",
        )
        side_column.plotly_chart(
            log_likelihood_chart(run, frame).update_layout(height=MISSING_CHART_HEIGHT),
            width="stretch",
            config=plot_config("missing_log_likelihood"),
            key="missing_log_likelihood",
        )
        st.markdown("**Every estimate side by side** (σ divided by n)")
        st.table(
            pd.DataFrame(estimate_rows(run, frame, forgetful=forgetful, known=lesson.known, truth=lesson.truth)),
            hide_index=True,
        )
        st.caption(forgetting_note(run, forgetful))

    stepper.stepper(run, draw_frame, stepper.playback_interval(), frame_key=state.MISSING_FRAME)


if __name__ == "__main__":  # run by st.navigation as the page script
    page()
