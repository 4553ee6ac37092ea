"""The real page in headless Chromium: it loads, a step click redraws the chart."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def no_error_on(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Traceback").count() == 0
    assert page.get_by_text("Something went wrong").count() == 0


def main_chart_legend(page) -> str:
    return " | ".join(page.locator(".js-plotly-plot").first.locator(".legendtext").all_text_contents())


def test_the_page_loads_with_the_guess_and_no_error(app_page, artifacts):
    no_error_on(app_page)
    assert app_page.get_by_text("Your initial guess").count() == 1
    assert "Gaussian 1 (guess)" in main_chart_legend(app_page)
    app_page.screenshot(path=str(artifacts / "01-initial-guess.png"))


def test_running_the_e_step_colours_the_points(app_page, artifacts):
    chart = app_page.locator(".js-plotly-plot").first
    before = chart.screenshot()
    app_page.get_by_role("button", name="Run the E-step").click()
    app_page.get_by_role("button", name="Run the M-step").wait_for(timeout=30_000)
    app_page.get_by_text("E-step 1:").wait_for(timeout=30_000)
    app_page.wait_for_timeout(500)  # let plotly finish redrawing
    assert chart.screenshot() != before
    assert "(guess)" not in main_chart_legend(app_page)
    no_error_on(app_page)
    app_page.screenshot(path=str(artifacts / "02-after-e-step.png"))


def test_the_m_step_draws_ghosts_and_run_to_convergence_finishes(app_page, artifacts):
    app_page.get_by_role("button", name="Next iteration").click()
    app_page.get_by_text("M-step 1:").wait_for(timeout=30_000)
    legend = app_page.locator(".js-plotly-plot").first.locator(".legendtext")
    legend.filter(has_text="before the M-step").wait_for(timeout=5_000)  # plotly draws after the caption
    assert "before the M-step" in main_chart_legend(app_page)
    app_page.screenshot(path=str(artifacts / "03-after-m-step.png"))
    app_page.get_by_role("button", name="Run to convergence").click()
    app_page.get_by_role("button", name="Finished").wait_for(timeout=30_000)
    status = app_page.get_by_text("Converged after").first.text_content()
    iterations = int(status.split("after ")[1].split(" ")[0])
    app_page.get_by_text(f"M-step {iterations}:").wait_for(timeout=30_000)
    no_error_on(app_page)
    app_page.set_viewport_size({"width": 1280, "height": 2000})
    app_page.wait_for_timeout(1000)
    app_page.screenshot(path=str(artifacts / "04-converged-whole-page.png"))
