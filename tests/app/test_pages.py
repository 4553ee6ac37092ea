"""Every page opens on every preset, and the lessons' controls work."""

from __future__ import annotations

import re

import pytest

from emviz.data import PRESETS
from tests.app.stepper_driver import caption, frame, last_frame, next_label, player, step, step_to

WHY = "emviz/ui/pages/why_it_works.py"
FAILS = "emviz/ui/pages/where_it_fails.py"
STEP = "emviz/ui/pages/step_through.py"
HOW_MANY = "emviz/ui/pages/how_many.py"


def latex(app) -> list[str]:
    return [element.value for element in app.get("latex")]


@pytest.mark.parametrize("preset", list(PRESETS))
@pytest.mark.parametrize("page", [WHY, FAILS])
def test_every_lesson_opens_on_every_preset(app, preset, page):
    app.selectbox(key="preset").set_value(preset).run()
    app.switch_page(page).run()
    assert not app.exception
    assert not [error for error in app.error if "Something went wrong" in error.body]


def test_identical_start_is_reported_as_a_saddle_point_not_as_converged(app):
    app.selectbox(key="preset").set_value("Identical start").run()
    app.switch_page(STEP).run()
    step_to(app, last_frame(app))
    assert not app.exception
    assert not [success.body for success in app.success if "Converged" in success.body]
    (saddle,) = [warning for warning in app.warning if "saddle point" in warning.body]
    assert "Gaussians 1 and 2 are identical" in saddle.body and "zero by symmetry" in saddle.body
    assert saddle.icon == ":material/warning:"  # not the hourglass of a run cut short


def test_two_dimensional_data_get_no_step_buttons_on_why_it_works(app):
    app.selectbox(key="preset").set_value("Three clusters in 2-D").run()
    app.switch_page(WHY).run()
    assert not app.exception
    assert any("drawn for 1-D data" in info.body for info in app.info)
    keys = {button.key for button in app.button}
    assert not keys & {"next", "back", "next_iteration", "run_to_end", "reset"}
    assert not [slider for slider in app.slider if slider.key == "frame"]
    app.switch_page(STEP).run()
    assert next_label(app) == "Run the E-step"  # the stepper still steps the 2-D run


@pytest.mark.parametrize("example, columns", [
    ("Classic (20 and 40)", ["Gaussian", "µ", "σ", "weight"]),
    ("Three clusters in 2-D", ["Gaussian", "weight", "µ", "Σ (covariance)", "σ", "ρ"]),
])
def test_parameter_table_puts_each_change_in_its_own_cell_in_plain_numbers(app, example, columns):
    app.selectbox(key="preset").set_value(example).run()
    app.switch_page(STEP).run()
    step_to(app, last_frame(app) - 1)  # an E-step: the changes of the M-step before it, tiny by now
    timeline = player(app, "table")["bundle"]["timeline"]
    rows = timeline["tables"][timeline["curves"][frame(app)]]  # what the browser draws at this frame
    assert [list(now) for now, _ in rows] == [columns] * len(rows)
    k = app.session_state["choices"].n_components
    assert [now["Gaussian"] for now, _ in rows] == [f"● {j + 1}" for j in range(k)]
    cells = [str(cell) for now, change in rows for cell in (*now.values(), *change.values())]
    assert not [cell for cell in cells if re.search(r"\de[+-]?\d", cell)], cells  # no 1.23e-05
    assert all(cell.count("(") == cell.count(")") for cell in cells)
    change = rows[0][1]
    assert change["weight"].startswith(("+", "-")) and change["µ"]


def test_worked_numbers_follow_the_frame_and_the_picked_point(app):
    app.selectbox(key="preset").set_value("Nine points").run()
    app.switch_page(WHY).run()
    app.number_input(key="pick_index").set_value(4).run()
    assert app.number_input(key="pick_value").value == pytest.approx(app.session_state["choices"].data.x[4])
    first = latex(app)
    assert any(r"\gamma_{1} =" in line or r"\gamma_1 =" in line for line in first)
    app.button(key="next_iteration").click().run()
    app.button(key="next_iteration").click().run()
    assert latex(app) != first
    assert any("The M-step of iteration 2 computed" in md.value for md in app.markdown)
    assert any("largest relative difference" in caption.value for caption in app.caption)


def test_typing_a_value_picks_the_nearest_point(app):
    app.selectbox(key="preset").set_value("Nine points").run()
    app.switch_page(WHY).run()
    app.number_input(key="pick_value").set_value(5.6).run()
    x = app.session_state["choices"].data.x
    assert x[app.number_input(key="pick_index").value] == 5.5  # the nearest of the nine points


def test_the_probe_classifies_a_new_point(app):
    app.switch_page(WHY).run()
    app.slider(key="probe").set_value(12.0).run()
    values = [float(metric.value) for metric in app.metric]
    assert values[0] > 0.99 and sum(values) == pytest.approx(1.0, abs=2e-3)


def test_the_lower_bound_tab_explains_each_kind_of_frame(app):
    app.switch_page(WHY).run()
    bodies = lambda: " ".join(info.body for info in app.info)  # noqa: E731
    assert "first E-step will build" in bodies()
    app.button(key="next").click().run()
    assert "touches ℓ at the current µ1" in bodies()
    app.button(key="next").click().run()
    assert "moved µ1 to the maximum of the bound" in bodies()


def test_restarts_find_several_solutions_and_load_one_into_the_stepper(app):
    app.selectbox(key="preset").set_value("Three clusters, two Gaussians").run()
    app.switch_page(FAILS).run()
    assert any("different fits" in warning.body for warning in app.warning)
    app.selectbox(key="solution_to_load").set_value(1).run()
    app.button(key="load_solution").click().run()
    assert not app.exception
    assert frame(app) == 0  # the stepper, on the loaded start
    assert app.number_input(key="guess_sigma_1").value == app.number_input(key="guess_sigma_2").value


def test_restarts_repeat_with_the_same_seed(app):
    app.selectbox(key="preset").set_value("Three clusters, two Gaussians").run()
    app.switch_page(FAILS).run()
    first = app.dataframe[0].value.to_dict()
    app.slider(key="n_restarts").set_value(10).run()
    app.slider(key="n_restarts").set_value(20).run()
    assert app.dataframe[0].value.to_dict() == first
    app.number_input(key="restart_seed").set_value(7).run()
    assert not app.exception


def test_collapse_is_reported_in_plain_words(app):
    app.selectbox(key="preset").set_value("Collapse onto a point").run()
    app.switch_page(FAILS).run()
    assert any("collapsed onto a single point" in error.body for error in app.error)
    assert not app.exception


def test_hard_em_switch(app):
    app.switch_page(FAILS).run()
    assert app.toggle(key="hard_em").value
    assert any("Hard EM:" in md.value for md in app.markdown)
    app.toggle(key="hard_em").set_value(False).run()
    assert any("Turn on the switch" in info.body for info in app.info)


def test_the_truth_is_compared_by_accuracy_and_rand_index(app):
    app.switch_page(FAILS).run()
    labels = [metric.label for metric in app.metric]
    assert "Adjusted Rand index" in labels
    accuracy = app.metric[0].value
    assert accuracy.endswith("%") and float(accuracy[:-1]) > 95


def test_the_stepper_page_is_back_after_the_lessons(app):
    app.switch_page(FAILS).run()
    app.switch_page(STEP).run()
    assert next_label(app) == "Run the E-step"


def test_restarts_group_the_fits_that_look_the_same(app):
    app.selectbox(key="preset").set_value("Three clusters, two Gaussians").run()
    app.switch_page(FAILS).run()
    app.slider(key="n_restarts").set_value(50).run()
    app.number_input(key="restart_seed").set_value(7).run()
    assert any("50 restarts ended in 3 different fits" in warning.body for warning in app.warning)
    assert len(app.selectbox(key="solution_to_load").options) == 3


@pytest.mark.parametrize("page, widget, key, value", [
    (FAILS, "slider", "n_restarts", 50),
    (FAILS, "number_input", "restart_seed", 7),
    (HOW_MANY, "slider", "bic_starts", 3),
    (HOW_MANY, "number_input", "bic_seed", 4),
])
def test_lesson_settings_survive_a_visit_to_another_page(app, page, widget, key, value):
    app.selectbox(key="preset").set_value("Nine points").run()
    app.switch_page(page).run()
    getattr(app, widget)(key=key).set_value(value).run()
    app.switch_page(STEP).run()
    step(app)
    app.switch_page(page).run()
    assert getattr(app, widget)(key=key).value == value


def test_restore_the_example_undoes_edits_to_data_guess_and_settings(app):
    app.selectbox(key="preset").set_value("Nine points").run()
    original = app.session_state["choices"]
    app.number_input(key="data_mu_1").set_value(3.0).run()
    app.number_input(key="guess_mu_1").set_value(4.0).run()
    app.button(key="new_sample").click().run()
    app.number_input(key="max_iter").set_value(50).run()
    edited = app.session_state["choices"]
    assert (edited.spec, edited.guess, edited.settings) != (original.spec, original.guess, original.settings)
    app.button(key="restore_example").click().run()
    restored = app.session_state["choices"]
    assert (restored.spec, restored.guess, restored.settings) == (original.spec, original.guess, original.settings)
    assert not app.exception


def test_how_many_warns_about_nine_points_and_never_recommends_k_with_too_many_parameters(app):
    app.selectbox(key="preset").set_value("Nine points").run()
    app.switch_page(HOW_MANY).run()
    assert not app.exception
    warning = " ".join(warning.body for warning in app.warning)
    assert "Only 9 points for the 8 parameters of K = 3" in warning
    assert "K = 4, 5, 6, 7, 8 would have at least as many parameters as points" in warning
    assert any("BIC chooses **K = 3**" in md.value for md in app.markdown)


def test_how_many_says_nothing_of_few_points_on_ten_thousand(app):
    app.switch_page(HOW_MANY).run()
    assert not app.exception
    assert not [warning for warning in app.warning if "Only" in warning.body]
    assert any("BIC chooses **K = 2**" in md.value for md in app.markdown)


def test_failed_restarts_are_said_to_have_failed_and_are_not_solutions(app):
    app.selectbox(key="preset").set_value("Nine points").run()
    app.number_input(key="n_components").set_value(4).run()
    app.select_slider(key="reg_covar").set_value(0.0).run()
    app.switch_page(FAILS).run()
    assert not app.exception
    failed = [error.body for error in app.error if "restarts failed" in error.body]
    assert failed and "not counted" in failed[0]
    runs = app.dataframe[0].value["runs"].sum()
    assert runs == 20 - int(failed[0].split(" of the ")[0])


def test_the_lessons_open_at_the_frame_the_stepper_reported_and_the_stepper_resumes_there(app):
    step_to(app, 3)  # the browser's cursor rested on E-step 2
    app.switch_page(WHY).run()
    assert not app.exception
    assert int(app.slider(key="frame").value) == 3
    app.button(key="next").click().run()  # the lesson's own stepper moves the same frame
    app.switch_page(STEP).run()
    assert frame(app) == 4 and caption(app).startswith("M-step 2:")
