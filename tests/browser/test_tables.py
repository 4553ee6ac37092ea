"""The stepper's parameter table in the real page: every cell readable at projector size."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_lessons import choose_example, set_number_of_gaussians
from tests.browser.test_page import no_error_on

pytestmark = pytest.mark.browser

CUT_CELLS = """() => {
    const table = document.querySelector(".emf-table");
    const box = table.getBoundingClientRect();
    return [...table.querySelectorAll('*')]
        .filter(element => element.scrollWidth > element.clientWidth + 1
                || element.getBoundingClientRect().right > box.right + 1)
        .map(element => element.textContent.slice(0, 40));
}"""
"""Parts of the parameter table that scroll sideways or stick out of it (cut for the learner)."""


@pytest.mark.parametrize("example, k", [("Classic (20 and 40)", 2), ("Classic (20 and 40)", 6),
                                        ("Three clusters in 2-D", 3)])
def test_parameter_table_fits_at_1280_by_720(app_page, artifacts, example, k):
    choose_example(app_page, example)
    if k != 2 or example.startswith("Three"):
        set_number_of_gaussians(app_page, k)
    app_page.get_by_role("button", name="Run to convergence").click()
    app_page.get_by_role("button", name="Finished").wait_for(timeout=60_000)
    app_page.get_by_role("button", name="Back").click()
    app_page.get_by_role("button", name="Run the M-step").wait_for(timeout=30_000)
    table = app_page.locator(".emf-table").first
    table.scroll_into_view_if_needed()
    app_page.wait_for_timeout(1000)
    assert app_page.evaluate(CUT_CELLS) == []
    assert table.get_by_text("change").count() == k
    cells = table.locator("td").all_text_contents()
    assert not [cell for cell in cells if re.search(r"\de[+-]?\d", cell)], cells  # no 1.23e-05
    no_error_on(app_page)
    app_page.screenshot(path=str(artifacts / f"10-parameter-table-{example.split()[0]}-K{k}.png"))
