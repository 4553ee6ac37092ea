"""Links that hold the state: a new session opened with the address of another shows the same frame.

A fresh ``AppTest`` given another session's ``query_params`` is a student opening the teacher's
link (or a reload): the same data, run and frame, so the same caption and parameter table.
"""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from emviz.data import DEFAULT_PRESET
from emviz.examples import EXAMPLES, OWN_DATA
from tests.app.conftest import APP
from tests.app.stepper_driver import caption, frame, last_frame, player, step_to

MENU = [name for name, preset in EXAMPLES.items() if preset is not None]
FAILS = "emviz/ui/pages/where_it_fails.py"


def open_link(query: dict | None = None, page: str | None = None) -> AppTest:
    """A new session of the app opened at ``query`` (on ``page``)."""
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params.update(query or {})
    app.run()
    if page:
        app.switch_page(page).run()
    return app


def view(app) -> dict:
    """What the learner sees of the frame: its number, the caption sentence, the parameter table's data."""
    return {"frame": frame(app), "caption": caption(app), "table": player(app, "table")}


def notices(app) -> str:
    return " ".join(toast.value for toast in app.toast)


def assert_working(app) -> None:
    assert not app.exception
    assert not [error.body for error in app.error]


@pytest.fixture(autouse=True)
def empty_caches():
    st.cache_resource.clear()


@pytest.mark.parametrize("example", MENU)
def test_a_link_opens_the_same_frame_of_every_example(example):
    teacher = open_link()
    teacher.selectbox(key="preset").set_value(example).run()
    teacher.number_input(key="guess_weight_1").set_value(0.3).run()
    teacher.number_input(key="max_iter").set_value(150).run()
    teacher.select_slider(key="tol").set_value(1e-5).run()
    step_to(teacher, 3)
    link = dict(teacher.query_params)
    assert link["w"].startswith("0.3_") and link["it"] == "150" and link["frame"] == "3"

    student = open_link(link)
    assert not student.exception and not student.toast
    assert [error.body for error in student.error] == [error.body for error in teacher.error]  # collapse says so
    assert view(student) == view(teacher)
    assert student.session_state["choices"] == teacher.session_state["choices"]
    assert dict(student.query_params) == link


def test_edited_true_gaussians_a_new_sample_and_the_truth_switch_come_back():
    teacher = open_link()
    teacher.number_input(key="data_mu_2").set_value(36.5).run()
    teacher.button(key="new_sample").click().run()
    teacher.toggle(key="show_truth").set_value(True).run()
    teacher.number_input(key="n_components").set_value(3).run()
    step_to(teacher, 2)  # Next iteration: the M-step of iteration 1
    link = dict(teacher.query_params)
    assert (link["dmu"], link["seed"], link["truth"], link["k"]) == ("20_36.5", "1", "1", "3")

    student = open_link(link)
    assert_working(student)
    assert student.session_state["choices"] == teacher.session_state["choices"]
    assert view(student) == view(teacher)
    assert student.toggle(key="show_truth").value


def test_the_hard_em_switch_comes_back_on_its_page():
    teacher = open_link(page=FAILS)
    teacher.toggle(key="hard_em").set_value(False).run()
    assert teacher.query_params["hard"] == "0"
    student = open_link(dict(teacher.query_params), page=FAILS)
    assert_working(student)
    assert student.toggle(key="hard_em").value is False


def test_a_frame_past_the_end_shows_the_last_frame_and_says_so():
    app = open_link({"frame": "99999"})
    assert_working(app)
    last = last_frame(app)
    assert frame(app) == last and app.query_params["frame"] == str(last)
    assert "past the end" in notices(app)


def test_own_data_are_not_in_the_link_which_opens_the_default_example_and_says_so():
    teacher = open_link()
    teacher.selectbox(key="preset").set_value(OWN_DATA).run()
    teacher.text_area(key="paste").set_value("1.1 1.3 0.9 1.2 1.0 5.1 4.9 5.3 5.0 5.2 4.8 1.4").run()
    teacher.button(key="use_paste").click().run()
    teacher.select_slider(key="reg_covar").set_value(1e-4).run()
    assert any("own data cannot go into a link" in caption.value for caption in teacher.caption)
    link = dict(teacher.query_params)
    assert link["ex"] == "own" and "mu" not in link and link["reg"] == "0.0001"

    student = open_link(link)
    assert_working(student)
    assert student.selectbox(key="preset").value == DEFAULT_PRESET
    assert student.select_slider(key="reg_covar").value == 1e-4
    assert "own data" in notices(student)


TEN_THOUSAND = "9" * 10_000
HOSTILE = {
    "bad number": {"k": "two"},
    "NaN": {"mu": "nan_nan", "sd": "5_5", "w": "1_1", "k": "2"},
    "inf": {"it": "inf"},
    "unknown example": {"ex": "no-such-example"},
    "K = -1": {"k": "-1"},
    "10,000 characters": {"mu": TEN_THOUSAND, "frame": TEN_THOUSAND},
    "HTML and script": {"ex": "<img src=x onerror=alert(1)>", "<script>alert(1)</script>": "**bold**"},
    "repeated keys": {"k": ["2", "3"]},
    "unknown keys": {"utm_source": "mail", "x": "1"},
    "data out of range": {"dn": "0_0", "dmu": "20_40", "dsd": "5_5"},
    "wrong kind of guess": {"k": "2", "mux": "1_2", "muy": "1_2", "sdx": "1_1", "sdy": "1_1", "w": "1_1"},
}


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_or_stale_link_is_left_out_with_a_notice_and_the_page_draws(case):
    app = open_link(HOSTILE[case])
    assert_working(app)
    assert notices(app).startswith("Parts of this link were left out")
    assert "<" not in notices(app).replace("\\<", "")  # HTML from the link stays text
    assert app.selectbox(key="preset").value == DEFAULT_PRESET
    assert app.session_state["choices"].guess == EXAMPLES[DEFAULT_PRESET].guess
    assert frame(app) == 0 and caption(app).startswith("Your initial guess")
    clean = dict(app.query_params)
    assert clean["ex"] == "classic-20-and-40" and clean["k"] == "2" and len("".join(clean.values())) < 200
