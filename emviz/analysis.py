"""Analyses around EM runs: the lower bound, the likelihood landscape, restarts,
and comparing labelings. numpy and scipy only, like the rest of the engine."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.special import comb, xlogy

from emviz.em import EMError, History, run_em
from emviz.mixture import Mixture, as_points

GRID_CHUNK = 128
"""Points per chunk when evaluating the likelihood landscape: a chunk's (G, G, n) sums fit the CPU cache."""
SMALLEST_NORMAL = np.finfo(float).tiny
"""Below this a float loses precision: densities this small are summed as logarithms instead."""


def lower_bound(x, mixture: Mixture, responsibilities) -> float:
    """The EM lower bound on the log-likelihood for the given responsibilities.

    ``Σ_n Σ_k γ_nk [log π_k + log N(x_n | θ_k) − log γ_nk]``, with 0·log 0 = 0: the
    expected complete-data log-likelihood plus the entropy of the responsibilities.
    It never exceeds the log-likelihood and equals it when the responsibilities
    are the E-step's under ``mixture``.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, d)
    mixture : Mixture
    responsibilities : array_like, shape (N, K)
        Non-negative rows summing to 1.

    Returns
    -------
    float
        Total over the points.
    """
    log_weighted = mixture.log_weighted_densities(x)
    gamma = np.asarray(responsibilities, dtype=float)
    if gamma.shape != log_weighted.shape:
        raise ValueError(f"Responsibilities must have shape {log_weighted.shape}, not {gamma.shape}.")
    expected = gamma * np.where(gamma > 0, log_weighted, 0.0)  # 0 · log 0 = 0, also where π_k = 0
    return float(expected.sum() - xlogy(gamma, gamma).sum())


def log_likelihood_grid(x, mixture: Mixture, mu1, mu2) -> np.ndarray:
    """Total log-likelihood with the two means replaced by every grid pair (K = 2, 1-D).

    Weights and σ stay those of ``mixture``.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, 1)
    mixture : Mixture
        A 1-D mixture of two components.
    mu1, mu2 : array_like, shape (G1,) and (G2,)
        Values for the mean of component 1 and of component 2.

    Returns
    -------
    ndarray, shape (G2, G1)
        ``grid[j, i]`` is the log-likelihood at µ1 = mu1[i], µ2 = mu2[j].
    """
    if mixture.n_components != 2 or mixture.n_features != 1:
        raise ValueError("The likelihood landscape over (µ1, µ2) needs a 1-D mixture of exactly two Gaussians.")
    points = as_points(x, 1)[:, 0]
    mu1 = np.asarray(mu1, dtype=float).reshape(-1)
    mu2 = np.asarray(mu2, dtype=float).reshape(-1)
    sigmas = mixture.sigmas
    with np.errstate(divide="ignore"):  # a weight of 0 gives log 0 = −∞, which logaddexp handles
        log_weights = np.log(mixture.weights)
    grid = np.zeros((mu2.size, mu1.size))
    for start in range(0, points.size, GRID_CHUNK):
        chunk = points[start:start + GRID_CHUNK]
        first = log_weights[0] + _log_normal(chunk[None, :], mu1[:, None], sigmas[0])   # (G1, n)
        second = log_weights[1] + _log_normal(chunk[None, :], mu2[:, None], sigmas[1])  # (G2, n)
        grid += _summed_log_sums(first, second)
    return grid


def _summed_log_sums(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """``Σ_n log(exp(first[i, n]) + exp(second[j, n]))`` for every pair (j, i), shape (G2, G1).

    As ``np.logaddexp`` summed over n, but with one logarithm per pair instead of an
    exponential and a logarithm: each point's terms are scaled by its largest, and the
    few points where a scaled density falls below :data:`SMALLEST_NORMAL` for some
    µ1 and some µ2 (a narrow Gaussian far from the point) are summed as logarithms.
    """
    shift = np.maximum(first.max(axis=0), second.max(axis=0))  # (n,): finite, one weight is > 0
    first, second = first - shift, second - shift
    scaled_first, scaled_second = np.exp(first), np.exp(second)
    pair = np.add(scaled_second[:, None, :], scaled_first[None, :, :])  # (G2, G1, n)
    with np.errstate(divide="ignore"):
        np.log(pair, out=pair)
    underflow = (scaled_first < SMALLEST_NORMAL).any(axis=0) & (scaled_second < SMALLEST_NORMAL).any(axis=0)
    if underflow.any():
        pair[:, :, underflow] = np.logaddexp(second[:, None, underflow], first[None, :, underflow])
    return pair.sum(axis=2) + shift.sum()


def _log_normal(x, mean, sigma):
    return -0.5 * ((x - mean) / sigma) ** 2 - np.log(sigma) - 0.5 * np.log(2 * np.pi)


def random_start(x, k: int, rng: np.random.Generator) -> Mixture:
    """A random initial mixture: K distinct data points as means, the data's covariance for all.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, d)
    k : int
        Number of components.
    rng : numpy.random.Generator

    Returns
    -------
    Mixture
        Equal weights, means drawn from the data without replacement.
    """
    points = as_points(x)
    n_points, n_features = points.shape
    k = _whole_number_at_least_one("The number of Gaussians K", k)
    if k > n_points:
        raise ValueError(f"Cannot start {k} Gaussians on {n_points} points: give at least {k} points or "
                         "choose fewer Gaussians.")
    means = points[rng.choice(n_points, size=k, replace=False)]
    covariance = np.atleast_2d(np.cov(points, rowvar=False, bias=True))
    if not np.all(np.linalg.eigvalsh(covariance) > 0):
        covariance = covariance + np.eye(n_features) * max(float(np.abs(points).max()), 1.0) * 1e-3
    return Mixture(np.full(k, 1.0 / k), means, np.repeat(covariance[None], k, axis=0))


def random_starts(x, k: int, n_starts: int, *, seed: int) -> list[Mixture]:
    """``n_starts`` seeded random starts (:func:`random_start`); the same seed gives the same starts.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, d)
    k : int
        Number of components.
    n_starts : int
        Number of starts, ≥ 1.
    seed : int
        Seed of the starts: start i uses child i of ``SeedSequence(seed)``.

    Returns
    -------
    list of Mixture

    Raises
    ------
    ValueError
        If ``n_starts`` is not a whole number ≥ 1, or ``k`` Gaussians cannot start on the data.
    """
    n_starts = _whole_number_at_least_one("The number of starts", n_starts)
    return [random_start(x, k, np.random.default_rng(child))
            for child in np.random.SeedSequence(seed).spawn(n_starts)]


def restarts(x, k: int, n_starts: int, *, seed: int, **run_em_options) -> list[History]:
    """Run EM from ``n_starts`` random starts (:func:`random_starts`); the same seed gives the same runs.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, d)
    k : int
        Number of components.
    n_starts : int
        Number of runs, ≥ 1.
    seed : int
        Seed of the random starts.
    **run_em_options
        Passed on to :func:`emviz.run_em` (``max_iter``, ``tol``, ``reg_covar``, ``hard``).

    Returns
    -------
    list of History
        In the order of the starts. A run that stopped on an error keeps the
        iterations it computed (see :class:`emviz.EMError`).

    Raises
    ------
    ValueError
        If the data or a setting is invalid, e.g. ``n_starts`` is not a whole number ≥ 1.
    """
    histories = []
    for start in random_starts(x, k, n_starts, seed=seed):
        try:
            histories.append(run_em(x, start, **run_em_options))
        except EMError as error:
            histories.append(error.history)
    return histories


def match_labels(true_labels, predicted_labels, *, n_predicted: int | None = None) -> np.ndarray:
    """The relabelling of predicted components that agrees most with the truth.

    Parameters
    ----------
    true_labels, predicted_labels : array_like of int, shape (N,)
    n_predicted : int, optional
        Number of predicted components, when some may label no point at all
        (a Gaussian that wins no majority); by default the largest label + 1.

    Returns
    -------
    ndarray of int
        ``mapping[j]`` is the true label matched to predicted label j, so
        ``mapping[predicted_labels]`` is the predicted labelling in true labels.
        Found with the Hungarian algorithm (``linear_sum_assignment``) on the
        contingency table; unmatched predicted labels get new labels after the true ones.
    """
    true_labels = np.asarray(true_labels, dtype=int)
    predicted_labels = np.asarray(predicted_labels, dtype=int)
    n_true = true_labels.max() + 1
    n_predicted = max(n_predicted or 0, predicted_labels.max() + 1)
    table = np.zeros((n_predicted, n_true), dtype=int)
    np.add.at(table, (predicted_labels, true_labels), 1)
    rows, columns = linear_sum_assignment(table, maximize=True)
    mapping = np.full(n_predicted, -1)
    mapping[rows] = columns
    unmatched = mapping < 0
    mapping[unmatched] = n_true + np.arange(unmatched.sum())
    return mapping


def accuracy(true_labels, predicted_labels) -> float:
    """Share of points whose predicted label, after :func:`match_labels`, is the true one."""
    mapping = match_labels(true_labels, predicted_labels)
    return float(np.mean(mapping[np.asarray(predicted_labels, dtype=int)] == np.asarray(true_labels)))


def adjusted_rand_index(a, b) -> float:
    """Adjusted Rand index of two labelings: 1 when identical up to relabelling, ≈ 0 by chance.

    Parameters
    ----------
    a, b : array_like of int, shape (N,)

    Returns
    -------
    float
    """
    a = np.unique(np.asarray(a), return_inverse=True)[1].reshape(-1)
    b = np.unique(np.asarray(b), return_inverse=True)[1].reshape(-1)
    if a.size != b.size:
        raise ValueError("Both labelings must label the same points.")
    table = np.zeros((a.max() + 1, b.max() + 1), dtype=np.int64)
    np.add.at(table, (a, b), 1)
    pairs = comb(table, 2).sum()
    rows, columns = comb(table.sum(axis=1), 2).sum(), comb(table.sum(axis=0), 2).sum()
    total = comb(a.size, 2)
    expected = rows * columns / total if total else 0.0
    best = (rows + columns) / 2
    if best == expected:  # both labelings put every point in one group, or each alone
        return 1.0
    return float((pairs - expected) / (best - expected))


def stopped_on_error(history: History) -> bool:
    """Whether the run ended on an error (:class:`emviz.EMError`), not by converging or at max_iter.

    Such a run (e.g. a Gaussian that collapsed onto a point) is no fit: its last
    mixture is wherever EM stood when it failed, possibly its random start.
    """
    return not history.converged and history.n_iter < history.max_iter


SAME_SOLUTION_ATOL = 1e-4
"""Final log-likelihoods closer than this per point are one solution (:func:`distinct_solutions`)."""


def distinct_solutions(histories: list[History], *, atol: float = SAME_SOLUTION_ATOL) -> list[list[int]]:
    """Group runs that ended at the same fit, by their final log-likelihood.

    Runs that stopped on an error (:func:`stopped_on_error`) are no fit and are
    left out. The others are sorted by final log-likelihood ℓ, best first; a run joins the group
    of the best run above it when its ℓ is within ``atol`` per point of that
    run's (``N·atol`` in total), else it starts a new group. Relabelling the
    Gaussians does not change ℓ, so a fit and its relabelled twin are one
    solution. Runs that stopped on EM's flat stretches (e.g. two Gaussians on
    top of each other, near the one-Gaussian fit) end at slightly different
    parameters but the same height: they are one solution too, as the learner
    sees them. Differences in ℓ are independent of the data's units, unlike ℓ itself.

    Parameters
    ----------
    histories : list of History
        Runs on the same data; none gives no solutions.
    atol : float, default=1e-4
        Largest difference in mean log-likelihood per point within one solution;
        run_em's default ``tol`` is 1e-6, distinct local optima usually differ by > 1e-3.

    Returns
    -------
    list of list of int
        Indices of the runs in each group, best first within a group, and the
        group with the best final log-likelihood first; empty if every run failed or
        there were none.
    """
    if not histories:
        return []
    finals = np.array([h.log_likelihoods[-1] for h in histories])
    tolerance = atol * histories[0].n_points
    groups: list[list[int]] = []
    for index in np.argsort(-finals, kind="stable"):
        if stopped_on_error(histories[index]):
            continue
        if groups and finals[groups[-1][0]] - finals[index] <= tolerance:
            groups[-1].append(int(index))
        else:
            groups.append([int(index)])
    return groups


def with_mean(mixture: Mixture, k: int, mean: float) -> Mixture:
    """``mixture`` with the (1-D) mean of component ``k`` replaced by ``mean``."""
    means = mixture.means.copy()
    means[k, 0] = mean
    return Mixture(mixture.weights, means, mixture.covariances)


def bound_slice(x, mixture: Mixture, responsibilities, mu1) -> tuple[np.ndarray, np.ndarray]:
    """Log-likelihood and lower bound along µ1, everything else held at ``mixture``.

    Parameters
    ----------
    x : array_like, shape (N,)
    mixture : Mixture
        A 1-D mixture of two components.
    responsibilities : array_like, shape (N, 2)
        The responsibilities the bound is built from (those of the last E-step).
    mu1 : array_like, shape (G,)
        Values of µ1.

    Returns
    -------
    log_likelihood, bound : ndarray, shape (G,)
        ℓ(µ1) and the bound B(µ1) ≤ ℓ(µ1); they touch where the
        responsibilities are the E-step's under the mixture at that µ1.
    """
    mu1 = np.asarray(mu1, dtype=float).reshape(-1)
    log_likelihood = log_likelihood_grid(x, mixture, mu1, [mixture.means[1, 0]])[0]
    bound = np.array([lower_bound(x, with_mean(mixture, 0, value), responsibilities) for value in mu1])
    return log_likelihood, bound


def parameter_errors(history: History, truth: Mixture, mapping) -> dict[str, np.ndarray]:
    """|estimate − truth| of every µ, σ and weight at every iteration (1-D).

    Parameters
    ----------
    history : History
    truth : Mixture
        The mixture the data were drawn from, with as many components as the run.
    mapping : array_like of int
        ``mapping[j]`` is the true component matched to fitted component j
        (from :func:`match_labels`).

    Returns
    -------
    dict of str to ndarray, shape (n_iter + 1,)
        Keys "µ1", "σ1", "weight1", "µ2", … in the fitted components' order.
    """
    mapping = np.asarray(mapping)
    if (truth.n_components != history.mixtures[0].n_components or mapping.size != truth.n_components
            or mapping.max() >= truth.n_components):
        raise ValueError("Errors against the truth need as many fitted Gaussians as true ones, "
                         "each matched to one (pass n_predicted=K to match_labels).")
    errors: dict[str, np.ndarray] = {}
    for j, true in enumerate(mapping):
        errors[f"µ{j + 1}"] = np.array([abs(m.means[j, 0] - truth.means[true, 0]) for m in history.mixtures])
        errors[f"σ{j + 1}"] = np.array([abs(m.sigmas[j] - truth.sigmas[true]) for m in history.mixtures])
        errors[f"weight{j + 1}"] = np.array([abs(m.weights[j] - truth.weights[true]) for m in history.mixtures])
    return errors


def n_parameters(k: int, d: int) -> int:
    """Number of free parameters of a K-component, full-covariance mixture in d dimensions.

    ``(K − 1)`` weights (they sum to 1), ``K·d`` means and ``K·d(d+1)/2``
    covariance entries (each matrix is symmetric): ``3K − 1`` in 1-D.

    Parameters
    ----------
    k : int
        Number of components, ≥ 1.
    d : int
        Dimension of the data, ≥ 1.

    Returns
    -------
    int
    """
    k = _whole_number_at_least_one("The number of Gaussians K", k)
    d = _whole_number_at_least_one("The dimension d", d)
    return (k - 1) + k * d + k * d * (d + 1) // 2


FEW_POINTS_PER_PARAMETER = 10
"""Below this many points per free parameter, AIC and BIC are rough guides (the page warns)."""


@dataclass(frozen=True, eq=False)
class ModelSelection:
    """How well mixtures of each number of Gaussians K fit the same data.

    All arrays are read-only and in the order of ``k`` (ascending).

    Attributes
    ----------
    k : ndarray of int, shape (M,)
        The numbers of components tried.
    log_likelihood : ndarray, shape (M,)
        Total log-likelihood ℓ of the best fit for each K.
    n_parameters : ndarray of int, shape (M,)
        Free parameters p of each model (:func:`n_parameters`).
    aic : ndarray, shape (M,)
        Akaike information criterion ``2p − 2ℓ``; lower is better.
    bic : ndarray, shape (M,)
        Bayesian information criterion ``p·ln N − 2ℓ``; lower is better.
    fits : tuple of History
        The best fit for each K.
    n_points : int
        Number of data points N the fits were scored on.
    """

    k: np.ndarray
    log_likelihood: np.ndarray
    n_parameters: np.ndarray
    aic: np.ndarray
    bic: np.ndarray
    fits: tuple
    n_points: int

    def __post_init__(self) -> None:
        for name in ("k", "log_likelihood", "n_parameters", "aic", "bic"):
            values = np.array(getattr(self, name))
            values.setflags(write=False)
            object.__setattr__(self, name, values)
        object.__setattr__(self, "fits", tuple(self.fits))

    @classmethod
    def from_fits(cls, x, fits) -> ModelSelection:
        """Score fits of the same data (one per K, ascending K) by AIC and BIC.

        Parameters
        ----------
        x : array_like, shape (N,) or (N, d)
            The data the fits were made on.
        fits : sequence of History
            One fit per number of Gaussians, in ascending order of K.
        """
        points = as_points(x)
        n_points, n_features = points.shape
        ks = np.array([fit.mixtures[-1].n_components for fit in fits])
        log_likelihood = np.array([fit.log_likelihoods[-1] for fit in fits])
        penalties = np.array([n_parameters(int(k), n_features) for k in ks])
        return cls(k=ks, log_likelihood=log_likelihood, n_parameters=penalties,
                   aic=2.0 * penalties - 2.0 * log_likelihood,
                   bic=np.log(n_points) * penalties - 2.0 * log_likelihood, fits=fits, n_points=n_points)

    @property
    def considered(self) -> np.ndarray:
        """Which K may be chosen: those with fewer parameters than points (all, if none has).

        With p ≥ N a mixture can put a Gaussian on every point and its likelihood
        says nothing about the data's shape, so no criterion should pick it.
        """
        fewer = self.n_parameters < self.n_points
        return fewer if fewer.any() else np.ones_like(fewer)

    @property
    def best_k(self) -> int:
        """The considered K with the lowest BIC (the smaller K on a tie)."""
        return self._lowest(self.bic)

    @property
    def best_k_aic(self) -> int:
        """The considered K with the lowest AIC (the smaller K on a tie)."""
        return self._lowest(self.aic)

    def points_per_parameter(self, k: int) -> float:
        """N / p for the model with ``k`` Gaussians; below :data:`FEW_POINTS_PER_PARAMETER` the criteria are rough."""
        return self.n_points / float(self.n_parameters[list(self.k).index(k)])

    def _lowest(self, criterion: np.ndarray) -> int:
        return int(self.k[np.argmin(np.where(self.considered, criterion, np.inf))])


SCREEN_ITER = 10
"""Iterations each random start of :func:`best_fit` gets before only the most promising run on."""
N_FINALISTS = 2
"""Random starts :func:`best_fit` runs to the end: those highest after :data:`SCREEN_ITER` iterations."""


def split_widest(mixture: Mixture, *, separation: float = 0.5) -> Mixture:
    """``mixture`` with one more Gaussian: its widest component split in two along its largest axis.

    The component with the largest weight × variance along its principal axis
    (eigenvector v, eigenvalue λ) becomes two halves of its weight with means
    µ ± s√λ·v and covariance Σ − s²λ·vvᵀ (s = ``separation``): together they
    have the component's mean and covariance, so the start is close to the fit
    it came from. With s = 0 the halves are identical and the mixture has
    exactly the log-likelihood of ``mixture``.

    Parameters
    ----------
    mixture : Mixture
    separation : float, default=0.5
        Offset of each half's mean in units of √λ; in [0, 1).

    Returns
    -------
    Mixture
        K + 1 components; the split halves last.
    """
    if not 0 <= separation < 1:
        raise ValueError(f"The separation must be in [0, 1) (it is {separation!r}).")
    eigenvalues, eigenvectors = np.linalg.eigh(mixture.covariances)  # ascending: the largest is last
    widest = int(np.argmax(mixture.weights * eigenvalues[:, -1]))
    spread, axis = eigenvalues[widest, -1], eigenvectors[widest, :, -1]
    offset = separation * np.sqrt(spread) * axis
    covariance = mixture.covariances[widest] - separation ** 2 * spread * np.outer(axis, axis)
    keep = np.arange(mixture.n_components) != widest
    half = mixture.weights[widest] / 2
    return Mixture(
        np.concatenate([mixture.weights[keep], [half, half]]),
        np.concatenate([mixture.means[keep], [mixture.means[widest] - offset, mixture.means[widest] + offset]]),
        np.concatenate([mixture.covariances[keep], [covariance, covariance]]),
    )


def best_fit(x, k: int, n_starts: int, *, seed: int, previous: Mixture | None = None,
             **run_em_options) -> History:
    """The best EM fit with ``k`` Gaussians from ``n_starts`` random starts and a split of ``previous``.

    Every random start (:func:`random_starts`) runs :data:`SCREEN_ITER`
    iterations; the :data:`N_FINALISTS` highest then run to the end (a rerun
    from their start, so the History is whole). Given ``previous``, the best
    fit with K − 1 Gaussians, two more runs start from it with its widest
    Gaussian split (:func:`split_widest`): once into two halves apart, which
    often finds a better fit, and once into two identical halves, which starts
    at exactly ℓ(K − 1) and, EM never lowering ℓ, guarantees ℓ(K) ≥ ℓ(K − 1):
    more Gaussians always fit at least as well. Runs that stop on an error
    (a collapse, a Gaussian that lost every point) are never scored.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, d)
    k : int
        Number of components.
    n_starts : int
        Random starts, ≥ 1.
    seed : int
        Seed of the random starts.
    previous : Mixture, optional
        A fit with ``k − 1`` components to split into one more start.
    **run_em_options
        Passed on to :func:`emviz.run_em` (``max_iter``, ``tol``, ``reg_covar``, ``hard``).

    Returns
    -------
    History
        The finished run with the highest final log-likelihood (the first on a tie).

    Raises
    ------
    ValueError
        If no run ended without an error and with a finite log-likelihood.
    """
    max_iter = run_em_options.get("max_iter", 200)
    screen = {**run_em_options, "max_iter": min(SCREEN_ITER, max_iter)}
    starts = random_starts(x, k, n_starts, seed=seed)
    heights = [_final_log_likelihood(_finished(x, start, screen)) for start in starts]
    order = np.argsort(np.negative(heights), kind="stable")
    finalists = [starts[i] for i in order[:N_FINALISTS] if np.isfinite(heights[i])]
    if previous is not None:
        finalists += [split_widest(previous), split_widest(previous, separation=0.0)]
    runs = [_finished(x, start, run_em_options) for start in finalists]
    finals = np.array([_final_log_likelihood(run) for run in runs])
    if not np.any(np.isfinite(finals)):
        raise ValueError(
            f"Every start with {k} Gaussians failed (a Gaussian collapsed onto a point or lost every point); "
            "try more starts or a larger reg_covar."
        )
    best = runs[int(np.argmax(finals))]
    assert best is not None  # its final ℓ is finite: only a failed run is None
    return best


def _finished(x, start: Mixture, run_em_options: dict) -> History | None:
    """EM from ``start``, or None when it stopped on an error (a failed run is no fit)."""
    try:
        return run_em(x, start, **run_em_options)
    except EMError:
        return None


def _final_log_likelihood(run: History | None) -> float:
    """The run's final ℓ, or −∞ for a failed run or one that ended without a finite ℓ."""
    if run is None or not np.isfinite(run.log_likelihoods[-1]):
        return -np.inf
    return float(run.log_likelihoods[-1])


def select_k(x, k_values, *, n_starts: int, seed: int, **run_em_options) -> ModelSelection:
    """Fit mixtures of each number of Gaussians in ``k_values`` and score them by AIC and BIC.

    Each K's fit is :func:`best_fit` from ``n_starts`` random starts, plus the
    split of the best fit with K − 1 Gaussians when K − 1 is tried too. The
    random starts of a K get their own seed derived from ``seed`` and K alone,
    and the same call gives the same result.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, d)
        The data.
    k_values : iterable of int
        Numbers of components to try, each ≥ 1 and at most the number of
        distinct data points. Duplicates are tried once; the result is in
        ascending order of K.
    n_starts : int
        Random starts per K, ≥ 1.
    seed : int
        Seed of all the random starts.
    **run_em_options
        Passed on to :func:`emviz.run_em` (``max_iter``, ``tol``, ``reg_covar``, ``hard``).

    Returns
    -------
    ModelSelection

    Raises
    ------
    ValueError
        If the data are invalid, a K is not a whole number ≥ 1 or exceeds the
        number of distinct points, ``n_starts`` is not a whole number ≥ 1, or
        every run of some K failed.

    Notes
    -----
    BIC picks the right K only if each K's best run reached its best fit. A
    random start (:func:`random_start`) puts one mean in each of K clusters
    with chance K!/K^K (2/9 for K = 3), so give enough starts; and since every
    start has the data's whole spread, early iterations gain little, so a
    loose ``tol`` (scikit-learn's 1e-3) can stop a run far from a maximum.
    """
    points = as_points(x)
    ks = _check_k_values(k_values, n_distinct=np.unique(points, axis=0).shape[0])
    n_starts = _whole_number_at_least_one("The number of starts", n_starts)
    fits: dict[int, History] = {}
    for k in ks:
        previous = fits[k - 1].mixtures[-1] if k - 1 in fits else None
        fits[k] = best_fit(points, k, n_starts, seed=seed_for_k(seed, k), previous=previous, **run_em_options)
    return ModelSelection.from_fits(points, [fits[k] for k in ks])


def _whole_number_at_least_one(name: str, value) -> int:
    """``value`` as an int, or a ValueError naming ``name`` if it is not a whole number ≥ 1."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a whole number ≥ 1 (it is {value!r}).")
    return int(value)


def _check_k_values(k_values, n_distinct: int) -> list[int]:
    """The distinct K to try, ascending; each a whole number in [1, n_distinct]."""
    ks = sorted({_whole_number_at_least_one("Each number of Gaussians K", k) for k in k_values})
    if not ks:
        raise ValueError("Give at least one number of Gaussians K to try.")
    if ks[-1] > n_distinct:
        raise ValueError(
            f"Cannot fit {ks[-1]} Gaussians to data with only {n_distinct} distinct points: "
            "each Gaussian needs a point of its own. Try a smaller K or more data."
        )
    return ks


def seed_for_k(seed: int, k: int) -> int:
    """A seed for the restarts with K components: child K of ``SeedSequence(seed)``."""
    child = np.random.SeedSequence(seed, spawn_key=(k,))  # == SeedSequence(seed).spawn(k + 1)[k]
    return int(child.generate_state(1, np.uint64)[0])
