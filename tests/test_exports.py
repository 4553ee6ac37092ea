"""The run's exports: CSV table, JSON round trip, the reader's messages, the standalone HTML page."""

from __future__ import annotations

import csv
import io
import json
import re

import numpy as np
import pytest

from emviz.data import Guess
from emviz.em import EMError, run_em
from emviz.examples import EXAMPLES, OWN_DATA
from emviz.exports import EMBEDDED_POINTS, SavedRun, example_for, file_stem, run_csv, run_document, run_json
from emviz.run_file import RunFileError, read_run
from emviz.sources import OldFaithfulSource, TableSource, load
from emviz.standalone import MOST_FRAMES, run_page, shown_frames
from emviz.timeline import n_frames


def example_run(name: str, **settings):
    preset = EXAMPLES[name]
    saved = SavedRun(name, preset.data, preset.guess, reg_covar=preset.reg_covar or 1e-6, **settings)
    return saved, *run_of(saved)


def run_of(saved: SavedRun):
    data = load(saved.source)
    try:
        history = run_em(data.x, saved.guess.to_mixture(), max_iter=saved.max_iter, tol=saved.tol,
                         reg_covar=saved.reg_covar)
    except EMError as error:
        history = error.history
    return data, history


def table(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#")))


def test_csv_has_one_row_per_iteration_with_every_parameter_in_1d():
    saved, _, history = example_run("Classic (20 and 40)")
    rows = table(run_csv(history, saved))
    assert list(rows[0]) == ["iteration", "log_likelihood", "weight_1", "mu_1", "sigma_1", "weight_2", "mu_2",
                             "sigma_2"]
    assert len(rows) == history.n_iter + 1
    last = history.mixtures[-1]
    assert float(rows[-1]["mu_2"]) == last.means[1, 0] and float(rows[-1]["sigma_1"]) == last.sigmas[0]
    assert [float(row["log_likelihood"]) for row in rows] == history.log_likelihoods.tolist()
    assert rows[0]["mu_1"] == "10.0" and rows[0]["weight_1"] == "0.5"


def test_csv_2d_has_means_and_covariances_and_settings_lines():
    saved, _, history = example_run("Three clusters in 2-D", max_iter=7)
    text = run_csv(history, saved)
    rows = table(text)
    assert list(rows[0])[2:7] == ["weight_1", "mu_1_x", "mu_1_y", "cov_1_xx", "cov_1_xy"]
    assert "cov_3_yy" in rows[0] and len(rows) == 8
    assert float(rows[3]["cov_2_xy"]) == history.mixtures[3].covariances[1, 0, 1]
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert any("example: Three clusters in 2-D" in line for line in comments)
    assert any("seed=0" in line and "generated-2d" in line for line in comments)
    assert any("K: 3, max_iter: 7" in line and "EM: soft" in line for line in comments)


@pytest.mark.parametrize("name", [name for name in EXAMPLES if name != OWN_DATA])
def test_every_example_round_trips_through_json_to_the_same_history(name):
    saved, data, history = example_run(name, max_iter=60)
    again = read_run(run_json(history, saved, data).encode())
    assert again == saved
    _, history_again = run_of(again)
    assert np.array_equal(history_again.log_likelihoods, history.log_likelihoods)
    assert all(np.array_equal(a.means, b.means) and np.array_equal(a.covariances, b.covariances)
               for a, b in zip(history_again.mixtures, history.mixtures))


def test_own_numbers_travel_in_the_file_exactly():
    values = np.random.default_rng(3).normal(size=(40, 2)) * [1e-3, 7.0] + [1 / 3, 100.0]
    source = TableSource.of(values, ("a, “quoted”", "b"), standardise=True)
    saved = SavedRun(OWN_DATA, source, Guess(((0.0, 0.0), (0.5, 0.5)), ((1.0, 1.0), (1.0, 1.0)), (1.0, 2.0)),
                     name="my file.csv")
    data, history = run_of(saved)
    document = run_document(history, saved, data)
    assert document["data"]["columns"] == ["a, “quoted”", "b"]
    again = read_run(run_json(history, saved, data).encode())
    assert again == saved and again.name == "my file.csv"
    assert np.array_equal(again.source.values, values)


def test_generated_points_are_written_up_to_a_limit_and_faithful_not_at_all():
    saved, data, history = example_run("Nine points")
    assert run_document(history, saved, data)["data"]["values"] == [data.x.tolist()]
    big = SavedRun("Classic (20 and 40)", EXAMPLES["Classic (20 and 40)"].data.__class__(
        counts=(EMBEDDED_POINTS, 1)), EXAMPLES["Classic (20 and 40)"].guess, max_iter=1)
    data, history = run_of(big)
    assert run_document(history, big, data)["data"] is None
    assert read_run(run_json(history, big, data).encode()) == big
    saved, data, history = example_run("Old Faithful (2-D)", max_iter=2)
    assert run_document(history, saved, data)["data"] is None


def test_json_is_versioned_and_strict():
    saved, data, history = example_run("Nine points")
    document = json.loads(run_json(history, saved, data))
    assert (document["format"], document["version"]) == ("emviz-run", 1)
    assert document["settings"] == {"n_components": 2, "max_iter": 200, "tol": 1e-6, "reg_covar": 1e-6,
                                    "hard": False}
    assert document["columns"][:3] == ["iteration", "log_likelihood", "weight_1"]
    assert len(document["iterations"]) == history.n_iter + 1


@pytest.mark.parametrize(("content", "words"), [
    (b"", "does not read as JSON"),
    (b"\x89PNG\r\n", "does not read as JSON"),
    (b"[" * 50_000, "does not read as JSON"),
    (b'{"format": "emviz-run", "version": "1"}', "version"),
    (b'{"format": "emviz-run", "version": 0}', "version"),
    (b'{"format": "emviz-run", "version": 9}', "newer emviz"),
    (b'{"format": "emviz-run", "version": 1, "source": {"example": "Classic (20 and 40)", "kind": "own"}}',
     "“source.kind”"),
    (b'{"format": "emviz-run", "version": 1, "source": {"example": "Old Faithful (2-D)", "kind": "old-faithful",'
     b' "columns": [1], "standardise": false}}', "“source.columns”"),
])
def test_reader_says_what_is_wrong_in_words(content, words):
    with pytest.raises(RunFileError, match=re.escape(words)):
        read_run(content)


def test_reader_refuses_own_data_emviz_could_not_fit():
    source = TableSource.of(np.arange(20.0)[:, None], ("x",))
    saved = SavedRun(OWN_DATA, source, Guess((1.0, 2.0), (1.0, 1.0), (1.0, 1.0)))
    data, history = run_of(saved)
    document = run_document(history, saved, data)
    document["data"]["values"] = [[1.0, 2.0, 3.0]]
    with pytest.raises(RunFileError, match="at least 10"):
        read_run(json.dumps(document).encode())
    document["data"]["values"] = [[1.0] * 5 + [float("nan")] * 10]
    with pytest.raises(RunFileError):
        read_run(json.dumps(document).encode())


def test_file_names_and_examples_of_sources():
    assert file_stem("Classic (20 and 40)") == "emviz-classic-20-and-40"
    assert file_stem("Your own data (CSV or pasted)") == "emviz-your-own-data-csv-or-pasted"
    classic = EXAMPLES["Classic (20 and 40)"].data
    assert example_for(classic, "Heavy overlap") == "Heavy overlap"
    assert example_for(classic, OWN_DATA) == "Classic (20 and 40)"  # own data picked, none loaded yet
    assert example_for(OldFaithfulSource((1,)), OWN_DATA) == "Old Faithful: waiting time (1-D)"
    assert example_for(EXAMPLES["Nine points"].data, "Classic (20 and 40)") == "Nine points"


def test_shown_frames_keep_the_start_both_halves_of_each_iteration_and_the_end():
    _, _, short = example_run("Classic (20 and 40)")
    assert shown_frames(short) == list(range(n_frames(short)))
    _, _, long = example_run("Heavy overlap")
    frames = shown_frames(long)
    assert len(frames) <= MOST_FRAMES < n_frames(long)
    assert frames[:5] == [0, 1, 2, 3, 4] and frames[-1] == n_frames(long) - 1
    assert frames == sorted(set(frames))
    assert all(frame + 1 in frames for frame in frames if frame % 2 == 1)  # each E-step with its M-step


def test_standalone_page_holds_plotly_every_frame_and_its_captions():
    saved, data, history = example_run("Nine points", max_iter=3)
    page = run_page(history, title="Nine <points>", summary="9 points", titles=("x </script>",))
    assert page.startswith("<!DOCTYPE html>") and "src=\"http" not in page
    assert "Plotly.react" in page and 'id="frame-slider"' in page and 'id="play"' in page
    assert "Nine &lt;points&gt;" in page
    frames_json = re.search(r'<script type="application/json" id="frames">(.*?)</script>', page, re.S).group(1)
    frames = json.loads(frames_json)
    assert len(frames) == n_frames(history) == 7
    assert frames[1]["caption"].startswith("E-step 1:") and frames[2]["label"] == "Frame 2 of 6: M-step 1"
    assert frames[0]["main"]["layout"]["xaxis"]["title"]["text"] == "x &lt;/script&gt;"
    assert page.count("</script>") == page.count("<script")  # no frame text closes a script early
    assert 'data-stem="emviz-nine-points"' in page and 'format: "svg"' in page


def leaves(record, path=()):
    """Every (path, value) in a JSON document, lists' items included (the first few of each)."""
    items = record.items() if isinstance(record, dict) else enumerate(record[:3]) if isinstance(record, list) else ()
    for key, value in items:
        yield (*path, key), value
        yield from leaves(value, (*path, key))


ODD_VALUES = [None, "text", -1, 0, 1e308, True, [], {}, [[1, 2], [3]], float("nan")]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # 1e308 squared overflows before the check refuses it
@pytest.mark.parametrize("name", ["Nine points", "Three clusters in 2-D", OWN_DATA])
def test_any_field_replaced_by_an_odd_value_gives_a_message_never_a_crash(name):
    if name == OWN_DATA:
        source = TableSource.of(np.linspace(0, 1, 12)[:, None] ** 2, ("x",))
        saved = SavedRun(OWN_DATA, source, Guess((0.2, 0.8), (0.1, 0.1), (1.0, 1.0)))
    else:
        saved = SavedRun(name, EXAMPLES[name].data, EXAMPLES[name].guess, max_iter=3)
    data, history = run_of(saved)
    document = run_document(history, saved, data)
    for path, _ in list(leaves(document)):
        for odd in ODD_VALUES:
            changed = json.loads(json.dumps(document))
            record = changed
            for key in path[:-1]:
                record = record[key]
            record[path[-1]] = odd
            try:
                read_run(json.dumps(changed).encode())
            except RunFileError as error:
                assert str(error) and "Traceback" not in str(error)
