"""The step controls: Next, Back, Next iteration, Run to convergence, Reset,
the frame slider, and playback on a timer (``st.fragment(run_every=…)``).

All of them live in one fragment, so a click redraws the frame alone. Turning
Play on or off (or changing its speed) reruns the whole app once, because the
fragment's timer is set when the fragment is created.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from emviz.em import History
from emviz.timeline import n_frames, next_action, next_iteration_frame
from emviz.ui import sanitise, state

SPEEDS = {"slow": 1.6, "normal": 0.9, "fast": 0.4}
"""Seconds between frames during playback."""
DEFAULT_SPEED = "normal"
PLAYBACK_KEYS = (state.PLAY, state.SPEED, state.FRAME)
"""The controls inside the fragment: a click on them reruns the fragment alone, so it checks them."""


def _go_to(frame: int, frame_key: str = state.FRAME) -> None:
    st.session_state[frame_key] = frame


def start_new_run(run_id: object, *, run_key: str = state.RUN_ID, frame_key: str = state.FRAME) -> None:
    """Put the cursor at frame 0 and stop playback when the run on screen changes.

    Parameters
    ----------
    run_id : hashable
        Identifies the data, guess and settings of the run.
    run_key, frame_key : str, default=state.RUN_ID, state.FRAME
        Where the page keeps the identity of its run and its frame (each lesson its own).
    """
    if st.session_state.get(run_key) != run_id:
        st.session_state[run_key] = run_id
        st.session_state[frame_key] = 0
        st.session_state[state.PLAY] = False
    if st.session_state.pop(state.STOP_PLAYING, False):
        st.session_state[state.PLAY] = False


def playback_interval() -> float | None:
    """Seconds between frames while Play is on, None while it is off."""
    st.session_state.setdefault(state.SPEED, DEFAULT_SPEED)
    return SPEEDS[st.session_state[state.SPEED]] if st.session_state.get(state.PLAY) else None


def _playback_controls(play_column, speed_column) -> None:
    play_column.toggle("Play", key=state.PLAY, help="Step through the frames on a timer.")
    speed_column.selectbox("Speed", list(SPEEDS), key=state.SPEED, label_visibility="collapsed",
                           help="How fast Play moves through the frames.")


def _advance_playback(history: History, frame_key: str = state.FRAME) -> None:
    last = n_frames(history) - 1
    frame = st.session_state.get(frame_key, 0)
    if frame >= last:
        st.session_state[state.STOP_PLAYING] = True
        st.rerun(scope="app")
    st.session_state[frame_key] = frame + 1


def step_buttons(history: History, frame_key: str = state.FRAME) -> int:
    """Draw the step buttons and the frame slider; return the frame on screen.

    The buttons have no hover help: their labels say what they do, and Streamlit draws a
    button's tooltip above it, over the page menu, where it stayed after every click.

    Parameters
    ----------
    history : History
        The run on screen, or any run with ``n_iter`` (the lessons' own runs).
    frame_key : str, default=state.FRAME
        Session-state key of the frame (and of the slider).
    """
    last = n_frames(history) - 1
    frame = min(int(st.session_state.get(frame_key, 0)), last)
    st.session_state[frame_key] = frame
    columns = st.columns([1, 1.75, 1.55, 1.95, 1], vertical_alignment="center")
    columns[0].button("Back", key=state.BACK, icon=":material/chevron_left:", on_click=_go_to,
                      args=(frame - 1, frame_key), disabled=frame == 0, width="stretch")
    columns[1].button(next_action(history, frame), key=state.NEXT, type="primary",
                      icon=":material/play_arrow:", on_click=_go_to, args=(frame + 1, frame_key),
                      disabled=frame >= last, width="stretch")
    columns[2].button("Next iteration", key=state.NEXT_ITERATION, icon=":material/skip_next:",
                      on_click=_go_to, args=(next_iteration_frame(history, frame), frame_key),
                      disabled=frame >= last, width="stretch")
    columns[3].button("Run to convergence", key=state.RUN_TO_END, icon=":material/fast_forward:",
                      on_click=_go_to, args=(last, frame_key), disabled=frame >= last, width="stretch")
    columns[4].button("Reset", key=state.RESET, icon=":material/restart_alt:", on_click=_go_to, args=(0, frame_key),
                      disabled=frame == 0, width="stretch")
    play_column, speed_column, slider_column = st.columns([1, 1.1, 5], vertical_alignment="center")
    _playback_controls(play_column, speed_column)
    if last > 0:
        slider_column.slider("Frame: 0 is your guess, then E-step 1, M-step 1, E-step 2, …", 0, last,
                             key=frame_key, label_visibility="collapsed")
    return int(st.session_state[frame_key])


def stepper(history: History, draw_frame: Callable[[History, int], None], interval: float | None,
            frame_key: str = state.FRAME) -> None:
    """The buttons, the slider and the frame, redrawn alone on each click or timer tick.

    Parameters
    ----------
    history : History
        The run on screen.
    draw_frame : callable
        Draws everything that depends on the frame: ``draw_frame(history, frame)``.
    interval : float or None
        Seconds between frames while playing; None when not playing.
    frame_key : str, default=state.FRAME
        Session-state key of the frame: each lesson with a timeline keeps its own.
    """

    def body() -> None:
        sanitise.sanitise((*PLAYBACK_KEYS, frame_key))
        if playback_interval() != interval:  # Play or speed changed: restart the timer
            st.rerun(scope="app")
        if interval is not None:
            _advance_playback(history, frame_key)
        draw_frame(history, step_buttons(history, frame_key))

    st.fragment(body, run_every=interval)()
