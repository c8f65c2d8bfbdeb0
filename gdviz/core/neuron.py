r"""The single sigmoid neuron fitted to data: the data objective of the suite.

Model :math:`f(x) = \sigma(w x + b) = 1 / (1 + e^{-(w x + b)})`, parameters ordered ``(w, b)``,
fitted by squared error or by cross-entropy.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .constraints import Choice, as_float_array, check_index, check_theta, readonly
from .objectives import Objective

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


def _affine(theta: NDArray, x: NDArray) -> NDArray:
    """``w x_i + b`` for every input ``x_i``: shape ``(..., n)``; overflow to inf is silent (sigmoid saturates).

    Written elementwise, not as a matrix product: every point then gets exactly the same numbers
    whether it is evaluated alone or in a batch of runs (BLAS kernels differ in their last bits).
    """
    with np.errstate(over="ignore", invalid="ignore"):
        return theta[..., :1] * x + theta[..., 1:]


def _summed(delta: NDArray, x: NDArray) -> NDArray:
    r"""The gradient :math:`\sum_i \delta_i (x_i, 1)`, shape ``(..., 2)``, elementwise (see :func:`_affine`)."""
    return np.stack([_total(delta * x), _total(delta)], axis=-1)


def _total(values: NDArray) -> NDArray:
    """The sum over the last axis (the samples): added one by one for a few samples.

    numpy adds up to 8 numbers in order anyway, but a reduction over a short last axis costs
    about 10 µs however small the array; the additions written out cost a fraction of that
    (a sweep of 1,000 runs on two points makes three such sums per step).
    """
    n = values.shape[-1]
    if n > 8:
        return np.sum(values, axis=-1)
    total = values[..., 0].copy()
    for i in range(1, n):
        total += values[..., i]
    return total


def softplus(z: NDArray) -> NDArray:
    r""":math:`\log(1 + e^z)` as :math:`\max(z, 0) + \log(1 + e^{-|z|})`: no overflow for any ``z``."""
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


#: The two losses of a neuron, each with its LaTeX summand (``f_i`` written out).
LOSSES = {
    "squared_error": r"\frac{1}{2}\,(\sigma(w x_i + b) - y_i)^2",
    "cross_entropy": r"[\,y_i \ln\sigma(w x_i + b) + (1 - y_i) \ln(1 - \sigma(w x_i + b))\,]",
}
REDUCTIONS = ("sum", "mean")


@dataclass(frozen=True, eq=False)
class SigmoidNeuron(Objective):
    r"""One sigmoid neuron :math:`f_i = \sigma(w x_i + b)` fitted to data ``(x_i, y_i)``.

    With ``loss_function="squared_error"`` (the default)

    .. math:: L(w, b) = \sum_i \tfrac12 (f_i - y_i)^2, \qquad
              \nabla_i = (f_i - y_i)\, f_i (1 - f_i) \cdot (x_i, 1),

    and with ``"cross_entropy"`` (targets :math:`0 \le y_i \le 1`)

    .. math:: L(w, b) = -\sum_i \bigl[y_i \ln f_i + (1 - y_i) \ln(1 - f_i)\bigr], \qquad
              \nabla_i = (f_i - y_i) \cdot (x_i, 1).

    The cross-entropy gradient has no factor :math:`\sigma'(z_i) = f_i (1 - f_i)`: the sigmoid's
    slope cancels out (:math:`\partial L_i / \partial z_i = f_i - y_i`), so a saturated neuron
    that is wrong still gets a large gradient, where squared error gives a plateau. The loss is
    computed from the logit :math:`z_i = w x_i + b` as :math:`\ln f_i = -\mathrm{softplus}(-z_i)`,
    :math:`\ln(1 - f_i) = -\mathrm{softplus}(z_i)`, finite for any :math:`z_i`.

    ``reduction="mean"`` divides by the number of samples. Made by :func:`sigmoid_fit`; built
    directly, the same checks apply.
    """

    x: NDArray[np.float64]
    y: NDArray[np.float64]
    reduction: str = "sum"
    loss_function: str = "squared_error"
    name: str = ""
    formula: str = ""
    param_names: tuple[str, ...] = ("w", "b")
    dim: int = 2
    _design: NDArray[np.float64] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        xs, ys = as_float_array(self.x, "x"), as_float_array(self.y, "y")
        if xs.ndim != 1 or xs.shape[0] < 1:
            raise ValueError(f"x must be a 1-D sequence of at least one number. Got shape {xs.shape}.")
        if ys.shape != xs.shape:
            raise ValueError(f"y must have the same shape as x {xs.shape}. Got shape {ys.shape}.")
        if not (np.all(np.isfinite(xs)) and np.all(np.isfinite(ys))):
            raise ValueError("x and y must contain only finite numbers.")
        Choice(*REDUCTIONS).check(self.reduction, "reduction")
        Choice(*LOSSES).check(self.loss_function, "loss_function")
        cross_entropy = self.loss_function == "cross_entropy"
        if cross_entropy and np.any((ys < 0) | (ys > 1)):
            raise ValueError("y must lie between 0 and 1 for the cross-entropy loss (each target "
                             f"is a probability). Got {ys.min():g} to {ys.max():g}.")
        object.__setattr__(self, "x", readonly(xs))
        object.__setattr__(self, "y", readonly(ys))
        # rows (x_i, 1): then w x_i + b = design @ (w, b) and the gradient is delta @ design
        object.__setattr__(self, "_design", readonly(np.stack([xs, np.ones_like(xs)], -1)))
        if not self.name:
            object.__setattr__(self, "name", "sigmoid neuron (cross-entropy)" if cross_entropy
                               else "sigmoid neuron")
        if not self.formula:
            mean = r"\frac{1}{n}" if self.reduction == "mean" else ""
            sign = "-" if cross_entropy else ""
            object.__setattr__(self, "formula", f"$L(w, b) = {sign}{mean}\\sum_i "
                                                f"{LOSSES[self.loss_function]}$")
        self._validate(fixed_dim=2)

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
            return sigmoid(_affine(theta, self.x))
        return sigmoid(_affine(theta, as_float_array(x, "x")))

    def sample_losses(self, theta: ArrayLike) -> NDArray[np.float64]:
        r"""Per-sample losses :math:`\tfrac12 (f_i - y_i)^2` or cross-entropies, shape ``(..., n)``."""
        if self.loss_function == "squared_error":
            return 0.5 * (self.predict(theta) - self.y) ** 2
        z = _affine(check_theta(theta, 2), self.x)
        y = self.y
        with np.errstate(over="ignore", invalid="ignore"):  # a zero target weight cancels an inf
            return (np.where(y > 0, y * softplus(-z), 0.0)
                    + np.where(y < 1, (1.0 - y) * softplus(z), 0.0))

    def sample_grads(self, theta: ArrayLike, index: ArrayLike | None = None) -> NDArray[np.float64]:
        """Per-sample gradients, shape ``(..., n, 2)`` (or ``(..., len(index), 2)``)."""
        delta, design = self._deltas(theta, index)
        return delta[..., None] * design

    def _deltas(self, theta: ArrayLike, index: ArrayLike | None) -> tuple[NDArray, NDArray]:
        r""":math:`\partial L_i / \partial z_i` of the chosen samples, and their rows :math:`(x_i, 1)`."""
        theta = check_theta(theta, 2)
        index = None if index is None else check_index(index, self.n_samples)
        design = self._design if index is None else self._design[index]
        y = self.y if index is None else self.y[index]
        f = sigmoid(_affine(theta, design[:, 0]))
        if self.loss_function == "cross_entropy":
            return f - y, design
        return (f - y) * f * (1.0 - f), design

    def loss(self, theta: ArrayLike) -> NDArray[np.float64]:
        if self._few:
            return self.loss_and_grad(theta)[0]
        return self._scale * _total(self.sample_losses(theta))

    def grad(self, theta: ArrayLike) -> NDArray[np.float64]:
        if self._few:
            return self.loss_and_grad(theta)[1]
        return self._full_grad(theta)

    def _full_grad(self, theta: ArrayLike) -> NDArray[np.float64]:
        delta, design = self._deltas(theta, None)
        return _summed(delta, design[:, 0]) * (self._scale * self.n_samples / self.n_samples)

    @property
    def _few(self) -> bool:
        """Few samples, squared error: sums written out sample by sample (see :meth:`loss_and_grad`)."""
        return self.n_samples <= 8 and self.loss_function == "squared_error"

    def batch_grad(self, theta: ArrayLike, index: ArrayLike | None = None) -> NDArray[np.float64]:
        r"""Gradient estimated from the samples ``index`` (``None``: all of them).

        Scaled to estimate the full gradient without bias: the sum over the batch times
        ``n / len(index)`` for ``reduction="sum"``, the batch mean for ``"mean"``. With every
        sample in the batch it equals :meth:`grad` exactly. ``index`` holds sample numbers
        (repeats allowed); a boolean mask, an empty list or numbers outside ``0 .. n - 1``
        raise ``ValueError``.
        """
        if index is None:
            return self.grad(theta)
        delta, design = self._deltas(theta, index)
        count = np.shape(index)[0]
        return _summed(delta, design[:, 0]) * (self._scale * self.n_samples / count)

    def loss_and_grad(self, theta: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """:meth:`loss` and :meth:`grad` from one evaluation of the neuron (the same numbers).

        With a few samples (up to 8) and squared error, the neuron is evaluated one sample at a
        time over whole arrays of parameters: each operation then runs over a long contiguous
        axis (a batch of runs) instead of a short one (the samples), several times faster for a
        sweep of many runs on the two-point example, with the sums taken in the same order.
        """
        if not self._few:
            return self.loss(theta), self._full_grad(theta)
        theta = check_theta(theta, 2)
        w, b = theta[..., 0], theta[..., 1]
        loss = dw = db = None
        with np.errstate(over="ignore", invalid="ignore"):
            for xi, yi in zip(self.x.tolist(), self.y.tolist()):
                f = sigmoid(w * xi + b)
                error = f - yi
                delta = error * f * (1.0 - f)
                if loss is None:
                    loss, dw, db = 0.5 * error ** 2, delta * xi, delta
                else:
                    loss, dw, db = loss + 0.5 * error ** 2, dw + delta * xi, db + delta
            factor = self._scale * self.n_samples / self.n_samples
            return self._scale * loss, np.stack([dw, db], axis=-1) * factor

    @property
    def minimizer(self) -> NDArray[np.float64] | None:
        r"""The exact fit through two points, solving :math:`\sigma(w x_i + b) = y_i`; else ``None``.

        It makes every :math:`f_i - y_i` zero, so both losses have zero gradient there; both are
        minimal there (the cross-entropy is convex in :math:`(w, b)`, with minimum the targets'
        entropy :math:`-\sum_i [y_i \ln y_i + (1 - y_i) \ln(1 - y_i)]`, not 0).
        """
        if self.n_samples != 2 or self.x[0] == self.x[1]:
            return None
        if np.any((self.y <= 0) | (self.y >= 1)):
            return None
        logit = np.log(self.y / (1.0 - self.y))
        w = (logit[1] - logit[0]) / (self.x[1] - self.x[0])
        return np.array([w, logit[0] - w * self.x[0]])


def sigmoid_fit(x: ArrayLike = (0.5, 2.5), y: ArrayLike = (0.2, 0.9), *,
                reduction: str = "sum", loss: str = "squared_error") -> SigmoidNeuron:
    r"""One sigmoid neuron fitted to the pairs ``(x_i, y_i)`` by squared error or cross-entropy.

    The defaults are the two points of Rajdeep Borgohain's article "Understanding The What and
    Why of Gradient Descent": ``(0.5, 0.2)`` and ``(2.5, 0.9)``.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Inputs and targets, finite, the same length (at least one pair); for the cross-entropy
        the targets lie between 0 and 1.
    reduction : {"sum", "mean"}
        Sum the per-sample losses (the article's choice) or average them (handy for large data,
        so that one learning rate suits any data size).
    loss : {"squared_error", "cross_entropy"}
        :math:`\sum_i \frac12 (f_i - y_i)^2`, or :math:`-\sum_i [y_i \ln f_i + (1 - y_i) \ln(1 - f_i)]`
        whose gradient :math:`\sum_i (f_i - y_i)(x_i, 1)` lacks the sigmoid's slope (see
        :class:`SigmoidNeuron`).

    Returns
    -------
    SigmoidNeuron

    Raises
    ------
    ValueError, TypeError
        Naming ``x``, ``y``, ``reduction`` or ``loss``.

    Examples
    --------
    >>> import gdviz
    >>> L = gdviz.sigmoid_fit()
    >>> round(float(L.loss([0.5, 0.0])), 4)
    0.0731
    >>> C = gdviz.sigmoid_fit(loss="cross_entropy")
    >>> C.name, round(float(C.loss([0.5, 0.0])), 4)
    ('sigmoid neuron (cross-entropy)', 1.1529)
    """
    Choice(*LOSSES).check(loss, "loss")
    return SigmoidNeuron(x, y, reduction=reduction, loss_function=loss)
