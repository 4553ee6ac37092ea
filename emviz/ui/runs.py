"""Cached data generation and EM runs: stepping through frames never refits.

A bounded store shared by every session (:mod:`emviz.ui.caches`) keeps one
immutable ``Dataset`` or ``History`` per key: no copy per rerun, and the
responsibilities a History caches for the frames on screen survive between clicks.
"""

from __future__ import annotations

from dataclasses import dataclass

from emviz.data import Dataset, Guess
from emviz.em import EMError, History, run_em
from emviz.sources import load
from emviz.ui.caches import bounded_cache


@dataclass(frozen=True)
class RunSettings:
    """The settings in the "Run settings" expander."""

    max_iter: int = 200
    tol: float = 1e-6
    reg_covar: float = 1e-6


@dataclass(frozen=True)
class RunOutcome:
    """A run, and the reason it stopped early if EM could not go on.

    Attributes
    ----------
    history : History
        All iterations computed (up to the failure, if any).
    problem : str or None
        A message for the learner when EM stopped on an error.
    """

    history: History
    problem: str | None = None


@bounded_cache(max_entries=8, max_mib=96, spinner="Loading the data…")
def dataset(spec) -> Dataset:
    """The data of a source (:mod:`emviz.sources`), loaded or generated once per source.

    At most 8 data sets and 96 MiB: four samples of a million 2-D points with their labels.
    """
    return load(spec)


@bounded_cache(max_entries=32, max_mib=288, spinner="Running EM…")
def em_run(spec, guess: Guess, settings: RunSettings) -> RunOutcome:
    """EM on the sample of ``spec`` from ``guess`` (run once per arguments).

    At most 32 runs and 288 MiB, each run counted with its largest responsibility
    cache: two runs on a million points with K = 6, or many smaller ones.

    Raises
    ------
    ValueError
        If the guess is invalid before any iteration.
    """
    try:
        history = run_em(dataset(spec).x, guess.to_mixture(), max_iter=settings.max_iter,
                         tol=settings.tol, reg_covar=settings.reg_covar)
    except EMError as error:
        return RunOutcome(error.history, str(error))
    return RunOutcome(history)
