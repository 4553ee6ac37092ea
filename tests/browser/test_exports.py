"""The run's downloads in the real page: a JSON export opened in a new session, the HTML page offline."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from emviz.run_file import read_run
from tests.browser.test_lessons import set_number_of_gaussians
from tests.browser.test_page import no_error_on

pytestmark = pytest.mark.browser


def download(page, label: str, folder, timeout: float = 120_000):
    """Click a download button; return the saved file's path."""
    button = page.get_by_role("button", name=label)
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=timeout) as info:
        button.click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_a_downloaded_json_opens_again_in_a_new_session(app_page, browser, app_url, artifacts, tmp_path):
    set_number_of_gaussians(app_page, 3)
    app_page.get_by_role("button", name="Run (JSON)").scroll_into_view_if_needed()
    app_page.wait_for_timeout(1000)
    app_page.screenshot(path=str(artifacts / "20-download-area.png"))
    path = download(app_page, "Run (JSON)", tmp_path)
    assert path.name == "emviz-classic-20-and-40-run.json"
    assert read_run(path.read_bytes()).guess.n_components == 3
    app_page.get_by_role("button", name="Run (JSON)").wait_for()  # the click did not rerun the page away
    no_error_on(app_page)

    fresh = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    fresh.goto(app_url)
    fresh.get_by_role("button", name="Run the E-step").wait_for(timeout=60_000)
    expect(fresh.get_by_role("spinbutton", name="Number of Gaussians K")).to_have_value("2")
    fresh.get_by_text("Open an exported run (JSON)").click()
    fresh.locator("[data-testid='stSidebar'] [data-testid='stFileUploader'] input[type='file']").set_input_files(
        str(path))
    fresh.get_by_text(re.compile(r"Opened emviz-classic-20-and-40-run\.json")).wait_for(timeout=60_000)
    expect(fresh.get_by_role("spinbutton", name="Number of Gaussians K")).to_have_value("3")
    legend = fresh.locator(".js-plotly-plot").first.locator(".legendtext")
    expect(legend.filter(has_text="Gaussian 3")).to_have_count(1, timeout=60_000)  # the opened run is drawn
    no_error_on(fresh)
    fresh.screenshot(path=str(artifacts / "21-run-opened-again.png"))
    fresh.context.close()


def test_the_standalone_page_steps_through_the_run_offline(app_page, browser, artifacts, tmp_path):
    path = download(app_page, "Page (HTML)", tmp_path)
    assert path.name == "emviz-classic-20-and-40-run.html"
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.set_offline(True)
    outside = []
    context.on("request", lambda request: outside.append(request.url) if not request.url.startswith("file:")
               else None)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    page.locator("#main-chart .main-svg").first.wait_for(timeout=30_000)
    label, caption = page.locator("#frame-label"), page.locator("#caption")
    expect(label).to_have_text("Frame 0 of 20: your guess")
    expect(caption).to_contain_text("Your initial guess")
    page.get_by_role("button", name="Next").click()
    expect(label).to_have_text("Frame 1 of 20: E-step 1")
    expect(caption).to_contain_text("E-step 1:")
    page.get_by_role("slider").focus()
    page.keyboard.press("End")
    expect(label).to_have_text("Frame 20 of 20: M-step 10")
    page.get_by_role("button", name="Play").click()  # from the end, Play starts over
    expect(label).to_have_text(re.compile(r"Frame [1-9] of 20"), timeout=10_000)
    page.get_by_role("button", name="Pause").click()
    page.screenshot(path=str(artifacts / "22-standalone-page.png"))
    assert page.locator("#main-chart .legendtext").count() >= 3
    assert errors == [] and outside == []
    context.close()
