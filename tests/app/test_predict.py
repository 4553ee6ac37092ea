"""The page "Predict the next step": predict, reveal, a running score, every example, K = 3, 2-D, bad input."""

from __future__ import annotations

import numpy as np
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from emviz import run_em
from emviz.examples import EXAMPLES
from emviz.predict import MAX_POINTS
from tests.app.conftest import APP
from tests.app.stepper_driver import frame, step, step_to
from tests.app.test_any_k_and_real_data import paste

PREDICT = "emviz/ui/pages/predict.py"
STEP = "emviz/ui/pages/step_through.py"


def no_crash(app) -> None:
    assert not app.exception
    assert not [error for error in app.error if "Something went wrong" in error.body]


def open_page(app, example: str | None = None):
    if example is not None:
        app.selectbox(key="preset").set_value(example).run()
    app.switch_page(PREDICT).run()
    no_crash(app)
    return app


def score(app):
    return app.session_state["predict_score"]


def expected_run(app, iterations: int):
    """The learner's run to ``iterations`` M-steps, computed here from the sidebar's choices."""
    choices = app.session_state["choices"]
    settings = choices.settings
    return run_em(choices.data.x, choices.guess.to_mixture(), max_iter=iterations, tol=settings.tol,
                  reg_covar=settings.reg_covar)


def true_colour(app, point: int) -> int:
    """The colour the first E-step gives ``point``: the guess's largest posterior there."""
    choices = app.session_state["choices"]
    x = np.asarray(choices.data.x, dtype=float).reshape(len(choices.data.x), -1)
    return int(np.argmax(choices.guess.to_mixture().posterior(x[point:point + 1])[0]))


def predict_colour(app, colour: int):
    app.radio(key="predict_colour").set_value(colour).run()
    app.button(key="predict_reveal").click().run()
    no_crash(app)
    return app


def type_means(app, means, sigmas=None):
    """Type each predicted µ (a row per Gaussian, one number per axis) and σ."""
    for k, mean in enumerate(np.atleast_2d(means)):
        if mean.size == 1:
            app.number_input(key=f"predict_mu_{k + 1}").set_value(float(mean[0]))
        else:
            for axis, value in zip("xy", mean):
                app.number_input(key=f"predict_mu_{k + 1}_{axis}").set_value(float(value))
    for k, sigma in enumerate([] if sigmas is None else sigmas):
        app.number_input(key=f"predict_sigma_{k + 1}").set_value(float(sigma))
    app.run()


def test_the_page_asks_for_the_first_e_step_with_a_point_and_the_colours_named(app):
    open_page(app, "Nine points")
    assert any("Your turn: predict E-step 1" in md.value for md in app.markdown)
    radio = app.radio(key="predict_colour")
    assert radio.value is None and radio.options == ["Gaussian 1 (blue, solid)", "Gaussian 2 (orange, dashed)"]
    assert app.button(key="predict_reveal").disabled  # nothing chosen yet
    assert any("Choose the colour" in warning.body for warning in app.warning)


def test_an_e_step_predicted_right_scores_full_marks_and_a_wrong_one_nothing(app):
    open_page(app, "Nine points")
    point = int(app.number_input(key="predict_point").value)
    right = true_colour(app, point)
    predict_colour(app, right)
    assert score(app).points == MAX_POINTS and score(app).predictions == 1
    assert app.success[0].body.startswith(f"Right: point {point} takes the colour of Gaussian {right + 1}")
    assert any("**Why:** Point" in md.value for md in app.markdown)
    app.button(key="predict_next").click().run()  # the M-step: skip it
    app.button(key="predict_skip").click().run()
    assert app.session_state["predict_frame"] == 2
    point = int(app.number_input(key="predict_point").value)
    mixture = expected_run(app, 1).mixtures[1]
    x = app.session_state["choices"].data.x
    wrong = 1 - int(np.argmax(mixture.posterior(np.array([x[point]]))[0]))
    predict_colour(app, wrong)
    assert (score(app).points, score(app).predictions) == (MAX_POINTS, 2)
    assert app.error[0].body.startswith(f"Not this time: point {point} takes the colour of Gaussian {2 - wrong}")


def test_an_m_step_exactly_right_scores_full_marks_and_one_sigma_off_on_one_mean_loses_an_eighth(app):
    open_page(app, "Classic (20 and 40)")
    app.button(key="predict_skip").click().run()  # the E-step
    run = expected_run(app, 2)
    type_means(app, run.mixtures[1].means, run.mixtures[1].sigmas)
    app.button(key="predict_reveal").click().run()
    no_crash(app)
    assert score(app).points == pytest.approx(MAX_POINTS, abs=1e-6)
    assert any("right where you put it" in md.value for md in app.markdown)
    app.button(key="predict_next").click().run()
    app.button(key="predict_skip").click().run()  # E-step 2
    off = run.mixtures[2].means[:, 0] + [run.mixtures[2].sigmas[0], 0.0]  # µ1 one σ off, the rest right
    type_means(app, off[:, None], run.mixtures[2].sigmas)
    app.button(key="predict_reveal").click().run()
    assert score(app).points == pytest.approx(MAX_POINTS + 0.875 * MAX_POINTS, abs=1e-3)
    assert any("**Score:** 18.8 of 20 points in 2 predictions" in md.value for md in app.markdown)
    assert any("1.0σ off" in md.value for md in app.markdown)


def test_a_second_click_on_reveal_counts_nothing(app):
    open_page(app, "Nine points")
    predict_colour(app, 0)
    first = score(app)
    app.button(key="predict_next").click().run()
    app.button(key="predict_reveal").click().run()  # the M-step with the values on screen
    second = score(app)
    assert second.predictions == first.predictions + 1
    assert not [button for button in app.button if button.key == "predict_reveal"]  # gone once revealed


def test_the_score_and_the_cursor_survive_page_switches_and_reset_score_clears_the_score(app):
    open_page(app, "Nine points")
    predict_colour(app, 0)
    app.button(key="predict_next").click().run()
    kept = score(app)
    app.switch_page(STEP).run()
    step(app)  # the stepper's own cursor moves; the page's does not
    app.switch_page(PREDICT).run()
    no_crash(app)
    assert score(app) == kept and app.session_state["predict_frame"] == 1
    assert any("Your turn: predict M-step 1" in md.value for md in app.markdown)
    app.button(key="predict_reset_score").click().run()
    assert score(app).predictions == 0 and any("No predictions yet" in md.value for md in app.markdown)
    assert app.session_state["predict_frame"] == 1


def test_the_predict_page_leaves_the_stepper_where_it_was(app):
    open_page(app, "Nine points")
    app.switch_page(STEP).run()
    step_to(app, 2)  # Next iteration
    app.switch_page(PREDICT).run()
    predict_colour(app, 1)
    app.button(key="predict_next").click().run()
    app.switch_page(STEP).run()
    assert frame(app) == 2


def test_a_new_guess_starts_the_prediction_again_but_keeps_the_score(app):
    open_page(app, "Nine points")
    predict_colour(app, 0)
    app.button(key="predict_next").click().run()
    kept = score(app)
    app.number_input(key="guess_mu_1").set_value(1.5).run()
    assert app.session_state["predict_frame"] == 0 and score(app) == kept
    assert any("Your turn: predict E-step 1" in md.value for md in app.markdown)


def test_three_gaussians_get_three_rows_of_boxes(app):
    open_page(app, "Three clusters, two Gaussians")
    app.number_input(key="n_components").set_value(3).run()
    assert len(app.radio(key="predict_colour").options) == 3
    predict_colour(app, 2)
    app.button(key="predict_next").click().run()
    keys = {box.key for box in app.number_input}
    assert {f"predict_{name}_{k}" for name in ("mu", "sigma") for k in (1, 2, 3)} <= keys
    app.button(key="predict_reveal").click().run()
    no_crash(app)
    assert score(app).predictions == 2 and 0 <= score(app).points <= 2 * MAX_POINTS
    assert sum("**Gaussian" in md.value and "→" in md.value for md in app.markdown) == 3


def test_two_dimensional_data_ask_for_the_means_only(app):
    open_page(app, "Three clusters in 2-D")
    predict_colour(app, true_colour(app, int(app.number_input(key="predict_point").value)))
    assert score(app).points == MAX_POINTS
    app.button(key="predict_next").click().run()
    keys = {box.key for box in app.number_input if box.key.startswith("predict_")}
    k = app.session_state["choices"].n_components
    assert keys == {f"predict_mu_{j}_{axis}" for j in range(1, k + 1) for axis in "xy"}
    type_means(app, expected_run(app, 1).mixtures[1].means)
    app.button(key="predict_reveal").click().run()
    no_crash(app)
    assert score(app).points == pytest.approx(2 * MAX_POINTS, abs=1e-6)


@pytest.mark.parametrize("box, value, message", [
    ("predict_sigma_1", -1.0, "σ1 = -1.00 is not a spread: a σ must be greater than 0."),
    ("predict_sigma_2", 0.0, "σ2 = 0 is not a spread"),
    ("predict_mu_2", 1e9, "µ2 = 1.00 × 10⁹ is far outside the data"),
])
def test_bad_input_gets_a_plain_message_and_keeps_everything(app, box, value, message):
    open_page(app, "Nine points")
    predict_colour(app, 0)
    app.button(key="predict_next").click().run()
    kept = score(app)
    app.number_input(key=box).set_value(value).run()
    no_crash(app)
    assert any(warning.body.startswith(message) for warning in app.warning)
    assert app.button(key="predict_reveal").disabled
    assert score(app) == kept and app.session_state["predict_frame"] == 1
    assert app.number_input(key=box).value == value  # the learner's number stays, to be corrected


def test_a_nan_sent_for_a_box_never_reaches_the_score(app):
    open_page(app, "Nine points")
    predict_colour(app, 0)
    app.button(key="predict_next").click().run()
    app.number_input(key="predict_mu_1").set_value(float("nan")).run()  # Streamlit puts a number back
    no_crash(app)
    assert np.isfinite(app.number_input(key="predict_mu_1").value)
    app.button(key="predict_reveal").click().run()
    assert np.isfinite(score(app).points) and score(app).predictions == 2


@pytest.mark.parametrize("example", [name for name in EXAMPLES if name != "Your own data (CSV or pasted)"])
def test_every_example_predicts_an_e_step_and_an_m_step(app, example):
    open_page(app, example)
    predict_colour(app, 0)
    app.button(key="predict_next").click().run()
    app.button(key="predict_reveal").click().run()  # the boxes as filled in: the values before the M-step
    no_crash(app)
    assert score(app).predictions == 2


def test_the_learner_s_own_data_can_be_predicted(app):
    paste(app, "1.1 1.3 0.9 1.2 1.0 5.1 4.9 5.3 5.0 5.2 4.8 1.4")
    open_page(app)
    predict_colour(app, 0)
    app.button(key="predict_next").click().run()
    app.button(key="predict_reveal").click().run()
    no_crash(app)
    assert score(app).predictions == 2


def test_the_end_of_the_run_says_so_and_start_again_goes_back_to_the_guess(app):
    open_page(app, "Nine points")
    last = 2 * expected_run(app, app.session_state["choices"].settings.max_iter).n_iter
    for _ in range(last):
        app.button(key="predict_skip").click().run()
    no_crash(app)
    assert any("Every step of this run is done" in success.body for success in app.success)
    app.button(key="predict_restart").click().run()
    assert app.session_state["predict_frame"] == 0


def tampered_app() -> None:
    """The app on the predict page after writing ``session_state["tamper"]`` (once) into session state."""
    import streamlit as st

    from emviz.ui.main import main

    st.session_state.update(st.session_state.pop("tamper", {}))
    main()


@pytest.mark.parametrize("values", [
    {"predict_mu_1": "text", "predict_sigma_2": float("inf")},
    {"predict_point": 10**9}, {"predict_point": -3}, {"predict_point": 2.5}, {"predict_point": "four"},
    {"predict_colour": 7}, {"predict_colour": "blue"}, {"predict_colour": -1},
])
def test_values_no_control_could_send_go_back_to_the_values_on_screen(values):
    st.cache_resource.clear()
    app = AppTest.from_function(tampered_app, default_timeout=60).run()
    app.selectbox(key="preset").set_value("Nine points").run()
    app.switch_page(str(APP.parent / PREDICT)).run()
    if "predict_mu_1" in values:
        app.button(key="predict_skip").click().run()  # the M-step's boxes
    app.session_state["tamper"] = values
    app.run()
    no_crash(app)
    assert any("back to the values on screen" in toast.body for toast in app.toast)
    assert app.button(key="predict_reveal")  # the page is drawn, ready for a prediction
    for key in values:
        assert app.session_state[key] != values[key]
