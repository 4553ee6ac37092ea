"""The learner's own file in the real page: a bad file gets a message, a good one a fit."""

from __future__ import annotations

import numpy as np
import pytest

from emviz.examples import OWN_DATA
from tests.browser.test_lessons import choose_example
from tests.browser.test_page import no_error_on

pytestmark = pytest.mark.browser


def good_csv(path) -> None:
    rng = np.random.default_rng(0)
    values = np.concatenate([rng.normal(10, 2, 120), rng.normal(30, 3, 80)])
    path.write_text("height\n" + "\n".join(f"{v:.3f}" for v in values) + "\n")


def test_a_bad_file_is_refused_and_a_good_one_is_fitted(page, app_url, artifacts, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(app_url)
    page.get_by_role("button", name="Run the E-step").wait_for(timeout=60_000)
    choose_example(page, OWN_DATA)
    upload = page.locator("[data-testid='stFileUploader'] input[type='file']")
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
