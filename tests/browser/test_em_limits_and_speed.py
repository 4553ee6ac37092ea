"""The pages "k-means" (σ → 0) and "Speed" in the real page: they open, step once and fit 1280×720."""

from __future__ import annotations

import pytest

from tests.browser.test_page import no_error_on

pytestmark = pytest.mark.browser

HEIGHT = 720


@pytest.mark.parametrize("path, after_e_step", [("kmeans", "E-step 1: each point goes wholly"),
                                                ("speed", "E-step 1: responsibilities under mixture 0")])
def test_the_page_opens_steps_once_and_its_chart_and_sentence_fit_the_projector(page, app_url, artifacts, path,
                                                                                 after_e_step):
    page.set_viewport_size({"width": 1280, "height": HEIGHT})
    page.goto(f"{app_url}/{path}")
    page.get_by_text("Notice:").wait_for(timeout=120_000)
    page.locator(".js-plotly-plot").first.wait_for(timeout=120_000)
    page.get_by_role("button", name="Run the E-step").click()
    sentence = page.locator("[data-testid='stAlert']").filter(has_text=after_e_step)
    sentence.wait_for(timeout=60_000)
    assert page.get_by_role("button", name="Run the M-step").count() == 1
    box = sentence.bounding_box()
    assert box["y"] + box["height"] <= HEIGHT, f"the sentence ends at {box['y'] + box['height']:.0f} px, below the fold"
    no_error_on(page)
    page.screenshot(path=str(artifacts / f"issue10-{path}-1280x720.png"))


def test_sigma_zero_typed_on_the_kmeans_page_gets_a_plain_message(page, app_url):
    page.set_viewport_size({"width": 1280, "height": HEIGHT})
    page.goto(f"{app_url}/kmeans")
    box = page.get_by_role("spinbutton", name="…or type σ")
    box.wait_for(timeout=120_000)
    box.fill("0")
    box.press("Enter")
    page.get_by_text("σ = 0 cannot be used").wait_for(timeout=60_000)
    no_error_on(page)
