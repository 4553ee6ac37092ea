"""How long each page takes to open, the first time and once its state is computed.

Run: ``python tests/benchmarks/bench_pages.py [--points 100000,1000000] [--pages why,fails,how-many]``.
Prints a table (page × points × cold / warm seconds); asserts nothing. ``--profile PAGE``
prints cProfile's top functions of that page's cold open instead.

The app runs in this process through Streamlit's ``AppTest``, on the default example with
its two true Gaussians resized to ``points`` in all. For each page and size the caches are
emptied, the stepper opens on the new data (this computes the data and the learner's run:
the "step" row's cold time), then the page is opened (cold: its lessons are computed), the
stepper again, and the page again (warm: every result comes from the shared caches). To
measure another checkout, set ``PYTHONPATH`` to it: the script runs the ``app.py`` beside the
``emviz`` package it imports.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

import emviz
import emviz.ui

APP = Path(emviz.__file__).resolve().parents[1] / "app.py"
PAGE_SCRIPTS = {
    "step": "emviz/ui/pages/step_through.py",
    "why": "emviz/ui/pages/why_it_works.py",
    "fails": "emviz/ui/pages/where_it_fails.py",
    "how-many": "emviz/ui/pages/how_many.py",
}


def _checked(app: AppTest) -> AppTest:
    if app.exception:
        raise RuntimeError(f"the app failed: {app.exception[0].message}")
    return app


def _timed(run) -> float:
    start = time.perf_counter()
    _checked(run())
    return time.perf_counter() - start


def on_fresh_data(points: int) -> tuple[AppTest, float]:
    """A session on the stepper with empty caches and ``points`` points; the seconds the stepper took."""
    st.cache_resource.clear()
    st.cache_data.clear()
    app = _checked(AppTest.from_file(str(APP), default_timeout=900).run())
    app.number_input(key="data_n_1").set_value(points // 2)
    app.number_input(key="data_n_2").set_value(points - points // 2)
    return app, _timed(app.run)


def measure(page: str, points: int) -> tuple[float, float]:
    """Cold and warm seconds of opening ``page`` at ``points`` points."""
    app, stepper_seconds = on_fresh_data(points)
    if page == "step":
        _checked(app.switch_page(PAGE_SCRIPTS["why"]).run())
        return stepper_seconds, _timed(app.switch_page(PAGE_SCRIPTS[page]).run)
    cold = _timed(app.switch_page(PAGE_SCRIPTS[page]).run)
    _checked(app.switch_page(PAGE_SCRIPTS["step"]).run())
    return cold, _timed(app.switch_page(PAGE_SCRIPTS[page]).run)


def profile(page: str, points: int, top: int = 40) -> None:
    """Print the functions that take the most cumulative time in ``page``'s cold open.

    The script runs in AppTest's own thread, so the app's entry (``emviz.ui.main``, which
    ``app.py`` imports on every run) is wrapped in the profiler there.
    """
    app, _ = on_fresh_data(points)
    profiler = cProfile.Profile()
    entry = emviz.ui.main

    def profiled() -> None:
        profiler.runcall(entry)

    emviz.ui.main = profiled
    try:
        _checked(app.switch_page(PAGE_SCRIPTS[page]).run())
    finally:
        emviz.ui.main = entry
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def main(argv: list[str] | None = None) -> list[tuple[str, int, float, float]]:
    """Parse the arguments and print the table; return its rows (page, points, cold s, warm s)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", default="100000", help="comma-separated sizes (default: 100000)")
    parser.add_argument("--pages", default=",".join(PAGE_SCRIPTS), help="comma-separated: " + ", ".join(PAGE_SCRIPTS))
    parser.add_argument("--profile", choices=list(PAGE_SCRIPTS), help="profile this page's cold open")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.points.split(",")]
    print(f"emviz from {Path(emviz.__file__).parent}")
    _checked(AppTest.from_file(str(APP), default_timeout=900).run())  # imports, untimed
    if args.profile:
        profile(args.profile, sizes[0])
        return []
    rows = []
    print(f"{'page':10} {'points':>10} {'cold s':>8} {'warm s':>8}")
    for points in sizes:
        for page in args.pages.split(","):
            cold, warm = measure(page, points)
            rows.append((page, points, cold, warm))
            print(f"{page:10} {points:>10,} {cold:8.2f} {warm:8.2f}", flush=True)
    return rows


if __name__ == "__main__":
    main()
