"""The exports benchmark still runs and prints a row for each export (no timing asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_the_exports_benchmark_prints_its_table():
    printed = subprocess.run(
        [sys.executable, str(REPO / "tests" / "benchmarks" / "bench_exports.py"), "--points", "200",
         "--max-iter", "2"], cwd=REPO, capture_output=True, text=True, timeout=300, check=True).stdout
    rows = [line.split() for line in printed.splitlines()[1:]]
    assert [row[2] for row in rows] == ["CSV", "JSON", "JSON", "HTML"], printed
    assert all(row[0] == "200" and row[1] == "5" for row in rows), printed
