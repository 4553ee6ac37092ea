"""The app's caches, shared by every session and bounded by bytes as well as by entries.

``st.cache_resource`` bounds a cache by its number of entries only, and one entry
can be a run on a million points with its responsibilities (about 100 MB), so a
few clicks on *New sample* could fill the server's memory. Each cache here is a
:class:`BoundedStore`: a least-recently-used store of at most ``max_entries``
entries and ``max_mib`` MiB, an entry counted at the most it can grow to
(:func:`footprint`). The stores themselves are created through
``st.cache_resource``, so there is one per process and ``st.cache_resource.clear()``
empties them.

Budgets (MiB) of the caches, set where each is declared (:mod:`emviz.ui.runs`,
:mod:`emviz.ui.lessons`, :mod:`emviz.ui.lesson_charts`): data 96, the learner's runs
288, hard EM 144, restarts 32, collapse runs 16, model selection 48 (one best fit per
K) and its data 4, lesson subsets 8, landscape 4, lower bound 4, the lessons' chart
JSON 16; the k-means page's runs 8, its bifurcations 1 and its data 1
(:mod:`emviz.ui.kmeans_runs`); the convergence page's runs 16 and its two rate sweeps 1 each
(:mod:`emviz.ui.speed_runs`); the stepper's frame bundles 64 (:mod:`emviz.ui.frame_player`); standalone pages 36
(:mod:`emviz.ui.downloads`): 788 MiB in all. The budgets are upper bounds, each entry counted
at the most it can grow to; a process stays under :data:`MEMORY_CEILING_MB` (1 GB) while
the caches hold less than about 750 MB (the ~250 MB a running Streamlit server needs besides),
plus about 100 MB for each EM run on a million points being computed at that moment. With every
page's cache full at once they could pass it: the budgets added since the ceiling was set (the
lessons of issue 10, the frame bundles, the standalone pages) are still to be fitted under it.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
import threading
from collections.abc import Callable, Hashable

import numpy as np
import streamlit as st
from cachetools import LRUCache

from emviz.em import History

MIB = 2**20
MEMORY_CEILING_MB = 1000
"""Resident memory one server process stays under (tests/benchmarks/bench_memory.py measures it)."""


def footprint(value, *, reserve: bool = True) -> int:
    """Bytes that ``value`` keeps alive: its arrays (each buffer once), and what its runs may still add.

    Parameters
    ----------
    value : object
        Arrays, runs (:class:`History`), dataclasses, and tuples, lists and dicts of them.
    reserve : bool, default=True
        Count each run at the most its responsibility cache can hold
        (:attr:`History.responsibility_cache_limit`) plus one byte per point for the
        histogram's binning, as it may grow after it was cached. False counts its
        arrays only: for runs the app reads only the parameters and log-likelihoods of.
    """
    seen: set[int] = set()

    def visit(item) -> int:
        if isinstance(item, np.ndarray):
            while isinstance(item.base, np.ndarray):  # a view keeps its whole base alive
                item = item.base
        if id(item) in seen:
            return 0
        seen.add(id(item))
        if isinstance(item, np.ndarray):
            return item.nbytes
        if isinstance(item, History):
            held = item.responsibility_cache_limit + item.n_points if reserve else 0
            return held + visit(item.x) + visit(item.log_likelihoods) + visit(item.mixtures)
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            return sum(visit(getattr(item, field.name)) for field in dataclasses.fields(item))
        if isinstance(item, dict):
            return sum(visit(entry) for entry in item.values())
        if isinstance(item, (tuple, list)):
            return sys.getsizeof(item) + sum(visit(entry) for entry in item)
        return sys.getsizeof(item)

    return visit(value)


class BoundedStore:
    """A thread-safe least-recently-used cache of at most ``max_entries`` entries and ``max_bytes`` bytes.

    Parameters
    ----------
    max_entries : int
    max_bytes : int
    reserve : bool, default=True
        Passed to :func:`footprint`, which sizes each entry (its key and its value).
    """

    def __init__(self, max_entries: int, max_bytes: int, reserve: bool = True) -> None:
        self.max_entries = max_entries
        self._entries: LRUCache[Hashable, tuple[Hashable, object]] = LRUCache(
            max_bytes, getsizeof=functools.partial(footprint, reserve=reserve))
        self._lock = threading.Lock()
        self._computing: dict = {}

    @property
    def nbytes(self) -> int:
        """Bytes the entries are counted at."""
        with self._lock:
            return int(self._entries.currsize)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def _lookup(self, key):
        try:
            return True, self._entries[key][1]
        except KeyError:
            return False, None

    def get(self, key, compute: Callable[[], object]):
        """The value stored under ``key``, or ``compute()`` (stored unless larger than the whole budget).

        Sessions asking for the same missing key at once wait for one computation.
        Exceptions of ``compute`` propagate and store nothing.
        """
        with self._lock:
            found, value = self._lookup(key)
            if found:
                return value
            key_lock = self._computing.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                found, value = self._lookup(key)
            if found:
                return value
            try:
                value = compute()
                entry = (key, value)  # the key is counted too: it may carry the learner's table
                if self._entries.getsizeof(entry) <= self._entries.maxsize:  # else used once, not kept
                    with self._lock:
                        while len(self._entries) >= self.max_entries:
                            self._entries.popitem()
                        self._entries[key] = entry
            finally:
                with self._lock:
                    self._computing.pop(key, None)
        return value


@st.cache_resource(show_spinner=False)
def _store(name: str, max_entries: int, max_bytes: int, reserve: bool) -> BoundedStore:
    """The one store of the cache ``name`` in this process."""
    return BoundedStore(max_entries, max_bytes, reserve)


def bounded_cache(max_entries: int, max_mib: int, *, spinner: str | None = None, reserve: bool = True):
    """Cache a function of hashable arguments in a :class:`BoundedStore` shared by every session.

    Parameters
    ----------
    max_entries : int
        Most results kept.
    max_mib : int
        Most MiB the results (and their keys) are counted at, by :func:`footprint`.
    spinner : str or None, default=None
        Shown while a result is computed.
    reserve : bool, default=True
        See :func:`footprint`.
    """

    def decorate(function):
        name = f"{function.__module__}.{function.__qualname__}"

        def compute(args):
            if spinner is None:
                return function(*args)
            with st.spinner(spinner):
                return function(*args)

        @functools.wraps(function)
        def cached(*args):
            return store().get(args, functools.partial(compute, args))

        def store() -> BoundedStore:
            return _store(name, max_entries, max_mib * MIB, reserve)

        cached.store = store  # type: ignore[attr-defined]  # a function attribute, like lru_cache's cache_info
        return cached

    return decorate
