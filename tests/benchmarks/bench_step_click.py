"""How long a step click takes on the server, and one full EM run, at the default data.

Run: ``python tests/benchmarks/bench_step_click.py``. Prints a table; asserts nothing.
A step click reruns the app (AppTest runs the whole script, a browser click
reruns only the stepper fragment, so real clicks are a little faster).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from emviz.data import DEFAULT_PRESET, PRESETS, generate_gaussians
from emviz.em import run_em
from emviz.figures import log_likelihood_chart, main_chart, responsibility_chart, trajectory_chart

APP = Path(__file__).resolve().parents[2] / "app.py"
CLICKS = 30


def time_clicks(app: AppTest, key: str, clicks: int) -> list[float]:
    """Seconds of each of ``clicks`` clicks on button ``key``.

    When the button is disabled (at either end of the run), the cursor is first
    moved to the other end, untimed.
    """
    times = []
    for _ in range(clicks):
        button = app.button(key=key)
        if button.disabled:
            app.button(key="run_to_end" if key == "back" else "reset").click().run()
            button = app.button(key=key)
        start = time.perf_counter()
        button.click().run()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    """Print the table."""
    preset = PRESETS[DEFAULT_PRESET]
    data = generate_gaussians(preset.data)
    init = preset.guess.to_mixture()
    run_times = []
    for _ in range(5):
        start = time.perf_counter()
        history = run_em(data.x, init)
        run_times.append(time.perf_counter() - start)

    app = AppTest.from_file(str(APP), default_timeout=120)
    start = time.perf_counter()
    app.run()
    first_page = time.perf_counter() - start
    rows = [("first page (draws data, runs EM)", first_page, 1)]
    for key in ("next", "back", "next_iteration"):
        times = time_clicks(app, key, CLICKS)
        rows.append((f"click '{key}' (median)", statistics.median(times), len(times)))
    figures = {"main chart": main_chart, "log-likelihood chart": log_likelihood_chart,
               "responsibility chart": responsibility_chart, "trajectory chart": trajectory_chart}
    for name, build in figures.items():
        times = []
        for frame in range(1, 11):
            start = time.perf_counter()
            build(history, frame)
            times.append(time.perf_counter() - start)
        rows.append((f"build {name} (median)", statistics.median(times), len(times)))

    print(f"Default data: {data.x.size:,} points, {history.n_iter} iterations to convergence")
    print(f"Full EM run (run_em, median of 5): {1000 * statistics.median(run_times):.1f} ms")
    print()
    print(f"{'what':45} {'ms':>9} {'n':>4}")
    for name, seconds, count in rows:
        print(f"{name:45} {1000 * seconds:9.1f} {count:4d}")


if __name__ == "__main__":
    main()
