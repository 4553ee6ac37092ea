"""Work shared across sessions: a second learner in the same state computes nothing."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import streamlit as st

from emviz.ui.caches import BoundedStore
from tests.app.conftest import start_app

PAGES = ["emviz/ui/pages/step_through.py", "emviz/ui/pages/why_it_works.py", "emviz/ui/pages/where_it_fails.py",
         "emviz/ui/pages/how_many.py"]


@pytest.fixture
def computations(monkeypatch) -> list:
    """The keys of every cached result computed (not found in its store) from now on."""
    computed: list = []
    lookup = BoundedStore.get

    def counting(store, key, compute):
        return lookup(store, key, lambda: computed.append(key) or compute())

    monkeypatch.setattr(BoundedStore, "get", counting)
    st.cache_resource.clear()
    yield computed
    st.cache_resource.clear()


@pytest.mark.parametrize("page", PAGES)
def test_a_second_session_in_the_same_state_reuses_every_result(computations, page):
    first = start_app()
    first.switch_page(page).run()
    assert not first.exception
    assert computations, "the first session computed its data and run"
    computed_by_first = list(computations)
    second = start_app()
    second.switch_page(page).run()
    assert not second.exception
    assert computations == computed_by_first
    assert second.session_state["choices"] == first.session_state["choices"]


def test_sessions_in_different_states_get_their_own_results(computations):
    first = start_app()
    second = start_app()
    second.number_input(key="guess_mu_1").set_value(25.0).run()
    assert not second.exception
    runs = [key for key in computations if len(key) == 3 and key[1].__class__.__name__ == "Guess"]
    assert len({key[1] for key in runs}) == 2
    assert first.session_state["choices"].guess != second.session_state["choices"].guess


def arrays_in(value, seen=None) -> list:
    """Every numpy array reachable from ``value`` through dataclass fields, tuples, lists, sets and dicts."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, np.ndarray):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [a for field in dataclasses.fields(value) for a in arrays_in(getattr(value, field.name), seen)]
    if isinstance(value, dict):
        return [a for item in value.values() for a in arrays_in(item, seen)]
    if isinstance(value, (tuple, list, set)):
        return [a for item in value for a in arrays_in(item, seen)]
    return []


def test_a_session_keeps_keys_and_small_values_not_data_or_runs(computations):
    """What a session holds stays small and never keeps shared data alive after the caches let them go."""
    app = start_app()
    for page in PAGES:
        app.switch_page(page).run()
        assert not app.exception
    held = {key: app.session_state[key] for key in app.session_state}
    assert {key: len(arrays_in(value)) for key, value in held.items() if arrays_in(value)} == {}
    assert app.session_state["choices"].data.x.size == 10_000  # read from the shared cache
