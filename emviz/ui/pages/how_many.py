"""Page "How many Gaussians?": AIC and BIC for K = 1 … 8, and the fit they choose."""

from __future__ import annotations

import streamlit as st

from emviz.analysis import FEW_POINTS_PER_PARAMETER, ModelSelection, n_parameters
from emviz.ui import lesson_charts, sidebar, state
from emviz.ui.guess_controls import load_into_stepper
from emviz.ui.learner_run import current_choices
from emviz.ui.lessons import SELECTION_POINTS, model_selection
from emviz.ui.panels import frame_chart, parameter_table, plot_config


def page(choices: sidebar.Choices) -> None:
    """Compare K = 1 … 8 on the learner's data."""
    st.session_state.setdefault(state.BIC_STARTS, 5)
    st.session_state.setdefault(state.BIC_SEED, 0)
    intro, starts_column, seed_column = st.columns([3, 1, 1], vertical_alignment="bottom")
    intro.markdown(
        "**How many Gaussians?** More Gaussians always fit at least as well, so the log-likelihood alone "
        "cannot choose K. AIC = 2p − 2ℓ and BIC = p·ln N − 2ℓ charge for the p parameters "
        "(3K − 1 in 1-D, 6K − 1 in 2-D); the lowest wins."
    )
    starts_column.slider("Starts per K", *state.BIC_STARTS_RANGE, key=state.BIC_STARTS, persist_state="session",
                         help="Random EM starts for each K, plus the best fit with K − 1 Gaussians with its "
                              "widest Gaussian split in two; the best is kept.")
    seed_column.number_input("Seed", *state.SEED_RANGE, step=1, key=state.BIC_SEED, persist_state="session")
    progress = st.progress(0.0)
    try:
        selection = model_selection(
            choices.spec, int(st.session_state[state.BIC_STARTS]), int(st.session_state[state.BIC_SEED]),
            choices.settings,
            on_k=lambda k, last: progress.progress((k - 1) / last, text=f"Fitting K = {k} of {last} Gaussians…"))
    except ValueError as error:  # every start of some K failed
        st.error(f"{error}", icon=":material/warning:")
        return
    finally:
        progress.empty()
    truth = choices.data.truth
    chart_column, text_column = st.columns([3, 2], gap="medium")
    with chart_column:
        lesson_charts.show(lesson_charts.criteria_figure, choices.spec, int(st.session_state[state.BIC_STARTS]),
                           int(st.session_state[state.BIC_SEED]), choices.settings, key="criteria_chart")
    with text_column:
        best = selection.best_k
        message = f"BIC chooses **K = {best}**; AIC chooses K = {selection.best_k_aic}."
        if truth is not None:
            verdict = "found the right number" if best == truth.n_components else "chose another number"
            message += f" The data were drawn from {truth.n_components} Gaussians: BIC {verdict}."
        st.markdown(message)
        _few_points_warning(selection, best)
        rows = [{"K": int(k), "p": int(p), "log-likelihood": float(ll), "AIC": float(a), "BIC": float(b)}
                for k, p, ll, a, b in zip(selection.k, selection.n_parameters, selection.log_likelihood,
                                          selection.aic, selection.bic)]
        one_decimal = st.column_config.NumberColumn(format="%.1f")
        narrow = st.column_config.NumberColumn(width=40)
        st.dataframe(rows, hide_index=True, width="stretch",
                     column_config={"K": narrow, "p": narrow, "log-likelihood": one_decimal, "AIC": one_decimal,
                                    "BIC": one_decimal})
        if len(choices.data.x) > SELECTION_POINTS:
            st.caption(f"Computed on a random {SELECTION_POINTS:,} of the {len(choices.data.x):,} points, "
                       "so that the comparison stays quick.")
        st.caption(f"p = (K − 1) + K·d + K·d(d+1)/2 with d = {choices.dimensions}: "
                   f"{n_parameters(best, choices.dimensions)} parameters for K = {best}. "
                   "BIC's ln N charge grows with the data, so it picks fewer Gaussians than AIC.")
    _chosen_fit(choices, selection)


def _few_points_warning(selection: ModelSelection, best: int) -> None:
    """Warn when the chosen K has few points per parameter, and name the K left out for having too many."""
    left_out = [int(k) for k in selection.k[~selection.considered]]
    if selection.points_per_parameter(best) >= FEW_POINTS_PER_PARAMETER and not left_out:
        return
    p = int(selection.n_parameters[list(selection.k).index(best)])
    message = (f"Only {selection.n_points:,} points for the {p} parameters of K = {best}: AIC and BIC need many "
               f"more points than parameters (say {FEW_POINTS_PER_PARAMETER} each), so here they are rough guides.")
    if left_out:
        message += (f" K = {', '.join(map(str, left_out))} would have at least as many parameters as points "
                    "and are left out.")
    st.warning(message, icon=":material/scatter_plot:")


def _chosen_fit(choices: sidebar.Choices, selection) -> None:
    ks = [int(k) for k in selection.k]
    if st.session_state.get(state.BIC_SHOW_K) not in ks:
        st.session_state[state.BIC_SHOW_K] = selection.best_k
    shown = st.select_slider("Show the fitted mixture for K =", ks, key=state.BIC_SHOW_K, persist_state="session")
    fit = selection.fits[ks.index(shown)]
    chart_column, table_column = st.columns([3, 2], gap="medium")
    chart_column.plotly_chart(frame_chart(fit, 2 * fit.n_iter, titles=choices.data.columns), width="stretch",
                              config=plot_config("chosen_fit"), key="chosen_fit")
    with table_column:
        parameter_table(fit, 2 * fit.n_iter)
        st.button(f"Step through this K = {shown} fit", key=state.USE_K, on_click=load_into_stepper,
                  args=(fit.mixtures[0],), width="stretch",
                  help="Loads the start of this fit as your guess and opens the stepper.")


if __name__ == "__main__":  # run by st.navigation as the page script
    page(current_choices())
