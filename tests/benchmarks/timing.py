"""Timing helper shared by the benchmark scripts."""

from __future__ import annotations

import statistics
import time


def median_seconds(run, repeats):
    """Median wall time of ``run()`` over ``repeats`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result
