"""Page "Step through EM": the half-step stepper on the learner's data and guess."""

from __future__ import annotations

from emviz.ui import downloads, panels, sidebar, stepper
from emviz.ui.learner_run import current_choices, learner_run


def page(choices: sidebar.Choices) -> None:
    """Draw the stepper for the learner's choices.

    Parameters
    ----------
    choices : sidebar.Choices
        The data, initial guess and settings from the sidebar.
    """
    outcome = learner_run(choices)
    if outcome is None:
        return
    truth = choices.data.truth if choices.show_truth and choices.data.truth is not None else None

    def draw_frame(history, frame: int) -> None:
        panels.frame_view(history, frame, truth=truth, problem=outcome.problem, titles=choices.data.columns)

    stepper.stepper(outcome.history, draw_frame, stepper.playback_interval())
    downloads.download_area(choices, outcome)


if __name__ == "__main__":  # run by st.navigation as the page script
    page(current_choices())
