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
    reveal = page.locator("button:not([disabled])", has_text="Reveal the E-step")  # enabled once a colour is chosen
    reveal.wait_for(timeout=30_000)
    reveal.click()
    page.get_by_role("button", name="Predict the next step").wait_for(timeout=30_000)
    page.get_by_text(re.compile(r"^(Right|Not this time): point \d+ takes the colour of Gaussian")).wait_for()
    assert page.get_by_text(re.compile(r"of 10 points in 1 prediction")).count() == 1
    assert page.get_by_text("Why:").count() == 1
    no_error_on(page)
    page.screenshot(path=str(artifacts / "predict-revealed.png"))


def test_a_point_is_picked_by_a_click_in_two_dimensions(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/predict")
    page.get_by_role("button", name="Reveal the E-step").wait_for(timeout=60_000)
    choose_example(page, "Three clusters in 2-D")
    page.get_by_text("Your turn: predict E-step 1").wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    chart = page.locator(".js-plotly-plot").first
    question = page.locator("strong").filter(has_text=re.compile(r"^Which colour will point \d+"))
    before = question.text_content()
    x, y = chart.evaluate("c => { const t = c._fullData.find(t => t.type === 'scattergl'); return [t.x[7], t.y[7]]; }")
    page.mouse.click(*page.evaluate(PIXEL_OF_POINT, [x, y]))
    page.wait_for_function("""before => [...document.querySelectorAll('strong')].some(
        s => s.textContent.startsWith('Which colour will point') && s.textContent !== before)""", arg=before,
        timeout=30_000)
    picked = re.search(r"\(x = \(([-\d.]+), ([-\d.]+)\)\)", question.text_content())
    assert abs(float(picked[1]) - x) < 0.2 and abs(float(picked[2]) - y) < 0.2, (picked[0], x, y)
    no_error_on(page)
    assert page.locator(".js-plotly-plot").first.evaluate(
        "c => c._fullData.some(t => t.name === 'your point' && t.type === 'scattergl')")  # drawn over the points
