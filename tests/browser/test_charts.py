"""The charts as the real page draws them at projector size (1280×720): what only Chromium shows.

Streamlit's chart theme, the column widths and the page's tooltips are applied in the browser,
so the figure unit tests cannot see them.
"""

from __future__ import annotations

import pytest

from emviz.examples import BISHOP
from tests.browser.test_lessons import choose_example
from tests.browser.test_page import no_error_on

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1280, 720
CHART_LAYOUT = r"""c => {
    const l = c._fullLayout, box = c.getBoundingClientRect();
    const ticks = Object.keys(l).filter(k => /^[xy]axis\d*$/.test(k) && l[k].showticklabels)
        .map(k => l[k].tickfont.size);
    return {width: box.width, smallestTick: Math.min(...ticks), legend: l.legend?.font?.size,
            xPixelsPerUnit: Math.abs(l.xaxis._m), yPixelsPerUnit: Math.abs(l.yaxis._m)};
}"""


def main_chart(page):
    return page.locator(".js-plotly-plot").first


@pytest.fixture
def bishop_page(app_page):
    choose_example(app_page, BISHOP)
    app_page.get_by_text("Your initial guess").wait_for(timeout=60_000)
    app_page.wait_for_timeout(1500)  # let plotly finish drawing
    return app_page


def test_2d_chart_and_its_caption_fit_the_projector_screen(bishop_page, artifacts):
    caption = bishop_page.locator(".emf-caption").filter(has_text="Your initial guess").first
    bottom = caption.bounding_box()["y"] + caption.bounding_box()["height"]
    assert bottom <= HEIGHT, f"the caption under the chart ends at {bottom:.0f} px, below the fold"
    layout = main_chart(bishop_page).evaluate(CHART_LAYOUT)
    assert layout["width"] >= 0.4 * WIDTH, f"main chart only {layout['width']:.0f} px wide"
    no_error_on(bishop_page)
    bishop_page.screenshot(path=str(artifacts / "08-bishop-at-1280x720.png"))


def test_2d_chart_draws_one_unit_as_long_on_both_axes(bishop_page):
    layout = main_chart(bishop_page).evaluate(CHART_LAYOUT)
    assert layout["yPixelsPerUnit"] == pytest.approx(layout["xPixelsPerUnit"], rel=0.01), "round Gaussians drawn round"


def test_chart_text_is_16_px_in_the_page(app_page):
    # Streamlit's chart theme draws ticks and legends at 12 px unless the figure's layout says otherwise.
    app_page.wait_for_timeout(1500)  # the log-likelihood chart beside the main one
    main, log_likelihood = (chart.evaluate(CHART_LAYOUT) for chart in app_page.locator(".js-plotly-plot").all()[:2])
    assert main["smallestTick"] >= 16 and main["legend"] >= 16
    assert log_likelihood["smallestTick"] >= 16


def test_no_tooltip_covers_the_page_menu_after_a_step_click(app_page):
    app_page.get_by_role("button", name="Next iteration").click()  # the mouse stays on the button
    app_page.get_by_text("M-step 1:").wait_for(timeout=30_000)
    app_page.wait_for_timeout(1500)  # a tooltip shows after a short hover delay
    menu = app_page.locator("[data-testid='stTopNav']").bounding_box()
    for tooltip in app_page.locator("[data-testid='stTooltipContent']").all():
        box = tooltip.bounding_box()
        if box and tooltip.is_visible():
            assert box["y"] >= menu["y"] + menu["height"], f"a tooltip covers the page menu: {tooltip.text_content()}"
