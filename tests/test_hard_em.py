"""Hard EM: run_em(..., hard=True) gives every point wholly to its most likely Gaussian."""

from functools import cache

import numpy as np
import pytest

from emviz import History, Mixture, e_step, m_step, run_em
from tests.helpers import random_case
from tests.run_fixtures import CLASSIC_GUESS, nine_points, two_thousand

CASES = [(0, 2, 1), (1, 3, 1), (2, 2, 2), (3, 3, 2), (4, 4, 1), (5, 2, 1)]


@cache
def hard_case(seed: int, n_components: int, n_features: int):
    """(x, init, hard history) on 200 random points; tol = 0 so only the hard rule can stop it."""
    x, init = random_case(seed, n_components, n_features, n_points=200)
    return x, init, run_em(x, init, hard=True, tol=0.0, max_iter=500)


@cache
def classic_hard() -> History:
    """Hard EM on the 2,000 points from the classic guess (µ = 10 and 50)."""
    data, _ = two_thousand()
    return run_em(data.x, CLASSIC_GUESS.to_mixture(), hard=True)


def one_hot(labels: np.ndarray, n_components: int) -> np.ndarray:
    return np.eye(n_components)[labels]


@pytest.mark.parametrize("case", CASES, ids=[f"seed{s}-K{k}-d{d}" for s, k, d in CASES])
def test_hard_em_stops_when_no_point_changes_its_gaussian(case):
    x, init, history = hard_case(*case)
    assert history.hard is True
    assert history.converged is True
    assert history.n_iter < history.max_iter == 500
    # it stopped because the last E-step gave the same labels as the one before
    assert history.n_iter >= 1
    np.testing.assert_array_equal(history.responsibilities(history.n_iter),
                                  history.responsibilities(history.n_iter - 1))
    # ... and not before: every earlier E-step moved at least one point
    for t in range(1, history.n_iter):
        assert not np.array_equal(history.responsibilities(t), history.responsibilities(t - 1))


@pytest.mark.parametrize("case", CASES, ids=[f"seed{s}-K{k}-d{d}" for s, k, d in CASES])
def test_hard_responsibilities_are_one_hot_at_the_most_likely_gaussian(case):
    x, init, history = hard_case(*case)
    for t in range(history.n_iter + 1):
        gamma = history.responsibilities(t)
        assert gamma.shape == (len(x), init.n_components)
        assert set(np.unique(gamma).tolist()) <= {0.0, 1.0}
        np.testing.assert_array_equal(gamma.sum(axis=1), 1.0)
        soft = e_step(x, history.mixtures[t])
        np.testing.assert_array_equal(gamma, one_hot(np.argmax(soft, axis=1), init.n_components))


@pytest.mark.parametrize("case", CASES, ids=[f"seed{s}-K{k}-d{d}" for s, k, d in CASES])
def test_each_hard_m_step_is_the_weighted_m_step_of_one_hot_responsibilities(case):
    x, init, history = hard_case(*case)
    for t in range(1, history.n_iter + 1):
        expected = m_step(x, history.responsibilities(t - 1), reg_covar=history.reg_covar)
        mixture = history.mixtures[t]
        np.testing.assert_allclose(mixture.weights, expected.weights, rtol=1e-12, atol=1e-300)
        np.testing.assert_allclose(mixture.means, expected.means, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(mixture.covariances, expected.covariances, rtol=1e-12, atol=1e-12)


def test_hard_m_step_is_the_mean_and_variance_of_each_group():
    """On the nine points: every Gaussian gets exactly the points it is most likely for."""
    data, _ = nine_points()
    init = Mixture.univariate([0.5, 0.5], [1.0, 9.0], [2.0, 2.0])
    history = run_em(data.x, init, hard=True, reg_covar=0.0)
    labels = np.argmax(init.posterior(data.x), axis=1)
    first = history.mixtures[1]
    for k in range(2):
        group = data.x[labels == k]
        assert first.means[k, 0] == pytest.approx(group.mean(), rel=1e-12)
        assert first.covariances[k, 0, 0] == pytest.approx(group.var(), rel=1e-10)
        assert first.weights[k] == pytest.approx(group.size / data.x.size, rel=1e-12)


@pytest.mark.parametrize("case", CASES, ids=[f"seed{s}-K{k}-d{d}" for s, k, d in CASES])
def test_hard_history_lengths_and_log_likelihoods(case):
    x, init, history = hard_case(*case)
    assert history.mixtures[0] is init
    assert len(history.mixtures) == len(history.log_likelihoods) == history.n_iter + 1
    assert np.all(np.isfinite(history.log_likelihoods))
    for mixture, log_likelihood in zip(history.mixtures, history.log_likelihoods):
        assert log_likelihood == pytest.approx(mixture.log_likelihood(x), rel=1e-10)
        np.testing.assert_allclose(mixture.weights.sum(), 1.0, rtol=1e-12)


def test_hard_em_respects_max_iter():
    x, init, full = hard_case(1, 3, 1)
    assert full.n_iter >= 3
    short = run_em(x, init, hard=True, tol=0.0, max_iter=2)
    assert short.n_iter == 2 and not short.converged and short.hard
    assert len(short.mixtures) == len(short.log_likelihoods) == 3
    for a, b in zip(short.mixtures, full.mixtures):
        np.testing.assert_array_equal(a.means, b.means)
    none = run_em(x, init, hard=True, max_iter=0)
    assert none.n_iter == 0 and len(none.log_likelihoods) == 1


def test_soft_runs_are_not_hard():
    _, history = two_thousand()
    assert history.hard is False
    gamma = history.responsibilities(1)
    assert np.any((gamma > 0.01) & (gamma < 0.99))


def test_hard_em_can_lower_the_log_likelihood_but_soft_em_never_does():
    data, soft = two_thousand()
    hard = classic_hard()
    start, hard_start = soft.mixtures[0], hard.mixtures[0]
    np.testing.assert_array_equal(start.means, hard_start.means)
    np.testing.assert_array_equal(start.covariances, hard_start.covariances)
    np.testing.assert_array_equal(start.weights, hard_start.weights)
    assert hard.converged
    gains = np.diff(hard.log_likelihoods)
    assert gains.min() < -0.01  # a real drop, not rounding
    assert np.all(np.diff(soft.log_likelihoods) >= -1e-9 * np.abs(soft.log_likelihoods[1:]))
    assert soft.log_likelihoods[-1] > hard.log_likelihoods[-1]


def test_hard_em_leaves_a_gaussian_without_points_when_both_start_equal():
    """Ties go to the first Gaussian: the second gets no point and a weight of (almost) 0."""
    x = nine_points()[0].x
    init = Mixture.univariate([0.5, 0.5], [5.0, 5.0], [3.0, 3.0])
    history = run_em(x, init, hard=True)
    assert history.converged
    np.testing.assert_array_equal(history.responsibilities(0)[:, 0], 1.0)
    assert history.mixtures[1].weights[1] < 1e-15
    assert history.mixtures[1].means[0, 0] == pytest.approx(np.mean(x), rel=1e-12)
