"""Cached computations behind the lessons: restarts, the landscape, collapse, hard EM.

Keyed on the same plain values as :func:`emviz.ui.runs.em_run` (data spec, guess,
settings), so every lesson works on the learner's own run. Each cache is bounded by
entries and MiB (:mod:`emviz.ui.caches`): the restarts and the collapse runs are
counted without responsibilities, because the pages read only their parameters and
log-likelihoods; hard EM on a million points fits its 144 MiB once.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from emviz.analysis import (
    ModelSelection,
    best_fit,
    bound_slice,
    distinct_solutions,
    log_likelihood_grid,
    restarts,
    seed_for_k,
)
from emviz.data import GaussianSpec, Guess
from emviz.em import EMError, History, run_em
from emviz.mixture import as_points
from emviz.timeline import setting_text
from emviz.ui.caches import bounded_cache
from emviz.ui.runs import RunSettings, dataset, em_run

LANDSCAPE_POINTS = 20_000
"""Above this many points the landscape is computed on a random subset (and scaled)."""
LESSON_POINTS = 100_000
"""Above this many points, restarts, the collapse comparison and the lower bound use a random
subset of this size, so that the lessons stay quick on a million points."""


@bounded_cache(max_entries=8, max_mib=8)
def lesson_subset(spec) -> np.ndarray | None:
    """Sorted indices of the points the lessons use, or None when they use them all."""
    n_points = len(dataset(spec).x)
    if n_points <= LESSON_POINTS:
        return None
    chosen = np.sort(np.random.default_rng(0).choice(n_points, LESSON_POINTS, replace=False))
    chosen.setflags(write=False)
    return chosen


def subset_note(spec) -> str | None:
    """A caption saying the lesson ran on a subset, or None when it used every point."""
    n_points = len(dataset(spec).x)
    if lesson_subset(spec) is None:
        return None
    return f"Computed on a random {LESSON_POINTS:,} of the {n_points:,} points, so that it stays quick."


def lesson_points(spec) -> np.ndarray:
    """The data the lessons fit: all of it, or the subset of :func:`lesson_subset`."""
    x = dataset(spec).x
    chosen = lesson_subset(spec)
    return x if chosen is None else x[chosen]
GRID_SIZE = 61
COLLAPSE_FLOORS = (0.0, 1e-6, 1e-2, 1e-1)
"""reg_covar values compared in the collapse lesson."""


@bounded_cache(max_entries=16, max_mib=32, spinner="Running EM from random starts…", reserve=False)
def restart_runs(spec: GaussianSpec, n_components: int, n_starts: int, seed: int,
                 settings: RunSettings) -> tuple[list[History], list[list[int]]]:
    """``n_starts`` seeded restarts and their grouping into distinct solutions."""
    histories = restarts(lesson_points(spec), n_components, n_starts, seed=seed, max_iter=settings.max_iter,
                         tol=settings.tol, reg_covar=settings.reg_covar)
    return histories, distinct_solutions(histories)


def landscape_axes(x: np.ndarray, paths: list[np.ndarray]) -> np.ndarray:
    """One grid axis for µ1 and µ2: the data's range, widened to hold every path."""
    values = np.concatenate([x.ravel()] + [path.ravel() for path in paths])
    low, high = float(values.min()), float(values.max())
    pad = 0.05 * (high - low or 1.0)
    return np.linspace(low - pad, high + pad, GRID_SIZE)


def landscape_view(spec: GaussianSpec, guess: Guess, settings: RunSettings, curves: int, n_restarts: int,
                   restart_seed: int) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray], bool]:
    """Everything the landscape lesson draws, from the cached runs and grid (K = 2, 1-D).

    Returns
    -------
    axis : ndarray
        The grid axis of µ1 and of µ2 (:func:`landscape_axes`).
    grid : ndarray, shape (len(axis), len(axis))
        :func:`landscape` under ``mixtures[curves]``.
    paths : dict of str to ndarray, shape (T, 2)
        (µ1, µ2) along the learner's run, then along each of ``n_restarts`` restarts.
    estimated : bool
        Whether the grid was computed on a subset of the points.
    """
    history = em_run(spec, guess, settings).history
    runs, _ = restart_runs(spec, 2, n_restarts, restart_seed, settings)
    paths = {"EM from your guess": np.array([m.means[:, 0] for m in history.mixtures])}
    paths.update({f"restart {i + 1}": np.array([m.means[:, 0] for m in run.mixtures]) for i, run in enumerate(runs)})
    axis = landscape_axes(history.x, list(paths.values()))
    grid, estimated = landscape(spec, guess, settings, curves, tuple(axis))
    return axis, grid, paths, estimated


@bounded_cache(max_entries=16, max_mib=4, spinner="Mapping the likelihood landscape…")
def landscape(spec: GaussianSpec, guess: Guess, settings: RunSettings, curves: int,
              axis: tuple[float, ...]) -> tuple[np.ndarray, bool]:
    """Log-likelihood over (µ1, µ2) with the other parameters of ``mixtures[curves]``.

    Returns
    -------
    grid : ndarray, shape (len(axis), len(axis))
    estimated : bool
        Whether it was computed on a subset of the points (scaled to all of them).
    """
    x = dataset(spec).x
    mixture = em_run(spec, guess, settings).history.mixtures[curves]
    estimated = x.size > LANDSCAPE_POINTS
    if estimated:
        subset = np.random.default_rng(0).choice(x.size, LANDSCAPE_POINTS, replace=False)
        return log_likelihood_grid(x[subset], mixture, axis, axis) * (x.size / LANDSCAPE_POINTS), True
    return log_likelihood_grid(x, mixture, axis, axis), False


@bounded_cache(max_entries=32, max_mib=4, spinner="Building the lower bound…")
def bound_along_mu1(spec: GaussianSpec, guess: Guess, settings: RunSettings, curves: int,
                    colours: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """µ1 grid, ℓ(µ1) and B(µ1) for the curves ``mixtures[curves]`` and the E-step under ``mixtures[colours]``."""
    history = em_run(spec, guess, settings).history
    mixture = history.mixtures[curves]
    chosen = lesson_subset(spec)
    x = history.x[:, 0] if chosen is None else history.x[chosen, 0]
    responsibilities = history.responsibilities(colours)
    responsibilities = responsibilities if chosen is None else responsibilities[chosen]
    mus = np.concatenate([[m.means[0, 0] for m in history.mixtures], [x.min(), x.max()]])
    low, high = float(mus.min()), float(mus.max())
    pad = 0.1 * (high - low or 1.0)
    mu1 = np.linspace(low - pad, high + pad, 121)
    log_likelihood, bound = bound_slice(x, mixture, responsibilities, mu1)
    scale = len(history.x) / len(x)  # totals over all the points, estimated from the subset
    return mu1, log_likelihood * scale, bound * scale


@bounded_cache(max_entries=16, max_mib=144, spinner="Running hard EM…")
def hard_run(spec: GaussianSpec, guess: Guess, settings: RunSettings) -> tuple[History, str | None]:
    """Hard EM from the learner's guess, with the problem that stopped it, if any."""
    try:
        return run_em(dataset(spec).x, guess.to_mixture(), max_iter=settings.max_iter, tol=settings.tol,
                      reg_covar=settings.reg_covar, hard=True), None
    except EMError as error:
        return error.history, str(error)


@bounded_cache(max_entries=16, max_mib=16, spinner="Running EM with several variance floors…", reserve=False)
def collapse_runs(spec: GaussianSpec, guess: Guess, settings: RunSettings) -> dict[str, History]:
    """The learner's start run with each reg_covar of :data:`COLLAPSE_FLOORS` (on the lesson points)."""
    runs = {}
    for floor in COLLAPSE_FLOORS:
        try:
            runs[f"reg_covar = {setting_text(floor)}"] = run_em(lesson_points(spec), guess.to_mixture(),
                                                                max_iter=settings.max_iter, tol=settings.tol,
                                                                reg_covar=floor)
        except EMError as error:
            runs[f"reg_covar = {setting_text(floor)}"] = error.history
    return runs


K_VALUES = tuple(range(1, 9))
"""Numbers of Gaussians compared on the "How many Gaussians?" page."""


SELECTION_POINTS = 20_000
"""Above this many points, K is chosen on a random subset (so the page stays quick)."""


@bounded_cache(max_entries=8, max_mib=4)
def selection_points(spec, seed: int) -> np.ndarray:
    """The data K is chosen on: all of it, or a seeded random :data:`SELECTION_POINTS` of it."""
    x = dataset(spec).x
    if len(x) > SELECTION_POINTS:
        x = x[np.random.default_rng(seed).choice(len(x), SELECTION_POINTS, replace=False)]
    return x


@bounded_cache(max_entries=64, max_mib=48, reserve=False)
def best_fit_for_k(spec, k: int, n_starts: int, seed: int, settings: RunSettings) -> History:
    """The best fit with ``k`` Gaussians (:func:`emviz.analysis.best_fit`), one K per cache entry.

    Its starts include the split of the (cached) best fit with k − 1 Gaussians, as in :func:`select_k`.
    """
    previous = best_fit_for_k(spec, k - 1, n_starts, seed, settings).mixtures[-1] if k > 1 else None
    return best_fit(selection_points(spec, seed), k, n_starts, seed=seed_for_k(seed, k), previous=previous,
                    max_iter=settings.max_iter, tol=settings.tol, reg_covar=max(settings.reg_covar, 1e-6))


def model_selection(spec, n_starts: int, seed: int, settings: RunSettings,
                    on_k: Callable[[int, int], object] | None = None) -> ModelSelection:
    """AIC and BIC for K = 1 … 8 on the data of ``spec`` (K above the number of distinct points left out).

    Data larger than :data:`SELECTION_POINTS` are represented by a seeded random subset of that size.
    ``on_k(k, last_k)`` is called before each K is fitted (or read from the cache), for a progress bar.
    """
    x = selection_points(spec, seed)
    distinct = np.unique(as_points(x), axis=0).shape[0]
    ks = [k for k in K_VALUES if k <= distinct]
    fits = []
    for k in ks:
        if on_k is not None:
            on_k(k, ks[-1])
        fits.append(best_fit_for_k(spec, k, n_starts, seed, settings))
    return ModelSelection.from_fits(x, fits)
