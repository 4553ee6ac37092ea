"""AppTest fixtures: the real app script, driven by widget keys."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "app.py"


def start_app() -> AppTest:
    """A fresh session of the app after its first run."""
    app = AppTest.from_file(str(APP), default_timeout=60)
    return app.run()


@pytest.fixture
def app() -> AppTest:
    """The app after its first run, with empty caches (tests do not share runs)."""
    st.cache_resource.clear()
    return start_app()
