"""The classroom benchmark still runs: 3 students on both apps, directly and through nginx (if installed).

It asserts only that the benchmark printed its table and that every simulated session finished
(no timing: speed is what the benchmark prints).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from deploy.serve_class import NGINX

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "tests" / "benchmarks" / "bench_classroom.py"
STUDENTS = 3
ROW = re.compile(r"^(emviz|trivial), (direct|nginx, \d proc) +(\d+) +(\d+) ", re.MULTILINE)


def test_the_classroom_benchmark_prints_its_table_and_every_session_finishes():
    routes = "direct,proxy2" if Path(NGINX).exists() else "direct"
    printed = subprocess.run(
        [sys.executable, str(BENCH), "--scenario", "class", "--students", str(STUDENTS), "--join", "0.5",
         "--think", "0.2", "--routes", routes],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=True).stdout
    rows = {(app, route): (int(ok), int(failed)) for app, route, ok, failed in ROW.findall(printed)}
    expected_routes = ["direct", "nginx, 2 proc"][:len(routes.split(","))]
    assert sorted(rows) == sorted((app, route) for app in ("emviz", "trivial") for route in expected_routes), printed
    assert all(counts == (STUDENTS, 0) for counts in rows.values()), printed
    assert "CPU s/rerun" in printed and "reruns/step" in printed
