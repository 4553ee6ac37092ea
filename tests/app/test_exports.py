"""The stepper's downloads, and a JSON export opened again in the sidebar (issue 9, item 4)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from emviz.em import EMError, run_em
from emviz.examples import OWN_DATA
from emviz.exports import SavedRun, example_for, run_json
from emviz.sources import load
from tests.app.stepper_driver import last_frame, player, step, step_to

from .conftest import start_app


def run_of(app):
    """The sidebar's run in this session: what reproduces it, and the History EM computes from it."""
    choices = app.session_state["choices"]
    settings = choices.settings
    saved = SavedRun(example_for(choices.spec, app.session_state["preset"]), choices.spec, choices.guess,
                     settings.max_iter, settings.tol, settings.reg_covar, name="mine.csv")
    data = load(choices.spec)
    try:
        history = run_em(data.x, choices.guess.to_mixture(), max_iter=settings.max_iter, tol=settings.tol,
                         reg_covar=settings.reg_covar)
    except EMError as error:  # the collapse example: the iterations before the collapse
        history = error.history
    return saved, data, history


def plain(body: str) -> str:
    """A message without the backslashes that keep the learner's file names from being read as Markdown."""
    return body.replace("\\", "")


def open_file(app, content: bytes, name: str = "run.json"):
    app.file_uploader(key="open_run").set_value((name, content, "application/json")).run()
    assert not app.exception
    return app


def assert_same_history(one, other) -> None:
    assert one.n_iter == other.n_iter and one.converged == other.converged
    assert np.array_equal(one.x, other.x)
    assert np.array_equal(one.log_likelihoods, other.log_likelihoods)
    for a, b in zip(one.mixtures, other.mixtures):
        assert np.array_equal(a.weights, b.weights) and np.array_equal(a.means, b.means)
        assert np.array_equal(a.covariances, b.covariances)


def test_three_download_buttons_under_the_stepper(app):
    assert [button.label for button in app.get("download_button")] == ["Table (CSV)", "Run (JSON)", "Page (HTML)"]
    assert any("Download this run" in markdown.value for markdown in app.markdown)


def edit_classic(app):
    app.number_input(key="data_mu_1").set_value(18.0).run()
    app.button(key="new_sample").click().run()
    app.number_input(key="guess_mu_1").set_value(12.5).run()
    app.number_input(key="guess_weight_2").set_value(0.8).run()
    app.select_slider(key="tol").set_value(1e-4).run()
    app.number_input(key="max_iter").set_value(40).run()


def three_clusters_k4(app):
    app.selectbox(key="preset").set_value("Three clusters in 2-D").run()
    app.number_input(key="n_components").set_value(4).run()


def faithful_standardised(app):
    app.selectbox(key="preset").set_value("Old Faithful: waiting time (1-D)").run()
    app.toggle(key="standardise").set_value(True).run()
    app.select_slider(key="reg_covar").set_value(1e-2).run()


def pasted_numbers(app):
    app.selectbox(key="preset").set_value(OWN_DATA).run()
    app.text_area(key="paste").input("1.5 2.25 3 3.5 10 11.25 12 12.5 13 2 9.75 1").run()
    app.button(key="use_paste").click().run()


def nine_points_collapse(app):
    app.selectbox(key="preset").set_value("Collapse onto a point").run()


@pytest.mark.parametrize("edit", [edit_classic, three_clusters_k4, faithful_standardised, pasted_numbers,
                                  nine_points_collapse])
def test_a_json_export_opened_again_gives_the_same_run(app, edit):
    edit(app)
    saved, data, history = run_of(app)
    fresh = open_file(start_app(), run_json(history, saved, data).encode())
    assert any("Opened run.json" in plain(success.body) for success in fresh.success)
    choices, before = fresh.session_state["choices"], app.session_state["choices"]
    assert (choices.spec, choices.guess, choices.settings) == (before.spec, before.guess, before.settings)
    again_saved, _, again = run_of(fresh)
    assert again_saved.example == saved.example
    assert_same_history(again, history)
    step_to(fresh, last_frame(fresh))  # the page draws the opened run to its end
    assert not fresh.exception


def classic_document(app) -> dict:
    saved, data, history = run_of(app)
    return json.loads(run_json(history, saved, data))


def edited(document: dict, path: str, value) -> bytes:
    *parents, last = path.split(".")
    record = document
    for name in parents:
        record = record[name]
    record[last] = value
    return json.dumps(document).encode()


@pytest.mark.parametrize(("path", "value", "words"), [
    ("version", 2, "newer emviz"),
    ("format", "something", "not a run exported by emviz"),
    ("source.example", "No such example", "does not have"),
    ("settings.tol", 3e-5, "not one the Run settings offer"),
    ("settings.max_iter", 5000, "outside 1 … 1000"),
    ("settings.hard", True, "hard EM"),
    ("guess.weights", [1, 1, 1, 1, 1, 1, 1], "“guess.means” is missing or is not a list of 7 numbers"),
    ("guess.means", [10.0, 1e9], "outside the range"),
    ("guess.sigmas", [5.0, -1.0], "cannot start EM"),
    ("source.counts", [3000, "7000"], "source.counts"),
    ("source.seed", 1.5, "whole number"),
    ("data.values", [[1.0, 2.0]], "not the ones its recipe"),
])
def test_an_unusable_file_is_refused_in_words_and_changes_nothing(app, path, value, words):
    app.number_input(key="guess_mu_1").set_value(12.5).run()
    before = app.session_state["choices"]
    open_file(app, edited(classic_document(app), path, value))
    errors = [plain(error.body) for error in app.error]
    assert any(words in body and "Nothing was changed" in body for body in errors), errors
    after = app.session_state["choices"]
    assert (after.spec, after.guess, after.settings) == (before.spec, before.guess, before.settings)


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00garbage", b"[1, 2, 3]", b"{\"format\": \"emviz-run\"}",
                                     b"{" * 100_000])
def test_a_file_that_is_not_an_export_is_refused(app, content):
    before = app.session_state["choices"]
    open_file(app, content, name="<b>odd</b>.json")
    assert any("Nothing was changed" in error.body and "\\<b\\>odd" in error.body for error in app.error)
    assert app.session_state["choices"].guess == before.guess


def test_a_gif_is_made_on_request_and_kept_for_its_run_only(app, monkeypatch):
    from emviz.ui import downloads

    made = []
    monkeypatch.setattr(downloads, "run_gif", lambda history, **_: made.append(history) or b"GIF89a fake")
    assert app.button(key="make_gif").label == "Make an animated GIF"
    app.button(key="make_gif").click().run()
    assert len(made) == 1 and "Animated GIF" in [button.label for button in app.get("download_button")]
    assert "make_gif" not in [button.key for button in app.button]  # the download took the button's place
    step(app)  # stepping keeps it
    assert "Animated GIF" in [button.label for button in app.get("download_button")]
    app.number_input(key="guess_mu_1").set_value(12.5).run()  # another run: make it again
    assert app.button(key="make_gif").label == "Make an animated GIF" and len(made) == 1


def test_a_gif_without_a_browser_gets_a_message_not_a_trace(app, monkeypatch):
    from emviz.ui import downloads

    def no_browser(history, **_):
        raise RuntimeError("ChromeNotFoundError: no Chrome found")

    monkeypatch.setattr(downloads, "run_gif", no_browser)
    app.button(key="make_gif").click().run()
    assert not app.exception
    assert any("could not be made" in warning.body and "Chromium" in warning.body for warning in app.warning)
    assert [button.label for button in app.get("download_button")] == ["Table (CSV)", "Run (JSON)", "Page (HTML)"]


def test_the_html_page_of_a_run_is_made_once_for_the_whole_class(app):
    from emviz.ui.downloads import page_html

    saved, _, history = run_of(app)
    page = page_html(saved, False)
    assert page_html(saved, False) is page  # a second student's click: the same bytes, not made again
    assert b'id="frame-slider"' in page and f"Frame 0 of {2 * history.n_iter}".encode() in page
    assert page_html(saved, True) is not page  # with the true curves: another page


def test_each_chart_saves_a_png_named_after_the_example_and_the_chart(app):
    def file_names(app) -> list[str]:
        """The file names of the stepper's charts (drawn in the browser), then of the page's plotly charts."""
        one_dimensional = app.session_state["choices"].data.x.ndim == 1
        parts = ("main", "log_likelihood") + (("gamma",) if one_dimensional else ()) + ("trajectories",)
        stepper = [player(app, part)["image"]["filename"] for part in parts]
        return stepper + [json.loads(chart.proto.config)["toImageButtonOptions"]["filename"]
                          for chart in app.get("plotly_chart")]

    assert file_names(app) == ["emviz-classic-20-and-40-main-chart", "emviz-classic-20-and-40-log-likelihood-chart",
                               "emviz-classic-20-and-40-responsibility-chart",
                               "emviz-classic-20-and-40-trajectory-chart"]
    app.selectbox(key="preset").set_value("Three clusters in 2-D").run()
    assert "emviz-three-clusters-in-2-d-small-multiples" in file_names(app)
    assert all(json.loads(chart.proto.config)["displaylogo"] is False for chart in app.get("plotly_chart"))
