"""EM for a bivariate normal (x, y) with some y missing.

The E-step fills each missing y with its conditional expectation given x under the current
µ, Σ, and adds the conditional variance Var(y | x) to its expected square; the M-step takes
the mean and covariance (divided by n) of the filled data with those expected squares. Without
the conditional variance the filled points lie exactly on the regression line and σy shrinks:
:func:`run_missing_em` with ``conditional_variance=False`` shows it (that is no longer EM).

Missing at random (the chance that y is missing may depend on x, not on y) makes EM's fixed
point the maximum-likelihood estimate from the observed data; complete-case analysis and
mean imputation are the two shortcuts it is compared with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

LOG_2PI = float(np.log(2 * np.pi))
MIN_OBSERVED = 3
"""Fewest observed y EM needs: through two points a line fits exactly and leaves no spread of y about it."""
COLLINEAR = 1e-12
"""Observed points whose covariance has a determinant below this share of Var(x)·Var(y) lie on a line."""
MIN_POINTS = 3
"""Fewest points (x, y pairs) accepted."""
MAX_CORRELATION = 0.99
"""Largest |ρ| :func:`generate_missing` takes: at ±1 the covariance is singular."""
Mechanism = Literal["completely at random", "depends on x"]
MECHANISMS: tuple[Mechanism, ...] = ("completely at random", "depends on x")
"""How :func:`hide_values` chooses the y to hide."""
X_DEPENDENCE = 2.0
"""In the "depends on x" mode a point's chance of losing y grows as exp(X_DEPENDENCE · x / σx)."""


@dataclass(frozen=True, eq=False)
class BivariateNormal:
    """Mean and covariance of (x, y).

    Parameters
    ----------
    mean : array_like, shape (2,)
    covariance : array_like, shape (2, 2)
        Symmetric positive definite.

    Raises
    ------
    ValueError
        If a shape is wrong, a value is not finite, or the covariance is not symmetric
        positive definite (e.g. a correlation of ±1 or more).
    """

    mean: np.ndarray
    covariance: np.ndarray

    def __post_init__(self) -> None:
        mean = np.array(self.mean, dtype=float)
        covariance = np.array(self.covariance, dtype=float)
        if mean.shape != (2,) or covariance.shape != (2, 2):
            raise ValueError(f"Give a mean of shape (2,) and a covariance of shape (2, 2), not {mean.shape} "
                             f"and {covariance.shape}.")
        if not (np.all(np.isfinite(mean)) and np.all(np.isfinite(covariance))):
            raise ValueError("The mean and covariance must be finite numbers.")
        if not np.isclose(covariance[0, 1], covariance[1, 0], rtol=1e-9, atol=0):
            raise ValueError("The covariance must be symmetric: Cov(x, y) = Cov(y, x).")
        if covariance[0, 0] <= 0 or np.linalg.det(covariance) <= 0:
            raise ValueError("The covariance must be positive definite: positive variances and a correlation "
                             "strictly between -1 and 1.")
        for array in (mean, covariance):
            array.setflags(write=False)
        object.__setattr__(self, "mean", mean)
        object.__setattr__(self, "covariance", covariance)

    @classmethod
    def from_correlation(cls, mean, sigmas, correlation: float) -> BivariateNormal:
        """The bivariate normal with these means, standard deviations and correlation."""
        sx, sy = map(float, sigmas)
        return cls(np.asarray(mean, dtype=float),
                   np.array([[sx * sx, correlation * sx * sy], [correlation * sx * sy, sy * sy]]))

    @property
    def sigmas(self) -> np.ndarray:
        """(σx, σy)."""
        return np.sqrt(np.diag(self.covariance))

    @property
    def correlation(self) -> float:
        """ρ = Cov(x, y) / (σx σy)."""
        return float(self.covariance[0, 1] / np.prod(self.sigmas))

    @property
    def slope(self) -> float:
        """Slope of the regression of y on x, Cov(x, y) / Var(x)."""
        return float(self.covariance[0, 1] / self.covariance[0, 0])

    @property
    def conditional_variance(self) -> float:
        """Var(y | x) = Σyy − Σxy² / Σxx, the same for every x."""
        c = self.covariance
        return float(c[1, 1] - c[0, 1] ** 2 / c[0, 0])

    def conditional_mean(self, x) -> np.ndarray:
        """E[y | x] = µy + slope · (x − µx)."""
        return self.mean[1] + self.slope * (np.asarray(x, dtype=float) - self.mean[0])


@dataclass(frozen=True, eq=False)
class MissingData:
    """Points (x, y) whose y may be missing (NaN); every x is observed.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        ``y`` is NaN where missing.

    Raises
    ------
    ValueError
        If the shapes differ, an x or an observed y is not finite, there are fewer than
        :data:`MIN_POINTS` points or fewer than :data:`MIN_OBSERVED` observed y, x does
        not vary, or the points with y observed lie on one line.
    """

    x: np.ndarray
    y: np.ndarray

    def __post_init__(self) -> None:
        x, y = np.array(self.x, dtype=float).ravel(), np.array(self.y, dtype=float).ravel()
        if x.shape != y.shape:
            raise ValueError(f"Give one y per x (there are {x.size} x and {y.size} y).")
        if x.size < MIN_POINTS:
            raise ValueError(f"Give at least {MIN_POINTS} points (there are {x.size}).")
        if not np.all(np.isfinite(x)) or np.any(np.isinf(y)):
            raise ValueError("Every x must be a finite number, and every y a finite number or missing (NaN).")
        observed = int(np.count_nonzero(~np.isnan(y)))
        if observed < MIN_OBSERVED:
            raise ValueError(f"Only {observed} of the {y.size} y values are observed: EM needs at least "
                             f"{MIN_OBSERVED} to learn anything about y. Hide a smaller share.")
        if np.ptp(x) == 0:
            raise ValueError("Every x is the same: nothing relates y to x. Use points whose x vary.")
        seen = ~np.isnan(y)
        covariance = np.cov(x[seen], y[seen], bias=True)
        if np.linalg.det(covariance) <= COLLINEAR * covariance[0, 0] * covariance[1, 1]:
            raise ValueError("The points whose y is observed lie on one straight line (or share one y), so y "
                             "would have no spread about the line and no normal distribution fits. Hide a "
                             "smaller share, or use points that scatter.")
        for array in (x, y):
            array.setflags(write=False)
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", y)

    @property
    def missing(self) -> np.ndarray:
        """Where y is missing, boolean, shape (n,)."""
        return np.isnan(self.y)

    @property
    def n_points(self) -> int:
        """Number of points n."""
        return self.x.size


def hide_values(y, share: float, mechanism: Mechanism, rng: np.random.Generator, x=None) -> np.ndarray:
    """A copy of ``y`` with ``round(share · n)`` values set to NaN.

    Parameters
    ----------
    y : array_like, shape (n,)
    share : float
        The share of y to hide, in [0, 1).
    mechanism : {"completely at random", "depends on x"}
        Every y equally likely to be hidden, or points with larger x more likely (weights
        exp(:data:`X_DEPENDENCE` · x / σx)): missing at random given x, not completely at random.
    rng : numpy.random.Generator
    x : array_like, shape (n,), default=None
        Needed for "depends on x".

    Raises
    ------
    ValueError
        If ``share`` is not in [0, 1) or the mechanism is unknown.
    """
    y = np.array(y, dtype=float)
    if not (np.isfinite(share) and 0 <= share < 1):
        raise ValueError(f"The share of missing y must be from 0 % to below 100 % (it is {share:.0%}): "
                         "EM needs some observed y to learn about y.")
    if mechanism not in MECHANISMS:
        raise ValueError(f"The missingness must be one of {', '.join(MECHANISMS)} (not {mechanism!r}).")
    n_hidden = int(round(share * y.size))
    if mechanism == "completely at random":
        weights = None
    else:
        z = np.asarray(x, dtype=float)
        z = (z - z.mean()) / (z.std() or 1.0)
        weights = np.exp(X_DEPENDENCE * (z - z.max()))
        weights /= weights.sum()
    hidden = rng.choice(y.size, size=n_hidden, replace=False, p=weights)
    y[hidden] = np.nan
    return y


def generate_missing(n: int = 200, correlation: float = 0.8, share: float = 0.4,
                     mechanism: Mechanism = "completely at random", seed: int = 0):
    """Draw (x, y) from a standard bivariate normal with correlation ρ and hide a share of y.

    Parameters
    ----------
    n : int, default=200
        Number of points, 3 to 100,000.
    correlation : float, default=0.8
        ρ, at most :data:`MAX_CORRELATION` in size.
    share : float, default=0.4
        Share of y hidden, in [0, 1).
    mechanism : {"completely at random", "depends on x"}, default="completely at random"
    seed : int, default=0

    Returns
    -------
    data : MissingData
    full_y : ndarray, shape (n,)
        Every y, hidden or not (the answer).
    truth : BivariateNormal
        The distribution drawn from: means 0, σ 1, correlation ρ.

    Raises
    ------
    ValueError
        Saying what to change when a setting is out of range.
    """
    if not (isinstance(correlation, (int, float)) and abs(correlation) <= MAX_CORRELATION):
        raise ValueError(f"A correlation lies between -1 and 1; choose one from {-MAX_CORRELATION} to "
                         f"{MAX_CORRELATION} (not {correlation!r}).")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not MIN_POINTS <= n <= 100_000:
        raise ValueError(f"The number of points must be a whole number from {MIN_POINTS} to 100,000 (not {n!r}).")
    truth = BivariateNormal.from_correlation([0.0, 0.0], [1.0, 1.0], float(correlation))
    rng = np.random.default_rng(seed)
    points = rng.multivariate_normal(truth.mean, truth.covariance, size=int(n))
    full_y = points[:, 1].copy()
    full_y.setflags(write=False)
    y = hide_values(full_y, share, mechanism, rng, x=points[:, 0])
    return MissingData(points[:, 0], y), full_y, truth


@dataclass(frozen=True, eq=False)
class Filled:
    """What an E-step gives: each missing y filled in, and the expected sufficient statistics.

    Attributes
    ----------
    y : ndarray, shape (n,)
        Observed y, and E[y | x] where y is missing.
    conditional_variance : float
        Var(y | x) under the parameters of the E-step, added to each missing y's expected square.
    sums : ndarray, shape (2,)
        Σx, Σ E[y].
    squares : ndarray, shape (2, 2)
        Σx², Σ x E[y], Σ E[y²] (with the conditional variance, unless it was left out).
    """

    y: np.ndarray
    conditional_variance: float
    sums: np.ndarray
    squares: np.ndarray


def e_step(data: MissingData, params: BivariateNormal, *, conditional_variance: bool = True) -> Filled:
    """Fill each missing y with E[y | x] and sum the expected sufficient statistics.

    Parameters
    ----------
    data : MissingData
    params : BivariateNormal
        The current µ, Σ.
    conditional_variance : bool, default=True
        Add Var(y | x) to the expected square of each missing y (EM does). False shows what
        goes wrong without it: σy shrinks.

    Returns
    -------
    Filled
    """
    data, params = _checked(data, MissingData), _checked(params, BivariateNormal)
    missing = data.missing
    y = np.where(missing, params.conditional_mean(data.x), data.y)
    variance = params.conditional_variance
    added = variance * np.count_nonzero(missing) if conditional_variance else 0.0
    points = np.column_stack([data.x, y])
    squares = points.T @ points
    squares[1, 1] += added
    y.setflags(write=False)
    return Filled(y, variance, points.sum(axis=0), squares)


def m_step(filled: Filled, n_points: int) -> BivariateNormal:
    """The mean and covariance (divided by n) from the expected sufficient statistics.

    Parameters
    ----------
    filled : Filled
        From :func:`e_step`.
    n_points : int
        n, the number of points.
    """
    mean = filled.sums / n_points
    covariance = filled.squares / n_points - np.outer(mean, mean)
    return BivariateNormal(mean, (covariance + covariance.T) / 2)


def observed_log_likelihood(data: MissingData, params: BivariateNormal) -> float:
    """log p(observed data | µ, Σ): every x, and each observed y given its x.

    Parameters
    ----------
    data : MissingData
    params : BivariateNormal

    Returns
    -------
    float
    """
    data, params = _checked(data, MissingData), _checked(params, BivariateNormal)
    var_x = params.covariance[0, 0]
    x_part = -0.5 * (LOG_2PI + np.log(var_x) + (data.x - params.mean[0]) ** 2 / var_x)
    seen = ~data.missing
    residual = data.y[seen] - params.conditional_mean(data.x[seen])
    conditional = params.conditional_variance
    y_part = -0.5 * (LOG_2PI + np.log(conditional) + residual ** 2 / conditional)
    return float(x_part.sum() + y_part.sum())


def sample_estimate(x, y) -> BivariateNormal:
    """Mean and covariance (divided by n) of complete points: the maximum-likelihood estimate."""
    points = np.column_stack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
    return BivariateNormal(points.mean(axis=0), np.cov(points, rowvar=False, bias=True))


def complete_case(data: MissingData) -> BivariateNormal:
    """The estimate from the points whose y is observed, the others dropped."""
    seen = ~_checked(data, MissingData).missing
    return sample_estimate(data.x[seen], data.y[seen])


def mean_imputation(data: MissingData) -> BivariateNormal:
    """The estimate after filling every missing y with the mean of the observed y (too narrow)."""
    data = _checked(data, MissingData)
    return sample_estimate(data.x, np.where(data.missing, np.nanmean(data.y), data.y))


@dataclass(frozen=True, eq=False)
class MissingRun:
    """Everything one EM run on data with missing y did.

    Attributes
    ----------
    data : MissingData
    params : tuple of BivariateNormal
        ``params[0]`` is the start, ``params[t]`` the estimate after t M-steps.
    log_likelihoods : ndarray, shape (len(params),)
        :func:`observed_log_likelihood` under each ``params[t]``: never decreasing (EM).
    converged : bool
        Whether the next iteration would have gained less than ``tol`` per point.
    tol : float
    conditional_variance : bool
        False for the run that leaves Var(y | x) out (not EM).
    """

    data: MissingData
    params: tuple[BivariateNormal, ...]
    log_likelihoods: np.ndarray
    converged: bool
    tol: float
    conditional_variance: bool = True

    @property
    def n_iter(self) -> int:
        """Number of M-steps run."""
        return len(self.params) - 1

    def filled(self, t: int) -> Filled:
        """The E-step under ``params[t]`` (that of iteration t + 1)."""
        return e_step(self.data, self.params[t], conditional_variance=self.conditional_variance)


def run_missing_em(data: MissingData, start: BivariateNormal | None = None, *, max_iter: int = 500,
                   tol: float = 1e-10, conditional_variance: bool = True) -> MissingRun:
    """Run EM from ``start`` and record every iteration.

    The run stops after iteration t when the next iteration would change the observed
    log-likelihood by less than ``tol`` per point (``params[t]`` is then a fixed point):
    with nothing missing the first M-step gives the sample mean and covariance, and the
    run stops there, after one iteration.

    Parameters
    ----------
    data : MissingData
    start : BivariateNormal or None, default=None
        The initial guess; None starts from :func:`mean_imputation`.
    max_iter : int, default=500
        Most iterations, 0 to 10,000.
    tol : float, default=1e-10
        Smallest gain in observed log-likelihood per point that keeps the run going.
    conditional_variance : bool, default=True
        False leaves Var(y | x) out of the E-step: not EM, and σy shrinks.

    Returns
    -------
    MissingRun

    Raises
    ------
    ValueError
        If ``max_iter`` or ``tol`` is out of range.

    Examples
    --------
    >>> data = MissingData([0.0, 1.0, 2.0, 3.0], [0.0, 2.0, 1.0, 3.0])  # nothing missing
    >>> run = run_missing_em(data)
    >>> run.n_iter, run.params[-1].mean.tolist()
    (1, [1.5, 1.5])
    """
    data = _checked(data, MissingData)
    params = [mean_imputation(data) if start is None else _checked(start, BivariateNormal)]
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or not 0 <= max_iter <= 10_000:
        raise ValueError(f"The maximum number of iterations must be a whole number from 0 to 10,000 "
                         f"(not {max_iter!r}).")
    if not (np.isfinite(tol) and tol >= 0):
        raise ValueError(f"tol must be a finite number ≥ 0 (not {tol!r}).")
    values = [observed_log_likelihood(data, params[0])]
    converged = False
    candidate = m_step(e_step(data, params[0], conditional_variance=conditional_variance), data.n_points)
    for _ in range(int(max_iter)):
        params.append(candidate)
        values.append(observed_log_likelihood(data, candidate))
        candidate = m_step(e_step(data, candidate, conditional_variance=conditional_variance), data.n_points)
        if abs(observed_log_likelihood(data, candidate) - values[-1]) < tol * data.n_points:
            converged = True
            break
    log_likelihoods = np.array(values)
    log_likelihoods.setflags(write=False)
    return MissingRun(data, tuple(params), log_likelihoods, converged, float(tol), bool(conditional_variance))


def _checked(value, kind: type):
    """``value`` if it is a ``kind``, else a TypeError naming what to pass."""
    if not isinstance(value, kind):
        raise TypeError(f"Expected a {kind.__name__} (see emviz.engine.missing_values), not "
                        f"{type(value).__name__}.")
    return value
