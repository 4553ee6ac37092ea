"""Page "k-means is EM with σ → 0": one shared σ from soft to hard, on Old Faithful."""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

from emviz.engine.kmeans_limit import HARD, SharedSigmaRun
from emviz.figures_kmeans import bifurcation_chart, cost_chart, scatter_chart
from emviz.timeline import frame_at, significant
from emviz.ui import state
from emviz.ui.half_steps import half_step_controls, start_run
from emviz.ui.kmeans_runs import bifurcation, faithful, main_axis, shared_sigma_run
from emviz.ui.panels import plot_config

SIGMA_STOPS = (2.0, 1.5, 1.0, 0.7, 0.5, 0.35, 0.25, 0.15, 0.1, 0.05, HARD)
"""The σ slider's stops, soft to hard; the last, 0, is the limit σ → 0: k-means."""
DEFAULT_SIGMA = HARD
K_CHOICES = (2, 3, 4, 5)
LARGEST_SIGMA = 10.0
"""Largest σ the learner may type (beyond it every mean sits at the data mean anyway)."""
TITLES = ("eruption length (standardised)", "waiting time (standardised)")
WHAT_TO_NOTICE = (
    "**k-means is EM with σ → 0:** equal weights, one round width σ, only the means move. **Notice:** at a large σ "
    "all the means end at the data mean; lower σ and they split (right, MacKay's Fig. 20.8); at σ → 0 each point "
    "goes to its nearest mean (coloured regions), each mean to its points' average, and J never rises (Bishop 9.1–9.2)."
)


def _sigma_label(sigma: float) -> str:
    return "→ 0 (k-means)" if sigma == HARD else f"{sigma:g}"


def _sigma_phrase(sigma: float) -> str:
    return "σ → 0 (k-means)" if sigma == HARD else f"σ = {sigma:g}"


def _clear_typed_sigma() -> None:
    """Moving the slider hands σ back to it."""
    st.session_state[state.KMEANS_TYPED_SIGMA] = None


def _settings() -> tuple[float, int]:
    """The σ and K on screen; a refused σ gets a message and the previous σ stays."""
    session = st.session_state
    if session.get(state.KMEANS_SIGMA) not in SIGMA_STOPS:
        session[state.KMEANS_SIGMA] = DEFAULT_SIGMA
    if session.get(state.KMEANS_K) not in K_CHOICES:
        session[state.KMEANS_K] = K_CHOICES[0]
    typed = session.get(state.KMEANS_TYPED_SIGMA)
    if typed is not None and not (isinstance(typed, (int, float)) and math.isfinite(typed)):
        session[state.KMEANS_TYPED_SIGMA] = typed = None
    slider_column, typed_column, k_column = st.columns([4, 1.4, 1], vertical_alignment="bottom")
    slider_column.select_slider(
        "Shared σ of every Gaussian: soft (left) to hard (right)",
        SIGMA_STOPS,
        key=state.KMEANS_SIGMA,
        format_func=_sigma_label,
        on_change=_clear_typed_sigma,
    )
    typed_column.number_input(
        "…or type σ",
        value=None,
        key=state.KMEANS_TYPED_SIGMA,
        format="%.3g",
        placeholder="e.g. 0.3",
        help="Any σ above 0; clear it to use the slider again.",
    )
    k_column.selectbox("Means K", K_CHOICES, key=state.KMEANS_K)
    sigma = session[state.KMEANS_SIGMA] if typed is None else float(typed)
    if not 0 < sigma <= LARGEST_SIGMA and typed is not None:
        shown = session.get(state.KMEANS_SHOWN_SIGMA, DEFAULT_SIGMA)
        st.error(
            f"σ = {typed:g} cannot be used: σ is a width, a number above 0 and at most {LARGEST_SIGMA:g} "
            f"(the σ → 0 limit, k-means, is the slider's last stop). Still showing the run with "
            f"{_sigma_phrase(shown)}.",
            icon=":material/warning:",
        )
        sigma = shown
    session[state.KMEANS_SHOWN_SIGMA] = sigma
    return sigma, int(session[state.KMEANS_K])


def describe(run: SharedSigmaRun, frame_index: int) -> str:
    """The one sentence saying what the frame did."""
    frame = frame_at(run, frame_index)
    k = run.means.shape[1]
    if frame.kind == "guess":
        first = (
            "the E-step gives each point to its nearest mean"
            if run.hard
            else f"the E-step shares each point among the {k} means by exp(−‖x − µ‖²/2σ²)"
        )
        return f"The start: {k} means (crosses). Next, {first}."
    t = frame.iteration
    if frame.kind == "e-step":
        if run.hard:
            changed = (
                ""
                if t == 1
                else (f" {int(np.count_nonzero(run.labels(t - 1) != run.labels(t - 2)))} points changed cluster;")
            )
            before = "" if t == 1 else f" (was {significant(run.costs[frame.index - 1])})"
            return (
                f"E-step {t}: each point goes wholly to its nearest mean (its region);{changed} "
                f"J = {significant(run.costs[frame.index])}{before}."
            )
        return (
            f"E-step {t}: each point is shared among the means by its distance (σ = {significant(run.sigma)}); "
            "colours blend where the shares are split. The means have not moved yet."
        )
    moved = float(np.max(np.linalg.norm(run.means[t] - run.means[t - 1], axis=1)))
    end = ""
    if t == run.n_iter:
        end = (
            " No point will change cluster again: k-means has converged."
            if run.hard and run.converged
            else " The means have stopped moving."
            if run.converged
            else " The iteration limit is reached."
        )
    if run.hard:
        return (
            f"M-step {t}: each mean moves to the average of its points (up to {significant(moved)}); "
            f"J falls from {significant(run.costs[frame.index - 1])} to {significant(run.costs[frame.index])}." + end
        )
    return (
        f"M-step {t}: each mean moves to the weighted average of its shares (up to {significant(moved)}); "
        f"ℓ {significant(run.log_likelihoods[t - 1])} → {significant(run.log_likelihoods[t])}, never down." + end
    )


def page() -> None:
    """Draw the lesson: σ and K, the half-step stepper, the scatter, J (or ℓ) and the bifurcation."""
    st.markdown(WHAT_TO_NOTICE)
    sigma, n_components = _settings()
    run = shared_sigma_run(sigma, n_components)
    start_run((sigma, n_components), state.KMEANS_RUN_ID, state.KMEANS_FRAME)
    frame = half_step_controls(run, state.KMEANS_FRAME, state.KMEANS_STEPS)
    chart_column, side_column = st.columns([1.35, 1], gap="small")
    with chart_column:
        st.plotly_chart(
            scatter_chart(run, frame, TITLES),
            width="stretch",
            config=plot_config("kmeans_scatter"),
            key="kmeans_scatter",
        )
        st.info(describe(run, frame), icon=":material/scatter_plot:")
    with side_column:
        st.plotly_chart(cost_chart(run, frame), width="stretch", config=plot_config("kmeans_cost"), key="kmeans_cost")
        st.plotly_chart(
            bifurcation_chart(bifurcation(n_components), main_axis(), sigma),
            width="stretch",
            config=plot_config("kmeans_bifurcation"),
            key="kmeans_bifurcation",
        )
    st.caption(
        f"{len(faithful())} eruptions of Old Faithful, both columns standardised. Start: Bishop's two means "
        "for K = 2, otherwise K data points picked at random (seed 0). Equal weights 1/K and covariance σ²I "
        "stay fixed; at σ → 0 this is Lloyd's k-means, equal to scikit-learn's KMeans(algorithm=\"lloyd\") "
        "from the same start."
    )


if __name__ == "__main__":  # run by st.navigation as the page script
    page()
