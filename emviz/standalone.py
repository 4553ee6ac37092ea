"""A whole run as one HTML page that opens offline: plotly.js inlined, a frame slider, Play, the captions.

Each frame's main chart and log-likelihood chart are stored in the page as plotly figures
(JSON); a short script draws the chosen frame with ``Plotly.react`` (the frames differ in
their traces: ghosts and arrows come and go, which ``Plotly.animate`` cannot do) and writes
the frame's caption sentence under the charts. Long runs keep every frame of their first
iterations and evenly spaced ones after (:func:`shown_frames`), so the file stays small.
Plain Python: no Streamlit here.
"""

from __future__ import annotations

import html
import json

import numpy as np
import plotly.io as pio
from plotly.offline import get_plotlyjs

from emviz.em import History
from emviz.exports import file_stem
from emviz.figures import log_likelihood_chart, main_chart
from emviz.figures_2d import scatter_chart
from emviz.mixture import Mixture
from emviz.timeline import convergence_status, describe_frame, frame_at, n_frames

MOST_FRAMES = 41
"""Most frames a page keeps (about 0.2 MB each, plus 4.6 MB of plotly.js)."""
STRIP_POINTS = 1500
"""Points drawn in the 1-D charts' strip (the app draws more; the histogram shows them all)."""
PAGE_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1rem 2rem; color: #1f1f1f; }
h1 { font-size: 1.4rem; margin: 0 0 .3rem; }
.summary, .note { color: #444; margin: .2rem 0 .6rem; }
.controls { display: flex; gap: .6rem; align-items: center; flex-wrap: wrap; margin: .4rem 0; }
.controls button { font-size: 1rem; padding: .3rem .8rem; }
.controls input[type=range] { flex: 1 1 300px; }
#frame-label { font-weight: 600; min-width: 14rem; }
.charts { display: flex; gap: 1rem; flex-wrap: wrap; }
#main-chart { flex: 2 1 620px; min-width: 0; }
#log-likelihood-chart { flex: 1 1 340px; min-width: 0; }
#caption { font-size: 1.1rem; background: #eef5fb; border-left: 4px solid #0072B2; padding: .6rem .9rem; }
button:focus-visible, input:focus-visible { outline: 3px solid #0072B2; outline-offset: 2px; }
"""
PAGE_SCRIPT = """
const frames = JSON.parse(document.getElementById("frames").textContent);
const slider = document.getElementById("frame-slider");
const play = document.getElementById("play");
const stem = document.body.dataset.stem;
let timer = null;
function config(chart, frame) {  // the camera icon saves an SVG (vector: sharp on slides and paper)
  const name = `${stem}-${chart}-frame-${frame.index}`;
  return {displaylogo: false, responsive: true, toImageButtonOptions: {format: "svg", filename: name}};
}
function show(i) {
  const frame = frames[i];
  slider.value = i;
  Plotly.react("main-chart", frame.main.data, frame.main.layout, config("main-chart", frame));
  Plotly.react("log-likelihood-chart", frame.ll.data, frame.ll.layout, config("log-likelihood", frame));
  document.getElementById("frame-label").textContent = frame.label;
  document.getElementById("caption").textContent = frame.caption;
}
function stop() { clearInterval(timer); timer = null; play.textContent = "\\u25B6 Play"; }
function step(by) { show(Math.max(0, Math.min(frames.length - 1, Number(slider.value) + by))); }
slider.addEventListener("input", () => { stop(); show(Number(slider.value)); });
document.getElementById("back").addEventListener("click", () => { stop(); step(-1); });
document.getElementById("next").addEventListener("click", () => { stop(); step(1); });
play.addEventListener("click", () => {
  if (timer) { stop(); return; }
  if (Number(slider.value) >= frames.length - 1) show(0);
  play.textContent = "\\u23F8 Pause";
  timer = setInterval(() => { if (Number(slider.value) >= frames.length - 1) stop(); else step(1); }, 900);
});
show(0);
"""


def shown_frames(history: History, most: int = MOST_FRAMES) -> list[int]:
    """The frames a page keeps: all of them, or those of the first iterations and evenly spaced later ones.

    Parameters
    ----------
    history : History
    most : int, default=MOST_FRAMES
        Most frames kept; the guess and the last frame are always among them.

    Returns
    -------
    list of int
        Frame indices, increasing; an iteration kept keeps both its E- and M-step.
    """
    total = n_frames(history)
    if total <= most:
        return list(range(total))
    first = (most - 1) // 4  # every iteration up to here, then evenly spaced ones
    later = np.linspace(first + 1, history.n_iter, (most - 1) // 2 - first).round().astype(int)
    iterations = sorted({*range(1, first + 1), *later.tolist()})
    return [0, *(frame for t in iterations for frame in (2 * t - 1, 2 * t))]


def frame_label(history: History, frame: int) -> str:
    """What a frame is, for a reader without the app: "Frame 2 of 20: M-step 1"."""
    info = frame_at(history, frame)
    what = "your guess" if info.kind == "guess" else f"{info.kind.capitalize()} {info.iteration}"
    return f"Frame {frame} of {n_frames(history) - 1}: {what}"


def _frames_json(history: History, truth: Mixture | None, titles: tuple[str, ...]) -> str:
    """The kept frames as a JSON list: each one's label, caption, main chart and log-likelihood chart.

    The log-likelihood chart marks the curves on screen, which an M-step and the next E-step
    share: each is made once.
    """
    likelihood_charts: dict[int, str] = {}
    frames = []
    for frame in shown_frames(history):
        if history.x.shape[1] == 1:
            main = main_chart(history, frame, truth=truth, max_points=STRIP_POINTS, x_title=titles[0])
        else:
            main = scatter_chart(history, frame, truth=truth, titles=(titles[0], titles[1]))
        curves = frame_at(history, frame).curves
        if curves not in likelihood_charts:
            likelihood_charts[curves] = pio.to_json(log_likelihood_chart(history, frame), validate=False)
        text = json.dumps({"index": frame, "label": frame_label(history, frame),
                           "caption": describe_frame(history, frame)})
        frames.append(f'{text[:-1]},"main":{pio.to_json(main, validate=False)},"ll":{likelihood_charts[curves]}}}')
    return ("[" + ",".join(frames) + "]").replace("</", "<\\/")  # no "</script>" inside the page's script


def run_page(history: History, *, title: str, summary: str, truth: Mixture | None = None,
             titles: tuple[str, ...] = ("x", "y")) -> str:
    """The standalone HTML page of a run.

    Parameters
    ----------
    history : History
    title : str
        The page's heading (the example's name); shown as plain text.
    summary : str
        One line under the heading (data, K, settings); shown as plain text.
    truth : Mixture, optional
        The true mixture, drawn when the learner shows it in the app.
    titles : tuple of str, default=("x", "y")
        Axis titles (the data's columns); shown as plain text.

    Returns
    -------
    str
        A complete HTML document with plotly.js inlined: no network needed to open it.
    """
    titles = tuple(html.escape(name) for name in titles)  # plotly reads a subset of HTML in titles
    frames_json = _frames_json(history, truth, titles)
    kept = len(shown_frames(history))
    note = (f"<p class='note'>{kept} of the run's {n_frames(history)} frames are kept: every step of the "
            "first iterations, then evenly spaced ones, and the last.</p>" if kept < n_frames(history) else "")
    last = n_frames(history) - 1
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>emviz: {html.escape(title)}</title>
<style>{PAGE_STYLE}</style>
<script>{get_plotlyjs()}</script>
</head><body data-stem="{html.escape(file_stem(title))}">
<h1>EM, step by step: {html.escape(title)}</h1>
<p class="summary">{html.escape(summary)} {html.escape(convergence_status(history))}</p>
{note}
<div class="controls">
<button id="back" type="button">&#9664; Back</button>
<button id="play" type="button">&#9654; Play</button>
<button id="next" type="button">Next &#9654;</button>
<input id="frame-slider" type="range" min="0" max="{kept - 1}" value="0" step="1"
 aria-label="Frame: 0 is your guess, then E-step 1, M-step 1, … up to frame {last}">
<span id="frame-label" aria-live="polite"></span>
</div>
<div class="charts"><div id="main-chart"></div><div id="log-likelihood-chart"></div></div>
<p id="caption" aria-live="polite"></p>
<p class="note">Made with emviz. Each E-step colours the points by how likely each Gaussian is to have
produced them; each M-step moves every Gaussian to the points of its colour.</p>
<script type="application/json" id="frames">{frames_json}</script>
<script>{PAGE_SCRIPT}</script>
</body></html>
"""
