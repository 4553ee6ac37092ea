"""EM for two coins of unknown bias (Do & Batzoglou, *Nature Biotechnology* 26, 2008).

Each set of tosses comes from coin A or coin B, each chosen with probability ½; which
coin tossed a set is hidden. The E-step gives each set its probability of being coin A
and splits its heads and tails between the coins in proportion; the M-step divides each
coin's expected heads by its expected tosses. Hard EM gives each set wholly to the likelier
coin instead.

The likelihood of a set is that of its sequence, θ^h (1 − θ)^t (the paper's; a binomial
coefficient would change no responsibility and no θ).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from scipy.special import logsumexp, xlogy

PAPER_TOSSES = """B: H T T T H H T H T H
A: H H H H T H H H H H
A: H T H H H H H T H H
B: H T H T T T H H T T
A: T H H H T H H H T H"""
"""The five sets of ten tosses of the paper's Figure 1, each labelled with the coin that tossed it."""

MAX_SETS = 20
"""Most sets of tosses :func:`parse_tosses` takes (one table row each)."""
MAX_TOSSES = 100
"""Most tosses in one set."""
COINS = ("A", "B")
LOG_HALF = float(np.log(0.5))
_LABEL = re.compile(r"^\s*([AaBb])\s*[:\s]\s*(.*)$")


@dataclass(frozen=True)
class CoinBiases:
    """The probability of heads of each coin.

    Parameters
    ----------
    theta_a, theta_b : float
        Probabilities of heads of coin A and coin B, each in [0, 1].

    Raises
    ------
    ValueError
        If a value is not a number in [0, 1].
    """

    theta_a: float
    theta_b: float

    def __post_init__(self) -> None:
        for coin, value in zip(COINS, (self.theta_a, self.theta_b)):
            if not (isinstance(value, (int, float, np.integer, np.floating)) and 0 <= value <= 1):
                raise ValueError(f"θ{coin} is a probability of heads: give a number from 0 to 1 (not {value!r}).")
        object.__setattr__(self, "theta_a", float(self.theta_a))
        object.__setattr__(self, "theta_b", float(self.theta_b))

    def as_array(self) -> np.ndarray:
        """(θA, θB) as an array of shape (2,)."""
        return np.array([self.theta_a, self.theta_b])


PAPER_START = CoinBiases(0.60, 0.50)
"""The paper's initial guess."""


@dataclass(frozen=True, eq=False)
class Tosses:
    """Sets of coin tosses, each perhaps labelled with the coin that tossed it.

    Parameters
    ----------
    sequences : tuple of str
        One string of "H" and "T" per set.
    labels : tuple of str or None
        "A" or "B" per set when every set is labelled, else None.
    """

    sequences: tuple[str, ...]
    labels: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if not self.sequences:
            raise ValueError("Give at least one set of tosses, e.g. H T T H.")
        for number, sequence in enumerate(self.sequences, start=1):
            if not sequence or set(sequence) - {"H", "T"}:
                raise ValueError(f"Set {number} must be a non-empty string of H and T (it is {sequence!r}).")
        if self.labels is not None and (len(self.labels) != len(self.sequences) or set(self.labels) - set(COINS)):
            raise ValueError("Label every set with A or B, one label per set, or give no labels.")

    @property
    def heads(self) -> np.ndarray:
        """Heads per set, shape (n_sets,)."""
        return np.array([s.count("H") for s in self.sequences], dtype=float)

    @property
    def tails(self) -> np.ndarray:
        """Tails per set, shape (n_sets,)."""
        return np.array([s.count("T") for s in self.sequences], dtype=float)

    @property
    def n_sets(self) -> int:
        """Number of sets."""
        return len(self.sequences)


def parse_tosses(text: str) -> Tosses:
    """Read sets of tosses from text: one set a line, "H" and "T", optionally "A:" or "B:" first.

    Spaces and commas between tosses are ignored; so are blank lines. Labels count only
    when every set has one (they give the complete-data answer).

    Parameters
    ----------
    text : str
        E.g. :data:`PAPER_TOSSES`.

    Returns
    -------
    Tosses

    Raises
    ------
    ValueError
        Saying which set and which character is wrong, when a line holds anything but H, T
        (and a leading label), or there are no sets, more than :data:`MAX_SETS` sets or more
        than :data:`MAX_TOSSES` tosses in a set.
    """
    sequences: list[str] = []
    labels: list[str | None] = []
    lines = [line for line in str(text).splitlines() if line.strip()]
    if not lines:
        raise ValueError("Type at least one set of tosses, one set a line, e.g. H T T H H.")
    if len(lines) > MAX_SETS:
        raise ValueError(f"Give at most {MAX_SETS} sets of tosses (there are {len(lines)} lines).")
    for number, line in enumerate(lines, start=1):
        labelled = _LABEL.match(line)
        label, body = (labelled.group(1).upper(), labelled.group(2)) if labelled else (None, line)
        sequence = re.sub(r"[\s,]", "", body).upper()
        wrong = sorted(set(sequence) - {"H", "T"})
        if wrong:
            raise ValueError(f"Set {number} contains {', '.join(repr(c) for c in wrong)}: write each toss as H "
                             "(heads) or T (tails), one set a line (a line may start with A: or B:).")
        if not sequence:
            raise ValueError(f"Set {number} has no tosses: write them as H and T after its label.")
        if len(sequence) > MAX_TOSSES:
            raise ValueError(f"Set {number} has {len(sequence)} tosses; at most {MAX_TOSSES} a set.")
        sequences.append(sequence)
        labels.append(label)
    named = tuple(label for label in labels if label is not None)
    return Tosses(tuple(sequences), named if len(named) == len(labels) else None)


@dataclass(frozen=True, eq=False)
class CoinExpectations:
    """What an E-step gives each set: its probability of being coin A and its expected heads and tails.

    Attributes
    ----------
    p_a : ndarray, shape (n_sets,)
        P(coin A | set); 0 or 1 in hard EM. P(coin B | set) is ``1 - p_a``.
    heads_a, tails_a, heads_b, tails_b : ndarray, shape (n_sets,)
        Expected heads and tails each coin gets from each set.
    """

    p_a: np.ndarray
    heads_a: np.ndarray
    tails_a: np.ndarray
    heads_b: np.ndarray
    tails_b: np.ndarray


def _set_log_likelihoods(tosses: Tosses, biases: CoinBiases) -> np.ndarray:
    """log(½ P(set | coin)), shape (n_sets, 2): columns coin A, coin B (0 · log 0 counts as 0)."""
    theta = biases.as_array()
    return LOG_HALF + xlogy(tosses.heads[:, None], theta) + xlogy(tosses.tails[:, None], 1 - theta)


def log_likelihood(tosses: Tosses, biases: CoinBiases, *, hard: bool = False) -> float:
    """The log-likelihood of the tosses, coins hidden; with ``hard`` that of the likelier coins.

    Parameters
    ----------
    tosses : Tosses
    biases : CoinBiases
    hard : bool, default=False
        Give the classification log-likelihood Σ max over coins log(½ P(set | coin)), which
        hard EM never lowers (the observed log-likelihood it may).

    Returns
    -------
    float
        −inf when some set is impossible under both coins (e.g. a tail and θA = θB = 1).
    """
    joint = _set_log_likelihoods(tosses, biases)
    return float(np.sum(joint.max(axis=1) if hard else logsumexp(joint, axis=1)))


def e_step(tosses: Tosses, biases: CoinBiases, *, hard: bool = False) -> CoinExpectations:
    """Each set's probability of being coin A, and the heads and tails each coin expects from it.

    Parameters
    ----------
    tosses : Tosses
    biases : CoinBiases
    hard : bool, default=False
        Give each set wholly to the likelier coin (coin A on a tie).

    Returns
    -------
    CoinExpectations
    """
    joint = _set_log_likelihoods(_checked(tosses, Tosses), _checked(biases, CoinBiases))
    if hard:
        p_a = (joint[:, 0] >= joint[:, 1]).astype(float)
    else:
        with np.errstate(invalid="ignore"):
            p_a = np.exp(joint[:, 0] - logsumexp(joint, axis=1))
        p_a = np.where(np.isfinite(p_a), p_a, 0.5)  # a set impossible under both coins: no evidence
    heads, tails = tosses.heads, tosses.tails
    return CoinExpectations(p_a, p_a * heads, p_a * tails, (1 - p_a) * heads, (1 - p_a) * tails)


def m_step(expectations: CoinExpectations, previous: CoinBiases) -> CoinBiases:
    """Each coin's expected heads divided by its expected tosses.

    Parameters
    ----------
    expectations : CoinExpectations
        From :func:`e_step`.
    previous : CoinBiases
        Kept for a coin that got no tosses at all (in hard EM, no set), whose θ nothing
        in the data can tell.

    Returns
    -------
    CoinBiases
    """
    thetas = []
    for heads, tails, before in ((expectations.heads_a.sum(), expectations.tails_a.sum(), previous.theta_a),
                                 (expectations.heads_b.sum(), expectations.tails_b.sum(), previous.theta_b)):
        total = heads + tails
        thetas.append(float(heads / total) if total > 0 else before)
    return CoinBiases(*thetas)


@dataclass(frozen=True, eq=False)
class CoinRun:
    """Everything one run of EM on two coins did.

    Attributes
    ----------
    tosses : Tosses
    biases : tuple of CoinBiases
        ``biases[0]`` is the start, ``biases[t]`` the θ after t M-steps.
    log_likelihoods : ndarray, shape (len(biases),)
        :func:`log_likelihood` under each ``biases[t]`` (the classification one for hard EM):
        never decreasing.
    hard : bool
        Whether each set was given wholly to its likelier coin.
    """

    tosses: Tosses
    biases: tuple[CoinBiases, ...]
    log_likelihoods: np.ndarray
    hard: bool = False

    @property
    def n_iter(self) -> int:
        """Number of M-steps run."""
        return len(self.biases) - 1

    def expectations(self, t: int) -> CoinExpectations:
        """The E-step under ``biases[t]`` (that of iteration t + 1)."""
        return e_step(self.tosses, self.biases[t], hard=self.hard)


def run_two_coins(tosses: Tosses, start: CoinBiases = PAPER_START, *, n_iter: int = 10,
                  hard: bool = False) -> CoinRun:
    """Run ``n_iter`` iterations of EM from ``start`` and record each.

    Parameters
    ----------
    tosses : Tosses
        E.g. ``parse_tosses(PAPER_TOSSES)``.
    start : CoinBiases, default=PAPER_START
        The initial guess (θA = 0.60, θB = 0.50 in the paper); each θ strictly between 0 and 1.
    n_iter : int, default=10
        Iterations (E-step then M-step) to run, 0 to 1000.
    hard : bool, default=False
        Hard EM: each set goes wholly to its likelier coin.

    Returns
    -------
    CoinRun

    Raises
    ------
    ValueError
        If ``start`` puts a θ at 0 or 1 (such a coin can never show tails, or heads) or
        ``n_iter`` is not a whole number from 0 to 1000.

    Examples
    --------
    >>> run = run_two_coins(parse_tosses(PAPER_TOSSES), CoinBiases(0.60, 0.50), n_iter=10)
    >>> f"{run.biases[1].theta_a:.2f}, {run.biases[1].theta_b:.2f}"
    '0.71, 0.58'
    >>> f"{run.biases[10].theta_a:.2f}, {run.biases[10].theta_b:.2f}"
    '0.80, 0.52'
    """
    tosses = _checked(tosses, Tosses)
    start = _checked(start, CoinBiases)
    if not all(0 < theta < 1 for theta in start.as_array()):
        raise ValueError("Start each θ strictly between 0 and 1: a coin with θ = 1 could never show tails, "
                         "nor one with θ = 0 heads.")
    if isinstance(n_iter, bool) or not isinstance(n_iter, (int, np.integer)) or not 0 <= n_iter <= 1000:
        raise ValueError(f"The number of iterations must be a whole number from 0 to 1000 (it is {n_iter!r}).")
    biases = [start]
    for _ in range(int(n_iter)):
        biases.append(m_step(e_step(tosses, biases[-1], hard=hard), biases[-1]))
    values = np.array([log_likelihood(tosses, b, hard=hard) for b in biases])
    values.setflags(write=False)
    return CoinRun(tosses, tuple(biases), values, bool(hard))


def complete_data_estimate(tosses: Tosses) -> CoinBiases:
    """The maximum-likelihood θ when every set's coin is known: each coin's heads over its tosses.

    Parameters
    ----------
    tosses : Tosses
        Every set labelled A or B.

    Raises
    ------
    ValueError
        If the sets are not all labelled, or one coin has no set.
    """
    tosses = _checked(tosses, Tosses)
    if tosses.labels is None:
        raise ValueError("Start every set with A: or B: (the coin that tossed it) to compare with the "
                         "complete-data answer.")
    is_a = np.array([label == "A" for label in tosses.labels])
    thetas = []
    for coin, mine in zip(COINS, (is_a, ~is_a)):
        if not mine.any():
            raise ValueError(f"No set is labelled {coin}: give each coin at least one set.")
        thetas.append(float(tosses.heads[mine].sum() / (tosses.heads[mine].sum() + tosses.tails[mine].sum())))
    return CoinBiases(*thetas)


def _checked(value, kind: type):
    """``value`` if it is a ``kind``, else a TypeError naming what to pass."""
    if not isinstance(value, kind):
        raise TypeError(f"Expected a {kind.__name__} (see emviz.engine.two_coins), not {type(value).__name__}.")
    return value
