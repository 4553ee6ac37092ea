"""The lessons' charts, built once per state and shared by every session as JSON.

A lesson chart depends only on cached results (the data, guess and settings, and the
lesson's own settings), so one session builds it, a bounded store keeps its JSON text
(immutable, counted by its bytes), and every session showing it parses the text back
into a figure without plotly's validation (about 2 ms instead of 5–40 ms per chart).

Each builder below is a module-level function of plain keys: it is part of the cache
key, and the same object in every session.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from emviz.analysis import match_labels, parameter_errors
from emviz.lesson_figures import (
    bound_chart,
    collapse_chart,
    criteria_chart,
    error_chart,
    landscape_chart,
    paths_chart,
    restarts_chart,
)
from emviz.timeline import majority_labels
from emviz.ui.caches import bounded_cache
from emviz.ui.lessons import (
    bound_along_mu1,
    collapse_runs,
    hard_run,
    landscape_view,
    model_selection,
    restart_runs,
)
from emviz.ui.panels import plot_config
from emviz.ui.runs import dataset, em_run


@bounded_cache(max_entries=64, max_mib=16)
def chart_json(build: Callable[..., go.Figure], *keys) -> str:
    """The JSON text of ``build(*keys)``, one of this module's builders.

    At most 64 charts and 16 MiB (a landscape is about 130 kB).
    """
    return build(*keys).to_json()


def show(build: Callable[..., go.Figure], *keys, key: str) -> None:
    """Draw the shared chart ``build(*keys)`` under the element key ``key``."""
    figure = go.Figure(json.loads(chart_json(build, *keys)), _validate=False)  # validated when it was built
    st.plotly_chart(figure, width="stretch", config=plot_config(key), key=key)


def restarts_figure(spec, n_components: int, n_starts: int, seed: int, settings) -> go.Figure:
    """Final log-likelihood of every restart, coloured by solution."""
    return restarts_chart(*restart_runs(spec, n_components, n_starts, seed, settings))


def landscape_figure(spec, guess, settings, curves: int, n_restarts: int, restart_seed: int) -> go.Figure:
    """The likelihood landscape under ``mixtures[curves]`` with the learner's and the restarts' paths."""
    axis, grid, paths, _ = landscape_view(spec, guess, settings, curves, n_restarts, restart_seed)
    mixture = em_run(spec, guess, settings).history.mixtures[curves]
    return landscape_chart(axis, axis, grid, paths, current=tuple(mixture.means[:, 0]))


def collapse_figure(spec, guess, settings) -> go.Figure:
    """The learner's start with each variance floor."""
    return collapse_chart(collapse_runs(spec, guess, settings))


def paths_figure(spec, guess, settings) -> go.Figure:
    """Soft and hard EM from the learner's start."""
    return paths_chart({"soft EM (the real thing)": em_run(spec, guess, settings).history,
                        "hard EM": hard_run(spec, guess, settings)[0]})


def error_figure(spec, guess, settings) -> go.Figure:
    """Each parameter's error against the truth of generated data, per iteration."""
    data, history = dataset(spec), em_run(spec, guess, settings).history
    mapping = match_labels(data.labels, majority_labels(history.responsibilities(-1)),
                           n_predicted=history.mixtures[0].n_components)
    return error_chart(np.arange(history.n_iter + 1), parameter_errors(history, data.truth, mapping))


def criteria_figure(spec, n_starts: int, seed: int, settings) -> go.Figure:
    """AIC and BIC against K (the fits are cached by the page that asked for this chart)."""
    selection = model_selection(spec, n_starts, seed, settings)
    truth = dataset(spec).truth
    return criteria_chart(selection.k, selection.aic, selection.bic,
                          true_k=truth.n_components if truth else None, considered=selection.considered)


def bound_figure(spec, guess, settings, curves: int, colours: int, ghosts: int | None) -> go.Figure:
    """ℓ(µ1) and the lower bound of the E-step under ``mixtures[colours]``, at the curves of ``mixtures[curves]``."""
    mixtures = em_run(spec, guess, settings).history.mixtures
    mu1, log_likelihood, bound = bound_along_mu1(spec, guess, settings, curves, colours)
    return bound_chart(mu1, log_likelihood, bound, current=mixtures[curves].means[0, 0],
                       previous=mixtures[ghosts].means[0, 0] if ghosts is not None else None)
