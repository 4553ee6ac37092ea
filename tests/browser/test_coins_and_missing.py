"""The lessons "Two coins" and "Missing values" in headless Chromium: each opens, steps once, and fits 1280×720."""

from __future__ import annotations

import pytest

from tests.browser.test_page import no_error_on

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path, after_e_step", [
    ("two-coins", "set 1 is coin A with probability 0.45"),
    ("missing", "E-step 1: each of the 80 missing y moves"),
])
def test_the_lesson_opens_and_steps_once_within_a_projector_screen(page, app_url, artifacts, path, after_e_step):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/{path}")
    page.get_by_role("button", name="Run the E-step").wait_for(timeout=60_000)
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    page.get_by_text("What to notice.").wait_for(timeout=30_000)
    page.get_by_role("button", name="Run the E-step").click()
    page.get_by_role("button", name="Run the M-step").wait_for(timeout=30_000)
    sentence = page.get_by_text(after_e_step)
    sentence.wait_for(timeout=30_000)
    page.wait_for_timeout(500)  # let plotly finish redrawing
    no_error_on(page)
    box = sentence.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 720  # the frame's sentence is on the screen
    chart = page.locator(".js-plotly-plot").first.bounding_box()
    assert chart is not None and chart["y"] < 720
    page.screenshot(path=str(artifacts / f"lesson-{path}-e-step.png"))
