"""emviz.data.generate_gaussians_2d: seeded 2-D samples with correlated Gaussians."""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emviz.data import MAX_POINTS_PER_COMPONENT, GaussianSpec2D, generate_gaussians_2d

SPEC = GaussianSpec2D(
    means=((0.0, 0.0), (6.0, 1.0), (2.0, 6.0)),
    sigma_x=(1.0, 1.5, 0.5),
    sigma_y=(1.5, 1.0, 2.0),
    correlation=(0.6, -0.5, 0.0),
    counts=(400, 700, 900),
    seed=3,
)
BIG = replace(SPEC, counts=(200_000, 200_000, 200_000), seed=8)


def true_covariance(spec: GaussianSpec2D, k: int) -> np.ndarray:
    sx, sy, rho = spec.sigma_x[k], spec.sigma_y[k], spec.correlation[k]
    return np.array([[sx**2, rho * sx * sy], [rho * sx * sy, sy**2]])


def test_same_seed_gives_the_same_sample():
    first, second = generate_gaussians_2d(SPEC), generate_gaussians_2d(SPEC)
    np.testing.assert_array_equal(first.x, second.x)
    np.testing.assert_array_equal(first.labels, second.labels)


def test_different_seeds_give_different_samples():
    first, second = generate_gaussians_2d(SPEC), generate_gaussians_2d(replace(SPEC, seed=4))
    assert not np.any(first.x == second.x)
    assert not np.array_equal(first.labels, second.labels)


def test_shapes_counts_and_truth():
    data = generate_gaussians_2d(SPEC)
    assert data.x.shape == (2000, 2)
    assert data.labels.shape == (2000,)
    assert np.bincount(data.labels).tolist() == [400, 700, 900]
    assert data.columns == ("x", "y")
    np.testing.assert_allclose(data.truth.weights, [0.2, 0.35, 0.45], rtol=1e-15)
    np.testing.assert_array_equal(data.truth.means, SPEC.means)
    for k in range(3):
        np.testing.assert_allclose(data.truth.covariances[k], true_covariance(SPEC, k), rtol=1e-15)


def test_sample_is_shuffled_and_read_only():
    data = generate_gaussians_2d(SPEC)
    assert np.count_nonzero(np.diff(data.labels)) > 500
    with pytest.raises(ValueError):
        data.x[0, 0] = 0.0
    with pytest.raises(ValueError):
        data.labels[0] = 1


def test_sample_mean_and_covariance_match_the_truth_for_large_n():
    data = generate_gaussians_2d(BIG)
    for k, count in enumerate(BIG.counts):
        points = data.x[data.labels == k]
        truth = true_covariance(BIG, k)
        standard_errors = np.sqrt(np.diag(truth) / count)
        assert np.all(np.abs(points.mean(axis=0) - BIG.means[k]) < 5 * standard_errors)
        # the standard error of a covariance entry is below 2σ²/√n; allow five of them
        np.testing.assert_allclose(np.cov(points.T), truth, atol=5 * 2 * truth.max() / np.sqrt(count))
        measured_rho = np.corrcoef(points.T)[0, 1]
        assert measured_rho == pytest.approx(BIG.correlation[k], abs=0.01)


def test_the_default_spec_works():
    data = generate_gaussians_2d(GaussianSpec2D())
    assert data.x.shape == (10_000, 2)
    assert np.all(np.isfinite(data.x))


@pytest.mark.parametrize("correlation", [1.0, -1.0, 1.5, -3.0, float("nan")])
def test_invalid_correlation_raises(correlation):
    spec = replace(SPEC, correlation=(0.0, correlation, 0.0))
    with pytest.raises(ValueError, match="correlation of Gaussian 2 .* strictly between −1 and 1"):
        generate_gaussians_2d(spec)


def test_correlations_close_to_one_are_accepted():
    data = generate_gaussians_2d(replace(SPEC, correlation=(0.999, -0.999, 0.0)))
    assert np.all(np.isfinite(data.x))


@pytest.mark.parametrize("field, value", [("sigma_x", (1.0, 0.0, 1.0)), ("sigma_y", (1.0, 1.0, -2.0)),
                                          ("sigma_x", (float("nan"), 1.0, 1.0))])
def test_invalid_sigma_raises(field, value):
    with pytest.raises(ValueError, match="must be positive"):
        generate_gaussians_2d(replace(SPEC, **{field: value}))


@pytest.mark.parametrize("field, value", [
    ("sigma_x", (1.0, 1.0)),
    ("correlation", (0.0,) * 4),
    ("means", ((0.0, 0.0), (1.0, 1.0))),
    ("means", ((0.0,), (1.0,), (2.0,))),
])
def test_values_per_gaussian_must_match_the_counts(field, value):
    with pytest.raises(ValueError, match="per Gaussian"):
        generate_gaussians_2d(replace(SPEC, **{field: value}))


@pytest.mark.parametrize("counts", [(0, 5, 5), (5, -1, 5), (MAX_POINTS_PER_COMPONENT + 1, 1, 1)])
def test_invalid_counts_raise_like_in_1d(counts):
    with pytest.raises(ValueError, match="between 1 and 500,000 points"):
        generate_gaussians_2d(replace(SPEC, counts=counts))


def test_non_finite_means_raise():
    with pytest.raises(ValueError, match="finite"):
        generate_gaussians_2d(replace(SPEC, means=((0.0, float("inf")), (1.0, 1.0), (2.0, 2.0))))


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.tuples(st.floats(-50, 50), st.floats(-50, 50), st.floats(0.01, 20), st.floats(0.01, 20),
                       st.floats(-0.99, 0.99), st.integers(1, 50)), min_size=1, max_size=4),
    st.integers(0, 2**32 - 1),
)
def test_any_valid_spec_gives_its_truth(gaussians, seed):
    mx, my, sx, sy, rho, counts = zip(*gaussians)
    spec = GaussianSpec2D(means=tuple(zip(mx, my)), sigma_x=sx, sigma_y=sy, correlation=rho, counts=counts,
                          seed=seed)
    data = generate_gaussians_2d(spec)
    assert data.x.shape == (sum(counts), 2)
    assert np.all(np.isfinite(data.x))
    assert np.bincount(data.labels, minlength=len(counts)).tolist() == list(counts)
    for k in range(len(counts)):
        np.testing.assert_allclose(data.truth.covariances[k], true_covariance(spec, k), rtol=1e-12)
