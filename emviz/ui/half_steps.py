"""Back, Next, Reset and a frame slider for a lesson page's own half-step timeline.

The stepper's look (:mod:`emviz.ui.stepper`) for runs other than the learner's: each
page keeps its own frame under its own key, so stepping one page leaves the others
where they were. Frames follow :mod:`emviz.timeline` (0 the start, 2t − 1 the E-step of
iteration t, 2t its M-step); ``run`` is anything with ``n_iter``.
"""

from __future__ import annotations

import streamlit as st

from emviz.timeline import n_frames, next_action
from emviz.ui.rules import is_number


def start_run(run_id: object, id_key: str, frame_key: str) -> None:
    """Put the page's cursor at frame 0 when the run on screen changes.

    Parameters
    ----------
    run_id : hashable
        Identifies the run's settings.
    id_key, frame_key : str
        Session-state keys of the page's run identity and frame.
    """
    if st.session_state.get(id_key) != run_id:
        st.session_state[id_key] = run_id
        st.session_state[frame_key] = 0


def _go_to(frame_key: str, frame: int) -> None:
    st.session_state[frame_key] = frame


def half_step_controls(run, frame_key: str, prefix: str) -> int:
    """Draw Back, Next (saying which half-step comes), Reset and the frame slider; return the frame.

    A frame that is not a finite number (sent by a forged client) goes back to 0; one out
    of range is clipped to the first or last frame.

    Parameters
    ----------
    run : History or SharedSigmaRun
        The run stepped through (only its ``n_iter`` is read).
    frame_key : str
        Session-state key of the frame (the slider's key).
    prefix : str
        Prefix of the buttons' keys (see :data:`emviz.ui.state.HALF_STEP_BUTTONS`).
    """
    last = n_frames(run) - 1
    value = st.session_state.get(frame_key, 0)
    frame = min(max(int(value), 0), last) if is_number(value) else 0
    st.session_state[frame_key] = frame
    back, forward, reset, slider = st.columns([1, 1.75, 1.05, 4], vertical_alignment="center")
    back.button("Back", key=f"{prefix}back", icon=":material/chevron_left:", on_click=_go_to,
                args=(frame_key, frame - 1), disabled=frame == 0, width="stretch")
    forward.button(next_action(run, frame), key=f"{prefix}next", type="primary", icon=":material/play_arrow:",
                   on_click=_go_to, args=(frame_key, frame + 1), disabled=frame >= last, width="stretch")
    reset.button("Reset", key=f"{prefix}reset", icon=":material/restart_alt:", on_click=_go_to,
                 args=(frame_key, 0), disabled=frame == 0, width="stretch")
    if last > 0:
        slider.slider("Frame: 0 is the start, then E-step 1, M-step 1, E-step 2, …", 0, last, key=frame_key,
                      label_visibility="collapsed")
    return int(st.session_state[frame_key])
