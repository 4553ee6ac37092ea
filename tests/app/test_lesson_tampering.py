"""Values no widget of the lesson pages could send fall back to their defaults, and the page goes on."""

from __future__ import annotations

import math

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP
from tests.app.test_missing_values import PAGE as MISSING
from tests.app.test_tampered_values import tamper, tampered_app
from tests.app.test_two_coins import PAGE as COINS


@pytest.fixture
def app() -> AppTest:
    """The app that writes ``session_state["tamper"]`` into session state before it runs (see
    :mod:`tests.app.test_tampered_values`)."""
    st.cache_resource.clear()
    return AppTest.from_function(tampered_app, default_timeout=60).run()


def open_page(app: AppTest, page: str) -> None:
    app.switch_page(str(APP.parent / page)).run()


@pytest.mark.parametrize("page, key, bad, label", [
    (COINS, "coins_frame", -3, "Frame"), (COINS, "coins_frame", math.nan, "Frame"),
    (COINS, "coins_hard", "yes", "Hard assignment"), (COINS, "coins_iterations", 500, "Iterations"),
    (COINS, "coins_theta_a", math.nan, "Start θA"), (COINS, "coins_theta_b", 1.0, "Start θB"),
    (MISSING, "missing_n", math.nan, "Points"), (MISSING, "missing_n", 10**9, "Points"),
    (MISSING, "missing_frame", "text", "Frame"), (MISSING, "missing_source", "Mars", "Data"),
    (MISSING, "missing_mechanism", "whenever", "Which y are missing"), (MISSING, "missing_seed", 0.5, "Seed"),
])
def test_a_forged_value_is_reset_with_a_notice_and_the_lesson_goes_on(app, page, key, bad, label):
    open_page(app, page)
    tamper(app, **{key: bad})
    assert not app.exception
    assert not [error.body for error in app.error]
    assert label in " ".join(toast.value for toast in app.toast)
    frame_key = "coins_frame" if page == COINS else "missing_frame"
    app.button(key="next").click().run()
    assert not app.exception
    assert int(app.slider(key=frame_key).value) == 1


def test_a_non_finite_correlation_is_refused_in_words(app):
    open_page(app, MISSING)
    tamper(app, missing_correlation=math.nan)
    assert not app.exception
    assert "A correlation lies between -1 and 1" in " ".join(error.body for error in app.error)
