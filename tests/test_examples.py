"""emviz.examples: the examples menu, one entry per example, each ready to run."""

import numpy as np
import pytest

from emviz import run_em
from emviz.data import DEFAULT_PRESET, PRESETS
from emviz.examples import BISHOP, EXAMPLES, OWN_DATA
from emviz.sources import check_components, load

READY_MADE = [name for name, example in EXAMPLES.items() if example is not None]


def test_the_default_example_comes_first():
    """The menu shows its first entry until the app sets the default: both must be the same example."""
    assert next(iter(EXAMPLES)) == DEFAULT_PRESET


def test_the_learners_own_data_is_the_last_entry_and_the_only_one_without_a_preset():
    assert list(EXAMPLES)[-1] == OWN_DATA
    assert [name for name, example in EXAMPLES.items() if example is None] == [OWN_DATA]


def test_every_generated_preset_is_in_the_menu_in_its_order():
    assert READY_MADE[:len(PRESETS)] == list(PRESETS)
    assert BISHOP in READY_MADE


def test_names_are_unique_as_a_learner_reads_them():
    """No two entries differ only in case or spacing (the dict keys alone would allow it)."""
    assert len({" ".join(name.casefold().split()) for name in EXAMPLES}) == len(EXAMPLES)


@pytest.mark.parametrize("name", READY_MADE)
def test_every_entry_is_named_by_its_key_and_described_in_a_sentence(name):
    example = EXAMPLES[name]
    assert example.name == name
    assert not example.description[:1].islower() and example.description.endswith(".")
    assert example.reg_covar is None or example.reg_covar >= 0


@pytest.mark.parametrize("name", READY_MADE)
def test_every_entry_loads_and_its_guess_fits_its_data(name):
    example = EXAMPLES[name]
    data = load(example.data)
    assert np.all(np.isfinite(data.x))
    dimensions = 1 if data.x.ndim == 1 else data.x.shape[1]
    assert len(data.columns) == dimensions
    guess = example.guess.to_mixture()
    assert guess.n_features == dimensions
    check_components(data.x, guess.n_components)
    assert np.isfinite(guess.log_likelihood(data.x)), "the guess gives some point zero density"


@pytest.mark.parametrize("name", READY_MADE)
def test_every_entry_takes_its_first_em_iteration(name):
    example = EXAMPLES[name]
    options = {} if example.reg_covar is None else {"reg_covar": example.reg_covar}
    history = run_em(load(example.data).x, example.guess.to_mixture(), max_iter=1, **options)
    assert history.n_iter == 1 and history.log_likelihoods[1] >= history.log_likelihoods[0] - 1e-9
