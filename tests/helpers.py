"""Shared helpers for the engine tests and benchmarks: data, reference densities, the oracle."""

from __future__ import annotations

import numpy as np
from scipy import stats
from sklearn.mixture import GaussianMixture

from emviz import Mixture


def two_gaussian_data(n: int, seed: int, *, means=(-2.0, 3.0), sigmas=(1.0, 1.5), weight=0.4):
    """``n`` 1-D points: a fraction ``weight`` from N(means[0], sigmas[0]²), the rest from the other."""
    truth = Mixture.univariate([weight, 1.0 - weight], means, sigmas)
    points, _ = truth.sample(n, np.random.default_rng(seed))
    return points[:, 0]


def random_true_mixture(rng: np.random.Generator, n_components: int, n_features: int) -> Mixture:
    """A well-separated random mixture: means spread over [-10, 10]^d, widths 0.5–2."""
    weights = rng.dirichlet(np.full(n_components, 5.0))
    means = rng.uniform(-10.0, 10.0, size=(n_components, n_features))
    covariances = np.empty((n_components, n_features, n_features))
    for k in range(n_components):
        scales = rng.uniform(0.5, 2.0, size=n_features)
        correlation = np.eye(n_features)
        if n_features == 2:
            correlation[0, 1] = correlation[1, 0] = rng.uniform(-0.7, 0.7)
        covariances[k] = correlation * np.outer(scales, scales)
    return Mixture(weights, means, covariances)


def random_case(seed: int, n_components: int, n_features: int = 1, n_points: int = 400):
    """Data drawn from a random mixture and a different starting guess built from the data.

    The guess puts its means on distinct data points, uses the data's own spread for every
    covariance and uniform weights, the way a learner (or k-means-free init) would start.

    Returns
    -------
    x : ndarray, shape (N,) when ``n_features == 1`` else (N, d)
    init : Mixture
    """
    rng = np.random.default_rng(seed)
    truth = random_true_mixture(rng, n_components, n_features)
    points, _ = truth.sample(n_points, rng)
    starts = points[rng.choice(n_points, size=n_components, replace=False)]
    spread = np.cov(points, rowvar=False).reshape(n_features, n_features)
    init = Mixture(
        np.full(n_components, 1.0 / n_components),
        starts,
        np.repeat(spread[None], n_components, axis=0),
    )
    x = points[:, 0] if n_features == 1 else points
    return x, init


def scipy_log_density(mixture: Mixture, x) -> np.ndarray:
    """log p(x) of ``mixture`` computed with scipy.stats, independently of the engine."""
    points = np.asarray(x, dtype=float).reshape(len(x), mixture.n_features)
    densities = np.zeros(points.shape[0])
    for weight, mean, cov in zip(mixture.weights, mixture.means, mixture.covariances):
        if mixture.n_features == 1:
            densities += weight * stats.norm(mean[0], np.sqrt(cov[0, 0])).pdf(points[:, 0])
        else:
            densities += weight * stats.multivariate_normal(mean, cov).pdf(points)
    return np.log(densities)


def sklearn_oracle(x, init: Mixture, *, max_iter: int, tol: float, reg_covar: float) -> GaussianMixture:
    """scikit-learn's GaussianMixture fitted on ``x`` from exactly the parameters of ``init``."""
    points = np.asarray(x, dtype=float).reshape(len(x), init.n_features)
    model = GaussianMixture(
        n_components=init.n_components,
        covariance_type="full",
        weights_init=np.array(init.weights),
        means_init=np.array(init.means),
        precisions_init=np.linalg.inv(init.covariances),
        max_iter=max_iter,
        tol=tol,
        reg_covar=reg_covar,
        init_params="random_from_data",  # overridden by the *_init values; cheap, unlike k-means
        random_state=0,
    )
    return model.fit(points)


def max_relative_difference(mixture: Mixture, model: GaussianMixture) -> float:
    """Largest |a − b| / max(|b|, 1e-12) over weights, means and covariances."""
    pairs = (
        (mixture.weights, model.weights_),
        (mixture.means, model.means_),
        (mixture.covariances, model.covariances_),
    )
    return max(
        float(np.max(np.abs(ours - theirs) / np.maximum(np.abs(theirs), 1e-12)))
        for ours, theirs in pairs
    )


def assert_same_parameters(ours: Mixture, weights, means, covariances, *, rtol: float, atol: float = 0.0):
    """Weights, means and covariances of ``ours`` equal the given arrays."""
    np.testing.assert_allclose(ours.weights, weights, rtol=rtol, atol=atol, err_msg="weights")
    np.testing.assert_allclose(ours.means, means, rtol=rtol, atol=atol, err_msg="means")
    np.testing.assert_allclose(ours.covariances, covariances, rtol=rtol, atol=atol, err_msg="covariances")
