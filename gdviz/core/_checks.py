"""Argument checks shared by the public functions (errors only at the boundary)."""
from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import ArrayLike, NDArray


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


def _short(value: object) -> str:
    """``repr(value)``, cut to 60 characters (10**400 has 401 digits)."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:28]}…{text[-28:]} ({len(text)} characters)"


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


def check_lr(lr: object, name: str = "lr") -> float:
    """A positive finite learning rate."""
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real):
        raise TypeError(f"{name} must be a positive finite number. Got {lr!r} instead.")
    value = float(lr)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number. Got {lr!r} instead.")
    return value


def check_number(value: object, name: str) -> float:
    """A finite real number (``TypeError`` for a bool or a non-number)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a finite number. Got {value!r} instead.")
    if not np.isfinite(float(value)):
        raise ValueError(f"{name} must be a finite number. Got {value!r} instead.")
    return float(value)


def check_count(value: object, name: str, minimum: int) -> int:
    """An integer no smaller than ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer >= {minimum}. Got {value!r} instead.")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}. Got {value!r} instead.")
    return int(value)


def check_tol(tol: object) -> float | None:
    """``None`` or a positive finite tolerance."""
    if tol is None:
        return None
    return check_lr(tol, name="tol")


def readonly(array: ArrayLike) -> NDArray:
    """A read-only copy of ``array`` (for frozen result records)."""
    out = np.array(array)
    out.flags.writeable = False
    return out


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
