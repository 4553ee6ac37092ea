"""The sidebar's inputs: a change starts a new run at frame 0; limits and the learner's own data get messages."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from emviz.data import PRESETS
from emviz.examples import OWN_DATA
from emviz.ui import frame_player, runs
from emviz.ui.literal import markdown_literal
from tests.app.stepper_driver import caption, frame, last_frame, step, step_to


def step_forward(app, clicks: int = 3):
    for _ in range(clicks):
        step(app)
    assert frame(app) == clicks
    return app


@pytest.mark.parametrize(
    "change",
    [
        lambda app: app.number_input(key="data_mu_1").set_value(25.0),
        lambda app: app.number_input(key="data_sigma_2").set_value(3.0),
        lambda app: app.number_input(key="data_n_1").set_value(500),
        lambda app: app.button(key="new_sample").click(),
        lambda app: app.number_input(key="guess_mu_1").set_value(15.0),
        lambda app: app.slider(key="guess_mu_1_slider").set_value(15.0),
        lambda app: app.number_input(key="guess_sigma_2").set_value(8.0),
        lambda app: app.number_input(key="guess_weight_1").set_value(0.2),
        lambda app: app.button(key="random_guess").click(),
        lambda app: app.number_input(key="max_iter").set_value(5),
        lambda app: app.select_slider(key="tol").set_value(1e-3),
        lambda app: app.select_slider(key="reg_covar").set_value(1e-2),
        lambda app: app.selectbox(key="preset").set_value("Heavy overlap"),
    ],
    ids=["data µ", "data σ", "data n", "new sample", "guess µ box", "guess µ slider", "guess σ",
         "guess weight", "random guess", "max_iter", "tol", "reg_covar", "preset"],
)
def test_a_new_run_starts_at_frame_zero(app, change):
    step_forward(app)
    change(app).run()
    assert not app.exception
    assert frame(app) == 0


def test_slider_and_box_stay_in_step(app):
    app.number_input(key="guess_mu_2").set_value(44.0).run()
    assert app.slider(key="guess_mu_2_slider").value == 44.0
    app.slider(key="guess_sigma_1_slider").set_value(7.5).run()
    assert app.number_input(key="guess_sigma_1").value == 7.5


def test_weights_are_shown_normalised(app):
    app.number_input(key="guess_weight_1").set_value(0.25).run()
    app.number_input(key="guess_weight_2").set_value(0.75).run()
    assert any("0.250 / 0.750" in caption.value for caption in app.caption)


def test_stepping_never_reruns_em_nor_recomputes_the_frames(app, monkeypatch):
    calls = []
    original = runs.run_em

    def counting_run_em(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(runs, "run_em", counting_run_em)
    app.number_input(key="guess_mu_1").set_value(12.0).run()
    assert len(calls) == 1
    frames = frame_player.frames_of.store()
    computed = len(frames)
    for target in (1, 2, 1, 4, 20, 0, 3):  # where the browser's cursor rests, reported each time
        step_to(app, target)
    assert len(calls) == 1
    assert len(frames) == computed


def test_random_guess_is_reproducible_across_sessions(app):
    app.button(key="random_guess").click().run()
    first = [app.number_input(key=f"guess_mu_{k}").value for k in (1, 2)]
    from tests.app.conftest import start_app

    other = start_app()
    other.button(key="random_guess").click().run()
    assert [other.number_input(key=f"guess_mu_{k}").value for k in (1, 2)] == first


@pytest.mark.parametrize("preset", list(PRESETS))
def test_every_preset_runs_to_the_end(app, preset):
    app.selectbox(key="preset").set_value(preset).run()
    assert app.number_input(key="data_mu_1").value == PRESETS[preset].data.means[0]
    for target in (1, 2, 4, last_frame(app), last_frame(app) - 1):  # short runs reach the end early
        step_to(app, target)
        assert not app.exception
    assert frame(app) > 0
    errors = [error.body for error in app.error]
    if PRESETS[preset].reg_covar == 0:  # the collapse example is meant to stop with a message
        assert len(errors) == 1 and "reg_covar" in errors[0]
    else:
        assert not errors


def test_too_many_points_are_refused_and_the_data_kept(app):
    app.selectbox(key="preset").set_value("Three clusters, two Gaussians").run()
    for k in (1, 2, 3):
        app.number_input(key=f"data_n_{k}").set_value(400_000).run()
    assert not app.exception
    assert any("400,000 + 400,000 + 400,000 = 1,200,000 points, more than the 1,000,000 in all" in error.body
               for error in app.error)
    assert any("803,000 points" in caption.value for caption in app.caption)


def test_the_true_curves_are_off_until_asked_for(app):
    assert app.toggle(key="show_truth").value is False
    app.toggle(key="show_truth").set_value(True).run()
    assert not app.exception
    assert frame(app) == 0


def start_narrow_on_nine_points(app, mean: float):
    """Nine points, no variance floor, Gaussian 1 started narrow (σ = 0.05) at ``mean``."""
    app.selectbox(key="preset").set_value("Nine points").run()
    app.select_slider(key="reg_covar").set_value(0.0).run()
    app.number_input(key="guess_mu_1").set_value(mean).run()
    app.number_input(key="guess_sigma_1").set_value(0.05).run()
    assert not app.exception
    return app


def test_a_collapsing_component_shows_a_message_and_keeps_the_frames(app):
    start_narrow_on_nine_points(app, mean=1.2)
    assert any("iteration 4" in error.body and "reg_covar" in error.body for error in app.error)
    step_to(app, last_frame(app))
    assert not app.exception
    assert frame(app) == 6  # the three iterations before the collapse are kept


def test_a_collapse_in_the_first_iteration_leaves_the_guess_on_screen(app):
    start_narrow_on_nine_points(app, mean=9.0)  # 9.0 stands alone: all of Gaussian 1 at once
    assert any("iteration 1" in error.body for error in app.error)
    assert last_frame(app) == 0
    assert "initial guess" in caption(app)


@pytest.mark.parametrize(
    "key, value",
    [("data_sigma_1", 0.01), ("data_mu_2", -10_000.0), ("data_mu_1", 10_000.0), ("data_n_1", 1),
     ("data_n_2", 1), ("guess_sigma_1", 1e9), ("guess_mu_1", -1e9), ("guess_weight_1", 0.01),
     ("max_iter", 1), ("max_iter", 1000)],
)
def test_extreme_values_never_crash(app, key, value):
    app.number_input(key=key).set_value(value).run()
    assert not app.exception
    for target in (1, last_frame(app), last_frame(app) - 1):
        step_to(app, target)
        assert not app.exception


def test_a_count_above_the_limit_is_refused_next_to_it_and_every_number_kept(app):
    app.number_input(key="data_n_1").set_value(300_000).run()
    app.number_input(key="data_n_2").set_value(700_000).run()
    assert not app.exception
    [error] = app.expander[0].error  # said inside the data controls, not only somewhere on the page
    assert "Gaussian 2 has 700,000 points; each Gaussian needs between 1 and 500,000 points" in error.body
    assert [app.number_input(key=f"data_n_{k}").value for k in (1, 2)] == [300_000, 700_000]
    assert len(app.session_state["choices"].data.x) == 307_000  # the last data that could be drawn
    app.number_input(key="data_n_2").set_value(500_000).run()
    assert not app.error
    assert len(app.session_state["choices"].data.x) == 800_000


# --- the learner's own data ------------------------------------------------------------------------

MARKDOWN_NAME = "![i](http://127.0.0.1:9/track.png) [click](http://127.0.0.1:9/) **bold** $x$ :red[red]"
"""A name that Markdown would turn into an image, a link, bold text, LaTeX and colour."""


def own_data(app):
    app.selectbox(key="preset").set_value(OWN_DATA).run()
    return app


def upload(app, content: bytes, name: str = "data.csv"):
    app.file_uploader(key="upload").set_value((name, content, "text/csv")).run()
    assert not app.exception
    return app


def paste(app, text: str):
    app.text_area(key="paste").set_value(text).run()
    app.button(key="use_paste").click().run()
    assert not app.exception
    return app


def fitted(app) -> list:
    return app.session_state["choices"].data.x.tolist()


def numbers_csv(values, header: str = "x") -> bytes:
    return (header + "\n" + "\n".join(map(str, values)) + "\n").encode()


def markdown_texts(app) -> list[str]:
    """Every message, caption, label, help and radio option: what Streamlit renders as Markdown.

    (The multiselect's options are plain text; the Chromium test checks them on the page.)
    """
    found = [e.body for e in app.error] + [c.value for c in app.caption] + [i.body for i in app.info]
    for widget in (*app.multiselect, *app.radio, *app.number_input, *app.slider, *app.text_area):
        found += [widget.label, widget.help or ""]
    return found + [option for radio in app.radio for option in radio.options]


def test_an_edited_file_with_the_same_name_and_size_is_read_again(app):
    upload(own_data(app), numbers_csv(range(10, 30)), "heights.csv")
    assert fitted(app)[0] == 10.0
    upload(app, numbers_csv(range(20, 40)), "heights.csv")  # same name, same size, new numbers
    assert fitted(app)[0] == 20.0


def test_a_file_is_read_once_per_upload_even_when_refused(app, monkeypatch):
    from emviz.ui import own_data as module

    calls = []
    original = module.load_csv
    monkeypatch.setattr(module, "load_csv", lambda *args, **kwargs: calls.append(1) or original(*args, **kwargs))
    upload(own_data(app), b"x\n" + b"1\n" * 5, "short.csv")
    upload(app, b"\x00binary", "binary.csv")
    for _ in range(3):
        app.number_input(key="max_iter").set_value(50 + _).run()
    assert len(calls) == 2
    assert any(error.body.startswith("binary\\.csv\\: The file holds binary data") for error in app.error)


def test_pasted_numbers_replace_a_loaded_file_and_the_page_says_which(app):
    upload(own_data(app), numbers_csv(range(200)), "heights.csv")
    assert len(fitted(app)) == 200
    assert any(c.value.startswith("Loaded: heights\\.csv") for c in app.caption)
    paste(app, " ".join(str(v) for v in range(15)))
    assert len(fitted(app)) == 15
    assert any(c.value.startswith("Loaded: the pasted numbers") for c in app.caption)
    app.number_input(key="max_iter").set_value(20).run()  # a rerun does not bring the file back
    assert len(fitted(app)) == 15
    upload(app, numbers_csv(range(100)), "heights.csv")  # a new upload wins again
    assert len(fitted(app)) == 100


def test_a_refused_file_replaces_the_old_complaint(app):
    upload(own_data(app), numbers_csv([3] * 20), "constant.csv")
    assert any("Column 1 has the same value everywhere" in e.body for e in app.error)
    upload(app, b"\x00\x01binary", "binary.csv")
    bodies = [e.body for e in app.error]
    assert len(bodies) == 1 and bodies[0].startswith("binary\\.csv\\: The file holds binary data")
    app.file_uploader(key="upload").set_value(None).run()  # removing the file removes its error
    assert not app.error


def test_one_point_is_refused_in_the_singular(app):
    paste(own_data(app), "12.5")
    assert any(markdown_literal("Only 1 point: EM needs at least 10") in e.body for e in app.error)


@pytest.mark.parametrize("content, choice, expected", [
    (b"1,5\n2,25\n12,75\n" * 4, 0, [1.5, 2.25, 12.75]),
    (b"1,5\n2,25\n12,75\n" * 4, 1, [1.0, 2.0, 12.0]),  # two columns: the first is fitted
])
def test_ambiguous_commas_in_a_file_are_asked_with_both_readings(app, content, choice, expected):
    before = fitted(upload(own_data(app), numbers_csv(range(50))))
    upload(app, content)
    radio = app.radio(key="comma_reading")
    assert radio.value is None and fitted(app) == before  # nothing changes until the learner says
    assert radio.options == ["Decimal points: 1.5, 2.25, 12.75, 1.5, … (12 numbers)",
                             "Separators: (1, 5), (2, 25), (12, 75), … (12 rows of 2 numbers)"]
    radio.set_value(radio.options[choice]).run()
    assert not app.exception
    assert fitted(app)[:3] == expected


def test_a_decimal_comma_column_with_a_header_is_read_and_said(app):
    upload(own_data(app), b"height\n" + b"1,5\n2,25\n12,75\n3\n" * 3)
    assert fitted(app)[:4] == [1.5, 2.25, 12.75, 3.0]
    assert any("Read with commas as decimal points" in c.value for c in app.caption)


def test_pasted_pairs_are_asked_and_the_note_says_how_they_were_read(app):
    paste(own_data(app), " ".join(f"{k},5" for k in range(10)))
    radio = app.radio(key="comma_reading")
    radio.set_value(radio.options[0]).run()
    assert fitted(app)[:2] == [0.5, 1.5]
    assert any("Read commas as decimal points" in c.value for c in app.caption)
    radio.set_value(radio.options[1]).run()
    assert len(fitted(app)) == 20
    assert any("Read commas as separators between numbers" in c.value for c in app.caption)


def test_names_headers_and_entries_from_a_file_are_shown_as_literal_text(app):
    escaped = markdown_literal(MARKDOWN_NAME)
    content = f"{MARKDOWN_NAME},x,y\n" + "".join(f"a,{v},{v % 7}\n" for v in range(30))
    upload(own_data(app), content.encode(), f"{MARKDOWN_NAME}.csv")
    app.multiselect(key="upload_columns").set_value(["x", "y"]).run()
    shown = " ".join(markdown_texts(app))
    assert escaped in shown  # the caption naming the file and the left-out text column
    upload(app, (f"{MARKDOWN_NAME}\n" + "1\n" * 20).encode(), f"{MARKDOWN_NAME}.csv")  # constant: refused
    upload(app, b"\x00", f"{MARKDOWN_NAME}.csv")  # binary: refused with the file's name
    paste(app, "1 2 " + MARKDOWN_NAME.replace(" ", ""))
    upload(app, (f"h,{MARKDOWN_NAME}\n" + "".join(f"{v},{v * v % 11}\n" for v in range(30))).encode(), "two.csv")
    app.multiselect(key="upload_columns").set_value(["h", MARKDOWN_NAME]).run()
    shown = markdown_texts(app)
    assert any(markdown_literal(MARKDOWN_NAME) in text for text in shown)  # in the guess's help
    for text in shown:
        assert "![" not in text and "](" not in text and "**" not in text and ":red[" not in text, text


def test_pasted_pairs_too_many_as_separate_numbers_are_read_the_one_way_that_fits(app):
    paste(own_data(app), "1,5 2,5 " * 300_001)  # 600,002 decimals, or 1,200,004 whole numbers: too many
    assert not app.radio and not app.error
    assert len(fitted(app)) == 600_002
    assert any("Read commas as decimal points" in c.value for c in app.caption)


def test_the_rerun_benchmark_runs():
    benchmark = runpy.run_path(str(Path(__file__).parents[1] / "benchmarks" / "bench_own_data_rerun.py"))
    assert len(benchmark["rerun_seconds"](b"x\n1\n2\n", reruns=1)) == 1


@pytest.mark.parametrize("key, value, message", [
    ("data_sigma_1", 0.0, "σ of Gaussian 1 is 0; choose a value between 0.01 and 10,000."),
    ("data_mu_2", 20_000.0, "µ of Gaussian 2 is 20,000; choose a value between -10,000 and 10,000."),
])
def test_a_true_value_out_of_range_is_refused_next_to_it_and_kept(app, key, value, message):
    before = len(app.session_state["choices"].data.x)
    app.number_input(key="data_n_1").set_value(4000).run()  # another number, which must survive
    app.number_input(key=key).set_value(value).run()
    assert not app.exception
    [error] = app.expander[0].error
    assert message in error.body
    assert app.number_input(key=key).value == value and app.number_input(key="data_n_1").value == 4000
    assert len(app.session_state["choices"].data.x) == before + 1000  # the last data that could be drawn


def test_a_2d_correlation_out_of_range_is_refused_next_to_it(app):
    app.selectbox(key="preset").set_value("Three clusters in 2-D").run()
    app.number_input(key="data_rho_2").set_value(1.0).run()
    assert not app.exception
    [error] = app.expander[0].error
    assert "ρ (correlation) of Gaussian 2 is 1; choose a value between -0.99 and 0.99." in error.body
