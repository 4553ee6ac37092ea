"""The sidebar's data section: pick an example, edit generated data, or bring your own."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from emviz.data import (MAX_POINTS, MAX_POINTS_PER_COMPONENT, DataError, GaussianSpec, LoadedData, load_csv,
                        parse_numbers)
from emviz.examples import EXAMPLES
from emviz.sources import OldFaithfulSource, TableSource, check_own_data, register_table
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


def fill_generated_controls(spec: GaussianSpec) -> None:
    """Put a generated example's true µ, σ and counts into the data controls."""
    for k in range(len(spec.means)):
        st.session_state[state.data_mean(k)] = spec.means[k]
        st.session_state[state.data_sigma(k)] = spec.sigmas[k]
        st.session_state[state.data_count(k)] = spec.counts[k]


def _generated_controls(spec: GaussianSpec) -> None:
    with st.expander("Data: the true Gaussians", expanded=False):
        for k in range(len(spec.means)):
            component_label(k, "True Gaussian")
            columns = st.columns(3)
            columns[0].number_input("µ", -DATA_LIMIT, DATA_LIMIT, step=1.0, key=state.data_mean(k))
            columns[1].number_input("σ", 0.01, DATA_LIMIT, step=0.5, key=state.data_sigma(k))
            columns[2].number_input("points", 1, MAX_POINTS_PER_COMPONENT, step=100, key=state.data_count(k),
                                    help=f"At most {MAX_POINTS:,} points in all.")
        st.toggle("Show the true curves", key=state.SHOW_TRUTH,
                  help="Off by default: the true curves give the answer away.")


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
        st.session_state[state.OWN_TABLE + "_error"] = str(error)
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
    paste_error = st.session_state.pop(state.OWN_TABLE + "_error", None)
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
    return TableSource(register_table(values), tuple(chosen), bool(st.session_state.get(state.STANDARDISE)))


def _standardise_toggle() -> bool:
    return st.toggle("Standardise (mean 0, standard deviation 1)", key=state.STANDARDISE,
                     help="Puts every column on the same scale; Bishop's Figure 9.8 uses it.")


def data_controls():
    """Draw the data section; return the chosen source, or None to keep the previous data."""
    preset = example()
    if preset is None:
        _standardise_toggle()
        return _own_data_controls()
    source = preset.data
    if isinstance(source, GaussianSpec):
        source = _generated_spec()
        edited = replace(source, seed=preset.data.seed) != preset.data
        st.caption(preset.description + (" *(edited)*" if edited else ""))
        _generated_controls(source)
        return source
    st.caption(preset.description)
    if isinstance(source, OldFaithfulSource):
        return replace(source, standardise=_standardise_toggle())
    st.toggle("Show the true ellipses", key=state.SHOW_TRUTH, help="Off by default: they give the answer away.")
    return replace(source, seed=int(st.session_state[state.DATA_SEED]))
