"""Unit tests for emviz.Mixture: construction, validation, densities, sampling, relabelling."""

import numpy as np
import pytest

from emviz import Mixture
from tests.helpers import scipy_log_density

# --- construction and shapes -------------------------------------------------------------

def test_univariate_builds_sklearn_shapes_and_squares_sigmas():
    mixture = Mixture.univariate(weights=[0.2, 0.3, 0.5], means=[-1.0, 0.0, 4.0], sigmas=[0.5, 1.0, 2.0])
    assert mixture.weights.shape == (3,)
    assert mixture.means.shape == (3, 1)
    assert mixture.covariances.shape == (3, 1, 1)
    assert (mixture.n_components, mixture.n_features) == (3, 1)
    np.testing.assert_array_equal(mixture.means[:, 0], [-1.0, 0.0, 4.0])
    np.testing.assert_allclose(mixture.covariances[:, 0, 0], [0.25, 1.0, 4.0], rtol=1e-15)


def test_sigmas_returns_the_standard_deviations():
    mixture = Mixture.univariate(weights=[0.5, 0.5], means=[0, 1], sigmas=[0.3, 7.0])
    assert mixture.sigmas.shape == (2,)
    np.testing.assert_allclose(mixture.sigmas, [0.3, 7.0], rtol=1e-15)


def test_sigmas_of_a_bivariate_mixture_raises(bivariate_mixture):
    with pytest.raises(ValueError, match="1-D"):
        bivariate_mixture.sigmas


def test_full_constructor_keeps_values_with_shapes_k_kd_kdd(bivariate_mixture):
    assert bivariate_mixture.weights.shape == (2,)
    assert bivariate_mixture.means.shape == (2, 2)
    assert bivariate_mixture.covariances.shape == (2, 2, 2)
    assert (bivariate_mixture.n_components, bivariate_mixture.n_features) == (2, 2)
    np.testing.assert_array_equal(bivariate_mixture.means[1], [4.0, -1.0])
    assert bivariate_mixture.covariances[0, 0, 1] == 0.6
    assert bivariate_mixture.weights.dtype == np.float64


def test_integer_inputs_become_floats():
    mixture = Mixture.univariate(weights=[1], means=[3], sigmas=[2])
    assert mixture.means.dtype == np.float64
    assert mixture.covariances[0, 0, 0] == 4.0


@pytest.mark.parametrize("name", ["weights", "means", "covariances"])
def test_arrays_are_read_only(bivariate_mixture, name):
    array = getattr(bivariate_mixture, name)
    assert not array.flags.writeable
    with pytest.raises(ValueError):
        array[0] = 0.0


def test_mixture_copies_its_inputs():
    weights = np.array([0.5, 0.5])
    means = np.array([[0.0], [1.0]])
    mixture = Mixture(weights, means, np.ones((2, 1, 1)))
    weights[0], means[0, 0] = 0.9, 100.0
    np.testing.assert_array_equal(mixture.weights, [0.5, 0.5])
    assert mixture.means[0, 0] == 0.0
    assert weights.flags.writeable  # the caller's array is left alone


def test_fields_cannot_be_reassigned(bivariate_mixture):
    with pytest.raises(AttributeError):
        bivariate_mixture.weights = np.array([0.5, 0.5])


# --- validation -------------------------------------------------------------------------

@pytest.mark.parametrize(
    "weights, message",
    [
        ([-0.1, 1.1], "negative"),
        ([0.5, 0.6], "add up to 1.1"),
        ([0.2, 0.2], "add up to 0.4"),
        ([np.nan, 1.0], "finite"),
        ([np.inf, 0.0], "finite"),
        ([], "non-empty"),
    ],
)
def test_invalid_weights_raise_a_helpful_message(weights, message):
    means = np.zeros((len(weights), 1))
    with pytest.raises(ValueError, match=message):
        Mixture(weights, means, np.ones((len(weights), 1, 1)))


def test_weights_summing_to_one_up_to_rounding_are_accepted():
    mixture = Mixture.univariate(weights=[0.1] * 10, means=np.arange(10.0), sigmas=[1.0] * 10)
    assert mixture.weights.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("sigma", [0.0, -1.0, np.nan])
def test_non_positive_sigma_raises_and_names_the_component(sigma):
    with pytest.raises(ValueError, match=r"component 2 must be positive"):
        Mixture.univariate(weights=[0.5, 0.5], means=[0.0, 1.0], sigmas=[1.0, sigma])


def test_zero_variance_raises_with_the_variance_message():
    with pytest.raises(ValueError, match="variance of component 1 is 0"):
        Mixture([1.0], [[0.0]], [[[0.0]]])


def test_non_symmetric_covariance_raises():
    with pytest.raises(ValueError, match="component 1 must be symmetric"):
        Mixture([1.0], [[0.0, 0.0]], [[[1.0, 0.5], [0.4, 1.0]]])


@pytest.mark.parametrize(
    "covariance",
    [
        [[1.0, 2.0], [2.0, 1.0]],  # correlation 2: indefinite
        [[1.0, 1.0], [1.0, 1.0]],  # correlation 1: singular
        [[-1.0, 0.0], [0.0, 1.0]],  # a negative variance
    ],
)
def test_non_positive_definite_covariance_raises(covariance):
    with pytest.raises(ValueError, match="component 2 is not positive definite"):
        Mixture([0.5, 0.5], [[0.0, 0.0], [1.0, 1.0]], [np.eye(2), covariance])


def test_numerically_singular_covariance_is_rejected_or_usable():
    # det ≈ 1.6e-23: eigvalsh calls it positive (8.5e-22) but Cholesky, which every density
    # needs, fails. An M-step produces such matrices when a 2-D component collapses onto a line.
    covariance = [[3.7157711081324165e-06, -2.9421769646056900e-04],
                  [-2.9421769646056900e-04, 2.3296390006668489e-02]]
    try:
        mixture = Mixture([1.0], [[0.0, 0.0]], [covariance])
    except ValueError as error:
        assert "component 1" in str(error)
        return
    assert np.all(np.isfinite(mixture.log_density(np.zeros((3, 2)))))


def test_nan_in_means_raises():
    with pytest.raises(ValueError, match="means must be finite"):
        Mixture.univariate(weights=[0.5, 0.5], means=[0.0, np.nan], sigmas=[1.0, 1.0])


@pytest.mark.parametrize(
    "means, covariances, message",
    [
        (np.zeros((3, 1)), np.ones((2, 1, 1)), "one mean per component"),
        (np.zeros(2), np.ones((2, 1, 1)), "one mean per component"),
        (np.zeros((2, 2)), np.ones((2, 1, 1)), r"expected shape \(2, 2, 2\)"),
        (np.zeros((2, 1)), np.ones((3, 1, 1)), r"expected shape \(2, 1, 1\)"),
        (np.zeros((2, 1)), np.ones((2, 1)), r"got \(2, 1\)"),
    ],
)
def test_shape_mismatch_raises(means, covariances, message):
    with pytest.raises(ValueError, match=message):
        Mixture([0.5, 0.5], means, covariances)


def test_univariate_with_mismatched_lengths_raises():
    with pytest.raises(ValueError, match="one mean per component"):
        Mixture.univariate(weights=[0.5, 0.5], means=[0.0, 1.0, 2.0], sigmas=[1.0, 1.0])


# --- densities and posteriors ------------------------------------------------------------

def test_univariate_log_density_matches_scipy_norm():
    mixture = Mixture.univariate(weights=[0.2, 0.5, 0.3], means=[-3.0, 0.5, 6.0], sigmas=[0.7, 1.2, 3.0])
    x = np.linspace(-10.0, 15.0, 101)
    np.testing.assert_allclose(mixture.log_density(x), scipy_log_density(mixture, x), rtol=1e-12)
    assert mixture.log_likelihood(x) == pytest.approx(scipy_log_density(mixture, x).sum(), rel=1e-12)


def test_bivariate_log_density_matches_scipy_multivariate_normal(bivariate_mixture):
    x = np.random.default_rng(3).normal(size=(200, 2)) * 3.0 + [2.0, 0.0]
    np.testing.assert_allclose(
        bivariate_mixture.log_density(x), scipy_log_density(bivariate_mixture, x), rtol=1e-12
    )


def test_log_density_accepts_points_of_shape_n_by_1():
    mixture = Mixture.univariate(weights=[1.0], means=[0.0], sigmas=[1.0])
    flat = mixture.log_density([0.0, 1.0])
    column = mixture.log_density([[0.0], [1.0]])
    np.testing.assert_array_equal(flat, column)
    np.testing.assert_allclose(flat, [-0.5 * np.log(2 * np.pi), -0.5 * np.log(2 * np.pi) - 0.5], rtol=1e-15)


def test_log_density_stays_finite_far_in_the_tails():
    mixture = Mixture.univariate(weights=[0.5, 0.5], means=[0.0, 1.0], sigmas=[1.0, 1.0])
    log_p = mixture.log_density([1e3])
    assert np.isfinite(log_p[0])
    assert log_p[0] == pytest.approx(np.log(0.5) - 0.5 * np.log(2 * np.pi) - 0.5 * 999.0**2, rel=1e-9)


def test_zero_weight_component_contributes_nothing():
    with_empty = Mixture.univariate(weights=[1.0, 0.0], means=[0.0, 5.0], sigmas=[1.0, 1.0])
    alone = Mixture.univariate(weights=[1.0], means=[0.0], sigmas=[1.0])
    x = np.linspace(-3.0, 8.0, 12)
    np.testing.assert_allclose(with_empty.log_density(x), alone.log_density(x), rtol=1e-15)
    np.testing.assert_array_equal(with_empty.posterior(x)[:, 1], 0.0)


def test_log_density_rejects_data_of_the_wrong_dimension(bivariate_mixture):
    with pytest.raises(ValueError, match="1-dimensional but the mixture is 2-dimensional"):
        bivariate_mixture.log_density(np.zeros(5))


def test_posterior_rows_sum_to_one_and_match_bayes_rule(bivariate_mixture):
    x = np.random.default_rng(4).normal(size=(100, 2)) * 4.0
    posterior = bivariate_mixture.posterior(x)
    assert posterior.shape == (100, 2)
    np.testing.assert_allclose(posterior.sum(axis=1), 1.0, rtol=1e-14)
    assert np.all(posterior >= 0.0)
    joint = np.exp(bivariate_mixture.log_weighted_densities(x))
    np.testing.assert_allclose(posterior, joint / joint.sum(axis=1, keepdims=True), rtol=1e-10, atol=1e-300)


def test_posterior_prefers_the_nearer_component():
    mixture = Mixture.univariate(weights=[0.5, 0.5], means=[-5.0, 5.0], sigmas=[1.0, 1.0])
    posterior = mixture.posterior([-5.0, 0.0, 5.0])
    assert posterior[0, 0] > 0.999999 and posterior[2, 1] > 0.999999
    np.testing.assert_allclose(posterior[1], [0.5, 0.5], rtol=1e-14)


def test_precision_cholesky_whitens(bivariate_mixture):
    for cov, factor in zip(bivariate_mixture.covariances, bivariate_mixture.precision_cholesky):
        np.testing.assert_allclose(factor @ factor.T, np.linalg.inv(cov), rtol=1e-12, atol=1e-15)
        assert np.allclose(np.tril(factor, -1), 0.0)


# --- sampling ---------------------------------------------------------------------------

def test_sample_is_reproducible_with_the_same_seed(bivariate_mixture):
    first = bivariate_mixture.sample(50, np.random.default_rng(7))
    second = bivariate_mixture.sample(50, np.random.default_rng(7))
    other = bivariate_mixture.sample(50, np.random.default_rng(8))
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])
    assert not np.array_equal(first[0], other[0])


def test_sample_shapes_and_labels(bivariate_mixture):
    points, labels = bivariate_mixture.sample(40, np.random.default_rng(0))
    assert points.shape == (40, 2)
    assert labels.shape == (40,)
    assert set(np.unique(labels)) <= {0, 1}


def test_sample_has_the_mixture_moments_for_large_n():
    mixture = Mixture.univariate(weights=[0.25, 0.75], means=[-4.0, 2.0], sigmas=[1.0, 0.5])
    points, labels = mixture.sample(200_000, np.random.default_rng(11))
    x = points[:, 0]
    mean = 0.25 * -4.0 + 0.75 * 2.0
    variance = 0.25 * (1.0 + 16.0) + 0.75 * (0.25 + 4.0) - mean**2
    assert np.mean(labels == 0) == pytest.approx(0.25, abs=0.005)
    assert x.mean() == pytest.approx(mean, abs=0.02)
    assert x.var() == pytest.approx(variance, rel=0.01)
    assert x[labels == 1].std() == pytest.approx(0.5, rel=0.01)


def test_bivariate_sample_recovers_each_component_covariance(bivariate_mixture):
    points, labels = bivariate_mixture.sample(200_000, np.random.default_rng(12))
    for k in range(2):
        members = points[labels == k]
        np.testing.assert_allclose(members.mean(axis=0), bivariate_mixture.means[k], atol=0.02)
        np.testing.assert_allclose(np.cov(members, rowvar=False), bivariate_mixture.covariances[k], atol=0.03)


# --- relabelling ------------------------------------------------------------------------

def test_permuted_reorders_every_parameter():
    mixture = Mixture.univariate(weights=[0.2, 0.3, 0.5], means=[1.0, 2.0, 3.0], sigmas=[0.1, 0.2, 0.3])
    permuted = mixture.permuted([2, 0, 1])
    np.testing.assert_array_equal(permuted.weights, [0.5, 0.2, 0.3])
    np.testing.assert_array_equal(permuted.means[:, 0], [3.0, 1.0, 2.0])
    np.testing.assert_allclose(permuted.sigmas, [0.3, 0.1, 0.2], rtol=1e-15)
    np.testing.assert_array_equal(mixture.weights, [0.2, 0.3, 0.5])  # the original is unchanged


def test_permuted_keeps_the_density_and_permutes_the_posterior(bivariate_mixture):
    x = np.random.default_rng(5).normal(size=(30, 2)) * 3.0
    swapped = bivariate_mixture.permuted([1, 0])
    np.testing.assert_allclose(swapped.log_density(x), bivariate_mixture.log_density(x), rtol=1e-14)
    np.testing.assert_allclose(swapped.posterior(x), bivariate_mixture.posterior(x)[:, ::-1], rtol=1e-12)


@pytest.mark.parametrize("order", [[0, 0, 1], [0, 1], [0, 1, 3], [[0, 1, 2]]])
def test_permuted_refuses_an_order_that_is_not_a_permutation(order):
    mixture = Mixture.univariate(weights=[0.2, 0.3, 0.5], means=[1.0, 2.0, 3.0], sigmas=[1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match=r"each of 0, …, 2 exactly once"):
        mixture.permuted(order)


@pytest.mark.parametrize("n", [-1, 2.5, True])
def test_sample_refuses_a_number_of_points_that_is_not_a_whole_number(bivariate_mixture, n):
    with pytest.raises(ValueError, match=rf"number of points must be a whole number ≥ 0 \(it is {n!r}\)"):
        bivariate_mixture.sample(n, np.random.default_rng(0))


# --- derived spreads and normalisers ------------------------------------------------------


def test_axis_sigmas_are_the_root_diagonal_of_each_covariance(bivariate_mixture):
    np.testing.assert_allclose(bivariate_mixture.axis_sigmas, [[1.0, np.sqrt(2.0)], [np.sqrt(0.5), np.sqrt(0.8)]])


def test_smallest_sigma_is_the_narrowest_direction_not_the_narrowest_axis():
    tilted = Mixture(weights=[1.0], means=[[0.0, 0.0]], covariances=[[[1.0, 0.99], [0.99, 1.0]]])
    assert tilted.axis_sigmas.min() == pytest.approx(1.0)
    assert tilted.smallest_sigma == pytest.approx(np.sqrt(0.01))  # along (1, −1)


def test_log_normalisers_are_each_weighted_density_at_its_own_mean(bivariate_mixture):
    mixture = bivariate_mixture
    at_means = np.array([scipy_log_density(Mixture([1.0], [mean], [cov]), mean[None])[0]
                         for mean, cov in zip(mixture.means, mixture.covariances)])
    np.testing.assert_allclose(mixture.log_normalisers, np.log(mixture.weights) + at_means, rtol=1e-12)
