"""The lesson pages' benchmark still runs and prints a time for every default computation (no timing asserted)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "tests" / "benchmarks" / "bench_lesson_pages.py"


def test_the_lesson_pages_benchmark_prints_a_time_for_each_default_and_each_page():
    printed = subprocess.run([sys.executable, str(BENCH), "--quick"], cwd=REPO, capture_output=True, text=True,
                             timeout=600, check=True).stdout
    rows = re.findall(r"^(.+?)\s+(\d+\.\d{3})$", printed, re.MULTILINE)
    assert len(rows) == 5 + 2, printed
    assert all(float(seconds) > 0 for _, seconds in rows)
