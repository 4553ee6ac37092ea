"""The learner's own file in the real page: a bad file gets a message, a good one a fit."""

from __future__ import annotations

import re

import numpy as np
import pytest
from playwright.sync_api import expect

from emviz.examples import OWN_DATA
from emviz.ui.literal import WORD_JOINER
from tests.browser.test_lessons import choose_example
from tests.browser.test_page import no_error_on

pytestmark = pytest.mark.browser

OWN_DATA_UPLOAD = "[data-testid='stFileUploader'] input[type='file'][accept*='.csv']"
"""The own-data uploader (the sidebar also has one for exported runs, which takes .json)."""


def good_csv(path) -> None:
    rng = np.random.default_rng(0)
    values = np.concatenate([rng.normal(10, 2, 120), rng.normal(30, 3, 80)])
    path.write_text("height\n" + "\n".join(f"{v:.3f}" for v in values) + "\n")


def test_a_bad_file_is_refused_and_a_good_one_is_fitted(page, app_url, artifacts, tmp_path):
    open_own_data(page, app_url)
    upload = page.locator(OWN_DATA_UPLOAD)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x01\x02 not a table \xff\xfe")
    upload.set_input_files(str(bad))
    page.get_by_text("bad.csv:").wait_for(timeout=30_000)
    no_error_on(page)
    page.screenshot(path=str(artifacts / "08-own-data-bad-file.png"))
    good = tmp_path / "heights.csv"
    good_csv(good)
    upload.set_input_files(str(good))
    page.get_by_text("200 points").wait_for(timeout=30_000)
    page.get_by_role("button", name="Run the E-step").click()
    page.get_by_text("E-step 1:").wait_for(timeout=30_000)
    no_error_on(page)
    page.screenshot(path=str(artifacts / "09-own-data-fitted.png"))


def test_bishop_example_in_2d(page, app_url, artifacts):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(app_url)
    page.get_by_role("button", name="Run the E-step").wait_for(timeout=60_000)
    choose_example(page, "Bishop Figure 9.8 (Old Faithful, 2-D)")
    page.get_by_role("button", name="Next iteration").click()
    page.get_by_text("M-step 1:").wait_for(timeout=30_000)
    no_error_on(page)
    page.screenshot(path=str(artifacts / "10-bishop-after-iteration-1.png"))
    page.get_by_role("button", name="Run to convergence").click()
    page.get_by_role("button", name="Finished").wait_for(timeout=30_000)
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.wait_for_timeout(1500)
    page.screenshot(path=str(artifacts / "11-bishop-converged.png"))


def open_own_data(page, app_url) -> None:
    """The app at projector size with "Your own data" chosen."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(app_url)
    page.get_by_role("button", name="Run the E-step").wait_for(timeout=60_000)
    choose_example(page, OWN_DATA)


def upload_again(page, path) -> None:
    """Pick ``path`` in the file dialog of the uploader's "add" button, as a learner re-uploads a file."""
    with page.expect_file_chooser() as chooser:
        page.locator("[data-testid='stFileUploader'] button").filter(has_text="add").first.click()
    chooser.value.set_files(str(path))


def sidebar_text(page) -> str:
    """The sidebar's text without the invisible word joiners that keep bare addresses from linking."""
    return page.locator("[data-testid='stSidebar']").inner_text().replace(WORD_JOINER, "")


def tall_screenshot(page, path) -> None:
    """The whole sidebar: the page made tall enough, then back to 1280×720."""
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.wait_for_timeout(800)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1280, "height": 720})


FILE_NAME = "**bold** ![i](track.png) [click](evil.html).csv"
"""A file name Markdown would turn into bold text, an image (fetched from the app's host) and a link."""
TEXT_HEADER = "![t](http://127.0.0.1:9/track.png) [t](http://127.0.0.1:9/)"
NUMBER_HEADER = "<a href='http://127.0.0.1:9/'>a</a><b>b</b> ![n](http://127.0.0.1:9/track.png) **n**"
"""A numeric column's header: HTML for plotly's axis title, Markdown for Streamlit."""


def markdown_file(path) -> None:
    rng = np.random.default_rng(1)
    values = np.concatenate([rng.normal(10, 2, 40), rng.normal(30, 3, 40)])
    path.write_text(f"{TEXT_HEADER},{NUMBER_HEADER}\n" + "".join(f"word,{v:.2f}\n" for v in values))


def no_markup_from_the_file(page, requests) -> None:
    assert page.locator("img[src*='track']").count() == 0
    assert page.locator("a[href*='127.0.0.1:9'], a[href*='evil']").count() == 0
    assert page.locator("strong", has_text="bold").count() == 0
    assert not [url for url in requests if "track" in url or "127.0.0.1:9/" in url or "evil" in url]


def test_names_and_headers_from_a_file_are_literal_text(page, app_url, artifacts, tmp_path):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    open_own_data(page, app_url)
    upload = page.locator(OWN_DATA_UPLOAD)
    path = tmp_path / FILE_NAME
    markdown_file(path)
    upload.set_input_files(str(path))
    page.get_by_text("80 points").wait_for(timeout=30_000)
    no_error_on(page)
    text = sidebar_text(page)
    assert f"Loaded: {FILE_NAME}." in text  # the caption, character for character
    assert f"Left out 1 text column: '{TEXT_HEADER}'." in text
    assert NUMBER_HEADER in page.locator("[data-testid='stMultiSelect']").inner_text()  # the chosen column
    axis_title = page.locator(".js-plotly-plot .xtitle").first.text_content()
    assert axis_title == NUMBER_HEADER  # plotly shows the tags as text
    no_markup_from_the_file(page, requests)
    tall_screenshot(page, artifacts / "12-own-data-literal-names.png")

    path.write_bytes(b"\x00\x01 binary")  # the same name, refused: the name is in the error
    upload_again(page, path)
    page.get_by_text("The file holds binary data").wait_for(timeout=30_000)
    assert f"{FILE_NAME}: The file holds binary data" in sidebar_text(page)
    no_markup_from_the_file(page, requests)
    tall_screenshot(page, artifacts / "13-own-data-literal-name-in-error.png")


def test_a_file_over_five_megabytes_is_refused_in_words(page, app_url, artifacts, tmp_path):
    open_own_data(page, app_url)
    big = tmp_path / "big.csv"
    big.write_text("x\n" + "1.234567\n" * (6 * 1024 * 1024 // 9))
    page.locator(OWN_DATA_UPLOAD).set_input_files(str(big))
    page.get_by_text("File must be 5.0MB or smaller").wait_for(timeout=30_000)  # Streamlit's own, in the box
    assert "At most 5 MB. A larger file gets a red mark in the box above and is not read." in sidebar_text(page)
    no_error_on(page)
    page.screenshot(path=str(artifacts / "14-own-data-six-megabytes.png"))


def test_ambiguous_commas_are_asked_with_both_readings(page, app_url, artifacts, tmp_path):
    open_own_data(page, app_url)
    excel = tmp_path / "excel.csv"
    excel.write_text("1,5\n2,25\n12,75\n3,5\n" * 5)
    page.locator(OWN_DATA_UPLOAD).set_input_files(str(excel))
    page.get_by_text("the commas are").wait_for(timeout=30_000)
    assert "Choose how to read the commas" in sidebar_text(page)
    tall_screenshot(page, artifacts / "15-own-data-ambiguous-commas.png")
    page.get_by_text("Decimal points: 1.5, 2.25, 12.75, 3.5, … (20 numbers)").click()
    page.get_by_text("20 points").wait_for(timeout=30_000)
    assert "Loaded: excel.csv. Read with commas as decimal points (1,5 = 1.5), as one column." in sidebar_text(page)
    no_error_on(page)
    tall_screenshot(page, artifacts / "16-own-data-decimal-commas-chosen.png")


def test_an_edited_file_with_the_same_name_and_size_is_read_again(page, app_url, tmp_path):
    open_own_data(page, app_url)
    path = tmp_path / "same.csv"
    path.write_text("x\n" + "".join(f"{10 + k % 7}.00\n" for k in range(30)))
    page.locator(OWN_DATA_UPLOAD).set_input_files(str(path))
    page.get_by_text("30 points").wait_for(timeout=30_000)
    first_mean = page.get_by_role("spinbutton", name="µ (mean)").first
    assert float(first_mean.input_value()) < 20
    path.write_text("x\n" + "".join(f"{50 + k % 7}.00\n" for k in range(30)))  # same name, same size
    upload_again(page, path)
    expect(first_mean).to_have_value(re.compile(r"^5\d"), timeout=30_000)  # the guess follows the new data
    no_error_on(page)
