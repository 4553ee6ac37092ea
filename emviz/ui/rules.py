"""What a control's value may be: one of its options, or a finite number in its range.

Plain values without Streamlit, shared by :mod:`emviz.ui.sanitise` (values a browser sent)
and :mod:`emviz.ui.link_codec` (values read from a link), so each rule is written once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class OneOf:
    """A control whose value must be one of ``options``."""

    label: str
    options: tuple
    default: object


@dataclass(frozen=True)
class Number:
    """A number box or slider: a finite number in [low, high], whole when ``whole``, kept as ``kind``."""

    label: str
    low: float
    high: float
    default: object
    whole: bool = False
    kind: type = float


def is_number(value) -> bool:
    """Whether ``value`` is a finite real number (not a bool, not text)."""
    return (isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))
            and math.isfinite(value))


def fits(rule: OneOf | Number, value) -> bool:
    """Whether ``value`` is one the control of ``rule`` could have (an option of the same type, or in range).

    Examples
    --------
    >>> fits(Number("K", 1, 6, 2.0, whole=True), 3.0), fits(Number("K", 1, 6, 2.0, whole=True), 2.5)
    (True, False)
    >>> fits(OneOf("Play", (True, False), False), 1)
    False
    """
    if isinstance(rule, OneOf):
        return any(value == option and type(value) is type(option) for option in rule.options)
    if not is_number(value) or not rule.low <= value <= rule.high:
        return False
    return float(value).is_integer() if rule.whole else True
