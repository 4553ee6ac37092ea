"""The stepper's "Download this run": the run as CSV and JSON, a standalone HTML page, an animated GIF.

Each file is made only when its button is clicked (Streamlit calls ``data`` then, on its own
thread), so drawing the page costs nothing; ``on_click="ignore"`` keeps the page as it is.
The HTML page (about 0.2 s a frame) is made once per run, in a small cache shared by the
class. The GIF needs a browser on the server and about a second a frame: it is made on request, with a progress bar, and
kept in the session until the run changes.
"""

from __future__ import annotations

import html
import logging

import streamlit as st

from emviz.animation import GIF_FRAMES, run_gif
from emviz.data import plural
from emviz.em import History
from emviz.exports import SavedRun, example_for, file_stem, run_csv, run_json
from emviz.sources import TableSource
from emviz.standalone import run_page
from emviz.timeline import setting_text
from emviz.ui import state
from emviz.ui.caches import bounded_cache
from emviz.ui.runs import RunOutcome, RunSettings, dataset, em_run
from emviz.ui.sidebar import Choices

LOGGER = logging.getLogger("emviz")


def saved_run(choices: Choices) -> SavedRun:
    """What reproduces the learner's run: the example, the data source, the guess and the settings."""
    own = st.session_state.get(state.OWN_DATA)
    name = own.name if isinstance(choices.spec, TableSource) and own is not None else ""
    settings = choices.settings
    return SavedRun(example_for(choices.spec, st.session_state.get(state.PRESET, "")), choices.spec, choices.guess,
                    settings.max_iter, settings.tol, settings.reg_covar, hard=False, name=name)


def summary(history: History, saved: SavedRun) -> str:
    """One line on the run for the standalone page: data, K and settings."""
    return (f"{history.n_points:,} points in {history.x.shape[1]}-D, "
            f"{plural(saved.guess.n_components, 'Gaussian')}; maximum iterations {saved.max_iter}, "
            f"tolerance {setting_text(saved.tol)}, reg_covar {setting_text(saved.reg_covar)}.")


@bounded_cache(max_entries=3, max_mib=36, reserve=False)
def page_html(saved: SavedRun, show_truth: bool) -> bytes:
    """The standalone page of a run, the true curves on it when shown; one per run for the whole class.

    At most 3 pages and 36 MiB (a page is up to about 12 MB): when a class downloads the page
    of the same run, it is made once (sessions asking at the same time wait for it).
    """
    outcome = em_run(saved.source, saved.guess, RunSettings(saved.max_iter, saved.tol, saved.reg_covar))
    data = dataset(saved.source)
    return run_page(outcome.history, title=saved.example, summary=summary(outcome.history, saved),
                    truth=data.truth if show_truth else None, titles=data.columns).encode()


def download_area(choices: Choices, outcome: RunOutcome) -> None:
    """The download buttons under the stepper.

    Parameters
    ----------
    choices : Choices
        The sidebar's data, guess and settings.
    outcome : RunOutcome
        The run on screen.
    """
    saved = saved_run(choices)
    history, problem = outcome.history, outcome.problem
    stem = file_stem(saved.example)
    st.markdown("**Download this run**: every iteration's parameters as a table, the whole run to open "
                "again (sidebar: *Open an exported run*), or a page that plays it in any browser, offline "
                "(it takes a few seconds to make). An animated GIF for slides takes about a second a frame. "
                "Each chart's camera icon saves it as a picture.")
    csv_column, json_column, html_column, gif_column = st.columns(4)
    csv_column.download_button(
        "Table (CSV)", lambda: run_csv(history, saved, problem), file_name=f"{stem}-run.csv", mime="text/csv",
        on_click="ignore", icon=":material/table_view:", width="stretch",
        help="One row per iteration: each Gaussian's weight, µ and σ (or covariance) and the log-likelihood; "
             "the settings and the data's source in the lines starting with #.")
    json_column.download_button(
        "Run (JSON)", lambda: run_json(history, saved, choices.data, problem), file_name=f"{stem}-run.json",
        mime="application/json", on_click="ignore", icon=":material/data_object:", width="stretch",
        help="Everything: data source (and the points), guess, settings and every iteration. Open it again "
             "in the sidebar to get the same run.")
    html_column.download_button(
        "Page (HTML)", lambda: page_html(saved, choices.show_truth),
        file_name=f"{stem}-run.html", mime="text/html", on_click="ignore", icon=":material/web:",
        width="stretch",
        help="One file with the main chart, the log-likelihood, a frame slider and Play: it opens in any "
             "browser without a server or a network.")
    with gif_column:
        gif_area(choices, outcome, stem)


def _make_gif(choices: Choices, history: History) -> bytes | None:
    """The GIF, drawn under a progress bar; None (the reason logged) if plotly's image export fails."""
    bar = st.progress(0.0, text="Starting the browser that draws the pictures…")
    truth = choices.data.truth if choices.show_truth else None
    try:
        return run_gif(history, truth=truth, titles=tuple(map(html.escape, choices.data.columns)),
                       progress=lambda done, total: bar.progress(done / total, text=f"Picture {done} of {total}…"))
    except Exception:  # noqa: BLE001 - plotly's image export: no browser, a browser that failed, a timeout
        LOGGER.exception("GIF export failed")
        return None
    finally:
        bar.empty()


def gif_area(choices: Choices, outcome: RunOutcome, stem: str) -> None:
    """"Make an animated GIF", then, in its place, its download; the GIF is kept for the run on screen only.

    The button has no hover help: Streamlit leaves a clicked button's tooltip on screen while the GIF is made.
    """
    run_id = (choices.spec, choices.guess, choices.settings, choices.show_truth)
    made_for, gif = st.session_state.get(state.RUN_GIF, (None, None))
    slot = st.empty()
    if made_for != run_id:
        st.session_state.pop(state.RUN_GIF, None)  # a GIF of another run: let it go
        if not slot.button("Make an animated GIF", key=state.MAKE_GIF, icon=":material/gif_box:", width="stretch"):
            return
        gif = _make_gif(choices, outcome.history)
        st.session_state[state.RUN_GIF] = (run_id, gif)
    if gif is None:
        slot.warning("The GIF could not be made: plotly's image export needs Chrome or Chromium installed on "
                     "the machine that runs emviz. The HTML page plays the run in any browser.",
                     icon=":material/warning:")
        return
    slot.download_button("Animated GIF", gif, file_name=f"{stem}-run.gif", mime="image/gif", on_click="ignore",
                         icon=":material/gif_box:", width="stretch",
                         help=f"The main chart of up to {GIF_FRAMES} frames, for slides.")
