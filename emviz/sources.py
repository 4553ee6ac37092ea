"""Where the data come from: generated samples, Old Faithful, or the learner's own numbers.

Each source is a small frozen (hashable) value, so the app can cache the data and
the EM runs per source; :func:`load` turns any of them into a :class:`Dataset`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np

from emviz.data import (
    OLD_FAITHFUL_COLUMNS,
    DataError,
    Dataset,
    GaussianSpec,
    GaussianSpec2D,
    generate_gaussians,
    generate_gaussians_2d,
    old_faithful,
    plural,
)
from emviz.em import MAX_MAGNITUDE
from emviz.mixture import as_points

MIN_POINTS = 10
"""Fewest points of the learner's own data the app fits."""
SCALE_WARNING = 1e6
"""Values this large, or spreads this much smaller than the values, deserve standardising."""
FAITHFUL_TITLES = {"eruptions": "eruption length", "waiting": "waiting time to the next eruption"}
"""Axis titles of the Old Faithful columns (both in minutes)."""


@dataclass(frozen=True)
class OldFaithfulSource:
    """Old Faithful: one column as 1-D data, or both as 2-D data.

    Attributes
    ----------
    columns : tuple of int
        Indices into (eruptions, waiting).
    standardise : bool
        Shift each column to mean 0 and scale it to standard deviation 1.
    """

    columns: tuple[int, ...] = (0, 1)
    standardise: bool = False


@dataclass(frozen=True)
class TableSource:
    """The learner's own numbers (an uploaded CSV or a pasted list), carried with the source.

    The values travel inside the source (kept in the learner's session state), so
    no store shared by every session holds them; equality and hashing use their
    content digest, so the app's caches key on it. Build one with :meth:`of`.

    Attributes
    ----------
    digest : str
        SHA-256 of the values and their shape.
    columns : tuple of str
        Names of the columns.
    standardise : bool, default=False
    values : ndarray, shape (N, c)
        The numbers, read-only (not compared: ``digest`` stands for them).
    """

    digest: str
    columns: tuple[str, ...]
    standardise: bool = False
    values: np.ndarray = field(compare=False, repr=False, kw_only=True)

    @classmethod
    def of(cls, values: np.ndarray, columns: tuple[str, ...], standardise: bool = False) -> TableSource:
        """The source of ``values`` (N, c), named ``columns``."""
        values = np.array(values, dtype=float, order="C")  # a copy the caller cannot change
        values.setflags(write=False)
        digest = hashlib.sha256(values.tobytes() + str(values.shape).encode()).hexdigest()
        return cls(digest, tuple(columns), bool(standardise), values=values)


Source = GaussianSpec | GaussianSpec2D | OldFaithfulSource | TableSource
"""Any data source: what :func:`load` reads and the app keys its caches on."""


def standardised(x: np.ndarray) -> np.ndarray:
    """Each column shifted to mean 0 and scaled to standard deviation 1 (constant columns only shifted)."""
    spread = np.std(x, axis=0)
    return (x - x.mean(axis=0)) / np.where(spread > 0, spread, 1.0)


def _real_data(x: np.ndarray, columns: tuple[str, ...], standardise: bool, unit: str = "") -> Dataset:
    x = np.asarray(x, dtype=float)
    if standardise:
        x = standardised(x)
        columns = tuple(f"{name} (standardised)" for name in columns)
    elif unit:
        columns = tuple(f"{name} ({unit})" for name in columns)
    if x.shape[1] == 1:
        x = x[:, 0]
    x = np.ascontiguousarray(x)
    x.setflags(write=False)
    return Dataset(x=x, columns=columns)


def load(source: Source) -> Dataset:
    """The data of any source.

    Parameters
    ----------
    source : GaussianSpec, GaussianSpec2D, OldFaithfulSource or TableSource

    Returns
    -------
    Dataset
        Generated data keep their labels and truth; real data have neither.
    """
    if isinstance(source, GaussianSpec):
        return generate_gaussians(source)
    if isinstance(source, GaussianSpec2D):
        return generate_gaussians_2d(source)
    if isinstance(source, OldFaithfulSource):
        names = tuple(FAITHFUL_TITLES[OLD_FAITHFUL_COLUMNS[c]] for c in source.columns)
        return _real_data(old_faithful()[:, list(source.columns)], names, source.standardise, unit="minutes")
    if isinstance(source, TableSource):
        return _real_data(source.values, source.columns, source.standardise)
    raise TypeError(f"Unknown data source {source!r}.")


def check_own_data(x: np.ndarray) -> None:
    """Refuse the learner's own data when EM cannot fit it meaningfully.

    Raises
    ------
    DataError
        Fewer than :data:`MIN_POINTS` points, a constant column, or values
        beyond :data:`MAX_MAGNITUDE`.
    """
    points = as_points(x)
    if points.shape[0] < MIN_POINTS:
        raise DataError(f"Only {plural(points.shape[0], 'point')}: EM needs at least {MIN_POINTS} to fit anything "
                        "meaningful.")
    if np.max(np.abs(points)) > MAX_MAGNITUDE:
        raise DataError(f"Some values are larger than {MAX_MAGNITUDE:g}: their squares would overflow. "
                        "Rescale the data (for example divide by a power of 10) and try again.")
    for j in range(points.shape[1]):
        if np.ptp(points[:, j]) == 0:
            raise DataError(f"Column {j + 1} has the same value everywhere: there is nothing to cluster.")


def check_components(x: np.ndarray, n_components: int) -> None:
    """Refuse K Gaussians on data with fewer than K distinct points.

    Raises
    ------
    DataError
    """
    points = as_points(x)
    if np.unique(points[:1000], axis=0).shape[0] >= n_components:  # the usual case, without sorting all
        return
    distinct = np.unique(points, axis=0).shape[0]
    if distinct < n_components:
        raise DataError(f"{n_components} Gaussians need at least {n_components} different points; "
                        f"these data have {distinct}. Choose fewer Gaussians.")


def scale_warning(x: np.ndarray) -> str | None:
    """A hint to standardise when the numbers' scale invites rounding trouble, else None."""
    points = as_points(x)
    magnitude = float(np.max(np.abs(points)))
    spread = float(np.min(np.std(points, axis=0)))
    if magnitude > SCALE_WARNING or (spread > 0 and magnitude / spread > SCALE_WARNING):
        return ("These numbers are very large, or vary very little next to their size: switch on "
                "*Standardise* so that rounding does not swamp the fit.")
    return None
