"""Cached computations of the page "How fast EM converges", shared by every session.

Each setting (separation, smaller weight) is a plain EM run, a SQUAREM run and the EM
map's Jacobian at the fixed point; the sweeps of the rate against the separation and
against the weight reuse nothing but are small (a few numbers each). Budgets in
:mod:`emviz.ui.caches`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from emviz.em import History, run_em
from emviz.engine.convergence import (
    AcceleratedRun,
    RateFit,
    em_map_jacobian,
    fit_rate,
    largest_eigenvalue,
    squarem,
)
from emviz.engine.overlap import em_rate, standard_start, two_gaussians
from emviz.ui.caches import bounded_cache

N_POINTS = 1000
SEED = 0
SEPARATIONS = (2.5, 3.0, 3.5, 4.0, 5.0, 6.0)
"""Distances between the two means (in σ) the page offers; below 2.5 EM needs thousands of iterations."""
WEIGHTS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5)
"""Weights of the smaller Gaussian the page offers."""
PLAIN_TOL = 1e-13
"""Per-point change at which the plain run stops: far beyond every package's rule, so each one's stop is seen."""
PLAIN_MAX_ITER = 3000
SWEEP_TOL = 1e-6
"""SQUAREM's tolerance on the fixed point in the sweeps (λ is then right to about 10⁻⁶)."""


@dataclass(frozen=True, eq=False)
class SpeedLesson:
    """Everything the page shows for one setting.

    Attributes
    ----------
    history : History
        Plain EM from :func:`~emviz.engine.overlap.standard_start`, run far past convergence.
    accelerated : AcceleratedRun
        SQUAREM from the same start.
    limit : float
        ℓ*, the log-likelihood at the fixed point.
    fit : RateFit or None
        The straight line through log(ℓ* − ℓₜ); None if EM converged too fast to fit one.
    rate : float
        λ, the largest eigenvalue of the EM map's Jacobian at the fixed point.
    """

    history: History
    accelerated: AcceleratedRun
    limit: float
    fit: RateFit | None
    rate: float


@bounded_cache(max_entries=36, max_mib=16, spinner="Running EM and SQUAREM…")
def speed_lesson(separation: float, weight: float) -> SpeedLesson:
    """The runs and the rate for two Gaussians ``separation`` apart, the smaller with ``weight``."""
    x = two_gaussians(separation, weight, n_points=N_POINTS, seed=SEED)
    start = standard_start(x)
    accelerated = squarem(x, start, tol=1e-10)
    history = run_em(x, start, tol=PLAIN_TOL, max_iter=PLAIN_MAX_ITER)
    limit = float(max(accelerated.log_likelihoods[-1], history.log_likelihoods.max()))
    rate = largest_eigenvalue(em_map_jacobian(x, accelerated.mixtures[-1]))
    return SpeedLesson(history, accelerated, limit, fit_rate(history.log_likelihoods, limit), rate)


@bounded_cache(max_entries=16, max_mib=1, spinner="Measuring the rate at every separation…")
def rate_by_separation(weight: float) -> np.ndarray:
    """λ at each of :data:`SEPARATIONS`, the smaller weight ``weight``."""
    return np.array([em_rate(two_gaussians(s, weight, n_points=N_POINTS, seed=SEED), tol=SWEEP_TOL)[0]
                     for s in SEPARATIONS])


@bounded_cache(max_entries=16, max_mib=1, spinner="Measuring the rate at every weight…")
def rate_by_weight(separation: float) -> np.ndarray:
    """λ at each of :data:`WEIGHTS`, the means ``separation`` apart."""
    return np.array([em_rate(two_gaussians(separation, w, n_points=N_POINTS, seed=SEED), tol=SWEEP_TOL)[0]
                     for w in WEIGHTS])
