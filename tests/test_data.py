"""emviz.data: the seeded generator, the classroom presets and the starting guesses."""

from dataclasses import replace

import numpy as np
import pytest

from emviz import Mixture
from emviz.data import (
    DEFAULT_PRESET,
    MAX_POINTS_PER_COMPONENT,
    PRESETS,
    GaussianSpec,
    Guess,
    generate_gaussians,
    random_guess,
)
from tests.run_fixtures import TWO_THOUSAND_SPEC

BIG = GaussianSpec(means=(-3.0, 12.0), sigmas=(0.5, 4.0), counts=(20_000, 30_000), seed=11)


# --- the generator -------------------------------------------------------------------------------


def test_same_seed_gives_the_same_sample():
    first, second = generate_gaussians(TWO_THOUSAND_SPEC), generate_gaussians(TWO_THOUSAND_SPEC)
    np.testing.assert_array_equal(first.x, second.x)
    np.testing.assert_array_equal(first.labels, second.labels)


def test_different_seeds_give_different_samples():
    samples = [generate_gaussians(replace(TWO_THOUSAND_SPEC, seed=seed)) for seed in (0, 1, 2)]
    for a in range(3):
        for b in range(a + 1, 3):
            assert not np.any(samples[a].x == samples[b].x)
            assert not np.array_equal(samples[a].labels, samples[b].labels)


def test_counts_labels_and_truth():
    data = generate_gaussians(TWO_THOUSAND_SPEC)
    assert data.x.shape == data.labels.shape == (2000,)
    assert np.issubdtype(data.labels.dtype, np.integer)
    assert np.bincount(data.labels).tolist() == [800, 1200]
    np.testing.assert_allclose(data.truth.weights, [0.4, 0.6], rtol=1e-15)
    np.testing.assert_allclose(data.truth.means[:, 0], [20.0, 40.0])
    np.testing.assert_allclose(data.truth.sigmas, [5.0, 5.0])


def test_points_follow_their_labels_gaussian():
    data = generate_gaussians(BIG)
    for k, (mean, sigma, count) in enumerate(zip(BIG.means, BIG.sigmas, BIG.counts)):
        points = data.x[data.labels == k]
        assert points.size == count
        assert abs(points.mean() - mean) < 5 * sigma / np.sqrt(count)
        assert points.std() == pytest.approx(sigma, rel=0.03)
    assert data.x[data.labels == 0].max() < 0 < data.x[data.labels == 1].mean()


def test_sample_is_shuffled():
    labels = generate_gaussians(BIG).labels
    assert 0 < labels[:1000].mean() < 1
    assert np.count_nonzero(np.diff(labels)) > 1000, "labels come in long runs, not shuffled"


def test_sample_is_read_only():
    data = generate_gaussians(TWO_THOUSAND_SPEC)
    with pytest.raises(ValueError):
        data.x[0] = 0.0
    with pytest.raises(ValueError):
        data.labels[0] = 1


@pytest.mark.parametrize("decimals", [0, 1, 2])
def test_decimals_round_the_points(decimals):
    data = generate_gaussians(replace(TWO_THOUSAND_SPEC, decimals=decimals))
    scaled = data.x * 10**decimals
    np.testing.assert_allclose(scaled, np.rint(scaled), atol=1e-6)
    raw = generate_gaussians(TWO_THOUSAND_SPEC)
    assert np.max(np.abs(data.x - raw.x)) <= 0.5 * 10.0**-decimals + 1e-12
    np.testing.assert_array_equal(data.labels, raw.labels)


def test_without_decimals_points_are_not_rounded():
    x = generate_gaussians(TWO_THOUSAND_SPEC).x
    assert np.count_nonzero(x * 100 != np.rint(x * 100)) > 1990


def test_rounding_leaves_no_negative_zero():
    # Points near 0 round to ±0; a learner must never read "-0".
    data = generate_gaussians(GaussianSpec(means=(0.0, 0.0), sigmas=(0.3, 0.3), counts=(500, 500), decimals=0))
    zeros = data.x[data.x == 0]
    assert zeros.size > 500
    assert not np.any(np.signbit(zeros))
    assert "-0.0" not in {repr(v) for v in data.x.tolist()}


def test_nine_points_preset_sample():
    data = generate_gaussians(PRESETS["Nine points"].data)
    assert data.x.tolist() == [3.1, 7.1, 1.4, 1.2, 2.7, 9.0, 7.3, 5.5, 5.9]
    assert data.labels.tolist() == [0, 1, 0, 0, 0, 1, 1, 1, 1]


@pytest.mark.parametrize("counts", [(0, 5), (5, 0), (-1, 5), (MAX_POINTS_PER_COMPONENT + 1, 1)])
def test_invalid_counts_raise(counts):
    with pytest.raises(ValueError, match="between 1 and 500,000 points"):
        generate_gaussians(GaussianSpec(counts=counts))


def test_the_largest_count_is_accepted():
    data = generate_gaussians(GaussianSpec(counts=(MAX_POINTS_PER_COMPONENT, 1)))
    assert data.x.size == MAX_POINTS_PER_COMPONENT + 1


@pytest.mark.parametrize("sigmas", [(0.0, 1.0), (1.0, -2.0), (float("nan"), 1.0), (1.0, float("inf"))])
def test_invalid_sigmas_raise(sigmas):
    with pytest.raises(ValueError):
        generate_gaussians(GaussianSpec(sigmas=sigmas))


@pytest.mark.parametrize("means", [(float("nan"), 1.0), (0.0, float("-inf"))])
def test_non_finite_means_raise(means):
    with pytest.raises(ValueError):
        generate_gaussians(GaussianSpec(means=means))


# --- presets -------------------------------------------------------------------------------------


def test_default_preset_exists():
    assert DEFAULT_PRESET in PRESETS


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_generates_data_and_a_valid_guess(name):
    preset = PRESETS[name]
    assert preset.name == name and preset.description.endswith(".")
    data = generate_gaussians(preset.data)
    assert data.x.size == sum(preset.data.counts)
    assert np.all(np.isfinite(data.x))
    guess = preset.guess.to_mixture()
    assert isinstance(guess, Mixture) and guess.n_components == 2 and guess.n_features == 1
    assert guess.weights.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(guess.means[:, 0], preset.guess.means)
    np.testing.assert_allclose(guess.sigmas, preset.guess.sigmas)
    assert np.isfinite(guess.log_likelihood(data.x)), "the guess gives some point zero density"


@pytest.mark.parametrize("name, n_points", [("Classic (20 and 40)", 10_000), ("Nine points", 9),
                                            ("Lopsided weights", 10_000)])
def test_preset_sizes_match_their_descriptions(name, n_points):
    assert sum(PRESETS[name].data.counts) == n_points


def test_lopsided_preset_is_five_percent():
    np.testing.assert_allclose(generate_gaussians(PRESETS["Lopsided weights"].data).truth.weights, [0.05, 0.95])


# --- guesses -------------------------------------------------------------------------------------


def test_guess_to_mixture_normalises_the_weights():
    mixture = Guess(means=(1.0, 2.0, 3.0), sigmas=(0.5, 1.0, 2.0), weights=(2.0, 6.0, 0.0)).to_mixture()
    np.testing.assert_allclose(mixture.weights, [0.25, 0.75, 0.0], rtol=1e-15)
    np.testing.assert_allclose(mixture.means[:, 0], [1.0, 2.0, 3.0])
    np.testing.assert_allclose(mixture.sigmas, [0.5, 1.0, 2.0], rtol=1e-15)


def test_guess_with_normalised_weights_is_unchanged():
    mixture = Guess(means=(10.0, 50.0), sigmas=(5.0, 5.0), weights=(0.3, 0.7)).to_mixture()
    np.testing.assert_allclose(mixture.weights, [0.3, 0.7], rtol=1e-15)


@pytest.mark.parametrize("weights", [(0.0, 0.0), (float("nan"), 1.0)])
def test_guess_without_a_positive_weight_raises(weights):
    with pytest.raises(ValueError):
        Guess(means=(1.0, 2.0), sigmas=(1.0, 1.0), weights=weights).to_mixture()


def test_guess_with_all_zero_weights_says_why():
    with pytest.raises(ValueError, match="weight must be above 0"):
        Guess(means=(1.0, 2.0), sigmas=(1.0, 1.0), weights=(0.0, 0.0)).to_mixture()


@pytest.mark.parametrize("field, value",
                         [("sigmas", (1.0, 0.0)), ("weights", (1.0, -0.5)), ("means", (1.0, float("nan")))])
def test_invalid_guess_raises(field, value):
    guess = replace(Guess(means=(1.0, 2.0), sigmas=(1.0, 1.0), weights=(0.5, 0.5)), **{field: value})
    with pytest.raises(ValueError):
        guess.to_mixture()


@pytest.mark.parametrize("n_components", [1, 2, 4])
def test_random_guess_is_reproducible_and_fits_the_data(n_components):
    x = generate_gaussians(TWO_THOUSAND_SPEC).x
    guess = random_guess(x, n_components, np.random.default_rng(7))
    assert guess == random_guess(x, n_components, np.random.default_rng(7))
    assert guess != random_guess(x, n_components, np.random.default_rng(8))
    assert len(guess.means) == len(guess.sigmas) == len(guess.weights) == n_components
    low, high = np.percentile(x, [5, 95])
    assert all(low <= m <= high for m in guess.means)
    assert all(0.1 * x.std() <= s <= 0.5 * x.std() for s in guess.sigmas)
    assert all(0.2 <= w <= 1.0 for w in guess.weights)
    mixture = guess.to_mixture()
    assert mixture.n_components == n_components
    assert np.isfinite(mixture.log_likelihood(x))


def test_random_guesses_spread_over_the_data_range():
    x = generate_gaussians(TWO_THOUSAND_SPEC).x
    rng = np.random.default_rng(0)
    means = np.concatenate([random_guess(x, 2, rng).means for _ in range(200)])
    low, high = np.percentile(x, [5, 95])
    assert means.min() < low + 0.1 * (high - low) and means.max() > high - 0.1 * (high - low)


@pytest.mark.parametrize("value", [1.0, 4.2])
def test_random_guess_on_constant_data_falls_back_to_unit_spread(value):
    # Zero spread would give zero-width curves, so random_guess uses a spread of 1 instead.
    # np.std(np.full(20, 4.2)) is 8.9e-16 (rounding), not 0: the fallback must not miss it.
    guess = random_guess(np.full(20, value), 2, np.random.default_rng(0))
    assert guess.means == (value, value)
    assert all(0.1 <= s <= 0.5 for s in guess.sigmas)
    assert guess.to_mixture().n_components == 2
