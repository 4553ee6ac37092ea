"""tests/benchmarks/bench_step_browser.py runs (two clicks), so that it cannot rot."""

from __future__ import annotations

import pytest

from tests.benchmarks import bench_step_browser

pytestmark = pytest.mark.browser


def test_the_step_benchmark_runs(browser_type_launch_args, capsys):
    bench_step_browser.main(["--clicks", "2"])
    table = capsys.readouterr().out.splitlines()
    assert table[0].startswith("   points") and table[1].split("|")[0].strip() == "10,000"
