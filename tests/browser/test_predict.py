"""Predict, then reveal, in the real page: click a point, choose its colour, reveal the E-step."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_lessons import PIXEL_OF_POINT, choose_example
from tests.browser.test_page import no_error_on

pytestmark = pytest.mark.browser


def test_a_clicked_point_s_colour_is_predicted_and_revealed(page, app_url, artifacts):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/predict")
    page.get_by_role("button", name="Reveal the E-step").wait_for(timeout=60_000)
    choose_example(page, "Nine points")
    page.get_by_text("Your turn: predict E-step 1").wait_for(timeout=30_000)
    chart = page.locator(".js-plotly-plot").first
    page.wait_for_timeout(1000)
    strip = chart.evaluate("c => c._fullData.find(t => t.type === 'scattergl').y[0]")
    left, top = page.evaluate(PIXEL_OF_POINT, [9.0, strip])
    page.mouse.click(left, top)
    page.get_by_text(re.compile(r"Which colour will point \d+ \(x = 9\.00\) take\?")).wait_for(timeout=30_000)
    page.get_by_text("Gaussian 2 (orange, dashed)").click()
    reveal = page.get_by_role("button", name="Reveal the E-step")
    page.wait_for_function("() => [...document.querySelectorAll('button')].some("
                           "b => b.textContent.includes('Reveal the E-step') && !b.disabled)", timeout=30_000)
    reveal.click()
    page.get_by_role("button", name="Predict the next step").wait_for(timeout=30_000)
    page.get_by_text(re.compile(r"^(Right|Not this time): point \d+ takes the colour of Gaussian")).wait_for()
    assert page.get_by_text(re.compile(r"of 10 points in 1 prediction")).count() == 1
    assert page.get_by_text("Why:").count() == 1
    no_error_on(page)
    page.screenshot(path=str(artifacts / "predict-revealed.png"))
