"""The sidebar: the data, the initial guess and the run settings.

Every control writes to session state under the keys of :mod:`emviz.ui.state`;
:func:`render` reads them back into the plain values the engine takes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import streamlit as st

from emviz.data import (DEFAULT_PRESET, MAX_POINTS, MAX_POINTS_PER_COMPONENT, PRESETS, Dataset, Guess,
                        GaussianSpec, random_guess)
from emviz.ui import state
from emviz.ui.panels import component_label
from emviz.ui.runs import RunSettings, dataset

N_COMPONENTS = 2
TOLERANCES = (1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-10)
REG_COVARS = (0.0, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1e-1, 1.0)
DATA_LIMIT = 10_000.0
"""Largest |µ| and σ accepted for generated data."""


@dataclass(frozen=True)
class Choices:
    """What the learner chose in the sidebar."""

    spec: GaussianSpec
    data: Dataset
    guess: Guess
    settings: RunSettings
    show_truth: bool


@dataclass(frozen=True)
class Bounds:
    """Range and step of a guess control, fitted to the data."""

    low: float
    high: float
    step: float

    def clip(self, value: float) -> float:
        """``value`` moved into the range."""
        return float(min(max(value, self.low), self.high))


def _nice_step(span: float) -> float:
    """A round step (1, 2 or 5 × 10ⁿ) near span / 200."""
    raw = span / 200
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def guess_bounds(x: np.ndarray) -> dict[str, Bounds]:
    """Ranges of the µ, σ and weight controls for data ``x``."""
    low, high = float(np.min(x)), float(np.max(x))
    span = high - low or max(abs(low), 1.0)
    step = _nice_step(span)
    return {
        "mean": Bounds(math.floor((low - 0.25 * span) / step) * step,
                       math.ceil((high + 0.25 * span) / step) * step, step),
        "sigma": Bounds(step, math.ceil(span / step) * step, step),
        "weight": Bounds(0.01, 1.0, 0.01),
    }


def _data_gaussians() -> int:
    """How many Gaussians the chosen example draws its data from."""
    return len(PRESETS[st.session_state[state.PRESET]].data.means)


def _apply_preset() -> None:
    preset = PRESETS[st.session_state[state.PRESET]]
    if preset.reg_covar is not None:
        st.session_state[state.REG_COVAR] = preset.reg_covar
    for k in range(len(preset.data.means)):
        st.session_state[state.data_mean(k)] = preset.data.means[k]
        st.session_state[state.data_sigma(k)] = preset.data.sigmas[k]
        st.session_state[state.data_count(k)] = preset.data.counts[k]
    st.session_state[state.DATA_SEED] = preset.data.seed
    set_guess(preset.guess)


def set_guess(guess: Guess) -> None:
    """Put ``guess`` into the guess controls (boxes and sliders)."""
    for k in range(N_COMPONENTS):
        for key, value in ((state.guess_mean(k), guess.means[k]), (state.guess_sigma(k), guess.sigmas[k]),
                           (state.guess_weight(k), guess.weights[k])):
            st.session_state[key] = st.session_state[state.slider_key(key)] = float(value)


def _new_sample() -> None:
    st.session_state[state.DATA_SEED] = st.session_state[state.DATA_SEED] + 1


def _random_guess() -> None:
    st.session_state[state.GUESS_SEED] = st.session_state.get(state.GUESS_SEED, 0) + 1
    spec = _data_spec()
    rng = np.random.default_rng(st.session_state[state.GUESS_SEED])
    set_guess(random_guess(dataset(spec).x, N_COMPONENTS, rng))


def initialise() -> None:
    """Fill session state with the default preset on a session's first run."""
    if state.PRESET not in st.session_state:
        st.session_state[state.PRESET] = DEFAULT_PRESET
        _apply_preset()


def _data_spec() -> GaussianSpec:
    session = st.session_state
    gaussians = range(_data_gaussians())
    return GaussianSpec(
        means=tuple(float(session[state.data_mean(k)]) for k in gaussians),
        sigmas=tuple(float(session[state.data_sigma(k)]) for k in gaussians),
        counts=tuple(int(session[state.data_count(k)]) for k in gaussians),
        seed=int(session[state.DATA_SEED]),
        decimals=PRESETS[session[state.PRESET]].data.decimals,
    )


def _data_controls() -> GaussianSpec:
    st.selectbox("Example", list(PRESETS), key=state.PRESET, on_change=_apply_preset,
                 help="Each example sets the data and a starting guess.")
    spec = _data_spec()
    preset = PRESETS[st.session_state[state.PRESET]]
    edited = replace(spec, seed=preset.data.seed) != preset.data
    st.caption(preset.description + (" *(edited)*" if edited else ""))
    with st.expander("Data: the true Gaussians", expanded=False):
        for k in range(_data_gaussians()):
            component_label(k, "True Gaussian")
            columns = st.columns(3)
            columns[0].number_input("µ", -DATA_LIMIT, DATA_LIMIT, step=1.0, key=state.data_mean(k))
            columns[1].number_input("σ", 0.01, DATA_LIMIT, step=0.5, key=state.data_sigma(k))
            columns[2].number_input("points", 1, MAX_POINTS_PER_COMPONENT, step=100, key=state.data_count(k),
                                    help=f"At most {MAX_POINTS:,} points in all.")
        st.toggle("Show the true curves", key=state.SHOW_TRUTH,
                  help="Off by default: the true curves give the answer away.")
    return spec


def _sample_controls(spec: GaussianSpec) -> None:
    left, right = st.columns([1, 1], vertical_alignment="center")
    left.button("New sample", key=state.NEW_SAMPLE, on_click=_new_sample, width="stretch",
                help="Draw new points from the same Gaussians.")
    right.caption(f"seed {spec.seed} · {sum(spec.counts):,} points")


def _sync_from_slider(key: str) -> None:
    st.session_state[key] = st.session_state[state.slider_key(key)]


def _sync_from_box(key: str, bounds: Bounds) -> None:
    st.session_state[state.slider_key(key)] = bounds.clip(st.session_state[key])


def _linked_number(label: str, key: str, bounds: Bounds, help_text: str) -> float:
    """A slider and an exact-entry box for one value, kept in step."""
    for widget_key in (key, state.slider_key(key)):
        st.session_state[widget_key] = bounds.clip(st.session_state[widget_key])
    slider_column, box_column = st.columns([3, 2], vertical_alignment="bottom")
    slider_column.slider(label, bounds.low, bounds.high, step=bounds.step, key=state.slider_key(key),
                         on_change=_sync_from_slider, args=(key,), help=help_text)
    box_column.number_input(label, bounds.low, bounds.high, step=bounds.step, key=key,
                            on_change=_sync_from_box, args=(key, bounds), label_visibility="collapsed",
                            format="%.4g")
    return float(st.session_state[key])


def _guess_controls(data: Dataset) -> Guess:
    bounds = guess_bounds(data.x)
    means, sigmas, weights = [], [], []
    for k in range(N_COMPONENTS):
        component_label(k, "Gaussian")
        means.append(_linked_number("µ (mean)", state.guess_mean(k), bounds["mean"],
                                    "Where this Gaussian starts."))
        sigmas.append(_linked_number("σ (spread)", state.guess_sigma(k), bounds["sigma"],
                                     "Its standard deviation: how wide it starts."))
        weights.append(_linked_number("weight", state.guess_weight(k), bounds["weight"],
                                      "Its share of the points; the weights are divided by their sum."))
    guess = Guess(tuple(means), tuple(sigmas), tuple(weights))
    normalised = np.asarray(weights) / sum(weights)
    st.caption("Weights after dividing by their sum: " + " / ".join(f"{w:.3f}" for w in normalised))
    st.button("Random guess", key=state.RANDOM_GUESS, on_click=_random_guess, width="stretch",
              help="A new random starting point (seeded, so it can be repeated).")
    return guess


def _settings_controls() -> RunSettings:
    with st.expander("Run settings"):
        max_iter = st.number_input("Maximum iterations", 1, 1000, step=10, key=state.MAX_ITER)
        tol = st.select_slider("Tolerance (log-likelihood gain per point)", TOLERANCES, key=state.TOL,
                               format_func=lambda v: f"{v:g}",
                               help="EM stops when an iteration raises the mean log-likelihood by less.")
        reg_covar = st.select_slider("reg_covar (floor on the variance)", REG_COVARS, key=state.REG_COVAR,
                                     format_func=lambda v: f"{v:g}",
                                     help="Added to every variance in each M-step, so a Gaussian "
                                          "cannot shrink onto a single point.")
    return RunSettings(int(max_iter), float(tol), float(reg_covar))


def render() -> Choices:
    """Draw the sidebar and return the learner's choices."""
    defaults = RunSettings()
    for key, value in ((state.MAX_ITER, defaults.max_iter), (state.TOL, defaults.tol),
                       (state.REG_COVAR, defaults.reg_covar), (state.SHOW_TRUTH, False)):
        st.session_state.setdefault(key, value)
    with st.sidebar:
        st.header("Data")
        spec = _data_controls()
        try:
            data = dataset(spec)
            st.session_state[state.LAST_GOOD_DATA] = spec
        except ValueError as error:  # keep the last data that worked, and say why
            st.error(f"{error} The previous data are kept.", icon=":material/warning:")
            spec = st.session_state[state.LAST_GOOD_DATA]
            data = dataset(spec)
        _sample_controls(spec)
        st.header("Initial guess")
        guess = _guess_controls(data)
        settings = _settings_controls()
    return Choices(spec, data, guess, settings, bool(st.session_state[state.SHOW_TRUTH]))
