"""scikit-learn's GaussianMixture(covariance_type="full") as an oracle: started from the same
parameters with the same reg_covar and tol, run_em must follow the same path."""

import numpy as np
import pytest

from emviz import Mixture, run_em
from emviz.em import BLOCK_SIZE
from tests.helpers import random_case, sklearn_oracle

RTOL = 1e-8
REG_COVAR = 1e-6
SEEDS = (0, 1, 2)
ITERATION_COUNTS = (1, 2, 5, 25, 100)


def assert_matches_oracle(history, model, x):
    """Final parameters, total log-likelihood, previous lower bound and responsibilities agree."""
    points = np.reshape(x, (len(x), -1))
    fitted = history.mixtures[-1]
    scale = float(np.abs(points).max())
    np.testing.assert_allclose(fitted.weights, model.weights_, rtol=RTOL, err_msg="weights")
    # means and off-diagonal covariances can be ~0, so they get an atol far below the data's scale
    np.testing.assert_allclose(fitted.means, model.means_, rtol=RTOL, atol=1e-12 * scale, err_msg="means")
    np.testing.assert_allclose(
        fitted.covariances, model.covariances_, rtol=RTOL, atol=1e-12 * scale**2, err_msg="covariances"
    )
    assert history.log_likelihoods[-1] == pytest.approx(model.score(points) * len(points), rel=1e-10)
    # sklearn's lower_bound_ is the mean log-likelihood under the mixture before the last M-step
    assert history.log_likelihoods[-2] / len(points) == pytest.approx(model.lower_bound_, rel=1e-10)
    np.testing.assert_allclose(history.responsibilities(-1), model.predict_proba(points), rtol=1e-7, atol=1e-12)


@pytest.mark.parametrize("n_iter", ITERATION_COUNTS)
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n_components", [2, 3, 4])
def test_univariate_path_matches_sklearn(n_components, seed, n_iter):
    x, init = random_case(seed, n_components, n_features=1)
    history = run_em(x, init, max_iter=n_iter, tol=0.0, reg_covar=REG_COVAR)
    model = sklearn_oracle(x, init, max_iter=n_iter, tol=0.0, reg_covar=REG_COVAR)
    assert history.n_iter == model.n_iter_ == n_iter
    assert_matches_oracle(history, model, x)


@pytest.mark.parametrize("n_iter", [1, 5, 25, 100])
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n_components", [2, 3])
def test_bivariate_path_matches_sklearn(n_components, seed, n_iter):
    x, init = random_case(seed, n_components, n_features=2)
    history = run_em(x, init, max_iter=n_iter, tol=0.0, reg_covar=REG_COVAR)
    model = sklearn_oracle(x, init, max_iter=n_iter, tol=0.0, reg_covar=REG_COVAR)
    assert_matches_oracle(history, model, x)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n_features, n_components", [(1, 2), (1, 3), (1, 4), (2, 2), (2, 3)])
def test_converged_run_stops_at_sklearns_iteration(n_features, n_components, seed):
    x, init = random_case(seed, n_components, n_features=n_features)
    history = run_em(x, init, max_iter=1000, tol=1e-6, reg_covar=REG_COVAR)
    model = sklearn_oracle(x, init, max_iter=1000, tol=1e-6, reg_covar=REG_COVAR)
    assert model.converged_ and history.converged
    assert history.n_iter == model.n_iter_
    assert_matches_oracle(history, model, x)


@pytest.mark.parametrize("reg_covar", [0.0, 1e-3, 0.5])
def test_other_reg_covar_values_match_sklearn(reg_covar):
    x, init = random_case(7, 3, n_features=1)
    history = run_em(x, init, max_iter=25, tol=0.0, reg_covar=reg_covar)
    model = sklearn_oracle(x, init, max_iter=25, tol=0.0, reg_covar=reg_covar)
    assert_matches_oracle(history, model, x)


@pytest.mark.parametrize("n_features", [1, 2])
def test_data_spanning_several_blocks_match_sklearn(n_features):
    x, init = random_case(11, 2, n_features=n_features, n_points=2 * BLOCK_SIZE + 77)
    history = run_em(x, init, max_iter=10, tol=0.0, reg_covar=REG_COVAR)
    model = sklearn_oracle(x, init, max_iter=10, tol=0.0, reg_covar=REG_COVAR)
    assert_matches_oracle(history, model, x)


OFFSET = 1e12


def test_data_far_from_zero_fit_like_sklearn_instead_of_collapsing():
    # two clusters 1 apart with σ = 0.1, shifted to 1e12: each coordinate keeps only ~1e-4 of
    # resolution, plenty for σ = 0.1, so the fit must match scikit-learn's relative to the spread
    rng = np.random.default_rng(3)
    x = OFFSET + np.concatenate([rng.normal(0.0, 0.1, 150), rng.normal(1.0, 0.1, 150)])
    init = Mixture.univariate(weights=[0.5, 0.5], means=[OFFSET - 0.2, OFFSET + 1.3], sigmas=[0.3, 0.3])
    # rounding makes the log-likelihood jitter by ~1e-5 per point: scikit-learn's default tol
    history = run_em(x, init, tol=1e-3, reg_covar=REG_COVAR)
    model = sklearn_oracle(x, init, max_iter=200, tol=1e-3, reg_covar=REG_COVAR)
    assert history.converged and model.converged_
    assert history.n_iter == model.n_iter_
    fitted = history.mixtures[-1]
    spread = float(np.ptp(x))
    np.testing.assert_allclose(fitted.weights, model.weights_, atol=1e-6)
    np.testing.assert_allclose(fitted.means - OFFSET, model.means_ - OFFSET, atol=1e-3 * spread)
    np.testing.assert_allclose(fitted.covariances, model.covariances_, atol=1e-3 * spread**2)
    np.testing.assert_allclose(np.sort(fitted.means[:, 0]) - OFFSET, [0.0, 1.0], atol=0.05)
