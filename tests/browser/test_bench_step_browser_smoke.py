"""tests/benchmarks/bench_step_browser.py runs (two clicks), so that it cannot rot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.browser


def test_the_step_benchmark_prints_its_table(browser_type_launch_args):
    """In its own process: Playwright's sync API cannot run inside pytest-playwright's event loop."""
    done = subprocess.run([sys.executable, str(REPO / "tests" / "benchmarks" / "bench_step_browser.py"),
                           "--clicks", "2"], capture_output=True, text=True, timeout=300, cwd=REPO)
    assert done.returncode == 0, done.stderr
    header, row = done.stdout.splitlines()[-2:]
    assert header.lstrip().startswith("points") and row.split("|")[0].strip() == "10,000"
