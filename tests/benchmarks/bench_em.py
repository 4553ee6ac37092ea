"""Benchmark emviz.run_em against scikit-learn's GaussianMixture started from the same parameters.

Run from the repository root::

    python tests/benchmarks/bench_em.py

Prints a plain-text table: median wall time per EM iteration of each (a run of MAX_ITER
iterations with tol=0, divided by MAX_ITER; both totals include their one-off set-up and the
final E-step), their ratio, and the largest relative difference between the fitted parameters;
then the peak extra memory of a 500-iteration run_em on a million points (tracemalloc).
This is a script, not a test: nothing here is collected by pytest.
"""

from __future__ import annotations

import os
import platform
import sys
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from threadpoolctl import threadpool_info

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the checkout, for tests.helpers

from emviz import Mixture, run_em  # noqa: E402
from tests.helpers import max_relative_difference, random_case, sklearn_oracle, two_gaussian_data  # noqa: E402
from timing import median_seconds  # noqa: E402 - run as a script from this folder

MAX_ITER = 20
REPEATS = {10_000: 7, 100_000: 5, 1_000_000: 3}
REG_COVAR = 1e-6
MEMORY_N = 1_000_000
MEMORY_ITER = 500
UNIVARIATE_GUESS = Mixture.univariate(weights=[0.5, 0.5], means=[-1.0, 1.0], sigmas=[2.0, 2.0])


def cases():
    """(label, x, init): 1-D K=2 at three sizes, and one 2-D K=2 row."""
    for n_points in (10_000, 100_000, 1_000_000):
        yield n_points, 1, two_gaussian_data(n_points, seed=0), UNIVARIATE_GUESS
    x, init = random_case(seed=0, n_components=2, n_features=2, n_points=100_000)
    yield 100_000, 2, x, init


def blas_description():
    blas = [info for info in threadpool_info() if info.get("user_api") == "blas"]
    if not blas:
        return "no BLAS found by threadpoolctl"
    return "; ".join(
        f"{info['internal_api']} {info.get('version')} ({Path(info['filepath']).parent.name}): "
        f"{info['num_threads']} thread(s)"
        for info in blas
    )


def peak_extra_memory():
    """Peak bytes allocated by a MEMORY_ITER-iteration run on MEMORY_N points, and the data's size."""
    x = two_gaussian_data(MEMORY_N, seed=1)
    tracemalloc.start()
    tracemalloc.reset_peak()
    baseline, _ = tracemalloc.get_traced_memory()
    history = run_em(x, UNIVARIATE_GUESS, max_iter=MEMORY_ITER, tol=0.0, reg_covar=REG_COVAR)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak - baseline, x.nbytes, history.n_iter


def main():
    print(f"emviz run_em vs scikit-learn {sklearn.__version__} GaussianMixture(covariance_type='full')")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"numpy {np.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPU(s), load average {load}")
    print(f"BLAS: {blas_description()}")
    repeats = ", ".join(f"{count} at N={n:,}" for n, count in REPEATS.items())
    print(f"Same start, max_iter={MAX_ITER}, tol=0, reg_covar={REG_COVAR:g}; median of runs ({repeats});")
    print("ms/iter = total run time / max_iter (includes set-up and the final E-step).")
    print()
    header = (f"{'N':>10} {'d':>2} {'K':>2} {'emviz ms/iter':>14} {'sklearn ms/iter':>16} {'sklearn/emviz':>14} "
              f"{'max rel diff':>13}")
    print(header)
    print("-" * len(header))
    for n_points, n_features, x, init in cases():
        ours_s, history = median_seconds(
            lambda: run_em(x, init, max_iter=MAX_ITER, tol=0.0, reg_covar=REG_COVAR), REPEATS[n_points]
        )
        theirs_s, model = median_seconds(
            lambda: sklearn_oracle(x, init, max_iter=MAX_ITER, tol=0.0, reg_covar=REG_COVAR),
            REPEATS[n_points],
        )
        difference = max_relative_difference(history.mixtures[-1], model)
        print(
            f"{n_points:>10,} {n_features:>2} {init.n_components:>2} {1e3 * ours_s / MAX_ITER:>14.2f} "
            f"{1e3 * theirs_s / MAX_ITER:>16.2f} {theirs_s / ours_s:>14.1f} {difference:>13.1e}"
        )
    print()
    extra, data_bytes, n_iter = peak_extra_memory()
    print(
        f"Peak extra memory of run_em, {MEMORY_N:,} points, {n_iter} iterations (tracemalloc): "
        f"{extra / 2**20:.1f} MiB = {extra / data_bytes:.1f} × the data ({data_bytes / 2**20:.1f} MiB)"
    )


if __name__ == "__main__":
    warnings.simplefilter("ignore", ConvergenceWarning)  # tol=0 never "converges", by design
    main()
