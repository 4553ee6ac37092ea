"""How long a step click takes in a real browser, and what it costs the server (Playwright, Chromium).

Starts ``streamlit run <checkout>/app.py`` on 127.0.0.1, opens the stepper on the default example
(10,000 points; ``--points N`` types other counts into the data boxes), clicks Next ``--clicks``
times and prints a table: click → caption changed (median / p95), messages the browser sent per
click (each a rerun), bytes received on page open and per click. ``--checkout`` measures another
copy of the app (e.g. main's, exported to /tmp) for a before/after comparison. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from tests.servers import free_port, wait_until_healthy  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CAPTION = "[data-testid='stAlert'], .emf-caption"
"""The caption under the main chart: an st.info before, the stepper's own box after."""


IN_PAGE_CLICK = """async ([label, text, caption]) => {
  const button = [...document.querySelectorAll("button")].find((b) => b.innerText.trim().endsWith(label));
  const shown = () => [...document.querySelectorAll(caption)].some((e) => e.innerText.includes(text));
  const start = performance.now();
  button.click();
  while (!shown()) await new Promise((resolve) => requestAnimationFrame(resolve));
  return (performance.now() - start) / 1000;
}"""
"""Click in the page and wait for the caption there: the browser's own time, not Playwright's round trips."""


def _set_points(page, points: int) -> None:
    page.get_by_text("Data: the true Gaussians").click()
    for key, share in (("data_n_1", 0.3), ("data_n_2", 0.7)):
        box = page.locator(f".st-key-{key} input")
        box.fill(str(int(points * share)))
        box.press("Enter")
        page.wait_for_timeout(1500)
    page.get_by_text("Your initial guess").first.wait_for(timeout=120_000)
    page.wait_for_timeout(3000)


def measure(checkout: Path, points: int | None, clicks: int) -> dict:
    """Click Next ``clicks`` times on the stepper of the app in ``checkout``; the numbers."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(checkout / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=checkout, env={**os.environ, "PYTHONPATH": str(checkout)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_healthy(url, server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            sent, received = [], []
            page.on("websocket", lambda socket: (
                socket.on("framesent", lambda payload: sent.append(len(payload))),
                socket.on("framereceived", lambda payload: received.append(len(payload)))))
            page.goto(url)
            page.get_by_role("button", name="Run the E-step").wait_for(timeout=120_000)
            page.wait_for_timeout(4000)
            if points:
                _set_points(page, points)
            opened = sum(received)
            sent.clear()
            received.clear()
            latencies = []
            for click in range(1, clicks + 1):
                kind, iteration = ("E", (click + 1) // 2) if click % 2 else ("M", click // 2)
                shown = f"{kind}-step {iteration}:"
                latencies.append(page.evaluate(IN_PAGE_CLICK, [f"Run the {kind}-step", shown, CAPTION]))
                page.locator(CAPTION).filter(has_text=f"{kind}-step {iteration}:").first.wait_for(timeout=60_000)
                page.wait_for_timeout(300)
            browser.close()
        latencies.sort()
        return {"median_ms": 1000 * statistics.median(latencies),
                "p95_ms": 1000 * latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))],
                "messages_per_click": len(sent) / clicks, "open_kb": opened / 1024,
                "kb_per_click": sum(received) / 1024 / clicks}
    finally:
        server.terminate()
        server.wait(timeout=20)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkout", type=Path, default=REPO, help="folder with app.py and emviz/")
    parser.add_argument("--points", type=int, nargs="*", default=[0], help="0: the example's 10,000")
    parser.add_argument("--clicks", type=int, default=10)
    args = parser.parse_args(argv)
    print(f"{'points':>9} | click→caption median / p95 (ms) | messages sent per click | "
          "KB received: page open / per click")
    for points in args.points:
        row = measure(args.checkout, points or None, args.clicks)
        print(f"{points or 10_000:>9,} | {row['median_ms']:8.0f} / {row['p95_ms']:6.0f}"
              f" | {row['messages_per_click']:5.2f} | {row['open_kb']:8.0f} / {row['kb_per_click']:6.1f}")


if __name__ == "__main__":
    main()
