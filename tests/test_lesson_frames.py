"""What the frames of the two lessons show: sentences, table rows, filled points and charts."""

import numpy as np
import pytest

from emviz.coins_frames import describe_frame as describe_coins
from emviz.coins_frames import division, table_rows
from emviz.engine.missing_values import generate_missing, run_missing_em, sample_estimate
from emviz.engine.two_coins import PAPER_TOSSES, CoinBiases, complete_data_estimate, parse_tosses, run_two_coins
from emviz.figures_coins import theta_chart
from emviz.figures_missing import missing_chart
from emviz.missing_frames import describe_frame as describe_missing
from emviz.missing_frames import estimate_rows, filled_y, forgetting_note, previous_filled_y

PAPER = parse_tosses(PAPER_TOSSES)


@pytest.fixture(scope="module")
def coins():
    return run_two_coins(PAPER, n_iter=10)


@pytest.fixture(scope="module")
def missing():
    data, full_y, truth = generate_missing(n=60, correlation=0.7, share=0.4, seed=5)
    return data, full_y, truth, run_missing_em(data), run_missing_em(data, conditional_variance=False)


def test_coin_sentences_name_the_step_and_its_numbers(coins):
    assert describe_coins(coins, 0).startswith("Start: θA = 0.60, θB = 0.50.")
    assert "set 1 is coin A with probability 0.45" in describe_coins(coins, 1)
    assert "θA = 21.3 / (21.3 + 8.6) = 0.71" in describe_coins(coins, 2)
    assert describe_coins(coins, 20).startswith("M-step 10:") and "= 0.80" in describe_coins(coins, 20)


def test_the_m_step_frame_shows_the_table_of_its_own_e_step(coins):
    assert table_rows(coins, 3) == table_rows(coins, 4) != table_rows(coins, 2)
    assert all(row["P(A)"] == "?" for row in table_rows(coins, 0))


def test_a_coin_given_no_set_says_its_theta_stays():
    run = run_two_coins(parse_tosses("HHHH\nHHHT"), CoinBiases(0.9, 0.1), n_iter=1, hard=True)
    assert "θB stays 0.10 (no set was given to coin B)" in describe_coins(run, 2)
    assert division(run.expectations(0), "A", run.biases[1].theta_a) == "θA = 7.0 / (7.0 + 1.0) = 0.88"


def test_theta_chart_draws_each_coin_and_the_revealed_answer(coins):
    fig = theta_chart(coins, 4, complete_data_estimate(PAPER))
    names = [trace.name for trace in fig.data]
    assert names == ["coin A", "coin B", "θA, coins revealed", "θB, coins revealed"]
    np.testing.assert_allclose(fig.data[0].y, [b.theta_a for b in coins.biases])
    assert list(fig.data[3].y) == [0.45, 0.45]
    assert fig.layout.shapes[0].x0 == 2  # frame 4 is the M-step of iteration 2
    assert [trace.name for trace in theta_chart(coins, 0).data] == ["coin A", "coin B"]


def test_filled_points_start_at_the_mean_and_move_with_each_e_step(missing):
    data, _, _, run, _ = missing
    mean = np.nanmean(data.y)
    np.testing.assert_array_equal(filled_y(run, 0)[data.missing], mean)
    np.testing.assert_array_equal(filled_y(run, 3), run.filled(1).y)
    np.testing.assert_array_equal(filled_y(run, 4), filled_y(run, 3))  # the M-step moves no point
    np.testing.assert_array_equal(previous_filled_y(run, 1), filled_y(run, 0))
    np.testing.assert_array_equal(previous_filled_y(run, 3), filled_y(run, 2))
    assert previous_filled_y(run, 2) is None and previous_filled_y(run, 0) is None
    np.testing.assert_array_equal(filled_y(run, 1)[~data.missing], data.y[~data.missing])


def test_missing_sentences_say_what_each_half_step_did(missing):
    _, _, _, run, _ = missing
    assert describe_missing(run, 0).startswith("Start: mean imputation, each of the 24 missing y")
    assert describe_missing(run, 1).startswith("E-step 1: each of the 24 missing y moves to the current regression")
    assert "Var(y | x) =" in describe_missing(run, 1)
    assert describe_missing(run, 2).startswith("M-step 1: µ and Σ of the filled data: σy")


def test_the_estimates_table_has_every_method(missing):
    data, full_y, truth, run, forgetful = missing
    rows = estimate_rows(run, 2 * run.n_iter, forgetful=forgetful, known=sample_estimate(data.x, full_y), truth=truth)
    names = [row["estimate"] for row in rows]
    assert names == ["EM, this frame", f"EM, converged ({run.n_iter} iterations)", "EM forgetting Var(y | x)",
                     "complete cases only", "mean imputation", "every y known", "truth (drawn from)"]
    assert rows[0]["σy"] == rows[1]["σy"] and rows[-1]["ρ"] == "0.70"


def test_the_missing_chart_moves_points_not_axes(missing):
    data, _, truth, run, _ = missing
    first, e_step, m_step = (missing_chart(run, i, truth=truth) for i in (0, 1, 2))
    names = lambda fig: [trace.name for trace in fig.data]  # noqa: E731
    assert "set to the mean" in names(first) and "moved" not in names(first)
    assert "moved" in names(e_step) and "before the M-step" not in names(e_step)
    assert "before the M-step" in names(m_step) and "moved" not in names(m_step)
    last = missing_chart(run, 2 * run.n_iter, truth=truth)
    assert first.layout.xaxis.range == last.layout.xaxis.range and first.layout.yaxis.range == last.layout.yaxis.range
    low, high = last.layout.yaxis.range
    every_fill = np.concatenate([filled_y(run, i) for i in range(2 * run.n_iter + 1)])
    assert low <= every_fill.min() and every_fill.max() <= high


def test_the_forgetting_note_gives_both_sigmas(missing):
    _, _, _, run, forgetful = missing
    note = forgetting_note(run, forgetful)
    assert f"σy comes out {forgetful.params[-1].sigmas[1]:.3g} instead of EM's {run.params[-1].sigmas[1]:.3g}" in note
