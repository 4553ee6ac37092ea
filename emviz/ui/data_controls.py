"""The sidebar's data section: pick an example, edit generated data, or bring your own."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from emviz.data import (MAX_POINTS, MAX_POINTS_PER_COMPONENT, DataError, GaussianSpec, GaussianSpec2D, LoadedData,
                        load_csv, parse_numbers)
from emviz.examples import EXAMPLES
from emviz.sources import OldFaithfulSource, TableSource, check_own_data
from emviz.ui import state
from emviz.ui.panels import component_label

DATA_LIMIT = 10_000.0
"""Largest |µ| and σ accepted for generated data."""


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


def _count_input(column, k: int) -> None:
    column.number_input("points", 1.0, float(MAX_POINTS_PER_COMPONENT), step=100.0, format="%.0f",  # a float box:
                        key=state.data_count(k), help=f"At most {MAX_POINTS:,} points in all.")  # see ui.sanitise


def _generated_controls(spec: GaussianSpec | GaussianSpec2D) -> None:
    two_dimensional = isinstance(spec, GaussianSpec2D)
    with st.expander("Data: the true Gaussians", expanded=False):
        for k in range(len(spec.means)):
            component_label(k, "True Gaussian")
            if not two_dimensional:
                columns = st.columns(3)
                columns[0].number_input("µ", -DATA_LIMIT, DATA_LIMIT, step=1.0, key=state.data_mean(k))
                columns[1].number_input("σ", 0.01, DATA_LIMIT, step=0.5, key=state.data_sigma(k))
                _count_input(columns[2], k)
                continue
            for axis in (0, 1):
                columns = st.columns(2)
                columns[0].number_input(f"µ{state.AXES[axis]}", -DATA_LIMIT, DATA_LIMIT, step=0.5,
                                        key=state.data_mean(k, axis))
                columns[1].number_input(f"σ{state.AXES[axis]}", 0.01, DATA_LIMIT, step=0.1,
                                        key=state.data_sigma(k, axis))
            columns = st.columns(2)
            columns[0].number_input("ρ (correlation)", -0.99, 0.99, step=0.05, key=state.data_correlation(k))
            _count_input(columns[1], k)
        what = "ellipses" if two_dimensional else "curves"
        st.toggle(f"Show the true {what}", key=state.SHOW_TRUTH,
                  help=f"Off by default: the true {what} give the answer away.")


def _load_upload() -> LoadedData | None:
    """Parse a newly uploaded file (once per file); keep the last good table on errors."""
    upload = st.file_uploader("Upload a CSV file", type=["csv", "txt"], key=state.UPLOAD,
                              help="One numeric column for 1-D data, two for 2-D. At most 5 MB.")
    if upload is not None and st.session_state.get(state.OWN_UPLOAD_NAME) != (upload.name, upload.size):
        try:
            table = load_csv(upload.getvalue())
        except DataError as error:
            st.error(f"{upload.name}: {error}", icon=":material/warning:")
        else:
            st.session_state[state.OWN_TABLE] = table
            st.session_state[state.OWN_UPLOAD_NAME] = (upload.name, upload.size)
            st.session_state[state.UPLOAD_COLUMNS] = list(table.columns[:1])
    return st.session_state.get(state.OWN_TABLE)


def _use_pasted() -> None:
    try:
        values = parse_numbers(st.session_state.get(state.PASTE, ""))
    except DataError as error:
        st.session_state[state.PASTE_ERROR] = str(error)
        return
    st.session_state[state.OWN_TABLE] = LoadedData(columns=("pasted numbers",), values=values.values[:, None],
                                                   message=values.message)
    st.session_state[state.OWN_UPLOAD_NAME] = None
    st.session_state[state.UPLOAD_COLUMNS] = ["pasted numbers"]


def _own_data_controls():
    """Upload or paste; returns a TableSource, or None when there is nothing (valid) yet."""
    table = _load_upload()
    st.text_area("…or paste numbers", key=state.PASTE, height=80,
                 placeholder="12.1, 13.4, 19.8 … (commas, spaces, semicolons or new lines)")
    st.button("Use these numbers", key=state.USE_PASTE, on_click=_use_pasted, width="stretch")
    paste_error = st.session_state.pop(state.PASTE_ERROR, None)
    if paste_error:
        st.error(paste_error, icon=":material/warning:")
    if table is None:
        st.info("Upload a CSV or paste numbers; until then the previous data stay on screen.",
                icon=":material/upload_file:")
        return None
    if table.message:
        st.caption(table.message)
    chosen = st.multiselect("Columns to fit (one for 1-D, two for 2-D)", list(table.columns),
                            key=state.UPLOAD_COLUMNS, max_selections=2)
    if not chosen:
        st.warning("Choose one or two columns.", icon=":material/warning:")
        return None
    indices = [table.columns.index(name) for name in chosen]
    values = table.values[:, indices]
    try:
        check_own_data(values)
    except DataError as error:
        st.error(f"{error} The previous data are kept.", icon=":material/warning:")
        return None
    return TableSource.of(values, tuple(chosen), bool(st.session_state.get(state.STANDARDISE)))


def _standardise_toggle() -> bool:
    return st.toggle("Standardise (mean 0, standard deviation 1)", key=state.STANDARDISE,
                     help="Puts every column on the same scale; Bishop's Figure 9.8 uses it.")


def data_controls():
    """Draw the data section; return the chosen source, or None to keep the previous data."""
    preset = example()
    if preset is None:
        _standardise_toggle()
        return _own_data_controls()
    if isinstance(preset.data, OldFaithfulSource):
        st.caption(preset.description)
        return replace(preset.data, standardise=_standardise_toggle())
    source = _generated_spec() if isinstance(preset.data, GaussianSpec) else _generated_spec_2d()
    edited = replace(source, seed=preset.data.seed) != preset.data
    st.caption(preset.description + (" *(edited)*" if edited else ""))
    _generated_controls(source)
    return source
