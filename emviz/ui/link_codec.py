"""Links that hold the view: the app's state as a short query string, and back (no Streamlit here).

A link reads like ``?ex=classic-20-and-40&k=2&mu=18_42&sd=4_6&w=0.5_0.5&it=200&tol=1e-06&reg=1e-06&frame=7``:
the example by a short name, the true Gaussians only where they were edited away from the
example's, K and the guess (one number per Gaussian, joined by ``_``, which a URL leaves as it
is where a comma would read ``%2C``; commas are read too), the run settings, the switches and
the frame. :func:`decode` reads any query string, however stale or hostile: whatever breaks a
control's rule (:mod:`emviz.ui.rules`) is left out with a short notice, and the rest is used.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from emviz.data import DEFAULT_PRESET, GaussianSpec, GaussianSpec2D, Guess, checked_counts
from emviz.examples import EXAMPLES
from emviz.sources import OldFaithfulSource
from emviz.ui.rules import Number, OneOf, fits

SEPARATOR = "_"
"""Between the numbers of a list (one per Gaussian): a URL leaves it unescaped."""
MAX_CHARS = 400
"""Longest value read from a link; anything longer is ignored."""
OWN = "own"
"""The ``ex`` of a link made on the learner's own data, which no link can carry."""
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?", re.IGNORECASE)
"""A plain decimal number: no ``nan``, ``inf``, ``0x1p3``, spaces or underscores."""

GUESS_KEYS = {1: ("mu", "sd", "w"), 2: ("mux", "muy", "sdx", "sdy", "w")}
"""The guess's keys in 1-D and 2-D: µ, σ (per axis in 2-D) and the weight of each Gaussian."""
DATA_KEYS = {GaussianSpec: ("dmu", "dsd", "dn"), GaussianSpec2D: ("dmux", "dmuy", "dsdx", "dsdy", "drho", "dn")}
"""The true Gaussians' keys of a generated example: µ, σ (ρ in 2-D) and the points of each."""
SETTING_KEYS = ("it", "tol", "reg", "truth", "hard", "frame")
KEYS = frozenset({"ex", "k", "seed", "std", *SETTING_KEYS, *(key for keys in GUESS_KEYS.values() for key in keys),
                  *(key for keys in DATA_KEYS.values() for key in keys)})
"""Every key a link may hold."""


@dataclass(frozen=True)
class LinkRules:
    """The rule of each value a link holds: the controls' own (built by :func:`emviz.ui.links.link_rules`)."""

    example: OneOf
    n_components: Number
    max_iter: Number
    tol: OneOf
    reg_covar: OneOf
    show_truth: OneOf
    hard_em: OneOf
    standardise: OneOf
    frame: Number
    seed: Number
    data_mean: Number
    data_sigma: Number
    data_correlation: Number


@dataclass(frozen=True)
class LinkState:
    """What a link holds; None where it holds nothing (the app keeps its default).

    Attributes
    ----------
    example : str
        A name in :data:`emviz.examples.EXAMPLES` (the learner's own data: its entry is None).
    source : GaussianSpec, GaussianSpec2D, OldFaithfulSource or None, default=None
        The example's data as edited (true Gaussians, seed, standardised); None for own data.
    n_components : int or None, default=None
    guess : Guess or None, default=None
    max_iter : int or None, default=None
    tol, reg_covar : float or None, default=None
    show_truth, hard_em : bool or None, default=None
    frame : int or None, default=None
    """

    example: str
    source: object = None
    n_components: int | None = None
    guess: Guess | None = None
    max_iter: int | None = None
    tol: float | None = None
    reg_covar: float | None = None
    show_truth: bool | None = None
    hard_em: bool | None = None
    frame: int | None = None


def slug(name: str) -> str:
    """The short name of an example in a link.

    Examples
    --------
    >>> slug("Classic (20 and 40)")
    'classic-20-and-40'
    """
    return "-".join(re.findall(r"[a-z0-9]+", name.lower()))


def number_text(value: float) -> str:
    """``value`` in the fewest characters that read back as the same float ("18", "0.5", "1e-06")."""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _list_text(values) -> str:
    return SEPARATOR.join(number_text(value) for value in values)


def dimensions(preset) -> int:
    """How many columns the data of an example (a :class:`emviz.data.Preset`) have."""
    if isinstance(preset.data, OldFaithfulSource):
        return len(preset.data.columns)
    return 2 if isinstance(preset.data, GaussianSpec2D) else 1


def _parse_number(text: str) -> float | None:
    return float(text) if _NUMBER.fullmatch(text) else None


def _parse_list(text: str) -> list[float] | None:
    """The numbers of a list, or None if one of them is not a plain number."""
    numbers = [_parse_number(part) for part in re.split(r"[_,]", text)]
    return None if None in numbers else numbers


def _parse_value(text: str, rule: OneOf | Number):
    """The value of ``text`` under ``rule`` (a switch reads ``1``/``0``), or None if the rule refuses it."""
    if isinstance(rule, OneOf) and all(isinstance(option, bool) for option in rule.options):
        value = {"1": True, "0": False}.get(text)
    else:
        value = _parse_number(text)
    if value is None or not fits(rule, value):
        return None
    return int(value) if isinstance(rule, Number) and rule.whole else value


class _Reader:
    """Reads one query string, value by value, collecting a notice for each value it leaves out."""

    def __init__(self, values: dict[str, str], notices: list[str]) -> None:
        self.values = values
        self.notices = notices

    def value(self, key: str, rule: OneOf | Number):
        if key not in self.values:
            return None
        value = _parse_value(self.values[key], rule)
        if value is None:
            self.notices.append(f"{rule.label}: not a value this control takes")
        return value

    def lists(self, keys, length: int, what: str) -> dict[str, list[float]] | None:
        """The lists under ``keys``, each of ``length`` plain numbers; None (and a notice) otherwise."""
        if not any(key in self.values for key in keys):
            return None
        lists = {key: _parse_list(self.values.get(key, "")) for key in keys}
        if all(numbers is not None and len(numbers) == length for numbers in lists.values()):
            return lists
        self.notices.append(f"{what}: incomplete, or not {length} numbers each; the example's are kept")
        return None


def _query_values(query: Mapping[str, list[str]], notices: list[str]) -> dict[str, str]:
    """The single, known, not too long values of a query string; a notice for every other."""
    values, unknown = {}, []
    for key, texts in query.items():
        if key not in KEYS:
            unknown.append(key[:20])
        elif len(texts) != 1:
            notices.append(f"‘{key}’ appears {len(texts)} times: ignored")
        elif len(texts[0]) > MAX_CHARS:
            notices.append(f"‘{key}’ is {len(texts[0]):,} characters long: ignored")
        else:
            values[key] = texts[0]
    if unknown:
        notices.append("unknown " + ", ".join(f"‘{key}’" for key in unknown[:5]) + " ignored")
    return values


def _example(reader: _Reader, rules: LinkRules) -> tuple[str, bool]:
    """The example's name, and whether the link was made on the learner's own data."""
    text = reader.values.get("ex")
    if text == OWN:
        reader.notices.append("the link was made on its sender's own data, which a link cannot carry: "
                              "the default example is shown (upload or paste the data to use them)")
        return DEFAULT_PRESET, True
    names = {slug(name): name for name in rules.example.options if EXAMPLES.get(name) is not None}
    if text is not None and text not in names:
        reader.notices.append("Example: no such example; the default is shown")
    return names.get(text, DEFAULT_PRESET), False


def _generated(data, lists: dict[str, list[float]], rules: LinkRules):
    """``data`` with the true Gaussians of the link, or None if one of them breaks its control's rule."""
    rule_of = {"dmu": rules.data_mean, "dmux": rules.data_mean, "dmuy": rules.data_mean, "dsd": rules.data_sigma,
               "dsdx": rules.data_sigma, "dsdy": rules.data_sigma, "drho": rules.data_correlation}
    if not all(fits(rule_of[key], value) for key, values in lists.items() if key in rule_of for value in values):
        return None
    if not all(float(count).is_integer() for count in lists["dn"]):
        return None
    counts = tuple(int(count) for count in lists["dn"])
    try:
        checked_counts(counts)
    except ValueError:
        return None
    if isinstance(data, GaussianSpec):
        return replace(data, means=tuple(lists["dmu"]), sigmas=tuple(lists["dsd"]), counts=counts)
    return replace(data, means=tuple(zip(lists["dmux"], lists["dmuy"])), sigma_x=tuple(lists["dsdx"]),
                   sigma_y=tuple(lists["dsdy"]), correlation=tuple(lists["drho"]), counts=counts)


def _source(reader: _Reader, data, rules: LinkRules):
    """The example's data with the link's edits: true Gaussians, seed, standardised."""
    if isinstance(data, OldFaithfulSource):
        standardise = reader.value("std", rules.standardise)
        return data if standardise is None else replace(data, standardise=standardise)
    keys = DATA_KEYS[type(data)]
    lists = reader.lists(keys, len(data.means), "the true Gaussians")
    if lists is not None:
        edited = _generated(data, lists, rules)
        if edited is None:
            reader.notices.append("the true Gaussians: a value out of its range; the example's are kept")
        data = edited or data
    seed = reader.value("seed", rules.seed)
    return data if seed is None else replace(data, seed=seed)


def _guess(reader: _Reader, n_components: int | None, dimension: int) -> Guess | None:
    """The link's guess for K Gaussians, or None (with a notice if it was there but unusable)."""
    keys = GUESS_KEYS[dimension]
    if n_components is None:
        if any(key in reader.values for key in keys):
            reader.notices.append("the guess: it needs a valid K (‘k’); the example's is kept")
        return None
    lists = reader.lists(keys, n_components, "the guess")
    if lists is None:
        return None
    spreads = [value for key in keys if key.startswith("sd") or key == "w" for value in lists[key]]
    if not all(value > 0 for value in spreads):
        reader.notices.append("the guess: every σ and weight must be above 0; the example's is kept")
        return None
    if dimension == 1:
        return Guess(tuple(lists["mu"]), tuple(lists["sd"]), tuple(lists["w"]))
    return Guess(tuple(zip(lists["mux"], lists["muy"])), tuple(zip(lists["sdx"], lists["sdy"])), tuple(lists["w"]))


def _misplaced(values: dict[str, str], expected: set[str], notices: list[str]) -> None:
    """A notice for the data and guess keys that belong to another kind of example."""
    misplaced = sorted(key for key in values if key not in expected)
    if misplaced:
        notices.append(", ".join(f"‘{key}’" for key in misplaced) + " do not belong to this example: ignored")


def decode(query: Mapping[str, list[str]], rules: LinkRules) -> tuple[LinkState, list[str]]:
    """The state a query string holds, and a short notice for every part of it left out.

    Parameters
    ----------
    query : mapping of str to list of str
        Every value of every key, as the browser sent them.
    rules : LinkRules

    Returns
    -------
    state : LinkState
        What the link holds, checked; None where it holds nothing usable.
    notices : list of str
        Plain text (the caller escapes it), one per part left out.
    """
    notices: list[str] = []
    values = _query_values(query, notices)
    reader = _Reader(values, notices)
    name, own_data = _example(reader, rules)
    preset = EXAMPLES[name]
    n_components = reader.value("k", rules.n_components)
    expected = {"ex", "k", *SETTING_KEYS}
    source = guess = None
    if not own_data:
        data_keys = ("std",) if isinstance(preset.data, OldFaithfulSource) else ("seed", *DATA_KEYS[type(preset.data)])
        expected |= {*data_keys, *GUESS_KEYS[dimensions(preset)]}
        source = _source(reader, preset.data, rules)
        guess = _guess(reader, n_components, dimensions(preset))
    _misplaced(values, expected, notices)
    return LinkState(
        example=name, source=source, n_components=n_components, guess=guess,
        max_iter=reader.value("it", rules.max_iter), tol=reader.value("tol", rules.tol),
        reg_covar=reader.value("reg", rules.reg_covar), show_truth=reader.value("truth", rules.show_truth),
        hard_em=reader.value("hard", rules.hard_em), frame=reader.value("frame", rules.frame),
    ), notices


def _source_params(source, data) -> dict[str, str]:
    """The keys of the example's data that ``source`` changes (nothing for an unedited example)."""
    if type(source) is not type(data):
        return {}
    if isinstance(source, OldFaithfulSource):
        return {} if source.standardise == data.standardise else {"std": str(int(source.standardise))}
    params = {}
    if isinstance(source, GaussianSpec):
        fields = {"dmu": source.means, "dsd": source.sigmas, "dn": source.counts}
        example = {"dmu": data.means, "dsd": data.sigmas, "dn": data.counts}
    else:
        fields = {"dmux": [m[0] for m in source.means], "dmuy": [m[1] for m in source.means],
                  "dsdx": source.sigma_x, "dsdy": source.sigma_y, "drho": source.correlation, "dn": source.counts}
        example = {"dmux": [m[0] for m in data.means], "dmuy": [m[1] for m in data.means],
                   "dsdx": data.sigma_x, "dsdy": data.sigma_y, "drho": data.correlation, "dn": data.counts}
    if any(list(fields[key]) != list(example[key]) for key in fields):
        params = {key: _list_text(values) for key, values in fields.items()}
    if source.seed != data.seed:
        params["seed"] = str(source.seed)
    return params


def _guess_params(guess: Guess) -> dict[str, str]:
    if all(isinstance(mean, (int, float)) for mean in guess.means):
        return {"mu": _list_text(guess.means), "sd": _list_text(guess.sigmas), "w": _list_text(guess.weights)}
    return {"mux": _list_text(m[0] for m in guess.means), "muy": _list_text(m[1] for m in guess.means),
            "sdx": _list_text(s[0] for s in guess.sigmas), "sdy": _list_text(s[1] for s in guess.sigmas),
            "w": _list_text(guess.weights)}


def encode(link: LinkState) -> dict[str, str]:
    """The query string of ``link``: short keys, the example's own data left out, no empty values.

    Parameters
    ----------
    link : LinkState

    Returns
    -------
    dict of str to str
        In reading order: the example, its edited data, K and the guess, the settings, the frame.
    """
    preset = EXAMPLES[link.example]
    params = {"ex": OWN if preset is None else slug(link.example)}
    if preset is not None:
        params |= _source_params(link.source, preset.data)
    if link.n_components is not None:
        params["k"] = str(link.n_components)
    if preset is not None and link.guess is not None:
        params |= _guess_params(link.guess)
    settings = {"it": link.max_iter, "tol": link.tol, "reg": link.reg_covar, "truth": link.show_truth,
                "hard": link.hard_em, "frame": link.frame}
    for key, value in settings.items():
        if value is not None:
            params[key] = str(int(value)) if isinstance(value, bool) else number_text(value)
    return params
