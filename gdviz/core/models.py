r"""Models fitted to a data matrix: linear least squares and logistic regression with an L2 penalty.

Each is an :class:`~gdviz.core.objectives.Objective` over the weights of the ``d`` columns of a
data matrix :math:`X` (``n`` rows, one per sample) and, by default, an intercept :math:`b` as the
last parameter. Both average over the samples (``reduction="mean"`` in the neuron's words), so one
learning rate suits any number of samples, and both have ``batch_grad(theta, index)``: the mean
gradient over the samples ``index``, which :func:`gdviz.optimize` uses for mini-batches
(``batch_size=n`` is exactly full-batch descent). The update rules and the loop run them unchanged.

With the design matrix :math:`A = [X \; \mathbf 1]` (one row :math:`a_i = (x_i, 1)` per sample):

* least squares :math:`L(\theta) = \frac{1}{2n}\lVert A\theta - y\rVert^2`, gradient
  :math:`A^\top (A\theta - y)/n`, Hessian :math:`A^\top A / n` (the same everywhere);
* logistic :math:`L(\theta) = \frac1n \sum_i [\ln(1 + e^{z_i}) - y_i z_i] + \frac{\lambda}{2}\lVert w\rVert^2`
  with :math:`z_i = a_i \cdot \theta`, gradient :math:`A^\top(\sigma(z) - y)/n + \lambda w` (the intercept
  is not penalized, as in scikit-learn).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .constraints import BOOLEAN, NON_NEGATIVE, as_float_array, check_index, check_theta, readonly
from .neuron import sigmoid
from .objectives import Objective

__all__ = ["LeastSquares", "LogisticRegression", "linear_regression", "logistic_regression"]


def _data(X: ArrayLike, y: ArrayLike) -> tuple[NDArray, NDArray]:
    """``X`` as an ``(n, d)`` float matrix and ``y`` as ``(n,)``, both finite."""
    X, y = as_float_array(X, "X"), as_float_array(y, "y")
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2 or X.shape[0] < 1 or X.shape[1] < 1:
        raise ValueError(f"X must be a matrix of shape (n_samples, n_features). Got shape {X.shape}.")
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must hold one target per row of X, shape ({X.shape[0]},). "
                         f"Got shape {y.shape}.")
    if not (np.all(np.isfinite(X)) and np.all(np.isfinite(y))):
        raise ValueError("X and y must contain only finite numbers.")
    return X, y


def _names(feature_names: Any, d: int, intercept: bool) -> tuple[str, ...]:
    """Parameter names: ``w_{name}`` per feature (``w_1 ... w_d`` by default), then ``b``."""
    if feature_names is None:
        names = [f"w_{{{j + 1}}}" for j in range(d)]
    else:
        given = [str(name) for name in feature_names]
        if isinstance(feature_names, str) or len(given) != d or not all(given):
            raise ValueError(f"feature_names must hold {d} name(s), one per column of X. "
                             f"Got {feature_names!r} instead.")
        names = [f"w_{{{name.replace('_', '')}}}" for name in given]
    return tuple(names + (["b"] if intercept else []))


@dataclass(frozen=True, eq=False)
class _DataModel(Objective):
    """What both models share: the data, the design matrix, the index checks and the scaling."""

    X: NDArray[np.float64]
    y: NDArray[np.float64]
    fit_intercept: bool = True
    feature_names: tuple[str, ...] | None = None
    name: str = ""
    formula: str = ""
    param_names: tuple[str, ...] = ()
    _design: NDArray[np.float64] = field(init=False, repr=False)

    def _setup(self, default_name: str, formula: str) -> None:
        X, y = _data(self.X, self.y)
        BOOLEAN.check(self.fit_intercept, "fit_intercept")
        object.__setattr__(self, "X", readonly(X))
        object.__setattr__(self, "y", readonly(y))
        design = np.hstack([X, np.ones((X.shape[0], 1))]) if self.fit_intercept else X
        object.__setattr__(self, "_design", readonly(design))
        if not self.param_names:
            object.__setattr__(self, "param_names",
                               _names(self.feature_names, X.shape[1], bool(self.fit_intercept)))
        if self.feature_names is not None:
            object.__setattr__(self, "feature_names", tuple(str(n) for n in self.feature_names))
        object.__setattr__(self, "name", self.name or default_name)
        object.__setattr__(self, "formula", self.formula or formula)
        self._validate()

    @property
    def dim(self) -> int:
        return int(self._design.shape[1])

    @property
    def n_samples(self) -> int:
        return int(self._design.shape[0])

    @property
    def design(self) -> NDArray[np.float64]:
        """The matrix :math:`A`: ``X`` with a column of ones appended for the intercept (read-only)."""
        return self._design

    def scores(self, theta: ArrayLike, X: ArrayLike | None = None) -> NDArray[np.float64]:
        r""":math:`z_i = w \cdot x_i + b` for every row of ``X`` (the model's data by default), shape ``(..., n)``."""
        theta = check_theta(theta, self.dim)
        if X is None:
            design = self._design
        else:
            X = as_float_array(X, "X")
            X = X[:, None] if X.ndim == 1 else X
            if X.ndim != 2 or X.shape[1] != self.X.shape[1]:
                raise ValueError(f"X must have {self.X.shape[1]} column(s), as the data the model "
                                 f"was made with. Got shape {X.shape}.")
            design = np.hstack([X, np.ones((X.shape[0], 1))]) if self.fit_intercept else X
        with np.errstate(over="ignore", invalid="ignore"):
            return theta @ design.T

    def _residual_grad(self, delta: NDArray, design: NDArray) -> NDArray:
        """The mean of ``delta_i a_i`` over the rows ``design``: shape ``(..., dim)`` (callers silence overflow)."""
        return delta @ design / design.shape[0]

    def grad(self, theta: ArrayLike) -> NDArray[np.float64]:
        """The gradient over every sample: :meth:`batch_grad` with no ``index``."""
        return self.batch_grad(theta)

    def _rows(self, index: ArrayLike | None) -> tuple[NDArray, NDArray]:
        if index is None:
            return self._design, self.y
        index = check_index(index, self.n_samples)
        return self._design[index], self.y[index]


@dataclass(frozen=True, eq=False)
class LeastSquares(_DataModel):
    r"""Linear least squares :math:`L(\theta) = \frac{1}{2n} \sum_i (a_i \cdot \theta - y_i)^2`.

    Parameters :math:`\theta = (w_1, \dots, w_d, b)` (no :math:`b` without an intercept). The
    factor :math:`\tfrac12` makes the Hessian :math:`H = A^\top A / n` (:attr:`hessian`) with no 2 in
    front; it is the same at every point, so its eigenvalues decide how fast descent goes
    (the largest stable rate is :math:`2/\lambda_{\max}`) and its condition number
    :math:`\kappa = \lambda_{\max}/\lambda_{\min}` how many steps it takes. The exact answer
    solves the normal equations :math:`A^\top A\,\theta = A^\top y` (:attr:`minimizer`).
    Made by :func:`linear_regression`.
    """

    def __post_init__(self) -> None:
        self._setup("linear least squares",
                    r"$L(\theta) = \frac{1}{2n} \sum_i (w \cdot x_i + b - y_i)^2$" if self.fit_intercept
                    else r"$L(w) = \frac{1}{2n} \sum_i (w \cdot x_i - y_i)^2$")

    def sample_losses(self, theta: ArrayLike) -> NDArray[np.float64]:
        r"""Per-sample losses :math:`\tfrac12 (a_i \cdot \theta - y_i)^2`, shape ``(..., n)``."""
        with np.errstate(over="ignore", invalid="ignore"):
            return 0.5 * (self.scores(theta) - self.y) ** 2

    def loss(self, theta: ArrayLike) -> NDArray[np.float64]:
        with np.errstate(over="ignore", invalid="ignore"):
            return np.mean(self.sample_losses(theta), axis=-1)

    def batch_grad(self, theta: ArrayLike, index: ArrayLike | None = None) -> NDArray[np.float64]:
        r"""The mean gradient :math:`\frac{1}{|B|}\sum_{i \in B} (a_i \cdot \theta - y_i)\, a_i` over the samples ``index`` (all by default)."""
        theta = check_theta(theta, self.dim)
        design, y = self._rows(index)
        with np.errstate(over="ignore", invalid="ignore"):
            return self._residual_grad(theta @ design.T - y, design)

    @property
    def hessian(self) -> NDArray[np.float64]:
        r"""The Hessian :math:`A^\top A / n`, shape ``(dim, dim)``, the same at every point."""
        with np.errstate(all="ignore"):
            return self._design.T @ self._design / self.n_samples

    @cached_property
    def minimizer(self) -> NDArray[np.float64] | None:
        r"""The solution of the normal equations :math:`A^\top A\,\theta = A^\top y`; ``None`` if it is not unique.

        Not unique when the columns of :math:`A` are linearly dependent (fewer samples than
        parameters, a column repeated, or a constant column beside the intercept).
        """
        design = self._design
        with np.errstate(all="ignore"):  # data near the float limits: no answer rather than a warning
            if not np.all(np.isfinite(design.T @ design)) or np.linalg.matrix_rank(design) < self.dim:
                return None
            try:
                theta = np.linalg.solve(design.T @ design, design.T @ self.y)
            except np.linalg.LinAlgError:
                return None
        return theta if np.all(np.isfinite(theta)) else None


@dataclass(frozen=True, eq=False)
class LogisticRegression(_DataModel):
    r"""Logistic regression: the mean cross-entropy of :math:`\sigma(a_i \cdot \theta)` plus :math:`\tfrac{\lambda}{2}\lVert w\rVert^2`.

    .. math:: L(\theta) = \frac1n \sum_i \bigl[\ln(1 + e^{z_i}) - y_i z_i\bigr]
              + \frac{\lambda}{2} \lVert w \rVert^2, \qquad z_i = w \cdot x_i + b,

    which equals :math:`-\frac1n\sum_i [y_i \ln \sigma(z_i) + (1 - y_i)\ln(1 - \sigma(z_i))]` plus the
    penalty, computed without overflow for any :math:`z_i`. The gradient is
    :math:`\frac1n \sum_i (\sigma(z_i) - y_i)\, a_i + \lambda (w, 0)`: the sigmoid neuron's
    cross-entropy gradient of lesson 05, one weight per feature. The intercept is not penalized
    (scikit-learn's convention). scikit-learn's ``LogisticRegression(C=...)`` minimizes
    :math:`C \sum_i [\dots] + \tfrac12 \lVert w\rVert^2`, which is :math:`nC` times this loss with
    :math:`\lambda = 1/(nC)`: the same minimum. ``batch_grad`` adds the whole penalty to every
    mini-batch's mean gradient, so it stays an unbiased estimate. Made by :func:`logistic_regression`.
    """

    l2: float = 0.0

    def __post_init__(self) -> None:
        l2 = NON_NEGATIVE.check(self.l2, "l2")
        object.__setattr__(self, "l2", l2)
        ys = as_float_array(self.y, "y")
        if ys.size and not np.all((ys == 0) | (ys == 1)):
            raise ValueError("y must hold class labels 0 and 1 for logistic regression. "
                             f"Got values {np.unique(ys)[:5].tolist()}.")
        penalty = r" + \frac{\lambda}{2}\Vert w \Vert^2" if l2 > 0 else ""  # \Vert: matplotlib typesets it
        self._setup("logistic regression",
                    r"$L(\theta) = \frac{1}{n} \sum_i [\ln(1 + e^{z_i}) - y_i z_i]" + penalty + "$")

    @property
    def _penalized(self) -> NDArray[np.float64]:
        """1 for each weight, 0 for the intercept."""
        return np.ones(self.dim) if not self.fit_intercept else np.append(np.ones(self.dim - 1), 0.0)

    def predict_proba(self, theta: ArrayLike, X: ArrayLike | None = None) -> NDArray[np.float64]:
        r"""The probability :math:`\sigma(z_i)` of class 1 for every row (the model's data by default)."""
        return sigmoid(self.scores(theta, X))

    def accuracy(self, theta: ArrayLike, X: ArrayLike | None = None,
                 y: ArrayLike | None = None) -> NDArray[np.float64]:
        r"""The share of rows whose class the model gets right (class 1 where :math:`z_i > 0`), shape ``(...)``."""
        z = self.scores(theta, X)
        labels = self.y if y is None else as_float_array(y, "y")
        if labels.shape != z.shape[-1:]:
            raise ValueError(f"y must hold one label per row of X, shape {z.shape[-1:]}. "
                             f"Got shape {labels.shape}.")
        return np.mean((z > 0) == (labels == 1), axis=-1)

    def sample_losses(self, theta: ArrayLike) -> NDArray[np.float64]:
        r"""Per-sample cross-entropies :math:`\ln(1 + e^{z_i}) - y_i z_i` (no penalty), shape ``(..., n)``."""
        return self._pieces(self.scores(theta), self.y)[0]

    @staticmethod
    def _pieces(z: NDArray, y: NDArray) -> tuple[NDArray, NDArray]:
        r"""Per-sample cross-entropies and :math:`\sigma(z_i)` from one :math:`e^{-|z_i|}`, for any :math:`z_i`.

        :math:`\ln(1 + e^{z}) = \max(z, 0) + \ln(1 + e^{-|z|})` and :math:`\ln(1 + e^{-z})` likewise,
        so neither overflows; the class-1 samples take the second.
        """
        with np.errstate(over="ignore", invalid="ignore"):
            e = np.exp(-np.abs(z))
            losses = np.where(y == 1, np.maximum(-z, 0.0), np.maximum(z, 0.0)) + np.log1p(e)
            p = np.where(z >= 0, 1.0, e) / (1.0 + e)
        return losses, p

    def _penalty(self, theta: NDArray) -> tuple[NDArray | float, NDArray | float]:
        """The penalty :math:`\\tfrac{\\lambda}{2}\\lVert w\\rVert^2` and its gradient (zeros without one)."""
        if self.l2 == 0:
            return 0.0, 0.0
        mask = self._penalized
        with np.errstate(over="ignore", invalid="ignore"):
            return 0.5 * self.l2 * np.sum(mask * theta ** 2, axis=-1), self.l2 * mask * theta

    def loss(self, theta: ArrayLike) -> NDArray[np.float64]:
        theta = check_theta(theta, self.dim)
        with np.errstate(over="ignore", invalid="ignore"):
            return np.mean(self.sample_losses(theta), axis=-1) + self._penalty(theta)[0]

    def batch_grad(self, theta: ArrayLike, index: ArrayLike | None = None) -> NDArray[np.float64]:
        r"""The mean cross-entropy gradient over the samples ``index`` (all by default), plus :math:`\lambda (w, 0)`."""
        theta = check_theta(theta, self.dim)
        design, y = self._rows(index)
        with np.errstate(over="ignore", invalid="ignore"):
            p = self._pieces(theta @ design.T, y)[1]
            return self._residual_grad(p - y, design) + self._penalty(theta)[1]

    def loss_and_grad(self, theta: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """:meth:`loss` and :meth:`grad` from one evaluation of the scores (the same numbers)."""
        theta = check_theta(theta, self.dim)
        with np.errstate(over="ignore", invalid="ignore"):
            losses, p = self._pieces(theta @ self._design.T, self.y)
            penalty, slope = self._penalty(theta)
            return (losses.sum(axis=-1) / self.n_samples + penalty,
                    self._residual_grad(p - self.y, self._design) + slope)

    def hessian(self, theta: ArrayLike) -> NDArray[np.float64]:
        r"""The Hessian :math:`A^\top \mathrm{diag}(p_i(1 - p_i)) A / n + \lambda\,\mathrm{diag}(1, \dots, 1, 0)` at one point."""
        theta = check_theta(theta, self.dim)
        if theta.ndim != 1:
            raise ValueError(f"theta must be one point, shape ({self.dim},). Got shape {theta.shape}.")
        with np.errstate(all="ignore"):
            p = sigmoid(self._design @ theta)
            weighted = self._design * (p * (1.0 - p))[:, None]
            return self._design.T @ weighted / self.n_samples + np.diag(self.l2 * self._penalized)

    @cached_property
    def minimizer(self) -> NDArray[np.float64] | None:
        r"""The minimum, found by Newton's method (with halved steps when a step raises the loss).

        ``None`` without a penalty (``l2 = 0``): on data a line separates, the weights would grow
        forever. The loss is convex, so Newton's method finds its one minimum in a few steps.
        """
        if self.l2 == 0:
            return None
        with np.errstate(all="ignore"):  # data near the float limits: no answer rather than a warning
            theta = self._newton()
        return theta if theta is not None and np.all(np.isfinite(theta)) else None

    def _newton(self) -> NDArray[np.float64] | None:
        theta = np.zeros(self.dim)
        loss = float(self.loss(theta))
        for _ in range(100):
            grad = self.grad(theta)
            if not np.all(np.isfinite(grad)):
                return None
            if np.max(np.abs(grad)) < 1e-13:
                break
            try:
                step = np.linalg.solve(self.hessian(theta), grad)
            except np.linalg.LinAlgError:
                return None
            scale = 1.0
            while scale > 1e-10:
                trial = theta - scale * step
                trial_loss = float(self.loss(trial))
                if trial_loss <= loss:
                    break
                scale /= 2.0
            else:
                break  # no step lowers the loss any more: as close as floating point gets
            theta, loss = trial, trial_loss
        return theta


def linear_regression(X: ArrayLike, y: ArrayLike, *, fit_intercept: bool = True,
                      feature_names: Any = None) -> LeastSquares:
    r"""Linear least squares on a data matrix: :math:`L(\theta) = \frac{1}{2n}\sum_i (w \cdot x_i + b - y_i)^2`.

    Parameters
    ----------
    X : array_like, shape (n, d)
        One row per sample, one column per feature (a 1-D array is one feature).
    y : array_like, shape (n,)
        The targets.
    fit_intercept : bool
        Add the intercept :math:`b` as the last parameter.
    feature_names : sequence of str, optional
        Names of the columns, for the parameter names (``w_{bmi}``).

    Returns
    -------
    LeastSquares

    Raises
    ------
    ValueError, TypeError
        Naming ``X``, ``y``, ``fit_intercept`` or ``feature_names``.

    Examples
    --------
    >>> import gdviz
    >>> L = gdviz.linear_regression([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0])   # y = 2x + 1
    >>> L.minimizer.round(6).tolist(), float(L.loss([2.0, 1.0]))
    ([2.0, 1.0], 0.0)
    >>> L.grad([0.0, 0.0]).round(4).tolist()     # -(mean of x_i y_i, mean of y_i)
    [-4.3333, -3.0]
    """
    return LeastSquares(X, y, fit_intercept=fit_intercept, feature_names=feature_names)


def logistic_regression(X: ArrayLike, y: ArrayLike, *, l2: float = 0.0, fit_intercept: bool = True,
                        feature_names: Any = None) -> LogisticRegression:
    r"""Logistic regression on a data matrix: mean cross-entropy plus :math:`\tfrac{\lambda}{2}\lVert w\rVert^2`.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
        Class labels, 0 or 1.
    l2 : float
        The penalty strength :math:`\lambda \ge 0` (scikit-learn's ``C`` is :math:`1/(n\lambda)`).
    fit_intercept : bool
    feature_names : sequence of str, optional

    Returns
    -------
    LogisticRegression

    Examples
    --------
    >>> import gdviz
    >>> L = gdviz.logistic_regression([[-1.0], [0.0], [1.0], [2.0]], [0, 0, 1, 1], l2=0.1)
    >>> round(float(L.loss([0.0, 0.0])), 4)       # ln 2 at z = 0
    0.6931
    >>> float(L.accuracy(L.minimizer))
    1.0
    """
    return LogisticRegression(X, y, fit_intercept=fit_intercept, feature_names=feature_names, l2=l2)
