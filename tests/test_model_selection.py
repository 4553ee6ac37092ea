"""Choosing the number of Gaussians: parameter counts, AIC/BIC and select_k."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from sklearn.mixture import GaussianMixture

import emviz.analysis
from emviz import EMError, History, Mixture
from emviz.analysis import ModelSelection, best_fit, n_parameters, select_k, split_widest
from emviz.examples import EXAMPLES
from emviz.lesson_figures import criteria_chart
from emviz.mixture import as_points
from emviz.sources import load

N_STARTS = 10
"""Random starts per K: a start puts its K means on K random points, and only K!/K^K of them
(2/9 for K = 3) land one in each cluster, so a few starts can all miss the best fit."""


@cache
def three_clusters_1d() -> np.ndarray:
    """600 points from each of N(−10, 1), N(0, 1) and N(10, 1)."""
    rng = np.random.default_rng(3)
    x = np.concatenate([rng.normal(mean, 1.0, 600) for mean in (-10.0, 0.0, 10.0)])
    x.setflags(write=False)
    return x


@cache
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


@cache
def selection_1d() -> ModelSelection:
    return select_k(three_clusters_1d(), range(1, 6), n_starts=N_STARTS, seed=0)


@cache
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
                            aic=2 * p - 2 * ell, bic=p * np.log(50) - 2 * ell, fits=(), n_points=50)
    assert result.best_k == 1
    assert result.best_k_aic == 2
    assert not result.bic.flags.writeable and not result.k.flags.writeable


def test_the_kept_run_is_the_best_of_its_finished_runs(monkeypatch):
    honest = emviz.analysis.run_em
    finished = {}

    def spy(x, start, **options):
        history = honest(x, start, **options)
        if options["max_iter"] > emviz.analysis.SCREEN_ITER:
            finished.setdefault(start.n_components, []).append(history)
        return history

    monkeypatch.setattr(emviz.analysis, "run_em", spy)
    result = select_k(three_clusters_1d()[::3], [2, 3, 4], n_starts=6, seed=1, max_iter=200)
    for i, k in enumerate(result.k):
        finals = [h.log_likelihoods[-1] for h in finished[k]]
        assert len(finals) == emviz.analysis.N_FINALISTS + (2 if k > 2 else 0)  # + the two splits of K − 1
        assert result.log_likelihood[i] == max(finals)


def test_a_k_gets_the_same_random_starts_whatever_else_is_tried():
    x = three_clusters_1d()[::3]
    seed = emviz.analysis.seed_for_k(1, 3)
    alone = best_fit(x, 3, 4, seed=seed)
    many = select_k(x, [1, 2, 3], n_starts=4, seed=1)
    assert many.log_likelihood[2] >= alone.log_likelihoods[-1] - 1e-9  # the splits of K = 2 can only add


def test_each_k_gets_its_own_seed():
    first = [emviz.analysis.seed_for_k(1, k) for k in range(1, 5)]
    assert len(set(first)) == 4  # distinct per K …
    assert all(seed != emviz.analysis.seed_for_k(2, k) for k, seed in zip(range(1, 5), first))  # … and per seed


def test_a_failed_run_is_never_scored(monkeypatch):
    honest = emviz.analysis.run_em

    def fail_the_best_looking(x, start, **options):
        history = honest(x, start, **options)
        if start.n_components == 3 and history.log_likelihoods[-1] > -3000:
            raise EMError("A Gaussian collapsed onto a single point.", history)
        return history

    monkeypatch.setattr(emviz.analysis, "run_em", fail_the_best_looking)
    fit = best_fit(three_clusters_1d(), 3, 6, seed=0)
    assert fit.log_likelihoods[-1] <= -3000


def test_a_k_whose_every_run_failed_is_a_clear_error(monkeypatch):
    def always_fails(x, start, **options):
        raise EMError("A Gaussian collapsed.", History(as_points(x), (start,), np.array([-1.0]), False, 1e-6, 1e-6, 0))

    monkeypatch.setattr(emviz.analysis, "run_em", always_fails)
    with pytest.raises(ValueError, match="Every start with 2 Gaussians failed"):
        select_k(three_clusters_1d(), [2], n_starts=2, seed=0)


# ℓ never falls as K grows; too few points


@pytest.mark.parametrize("example", ["Three clusters, two Gaussians", "Classic (20 and 40)"])
def test_the_best_log_likelihood_never_falls_as_k_grows(example):
    x = load(EXAMPLES[example].data).x
    result = select_k(x, range(1, 9), n_starts=5, seed=0)
    assert np.all(np.diff(result.log_likelihood) >= -1e-9 * np.abs(result.log_likelihood[1:]))


def test_splitting_the_widest_gaussian_keeps_its_mean_and_covariance(bivariate_mixture):
    split = split_widest(bivariate_mixture)
    assert split.n_components == 3
    halves = split.weights[1:], split.means[1:], split.covariances[1:]
    mean = np.average(halves[1], axis=0, weights=halves[0])
    covariance = np.average(halves[2] + np.einsum("ki,kj->kij", halves[1] - mean, halves[1] - mean), axis=0,
                            weights=halves[0])
    widest = 0  # 0.3 × its largest variance (2.3) beats 0.7 × the other's (0.9)
    np.testing.assert_allclose(split.weights[1:].sum(), bivariate_mixture.weights[widest])
    np.testing.assert_allclose(mean, bivariate_mixture.means[widest], atol=1e-12)
    np.testing.assert_allclose(covariance, bivariate_mixture.covariances[widest], atol=1e-12)


def test_an_identical_split_has_exactly_the_log_likelihood_of_the_fit(bivariate_mixture):
    x, _ = bivariate_mixture.sample(200, np.random.default_rng(0))
    twin = split_widest(bivariate_mixture, separation=0.0)
    assert twin.log_likelihood(x) == pytest.approx(bivariate_mixture.log_likelihood(x), rel=1e-12)


def test_nine_points_recommend_no_k_with_as_many_parameters_as_points():
    x = load(EXAMPLES["Nine points"].data).x
    result = select_k(x, range(1, 9), n_starts=5, seed=0)
    np.testing.assert_array_equal(result.considered, result.n_parameters < 9)
    assert result.n_parameters[list(result.k).index(result.best_k)] < 9
    assert result.n_parameters[list(result.k).index(result.best_k_aic)] < 9
    assert int(result.k[np.argmin(result.bic)]) == 8  # what BIC alone would have chosen: 23 parameters
    assert result.points_per_parameter(result.best_k) < emviz.analysis.FEW_POINTS_PER_PARAMETER


def test_the_criteria_chart_shows_every_k_and_stars_only_a_considered_one():
    x = load(EXAMPLES["Nine points"].data).x
    result = select_k(x, range(1, 9), n_starts=2, seed=0)
    fig = criteria_chart(result.k, result.aic, result.bic, considered=result.considered)
    low, high = fig.layout.yaxis.range
    assert low <= min(result.aic.min(), result.bic.min()) and high >= max(result.aic.max(), result.bic.max())
    stars = [trace for trace in fig.data if trace.name.startswith("lowest")]
    assert {int(trace.x[0]) for trace in stars} <= set(int(k) for k in result.k[result.considered])


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
