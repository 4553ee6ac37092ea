"""A copied link opens the same view in a fresh browser, and a reload keeps it (real page, Chromium)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CAPTION = re.compile(r"^M-step 1:")


def caption(page) -> str:
    """The sentence under the main chart, once it tells of M-step 1."""
    sentence = page.get_by_text(CAPTION).first
    sentence.wait_for(timeout=60_000)
    return sentence.inner_text()


def wait_for_url(page, *parts: str) -> None:
    page.wait_for_function("parts => parts.every(part => window.location.search.includes(part))", arg=list(parts),
                           timeout=30_000)


def test_a_copied_link_opens_the_same_guess_and_frame_in_a_fresh_browser_and_a_reload_keeps_it(
        browser, app_url, artifacts):
    teacher_context = browser.new_context(viewport={"width": 1280, "height": 720})
    teacher_context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    teacher = teacher_context.new_page()
    teacher.goto(app_url)
    teacher.get_by_role("button", name="Run the E-step").wait_for(timeout=60_000)
    box = teacher.locator("input[type='number'][aria-label='µ (mean)']").first
    box.fill("14.5")
    box.press("Enter")
    wait_for_url(teacher, "mu=14.5_50")
    teacher.get_by_role("button", name="Next iteration").click()
    shown = caption(teacher)
    assert "µ1 14.5 →" in shown
    wait_for_url(teacher, "frame=2")

    teacher.get_by_role("button", name="Copy link").click()
    teacher.get_by_text("Copied.").wait_for(timeout=10_000)
    link = teacher.get_by_role("textbox", name="Link to this view").input_value()
    assert link.startswith(app_url) and "mu=14.5_50" in link and "frame=2" in link
    assert teacher.evaluate("navigator.clipboard.readText()") == link
    teacher.screenshot(path=str(artifacts / "links-01-copied.png"))
    teacher_context.close()

    student_context = browser.new_context(viewport={"width": 1280, "height": 720})
    student = student_context.new_page()
    student.goto(link)
    assert caption(student) == shown
    expect(student.locator("input[type='number'][aria-label='µ (mean)']").first).to_have_value("14.5", timeout=60_000)
    assert student.get_by_text("Parts of this link were left out").count() == 0
    student.screenshot(path=str(artifacts / "links-02-opened-in-a-fresh-browser.png"))

    student.reload()
    assert caption(student) == shown
    assert student.url == link
    student.screenshot(path=str(artifacts / "links-03-after-reload.png"))
    student_context.close()


def test_a_hostile_link_draws_the_page_with_a_notice_and_no_html(browser, app_url, artifacts):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(app_url + "/?ex=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&k=-1&frame=99999&mu=" + "9" * 10_000)
    page.get_by_text("Parts of this link were left out").wait_for(timeout=60_000)
    page.get_by_text("past the end of this run").wait_for(timeout=30_000)
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("[data-testid='stException']").count() == 0
    wait_for_url(page, "ex=classic-20-and-40", "k=2")
    page.get_by_role("button", name="Finished").wait_for(timeout=60_000)  # the last frame
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    page.screenshot(path=str(artifacts / "links-04-hostile-link.png"))
    context.close()


def test_the_link_holds_the_page_and_is_shown_to_copy_by_hand_without_a_clipboard(browser, app_url):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")  # as over http
    page = context.new_page()
    page.goto(app_url + "/why?ex=nine-points&k=2&frame=3")
    page.get_by_text("E-step 2: how point").wait_for(timeout=60_000)
    wait_for_url(page, "ex=nine-points", "frame=3", "mu=3_5")
    page.get_by_role("button", name="Copy link").click()
    page.get_by_text(re.compile(r"^(Copied\.|Select the link below and copy it\.)$")).wait_for(timeout=10_000)
    link = page.get_by_role("textbox", name="Link to this view").input_value()
    assert link.startswith(app_url + "/why?") and "ex=nine-points" in link and "frame=3" in link
    context.close()
