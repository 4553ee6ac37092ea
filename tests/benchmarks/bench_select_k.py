"""Benchmark emviz.analysis.select_k against scikit-learn choosing K the same way.

Run from the repository root::

    python tests/benchmarks/bench_select_k.py

For 1-D data of each size, times select_k over K = 1..8 with 5 random starts each, and
scikit-learn fitting ``GaussianMixture(n_components=K, n_init=5, init_params="random_from_data")``
for every K and scoring it with ``.bic``, measured in the same run. Both stop by the same
rule (tol=1e-6, max_iter=200, reg_covar=1e-6: run_em's defaults). Prints the median wall time of each,
their ratio, the K each picks by BIC and the relative difference of the BIC at the K emviz picks.
Then times one recompute of the "How many Gaussians?" page on the app's examples (K = 1..8,
20 starts per K, the app's default run settings) and prints each K's best log-likelihood.
This is a script, not a test: nothing here is collected by pytest.
"""

from __future__ import annotations

import os
import platform
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture

from emviz import Mixture
from emviz.analysis import select_k
from emviz.examples import EXAMPLES
from emviz.sources import load
from timing import median_seconds  # noqa: E402 - run as a script from this folder

K_VALUES = range(1, 9)
N_STARTS = 5
SETTINGS = {"tol": 1e-6, "max_iter": 200, "reg_covar": 1e-6}
"""run_em's defaults, given to both. scikit-learn's own (tol=1e-3, max_iter=100) stop select_k
far from a maximum: its starts give every Gaussian the data's whole spread, so the first
iterations gain little per point, and a loose tol takes that for convergence."""
REPEATS = {1_000: 5, 10_000: 3, 100_000: 1}
APP_EXAMPLES = ("Three clusters, two Gaussians", "Classic (20 and 40)", "Nine points")
APP_STARTS = 20
"""The page's largest "Starts per K", the case the issue timed at 18–29 s."""
TRUTH = Mixture.univariate(weights=[0.3, 0.4, 0.3], means=[-4.0, 0.0, 5.0], sigmas=[1.0, 0.8, 1.5])


def emviz_bics(x):
    """BIC per K from select_k."""
    return select_k(x, K_VALUES, n_starts=N_STARTS, seed=0, **SETTINGS).bic


def sklearn_bics(x):
    """BIC per K from one GaussianMixture per K, best of N_STARTS random starts each."""
    points = x[:, None]
    return np.array([
        GaussianMixture(n_components=k, covariance_type="full", n_init=N_STARTS,
                        init_params="random_from_data", random_state=0, **SETTINGS).fit(points).bic(points)
        for k in K_VALUES
    ])


def main():
    print(f"emviz select_k vs scikit-learn {sklearn.__version__} GaussianMixture, 1-D data from 3 Gaussians")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"numpy {np.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPU(s), load average {load}")
    repeats = ", ".join(f"{count} at N={n:,}" for n, count in REPEATS.items())
    print(f"K = {K_VALUES.start}..{K_VALUES.stop - 1}, {N_STARTS} random starts per K, "
          f"tol={SETTINGS['tol']:g}, max_iter={SETTINGS['max_iter']}, reg_covar={SETTINGS['reg_covar']:g}; "
          f"median of runs ({repeats})")
    print()
    header = (f"{'N':>9} {'emviz s':>9} {'sklearn s':>10} {'emviz/sklearn':>14} "
              f"{'best K emviz':>13} {'best K sklearn':>15} {'BIC rel diff':>13}")
    print(header)
    print("-" * len(header))
    for n_points, count in REPEATS.items():
        x = TRUTH.sample(n_points, np.random.default_rng(n_points))[0][:, 0]
        ours_s, ours = median_seconds(lambda: emviz_bics(x), count)
        theirs_s, theirs = median_seconds(lambda: sklearn_bics(x), count)
        best = int(np.argmin(ours))
        difference = abs(ours[best] - theirs[best]) / abs(theirs[best])
        print(f"{n_points:>9,} {ours_s:>9.3f} {theirs_s:>10.3f} {ours_s / theirs_s:>14.2f} "
              f"{K_VALUES[best]:>13} {K_VALUES[int(np.argmin(theirs))]:>15} {difference:>13.1e}")


def app_recomputes():
    """Time one recompute of the "How many Gaussians?" page on each of APP_EXAMPLES."""
    print()
    print(f"One recompute of the page: K = 1..8, {APP_STARTS} starts per K, seed 0, run settings {SETTINGS}")
    header = f"{'example':>30} {'N':>7} {'seconds':>8}  best log-likelihood for K = 1..8"
    print(header)
    print("-" * len(header))
    for name in APP_EXAMPLES:
        x = load(EXAMPLES[name].data).x
        seconds, selection = median_seconds(
            lambda: select_k(x, range(1, 9), n_starts=APP_STARTS, seed=0, **SETTINGS), 1)
        print(f"{name:>30} {len(x):>7,} {seconds:>8.2f}  " + " ".join(f"{v:.1f}" for v in selection.log_likelihood))


if __name__ == "__main__":
    warnings.simplefilter("ignore", ConvergenceWarning)
    main()
    app_recomputes()
