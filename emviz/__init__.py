"""emviz: see the Expectation–Maximization algorithm work on Gaussian mixtures.

The engine is usable as a library::

    from emviz import Mixture, run_em
    init = Mixture.univariate(weights=[0.5, 0.5], means=[10.0, 50.0], sigmas=[5.0, 5.0])
    hist = run_em(x, init, max_iter=200, tol=1e-6, reg_covar=1e-6)
"""

from emviz.em import EMError, History, e_step, m_step, run_em
from emviz.mixture import Mixture

__all__ = ["EMError", "History", "Mixture", "e_step", "m_step", "run_em"]
