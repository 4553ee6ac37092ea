"""The app's caches stay within their bytes, runs are freed once evicted, the learner's table has no global store."""

from __future__ import annotations

import gc
import importlib
import importlib.util
import pkgutil
import subprocess
import sys
import weakref
from pathlib import Path

import numpy as np
import pytest
import streamlit as st
from cachetools import Cache

from emviz.data import GaussianSpec, Guess
from emviz.em import RESPONSIBILITY_CACHE_BYTES, run_em
from emviz.figures import BINNING, main_chart
from emviz.sources import TableSource, load
from emviz.ui.caches import MIB, BoundedStore, footprint
from emviz.ui.runs import RunSettings, dataset, em_run

BENCH = Path(__file__).resolve().parent / "benchmarks" / "bench_memory.py"


@pytest.fixture(autouse=True)
def empty_caches():
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def test_store_evicts_the_least_recently_used_to_stay_within_its_bytes():
    store = BoundedStore(max_entries=10, max_bytes=3 * MIB + MIB // 2)  # three entries of 1 MiB and their keys
    megabyte = lambda: np.zeros(MIB // 8)  # noqa: E731
    for key in "abc":
        store.get(key, megabyte)
    store.get("a", megabyte)  # "b" is now the least recently used
    store.get("d", megabyte)
    assert store.nbytes <= 3 * MIB + MIB // 2
    computed = []
    store.get("b", lambda: computed.append("b") or megabyte())
    store.get("a", lambda: computed.append("a") or megabyte())
    assert computed == ["b"]


def test_store_keeps_at_most_its_entries_and_skips_values_larger_than_its_budget():
    store = BoundedStore(max_entries=2, max_bytes=MIB)
    for key in range(5):
        store.get(key, lambda: 1.0)
    assert len(store) == 2
    big = store.get("big", lambda: np.zeros(MIB))
    assert big.size == MIB and len(store) == 2 and store.nbytes <= MIB


def test_store_stores_nothing_when_the_computation_fails():
    store = BoundedStore(max_entries=2, max_bytes=MIB)

    def fail():
        raise ValueError("bad guess")

    with pytest.raises(ValueError):
        store.get("key", fail)
    assert store.get("key", lambda: 3) == 3


def test_a_run_is_counted_at_the_most_its_responsibilities_can_take():
    x = np.random.default_rng(0).normal(size=200_000)
    history = run_em(x, Guess((-1.0, 0.0, 1.0), (1.0, 1.0, 1.0), (1.0, 1.0, 1.0)).to_mixture(), max_iter=3)
    before = footprint(history)
    for t in range(history.n_iter + 1):
        history.responsibilities(t)
    assert footprint(history) == before >= history.responsibility_cache_limit + x.nbytes
    assert footprint(history, reserve=False) < x.nbytes + 2 * MIB


def test_a_run_keeps_its_responsibilities_within_its_byte_limit():
    n_points, k = 1_000_000, 6
    x = np.linspace(-5, 5, n_points)
    guess = Guess(tuple(np.linspace(-4, 4, k)), (1.0,) * k, (1.0,) * k)
    history = run_em(x, guess.to_mixture(), max_iter=2)
    for t in range(history.n_iter + 1):
        history.responsibilities(t)
    matrix = n_points * k * 8
    assert history.responsibility_cache_limit == 2 * matrix <= RESPONSIBILITY_CACHE_BYTES
    assert sum(m.nbytes for m in history._cache.values()) <= history.responsibility_cache_limit
    assert list(history._cache) == [history.n_iter - 1, history.n_iter]  # the most recently asked


def test_evicted_runs_and_data_are_freed_even_after_their_histogram_was_drawn():
    guess = Guess((15.0, 45.0), (5.0, 5.0), (1.0, 1.0))
    spec = GaussianSpec(means=(20.0, 40.0), sigmas=(5.0, 5.0), counts=(300, 700), seed=0)
    run = weakref.ref(em_run(spec, guess, RunSettings(max_iter=5)).history)
    main_chart(run(), 1)
    for seed in range(1, 40):  # more runs than the cache keeps
        em_run(GaussianSpec(spec.means, spec.sigmas, spec.counts, seed=seed), guess, RunSettings(max_iter=5))
    gc.collect()
    assert run() is None
    assert em_run.store().nbytes <= 288 * MIB and dataset.store().nbytes <= 96 * MIB


def all_emviz_modules():
    import emviz

    return [importlib.import_module(info.name)
            for info in pkgutil.walk_packages(emviz.__path__, "emviz.") if not info.name.startswith("emviz.ui.pages")]


def test_no_module_keeps_a_store_of_its_own_every_cache_is_shared_and_bounded():
    """Hidden state: an lru_cache, a weak dictionary or a cache object at module level would keep
    runs or tables outside the bounded stores (which st.cache_resource.clear() empties)."""
    hidden = []
    for module in all_emviz_modules():
        for name, value in vars(module).items():
            if callable(value) and getattr(value, "__module__", None) != module.__name__:
                continue  # a function imported from elsewhere: checked in its own module
            if hasattr(value, "cache_info") or isinstance(value, (weakref.WeakKeyDictionary,
                                                                  weakref.WeakValueDictionary, Cache)):
                hidden.append(f"{module.__name__}.{name}")
    assert hidden == []


def test_the_app_does_not_import_scipy_stats():
    """scipy.stats costs about 24 MB in every server process; the app needs only the normal density."""
    code = ("import pkgutil, importlib, sys, emviz\n"
            "for info in pkgutil.walk_packages(emviz.__path__, 'emviz.'):\n"
            "    importlib.import_module(info.name)\n"
            "print('scipy.stats' in sys.modules)")
    answer = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert answer.stdout.split()[-1] == "False"


def test_the_histogram_binning_is_computed_once_per_run_and_kept_with_it():
    history = em_run(GaussianSpec(means=(20.0, 40.0), sigmas=(5.0, 5.0), counts=(300, 700), seed=0),
                     Guess((15.0, 45.0), (5.0, 5.0), (1.0, 1.0)), RunSettings(max_iter=5)).history
    first = main_chart(history, 1)
    edges, bins = history.derived(BINNING, lambda _: pytest.fail("the binning was computed again"))
    assert not edges.flags.writeable and not bins.flags.writeable and bins.size == history.n_points
    second = main_chart(history, 2)
    assert first.data[0].x is not None and len(second.data[0].x) == len(first.data[0].x) == edges.size - 1


def test_the_learners_table_travels_with_its_source_and_is_compared_by_content():
    values = np.arange(20.0)[:, None]
    first, second = TableSource.of(values, ("x",)), TableSource.of(values.copy(), ("x",))
    assert first == second and hash(first) == hash(second)
    assert TableSource.of(values + 1, ("x",)) != first
    values[0] = 99.0  # the caller's array changing later does not change the source
    np.testing.assert_array_equal(load(first).x, np.arange(20.0))


def load_benchmark():
    spec = importlib.util.spec_from_file_location("bench_memory", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


@pytest.mark.parametrize("mode", [["--pages"], ["--server"]])
def test_memory_benchmark_runs_on_tiny_data(capsys, mode):
    rows = load_benchmark().main(["--points", "400", "--components", "3", "--samples", "2", *mode])
    assert [row[0] for row in rows[-3:-1]] == ["new sample 1, one step", "new sample 2, one step"]
    assert all(rss > 0 for _, rss, _ in rows)
    assert "peak RSS" in capsys.readouterr().out
