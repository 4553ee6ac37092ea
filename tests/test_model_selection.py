"""Choosing the number of Gaussians: parameter counts, AIC/BIC and select_k."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest
from sklearn.mixture import GaussianMixture

import emviz.analysis
from emviz import History, Mixture
from emviz.analysis import ModelSelection, n_parameters, select_k

N_STARTS = 10
"""Random starts per K: a start puts its K means on K random points, and only K!/K^K of them
(2/9 for K = 3) land one in each cluster, so a few starts can all miss the best fit."""


@lru_cache(maxsize=None)
def three_clusters_1d() -> np.ndarray:
    """600 points from each of N(−10, 1), N(0, 1) and N(10, 1)."""
    rng = np.random.default_rng(3)
    x = np.concatenate([rng.normal(mean, 1.0, 600) for mean in (-10.0, 0.0, 10.0)])
    x.setflags(write=False)
    return x


@lru_cache(maxsize=None)
def two_clusters_2d() -> np.ndarray:
    """300 points from each of two correlated 2-D Gaussians far apart."""
    truth = Mixture(
        weights=[0.5, 0.5],
        means=[[0.0, 0.0], [8.0, 5.0]],
        covariances=[[[1.0, 0.5], [0.5, 1.5]], [[2.0, -0.6], [-0.6, 1.0]]],
    )
    x, _ = truth.sample(600, np.random.default_rng(5))
    x.setflags(write=False)
    return x


@lru_cache(maxsize=None)
def selection_1d() -> ModelSelection:
    return select_k(three_clusters_1d(), range(1, 6), n_starts=N_STARTS, seed=0)


@lru_cache(maxsize=None)
def selection_2d() -> ModelSelection:
    return select_k(two_clusters_2d(), [1, 2, 3, 4], n_starts=N_STARTS, seed=0)


# n_parameters


@pytest.mark.parametrize("k", range(1, 8))
def test_parameter_count_in_1d_is_3k_minus_1(k):
    assert n_parameters(k, 1) == 3 * k - 1


@pytest.mark.parametrize("k", range(1, 8))
def test_parameter_count_in_2d_is_6k_minus_1(k):
    # (K − 1) weights + 2K means + 3K covariance entries (two variances, one covariance)
    assert n_parameters(k, 2) == 6 * k - 1


def test_parameter_count_in_3d_by_hand():
    # 2 Gaussians in 3-D: 1 weight, 6 means, 2 × 6 covariance entries
    assert n_parameters(2, 3) == 19


@pytest.mark.parametrize("k, d", [(0, 1), (1, 0), (-2, 1), (2.0, 1), (True, 1), (2, None)])
def test_parameter_count_refuses_what_is_not_a_whole_number_of_at_least_one(k, d):
    with pytest.raises(ValueError, match="whole number ≥ 1"):
        n_parameters(k, d)


# AIC and BIC


@pytest.mark.parametrize("selection, data", [(selection_1d, three_clusters_1d), (selection_2d, two_clusters_2d)])
def test_aic_and_bic_are_the_formulas_with_the_fits_own_likelihood(selection, data):
    result, x = selection(), data()
    n_points, d = len(x), (1 if x.ndim == 1 else x.shape[1])
    for i, k in enumerate(result.k):
        fit = result.fits[i]
        ell = Mixture.log_likelihood(fit.mixtures[-1], x)  # recomputed, not read from the run
        p = 3 * k - 1 if d == 1 else 6 * k - 1
        assert fit.mixtures[-1].n_components == k
        assert result.log_likelihood[i] == pytest.approx(ell, rel=1e-10)
        assert result.n_parameters[i] == p
        assert result.aic[i] == pytest.approx(2 * p - 2 * ell, rel=1e-10)
        assert result.bic[i] == pytest.approx(p * np.log(n_points) - 2 * ell, rel=1e-10)


def test_best_k_and_best_k_aic_follow_their_own_criterion():
    # N = 50, ℓ = −100 (p = 2) and −96 (p = 5): AIC 204 vs 202 picks K = 2, while BIC,
    # 2 ln 50 + 200 = 207.8 vs 5 ln 50 + 192 = 211.6, finds the gain not worth 3 parameters
    ell, p = np.array([-100.0, -96.0]), np.array([2, 5])
    result = ModelSelection(k=np.array([1, 2]), log_likelihood=ell, n_parameters=p,
                            aic=2 * p - 2 * ell, bic=p * np.log(50) - 2 * ell, fits=())
    assert result.best_k == 1
    assert result.best_k_aic == 2
    assert not result.bic.flags.writeable and not result.k.flags.writeable


def test_the_kept_run_is_the_best_of_its_restarts(monkeypatch):
    honest = emviz.analysis.restarts
    seen = {}

    def spy(x, k, n_starts, *, seed, **options):
        seen[k] = honest(x, k, n_starts, seed=seed, **options)
        return seen[k]

    monkeypatch.setattr(emviz.analysis, "restarts", spy)
    result = select_k(three_clusters_1d()[::3], [2, 3, 4], n_starts=6, seed=1)
    for i, k in enumerate(result.k):
        finals = [h.log_likelihoods[-1] for h in seen[k]]
        assert len(finals) == 6
        assert result.fits[i] is seen[k][int(np.argmax(finals))]
        assert result.log_likelihood[i] == max(finals)


def test_a_k_gets_the_same_runs_whatever_else_is_tried():
    x = three_clusters_1d()[::3]
    many = select_k(x, [1, 2, 3], n_starts=4, seed=1)
    alone = select_k(x, [3], n_starts=4, seed=1)
    assert alone.log_likelihood[0] == many.log_likelihood[2]
    np.testing.assert_array_equal(alone.fits[0].mixtures[0].means, many.fits[2].mixtures[0].means)


def test_each_k_gets_its_own_seed(monkeypatch):
    seeds = {}

    def spy(x, k, n_starts, *, seed, **options):
        seeds[k] = seed
        return honest(x, k, n_starts, seed=seed, **options)

    honest = emviz.analysis.restarts
    monkeypatch.setattr(emviz.analysis, "restarts", spy)
    select_k(three_clusters_1d()[::3], [1, 2, 3, 4], n_starts=1, seed=1)
    first = dict(seeds)
    select_k(three_clusters_1d()[::3], [1, 2, 3, 4], n_starts=1, seed=2)
    assert len(set(first.values())) == 4  # distinct per K …
    assert all(first[k] != seeds[k] for k in first)  # … and per seed


def test_runs_without_a_finite_log_likelihood_are_ignored(monkeypatch):
    x = three_clusters_1d()
    honest = emviz.analysis.restarts

    def with_a_runaway(x, k, n_starts, *, seed, **options):
        histories = honest(x, k, n_starts, seed=seed, **options)
        bad = histories[0]
        runaway = History(bad.x, bad.mixtures, np.append(bad.log_likelihoods[:-1], np.inf),
                          False, bad.tol, bad.reg_covar, bad.max_iter)
        return [runaway, *histories]

    monkeypatch.setattr(emviz.analysis, "restarts", with_a_runaway)
    result = select_k(x, [2, 3], n_starts=2, seed=0)
    assert np.all(np.isfinite(result.log_likelihood))
    assert np.all(np.isfinite(result.bic))


def test_a_k_whose_every_run_failed_is_a_clear_error(monkeypatch):
    def only_failures(x, k, n_starts, *, seed, **options):
        points = np.asarray(x, dtype=float).reshape(len(x), -1)
        start = Mixture(np.full(k, 1 / k), points[:k], np.repeat(np.eye(points.shape[1])[None], k, axis=0))
        return [History(points, (start,), np.array([np.nan]), False, 1e-6, 1e-6, 0)] * n_starts

    monkeypatch.setattr(emviz.analysis, "restarts", only_failures)
    with pytest.raises(ValueError, match="No start with 2 Gaussians ended with a finite log-likelihood"):
        select_k(three_clusters_1d(), [2], n_starts=2, seed=0)


# select_k finds the clear K


def test_bic_finds_three_well_separated_gaussians_in_1d():
    result = selection_1d()
    np.testing.assert_array_equal(result.k, [1, 2, 3, 4, 5])
    assert result.best_k == 3
    assert len(result.fits) == 5
    # adding Gaussians never lowers the best likelihood much, but BIC rises after K = 3
    assert np.all(np.diff(result.bic[2:]) > 0)


def test_bic_finds_two_clusters_in_2d():
    result = selection_2d()
    assert result.best_k == 2
    assert result.fits[1].x.shape == (600, 2)


def test_aic_penalises_less_than_bic():
    result = selection_1d()
    assert np.all(result.bic - result.aic > 0)  # ln 1800 > 2
    assert result.best_k_aic >= result.best_k


@pytest.mark.parametrize("selection, data", [(selection_1d, three_clusters_1d), (selection_2d, two_clusters_2d)])
def test_bic_of_the_chosen_k_agrees_with_scikit_learn(selection, data):
    result, x = selection(), data()
    points = x.reshape(len(x), -1)
    reference = GaussianMixture(n_components=result.best_k, covariance_type="full", n_init=10,
                                random_state=0).fit(points)
    assert result.bic[result.k == result.best_k][0] == pytest.approx(reference.bic(points), rel=1e-5)
    assert result.aic[result.k == result.best_k][0] == pytest.approx(reference.aic(points), rel=1e-5)


def test_the_same_seed_gives_the_same_selection():
    x = three_clusters_1d()[::6]
    first = select_k(x, [1, 2, 3], n_starts=2, seed=11)
    second = select_k(x, [3, 1, 2], n_starts=2, seed=11)
    for name in ("k", "log_likelihood", "n_parameters", "aic", "bic"):
        np.testing.assert_array_equal(getattr(first, name), getattr(second, name))
    for a, b in zip(first.fits, second.fits):
        np.testing.assert_array_equal(a.mixtures[0].means, b.mixtures[0].means)
        np.testing.assert_array_equal(a.log_likelihoods, b.log_likelihoods)


def test_another_seed_starts_elsewhere():
    x = three_clusters_1d()[::6]
    first = select_k(x, [3], n_starts=1, seed=11)
    second = select_k(x, [3], n_starts=1, seed=12)
    assert not np.array_equal(first.fits[0].mixtures[0].means, second.fits[0].mixtures[0].means)


def test_options_reach_run_em():
    result = select_k(three_clusters_1d()[::6], [2], n_starts=2, seed=0, max_iter=1, reg_covar=0.5)
    fit = result.fits[0]
    assert fit.n_iter == 1 and fit.reg_covar == 0.5


def test_one_gaussian_is_the_sample_mean_and_biased_variance_in_1d():
    x = three_clusters_1d()
    fit = select_k(x, [1], n_starts=2, seed=0).fits[0].mixtures[-1]
    assert fit.means[0, 0] == pytest.approx(x.mean(), abs=1e-10)
    assert fit.covariances[0, 0, 0] == pytest.approx(x.var() + 1e-6, rel=1e-10)  # + reg_covar
    assert fit.weights[0] == pytest.approx(1.0)


def test_one_gaussian_is_the_sample_mean_and_biased_covariance_in_2d():
    x = two_clusters_2d()
    result = select_k(x, [1], n_starts=1, seed=0, reg_covar=0.0)
    fit = result.fits[0].mixtures[-1]
    np.testing.assert_allclose(fit.means[0], x.mean(axis=0), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(fit.covariances[0], np.cov(x, rowvar=False, bias=True), rtol=1e-10)
    # ℓ of a single Gaussian at its MLE is −N/2 (d log 2π + log det Σ + d)
    n, d = x.shape
    expected = -n / 2 * (d * np.log(2 * np.pi) + np.linalg.slogdet(fit.covariances[0])[1] + d)
    assert result.log_likelihood[0] == pytest.approx(expected, rel=1e-10)


def test_a_column_of_points_is_the_same_as_a_flat_array():
    x = three_clusters_1d()[::6]
    flat = select_k(x, [1, 2], n_starts=2, seed=4)
    column = select_k(x[:, None], [1, 2], n_starts=2, seed=4)
    np.testing.assert_array_equal(flat.bic, column.bic)


# invalid input


@pytest.mark.parametrize("k_values", [[0], [-1, 2], [2.5], [True], ["3"], [2, None]])
def test_a_k_that_is_not_a_whole_number_of_at_least_one_is_refused(k_values):
    with pytest.raises(ValueError, match="whole number ≥ 1"):
        select_k(three_clusters_1d(), k_values, n_starts=1, seed=0)


def test_no_k_at_all_is_refused():
    with pytest.raises(ValueError, match="at least one"):
        select_k(three_clusters_1d(), [], n_starts=1, seed=0)


def test_more_gaussians_than_distinct_points_is_refused():
    x = [1.0, 1.0, 1.0, 2.0, 2.0, 2.0]  # six points, two distinct values
    assert select_k(x, [2], n_starts=1, seed=0, reg_covar=1e-3).k[0] == 2
    with pytest.raises(ValueError, match="3 Gaussians to data with only 2 distinct points"):
        select_k(x, [1, 3], n_starts=1, seed=0)


def test_distinct_points_in_2d_are_whole_points():
    x = np.array([[0.0, 1.0], [1.0, 0.0], [0.0, 1.0]])  # two distinct points, three distinct values
    with pytest.raises(ValueError, match="only 2 distinct points"):
        select_k(x, [3], n_starts=1, seed=0)


@pytest.mark.parametrize("n_starts", [0, -1, 1.5, True])
def test_the_number_of_starts_must_be_a_whole_number_of_at_least_one(n_starts):
    with pytest.raises(ValueError, match="number of starts"):
        select_k(three_clusters_1d(), [2], n_starts=n_starts, seed=0)


def test_invalid_data_are_refused():
    with pytest.raises(ValueError, match="missing or infinite"):
        select_k([0.0, 1.0, np.nan], [1], n_starts=1, seed=0)
