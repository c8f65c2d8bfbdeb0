r"""Objectives: a loss and its gradient, vectorized over a leading batch axis.

Every objective has ``dim`` parameters and two methods that work on the last axis:

* ``loss(theta)``: ``(..., dim) -> (...)`` (a ``float`` for one point),
* ``grad(theta)``: ``(..., dim) -> (..., dim)``.

So one call evaluates a single point, a batch of runs or a whole contour grid
(``np.stack([W1, W2], axis=-1)``).
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import as_float_array, check_lr, check_theta

__all__ = ["Quadratic", "DoubleWell", "FunctionObjective",
           "parabola", "bowl", "double_well", "from_function"]


@dataclass(frozen=True)
class Quadratic:
    r"""A separable quadratic :math:`L(\theta) = \sum_j c_j \theta_j^2`, minimum 0 at the origin.

    Its gradient is :math:`\partial L / \partial \theta_j = 2 c_j \theta_j`.
    """

    curvatures: tuple[float, ...]
    name: str = "quadratic"
    formula: str = ""
    param_names: tuple[str, ...] = ()

    @property
    def dim(self) -> int:
        return len(self.curvatures)

    @property
    def minimizer(self) -> NDArray[np.float64]:
        return np.zeros(self.dim)

    def loss(self, theta: ArrayLike) -> NDArray[np.float64]:
        theta = check_theta(theta, self.dim)
        return np.sum(np.asarray(self.curvatures) * theta**2, axis=-1)

    def grad(self, theta: ArrayLike) -> NDArray[np.float64]:
        theta = check_theta(theta, self.dim)
        return 2.0 * np.asarray(self.curvatures) * theta


def parabola() -> Quadratic:
    r"""The one-parameter loss :math:`L(w) = w^2`, with :math:`dL/dw = 2w`.

    Examples
    --------
    >>> import gdviz
    >>> L = gdviz.parabola()
    >>> float(L.loss(5.0)), L.grad(5.0).tolist()
    (25.0, [10.0])
    """
    return Quadratic((1.0,), name="parabola", formula=r"$L(w) = w^2$", param_names=("w",))


def bowl(curvatures: tuple[float, float] = (1.0, 1.0)) -> Quadratic:
    r"""The bowl :math:`L(w_1, w_2) = a\,w_1^2 + b\,w_2^2` (round by default, ``a = b = 1``).

    Unequal ``curvatures`` give an elongated bowl, the valley in which plain descent zig-zags.

    Examples
    --------
    >>> import gdviz
    >>> L = gdviz.bowl()
    >>> float(L.loss([5, -4])), L.grad([5, -4]).tolist()
    (41.0, [10.0, -8.0])
    """
    c = as_float_array(curvatures, "curvatures")
    if c.shape != (2,) or not np.all(np.isfinite(c)) or np.any(c <= 0):
        raise ValueError(
            f"curvatures must be two positive finite numbers. Got {curvatures!r} instead."
        )
    a, b = (float(v) for v in c)

    def term(k: float, j: int) -> str:
        return f"w_{j}^2" if k == 1.0 else rf"{k:g}\,w_{j}^2"

    formula = f"$L(w_1, w_2) = {term(a, 1)} + {term(b, 2)}$"
    return Quadratic((a, b), name="bowl", formula=formula, param_names=("w_1", "w_2"))


@dataclass(frozen=True)
class DoubleWell:
    r"""A tilted double well :math:`L(w) = w^4 - 3w^2 + t\,w`: two valleys, one deeper.

    With the default tilt ``t = 1`` the global minimum is near :math:`w \approx -1.30`
    and a local minimum near :math:`w \approx 1.13`; which one descent finds depends on the start.
    """

    tilt: float = 1.0
    name: str = "double well"
    param_names: tuple[str, ...] = ("w",)
    dim: int = 1

    @property
    def formula(self) -> str:
        t = self.tilt
        tail = "" if t == 0 else (f" {'+' if t > 0 else '-'} " + ("w" if abs(t) == 1 else rf"{abs(t):g}\,w"))
        return f"$L(w) = w^4 - 3w^2{tail}$"

    @property
    def critical_points(self) -> NDArray[np.float64]:
        """The real roots of :math:`L'(w) = 4w^3 - 6w + t`, sorted (minimum, maximum, minimum)."""
        roots = np.roots([4.0, 0.0, -6.0, self.tilt])
        return np.sort(roots[np.abs(roots.imag) < 1e-9].real)

    @property
    def minimizer(self) -> NDArray[np.float64]:
        points = self.critical_points
        return points[[np.argmin(self.loss(points[:, None]))]]

    def loss(self, theta: ArrayLike) -> NDArray[np.float64]:
        w = check_theta(theta, 1)[..., 0]
        return w**4 - 3.0 * w**2 + self.tilt * w

    def grad(self, theta: ArrayLike) -> NDArray[np.float64]:
        w = check_theta(theta, 1)
        return 4.0 * w**3 - 6.0 * w + self.tilt


def double_well(tilt: float = 1.0) -> DoubleWell:
    r"""A non-convex loss with a local and a global minimum, :math:`L(w) = w^4 - 3w^2 + t\,w`.

    Examples
    --------
    >>> import gdviz
    >>> L = gdviz.double_well()
    >>> [round(float(w), 3) for w in L.critical_points]
    [-1.301, 0.17, 1.131]
    """
    if isinstance(tilt, bool) or not np.isfinite(as_float_array(tilt, "tilt")).all():
        raise ValueError(f"tilt must be a finite number. Got {tilt!r} instead.")
    return DoubleWell(tilt=float(tilt))


def _vectorized(func: Callable, dim: int) -> Callable[[NDArray], NDArray]:
    """Call ``func(w1, ..., wd)`` on arrays, falling back to ``np.vectorize`` for scalar-only code."""
    vectorized = np.vectorize(func, otypes=[float])

    def call(theta: NDArray) -> NDArray:
        args = [theta[..., j] for j in range(dim)]
        try:
            out = np.asarray(func(*args), dtype=float)
            if out.shape == np.broadcast(*args).shape:
                return out
        except (TypeError, ValueError):
            pass
        return np.asarray(vectorized(*args), dtype=float)

    return call


@dataclass(frozen=True)
class FunctionObjective:
    """An objective wrapping a learner's own function (see :func:`from_function`)."""

    func: Callable
    derivative: Callable | None
    dim: int
    h: float
    name: str = "your function"
    formula: str = ""
    param_names: tuple[str, ...] = ()
    _loss: Callable = field(init=False, repr=False, compare=False)
    _grad: Callable | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_loss", _vectorized(self.func, self.dim))
        grad = None if self.derivative is None else _vectorized_parts(self.derivative, self.dim)
        object.__setattr__(self, "_grad", grad)

    @property
    def uses_finite_differences(self) -> bool:
        return self.derivative is None

    def loss(self, theta: ArrayLike) -> NDArray[np.float64]:
        theta = check_theta(theta, self.dim)
        return self._loss(theta)

    def grad(self, theta: ArrayLike) -> NDArray[np.float64]:
        theta = check_theta(theta, self.dim)
        if self._grad is not None:
            return self._grad(theta)
        return central_difference(self._loss, theta, self.h)


def _vectorized_parts(derivative: Callable, dim: int) -> Callable[[NDArray], NDArray]:
    """Turn ``derivative(w1, ..., wd) -> (dL/dw1, ..., dL/dwd)`` into ``(..., d) -> (..., d)``."""
    if dim == 1:
        one = _vectorized(derivative, 1)
        return lambda theta: one(theta)[..., None]
    parts = [_vectorized(lambda *w, j=j: derivative(*w)[j], dim) for j in range(dim)]
    return lambda theta: np.stack([p(theta) for p in parts], axis=-1)


def central_difference(loss: Callable[[NDArray], NDArray], theta: NDArray, h: float) -> NDArray:
    r"""Gradient by central differences, :math:`(L(\theta + h e_j) - L(\theta - h e_j)) / 2h`.

    The step is scaled with the size of each coordinate, ``h * max(1, |theta_j|)``.
    """
    theta = np.asarray(theta, dtype=float)
    grad = np.empty_like(theta)
    with np.errstate(over="ignore", invalid="ignore"):
        for j in range(theta.shape[-1]):
            step = h * np.maximum(1.0, np.abs(theta[..., j]))
            up, down = theta.copy(), theta.copy()
            up[..., j] += step
            down[..., j] -= step
            grad[..., j] = (loss(up) - loss(down)) / (up[..., j] - down[..., j])
    return grad


def from_function(loss: Callable, grad: Callable | None = None, *, h: float = 1e-5,
                  name: str = "your function", formula: str = "") -> FunctionObjective:
    r"""Wrap your own loss ``loss(w1, ..., wd)`` as an objective.

    Parameters
    ----------
    loss : callable
        The loss, one positional argument per parameter (``lambda w: 2 * w**4``).
        numpy-style code is evaluated on whole arrays; scalar-only code (``math.exp``) also works.
    grad : callable, optional
        The derivative (one parameter) or a tuple of partial derivatives. When omitted the
        gradient is computed by central differences with relative step ``h``.
    h : float
        Finite-difference step, relative to ``max(1, |w|)``.

    Examples
    --------
    >>> import gdviz
    >>> exact = gdviz.from_function(lambda x: 2 * x**4, grad=lambda x: 8 * x**3)
    >>> numeric = gdviz.from_function(lambda x: 2 * x**4)
    >>> float(exact.grad(1.5)[0]), round(float(numeric.grad(1.5)[0]), 6)
    (27.0, 27.0)
    """
    if not callable(loss):
        raise TypeError(f"loss must be a function of the parameters. Got {loss!r} instead.")
    if grad is not None and not callable(grad):
        raise TypeError(f"grad must be a function or None. Got {grad!r} instead.")
    h = check_lr(h, name="h")
    params = [p for p in inspect.signature(loss).parameters.values()
              if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty]
    if not params:
        raise ValueError("loss must take at least one parameter, e.g. lambda w: w**2.")
    names = tuple(p.name for p in params)
    return FunctionObjective(loss, grad, dim=len(params), h=h, name=name,
                             formula=formula, param_names=names)
