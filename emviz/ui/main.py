"""The app's entry: page config, the shared sidebar, and navigation between pages."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from emviz.ui import links, sanitise, sidebar, state

LOGGER = logging.getLogger("emviz")
PAGES = Path(__file__).parent / "pages"
"""One script per page (lesson)."""
COMPACT_LAYOUT = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 4.4rem; padding-bottom: 2rem; }
[data-testid="stSidebarUserContent"] { padding-top: 0.5rem; }
</style>"""
"""Less empty space above the page, so the chart fits a 1280×720 projector."""


def main() -> None:
    """Run one pass of the Streamlit script (called by ``app.py`` and ``emviz``)."""
    st.set_page_config(page_title="emviz: see EM work", page_icon=":material/bubble_chart:", layout="wide",
                       initial_sidebar_state="expanded")
    st.html(COMPACT_LAYOUT)
    state.keep_widget_values()
    sanitise.sanitise()
    sidebar.initialise()
    links.restore()
    with st.sidebar:
        links.copy_link()
    try:
        choices = sidebar.render()
    except ValueError as error:
        st.error(f"{error}", icon=":material/warning:")
        return
    st.session_state[state.CHOICES] = choices
    links.frame_from_link(choices)
    stepper_page = st.Page(PAGES / "step_through.py", title="Step through EM", icon=":material/footprint:",
                           url_path="step", default=True)
    pages = [
        stepper_page,
        st.Page(PAGES / "why_it_works.py", title="Why it works", icon=":material/function:", url_path="why"),
        st.Page(PAGES / "where_it_fails.py", title="Where it fails", icon=":material/warning:",
                url_path="fails"),
        st.Page(PAGES / "how_many.py", title="How many Gaussians?", icon=":material/bar_chart:",
                url_path="how-many"),
        st.Page(PAGES / "two_coins.py", title="Two coins", icon=":material/toll:", url_path="two-coins"),
        st.Page(PAGES / "missing_values.py", title="Missing values", icon=":material/grid_off:", url_path="missing"),
        st.Page(PAGES / "kmeans_limit.py", title="k-means", icon=":material/hub:", url_path="kmeans"),
        st.Page(PAGES / "convergence_speed.py", title="Speed", icon=":material/speed:", url_path="speed"),
        st.Page(PAGES / "predict.py", title="Predict the next step", icon=":material/psychology:", url_path="predict"),
    ]
    navigation = st.navigation(pages, position="top")
    if st.session_state.pop(state.GO_TO_STEPPER, False):
        st.switch_page(stepper_page)
    try:
        navigation.run()
    except Exception:  # noqa: BLE001 - the last guard: no stack trace reaches the page
        LOGGER.exception("page failed")
        st.error("Something went wrong while drawing this page. Your data, guess and run are "
                 "kept: change a setting or press Reset to go on.", icon=":material/warning:")
    links.write(choices)
