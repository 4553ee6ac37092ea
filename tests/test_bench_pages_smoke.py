"""The page benchmark still runs, on tiny data (no timing: speed is what the benchmark prints)."""

from __future__ import annotations

import runpy
from pathlib import Path

BENCH = Path(__file__).resolve().parent / "benchmarks" / "bench_pages.py"


def test_the_page_benchmark_times_every_page_cold_and_warm(capsys):
    rows = runpy.run_path(str(BENCH))["main"](["--points", "300"])
    assert [(page, points) for page, points, _, _ in rows] == [
        ("step", 300), ("why", 300), ("fails", 300), ("how-many", 300)]
    assert all(cold > 0 and warm > 0 for _, _, cold, warm in rows)
    assert "cold s" in capsys.readouterr().out


def test_the_page_benchmark_profiles_a_page(capsys):
    runpy.run_path(str(BENCH))["main"](["--points", "300", "--profile", "why"])
    assert "why_it_works.py" in capsys.readouterr().out
