"""The lessons in the real page: a click on a point shows its worked numbers."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.test_page import no_error_on

pytestmark = pytest.mark.browser

PIXEL_OF_POINT = """([x, y]) => {
    const chart = document.querySelectorAll('.js-plotly-plot')[0];
    const layout = chart._fullLayout;
    const box = chart.getBoundingClientRect();
    return [box.left + layout._size.l + layout.xaxis.l2p(x), box.top + layout._size.t + layout.yaxis.l2p(y)];
}"""


MIDDLE_OF_TALLEST_BAR = """() => {
    const chart = document.querySelectorAll('.js-plotly-plot')[0];
    const layout = chart._fullLayout;
    const box = chart.getBoundingClientRect();
    const bars = chart._fullData.filter(trace => trace.type === 'bar');
    const totals = bars[0].x.map((_, i) => bars.reduce((sum, trace) => sum + trace.y[i], 0));
    const i = totals.indexOf(Math.max(...totals));
    return {centre: bars[0].x[i], width: bars[0].width[i],
            left: box.left + layout._size.l + layout.xaxis.l2p(bars[0].x[i]),
            top: box.top + layout._size.t + layout.yaxis.l2p(totals[i] / 2)};
}"""
"""The middle of the tallest (stacked) histogram bar of the first chart, in page pixels."""
DIMMED_TRACES = """() => document.querySelectorAll('.js-plotly-plot')[0]._fullData
    .filter(trace => Array.isArray(trace.selectedpoints)).length"""

OVERFLOWING_FORMULAS = """() => [...document.querySelectorAll('.katex-display')]
    .filter(formula => formula.offsetParent !== null)
    .map(formula => {
        const cell = formula.closest('[data-testid="stElementContainer"]').getBoundingClientRect();
        const box = formula.getBoundingClientRect();
        // KaTeX's 2-pixel struts (.vlist-s) always stick out of an aligned block by 2 px.
        const hidden = formula.scrollWidth - formula.clientWidth - 2;
        return {text: formula.textContent.slice(0, 60), hidden, outside: Math.round(box.right - cell.right)};
    })
    .filter(formula => formula.hidden > 0 || formula.outside > 0)"""
"""Formulas on screen that are cut on the right (scrolled inside their box) or stick out of their column."""


UNKNOWN_COMMANDS = """() => [...document.querySelectorAll('.katex-html, .katex-error')]
    .map(formula => formula.textContent).filter(text => text.includes('\\\\'))"""
"""Formulas showing a LaTeX command as text: KaTeX prints what it does not know in red."""


def choose_example(page, name: str, attempts: int = 3) -> None:
    """Pick ``name`` in the sidebar's Example box (a click that lands while the page reruns is tried again)."""
    option = page.get_by_role("option", name=name)
    for attempt in range(attempts):
        page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first.click()  # the Example box
        try:
            option.wait_for(timeout=10_000)
            break
        except PlaywrightTimeoutError:
            if attempt == attempts - 1:
                raise
            page.keyboard.press("Escape")
    option.click()
    page.wait_for_timeout(1500)


def test_clicking_a_point_shows_its_worked_numbers(page, app_url, artifacts):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/why")
    page.get_by_role("button", name="Run the E-step").wait_for(timeout=60_000)
    choose_example(page, "Nine points")
    page.get_by_role("button", name="Run the E-step").click()
    page.get_by_text("E-step 1: how point").wait_for(timeout=30_000)
    assert page.get_by_text("(x = 9.00)").count() == 0
    chart = page.locator(".js-plotly-plot").first
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    strip = chart.evaluate("c => c._fullData.find(t => t.type === 'scattergl').y[0]")
    left, top = page.evaluate(PIXEL_OF_POINT, [9.0, strip])
    page.mouse.click(left, top)
    page.get_by_text("(x = 9.00) is shared").wait_for(timeout=30_000)
    assert page.locator(".katex").filter(has_text="9.00").count() >= 2  # the numbers of that point
    no_error_on(page)
    page.screenshot(path=str(artifacts / "05-why-it-works-picked-point.png"))


def test_where_it_fails_shows_restarts_that_disagree(page, app_url, artifacts):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/fails")
    page.get_by_text("Restarts").first.wait_for(timeout=60_000)
    choose_example(page, "Three clusters, two Gaussians")
    page.get_by_text("different fits").wait_for(timeout=60_000)
    no_error_on(page)
    page.screenshot(path=str(artifacts / "06-where-it-fails-restarts.png"))
    page.get_by_role("tab", name="Likelihood landscape").click()
    page.get_by_text("Mirror symmetry").wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    page.screenshot(path=str(artifacts / "07-landscape.png"))


def set_number_of_gaussians(page, k: int) -> None:
    box = page.get_by_role("spinbutton", name="Number of Gaussians K")
    box.fill(str(k))
    box.press("Enter")
    page.get_by_text(f"Gaussian {k}", exact=True).first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)


@pytest.mark.parametrize("width, height", [(1280, 720), (1920, 1080)])
def test_worked_numbers_fit_their_column_for_up_to_six_gaussians(page, app_url, artifacts, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{app_url}/why")
    page.get_by_role("button", name="Run the E-step").wait_for(timeout=60_000)
    for k in (3, 6):
        set_number_of_gaussians(page, k)
        page.get_by_role("button", name="Next iteration").click()
        page.get_by_text("E-step 1: how point").wait_for(timeout=30_000)
        for tab in ("E-step: one point", "M-step: the sums"):
            page.get_by_role("tab", name=tab).click()
            page.wait_for_timeout(1500)
            shown = page.locator(".katex-display").filter(has_text=f"{k}").count()
            assert shown >= 2, (tab, k)
            assert page.evaluate(OVERFLOWING_FORMULAS) == [], (tab, k, width)
            assert page.evaluate(UNKNOWN_COMMANDS) == [], (tab, k)
            page.screenshot(path=str(artifacts / f"08-why-K{k}-{tab.split(':')[0]}-{width}.png"))
        page.get_by_role("tab", name="E-step: one point").click()
        page.get_by_role("button", name="Reset", exact=True).click()
        page.get_by_text("The first E-step will give point").wait_for(timeout=30_000)
    no_error_on(page)


PICKED_X = r"""() => {
    const heading = document.body.innerText.match(/\(x = ([\d.,-]+)\) is shared/);
    return heading ? parseFloat(heading[1].replace(/,/g, '')) : null;
}"""
"""The x of the point whose E-step is shown, read from the heading "how point n (x = …) is shared"."""


def test_clicking_a_bar_picks_the_point_nearest_its_centre(page, app_url, artifacts):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/why")
    page.get_by_role("button", name="Run the E-step").wait_for(timeout=60_000)
    page.get_by_role("button", name="Next iteration").click()
    page.get_by_text("E-step 1: how point").wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    bar = page.evaluate(MIDDLE_OF_TALLEST_BAR)
    picked_near_the_bar = f"() => Math.abs(({PICKED_X})() - {bar['centre']}) <= {bar['width'] / 2}"
    assert not page.evaluate(picked_near_the_bar)  # the first pick is elsewhere
    for attempt in ("first click", "click after typing another point"):
        page.mouse.click(bar["left"], bar["top"])
        page.wait_for_function(picked_near_the_bar, timeout=30_000)
        page.wait_for_timeout(1000)
        assert page.evaluate(DIMMED_TRACES) == 0, attempt  # the chart starts afresh: nothing greyed out
        if attempt == "first click":
            page.screenshot(path=str(artifacts / "09-why-bar-clicked.png"))
            number = page.get_by_role("spinbutton", name="Point number")
            number.fill("0")
            number.press("Enter")
            page.get_by_text("how point 0 (x =").wait_for(timeout=30_000)
            page.wait_for_timeout(1000)
    no_error_on(page)


def slider_value(page, label: str) -> str:
    slider = page.locator("[data-testid=stMain] [data-testid=stSlider]").filter(has_text=label)
    return slider.locator("[data-testid=stSliderThumbValue]").inner_text()


def slide_to_the_end(page, label: str) -> None:
    page.locator("[data-testid=stMain] [data-testid=stSlider]").filter(has_text=label).get_by_role("slider").focus()
    page.keyboard.press("End")
    page.wait_for_timeout(3000)


def type_number(page, label: str, value: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Enter")
    page.wait_for_timeout(3000)


def test_lesson_settings_survive_work_on_another_page(page, app_url):
    """Restarts, their seed, Starts per K and its seed come back after a click on the stepper."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/fails")
    page.get_by_text("Seed of the random starts").wait_for(timeout=60_000)
    choose_example(page, "Nine points")
    slide_to_the_end(page, "Restarts")
    type_number(page, "Seed of the random starts", "7")
    page.get_by_role("link", name="How many Gaussians?").click()
    page.get_by_text("Starts per K").first.wait_for(timeout=60_000)
    slide_to_the_end(page, "Starts per K")
    type_number(page, "Seed", "4")
    page.get_by_role("link", name="Step through EM").click()
    page.get_by_role("button", name="Run the E-step").click()
    page.get_by_role("button", name="Run the M-step").wait_for(timeout=60_000)
    page.mouse.move(700, 650)  # off the button, so its tooltip does not cover the top bar
    page.wait_for_timeout(1000)
    page.get_by_role("link", name="Where it fails").click()
    page.get_by_text("Seed of the random starts").wait_for(timeout=60_000)
    assert slider_value(page, "Restarts") == "50"
    assert page.get_by_label("Seed of the random starts", exact=True).input_value() == "7"
    page.get_by_role("link", name="How many Gaussians?").click()
    page.get_by_text("Starts per K").first.wait_for(timeout=60_000)
    assert slider_value(page, "Starts per K") == "20"
    assert page.get_by_label("Seed", exact=True).input_value() == "4"
    no_error_on(page)
