"""The stepper of "Step through EM", moved in the browser: a step costs the server nothing.

Every frame of a run (:func:`emviz.frame_data.run_bundle`) is computed once per run and
shared by every session (a bounded cache), and goes to the browser once. A Streamlit v2
component (``frame_player.js``, inline, no build step; drawn in the page itself, not an iframe)
is mounted once per part of the page: the step controls, the main chart and its caption, the
log-likelihood, γ, the parameter table and the trajectories. The parts follow one cursor in the
browser: Next, Back, Next iteration, Run to convergence, Reset, the slider, Play and the keys
(← → step, space plays, Home resets, End runs to convergence) move it with no rerun. Plotly is
Streamlit's own copy, which the browser loads (and caches) from Streamlit's static files.

The cursor goes back to the server only when it has rested for a moment: the controls report it
as their state ``frame``, which reruns their fragment alone, and :data:`state.FRAME` then holds
it, so "Why it works" and "Where it fails" open at the frame the learner was on.
"""

from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st

from emviz.exports import file_stem
from emviz.frame_data import run_bundle
from emviz.ui import state
from emviz.ui.caches import bounded_cache
from emviz.ui.literal import plotly_literal
from emviz.ui.runs import dataset, em_run

HERE = Path(__file__).parent
STREAMLIT_SCRIPTS = Path(st.__file__).parent / "static" / "static" / "js"
PLOTLY_CHUNK = next((path.name for path in STREAMLIT_SCRIPTS.glob("PlotlyChart.*.js")), None)
"""Streamlit's script holding plotly.js, next to its main script: loading it defines ``window.Plotly``."""
PARTS = ("controls", "main", "log_likelihood", "gamma", "table", "trajectories")

_player = st.components.v2.component(
    "emviz_frame_player",
    css=(HERE / "frame_player.css").read_text(encoding="utf-8"),
    js=(HERE / "frame_player.js").read_text(encoding="utf-8"),
    isolate_styles=False,  # plotly.js styles its hover labels and tool bar in the document
)


def run_key(choices) -> tuple:
    """What identifies a drawn run: data, guess, settings and whether the truth is drawn."""
    return (choices.spec, choices.guess, choices.settings, choices.show_truth and choices.data.truth is not None,
            tuple(choices.data.columns))


def run_id(key: tuple) -> str:
    """A short name of the run :func:`run_key` describes, the same for every session of this process."""
    return f"{hash(key):x}"


@bounded_cache(max_entries=16, max_mib=64, reserve=False)
def frames_of(spec, guess, settings, show_truth: bool, titles: tuple[str, ...]) -> dict:
    """Every frame of the learner's run, computed once for every session (at most 16 runs, 64 MiB)."""
    history = em_run(spec, guess, settings).history
    truth = dataset(spec).truth if show_truth else None
    return run_bundle(history, truth=truth, titles=tuple(map(plotly_literal, titles)))


CHART_NAMES = {"main": "main_chart", "log_likelihood": "log_likelihood_chart", "gamma": "responsibility_chart",
               "trajectories": "trajectory_chart"}
"""The name of each part's chart in the file its camera icon saves."""


def image_options(chart: str) -> dict:
    """Plotly's ``toImageButtonOptions`` of a chart: a sharp PNG named after the example and the chart.

    ``image_options("main_chart")`` on the classic example saves ``emviz-classic-20-and-40-main-chart.png``.
    """
    stem = file_stem(st.session_state.get(state.PRESET, ""))
    return {"filename": f"{stem}-{chart.replace('_', '-')}", "scale": 2}


def _keep_reported_frame(key: str) -> None:
    reported = st.session_state[key].get("frame")
    if isinstance(reported, int) and not isinstance(reported, bool) and reported >= 0:
        st.session_state[state.FRAME] = reported


def _part_data(bundle: dict, part: str) -> dict:
    """What one part draws: the whole bundle is large only in the parts that use its large pieces."""
    shared = {key: bundle[key] for key in ("dimensions", "n_frames", "n_components", "hard", "look")}
    timeline = bundle["timeline"]
    needs = {
        "controls": {"timeline": {key: timeline[key] for key in ("kinds", "next_labels")}},
        "main": {key: bundle[key] for key in ("timeline", "mixtures", "strip", "main")},
        "log_likelihood": {"timeline": {"curves": timeline["curves"]}, "log_likelihood": bundle["log_likelihood"]},
        "gamma": {"timeline": {"colours": timeline["colours"]}, "mixtures": bundle["mixtures"],
                  "gamma": bundle.get("gamma")},
        "table": {key: bundle[key] for key in ("timeline", "mixtures", "strip") if key in bundle}
                 | ({"points": bundle["points"]} if "points" in bundle else {}),
        "trajectories": {"timeline": {"curves": timeline["curves"]}, "trajectories": bundle["trajectories"]},
    }
    return shared | needs[part]


def frame_part(part: str, bundle: dict, run: str) -> None:
    """Mount one part of the stepper for the run ``run`` (its cursor starts at :data:`state.FRAME`).

    Parameters
    ----------
    part : {"controls", "main", "log_likelihood", "gamma", "table", "trajectories"}
    bundle : dict
        :func:`frames_of` of the run.
    run : str
        Identifies the run: parts of one run share the browser's cursor.
    """
    start = st.session_state[state.FRAME] = min(int(st.session_state.get(state.FRAME, 0)), bundle["n_frames"] - 1)
    data = {"part": part, "run": run, "start": start, "plotly_chunk": PLOTLY_CHUNK,
            "image": image_options(CHART_NAMES.get(part, part)), "bundle": _part_data(bundle, part)}
    if part == "controls":
        _player(key=state.FRAME_PLAYER, data=data, default={"frame": data["start"]},
                on_frame_change=functools.partial(_keep_reported_frame, state.FRAME_PLAYER))
        write_frame(start)
    else:
        _player(key=f"{state.FRAME_PLAYER}_{part}", data=data)


def write_frame(frame: int) -> None:
    """Write the frame on screen into the address bar (a link holds it: :mod:`emviz.ui.links`).

    The stepper's report and the Why page's own stepper rerun their fragment alone, which does not
    rewrite the rest of the link.
    """
    if st.query_params.get("frame") != str(frame):
        st.query_params["frame"] = str(frame)


def controls(bundle: dict, run: str) -> None:
    """The step buttons, Play and the slider, in a fragment: the cursor's report reruns nothing else."""
    st.fragment(frame_part)("controls", bundle, run)


def report_browser_cursor(choices) -> None:
    """On a page other than the stepper: if the browser's cursor on this run moved since it was last
    reported, report it now (one rerun of this page), so that the page shows the learner's frame."""
    data = {"part": "sync", "run": run_id(run_key(choices)), "start": int(st.session_state.get(state.FRAME, 0))}
    with st.sidebar:  # it draws nothing; at the sidebar's end its empty row moves nothing
        _player(key=state.FRAME_SYNC, data=data, default={"frame": data["start"]},
                on_frame_change=functools.partial(_keep_reported_frame, state.FRAME_SYNC))
