"""The page "Missing values": its controls, the filled points moving, and refused settings."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

PAGE = "emviz/ui/pages/missing_values.py"


@pytest.fixture
def missing(app):
    app.switch_page(PAGE).run()
    assert not app.exception
    return app


def frame(app) -> int:
    return int(app.slider(key="missing_frame").value)


def estimates(app) -> dict[str, dict]:
    table = app.table[0].value
    return {row["estimate"]: row for _, row in table.iterrows()}


def chart_spec(app) -> dict:
    (chart,) = [chart for chart in app.get("plotly_chart") if "missing_chart" in chart.proto.id]
    return json.loads(chart.proto.spec)


def values(encoded) -> np.ndarray:
    """A trace's numbers, which plotly sends base64-encoded ({"dtype": "f8", "bdata": ...})."""
    if isinstance(encoded, dict):
        return np.frombuffer(base64.b64decode(encoded["bdata"]), dtype=encoded["dtype"])
    return np.asarray(encoded, dtype=float)


def scatter_traces(app) -> dict[str, dict]:
    return {trace.get("name"): trace for trace in chart_spec(app)["data"]}


def test_the_page_opens_on_mean_imputation_with_every_estimate_side_by_side(missing):
    assert frame(missing) == 0
    assert missing.info[0].body.startswith("Start: mean imputation, each of the 80 missing y")
    rows = estimates(missing)
    assert {"EM, this frame", "EM forgetting Var(y | x)", "complete cases only", "mean imputation",
            "every y known", "truth (drawn from)"} <= set(rows)
    assert rows["EM, this frame"]["σy"] == rows["mean imputation"]["σy"]  # the start
    assert len(set(values(scatter_traces(missing)["set to the mean"]["y"]))) == 1  # on one flat line
    assert not missing.error


def test_the_e_step_moves_the_filled_points_and_the_run_ends_at_em_s_estimate(missing):
    missing.button(key="next").click().run()
    assert missing.info[0].body.startswith("E-step 1: each of the 80 missing y moves to the current regression line")
    traces = scatter_traces(missing)
    assert len(set(np.round(values(traces["filled in"]["y"]), 9))) > 1
    assert "moved" in traces
    missing.button(key="run_to_end").click().run()
    rows = estimates(missing)
    converged = next(name for name in rows if name.startswith("EM, converged"))
    assert rows["EM, this frame"]["σy"] == rows[converged]["σy"]
    assert float(rows["EM forgetting Var(y | x)"]["σy"]) < float(rows[converged]["σy"])
    assert missing.info[0].body.startswith("M-step")


@pytest.mark.parametrize("key, value, words", [
    ("missing_correlation", 1.2, "A correlation lies between -1 and 1"),
    ("missing_share", 100.0, "below 100 %"),
])
def test_an_impossible_setting_is_refused_in_words_and_the_last_data_stay(missing, key, value, words):
    missing.button(key="next").click().run()
    before = estimates(missing)["every y known"]["σy"]
    missing.number_input(key=key).set_value(value).run()
    assert not missing.exception
    (error,) = missing.error
    assert words in error.body and "The last data that worked stay on screen" in error.body
    assert missing.number_input(key=key).value == value  # what the learner typed stays, to be fixed
    assert estimates(missing)["every y known"]["σy"] == before
    assert frame(missing) == 1


def test_a_good_setting_after_a_refused_one_is_used(missing):
    missing.number_input(key="missing_correlation").set_value(1.2).run()
    missing.number_input(key="missing_correlation").set_value(-0.5).run()
    assert not missing.error
    assert float(estimates(missing)["truth (drawn from)"]["ρ"]) == -0.5


def test_old_faithful_hides_waiting_times_and_knows_the_answer(missing):
    missing.radio(key="missing_source").set_value("Old Faithful").run()
    assert not missing.exception
    rows = estimates(missing)
    assert "truth (drawn from)" not in rows
    assert rows["every y known"]["µy"] == "70.9"  # the mean waiting time of all 272 eruptions
    assert missing.info[0].body.startswith("Start: mean imputation, each of the 109 missing y")
    assert chart_spec(missing)["layout"]["yaxis"]["title"]["text"] == "waiting (min)"


def test_when_missingness_depends_on_x_complete_cases_miss_the_mean_and_em_does_not(missing):
    missing.number_input(key="missing_n").set_value(2000.0).run()
    missing.number_input(key="missing_share").set_value(50.0).run()
    missing.radio(key="missing_mechanism").set_value("depends on x").run()
    missing.button(key="run_to_end").click().run()
    rows = estimates(missing)
    known = float(rows["every y known"]["µy"])
    assert abs(float(rows["complete cases only"]["µy"]) - known) > 0.3
    assert abs(float(rows["EM, this frame"]["µy"]) - known) < 0.1


def test_a_new_seed_draws_new_points_and_starts_the_run_again(missing):
    missing.button(key="next").click().run()
    before = estimates(missing)["every y known"]["σy"]
    missing.number_input(key="missing_seed").set_value(7).run()
    assert frame(missing) == 0
    assert estimates(missing)["every y known"]["σy"] != before
    assert not missing.error
