"""Every widget value checked against its widget's options or range, before anything reads it.

The browser sends widget values, and a hand-written client can send anything: NaN,
inf or text for a number, an example or a speed that does not exist. :func:`sanitise`
runs at the start of every run of the app (and of the stepper's fragment): a value
that is not one of its widget's options, or not a finite number within the widget's
range (a whole one where the widget takes whole numbers), goes back to its default,
and a notice names the control. Everything else the learner has stays.

Some values never reach the app: Streamlit (1.67) deserialises a widget's value
before the script runs. For an integer ``st.number_input`` it calls ``int()`` on
what was sent, so NaN or inf would fail every later rerun of the session; the app's
whole-number boxes (points, K, maximum iterations) are therefore float boxes shown
without decimals, for which Streamlit itself puts a non-finite or out-of-range value
back to the box's minimum. Text sent for any number box fails inside Streamlit.
"""

from __future__ import annotations

import math

import streamlit as st

from emviz.data import DEFAULT_PRESET, GaussianSpec, GaussianSpec2D
from emviz.engine.missing_values import MECHANISMS
from emviz.examples import EXAMPLES
from emviz.ui import sidebar, state, stepper
from emviz.ui.data_controls import generated_values
from emviz.ui.guess_controls import MAX_COMPONENTS
from emviz.ui.missing_controls import MISSING_SOURCES
from emviz.ui.rules import Number, OneOf, fits
from emviz.ui.runs import RunSettings

FORGET = object()
"""Default of a control that fills itself in when its value is missing (the guess, page controls)."""


def _switches() -> dict:
    labels = {state.PLAY: "Play", state.SHOW_TRUTH: "Show the true curves", state.STANDARDISE: "Standardise"}
    rules = {key: OneOf(label, (True, False), False) for key, label in labels.items()}
    rules[state.HARD_EM] = OneOf("Compare with hard EM", (True, False), FORGET)  # its page turns it on
    return rules


def _settings() -> dict:
    defaults = RunSettings()
    return {
        state.PRESET: OneOf("Example", tuple(EXAMPLES), DEFAULT_PRESET),
        state.SPEED: OneOf("Speed", tuple(stepper.SPEEDS), stepper.DEFAULT_SPEED),
        state.TOL: OneOf("Tolerance", tuple(sidebar.TOLERANCES), defaults.tol),
        state.REG_COVAR: OneOf("reg_covar", tuple(sidebar.REG_COVARS), defaults.reg_covar),
        state.MAX_ITER: Number("Maximum iterations", *state.MAX_ITER_RANGE, float(defaults.max_iter), whole=True),
        state.N_COMPONENTS: Number("Number of Gaussians K", 1, MAX_COMPONENTS, 2.0, whole=True),
        state.FRAME: Number("Frame", 0, math.inf, 0, whole=True, kind=int),
        state.N_RESTARTS: Number("Restarts", *state.N_RESTARTS_RANGE, FORGET, whole=True, kind=int),
        state.RESTART_SEED: Number("Seed of the random starts", *state.SEED_RANGE, FORGET, whole=True, kind=int),
        state.BIC_STARTS: Number("Starts per K", *state.BIC_STARTS_RANGE, FORGET, whole=True, kind=int),
        state.BIC_SEED: Number("Seed", *state.SEED_RANGE, FORGET, whole=True, kind=int),
        # issue 10's lessons "Two coins" and "Missing values"
        state.COINS_FRAME: Number("Frame", 0, math.inf, 0, whole=True, kind=int),
        state.MISSING_FRAME: Number("Frame", 0, math.inf, 0, whole=True, kind=int),
        state.COINS_ITERATIONS: Number("Iterations", *state.COINS_ITERATIONS_RANGE, FORGET, whole=True, kind=int),
        state.COINS_HARD: OneOf("Hard assignment", (True, False), FORGET),
        state.MISSING_SOURCE: OneOf("Data", MISSING_SOURCES, FORGET),
        state.MISSING_MECHANISM: OneOf("Which y are missing", MECHANISMS, FORGET),
        state.MISSING_SEED: Number("Seed", *state.SEED_RANGE, FORGET, whole=True, kind=int),
        state.COINS_THETA_A: Number("Start θA", *state.COINS_THETA_RANGE, FORGET),
        state.COINS_THETA_B: Number("Start θB", *state.COINS_THETA_RANGE, FORGET),
        state.MISSING_N: Number("Points", *state.MISSING_N_RANGE, FORGET, whole=True),
    }


def control_rules() -> dict:
    """The rule of every switch, menu and whole-number control, by its key (also read by links)."""
    return {**_switches(), **_settings()}


def _data_controls() -> dict:
    """The generated example's data controls, each defaulting to the example's own value.

    Any finite number is allowed: the boxes have no min or max, and a value out of range
    is refused next to its box in words (:mod:`emviz.ui.data_controls`), every number kept.
    """
    example = EXAMPLES.get(st.session_state.get(state.PRESET, DEFAULT_PRESET))
    if example is None or not isinstance(example.data, (GaussianSpec, GaussianSpec2D)):
        return {}
    labels = {"data_n_": "points", "data_rho_": "ρ (correlation)", "data_sigma_": "σ of a true Gaussian",
              "data_mu_": "µ of a true Gaussian"}
    return {key: Number(next(label for prefix, label in labels.items() if key.startswith(prefix)),
                        -math.inf, math.inf, default)
            for key, default in generated_values(example.data).items()}


def _guess_controls() -> dict:
    """The guess boxes and sliders: any finite number (each control clips it into its range)."""
    rules = {}
    for k in range(MAX_COMPONENTS):
        labels = {state.guess_weight(k): f"weight of Gaussian {k + 1}"}
        for axis in (None, 0, 1):
            labels[state.guess_mean(k, axis)] = f"µ of Gaussian {k + 1}"
            labels[state.guess_sigma(k, axis)] = f"σ of Gaussian {k + 1}"
        for key, label in labels.items():
            for widget in (key, state.slider_key(key)):
                rules[widget] = Number(label, -math.inf, math.inf, FORGET)
    return rules


def _reset(key: str, rule) -> None:
    if rule.default is not FORGET:
        st.session_state[key] = rule.default
    elif key.startswith("guess_"):  # a box and its slider go together: both are filled in again
        box = key.removesuffix("_slider")
        for widget in (box, state.slider_key(box)):
            st.session_state.pop(widget, None)
    else:  # the control (or its page) fills in its own default
        st.session_state.pop(key, None)
    if key == state.PRESET:
        sidebar.apply_preset()


def _check(rules: dict) -> list[str]:
    """Reset the values that break their rule; store the others as their widget's type (int or float)."""
    session = st.session_state
    reset = []
    for key, rule in rules.items():
        if key not in session:
            continue
        if not fits(rule, session[key]):
            _reset(key, rule)
            reset.append(rule.label)
        elif isinstance(rule, Number):
            session[key] = rule.kind(session[key])
    return reset


def sanitise(keys=None) -> list[str]:
    """Put every widget value that its widget could not have sent back to its default.

    Parameters
    ----------
    keys : collection of str or None, default=None
        Check only these keys (None: every widget of the app).

    Returns
    -------
    list of str
        The labels of the controls that were reset, each also named in a notice.
    """
    reset = _check({key: rule for key, rule in control_rules().items() if keys is None or key in keys})
    if keys is None:  # after the example: the data controls depend on it
        reset += _check({**_data_controls(), **_guess_controls()})
    for label in dict.fromkeys(reset):
        st.toast(f"**{label}**: the value received is not one this control allows, so it is back to "
                 "its default.", icon=":material/restart_alt:")
    return reset
