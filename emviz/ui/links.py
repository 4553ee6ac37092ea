"""The address bar holds the view: read at a session's start, written on every run, copied by a button.

The query string (:mod:`emviz.ui.link_codec`) is read once, on the session's first run, into
session state; from then on each run writes the state back, so a reload or a copied link
opens the same data, guess, settings and frame. The page is the URL's path (``/step``,
``/why``, …). Parts of a link the app cannot use are left out with one short notice.
"""

from __future__ import annotations

import streamlit as st

from emviz.data import GaussianSpec, GaussianSpec2D
from emviz.examples import EXAMPLES
from emviz.timeline import n_frames
from emviz.ui import sanitise, state
from emviz.ui.data_controls import DATA_LIMIT, MAX_CORRELATION, MIN_SIGMA, fill_generated_controls
from emviz.ui.guess_controls import set_guess
from emviz.ui.learner_run import run_id
from emviz.ui.link_codec import LinkRules, LinkState, decode, encode
from emviz.ui.literal import markdown_literal
from emviz.ui.rules import Number
from emviz.ui.runs import em_run
from emviz.ui.sidebar import Choices, apply_preset

COPY_LINK_HTML = """<div class="copy-link">
<button type="button">Copy link</button>
<span class="status" role="status"></span>
<input class="url" type="text" readonly hidden aria-label="Link to this view">
</div>"""
COPY_LINK_CSS = """
.copy-link { font-family: var(--st-font); color: var(--st-text-color); font-size: 0.875rem; }
button { font: inherit; color: inherit; background: var(--st-background-color); cursor: pointer;
         border: 1px solid var(--st-border-color); border-radius: var(--st-base-radius); padding: 0.25rem 0.75rem; }
button:hover { border-color: var(--st-primary-color); color: var(--st-primary-color); }
button:focus-visible { outline: 2px solid var(--st-primary-color); outline-offset: 2px; }
.status { margin-left: 0.5rem; }
.url { display: block; box-sizing: border-box; width: 100%; margin-top: 0.4rem; font: inherit; color: inherit;
       background: var(--st-secondary-background-color); border: 1px solid var(--st-border-color); padding: 0.2rem; }
.url[hidden] { display: none; }
"""
COPY_LINK_JS = """
export default function ({ parentElement }) {
  const button = parentElement.querySelector("button");
  const status = parentElement.querySelector(".status");
  const url = parentElement.querySelector(".url");
  button.onclick = async () => {
    const href = window.location.href;  // the browser's own address: host, page, query and frame
    url.value = href;
    url.hidden = false;
    let copied = false;
    try {
      await navigator.clipboard.writeText(href);
      copied = true;
    } catch (error) {  // no clipboard API outside https and localhost: the older command
      url.select();
      try { copied = document.execCommand("copy"); } catch (ignored) { copied = false; }
    }
    status.textContent = copied ? "Copied." : "Select the link below and copy it.";
  };
}
"""
_copy_link_button = st.components.v2.component("emviz.copy_link", html=COPY_LINK_HTML, css=COPY_LINK_CSS,
                                                 js=COPY_LINK_JS)


def link_rules() -> LinkRules:
    """The rule of each value of a link: the same as its control's (:mod:`emviz.ui.sanitise`)."""
    rules = sanitise.control_rules()
    return LinkRules(
        example=rules[state.PRESET], n_components=rules[state.N_COMPONENTS], max_iter=rules[state.MAX_ITER],
        tol=rules[state.TOL], reg_covar=rules[state.REG_COVAR], show_truth=rules[state.SHOW_TRUTH],
        hard_em=rules[state.HARD_EM], standardise=rules[state.STANDARDISE], frame=rules[state.FRAME],
        seed=Number("Seed of the sample", *state.SEED_RANGE, 0, whole=True, kind=int),
        data_mean=Number("µ of a true Gaussian", -DATA_LIMIT, DATA_LIMIT, 0.0),
        data_sigma=Number("σ of a true Gaussian", MIN_SIGMA, DATA_LIMIT, 1.0),
        data_correlation=Number("ρ of a true Gaussian", -MAX_CORRELATION, MAX_CORRELATION, 0.0),
    )


def _notify(notices: list[str]) -> None:
    if notices:
        st.toast("Parts of this link were left out, and their defaults kept: "
                 + "; ".join(markdown_literal(notice) for notice in notices) + ".", icon=":material/link_off:",
                 duration="long")


def _apply(link: LinkState) -> None:
    """Put what a link holds into session state, over the default example's values."""
    session = st.session_state
    if link.example != session[state.PRESET]:
        session[state.PRESET] = link.example
        apply_preset()
    if link.source is not None:
        if isinstance(link.source, (GaussianSpec, GaussianSpec2D)):
            fill_generated_controls(link.source)
        session[state.DATA_SEED] = getattr(link.source, "seed", 0)
        session[state.STANDARDISE] = getattr(link.source, "standardise", False)
    if link.guess is not None:
        set_guess(link.guess)
    elif link.n_components is not None:
        session[state.N_COMPONENTS] = float(link.n_components)
    settings = {state.MAX_ITER: None if link.max_iter is None else float(link.max_iter), state.TOL: link.tol,
                state.REG_COVAR: link.reg_covar, state.SHOW_TRUTH: link.show_truth, state.HARD_EM: link.hard_em,
                state.LINK_FRAME: link.frame}
    session.update({key: value for key, value in settings.items() if value is not None})


def restore() -> None:
    """On a session's first run, take the state the link holds (after the default example is set)."""
    if st.session_state.get(state.LINK_READ):
        return
    st.session_state[state.LINK_READ] = True
    query = {key: st.query_params.get_all(key) for key in st.query_params}
    if query:
        link, notices = decode(query, link_rules())
        _apply(link)
        _notify(notices)


def frame_from_link(choices: Choices) -> None:
    """Put the frame a link asked for on screen, once its run is known (the last frame if past the end).

    Marks the run as the one on screen, so the stepper does not send the cursor back to frame 0.
    """
    frame = st.session_state.pop(state.LINK_FRAME, None)
    if not frame:  # none, or frame 0: where every run starts
        return
    try:
        last = n_frames(em_run(choices.spec, choices.guess, choices.settings).history) - 1
    except ValueError:  # a guess EM cannot start from: the page says why
        last = 0
    if frame > last:
        st.toast(f"The link asks for frame {frame:,}, past the end of this run (frames 0 to {last:,}): the last "
                 "frame is shown.", icon=":material/link_off:", duration="long")
    st.session_state[state.FRAME] = min(frame, last)
    st.session_state[state.RUN_ID] = run_id(choices)


def current_link(choices: Choices) -> LinkState:
    """What the link holds for the view on screen: its data, guess, settings, switches and frame."""
    session = st.session_state
    example = session[state.PRESET]
    hard_em = session.get(state.HARD_EM)
    return LinkState(
        example=example, source=choices.spec, n_components=choices.n_components, guess=choices.guess,
        max_iter=choices.settings.max_iter, tol=choices.settings.tol, reg_covar=choices.settings.reg_covar,
        show_truth=choices.show_truth, hard_em=None if hard_em is None else bool(hard_em),
        frame=int(session.get(state.FRAME, 0)),
    )


def write(choices: Choices) -> None:
    """Write the view on screen into the address bar (nothing is sent when it is already there)."""
    params = encode(current_link(choices))
    if {key: st.query_params.get_all(key) for key in st.query_params} != {k: [v] for k, v in params.items()}:
        st.query_params.from_dict(params)


def copy_link() -> None:
    """The "Copy link" button, and what a link cannot hold."""
    _copy_link_button(key=state.COPY_LINK)
    if EXAMPLES.get(st.session_state.get(state.PRESET)) is None:
        st.caption("Your own data cannot go into a link: it holds your settings and opens the default example.")
    else:
        st.caption("The link holds the data, guess, settings and frame.")
