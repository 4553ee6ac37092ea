"""Changing the data, the guess or the settings starts a new run at frame 0."""

from __future__ import annotations

import pytest

from emviz.data import PRESETS
from emviz.ui import runs


def frame(app) -> int:
    return int(app.slider(key="frame").value)


def step_forward(app, clicks: int = 3):
    for _ in range(clicks):
        app.button(key="next").click().run()
    assert frame(app) == clicks
    return app


@pytest.mark.parametrize(
    "change",
    [
        lambda app: app.number_input(key="data_mu_1").set_value(25.0),
        lambda app: app.number_input(key="data_sigma_2").set_value(3.0),
        lambda app: app.number_input(key="data_n_1").set_value(500),
        lambda app: app.button(key="new_sample").click(),
        lambda app: app.number_input(key="guess_mu_1").set_value(15.0),
        lambda app: app.slider(key="guess_mu_1_slider").set_value(15.0),
        lambda app: app.number_input(key="guess_sigma_2").set_value(8.0),
        lambda app: app.number_input(key="guess_weight_1").set_value(0.2),
        lambda app: app.button(key="random_guess").click(),
        lambda app: app.number_input(key="max_iter").set_value(5),
        lambda app: app.select_slider(key="tol").set_value(1e-3),
        lambda app: app.select_slider(key="reg_covar").set_value(1e-2),
        lambda app: app.selectbox(key="preset").set_value("Heavy overlap"),
    ],
    ids=["data µ", "data σ", "data n", "new sample", "guess µ box", "guess µ slider", "guess σ",
         "guess weight", "random guess", "max_iter", "tol", "reg_covar", "preset"],
)
def test_a_new_run_starts_at_frame_zero(app, change):
    step_forward(app)
    change(app).run()
    assert not app.exception
    assert frame(app) == 0


def test_slider_and_box_stay_in_step(app):
    app.number_input(key="guess_mu_2").set_value(44.0).run()
    assert app.slider(key="guess_mu_2_slider").value == 44.0
    app.slider(key="guess_sigma_1_slider").set_value(7.5).run()
    assert app.number_input(key="guess_sigma_1").value == 7.5


def test_weights_are_shown_normalised(app):
    app.number_input(key="guess_weight_1").set_value(0.25).run()
    app.number_input(key="guess_weight_2").set_value(0.75).run()
    assert any("0.250 / 0.750" in caption.value for caption in app.caption)


def test_a_step_click_never_reruns_em(app, monkeypatch):
    calls = []
    original = runs.run_em

    def counting_run_em(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(runs, "run_em", counting_run_em)
    app.number_input(key="guess_mu_1").set_value(12.0).run()
    assert len(calls) == 1
    for key in ("next", "next", "back", "next_iteration", "run_to_end", "reset"):
        app.button(key=key).click().run()
    app.slider(key="frame").set_value(3).run()
    assert len(calls) == 1


def test_random_guess_is_reproducible_across_sessions(app):
    app.button(key="random_guess").click().run()
    first = [app.number_input(key=f"guess_mu_{k}").value for k in (1, 2)]
    from tests.app.conftest import start_app

    other = start_app()
    other.button(key="random_guess").click().run()
    assert [other.number_input(key=f"guess_mu_{k}").value for k in (1, 2)] == first


@pytest.mark.parametrize("preset", list(PRESETS))
def test_every_preset_runs_to_the_end(app, preset):
    app.selectbox(key="preset").set_value(preset).run()
    assert app.number_input(key="data_mu_1").value == PRESETS[preset].data.means[0]
    for key in ("next", "next", "next_iteration", "run_to_end", "back"):
        if not app.button(key=key).disabled:  # short runs reach the end early
            app.button(key=key).click().run()
        assert not app.exception
    assert frame(app) > 0
    errors = [error.body for error in app.error]
    if PRESETS[preset].reg_covar == 0:  # the collapse example is meant to stop with a message
        assert len(errors) == 1 and "reg_covar" in errors[0]
    else:
        assert not errors


def test_too_many_points_are_refused_and_the_data_kept(app):
    app.selectbox(key="preset").set_value("Three clusters, two Gaussians").run()
    for k in (1, 2, 3):
        app.number_input(key=f"data_n_{k}").set_value(400_000).run()
    assert not app.exception
    assert any("At most 1,000,000 points" in error.body for error in app.error)
    assert any("803,000 points" in caption.value for caption in app.caption)


def test_the_true_curves_are_off_until_asked_for(app):
    assert app.toggle(key="show_truth").value is False
    app.toggle(key="show_truth").set_value(True).run()
    assert not app.exception
    assert frame(app) == 0


def start_narrow_on_nine_points(app, mean: float):
    """Nine points, no variance floor, Gaussian 1 started narrow (σ = 0.05) at ``mean``."""
    app.selectbox(key="preset").set_value("Nine points").run()
    app.select_slider(key="reg_covar").set_value(0.0).run()
    app.number_input(key="guess_mu_1").set_value(mean).run()
    app.number_input(key="guess_sigma_1").set_value(0.05).run()
    assert not app.exception
    return app


def test_a_collapsing_component_shows_a_message_and_keeps_the_frames(app):
    start_narrow_on_nine_points(app, mean=1.2)
    assert any("iteration 4" in error.body and "reg_covar" in error.body for error in app.error)
    app.button(key="run_to_end").click().run()
    assert not app.exception
    assert frame(app) == 6  # the three iterations before the collapse are kept


def test_a_collapse_in_the_first_iteration_leaves_the_guess_on_screen(app):
    start_narrow_on_nine_points(app, mean=9.0)  # 9.0 stands alone: all of Gaussian 1 at once
    assert any("iteration 1" in error.body for error in app.error)
    assert app.button(key="next").disabled
    assert "initial guess" in app.info[0].body


@pytest.mark.parametrize(
    "key, value",
    [("data_sigma_1", 0.01), ("data_mu_2", -10_000.0), ("data_mu_1", 10_000.0), ("data_n_1", 1),
     ("data_n_2", 1), ("guess_sigma_1", 1e9), ("guess_mu_1", -1e9), ("guess_weight_1", 0.01),
     ("max_iter", 1), ("max_iter", 1000)],
)
def test_extreme_values_never_crash(app, key, value):
    app.number_input(key=key).set_value(value).run()
    assert not app.exception
    for button in ("next", "run_to_end", "back"):
        app.button(key=button).click().run()
        assert not app.exception
