"""Gaussian mixtures: an immutable, self-validating parameter set.

A :class:`Mixture` holds the weights, means and full covariance matrices of K
Gaussians in d dimensions, with the shapes scikit-learn uses. It evaluates
log-densities (the hot path of the E-step lives in :mod:`emviz.em`) and draws
samples. Invalid parameters raise :class:`ValueError` with a sentence a learner
can act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy.special import logsumexp

LOG_2PI = float(np.log(2.0 * np.pi))
WEIGHT_SUM_TOLERANCE = 1e-6


def normal_pdf(x, mean, sigma) -> np.ndarray:
    """The 1-D normal density N(x | mean, sigma²), broadcast over its arguments.

    ``scipy.stats.norm.pdf``'s formula, without importing ``scipy.stats`` (about 24 MB
    in every server process).

    Examples
    --------
    >>> float(normal_pdf(0.0, 0.0, 1.0))  # 1 / √(2π)
    0.3989422804014327
    """
    z = (np.asarray(x, dtype=float) - mean) / sigma
    return np.exp(-z**2 / 2.0) / np.sqrt(2.0 * np.pi) / sigma


def _read_only(values: np.ndarray) -> np.ndarray:
    """Return a float copy of ``values`` that cannot be written to."""
    array = np.array(values, dtype=float)
    array.setflags(write=False)
    return array


def _ordinal(k: int) -> str:
    """Name component ``k`` (0-based) the way the app does: "component 1"."""
    return f"component {k + 1}"


@dataclass(frozen=True, eq=False)
class Mixture:
    """A mixture of K Gaussians in d dimensions.

    Parameters
    ----------
    weights : array_like, shape (K,)
        Mixing weights, non-negative and summing to 1.
    means : array_like, shape (K, d)
        Component means.
    covariances : array_like, shape (K, d, d)
        Symmetric positive-definite covariance matrices.

    Raises
    ------
    ValueError
        If a shape does not fit, a value is not finite, the weights are negative
        or do not sum to 1, or a covariance is not symmetric positive definite.

    Examples
    --------
    >>> m = Mixture.univariate(weights=[0.3, 0.7], means=[20, 40], sigmas=[5, 5])
    >>> m.n_components, m.n_features
    (2, 1)
    """

    weights: np.ndarray
    means: np.ndarray
    covariances: np.ndarray

    def __post_init__(self) -> None:
        weights = _read_only(self.weights)
        means = _read_only(self.means)
        covariances = _read_only(self.covariances)
        _check_shapes(weights, means, covariances)
        _check_finite(weights, means, covariances)
        _check_weights(weights)
        _check_covariances(covariances)
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "means", means)
        object.__setattr__(self, "covariances", covariances)

    @classmethod
    def univariate(cls, weights, means, sigmas) -> Mixture:
        """Build a 1-D mixture from weights, means and standard deviations.

        Parameters
        ----------
        weights, means, sigmas : array_like, shape (K,)
            One value per component; every sigma must be positive.

        Returns
        -------
        Mixture
            With ``means`` of shape (K, 1) and ``covariances`` of shape (K, 1, 1).
        """
        sigmas = np.asarray(sigmas, dtype=float).reshape(-1)
        for k, sigma in enumerate(sigmas):
            if not sigma > 0:
                raise ValueError(
                    f"The standard deviation σ of {_ordinal(k)} must be positive "
                    f"(it is {sigma:g}); choose a value above 0."
                )
        means = np.asarray(means, dtype=float).reshape(-1, 1)
        return cls(weights, means, sigmas.reshape(-1, 1, 1) ** 2)

    @property
    def n_components(self) -> int:
        """Number of components K."""
        return self.weights.shape[0]

    @property
    def n_features(self) -> int:
        """Dimension d of the data space."""
        return self.means.shape[1]

    @property
    def sigmas(self) -> np.ndarray:
        """Standard deviations, shape (K,), for a 1-D mixture.

        Raises
        ------
        ValueError
            If the mixture is not one-dimensional.
        """
        if self.n_features != 1:
            raise ValueError("σ per component is defined for 1-D mixtures only.")
        return self.axis_sigmas[:, 0]

    @cached_property
    def axis_sigmas(self) -> np.ndarray:
        """Standard deviation of each component along each axis, shape (K, d)."""
        return np.sqrt(np.diagonal(self.covariances, axis1=1, axis2=2))

    @property
    def smallest_sigma(self) -> float:
        """The narrowest spread of any component in any direction: √(smallest covariance eigenvalue)."""
        return float(np.sqrt(np.linalg.eigvalsh(self.covariances).min()))

    @cached_property
    def precision_cholesky(self) -> np.ndarray:
        """Upper-triangular P_k with P_k P_kᵀ = Σ_k⁻¹, shape (K, d, d).

        ``(x - µ_k) @ P_k`` whitens a point, as in scikit-learn.
        """
        eye = np.eye(self.n_features)
        lower = np.linalg.cholesky(self.covariances)
        return np.stack(
            [np.linalg.solve(chol, eye).T for chol in lower]  # inv(L_k)ᵀ
        )

    @cached_property
    def log_normalisers(self) -> np.ndarray:
        """log π_k − ½ d log 2π + log det P_k for each component, shape (K,)."""
        log_det = np.log(np.diagonal(self.precision_cholesky, axis1=1, axis2=2)).sum(axis=1)
        with np.errstate(divide="ignore"):
            log_weights = np.log(self.weights)
        return log_weights - 0.5 * self.n_features * LOG_2PI + log_det

    def log_weighted_densities(self, x) -> np.ndarray:
        """log(π_k N(x_n | µ_k, Σ_k)) for every point and component.

        Parameters
        ----------
        x : array_like, shape (N,) or (N, d)

        Returns
        -------
        ndarray, shape (N, K)
        """
        points = as_points(x, self.n_features)
        out = np.empty((points.shape[0], self.n_components))
        for k in range(self.n_components):
            whitened = (points - self.means[k]) @ self.precision_cholesky[k]
            out[:, k] = self.log_normalisers[k] - 0.5 * np.einsum("ij,ij->i", whitened, whitened)
        return out

    def log_density(self, x) -> np.ndarray:
        """log p(x_n) of the mixture at each point, shape (N,)."""
        return logsumexp(self.log_weighted_densities(x), axis=1)

    def log_likelihood(self, x) -> float:
        """Total log-likelihood Σ_n log p(x_n)."""
        return float(self.log_density(x).sum())

    def posterior(self, x) -> np.ndarray:
        """Responsibilities γ_nk = p(component k | x_n), shape (N, K)."""
        log_weighted = self.log_weighted_densities(x)
        return np.exp(log_weighted - logsumexp(log_weighted, axis=1, keepdims=True))

    def sample(self, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """Draw ``n`` points.

        Parameters
        ----------
        n : int
            Number of points, ≥ 0.
        rng : numpy.random.Generator
            Source of randomness (never a global seed).

        Returns
        -------
        points : ndarray, shape (n, d)
        labels : ndarray of int, shape (n,)
            The component each point came from.
        """
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or n < 0:
            raise ValueError(f"The number of points must be a whole number ≥ 0 (it is {n!r}).")
        labels = rng.choice(self.n_components, size=n, p=self.weights)
        noise = rng.standard_normal((n, self.n_features))
        lower = np.linalg.cholesky(self.covariances)
        points = self.means[labels] + np.einsum("nij,nj->ni", lower[labels], noise)
        return points, labels

    def permuted(self, order) -> Mixture:
        """The same mixture with components reordered: component i is old ``order[i]``.

        Parameters
        ----------
        order : array_like of int, shape (K,)
            Each of 0, …, K − 1 exactly once.

        Raises
        ------
        ValueError
            If ``order`` is not a permutation of the components.
        """
        order = np.asarray(order)
        if order.shape != (self.n_components,) or not np.array_equal(np.sort(order), np.arange(self.n_components)):
            raise ValueError(
                f"The order must name each of 0, …, {self.n_components - 1} exactly once (it is {order.tolist()})."
            )
        return Mixture(self.weights[order], self.means[order], self.covariances[order])


def as_points(x, n_features: int | None = None) -> np.ndarray:
    """Return data as a float array of shape (N, d).

    Parameters
    ----------
    x : array_like, shape (N,) or (N, d)
    n_features : int, optional
        The dimension the data must have.

    Raises
    ------
    ValueError
        If the data are not finite, empty, or of the wrong dimension.
    """
    points = np.asarray(x, dtype=float)
    if points.ndim == 1:
        points = points[:, None]
    if points.ndim != 2 or points.shape[0] == 0:
        raise ValueError("The data must be a non-empty list of numbers or of d-dimensional points.")
    if n_features is not None and points.shape[1] != n_features:
        raise ValueError(
            f"The data are {points.shape[1]}-dimensional but the mixture is {n_features}-dimensional."
        )
    if not np.all(np.isfinite(points)):
        raise ValueError("The data contain missing or infinite values; remove them first.")
    return points


def _check_shapes(weights, means, covariances) -> None:
    if weights.ndim != 1 or weights.size == 0:
        raise ValueError("The weights must be a non-empty list, one weight per component.")
    k = weights.size
    if means.ndim != 2 or means.shape[0] != k:
        raise ValueError(f"Give one mean per component: {k} weights but means of shape {means.shape}.")
    d = means.shape[1]
    if covariances.shape != (k, d, d):
        raise ValueError(
            f"Give one {d}×{d} covariance matrix per component: expected shape {(k, d, d)}, "
            f"got {covariances.shape}."
        )


def _check_finite(weights, means, covariances) -> None:
    for name, values in (("weights", weights), ("means", means), ("covariances", covariances)):
        if not np.all(np.isfinite(values)):
            raise ValueError(f"The {name} must be finite numbers (no NaN or infinity).")


def _check_weights(weights) -> None:
    for k, weight in enumerate(weights):
        if weight < 0:
            raise ValueError(f"The weight of {_ordinal(k)} is {weight:g}; weights cannot be negative.")
    total = weights.sum()
    if abs(total - 1.0) > WEIGHT_SUM_TOLERANCE:
        raise ValueError(f"The weights add up to {total:.6g}, not 1; divide each by their sum.")


def _check_covariances(covariances) -> None:
    for k, cov in enumerate(covariances):
        if not np.allclose(cov, cov.T, rtol=1e-10, atol=0.0):
            raise ValueError(f"The covariance matrix of {_ordinal(k)} must be symmetric.")
        try:
            np.linalg.cholesky(cov)  # what every density evaluation will need
            continue
        except np.linalg.LinAlgError:
            smallest = np.linalg.eigvalsh(cov)[0]
        if cov.shape[0] == 1:
            raise ValueError(
                f"The variance of {_ordinal(k)} is {cov[0, 0]:.3g}; it must be positive "
                "(a Gaussian with zero width sits on a single point)."
            )
        raise ValueError(
            f"The covariance matrix of {_ordinal(k)} is not positive definite "
            f"(smallest eigenvalue {smallest:.3g}); each variance must be positive "
            "and each correlation strictly between −1 and 1."
        )
