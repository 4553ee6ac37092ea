"""The sidebar's own-data section: upload a CSV file or paste numbers, then choose the columns.

Whichever the learner used last (a new file, or "Use these numbers") is the data
offered; a file is read once per upload, refused or not. Everything that comes
from the learner (file names, headers, entries) is shown as literal text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import streamlit as st

from emviz.data import MAX_FILE_BYTES, DataError, LoadedData, load_csv, parse_numbers, plural
from emviz.sources import TableSource, check_own_data
from emviz.ui import state
from emviz.ui.literal import markdown_literal

PASTED = "the pasted numbers"
"""How the app names pasted numbers when it says which data are loaded."""


@dataclass(frozen=True, eq=False)
class OwnData:
    """The learner's last numbers: where they came from and how they read.

    Attributes
    ----------
    name : str
        The file's name, or :data:`PASTED`.
    readings : dict of str to LoadedData
        One reading, or two (labelled by what they hold) when the commas can be
        read as decimal points or as separators and the learner has to choose.
    """

    name: str
    readings: dict[str, LoadedData]


def _reading_label(table: LoadedData) -> str:
    """What a reading holds, with its first numbers: how the learner tells two readings apart."""
    what = "Decimal points" if table.decimal_comma else "Separators"
    n_rows, n_columns = table.values.shape
    if n_columns == 1:
        start, size = ", ".join(f"{v:g}" for v in table.values[:4, 0]), plural(n_rows, "number")
    else:
        start = ", ".join("(" + ", ".join(f"{v:g}" for v in row) + ")" for row in table.values[:3])
        size = f"{plural(n_rows, 'row')} of {n_columns} numbers"
    return f"{what}: {start}, … ({size})"


def _offer(name: str, tables: list[LoadedData]) -> None:
    """Make ``tables`` (one reading, or the two readings of ambiguous commas) the learner's data."""
    tables = sorted(tables, key=lambda table: not table.decimal_comma)  # decimal points first
    st.session_state[state.OWN_DATA] = OwnData(name, {_reading_label(table): table for table in tables})
    st.session_state.pop(state.COMMA_READING, None)
    if len(tables) == 1:
        st.session_state[state.UPLOAD_COLUMNS] = list(tables[0].columns[:1])


def _reading_chosen() -> None:
    own = st.session_state[state.OWN_DATA]
    st.session_state[state.UPLOAD_COLUMNS] = list(own.readings[st.session_state[state.COMMA_READING]].columns[:1])


def _readings(first, read):
    """``first``, and when its commas are ambiguous the other reading, ``read(decimal_comma)``, if it works.

    (Commas read as separators can give more numbers than can be fitted: then only ``first`` is offered.)
    """
    if not first.ambiguous:
        return [first]
    try:
        return [first, read(not first.decimal_comma)]
    except DataError:
        return [first]


def _read_upload() -> None:
    """Read a newly uploaded file once (by its upload's id); a refused one is remembered too."""
    upload = st.file_uploader(
        "Upload a CSV file", type=["csv", "txt"], key=state.UPLOAD,
        help="One numeric column for 1-D data, two for 2-D. Commas, semicolons or tabs between the columns.")
    st.caption(f"At most {MAX_FILE_BYTES // 2**20} MB. A larger file gets a red mark in the box above "
               "and is not read.")
    if upload is None:
        st.session_state[state.OWN_UPLOAD_ID] = st.session_state[state.UPLOAD_ERROR] = None
        return
    if st.session_state.get(state.OWN_UPLOAD_ID) == upload.file_id:
        return
    st.session_state[state.OWN_UPLOAD_ID] = upload.file_id
    try:
        table = load_csv(upload.getvalue())
    except DataError as error:
        st.session_state[state.UPLOAD_ERROR] = f"{upload.name}: {error}"
        st.session_state[state.OWN_DATA] = None
        return
    st.session_state[state.UPLOAD_ERROR] = None
    _offer(upload.name, _readings(table, partial(load_csv, upload.getvalue())))


def _pasted_table(numbers) -> LoadedData:
    return LoadedData(columns=("pasted numbers",), values=numbers.values[:, None], message=numbers.message,
                      decimal_comma=numbers.decimal_comma)


def _use_pasted() -> None:
    text = st.session_state.get(state.PASTE, "")
    try:
        numbers = parse_numbers(text)
    except DataError as error:
        st.session_state[state.PASTE_ERROR] = str(error)
        return
    _offer(PASTED, [_pasted_table(reading) for reading in _readings(numbers, partial(parse_numbers, text))])


def _error(message: str) -> None:
    st.error(markdown_literal(message), icon=":material/warning:")


def _chosen_reading(own: OwnData) -> LoadedData | None:
    """The only reading, or the one the learner picks; None until they pick."""
    if len(own.readings) == 1:
        return next(iter(own.readings.values()))
    st.radio(f"1,5 can be the number 1.5 or the two numbers 1 and 5. In {markdown_literal(own.name)}, "
             "the commas are", list(own.readings), index=None, key=state.COMMA_READING, on_change=_reading_chosen)
    choice = st.session_state.get(state.COMMA_READING)
    if choice is None:
        st.info("Choose how to read the commas; until then the previous data stay on screen.",
                icon=":material/help:")
        return None
    return own.readings.get(choice)


def own_data_controls() -> TableSource | None:
    """Upload or paste; return a TableSource, or None when there is nothing (valid) yet."""
    _read_upload()
    upload_error = st.session_state.get(state.UPLOAD_ERROR)
    if upload_error:
        _error(f"{upload_error} The previous data are kept.")
    st.text_area("…or paste numbers", key=state.PASTE, height=80,
                 placeholder="12.1, 13.4, 19.8 … (commas, spaces, semicolons or new lines)")
    st.button("Use these numbers", key=state.USE_PASTE, on_click=_use_pasted, width="stretch")
    paste_error = st.session_state.pop(state.PASTE_ERROR, None)
    if paste_error:
        _error(paste_error)
    own = st.session_state.get(state.OWN_DATA)
    if own is None:
        if not upload_error:
            st.info("Upload a CSV or paste numbers; until then the previous data stay on screen.",
                    icon=":material/upload_file:")
        return None
    table = _chosen_reading(own)
    if table is None:
        return None
    st.caption(" ".join(filter(None, [f"Loaded: {markdown_literal(own.name)}.", markdown_literal(table.message)])))
    chosen = st.multiselect("Columns to fit (one for 1-D, two for 2-D)", list(table.columns),
                            key=state.UPLOAD_COLUMNS, max_selections=2)
    if not chosen:
        st.warning("Choose one or two columns.", icon=":material/warning:")
        return None
    values = table.values[:, [table.columns.index(name) for name in chosen]]
    try:
        check_own_data(values)
    except DataError as error:
        _error(f"{error} The previous data are kept.")
        return None
    return TableSource.of(values, tuple(chosen), bool(st.session_state.get(state.STANDARDISE)))
