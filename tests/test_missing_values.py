"""EM with missing y: its fixed point is the maximum-likelihood estimate, with nothing missing it
stops after one iteration at the sample mean and covariance, and it never lowers the observed
log-likelihood."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize

from emviz.data import old_faithful
from emviz.engine.missing_values import (
    BivariateNormal,
    MissingData,
    complete_case,
    e_step,
    generate_missing,
    hide_values,
    m_step,
    mean_imputation,
    observed_log_likelihood,
    run_missing_em,
    sample_estimate,
)


def _from_vector(theta: np.ndarray) -> BivariateNormal:
    """µx, µy and the Cholesky factor (log of its diagonal) of Σ: every vector is a valid normal."""
    lower = np.array([[np.exp(theta[2]), 0.0], [theta[3], np.exp(theta[4])]])
    return BivariateNormal(theta[:2], lower @ lower.T)


def direct_maximum(data: MissingData) -> BivariateNormal:
    """The maximum-likelihood estimate found by scipy.optimize on the observed-data likelihood."""
    start = complete_case(data)
    lower = np.linalg.cholesky(start.covariance)
    theta0 = np.array([*start.mean, np.log(lower[0, 0]), lower[1, 0], np.log(lower[1, 1])])
    result = minimize(lambda theta: -observed_log_likelihood(data, _from_vector(theta)), theta0,
                      method="BFGS", options=dict(gtol=1e-7))
    assert result.success or "precision loss" in result.message, result.message  # at the optimum's rounding
    return _from_vector(result.x)


@pytest.mark.parametrize("mechanism", ["completely at random", "depends on x"])
@pytest.mark.parametrize("correlation, share", [(0.8, 0.4), (-0.5, 0.7), (0.0, 0.2)])
def test_the_fixed_point_is_the_direct_maximum_of_the_observed_likelihood(correlation, share, mechanism):
    data, _, _ = generate_missing(n=150, correlation=correlation, share=share, mechanism=mechanism, seed=3)
    run = run_missing_em(data, tol=1e-14, max_iter=10_000)  # to the fixed point, also where EM is slow
    assert run.converged
    direct = direct_maximum(data)
    np.testing.assert_allclose(run.params[-1].mean, direct.mean, atol=1e-4)
    np.testing.assert_allclose(run.params[-1].covariance, direct.covariance, atol=1e-4)
    assert run.log_likelihoods[-1] >= observed_log_likelihood(data, direct) - 1e-7


def test_old_faithful_with_hidden_waiting_times_reaches_the_direct_maximum():
    faithful = old_faithful()
    y = hide_values(faithful[:, 1], 0.3, "completely at random", np.random.default_rng(0))
    data = MissingData(faithful[:, 0], y)
    run = run_missing_em(data, tol=1e-14, max_iter=10_000)
    direct = direct_maximum(data)
    np.testing.assert_allclose(run.params[-1].mean, direct.mean, rtol=1e-5)
    np.testing.assert_allclose(run.params[-1].covariance, direct.covariance, rtol=1e-4)


def test_with_nothing_missing_em_stops_after_one_iteration_at_the_sample_mean_and_covariance():
    data, full_y, _ = generate_missing(n=80, share=0.0, seed=1)
    start = BivariateNormal([5.0, -3.0], [[4.0, 0.0], [0.0, 9.0]])
    run = run_missing_em(data, start)
    assert run.n_iter == 1 and run.converged
    points = np.column_stack([data.x, full_y])
    np.testing.assert_allclose(run.params[1].mean, points.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(run.params[1].covariance, np.cov(points, rowvar=False, bias=True), rtol=1e-12)


def test_the_e_step_fills_with_the_conditional_mean_and_adds_the_conditional_variance():
    data = MissingData([0.0, 1.0, 2.0, 3.0, 4.0], [0.0, np.nan, 2.0, np.nan, 1.0])
    params = BivariateNormal([1.0, 1.0], [[1.0, 0.5], [0.5, 1.0]])
    filled = e_step(data, params)
    np.testing.assert_allclose(filled.y, [0.0, 1.0, 2.0, 2.0, 1.0])  # µy + 0.5 (x − µx)
    assert filled.conditional_variance == pytest.approx(0.75)
    assert filled.squares[1, 1] == pytest.approx(0 + 1 + 4 + 4 + 1 + 2 * 0.75)
    forgetful = e_step(data, params, conditional_variance=False)
    assert forgetful.squares[1, 1] == pytest.approx(0 + 1 + 4 + 4 + 1)
    assert m_step(forgetful, 5).sigmas[1] < m_step(filled, 5).sigmas[1]


def test_forgetting_the_conditional_variance_shrinks_sigma_y():
    data, full_y, _ = generate_missing(n=400, correlation=0.6, share=0.5, seed=2)
    em = run_missing_em(data).params[-1]
    forgetful = run_missing_em(data, conditional_variance=False).params[-1]
    assert forgetful.sigmas[1] < 0.95 * em.sigmas[1]
    assert mean_imputation(data).sigmas[1] < em.sigmas[1]
    assert abs(em.sigmas[1] - sample_estimate(data.x, full_y).sigmas[1]) < abs(
        forgetful.sigmas[1] - sample_estimate(data.x, full_y).sigmas[1])


def test_when_missingness_depends_on_x_complete_cases_miss_the_mean_of_y_and_em_does_not():
    data, full_y, _ = generate_missing(n=2000, correlation=0.8, share=0.5, mechanism="depends on x", seed=4)
    truth = np.mean(full_y)
    assert abs(complete_case(data).mean[1] - truth) > 0.3
    assert abs(run_missing_em(data).params[-1].mean[1] - truth) < 0.1


@st.composite
def missing_data_and_start(draw):
    n = draw(st.integers(5, 60))  # three observed points scatter: drawn from a density, never on a line
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    correlation = draw(st.floats(-0.95, 0.95))
    points = rng.multivariate_normal([0, 0], [[1, correlation], [correlation, 1]], size=n)
    points *= [draw(st.floats(0.1, 10.0)), draw(st.floats(0.1, 10.0))]
    share = draw(st.floats(0.0, 0.9))
    mechanism = draw(st.sampled_from(["completely at random", "depends on x"]))
    y = hide_values(points[:, 1], share, mechanism, rng, x=points[:, 0])
    if np.count_nonzero(~np.isnan(y)) < 3:
        y[:3] = points[:3, 1]
    start = BivariateNormal.from_correlation([draw(st.floats(-5, 5)), draw(st.floats(-5, 5))],
                                             [draw(st.floats(0.2, 20)), draw(st.floats(0.2, 20))],
                                             draw(st.floats(-0.9, 0.9)))
    return MissingData(points[:, 0], y), start


@settings(max_examples=60, deadline=None)
@given(missing_data_and_start())
def test_the_observed_log_likelihood_never_decreases(case):
    data, start = case
    run = run_missing_em(data, start, max_iter=50)
    slack = 1e-9 * np.maximum(np.abs(run.log_likelihoods[1:]), 1.0)
    assert np.all(np.diff(run.log_likelihoods) >= -slack)


@pytest.mark.parametrize("kwargs, words", [
    (dict(share=1.0), "below 100 %"),
    (dict(correlation=1.2), "between -1 and 1"),
    (dict(correlation=1.0), "between -1 and 1"),
    (dict(n=2), "from 3 to 100,000"),
    (dict(mechanism="whenever"), "must be one of"),
])
def test_impossible_settings_say_what_to_change(kwargs, words):
    with pytest.raises(ValueError, match=words):
        generate_missing(**kwargs)


def test_too_few_observed_y_is_refused_in_words():
    with pytest.raises(ValueError, match="Only 2 of the 4 y values are observed"):
        MissingData([0, 1, 2, 3], [1.0, np.nan, np.nan, 2.0])


@pytest.mark.parametrize("y", [[0.0, 1.0, 2.0, np.nan], [1.0, 1.0, 1.0, np.nan]])
def test_observed_points_on_one_line_are_refused_in_words(y):
    with pytest.raises(ValueError, match="lie on one straight line"):
        MissingData([0, 1, 2, 3], y)


def test_a_singular_covariance_is_refused_in_words():
    with pytest.raises(ValueError, match="strictly between -1 and 1"):
        BivariateNormal([0, 0], [[1, 1], [1, 1]])
