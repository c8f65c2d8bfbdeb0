"""Text: the explorers' readout and text boxes, numbers, parameter names and starts as HTML or plain Unicode.

Nothing here knows about gradient descent or figures.
"""
from __future__ import annotations

import html
import math
from typing import Any, Sequence

import numpy as np

from ..plaintext import plain

#: Colours of the readout (Okabe–Ito vermillion for trouble, bluish green for success).
ERROR_COLOR = "#D55E00"
OK_COLOR = "#009E73"


def number(x: float, digits: int = 4) -> str:
    """A number for the readout: ``4``, ``0.5``, ``1.792``, ``-3.1e+12``, ``inf``, ``nan``."""
    x = float(x)
    if not math.isfinite(x):
        return "nan" if math.isnan(x) else ("∞" if x > 0 else "−∞")
    text = f"{x:.{digits}g}"
    return text.replace("-", "−")


def vector(values: Sequence[float]) -> str:
    """One number, or ``(a, b)`` for several."""
    values = list(np.ravel(values))
    if len(values) == 1:
        return number(values[0])
    return "(" + ", ".join(number(v) for v in values) + ")"


def html_name(name: str) -> str:
    """A parameter name as HTML: ``w_1`` -> ``w<sub>1</sub>``, in italics like LaTeX."""
    base, _, sub = name.partition("_")
    base = html.escape(base.strip("{}"))
    return f"<i>{base}</i><sub>{html.escape(sub.strip('{}'))}</sub>" if sub else f"<i>{base}</i>"


def plain_name(name: str) -> str:
    """A parameter name in plain Unicode for one-line sentences: ``w_1`` -> ``w₁``, ``w_{bmi}`` -> ``w(bmi)``.

    The same rule as every stored text (:func:`gdviz.plaintext.plain`): a subscript is lowered when Unicode has
    all its characters, else it stays on the line in parentheses, so a feature's name never runs into its
    letter ("wbmi").
    """
    return plain(f"${name}$")


def keep(phrase: str) -> str:
    """HTML for a phrase that a narrow readout must not break (``loss 16 → 0.002``, ``= (1, 2)``).

    Lines still wrap between such phrases, at the spaces that join them.
    """
    return f'<span style="white-space:nowrap">{phrase}</span>'


def error_line(message: str) -> str:
    """A readout line in the trouble colour."""
    return f'<span style="color:{ERROR_COLOR}"><b>⚠</b> {html.escape(message)}</span>'


def parse_start(text: Any, dim: int) -> np.ndarray:
    """``dim`` finite numbers from a text box ("4", "5, -4", "(5; -4)"), else ``ValueError``.

    Plain numbers and sequences are accepted too, so code can set ``start`` directly.
    """
    if isinstance(text, str):
        cleaned = text.replace("−", "-").strip().strip("()[]")
        parts = [p for p in cleaned.replace(";", ",").replace(" ", ",").split(",") if p]
        try:
            values = np.array([float(p) for p in parts], dtype=float)
        except ValueError:
            values = None
    else:
        try:
            values = np.asarray(text, dtype=float).ravel()
        except (TypeError, ValueError):
            values = None
    need = "a number" if dim == 1 else f"{dim} numbers separated by commas"
    if values is None or values.shape != (dim,):
        raise ValueError(f"start must be {need}. Got {text!r} instead.")
    if not np.all(np.isfinite(values)):
        raise ValueError(f"start must be finite. Got {text!r} instead.")
    return values


def start_text(start: Any) -> str:
    """The text a start box shows: ``4`` or ``5, -4`` (each number in full: it is read back).

    >>> start_text([5.0, -4.0]), start_text(0.1), start_text(123456789.0), start_text(1e76)
    ('5, -4', '0.1', '123456789', '1e+76')
    """
    return ", ".join(_shortest(float(v)) for v in np.ravel(np.asarray(start, dtype=float)))


def _shortest(x: float) -> str:
    """The shortest text that reads back as ``x`` (Python's repr), without a trailing ``.0``."""
    text = repr(x)
    return text[:-2] if text.endswith(".0") else text
