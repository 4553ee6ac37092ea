"""Values no widget could send (NaN, inf, text, out of range, unknown options) fall back to the default.

A hand-written client's widget message can put such values in session state
(Streamlit passes an unknown selectbox option through unchanged, for example). The
app here writes them into session state itself, once, before ``main`` runs (AppTest's
own widget setters refuse such values, and its session-state writes go through the
widgets' deserialisers); the session must go on working, say which control was
reset, and keep the learner's data and guess.
"""

from __future__ import annotations

import math

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from emviz.data import DEFAULT_PRESET
from tests.app.conftest import APP
from tests.app.stepper_driver import frame, step


def tampered_app() -> None:
    """The app, after writing the values in ``session_state["tamper"]`` (once) into session state."""
    import streamlit as st

    from emviz.ui.main import main

    st.session_state.update(st.session_state.pop("tamper", {}))
    main()


@pytest.fixture
def app() -> AppTest:
    st.cache_resource.clear()
    return AppTest.from_function(tampered_app, default_timeout=60).run()


def tamper(app, **values) -> None:
    app.session_state["tamper"] = values
    app.run()


def notices(app) -> str:
    return " ".join(toast.value for toast in app.toast)


def assert_working(app) -> None:
    assert not app.exception
    assert not [error.body for error in app.error]


@pytest.mark.parametrize("key, bad, default", [
    ("data_n_1", math.nan, 3000), ("data_n_1", math.inf, 3000), ("data_n_1", "text", 3000),
    ("n_components", math.nan, 2), ("n_components", "text", 2), ("n_components", 7, 2),
    ("max_iter", math.nan, 200), ("max_iter", -math.inf, 200), ("max_iter", "text", 200), ("max_iter", 0, 200),
    ("tol", "text", 1e-6), ("tol", 0.5, 1e-6), ("reg_covar", math.nan, 1e-6),
    ("data_mu_1", math.inf, 20.0), ("data_sigma_2", math.nan, 5.0),
])
def test_a_bad_value_falls_back_to_the_default_with_a_notice_and_the_session_goes_on(app, key, bad, default):
    app.number_input(key="guess_mu_1").set_value(12.0).run()
    guess = app.session_state["choices"].guess
    step(app)
    tamper(app, **{key: bad})
    assert_working(app)
    assert app.session_state[key] == default
    assert "back to its default" in notices(app)
    assert app.session_state["choices"].guess == guess
    reached = frame(app)
    step(app)  # and the next run works too
    assert_working(app)
    assert frame(app) == reached + 1


def test_a_whole_number_box_keeps_whole_numbers_as_its_float_type_without_a_notice(app):
    tamper(app, max_iter=50)
    assert_working(app)
    assert app.session_state["max_iter"] == 50 and isinstance(app.session_state["max_iter"], float)
    assert app.session_state["choices"].settings.max_iter == 50
    assert not app.toast


@pytest.mark.parametrize("key", ["n_components", "max_iter"])
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_non_finite_number_sent_to_a_whole_number_box_leaves_the_session_working(key, bad):
    """Through the widget (as a forged message): Streamlit puts the box back to its minimum."""
    st.cache_resource.clear()
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    app.session_state[key] = bad
    app.run()
    assert_working(app)
    assert app.number_input(key=key).value == app.number_input(key=key).min
    step(app)
    assert_working(app)
    assert frame(app) == 1


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_non_finite_count_sent_to_its_box_is_refused_in_words_and_the_data_kept(bad):
    """The count box has no min (data_controls says out-of-range counts in words): Streamlit makes it 0."""
    st.cache_resource.clear()
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    data = app.session_state["choices"].data
    app.session_state["data_n_1"] = bad
    app.run()
    assert not app.exception
    assert "Gaussian 1 has 0 points" in " ".join(error.body for error in app.error)
    assert app.session_state["choices"].data is data
    step(app)
    assert not app.exception
    assert frame(app) == 1


@pytest.mark.parametrize("bad", [math.nan, "text", math.inf])
def test_a_bad_guess_value_gets_a_neutral_start_for_that_control_only(app, bad):
    app.number_input(key="guess_mu_2").set_value(41.0).run()
    tamper(app, guess_sigma_1=bad)
    assert_working(app)
    assert math.isfinite(app.session_state["guess_sigma_1"])
    assert app.session_state["choices"].guess.means[1] == 41.0
    assert "σ of Gaussian 1" in notices(app)


def test_an_unknown_example_falls_back_to_the_default_example(app):
    app.selectbox(key="preset").set_value("Heavy overlap").run()
    tamper(app, preset="No such example")
    assert_working(app)
    assert app.selectbox(key="preset").value == DEFAULT_PRESET
    assert "Example" in notices(app)
    step(app)
    assert_working(app)


def test_an_unknown_speed_with_play_on_falls_back_to_normal(app):
    tamper(app, play=True, speed="warp")
    assert_working(app)
    assert app.session_state["speed"] == "normal"
    assert "Speed" in notices(app)


@pytest.mark.parametrize("key, bad", [("frame", math.nan), ("frame", "text"), ("play", "yes")])
def test_bad_stepper_values_are_reset(app, key, bad):
    tamper(app, **{key: bad})
    assert_working(app)
    assert frame(app) == 0
    assert step(app) and frame(app) == 1
