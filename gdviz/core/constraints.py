r"""What an argument may be, said once: small frozen constraints with one ``check(value, name)``.

A constraint knows the words for what it accepts, so every refusal has the same form,
``"lr must be a positive finite number. Got -1 instead."``: a ``TypeError`` when the value is of the
wrong kind (a string, ``None``, a bool where a number is asked: ``True`` is not the number 1 here), a
``ValueError`` when it is of the right kind but outside what is accepted (NaN, infinity, a
negative rate, an unknown name). ``check`` returns the value cleaned (a ``float``, an ``int``, the
string itself).

========================  ==============================================  =====================
constraint                accepts                                         e.g.
========================  ==============================================  =====================
``Interval(low, high)``   a finite real number in the interval            ``momentum``
``FINITE``                any finite real number                          ``tilt``, ``a``
``FINITE_POSITIVE``       a finite number > 0                             ``lr``, ``h``, ``b``
``NON_NEGATIVE``          a finite number >= 0                            ``eps``, ``l2``
``SHARE``                 a finite number in (0, 1)                       ``validation``
``Integer(low, high)``    a whole number (an ``int`` or numpy integer)    ``steps``, ``seed``
``Choice(*options)``      one of a few values                             ``reduction``
``Text()``                a (non-empty) string                            ``question``
``BOOLEAN``               ``True`` or ``False``                           ``nesterov``
``NoneOr(inner)``         ``None`` or what ``inner`` accepts              ``tol``, ``n_samples``
========================  ==============================================  =====================

The array helpers at the end (:func:`as_float_array`, :func:`check_theta`, :func:`check_start`,
:func:`check_index`, :func:`readonly`) are not a single value's constraint but the same kind of
door check, with messages of the same form.

Examples
--------
>>> FINITE_POSITIVE.check(0.1, "lr")
0.1
>>> FINITE_POSITIVE.check(-1, "lr")
Traceback (most recent call last):
...
ValueError: lr must be a positive finite number. Got -1 instead.
>>> Integer(1).check(True, "steps")
Traceback (most recent call last):
...
TypeError: steps must be an integer >= 1. Got True instead.
>>> Interval(0, 0.99).words, Choice("log", "linear").words
('a finite number in [0, 0.99]', "'log' or 'linear'")
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["Constraint", "Interval", "Integer", "Choice", "Text", "Boolean", "NoneOr", "FINITE",
           "FINITE_POSITIVE", "NON_NEGATIVE", "SHARE", "BOOLEAN", "is_number", "is_whole", "as_float_array", "check_theta",
           "check_start", "check_index", "readonly"]


def is_number(value: object) -> bool:
    """A real number, not a bool (``True`` is an ``int`` to Python, never a rate or a count here)."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def is_whole(value: object) -> bool:
    """A whole number (``int`` or a numpy integer), not a bool."""
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


class Constraint:
    """What an argument may be: ``words`` say it, ``check(value, name)`` refuses anything else."""

    words: str = "a valid value"

    def check(self, value: Any, name: str) -> Any:  # pragma: no cover - each constraint has its own
        raise NotImplementedError

    def accepts(self, value: Any) -> bool:
        """Whether ``check`` would take ``value`` (for a caller with a message of its own)."""
        try:
            self.check(value, "value")
        except (TypeError, ValueError):
            return False
        return True

    def refuse(self, value: Any, name: str, error: type[Exception] = ValueError) -> Exception:
        """The refusal: ``error("name must be <words>. Got <value> instead.")`` (raise it)."""
        return error(f"{name} must be {self.words}. Got {_short(value)} instead.")


@dataclass(frozen=True)
class Interval(Constraint):
    """A finite real number from ``low`` to ``high``; either end is left out when open.

    >>> Interval(0, 1, high_open=True).check(0.9, "beta1")
    0.9
    >>> Interval(0, 1, high_open=True).words
    'a finite number in [0, 1)'
    """

    low: float = -math.inf
    high: float = math.inf
    low_open: bool = False
    high_open: bool = False

    @property
    def words(self) -> str:  # type: ignore[override]
        if self.high == math.inf:
            if self.low == -math.inf:
                return "a finite number"
            if self.low == 0:
                return "a positive finite number" if self.low_open else "a finite number >= 0"
            return f"a finite number {'>' if self.low_open else '>='} {self.low:g}"
        if self.low == -math.inf:
            return f"a finite number {'<' if self.high_open else '<='} {self.high:g}"
        left, right = "(" if self.low_open else "[", ")" if self.high_open else "]"
        return f"a finite number in {left}{self.low:g}, {self.high:g}{right}"

    def holds(self, x: Any) -> Any:
        """Whether ``x`` (a float or a float array) lies in the interval and is finite."""
        with np.errstate(invalid="ignore"):
            ok = np.isfinite(x) & ((x > self.low) if self.low_open else (x >= self.low))
            return ok & ((x < self.high) if self.high_open else (x <= self.high))

    def check(self, value: Any, name: str) -> float:
        if not is_number(value):
            raise self.refuse(value, name, TypeError)
        number = float(value)
        if not self.holds(number):
            raise self.refuse(value, name)
        return number

    def check_many(self, value: Any, name: str) -> float | NDArray[np.float64]:
        """A number, or a non-empty 1-D array of them (a sweep's values), each in the interval.

        >>> FINITE_POSITIVE.check_many([0.1, 0.2], "lr").tolist()
        [0.1, 0.2]
        """
        try:
            items = np.asarray(value, dtype=object)
        except ValueError:  # ragged nesting
            items = np.asarray([value], dtype=object)
        if isinstance(value, (str, bytes)) or not all(map(is_number, items.ravel())):
            raise TypeError(f"{name} must be {self.words} (or a 1-D array of them for a sweep). "
                            f"Got {_short(value)} instead.")
        array = as_float_array(value, name)
        if array.ndim > 1 or array.size == 0:
            raise ValueError(f"{name} must be a number or a non-empty 1-D array of numbers. "
                             f"Got shape {array.shape} instead.")
        if not np.all(self.holds(array)):
            raise self.refuse(value, name)
        return float(array) if array.ndim == 0 else array


#: Any finite real number.
FINITE = Interval()
#: A finite number > 0: learning rates, steps of a finite difference, Rosenbrock's ``b``.
FINITE_POSITIVE = Interval(0.0, low_open=True)
#: A finite number >= 0: tolerances, ε, penalties.
NON_NEGATIVE = Interval(0.0)
#: A share strictly between 0 and 1 (a validation split).
SHARE = Interval(0.0, 1.0, low_open=True, high_open=True)


@dataclass(frozen=True)
class Integer(Constraint):
    """A whole number (``int`` or a numpy integer, not a bool, not ``2.0``) from ``low`` to ``high``.

    >>> Integer(0).check(3, "seed"), Integer(1, 2000).words
    (3, 'an integer from 1 to 2000')
    """

    low: int = 0
    high: int | None = None

    @property
    def words(self) -> str:  # type: ignore[override]
        return (f"an integer >= {self.low}" if self.high is None
                else f"an integer from {self.low} to {self.high}")

    def check(self, value: Any, name: str) -> int:
        if not is_whole(value):
            raise self.refuse(value, name, TypeError)
        if value < self.low or self.high is not None and value > self.high:
            raise self.refuse(value, name)
        return int(value)


@dataclass(frozen=True, init=False)
class Choice(Constraint):
    """One of a few values (names, or numbers a slider offers); a bool is never a number's stand-in.

    >>> Choice("sum", "mean").check("mean", "reduction")
    'mean'
    >>> Choice(1, 2, 4).words
    'one of 1, 2 or 4'
    """

    options: tuple

    def __init__(self, *options: Any) -> None:
        object.__setattr__(self, "options", tuple(options))

    @property
    def words(self) -> str:  # type: ignore[override]
        shown = [repr(o) for o in self.options]
        listed = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"
        return listed if len(shown) <= 2 or all(isinstance(o, str) for o in self.options) \
            else f"one of {listed}"

    def check(self, value: Any, name: str) -> Any:
        def same(option: Any) -> bool:
            if is_number(option):
                return is_number(value) and value == option
            return isinstance(value, type(option)) and value == option

        try:
            found = any(map(same, self.options))
        except (TypeError, ValueError):  # an array compared with a number
            found = False
        if not found:
            raise self.refuse(value, name)
        return value


@dataclass(frozen=True)
class Text(Constraint):
    """A string, not blank unless ``empty_ok``.

    >>> Text().check("Why?", "question")
    'Why?'
    """

    empty_ok: bool = False

    @property
    def words(self) -> str:  # type: ignore[override]
        return "a string" if self.empty_ok else "a non-empty string"

    def check(self, value: Any, name: str) -> str:
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a string. Got {_short(value)} instead.")
        if not (self.empty_ok or value.strip()):
            raise ValueError(f"{name} must not be empty. Got {value!r} instead.")
        return value


@dataclass(frozen=True)
class Boolean(Constraint):
    """``True`` or ``False`` (numpy's too); 0, 1 and "yes" are refused.

    >>> BOOLEAN.check(np.True_, "nesterov")
    True
    """

    words = "True or False"

    def check(self, value: Any, name: str) -> bool:
        if not isinstance(value, (bool, np.bool_)):
            raise self.refuse(value, name, TypeError)
        return bool(value)


#: True or False.
BOOLEAN = Boolean()


@dataclass(frozen=True)
class NoneOr(Constraint):
    """``None``, or what ``inner`` accepts.

    >>> NoneOr(FINITE_POSITIVE).check(None, "tol") is None, NoneOr(FINITE_POSITIVE).words
    (True, 'None or a positive finite number')
    """

    inner: Constraint

    @property
    def words(self) -> str:  # type: ignore[override]
        return f"None or {self.inner.words}"

    def check(self, value: Any, name: str) -> Any:
        if value is None:
            return None
        try:
            return self.inner.check(value, name)
        except (TypeError, ValueError) as error:
            raise type(error)(f"{name} must be {self.words}. Got {_short(value)} instead.") from None


def _short(value: object) -> str:
    """``repr(value)``, cut to 60 characters (10**400 has 401 digits)."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:28]}…{text[-28:]} ({len(text)} characters)"


# ---------------------------------------------------------------------------------------------
# Arrays at the door

def as_float_array(value: ArrayLike, name: str) -> NDArray[np.float64]:
    """Return ``value`` as a float array, or raise ``TypeError`` naming ``name``."""
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a number or an array of numbers. Got {value!r} instead.")
    try:
        array = np.asarray(value, dtype=float)
    except OverflowError:  # an int beyond any float, such as 10**400
        raise ValueError(f"{name} must hold numbers a float can hold (at most about 1.8e308). "
                         f"Got {_short(value)} instead.") from None
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be a number or an array of numbers. Got {_short(value)} instead."
        ) from None
    return array


def check_theta(theta: ArrayLike, dim: int, name: str = "theta") -> NDArray[np.float64]:
    """Parameters with the last axis of length ``dim`` (a scalar is accepted when ``dim == 1``)."""
    array = as_float_array(theta, name)
    if array.ndim == 0 and dim == 1:
        return array.reshape(1)
    if array.ndim == 0 or array.shape[-1] != dim:
        raise ValueError(
            f"{name} must have {dim} value(s) on its last axis (shape (..., {dim})). "
            f"Got shape {array.shape} instead."
        )
    return array


def check_start(start: ArrayLike, dim: int) -> NDArray[np.float64]:
    """A single finite starting point of shape ``(dim,)``."""
    array = as_float_array(start, "start")
    if array.ndim == 0:
        array = array.reshape(1)
    if array.shape != (dim,):
        raise ValueError(
            f"start must hold {dim} number(s), one per parameter. Got shape {array.shape} instead."
        )
    if not np.all(np.isfinite(array)):
        raise ValueError(f"start must contain only finite numbers. Got {array.tolist()} instead.")
    return array


def check_index(index: ArrayLike, n: int) -> NDArray[np.intp]:
    """Sample numbers: a non-empty 1-D sequence of whole numbers from 0 to ``n - 1`` (repeats allowed)."""
    array = np.asarray(index)
    if array.dtype == bool:
        raise ValueError("index must be sample numbers, not a boolean mask: use "
                         "np.flatnonzero(mask) for the samples where the mask is True.")
    if array.ndim != 1 or array.shape[0] == 0:
        raise ValueError("index must be a non-empty 1-D sequence of sample numbers. "
                         f"Got {index!r} instead.")
    if array.dtype.kind not in "iu":
        raise TypeError(f"index must hold whole numbers. Got {index!r} instead.")
    outside = array[(array < 0) | (array >= n)]
    if outside.size:
        raise ValueError(f"index must hold sample numbers from 0 to {n - 1}. "
                         f"Got {outside.tolist()[:5]} among them.")
    return array


def readonly(array: ArrayLike) -> NDArray:
    """A read-only copy of ``array`` (for frozen result records)."""
    out = np.array(array)
    out.flags.writeable = False
    return out
