"""The page "How fast EM converges": its controls, sentences, rates and stopping rules."""

from __future__ import annotations

import re

import pytest

from emviz.ui.speed_runs import SEPARATIONS

SPEED = "emviz/ui/pages/convergence_speed.py"


@pytest.fixture
def speed(app):
    app.switch_page(SPEED).run()
    assert not app.exception
    return app


def sentence(app) -> str:
    (info,) = [info.body for info in app.info]
    return info


def rates(app) -> tuple[float, float]:
    """(λ measured from the slope, λ of the Jacobian) as the page prints them."""
    (summary,) = [markdown.value for markdown in app.markdown if markdown.value.startswith("Measured:")]
    measured, jacobian = re.search(r"= \*\*([\d.]+)\*\*.*λ = ([\d.]+)\*\*", summary).groups()
    return float(measured), float(jacobian)


def test_the_page_opens_with_what_to_notice_and_steps_through_plain_em(speed):
    assert any("**Notice:**" in markdown.value for markdown in speed.markdown)
    assert sentence(speed).startswith("The start:")
    speed.button(key="speed_next").click().run()
    assert sentence(speed).startswith("E-step 1:")
    speed.button(key="speed_next").click().run()
    assert re.match(r"M-step 1: the gap ℓ\* − ℓ shrinks from [\d,.]+ to [\d,.]+ \(×0\.\d+\)\.", sentence(speed))


def test_the_measured_rate_matches_the_jacobians_on_the_page(speed):
    measured, jacobian = rates(speed)
    assert measured == pytest.approx(jacobian, abs=0.005)


def test_more_overlap_means_a_slower_rate_and_a_new_run_from_frame_zero(speed):
    speed.button(key="speed_next").click().run()
    _, apart = rates(speed)
    speed.select_slider(key="speed_separation").set_value(2.5).run()
    assert speed.session_state["speed_frame"] == 0
    _, overlapping = rates(speed)
    assert overlapping > apart


def test_the_weight_slider_changes_the_run(speed):
    before = sentence(speed)
    speed.select_slider(key="speed_weight").set_value(0.1).run()
    assert not speed.exception and sentence(speed) != before


def test_the_table_says_where_each_package_stops_scikit_learn_first_mixtools_last(speed):
    table = speed.dataframe[0].value
    assert list(table["package"]) == ["scikit-learn", "mixtools", "mclust", "Aitken"]
    stops = dict(zip(table["package"], table["stops at iteration"].astype(int)))
    assert stops["scikit-learn"] < stops["mclust"] < stops["mixtools"]
    last = speed.slider(key="speed_frame").max
    speed.slider(key="speed_frame").set_value(2 * stops["scikit-learn"]).run()
    assert "scikit-learn would stop here" in sentence(speed)
    assert last > 2 * stops["mixtools"]


def test_a_tampered_separation_becomes_one_of_the_sliders_stops_without_a_stack_trace(speed):
    speed.session_state["speed_separation"] = 0.0
    speed.run()
    assert not speed.exception
    assert speed.select_slider(key="speed_separation").value in SEPARATIONS
    assert sentence(speed).startswith("The start:")
