"""Restarts on Old Faithful find the maximum-likelihood fits given in shared/data/README.md."""

from __future__ import annotations

import numpy as np
import pytest

from emviz.analysis import restarts
from emviz.data import old_faithful

FACTS = [  # columns, log-likelihood, weights, means (component order: smaller first mean)
    ((0,), -276.36, (0.348, 0.652), ((2.019,), (4.273,))),
    ((1,), -1034.00, (0.361, 0.639), ((54.61,), (80.09,))),
    ((0, 1), -1130.26, (0.356, 0.644), ((2.036, 54.48), (4.290, 79.97))),
]


@pytest.mark.parametrize("columns, log_likelihood, weights, means", FACTS, ids=["eruptions", "waiting", "2-D"])
def test_restarts_find_the_maximum_likelihood_fit(columns, log_likelihood, weights, means):
    x = old_faithful()[:, list(columns)]
    runs = restarts(x if len(columns) > 1 else x[:, 0], 2, 20, seed=0)
    best = max(runs, key=lambda run: run.log_likelihoods[-1])
    fit = best.mixtures[-1]
    order = np.argsort(fit.means[:, 0])
    assert best.log_likelihoods[-1] == pytest.approx(log_likelihood, abs=0.01)
    np.testing.assert_allclose(fit.weights[order], weights, atol=0.0015)
    np.testing.assert_allclose(fit.means[order], means, rtol=1e-3)
