"""Worked numbers: one E-step and one M-step spelled out with the learner's own data.

Pure numpy on a recorded :class:`~emviz.em.History` (1-D), so the app can show every
sum and the tests can check that the sums equal what the engine computed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from emviz.em import N_K_GUARD, History
from emviz.mixture import Mixture, normal_pdf


@dataclass(frozen=True)
class EStepTerms:
    """Bayes' rule for one point: who gets how much of it.

    Attributes
    ----------
    x : float
        The point.
    weights, means, sigmas : ndarray, shape (K,)
        The mixture's parameters.
    densities : ndarray, shape (K,)
        N(x | µ_k, σ_k²).
    weighted : ndarray, shape (K,)
        π_k N(x | µ_k, σ_k²).
    total : float
        p(x) = Σ_k π_k N(x | µ_k, σ_k²).
    responsibilities : ndarray, shape (K,)
        γ_k = weighted_k / total, computed in log space (exact even when the
        densities underflow to 0).
    """

    x: float
    weights: np.ndarray
    means: np.ndarray
    sigmas: np.ndarray
    densities: np.ndarray
    weighted: np.ndarray
    total: float
    responsibilities: np.ndarray


def e_step_terms(mixture: Mixture, x: float) -> EStepTerms:
    """The terms of Bayes' rule for point ``x`` under a 1-D ``mixture``."""
    means, sigmas = mixture.means[:, 0], mixture.sigmas
    densities = normal_pdf(x, means, sigmas)
    weighted = mixture.weights * densities
    return EStepTerms(float(x), mixture.weights, means, sigmas, densities, weighted,
                      float(weighted.sum()), mixture.posterior(np.array([x]))[0])


@dataclass(frozen=True)
class MStepSums:
    """The sums behind one M-step, and what the engine computed from them.

    Attributes
    ----------
    iteration : int
        The M-step of this iteration (it turns ``mixtures[iteration-1]`` into ``mixtures[iteration]``).
    n_points : int
    sum_gamma : ndarray, shape (K,)
        n_k = Σ_n γ_nk (plus the engine's guard of 10·eps, invisible unless n_k is 0).
    sum_gamma_x : ndarray, shape (K,)
        Σ_n γ_nk x_n.
    means : ndarray, shape (K,)
        µ_k = Σ γ x / Σ γ.
    sum_gamma_squares : ndarray, shape (K,)
        Σ_n γ_nk (x_n − µ_k)².
    variances : ndarray, shape (K,)
        σ_k² = Σ γ (x − µ)² / Σ γ + reg_covar.
    weights : ndarray, shape (K,)
        π_k = n_k / N (N = Σ_k n_k).
    reg_covar : float
    engine : Mixture
        ``mixtures[iteration]`` as the run recorded it.
    """

    iteration: int
    n_points: int
    sum_gamma: np.ndarray
    sum_gamma_x: np.ndarray
    means: np.ndarray
    sum_gamma_squares: np.ndarray
    variances: np.ndarray
    weights: np.ndarray
    reg_covar: float
    engine: Mixture

    @property
    def largest_difference(self) -> float:
        """Largest relative difference between these sums' results and the engine's."""
        pairs = ((self.means, self.engine.means[:, 0]), (self.variances, self.engine.covariances[:, 0, 0]),
                 (self.weights, self.engine.weights))
        return float(max(np.max(np.abs(mine - theirs) / np.maximum(np.abs(theirs), 1e-300))
                         for mine, theirs in pairs))


def m_step_sums(history: History, iteration: int) -> MStepSums:
    """Spell out the M-step of ``iteration`` (1 … n_iter) of a 1-D run.

    Raises
    ------
    ValueError
        If the run has no such iteration.
    """
    if not 1 <= iteration <= history.n_iter:
        raise ValueError(f"This run has iterations 1 to {history.n_iter}, not {iteration}.")
    x = history.x[:, 0]
    gamma = history.responsibilities(iteration - 1)
    sum_gamma = gamma.sum(axis=0) + N_K_GUARD  # as the engine does, so a Gaussian with no point divides by > 0
    sum_gamma_x = gamma.T @ x
    means = sum_gamma_x / sum_gamma
    sum_gamma_squares = np.einsum("nk,nk->k", gamma, (x[:, None] - means[None, :]) ** 2)
    return MStepSums(
        iteration=iteration, n_points=x.size, sum_gamma=sum_gamma, sum_gamma_x=sum_gamma_x,
        means=means, sum_gamma_squares=sum_gamma_squares,
        variances=sum_gamma_squares / sum_gamma + history.reg_covar,
        weights=sum_gamma / sum_gamma.sum(), reg_covar=history.reg_covar, engine=history.mixtures[iteration],
    )
