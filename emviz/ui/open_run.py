"""The sidebar's "Open an exported run": a JSON export puts back its data, guess and settings.

The file is read in the uploader's callback, before any control is drawn, so every control
can take the file's values. Everything is checked first (:func:`emviz.run_file.read_run`,
then the controls' own ranges); a file that cannot be used changes nothing and says why.
"""

from __future__ import annotations

import streamlit as st

from emviz.data import GaussianSpec, GaussianSpec2D, LoadedData, plural
from emviz.exports import SavedRun
from emviz.run_file import RunFileError, read_run
from emviz.sources import TableSource, load
from emviz.ui import sidebar, state  # sidebar imports this module: its names are read at call time
from emviz.ui.data_controls import fill_generated_controls
from emviz.ui.guess_controls import MAX_COMPONENTS, guess_bounds, set_guess
from emviz.ui.literal import markdown_literal
from emviz.ui.own_data import OwnData


def _check_controls(saved: SavedRun) -> None:
    """Refuse what the sidebar's controls cannot hold (they would clip it, and the run would differ)."""
    if saved.hard:
        raise RunFileError("This run used hard EM, which the Step through EM page does not run.")
    if saved.tol not in sidebar.TOLERANCES or saved.reg_covar not in sidebar.REG_COVARS:
        raise RunFileError(f"The tolerance ({saved.tol:g}) or reg_covar ({saved.reg_covar:g}) in this file is "
                           "not one the Run settings offer: the file was edited.")
    if not state.MAX_ITER_RANGE[0] <= saved.max_iter <= state.MAX_ITER_RANGE[1]:
        raise RunFileError(f"Maximum iterations {saved.max_iter} is outside {state.MAX_ITER_RANGE[0]} … "
                           f"{state.MAX_ITER_RANGE[1]}: the file was edited.")
    guess = saved.guess
    if guess.n_components > MAX_COMPONENTS:
        raise RunFileError(f"The guess has {guess.n_components} Gaussians; the app fits at most {MAX_COMPONENTS}.")
    points = load(saved.source).x.reshape(-1, len(guess.means[0]) if isinstance(guess.means[0], tuple) else 1)
    for j in range(points.shape[1]):
        bounds = guess_bounds(points[:, j])
        for name, values in (("mean", guess.means), ("sigma", guess.sigmas), ("weight", guess.weights)):
            for k, value in enumerate(values):
                value = value[j] if isinstance(value, tuple) else value
                if bounds[name].clip(value) != value:
                    raise RunFileError(f"The guessed {name} of Gaussian {k + 1} ({value:g}) is outside the range "
                                       "the guess controls offer for these data: the file was edited.")


def apply_saved_run(saved: SavedRun) -> None:
    """Put a saved run's example, data, guess and settings into the sidebar's controls.

    Parameters
    ----------
    saved : SavedRun
        Checked by :func:`emviz.run_file.read_run` and :func:`_check_controls`.
    """
    session = st.session_state
    session[state.PRESET] = saved.example
    sidebar.apply_preset()
    source = saved.source
    if isinstance(source, (GaussianSpec, GaussianSpec2D)):
        fill_generated_controls(source)
        session[state.DATA_SEED] = source.seed
    session[state.STANDARDISE] = bool(getattr(source, "standardise", False))
    if isinstance(source, TableSource):
        table = LoadedData(columns=source.columns, values=source.values)
        session[state.OWN_DATA] = OwnData(saved.name or "the opened run", {"opened run": table})
        session[state.UPLOAD_COLUMNS] = list(source.columns)
        session.pop(state.COMMA_READING, None)
        session[state.LAST_GOOD_DATA] = source  # the data are not new: the sidebar keeps the file's guess
    set_guess(saved.guess)
    session[state.MAX_ITER] = float(saved.max_iter)  # a float box (see emviz.ui.sanitise)
    session[state.TOL] = saved.tol
    session[state.REG_COVAR] = saved.reg_covar


def _open() -> None:
    """The uploader's callback: read the file, check it, and apply it or say why not."""
    upload = st.session_state.get(state.OPEN_RUN)
    if upload is None:
        st.session_state.pop(state.OPEN_RUN_MESSAGE, None)
        return
    name = markdown_literal(upload.name)
    try:
        saved = read_run(upload.getvalue())
        _check_controls(saved)
    except RunFileError as error:
        st.session_state[state.OPEN_RUN_MESSAGE] = (False, f"{name}: {markdown_literal(str(error))} Nothing "
                                                    "was changed.")
        return
    apply_saved_run(saved)
    st.session_state[state.GO_TO_STEPPER] = True
    st.session_state[state.OPEN_RUN_MESSAGE] = (True, f"Opened {name}: {markdown_literal(saved.example)}, "
                                                f"{plural(saved.guess.n_components, 'Gaussian')}, the same data, "
                                                "guess and settings.")


def open_run_control() -> None:
    """The uploader of a JSON export, and what opening the last one did."""
    with st.expander("Open an exported run (JSON)"):
        st.file_uploader("A run exported from *Download this run*", type=["json"], key=state.OPEN_RUN,
                         on_change=_open, help="Puts back the run's data, initial guess and settings.")
        message = st.session_state.get(state.OPEN_RUN_MESSAGE)
        if message is not None:
            ok, text = message
            (st.success if ok else st.error)(text, icon=":material/check_circle:" if ok else ":material/warning:")
