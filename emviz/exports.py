"""A run as files to take away: one row per iteration as CSV, and everything as a reloadable JSON.

The JSON export (``"format": "emviz-run"``, ``"version": 1``) holds the data source (the
example, the generated recipe with its seed, Old Faithful, or the learner's own numbers),
the data themselves when generated (up to :data:`EMBEDDED_POINTS`) or the learner's own,
the initial guess as entered, the run settings, and every iteration's parameters and
log-likelihood. :mod:`emviz.run_file` reads it back. Plain Python: no Streamlit here.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import re
from dataclasses import dataclass

import numpy as np

from emviz.data import Dataset, GaussianSpec, GaussianSpec2D, Guess
from emviz.em import History
from emviz.examples import EXAMPLES, OWN_DATA
from emviz.sources import OldFaithfulSource, TableSource

FORMAT = "emviz-run"
VERSION = 1
EMBEDDED_POINTS = 100_000
"""Most generated points written into the JSON (their recipe and seed regenerate them anyway):
100,000 2-D points are about 4 MB, under the app's 5 MB upload limit."""
DataSource = GaussianSpec | GaussianSpec2D | OldFaithfulSource | TableSource
"""Where a run's data come from (:mod:`emviz.sources`)."""
SOURCE_KINDS = {GaussianSpec: "generated", GaussianSpec2D: "generated-2d", OldFaithfulSource: "old-faithful",
                TableSource: "own"}
"""The ``source.kind`` written for each type of data source."""


@dataclass(frozen=True)
class SavedRun:
    """What reproduces a run: the data source, the guess as entered, and the settings.

    Attributes
    ----------
    example : str
        The example's name in the sidebar's menu (:data:`emviz.examples.EXAMPLES`).
    source : GaussianSpec, GaussianSpec2D, OldFaithfulSource or TableSource
    guess : Guess
        The initial guess, weights as entered (before dividing by their sum).
    max_iter : int, default=200
    tol : float, default=1e-6
    reg_covar : float, default=1e-6
    hard : bool, default=False
        Hard EM (each point given wholly to one Gaussian).
    name : str, default=""
        Where the learner's own numbers came from (a file's name), else "".
    """

    example: str
    source: DataSource
    guess: Guess
    max_iter: int = 200
    tol: float = 1e-6
    reg_covar: float = 1e-6
    hard: bool = False
    name: str = ""


def example_for(source: DataSource, preferred: str) -> str:
    """The example a data source belongs to: ``preferred`` if its kind of data fits, else the first that fits.

    The sidebar can show the last data that worked under another example's name (the learner
    picked *Your own data* and has not loaded any yet): the export names the data's own example.
    """
    def fits(name: str) -> bool:
        preset = EXAMPLES[name]
        if preset is None or isinstance(source, TableSource):
            return preset is None and isinstance(source, TableSource)
        if type(preset.data) is not type(source):
            return False
        if isinstance(source, OldFaithfulSource) and isinstance(preset.data, OldFaithfulSource):
            return preset.data.columns == source.columns
        return len(preset.data.means) == len(source.means) and getattr(preset.data, "decimals", None) == getattr(
            source, "decimals", None)

    if preferred in EXAMPLES and fits(preferred):
        return preferred
    return next((name for name in EXAMPLES if fits(name)), OWN_DATA)


def file_stem(example: str) -> str:
    """The start of every exported file's name: ``emviz-`` and the example's name in lower-case words.

    >>> file_stem("Classic (20 and 40)")
    'emviz-classic-20-and-40'
    """
    words = re.findall(r"[a-z0-9]+", example.lower())
    return "-".join(["emviz", *words[:6]])


def _number(value) -> float | None:
    """A float for JSON (non-finite values, which JSON cannot hold, as null)."""
    value = float(value)
    return value if math.isfinite(value) else None


def parameter_columns(n_components: int, dimensions: int) -> list[str]:
    """Names of the CSV's parameter columns: weight, µ and σ (1-D) or covariance (2-D) of each Gaussian."""
    columns = []
    for k in range(1, n_components + 1):
        columns.append(f"weight_{k}")
        if dimensions == 1:
            columns += [f"mu_{k}", f"sigma_{k}"]
            continue
        axes = "xy"  # the app's data have one or two columns
        columns += [f"mu_{k}_{a}" for a in axes]
        columns += [f"cov_{k}_{a}{b}" for i, a in enumerate(axes) for b in axes[i:]]
    return columns


def _parameters(mixture) -> list[float]:
    """One mixture's parameters in the order of :func:`parameter_columns`."""
    values = []
    upper = np.triu_indices(mixture.n_features)
    for k in range(mixture.n_components):
        values.append(float(mixture.weights[k]))
        if mixture.n_features == 1:
            values += [float(mixture.means[k, 0]), float(mixture.sigmas[k])]
            continue
        values += [float(v) for v in mixture.means[k]]
        values += [float(v) for v in mixture.covariances[k][upper]]
    return values


def iteration_rows(history: History) -> list[dict[str, float | int | None]]:
    """One row per mixture of the run: iteration t (0 is the guess), the log-likelihood, every parameter."""
    columns = parameter_columns(history.mixtures[0].n_components, history.mixtures[0].n_features)
    return [{"iteration": t, "log_likelihood": _number(log_likelihood),
             **dict(zip(columns, _parameters(mixture)))}
            for t, (mixture, log_likelihood) in enumerate(zip(history.mixtures, history.log_likelihoods))]


def _plain(value):
    """Tuples as lists, numpy scalars as Python numbers: a value JSON can hold."""
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    return value


def source_record(saved: SavedRun) -> dict:
    """The data source as JSON: its kind, the example it belongs to, and its recipe."""
    source = saved.source
    record = {"kind": SOURCE_KINDS[type(source)], "example": saved.example}
    if isinstance(source, TableSource):
        return {**record, "name": saved.name, "columns": list(source.columns), "standardise": source.standardise}
    return {**record, **{field.name: _plain(getattr(source, field.name)) for field in dataclasses.fields(source)}}


def data_record(saved: SavedRun, data: Dataset) -> dict | None:
    """The points themselves, column by column: the learner's own numbers, or generated ones up to a size.

    Old Faithful ships with emviz and is not repeated. Own numbers are written as entered
    (before standardising), so that reading them back gives the same source.
    """
    source = saved.source
    if isinstance(source, TableSource):
        columns, values = source.columns, source.values
    elif isinstance(source, (GaussianSpec, GaussianSpec2D)) and len(data.x) <= EMBEDDED_POINTS:
        values = data.x.reshape(len(data.x), -1)
        columns = data.columns if len(data.columns) == values.shape[1] else tuple("xy"[: values.shape[1]])
    else:
        return None
    return {"columns": list(columns), "values": [values[:, j].tolist() for j in range(values.shape[1])]}


def run_document(history: History, saved: SavedRun, data: Dataset, problem: str | None = None) -> dict:
    """Everything about a run, as a JSON-ready dict (see the module's docstring)."""
    guess = saved.guess
    return {
        "format": FORMAT,
        "version": VERSION,
        "source": source_record(saved),
        "data": data_record(saved, data),
        "settings": {"n_components": guess.n_components, "max_iter": saved.max_iter, "tol": saved.tol,
                     "reg_covar": saved.reg_covar, "hard": saved.hard},
        "guess": {"means": _plain(guess.means), "sigmas": _plain(guess.sigmas), "weights": _plain(guess.weights)},
        "result": {"n_points": history.n_points, "dimensions": history.x.shape[1], "n_iter": history.n_iter,
                   "converged": history.converged, "problem": problem},
        "columns": ["iteration", "log_likelihood",
                    *parameter_columns(guess.n_components, history.x.shape[1])],
        "iterations": [list(row.values()) for row in iteration_rows(history)],
    }


def run_json(history: History, saved: SavedRun, data: Dataset, problem: str | None = None) -> str:
    """The run as the reloadable JSON export (compact; floats written exactly)."""
    return json.dumps(run_document(history, saved, data, problem), ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False)


def _setting_lines(saved: SavedRun, history: History, problem: str | None) -> list[str]:
    """The ``# `` lines above the CSV's table: source, settings, guess and how the run ended."""
    source = source_record(saved)
    recipe = ", ".join(f"{key}={json.dumps(value, ensure_ascii=False)}" for key, value in source.items()
                       if key not in ("kind", "example"))
    guess = saved.guess
    ending = problem or ("converged" if history.converged else "stopped at max_iter")
    return [f"emviz run export, format {FORMAT} version {VERSION} (the JSON export reloads it)",
            f"example: {saved.example}",
            f"data source: {source['kind']}: {recipe}",
            f"points: {history.n_points}, dimensions: {history.x.shape[1]}",
            f"K: {guess.n_components}, max_iter: {saved.max_iter}, tol: {saved.tol!r}, "
            f"reg_covar: {saved.reg_covar!r}, EM: {'hard' if saved.hard else 'soft'}",
            f"initial guess: means={json.dumps(_plain(guess.means))}, sigmas={json.dumps(_plain(guess.sigmas))}, "
            f"weights={json.dumps(_plain(guess.weights))}",
            f"iterations: {history.n_iter}, {ending}",
            "row t: the parameters after t M-steps (0: the guess) and the total log-likelihood under them"]


def run_csv(history: History, saved: SavedRun, problem: str | None = None) -> str:
    """One row per iteration (every parameter and the log-likelihood), under ``# `` lines of settings.

    ``pandas.read_csv(path, comment="#")`` reads the table; floats are written exactly.
    """
    out = io.StringIO()
    out.writelines(f"# {line}\n" for line in _setting_lines(saved, history, problem))
    rows = iteration_rows(history)
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
