"""Unit tests for emviz.em: run_em, e_step, m_step, History and EMError."""

import numpy as np
import pytest

from emviz import EMError, History, Mixture, e_step, m_step, run_em
from emviz.em import BLOCK_SIZE
from tests.helpers import random_case


def reference_m_step(x, responsibilities, reg_covar):
    """The textbook M-step in plain numpy (n_k in the denominator, reg_covar on the diagonal)."""
    points = np.asarray(x, dtype=float).reshape(len(x), -1)
    counts = responsibilities.sum(axis=0)
    means = responsibilities.T @ points / counts[:, None]
    covariances = np.stack([
        (responsibilities[:, k, None] * (points - means[k])).T @ (points - means[k]) / counts[k]
        + reg_covar * np.eye(points.shape[1])
        for k in range(len(counts))
    ])
    return counts / counts.sum(), means, covariances


def assert_history_is_consistent(history, x):
    """Lengths match, every log-likelihood is the mixture's own and every value is finite."""
    assert isinstance(history, History)
    assert len(history.log_likelihoods) == len(history.mixtures) == history.n_iter + 1
    assert np.all(np.isfinite(history.log_likelihoods))
    for mixture, log_likelihood in zip(history.mixtures, history.log_likelihoods):
        assert np.all(np.isfinite(mixture.weights))
        assert np.all(np.isfinite(mixture.means))
        assert np.all(np.isfinite(mixture.covariances))
        assert log_likelihood == pytest.approx(mixture.log_likelihood(x), rel=1e-10)


@pytest.fixture
def history(two_gaussian_x, two_component_init):
    return run_em(two_gaussian_x, two_component_init, max_iter=12, tol=0.0, reg_covar=1e-6)


# --- History ----------------------------------------------------------------------------

def test_history_records_settings_and_data(history, two_gaussian_x, two_component_init):
    assert history.mixtures[0] is two_component_init
    assert isinstance(history.mixtures, tuple)
    assert isinstance(history.log_likelihoods, np.ndarray)
    assert history.converged is False
    assert (history.tol, history.reg_covar, history.max_iter) == (0.0, 1e-6, 12)
    assert history.x.shape == (300, 1)
    assert history.n_points == 300
    np.testing.assert_array_equal(history.x[:, 0], two_gaussian_x)
    assert not history.x.flags.writeable


def test_history_lengths_and_log_likelihoods(history, two_gaussian_x):
    assert history.n_iter == 12
    assert len(history.log_likelihoods) == len(history.mixtures) == 13
    assert_history_is_consistent(history, two_gaussian_x)


def test_log_likelihood_increases_from_a_poor_start(history):
    assert np.all(np.diff(history.log_likelihoods) > 0)
    assert history.log_likelihoods[-1] - history.log_likelihoods[0] > 50.0


@pytest.mark.parametrize("t", [0, 1, 5, 12])
def test_responsibilities_equal_the_e_step_under_that_mixture(history, two_gaussian_x, t):
    responsibilities = history.responsibilities(t)
    assert responsibilities.shape == (300, 2)
    np.testing.assert_allclose(responsibilities.sum(axis=1), 1.0, rtol=1e-14)
    np.testing.assert_array_equal(responsibilities, e_step(two_gaussian_x, history.mixtures[t]))
    np.testing.assert_allclose(
        responsibilities, history.mixtures[t].posterior(two_gaussian_x), rtol=1e-10, atol=1e-300
    )


def test_responsibilities_accept_negative_indices(history):
    np.testing.assert_array_equal(history.responsibilities(-1), history.responsibilities(12))
    np.testing.assert_array_equal(history.responsibilities(-13), history.responsibilities(0))


@pytest.mark.parametrize("t", [13, 100, -14])
def test_responsibilities_out_of_range_raise_index_error(history, t):
    with pytest.raises(IndexError):
        history.responsibilities(t)


def test_responsibilities_stay_right_after_the_cache_evicts(history, two_gaussian_x):
    order = list(range(13)) + list(range(12, -1, -1)) + [3, 3]
    for t in order:
        np.testing.assert_array_equal(
            history.responsibilities(t), e_step(two_gaussian_x, history.mixtures[t])
        )


def test_cached_responsibilities_cannot_be_modified(history):
    responsibilities = history.responsibilities(2)
    with pytest.raises(ValueError):
        responsibilities[0, 0] = 5.0
    assert history.responsibilities(2)[0].sum() == pytest.approx(1.0)


def test_max_iter_zero_records_only_the_guess(two_gaussian_x, two_component_init):
    history = run_em(two_gaussian_x, two_component_init, max_iter=0)
    assert history.mixtures == (two_component_init,)
    assert history.n_iter == 0
    assert history.converged is False
    np.testing.assert_allclose(
        history.log_likelihoods, [two_component_init.log_likelihood(two_gaussian_x)], rtol=1e-12
    )
    assert history.responsibilities(0).shape == (300, 2)


# --- run_em against the steps done by hand --------------------------------------------------

@pytest.mark.parametrize("n_features, n_components", [(1, 2), (1, 3), (2, 2)])
def test_run_em_equals_alternating_e_and_m_steps(n_features, n_components):
    x, init = random_case(seed=21, n_components=n_components, n_features=n_features, n_points=250)
    history = run_em(x, init, max_iter=8, tol=0.0, reg_covar=1e-4)
    mixture = init
    for t in range(1, 9):
        mixture = m_step(x, e_step(x, mixture), reg_covar=1e-4)
        np.testing.assert_allclose(history.mixtures[t].weights, mixture.weights, rtol=1e-13)
        np.testing.assert_allclose(history.mixtures[t].means, mixture.means, rtol=1e-13, atol=1e-13)
        np.testing.assert_allclose(history.mixtures[t].covariances, mixture.covariances, rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize("n_features", [1, 2])
def test_m_step_matches_the_textbook_formulas(n_features):
    x, init = random_case(seed=5, n_components=3, n_features=n_features, n_points=300)
    responsibilities = e_step(x, init)
    weights, means, covariances = reference_m_step(x, responsibilities, reg_covar=1e-3)
    mixture = m_step(x, responsibilities, reg_covar=1e-3)
    np.testing.assert_allclose(mixture.weights, weights, rtol=1e-12)
    np.testing.assert_allclose(mixture.means, means, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(mixture.covariances, covariances, rtol=1e-10, atol=1e-12)


def test_m_step_with_hard_assignments_gives_group_statistics():
    x = np.array([0.0, 1.0, 2.0, 10.0, 14.0])
    responsibilities = np.array([[1, 0], [1, 0], [1, 0], [0, 1], [0, 1]], dtype=float)
    mixture = m_step(x, responsibilities, reg_covar=0.5)
    np.testing.assert_allclose(mixture.weights, [0.6, 0.4], rtol=1e-14)
    np.testing.assert_allclose(mixture.means[:, 0], [1.0, 12.0], rtol=1e-14)
    np.testing.assert_allclose(mixture.covariances[:, 0, 0], [2.0 / 3.0 + 0.5, 4.0 + 0.5], rtol=1e-14)


def test_e_step_rows_sum_to_one_and_favour_the_nearest_mean():
    mixture = Mixture.univariate(weights=[0.5, 0.5], means=[0.0, 10.0], sigmas=[1.0, 1.0])
    responsibilities = e_step([-1.0, 5.0, 11.0], mixture)
    np.testing.assert_allclose(responsibilities.sum(axis=1), 1.0, rtol=1e-15)
    np.testing.assert_allclose(responsibilities[1], [0.5, 0.5], rtol=1e-14)
    assert responsibilities[0, 0] > 0.9999 and responsibilities[2, 1] > 0.9999


# --- convergence ------------------------------------------------------------------------

def test_converged_run_stops_by_the_mean_log_likelihood_rule(two_gaussian_x, two_component_init):
    tol = 1e-6
    history = run_em(two_gaussian_x, two_component_init, max_iter=1000, tol=tol)
    assert history.converged is True
    assert 2 <= history.n_iter < 1000
    changes = np.abs(np.diff(history.log_likelihoods)) / len(two_gaussian_x)
    # iteration t compares the likelihoods of mixtures[t-1] and mixtures[t-2]
    assert changes[history.n_iter - 2] < tol
    assert np.all(changes[: history.n_iter - 2] >= tol)


def test_run_hitting_max_iter_is_not_converged(two_gaussian_x, two_component_init):
    history = run_em(two_gaussian_x, two_component_init, max_iter=3, tol=1e-6)
    assert history.converged is False
    assert history.n_iter == 3


def test_tol_zero_runs_every_iteration(two_gaussian_x, two_component_init):
    history = run_em(two_gaussian_x, two_component_init, max_iter=300, tol=0.0)
    assert history.converged is False
    assert history.n_iter == 300


def test_larger_tol_stops_sooner(two_gaussian_x, two_component_init):
    loose = run_em(two_gaussian_x, two_component_init, max_iter=1000, tol=1e-2)
    tight = run_em(two_gaussian_x, two_component_init, max_iter=1000, tol=1e-8)
    assert loose.converged and tight.converged
    assert loose.n_iter < tight.n_iter


# --- invalid input ----------------------------------------------------------------------

@pytest.mark.parametrize(
    "settings, message",
    [
        ({"tol": -1e-6}, "tol must be a finite number"),
        ({"tol": np.nan}, "tol must be a finite number"),
        ({"reg_covar": -1e-6}, "reg_covar must be a finite number"),
        ({"reg_covar": np.inf}, "reg_covar must be a finite number"),
        ({"max_iter": 2.5}, "whole number"),
        ({"max_iter": 10.0}, "whole number"),
        ({"max_iter": -1}, "whole number"),
        ({"max_iter": True}, "whole number"),
        ({"max_iter": "10"}, "whole number"),
    ],
)
def test_invalid_settings_raise_value_error(two_gaussian_x, two_component_init, settings, message):
    with pytest.raises(ValueError, match=message):
        run_em(two_gaussian_x, two_component_init, **settings)


def test_numpy_integer_max_iter_is_accepted(two_gaussian_x, two_component_init):
    assert run_em(two_gaussian_x, two_component_init, max_iter=np.int64(4), tol=0.0).n_iter == 4


@pytest.mark.parametrize("bad_value", [np.nan, np.inf, -np.inf])
def test_data_with_missing_values_raise_value_error(two_gaussian_x, two_component_init, bad_value):
    x = two_gaussian_x.copy()
    x[17] = bad_value
    with pytest.raises(ValueError, match="missing or infinite"):
        run_em(x, two_component_init)
    with pytest.raises(ValueError, match="missing or infinite"):
        e_step(x, two_component_init)


def test_empty_data_raise_value_error(two_component_init):
    with pytest.raises(ValueError, match="non-empty"):
        run_em(np.array([]), two_component_init)


def test_data_of_the_wrong_dimension_raise_value_error(two_component_init, bivariate_mixture):
    with pytest.raises(ValueError, match="2-dimensional but the mixture is 1-dimensional"):
        run_em(np.zeros((10, 2)), two_component_init)
    with pytest.raises(ValueError, match="1-dimensional but the mixture is 2-dimensional"):
        run_em(np.zeros(10), bivariate_mixture)
    with pytest.raises(ValueError, match="2-dimensional but the mixture is 1-dimensional"):
        e_step(np.zeros((10, 2)), two_component_init)


def test_m_step_rejects_responsibilities_of_the_wrong_shape(two_gaussian_x):
    with pytest.raises(ValueError, match="one row of responsibilities per data point"):
        m_step(two_gaussian_x, np.full((299, 2), 0.5))
    with pytest.raises(ValueError, match="reg_covar"):
        m_step(two_gaussian_x, np.full((300, 2), 0.5), reg_covar=-1.0)


@pytest.mark.parametrize(
    "responsibilities, message",
    [
        (np.full((300, 2), 0.4), "row 1 adds up to 0.8"),
        (np.tile([1.5, -0.5], (300, 1)), "cannot be negative"),
        (np.full((300, 2), np.nan), "finite numbers"),
        (np.full((300, 2, 1), 0.5), "shape \\(300, K\\)"),
        (np.ones((300, 0)), "at least one column"),
    ],
)
def test_m_step_names_what_is_wrong_with_its_responsibilities(two_gaussian_x, responsibilities, message):
    with pytest.raises(ValueError, match=message) as caught:
        m_step(two_gaussian_x, responsibilities)
    assert "weight" not in str(caught.value)


def test_a_guess_that_is_not_a_mixture_is_refused_with_how_to_make_one(two_gaussian_x):
    with pytest.raises(TypeError, match=r"init must be a Mixture, e.g. .*Mixture.univariate"):
        run_em(two_gaussian_x, [0.5, 0.5])
    with pytest.raises(TypeError, match="mixture must be a Mixture"):
        e_step(two_gaussian_x, {"weights": [1.0]})


@pytest.mark.parametrize("max_iter", [-1, 2.5, True])
def test_run_em_says_which_max_iter_it_refused(two_gaussian_x, two_component_init, max_iter):
    with pytest.raises(ValueError, match=rf"whole number ≥ 0 \(it is {max_iter!r}\)"):
        run_em(two_gaussian_x, two_component_init, max_iter=max_iter)


def test_m_step_accepts_rows_summing_to_one_up_to_rounding(two_gaussian_x):
    responsibilities = np.tile([1 / 3, 2 / 3], (300, 1))
    mixture = m_step(two_gaussian_x, responsibilities)
    np.testing.assert_allclose(mixture.weights, [1 / 3, 2 / 3])


@pytest.mark.parametrize("scale", [1e154, -1e170])
def test_data_too_large_to_square_are_refused_with_advice_to_rescale(scale):
    x = scale * np.array([0.0, 0.1, 0.2, 1.0, 1.1, 1.2])
    init = Mixture.univariate(weights=[0.5, 0.5], means=[0.1 * scale, 1.1 * scale],
                              sigmas=[1e150, 1e150])
    for entry in (lambda: run_em(x, init), lambda: e_step(x, init), lambda: m_step(x, np.full((6, 2), 0.5))):
        with pytest.raises(ValueError, match="standardise") as caught:
            entry()
        assert not isinstance(caught.value, EMError)
        assert "reg_covar" not in str(caught.value)


def test_data_just_below_the_size_limit_still_fit():
    x = 1e149 * np.array([0.0, 0.1, 0.2, 1.0, 1.1, 1.2])
    init = Mixture.univariate(weights=[0.5, 0.5], means=[1e148, 1.1e149], sigmas=[1e148, 1e148])
    history = run_em(x, init, max_iter=20, reg_covar=0.0)
    np.testing.assert_allclose(np.sort(history.mixtures[-1].means[:, 0]), [1e148, 1.1e149])


@pytest.mark.filterwarnings("ignore:overflow encountered")
def test_guess_giving_a_point_zero_density_raises_value_error():
    needle = Mixture.univariate(weights=[1.0], means=[0.0], sigmas=[1e-160])
    with pytest.raises(ValueError, match="zero probability under every Gaussian of the initial guess"):
        run_em([0.0, 1.0], needle)


# --- collapse ---------------------------------------------------------------------------

CLUSTER = [10.0, 10.5, 11.0, 12.0, 9.0, 9.5, 10.2]


@pytest.mark.parametrize(
    "isolated, sigma, failing_iteration",
    [
        (0.0, 1e-3, 1), (0.0, 1.0, 2), (0.0, 3.0, 3),  # variance becomes exactly 0
        (20.0, 1e-3, 1), (20.0, 1.0, 2), (20.0, 3.0, 3),  # variance becomes rounding noise, ~1e-27
    ],
)
def test_collapse_raises_em_error_with_a_valid_history(isolated, sigma, failing_iteration):
    x = np.array(CLUSTER + [isolated])
    init = Mixture.univariate(weights=[0.5, 0.5], means=[10.0, isolated], sigmas=[1.0, sigma])
    with pytest.raises(EMError, match="reg_covar") as caught:
        run_em(x, init, max_iter=50, tol=0.0, reg_covar=0.0)
    error = caught.value
    assert isinstance(error, ValueError)
    assert f"iteration {failing_iteration}" in str(error)
    history = error.history
    assert history.mixtures[0] is init
    assert history.converged is False
    assert history.n_iter == failing_iteration - 1  # the M-steps that succeeded
    assert_history_is_consistent(history, x)
    responsibilities = history.responsibilities(-1)
    assert not np.any(np.isnan(responsibilities))
    np.testing.assert_allclose(responsibilities.sum(axis=1), 1.0, rtol=1e-14)


def test_collapse_onto_a_line_in_two_dimensions_raises_em_error():
    # after a few iterations component 1 sits on two of the four points: a singular 2×2 covariance
    x = np.array([[1.8, -2.4], [-0.6, 0.5], [1.1, -1.3], [1.6, -2.2]])
    init = Mixture([0.5, 0.5], [[1.0, 1.0], [3.0, 1.0]], [1.5**2 * np.eye(2), 1.1**2 * np.eye(2)])
    with pytest.raises(EMError) as caught:
        run_em(x, init, max_iter=30, tol=0.0, reg_covar=0.0)
    assert caught.value.history.n_iter >= 1
    assert_history_is_consistent(caught.value.history, x)


def test_reg_covar_floors_the_variance_of_a_collapsing_component():
    init = Mixture.univariate(weights=[0.5, 0.5], means=[10.0, 0.0], sigmas=[1.0, 1e-3])
    history = run_em(CLUSTER + [0.0], init, max_iter=20, tol=0.0, reg_covar=1e-6)
    assert history.mixtures[-1].means[1, 0] == 0.0
    assert history.mixtures[-1].covariances[1, 0, 0] == pytest.approx(1e-6, rel=1e-9)
    assert history.mixtures[-1].weights[1] == pytest.approx(1.0 / 8.0, rel=1e-9)


# --- special sizes and dimensions -------------------------------------------------------

def test_a_single_point_is_fitted_exactly():
    init = Mixture.univariate(weights=[1.0], means=[0.0], sigmas=[1.0])
    history = run_em([3.0], init, max_iter=100, tol=1e-6, reg_covar=1e-6)
    assert history.converged is True
    assert history.n_iter == 3
    assert history.mixtures[-1].means[0, 0] == pytest.approx(3.0, rel=1e-14)
    assert history.mixtures[-1].covariances[0, 0, 0] == pytest.approx(1e-6, rel=1e-12)
    assert history.log_likelihoods[-1] == pytest.approx(-0.5 * np.log(2 * np.pi * 1e-6), rel=1e-12)
    np.testing.assert_array_equal(history.responsibilities(-1), [[1.0]])


def test_a_single_point_with_two_components_splits_it():
    init = Mixture.univariate(weights=[0.5, 0.5], means=[2.0, 5.0], sigmas=[1.0, 1.0])
    history = run_em([3.0], init, max_iter=5, tol=0.0, reg_covar=1e-3)
    np.testing.assert_allclose(history.mixtures[1].means[:, 0], [3.0, 3.0], rtol=1e-13)
    np.testing.assert_allclose(history.mixtures[1].covariances[:, 0, 0], [1e-3, 1e-3], rtol=1e-12)
    np.testing.assert_allclose(history.mixtures[1].weights, init.posterior([3.0])[0], rtol=1e-12)


@pytest.mark.parametrize("reg_covar", [0.0, 1e-6, 0.25])
def test_one_component_gives_the_sample_mean_and_biased_variance(two_gaussian_x, reg_covar):
    init = Mixture.univariate(weights=[1.0], means=[100.0], sigmas=[0.1])
    history = run_em(two_gaussian_x, init, max_iter=10, tol=0.0, reg_covar=reg_covar)
    for mixture in history.mixtures[1:]:
        assert mixture.weights[0] == pytest.approx(1.0, rel=1e-14)
        assert mixture.means[0, 0] == pytest.approx(two_gaussian_x.mean(), rel=1e-12)
        assert mixture.covariances[0, 0, 0] == pytest.approx(
            np.var(two_gaussian_x) + reg_covar, rel=1e-12
        )


def test_one_component_in_two_dimensions_gives_the_biased_covariance():
    x = np.random.default_rng(9).multivariate_normal([1.0, -2.0], [[2.0, 0.8], [0.8, 1.0]], size=500)
    init = Mixture([1.0], [[0.0, 0.0]], [np.eye(2)])
    fitted = run_em(x, init, max_iter=1, tol=0.0, reg_covar=1e-6).mixtures[1]
    np.testing.assert_allclose(fitted.means[0], x.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(fitted.covariances[0], np.cov(x, rowvar=False, bias=True) + 1e-6 * np.eye(2), rtol=1e-12)


def test_two_dimensional_full_covariances_recover_the_truth(bivariate_mixture):
    x, _ = bivariate_mixture.sample(6000, np.random.default_rng(2))
    init = Mixture([0.5, 0.5], [[1.0, 1.0], [3.0, 0.0]], [np.eye(2), np.eye(2)])
    history = run_em(x, init, max_iter=500, tol=1e-8)
    assert history.converged
    fitted = history.mixtures[-1]
    assert_history_is_consistent(history, x)
    np.testing.assert_allclose(fitted.weights, bivariate_mixture.weights, atol=0.02)
    np.testing.assert_allclose(fitted.means, bivariate_mixture.means, atol=0.08)
    np.testing.assert_allclose(fitted.covariances, bivariate_mixture.covariances, atol=0.12)
    assert fitted.covariances[0, 0, 1] > 0.4 and fitted.covariances[1, 0, 1] < -0.1


@pytest.mark.parametrize("n_points", [BLOCK_SIZE + 1, 2 * BLOCK_SIZE + 123])
@pytest.mark.parametrize("n_features", [1, 2])
def test_data_spanning_several_blocks(n_points, n_features):
    x, init = random_case(seed=3, n_components=3, n_features=n_features, n_points=n_points)
    history = run_em(x, init, max_iter=3, tol=0.0, reg_covar=1e-6)
    assert history.x.shape == (n_points, n_features)
    for t in range(4):
        mixture = history.mixtures[t]
        assert history.log_likelihoods[t] == pytest.approx(mixture.log_likelihood(x), rel=1e-11)
        responsibilities = history.responsibilities(t)
        np.testing.assert_allclose(responsibilities, mixture.posterior(x), rtol=1e-9, atol=1e-13)
        if t:
            expected = reference_m_step(x, history.mixtures[t - 1].posterior(x), 1e-6)
            np.testing.assert_allclose(mixture.weights, expected[0], rtol=1e-10)
            np.testing.assert_allclose(mixture.means, expected[1], rtol=1e-9, atol=1e-12)
            np.testing.assert_allclose(mixture.covariances, expected[2], rtol=1e-9, atol=1e-12)
    # the last, partial block is filled too: its points are not left at the buffer's old values
    tail = slice(n_points - 5, n_points)
    np.testing.assert_allclose(
        history.responsibilities(-1)[tail], history.mixtures[-1].posterior(x[tail]), rtol=1e-9, atol=1e-13
    )
