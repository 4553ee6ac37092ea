"""The EM algorithm for Gaussian mixtures, recording its whole history.

The mathematics are scikit-learn's ``GaussianMixture(covariance_type="full")``:
a log-space E-step, an M-step that divides by n_k (plus scikit-learn's
``10·eps`` guard) and adds ``reg_covar`` to every variance, and the same
stopping rule. Started from the same parameters, both follow the same path.

The E-step is the hot loop. :class:`_Kernel` keeps the responsibilities in a
(K, N) layout, fills them block by block with in-place ufuncs so that a block
stays in cache, and never calls multithreaded BLAS (on two shared cores the
threads cost far more than they give).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from emviz.mixture import Mixture, as_points

BLOCK_SIZE = 8192
"""Points per block in the E-step: K rows of this many doubles stay in cache."""

N_CACHED_RESPONSIBILITIES = 4
"""Most responsibility matrices a History keeps (the frames on screen)."""

RESPONSIBILITY_CACHE_BYTES = 100 * 2**20
"""Most bytes of responsibility matrices a History keeps, 100 MiB: two matrices of
1,000,000 points × 6 Gaussians (a frame's caption compares two E-steps). The most
recently asked matrix is always kept, however large."""

N_K_GUARD = 10 * np.finfo(float).eps
"""Added to each n_k, as scikit-learn does, so an empty component divides by > 0."""

COLLAPSE_RESOLUTION = 1e3 * np.finfo(float).eps
"""A variance below (this × the data's spread)² is rounding noise: the component has
collapsed onto a single point (its log-likelihood heads to +∞). The spread is the
widest range (max − min) of a coordinate, so data shifted far from 0 (e.g. to 1e12)
behave as the same data centred."""

MAX_MAGNITUDE = 1e150
"""Largest |x| EM accepts: it squares differences of coordinates (up to 2·|x|), and
beyond this their squares approach the largest double, ~1.8e308, and overflow."""

RESPONSIBILITY_SUM_TOLERANCE = 1e-6
"""How far from 1 a row of responsibilities given to :func:`m_step` may sum."""


class EMError(ValueError):
    """EM could not continue; ``history`` holds the iterations computed so far.

    Parameters
    ----------
    message : str
        What went wrong, in words a learner can act on.
    history : History
        The run up to the last valid mixture.
    """

    def __init__(self, message: str, history: History) -> None:
        super().__init__(message)
        self.history = history


class _Kernel:
    """Buffers and loops for E- and M-steps on one data set.

    Parameters
    ----------
    points : ndarray, shape (N, d)
    n_components : int
    """

    def __init__(self, points: np.ndarray, n_components: int) -> None:
        n_points, n_features = points.shape
        self.n_points = n_points
        self.columns = np.ascontiguousarray(points.T)  # (d, N): one coordinate per row
        self.resp = np.empty((n_components, n_points))
        width = min(BLOCK_SIZE, n_points)
        self._peak = np.empty(width)
        self._norm = np.empty(width)
        self._centred = np.empty((n_features, width))
        self._term = np.empty(width)
        self._product = np.empty(width)
        self._centred_full = np.empty((n_features, n_points))

    @functools.cached_property
    def _variance_floor(self) -> float:
        """The variance below which a component has collapsed (see :data:`COLLAPSE_RESOLUTION`)."""
        spread = max(float(np.ptp(column)) for column in self.columns)
        return (COLLAPSE_RESOLUTION * spread) ** 2

    def _blocks(self):
        for start in range(0, self.n_points, BLOCK_SIZE):
            yield slice(start, min(start + BLOCK_SIZE, self.n_points))

    def _half_mahalanobis(self, block: slice, mean, half_precision, out: np.ndarray) -> None:
        """Write ½‖(x − µ) P‖² for the points of ``block`` into ``out``."""
        n_features = mean.shape[0]
        width = out.shape[0]
        if n_features == 1:
            np.subtract(self.columns[0, block], mean[0], out=out)
            out *= half_precision[0, 0]
            np.square(out, out=out)
            return
        centred = self._centred[:, :width]
        term, product = self._term[:width], self._product[:width]
        for i in range(n_features):
            np.subtract(self.columns[i, block], mean[i], out=centred[i])
        out.fill(0.0)
        for j in range(n_features):  # P is upper triangular: P[i, j] = 0 for i > j
            np.multiply(centred[0], half_precision[0, j], out=term)
            for i in range(1, j + 1):
                np.multiply(centred[i], half_precision[i, j], out=product)
                term += product
            np.square(term, out=term)
            out += term

    def e_step(self, mixture: Mixture) -> float:
        """Fill ``self.resp`` (K, N) with responsibilities under ``mixture``.

        Returns
        -------
        float
            The total log-likelihood Σ_n log p(x_n); not finite if some point
            has zero density under every component.
        """
        half_precision = mixture.precision_cholesky * np.sqrt(0.5)
        normalisers = mixture.log_normalisers
        total = 0.0
        for block in self._blocks():
            weighted = self.resp[:, block]  # log π_k N(x_n | k), then γ_nk, in place
            width = weighted.shape[1]
            for k in range(mixture.n_components):
                self._half_mahalanobis(block, mixture.means[k], half_precision[k], weighted[k])
                np.subtract(normalisers[k], weighted[k], out=weighted[k])
            peak = np.max(weighted, axis=0, out=self._peak[:width])
            with np.errstate(invalid="ignore"):
                weighted -= peak
            np.exp(weighted, out=weighted)
            norm = np.sum(weighted, axis=0, out=self._norm[:width])
            weighted /= norm
            with np.errstate(divide="ignore"):
                np.log(norm, out=norm)
            norm += peak
            total += float(norm.sum())
        return total

    def harden(self) -> np.ndarray:
        """Give each point wholly to its most likely component (hard EM); return the labels."""
        labels = np.argmax(self.resp, axis=0)
        self.resp.fill(0.0)
        self.resp[labels, np.arange(self.n_points)] = 1.0
        return labels

    def m_step(self, reg_covar: float) -> Mixture:
        """Weighted means, covariances and weights from ``self.resp``.

        Raises
        ------
        ValueError
            If a component collapsed onto a single point (its variance is down
            to rounding noise), a covariance is not positive definite or a value
            is not finite.
        """
        n_components = self.resp.shape[0]
        n_features = self.columns.shape[0]
        counts = self.resp.sum(axis=1) + N_K_GUARD
        means = np.empty((n_components, n_features))
        for i in range(n_features):
            means[:, i] = np.einsum("kn,n->k", self.resp, self.columns[i]) / counts
        covariances = np.empty((n_components, n_features, n_features))
        centred = self._centred_full
        for k in range(n_components):
            np.subtract(self.columns, means[k][:, None], out=centred)
            for i in range(n_features):
                for j in range(i + 1):
                    value = np.einsum("n,n,n->", self.resp[k], centred[i], centred[j]) / counts[k]
                    covariances[k, i, j] = covariances[k, j, i] = value
            covariances[k] += reg_covar * np.eye(n_features)
            smallest = np.linalg.eigvalsh(covariances[k])[0]
            if 0 < smallest < self._variance_floor:
                raise ValueError(
                    f"Gaussian {k + 1} collapsed onto a single point: its variance fell to "
                    f"{smallest:.2g}, too small to tell from rounding noise, and the "
                    "log-likelihood heads to +∞."
                )
        return Mixture(counts / counts.sum(), means, covariances)


@dataclass(frozen=True, eq=False)
class History:
    """Everything one EM run did, iteration by iteration.

    Attributes
    ----------
    x : ndarray, shape (N, d)
        The data, read-only.
    mixtures : tuple of Mixture
        ``mixtures[0]`` is the initial guess, ``mixtures[t]`` the mixture after t M-steps.
    log_likelihoods : ndarray, shape (len(mixtures),)
        Total log-likelihood of ``x`` under each mixture.
    converged : bool
        Whether the stopping rule was met before ``max_iter``.
    tol, reg_covar : float
        The settings of the run.
    max_iter : int
        The iteration limit of the run.
    hard : bool
        Whether this is hard EM (each point given wholly to one component).
    """

    x: np.ndarray
    mixtures: tuple
    log_likelihoods: np.ndarray
    converged: bool
    tol: float
    reg_covar: float
    max_iter: int
    hard: bool = False
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _cache_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False,
                                        compare=False)
    _derived: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _derived_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False,
                                          compare=False)

    @property
    def n_iter(self) -> int:
        """Number of M-steps run."""
        return len(self.mixtures) - 1

    @property
    def n_points(self) -> int:
        """Number of data points N."""
        return self.x.shape[0]

    @property
    def responsibility_cache_limit(self) -> int:
        """Most bytes :meth:`responsibilities` keeps for this run (see :data:`RESPONSIBILITY_CACHE_BYTES`)."""
        matrix = self.n_points * self.mixtures[0].n_components * np.dtype(float).itemsize
        fitting = max(1, min(N_CACHED_RESPONSIBILITIES, RESPONSIBILITY_CACHE_BYTES // max(matrix, 1)))
        return fitting * matrix

    def responsibilities(self, t: int) -> np.ndarray:
        """The E-step under ``mixtures[t]``: γ_nk, shape (N, K).

        For hard EM each row is 0 but for a 1 at the most likely component.
        Computed on demand (a History stores parameters, not N×K matrices) and
        kept for the most recently asked iterations, at most
        :attr:`responsibility_cache_limit` bytes.
        """
        t = range(len(self.mixtures))[t]  # accepts -1; IndexError when out of range
        with self._cache_lock:  # one History may serve several sessions of the app at once
            if t not in self._cache:
                matrix_bytes = self.n_points * self.mixtures[t].n_components * np.dtype(float).itemsize
                while self._cache and (len(self._cache) + 1) * matrix_bytes > self.responsibility_cache_limit:
                    self._cache.pop(next(iter(self._cache)))
                kernel = _Kernel(self.x, self.mixtures[t].n_components)
                kernel.e_step(self.mixtures[t])
                if self.hard:
                    kernel.harden()
                resp = kernel.resp.T
                resp.setflags(write=False)
                self._cache[t] = resp
            self._cache[t] = self._cache.pop(t)  # now the most recently asked
            return self._cache[t]

    def derived(self, name: str, compute: Callable[[History], object]):
        """``compute(self)``, computed once per run and kept with it.

        For values that depend on the run alone, such as a chart's histogram binning:
        they live and die with the run, in whichever cache holds it, and are shared
        by everything that draws it. Thread-safe: one computation per name.

        Parameters
        ----------
        name : str
            What the value is; one value per name.
        compute : callable
            Takes the History; its result should be immutable (read-only arrays).
        """
        with self._derived_lock:
            if name not in self._derived:
                self._derived[name] = compute(self)
            return self._derived[name]


def e_step(x, mixture: Mixture) -> np.ndarray:
    """Responsibilities γ_nk = p(component k | x_n) under ``mixture``.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, d)
    mixture : Mixture

    Returns
    -------
    ndarray, shape (N, K)
        Each row sums to 1.
    """
    kernel = _Kernel(_em_points(x, _checked_mixture("mixture", mixture).n_features), mixture.n_components)
    kernel.e_step(mixture)
    return kernel.resp.T


def m_step(x, responsibilities, *, reg_covar: float = 1e-6) -> Mixture:
    """The mixture that maximises the expected complete-data log-likelihood.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, d)
    responsibilities : array_like, shape (N, K)
        Finite and non-negative; each row sums to 1 (within
        :data:`RESPONSIBILITY_SUM_TOLERANCE`).
    reg_covar : float, default=1e-6
        Added to every variance (the diagonal of each covariance).

    Returns
    -------
    Mixture

    Raises
    ------
    ValueError
        If the data, the responsibilities or ``reg_covar`` are invalid, or a
        component collapsed onto a single point.
    """
    points = _em_points(x)
    resp = _checked_responsibilities(responsibilities, points.shape[0])
    reg_covar = _check_non_negative("reg_covar", reg_covar)
    kernel = _Kernel(points, resp.shape[1])
    kernel.resp[:] = resp.T
    return kernel.m_step(reg_covar)


def _checked_responsibilities(responsibilities, n_points: int) -> np.ndarray:
    """``responsibilities`` as floats of shape (N, K), or a ValueError saying what to fix."""
    resp = np.asarray(responsibilities, dtype=float)
    if resp.ndim != 2 or resp.shape[0] != n_points:
        raise ValueError(
            f"Give one row of responsibilities per data point: an array of shape ({n_points}, K), "
            f"not {resp.shape}."
        )
    if resp.shape[1] == 0:
        raise ValueError("The responsibilities need at least one column, one per Gaussian.")
    if not np.all(np.isfinite(resp)):
        raise ValueError("The responsibilities must be finite numbers (no NaN or infinity).")
    if np.any(resp < 0):
        row = int(np.argwhere(resp < 0)[0, 0])
        raise ValueError(
            f"Responsibilities are probabilities and cannot be negative; row {row + 1} has {resp[row].min():g}."
        )
    sums = resp.sum(axis=1)
    off = np.flatnonzero(np.abs(sums - 1.0) > RESPONSIBILITY_SUM_TOLERANCE)
    if off.size:
        raise ValueError(
            f"Each row of responsibilities must add up to 1, but row {off[0] + 1} adds up to "
            f"{sums[off[0]]:.6g}; divide each row by its sum."
        )
    return resp


def _checked_mixture(name: str, mixture) -> Mixture:
    """``mixture``, or a TypeError saying how to make one."""
    if not isinstance(mixture, Mixture):
        raise TypeError(
            f"{name} must be a Mixture, e.g. Mixture(weights, means, covariances) or "
            f"Mixture.univariate(weights, means, sigmas), not {type(mixture).__name__}."
        )
    return mixture


def _em_points(x, n_features: int | None = None) -> np.ndarray:
    """:func:`emviz.mixture.as_points`, refusing data so large that their squares overflow."""
    points = as_points(x, n_features)
    largest = float(np.max(np.abs(points)))
    if largest > MAX_MAGNITUDE:
        raise ValueError(
            f"The data reach {largest:.3g}, too large for EM, which squares them (doubles overflow "
            f"near 1.8e308); values up to ±{MAX_MAGNITUDE:g} work. Rescale or standardise the "
            "data first, e.g. subtract their mean and divide by their standard deviation."
        )
    return points


def run_em(
    x,
    init: Mixture,
    *,
    max_iter: int = 200,
    tol: float = 1e-6,
    reg_covar: float = 1e-6,
    hard: bool = False,
) -> History:
    """Run EM from ``init`` and record every iteration.

    Iteration t runs an E-step under ``mixtures[t-1]`` and an M-step giving
    ``mixtures[t]``. As in scikit-learn, the run stops after iteration t when
    the mean per-point log-likelihood under ``mixtures[t-1]`` differs from the
    one under ``mixtures[t-2]`` by less than ``tol``, or after ``max_iter``
    iterations.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, d)
        The data.
    init : Mixture
        The initial guess, ``mixtures[0]``.
    max_iter : int, default=200
        Most iterations (M-steps) to run; 0 records the guess only.
    tol : float, default=1e-6
        Convergence threshold on the change in mean log-likelihood per point.
    reg_covar : float, default=1e-6
        Added to every variance in each M-step: a floor that keeps a component
        from collapsing onto a single point.
    hard : bool, default=False
        Run hard EM: each E-step gives every point wholly to its most likely
        component (as k-means does, but with variances and weights). Besides the
        ``tol`` rule, it stops, converged, as soon as no point changes its component.

    Returns
    -------
    History

    Raises
    ------
    TypeError
        If ``init`` is not a :class:`Mixture`.
    ValueError
        If the data or the settings are invalid, or the data exceed
        ±:data:`MAX_MAGNITUDE` (rescale them).
    EMError
        If EM cannot go on (a component collapsed, or some point has zero
        density under every component); its ``history`` keeps the iterations
        computed so far.
    """
    points = _em_points(x, _checked_mixture("init", init).n_features)
    points.setflags(write=False)
    if isinstance(max_iter, (bool, np.bool_)) or not isinstance(max_iter, (int, np.integer)) or max_iter < 0:
        raise ValueError(f"The maximum number of iterations must be a whole number ≥ 0 (it is {max_iter!r}).")
    tol = _check_non_negative("tol", tol)
    reg_covar = _check_non_negative("reg_covar", reg_covar)
    kernel = _Kernel(points, init.n_components)
    mixtures = [init]
    log_likelihoods: list[float] = []
    converged = False
    labels = None

    def history() -> History:
        return History(points, tuple(mixtures), np.array(log_likelihoods), converged,
                       tol, reg_covar, int(max_iter), bool(hard))

    for iteration in range(1, int(max_iter) + 1):
        log_likelihoods.append(kernel.e_step(mixtures[-1]))
        _check_finite_likelihood(log_likelihoods, mixtures, history)
        if hard:
            labels, previous = kernel.harden(), labels
            if previous is not None and np.array_equal(labels, previous):
                converged = True  # the M-step would give the same mixture again
                break
        try:
            mixtures.append(kernel.m_step(reg_covar))
        except ValueError as error:
            raise EMError(_collapse_message(iteration, error), history()) from error
        if iteration >= 2:
            change = (log_likelihoods[-1] - log_likelihoods[-2]) / kernel.n_points
            if abs(change) < tol:
                converged = True
                break
    if len(log_likelihoods) < len(mixtures):
        log_likelihoods.append(kernel.e_step(mixtures[-1]))
        _check_finite_likelihood(log_likelihoods, mixtures, history)
    return history()


def _check_finite_likelihood(log_likelihoods, mixtures, history) -> None:
    """Raise EMError, keeping the valid part of the run, if the newest value is not finite."""
    if np.isfinite(log_likelihoods[-1]):
        return
    del log_likelihoods[-1]
    del mixtures[-1]
    if not mixtures:
        raise ValueError(
            "Some points have zero probability under every Gaussian of the initial guess; "
            "widen the σ or move the means closer to the data."
        )
    raise EMError(
        f"After iteration {len(mixtures)} some points have zero probability under every "
        "Gaussian, so EM cannot go on; the run stops at the last valid iteration.",
        history(),
    )


def _collapse_message(iteration: int, error: ValueError) -> str:
    return (
        f"EM stopped in the M-step of iteration {iteration}. {error} This happens when a "
        "Gaussian shrinks onto a single point; a larger reg_covar (a floor on the variance) "
        "prevents it."
    )


def _check_non_negative(name: str, value) -> float:
    value = float(value)
    if not (np.isfinite(value) and value >= 0):
        raise ValueError(f"{name} must be a finite number ≥ 0 (it is {value:g}).")
    return value
