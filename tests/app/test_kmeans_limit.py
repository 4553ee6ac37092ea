"""The page "k-means is EM with σ → 0": its controls, its sentences, and bad σ refused in words."""

from __future__ import annotations

import pytest

from emviz.ui.pages.kmeans_limit import SIGMA_STOPS

KMEANS = "emviz/ui/pages/kmeans_limit.py"


@pytest.fixture
def kmeans(app):
    app.switch_page(KMEANS).run()
    assert not app.exception
    return app


def sentence(app) -> str:
    (info,) = [info.body for info in app.info]
    return info


def test_the_page_opens_on_kmeans_with_what_to_notice_and_steps_half_a_step_at_a_time(kmeans):
    assert any("**Notice:**" in markdown.value for markdown in kmeans.markdown)
    assert kmeans.select_slider(key="kmeans_sigma").value == 0.0
    assert sentence(kmeans).startswith("The start: 2 means")
    assert kmeans.button(key="kmeans_next").label == "Run the E-step"
    kmeans.button(key="kmeans_next").click().run()
    assert sentence(kmeans).startswith("E-step 1: each point goes wholly to its nearest mean")
    assert kmeans.button(key="kmeans_next").label == "Run the M-step"
    kmeans.button(key="kmeans_next").click().run()
    assert sentence(kmeans).startswith("M-step 1: each mean moves to the average of its points") and "J falls" in \
        sentence(kmeans)
    kmeans.button(key="kmeans_back").click().run()
    assert kmeans.session_state["kmeans_frame"] == 1
    kmeans.button(key="kmeans_reset").click().run()
    assert kmeans.session_state["kmeans_frame"] == 0


def test_the_last_frame_says_kmeans_has_converged(kmeans):
    last = kmeans.slider(key="kmeans_frame").max
    kmeans.slider(key="kmeans_frame").set_value(last).run()
    assert "k-means has converged" in sentence(kmeans)
    assert kmeans.button(key="kmeans_next").disabled


def test_a_soft_sigma_shares_the_points_and_its_log_likelihood_never_goes_down(kmeans):
    kmeans.select_slider(key="kmeans_sigma").set_value(0.5).run()
    assert "shares each point among the 2 means" in sentence(kmeans)
    kmeans.button(key="kmeans_next").click().run()
    kmeans.button(key="kmeans_next").click().run()
    assert "weighted average of its shares" in sentence(kmeans) and "never down" in sentence(kmeans)


def test_changing_k_starts_a_new_run_at_frame_zero(kmeans):
    kmeans.button(key="kmeans_next").click().run()
    kmeans.selectbox(key="kmeans_k").set_value(3).run()
    assert kmeans.session_state["kmeans_frame"] == 0
    assert sentence(kmeans).startswith("The start: 3 means")


def test_a_typed_sigma_is_used_and_the_slider_takes_over_again_when_moved(kmeans):
    kmeans.number_input(key="kmeans_typed_sigma").set_value(0.3).run()
    assert kmeans.session_state["kmeans_shown_sigma"] == 0.3
    kmeans.button(key="kmeans_next").click().run()
    assert "σ = 0.3" in sentence(kmeans)
    kmeans.select_slider(key="kmeans_sigma").set_value(1.0).run()
    assert kmeans.number_input(key="kmeans_typed_sigma").value is None
    assert kmeans.session_state["kmeans_shown_sigma"] == 1.0


@pytest.mark.parametrize("typed", [0.0, -1.0, 50.0])
def test_a_sigma_of_zero_or_out_of_range_is_refused_in_words_and_the_run_on_screen_stays(kmeans, typed):
    kmeans.select_slider(key="kmeans_sigma").set_value(0.5).run()
    kmeans.button(key="kmeans_next").click().run()
    kmeans.button(key="kmeans_next").click().run()
    before = sentence(kmeans)
    kmeans.number_input(key="kmeans_typed_sigma").set_value(typed).run()
    assert not kmeans.exception
    (error,) = [error.body for error in kmeans.error]
    assert f"σ = {typed:g} cannot be used" in error and "Still showing the run with σ = 0.5" in error
    assert kmeans.session_state["kmeans_frame"] == 2 and sentence(kmeans) == before


def test_a_tampered_sigma_becomes_one_of_the_sliders_stops_without_a_stack_trace(kmeans):
    kmeans.session_state["kmeans_sigma"] = 0.123
    kmeans.run()
    assert not kmeans.exception
    assert kmeans.select_slider(key="kmeans_sigma").value in SIGMA_STOPS
    assert sentence(kmeans).startswith("The start:")


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -5, 10**9])
def test_a_forged_frame_is_put_back_in_range_without_a_stack_trace(kmeans, bad):
    kmeans.session_state["kmeans_frame"] = bad
    kmeans.run()
    assert not kmeans.exception
    assert 0 <= kmeans.session_state["kmeans_frame"] <= kmeans.slider(key="kmeans_frame").max
