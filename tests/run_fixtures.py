"""Small EM runs shared by the timeline, figure and data tests (built once, then reused).

Every builder goes through the public path the app takes: a data spec or preset,
``generate_gaussians``, ``Guess.to_mixture`` and ``run_em``.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from scipy.stats import norm

from emviz import History, Mixture, run_em
from emviz.data import PRESETS, Dataset, GaussianSpec, Guess, generate_gaussians

TWO_THOUSAND_SPEC = GaussianSpec(means=(20.0, 40.0), sigmas=(5.0, 5.0), counts=(800, 1200), seed=3)
"""2,000 points from 0.4·N(20, 5²) + 0.6·N(40, 5²)."""
CLASSIC_GUESS = Guess(means=(10.0, 50.0), sigmas=(5.0, 5.0), weights=(0.5, 0.5))


@cache
def nine_points() -> tuple[Dataset, History]:
    """The "Nine points" preset run to convergence from its own guess (12 iterations)."""
    preset = PRESETS["Nine points"]
    data = generate_gaussians(preset.data)
    return data, run_em(data.x, preset.guess.to_mixture())


@cache
def two_thousand(max_iter: int = 200) -> tuple[Dataset, History]:
    """2,000 points from two Gaussians, EM from the classic guess (µ = 10 and 50)."""
    data = generate_gaussians(TWO_THOUSAND_SPEC)
    return data, run_em(data.x, CLASSIC_GUESS.to_mixture(), max_iter=max_iter)


def all_frames(history: History) -> range:
    """Every frame index 0 … 2T of a run."""
    return range(2 * history.n_iter + 1)


def posterior(history: History, t: int) -> np.ndarray:
    """Responsibilities under ``mixtures[t]`` recomputed by Mixture.posterior (not the E-step kernel)."""
    return history.mixtures[t].posterior(history.x[:, 0])


def weighted_pdf(mixture: Mixture, k: int, grid: np.ndarray) -> np.ndarray:
    """π_k N(grid | µ_k, σ_k²) evaluated with scipy.stats."""
    return mixture.weights[k] * norm.pdf(grid, loc=mixture.means[k, 0], scale=mixture.sigmas[k])
