"""The link codec: the app's state to a short query string and back, and what it does with bad links."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emviz.data import DEFAULT_PRESET, GaussianSpec, GaussianSpec2D, Guess
from emviz.examples import BISHOP, EXAMPLES, OWN_DATA
from emviz.sources import OldFaithfulSource
from emviz.ui.link_codec import LinkState, decode, dimensions, encode, slug
from emviz.ui.links import link_rules
from emviz.ui.sidebar import REG_COVARS, TOLERANCES

RULES = link_rules()
MENU = [name for name, preset in EXAMPLES.items() if preset is not None]


def query(params: dict[str, str]) -> dict[str, list[str]]:
    return {key: [value] for key, value in params.items()}


def round_trip(link: LinkState) -> tuple[LinkState, list[str]]:
    return decode(query(encode(link)), RULES)


def example_link(name: str, **fields) -> LinkState:
    preset = EXAMPLES[name]
    defaults = {"max_iter": 200, "tol": 1e-6, "reg_covar": 1e-6, "show_truth": False, "frame": 0}
    return LinkState(name, source=preset.data, n_components=preset.guess.n_components, guess=preset.guess,
                     **(defaults | fields))


def test_every_example_has_its_own_short_name():
    names = [slug(name) for name in MENU]
    assert len(set(names)) == len(MENU)
    assert all(name and name.replace("-", "").isalnum() for name in names)


def test_the_classic_example_reads_as_in_the_issue():
    link = example_link(DEFAULT_PRESET, hard_em=True)
    assert encode(replace(link, frame=7)) == {
        "ex": "classic-20-and-40", "k": "2", "mu": "10_50", "sd": "5_5", "w": "0.5_0.5", "it": "200",
        "tol": "1e-06", "reg": "1e-06", "truth": "0", "hard": "1", "frame": "7"}


@pytest.mark.parametrize("name", MENU)
def test_every_example_comes_back_from_its_link_unchanged(name):
    link = example_link(name, frame=5)
    assert round_trip(link) == (link, [])


def test_an_unedited_example_leaves_its_data_out_and_an_edited_one_puts_them_in():
    link = example_link(DEFAULT_PRESET)
    assert not {"dmu", "dsd", "dn", "seed"} & set(encode(link))
    edited = replace(link, source=GaussianSpec(means=(20.0, 41.5), sigmas=(5.0, 5.0), counts=(300, 700), seed=3))
    params = encode(edited)
    assert (params["dmu"], params["dsd"], params["dn"], params["seed"]) == ("20_41.5", "5_5", "300_700", "3")
    assert round_trip(edited) == (edited, [])


def test_two_dimensional_data_and_guess_come_back():
    name = "Three clusters in 2-D"
    data = replace(EXAMPLES[name].data, correlation=(0.5, -0.25, 0.0), seed=9)
    guess = Guess(means=((1.0, 2.5), (3.0, -1.0)), sigmas=((2.0, 0.5), (1.5, 1.5)), weights=(0.3, 0.7))
    link = replace(example_link(name), source=data, n_components=2, guess=guess)
    assert encode(link)["mux"] == "1_3" and encode(link)["drho"] == "0.5_-0.25_0"
    assert round_trip(link) == (link, [])


def test_standardised_old_faithful_comes_back():
    link = replace(example_link(BISHOP), source=OldFaithfulSource(columns=(0, 1), standardise=False))
    assert encode(link)["std"] == "0"
    assert round_trip(link) == (link, [])


def test_commas_are_read_as_well_as_underscores():
    link, notices = decode({"ex": ["nine-points"], "k": ["2"], "mu": ["3,6.5"], "sd": ["2,2"], "w": ["1,1"]}, RULES)
    assert notices == [] and link.guess == Guess((3.0, 6.5), (2.0, 2.0), (1.0, 1.0))


def test_own_data_cannot_go_into_a_link_and_fall_back_to_the_default_example():
    own = LinkState(OWN_DATA, source=None, n_components=3, guess=Guess((1.0, 2.0, 3.0), (1.0,) * 3, (1.0,) * 3),
                    max_iter=50, tol=1e-4, reg_covar=0.0)
    params = encode(own)
    assert params["ex"] == "own" and not {"mu", "sd", "w"} & set(params)
    link, notices = decode(query(params), RULES)
    assert link.example == DEFAULT_PRESET and link.guess is None and link.source is None
    assert (link.n_components, link.max_iter, link.tol, link.reg_covar) == (3, 50, 1e-4, 0.0)
    assert len(notices) == 1 and "own data" in notices[0]


HOSTILE = [
    ({"k": ["abc"]}, "Number of Gaussians K"),
    ({"k": ["-1"]}, "Number of Gaussians K"),
    ({"k": ["2.5"]}, "Number of Gaussians K"),
    ({"k": ["7"]}, "Number of Gaussians K"),
    ({"it": ["inf"]}, "Maximum iterations"),
    ({"it": ["1e999"]}, "Maximum iterations"),
    ({"tol": ["0.5"]}, "Tolerance"),
    ({"reg": ["NaN"]}, "reg_covar"),
    ({"frame": ["-3"]}, "Frame"),
    ({"truth": ["yes"]}, "Show the true curves"),
    ({"seed": ["0x10"]}, "Seed"),
    ({"ex": ["<script>alert(1)</script>"]}, "no such example"),
    ({"ex": ["nine-points"], "k": ["2"], "mu": ["nan_1"], "sd": ["1_1"], "w": ["1_1"]}, "the guess"),
    ({"k": ["2"], "mu": ["1_2_3"], "sd": ["1_1"], "w": ["1_1"]}, "the guess"),
    ({"k": ["2"], "mu": ["1_2"], "sd": ["-1_1"], "w": ["1_1"]}, "above 0"),
    ({"k": ["2"], "mu": ["1_2"]}, "the guess"),
    ({"mu": ["1_2"], "sd": ["1_1"], "w": ["1_1"]}, "valid K"),
    ({"dmu": ["1e9_40"], "dsd": ["5_5"], "dn": ["10_10"]}, "out of its range"),
    ({"dmu": ["20_40"], "dsd": ["5_5"], "dn": ["600000_10"]}, "out of its range"),
    ({"mux": ["1_2"]}, "do not belong"),
    ({"k": ["2", "3"]}, "2 times"),
    ({"mu": ["1" * 10_000]}, "10,000 characters"),
    ({"evil": ["1"], "<b>x</b>": ["2"]}, "unknown"),
]


@pytest.mark.parametrize("bad, notice", HOSTILE, ids=[str(sorted(bad))[:40] for bad, _ in HOSTILE])
def test_a_bad_part_of_a_link_is_left_out_with_a_notice_and_the_rest_is_used(bad, notice):
    link, notices = decode({**bad, "it": bad.get("it", ["50"])}, RULES)
    assert any(notice in text for text in notices), notices
    assert link.guess is None
    assert link.example in (DEFAULT_PRESET, "Nine points")
    assert link.source == EXAMPLES[link.example].data
    if "it" not in bad:
        assert link.max_iter == 50  # the good part of the link is kept


def finite(low: float, high: float):
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


@st.composite
def links(draw) -> LinkState:
    """Any state the app can be in on an example of the menu."""
    name = draw(st.sampled_from(MENU))
    preset = EXAMPLES[name]
    k = draw(st.integers(1, 6))
    dimension = dimensions(preset)
    per_axis = st.tuples(*[finite(-1e4, 1e4)] * dimension) if dimension == 2 else finite(-1e4, 1e4)
    spread = st.tuples(*[finite(0.01, 1e3)] * dimension) if dimension == 2 else finite(0.01, 1e3)
    guess = Guess(tuple(draw(st.lists(per_axis, min_size=k, max_size=k))),
                  tuple(draw(st.lists(spread, min_size=k, max_size=k))),
                  tuple(draw(st.lists(finite(0.01, 1.0), min_size=k, max_size=k))))
    source = preset.data
    if isinstance(source, GaussianSpec):
        n = len(source.means)
        source = replace(source, means=tuple(draw(st.lists(finite(-1e4, 1e4), min_size=n, max_size=n))),
                         seed=draw(st.integers(0, 1_000_000)))
    elif isinstance(source, GaussianSpec2D):
        n = len(source.means)
        source = replace(source, correlation=tuple(draw(st.lists(finite(-0.99, 0.99), min_size=n, max_size=n))),
                         counts=tuple(draw(st.lists(st.integers(1, 1000), min_size=n, max_size=n))))
    else:
        source = replace(source, standardise=draw(st.booleans()))
    return LinkState(name, source=source, n_components=k, guess=guess, max_iter=draw(st.integers(1, 1000)),
                     tol=draw(st.sampled_from(TOLERANCES)), reg_covar=draw(st.sampled_from(REG_COVARS)),
                     show_truth=draw(st.booleans()), hard_em=draw(st.one_of(st.none(), st.booleans())),
                     frame=draw(st.integers(0, 2000)))


@settings(max_examples=300, deadline=None)
@given(links())
def test_any_state_comes_back_from_its_link_exactly(link):
    params = encode(link)
    assert all(value and len(value) < 400 for value in params.values())
    assert all(set(value) <= set("0123456789.-_e") for value in params.values() if value != params["ex"])
    assert round_trip(link) == (link, [])
