"""emviz.analysis: the lower bound, the likelihood landscape, restarts and comparing labelings."""

from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score
from sklearn.mixture import GaussianMixture

from emviz import EMError, History, Mixture, e_step, run_em
from emviz.analysis import (
    GRID_CHUNK,
    ModelSelection,
    accuracy,
    adjusted_rand_index,
    bound_slice,
    distinct_solutions,
    log_likelihood_grid,
    lower_bound,
    match_labels,
    parameter_errors,
    random_start,
    random_starts,
    restarts,
    select_k,
    stopped_on_error,
    with_mean,
)
from emviz.data import PRESETS, GaussianSpec, generate_gaussians
from tests.helpers import random_case
from tests.run_fixtures import nine_points, two_thousand

PROPERTY_SETTINGS = settings(max_examples=30, deadline=None)
MU = "\u00b5"  # the micro sign the app writes for µ


def with_means(mixture: Mixture, mu1: float, mu2: float) -> Mixture:
    """``mixture`` (1-D, K = 2) with both means replaced."""
    return Mixture(mixture.weights, [[mu1], [mu2]], mixture.covariances)


@cache
def small_case(n_features: int):
    """(x, mixture): 12 points and a 3-component guess that is not the E-step's fixed point."""
    x, init = random_case(seed=10 + n_features, n_components=3, n_features=n_features, n_points=12)
    return x, init


@cache
def three_clusters():
    """300 points from three well-separated Gaussians (10, 25, 40), the preset in miniature."""
    return generate_gaussians(GaussianSpec(means=(10.0, 25.0, 40.0), sigmas=(3.0, 3.0, 3.0),
                                           counts=(100, 100, 100), seed=2))


# --- lower_bound -------------------------------------------------------------------------


@st.composite
def simplex_rows(draw, n_rows: int, n_columns: int):
    """Responsibilities: non-negative rows summing to 1, with exact zeros (one-hot rows too)."""
    rows = []
    for _ in range(n_rows):
        row = np.array(draw(st.lists(
            st.one_of(st.just(0.0), st.floats(1e-300, 1.0), st.just(1.0)),
            min_size=n_columns, max_size=n_columns)))
        if row.sum() == 0:
            row[draw(st.integers(0, n_columns - 1))] = 1.0
        rows.append(row / row.sum())
    return np.array(rows)


@pytest.mark.parametrize("n_features", [1, 2])
@PROPERTY_SETTINGS
@given(data=st.data())
def test_lower_bound_never_exceeds_the_log_likelihood(n_features, data):
    x, mixture = small_case(n_features)
    gamma = data.draw(simplex_rows(len(x), mixture.n_components))
    bound = lower_bound(x, mixture, gamma)
    log_likelihood = mixture.log_likelihood(x)
    assert np.isfinite(bound)
    assert bound <= log_likelihood + 1e-10 * abs(log_likelihood)


@pytest.mark.parametrize("n_features", [1, 2])
def test_lower_bound_equals_the_log_likelihood_at_the_e_step(n_features):
    x, mixture = small_case(n_features)
    gamma = e_step(x, mixture)
    assert lower_bound(x, mixture, gamma) == pytest.approx(mixture.log_likelihood(x), rel=1e-10)
    # ... and only there: other responsibilities give a strictly lower value
    shifted = np.roll(gamma, 1, axis=1)
    assert lower_bound(x, mixture, shifted) < mixture.log_likelihood(x) - 1e-3


@pytest.mark.parametrize("t", [0, 3, -1])
def test_lower_bound_touches_along_a_run(t):
    data, history = two_thousand()
    mixture = history.mixtures[t]
    bound = lower_bound(data.x, mixture, history.responsibilities(t))
    assert bound == pytest.approx(history.log_likelihoods[t], rel=1e-10)


def test_lower_bound_is_the_textbook_sum_for_one_hot_responsibilities():
    """0·log 0 = 0: one-hot rows give Σ_n log π_{k(n)} N(x_n | k(n)), a finite number."""
    x, mixture = small_case(1)
    labels = np.arange(len(x)) % mixture.n_components
    one_hot = np.eye(mixture.n_components)[labels]
    expected = mixture.log_weighted_densities(x)[np.arange(len(x)), labels].sum()
    bound = lower_bound(x, mixture, one_hot)
    assert np.isfinite(bound)
    assert bound == pytest.approx(expected, rel=1e-12)


def test_lower_bound_with_a_zero_weight_and_no_responsibility_for_it():
    x = np.array([-1.0, 0.0, 0.5, 2.0])
    mixture = Mixture.univariate([0.0, 1.0], [5.0, 0.0], [1.0, 1.0])
    gamma = np.column_stack([np.zeros(4), np.ones(4)])
    bound = lower_bound(x, mixture, gamma)
    assert np.isfinite(bound)
    assert bound == pytest.approx(mixture.log_likelihood(x), rel=1e-12)
    np.testing.assert_array_equal(e_step(x, mixture), gamma)


@pytest.mark.parametrize("shape", [(4, 3), (3, 2), (4,), (2, 4)])
def test_lower_bound_refuses_responsibilities_of_the_wrong_shape(shape):
    x = np.array([-1.0, 0.0, 0.5, 2.0])
    mixture = Mixture.univariate([0.5, 0.5], [0.0, 1.0], [1.0, 1.0])
    with pytest.raises(ValueError):
        lower_bound(x, mixture, np.full(shape, 0.5))


# --- log_likelihood_grid and bound_slice ------------------------------------------------


def test_grid_shape_and_every_entry_is_the_log_likelihood_there():
    data, history = nine_points()
    mixture = history.mixtures[2]
    mu1 = np.array([0.0, 2.5, 5.0, 9.0])
    mu2 = np.array([-1.0, 3.0, 7.5])
    grid = log_likelihood_grid(data.x, mixture, mu1, mu2)
    assert grid.shape == (3, 4)
    for j, second in enumerate(mu2):
        for i, first in enumerate(mu1):
            moved = with_means(mixture, first, second)
            assert grid[j, i] == pytest.approx(moved.log_likelihood(data.x), rel=1e-10)
            recorded = run_em(data.x, moved, max_iter=0).log_likelihoods[0]
            assert grid[j, i] == pytest.approx(recorded, rel=1e-10)


def test_grid_on_more_points_than_one_chunk():
    x = np.random.default_rng(4).normal(30.0, 10.0, size=2 * GRID_CHUNK + 37)
    mixture = Mixture.univariate([0.3, 0.7], [20.0, 40.0], [4.0, 6.0])
    mu1, mu2 = np.linspace(10, 50, 5), np.linspace(15, 45, 4)
    grid = log_likelihood_grid(x, mixture, mu1, mu2)
    assert grid.shape == (4, 5)
    expected = np.array([[with_means(mixture, a, b).log_likelihood(x) for a in mu1] for b in mu2])
    np.testing.assert_allclose(grid, expected, rtol=1e-10)


def test_grid_where_narrow_gaussians_far_from_a_point_underflow_their_densities():
    """Densities below the smallest float are summed as logarithms: no −∞, no lost digits."""
    x = np.concatenate([np.linspace(0.0, 1.0, GRID_CHUNK + 5), [60.0, 100.0]])
    mixture = Mixture.univariate([0.4, 0.6], [0.0, 0.0], [0.05, 0.02])
    axis = np.linspace(-5.0, 105.0, 9)
    grid = log_likelihood_grid(x, mixture, axis, axis)
    expected = np.array([[with_means(mixture, a, b).log_likelihood(x) for a in axis] for b in axis])
    assert np.all(np.isfinite(grid))
    np.testing.assert_allclose(grid, expected, rtol=1e-12)


def test_grid_is_not_symmetric_when_the_components_differ():
    """Swapping µ1 and µ2 only mirrors the map when weights and σ are equal."""
    x = np.array([1.0, 2.0, 8.0, 9.0, 9.5])
    mixture = Mixture.univariate([0.2, 0.8], [0.0, 0.0], [1.0, 3.0])
    axis = np.array([1.0, 9.0])
    grid = log_likelihood_grid(x, mixture, axis, axis)
    assert grid[0, 1] != pytest.approx(grid[1, 0], rel=1e-3)
    assert grid[1, 0] == pytest.approx(with_means(mixture, 1.0, 9.0).log_likelihood(x), rel=1e-10)


@pytest.mark.parametrize("mixture", [
    Mixture.univariate([0.2, 0.3, 0.5], [0.0, 1.0, 2.0], [1.0, 1.0, 1.0]),
    Mixture.univariate([1.0], [0.0], [1.0]),
    Mixture([0.5, 0.5], [[0.0, 0.0], [1.0, 1.0]], [np.eye(2), np.eye(2)]),
], ids=["K=3", "K=1", "d=2"])
def test_grid_refuses_anything_but_two_gaussians_in_1d(mixture):
    x = np.zeros((4, mixture.n_features)) + np.arange(4)[:, None]
    with pytest.raises(ValueError):
        log_likelihood_grid(x, mixture, [0.0, 1.0], [0.0, 1.0])


@pytest.mark.parametrize("t", [0, 1, 5])
def test_bound_slice_lies_below_and_touches_at_the_current_mean(t):
    data, history = nine_points()
    mixture = history.mixtures[t]
    current = mixture.means[0, 0]
    mu1 = np.sort(np.concatenate([np.linspace(-3.0, 12.0, 31), [current]]))
    log_likelihood, bound = bound_slice(data.x, mixture, history.responsibilities(t), mu1)
    assert log_likelihood.shape == bound.shape == mu1.shape
    row = log_likelihood_grid(data.x, mixture, mu1, [mixture.means[1, 0]])[0]
    np.testing.assert_allclose(log_likelihood, row, rtol=1e-12)
    for value, ell in zip(mu1, log_likelihood):
        assert ell == pytest.approx(with_mean(mixture, 0, value).log_likelihood(data.x), rel=1e-10)
    assert np.all(bound <= log_likelihood + 1e-10 * np.abs(log_likelihood))
    at = int(np.flatnonzero(mu1 == current)[0])
    assert bound[at] == pytest.approx(log_likelihood[at], rel=1e-10)
    assert bound[0] < log_likelihood[0] - 1e-6 and bound[-1] < log_likelihood[-1] - 1e-6


def test_bound_from_the_previous_e_step_peaks_at_the_m_step_mean():
    """The M-step maximises the bound: along µ1 its top is the new µ1 (the frame after the M-step)."""
    data, history = nine_points()
    t = 2
    new = history.mixtures[t]
    mu1 = np.linspace(new.means[0, 0] - 1.0, new.means[0, 0] + 1.0, 2001)
    log_likelihood, bound = bound_slice(data.x, new, history.responsibilities(t - 1), mu1)
    assert np.all(bound <= log_likelihood + 1e-10 * np.abs(log_likelihood))
    assert mu1[np.argmax(bound)] == pytest.approx(new.means[0, 0], abs=1e-3)


# --- random starts and restarts --------------------------------------------------------


def test_random_start_uses_distinct_data_points_and_equal_weights():
    x = three_clusters().x
    for seed in range(5):
        start = random_start(x, 3, np.random.default_rng(seed))
        means = start.means[:, 0]
        assert np.all(np.isin(means, x))
        assert len(set(means.tolist())) == 3
        np.testing.assert_array_equal(start.weights, np.full(3, 1 / 3))
        np.testing.assert_allclose(start.covariances[:, 0, 0], np.var(x), rtol=1e-12)


def test_random_start_with_as_many_gaussians_as_points_uses_each_point_once():
    x = nine_points()[0].x
    for seed in range(3):
        start = random_start(x, x.size, np.random.default_rng(seed))
        np.testing.assert_array_equal(np.sort(start.means[:, 0]), np.sort(x))


def test_random_start_in_2d_picks_whole_points():
    x, _ = random_case(3, n_components=2, n_features=2, n_points=50)
    start = random_start(x, 4, np.random.default_rng(0))
    assert start.means.shape == (4, 2)
    for mean in start.means:
        assert np.any(np.all(x == mean, axis=1))
    assert len({tuple(m) for m in start.means}) == 4


def test_random_start_refuses_more_gaussians_than_points():
    with pytest.raises(ValueError):
        random_start([1.0, 2.0], 3, np.random.default_rng(0))


def assert_same_runs(first, second):
    assert len(first) == len(second)
    for a, b in zip(first, second):
        assert a.n_iter == b.n_iter
        np.testing.assert_array_equal(a.log_likelihoods, b.log_likelihoods)
        for m, n in zip(a.mixtures, b.mixtures):
            np.testing.assert_array_equal(m.weights, n.weights)
            np.testing.assert_array_equal(m.means, n.means)
            np.testing.assert_array_equal(m.covariances, n.covariances)


def test_restarts_with_the_same_seed_are_identical():
    x = three_clusters().x
    first = restarts(x, 2, 6, seed=7, max_iter=30)
    second = restarts(x, 2, 6, seed=7, max_iter=30)
    assert len(first) == 6
    assert_same_runs(first, second)


def test_restarts_with_different_seeds_differ():
    x = three_clusters().x
    first = restarts(x, 2, 4, seed=1, max_iter=5)
    second = restarts(x, 2, 4, seed=2, max_iter=5)
    assert all(not np.array_equal(a.mixtures[0].means, b.mixtures[0].means) for a, b in zip(first, second))
    assert any(a.log_likelihoods[-1] != b.log_likelihoods[-1] for a, b in zip(first, second))


def test_restarts_start_at_different_points():
    histories = restarts(three_clusters().x, 2, 5, seed=0, max_iter=1)
    starts = {tuple(h.mixtures[0].means[:, 0]) for h in histories}
    assert len(starts) == 5


@pytest.mark.parametrize("n_starts", [1, 3, 8])
def test_restarts_returns_one_history_per_start(n_starts):
    histories = restarts(three_clusters().x, 2, n_starts, seed=0, max_iter=3)
    assert len(histories) == n_starts
    for h in histories:
        assert h.mixtures[0].n_components == 2
        np.testing.assert_array_equal(h.mixtures[0].weights, [0.5, 0.5])


@pytest.mark.parametrize("n_starts", [0, -1, 2.0, True])
def test_restarts_refuse_a_number_of_starts_that_is_not_a_whole_number_at_least_one(n_starts):
    with pytest.raises(ValueError, match="number of starts must be a whole number ≥ 1"):
        restarts(three_clusters().x, 2, n_starts, seed=0, max_iter=3)
    with pytest.raises(ValueError, match="number of starts must be a whole number ≥ 1"):
        select_k(three_clusters().x, [1, 2], n_starts=n_starts, seed=0, max_iter=3)


@pytest.mark.parametrize("k, message", [(0, "whole number ≥ 1 \\(it is 0\\)"),
                                        (2.0, "whole number ≥ 1 \\(it is 2.0\\)"),
                                        (4, "Cannot start 4 Gaussians on 3 points: give at least 4 points")])
def test_random_start_says_which_k_it_refused_and_what_to_do(k, message):
    with pytest.raises(ValueError, match=message):
        random_start([0.0, 1.0, 2.0], k, np.random.default_rng(0))


def test_no_runs_are_no_solutions():
    assert distinct_solutions([]) == []


def test_restarts_pass_options_on():
    x = three_clusters().x
    for h in restarts(x, 2, 3, seed=0, max_iter=2, reg_covar=0.5, tol=0.0):
        assert h.max_iter == 2 and h.n_iter == 2 and h.reg_covar == 0.5 and h.tol == 0.0
        assert not h.hard
        assert np.all(h.mixtures[-1].covariances[:, 0, 0] >= 0.5)
    hard = restarts(x, 2, 3, seed=0, hard=True)
    for h in hard:
        assert h.hard and h.converged
        gamma = h.responsibilities(-1)
        assert set(np.unique(gamma)) <= {0.0, 1.0}
    soft = restarts(x, 2, 3, seed=0)
    assert any(a.n_iter != b.n_iter for a, b in zip(hard, soft))


def test_restarts_keep_a_collapsed_run_as_its_partial_history():
    """Four Gaussians on nine points with no variance floor: some runs collapse onto a point."""
    x = nine_points()[0].x
    histories = restarts(x, 4, 10, seed=1, reg_covar=0.0)
    assert len(histories) == 10
    collapsed = 0
    for h in histories:
        assert len(h.mixtures) == len(h.log_likelihoods) == h.n_iter + 1
        try:
            full = run_em(x, h.mixtures[0], reg_covar=0.0)
        except EMError as error:
            collapsed += 1
            assert not h.converged
            assert h.n_iter == error.history.n_iter
            np.testing.assert_array_equal(h.log_likelihoods, error.history.log_likelihoods)
        else:
            assert h.n_iter == full.n_iter
    assert collapsed >= 1


def test_distinct_solutions_on_three_clusters_with_two_gaussians():
    histories = restarts(three_clusters().x, 2, 12, seed=0)
    groups = distinct_solutions(histories)
    assert len(groups) >= 2
    assert sorted(i for group in groups for i in group) == list(range(12))
    bests = [max(histories[i].log_likelihoods[-1] for i in group) for group in groups]
    assert bests == sorted(bests, reverse=True)
    assert groups[0][0] == int(np.argmax([h.log_likelihoods[-1] for h in histories]))
    for group in groups:
        finals = [histories[i].log_likelihoods[-1] for i in group]
        assert max(finals) - min(finals) < 1e-2 * abs(max(finals))
    # different groups are different fits: their best log-likelihoods differ
    assert bests[0] - bests[1] > 0.1


def test_a_failed_run_is_no_solution():
    """Four Gaussians on nine points, no variance floor: the runs that collapse are left out."""
    histories = restarts(nine_points()[0].x, 4, 10, seed=1, reg_covar=0.0)
    failed = [i for i, h in enumerate(histories) if stopped_on_error(h)]
    assert failed and all(not histories[i].converged for i in failed)
    grouped = sorted(i for group in distinct_solutions(histories) for i in group)
    assert grouped == [i for i in range(10) if i not in failed]


def test_runs_stopped_on_the_flat_stretch_are_one_solution_not_twelve():
    """The app's "Three clusters, two Gaussians", 50 restarts, seed 7: 12 runs stop after 3 iterations
    with both Gaussians near the middle (µ ≈ 23.5 … 26.3, σ ≈ 12.6), at log-likelihoods within 0.15."""
    x = generate_gaussians(PRESETS["Three clusters, two Gaussians"].data).x
    histories = restarts(x, 2, 50, seed=7)
    groups = distinct_solutions(histories)
    assert sorted(map(len, groups)) == [12, 18, 20]
    flat = max(groups, key=lambda group: -max(histories[i].log_likelihoods[-1] for i in group))
    finals = [histories[i].log_likelihoods[-1] for i in flat]
    assert max(finals) - min(finals) < 0.2
    assert np.ptp([histories[i].mixtures[-1].means.min() for i in flat]) > 1  # parameters differ visibly


def test_fits_further_apart_than_atol_per_point_are_two_solutions():
    x = three_clusters().x
    history = restarts(x, 2, 1, seed=0)[0]
    worse = run_em(x, history.mixtures[-1].permuted([1, 0]), max_iter=0)
    lower = History(worse.x, worse.mixtures, worse.log_likelihoods - 2e-4 * x.size, True, worse.tol,
                    worse.reg_covar, worse.max_iter)
    assert distinct_solutions([history, lower]) == [[0], [1]]


@pytest.mark.parametrize("order", [[1, 0], [0, 1]])
def test_relabelling_a_fit_does_not_make_a_new_solution(order):
    x = three_clusters().x
    history = restarts(x, 2, 1, seed=0)[0]
    relabelled = run_em(x, history.mixtures[-1].permuted(order), max_iter=0)
    other = run_em(x, Mixture.univariate([0.5, 0.5], [0.0, 50.0], [1.0, 1.0]), max_iter=0)
    groups = distinct_solutions([history, relabelled, other])
    assert sorted(map(sorted, groups)) == [[0, 1], [2]]


def test_relabelling_a_3_component_2d_fit_does_not_make_a_new_solution():
    x, init = random_case(5, n_components=3, n_features=2, n_points=90)
    history = run_em(x, init)
    copies = [run_em(x, history.mixtures[-1].permuted(order), max_iter=0)
              for order in ([2, 0, 1], [1, 2, 0], [0, 2, 1])]
    assert distinct_solutions([history, *copies]) == [[0, 1, 2, 3]]


# --- labelings ---------------------------------------------------------------------------


@pytest.mark.parametrize("true, predicted, expected", [
    ([0, 0, 1, 1, 2], [0, 0, 1, 1, 2], [0, 1, 2]),
    ([0, 0, 1, 1], [1, 1, 0, 0], [1, 0]),
    ([0, 0, 0, 1, 1, 1], [1, 1, 0, 0, 0, 0], [1, 0]),
    ([0, 0, 1, 1, 2, 2], [2, 2, 0, 0, 1, 1], [1, 2, 0]),
    ([0, 0, 1, 1, 2, 2, 2], [1, 1, 2, 0, 0, 2, 2], [1, 0, 2]),
], ids=["identity", "swap", "swap-with-errors", "3-cycle", "3-with-errors"])
def test_match_labels(true, predicted, expected):
    mapping = match_labels(true, predicted)
    np.testing.assert_array_equal(mapping, expected)


def test_match_labels_with_more_predicted_than_true_labels():
    true = [0, 0, 1, 1, 1]
    predicted = [2, 2, 0, 0, 1]
    mapping = match_labels(true, predicted)
    np.testing.assert_array_equal(mapping, [1, 2, 0])  # predicted 1 is left over: new label 2
    assert sorted(mapping.tolist()) == [0, 1, 2]
    true = [0, 0, 0, 1, 1, 1]
    mapping = match_labels(true, [3, 3, 0, 1, 1, 2])
    assert mapping[3] == 0 and mapping[1] == 1
    assert sorted(mapping[[0, 2]].tolist()) == [2, 3]


def test_accuracy_of_a_relabelled_copy_is_one():
    rng = np.random.default_rng(0)
    true = rng.integers(0, 4, size=200)
    order = np.array([2, 3, 1, 0])
    predicted = order[true]
    assert accuracy(true, predicted) == 1.0
    np.testing.assert_array_equal(match_labels(true, predicted)[predicted], true)


def test_accuracy_counts_the_points_that_agree_after_matching():
    assert accuracy([0, 0, 1, 1], [1, 1, 1, 0]) == 0.75
    assert accuracy([0, 0, 0, 1, 1, 1], [0, 0, 2, 1, 1, 1]) == pytest.approx(5 / 6)


def test_accuracy_of_the_fit_to_the_two_thousand_points():
    data, history = two_thousand()
    predicted = np.argmax(history.responsibilities(-1), axis=1)
    assert accuracy(data.labels, predicted) > 0.9
    assert accuracy(data.labels, 1 - predicted) == accuracy(data.labels, predicted)


def test_adjusted_rand_index_is_one_up_to_relabelling():
    rng = np.random.default_rng(1)
    a = rng.integers(0, 3, size=50)
    assert adjusted_rand_index(a, a) == 1.0
    assert adjusted_rand_index(a, np.array([7, 2, 5])[a]) == pytest.approx(1.0, rel=1e-14)
    assert adjusted_rand_index(np.zeros(5, int), np.zeros(5, int)) == 1.0


def test_adjusted_rand_index_known_values():
    assert adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(-0.5)
    assert adjusted_rand_index([0, 0, 1, 1], [0, 0, 1, 2]) == pytest.approx(4 / 7)


def test_adjusted_rand_index_refuses_labelings_of_different_lengths():
    with pytest.raises(ValueError):
        adjusted_rand_index([0, 1, 1], [0, 1])


labelings = st.integers(1, 40).flatmap(lambda n: st.tuples(
    st.lists(st.integers(0, 4), min_size=n, max_size=n),
    st.lists(st.integers(-2, 6), min_size=n, max_size=n),
))


@settings(max_examples=200, deadline=None)
@given(labelings)
def test_adjusted_rand_index_equals_scikit_learn_and_is_symmetric(pair):
    a, b = pair
    ours = adjusted_rand_index(a, b)
    assert ours == pytest.approx(adjusted_rand_score(a, b), rel=1e-9, abs=1e-12)
    assert adjusted_rand_index(b, a) == pytest.approx(ours, rel=1e-12, abs=1e-15)


# --- parameter_errors --------------------------------------------------------------------


@pytest.mark.parametrize("mapping", [[0, 1], [1, 0]])
def test_parameter_errors_keys_and_values(mapping):
    _, history = two_thousand()
    truth = Mixture.univariate([0.35, 0.65], [18.0, 41.0], [4.0, 6.5])  # every parameter differs
    errors = parameter_errors(history, truth, mapping)
    assert list(errors) == [f"{MU}1", "σ1", "weight1", f"{MU}2", "σ2", "weight2"]
    for j, true in enumerate(mapping):
        for t, mixture in enumerate(history.mixtures):
            assert errors[f"{MU}{j + 1}"][t] == abs(mixture.means[j, 0] - truth.means[true, 0])
            assert errors[f"σ{j + 1}"][t] == pytest.approx(
                abs(np.sqrt(mixture.covariances[j, 0, 0]) - np.sqrt(truth.covariances[true, 0, 0])), abs=1e-12)
            assert errors[f"weight{j + 1}"][t] == abs(mixture.weights[j] - truth.weights[true])
    for values in errors.values():
        assert values.shape == (history.n_iter + 1,)


def test_parameter_errors_of_the_matched_fit_are_small_at_the_end():
    data, history = two_thousand()
    predicted = np.argmax(history.responsibilities(-1), axis=1)
    errors = parameter_errors(history, data.truth, match_labels(data.labels, predicted))
    assert errors[f"{MU}1"][0] == pytest.approx(10.0, abs=1e-12)  # the guess µ1 = 10 against µ = 20
    assert errors[f"{MU}1"][-1] < 1.0 and errors[f"{MU}2"][-1] < 1.0
    assert errors["weight1"][-1] < 0.05


def test_parameter_errors_refuse_a_different_number_of_gaussians():
    data, history = two_thousand()
    three = Mixture.univariate([0.2, 0.3, 0.5], [10.0, 20.0, 40.0], [5.0, 5.0, 5.0])
    with pytest.raises(ValueError):
        parameter_errors(history, three, [0, 1])
    with pytest.raises(ValueError):
        parameter_errors(history, data.truth, [0, 2])  # a leftover label has no true Gaussian


def test_parameter_errors_do_not_silently_drop_a_gaussian_that_wins_no_point():
    """Both Gaussians start equal ("Identical start"): every γ is 0.5, so the majority label of
    every point is 0 and match_labels returns a mapping for Gaussian 1 only. The errors of a
    two-Gaussian fit must then cover both Gaussians (or be refused), not quietly leave out µ2, σ2
    and weight2 as the "Against the truth" chart would."""
    data, _ = two_thousand()
    start = Mixture.univariate([0.5, 0.5], [30.0, 30.0], [10.0, 10.0])
    history = run_em(data.x, start, max_iter=5)
    predicted = np.argmax(history.responsibilities(-1), axis=1)
    assert np.all(predicted == 0)
    mapping = match_labels(data.labels, predicted)
    try:
        errors = parameter_errors(history, data.truth, mapping)
    except ValueError:
        return  # refusing an incomplete mapping is fine too
    assert list(errors) == [f"{MU}1", "σ1", "weight1", f"{MU}2", "σ2", "weight2"]


def test_random_starts_are_seeded_each_start_with_its_own_stream():
    x = np.arange(40.0)
    first, again = random_starts(x, 3, 5, seed=11), random_starts(x, 3, 5, seed=11)
    assert len(first) == 5
    for start, same in zip(first, again):
        np.testing.assert_array_equal(start.means, same.means)
    assert len({tuple(start.means[:, 0]) for start in first}) == 5  # five different starts
    np.testing.assert_array_equal(random_starts(x, 3, 2, seed=11)[1].means, first[1].means)  # start i: child i
    assert not np.array_equal(random_starts(x, 3, 1, seed=12)[0].means, first[0].means)


@pytest.mark.parametrize("n_starts", [0, -1, 2.5])
def test_random_starts_refuse_a_count_that_is_not_a_whole_number_of_at_least_one(n_starts):
    with pytest.raises(ValueError, match="number of starts"):
        random_starts(np.arange(10.0), 2, n_starts, seed=0)


def sklearn_model(mixture: Mixture) -> GaussianMixture:
    """scikit-learn's GaussianMixture holding ``mixture`` (its aic and bic are the oracle)."""
    model = GaussianMixture(n_components=mixture.n_components, covariance_type="full")
    model.weights_, model.means_, model.covariances_ = mixture.weights, mixture.means, mixture.covariances
    model.precisions_cholesky_ = np.linalg.cholesky(np.linalg.inv(mixture.covariances))
    return model


@pytest.mark.parametrize("dimensions", [1, 2])
def test_model_selection_from_fits_scores_like_scikit_learn(dimensions):
    rng = np.random.default_rng(2)
    x = rng.normal(size=(120, dimensions)) + np.repeat([[0.0], [4.0]], 60, axis=0)
    fits = [run_em(x, random_start(x, k, np.random.default_rng(k)), max_iter=30) for k in (1, 2, 3)]
    selection = ModelSelection.from_fits(x, fits)
    assert selection.k.tolist() == [1, 2, 3] and selection.n_points == 120 and selection.fits == tuple(fits)
    for i, fit in enumerate(fits):
        model = sklearn_model(fit.mixtures[-1])
        assert selection.n_parameters[i] == model._n_parameters()
        assert selection.log_likelihood[i] == pytest.approx(model.score(x) * len(x), rel=1e-9)
        assert selection.aic[i] == pytest.approx(model.aic(x), rel=1e-9)
        assert selection.bic[i] == pytest.approx(model.bic(x), rel=1e-9)
    with pytest.raises(ValueError):
        selection.bic[0] = 0.0  # read-only
