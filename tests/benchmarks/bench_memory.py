"""How much memory one student can make the app hold: "New sample" again and again on big data.

Run: ``python tests/benchmarks/bench_memory.py`` (issue 12's sequence: 1,000,000 points,
K = 6, "New sample" 29 times with one step after each). Prints the process's RSS after
each sample and after the session is dropped; asserts nothing. ``--pages`` also opens
every lesson page after each sample (restarts, hard EM, collapse, model selection), to
fill the lessons' caches too.

By default the app runs in this process through Streamlit's ``AppTest``. ``--server``
starts a real ``streamlit run`` on 127.0.0.1 instead, drives it over its websocket
(:mod:`tests.ws_client`, no browser) and reads the server's RSS. To measure another
checkout, set ``PYTHONPATH`` to it: the script runs the ``app.py`` beside the ``emviz``
package it imports.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

import emviz

APP = Path(emviz.__file__).resolve().parents[1] / "app.py"
TESTS = Path(__file__).resolve().parents[1]


def _helper(name: str):
    """A helper module of these tests (loaded by path: PYTHONPATH may point at another checkout)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", TESTS / f"{name}.py")
    module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rss_mb(pid: int | str = "self") -> float:
    """Resident set size of process ``pid`` (default: this one), in MB (from /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("VmRSS missing from /proc/self/status")


def _checked(app: AppTest) -> AppTest:
    if app.exception:
        raise RuntimeError(f"the app failed: {app.exception[0].message}")
    return app


def _row(rows: list, step: str, seconds: float, pid: int | str = "self") -> None:
    rows.append((step, rss_mb(pid), seconds))
    print(f"{step:34} {rows[-1][1]:8.0f} {seconds:6.1f}", flush=True)


PAGES = ("emviz/ui/pages/why_it_works.py", "emviz/ui/pages/where_it_fails.py", "emviz/ui/pages/how_many.py",
         "emviz/ui/pages/step_through.py")


def new_samples(points: int, n_components: int, samples: int, pages: bool = False) -> list[tuple[str, float, float]]:
    """Run the sequence, printing one row per step; return the (step, RSS in MB, seconds) rows.

    Parameters
    ----------
    points : int
        Points in all, split between the two true Gaussians of the default example.
    n_components : int
        K, the number of Gaussians fitted.
    samples : int
        How many times "New sample" is pressed (each followed by one step).
    pages : bool, default=False
        Open every page after each sample.
    """
    rows: list = []
    _row(rows, "start", 0.0)
    start = time.perf_counter()
    app = _checked(AppTest.from_file(str(APP), default_timeout=900).run())
    app.number_input(key="data_n_1").set_value(points // 2)
    app.number_input(key="data_n_2").set_value(points - points // 2)
    app.number_input(key="n_components").set_value(n_components)
    _checked(app.run())
    _row(rows, f"{points:,} points, K = {n_components}", time.perf_counter() - start)
    for sample in range(1, samples + 1):
        start = time.perf_counter()
        _checked(app.button(key="new_sample").click().run())
        app.session_state["frame"] = 1  # the browser's stepper reports a step (its frames came with the page)
        _checked(app.run())
        for page in PAGES if pages else ():
            _checked(app.switch_page(page).run())
        _row(rows, f"new sample {sample}, one step", time.perf_counter() - start)
    del app
    gc.collect()
    _row(rows, "session dropped", 0.0)
    return rows


def server_samples(points: int, n_components: int, samples: int) -> list[tuple[str, float, float]]:
    """The same sequence against a real server on 127.0.0.1; rows of the server's RSS."""
    servers, ws_client = _helper("servers"), _helper("ws_client")
    port = servers.free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=APP.parent, env={**os.environ, "PYTHONPATH": str(APP.parent)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    rows: list = []
    try:
        servers.wait_until_healthy(url, server)
        _row(rows, "server started", 0.0, server.pid)
        with ws_client.open_session(url) as session:
            start = time.perf_counter()
            session.rerun()
            session.rerun({"data_n_1": points // 2, "data_n_2": points - points // 2, "n_components": n_components})
            _row(rows, f"{points:,} points, K = {n_components}", time.perf_counter() - start, server.pid)
            for sample in range(1, samples + 1):
                start = time.perf_counter()
                answer = session.rerun({"new_sample": True})  # the stepper's frames of the new run come with it
                if answer.exceptions:
                    raise RuntimeError(f"the app failed: {answer.exceptions[0]}")
                _row(rows, f"new sample {sample}, one step", time.perf_counter() - start, server.pid)
        time.sleep(2)
        _row(rows, "session closed", 0.0, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows


def main(argv: list[str] | None = None) -> list[tuple[str, float, float]]:
    """Parse the arguments, run the sequence and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--components", type=int, default=6)
    parser.add_argument("--samples", type=int, default=29)
    parser.add_argument("--pages", action="store_true", help="also open every page after each sample")
    parser.add_argument("--server", action="store_true", help="measure a real server on 127.0.0.1")
    args = parser.parse_args(argv)
    print(f"emviz from {Path(emviz.__file__).parent}")
    print(f"{'step':34} {'RSS MB':>8} {'s':>6}")
    if args.server:
        rows = server_samples(args.points, args.components, args.samples)
    else:
        rows = new_samples(args.points, args.components, args.samples, args.pages)
    print(f"peak RSS {max(rss for _, rss, _ in rows):.0f} MB")
    return rows


if __name__ == "__main__":
    main()
