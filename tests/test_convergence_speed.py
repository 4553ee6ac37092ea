"""How fast EM converges (emviz.engine.convergence, emviz.engine.overlap)."""

from functools import cache

import numpy as np
import pytest

from emviz.em import run_em
from emviz.engine.convergence import (
    MCLUST,
    MIXTOOLS,
    SKLEARN,
    aitken_limits,
    aitken_rule,
    em_map,
    em_map_jacobian,
    fit_rate,
    largest_eigenvalue,
    pack,
    squarem,
    unpack,
)
from emviz.engine.overlap import em_rate, standard_start, two_gaussians
from emviz.mixture import Mixture


@cache
def case(separation: float, weight: float):
    """Data, a long plain EM run (tol = 0) and SQUAREM's fixed point on two Gaussians."""
    x = two_gaussians(separation, weight)
    plain = run_em(x, standard_start(x), tol=0.0, max_iter=600)
    accelerated = squarem(x, standard_start(x), tol=1e-10)
    return x, plain, accelerated


@pytest.mark.parametrize("separation, weight", [(3.0, 0.5), (3.0, 0.2), (4.0, 0.1)])
def test_the_measured_rate_is_the_largest_eigenvalue_of_the_em_maps_jacobian(separation, weight):
    x, plain, accelerated = case(separation, weight)
    fit = fit_rate(plain.log_likelihoods, accelerated.log_likelihoods[-1])
    jacobian = em_map_jacobian(x, accelerated.mixtures[-1])
    assert jacobian.shape == (5, 5)
    assert fit.rate == pytest.approx(largest_eigenvalue(jacobian), abs=5e-3)
    assert fit.gap_ratio == pytest.approx(fit.rate**2)


def test_the_rate_grows_as_the_gaussians_overlap():
    rates = [em_rate(two_gaussians(separation, 0.5))[0] for separation in (6.0, 4.0, 3.0, 2.5)]
    assert np.all(np.diff(rates) > 0) and rates[0] < 0.5 < 0.95 < rates[-1]


@pytest.mark.parametrize("separation, weight", [(3.0, 0.5), (3.0, 0.2), (4.0, 0.1)])
def test_squarem_reaches_plain_ems_fixed_point_with_fewer_em_steps(separation, weight):
    x, plain, accelerated = case(separation, weight)
    assert accelerated.converged
    np.testing.assert_allclose(pack(accelerated.mixtures[-1]), pack(plain.mixtures[-1]), atol=1e-7)
    assert accelerated.n_em_evaluations < plain.n_iter / 2
    assert np.all(np.diff(accelerated.log_likelihoods) >= -1e-9)
    assert np.all(np.diff(accelerated.em_evaluations) >= 2)  # every cycle takes at least its two EM steps
    fixed = accelerated.mixtures[-1]
    np.testing.assert_allclose(pack(em_map(x, fixed)), pack(fixed), atol=1e-8)


@pytest.mark.parametrize("mixture", [
    Mixture.univariate([0.3, 0.7], [-1.0, 2.0], [0.5, 1.5]),
    Mixture([0.2, 0.5, 0.3], [[0, 0], [1, 2], [3, 1]],
            [[[1, 0.3], [0.3, 2]], [[0.5, 0], [0, 0.5]], [[2, -0.9], [-0.9, 1]]]),
])
def test_pack_and_unpack_are_inverse(mixture):
    vector = pack(mixture)
    again = unpack(vector, mixture.n_components, mixture.n_features)
    np.testing.assert_allclose(again.weights, mixture.weights)
    np.testing.assert_allclose(again.means, mixture.means)
    np.testing.assert_allclose(again.covariances, mixture.covariances, atol=1e-12)
    with pytest.raises(ValueError, match="parameters"):
        unpack(vector[:-1], mixture.n_components, mixture.n_features)


def geometric(limit: float, first_gap: float, ratio: float, n: int) -> np.ndarray:
    """ℓₜ = ℓ* − first_gap·ratioᵗ, t = 0 … n − 1: a run converging exactly linearly."""
    return limit - first_gap * ratio ** np.arange(n)


def test_fit_rate_and_aitken_are_exact_on_a_linearly_converging_sequence():
    ll = geometric(-500.0, 10.0, 0.64, 40)
    fit = fit_rate(ll, -500.0)
    assert fit.gap_ratio == pytest.approx(0.64) and fit.rate == pytest.approx(0.8)
    limits = aitken_limits(ll)
    assert np.isnan(limits[:2]).all()
    np.testing.assert_allclose(limits[2:25], -500.0, rtol=0, atol=1e-9)


def test_fit_rate_needs_three_gaps_above_rounding_noise():
    assert fit_rate([-10.0, -10.0 + 1e-3, -10.0], -10.0) is None


# Hand-made runs: ℓ gains 8, 4, 2, 1, 0.5, … (halving) from ℓ₀ = −1000 on N = 100 points.
HALVING = -1000.0 + np.concatenate([[0.0], np.cumsum(8.0 * 0.5 ** np.arange(40))])


@pytest.mark.parametrize("rule, expected", [
    (SKLEARN, 8),    # change per point 8·0.5^(t−1)/100 < 1e-3 first at t = 8 (0.00063)
    (MIXTOOLS, 31),  # total change 8·0.5^(t−1) < 1e-8 first at t = 31 (7.5e-9)
    (MCLUST, 11),    # relative change 8·0.5^(t−1)/(1 + |ℓₜ|) < 1e-5 first at t = 11 (7.8e-3/985 = 7.9e-6)
    (aitken_rule(1e-3), 14),  # Aitken sees the remaining gain 8·0.5^(t−1) exactly: < 1e-3 first at t = 14
])
def test_each_stopping_rule_stops_where_its_criterion_is_first_met(rule, expected):
    assert rule.stops_at(HALVING, 100) == expected


def test_a_rule_never_met_says_so_and_bad_input_is_refused():
    assert MIXTOOLS.stops_at(HALVING[:10], 100) is None
    assert SKLEARN.stops_at([-5.0], 100) is None
    with pytest.raises(ValueError, match="whole number"):
        SKLEARN.stops_at(HALVING, 0)
    with pytest.raises(ValueError, match="positive"):
        aitken_rule(0.0)


def test_mixtools_stops_on_a_fall_of_the_log_likelihood_as_its_signed_rule_does():
    assert MIXTOOLS.stops_at([-10.0, -5.0, -6.0], 3) == 2
    assert SKLEARN.stops_at([-10.0, -5.0, -6.0], 3) is None
