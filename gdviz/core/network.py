r"""A tiny neural network as an objective: one hidden layer, a sigmoid output, cross-entropy.

The network maps an input :math:`x \in \mathbb{R}^p` through ``width`` hidden units to the
probability of class 1:

.. math:: z^{(1)} = x W_1 + b_1, \quad a = g(z^{(1)}), \quad z^{(2)} = a \cdot w_2 + b_2, \quad
          p = \sigma(z^{(2)}),

with :math:`g` the hidden layer's activation (tanh, ReLU or the sigmoid). Its parameters are
flattened into one vector :math:`\theta` (see :class:`TwoLayerNet` for the layout), so the update
rules, :func:`gdviz.optimize` and :func:`gdviz.sweep` train it unchanged, with the same leading
batch axis as every objective: ``loss`` maps ``(..., d) -> (...)`` and ``grad`` ``(..., d) -> (..., d)``.
The gradient is backpropagation written out (:meth:`TwoLayerNet.loss_and_grad`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .constraints import Choice, Integer, as_float_array, check_index, check_theta, readonly
from .neuron import REDUCTIONS, sigmoid, softplus
from .objectives import Objective

__all__ = ["TwoLayerNet", "two_layer_net", "ACTIVATIONS"]


def _tanh(z: NDArray) -> tuple[NDArray, NDArray]:
    a = np.tanh(z)
    return a, 1.0 - a * a


def _relu(z: NDArray) -> tuple[NDArray, NDArray]:
    return np.maximum(z, 0.0), (z > 0).astype(float)


def _sigmoid(z: NDArray) -> tuple[NDArray, NDArray]:
    a = sigmoid(z)
    return a, a * (1.0 - a)


def _cross_entropy(z: NDArray, y: NDArray) -> NDArray:
    """Each sample's cross-entropy from its logit ``z``; a zero target weight cancels an infinite softplus."""
    return np.where(y > 0, y * softplus(-z), 0.0) + np.where(y < 1, (1.0 - y) * softplus(z), 0.0)


#: The hidden layer's activations: each gives ``(g(z), g'(z))``, and the variance of the
#: initial weights per input (times 1 / fan-in): He's 2 for ReLU, LeCun's 1 otherwise.
ACTIVATIONS = {"tanh": (_tanh, 1.0), "relu": (_relu, 2.0), "sigmoid": (_sigmoid, 1.0)}
_FORMULAS = {"tanh": r"\tanh", "relu": r"\mathrm{relu}", "sigmoid": r"\sigma"}


@dataclass(frozen=True, eq=False)
class TwoLayerNet(Objective):
    r"""A two-layer network (one hidden layer) fitted to labelled points by cross-entropy.

    Parameters are one vector :math:`\theta` of ``dim = p·h + h + h + 1`` numbers, in this order
    (``p`` inputs, ``h = width`` hidden units):

    ========  ==============  =============================================================
    block     shape           what it is
    ========  ==============  =============================================================
    ``W1``    ``(p, h)``      input-to-hidden weights, row-major: ``W1[i, j]`` links input
                              ``i`` to hidden unit ``j`` (column ``j``: unit ``j``'s weights)
    ``b1``    ``(h,)``        hidden biases
    ``w2``    ``(h,)``        hidden-to-output weights
    ``b2``    ``()``          output bias
    ========  ==============  =============================================================

    :meth:`unpack` and :meth:`pack` convert. The loss is the cross-entropy of the output
    :math:`p_i = \sigma(z^{(2)}_i)`, summed or (``reduction="mean"``, the default) averaged:

    .. math:: L(\theta) = -\frac1n \sum_i \bigl[y_i \ln p_i + (1 - y_i) \ln(1 - p_i)\bigr],

    computed from the logit as in :class:`gdviz.SigmoidNeuron` (finite for any logit). Its
    gradient by backpropagation, for one sample and :math:`\delta^{(2)} = p - y` (the sigmoid's
    slope cancels against the cross-entropy's):

    .. math:: \nabla w_2 = \delta^{(2)} a, \quad \nabla b_2 = \delta^{(2)}, \quad
              \delta^{(1)} = \delta^{(2)} w_2 \odot g'(z^{(1)}), \quad
              \nabla W_1 = x^\top \delta^{(1)}, \quad \nabla b_1 = \delta^{(1)}.

    Made by :func:`two_layer_net`. Mini-batches work as for the neuron: :meth:`batch_grad`.
    """

    x: NDArray[np.float64]
    y: NDArray[np.float64]
    width: int = 8
    activation: str = "tanh"
    reduction: str = "mean"
    name: str = ""
    formula: str = ""
    param_names: tuple[str, ...] = ()
    dim: int = field(init=False, default=1)

    def __post_init__(self) -> None:
        xs, ys = as_float_array(self.x, "x"), as_float_array(self.y, "y")
        if xs.ndim != 2 or xs.shape[0] < 1 or xs.shape[1] < 1:
            raise ValueError("x must be a 2-D array of inputs, one row per sample (shape (n, p)). "
                             f"Got shape {xs.shape} instead.")
        if ys.shape != xs.shape[:1]:
            raise ValueError(f"y must hold one label per row of x (shape ({xs.shape[0]},)). "
                             f"Got shape {ys.shape} instead.")
        if not (np.all(np.isfinite(xs)) and np.all(np.isfinite(ys))):
            raise ValueError("x and y must contain only finite numbers.")
        if np.any((ys < 0) | (ys > 1)):
            raise ValueError("y must hold labels 0 or 1 (or probabilities between them). "
                             f"Got {ys.min():g} to {ys.max():g}.")
        width = Integer(1).check(self.width, "width")
        Choice(*ACTIVATIONS).check(self.activation, "activation")
        Choice(*REDUCTIONS).check(self.reduction, "reduction")
        p = xs.shape[1]
        object.__setattr__(self, "x", readonly(xs))
        object.__setattr__(self, "y", readonly(ys))
        object.__setattr__(self, "width", width)
        object.__setattr__(self, "dim", p * width + 2 * width + 1)
        if not self.name:
            object.__setattr__(self, "name", f"two-layer network ({width} {self.activation} units)")
        if not self.formula:
            mean = r"\frac{1}{n}" if self.reduction == "mean" else ""
            object.__setattr__(self, "formula", (
                f"$L(\\theta) = -{mean}\\sum_i [\\,y_i \\ln p_i + (1 - y_i) \\ln(1 - p_i)\\,],\\ "
                f"p_i = \\sigma(w_2 \\cdot {_FORMULAS[self.activation]}(x_i W_1 + b_1) + b_2)$"))
        if not self.param_names:
            names = ([f"W^{{(1)}}_{{{i + 1},{j + 1}}}" for i in range(p) for j in range(width)]
                     + [f"b^{{(1)}}_{{{j + 1}}}" for j in range(width)]
                     + [f"w^{{(2)}}_{{{j + 1}}}" for j in range(width)] + ["b^{(2)}"])
            object.__setattr__(self, "param_names", tuple(names))
        self._validate()

    # -- the layout of theta -------------------------------------------------------------------
    @property
    def n_samples(self) -> int:
        return int(self.x.shape[0])

    @property
    def n_inputs(self) -> int:
        return int(self.x.shape[1])

    def unpack(self, theta: ArrayLike) -> tuple[NDArray, NDArray, NDArray, NDArray]:
        """``(W1, b1, w2, b2)`` of shapes ``(..., p, h)``, ``(..., h)``, ``(..., h)``, ``(...)`` (views).

        Examples
        --------
        >>> import numpy as np, gdviz
        >>> net = gdviz.two_layer_net(np.zeros((3, 2)), [0, 1, 1], width=4)
        >>> [block.shape for block in net.unpack(np.arange(net.dim))]
        [(2, 4), (4,), (4,), ()]
        """
        theta = check_theta(theta, self.dim)
        p, h = self.n_inputs, self.width
        lead = theta.shape[:-1]
        return (theta[..., :p * h].reshape(*lead, p, h), theta[..., p * h:p * h + h],
                theta[..., p * h + h:p * h + 2 * h], theta[..., -1])

    def pack(self, W1: ArrayLike, b1: ArrayLike, w2: ArrayLike, b2: ArrayLike) -> NDArray[np.float64]:
        """The vector ``theta`` of shape ``(..., dim)`` holding these blocks (the inverse of :meth:`unpack`)."""
        p, h = self.n_inputs, self.width
        blocks = [as_float_array(v, n) for v, n in ((W1, "W1"), (b1, "b1"), (w2, "w2"), (b2, "b2"))]
        for block, name, tail in zip(blocks, ("W1", "b1", "w2", "b2"), ((p, h), (h,), (h,), ())):
            if block.shape[block.ndim - len(tail):] != tail or block.ndim < len(tail):
                raise ValueError(f"{name} must have shape (..., {', '.join(map(str, tail))}) for "
                                 f"{p} inputs and width {h}. Got shape {block.shape} instead.")
        lead = np.broadcast_shapes(blocks[0].shape[:-2], blocks[1].shape[:-1], blocks[2].shape[:-1],
                                   blocks[3].shape)
        parts = [np.broadcast_to(blocks[0], (*lead, p, h)).reshape(*lead, p * h),
                 np.broadcast_to(blocks[1], (*lead, h)), np.broadcast_to(blocks[2], (*lead, h)),
                 np.broadcast_to(blocks[3], lead)[..., None]]
        return np.concatenate(parts, axis=-1)

    def initial(self, seed: int = 0) -> NDArray[np.float64]:
        r"""Seeded starting parameters, shape ``(dim,)``: random weights, zero biases.

        Weights are normal with variance :math:`c / \text{fan-in}`: :math:`c = 2` for ReLU
        (He et al., 2015) and :math:`c = 1` for tanh and the sigmoid (LeCun's); the output's
        weights use :math:`c = 1`. (torch's ``nn.Linear`` draws uniformly instead, with biases
        too: another convention, the same scale.) Random weights break the symmetry between
        hidden units: from zeros every unit would learn the same thing.

        Examples
        --------
        >>> import numpy as np, gdviz
        >>> net = gdviz.two_layer_net(np.zeros((3, 2)), [0, 1, 1], width=4)
        >>> theta = net.initial(seed=1)
        >>> theta.shape, bool(np.all(net.unpack(theta)[1] == 0))
        ((17,), True)
        """
        seed = Integer(0).check(seed, "seed")
        rng = np.random.default_rng(seed)
        p, h = self.n_inputs, self.width
        gain = ACTIVATIONS[self.activation][1]
        W1 = rng.normal(0.0, np.sqrt(gain / p), (p, h))
        w2 = rng.normal(0.0, np.sqrt(1.0 / h), h)
        return self.pack(W1, np.zeros(h), w2, 0.0)

    def filter_normalized(self, direction: ArrayLike, theta: ArrayLike) -> NDArray[np.float64]:
        r"""``direction`` rescaled unit by unit to the size of ``theta``'s weights (Li et al., 2018).

        Filter normalization from "Visualizing the Loss Landscape of Neural Nets" (Li, Xu,
        Taylor, Studer and Goldstein, NeurIPS 2018): each unit's incoming weights in the
        direction (column ``j`` of ``W1`` for hidden unit ``j``; all of ``w2`` for the output
        unit) are rescaled to the norm of the same unit's weights in ``theta``, and the biases
        are set to zero, as their code does with ``ignore="biasbn"`` (the setting of their
        examples; without it a bias's direction is the bias itself). A step of 1 along the direction then
        changes every unit by as much as its own size, so slices of networks whose weights have
        different scales can be compared.

        Parameters
        ----------
        direction, theta : array_like, shape (dim,)

        Returns
        -------
        ndarray, shape (dim,)

        Examples
        --------
        >>> import numpy as np, gdviz
        >>> net = gdviz.two_layer_net(np.zeros((3, 2)), [0, 1, 1], width=4)
        >>> theta = net.initial(seed=1)
        >>> d = net.filter_normalized(np.random.default_rng(2).normal(size=net.dim), theta)
        >>> W1, b1, w2, b2 = net.unpack(d)
        >>> bool(np.allclose(np.linalg.norm(W1, axis=0), np.linalg.norm(net.unpack(theta)[0], axis=0)))
        True
        """
        d, t = check_theta(direction, self.dim, "direction"), check_theta(theta, self.dim)
        if d.ndim != 1 or t.ndim != 1:
            raise ValueError(f"direction and theta must each be one vector of shape ({self.dim},). "
                             f"Got shapes {d.shape} and {t.shape}.")
        dW1, _, dw2, _ = self.unpack(d)
        tW1, _, tw2, _ = self.unpack(t)
        with np.errstate(invalid="ignore", divide="ignore"):
            W1 = np.where(np.linalg.norm(dW1, axis=0) > 0,
                          dW1 * np.linalg.norm(tW1, axis=0) / np.linalg.norm(dW1, axis=0), 0.0)
            size = np.linalg.norm(dw2)
            w2 = dw2 * np.linalg.norm(tw2) / size if size > 0 else np.zeros_like(dw2)
        return self.pack(W1, np.zeros(self.width), w2, 0.0)

    # -- the network -----------------------------------------------------------------------------
    def _forward(self, theta: NDArray, x: NDArray) -> tuple[NDArray, NDArray, NDArray, NDArray]:
        """Hidden activations ``a`` ``(..., n, h)`` and their slopes ``g'(z1)``, logits ``z2`` ``(..., n)``, ``w2``."""
        W1, b1, w2, b2 = self.unpack(theta)
        a, slope = ACTIVATIONS[self.activation][0](np.matmul(x, W1) + b1[..., None, :])
        z2 = np.matmul(a, w2[..., :, None])[..., 0] + b2[..., None]
        return a, slope, z2, w2

    def logits(self, theta: ArrayLike, x: ArrayLike | None = None) -> NDArray[np.float64]:
        r"""The output's logits :math:`z^{(2)}` for ``x`` (``None``: the data), shape ``(..., n)``."""
        x = self.x if x is None else self._check_x(x)
        with np.errstate(all="ignore"):
            return self._forward(check_theta(theta, self.dim), x)[2]

    def predict(self, theta: ArrayLike, x: ArrayLike | None = None) -> NDArray[np.float64]:
        r"""The probability of class 1, :math:`\sigma(z^{(2)})`, for each row of ``x`` (``None``: the data).

        Examples
        --------
        >>> import numpy as np, gdviz
        >>> net = gdviz.two_layer_net(np.zeros((3, 2)), [0, 1, 1], width=4)
        >>> net.predict(np.zeros(net.dim)).tolist()
        [0.5, 0.5, 0.5]
        """
        return sigmoid(self.logits(theta, x))

    def accuracy(self, theta: ArrayLike) -> NDArray[np.float64]:
        """The share of samples on the right side of probability 1/2 (labels rounded), shape ``(...)``."""
        return np.mean((self.logits(theta) > 0) == (self.y > 0.5), axis=-1)

    def _check_x(self, x: ArrayLike) -> NDArray[np.float64]:
        xs = as_float_array(x, "x")
        if xs.ndim != 2 or xs.shape[1] != self.n_inputs:
            raise ValueError(f"x must have shape (n, {self.n_inputs}). Got shape {xs.shape} instead.")
        return xs

    def _loss_grad(self, theta: ArrayLike, index: NDArray | None, count: int
                   ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Loss and gradient over the samples ``index`` (all: ``None``), scaled for ``count`` samples."""
        theta = check_theta(theta, self.dim)
        x = self.x if index is None else self.x[index]
        y = self.y if index is None else self.y[index]
        scale = 1.0 / count if self.reduction == "mean" else self.n_samples / count
        with np.errstate(all="ignore"):
            a, slope, z2, w2 = self._forward(theta, x)
            loss = scale * np.sum(_cross_entropy(z2, y), axis=-1)
            # backpropagation
            d2 = scale * (sigmoid(z2) - y)                           # dL/dz2, (..., n)
            g_w2 = np.matmul(d2[..., None, :], a)[..., 0, :]         # (..., h)
            g_b2 = np.sum(d2, axis=-1)
            d1 = d2[..., :, None] * w2[..., None, :] * slope         # dL/dz1, (..., n, h)
            g_W1 = np.matmul(x.T, d1)                                # (..., p, h)
            g_b1 = np.sum(d1, axis=-2)
            lead = g_b2.shape
            grad = np.concatenate([g_W1.reshape(*lead, -1), g_b1, g_w2, g_b2[..., None]], axis=-1)
            return loss, grad

    def loss_and_grad(self, theta: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        return self._loss_grad(theta, None, self.n_samples)

    def loss(self, theta: ArrayLike) -> NDArray[np.float64]:
        theta = check_theta(theta, self.dim)
        scale = 1.0 / self.n_samples if self.reduction == "mean" else 1.0
        with np.errstate(all="ignore"):
            return scale * np.sum(_cross_entropy(self._forward(theta, self.x)[2], self.y), axis=-1)

    def grad(self, theta: ArrayLike) -> NDArray[np.float64]:
        return self.loss_and_grad(theta)[1]

    def batch_grad(self, theta: ArrayLike, index: ArrayLike | None = None) -> NDArray[np.float64]:
        r"""Gradient estimated from the samples ``index`` (``None``: all of them).

        Scaled to estimate the full gradient without bias, as :meth:`gdviz.SigmoidNeuron.batch_grad`:
        the batch mean for ``reduction="mean"``, the batch sum times ``n / len(index)`` for
        ``"sum"``. With every sample it equals :meth:`grad`.
        """
        if index is None:
            return self.grad(theta)
        index = check_index(index, self.n_samples)
        return self._loss_grad(theta, index, int(index.shape[0]))[1]


def two_layer_net(x: ArrayLike, y: ArrayLike, *, width: int = 8, activation: str = "tanh",
                  reduction: str = "mean") -> TwoLayerNet:
    r"""A network with one hidden layer of ``width`` units classifying the points ``x`` by ``y``.

    Parameters
    ----------
    x : array_like, shape (n, p)
        The inputs, one row per sample (``p = 2`` for points in the plane).
    y : array_like, shape (n,)
        Labels 0 or 1 (probabilities between are accepted).
    width : int
        Hidden units, at least 1.
    activation : {"tanh", "relu", "sigmoid"}
        The hidden layer's activation; the output is always a sigmoid.
    reduction : {"mean", "sum"}
        Average the cross-entropies (the default: one learning rate suits any data size) or sum.

    Returns
    -------
    TwoLayerNet
        An objective with ``dim = p·width + 2·width + 1`` parameters (layout in
        :class:`TwoLayerNet`), ``n_samples`` and ``batch_grad``.

    Raises
    ------
    ValueError, TypeError
        Naming ``x``, ``y``, ``width``, ``activation`` or ``reduction``.

    Examples
    --------
    >>> import numpy as np, gdviz
    >>> x = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    >>> net = gdviz.two_layer_net(x, [0, 1, 1], width=3, activation="relu")
    >>> net.dim, round(float(net.loss(np.zeros(net.dim))), 4)   # ln 2: every output is 1/2
    (13, 0.6931)
    >>> path = gdviz.optimize(net, net.initial(seed=0), gdviz.adam(0.1), 200)
    >>> float(net.accuracy(path.final))
    1.0
    """
    return TwoLayerNet(x, y, width=width, activation=activation, reduction=reduction)
