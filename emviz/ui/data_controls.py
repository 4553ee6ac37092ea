"""The sidebar's data section: pick an example, edit generated data, or bring your own (:mod:`.own_data`)."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from emviz.data import MAX_POINTS, MAX_POINTS_PER_COMPONENT, GaussianSpec, GaussianSpec2D, checked_counts
from emviz.examples import EXAMPLES
from emviz.sources import OldFaithfulSource
from emviz.ui import state
from emviz.ui.own_data import own_data_controls
from emviz.ui.panels import component_label

DATA_LIMIT = 10_000.0
"""Largest |µ| and σ accepted for generated data."""
MIN_SIGMA = 0.01
"""Smallest σ accepted for generated data."""
MAX_CORRELATION = 0.99
"""Largest |ρ| accepted for generated 2-D data."""


def example():
    """The chosen example's preset (None for the learner's own data)."""
    return EXAMPLES[st.session_state[state.PRESET]]


def _generated_spec() -> GaussianSpec:
    session = st.session_state
    gaussians = range(len(example().data.means))
    return GaussianSpec(
        means=tuple(float(session[state.data_mean(k)]) for k in gaussians),
        sigmas=tuple(float(session[state.data_sigma(k)]) for k in gaussians),
        counts=tuple(int(session[state.data_count(k)]) for k in gaussians),
        seed=int(session[state.DATA_SEED]),
        decimals=example().data.decimals,
    )


def _generated_spec_2d() -> GaussianSpec2D:
    session = st.session_state
    gaussians = range(len(example().data.means))
    return GaussianSpec2D(
        means=tuple((float(session[state.data_mean(k, 0)]), float(session[state.data_mean(k, 1)]))
                    for k in gaussians),
        sigma_x=tuple(float(session[state.data_sigma(k, 0)]) for k in gaussians),
        sigma_y=tuple(float(session[state.data_sigma(k, 1)]) for k in gaussians),
        correlation=tuple(float(session[state.data_correlation(k)]) for k in gaussians),
        counts=tuple(int(session[state.data_count(k)]) for k in gaussians),
        seed=int(session[state.DATA_SEED]),
    )


def generated_values(spec: GaussianSpec | GaussianSpec2D) -> dict[str, float | int]:
    """A generated example's true parameters and counts, by the key of their data control."""
    values: dict[str, float | int] = {}
    for k in range(len(spec.means)):
        values[state.data_count(k)] = float(spec.counts[k])
        if isinstance(spec, GaussianSpec):
            values[state.data_mean(k)] = float(spec.means[k])
            values[state.data_sigma(k)] = float(spec.sigmas[k])
            continue
        for axis, sigmas in enumerate((spec.sigma_x, spec.sigma_y)):
            values[state.data_mean(k, axis)] = float(spec.means[k][axis])
            values[state.data_sigma(k, axis)] = float(sigmas[k])
        values[state.data_correlation(k)] = float(spec.correlation[k])
    return values


def fill_generated_controls(spec: GaussianSpec | GaussianSpec2D) -> None:
    """Put a generated example's true parameters and counts into the data controls."""
    st.session_state.update(generated_values(spec))


def _number(column, label: str, key: str, k: int, low: float, high: float, step: float) -> str | None:
    """A number box for Gaussian ``k``; why its value is refused, or None.

    The box has no min or max: the browser would refuse an out-of-range entry with only
    a red icon and silently keep the old value; here the learner gets a sentence.
    """
    value = column.number_input(label, step=step, key=key, help=f"Between {low:,g} and {high:,g}.")
    if low <= value <= high:
        return None
    return f"{label} of Gaussian {k + 1} is {value:,g}; choose a value between {low:,g} and {high:,g}."


def _count_input(column, k: int) -> None:
    # No min or max either (see _number): checked_counts refuses a count with a sentence. A float box
    # shown without decimals, as every whole-number box (see emviz.ui.sanitise).
    column.number_input("points", step=100.0, format="%.0f", key=state.data_count(k),
                        help=f"Between 1 and {MAX_POINTS_PER_COMPONENT:,} per Gaussian, at most {MAX_POINTS:,} "
                             "in all.")


def _count_problem(counts) -> str | None:
    """Why the generators refuse these points per Gaussian, or None."""
    try:
        checked_counts(counts)
    except ValueError as error:
        return str(error)
    return None


def _gaussian_inputs(k: int, two_dimensional: bool) -> list[str | None]:
    """Draw the true µ, σ (ρ in 2-D) and count of Gaussian ``k``; return why each value is refused."""
    if not two_dimensional:  # two rows, as in 2-D: three boxes in a row cut off 300000 and 20.00
        columns = st.columns(2)
        problems = [_number(columns[0], "µ", state.data_mean(k), k, -DATA_LIMIT, DATA_LIMIT, 1.0),
                    _number(columns[1], "σ", state.data_sigma(k), k, MIN_SIGMA, DATA_LIMIT, 0.5)]
        _count_input(st.columns(2)[0], k)
        return problems
    problems = []
    for axis in (0, 1):
        columns = st.columns(2)
        problems += [
            _number(columns[0], f"µ{state.AXES[axis]}", state.data_mean(k, axis), k, -DATA_LIMIT, DATA_LIMIT, 0.5),
            _number(columns[1], f"σ{state.AXES[axis]}", state.data_sigma(k, axis), k, MIN_SIGMA, DATA_LIMIT, 0.1),
        ]
    columns = st.columns(2)
    problems.append(_number(columns[0], "ρ (correlation)", state.data_correlation(k), k, -MAX_CORRELATION,
                            MAX_CORRELATION, 0.05))
    _count_input(columns[1], k)
    return problems


def _generated_controls(spec: GaussianSpec | GaussianSpec2D) -> bool:
    """Draw the true Gaussians' controls; return whether their values can be drawn from (else say why)."""
    two_dimensional = isinstance(spec, GaussianSpec2D)
    with st.expander("Data: the true Gaussians", expanded=False):
        problems = []
        for k in range(len(spec.means)):
            component_label(k, "True Gaussian")
            problems += _gaussian_inputs(k, two_dimensional)
        refusals = [problem for problem in [*problems, _count_problem(spec.counts)] if problem]
        if refusals:
            st.error(" ".join(refusals) + " The data on screen are kept, and so are your other numbers.",
                     icon=":material/warning:")
        what = "ellipses" if two_dimensional else "curves"
        st.toggle(f"Show the true {what}", key=state.SHOW_TRUTH,
                  help=f"Off by default: the true {what} give the answer away.")
    return not refusals


def _standardise_toggle() -> bool:
    return st.toggle("Standardise (mean 0, standard deviation 1)", key=state.STANDARDISE,
                     help="Puts every column on the same scale; Bishop's Figure 9.8 uses it.")


def data_controls():
    """Draw the data section; return the chosen source, or None to keep the previous data."""
    preset = example()
    if preset is None:
        _standardise_toggle()
        return own_data_controls()
    if isinstance(preset.data, OldFaithfulSource):
        st.caption(preset.description)
        return replace(preset.data, standardise=_standardise_toggle())
    source = _generated_spec() if isinstance(preset.data, GaussianSpec) else _generated_spec_2d()
    edited = replace(source, seed=preset.data.seed) != preset.data
    st.caption(preset.description + (" *(edited)*" if edited else ""))
    return source if _generated_controls(source) else None
