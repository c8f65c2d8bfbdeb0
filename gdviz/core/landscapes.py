r"""Test landscapes with known minima, for races between update rules.

Two-parameter objectives from the optimization literature, vectorized on the last axis like
every objective (``(..., 2) -> (...)``) and silent where they overflow (inf or nan, no warning):

* :func:`rosenbrock`: a curved, flat-bottomed valley (Rosenbrock 1960), minimum :math:`(a, a^2)`;
* :func:`beale`: sharp ridges around a flat basin (Beale 1958), minimum :math:`(3, 0.5)`;
* :func:`himmelblau`: four minima of value 0 (Himmelblau 1972); which one descent reaches
  depends on the start;
* :func:`saddle`: :math:`w_1^2 - w_2^2`, a saddle point at the origin and no minimum at all.

Each has ``minima``, an ``(m, 2)`` array of all its known minima.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .constraints import FINITE, FINITE_POSITIVE, check_theta, readonly
from .objectives import Objective

__all__ = ["Rosenbrock", "Beale", "Himmelblau", "Saddle",
           "rosenbrock", "beale", "himmelblau", "saddle"]


def _pair(theta: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``w_1, w_2`` from parameters of shape ``(..., 2)``."""
    theta = check_theta(theta, 2)
    return theta[..., 0], theta[..., 1]


@dataclass(frozen=True)
class Rosenbrock(Objective):
    r"""Rosenbrock's valley :math:`L(w_1, w_2) = (a - w_1)^2 + b\,(w_2 - w_1^2)^2`.

    The minimum, 0, lies at :math:`(a, a^2)` at the bottom of a long, curved, nearly flat
    valley: descent reaches the valley fast and then crawls along it. The gradient is

    .. math:: \nabla L = \bigl(-2(a - w_1) - 4 b\, w_1 (w_2 - w_1^2),\; 2 b\,(w_2 - w_1^2)\bigr).
    """

    a: float = 1.0
    b: float = 100.0
    name: str = "Rosenbrock"
    param_names: tuple[str, ...] = ("w_1", "w_2")
    dim: ClassVar[int] = 2

    def __post_init__(self) -> None:
        object.__setattr__(self, "a", FINITE.check(self.a, "a"))
        object.__setattr__(self, "b", FINITE_POSITIVE.check(self.b, "b"))
        super().__post_init__()

    @property
    def formula(self) -> str:
        a, b = self.a, self.b
        first = "w_1^2" if a == 0 else f"({a:g} - w_1)^2" if a > 0 else f"(w_1 + {-a:g})^2"
        second = "(w_2 - w_1^2)^2" if b == 1 else rf"{b:g}\,(w_2 - w_1^2)^2"
        return f"$L(w_1, w_2) = {first} + {second}$"

    @property
    def minimizer(self) -> NDArray[np.float64]:
        return np.array([self.a, self.a**2])

    def loss(self, theta: ArrayLike) -> NDArray[np.float64]:
        w1, w2 = _pair(theta)
        with np.errstate(over="ignore", invalid="ignore"):
            return (self.a - w1) ** 2 + self.b * (w2 - w1**2) ** 2

    def grad(self, theta: ArrayLike) -> NDArray[np.float64]:
        w1, w2 = _pair(theta)
        with np.errstate(over="ignore", invalid="ignore"):
            valley = w2 - w1**2
            return np.stack([-2.0 * (self.a - w1) - 4.0 * self.b * w1 * valley,
                             2.0 * self.b * valley], axis=-1)


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Rosenbrock:
    r"""Rosenbrock's banana valley :math:`(a - w_1)^2 + b\,(w_2 - w_1^2)^2`, minimum 0 at (a, a²).

    Parameters
    ----------
    a : float
        Where the minimum lies, :math:`(a, a^2)`.
    b : float
        Steepness of the valley's walls (positive); the larger, the narrower the valley.

    Returns
    -------
    Rosenbrock

    Raises
    ------
    ValueError, TypeError
        Naming ``a`` or ``b``: not a finite number, or ``b <= 0``.

    Examples
    --------
    >>> from gdviz.core.landscapes import rosenbrock
    >>> L = rosenbrock()
    >>> L.formula
    '$L(w_1, w_2) = (1 - w_1)^2 + 100\\,(w_2 - w_1^2)^2$'
    >>> float(L.loss([0.0, 0.0])), L.grad([0.0, 0.0]).tolist(), L.minimizer.tolist()
    (1.0, [-2.0, 0.0], [1.0, 1.0])
    """
    return Rosenbrock(a=a, b=b)


#: Beale's constants: the terms are :math:`c_k - w_1 + w_1 w_2^k` for k = 1, 2, 3.
_BEALE = (1.5, 2.25, 2.625)


@dataclass(frozen=True)
class Beale(Objective):
    r"""Beale's function :math:`L = \sum_{k=1}^{3} (c_k - w_1 + w_1 w_2^k)^2`, c = (1.5, 2.25, 2.625).

    With :math:`r_k = c_k - w_1 + w_1 w_2^k` the gradient is
    :math:`\bigl(\sum_k 2 r_k (w_2^k - 1),\; \sum_k 2 r_k\, k\, w_1 w_2^{k-1}\bigr)`; every
    :math:`r_k` vanishes at the minimum :math:`(3, 0.5)`.
    """

    name: str = "Beale"
    formula: str = (r"$L(w_1, w_2) = (1.5 - w_1 + w_1 w_2)^2 + (2.25 - w_1 + w_1 w_2^2)^2"
                    r" + (2.625 - w_1 + w_1 w_2^3)^2$")
    param_names: tuple[str, ...] = ("w_1", "w_2")
    dim: ClassVar[int] = 2
    minimizer: ClassVar[NDArray[np.float64]] = readonly([3.0, 0.5])

    def loss(self, theta: ArrayLike) -> NDArray[np.float64]:
        w1, w2 = _pair(theta)
        with np.errstate(over="ignore", invalid="ignore"):
            return sum((c - w1 + w1 * w2**k) ** 2 for k, c in enumerate(_BEALE, start=1))

    def grad(self, theta: ArrayLike) -> NDArray[np.float64]:
        w1, w2 = _pair(theta)
        with np.errstate(over="ignore", invalid="ignore"):
            terms = [(c - w1 + w1 * w2**k, k) for k, c in enumerate(_BEALE, start=1)]
            d1 = sum(2.0 * r * (w2**k - 1.0) for r, k in terms)
            d2 = sum(2.0 * r * k * w1 * w2 ** (k - 1) for r, k in terms)
            return np.stack([d1, d2], axis=-1)


def beale() -> Beale:
    r"""Beale's function, minimum 0 at :math:`(3, 0.5)` in a flat basin between steep ridges.

    Returns
    -------
    Beale

    Examples
    --------
    >>> from gdviz.core.landscapes import beale
    >>> L = beale()
    >>> float(L.loss([3.0, 0.5])), float(L.loss([0.0, 0.0])), L.grad([0.0, 0.0]).tolist()
    (0.0, 14.203125, [-12.75, 0.0])
    """
    return Beale()


#: Himmelblau's four minima, (3, 2) first, each to full float precision (Newton's method in
#: 40-digit arithmetic from the rounded values of the literature; tests/test_landscapes.py
#: repeats it in floats and checks the gradient vanishes).
_HIMMELBLAU_MINIMA = readonly([
    [3.0, 2.0],
    [-2.805118086952745, 3.131312518250573],
    [-3.779310253377747, -3.2831859912861696],
    [3.5844283403304917, -1.8481265269644036],
])


@dataclass(frozen=True)
class Himmelblau(Objective):
    r"""Himmelblau's function :math:`(w_1^2 + w_2 - 11)^2 + (w_1 + w_2^2 - 7)^2`: four minima, all 0.

    With :math:`p = w_1^2 + w_2 - 11` and :math:`q = w_1 + w_2^2 - 7` the gradient is
    :math:`(4 w_1 p + 2 q,\; 2 p + 4 w_2 q)`. ``minima`` holds all four (``minimizer`` is
    :math:`(3, 2)`, the one with round coordinates); between them lie a maximum and saddles.
    """

    name: str = "Himmelblau"
    formula: str = r"$L(w_1, w_2) = (w_1^2 + w_2 - 11)^2 + (w_1 + w_2^2 - 7)^2$"
    param_names: tuple[str, ...] = ("w_1", "w_2")
    dim: ClassVar[int] = 2
    minima: ClassVar[NDArray[np.float64]] = _HIMMELBLAU_MINIMA
    minimizer: ClassVar[NDArray[np.float64]] = _HIMMELBLAU_MINIMA[0]

    def loss(self, theta: ArrayLike) -> NDArray[np.float64]:
        w1, w2 = _pair(theta)
        with np.errstate(over="ignore", invalid="ignore"):
            return (w1**2 + w2 - 11.0) ** 2 + (w1 + w2**2 - 7.0) ** 2

    def grad(self, theta: ArrayLike) -> NDArray[np.float64]:
        w1, w2 = _pair(theta)
        with np.errstate(over="ignore", invalid="ignore"):
            p, q = w1**2 + w2 - 11.0, w1 + w2**2 - 7.0
            return np.stack([4.0 * w1 * p + 2.0 * q, 2.0 * p + 4.0 * w2 * q], axis=-1)


def himmelblau() -> Himmelblau:
    r"""Himmelblau's function, with four minima of value 0: a race's finish depends on its start.

    Returns
    -------
    Himmelblau

    Examples
    --------
    >>> from gdviz.core.landscapes import himmelblau
    >>> L = himmelblau()
    >>> L.minima.round(6).tolist()
    [[3.0, 2.0], [-2.805118, 3.131313], [-3.77931, -3.283186], [3.584428, -1.848127]]
    >>> float(L.loss([0.0, 0.0])), L.grad([0.0, 0.0]).tolist()
    (170.0, [-14.0, -22.0])
    """
    return Himmelblau()


@dataclass(frozen=True)
class Saddle(Objective):
    r"""The saddle :math:`L(w_1, w_2) = w_1^2 - w_2^2`, gradient :math:`(2 w_1, -2 w_2)`.

    The origin is a critical point (zero gradient) but no minimum: the loss rises along
    :math:`w_1` and falls along :math:`w_2`, without bound. So ``minimizer`` is ``None``,
    ``minima`` is empty and ``saddle_point`` (also ``critical_points``) is the origin. Descent
    started exactly on the :math:`w_1` axis walks into the saddle and stops there; any other
    start escapes along :math:`w_2`.
    """

    name: str = "saddle"
    formula: str = r"$L(w_1, w_2) = w_1^2 - w_2^2$"
    param_names: tuple[str, ...] = ("w_1", "w_2")
    dim: ClassVar[int] = 2
    saddle_point: ClassVar[NDArray[np.float64]] = readonly([0.0, 0.0])
    critical_points: ClassVar[NDArray[np.float64]] = readonly([[0.0, 0.0]])

    def loss(self, theta: ArrayLike) -> NDArray[np.float64]:
        w1, w2 = _pair(theta)
        with np.errstate(over="ignore", invalid="ignore"):
            return w1**2 - w2**2

    def grad(self, theta: ArrayLike) -> NDArray[np.float64]:
        w1, w2 = _pair(theta)
        with np.errstate(over="ignore"):
            return np.stack([2.0 * w1, -2.0 * w2], axis=-1)


def saddle() -> Saddle:
    r"""The saddle :math:`w_1^2 - w_2^2`: zero gradient at the origin, yet no minimum anywhere.

    Returns
    -------
    Saddle

    Examples
    --------
    >>> import numpy as np
    >>> from gdviz.core.landscapes import saddle
    >>> L = saddle()
    >>> bool(np.all(L.grad(L.saddle_point) == 0)), L.minimizer, L.minima.shape
    (True, None, (0, 2))
    >>> [float(L.loss([0.0, w2])) for w2 in (0.0, 1.0, 2.0)]
    [0.0, -1.0, -4.0]
    """
    return Saddle()
