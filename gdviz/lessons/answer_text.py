"""The words of an answer: a number read from what a learner typed, and a hint's first letter.

Examples
--------
>>> parse_number("3,2"), parse_number("−1/2"), parse_number("three")
(3.2, -0.5, None)
>>> capitalized("you added the step.")
'You added the step.'
"""
from __future__ import annotations

import math
import re

__all__ = ["parse_number", "capitalized", "within", "misconception"]


def parse_number(text: str) -> float | None:
    """A finite float from a learner's text ("3.2", "3,2", "1,000", "-1/2", "−4"), else ``None``.

    A comma is a thousands separator when it splits the digits into groups of three and a
    decimal reading would be odd: several groups ("1,000,000"), a decimal point after them
    ("1,000.5"), or a single group ending in zero ("1,000", "2,500": nobody writes 1.000 for 1).
    Otherwise a single comma is a decimal comma, as many countries write it ("3,2", "3,205").
    """
    s = text.strip().replace("−", "-").replace(" ", "")
    grouped = re.fullmatch(r"[+-]?[1-9]\d{0,2}((?:,\d{3})+)(\.\d*)?", s)
    if grouped and (grouped[1].count(",") > 1 or grouped[2] or grouped[1].endswith("0")):
        s = s.replace(",", "")
    elif s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")  # a decimal comma
    try:
        num, _, den = s.partition("/")
        value = float(num) / float(den) if den else float(num)
    except (ValueError, ZeroDivisionError):
        return None
    return value if math.isfinite(value) else None


def capitalized(text: str) -> str:
    """``text`` with a capital first letter when that letter is Latin ("η = ..." stays: "Η" is another letter).

    >>> capitalized("you added the step."), capitalized("η is the rate")
    ('You added the step.', 'η is the rate')
    """
    return text[:1].upper() + text[1:] if text[:1].isascii() else text


def within(x: float, target: float, tol: float, rel_tol: float = 0.0) -> bool:
    """Whether ``x`` counts as ``target``: ``|x - target| <= max(tol, rel_tol * |target|)`` (every numeric
    question's rule, for the answer and for each typical wrong number).

    >>> within(0.3333, 1 / 3, 1e-3), within(101.0, 100.0, 0.0, 0.02), within(1.1, 1.0, 0.05)
    (True, True, False)
    """
    return abs(x - target) <= max(tol, rel_tol * abs(target))


def misconception(message: str) -> str:
    """The short name of the misconception a mistake's message tells: its words up to the first ':', ';' or
    '.' that ends a clause.

    >>> misconception("you forgot the 2 in the slope 2w: each step is η · 2w.")
    'you forgot the 2 in the slope 2w'
    >>> misconception("the sign: you added the step (w + η·2w), which goes uphill.")
    'the sign'
    """
    text = message.strip()
    cut = min((i for i, ch in enumerate(text) if ch in ":;" or (ch == "." and text[i + 1:i + 2] in ("", " "))),
              default=len(text))
    return text[:cut].strip()
