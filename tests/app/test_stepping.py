"""The stepper moves along the half-step timeline as DESIGN.md says.

The cursor moves in the browser (tests/browser/test_stepper_in_browser.py); here: what the server
sends for every frame, and where the stepper starts after the browser reported a frame.
"""

from __future__ import annotations

from emviz.data import DEFAULT_PRESET, PRESETS, generate_gaussians
from emviz.em import run_em
from tests.app.stepper_driver import back, caption, frame, last_frame, next_label, player, step, step_to


def expected_iterations(preset_name: str = DEFAULT_PRESET) -> int:
    preset = PRESETS[preset_name]
    return run_em(generate_gaussians(preset.data).x, preset.guess.to_mixture()).n_iter


def test_first_page_shows_the_guess(app):
    assert not app.exception
    assert frame(app) == 0
    assert next_label(app) == "Run the E-step"
    assert "initial guess" in caption(app)


def test_next_alternates_e_and_m_steps(app):
    step(app)
    assert frame(app) == 1
    assert next_label(app) == "Run the M-step"
    assert caption(app).startswith("E-step 1:")
    step(app)
    assert frame(app) == 2
    assert next_label(app) == "Run the E-step"
    assert caption(app).startswith("M-step 1:")


def test_back_moves_one_half_step(app):
    for _ in range(3):
        step(app)
    back(app)
    assert frame(app) == 2


def test_every_frame_of_the_run_goes_to_the_browser_once(app):
    last = 2 * expected_iterations()
    assert last_frame(app) == last
    timeline = player(app, "main")["bundle"]["timeline"]
    assert len(timeline["captions"]) == len(timeline["kinds"]) == last + 1
    assert timeline["kinds"][:3] == ["guess", "e-step", "m-step"]
    assert [label for label in player(app)["bundle"]["timeline"]["next_labels"][-2:]] == ["Run the M-step",
                                                                                        "Finished"]
    assert "Converged after" in app.success[0].body
    first = {part: player(app, part) for part in ("controls", "main", "table")}
    step_to(app, 5)
    assert frame(app) == 5
    assert caption(app).startswith("E-step 3:")
    for part, data in first.items():  # the same data, only the start moved
        assert player(app, part)["bundle"] == data["bundle"]


def test_a_reported_frame_past_the_end_is_clipped(app):
    app.session_state["frame"] = 10_000
    app.run()
    assert not app.exception
    assert frame(app) == 2 * expected_iterations()
