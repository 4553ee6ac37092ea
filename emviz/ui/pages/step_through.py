"""Page "Step through EM": the half-step stepper on the learner's data and guess."""

from __future__ import annotations

from emviz.ui import downloads, frame_player, panels, sidebar
from emviz.ui.learner_run import current_choices, learner_run


def page(choices: sidebar.Choices) -> None:
    """Draw the stepper for the learner's choices; stepping happens in the browser.

    Parameters
    ----------
    choices : sidebar.Choices
        The data, initial guess and settings from the sidebar.
    """
    outcome = learner_run(choices)
    if outcome is None:
        return
    key = frame_player.run_key(choices)
    panels.frame_view(outcome.history, frame_player.frames_of(*key), frame_player.run_id(key),
                      problem=outcome.problem, titles=choices.data.columns)
    downloads.download_area(choices, outcome)


if __name__ == "__main__":  # run by st.navigation as the page script
    page(current_choices())
