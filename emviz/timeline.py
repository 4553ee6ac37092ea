"""The half-step timeline: a run of T iterations shown as 2T + 1 frames.

Frame 0 is the initial guess; frame 2t − 1 is the E-step of iteration t (curves
of ``mixtures[t-1]``, points coloured by their responsibilities under them);
frame 2t is the M-step of iteration t (curves of ``mixtures[t]``, the previous
ones as ghosts, the same colours). Everything here is plain Python and numpy,
so the app and the tests share one definition of what a frame shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypedDict

import numpy as np

from emviz.em import History
from emviz.mixture import Mixture

FrameKind = Literal["guess", "e-step", "m-step"]


@dataclass(frozen=True)
class Frame:
    """What one frame of the timeline shows.

    Attributes
    ----------
    index : int
        The frame number, 0 … 2T.
    kind : {"guess", "e-step", "m-step"}
    iteration : int
        t for the E- and M-step frames of iteration t; 0 for the guess.
    curves : int
        Index into ``History.mixtures`` of the curves drawn.
    colours : int or None
        Index of the mixture whose responsibilities colour the points (None: grey).
    ghosts : int or None
        Index of the mixture drawn faintly behind (the curves before the M-step).
    """

    index: int
    kind: FrameKind
    iteration: int
    curves: int
    colours: int | None
    ghosts: int | None


def n_frames(history: History) -> int:
    """Number of frames, 2T + 1, of a run of T iterations."""
    return 2 * history.n_iter + 1


def frame_at(history: History, index: int) -> Frame:
    """The frame at ``index``, clipped into 0 … 2T.

    Parameters
    ----------
    history : History
    index : int

    Returns
    -------
    Frame
    """
    index = int(np.clip(index, 0, n_frames(history) - 1))
    if index == 0:
        return Frame(0, "guess", 0, curves=0, colours=None, ghosts=None)
    iteration = (index + 1) // 2
    if index % 2 == 1:
        return Frame(index, "e-step", iteration, curves=iteration - 1, colours=iteration - 1, ghosts=None)
    return Frame(index, "m-step", iteration, curves=iteration, colours=iteration - 1, ghosts=iteration - 1)


def next_action(history: History, index: int) -> str:
    """Label of the "Next" button: what moving one frame forward does."""
    if index >= n_frames(history) - 1:
        return "Finished"
    return "Run the E-step" if index % 2 == 0 else "Run the M-step"


def next_iteration_frame(history: History, index: int) -> int:
    """The next M-step frame after ``index`` (the end of the next iteration)."""
    target = index + 1 if index % 2 == 1 else index + 2
    return min(target, n_frames(history) - 1)


def majority_labels(responsibilities: np.ndarray) -> np.ndarray:
    """The component each point belongs to most, shape (N,) (the first one on a tie, as argmax).

    Compares whole columns with ufuncs instead of ``argmax(axis=1)``, which is
    several times slower on a million points.
    """
    labels = np.zeros(responsibilities.shape[0], dtype=np.intp)
    best = responsibilities[:, 0].copy()
    for k in range(1, responsibilities.shape[1]):
        column = responsibilities[:, k]
        higher = column > best
        labels[higher] = k
        np.maximum(best, column, out=best)
    return labels


def changed_majority(history: History, iteration: int) -> int | None:
    """How many points changed their majority colour in the E-step of ``iteration``.

    Returns None for the first E-step, which has nothing to compare with.
    """
    if iteration < 2:
        return None
    before = majority_labels(history.responsibilities(iteration - 2))
    after = majority_labels(history.responsibilities(iteration - 1))
    return int(np.count_nonzero(before != after))


LARGEST_PLAIN = 1e9
"""From this magnitude on, a number is written as a power of ten (1.23 × 10⁹) instead of 1,230,000,000."""
SMALLEST_PLAIN = 1e-4
"""Below this magnitude, a number is written as a power of ten (2.84 × 10⁻⁸) instead of 0.0000000284."""
SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def significant_parts(value: float, digits: int = 3) -> tuple[str, int | None]:
    """``value`` rounded to ``digits`` significant digits, as (number, power of ten).

    Parameters
    ----------
    value : float
    digits : int, default=3

    Returns
    -------
    number : str
        Plain notation with thousands separators ("12,300", "0.000123", "-3,550,000"), or the
        mantissa ("2.84") when the value is too large or too small to read that way.
    exponent : int or None
        None for plain notation, else the power of ten the mantissa is multiplied by.
    """
    value = float(value)
    if value == 0:
        return "0", None
    if not np.isfinite(value):
        return f"{value:g}", None
    scientific = f"{value:.{digits - 1}e}"  # rounded to ``digits`` significant digits
    mantissa, exponent = scientific.split("e")
    if SMALLEST_PLAIN <= abs(float(scientific)) < LARGEST_PLAIN:
        return f"{float(scientific):,.{max(digits - 1 - int(exponent), 0)}f}", None
    return mantissa, int(exponent)


def significant(value: float, digits: int = 3) -> str:
    """A number as a learner reads it: ``digits`` significant digits, never "e" notation.

    0.000123, 12.3, 12,300, -3,550,000; below 0.0001 and from a billion on with a real
    power of ten: 2.84 × 10⁻⁸, 1.23 × 10⁹.

    Parameters
    ----------
    value : float
    digits : int, default=3
    """
    number, exponent = significant_parts(value, digits)
    if exponent is None:
        return number
    return f"{number} × 10{str(exponent).translate(SUPERSCRIPTS)}"


def setting_text(value: float) -> str:
    """A setting such as a tolerance as a learner reads it: "0.01", "1 × 10⁻⁶", "0".

    Parameters
    ----------
    value : float
        A round number (one significant digit), as in the run settings' menus.
    """
    return significant(value, digits=1)


def log_likelihood_text(value: float) -> str:
    """A total log-likelihood to one decimal with thousands separators ("-34,032.1").

    Totals of different fits often share their first three digits, so they get more
    than :func:`significant` gives them.

    Parameters
    ----------
    value : float
    """
    return f"{float(value):,.1f}"


def format_point(values) -> str:
    """A mean for learners: "20.2" in 1-D, "(2.04, 54.5)" in more dimensions."""
    values = np.atleast_1d(values)
    if values.size == 1:
        return significant(values[0])
    return "(" + ", ".join(significant(v) for v in values) + ")"


def describe_frame(history: History, index: int) -> str:
    """One plain sentence saying what the frame at ``index`` did.

    Parameters
    ----------
    history : History
    index : int

    Returns
    -------
    str
    """
    frame = frame_at(history, index)
    log_likelihood = history.log_likelihoods[frame.curves]
    if frame.kind == "guess":
        return (
            f"Your initial guess: its log-likelihood is {significant(log_likelihood)}. "
            "Run the E-step to see which Gaussian each point most likely came from."
        )
    t = frame.iteration
    if frame.kind == "e-step":
        assert frame.colours is not None  # an E-step frame always colours the points
        counts = np.bincount(majority_labels(history.responsibilities(frame.colours)),
                             minlength=history.mixtures[0].n_components)
        changed = changed_majority(history, t)
        change = (
            f"{changed:,} {'point' if changed == 1 else 'points'} changed their majority colour"
            if changed is not None
            else "majority colours: " + ", ".join(f"{c:,} for Gaussian {k + 1}" for k, c in enumerate(counts))
        )
        return (
            f"E-step {t}: each point's colour shows how likely it is to come from each "
            f"Gaussian under the current curves; {change}."
        )
    assert frame.ghosts is not None  # an M-step frame always has the curves before it as ghosts
    before, after = history.mixtures[frame.ghosts], history.mixtures[frame.curves]
    moves = ", ".join(
        f"µ{k + 1} {format_point(b)} → {format_point(a)}"
        for k, (b, a) in enumerate(zip(before.means, after.means))
    )
    gain = history.log_likelihoods[frame.curves] - history.log_likelihoods[frame.ghosts]
    return (
        f"M-step {t}: each Gaussian moved to the weighted mean and spread of the points, "
        f"weighted by its colour ({moves}); the log-likelihood rose by {significant(gain)} "
        f"to {significant(log_likelihood)}."
    )


IDENTICAL = 1e-6
"""Two Gaussians whose µ differ by less than this share of their σ, and whose σ and weights
differ by less than this share of themselves, count as the same Gaussian."""


def identical_components(mixture: Mixture) -> tuple[int, int] | None:
    """The first two components (j < k) of ``mixture`` that are the same Gaussian, else None.

    Identical components get identical responsibilities, so EM moves them identically: they
    stay together forever (a saddle point of the likelihood, not a maximum).
    """
    sigmas = mixture.axis_sigmas
    for j in range(mixture.n_components):
        for k in range(j + 1, mixture.n_components):
            scale = np.minimum(sigmas[j], sigmas[k])
            if (np.all(np.abs(mixture.means[j] - mixture.means[k]) <= IDENTICAL * scale)
                    and np.allclose(mixture.covariances[j], mixture.covariances[k], rtol=2 * IDENTICAL, atol=0)
                    and np.isclose(mixture.weights[j], mixture.weights[k], rtol=IDENTICAL, atol=0)):
                return j, k
    return None


def convergence_status(history: History) -> str:
    """Say whether and why the run stopped, in one sentence (two when it stopped on a saddle)."""
    iterations = f"{history.n_iter} iteration{'s' if history.n_iter != 1 else ''}"
    final = history.mixtures[-1]
    pair = identical_components(final)
    if pair is not None:
        j, k = pair
        return (
            f"Stuck on a saddle point, not a maximum, after {iterations}: Gaussians {j + 1} and {k + 1} are "
            f"identical (µ = {format_point(final.means[j])}, σ = {format_point(final.axis_sigmas[j])}), so "
            "they share every point equally and the gradient that would pull them apart is zero by "
            "symmetry. Start them at different places."
        )
    if history.converged:
        return (
            f"Converged after {iterations}: the log-likelihood rose by less than "
            f"{significant(history.tol, 1)} per point."
        )
    return (
        f"Not converged: stopped at the limit of {iterations}; raise the maximum "
        "number of iterations or the tolerance to go further."
    )


def _frame_mixtures(history: History, index: int):
    """The mixture on screen at the frame and the one before the last M-step."""
    frame = frame_at(history, index)
    now = history.mixtures[frame.curves]
    return now, history.mixtures[frame.curves - 1] if frame.curves >= 1 else now


def parameter_rows(history: History, index: int) -> list[dict[str, float]]:
    """µ, σ and weight of each component at the frame (1-D), with the change since the last M-step.

    Returns
    -------
    list of dict
        One row per component, keys "Gaussian", "µ", "Δµ", "σ", "Δσ", "weight", "Δweight".
    """
    now, before = _frame_mixtures(history, index)
    rows: list[dict[str, float]] = []
    for k in range(now.n_components):
        rows.append({
            "Gaussian": k + 1,
            "µ": now.means[k, 0], "Δµ": now.means[k, 0] - before.means[k, 0],
            "σ": now.sigmas[k], "Δσ": now.sigmas[k] - before.sigmas[k],
            "weight": now.weights[k], "Δweight": now.weights[k] - before.weights[k],
        })
    return rows


def monotonicity_note(history: History) -> str:
    """Say that EM never lowers the log-likelihood, with this run's smallest gain.

    A negative gain can only be rounding error; the note says so when one shows up.
    """
    gains = np.diff(history.log_likelihoods)
    smallest = float(gains.min())
    if smallest >= 0:
        return (
            "EM never lowers the log-likelihood: every iteration here gained at least "
            f"{significant(smallest)}."
        )
    return (
        "EM never lowers the log-likelihood; the smallest gain here, "
        f"{significant(smallest)}, is rounding error in the last digits of a log-likelihood "
        f"of {significant(history.log_likelihoods[-1])}."
    )


# Not the class syntax: as a name, the key "µ" (micro sign) would be normalised to Greek "μ".
CovarianceRow = TypedDict("CovarianceRow", {  # noqa: UP013
    "Gaussian": int, "weight": float, "Δweight": float, "µ": np.ndarray, "Δµ": np.ndarray, "Σ": np.ndarray,
    "σ": np.ndarray, "ρ": float})
"""One row of :func:`covariance_rows`."""


def covariance_rows(history: History, index: int) -> list[CovarianceRow]:
    """Mean, covariance matrix, σ per axis, correlation and weight of each component (2-D).

    Returns
    -------
    list of dict
        One row per component, keys "Gaussian", "weight", "Δweight", "µ", "Δµ" (vectors),
        "Σ" (matrix), "σ" (per axis) and "ρ".
    """
    now, before = _frame_mixtures(history, index)
    return [
        {
            "Gaussian": k + 1, "weight": now.weights[k], "Δweight": now.weights[k] - before.weights[k],
            "µ": now.means[k], "Δµ": now.means[k] - before.means[k], "Σ": now.covariances[k],
            "σ": now.axis_sigmas[k],
            "ρ": float(now.covariances[k, 0, 1] / (now.axis_sigmas[k, 0] * now.axis_sigmas[k, 1])),
        }
        for k in range(now.n_components)
    ]


COLLAPSED_SIGMA = 1e-3
"""A σ below this share of the data's spread counts as collapsed onto a point."""


def collapse_warning(history: History) -> str | None:
    """A plain warning if some Gaussian of the run shrank almost onto a single point, else None."""
    spread = float(np.std(history.x)) or 1.0
    smallest = [m.smallest_sigma for m in history.mixtures]
    t = int(np.argmin(smallest))
    if smallest[t] >= COLLAPSED_SIGMA * spread:
        return None
    return (
        f"By iteration {t} a Gaussian has shrunk to σ = {significant(smallest[t])}, almost onto a single "
        "point: it explains that point perfectly and the log-likelihood grows without bound. A larger "
        "reg_covar (a floor on the variance) prevents it."
    )
