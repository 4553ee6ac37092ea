"""What each frame of the missing-values timeline shows, in words, filled values and table rows.

Frames follow :mod:`emviz.timeline`: frame 0 is the start, mean imputation (every missing y
set to the mean of the observed y, the start :func:`run_missing_em` takes by default); frame
2t − 1 the E-step of iteration t (each missing y filled with E[y | x] under ``params[t - 1]``);
frame 2t its M-step (giving ``params[t]``).
"""

from __future__ import annotations

import numpy as np

from emviz.engine.missing_values import BivariateNormal, MissingRun, complete_case, mean_imputation
from emviz.timeline import format_point, frame_at, significant


def _frame(run: MissingRun, index: int):
    return frame_at(run, index)  # type: ignore[arg-type]  # any run with n_iter


def filled_y(run: MissingRun, index: int) -> np.ndarray:
    """Every y as the frame draws it: observed, or filled in (with the observed mean at the start)."""
    frame = _frame(run, index)
    if frame.kind == "guess":
        return np.where(run.data.missing, np.nanmean(run.data.y), run.data.y)
    return run.filled(frame.iteration - 1).y


def previous_filled_y(run: MissingRun, index: int) -> np.ndarray | None:
    """On an E-step frame, the y drawn before it (to show where each filled point moved), else None."""
    return filled_y(run, index - 1) if _frame(run, index).kind == "e-step" else None


def estimate_at(run: MissingRun, index: int) -> BivariateNormal:
    """The µ, Σ the frame shows: those of the E-step for an E-step frame, the new ones for an M-step."""
    return run.params[_frame(run, index).curves]


def _summary(params: BivariateNormal) -> str:
    return (f"µ = {format_point(params.mean)}, σ = {format_point(params.sigmas)}, "
            f"ρ = {significant(params.correlation, 2)}")


def describe_frame(run: MissingRun, index: int) -> str:
    """One sentence saying what the frame did."""
    frame = _frame(run, index)
    n_missing = int(np.count_nonzero(run.data.missing))
    t = frame.iteration
    if frame.kind == "guess":
        return (f"Start: mean imputation, each of the {n_missing:,} missing y set to the mean of the observed y, "
                f"{significant(np.nanmean(run.data.y))}: {_summary(run.params[0])}, its σy too small and ρ too weak. "
                "Run the E-step to fill each missing y from its x.")
    params = run.params[t - 1]
    if frame.kind == "e-step":
        return (f"E-step {t}: each of the {n_missing:,} missing y moves to the current regression line, "
                f"E[y | x] = {significant(params.mean[1])} + {significant(params.slope)} "
                f"(x − {significant(params.mean[0])}), and adds Var(y | x) = "
                f"{significant(params.conditional_variance)} to its expected y², the spread the line lacks.")
    after = run.params[t]
    gain = run.log_likelihoods[t] - run.log_likelihoods[t - 1]
    return (f"M-step {t}: µ and Σ of the filled data: σy {significant(params.sigmas[1])} → "
            f"{significant(after.sigmas[1])}, ρ {significant(params.correlation, 2)} → "
            f"{significant(after.correlation, 2)}; the log-likelihood of the observed data rose by "
            f"{significant(gain)} to {significant(run.log_likelihoods[t])}.")


def estimate_rows(run: MissingRun, index: int, *, forgetful: MissingRun, known: BivariateNormal,
                  truth: BivariateNormal | None = None) -> list[dict[str, str]]:
    """Every estimate side by side: µx, µy, σx, σy, ρ per method.

    Parameters
    ----------
    run : MissingRun
        EM's run.
    index : int
        The frame on screen.
    forgetful : MissingRun
        The run that leaves Var(y | x) out of the E-step.
    known : BivariateNormal
        The estimate with every y known (the answer for real data).
    truth : BivariateNormal or None, default=None
        The distribution the points were drawn from, for generated data.
    """
    estimates = {
        "EM, this frame": estimate_at(run, index),
        f"EM, converged ({run.n_iter} iterations)" if run.converged else f"EM after {run.n_iter} iterations":
            run.params[-1],
        "EM forgetting Var(y | x)": forgetful.params[-1],
        "complete cases only": complete_case(run.data),
        "mean imputation": mean_imputation(run.data),
        "every y known": known,
    }
    if truth is not None:
        estimates["truth (drawn from)"] = truth
    return [{"estimate": name, "µx": significant(p.mean[0]), "µy": significant(p.mean[1]),
             "σx": significant(p.sigmas[0]), "σy": significant(p.sigmas[1]), "ρ": significant(p.correlation, 2)}
            for name, p in estimates.items()]


def forgetting_note(run: MissingRun, forgetful: MissingRun) -> str:
    """Why Var(y | x) belongs in the E-step, with this data's σy with and without it."""
    return (f"Without Var(y | x) in the E-step the filled points sit exactly on the line with no spread around it, "
            f"so σy comes out {significant(forgetful.params[-1].sigmas[1])} instead of EM's "
            f"{significant(run.params[-1].sigmas[1])}: every missing y counted as if it were known exactly.")
