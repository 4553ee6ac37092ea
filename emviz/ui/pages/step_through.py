"""Page "Step through EM": the half-step stepper on the learner's data and guess."""

from __future__ import annotations

import streamlit as st

from emviz.ui import panels, sidebar, stepper
from emviz.ui.runs import em_run


def page(choices: sidebar.Choices) -> None:
    """Draw the stepper for the learner's choices.

    Parameters
    ----------
    choices : sidebar.Choices
        The data, initial guess and settings from the sidebar.
    """
    try:
        outcome = em_run(choices.spec, choices.guess, choices.settings)
    except ValueError as error:  # a guess EM cannot start from; the inputs stay as they are
        st.error(str(error), icon=":material/warning:")
        return
    stepper.start_new_run((choices.spec, choices.guess, choices.settings))
    truth = choices.data.truth if choices.show_truth else None

    def draw_frame(history, frame: int) -> None:
        panels.frame_view(history, frame, truth=truth, problem=outcome.problem)

    stepper.stepper(outcome.history, draw_frame, stepper.playback_interval())
