"""Cached computations of the page "k-means is EM with σ → 0", shared by every session.

The data are Old Faithful, standardised (Bishop, *PRML*, Fig. 9.1); the runs are small
(272 points), so each cache holds a few MiB at most (budgets in :mod:`emviz.ui.caches`).
"""

from __future__ import annotations

import numpy as np

from emviz.data import old_faithful
from emviz.engine.kmeans_limit import Bifurcation, SharedSigmaRun, anneal, run_shared_sigma
from emviz.sources import standardised
from emviz.ui.caches import bounded_cache

BISHOP_START = ((-1.5, 1.0), (0.5, -1.5))
"""Bishop's two starting means (Fig. 9.1 (a)), the same as the Bishop Figure 9.8 example's guess."""
START_SEED = 0
"""Seed of the data points picked as the starting means when K > 2."""
BIFURCATION_SIGMAS = tuple(np.geomspace(2.5, 0.05, 30))
"""The σ visited by the bifurcation plot, soft to hard."""


@bounded_cache(max_entries=1, max_mib=1)
def faithful() -> np.ndarray:
    """Old Faithful, each column standardised (read-only)."""
    values = standardised(old_faithful())
    values.setflags(write=False)
    return values


def start_means(n_components: int) -> np.ndarray:
    """Bishop's start for K = 2; otherwise K data points picked with :data:`START_SEED`."""
    if n_components == 2:
        return np.array(BISHOP_START)
    x = faithful()
    return x[np.random.default_rng(START_SEED).choice(len(x), n_components, replace=False)]


@bounded_cache(max_entries=64, max_mib=8, spinner="Running EM with a shared σ…")
def shared_sigma_run(sigma: float, n_components: int) -> SharedSigmaRun:
    """EM with the shared ``sigma`` (0: k-means) from :func:`start_means`."""
    return run_shared_sigma(faithful(), start_means(n_components), sigma)


@bounded_cache(max_entries=8, max_mib=1, spinner="Lowering σ step by step…")
def bifurcation(n_components: int) -> Bifurcation:
    """Where the means settle for each of :data:`BIFURCATION_SIGMAS`."""
    return anneal(faithful(), n_components, BIFURCATION_SIGMAS)


def main_axis() -> np.ndarray:
    """The data's first principal direction (the bifurcation plot's axis), pointing up-right."""
    x = faithful()
    _, vectors = np.linalg.eigh(np.cov(x.T))
    direction = vectors[:, -1]
    return direction if direction.sum() >= 0 else -direction
