"""Predict, then reveal: scores and reasons on hand-made runs whose answers are known."""

from __future__ import annotations

import numpy as np
import pytest

from emviz import Mixture, run_em
from emviz.predict import (
    MAX_POINTS,
    Score,
    check_means,
    check_sigmas,
    colour_name,
    how_far,
    next_step,
    points_for,
    score_e_step,
    score_m_step,
    side_of,
    telling_point,
)

TWO_GROUPS = np.array([0.0, 1.0, 2.0, 10.0, 11.0, 12.0])
"""Two groups of three points, far apart: their E-step gives each group wholly to one Gaussian."""


def one_iteration(x, mixture: Mixture):
    """EM on ``x`` for one iteration from ``mixture``."""
    return run_em(x, mixture, max_iter=1, tol=0.0)


@pytest.fixture
def two_groups():
    """From µ = (0.5, 12.5), σ = 1: the M-step moves µ1 to 1 and µ2 to 11, σ to √(2/3)."""
    return one_iteration(TWO_GROUPS, Mixture.univariate([0.5, 0.5], [0.5, 12.5], [1.0, 1.0]))


def test_the_first_frames_ask_for_an_e_step_then_an_m_step_and_the_last_for_nothing(two_groups):
    assert [next_step(two_groups, frame) for frame in range(3)] == ["e-step", "m-step", None]


def test_the_hand_made_run_is_what_the_tests_assume(two_groups):
    after = two_groups.mixtures[1]
    assert after.means[:, 0] == pytest.approx([1.0, 11.0], abs=1e-6)
    assert after.sigmas == pytest.approx([np.sqrt(2 / 3)] * 2, abs=1e-5)


def test_a_prediction_exactly_right_scores_full_marks(two_groups):
    after = two_groups.mixtures[1]
    result = score_m_step(two_groups, 1, after.means, after.sigmas)
    assert result.points == MAX_POINTS
    assert result.mean_errors == pytest.approx([0, 0]) and result.sigma_errors == pytest.approx([0, 0])
    assert all("right where you put it" in reason for reason in result.reasons[0::2])
    assert all("as you said" in reason for reason in result.reasons[1::2])


def test_one_sigma_off_on_every_mean_scores_half_of_the_means_share(two_groups):
    after = two_groups.mixtures[1]
    off = after.means[:, 0] + after.sigmas  # each µ one σ too far right
    assert score_m_step(two_groups, 1, off).points == pytest.approx(MAX_POINTS / 2)  # µ only
    with_sigmas = score_m_step(two_groups, 1, off, after.sigmas)
    assert with_sigmas.mean_errors == pytest.approx([1, 1])
    assert with_sigmas.points == pytest.approx(0.75 * MAX_POINTS)  # µ half marks, σ full marks
    assert score_m_step(two_groups, 1, after.means[:, 0] + 2.5 * after.sigmas).points == 0


def test_points_fall_linearly_to_nothing_at_two_sigma():
    assert [points_for([e]) for e in (0, 0.5, 1, 2, 5)] == [10, 7.5, 5, 0, 0]


def test_how_far_is_said_in_sigma_and_as_a_share_of_the_data_range(two_groups):
    after = two_groups.mixtures[1]
    result = score_m_step(two_groups, 1, after.means[:, 0] + [1.2, 0.0])
    assert result.mean_shares == pytest.approx([0.1, 0.0])  # 1.2 of a range of 12
    assert how_far(result.mean_errors[0], result.mean_shares[0]) == "1.5σ off (10% of the data's range)"


def test_a_guess_left_of_the_mean_is_told_the_points_sit_to_its_right(two_groups):
    result = score_m_step(two_groups, 1, [[0.0], [11.0]])
    reason = result.reasons[0]
    assert reason.startswith("µ1 moved to 1.00, the weighted mean of the points by their Gaussian 1 colour")
    assert "67% of that weight sits to the right of your guess 0" in reason  # the points at 1 and 2


def test_a_guess_right_of_the_mean_is_told_the_points_sit_to_its_left(two_groups):
    reason = score_m_step(two_groups, 1, [[1.0], [11.5]]).reasons[1]
    assert "67% of that weight sits to the left of your guess 11.5" in reason  # the points at 10 and 11


def test_a_mean_pulled_by_a_few_far_points_says_so():
    skewed = one_iteration(np.array([0.0, 0.0, 0.0, 10.0]), Mixture.univariate([1.0], [5.0], [4.0]))
    assert skewed.mixtures[1].means[0, 0] == pytest.approx(2.5)
    reason = score_m_step(skewed, 1, [[1.0]]).reasons[0]
    assert "only 25% of that weight sits to the right of your guess 1" in reason and "farther out" in reason


def test_a_mean_that_does_not_move_is_said_to_have_stayed():
    still = one_iteration(TWO_GROUPS, Mixture.univariate([1.0], [6.0], [5.0]))  # the data's own mean
    assert still.mixtures[1].means[0, 0] == pytest.approx(6.0)
    reason = score_m_step(still, 1, [[9.0]]).reasons[0]
    assert reason.startswith("µ1 hardly moved (6.00 → 6.00)")
    assert reason.endswith("nothing pulled it to your guess to the right of it.")


def test_a_sigma_guess_is_told_whether_it_was_too_wide_or_too_narrow(two_groups):
    after = two_groups.mixtures[1]
    wide, narrow = score_m_step(two_groups, 1, after.means, [2.0, 0.1]).reasons[1::2]
    assert wide.startswith("σ1 became 0.816, the weighted spread") and wide.endswith("your 2.00 was too wide.")
    assert narrow.endswith("your 0.100 was too narrow.")


def test_an_e_step_prediction_is_right_when_it_names_the_point_s_colour(two_groups):
    right = score_e_step(two_groups, 1, point=4, guessed=1)
    assert right.right and right.points == MAX_POINTS and right.true == 1
    assert "Point 4 (x = 11.0) lies 1.5σ from µ2 and 10σ from µ1" in right.reason
    assert "takes Gaussian 2's colour (γ2 = 1.000)" in right.reason
    wrong = score_e_step(two_groups, 1, point=4, guessed=0)
    assert not wrong.right and wrong.points == 0 and wrong.true == 1
    assert "Gaussian 2 explains it" in wrong.reason


def test_identical_gaussians_make_either_colour_right():
    tied = one_iteration(TWO_GROUPS, Mixture.univariate([0.5, 0.5], [6.0, 6.0], [3.0, 3.0]))
    for guessed in (0, 1):
        result = score_e_step(tied, 1, point=0, guessed=guessed)
        assert result.right and "shared equally" in result.reason


def test_the_default_point_is_neither_a_coin_flip_nor_obvious():
    x = np.array([0.0, 4.6, 5.02, 10.0])
    history = one_iteration(x, Mixture.univariate([0.5, 0.5], [0.0, 10.0], [2.0, 2.0]))
    gammas = history.responsibilities(0)[:, 0]
    assert gammas[1] == pytest.approx(0.73, abs=0.01) and gammas[2] == pytest.approx(0.5, abs=0.02)
    assert telling_point(history, 0) == 1


def test_a_point_explained_almost_equally_well_is_said_to_be_explained_slightly_better():
    history = one_iteration(np.array([0.0, 5.02, 10.0]), Mixture.univariate([0.5, 0.5], [0.0, 10.0], [2.0, 2.0]))
    assert "Gaussian 2 explains it slightly better" in score_e_step(history, 1, point=1, guessed=1).reason


def test_two_dimensional_predictions_score_the_mean_in_mahalanobis_units():
    x = np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 2.0], [2.0, 2.0], [10.0, 10.0], [12.0, 10.0], [10.0, 12.0],
                  [12.0, 12.0]])
    start = Mixture(np.array([0.5, 0.5]), np.array([[0.0, 0.0], [12.0, 12.0]]), np.array([np.eye(2)] * 2))
    history = one_iteration(x, start)
    after = history.mixtures[1]
    assert np.allclose(after.means, [[1.0, 1.0], [11.0, 11.0]], atol=1e-6)
    assert score_m_step(history, 1, after.means).points == MAX_POINTS
    sigma = np.sqrt(after.covariances[0, 0, 0])  # round Gaussians: σ = 1 along every axis
    off = after.means + [[sigma, 0.0], [0.0, 0.0]]
    result = score_m_step(history, 1, off)
    assert result.mean_errors == pytest.approx([1.0, 0.0]) and result.sigma_errors is None
    assert result.points == pytest.approx(0.75 * MAX_POINTS)
    assert "sits to the left of your guess (2.00, 1.00)" in result.reasons[0]
    assert score_e_step(history, 1, point=5, guessed=1).right


@pytest.mark.parametrize("offset, words", [
    ([1.0], "to the right of"), ([-1.0], "to the left of"), ([1.0, 0.1], "to the right of"),
    ([1.0, 1.0], "to the upper right of"), ([0.0, 1.0], "above"), ([-1.0, -1.0], "to the lower left of"),
    ([0.1, -1.0], "below")])
def test_sides_are_said_in_words(offset, words):
    assert side_of(offset) == words


def test_bad_predictions_get_a_plain_message_each():
    x = TWO_GROUPS[:, None]
    assert check_means([[1.0], [11.0]], x) == [] and check_sigmas([1.0, 2.0], x) == []
    assert check_means([[np.nan], [11.0]], x) == ["µ1 needs a number."]
    (far,) = check_means([[1.0], [1e9]], x)
    assert far.startswith("µ2 = 1.00 × 10⁹ is far outside the data") and "between -12.0 and 24.0" in far
    assert check_sigmas([0.0, -1.0], x) == ["σ1 = 0 is not a spread: a σ must be greater than 0.",
                                            "σ2 = -1.00 is not a spread: a σ must be greater than 0."]
    assert check_sigmas([np.inf, 1e6], x)[0] == "σ1 needs a number."
    assert "wider than the data" in check_sigmas([1.0, 1e6], x)[0]


def test_the_score_adds_up_and_says_so():
    score = Score().add(10.0).add(2.5)
    assert (score.points, score.predictions, score.possible) == (12.5, 2, 20.0)
    assert score.text() == "12.5 of 20 points in 2 predictions"
    assert Score().text() == "No predictions yet"


def test_each_gaussian_is_named_by_number_colour_and_line_style():
    assert colour_name(1) == "Gaussian 2 (orange, dashed)"


def test_the_prediction_is_drawn_over_the_data():
    from emviz.predict_figures import prediction_chart

    x = np.array([[0.0, 0.0], [2.0, 0.0], [10.0, 10.0], [12.0, 10.0]])
    history = one_iteration(x, Mixture(np.array([0.5, 0.5]), np.array([[0.0, 0.0], [12.0, 12.0]]),
                                       np.array([np.eye(2)] * 2)))
    figure = prediction_chart(history, 1, means=[[1.0, 0.0], [11.0, 10.0]], point=2)
    drawn = [trace for trace in figure.data if trace.name in ("your prediction", "your point")]
    assert [trace.type for trace in drawn] == ["scattergl"] * 3  # WebGL: SVG traces lie under the points
    assert [tuple(trace.text) for trace in drawn[:2]] == [("your µ1",), ("your µ2",)]
    one_d = prediction_chart(one_iteration(TWO_GROUPS, Mixture.univariate([0.5, 0.5], [0.5, 12.5], [1.0, 1.0])),
                             1, means=[[1.0], [11.0]], sigmas=[0.8, 0.8])
    peaks = [trace for trace in one_d.data if trace.mode == "markers+text"]
    assert [trace.text[0] for trace in peaks] == ["your µ1", "your µ2"] and [p.x[0] for p in peaks] == [1.0, 11.0]
