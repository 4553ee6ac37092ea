"""K = 1 … 6 on every page, 2-D data, Old Faithful, and the learner's own numbers."""

from __future__ import annotations

import pytest

from emviz.examples import BISHOP, OWN_DATA
from emviz.ui.guess_controls import MAX_COMPONENTS
from tests.app.stepper_driver import frame, last_frame, step, step_to

PAGES = ["emviz/ui/pages/step_through.py", "emviz/ui/pages/why_it_works.py",
         "emviz/ui/pages/where_it_fails.py", "emviz/ui/pages/how_many.py"]


def no_crash(app) -> None:
    assert not app.exception
    assert not [error.body for error in app.error if "Something went wrong" in error.body]


K_PATHS = (1, 2, MAX_COMPONENTS)
"""The K that take different paths: one Gaussian, the two of the landscape and the bound's slice, the most.
The K in between repeat them and run only in the whole suite (marker ``slow``; ``-m "not slow"`` skips them)."""


@pytest.mark.parametrize("example", ["Classic (20 and 40)", "Old Faithful (2-D)"])
@pytest.mark.parametrize("k", [k if k in K_PATHS else pytest.param(k, marks=pytest.mark.slow)
                               for k in range(1, MAX_COMPONENTS + 1)])
def test_every_page_with_k_gaussians_in_1d_and_2d(app, example, k):
    app.selectbox(key="preset").set_value(example).run()
    app.number_input(key="n_components").set_value(k).run()
    for page in PAGES:
        app.switch_page(page).run()
        no_crash(app)
    app.switch_page(PAGES[0]).run()
    step_to(app, last_frame(app))
    no_crash(app)
    assert app.session_state["choices"].n_components == k


def test_growing_k_keeps_the_first_gaussians_and_adds_neutral_ones(app):
    app.number_input(key="guess_mu_1").set_value(12.0).run()
    app.number_input(key="n_components").set_value(4).run()
    assert app.number_input(key="guess_mu_1").value == 12.0
    assert app.number_input(key="guess_mu_4").value > app.number_input(key="guess_mu_3").value
    assert app.session_state["choices"].guess.n_components == 4


def test_bishop_example_is_standardised_and_shows_small_multiples(app):
    app.selectbox(key="preset").set_value(BISHOP).run()
    assert app.toggle(key="standardise").value
    choices = app.session_state["choices"]
    assert choices.data.x.shape == (272, 2)
    assert abs(choices.data.x.mean()) < 1e-12 and abs(choices.data.x.std() - 1) < 1e-12
    assert any("Bishop's Figure 9.8" in md.value for md in app.markdown)
    step_to(app, last_frame(app))
    assert any("Converged after" in success.body for success in app.success)


def test_old_faithful_columns_and_standardising(app):
    app.selectbox(key="preset").set_value("Old Faithful: waiting time (1-D)").run()
    choices = app.session_state["choices"]
    assert choices.data.x.shape == (272,) and choices.data.columns[0] == "waiting time to the next eruption (minutes)"
    app.toggle(key="standardise").set_value(True).run()
    assert app.session_state["choices"].data.columns[0].endswith("(standardised)")
    assert frame(app) == 0


def test_bic_finds_three_clusters(app):
    app.selectbox(key="preset").set_value("Three clusters, two Gaussians").run()
    app.switch_page(PAGES[3]).run()
    no_crash(app)
    assert any("BIC chooses **K = 3**" in md.value for md in app.markdown)
    app.button(key="use_k").click().run()
    assert app.session_state["choices"].n_components == 3
    assert frame(app) == 0


def paste(app, text: str):
    app.selectbox(key="preset").set_value(OWN_DATA).run()
    app.text_area(key="paste").set_value(text).run()
    app.button(key="use_paste").click().run()
    return app


def test_pasted_numbers_are_fitted(app):
    numbers = " ".join(str(v) for v in [1.1, 1.3, 0.9, 1.2, 1.0, 5.1, 4.9, 5.3, 5.0, 5.2, 4.8, 1.4])
    paste(app, numbers + " abc")
    no_crash(app)
    choices = app.session_state["choices"]
    assert choices.data.x.shape == (12,)
    assert any("12 points" in caption.value for caption in app.caption)


@pytest.mark.parametrize("text, message", [("abc; def", "number"), ("1 2 3", "at least 10")])
def test_bad_pasted_numbers_keep_the_previous_data(app, text, message):
    before = app.session_state["choices"].data.x.shape
    paste(app, text)
    no_crash(app)
    assert any(message in error.body for error in app.error)
    assert app.session_state["choices"].data.x.shape == before


def test_more_gaussians_than_distinct_points_is_refused(app):
    paste(app, "1 1 1 2 2 2 3 3 3 3 3")
    app.number_input(key="n_components").set_value(4).run()
    no_crash(app)
    assert any("at least 4 different points" in error.body for error in app.error)
    assert app.number_input(key="n_components").value == 4  # the learner's setting is kept


def test_generated_2d_data_can_be_edited(app):
    app.selectbox(key="preset").set_value("Three clusters in 2-D").run()
    step(app)
    assert frame(app) == 1
    app.number_input(key="data_rho_1").set_value(-0.9).run()
    no_crash(app)
    spec = app.session_state["choices"].spec
    assert spec.correlation[0] == -0.9
    assert frame(app) == 0
    app.number_input(key="data_mu_2_y").set_value(3.5).run()
    assert app.session_state["choices"].spec.means[1] == (6.0, 3.5)
    app.toggle(key="show_truth").set_value(True).run()
    no_crash(app)


def test_a_million_points_use_a_subset_in_the_lessons_and_say_so(app):
    app.number_input(key="data_n_1").set_value(500_000).run()
    app.number_input(key="data_n_2").set_value(500_000).run()
    assert len(app.session_state["choices"].data.x) == 1_000_000
    app.switch_page(PAGES[2]).run()
    no_crash(app)
    assert any("100,000 of the 1,000,000 points" in caption.value for caption in app.caption)
    app.switch_page(PAGES[1]).run()
    no_crash(app)
