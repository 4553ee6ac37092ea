"""Time the heavy computations of the pages "k-means" (σ → 0) and "Speed", uncached.

Run from the repository root::

    python tests/benchmarks/bench_lesson_pages.py [--quick]

Each row is one cached computation called the first time (no cache) at a setting the
page offers: the page's default first, then the slowest settings. Prints the median wall
time over ``--repeats`` calls and the machine's load average (other processes on the
same cores slow every row). ``--quick`` times the defaults once (the smoke test's run).
This is a script, not a test: nothing here is collected by pytest.
"""

from __future__ import annotations

import argparse
import os

from emviz.ui import kmeans_runs, speed_runs
from timing import median_seconds  # noqa: E402 - run as a script from this folder

DEFAULTS = [
    ("k-means run, σ → 0, K = 2 (default)", kmeans_runs.shared_sigma_run, (0.0, 2)),
    ("bifurcation, K = 2 (default)", kmeans_runs.bifurcation, (2,)),
    ("speed lesson, d = 3, w = 0.3 (default)", speed_runs.speed_lesson, (3.0, 0.3)),
    ("rate against separation, w = 0.3 (default)", speed_runs.rate_by_separation, (0.3,)),
    ("rate against weight, d = 3 (default)", speed_runs.rate_by_weight, (3.0,)),
]
SLOWEST = [
    ("k-means run, σ = 0.5, K = 5", kmeans_runs.shared_sigma_run, (0.5, 5)),
    ("bifurcation, K = 5", kmeans_runs.bifurcation, (5,)),
    ("speed lesson, d = 2.5, w = 0.05", speed_runs.speed_lesson, (2.5, 0.05)),
    ("rate against separation, w = 0.05", speed_runs.rate_by_separation, (0.05,)),
    ("rate against weight, d = 2.5", speed_runs.rate_by_weight, (2.5,)),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the defaults only, once each")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rows, repeats = (DEFAULTS, 1) if args.quick else (DEFAULTS + SLOWEST, args.repeats)
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}; {os.cpu_count()} cores")
    print(f"{'computation (first call, uncached)':<46} {'median s':>9}")
    seconds = {}
    for name, cached, arguments in rows:
        seconds[name], _ = median_seconds(lambda: cached.__wrapped__(*arguments), repeats)
        print(f"{name:<46} {seconds[name]:>9.3f}")
    for page, first, last in (("k-means page, first open at its defaults", 0, 2),
                              ("Speed page, first open at its defaults", 2, 5)):
        print(f"{page:<46} {sum(seconds[name] for name, _, _ in DEFAULTS[first:last]):>9.3f}")
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
