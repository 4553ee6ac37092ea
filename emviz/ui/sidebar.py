"""The sidebar: the data, the initial guess and the run settings.

Every control writes to session state under the keys of :mod:`emviz.ui.state`;
:func:`render` reads them back into the plain values the engine takes. Input
that cannot be used gets a message, and the last data and guess that worked stay.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from emviz.data import DEFAULT_PRESET, PRESETS, DataError, Dataset, GaussianSpec, GaussianSpec2D, Guess
from emviz.examples import EXAMPLES
from emviz.sources import Source, TableSource, check_components, scale_warning
from emviz.timeline import setting_text
from emviz.ui import state
from emviz.ui.data_controls import data_controls, fill_generated_controls
from emviz.ui.guess_controls import guess_controls, set_guess, spread_guess
from emviz.ui.open_run import open_run_control
from emviz.ui.runs import RunSettings, dataset

TOLERANCES = (1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-10)
REG_COVARS = (0.0, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1e-1, 1.0)


@dataclass(frozen=True)
class Choices:
    """What the learner chose in the sidebar: plain keys, kept in the session (the data are not).

    Attributes
    ----------
    spec : Source
        The data source (:mod:`emviz.sources`): generated, Old Faithful or the learner's own.
    guess : Guess
    settings : RunSettings
    show_truth : bool
    """

    spec: Source
    guess: Guess
    settings: RunSettings
    show_truth: bool

    @property
    def data(self) -> Dataset:
        """The data of ``spec``, from the cache shared by every session (a session keeps no copy alive)."""
        return dataset(self.spec)

    @property
    def dimensions(self) -> int:
        """Dimension d of the data."""
        return 1 if self.data.x.ndim == 1 else self.data.x.shape[1]

    @property
    def n_components(self) -> int:
        """Number of Gaussians K fitted."""
        return self.guess.n_components


def apply_preset() -> None:
    """Set the data controls, the guess and reg_covar to the chosen example's (the menu's callback)."""
    preset = EXAMPLES.get(st.session_state[state.PRESET])
    if preset is None:  # the learner's own data (the guess follows their data), or a name sent by no menu
        return
    if preset.reg_covar is not None:
        st.session_state[state.REG_COVAR] = preset.reg_covar
    if isinstance(preset.data, (GaussianSpec, GaussianSpec2D)):
        fill_generated_controls(preset.data)
    st.session_state[state.DATA_SEED] = getattr(preset.data, "seed", 0)
    st.session_state[state.STANDARDISE] = getattr(preset.data, "standardise", False)
    st.session_state[state.SHOW_TRUTH] = False
    set_guess(preset.guess)


def _restore_example() -> None:
    """Undo every edit: the example's data, guess and run settings (re-picking it in the box cannot)."""
    defaults = RunSettings()
    st.session_state[state.MAX_ITER] = float(defaults.max_iter)  # a float box (see emviz.ui.sanitise)
    st.session_state[state.TOL] = defaults.tol
    st.session_state[state.REG_COVAR] = defaults.reg_covar
    apply_preset()


def _new_sample() -> None:
    st.session_state[state.DATA_SEED] = st.session_state[state.DATA_SEED] + 1


def initialise() -> None:
    """Fill session state with the default example on a session's first run."""
    if state.PRESET not in st.session_state:
        st.session_state[state.PRESET] = DEFAULT_PRESET
        apply_preset()


def _sample_controls(source, data: Dataset) -> None:
    left, right = st.columns([1, 1], vertical_alignment="center")
    if hasattr(source, "seed"):
        left.button("New sample", key=state.NEW_SAMPLE, on_click=_new_sample, width="stretch",
                    help="Draw new points from the same Gaussians.")
        right.caption(f"seed {source.seed} · {len(data.x):,} points")
    else:
        left.caption(f"{len(data.x):,} points · {'1-D' if data.x.ndim == 1 else f'{data.x.shape[1]}-D'}")


def _settings_controls() -> RunSettings:
    with st.expander("Run settings"):
        fewest, most = state.MAX_ITER_RANGE
        max_iter = st.number_input("Maximum iterations", float(fewest), float(most), step=10.0,
                                   format="%.0f", key=state.MAX_ITER)  # a float box: see emviz.ui.sanitise
        tol = st.select_slider("Tolerance (log-likelihood gain per point)", TOLERANCES, key=state.TOL,
                               format_func=setting_text,
                               help="EM stops when an iteration raises the mean log-likelihood by less.")
        reg_covar = st.select_slider("reg_covar (floor on the variance)", REG_COVARS, key=state.REG_COVAR,
                                     format_func=setting_text,
                                     help="Added to every variance in each M-step, so a Gaussian "
                                          "cannot shrink onto a single point.")
    return RunSettings(int(max_iter), float(tol), float(reg_covar))


def _data_section():
    """The chosen data, or the last data that worked when the new choice cannot be used."""
    st.selectbox("Example", list(EXAMPLES), key=state.PRESET, on_change=apply_preset,
                 help="Each example sets the data and a starting guess.")
    if EXAMPLES[st.session_state[state.PRESET]] is not None:
        st.button("Restore the example", key=state.RESTORE_EXAMPLE, on_click=_restore_example,
                  icon=":material/restart_alt:", help="Its data, guess and run settings, undoing your edits.")
    source = data_controls()
    if source is not None:
        try:
            data = dataset(source)
        except ValueError as error:  # DataError too: say why, and keep the last data that worked
            st.error(f"{error} The previous data are kept.", icon=":material/warning:")
            source = None
    if source is None:
        source = st.session_state.get(state.LAST_GOOD_DATA, PRESETS[DEFAULT_PRESET].data)
        data = dataset(source)
    if isinstance(source, TableSource) and st.session_state.get(state.LAST_GOOD_DATA) != source:
        set_guess(spread_guess(data.x, int(st.session_state.get(state.N_COMPONENTS, 2))))
    st.session_state[state.LAST_GOOD_DATA] = source
    _sample_controls(source, data)
    warning = scale_warning(data.x)
    if warning:
        st.warning(warning, icon=":material/straighten:")
    open_run_control()
    return source, data


def render() -> Choices:
    """Draw the sidebar and return the learner's choices."""
    defaults = RunSettings()
    for key, value in ((state.MAX_ITER, float(defaults.max_iter)), (state.TOL, defaults.tol),
                       (state.REG_COVAR, defaults.reg_covar), (state.SHOW_TRUTH, False),
                       (state.STANDARDISE, False)):
        st.session_state.setdefault(key, value)
    with st.sidebar:
        st.header("Data")
        source, data = _data_section()
        st.header("Initial guess")
        guess = guess_controls(data.x, data.columns)
        try:
            check_components(data.x, guess.n_components)
        except DataError as error:  # the controls keep their values; one Gaussian is fitted meanwhile
            st.error(f"{error} Meanwhile one Gaussian is fitted.", icon=":material/warning:")
            guess = spread_guess(data.x, 1)
        settings = _settings_controls()
    return Choices(source, guess, settings, bool(st.session_state[state.SHOW_TRUTH]))

