"""The lessons' shared charts: built once per state, kept as JSON, drawn exactly as the builder drew them."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest
import streamlit as st

from emviz.data import PRESETS
from emviz.ui import lesson_charts
from emviz.ui.runs import RunSettings

CLASSIC = PRESETS["Classic (20 and 40)"]
SETTINGS = RunSettings()
CHARTS = {
    "restarts": (lesson_charts.restarts_figure, (CLASSIC.data, 2, 5, 0, SETTINGS)),
    "landscape": (lesson_charts.landscape_figure, (CLASSIC.data, CLASSIC.guess, SETTINGS, 3, 5, 0)),
    "collapse": (lesson_charts.collapse_figure, (CLASSIC.data, CLASSIC.guess, SETTINGS)),
    "paths": (lesson_charts.paths_figure, (CLASSIC.data, CLASSIC.guess, SETTINGS)),
    "errors": (lesson_charts.error_figure, (CLASSIC.data, CLASSIC.guess, SETTINGS)),
    "criteria": (lesson_charts.criteria_figure, (CLASSIC.data, 2, 0, SETTINGS)),
    "bound": (lesson_charts.bound_figure, (CLASSIC.data, CLASSIC.guess, SETTINGS, 2, 1, 1)),
}


@pytest.fixture(autouse=True)
def empty_caches():
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def sent(figure: go.Figure) -> dict:
    """What st.plotly_chart sends the browser for ``figure`` (its JSON, parsed)."""
    return json.loads(pio.to_json(figure.to_dict(), validate=False))


@pytest.mark.parametrize("name", list(CHARTS))
def test_a_shared_chart_is_sent_exactly_as_its_builder_drew_it(name):
    build, keys = CHARTS[name]
    text = lesson_charts.chart_json(build, *keys)
    assert isinstance(text, str)  # immutable: no session can change what the others see
    assert sent(go.Figure(json.loads(text), _validate=False)) == sent(build(*keys))


def test_each_chart_is_built_once_and_the_same_text_is_served_again():
    build, keys = CHARTS["restarts"]
    first = lesson_charts.chart_json(build, *keys)
    assert lesson_charts.chart_json(build, *keys) is first
    assert len(lesson_charts.chart_json.store()) == 1
