"""k-means as EM with one shared, fixed σ, from soft (large σ) to hard (σ → 0).

Every Gaussian has the same weight 1/K and the same round covariance σ²I, and only the
means are learned (MacKay, *ITILA* §20.2, "soft k-means, version 1", stiffness β = 1/σ²).
The E-step is the Gaussian mixture's own (:func:`emviz.em.e_step`); the M-step moves each
mean to the average of its shares, as :func:`emviz.em.m_step` does, and keeps σ and the
weights fixed. With equal weights and
one shared σ the most responsible Gaussian is the nearest mean whatever σ is, so the limit
σ → 0 (``sigma=0``) gives each point wholly to that Gaussian (nearest-mean assignment) and
the M-step becomes the mean of each cluster: k-means (Lloyd's algorithm), whose cost
J = Σₙ ‖xₙ − µ of its cluster‖² falls at every half-step (Bishop, *PRML*, Figs. 9.1–9.2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from emviz.em import e_step
from emviz.mixture import Mixture, as_points

HARD = 0.0
"""The ``sigma`` that stands for the limit σ → 0: k-means."""
_ANY_SIGMA = 1.0
"""The σ of the E-step whose argmax is the nearest mean (any σ gives the same argmax)."""


def _read_only(values) -> np.ndarray:
    array = np.array(values, dtype=float)
    array.setflags(write=False)
    return array


def _checked_sigma(sigma) -> float:
    """``sigma`` as a float ≥ 0, or a ValueError a learner can act on."""
    if isinstance(sigma, (bool, np.bool_)) or not isinstance(sigma, (int, float, np.integer, np.floating)):
        raise ValueError(f"σ must be a number (it is {sigma!r}).")
    sigma = float(sigma)
    if not np.isfinite(sigma) or sigma < 0:
        raise ValueError(f"σ must be a finite number ≥ 0, with 0 for the k-means limit (it is {sigma:g}).")
    return sigma


def _checked_means(means, n_features: int) -> np.ndarray:
    means = np.asarray(means, dtype=float)
    if means.ndim != 2 or means.shape[0] == 0 or means.shape[1] != n_features:
        raise ValueError(f"Give the starting means as an array of shape (K, {n_features}), not {means.shape}.")
    if not np.all(np.isfinite(means)):
        raise ValueError("The starting means must be finite numbers.")
    return means


def _checked_count(name: str, value, low: int) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be a whole number ≥ {low} (it is {value!r}).")
    return int(value)


def shared_mixture(means: np.ndarray, sigma: float) -> Mixture:
    """Equal weights and covariance σ²I around ``means`` (shape (K, d))."""
    n_components, n_features = means.shape
    covariances = np.broadcast_to(sigma**2 * np.eye(n_features), (n_components, n_features, n_features))
    return Mixture(np.full(n_components, 1.0 / n_components), means, covariances)


def assign(x: np.ndarray, means: np.ndarray, sigma: float) -> np.ndarray:
    """The E-step with one shared σ: responsibilities, shape (N, K); one-hot (nearest mean) at σ = 0."""
    resp = e_step(x, shared_mixture(means, sigma if sigma > 0 else _ANY_SIGMA))
    if sigma > 0:
        return resp
    return np.eye(means.shape[0])[np.argmax(resp, axis=1)]


def update_means(x: np.ndarray, responsibilities: np.ndarray, previous: np.ndarray) -> np.ndarray:
    """The M-step with σ and the weights fixed: µₖ = Σₙ γₙₖ xₙ / Σₙ γₙₖ (as in :func:`emviz.em.m_step`).

    Only the means are learned, so the covariances and weights :func:`emviz.em.m_step` would
    also compute are not; a Gaussian with no share of any point keeps its mean.
    """
    counts = responsibilities.sum(axis=0)
    empty = counts == 0
    means = (responsibilities.T @ x) / np.where(empty, 1.0, counts)[:, None]
    means[empty] = previous[empty]
    return means


def distortion(x: np.ndarray, responsibilities: np.ndarray, means: np.ndarray) -> float:
    """J = Σₙ Σₖ γₙₖ ‖xₙ − µₖ‖², the k-means cost (with soft shares when the γ are soft)."""
    squared = ((x[:, None, :] - means[None, :, :]) ** 2).sum(axis=2)
    return float((responsibilities * squared).sum())


@dataclass(frozen=True, eq=False)
class SharedSigmaRun:
    """One run of EM with a shared, fixed σ, iteration by iteration.

    Attributes
    ----------
    x : ndarray, shape (N, d)
        The data, read-only.
    sigma : float
        The shared σ; 0 for the k-means limit.
    means : ndarray, shape (T + 1, K, d)
        ``means[0]`` is the start, ``means[t]`` the means after t M-steps.
    costs : ndarray, shape (2T + 1,)
        J at every frame of the half-step timeline: ``costs[2t − 1]`` after the E-step
        of iteration t (shares under ``means[t − 1]``), ``costs[2t]`` after its M-step;
        ``costs[0]`` (the start, no shares yet) is NaN.
    log_likelihoods : ndarray, shape (T + 1,)
        Log-likelihood under equal weights and σ²I around ``means[t]``; NaN at σ = 0.
    converged : bool
        Whether the stopping rule was met before ``max_iter``.
    """

    x: np.ndarray
    sigma: float
    means: np.ndarray
    costs: np.ndarray
    log_likelihoods: np.ndarray
    converged: bool

    @property
    def n_iter(self) -> int:
        """Number of M-steps run."""
        return self.means.shape[0] - 1

    @property
    def hard(self) -> bool:
        """Whether this is the σ → 0 limit, k-means."""
        return self.sigma == HARD

    def responsibilities(self, t: int) -> np.ndarray:
        """The E-step under ``means[t]``, shape (N, K) (one-hot for k-means), computed on demand."""
        return assign(self.x, self.means[t], self.sigma)

    def labels(self, t: int) -> np.ndarray:
        """The Gaussian each point belongs to most under ``means[t]`` (its cluster for k-means)."""
        return np.argmax(self.responsibilities(t), axis=1)


def run_shared_sigma(x, init_means, sigma: float, *, max_iter: int = 200, tol: float = 1e-10) -> SharedSigmaRun:
    """Run EM with one shared, fixed σ and equal weights from ``init_means``.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, d)
    init_means : array_like, shape (K, d)
        The starting means.
    sigma : float
        The shared σ (> 0), or 0 for the limit σ → 0: k-means.
    max_iter : int, default=200
        Most iterations.
    tol : float, default=1e-10
        Soft runs stop when no mean moves by more than ``tol`` times the data's spread;
        k-means stops when no point changes its cluster (as scikit-learn's ``KMeans`` with
        ``tol=0``).

    Returns
    -------
    SharedSigmaRun

    Raises
    ------
    ValueError
        If the data, the means, σ or the settings are invalid.
    """
    points = as_points(x)
    points.setflags(write=False)
    means = _checked_means(init_means, points.shape[1])
    sigma = _checked_sigma(sigma)
    max_iter = _checked_count("The maximum number of iterations", max_iter, 1)
    tol = float(tol)
    if not (np.isfinite(tol) and tol >= 0):
        raise ValueError(f"tol must be a finite number ≥ 0 (it is {tol:g}).")
    history, costs, converged = _iterate(points, means, sigma, max_iter, tol)
    log_likelihoods = [shared_mixture(m, sigma).log_likelihood(points) if sigma > 0 else np.nan for m in history]
    return SharedSigmaRun(points, sigma, _read_only(history), _read_only(costs), _read_only(log_likelihoods),
                          converged)


def _iterate(points: np.ndarray, means: np.ndarray, sigma: float, max_iter: int,
             tol: float) -> tuple[list[np.ndarray], list[float], bool]:
    """The E- and M-steps of :func:`run_shared_sigma`: the means after each, J at each half-step, converged."""
    spread = float(np.ptp(points, axis=0).max()) or 1.0
    history, costs, labels, converged = [means], [np.nan], None, False
    for _ in range(max_iter):
        resp = assign(points, history[-1], sigma)
        if sigma == HARD:
            labels, previous = np.argmax(resp, axis=1), labels
            if previous is not None and np.array_equal(labels, previous):
                converged = True  # the M-step would give the same means again
                break
        costs.append(distortion(points, resp, history[-1]))
        history.append(update_means(points, resp, history[-1]))
        costs.append(distortion(points, resp, history[-1]))
        if sigma > HARD and np.max(np.abs(history[-1] - history[-2])) <= tol * spread:
            converged = True
            break
    return history, costs, converged


@dataclass(frozen=True, eq=False)
class Bifurcation:
    """Where the means settle for each σ, lowered from soft to hard (MacKay, *ITILA*, Fig. 20.8).

    Attributes
    ----------
    sigmas : ndarray, shape (S,)
        The σ values, largest first.
    means : ndarray, shape (S, K, d)
        The means EM settled at for each σ, each run started where the previous one settled.
    """

    sigmas: np.ndarray
    means: np.ndarray

    def along(self, direction: np.ndarray) -> np.ndarray:
        """Each settled mean projected on ``direction`` (shape (d,)), shape (S, K)."""
        return self.means @ (np.asarray(direction, dtype=float) / np.linalg.norm(direction))


def anneal(x, n_components: int, sigmas, *, seed: int = 0, jitter: float = 1e-2, max_iter: int = 100,
           tol: float = 1e-5) -> Bifurcation:
    """Lower σ step by step, each run started where the last one settled, nudged by ``jitter``.

    Above the critical σ every mean settles at the data mean; below it the nudge grows
    and the means split. The nudge (seeded) breaks the tie that would keep identical
    means identical forever.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, d)
    n_components : int
        K, the number of means.
    sigmas : array_like of float
        Positive σ values, in the order they are visited (largest first for annealing).
    seed : int, default=0
        Seed of the nudges.
    jitter : float, default=1e-2
        Size of each nudge, in units of the data's largest standard deviation.
    max_iter : int, default=100
        Most iterations at each σ.
    tol : float, default=1e-5
        As in :func:`run_shared_sigma`.

    Returns
    -------
    Bifurcation

    Raises
    ------
    ValueError
        If a σ is not positive, or the data or settings are invalid.
    """
    points = as_points(x)
    n_components = _checked_count("The number of means K", n_components, 1)
    sigmas = np.asarray(sigmas, dtype=float).reshape(-1)
    if sigmas.size == 0 or not np.all(np.isfinite(sigmas)) or np.any(sigmas <= 0):
        raise ValueError("Give one or more σ values, each a finite number above 0.")
    rng = np.random.default_rng(seed)
    scale = jitter * (float(points.std(axis=0).max()) or 1.0)
    means = np.repeat(points.mean(axis=0, keepdims=True), n_components, axis=0)
    settled = []
    for sigma in sigmas:
        start = means + scale * rng.standard_normal(means.shape)
        means = _iterate(points, start, float(sigma), int(max_iter), float(tol))[0][-1]
        settled.append(means)
    return Bifurcation(_read_only(sigmas), _read_only(settled))
