"""Two 1-D Gaussians a chosen distance apart, and EM's rate on them.

The data for the lesson on EM's speed: N(0, 1) and N(separation, 1) with the smaller
weight ``small_weight``, drawn with a seed, fitted from one fixed kind of start. EM's rate
is the largest eigenvalue of the EM map's Jacobian at the fixed point
(:mod:`emviz.engine.convergence`); it grows towards 1 as the Gaussians overlap or the
smaller one gets rarer.
"""

from __future__ import annotations

import numpy as np

from emviz.engine.convergence import em_map_jacobian, largest_eigenvalue, squarem
from emviz.mixture import Mixture

START_QUANTILES = (0.1, 0.9)
"""The start puts the two means at these quantiles of the data."""


def two_gaussians(separation: float, small_weight: float, *, n_points: int = 1000, seed: int = 0) -> np.ndarray:
    """Points from (1 − w)·N(0, 1) + w·N(separation, 1), sorted, shape (n_points,).

    Parameters
    ----------
    separation : float
        Distance between the two means, in units of their σ (> 0).
    small_weight : float
        Weight w of the second Gaussian, in (0, 0.5].
    n_points : int, default=1000
        Number of points (≥ 10).
    seed : int, default=0
        Seed of the draw.

    Raises
    ------
    ValueError
        If a setting is out of its range.
    """
    if not (np.isfinite(separation) and separation > 0):
        raise ValueError(f"The separation must be a positive number (it is {separation:g}).")
    if not (np.isfinite(small_weight) and 0 < small_weight <= 0.5):
        raise ValueError(f"The smaller weight must be above 0 and at most 0.5 (it is {small_weight:g}).")
    if isinstance(n_points, bool) or not isinstance(n_points, (int, np.integer)) or n_points < 10:
        raise ValueError(f"The number of points must be a whole number ≥ 10 (it is {n_points!r}).")
    truth = Mixture.univariate([1 - small_weight, small_weight], [0.0, float(separation)], [1.0, 1.0])
    points, _ = truth.sample(int(n_points), np.random.default_rng(seed))
    values = np.sort(points[:, 0])
    values.setflags(write=False)
    return values


def standard_start(x) -> Mixture:
    """Equal weights, both σ the data's standard deviation, means at the :data:`START_QUANTILES`."""
    values = np.asarray(x, dtype=float).reshape(-1)
    return Mixture.univariate([0.5, 0.5], np.quantile(values, START_QUANTILES), [values.std()] * 2)


def em_rate(x, *, reg_covar: float = 1e-6, tol: float = 1e-9) -> tuple[float, Mixture]:
    """EM's rate on ``x`` from :func:`standard_start`: the Jacobian's largest eigenvalue at the fixed point.

    Parameters
    ----------
    x : array_like, shape (N,)
    reg_covar : float, default=1e-6
        As in :func:`emviz.em.run_em`.
    tol : float, default=1e-9
        SQUAREM's tolerance on the fixed point (an error e in θ* moves λ by about e).

    Returns
    -------
    rate : float
        λ, the factor by which the parameters' error shrinks per iteration near the fixed point.
    fixed_point : Mixture
        Where SQUAREM took EM.
    """
    fixed_point = squarem(x, standard_start(x), reg_covar=reg_covar, tol=tol).mixtures[-1]
    return largest_eigenvalue(em_map_jacobian(x, fixed_point, reg_covar=reg_covar)), fixed_point
