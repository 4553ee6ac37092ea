"""Every session-state key of the app, in one place.

Widget keys are part of the app's interface: tests (also outside the repo) drive
the widgets by these names.
"""

from __future__ import annotations

import streamlit as st

# Data
PRESET = "preset"
RESTORE_EXAMPLE = "restore_example"
DATA_SEED = "data_seed"
NEW_SAMPLE = "new_sample"
SHOW_TRUTH = "show_truth"


def data_mean(k: int, axis: int | None = None) -> str:
    """Key of the true µ of Gaussian ``k`` (0-based) of the generated data (along ``axis`` in 2-D)."""
    return f"data_mu_{k + 1}" + ("" if axis is None else f"_{AXES[axis]}")


def data_sigma(k: int, axis: int | None = None) -> str:
    """Key of the true σ of Gaussian ``k`` of the generated data (along ``axis`` in 2-D)."""
    return f"data_sigma_{k + 1}" + ("" if axis is None else f"_{AXES[axis]}")


def data_correlation(k: int) -> str:
    """Key of the true correlation ρ of Gaussian ``k`` of generated 2-D data."""
    return f"data_rho_{k + 1}"


def data_count(k: int) -> str:
    """Key of the number of points drawn from Gaussian ``k``."""
    return f"data_n_{k + 1}"


# The learner's own data
STANDARDISE = "standardise"
UPLOAD = "upload"
UPLOAD_COLUMNS = "upload_columns"
PASTE = "paste"
USE_PASTE = "use_paste"
COMMA_READING = "comma_reading"
"""The reading of commas the learner chose when "1,5" can be 1.5 or 1 and 5."""
OWN_DATA = "own_data"
"""The learner's last uploaded or pasted numbers (OwnData), kept while they choose columns (not a widget)."""
PASTE_ERROR = "paste_error"
"""Why the pasted text could not be used, shown once on the next run (not a widget)."""
OWN_UPLOAD_ID = "own_upload_id"
"""The file_id of the upload already read (or refused), so a rerun does not read it again (not a widget)."""
UPLOAD_ERROR = "upload_error"
"""Why the file in the uploader was refused, shown while it stays there (not a widget)."""

# A run exported as JSON, opened again (emviz.ui.open_run)
OPEN_RUN = "open_run"
OPEN_RUN_MESSAGE = "open_run_message"
"""What opening the last JSON file did: (ok, sentence), shown under the uploader (not a widget)."""

# The stepper's downloads (emviz.ui.downloads)
MAKE_GIF = "make_gif"
RUN_GIF = "run_gif"
"""The GIF made for a run: (the run's identity, its bytes), until the run changes (not a widget)."""

# Initial guess
N_COMPONENTS = "n_components"
RANDOM_GUESS = "random_guess"
GUESS_SEED = "guess_seed"
AXES = "xy"


def guess_mean(k: int, axis: int | None = None) -> str:
    """Key of the guessed µ of component ``k`` (along ``axis`` in 2-D; the slider adds ``_slider``)."""
    return f"guess_mu_{k + 1}" + ("" if axis is None else f"_{AXES[axis]}")


def guess_sigma(k: int, axis: int | None = None) -> str:
    """Key of the guessed σ of component ``k`` (along ``axis`` in 2-D)."""
    return f"guess_sigma_{k + 1}" + ("" if axis is None else f"_{AXES[axis]}")


def guess_weight(k: int) -> str:
    """Key of the guessed (unnormalised) weight of component ``k``."""
    return f"guess_weight_{k + 1}"


def slider_key(key: str) -> str:
    """Key of the slider linked to the number box ``key``."""
    return f"{key}_slider"


# Run settings
MAX_ITER = "max_iter"
MAX_ITER_RANGE = (1, 1000)
"""Fewest and most iterations the "Maximum iterations" box takes."""
TOL = "tol"
REG_COVAR = "reg_covar"

# Stepping along the half-step timeline
NEXT = "next"
BACK = "back"
NEXT_ITERATION = "next_iteration"
RUN_TO_END = "run_to_end"
RESET = "reset"
PLAY = "play"
SPEED = "speed"
FRAME = "frame"
FRAME_PLAYER = "frame_player"
"""The stepper in the browser (emviz.ui.frame_player); its other parts are keyed ``frame_player_<part>``."""
FRAME_SYNC = "frame_sync"
"""On the other pages: reports the browser's frame cursor if the server has not heard of it yet."""

# Not widgets
CHOICES = "choices"
"""The sidebar's choices of the current run of the app, read by the page scripts."""
RUN_ID = "run_id"
"""Identity of the run on screen; when it changes the cursor goes back to frame 0."""
LAST_GOOD_DATA = "last_good_data"
"""The last data spec that generated without error; kept when new input is refused."""
STOP_PLAYING = "stop_playing"
"""Set by the player at the last frame; the next full run turns ``play`` off."""

# "Why it works"
PICKED_POINT = "picked_point"
"""Index of the point whose worked numbers are shown (not a widget)."""
PICK_INDEX = "pick_index"
PICK_VALUE = "pick_value"
PICK_CHART = "pick_chart_"
PROBE = "probe"


def pick_chart(picked: int) -> str:
    """Key of the chart to click a point in, while point ``picked`` is shown.

    A new key for every pick starts the chart without a selection, so the last click
    neither dims the chart nor overrides a point typed afterwards.
    """
    return f"{PICK_CHART}{picked}"

# "Where it fails"
N_RESTARTS = "n_restarts"
N_RESTARTS_RANGE = (2, 50)
"""Fewest and most restarts the "Restarts" slider takes."""
SEED_RANGE = (0, 1_000_000)
"""Smallest and largest seed the lesson pages' seed boxes take."""
RESTART_SEED = "restart_seed"
HARD_EM = "hard_em"
GO_TO_STEPPER = "go_to_stepper"
"""Set when a restart was loaded as the guess: the app then opens the stepper."""


SOLUTION_TO_LOAD = "solution_to_load"
LOAD_SOLUTION = "load_solution"

# "How many Gaussians?"
BIC_STARTS = "bic_starts"
BIC_STARTS_RANGE = (1, 20)
"""Fewest and most random starts per K the "Starts per K" slider takes."""
BIC_SEED = "bic_seed"
BIC_SHOW_K = "bic_show_k"
USE_K = "use_k"

# Links that hold the state (emviz.ui.links)
LINK_READ = "link_read"
"""Set once the session's first run has read the link it was opened with (not a widget)."""
LINK_FRAME = "link_frame"
"""The frame a link asked for, until the run it belongs to is known (not a widget)."""
COPY_LINK = "copy_link"

# Issue 10: the lessons "Two coins" and "Missing values" (each page keeps its own frame and run)
COINS_TOSSES = "coins_tosses"
COINS_THETA_A = "coins_theta_a"
COINS_THETA_B = "coins_theta_b"
COINS_THETA_RANGE = (0.01, 0.99)
"""Smallest and largest start θ the two-coins lesson takes (a coin with θ 0 or 1 never shows tails or heads)."""
COINS_ITERATIONS = "coins_iterations"
COINS_ITERATIONS_RANGE = (1, 50)
"""Fewest and most iterations the two-coins lesson runs."""
COINS_HARD = "coins_hard"
COINS_FRAME = "coins_frame"
COINS_RUN_ID = "coins_run_id"
"""Identity of the two-coins run on screen (not a widget)."""
COINS_LAST_GOOD = "coins_last_good"
"""The last tosses that could be read, used while the text box holds a mistake (not a widget)."""
MISSING_SOURCE = "missing_source"
MISSING_N = "missing_n"
MISSING_N_RANGE = (20, 2000)
"""Fewest and most generated points of the missing-values lesson (each drawn in every frame)."""
MISSING_CORRELATION = "missing_correlation"
MISSING_SHARE = "missing_share"
MISSING_MECHANISM = "missing_mechanism"
MISSING_SEED = "missing_seed"
MISSING_FRAME = "missing_frame"
MISSING_RUN_ID = "missing_run_id"
"""Identity of the missing-values run on screen (not a widget)."""
MISSING_LAST_GOOD = "missing_last_good"
"""The last data settings that worked, used while a setting is refused (not a widget)."""

# "Predict the next step": its own cursor on the run, apart from the stepper's FRAME
PREDICT_FRAME = "predict_frame"
"""The frame the learner predicts the next half-step from (not a widget)."""
PREDICT_RUN = "predict_run"
"""Identity of the run the cursor belongs to; another run puts it back at frame 0 (not a widget)."""
PREDICT_FILLED = "predict_filled"
"""(run, frame) whose current values fill the prediction boxes; another one fills them again (not a widget)."""
PREDICT_RESULT = "predict_result"
"""(frame, scored prediction) of the step last revealed, or None (not a widget)."""
PREDICT_SCORE = "predict_score"
"""The session's running score, an ``emviz.predict.Score`` (not a widget)."""
PREDICT_POINT = "predict_point"
PREDICT_POINT_VALUE = "predict_point_value"
PREDICT_COLOUR = "predict_colour"
PREDICT_CHART = "predict_chart_"
PREDICT_ACTIONS = ("predict_reveal", "predict_next", "predict_skip", "predict_restart", "predict_reset_score")
"""The page's buttons: reveal the step, go on to the next one, skip one, start again, reset the score."""
PREDICT_REVEAL, PREDICT_NEXT, PREDICT_SKIP, PREDICT_RESTART, PREDICT_RESET_SCORE = PREDICT_ACTIONS


def predict_mean(k: int, axis: int | None = None) -> str:
    """Key of the predicted µ of component ``k`` (along ``axis`` in 2-D)."""
    return f"predict_mu_{k + 1}" + ("" if axis is None else f"_{AXES[axis]}")


def predict_sigma(k: int) -> str:
    """Key of the predicted σ of component ``k`` (1-D)."""
    return f"predict_sigma_{k + 1}"


def predict_chart(picked: int) -> str:
    """Key of the chart to click a point in, while point ``picked`` is chosen (as :func:`pick_chart`)."""
    return f"{PREDICT_CHART}{picked}"


ACTION_WIDGETS: tuple[str, ...] = (NEXT, BACK, NEXT_ITERATION, RUN_TO_END, RESET, NEW_SAMPLE, RANDOM_GUESS, USE_PASTE,
                  UPLOAD, USE_K, LOAD_SOLUTION, RESTORE_EXAMPLE, OPEN_RUN, MAKE_GIF) + PREDICT_ACTIONS
"""Buttons, the uploader and chart selections: Streamlit does not let a script set these."""
ACTION_PREFIXES = (PICK_CHART, PREDICT_CHART)
"""Prefixes of the keys of action widgets drawn under a new key each time (the pick chart)."""

# --- issue 10, items 3-4: "k-means is EM with σ → 0" and "How fast EM converges" (branch speed) ---
KMEANS_SIGMA = "kmeans_sigma"
"""The shared σ slider, soft to hard; its last stop, 0, is the k-means limit."""
KMEANS_TYPED_SIGMA = "kmeans_typed_sigma"
"""An exact σ typed by the learner (None: the slider's σ is used)."""
KMEANS_SHOWN_SIGMA = "kmeans_shown_sigma"
"""The σ of the run on screen, kept when a typed σ is refused (not a widget)."""
KMEANS_K = "kmeans_k"
KMEANS_FRAME = "kmeans_frame"
KMEANS_RUN_ID = "kmeans_run_id"
"""Identity of the k-means page's run; when it changes its cursor goes back to frame 0 (not a widget)."""
SPEED_SEPARATION = "speed_separation"
SPEED_WEIGHT = "speed_weight"
SPEED_FRAME = "speed_frame"
SPEED_RUN_ID = "speed_run_id"
"""Identity of the convergence page's run (not a widget)."""
KMEANS_STEPS = "kmeans_"
SPEED_STEPS = "speed_"
"""Prefixes of the half-step buttons of the two pages: ``{prefix}back``, ``{prefix}next``, ``{prefix}reset``."""
HALF_STEP_BUTTONS = ("back", "next", "reset")
ACTION_WIDGETS += tuple(prefix + button for prefix in (KMEANS_STEPS, SPEED_STEPS) for button in HALF_STEP_BUTTONS)
# --- end of issue 10, items 3-4 ---


def keep_widget_values() -> None:
    """Keep every widget's value when its page is not drawn or the page is switched.

    Streamlit forgets a widget's value when a run does not draw it (another page,
    or a run cut short by ``st.switch_page``); re-assigning each value at the
    start of every run keeps them all.
    """
    for key in list(st.session_state.keys()):
        if key in ACTION_WIDGETS or str(key).startswith(ACTION_PREFIXES):
            continue
        st.session_state[key] = st.session_state[key]
