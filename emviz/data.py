"""Data for the app: seeded generators, the classroom presets, Old Faithful and the learner's own files.

Everything here uses numpy and the standard library only. Invalid settings raise
:class:`ValueError`; files and pasted text the app cannot read raise
:class:`DataError` (a :class:`ValueError`) with a sentence saying what to do.
"""

from __future__ import annotations

import csv
import importlib.resources
import io
import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from emviz.mixture import Mixture, as_points

if TYPE_CHECKING:  # sources builds on this module; Preset only names its type
    from emviz.sources import Source

MAX_POINTS_PER_COMPONENT = 500_000
"""Largest sample per Gaussian the generator accepts."""
MAX_POINTS = 1_000_000
"""Largest sample in all."""


@dataclass(frozen=True)
class GaussianSpec:
    """How to draw a 1-D sample from a few Gaussians (two by default).

    Parameters
    ----------
    means, sigmas : tuple of float
        The true µ and σ of each Gaussian.
    counts : tuple of int
        How many points each Gaussian contributes.
    seed : int
        Seed of the random generator: the same spec gives the same sample.
    decimals : int or None
        Round the points to this many decimals (small examples read better).
    """

    means: tuple[float, ...] = (20.0, 40.0)
    sigmas: tuple[float, ...] = (5.0, 5.0)
    counts: tuple[int, ...] = (3000, 7000)
    seed: int = 0
    decimals: int | None = None


@dataclass(frozen=True, eq=False)
class Dataset:
    """A sample with, when it was generated, the truth behind it.

    Attributes
    ----------
    x : ndarray, shape (N,) or (N, d)
        The points, read-only.
    labels : ndarray of int, shape (N,), or None
        The Gaussian each point was drawn from (None for real data).
    truth : Mixture or None
        The mixture the points were drawn from (weights = shares of points).
    columns : tuple of str
        A name, with its unit where known, for each dimension (axis titles).
    """

    x: np.ndarray
    labels: np.ndarray | None = None
    truth: Mixture | None = None
    columns: tuple[str, ...] = ("x",)


def generate_gaussians(spec: GaussianSpec) -> Dataset:
    """Draw ``spec.counts[k]`` points from N(µ_k, σ_k²) for each Gaussian k, shuffled.

    Parameters
    ----------
    spec : GaussianSpec

    Returns
    -------
    Dataset

    Raises
    ------
    ValueError
        If a σ is not positive, a count is out of range, or a value is not finite.
    """
    counts = checked_counts(spec.counts)
    truth = Mixture.univariate(counts / counts.sum(), spec.means, spec.sigmas)
    rng = np.random.default_rng(spec.seed)
    labels = _shuffled_labels(counts, rng)
    x = np.asarray(spec.means)[labels] + np.asarray(spec.sigmas)[labels] * rng.standard_normal(labels.size)
    if spec.decimals is not None:
        x = np.round(x, spec.decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    return _generated(x, labels, truth, ("x",))


def checked_counts(counts) -> np.ndarray:
    """The points per Gaussian as an array, once they are within the generators' limits.

    Parameters
    ----------
    counts : sequence of int

    Returns
    -------
    ndarray of int

    Raises
    ------
    ValueError
        If a count is below 1 or above :data:`MAX_POINTS_PER_COMPONENT`, or the
        total is above :data:`MAX_POINTS`; the message names the Gaussian or adds
        the counts up.
    """
    counts = np.asarray(counts)
    for k, count in enumerate(counts.tolist()):
        if not 1 <= count <= MAX_POINTS_PER_COMPONENT:
            raise ValueError(f"Gaussian {k + 1} has {count:,} points; each Gaussian needs between 1 and "
                             f"{MAX_POINTS_PER_COMPONENT:,} points.")
    if counts.sum() > MAX_POINTS:
        raise ValueError(f"{' + '.join(f'{count:,}' for count in counts.tolist())} = {int(counts.sum()):,} points, "
                         f"more than the {MAX_POINTS:,} in all; draw fewer from some Gaussian.")
    return counts


def _shuffled_labels(counts: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``counts[k]`` copies of each label k, in random order."""
    return rng.permutation(np.repeat(np.arange(counts.size), counts))


def _generated(x: np.ndarray, labels: np.ndarray, truth: Mixture, columns: tuple[str, ...]) -> Dataset:
    """A generated :class:`Dataset` whose arrays cannot be written to."""
    x.setflags(write=False)
    labels.setflags(write=False)
    return Dataset(x=x, labels=labels, truth=truth, columns=columns)


@dataclass(frozen=True)
class Guess:
    """An initial guess, as the learner enters it.

    In 1-D ``means`` and ``sigmas`` hold one number per component; in d dimensions
    one tuple of d numbers each (σ along each axis: the guess starts without
    correlation). Weights need not sum to 1: :meth:`to_mixture` renormalises them.
    """

    means: tuple
    sigmas: tuple
    weights: tuple[float, ...]

    @property
    def n_components(self) -> int:
        """Number of components K."""
        return len(self.weights)

    def to_mixture(self) -> Mixture:
        """The guess as a :class:`Mixture`, weights divided by their sum.

        Raises
        ------
        ValueError
            If all weights are zero or a value is invalid.
        """
        weights = np.asarray(self.weights, dtype=float)
        if not weights.sum() > 0:
            raise ValueError("At least one weight must be above 0.")
        means, sigmas = np.asarray(self.means, dtype=float), np.asarray(self.sigmas, dtype=float)
        if means.ndim == 1:
            return Mixture.univariate(weights / weights.sum(), means, sigmas)
        for k, row in enumerate(sigmas):
            if not np.all(row > 0):
                raise ValueError(f"Every σ of component {k + 1} must be positive; choose values above 0.")
        return Mixture(weights / weights.sum(), means, np.array([np.diag(row ** 2) for row in sigmas]))


@dataclass(frozen=True)
class Preset:
    """A ready-made classroom example: the data and a starting guess.

    Attributes
    ----------
    name : str
        What the learner picks in the menu.
    description : str
        One sentence on what the example shows.
    data : GaussianSpec, GaussianSpec2D, OldFaithfulSource or TableSource
        The data source (:data:`emviz.sources.Source`).
    guess : Guess
    reg_covar : float or None
        A reg_covar the example needs (the collapse example sets 0), or None to
        keep the learner's setting.
    """

    name: str
    description: str
    data: Source
    guess: Guess
    reg_covar: float | None = None


PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in (
        Preset(
            "Classic (20 and 40)",
            "The textbook example: 3,000 points from N(20, 5²) and 7,000 from N(40, 5²).",
            GaussianSpec(),
            Guess(means=(10.0, 50.0), sigmas=(5.0, 5.0), weights=(0.5, 0.5)),
        ),
        Preset(
            "Nine points",
            "Nine points, few enough to follow every number of every step.",
            GaussianSpec(means=(2.0, 7.0), sigmas=(1.0, 1.2), counts=(4, 5), seed=5, decimals=1),
            Guess(means=(3.0, 5.0), sigmas=(2.0, 2.0), weights=(0.5, 0.5)),
        ),
        Preset(
            "Heavy overlap",
            "Two Gaussians only one σ apart: EM needs many iterations to pull them apart.",
            GaussianSpec(means=(30.0, 36.0), sigmas=(6.0, 6.0), counts=(5000, 5000)),
            Guess(means=(25.0, 45.0), sigmas=(6.0, 6.0), weights=(0.5, 0.5)),
        ),
        Preset(
            "Unequal spread",
            "One narrow Gaussian (σ = 2) beside a wide one (σ = 10).",
            GaussianSpec(means=(25.0, 40.0), sigmas=(2.0, 10.0), counts=(4000, 6000)),
            Guess(means=(15.0, 55.0), sigmas=(6.0, 6.0), weights=(0.5, 0.5)),
        ),
        Preset(
            "Lopsided weights",
            "5% of the points from one Gaussian, 95% from the other.",
            GaussianSpec(means=(20.0, 40.0), sigmas=(5.0, 5.0), counts=(500, 9500)),
            Guess(means=(10.0, 50.0), sigmas=(5.0, 5.0), weights=(0.5, 0.5)),
        ),
        Preset(
            "Three clusters, two Gaussians",
            "Three groups fitted with two Gaussians: restarts end in different local optima.",
            GaussianSpec(means=(10.0, 25.0, 40.0), sigmas=(3.0, 3.0, 3.0), counts=(3000, 3000, 3000)),
            Guess(means=(12.0, 20.0), sigmas=(5.0, 5.0), weights=(0.5, 0.5)),
        ),
        Preset(
            "Identical start",
            "Both Gaussians start the same: every point is split 50/50 and EM can never separate them.",
            GaussianSpec(),
            Guess(means=(30.0, 30.0), sigmas=(10.0, 10.0), weights=(0.5, 0.5)),
        ),
        Preset(
            "Collapse onto a point",
            "A narrow Gaussian on a lone point with reg_covar = 0: σ shrinks to nothing and the "
            "log-likelihood runs off to +∞.",
            GaussianSpec(means=(2.0, 7.0), sigmas=(1.0, 1.2), counts=(4, 5), seed=5, decimals=1),
            Guess(means=(9.0, 4.0), sigmas=(0.5, 2.5), weights=(0.3, 0.7)),
            reg_covar=0.0,
        ),
    )
}
DEFAULT_PRESET = "Classic (20 and 40)"


def random_guess(x: np.ndarray, n_components: int, rng: np.random.Generator) -> Guess:
    """A random starting guess that fits the data's range.

    Means are drawn uniformly between the 5th and 95th percentiles of each
    coordinate, σ between 10% and 50% of its standard deviation, weights between
    0.2 and 1 (before normalising).

    Parameters
    ----------
    x : ndarray, shape (N,) or (N, d)
    n_components : int
    rng : numpy.random.Generator

    Returns
    -------
    Guess
        1-D when ``x`` is 1-D.
    """
    points = as_points(x)
    low, high = np.percentile(points, [5, 95], axis=0)
    spread = np.where(np.ptp(points, axis=0) > 0, np.std(points, axis=0), 1.0)  # constant data: std is noise
    means = rng.uniform(low, high, (n_components, points.shape[1]))
    sigmas = rng.uniform(0.1, 0.5, (n_components, points.shape[1])) * spread
    weights = rng.uniform(0.2, 1.0, n_components)
    if points.shape[1] == 1:
        return Guess(tuple(means[:, 0].tolist()), tuple(sigmas[:, 0].tolist()), tuple(weights.tolist()))
    return Guess(tuple(map(tuple, means.tolist())), tuple(map(tuple, sigmas.tolist())), tuple(weights.tolist()))


# --- 2-D samples -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GaussianSpec2D:
    """How to draw a 2-D sample from a few Gaussians (two by default).

    Each Gaussian k is N(µ_k, Σ_k) with
    Σ_k = [[σx_k², ρ_k σx_k σy_k], [ρ_k σx_k σy_k, σy_k²]].

    Parameters
    ----------
    means : tuple of (float, float)
        The true mean (x, y) of each Gaussian.
    sigma_x, sigma_y : tuple of float
        The standard deviation of each Gaussian along x and along y; positive.
    correlation : tuple of float
        The correlation ρ of x and y within each Gaussian, strictly between −1 and 1
        (0: the ellipse's axes follow the x and y axes; near ±1: a thin tilted ellipse).
    counts : tuple of int
        How many points each Gaussian contributes.
    seed : int
        Seed of the random generator: the same spec gives the same sample.
    """

    means: tuple[tuple[float, float], ...] = ((0.0, 0.0), (4.0, 3.0))
    sigma_x: tuple[float, ...] = (1.0, 1.5)
    sigma_y: tuple[float, ...] = (1.0, 1.0)
    correlation: tuple[float, ...] = (0.0, 0.5)
    counts: tuple[int, ...] = (3000, 7000)
    seed: int = 0


def generate_gaussians_2d(spec: GaussianSpec2D) -> Dataset:
    """Draw ``spec.counts[k]`` points from the 2-D Gaussian N(µ_k, Σ_k) for each k, shuffled.

    Parameters
    ----------
    spec : GaussianSpec2D

    Returns
    -------
    Dataset
        ``x`` of shape (N, 2), the labels, and the truth as a :class:`Mixture`
        with full 2×2 covariances (weights = shares of points).

    Raises
    ------
    ValueError
        If a count is out of range, the values per Gaussian do not match the
        counts, a σ is not positive, a correlation is not strictly between −1
        and 1, or a value is not finite.
    """
    counts = checked_counts(spec.counts)
    n_gaussians = counts.size
    means = np.asarray(spec.means, dtype=float)
    if means.shape != (n_gaussians, 2):
        raise ValueError(
            f"Give one (x, y) mean per Gaussian: {n_gaussians} counts but means of shape {means.shape}."
        )
    sigma_x = _per_gaussian("sigma_x", spec.sigma_x, n_gaussians)
    sigma_y = _per_gaussian("sigma_y", spec.sigma_y, n_gaussians)
    rho = _per_gaussian("correlation", spec.correlation, n_gaussians)
    for name, sigmas in (("σx", sigma_x), ("σy", sigma_y)):
        for k, sigma in enumerate(sigmas):
            if not sigma > 0:
                raise ValueError(f"{name} of Gaussian {k + 1} must be positive (it is {sigma:g}); "
                                 "choose a value above 0.")
    for k, value in enumerate(rho):
        if not -1 < value < 1:
            raise ValueError(f"The correlation of Gaussian {k + 1} is {value:g}; it must be strictly "
                             "between −1 and 1 (at ±1 every point would lie on one line).")
    covariance = rho * sigma_x * sigma_y
    covariances = np.stack([[sigma_x**2, covariance], [covariance, sigma_y**2]]).transpose(2, 0, 1)
    truth = Mixture(counts / counts.sum(), means, covariances)
    rng = np.random.default_rng(spec.seed)
    labels = _shuffled_labels(counts, rng)
    z = rng.standard_normal((labels.size, 2))
    # The Cholesky factor of Σ_k is [[σx, 0], [ρ σy, σy √(1 − ρ²)]]: it turns independent
    # standard normals z into correlated offsets.
    x = np.empty((labels.size, 2))
    x[:, 0] = means[labels, 0] + sigma_x[labels] * z[:, 0]
    x[:, 1] = means[labels, 1] + sigma_y[labels] * (rho[labels] * z[:, 0] + np.sqrt(1 - rho**2)[labels] * z[:, 1])
    return _generated(x, labels, truth, ("x", "y"))


def _per_gaussian(name: str, values, n_gaussians: int) -> np.ndarray:
    """``values`` as a float array with one entry per Gaussian, or a ValueError saying so."""
    array = np.asarray(values, dtype=float)
    if array.shape != (n_gaussians,):
        raise ValueError(f"Give one {name} per Gaussian: {n_gaussians} counts but {name} = {values!r}.")
    return array


# --- Old Faithful ----------------------------------------------------------------------------------

OLD_FAITHFUL_COLUMNS = ("eruptions", "waiting")
"""The columns of :func:`old_faithful`: eruption length and waiting time to the next eruption, in minutes."""


def old_faithful() -> np.ndarray:
    """The Old Faithful geyser data: 272 eruptions at Yellowstone.

    The data set of R's ``datasets::faithful`` (Härdle, 1991; from Azzalini and
    Bowman, 1990) and of Bishop, *Pattern Recognition and Machine Learning*,
    Figure 9.8, the textbook picture of EM on a two-component Gaussian mixture.
    The file and its provenance ship in the package ``emviz.assets``.

    Returns
    -------
    ndarray, shape (272, 2)
        Read-only; the columns are :data:`OLD_FAITHFUL_COLUMNS`: eruption length
        (minutes) and waiting time to the next eruption (minutes).
    """
    table = load_csv(importlib.resources.files("emviz.assets").joinpath("old_faithful.csv").read_bytes())
    if table.columns != OLD_FAITHFUL_COLUMNS or table.message:
        raise RuntimeError(f"The packaged old_faithful.csv is damaged: {table.message or table.columns}")
    return table.values




# --- the learner's own numbers: CSV files and pasted lists ----------------------------------------

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Largest file (or pasted text) accepted, in bytes: 5 MB."""
MAX_ROWS = MAX_POINTS
"""Most rows of data (or pasted numbers) accepted: as many points as the generators allow."""
MAX_FIELDS = 1_000
"""Most fields (columns) in a line."""
SAMPLE_LINES = 20
"""How many of the first non-blank lines decide the separator."""


class DataError(ValueError):
    """The learner's file or text cannot be read; the message says why and what to do."""


@dataclass(frozen=True, eq=False)
class LoadedData:
    """A table of numbers read by :func:`load_csv`.

    Attributes
    ----------
    columns : tuple of str
        Names of the numeric columns (unique), in the file's order.
    values : ndarray, shape (N, len(columns))
        The numbers, all finite, read-only.
    message : str
        What was left out or assumed, in sentences for the learner ("" if nothing).
    dropped_rows : int
        Rows left out because a numeric column held a blank, non-numeric or infinite value.
    text_columns : tuple of str
        Columns left out because most of their entries are not numbers.
    has_header : bool
        Whether the first row held the column names.
    delimiter : str
        The field separator used: ``","``, ``";"``, ``"\\t"``, or ``""`` for a single
        column with decimal commas (``1,5`` on each line).
    decimal_comma : bool
        Whether commas were read as decimal points (semicolon-separated files and
        single columns such as ``1,5 / 2,25``).
    ambiguous : bool
        Whether the commas could as well be read the other way (every line is two
        whole numbers with a comma between, and no header tells): then
        ``load_csv(data, decimal_comma=not table.decimal_comma)`` gives the other reading.
    """

    columns: tuple[str, ...]
    values: np.ndarray
    message: str = ""
    dropped_rows: int = 0
    text_columns: tuple[str, ...] = ()
    has_header: bool = True
    delimiter: str = ","
    decimal_comma: bool = False
    ambiguous: bool = False

    def __post_init__(self) -> None:
        values = np.array(self.values, dtype=float)
        if values.ndim != 2 or values.shape[1] != len(self.columns):
            raise ValueError(f"{len(self.columns)} column names but values of shape {values.shape}.")
        if not np.all(np.isfinite(values)):
            raise ValueError("The values must be finite numbers (no NaN or infinity).")
        values.setflags(write=False)
        object.__setattr__(self, "columns", tuple(self.columns))
        object.__setattr__(self, "values", values)


@dataclass(frozen=True, eq=False)
class ParsedNumbers:
    """A list of numbers read by :func:`parse_numbers`.

    Attributes
    ----------
    values : ndarray, shape (N,)
        The finite numbers in the order typed, read-only.
    dropped : int
        Entries left out: not numbers, or NaN or infinite.
    decimal_comma : bool
        Whether the text held commas and they were read as decimal points.
    message : str
        What was left out or assumed, in sentences for the learner ("" if nothing).
    ambiguous : bool
        Whether the commas could as well be read the other way (every entry is
        two whole numbers with a comma between, "1,5 2,5"): then
        ``parse_numbers(text, decimal_comma=not parsed.decimal_comma)`` gives that reading.
    """

    values: np.ndarray
    dropped: int = 0
    decimal_comma: bool = False
    message: str = ""
    ambiguous: bool = False


def load_csv(data: bytes, decimal_comma: bool | None = None) -> LoadedData:
    """Read a table of numbers from the bytes of a CSV (or TSV) file.

    The separator (comma, semicolon or tab) is guessed from the first
    :data:`SAMPLE_LINES` non-blank lines; with semicolons, commas are decimal
    points ("1,5;2,25"). A single column with decimal commas ("1,5" on each
    line, below a header without commas, or beside lines without a comma) is
    read as one column of decimals; when nothing tells it from two columns of
    whole numbers, :attr:`LoadedData.ambiguous` says so. Quoted fields, Windows or old Mac line endings and a
    UTF-8 byte-order mark are fine. A column is numeric when most of its
    non-blank entries are numbers; blanks and missing-value markers (NA, N/A,
    NaN, null, None, -, ?) do not count. The first row is a header unless it
    holds numbers where the other rows do (then the columns are called
    "column 1", "column 2", …, by position). Text columns are left out, and so
    are rows with a blank, non-numeric or infinite entry in a numeric column;
    :attr:`LoadedData.message` says what was left out or assumed.

    Parameters
    ----------
    data : bytes
        The file's content.
    decimal_comma : bool or None, default=None
        None: decide from the text. True: commas are decimal points (in one column
        unless tabs or semicolons separate the fields). False: commas separate fields.

    Returns
    -------
    LoadedData

    Raises
    ------
    DataError
        If the file is empty, larger than 5 MB, binary or not UTF-8, has an
        unclosed quote, more than :data:`MAX_FIELDS` fields in its first line or
        more than :data:`MAX_ROWS` rows of data, no numeric column, or no row with
        a number in every numeric column.

    Examples
    --------
    >>> table = load_csv(b"x;y\\n1,5;2\\n2,5;oops\\n3;4,25\\n")
    >>> table.columns, table.values.tolist()
    (('x', 'y'), [[1.5, 2.0], [3.0, 4.25]])
    >>> print(table.message)  # doctest: +ELLIPSIS
    Read as semicolon-separated values, with commas as decimal points (1,5 = 1.5). Dropped 1 row ... (in 'y').
    """
    text = _decode(data)
    sample = _first_lines(text)
    if not sample:
        raise DataError("The file is empty. Choose a CSV file with at least one column of numbers.")
    _check_field_count(max(sample[0].count(d) for d in _DELIMITERS) + 1)
    delimiter = _guess_delimiter(sample)
    one_column = _decimal_comma_column(sample) if delimiter == "," else None
    ambiguous = decimal_comma is None and one_column == _EITHER
    if decimal_comma is None:
        decimal_comma = delimiter == ";" or one_column == _DECIMAL
    if decimal_comma and delimiter == ",":
        delimiter = ""
    records = _records(text, delimiter or "\0")  # NUL: no text holds it, so a single column stays whole
    if not records:
        raise DataError("The file holds only separators and blanks. Choose a CSV file with at least one "
                        "column of numbers.")
    n_fields = records[0].count("\0") + 1
    _check_field_count(n_fields)  # the first record can span lines when a quoted field holds line breaks
    if len(records) > MAX_ROWS + 1:  # + 1: the header; refused before reading every field
        raise _too_many_rows(len(records) - _has_header(*_kinds(records[:SAMPLE_LINES], n_fields, decimal_comma)))
    records, n_too_long = _fit_records(records, n_fields)
    fields = _parse_fields("\0".join(records), decimal_comma)
    values, text_mask = fields.values.reshape(-1, n_fields), fields.text.reshape(-1, n_fields)
    number_mask = fields.number.reshape(-1, n_fields)

    has_header = _has_header(number_mask, text_mask)
    first = records[0].split("\0")
    names = _unique([f.strip() or f"column {j + 1}" for j, f in enumerate(first)] if has_header
                    else [f"column {j + 1}" for j in range(n_fields)])
    body = slice(1, None) if has_header else slice(None)
    values, text_mask, number_mask = values[body], text_mask[body], number_mask[body]
    if values.shape[0] == 0:
        raise DataError("The file has a header but no rows of data below it.")
    if values.shape[0] > MAX_ROWS:
        raise _too_many_rows(values.shape[0])
    numeric = _numeric_columns(number_mask, text_mask)
    empty = ~number_mask.any(axis=0) & ~text_mask.any(axis=0)
    text_columns = tuple(name for name, is_text in zip(names, ~numeric & ~empty) if is_text)
    if not numeric.any():
        raise DataError("No column of numbers found: every column is mostly text or empty. "
                        "Choose a file with at least one column of numbers.")

    values = values[:, numeric]
    complete = np.isfinite(values).all(axis=1)
    kept = tuple(name for name, is_numeric in zip(names, numeric) if is_numeric)
    with_gaps = tuple(name for name, gap in zip(kept, ~np.isfinite(values).all(axis=0)) if gap)
    if not complete.any():
        raise DataError(f"No row has a number in every numeric column ({_names(kept)}). "
                        "Fill in the blanks, or keep only the columns you need.")
    decimal_comma = decimal_comma and "," in "\0".join(records[body])
    notes = _table_notes(
        has_header=has_header, n_columns=n_fields, delimiter=delimiter, decimal_comma=decimal_comma,
        text_columns=text_columns,
        n_empty=int(empty.sum()), n_too_long=n_too_long, n_dropped=int((~complete).sum()), with_gaps=with_gaps,
    )
    return LoadedData(
        columns=kept, values=values[complete] + 0.0, message=notes, dropped_rows=int((~complete).sum()),
        text_columns=text_columns, has_header=has_header, delimiter=delimiter, decimal_comma=decimal_comma,
        ambiguous=ambiguous,
    )


def parse_numbers(text: str, decimal_comma: bool | None = None) -> ParsedNumbers:
    """Read a pasted or typed list of numbers.

    Numbers may be separated by commas, spaces, tabs, semicolons or new lines.
    Commas are decimal points ("1,5" = 1.5) when the text holds a semicolon, or
    when spaces or new lines separate the entries and every entry with a comma
    is two whole numbers with one comma between ("1,5 2 3,25"); when every entry
    is such a pair, :attr:`ParsedNumbers.ambiguous` says the commas could also
    separate numbers. A comma on its own is never an entry.
    Entries that are not finite numbers are left out and counted.

    Parameters
    ----------
    text : str
    decimal_comma : bool or None, default=None
        None: decide from the text. True: commas between digits are decimal
        points. False: commas separate numbers.

    Returns
    -------
    ParsedNumbers

    Raises
    ------
    DataError
        If the text holds no finite number, more than :data:`MAX_ROWS` entries,
        or more than :data:`MAX_FILE_BYTES` characters.

    Examples
    --------
    >>> parse_numbers("12.1, 13.4 x 19.8").values.tolist()
    [12.1, 13.4, 19.8]
    >>> parse_numbers("1,5\\n2,25").values.tolist()
    [1.5, 2.25]
    """
    if len(text) > MAX_FILE_BYTES:
        raise DataError(f"The text has {len(text):,} characters, more than the {MAX_FILE_BYTES:,} "
                        "that can be read. Load a sample of the numbers as a CSV file instead.")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reading = _pasted_commas(text)
    ambiguous = decimal_comma is None and reading == _EITHER
    if decimal_comma is None:
        decimal_comma = reading in (_DECIMAL, _EITHER)
    if decimal_comma:  # a comma alone is a separator, not an entry
        tokens = [token for token in _DECIMAL_SEPARATORS.split(text) if token.strip(",")]
    else:
        tokens = list(filter(None, _SEPARATORS.split(text)))
    if len(tokens) > MAX_ROWS:
        raise DataError(f"The text holds {len(tokens):,} entries, more than the {MAX_ROWS:,} points "
                        "that can be fitted. Use a sample of them.")
    values = _parse_fields("\0".join(tokens), decimal_comma).values if tokens else np.empty(0)
    finite = np.isfinite(values)
    if not finite.any():
        raise DataError("No numbers found. Type or paste numbers separated by commas, spaces, "
                        "semicolons or new lines, for example 12.1, 13.4, 19.8.")
    values = values[finite] + 0.0  # + 0.0 turns -0.0 into 0.0
    values.setflags(write=False)
    dropped = [tokens[i][:20] for i in np.flatnonzero(~finite)]
    decimal_comma = decimal_comma and bool(_DIGIT_COMMA_DIGIT.search(text))
    notes = []
    if decimal_comma:
        notes.append("Read commas as decimal points (1,5 = 1.5).")
    elif _DIGIT_COMMA_DIGIT.search(text):
        notes.append("Read commas as separators between numbers (1,5 = 1 and 5).")
    if dropped:
        what = "entry that is not a finite number" if len(dropped) == 1 else "entries that are not finite numbers"
        notes.append(f"Left out {len(dropped):,} {what}: {_names(dropped, limit=3)}.")
    return ParsedNumbers(values=values, dropped=len(dropped), decimal_comma=decimal_comma,
                         message=" ".join(notes), ambiguous=ambiguous)


_SEPARATORS = re.compile(r"[,;\s\0]+")  # NUL too: it separates fields in _parse_fields
_DECIMAL_SEPARATORS = re.compile(r"[;\s\0]+")
_DIGIT_COMMA_DIGIT = re.compile(r"\d,\d")


def _pasted_commas(text: str) -> str | None:
    """How to read the commas of pasted ``text``: :data:`_DECIMAL`, :data:`_EITHER`, or None (separators).

    Decimal points when the text holds a semicolon, or when spaces or new lines
    separate several entries and every entry with a comma is "1,5"; either way
    when every entry is such a pair.
    """
    if ";" in text:
        return _DECIMAL
    words = text.split()
    with_comma = [word for word in words if "," in word]
    if len(words) < 2 or not with_comma or not all(map(_COMMA_DECIMAL.fullmatch, with_comma)):
        return None
    return _EITHER if len(with_comma) == len(words) else _DECIMAL


# How the loaders read text. Fields are joined with NUL characters, which a text file
# cannot contain (see _decode), so that a few regular-expression passes classify every
# field at C speed instead of one Python call per field.

_DELIMITERS = ("\t", ";", ",")
"""Candidate separators, in order of preference when several split every line evenly."""
_DELIMITER_NAMES = {"\t": "tab", ";": "semicolon", ",": "comma"}
_BLANK = " \t\r\n\0"
"""Characters of an empty line or an empty trailing field."""
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?inf(?:inity)?"
"""A number as float() reads it: ASCII digits, infinities, but not NaN (a missing value).

Written without nested repetition so that a long non-number fails in linear time."""
_MISSING_VALUES = ("na", "n/a", "#n/a", "nan", "null", "none", "-", "?", ".")
"""Entries meaning "no value" (any case), treated like blanks."""
_MISSING = "|".join(map(re.escape, _MISSING_VALUES))
_MAY_BE_MISSING = r"[\s" + "".join(re.escape(first) for first in sorted({v[0] for v in _MISSING_VALUES})) + "]"
"""The first character of a blank field or a missing value: other fields are passed over at once."""
_FIELD_END = r"(?![^\0])"
# Both patterns start at the NUL before a non-empty field, which the regular-expression
# engine finds quickly; _parse_fields puts a NUL before the first field too.
_MISSING_FIELD = re.compile(rf"\0(?={_MAY_BE_MISSING})\s*(?:(?:{_MISSING})\s*)?{_FIELD_END}",
                            re.ASCII | re.IGNORECASE)
_NOT_A_NUMBER = re.compile(rf"\0(?=[^\0])(?!\s*(?:{_NUMBER})\s*{_FIELD_END})[^\0]+", re.ASCII | re.IGNORECASE)
_QUOTED = re.compile(r'"[^"]*"')


@dataclass(frozen=True, eq=False)
class _Fields:
    """Every field of a NUL-joined string, read."""

    values: np.ndarray
    """float: the number, NaN for blanks and text."""
    number: np.ndarray
    """bool: the field is a number (possibly infinite)."""
    text: np.ndarray
    """bool: the field is neither a number nor blank."""


def _parse_fields(joined: str, decimal_comma: bool) -> _Fields:
    """Read every NUL-separated field of ``joined``: numbers, blanks (or missing markers), text."""
    joined = "\0" + (joined.replace(",", ".") if decimal_comma else joined)
    joined = _MISSING_FIELD.sub("\0", joined)  # blanks and missing values become empty
    joined = _NOT_A_NUMBER.sub("\0nan", joined)  # what is left and not a number becomes NaN
    parts = joined[1:].split("\0")
    filled = np.fromiter(map(len, parts), dtype=np.intp, count=len(parts)) > 0
    values = np.full(len(parts), np.nan)
    values[filled] = np.fromiter(map(float, itertools.compress(parts, filled.tolist())),
                                 dtype=float, count=int(filled.sum()))
    number = ~np.isnan(values)
    return _Fields(values=values, number=number, text=filled & ~number)


def _decode(data: bytes) -> str:
    """The file's text, once it is small enough, not binary and valid UTF-8 (BOM allowed)."""
    data = bytes(data)
    if len(data) > MAX_FILE_BYTES:
        raise DataError(f"The file has {len(data):,} bytes, more than the 5 MB ({MAX_FILE_BYTES:,} bytes) "
                        "that can be loaded. Save a sample of its rows in a smaller file.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError('The file is saved as UTF-16 text. Save it as "CSV UTF-8" and load that.')
    if b"\0" in data:
        raise DataError("The file holds binary data, so it is not a CSV text file. If it is a "
                        'spreadsheet, save it as "CSV UTF-8" and load that.')
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataError(f"The file is not UTF-8 text (byte {error.start + 1:,} cannot be read). "
                        'Save it as "CSV UTF-8" and load that.') from None


def _first_lines(text: str, n: int = SAMPLE_LINES) -> list[str]:
    """The first ``n`` non-blank lines without their endings (the rest of the text is not split)."""
    lines = (line.rstrip("\r\n") for line in io.StringIO(text, newline=""))
    return list(itertools.islice(filter(str.strip, lines), n))


def _check_field_count(n_fields: int) -> None:
    if n_fields > MAX_FIELDS:
        raise DataError(f"The first line has {n_fields:,} fields, more than the {MAX_FIELDS:,} columns that "
                        "can be loaded. Put one row of data per line (for the values of one variable, "
                        "one value per line).")


def _too_many_rows(n_rows: int) -> DataError:
    return DataError(f"The file has {n_rows:,} rows of data, more than the {MAX_ROWS:,} that can be loaded. "
                     "Save a random sample of the rows and load that.")


def _guess_delimiter(lines: list[str]) -> str:
    """The separator that splits every sampled line into the same number (> 1) of fields.

    Tab, then semicolon, then comma; when none does, the one most frequent in the
    first line (comma when none occurs: a single column).
    """
    unquoted = [_QUOTED.sub("", line) for line in lines]
    for delimiter in _DELIMITERS:
        counts = {line.count(delimiter) for line in unquoted}
        if len(counts) == 1 and counts != {0}:
            return delimiter
    return max(reversed(_DELIMITERS), key=unquoted[0].count)


_DECIMAL, _EITHER = "decimal", "either"
_COMMA_DECIMAL = re.compile(r"[+-]?\d+,\d+(?:[eE][+-]?\d+)?")
"""An entry (stripped) holding one number written with a decimal comma, or two whole numbers."""
_ONE_VALUE = re.compile(rf"{_NUMBER}|{_MISSING}", re.ASCII | re.IGNORECASE)
"""An entry (stripped) holding one number without a comma, or a missing value."""


def _decimal_comma_column(lines: list[str]) -> str | None:
    """How to read sampled comma lines such as "1,5": a column of decimal commas, either way, or None.

    :data:`_DECIMAL` when lines like "1,5" sit below a header without commas or
    beside lines with a single number; :data:`_EITHER` when every line is two whole
    numbers with a comma between (one decimal or two columns, nothing tells);
    None when some line is neither "1,5" nor a single number.
    """
    lines = [line.strip() for line in lines]  # patterns without leading \s*: no backtracking over long blanks
    has_header = not (_COMMA_DECIMAL.fullmatch(lines[0]) or _ONE_VALUE.fullmatch(lines[0]))
    body = lines[1:] if has_header else lines
    if (has_header and "," in lines[0]) or not body:
        return None
    with_comma = [bool(_COMMA_DECIMAL.fullmatch(line)) for line in body]
    if not any(with_comma) or not all(comma or _ONE_VALUE.fullmatch(line) for comma, line in zip(with_comma, body)):
        return None
    return _EITHER if all(with_comma) and not has_header else _DECIMAL


def _records(text: str, delimiter: str) -> list[str]:
    """The non-blank rows of ``text``, each as its fields joined by NUL characters.

    Text without quotes is split with plain string methods; with quotes, the csv
    module reads quoted separators and line breaks.
    """
    if '"' in text:
        rows = _quoted_records(text, delimiter)
    else:
        rows = text.replace("\r\n", "\n").replace("\r", "\n").replace(delimiter, "\0").split("\n")
    return [row for row in rows if row.strip(_BLANK)]


def _csv_reader(text: str, delimiter: str, strict: bool):
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True, strict=strict)


def _quoted_records(text: str, delimiter: str) -> list[str]:
    """The rows of a text with quotes, read by the csv module, each as its fields joined by NUL.

    A quote that is never closed is refused with its line; other stray quotes
    (``2"x``, ``"a"b``) are read as part of their field.
    """
    try:
        return ["\0".join(row) for row in _csv_reader(text, delimiter, strict=True)]
    except csv.Error as error:
        if "expected after" not in str(error):  # the end of the file (or the field limit) inside quotes
            raise DataError(f'The quote (") that opens on line {_unclosed_quote_line(text, delimiter):,} is never '
                            "closed, so the rest of the file reads as one field. Close it or delete it.") from None
    return ["\0".join(row) for row in _csv_reader(text, delimiter, strict=False)]


def _unclosed_quote_line(text: str, delimiter: str) -> int:
    """The line where the last row of ``text`` starts: the one whose quote is never closed."""
    reader = _csv_reader(text, delimiter, strict=False)
    last_start = start = 1
    try:
        for _ in reader:
            last_start, start = start, reader.line_num + 1
    except csv.Error:  # the field limit, inside the row that starts at ``start``
        return start
    return last_start


def _fit_records(records: list[str], n_fields: int) -> tuple[list[str], int]:
    """Give every record ``n_fields`` fields; return them and how many were dropped.

    Short records are padded with blanks and blank fields past the end (a trailing
    separator) are ignored; a record with more non-blank fields is dropped.
    """
    separators = n_fields - 1
    counts = np.fromiter(map(str.count, records, itertools.repeat("\0")), dtype=np.intp, count=len(records))
    records = list(records)
    for i in np.flatnonzero(counts > separators).tolist():
        records[i] = records[i].rstrip(_BLANK)
        counts[i] = records[i].count("\0")
    too_long = counts > separators
    if too_long.any():
        records = list(itertools.compress(records, (~too_long).tolist()))
        counts = counts[~too_long]
    if np.any(counts < separators):
        padding = ["\0" * k for k in range(n_fields)]
        records = [record + padding[separators - count] for record, count in zip(records, counts.tolist())]
    return records, int(too_long.sum())


def _kinds(records: list[str], n_fields: int, decimal_comma: bool) -> tuple[np.ndarray, np.ndarray]:
    """Which fields of ``records`` are numbers and which are text, as two (rows, ``n_fields``) masks."""
    records, _ = _fit_records(records, n_fields)
    fields = _parse_fields("\0".join(records), decimal_comma)
    return fields.number.reshape(-1, n_fields), fields.text.reshape(-1, n_fields)


def _numeric_columns(number: np.ndarray, text: np.ndarray) -> np.ndarray:
    """Columns where numbers outnumber text, i.e. most non-blank entries are numbers."""
    return number.sum(axis=0) > text.sum(axis=0)


def _has_header(number: np.ndarray, text: np.ndarray) -> bool:
    """Whether the first row names the columns: it holds text where the other rows hold numbers.

    A file of one row is a header (with no data) when that row holds no number.
    """
    if number.shape[0] == 1:
        return not number[0].any()
    return bool(np.any(text[0] & _numeric_columns(number[1:], text[1:])))


def _unique(names: list[str]) -> list[str]:
    """``names`` with repeats numbered: a, a (2), a (3)."""
    seen: set[str] = set()
    last: dict[str, int] = {}
    unique = []
    for name in names:
        candidate, k = name, last.get(name, 1)
        while candidate in seen:
            k += 1
            candidate = f"{name} ({k})"
        last[name] = k
        seen.add(candidate)
        unique.append(candidate)
    return unique


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """``n`` and the noun that fits it: "1 point", "2 points", "1,000 entries".

    Parameters
    ----------
    n : int
    singular : str
    plural_form : str or None, default=None
        The plural when it is not ``singular + "s"``.
    """
    return f"{n:,} {singular if n == 1 else plural_form or singular + 's'}"


def _names(names, limit: int = 5) -> str:
    """'a', 'b' and 'c' (at most ``limit`` names, then "and 3 more")."""
    quoted = [repr(name) for name in names[:limit]]
    if len(names) > limit:
        return ", ".join(quoted) + f" and {len(names) - limit:,} more"
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _table_notes(*, has_header: bool, n_columns: int, delimiter: str, decimal_comma: bool,
                 text_columns: tuple[str, ...],
                 n_empty: int, n_too_long: int, n_dropped: int, with_gaps: tuple[str, ...]) -> str:
    """What :func:`load_csv` assumed and left out, in sentences."""
    notes = []
    if not delimiter:
        notes.append("Read with commas as decimal points (1,5 = 1.5), as one column.")
    elif delimiter != ",":
        commas = ", with commas as decimal points (1,5 = 1.5)" if decimal_comma else ""
        notes.append(f"Read as {_DELIMITER_NAMES[delimiter]}-separated values{commas}.")
    if not has_header and n_columns == 1:
        notes.append("The first row holds a number, so it is read as data and the column is called column 1.")
    elif not has_header:
        notes.append("The first row holds numbers, so it is read as data and the columns are named "
                     "by position (column 1, column 2, …).")
    if text_columns:
        notes.append(f"Left out {plural(len(text_columns), 'text column')}: {_names(text_columns)}.")
    if n_empty:
        notes.append(f"Left out {plural(n_empty, 'empty column')}.")
    if n_too_long:
        notes.append(f"Dropped {plural(n_too_long, 'row')} with more fields than the first row.")
    if n_dropped:
        notes.append(f"Dropped {plural(n_dropped, 'row')} with blank, non-numeric or infinite values "
                     f"(in {_names(with_gaps)}).")
    return " ".join(notes)
