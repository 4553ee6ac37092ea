"""The data controls of the lesson "Missing values": generated (x, y) or Old Faithful, and which y to hide.

A setting the engine refuses (a correlation of 1.2, 100 % missing) is said in words, and the
lesson keeps the last data that worked.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from emviz.data import OLD_FAITHFUL_COLUMNS, old_faithful
from emviz.engine.missing_values import (
    MECHANISMS,
    BivariateNormal,
    MissingData,
    generate_missing,
    hide_values,
    sample_estimate,
)
from emviz.ui import state

MISSING_SOURCES = ("Generated (x, y)", "Old Faithful")
"""Where the lesson's points come from."""


@dataclass(frozen=True)
class MissingSettings:
    """The learner's choice of data and of the y to hide.

    Parameters
    ----------
    source : str, default="Generated (x, y)"
        One of :data:`MISSING_SOURCES`.
    n : int, default=200
        Generated points.
    correlation : float, default=0.8
        ρ of the generated points.
    share : float, default=0.4
        Share of y hidden, in [0, 1).
    mechanism : str, default="completely at random"
        One of :data:`emviz.engine.missing_values.MECHANISMS`.
    seed : int, default=0
    """

    source: str = MISSING_SOURCES[0]
    n: int = 200
    correlation: float = 0.8
    share: float = 0.4
    mechanism: str = MECHANISMS[0]
    seed: int = 0


@dataclass(frozen=True, eq=False)
class LessonData:
    """The points with some y hidden, and the answers to compare with.

    Attributes
    ----------
    data : MissingData
    known : BivariateNormal
        The estimate with every y known.
    truth : BivariateNormal or None
        The distribution drawn from (generated data only).
    titles : tuple of str
        The axes' titles.
    """

    data: MissingData
    known: BivariateNormal
    truth: BivariateNormal | None
    titles: tuple[str, str]


@st.cache_data(max_entries=32, show_spinner=False)
def lesson_data(settings: MissingSettings) -> LessonData:
    """The data for ``settings``; a ValueError says which setting to change."""
    if settings.source == MISSING_SOURCES[1]:
        faithful = old_faithful()
        y = hide_values(faithful[:, 1], settings.share, settings.mechanism,  # type: ignore[arg-type]
                        np.random.default_rng(settings.seed), x=faithful[:, 0])
        titles = (f"{OLD_FAITHFUL_COLUMNS[0]} (min)", f"{OLD_FAITHFUL_COLUMNS[1]} (min)")
        return LessonData(MissingData(faithful[:, 0], y), sample_estimate(faithful[:, 0], faithful[:, 1]), None,
                          titles)
    data, full_y, truth = generate_missing(settings.n, settings.correlation, settings.share,
                                           settings.mechanism, settings.seed)  # type: ignore[arg-type]
    return LessonData(data, sample_estimate(data.x, full_y), truth, ("x", "y"))


def _defaults() -> None:
    defaults = MissingSettings()
    for key, value in ((state.MISSING_SOURCE, defaults.source), (state.MISSING_N, float(defaults.n)),
                       (state.MISSING_CORRELATION, defaults.correlation),
                       (state.MISSING_SHARE, 100 * defaults.share), (state.MISSING_MECHANISM, defaults.mechanism),
                       (state.MISSING_SEED, defaults.seed)):
        st.session_state.setdefault(key, value)


def _chosen() -> MissingSettings:
    session = st.session_state
    return MissingSettings(session[state.MISSING_SOURCE], int(session[state.MISSING_N]),
                           float(session[state.MISSING_CORRELATION]), float(session[state.MISSING_SHARE]) / 100,
                           session[state.MISSING_MECHANISM], int(session[state.MISSING_SEED]))


def controls() -> LessonData:
    """Draw the data controls in an expander; return the data (the last that worked if these are refused)."""
    _defaults()
    with st.expander("Data and which y are hidden", icon=":material/edit:"):
        source_column, share_column, mechanism_column = st.columns([1, 1, 1.3], gap="medium")
        source_column.radio("Data", MISSING_SOURCES, key=state.MISSING_SOURCE, horizontal=True)
        share_column.number_input("Missing y (%)", step=5.0, format="%.0f", key=state.MISSING_SHARE,
                                  help="The share of y hidden: from 0 % to below 100 %.")
        mechanism_column.radio("Which y are missing", MECHANISMS, key=state.MISSING_MECHANISM, horizontal=True,
                               help="Completely at random, or more often where x is large (missing at random "
                                    "given x).")
        if st.session_state[state.MISSING_SOURCE] == MISSING_SOURCES[0]:
            n_column, correlation_column, seed_column = st.columns(3, gap="medium")
            n_column.number_input("Points", *map(float, state.MISSING_N_RANGE), step=10.0, format="%.0f",
                                  key=state.MISSING_N)
            correlation_column.number_input("Correlation ρ", step=0.1, format="%.2f", key=state.MISSING_CORRELATION,
                                            help="Between -0.99 and 0.99.")
            seed_column.number_input("Seed", *state.SEED_RANGE, step=1, key=state.MISSING_SEED)
        else:
            st.caption("Old Faithful: 272 eruptions, x the eruption's length and y the waiting time to the next, "
                       "some waiting times hidden; every one is known, so the answer is too.")
    settings = _chosen()
    try:
        result = lesson_data(settings)
    except ValueError as error:
        st.error(f"{error} The last data that worked stay on screen.", icon=":material/warning:")
        return lesson_data(st.session_state.get(state.MISSING_LAST_GOOD, MissingSettings()))
    st.session_state[state.MISSING_LAST_GOOD] = settings
    return result
