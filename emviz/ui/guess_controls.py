"""The sidebar's guess section: how many Gaussians, and where each one starts."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import streamlit as st

from emviz.data import Guess, random_guess
from emviz.mixture import Mixture, as_points
from emviz.ui import state
from emviz.ui.literal import markdown_literal
from emviz.ui.panels import component_label

MAX_COMPONENTS = 6


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


def guess_bounds(values: np.ndarray) -> dict[str, Bounds]:
    """Ranges of the µ, σ and weight controls for one coordinate of the data."""
    low, high = float(np.min(values)), float(np.max(values))
    span = high - low or max(abs(low), 1.0)
    step = _nice_step(span)
    return {
        "mean": Bounds(math.floor((low - 0.25 * span) / step) * step,
                       math.ceil((high + 0.25 * span) / step) * step, step),
        "sigma": Bounds(step, math.ceil(span / step) * step, step),
        "weight": Bounds(0.01, 1.0, 0.01),
    }


def _axes(dimensions: int) -> list[int | None]:
    return [None] if dimensions == 1 else list(range(dimensions))


def set_guess(guess: Guess) -> None:
    """Put ``guess`` into the guess controls (boxes and sliders) and set K to its size."""
    means = np.asarray(guess.means, dtype=float).reshape(guess.n_components, -1)
    sigmas = np.asarray(guess.sigmas, dtype=float).reshape(guess.n_components, -1)
    axes = _axes(means.shape[1])
    for k in range(guess.n_components):
        values = [(state.guess_weight(k), guess.weights[k])]
        for j, axis in enumerate(axes):
            values += [(state.guess_mean(k, axis), means[k, j]), (state.guess_sigma(k, axis), sigmas[k, j])]
        for key, value in values:
            st.session_state[key] = st.session_state[state.slider_key(key)] = float(value)
    st.session_state[state.N_COMPONENTS] = float(guess.n_components)


def guess_from_mixture(mixture) -> Guess:
    """The guess controls' version of a mixture: its weights, means and σ per axis (no correlation)."""
    sigmas = mixture.axis_sigmas
    if mixture.n_features == 1:
        return Guess(tuple(mixture.means[:, 0]), tuple(sigmas[:, 0]), tuple(mixture.weights))
    return Guess(tuple(map(tuple, mixture.means)), tuple(map(tuple, sigmas)), tuple(mixture.weights))


def load_into_stepper(start: Mixture) -> None:
    """Make a run's start the guess and open the stepper on it (a button callback).

    The button keeps its argument for the session, so it takes the start alone, not the run.
    """
    set_guess(guess_from_mixture(start))
    st.session_state[state.GO_TO_STEPPER] = True


def spread_guess(x: np.ndarray, n_components: int) -> Guess:
    """A neutral guess for K Gaussians: means at evenly spaced quantiles, σ a fraction of the spread."""
    points = as_points(x)
    levels = (np.arange(n_components) + 0.5) / n_components
    means = np.quantile(points, levels, axis=0)
    sigmas = np.tile(np.where(np.std(points, axis=0) > 0, np.std(points, axis=0), 1.0) / n_components,
                     (n_components, 1))
    weights = tuple([1.0] * n_components)
    if points.shape[1] == 1:
        return Guess(tuple(means[:, 0].tolist()), tuple(sigmas[:, 0].tolist()), weights)
    return Guess(tuple(map(tuple, means.tolist())), tuple(map(tuple, sigmas.tolist())), weights)


def _random_guess(x: np.ndarray) -> None:
    st.session_state[state.GUESS_SEED] = st.session_state.get(state.GUESS_SEED, 0) + 1
    rng = np.random.default_rng(st.session_state[state.GUESS_SEED])
    set_guess(random_guess(x, int(st.session_state[state.N_COMPONENTS]), rng))


def _ensure_components(x: np.ndarray, n_components: int) -> None:
    """Give components without values yet (K grew, or the data changed dimension) a neutral start."""
    axes = _axes(x.shape[1])
    keys = [state.guess_weight(k) for k in range(n_components)]
    keys += [state.guess_mean(k, axis) for k in range(n_components) for axis in axes]
    keys += [state.guess_sigma(k, axis) for k in range(n_components) for axis in axes]
    if all(key in st.session_state for key in keys):
        return
    neutral = spread_guess(x, n_components)
    means = np.asarray(neutral.means).reshape(n_components, -1)
    sigmas = np.asarray(neutral.sigmas).reshape(n_components, -1)
    for k in range(n_components):
        defaults = [(state.guess_weight(k), 1.0 / n_components)]
        for j, axis in enumerate(axes):
            defaults += [(state.guess_mean(k, axis), means[k, j]), (state.guess_sigma(k, axis), sigmas[k, j])]
        for key, value in defaults:
            if key not in st.session_state:
                st.session_state[key] = st.session_state[state.slider_key(key)] = float(value)


def _sync_from_slider(key: str) -> None:
    st.session_state[key] = st.session_state[state.slider_key(key)]


def _sync_from_box(key: str, bounds: Bounds) -> None:
    value = st.session_state[key]
    if isinstance(value, (int, float)) and math.isfinite(value):  # else the run's sanitiser resets both
        st.session_state[state.slider_key(key)] = bounds.clip(value)


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


def guess_controls(x: np.ndarray, axis_names: tuple[str, ...]) -> Guess:
    """Draw K and the µ, σ and weight controls of each Gaussian; return the guess."""
    points = as_points(x)
    st.number_input("Number of Gaussians K", 1.0, float(MAX_COMPONENTS), step=1.0, format="%.0f",  # a float box:
                    key=state.N_COMPONENTS,  # see emviz.ui.sanitise
                    help="How many Gaussians EM fits. 'How many Gaussians?' compares K by BIC.")
    n_components = int(st.session_state[state.N_COMPONENTS])
    _ensure_components(points, n_components)
    axes = _axes(points.shape[1])
    bounds = [guess_bounds(points[:, j]) for j in range(points.shape[1])]
    means, sigmas, weights = [], [], []
    for k in range(n_components):
        component_label(k, "Gaussian")
        mean, sigma = [], []
        for j, axis in enumerate(axes):
            axis_name = axis_names[j] if j < len(axis_names) else state.AXES[j]
            name = "" if axis is None else f" along {markdown_literal(axis_name)}"  # a learner's header
            short = "" if axis is None else f" {state.AXES[axis]}"
            mean.append(_linked_number(f"µ{short} (mean)", state.guess_mean(k, axis), bounds[j]["mean"],
                                       f"Where this Gaussian starts{name}."))
            sigma.append(_linked_number(f"σ{short} (spread)", state.guess_sigma(k, axis), bounds[j]["sigma"],
                                        f"Its standard deviation{name}: how wide it starts."))
        means.append(mean[0] if axis is None else tuple(mean))
        sigmas.append(sigma[0] if axis is None else tuple(sigma))
        weights.append(_linked_number("weight", state.guess_weight(k), bounds[0]["weight"],
                                      "Its share of the points; the weights are divided by their sum."))
    normalised = np.asarray(weights) / sum(weights)
    st.caption("Weights after dividing by their sum: " + " / ".join(f"{w:.3f}" for w in normalised))
    st.button("Random guess", key=state.RANDOM_GUESS, on_click=_random_guess, args=(points,), width="stretch",
              help="A new random starting point (seeded, so it can be repeated).")
    return Guess(tuple(means), tuple(sigmas), tuple(weights))
