"""Predict, then reveal: score a learner's prediction of the next half-step and say why EM went elsewhere.

Before an M-step the learner predicts each µ (and σ in 1-D); before an E-step, which
Gaussian's colour a chosen point will take. Everything here is plain numpy on a
:class:`~emviz.em.History`, so the page and the tests share one definition of the score
and of the reason sentences, which are computed from the run's own numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from emviz.em import History
from emviz.mixture import Mixture
from emviz.timeline import format_point, frame_at, significant

MAX_POINTS = 10.0
"""Points for a prediction exactly right."""
ZERO_POINTS_AT = 2.0
"""A parameter this many σ off (or more) earns nothing; one σ off earns half its share."""
CLOSE = 0.1
"""Within this many σ of the truth a prediction counts as spot on (and a µ moving less has not moved)."""
TIE = 1e-12
"""Colours whose responsibilities differ by less than this are equally right (identical Gaussians)."""
WIDE_RANGE = 1.0
"""A predicted µ may lie at most this many data spans beyond the data on either side."""
WIDEST_SIGMA = 10.0
"""A predicted σ may be at most this many data spans."""
SLIGHTLY = 1.1
"""A Gaussian explaining a point less than this many times better than another explains it "slightly" better."""
COLOUR_NAMES = ("blue", "orange", "green", "pink", "sky blue", "vermillion")
"""Names of :data:`emviz.chart_style.PALETTE`'s colours, so colour is never the only cue."""
LINE_NAMES = ("solid", "dashed", "dotted", "dash-dot", "long-dashed", "long-dash-dot")
"""Names of :data:`emviz.chart_style.DASHES`, the line style of each component."""
SIDES = ("to the right of", "to the upper right of", "above", "to the upper left of", "to the left of",
         "to the lower left of", "below", "to the lower right of")
"""Where one 2-D point lies from another, in words, by 45° sectors counter-clockwise from the x axis."""


def colour_name(k: int) -> str:
    """"Gaussian 2 (orange, dashed)": a component named by number, colour and line style."""
    return f"Gaussian {k + 1} ({COLOUR_NAMES[k % len(COLOUR_NAMES)]}, {LINE_NAMES[k % len(LINE_NAMES)]})"


def next_step(history: History, frame: int) -> str | None:
    """What the learner predicts at ``frame``: "e-step", "m-step", or None at the end of the run."""
    if frame >= 2 * history.n_iter:
        return None
    return frame_at(history, frame + 1).kind


def iteration_after(frame: int) -> int:
    """The iteration whose E- or M-step follows ``frame``."""
    return frame // 2 + 1


def points_text(points: float) -> str:
    """Points to one decimal, without a trailing ".0": "7.5", "10"."""
    return f"{round(float(points), 1):g}"


@dataclass(frozen=True)
class Score:
    """A session's running score.

    Attributes
    ----------
    points : float, default=0
        Points earned so far.
    predictions : int, default=0
        Predictions scored so far (each worth :data:`MAX_POINTS`).
    """

    points: float = 0.0
    predictions: int = 0

    @property
    def possible(self) -> float:
        """The most points the predictions so far could have earned."""
        return MAX_POINTS * self.predictions

    def add(self, points: float) -> Score:
        """The score after one more prediction that earned ``points``."""
        return replace(self, points=self.points + points, predictions=self.predictions + 1)

    def text(self) -> str:
        """"12.5 of 20 points in 2 predictions"."""
        if not self.predictions:
            return "No predictions yet"
        plural = "s" if self.predictions != 1 else ""
        return (f"{points_text(self.points)} of {points_text(self.possible)} points in {self.predictions} "
                f"prediction{plural}")


def points_for(errors) -> float:
    """:data:`MAX_POINTS` shared by the predicted numbers, each losing its share linearly with its error.

    Parameters
    ----------
    errors : array_like
        Each predicted number's error in σ units.

    Returns
    -------
    float
        10 when every error is 0; a number 1σ off keeps half its share, 2σ off none.

    Examples
    --------
    >>> points_for([0.0, 1.0])
    7.5
    """
    errors = np.asarray(errors, dtype=float)
    return float(MAX_POINTS * np.mean(np.clip(1.0 - errors / ZERO_POINTS_AT, 0.0, 1.0)))


def sigma_distance(mixture: Mixture, k: int, point) -> float:
    """How many σ ``point`` lies from µ_k: |x − µ| / σ in 1-D, the Mahalanobis distance in 2-D."""
    offset = np.atleast_1d(np.asarray(point, dtype=float)) - mixture.means[k]
    return float(np.sqrt(offset @ np.linalg.solve(mixture.covariances[k], offset)))


def span(x: np.ndarray) -> np.ndarray:
    """The data's range along each axis (1 where all points coincide), shape (d,)."""
    ranges = np.ptp(x, axis=0)
    return np.where(ranges > 0, ranges, 1.0)


def range_share(x: np.ndarray, offset) -> float:
    """The largest share of the data's range that ``offset`` spans along any axis."""
    return float(np.max(np.abs(np.atleast_1d(offset)) / span(x)))


def how_far(sigmas: float, share: float) -> str:
    """"1.3σ off (4% of the data's range)"."""
    return f"{significant(sigmas, 2)}σ off ({share:.0%} of the data's range)"


def side_of(offset) -> str:
    """Where a point ``offset`` away lies, in words: "to the right of"/"to the left of" in 1-D, one of
    :data:`SIDES` in 2-D."""
    offset = np.atleast_1d(offset)
    if offset.size == 1:
        return SIDES[0] if offset[0] > 0 else SIDES[4]
    angle = np.degrees(np.arctan2(offset[1], offset[0])) % 360.0
    return SIDES[int(((angle + 22.5) % 360.0) // 45.0)]


def check_means(means, x: np.ndarray) -> list[str]:
    """Why these predicted means cannot be scored (empty when they can).

    Parameters
    ----------
    means : array_like, shape (K, d)
    x : ndarray, shape (N, d)
        The data: a µ must lie within :data:`WIDE_RANGE` data spans of it.
    """
    means = np.asarray(means, dtype=float)
    low, high = x.min(axis=0) - WIDE_RANGE * span(x), x.max(axis=0) + WIDE_RANGE * span(x)
    problems = []
    for k, mean in enumerate(means):
        if not np.all(np.isfinite(mean)):
            problems.append(f"µ{k + 1} needs a number.")
        elif np.any(mean < low) or np.any(mean > high):
            problems.append(f"µ{k + 1} = {format_point(mean)} is far outside the data: predict a value between "
                            f"{format_point(low)} and {format_point(high)}.")
    return problems


def check_sigmas(sigmas, x: np.ndarray) -> list[str]:
    """Why these predicted σ cannot be scored (empty when they can): each must be > 0 and not huge."""
    widest = WIDEST_SIGMA * float(span(x).max())
    problems = []
    for k, sigma in enumerate(np.asarray(sigmas, dtype=float)):
        if not np.isfinite(sigma):
            problems.append(f"σ{k + 1} needs a number.")
        elif sigma <= 0:
            problems.append(f"σ{k + 1} = {significant(sigma)} is not a spread: a σ must be greater than 0.")
        elif sigma > widest:
            problems.append(f"σ{k + 1} = {significant(sigma)} is wider than the data many times over: "
                            f"predict at most {significant(widest)}.")
    return problems


def mean_reason(k: int, guess, old, new, x: np.ndarray, gamma: np.ndarray, error: float, moved: float) -> str:
    """One sentence: why µ_k landed where it did, seen from the learner's guess.

    Parameters
    ----------
    k : int
        The component (0-based).
    guess, old, new : array_like, shape (d,)
        The predicted µ, the µ before the M-step and the µ after it.
    x : ndarray, shape (N, d)
    gamma : ndarray, shape (N,)
        The responsibilities of component k: the weights of the weighted mean.
    error : float
        The learner's error in σ units (below :data:`CLOSE`: spot on).
    moved : float
        How far µ_k moved, in σ units (below :data:`CLOSE`: it hardly moved).
    """
    guess, old, new = (np.atleast_1d(np.asarray(v, dtype=float)) for v in (guess, old, new))
    name = f"µ{k + 1}"
    landed = f"{name} moved to {format_point(new)}, the weighted mean of the points by their Gaussian {k + 1} colour"
    if error < CLOSE:
        return f"{landed}: right where you put it."
    towards = new - guess
    side = side_of(towards)
    if moved < CLOSE:
        return (f"{name} hardly moved ({format_point(old)} → {format_point(new)}): the weighted mean of its "
                f"points is where it already stood, so nothing pulled it to your guess {side_of(guess - new)} it.")
    ahead = (x - guess) @ towards > 0
    weight = float(gamma.sum())
    share = float(gamma[ahead].sum() / weight) if weight > 0 else 0.0
    where = f"{side} your guess {format_point(guess)}"
    if share > 0.5:
        return f"{landed}: {share:.0%} of that weight sits {where}, so the mean lies there too."
    return (f"{landed}: only {share:.0%} of that weight sits {where}, but farther out than the rest, "
            "so the balance still lies there.")


def sigma_reason(k: int, guess: float, new: float, error: float) -> str:
    """One sentence: σ_k is the weighted spread of its points around the new µ_k."""
    landed = (f"σ{k + 1} became {significant(new)}, the weighted spread of the same points around the "
              f"new µ{k + 1}")
    if error < CLOSE:
        return f"{landed}: as you said."
    return f"{landed}: your {significant(guess)} was too {'wide' if guess > new else 'narrow'}."


@dataclass(frozen=True)
class MStepResult:
    """A scored M-step prediction.

    Attributes
    ----------
    iteration : int
    guessed_means, true_means, old_means : ndarray, shape (K, d)
    guessed_sigmas, true_sigmas : ndarray, shape (K,), or None
        Predicted and true σ (1-D only; None in 2-D, where only µ is predicted).
    mean_errors : ndarray, shape (K,)
        Each µ's error in σ units of the true new Gaussian.
    mean_shares : ndarray, shape (K,)
        Each µ's error as the largest share of the data's range along an axis.
    sigma_errors : ndarray, shape (K,), or None
        |σ guessed − σ| / σ.
    reasons : tuple of str
        One sentence per component (two in 1-D: µ, then σ).
    points : float
    """

    iteration: int
    guessed_means: np.ndarray
    true_means: np.ndarray
    old_means: np.ndarray
    guessed_sigmas: np.ndarray | None
    true_sigmas: np.ndarray | None
    mean_errors: np.ndarray
    mean_shares: np.ndarray
    sigma_errors: np.ndarray | None
    reasons: tuple = field(default=())
    points: float = 0.0
    kind: str = "m-step"


def score_m_step(history: History, iteration: int, means, sigmas=None) -> MStepResult:
    """Score a prediction of the M-step of ``iteration``: where each µ (and σ) goes.

    Parameters
    ----------
    history : History
    iteration : int
        1 … T.
    means : array_like, shape (K, d) or (K,) in 1-D
    sigmas : array_like, shape (K,), optional
        Predicted σ (1-D only).

    Returns
    -------
    MStepResult
    """
    before, after = history.mixtures[iteration - 1], history.mixtures[iteration]
    guessed = np.asarray(means, dtype=float).reshape(after.means.shape)
    gammas = history.responsibilities(iteration - 1)
    mean_errors = np.array([sigma_distance(after, k, guessed[k]) for k in range(after.n_components)])
    shares = np.array([range_share(history.x, guessed[k] - after.means[k]) for k in range(after.n_components)])
    reasons = [mean_reason(k, guessed[k], before.means[k], after.means[k], history.x, gammas[:, k], mean_errors[k],
                           sigma_distance(after, k, before.means[k]))
               for k in range(after.n_components)]
    errors = list(mean_errors)
    guessed_sigmas = true_sigmas = sigma_errors = None
    if sigmas is not None:
        guessed_sigmas, true_sigmas = np.asarray(sigmas, dtype=float), after.sigmas
        sigma_errors = np.abs(guessed_sigmas - true_sigmas) / true_sigmas
        reasons = [sentence for k in range(after.n_components) for sentence in (
            reasons[k], sigma_reason(k, guessed_sigmas[k], true_sigmas[k], sigma_errors[k]))]
        errors += list(sigma_errors)
    return MStepResult(iteration, guessed, after.means, before.means, guessed_sigmas, true_sigmas, mean_errors,
                       shares, sigma_errors, tuple(reasons), points_for(errors))


@dataclass(frozen=True)
class EStepResult:
    """A scored E-step prediction: the colour a point takes.

    Attributes
    ----------
    iteration : int
    point : int
        Index of the point.
    guessed, true : int
        The component the learner chose and the one with the largest responsibility.
    gammas : ndarray, shape (K,)
        The point's responsibilities after the E-step.
    right : bool
    reason : str
    points : float
    """

    iteration: int
    point: int
    guessed: int
    true: int
    gammas: np.ndarray
    right: bool
    reason: str
    points: float
    kind: str = "e-step"


TELLING_SHARE = 0.75
"""The default point's largest responsibility under the curves on screen: neither a coin flip nor obvious."""


def telling_point(history: History, frame: int) -> int:
    """A point worth predicting at ``frame``: the one whose largest share is closest to :data:`TELLING_SHARE`."""
    gammas = history.responsibilities(frame_at(history, frame).curves)
    return int(np.argmin(np.abs(gammas.max(axis=1) - TELLING_SHARE)))


def e_step_reason(mixture: Mixture, point, index: int, gammas: np.ndarray, winner: int, other: int) -> str:
    """One sentence: why the point takes ``winner``'s colour rather than ``other``'s."""
    where = f"Point {index} (x = {format_point(point)})"
    if winner == other:
        return f"{where} has only one Gaussian to belong to."
    near, far = sigma_distance(mixture, winner, point), sigma_distance(mixture, other, point)
    ratio = gammas[winner] / gammas[other] if gammas[other] > 0 else np.inf
    better = ("infinitely" if not np.isfinite(ratio) else "slightly" if ratio < SLIGHTLY
              else significant(ratio, 2) + " times")
    mostly = "" if gammas[winner] > 0.5 else "mostly "
    if ratio <= 1 + TIE:
        return (f"{where} lies {significant(near, 2)}σ from µ{winner + 1} and {significant(far, 2)}σ from "
                f"µ{other + 1}, and Gaussians {winner + 1} and {other + 1} explain it equally well: it is "
                "shared equally.")
    return (f"{where} lies {significant(near, 2)}σ from µ{winner + 1} and {significant(far, 2)}σ from "
            f"µ{other + 1}; weighted by their shares (π{winner + 1} = {significant(mixture.weights[winner], 2)}, "
            f"π{other + 1} = {significant(mixture.weights[other], 2)}), Gaussian {winner + 1} explains it {better} "
            f"better, so it takes {mostly}Gaussian {winner + 1}'s colour (γ{winner + 1} = {gammas[winner]:.3f}).")


def score_e_step(history: History, iteration: int, point: int, guessed: int) -> EStepResult:
    """Score a prediction of the E-step of ``iteration``: the colour point ``point`` takes.

    The colour is the component with the largest responsibility; on a tie each of the tied ones is right.

    Parameters
    ----------
    history : History
    iteration : int
        1 … T.
    point : int
        Index of the point.
    guessed : int
        The component (0-based) the learner chose.

    Returns
    -------
    EStepResult
    """
    mixture = history.mixtures[iteration - 1]
    gammas = history.responsibilities(iteration - 1)[point]
    true = int(np.argmax(gammas))
    right = bool(gammas[guessed] >= gammas[true] - TIE)
    if right:
        shown = guessed
        others = np.delete(np.arange(gammas.size), shown)
        other = int(others[np.argmax(gammas[others])]) if others.size else shown
    else:
        shown, other = true, guessed
    reason = e_step_reason(mixture, history.x[point], point, gammas, shown, other)
    return EStepResult(iteration, point, guessed, true if not right else guessed, gammas, right, reason,
                       MAX_POINTS if right else 0.0)
