"""The learner's run, shared by every page: EM on their data from their guess."""

from __future__ import annotations

import streamlit as st

from emviz.ui import state, stepper
from emviz.ui.runs import RunOutcome, em_run
from emviz.ui.sidebar import Choices


def current_choices() -> Choices:
    """The sidebar's choices of this run of the app (set by ``main`` before the page runs)."""
    return st.session_state[state.CHOICES]


def run_id(choices: Choices) -> tuple:
    """What identifies the learner's run: its data, guess and settings."""
    return choices.spec, choices.guess, choices.settings


def learner_run(choices: Choices) -> RunOutcome | None:
    """The cached run for the sidebar's choices, or None (with a message) if EM cannot start.

    A new run (other data, guess or settings) puts the cursor back at frame 0.
    """
    try:
        outcome = em_run(choices.spec, choices.guess, choices.settings)
    except ValueError as error:  # a guess EM cannot start from; the inputs stay as they are
        st.error(str(error), icon=":material/warning:")
        return None
    stepper.start_new_run(run_id(choices))
    return outcome
