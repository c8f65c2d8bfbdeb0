r"""Objectives: a loss and its gradient, vectorized over a leading batch axis.

Every objective is an :class:`Objective` with ``dim`` parameters and two methods that work on
the last axis:

* ``loss(theta)``: ``(..., dim) -> (...)`` (a ``float`` for one point),
* ``grad(theta)``: ``(..., dim) -> (..., dim)``.

So one call evaluates a single point, a batch of runs or a whole contour grid
(``np.stack([W1, W2], axis=-1)``). The rest of the contract (``name``, ``formula``,
``param_names``, ``minimizer``, ``minima``, ``critical_points``, ``n_samples``) is checked once,
when the objective is made, so the pictures and the descent loop can simply ask for it.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .constraints import FINITE, FINITE_POSITIVE, Integer, NoneOr, Text, as_float_array, check_theta

__all__ = ["Objective", "check_objective", "default_param_names",
           "Quadratic", "DoubleWell", "FunctionObjective",
           "parabola", "bowl", "double_well", "from_function"]


def default_param_names(dim: int) -> tuple[str, ...]:
    """The parameter names used when an objective gives none: ``("w",)``, or ``("w_1", ..., "w_d")``.

    Examples
    --------
    >>> default_param_names(1), default_param_names(3)
    (('w',), ('w_1', 'w_2', 'w_3'))
    """
    return ("w",) if dim == 1 else tuple(f"w_{j + 1}" for j in range(dim))


class Objective:
    r"""The base class of every objective: what the loop, the pictures and the explorers rely on.

    Attributes
    ----------
    dim : int
        Number of parameters, at least 1.
    name : str
        A short name for titles and sentences ("bowl", "Rosenbrock").
    formula : str
        The loss in LaTeX between dollar signs (``"$L(w) = w^2$"``), or ``""``.
    param_names : tuple of str
        One name per parameter, as LaTeX without dollars (``("w",)``, ``("w_1", "w_2")``,
        ``("w", "b")``); when left empty, :func:`default_param_names` fills it in.
    minimizer : ndarray of shape (dim,) or None
        The global minimum, when known.
    minima : ndarray of shape (m, dim)
        Every known minimum (the minimizer among them); by default the minimizer alone, or none.
    critical_points : ndarray of shape (m, dim) or None
        Other points where the gradient vanishes (maxima, saddles), when known; one-parameter
        objectives may give shape ``(m,)``.
    n_samples : int or None
        ``None`` for objectives without data. Objectives fitted to data give the number of
        samples and also have ``batch_grad(theta, index)``, the gradient estimated from the
        samples ``index``.

    Methods ``loss(theta)`` ``(..., dim) -> (...)`` and ``grad(theta)`` ``(..., dim) -> (..., dim)``.

    A subclass written as a dataclass is checked when made (``__post_init__``); any other
    subclass calls ``self._validate()`` at the end of its ``__init__``.

    Raises
    ------
    ValueError, TypeError
        Naming the attribute that breaks the contract (``dim``, ``name``, ``formula``,
        ``param_names``, ``minimizer``, ``minima``, ``critical_points``, ``n_samples``).

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> import numpy as np
    >>> from gdviz.core.objectives import Objective
    >>> @dataclass(frozen=True)
    ... class Shifted(Objective):
    ...     dim: int = 1
    ...     name: str = "shifted parabola"
    ...     formula: str = "$L(w) = (w - 2)^2$"
    ...     minimizer = np.array([2.0])
    ...     def loss(self, theta):
    ...         return (np.asarray(theta, dtype=float)[..., 0] - 2.0) ** 2
    ...     def grad(self, theta):
    ...         return 2.0 * (np.asarray(theta, dtype=float) - 2.0)
    >>> L = Shifted()
    >>> L.param_names, L.minima.tolist(), float(L.loss([5.0]))
    (('w',), [[2.0]], 9.0)
    """

    dim: int
    name: str = "objective"
    formula: str = ""
    param_names: tuple[str, ...] = ()
    minimizer: NDArray[np.float64] | None = None
    critical_points: NDArray[np.float64] | None = None
    n_samples: int | None = None

    def loss(self, theta: ArrayLike) -> NDArray[np.float64]:
        raise NotImplementedError(f"{type(self).__name__} must define loss(theta).")

    def grad(self, theta: ArrayLike) -> NDArray[np.float64]:
        raise NotImplementedError(f"{type(self).__name__} must define grad(theta).")

    def loss_and_grad(self, theta: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """``(loss(theta), grad(theta))``, the same numbers; an objective may share work between them."""
        return self.loss(theta), self.grad(theta)

    def _repr_latex_(self) -> str | None:
        """In a notebook, an objective left as a cell's last line shows its formula, typeset."""
        return self.formula or None

    @property
    def minima(self) -> NDArray[np.float64]:
        minimizer = self.minimizer
        if minimizer is None:
            return np.empty((0, self.dim))
        return np.asarray(minimizer, dtype=float)[None, :]

    def __post_init__(self) -> None:
        self._validate()

    def _validate(self, fixed_dim: int | None = None) -> None:
        """Check the contract once (``fixed_dim``: the only ``dim`` this kind of objective has)."""
        dim = self.dim
        if fixed_dim is not None and dim != fixed_dim:
            raise ValueError(f"dim must be {fixed_dim} for a {self.name} objective. "
                             f"Got {dim!r} instead.")
        Integer(1).check(dim, "dim")
        Text().check(self.name, "name")
        _check_formula(self.formula)
        object.__setattr__(self, "param_names", _checked_names(self.param_names, dim))
        minimizer = self.minimizer
        if minimizer is not None:
            _check_points(minimizer, "minimizer", (dim,))
        minima = _check_points(self.minima, "minima", (-1, dim))
        if minimizer is not None and not np.any(np.all(np.isclose(minima, minimizer), axis=1)):
            raise ValueError(f"minima must include the minimizer {np.ravel(minimizer).tolist()}.")
        if self.critical_points is not None:
            _check_points(self.critical_points, "critical_points", (-1, dim))
        n = self.n_samples
        if n is not None:
            NoneOr(Integer(1)).check(n, "n_samples")
            if not callable(getattr(self, "batch_grad", None)):
                raise TypeError("an objective with n_samples must have batch_grad(theta, index).")


def _check_formula(formula: Any) -> None:
    if not isinstance(formula, str):
        raise TypeError(f"formula must be a string. Got {formula!r} instead.")
    dollars = formula.count("$")
    if formula and (dollars < 2 or dollars % 2):
        raise ValueError("formula must be LaTeX between dollar signs, such as '$L(w) = w^2$', "
                         f"or ''. Got {formula!r} instead.")


def _checked_names(names: Any, dim: int) -> tuple[str, ...]:
    """``names`` as a tuple of ``dim`` non-empty strings (the default names when empty)."""
    if isinstance(names, str):
        raise TypeError(f"param_names must be a tuple of names such as ('w_1', 'w_2'). "
                        f"Got {names!r} instead.")
    names = tuple(names or ()) or default_param_names(dim)
    if len(names) != dim or not all(isinstance(n, str) and n for n in names):
        raise ValueError(f"param_names must hold {dim} name(s), one per parameter. "
                         f"Got {names!r} instead.")
    return names


def _check_points(points: Any, name: str, shape: tuple[int, ...]) -> NDArray[np.float64]:
    """Finite points of ``shape`` (``-1``: any count; a 1-D array counts as points of one parameter)."""
    array = np.asarray(points, dtype=float)
    if shape[0] == -1 and shape[1] == 1 and array.ndim == 1:
        array = array[:, None]
    fits = array.ndim == len(shape) and all(s in (-1, a) for s, a in zip(shape, array.shape))
    if not fits or not np.all(np.isfinite(array)):
        wanted = "(dim,)" if len(shape) == 1 else "(m, dim)"
        raise ValueError(f"{name} must be finite numbers of shape {wanted} with dim = {shape[-1]}. "
                         f"Got shape {array.shape}: {array.tolist()!r}.")
    return array


def check_objective(objective: Any, dim: int | tuple[int, ...] | None = None,
                    where: str = "objective") -> Objective:
    """``objective`` itself, after checking that it is an :class:`Objective` with ``dim`` parameters.

    Parameters
    ----------
    objective : Objective
    dim : int or tuple of int, optional
        The number of parameters ``where`` needs (one of them, for a tuple).
    where : str
        Who needs it, for the message (``"explore_lr_1d"``, ``"ContourView"``).

    Returns
    -------
    Objective

    Raises
    ------
    TypeError
        If ``objective`` is not an :class:`Objective`.
    ValueError
        If it has another number of parameters than ``dim``.

    Examples
    --------
    >>> import gdviz
    >>> check_objective(gdviz.bowl(), 2).name
    'bowl'
    >>> check_objective(gdviz.bowl(), 1, "explore_lr_1d")
    Traceback (most recent call last):
    ...
    ValueError: explore_lr_1d needs an objective with 1 parameter(s); 'bowl' has 2.
    """
    if not isinstance(objective, Objective):
        raise TypeError("objective must be a gdviz objective such as gdviz.parabola(), or your "
                        "own function wrapped with gdviz.from_function(...). "
                        f"Got {objective!r} instead.")
    dims = () if dim is None else (dim,) if isinstance(dim, int) else tuple(dim)
    if dims and objective.dim not in dims:
        wanted = " or ".join(str(d) for d in dims)
        raise ValueError(f"{where} needs an objective with {wanted} parameter(s); "
                         f"{objective.name!r} has {objective.dim}.")
    return objective


# ---------------------------------------------------------------------------------------------
# Quadratics and the double well

@dataclass(frozen=True)
class Quadratic(Objective):
    r"""A separable quadratic :math:`L(\theta) = \sum_j c_j \theta_j^2`, minimum 0 at the origin.

    Its gradient is :math:`\partial L / \partial \theta_j = 2 c_j \theta_j`. The curvatures must be
    positive (a negative one makes a saddle: see :func:`gdviz.core.landscapes.saddle`).

    Examples
    --------
    >>> from gdviz.core.objectives import Quadratic
    >>> L = Quadratic((1.0, 4.0))
    >>> L.param_names, L.grad([1.0, 1.0]).tolist()
    (('w_1', 'w_2'), [2.0, 8.0])
    """

    curvatures: tuple[float, ...]
    name: str = "quadratic"
    formula: str = ""
    param_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        c = as_float_array(self.curvatures, "curvatures")
        if c.ndim != 1 or c.size == 0 or not np.all(np.isfinite(c)) or np.any(c <= 0):
            raise ValueError("curvatures must be positive finite numbers, one per parameter. "
                             f"Got {self.curvatures!r} instead.")
        object.__setattr__(self, "curvatures", tuple(float(v) for v in c))
        super().__post_init__()

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
    if c.shape != (2,):
        raise ValueError(
            f"curvatures must be two positive finite numbers. Got {curvatures!r} instead."
        )
    a, b = (float(v) for v in c)

    def term(k: float, j: int) -> str:
        return f"w_{j}^2" if k == 1.0 else rf"{k:g}\,w_{j}^2"

    formula = f"$L(w_1, w_2) = {term(a, 1)} + {term(b, 2)}$"
    return Quadratic((a, b), name="bowl", formula=formula, param_names=("w_1", "w_2"))


@dataclass(frozen=True)
class DoubleWell(Objective):
    r"""A tilted double well :math:`L(w) = w^4 - 3w^2 + t\,w`: two valleys, one deeper.

    With the default tilt ``t = 1`` the global minimum is near :math:`w \approx -1.30`
    and a local minimum near :math:`w \approx 1.13`; which one descent finds depends on the start.
    """

    tilt: float = 1.0
    name: str = "double well"
    param_names: tuple[str, ...] = ("w",)
    dim: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "tilt", FINITE.check(self.tilt, "tilt"))
        self._validate(fixed_dim=1)

    @property
    def formula(self) -> str:
        t = self.tilt
        tail = "" if t == 0 else (f" {'+' if t > 0 else '-'} " + ("w" if abs(t) == 1 else rf"{abs(t):g}\,w"))
        return f"$L(w) = w^4 - 3w^2{tail}$"

    @property
    def critical_points(self) -> NDArray[np.float64]:
        """The real roots of :math:`L'(w) = 4w^3 - 6w + t`, sorted (minimum, maximum, minimum), shape (m,)."""
        roots = np.roots([4.0, 0.0, -6.0, self.tilt])
        return np.sort(roots[np.abs(roots.imag) < 1e-9].real)

    @property
    def minima(self) -> NDArray[np.float64]:
        """The critical points where :math:`L''(w) = 12w^2 - 6 > 0`, shape ``(m, 1)``."""
        points = self.critical_points
        return points[12.0 * points**2 - 6.0 > 0][:, None]

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
    return DoubleWell(tilt=tilt)


# ---------------------------------------------------------------------------------------------
# A learner's own function

class BadReturnValue(ValueError):
    """A learner's loss or gradient returned something that is not the numbers it should."""


def _at(names: tuple[str, ...], point: Any) -> str:
    """``"w = 0.5"`` or ``"(a, b) = (0.5, 0.5)"``."""
    values = [f"{float(v):g}" for v in point]
    if len(names) == 1:
        return f"{names[0]} = {values[0]}"
    return f"({', '.join(names)}) = ({', '.join(values)})"


def _whole_arrays(out: Any, count: int | None, shape: tuple[int, ...]) -> NDArray | None:
    """What ``func`` gave for whole arrays, if it is exactly one value (or ``count``) per point."""
    parts = [out] if count is None or (count == 1 and np.shape(out) == shape) else list(out)
    arrays = [np.asarray(p) for p in parts]
    if (count is not None and len(arrays) != count) or any(
            a.dtype.kind not in "biuf" or a.shape != shape for a in arrays):
        return None
    return arrays[0].astype(float) if count is None else np.stack(arrays, -1).astype(float)


def _point_numbers(value: Any, count: int | None, what: str, names: tuple[str, ...],
                   point: Any) -> Any:
    """The number (or ``count`` numbers) ``func`` gave at a point; else :class:`BadReturnValue`."""
    where = _at(names, point)
    if value is None:
        raise BadReturnValue(f"{what} returned None at {where}: does it end with a `return ...` line?")
    sequence = isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray) and value.ndim > 0)
    parts = list(value) if count is not None and sequence else [value]
    if count is not None and len(parts) != count:
        raise BadReturnValue(f"{what} must return {count} number(s) at each point, the partial "
                         f"derivatives by {', '.join(names)}. Got {value!r} at {where}.")
    numbers_ = []
    for part in parts:
        try:
            array = np.asarray(part)
        except ValueError:  # a ragged list
            array = np.asarray(part, dtype=object)
        if array.dtype.kind == "c":
            raise BadReturnValue(f"{what} must return real numbers. Got the complex number {part!r} "
                             f"at {where}.")
        if array.dtype.kind not in "biuf" or array.size != 1:
            each = "one number for each point (the loss there)" if count is None else \
                "one number for each partial derivative"
            raise BadReturnValue(f"{what} must return {each}. Got {part!r} at {where}.")
        numbers_.append(array.reshape(-1)[0])
    return numbers_[0] if count is None else numbers_


def _on_arrays(func: Callable, names: tuple[str, ...], what: str,
               count: int | None) -> Callable[[NDArray], NDArray]:
    """Turn ``func(w1, ..., wd)`` into ``(..., d) -> (...)`` (``count=None``) or ``(..., count)``.

    numpy-style code runs once on whole arrays; when that fails or gives the wrong shape
    (scalar-only code such as ``math.exp``), ``func`` runs one point at a time and what it
    returns there is checked (``None``, complex numbers, several numbers where one is due).
    """
    def call(theta: NDArray) -> NDArray:
        args = [theta[..., j] for j in range(len(names))]
        shape = np.broadcast(*args).shape
        try:
            out = _whole_arrays(func(*args), count, shape)
        except (TypeError, ValueError):
            out = None
        if out is not None:
            return out
        points = zip(*(np.ravel(a).tolist() for a in np.broadcast_arrays(*args)))  # plain floats
        rows = [_point_numbers(func(*p), count, what, names, p) for p in points]
        return np.array(rows, dtype=float).reshape(shape + (() if count is None else (count,)))

    return call


def _check_function(func: Any, name: str) -> None:
    if not callable(func):
        raise TypeError(f"{name} must be a function of the parameters. Got {func!r} instead.")


@dataclass(frozen=True)
class FunctionObjective(Objective):
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
        _check_function(self.func, "loss")
        if self.derivative is not None:
            _check_function(self.derivative, "grad")
        object.__setattr__(self, "h", FINITE_POSITIVE.check(self.h, "h"))
        super().__post_init__()
        names = self.param_names
        object.__setattr__(self, "_loss", _on_arrays(self.func, names, "loss", None))
        grad = None if self.derivative is None else _on_arrays(self.derivative, names, "grad",
                                                                self.dim)
        object.__setattr__(self, "_grad", grad)
        self._probe()

    def _probe(self) -> None:
        """Try the loss and the gradient once at 0.5 for each parameter (nan or inf there is fine)."""
        point = np.full(self.dim, 0.5)
        for what, call in (("loss", self._loss), ("grad", self._grad)):
            if call is None:
                continue
            try:
                with np.errstate(all="ignore"):
                    call(point)
            except BadReturnValue:
                raise
            except Exception as error:
                raise ValueError(f"{what} fails at {_at(self.param_names, point)}, where gdviz "
                                 f"tries it: {type(error).__name__}: {error}") from error

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
        The loss, one positional argument per parameter (``lambda w: 2 * w**4``), returning one
        real number per point. numpy-style code is evaluated on whole arrays; scalar-only code
        (``math.exp``) also works.
    grad : callable, optional
        The derivative (one parameter) or a tuple of partial derivatives. When omitted the
        gradient is computed by central differences with relative step ``h``.
    h : float
        Finite-difference step, relative to ``max(1, |w|)``.
    name : str
    formula : str
        Your loss in LaTeX between dollar signs, for titles (``"$L(w) = 2w^4$"``), or ``""``.

    Returns
    -------
    FunctionObjective

    Raises
    ------
    TypeError, ValueError
        Naming ``loss`` or ``grad`` when one is not a function, takes no parameter, or, tried
        once at 0.5 for each parameter, raises an error or returns what is not one real number
        per point (``None`` from a forgotten ``return``, a complex number, a list) or not one
        partial derivative per parameter. A loss that is nan or inf there is accepted.

    Examples
    --------
    >>> import gdviz
    >>> exact = gdviz.from_function(lambda x: 2 * x**4, grad=lambda x: 8 * x**3)
    >>> numeric = gdviz.from_function(lambda x: 2 * x**4)
    >>> float(exact.grad(1.5)[0]), round(float(numeric.grad(1.5)[0]), 6)
    (27.0, 27.0)
    """
    _check_function(loss, "loss")
    if grad is not None and not callable(grad):
        raise TypeError(f"grad must be a function or None. Got {grad!r} instead.")
    params = [p for p in inspect.signature(loss).parameters.values()
              if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty]
    if not params:
        raise ValueError("loss must take at least one parameter, e.g. lambda w: w**2.")
    names = tuple(p.name for p in params)
    return FunctionObjective(loss, grad, dim=len(params), h=h, name=name,
                             formula=formula, param_names=names)
