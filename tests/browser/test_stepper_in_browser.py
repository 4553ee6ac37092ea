"""The stepper moves its frame in the browser: the caption, the table and the charts change, and
the server hears nothing until the cursor rests (then one report of the frame)."""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import expect
from streamlit.proto.BackMsg_pb2 import BackMsg

pytestmark = pytest.mark.browser

REST_MS = 4500
"""Longer than the stepper waits before it reports a resting cursor (frame_player.js REPORT_AFTER_MS)."""
QUIET_S = 1.5
"""A click's rerun would reach the server within milliseconds; the report of a rest comes ≥ 3 s after it."""


@pytest.fixture
def stepper(page, app_url):
    """The stepper page at 1280×720, with a list of the websocket messages the browser sent."""
    sent: list = []
    page.on("websocket", lambda socket: socket.on(
        "framesent", lambda payload: sent.append((time.monotonic(), bytes(payload)))))
    errors: list = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if "emviz" in message.text else None)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(app_url)
    page.get_by_role("button", name="Run the E-step").wait_for(timeout=60_000)
    page.locator(".emf-main .js-plotly-plot").wait_for(timeout=60_000)
    page.wait_for_timeout(REST_MS)  # the page open's own messages are done
    sent.clear()
    page.sent = sent
    page.actions = []
    yield page
    assert errors == []


def act(page, action) -> None:
    """Do ``action`` (a click, a key) and note when it was done, to check that it sent nothing."""
    action()
    page.actions.append(time.monotonic())


def click(page, name: str) -> None:
    act(page, page.get_by_role("button", name=name, exact=True).click)


def press(page, key: str) -> None:
    act(page, lambda: page.keyboard.press(key))


def is_report(payload: bytes) -> bool:
    """Whether a message is the stepper's report of its cursor: a rerun of its fragment alone."""
    message = BackMsg()
    message.ParseFromString(payload)
    return message.WhichOneof("type") == "rerun_script" and bool(message.rerun_script.fragment_id) and any(
        widget.id.endswith("-frame_player") for widget in message.rerun_script.widget_states.widgets)


def described(page) -> list[str]:
    """The messages the browser sent, in words (for a failing test's message)."""
    words = []
    for _, payload in page.sent:
        message = BackMsg()
        message.ParseFromString(payload)
        rerun = message.rerun_script
        triggers = [w.id[-24:] for w in rerun.widget_states.widgets
                    if w.WhichOneof("value") == "trigger_value" and w.trigger_value]
        words.append(f"{message.WhichOneof('type')} fragment={rerun.fragment_id!r} "
                     f"page={rerun.page_script_hash!r} triggers={triggers}")
    return words


def only_reports_of_a_rested_cursor(page, most: int) -> bool:
    """The browser sent at most ``most`` messages, each the report of the stepper's resting cursor:
    an action sends nothing, a cursor at rest is reported once."""
    return len(page.sent) <= most and all(is_report(payload) for _, payload in page.sent)


def reported_frames(page) -> list[int]:
    """The frames the stepper reported, in order."""
    frames = []
    for _, payload in page.sent:
        message = BackMsg()
        message.ParseFromString(payload)
        frames += [json.loads(widget.json_value)["frame"] for widget in message.rerun_script.widget_states.widgets
                   if widget.id.endswith("-frame_player")]
    return frames


def nothing_sent_after_an_action(page) -> bool:
    """No message reached the server within QUIET_S of an action (a rested cursor's report comes later)."""
    return all(sent - max([t for t in page.actions if t <= sent], default=-QUIET_S) >= QUIET_S
               for sent, _ in page.sent)


def caption(page) -> str:
    return page.locator(".emf-caption p").inner_text()


def table(page) -> str:
    return page.locator(".emf-table").first.inner_text()


def main_chart(page) -> list:
    """Names and the first few y values of the main chart's traces, as plotly holds them."""
    return page.locator(".emf-main .js-plotly-plot").evaluate(
        "div => div.data.map(t => [t.name, Array.from(t.y || []).slice(0, 40).map(v => +(+v).toFixed(6))])")


def frame_label(page) -> str:
    return page.locator(".emf-frame-label").inner_text()


def test_steps_move_caption_table_and_chart_with_no_message_to_the_server(stepper, artifacts):
    before = (caption(stepper), table(stepper), main_chart(stepper))
    assert "initial guess" in before[0]
    act(stepper, stepper.get_by_role("button", name="Run the E-step").click)
    stepper.get_by_text("E-step 1:").wait_for(timeout=2_000)
    act(stepper, stepper.get_by_role("button", name="Run the M-step").click)
    stepper.get_by_text("M-step 1:").wait_for(timeout=2_000)
    stepper.wait_for_timeout(500)  # plotly has drawn the frame
    after = (caption(stepper), table(stepper), main_chart(stepper))
    assert after[0] != before[0] and after[1] != before[1] and after[2] != before[2]
    assert "before the M-step" in [name for name, _ in after[2]]
    assert frame_label(stepper) == "Frame 2 of 20: M-step 1"
    assert nothing_sent_after_an_action(stepper) and only_reports_of_a_rested_cursor(stepper, most=1)
    stepper.sent.clear()
    act(stepper, stepper.get_by_role("button", name="Back").click)
    stepper.get_by_text("E-step 1:").wait_for(timeout=2_000)
    assert stepper.get_by_role("button", name="Run the M-step").is_visible()
    assert nothing_sent_after_an_action(stepper)
    stepper.wait_for_timeout(REST_MS)
    assert only_reports_of_a_rested_cursor(stepper, most=2) and reported_frames(stepper)[-1] == 1
    stepper.screenshot(path=str(artifacts / "stepper-in-browser.png"))


def test_every_control_moves_the_cursor(stepper):
    click(stepper, "Next iteration")
    assert frame_label(stepper) == "Frame 2 of 20: M-step 1"
    click(stepper, "Run to convergence")
    stepper.get_by_role("button", name="Finished").wait_for(timeout=2_000)
    assert stepper.get_by_role("button", name="Next iteration").is_disabled()
    assert "M-step 10:" in caption(stepper)
    click(stepper, "Reset")
    assert "initial guess" in caption(stepper)
    assert stepper.get_by_role("button", name="Back").is_disabled()
    act(stepper, lambda: stepper.locator(".emf-slider").fill("5"))
    assert caption(stepper).startswith("E-step 3:")
    assert stepper.get_by_role("button", name="Run the M-step").is_visible()
    act(stepper, lambda: stepper.get_by_label("Speed").select_option("fast"))
    act(stepper, stepper.get_by_text("Play", exact=True).click)
    stepper.get_by_text("M-step 4:").wait_for(timeout=5_000)
    act(stepper, stepper.get_by_text("Play", exact=True).click)
    assert only_reports_of_a_rested_cursor(stepper, most=2), described(stepper)  # 12 actions, ≤ 2 rests


def test_keys_step_play_reset_and_run_to_convergence(stepper):
    stepper.locator(".emf-main").click()  # focus on the page, not on a sidebar box
    press(stepper, "ArrowRight")
    assert caption(stepper).startswith("E-step 1:")
    press(stepper, "ArrowRight")
    press(stepper, "ArrowLeft")
    assert caption(stepper).startswith("E-step 1:")
    press(stepper, "End")
    assert caption(stepper).startswith("M-step 10:")
    press(stepper, "Home")
    assert "initial guess" in caption(stepper)
    press(stepper, " ")
    stepper.get_by_text("E-step 1:").wait_for(timeout=5_000)
    press(stepper, " ")
    frame = frame_label(stepper)
    stepper.wait_for_timeout(1_500)
    assert frame_label(stepper) == frame  # stopped
    assert only_reports_of_a_rested_cursor(stepper, most=2), described(stepper)


def test_keys_in_a_sidebar_box_type_instead_of_stepping(stepper):
    box = stepper.get_by_role("spinbutton", name="Number of Gaussians K")
    box.click()
    box.press("ArrowRight")
    assert "initial guess" in caption(stepper)


def test_other_pages_open_at_the_frame_reached_and_the_stepper_comes_back_to_it(stepper):
    for _ in range(3):
        stepper.get_by_role("button", name="Run the").click()
    assert caption(stepper).startswith("E-step 2:")
    stepper.get_by_role("link", name="Why it works").click()  # at once: the cursor is reported first
    stepper.get_by_role("tab", name="E-step: one point").wait_for(timeout=60_000)
    expect(stepper.get_by_test_id("stMain").get_by_test_id("stSliderThumbValue").first).to_have_text("3")
    assert stepper.get_by_role("button", name="Run the M-step").is_visible()
    stepper.get_by_role("link", name="Step through EM").click()
    stepper.locator(".emf-caption").wait_for(timeout=60_000)
    assert caption(stepper).startswith("E-step 2:")


def test_a_new_guess_starts_the_new_run_at_frame_0(stepper):
    stepper.get_by_role("button", name="Next iteration").click()
    stepper.wait_for_timeout(REST_MS)
    stepper.get_by_role("button", name="Random guess").click()
    stepper.get_by_text("Your initial guess").wait_for(timeout=60_000)
    assert frame_label(stepper).startswith("Frame 0 of")
