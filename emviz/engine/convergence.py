"""How fast EM converges: its rate, Aitken's limit, SQUAREM, and when packages stop.

EM converges linearly: near the fixed point θ* the error θₜ − θ* shrinks by the largest
eigenvalue λ of the EM map's Jacobian per iteration (λ is the largest fraction of missing
information, Dempster, Laird & Rubin 1977), so the log-likelihood gap ℓ* − ℓₜ, quadratic
in the error, shrinks by λ² per iteration. This module measures that rate from a run
(:func:`fit_rate`), computes λ from the EM map by finite differences
(:func:`em_map_jacobian`, :func:`largest_eigenvalue`), extrapolates ℓ* with Aitken's
Δ² (:func:`aitken_limits`), accelerates EM with SQUAREM (Varadhan & Roland 2008,
:func:`squarem`), and says where the stopping rules of scikit-learn, mixtools and
mclust stop (:class:`StoppingRule`).

The EM map is the Gaussian mixture's own E- and M-step (:func:`emviz.em.e_step`,
:func:`emviz.em.m_step`). Parameters are handled as one unconstrained vector
(:func:`pack`): log-ratios of the weights, the means, and each covariance's Cholesky
factor with a log diagonal, so that an extrapolated SQUAREM step is always a valid
mixture; the eigenvalues of the Jacobian at a fixed point do not depend on this choice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from emviz.em import e_step, m_step, run_em
from emviz.mixture import Mixture, as_points

# --- parameters as one vector --------------------------------------------------------------------


def pack(mixture: Mixture) -> np.ndarray:
    """The parameters of ``mixture`` as one unconstrained vector.

    Parameters
    ----------
    mixture : Mixture

    Returns
    -------
    ndarray, shape (K − 1 + K·d + K·d(d + 1)/2,)
        log(wₖ / w_K) for k < K, the means row by row, then for each Gaussian the lower
        triangle of its covariance's Cholesky factor with the log of its diagonal.
    """
    with np.errstate(divide="ignore"):
        logits = np.log(mixture.weights[:-1]) - np.log(mixture.weights[-1])
    rows, columns = np.tril_indices(mixture.n_features)
    factors = np.linalg.cholesky(mixture.covariances)
    factors[:, np.arange(mixture.n_features), np.arange(mixture.n_features)] = np.log(
        np.diagonal(factors, axis1=1, axis2=2))
    return np.concatenate([logits, mixture.means.ravel(), factors[:, rows, columns].ravel()])


def unpack(vector, n_components: int, n_features: int) -> Mixture:
    """The mixture of :func:`pack`'s ``vector``.

    Raises
    ------
    ValueError
        If the vector has the wrong length or gives no valid mixture (e.g. overflow).
    """
    vector = np.asarray(vector, dtype=float)
    n_triangle = n_features * (n_features + 1) // 2
    expected = n_components - 1 + n_components * n_features + n_components * n_triangle
    if vector.shape != (expected,):
        raise ValueError(f"A mixture of {n_components} Gaussians in {n_features}-D has {expected} parameters, "
                         f"not {vector.size}.")
    logits = np.append(vector[:n_components - 1], 0.0)
    weights = np.exp(logits - logits.max())
    means = vector[n_components - 1:n_components - 1 + n_components * n_features].reshape(n_components, n_features)
    factors = np.zeros((n_components, n_features, n_features))
    rows, columns = np.tril_indices(n_features)
    factors[:, rows, columns] = vector[-n_components * n_triangle:].reshape(n_components, n_triangle)
    diagonal = np.arange(n_features)
    with np.errstate(over="ignore"):
        factors[:, diagonal, diagonal] = np.exp(factors[:, diagonal, diagonal])
    return Mixture(weights / weights.sum(), means, factors @ np.swapaxes(factors, 1, 2))


def em_map(x, mixture: Mixture, *, reg_covar: float = 1e-6) -> Mixture:
    """One EM iteration, F(θ): the M-step after the E-step under ``mixture``.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, d)
    mixture : Mixture
    reg_covar : float, default=1e-6
        As in :func:`emviz.em.run_em`.
    """
    return m_step(x, e_step(x, mixture), reg_covar=reg_covar)


def em_map_jacobian(x, mixture: Mixture, *, reg_covar: float = 1e-6, step: float = 1e-5) -> np.ndarray:
    """The Jacobian of the EM map at ``mixture``, in :func:`pack`'s coordinates, by central differences.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, d)
    mixture : Mixture
        Usually EM's fixed point, where the Jacobian's largest eigenvalue is EM's rate.
    reg_covar : float, default=1e-6
        As in :func:`emviz.em.run_em`.
    step : float, default=1e-5
        The finite-difference step in each coordinate.

    Returns
    -------
    ndarray, shape (p, p)
        ∂F(θ)ᵢ / ∂θⱼ.
    """
    points = as_points(x, mixture.n_features)
    if not (np.isfinite(step) and step > 0):
        raise ValueError(f"The finite-difference step must be a positive number (it is {step:g}).")
    shape = (mixture.n_components, mixture.n_features)
    centre = pack(mixture)
    columns = []
    for j in range(centre.size):
        shift = np.zeros_like(centre)
        shift[j] = step
        forward = pack(em_map(points, unpack(centre + shift, *shape), reg_covar=reg_covar))
        backward = pack(em_map(points, unpack(centre - shift, *shape), reg_covar=reg_covar))
        columns.append((forward - backward) / (2 * step))
    return np.column_stack(columns)


def largest_eigenvalue(matrix) -> float:
    """The largest modulus of the eigenvalues of ``matrix``: EM's rate when it is the EM map's Jacobian."""
    return float(np.max(np.abs(np.linalg.eigvals(np.asarray(matrix, dtype=float)))))


# --- the rate measured from a run ------------------------------------------------------------------

NOISE = 1e-11
"""Gaps below this times (1 + |ℓ*|) are rounding noise and are not fitted."""
ASYMPTOTIC = 1e-4
"""Gaps below this times (1 + |ℓ*|) are fitted: EM is then close enough to θ* to shrink them at its rate."""


@dataclass(frozen=True)
class RateFit:
    """A straight line through log(ℓ* − ℓₜ) against t.

    Attributes
    ----------
    iterations : ndarray of int
        The t fitted: gaps above rounding noise and below :data:`ASYMPTOTIC` (close to the
        fixed point, where the ratio has settled); the last half of the gaps above noise if
        the run stopped before that.
    log_gaps : ndarray
        log(ℓ* − ℓₜ) at those t (natural log).
    slope, intercept : float
        The least-squares line log gap ≈ intercept + slope·t.
    """

    iterations: np.ndarray
    log_gaps: np.ndarray
    slope: float
    intercept: float

    @property
    def gap_ratio(self) -> float:
        """The factor by which the gap shrinks per iteration, e^slope (λ²)."""
        return float(np.exp(self.slope))

    @property
    def rate(self) -> float:
        """EM's rate λ, √(gap ratio): the factor by which the parameters' error shrinks per iteration."""
        return float(np.sqrt(self.gap_ratio))


def gaps(log_likelihoods, limit: float) -> np.ndarray:
    """ℓ* − ℓₜ for every t (may be ≤ 0 once rounding noise is reached)."""
    return float(limit) - np.asarray(log_likelihoods, dtype=float)


def fit_rate(log_likelihoods, limit: float, *, min_points: int = 3) -> RateFit | None:
    """Fit log(ℓ* − ℓₜ) against t over the linear part of the run.

    Parameters
    ----------
    log_likelihoods : array_like, shape (T + 1,)
        ℓₜ of a run.
    limit : float
        ℓ*, the log-likelihood at the fixed point.
    min_points : int, default=3
        Fewest gaps above rounding noise needed.

    Returns
    -------
    RateFit or None
        None when fewer than ``min_points`` gaps are above rounding noise (the run
        converged too fast, or too early, to show a rate).
    """
    gap = gaps(log_likelihoods, limit)
    scale = 1 + abs(float(limit))
    above = np.flatnonzero(gap > NOISE * scale)
    if above.size and above[-1] != above.size - 1:  # only the unbroken run of gaps from t = 0
        above = above[:np.argmax(np.diff(np.append(above, -1)) != 1) + 1]
    fitted = above[gap[above] <= ASYMPTOTIC * scale]
    if fitted.size < min_points:  # the run stopped before the gap got small: its last half
        fitted = above[above.size // 2:]
    if fitted.size < min_points:
        return None
    log_gaps = np.log(gap[fitted])
    slope, intercept = np.polyfit(fitted.astype(float), log_gaps, 1)
    return RateFit(fitted, log_gaps, float(slope), float(intercept))


def aitken_limits(log_likelihoods) -> np.ndarray:
    """Aitken's Δ² estimate of ℓ* after each iteration.

    With the ratio aₜ = (ℓₜ − ℓₜ₋₁)/(ℓₜ₋₁ − ℓₜ₋₂), the estimate after iteration t is
    ℓₜ₋₁ + (ℓₜ − ℓₜ₋₁)/(1 − aₜ) (Böhning et al. 1994; McNicholas et al. 2010).

    Parameters
    ----------
    log_likelihoods : array_like, shape (T + 1,)

    Returns
    -------
    ndarray, shape (T + 1,)
        NaN for t < 2 and where the ratio is undefined (no change) or ≥ 1.
    """
    ll = np.asarray(log_likelihoods, dtype=float)
    limits = np.full(ll.shape, np.nan)
    if ll.size < 3:
        return limits
    step, before = np.diff(ll)[1:], np.diff(ll)[:-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = step / before
        estimate = ll[1:-1] + step / (1 - ratio)
    estimate[~(np.isfinite(ratio) & (ratio < 1))] = np.nan
    limits[2:] = estimate
    return limits


# --- stopping rules ----------------------------------------------------------------------------------


def _per_point_change(ll: np.ndarray, n_points: int) -> np.ndarray:
    return np.abs(np.diff(ll)) / n_points


def _total_change(ll: np.ndarray, n_points: int) -> np.ndarray:
    return np.diff(ll)


def _relative_change(ll: np.ndarray, n_points: int) -> np.ndarray:
    return np.abs(np.diff(ll)) / (1 + np.abs(ll[1:]))


def _aitken_gap(ll: np.ndarray, n_points: int) -> np.ndarray:
    return np.abs(aitken_limits(ll) - ll)[1:]


@dataclass(frozen=True)
class StoppingRule:
    """A package's rule for when EM has converged, applied to a run's log-likelihoods.

    Attributes
    ----------
    name : str
        The package, e.g. "scikit-learn".
    criterion : str
        The rule in symbols, e.g. "|ℓₜ − ℓₜ₋₁| / N < tol".
    tol : float
        Its default tolerance.
    measure : callable
        ``measure(log_likelihoods, n_points)`` gives, for t = 1 … T, the quantity that
        must fall below ``tol``.
    """

    name: str
    criterion: str
    tol: float
    measure: Callable[[np.ndarray, int], np.ndarray]

    def stops_at(self, log_likelihoods, n_points: int) -> int | None:
        """The first iteration t ≥ 1 at which the rule stops EM, or None if it never does.

        Parameters
        ----------
        log_likelihoods : array_like, shape (T + 1,)
            ℓ₀ (the start) … ℓ_T, totals over the data.
        n_points : int
            N, the number of data points.
        """
        if isinstance(n_points, (bool, np.bool_)) or not isinstance(n_points, (int, np.integer)) or n_points < 1:
            raise ValueError(f"The number of points must be a whole number ≥ 1 (it is {n_points!r}).")
        ll = np.asarray(log_likelihoods, dtype=float)
        if ll.ndim != 1:
            raise ValueError("Give the log-likelihoods as one sequence, ℓ₀ … ℓ_T.")
        with np.errstate(invalid="ignore"):
            met = np.flatnonzero(self.measure(ll, int(n_points)) < self.tol) if ll.size > 1 else np.array([])
        return int(met[0]) + 1 if met.size else None


SKLEARN = StoppingRule("scikit-learn", "|ℓₜ − ℓₜ₋₁| / N < tol", 1e-3, _per_point_change)
"""scikit-learn's ``GaussianMixture``: the change of the mean log-likelihood per point, tol = 10⁻³."""
MIXTOOLS = StoppingRule("mixtools", "ℓₜ − ℓₜ₋₁ < tol", 1e-8, _total_change)
"""R's mixtools ``normalmixEM``: the change of the total log-likelihood, epsilon = 10⁻⁸."""
MCLUST = StoppingRule("mclust", "|ℓₜ − ℓₜ₋₁| / (1 + |ℓₜ|) < tol", 1e-5, _relative_change)
"""R's mclust (``emControl(tol)``): the relative change of the log-likelihood, 10⁻⁵."""


def aitken_rule(tol: float = 1e-3) -> StoppingRule:
    """Aitken-based stopping: stop when Aitken's estimate of ℓ* is within ``tol`` of ℓₜ.

    Parameters
    ----------
    tol : float, default=1e-3
        In units of the total log-likelihood: the gain still expected.
    """
    if not (np.isfinite(tol) and tol > 0):
        raise ValueError(f"The tolerance must be a positive number (it is {tol:g}).")
    return StoppingRule("Aitken", "|ℓ̂*ₜ − ℓₜ| < tol", float(tol), _aitken_gap)


# --- SQUAREM ---------------------------------------------------------------------------------------------


ROUNDING = 1e-12
"""A fall of the log-likelihood below this times (1 + |ℓ|) is rounding noise, not a failed SQUAREM step."""


@dataclass(frozen=True, eq=False)
class AcceleratedRun:
    """A SQUAREM run, cycle by cycle.

    Attributes
    ----------
    mixtures : tuple of Mixture
        The start, then the mixture after each cycle.
    log_likelihoods : ndarray, shape (len(mixtures),)
    em_evaluations : ndarray of int, shape (len(mixtures),)
        EM-map evaluations (one E-step and one M-step each) used up to each entry.
    likelihood_evaluations : int
        Log-likelihood evaluations used to keep the run monotone.
    converged : bool
        Whether the parameters stopped moving before ``max_cycles``.
    """

    mixtures: tuple
    log_likelihoods: np.ndarray
    em_evaluations: np.ndarray
    likelihood_evaluations: int
    converged: bool

    @property
    def n_em_evaluations(self) -> int:
        """EM-map evaluations used in all."""
        return int(self.em_evaluations[-1])


def squarem(x, init: Mixture, *, reg_covar: float = 1e-6, tol: float = 1e-9,
            max_cycles: int = 500) -> AcceleratedRun:
    """EM accelerated by SQUAREM (Varadhan & Roland 2008, scheme S3), kept monotone.

    Each cycle takes two EM steps θ₁ = F(θ₀), θ₂ = F(θ₁), extrapolates along
    r = θ₁ − θ₀ and v = θ₂ − 2θ₁ + θ₀ to θ' = θ₀ + 2αr + α²v with α = ‖r‖/‖v‖ (at least 1),
    and takes one more EM step from θ'. If that lowers the log-likelihood below ℓ(θ₀)
    (by more than :data:`ROUNDING`), α is halved towards 1 (α = 1 gives θ' = θ₂: plain EM).

    Parameters
    ----------
    x : array_like, shape (N,) or (N, d)
    init : Mixture
    reg_covar : float, default=1e-6
        As in :func:`emviz.em.run_em`.
    tol : float, default=1e-9
        Stop when no parameter (in :func:`pack`'s coordinates) moves by more than this in a cycle.
    max_cycles : int, default=500

    Returns
    -------
    AcceleratedRun
    """
    points = as_points(x, init.n_features)
    shape = (init.n_components, init.n_features)
    mixtures, lls, counts = [init], [init.log_likelihood(points)], [0]
    n_likelihoods, converged = 1, False
    for _ in range(max_cycles):
        theta0 = pack(mixtures[-1])
        first = em_map(points, mixtures[-1], reg_covar=reg_covar)
        second = em_map(points, first, reg_covar=reg_covar)
        used = 2
        r = pack(first) - theta0
        v = pack(second) - pack(first) - r
        alpha = max(1.0, float(np.linalg.norm(r) / np.linalg.norm(v))) if np.linalg.norm(v) > 0 else 1.0
        while True:
            candidate = _extrapolated(theta0, r, v, alpha, shape) if alpha > 1 else second
            outcome = None if candidate is None else _stabilised(points, candidate, reg_covar)
            used += candidate is not None
            n_likelihoods += outcome is not None
            if (outcome is not None and outcome[1] >= lls[-1] - ROUNDING * (1 + abs(lls[-1]))) or alpha <= 1:
                break
            alpha = max(1.0, (alpha + 1) / 2)
        if outcome is None:  # not even plain EM could go on from θ₂
            mixtures.append(second)
            lls.append(second.log_likelihood(points))
            counts.append(counts[-1] + used)
            break
        step, ll = outcome
        moved = float(np.max(np.abs(pack(step) - theta0)))
        mixtures.append(step)
        lls.append(ll)
        counts.append(counts[-1] + used)
        if moved <= tol:
            converged = True
            break
    return AcceleratedRun(tuple(mixtures), np.array(lls), np.array(counts), n_likelihoods, converged)


def _extrapolated(theta0, r, v, alpha, shape) -> Mixture | None:
    """The mixture at θ₀ + 2αr + α²v, or None if it is not a valid mixture."""
    try:
        return unpack(theta0 + 2 * alpha * r + alpha**2 * v, *shape)
    except (ValueError, np.linalg.LinAlgError):
        return None


def _stabilised(points, mixture: Mixture, reg_covar: float) -> tuple[Mixture, float] | None:
    """F(mixture) and its log-likelihood (one EM iteration of :func:`emviz.em.run_em`), or None
    when EM cannot go on from it (a collapse or zero density)."""
    try:
        with np.errstate(all="ignore"):
            run = run_em(points, mixture, max_iter=1, tol=0.0, reg_covar=reg_covar)
    except (ValueError, np.linalg.LinAlgError):
        return None
    return run.mixtures[-1], float(run.log_likelihoods[-1])
