"""The stepper moves along the half-step timeline as DESIGN.md says."""

from __future__ import annotations

from emviz.data import DEFAULT_PRESET, PRESETS, generate_gaussians
from emviz.em import run_em


def frame(app) -> int:
    return int(app.slider(key="frame").value)


def expected_iterations(preset_name: str = DEFAULT_PRESET) -> int:
    preset = PRESETS[preset_name]
    return run_em(generate_gaussians(preset.data).x, preset.guess.to_mixture()).n_iter


def test_first_page_shows_the_guess_with_nothing_to_go_back_to(app):
    assert not app.exception
    assert frame(app) == 0
    assert app.button(key="next").label == "Run the E-step"
    assert app.button(key="back").disabled
    assert app.button(key="reset").disabled
    assert not app.button(key="next").disabled
    assert "initial guess" in app.info[0].body


def test_next_alternates_e_and_m_steps(app):
    app.button(key="next").click().run()
    assert frame(app) == 1
    assert app.button(key="next").label == "Run the M-step"
    assert app.info[0].body.startswith("E-step 1:")
    app.button(key="next").click().run()
    assert frame(app) == 2
    assert app.button(key="next").label == "Run the E-step"
    assert app.info[0].body.startswith("M-step 1:")
    assert not app.button(key="back").disabled


def test_back_moves_one_half_step(app):
    for _ in range(3):
        app.button(key="next").click().run()
    app.button(key="back").click().run()
    assert frame(app) == 2


def test_next_iteration_lands_on_the_next_m_step(app):
    app.button(key="next_iteration").click().run()
    assert frame(app) == 2
    app.button(key="next").click().run()
    app.button(key="next_iteration").click().run()
    assert frame(app) == 4
    app.button(key="next_iteration").click().run()
    assert frame(app) == 6


def test_run_to_end_and_reset(app):
    last = 2 * expected_iterations()
    app.button(key="run_to_end").click().run()
    assert frame(app) == last == app.slider(key="frame").max
    assert app.button(key="next").disabled
    assert app.button(key="run_to_end").disabled
    assert app.button(key="next_iteration").disabled
    assert app.button(key="next").label == "Finished"
    assert "Converged after" in app.success[0].body
    app.button(key="reset").click().run()
    assert frame(app) == 0


def test_slider_scrubs_to_any_frame(app):
    app.slider(key="frame").set_value(5).run()
    assert frame(app) == 5
    assert app.info[0].body.startswith("E-step 3:")
    assert app.button(key="next").label == "Run the M-step"


def test_play_advances_one_frame_per_tick_and_stops_at_the_end(app):
    app.toggle(key="play").set_value(True).run()
    assert frame(app) == 1
    app.run()
    assert frame(app) == 2
    app.slider(key="frame").set_value(2 * expected_iterations()).run()
    app.run()
    assert not app.toggle(key="play").value
    assert not app.exception


def test_speed_control_offers_three_speeds(app):
    app.selectbox(key="speed").set_value("fast").run()
    assert app.selectbox(key="speed").value == "fast"
    assert not app.exception
