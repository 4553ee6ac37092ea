"""k-means as EM with a shared σ → 0 (emviz.engine.kmeans_limit)."""

from functools import cache

import numpy as np
import pytest
from sklearn.cluster import KMeans

from emviz.data import old_faithful
from emviz.engine.kmeans_limit import HARD, anneal, run_shared_sigma
from emviz.sources import standardised

BISHOP_START = np.array([[-1.5, 1.0], [0.5, -1.5]])


@cache
def faithful() -> np.ndarray:
    return standardised(old_faithful())


def blobs(seed: int, n_components: int) -> tuple[np.ndarray, np.ndarray]:
    """300 points around ``n_components`` random centres, and ``n_components`` of the points as the start."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(0, 4, (n_components, 2))
    x = centres[rng.integers(n_components, size=300)] + rng.normal(size=(300, 2))
    return x, x[rng.choice(300, n_components, replace=False)]


CASES = [("Old Faithful, Bishop's start", faithful(), BISHOP_START)] + [
    (f"blobs seed {seed}, K = {k}", *blobs(seed, k)) for seed, k in [(0, 3), (1, 4), (2, 5)]]


@pytest.mark.parametrize("name, x, start", CASES, ids=[case[0] for case in CASES])
def test_sigma_to_zero_is_scikit_learns_lloyd_kmeans_label_for_label_and_centre_for_centre(name, x, start):
    run = run_shared_sigma(x, start, HARD)
    reference = KMeans(n_clusters=len(start), init=start, n_init=1, algorithm="lloyd", tol=0.0, max_iter=300).fit(x)
    assert run.converged
    np.testing.assert_array_equal(run.labels(run.n_iter), reference.labels_)
    np.testing.assert_allclose(run.means[-1], reference.cluster_centers_, rtol=0, atol=1e-12)


@pytest.mark.parametrize("name, x, start", CASES, ids=[case[0] for case in CASES])
def test_the_kmeans_cost_never_goes_up_at_any_half_step(name, x, start):
    run = run_shared_sigma(x, start, HARD)
    assert np.isnan(run.costs[0]) and run.costs.shape == (2 * run.n_iter + 1,)
    assert np.all(np.diff(run.costs[1:]) <= 1e-9 * run.costs[1])
    assert run.costs[-1] < run.costs[1]  # it did fall


def test_on_old_faithful_kmeans_takes_a_few_iterations_and_j_falls_like_bishops_figure_9_2():
    run = run_shared_sigma(faithful(), BISHOP_START, HARD)
    assert 2 <= run.n_iter <= 6
    assert run.costs[1] > 2 * run.costs[-1]


def test_a_tiny_sigma_gives_the_kmeans_answer():
    x = faithful()
    soft = run_shared_sigma(x, BISHOP_START, 0.02)
    hard = run_shared_sigma(x, BISHOP_START, HARD)
    np.testing.assert_array_equal(soft.labels(soft.n_iter), hard.labels(hard.n_iter))
    np.testing.assert_allclose(soft.means[-1], hard.means[-1], atol=1e-9)


def test_with_a_large_sigma_every_mean_sits_at_the_data_mean():
    x = faithful()
    run = run_shared_sigma(x, BISHOP_START, 5.0, max_iter=2000)
    assert run.converged
    np.testing.assert_allclose(run.means[-1], np.repeat(x.mean(axis=0, keepdims=True), 2, axis=0), atol=1e-6)


@pytest.mark.parametrize("sigma", [2.0, 0.5, 0.1])
def test_a_soft_run_never_lowers_its_log_likelihood(sigma):
    run = run_shared_sigma(faithful(), BISHOP_START, sigma)
    assert np.all(np.diff(run.log_likelihoods) >= -1e-9 * abs(run.log_likelihoods[0]))


def test_lowering_sigma_splits_the_means_one_data_mean_into_clusters():
    x = faithful()
    sigmas = np.geomspace(3.0, 0.1, 12)
    bifurcation = anneal(x, 4, sigmas)
    spread = np.ptp(bifurcation.along(np.array([1.0, 1.0])), axis=1)
    assert spread[0] < 1e-3  # σ = 3: all four at the data mean
    np.testing.assert_allclose(bifurcation.means[0], np.repeat(x.mean(axis=0, keepdims=True), 4, axis=0), atol=1e-3)
    assert spread[-1] > 2.0  # σ = 0.1: split across the two clusters
    assert bifurcation.means.shape == (12, 4, 2)


@pytest.mark.parametrize("sigma, words", [(-1.0, "≥ 0"), (float("nan"), "finite"), ("small", "number")])
def test_a_bad_sigma_is_refused_in_words(sigma, words):
    with pytest.raises(ValueError, match=words):
        run_shared_sigma(faithful(), BISHOP_START, sigma)


def test_bad_means_and_sigmas_for_annealing_are_refused():
    with pytest.raises(ValueError, match="shape"):
        run_shared_sigma(faithful(), [1.0, 2.0], HARD)
    with pytest.raises(ValueError, match="above 0"):
        anneal(faithful(), 2, [1.0, 0.0])


def test_the_run_is_immutable():
    run = run_shared_sigma(faithful(), BISHOP_START, HARD)
    with pytest.raises(ValueError):
        run.means[0, 0, 0] = 1.0
    with pytest.raises(AttributeError):
        run.sigma = 1.0
