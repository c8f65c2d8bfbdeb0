r"""The single sigmoid neuron fitted to data: the data objective of the suite.

Model :math:`f(x) = \sigma(w x + b) = 1 / (1 + e^{-(w x + b)})`, parameters ordered ``(w, b)``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import as_float_array, check_theta, readonly

__all__ = ["SigmoidNeuron", "sigmoid", "sigmoid_fit"]


def sigmoid(z: ArrayLike) -> NDArray[np.float64]:
    r"""The logistic function :math:`\sigma(z) = 1 / (1 + e^{-z})`, stable for any ``z``.

    Computed from :math:`e = e^{-|z|} \le 1`: :math:`\sigma(z) = 1/(1+e)` for :math:`z \ge 0` and
    :math:`e/(1+e)` otherwise, so large ``|z|`` neither overflows nor warns.

    Examples
    --------
    >>> from gdviz import sigmoid
    >>> sigmoid([0.0, 1000.0, -1000.0]).tolist()
    [0.5, 1.0, 0.0]
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def _affine(theta: NDArray, design: NDArray) -> NDArray:
    """``w x_i + b`` for every row ``(x_i, 1)`` of ``design``; overflow to inf is silent (sigmoid saturates)."""
    with np.errstate(over="ignore", invalid="ignore"):
        return theta @ design.T


@dataclass(frozen=True, eq=False)
class SigmoidNeuron:
    r"""Squared error of one sigmoid neuron on data ``(x_i, y_i)``.

    .. math:: L(w, b) = \sum_i \tfrac12 \bigl(\sigma(w x_i + b) - y_i\bigr)^2

    (``reduction="mean"`` divides by the number of samples). With :math:`f_i = \sigma(w x_i + b)`
    the per-sample gradient is :math:`(f_i - y_i) f_i (1 - f_i) \cdot (x_i, 1)`.
    """

    x: NDArray[np.float64]
    y: NDArray[np.float64]
    reduction: str = "sum"
    name: str = "sigmoid neuron"
    formula: str = r"$L(w, b) = \sum_i \frac{1}{2}\,(\sigma(w x_i + b) - y_i)^2$"
    param_names: tuple[str, ...] = ("w", "b")
    dim: int = 2
    _design: NDArray[np.float64] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # rows (x_i, 1): then w x_i + b = design @ (w, b) and the gradient is delta @ design
        object.__setattr__(self, "_design", readonly(np.stack([self.x, np.ones_like(self.x)], -1)))

    @property
    def n_samples(self) -> int:
        return int(self.x.shape[0])

    @property
    def _scale(self) -> float:
        return 1.0 if self.reduction == "sum" else 1.0 / self.n_samples

    def predict(self, theta: ArrayLike, x: ArrayLike | None = None) -> NDArray[np.float64]:
        """Neuron output ``f(x)`` for parameters ``theta`` of shape ``(..., 2)``: shape ``(..., n)``."""
        theta = check_theta(theta, 2)
        if x is None:
            return sigmoid(_affine(theta, self._design))
        x = as_float_array(x, "x")
        return sigmoid(_affine(theta, np.stack([x, np.ones_like(x)], -1)))

    def sample_losses(self, theta: ArrayLike) -> NDArray[np.float64]:
        r"""Per-sample losses :math:`\tfrac12 (f_i - y_i)^2`, shape ``(..., n)``."""
        return 0.5 * (self.predict(theta) - self.y) ** 2

    def sample_grads(self, theta: ArrayLike, index: ArrayLike | None = None) -> NDArray[np.float64]:
        """Per-sample gradients, shape ``(..., n, 2)`` (or ``(..., len(index), 2)``)."""
        delta, design = self._deltas(theta, index)
        return delta[..., None] * design

    def _deltas(self, theta: ArrayLike, index: ArrayLike | None) -> tuple[NDArray, NDArray]:
        r""":math:`(f_i - y_i) f_i (1 - f_i)` for the chosen samples, and their rows :math:`(x_i, 1)`."""
        theta = check_theta(theta, 2)
        design = self._design if index is None else self._design[index]
        y = self.y if index is None else self.y[index]
        f = sigmoid(_affine(theta, design))
        return (f - y) * f * (1.0 - f), design

    def loss(self, theta: ArrayLike) -> NDArray[np.float64]:
        return self._scale * np.sum(self.sample_losses(theta), axis=-1)

    def grad(self, theta: ArrayLike) -> NDArray[np.float64]:
        return self.batch_grad(theta)

    def batch_grad(self, theta: ArrayLike, index: ArrayLike | None = None) -> NDArray[np.float64]:
        r"""Gradient estimated from the samples ``index`` (``None``: all of them).

        Scaled to estimate the full gradient without bias: the sum over the batch times
        ``n / len(index)`` for ``reduction="sum"``, the batch mean for ``"mean"``. With every
        sample in the batch it equals :meth:`grad` exactly.
        """
        delta, design = self._deltas(theta, index)
        count = self.n_samples if index is None else np.shape(index)[0]
        return (delta @ design) * (self._scale * self.n_samples / count)

    @property
    def minimizer(self) -> NDArray[np.float64] | None:
        r"""The exact fit through two points, solving :math:`\sigma(w x_i + b) = y_i`; else ``None``."""
        if self.n_samples != 2 or self.x[0] == self.x[1]:
            return None
        if np.any((self.y <= 0) | (self.y >= 1)):
            return None
        logit = np.log(self.y / (1.0 - self.y))
        w = (logit[1] - logit[0]) / (self.x[1] - self.x[0])
        return np.array([w, logit[0] - w * self.x[0]])


def sigmoid_fit(x: ArrayLike = (0.5, 2.5), y: ArrayLike = (0.2, 0.9), *,
                reduction: str = "sum") -> SigmoidNeuron:
    r"""One sigmoid neuron fitted to the pairs ``(x_i, y_i)`` by squared error.

    The defaults are the two points of Rajdeep Borgohain's article "Understanding The What and
    Why of Gradient Descent": ``(0.5, 0.2)`` and ``(2.5, 0.9)``.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Inputs and targets, finite, the same length (at least one pair).
    reduction : {"sum", "mean"}
        Sum the per-sample losses (the article's choice) or average them (handy for large data,
        so that one learning rate suits any data size).

    Examples
    --------
    >>> import gdviz
    >>> L = gdviz.sigmoid_fit()
    >>> round(float(L.loss([0.5, 0.0])), 4)
    0.0731
    """
    xs, ys = as_float_array(x, "x"), as_float_array(y, "y")
    if xs.ndim != 1 or xs.shape[0] < 1:
        raise ValueError(f"x must be a 1-D sequence of at least one number. Got shape {xs.shape}.")
    if ys.shape != xs.shape:
        raise ValueError(f"y must have the same shape as x {xs.shape}. Got shape {ys.shape}.")
    if not (np.all(np.isfinite(xs)) and np.all(np.isfinite(ys))):
        raise ValueError("x and y must contain only finite numbers.")
    if reduction not in ("sum", "mean"):
        raise ValueError(f"reduction must be 'sum' or 'mean'. Got {reduction!r} instead.")
    formula = SigmoidNeuron.formula if reduction == "sum" else (
        r"$L(w, b) = \frac{1}{n}\sum_i \frac{1}{2}\,(\sigma(w x_i + b) - y_i)^2$")
    return SigmoidNeuron(readonly(xs), readonly(ys), reduction=reduction, formula=formula)
