"""Read a JSON run export (:mod:`emviz.exports`) back: every field checked, every problem said in words.

:func:`read_run` returns the :class:`~emviz.exports.SavedRun` that reproduces the run, or
raises :class:`RunFileError` with one plain sentence (a file that is not JSON, not an emviz
export, from a newer emviz, hand-edited into something unusable). Plain Python: no Streamlit.
"""

from __future__ import annotations

import json
import math

import numpy as np

from emviz.data import DataError, Dataset, GaussianSpec, GaussianSpec2D, Guess
from emviz.examples import EXAMPLES
from emviz.exports import FORMAT, SOURCE_KINDS, VERSION, DataSource, SavedRun
from emviz.sources import OldFaithfulSource, TableSource, check_components, check_own_data, load

AGAIN = "Export the run again from the Step through EM page."


class RunFileError(DataError):
    """The file is not a run export emviz can reload; the message says why, in words."""


def _missing(path: str, what: str) -> RunFileError:
    return RunFileError(f"In this file, “{path}” is missing or is not {what}: the file was probably edited "
                        f"or damaged. {AGAIN}")


def _field(record: dict | None, name: str, kind: type | tuple, path: str, what: str):
    value = record.get(name) if isinstance(record, dict) else None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise _missing(path, what)
    return value


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _numbers(value, path: str, length: int | None = None) -> tuple[float, ...]:
    """A list of finite numbers (of ``length``, if given) as a tuple of floats."""
    if not isinstance(value, list) or not all(map(_is_number, value)) or length not in (None, len(value)):
        raise _missing(path, "a list of numbers" if length is None else f"a list of {length} numbers")
    return tuple(float(item) for item in value)


def _whole_numbers(value, path: str, length: int) -> tuple[int, ...]:
    numbers = _numbers(value, path, length)
    if not all(number.is_integer() for number in numbers):
        raise _missing(path, f"a list of {length} whole numbers")
    return tuple(int(number) for number in numbers)


def _whole(record: dict, name: str, path: str) -> int:
    value = _field(record, name, (int, float), path, "a whole number")
    if not _is_number(value) or not float(value).is_integer():
        raise _missing(path, "a whole number")
    return int(value)


def _document(raw: bytes) -> dict:
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise RunFileError("This file does not read as JSON, so it is not a run exported by emviz. "
                           f"{AGAIN}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise RunFileError(f"This JSON file is not a run exported by emviz (it has no \"format\": \"{FORMAT}\"). "
                           f"{AGAIN}")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _missing("version", "a version number")
    if version > VERSION:
        raise RunFileError(f"This run was exported by a newer emviz (file format version {version}); this one "
                           f"reads version {VERSION}. Update emviz, or export the run again with this one.")
    return document


def _generated(record: dict, preset) -> GaussianSpec | GaussianSpec2D:
    """The recipe of generated data, as many Gaussians as the example has (the sidebar's controls)."""
    n = len(preset.data.means)
    counts = _whole_numbers(record.get("counts"), "source.counts", n)
    seed = _whole(record, "seed", "source.seed")
    if isinstance(preset.data, GaussianSpec):
        if record.get("decimals") != preset.data.decimals:
            raise _missing("source.decimals", f"{preset.data.decimals} (the example's rounding)")
        return GaussianSpec(_numbers(record.get("means"), "source.means", n),
                            _numbers(record.get("sigmas"), "source.sigmas", n), counts, seed, preset.data.decimals)
    means = record.get("means")
    if not isinstance(means, list) or len(means) != n:
        raise _missing("source.means", f"a list of {n} points")
    points = [_numbers(mean, "source.means", 2) for mean in means]
    return GaussianSpec2D(tuple((x, y) for x, y in points),
                          _numbers(record.get("sigma_x"), "source.sigma_x", n),
                          _numbers(record.get("sigma_y"), "source.sigma_y", n),
                          _numbers(record.get("correlation"), "source.correlation", n), counts, seed)


def _own(record: dict, data: dict | None) -> TableSource:
    """The learner's own numbers, carried in the file's ``data``."""
    columns = _field(record, "columns", list, "source.columns", "a list of column names")
    if not 1 <= len(columns) <= 2 or not all(isinstance(name, str) for name in columns) \
            or len(set(columns)) != len(columns):
        raise _missing("source.columns", "one or two different column names")
    values = _field(data, "values", list, "data.values", "the numbers of the data")
    if len(values) != len(columns):
        raise _missing("data.values", f"{len(columns)} column(s) of numbers")
    numbers = [_numbers(column, "data.values") for column in values]
    if len({len(column) for column in numbers}) != 1:
        raise _missing("data.values", "columns of equal length")
    table = np.array(numbers).T
    try:
        check_own_data(table)
    except ValueError as error:  # DataError, or no points at all
        raise RunFileError(f"The numbers in this file cannot be fitted: {error}") from None
    standardise = _field(record, "standardise", bool, "source.standardise", "true or false")
    return TableSource.of(table, tuple(columns), standardise)


def _source(document: dict) -> tuple[str, DataSource]:
    """The example's name and the data source of the file."""
    record = _field(document, "source", dict, "source", "a description of the data")
    example = _field(record, "example", str, "source.example", "the name of an example")
    if example not in EXAMPLES:
        raise RunFileError(f"This file names an example this emviz does not have: “{example[:80]}”. {AGAIN}")
    preset = EXAMPLES[example]
    kind = "own" if preset is None else SOURCE_KINDS[type(preset.data)]
    if record.get("kind") != kind:
        raise _missing("source.kind", f"“{kind}” (the kind of data of “{example}”)")
    if preset is None:
        return example, _own(record, document.get("data"))
    if isinstance(preset.data, OldFaithfulSource):
        standardise = _field(record, "standardise", bool, "source.standardise", "true or false")
        if record.get("columns") != list(preset.data.columns):
            raise _missing("source.columns", f"{list(preset.data.columns)} (the columns of “{example}”)")
        return example, OldFaithfulSource(preset.data.columns, standardise)
    return example, _generated(record, preset)


def _check_embedded(document: dict, source, data: Dataset) -> None:
    """Generated points written in the file must be the ones their recipe gives."""
    record = document.get("data")
    if record is None or isinstance(source, (TableSource, OldFaithfulSource)):
        return
    values = _field(record, "values", list, "data.values", "the numbers of the data")
    points = data.x.reshape(len(data.x), -1)
    if len(values) != points.shape[1] or any(_numbers(column, "data.values") != tuple(points[:, j])
                                             for j, column in enumerate(values)):
        raise RunFileError("The points written in this file are not the ones its recipe (the true Gaussians "
                           f"and the seed) draws: the file was edited. {AGAIN}")


def _guess(document: dict, dimensions: int) -> Guess:
    record = _field(document, "guess", dict, "guess", "the initial guess")
    weights = _numbers(record.get("weights"), "guess.weights")
    n = len(weights)
    means: tuple
    sigmas: tuple
    if dimensions == 1:
        means, sigmas = _numbers(record.get("means"), "guess.means", n), _numbers(record.get("sigmas"),
                                                                                  "guess.sigmas", n)
    else:
        rows = [record.get(name) for name in ("means", "sigmas")]
        if not all(isinstance(row, list) and len(row) == n for row in rows):
            raise _missing("guess.means and guess.sigmas", f"{n} points of {dimensions} numbers each")
        means, sigmas = (tuple(_numbers(item, f"guess.{name}", dimensions) for item in row)
                         for name, row in zip(("means", "sigmas"), rows))
    guess = Guess(means, sigmas, weights)
    if n == 0 or min(weights) < 0:
        raise _missing("guess.weights", "a list of weights of 0 or more")
    try:
        guess.to_mixture()
    except ValueError as error:
        raise RunFileError(f"The initial guess in this file cannot start EM: {error}") from None
    return guess


def read_run(raw: bytes) -> SavedRun:
    """The run saved in a JSON export.

    Parameters
    ----------
    raw : bytes
        The file's content.

    Returns
    -------
    SavedRun

    Raises
    ------
    RunFileError
        The file is not a usable run export; the message says why.
    """
    document = _document(raw)
    example, source = _source(document)
    try:
        data = load(source)
    except ValueError as error:  # the generators' own messages: a σ below 0, too many points, …
        raise RunFileError(f"The data of this file cannot be drawn: {error}") from None
    _check_embedded(document, source, data)
    guess = _guess(document, 1 if data.x.ndim == 1 else data.x.shape[1])
    try:
        check_components(data.x, guess.n_components)
    except DataError as error:
        raise RunFileError(str(error)) from None
    settings = _field(document, "settings", dict, "settings", "the run settings")
    tol, reg_covar = (_field(settings, name, (int, float), f"settings.{name}", "a number") for name in
                      ("tol", "reg_covar"))
    if not (_is_number(tol) and _is_number(reg_covar) and tol >= 0 and reg_covar >= 0):
        raise _missing("settings.tol and settings.reg_covar", "numbers of 0 or more")
    name = document["source"].get("name", "") if isinstance(source, TableSource) else ""
    return SavedRun(example, source, guess, max_iter=_whole(settings, "max_iter", "settings.max_iter"),
                    tol=float(tol), reg_covar=float(reg_covar),
                    hard=_field(settings, "hard", bool, "settings.hard", "true or false"),
                    name=name if isinstance(name, str) else "")
