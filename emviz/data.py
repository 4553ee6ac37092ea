"""Data for the app: a seeded generator of Gaussian samples and the classroom presets."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from emviz.mixture import Mixture

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
    counts = np.asarray(spec.counts)
    if np.any(counts < 1) or np.any(counts > MAX_POINTS_PER_COMPONENT):
        raise ValueError(
            f"Each Gaussian needs between 1 and {MAX_POINTS_PER_COMPONENT:,} points."
        )
    if counts.sum() > MAX_POINTS:
        raise ValueError(f"At most {MAX_POINTS:,} points in all; draw fewer from each Gaussian.")
    truth = Mixture.univariate(counts / counts.sum(), spec.means, spec.sigmas)
    rng = np.random.default_rng(spec.seed)
    labels = rng.permutation(np.repeat(np.arange(counts.size), counts))
    x = np.asarray(spec.means)[labels] + np.asarray(spec.sigmas)[labels] * rng.standard_normal(labels.size)
    if spec.decimals is not None:
        x = np.round(x, spec.decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    x.setflags(write=False)
    labels.setflags(write=False)
    return Dataset(x=x, labels=labels, truth=truth)


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
    data : GaussianSpec
    guess : Guess
    reg_covar : float or None
        A reg_covar the example needs (the collapse example sets 0), or None to
        keep the learner's setting.
    """

    name: str
    description: str
    data: GaussianSpec
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
    points = np.asarray(x, dtype=float).reshape(len(x), -1)
    low, high = np.percentile(points, [5, 95], axis=0)
    spread = np.where(np.ptp(points, axis=0) > 0, np.std(points, axis=0), 1.0)  # constant data: std is noise
    means = rng.uniform(low, high, (n_components, points.shape[1]))
    sigmas = rng.uniform(0.1, 0.5, (n_components, points.shape[1])) * spread
    weights = rng.uniform(0.2, 1.0, n_components)
    if points.shape[1] == 1:
        return Guess(tuple(means[:, 0].tolist()), tuple(sigmas[:, 0].tolist()), tuple(weights.tolist()))
    return Guess(tuple(map(tuple, means.tolist())), tuple(map(tuple, sigmas.tolist())), tuple(weights.tolist()))