"""The page "Two coins": its controls drive the paper's run, and a mistake keeps the last good tosses."""

from __future__ import annotations

import pytest

from emviz.engine.two_coins import PAPER_TOSSES
from tests.app.stepper_driver import frame as stepper_frame

PAGE = "emviz/ui/pages/two_coins.py"
STEP = "emviz/ui/pages/step_through.py"


@pytest.fixture
def coins(app):
    app.switch_page(PAGE).run()
    assert not app.exception
    return app


def frame(app) -> int:
    return int(app.slider(key="coins_frame").value)


def sets_table(app):
    return app.table[0].value


def comparison(app) -> dict[str, str]:
    table = app.table[1].value
    return {row["θ"]: f"θA = {row['θA']}, θB = {row['θB']}" for _, row in table.iterrows()}


def test_the_page_opens_on_the_papers_start_with_the_table_still_unknown(coins):
    assert frame(coins) == 0
    assert coins.info[0].body.startswith("Start: θA = 0.60, θB = 0.50.")
    assert list(sets_table(coins)["P(A)"]) == ["?"] * 5
    assert coins.button(key="next").label == "Run the E-step"
    assert not [error for error in coins.error]


def test_the_first_e_step_fills_the_papers_table(coins):
    coins.button(key="next").click().run()
    table = sets_table(coins)
    assert list(table["P(A)"][:5]) == ["0.45", "0.80", "0.73", "0.35", "0.65"]
    assert list(table.iloc[0][["A: H", "A: T", "B: H", "B: T"]]) == ["2.2", "2.2", "2.8", "2.8"]
    assert list(table.iloc[-1][["A: H", "A: T", "B: H", "B: T"]]) == ["21.3", "8.6", "11.7", "8.4"]
    assert "set 1 is coin A with probability 0.45" in coins.info[0].body
    assert coins.button(key="next").label == "Run the M-step"


def test_the_m_step_divides_and_ten_iterations_reach_the_papers_theta(coins):
    coins.button(key="next").click().run()
    coins.button(key="next").click().run()
    assert "θA = 21.3 / (21.3 + 8.6) = 0.71, θB = 11.7 / (11.7 + 8.4) = 0.58" in coins.info[0].body
    coins.button(key="run_to_end").click().run()
    assert frame(coins) == 20
    assert coins.info[0].body.startswith("M-step 10:")
    answers = comparison(coins)
    assert answers["EM, coins hidden: this frame"] == "θA = 0.80, θB = 0.52"
    assert answers["coins revealed (maximum likelihood)"] == "θA = 0.80, θB = 0.45"


def test_hard_assignment_gives_each_set_to_one_coin_and_starts_the_run_again(coins):
    coins.button(key="next").click().run()
    coins.toggle(key="coins_hard").set_value(True).run()
    assert frame(coins) == 0
    coins.button(key="next").click().run()
    assert set(sets_table(coins)["P(A)"][:5]) == {"1.00", "0.00"}
    assert "set 1 goes wholly to coin B" in coins.info[0].body
    coins.button(key="run_to_end").click().run()
    assert comparison(coins)["EM, coins hidden: this frame"] == "θA = 0.80, θB = 0.45"
    assert any("likelier coin" in caption.value for caption in coins.caption)


def test_a_new_start_and_fewer_iterations_make_a_new_run(coins):
    coins.number_input(key="coins_theta_a").set_value(0.9).run()
    coins.slider(key="coins_iterations").set_value(3).run()
    assert coins.info[0].body.startswith("Start: θA = 0.90, θB = 0.50.")
    coins.button(key="run_to_end").click().run()
    assert frame(coins) == 6


def test_equal_starts_are_warned_about(coins):
    coins.number_input(key="coins_theta_b").set_value(0.6).run()
    assert any("stay identical forever" in warning.body for warning in coins.warning)


def test_edited_tosses_are_used_and_without_labels_there_is_no_revealed_answer(coins):
    coins.text_area(key="coins_tosses").input("HHHHHHHHHT\nTTTTTTTTHH\nHHHHHHHHHH").run()
    assert list(sets_table(coins)["tosses"]) == ["H H H H H H H H H T", "T T T T T T T T H H", "H H H H H H H H H H"]
    assert "coins revealed (maximum likelihood)" not in comparison(coins)
    assert any("Start every set with A: or B:" in caption.value for caption in coins.caption)


@pytest.mark.parametrize("text, words", [("H T X T", "Set 1 contains 'X'"), ("   ", "at least one set")])
def test_a_mistake_in_the_tosses_is_said_and_the_last_good_tosses_stay(coins, text, words):
    coins.button(key="next").click().run()
    coins.text_area(key="coins_tosses").input(text).run()
    assert not coins.exception
    (error,) = coins.error
    assert words in error.body and "last tosses that could be read" in error.body
    assert coins.text_area(key="coins_tosses").value == text  # what the learner typed stays, to be fixed
    assert list(sets_table(coins)["set"]) == ["1", "2", "3", "4", "5", "total"]  # the paper's sets still fitted
    assert frame(coins) == 1  # and the frame on screen stays


def test_back_to_the_paper_restores_tosses_start_and_soft_assignment(coins):
    coins.text_area(key="coins_tosses").input("HT").run()
    coins.number_input(key="coins_theta_a").set_value(0.3).run()
    coins.toggle(key="coins_hard").set_value(True).run()
    next(button for button in coins.button if button.label.startswith("Back to the paper")).click().run()
    assert coins.text_area(key="coins_tosses").value == PAPER_TOSSES
    assert coins.number_input(key="coins_theta_a").value == 0.6
    assert coins.toggle(key="coins_hard").value is False


def test_the_lesson_keeps_its_own_frame_apart_from_the_stepper(coins):
    coins.button(key="next").click().run()
    coins.switch_page(STEP).run()
    assert stepper_frame(coins) == 0
    coins.switch_page(PAGE).run()
    assert frame(coins) == 1
