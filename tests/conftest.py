"""Engine fixtures shared by the test files (keep this small; helpers live in helpers.py)."""

import pytest

from emviz import Mixture
from tests.helpers import two_gaussian_data


@pytest.fixture
def two_gaussian_x():
    """300 one-dimensional points from 0.4·N(−2, 1²) + 0.6·N(3, 1.5²)."""
    return two_gaussian_data(300, seed=1)


@pytest.fixture
def two_component_init():
    """A deliberately poor 1-D starting guess for ``two_gaussian_x``."""
    return Mixture.univariate(weights=[0.5, 0.5], means=[-0.5, 0.5], sigmas=[2.0, 2.0])


@pytest.fixture
def bivariate_mixture():
    """A 2-D, two-component mixture with correlated full covariances."""
    return Mixture(
        weights=[0.3, 0.7],
        means=[[0.0, 0.0], [4.0, -1.0]],
        covariances=[[[1.0, 0.6], [0.6, 2.0]], [[0.5, -0.2], [-0.2, 0.8]]],
    )
