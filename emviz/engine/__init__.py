"""EM beyond the Gaussian mixture: models with the same shape of API as :mod:`emviz.em`.

Each model has an immutable parameter value, ``e_step``, ``m_step`` and a run that records
its whole history with one log-likelihood per step, never decreasing.

- :mod:`emviz.engine.two_coins`: two coins of unknown bias (Do & Batzoglou, 2008).
- :mod:`emviz.engine.missing_values`: a bivariate normal with some y missing.
"""
