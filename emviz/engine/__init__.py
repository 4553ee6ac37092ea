"""EM beyond the Gaussian mixture, with the same shape of API as :mod:`emviz.em`.

Each model has an immutable parameter value, ``e_step``, ``m_step`` and a run that records
its whole history with one log-likelihood per step, never decreasing.

- :mod:`emviz.engine.two_coins`: two coins of unknown bias (Do & Batzoglou, 2008).
- :mod:`emviz.engine.missing_values`: a bivariate normal with some y missing.
- :mod:`emviz.engine.kmeans_limit`: EM with one shared, fixed σ, soft to hard; at σ → 0, k-means.
- :mod:`emviz.engine.convergence`: how fast EM converges: its rate, Aitken's limit, SQUAREM,
  the Jacobian of the EM map, and three packages' stopping rules.
"""

from emviz.engine.convergence import (
    MCLUST,
    MIXTOOLS,
    SKLEARN,
    AcceleratedRun,
    RateFit,
    StoppingRule,
    aitken_limits,
    aitken_rule,
    em_map,
    em_map_jacobian,
    fit_rate,
    largest_eigenvalue,
    squarem,
)
from emviz.engine.kmeans_limit import Bifurcation, SharedSigmaRun, anneal, run_shared_sigma

__all__ = [
    "MCLUST", "MIXTOOLS", "SKLEARN", "AcceleratedRun", "Bifurcation", "RateFit", "SharedSigmaRun", "StoppingRule",
    "aitken_limits", "aitken_rule", "anneal", "em_map", "em_map_jacobian", "fit_rate", "largest_eigenvalue",
    "run_shared_sigma", "squarem",
]
