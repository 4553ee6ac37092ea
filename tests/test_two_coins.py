"""EM on two coins reproduces Do & Batzoglou (2008), never lowers its log-likelihood, and
hard EM gives each set wholly to one coin."""

import numpy as np
import pytest

from emviz.engine.two_coins import (
    PAPER_START,
    PAPER_TOSSES,
    CoinBiases,
    complete_data_estimate,
    e_step,
    log_likelihood,
    m_step,
    parse_tosses,
    run_two_coins,
)

PAPER = parse_tosses(PAPER_TOSSES)


def test_the_first_e_step_gives_the_papers_responsibilities_and_expected_counts():
    expected = e_step(PAPER, PAPER_START)
    np.testing.assert_allclose(expected.p_a, [0.45, 0.80, 0.73, 0.35, 0.65], atol=0.005)
    np.testing.assert_allclose(1 - expected.p_a[0], 0.55, atol=0.005)
    # the paper's table: coin A gets ≈2.2 H, 2.2 T from the first set, coin B ≈2.8 H, 2.8 T
    np.testing.assert_allclose([expected.heads_a[0], expected.tails_a[0]], [2.2, 2.2], atol=0.05)
    np.testing.assert_allclose([expected.heads_b[0], expected.tails_b[0]], [2.8, 2.8], atol=0.05)
    # totals: A ≈ 21.3 H, 8.6 T; B ≈ 11.7 H, 8.4 T
    np.testing.assert_allclose([expected.heads_a.sum(), expected.tails_a.sum()], [21.3, 8.6], atol=0.05)
    np.testing.assert_allclose([expected.heads_b.sum(), expected.tails_b.sum()], [11.7, 8.4], atol=0.05)


def test_theta_after_one_and_after_ten_iterations_are_the_papers():
    run = run_two_coins(PAPER, PAPER_START, n_iter=10)
    assert run.n_iter == 10
    assert (round(run.biases[1].theta_a, 2), round(run.biases[1].theta_b, 2)) == (0.71, 0.58)
    assert (round(run.biases[10].theta_a, 2), round(run.biases[10].theta_b, 2)) == (0.80, 0.52)


def test_m_step_divides_expected_heads_by_expected_tosses():
    expected = e_step(PAPER, PAPER_START)
    new = m_step(expected, PAPER_START)
    assert new.theta_a == pytest.approx(expected.heads_a.sum() / (expected.heads_a.sum() + expected.tails_a.sum()))
    assert new.theta_b == pytest.approx(expected.heads_b.sum() / (expected.heads_b.sum() + expected.tails_b.sum()))


@pytest.mark.parametrize("hard", [False, True])
@pytest.mark.parametrize("start", [(0.6, 0.5), (0.1, 0.9), (0.5, 0.51), (0.99, 0.01)])
def test_the_log_likelihood_never_decreases(start, hard):
    run = run_two_coins(PAPER, CoinBiases(*start), n_iter=30, hard=hard)
    assert np.all(np.diff(run.log_likelihoods) >= -1e-12)
    assert run.log_likelihoods[-1] > run.log_likelihoods[0]


def test_hard_em_gives_each_set_wholly_to_the_likelier_coin_and_reaches_the_complete_data_answer_here():
    soft, hard = run_two_coins(PAPER, n_iter=10), run_two_coins(PAPER, n_iter=10, hard=True)
    p_a = hard.expectations(0).p_a
    assert set(np.unique(p_a)) <= {0.0, 1.0}
    np.testing.assert_array_equal(p_a, e_step(PAPER, PAPER_START).p_a >= 0.5)
    assert (hard.biases[-1].theta_a, hard.biases[-1].theta_b) == (0.8, 0.45)
    assert hard.biases[-1].theta_b != pytest.approx(soft.biases[-1].theta_b, abs=0.05)
    assert hard.log_likelihoods[-1] == pytest.approx(log_likelihood(PAPER, hard.biases[-1], hard=True))


def test_complete_data_answer_is_heads_over_tosses_per_labelled_coin():
    assert complete_data_estimate(PAPER) == CoinBiases(24 / 30, 9 / 20)


def test_a_coin_without_tosses_in_hard_em_keeps_its_theta():
    tosses = parse_tosses("HHHH\nHHHT")
    run = run_two_coins(tosses, CoinBiases(0.9, 0.1), n_iter=3, hard=True)
    assert run.biases[-1].theta_b == 0.1
    assert np.all(np.isfinite(run.log_likelihoods))


def test_parsing_reads_labels_commas_and_lower_case():
    tosses = parse_tosses("a: h t, h\n\nB  T T\n")
    assert tosses.sequences == ("HTH", "TT") and tosses.labels == ("A", "B")
    assert parse_tosses("HT\nB: TT").labels is None  # labels count only when every set has one


@pytest.mark.parametrize("text, words", [
    ("H T X H", "Set 1 contains 'X'"),
    ("HH\nH2T", "Set 2 contains '2'"),
    ("", "at least one set"),
    ("A:", "no tosses"),
    ("\n".join(["HT"] * 21), "at most 20 sets"),
])
def test_bad_tosses_say_what_to_fix(text, words):
    with pytest.raises(ValueError, match=words):
        parse_tosses(text)


@pytest.mark.parametrize("start", [(0.0, 0.5), (0.5, 1.0)])
def test_a_start_at_zero_or_one_is_refused(start):
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        run_two_coins(PAPER, CoinBiases(*start))


@pytest.mark.parametrize("theta", [1.5, -0.1, float("nan"), "0.5"])
def test_biases_must_be_probabilities(theta):
    with pytest.raises(ValueError, match="from 0 to 1"):
        CoinBiases(theta, 0.5)


def test_complete_data_answer_needs_every_label():
    with pytest.raises(ValueError, match="Start every set with A: or B:"):
        complete_data_estimate(parse_tosses("HT\nTT"))
    with pytest.raises(ValueError, match="No set is labelled B"):
        complete_data_estimate(parse_tosses("A: HT\nA: TT"))
