r"""Fits: a sigmoid neuron's curve for given parameters, over the data it is fitted to.

What a learner compares is the curve :math:`f(x) = \sigma(wx + b)` of a few parameter pairs
(a first guess, the best fit, the curve the data came from) against the data points, and how far
each point is from a curve (its miss).
"""
from __future__ import annotations

from typing import Any, Mapping

import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from ..core.constraints import check_theta
from ..core.neuron import SigmoidNeuron
from .limits import check_limits
from .style import DIVERGED_COLOR, PALETTE, label_axes, new_axes

__all__ = ["plot_fit"]

#: At most this many points are drawn as large black dots; more are a grey cloud.
FEW_POINTS = 50


def plot_fit(neuron: SigmoidNeuron, curves: Mapping[str, ArrayLike], *,
             misses: Mapping[str, ArrayLike] | None = None, data_label: str | None = None,
             xlim: ArrayLike | None = None, legend: str | None = "best",
             ax: Axes | None = None) -> Axes:
    r"""The neuron's output :math:`f(x) = \sigma(wx + b)` for some parameters, over its data.

    The first curve is solid, the others dashed (so that a curve drawn over another still
    shows), in :data:`gdviz.PALETTE`'s order. A few data points are black dots; many (more than
    50) a grey cloud below the curves.

    Parameters
    ----------
    neuron : SigmoidNeuron
        From :func:`gdviz.sigmoid_fit` (its data ``x``, ``y``).
    curves : mapping of str to (float, float)
        Legend label -> parameters :math:`(w, b)` (``{"best fit": neuron.minimizer}``).
    misses : mapping of str to (float, float), optional
        Legend label -> parameters whose miss at each data point is drawn: a dotted vermillion
        line from :math:`y_i` to :math:`f(x_i)`.
    data_label : str, optional
        The data's legend label; by default "data" (or "1000 data points").
    xlim : (float, float), optional
        The inputs shown; by default the data's range and a quarter of it on each side.
    legend : str or None
        Where the legend goes (matplotlib's ``loc``); None: no legend.
    ax : Axes, optional

    Returns
    -------
    Axes

    Raises
    ------
    TypeError
        ``neuron`` is not a sigmoid neuron, or ``curves`` / ``misses`` not mappings.
    ValueError
        Parameters that are not a pair :math:`(w, b)`, or a bad ``xlim``.

    Examples
    --------
    >>> import gdviz
    >>> neuron = gdviz.sigmoid_fit([0.5, 2.5], [0.2, 0.9], reduction="sum")
    >>> ax = gdviz.plot_fit(neuron, {"first guess": (0.5, 0.0), "best fit": neuron.minimizer},
    ...                     misses={"misses of the first guess": (0.5, 0.0)})
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['first guess', 'best fit', 'misses of the first guess', 'data']
    """
    if not isinstance(neuron, SigmoidNeuron):
        raise TypeError("neuron must be a sigmoid neuron from gdviz.sigmoid_fit(x, y). "
                        f"Got {neuron!r} instead.")
    curves = _pairs(curves, "curves")
    misses = _pairs(misses, "misses") if misses is not None else {}
    if not curves:
        raise TypeError("curves must be a non-empty mapping of legend labels to (w, b).")
    x, y = np.asarray(neuron.x, dtype=float), np.asarray(neuron.y, dtype=float)
    if xlim is None:
        low, high = float(x.min()), float(x.max())
        pad = 0.25 * (high - low) if high > low else 1.0
        xlim = (low - pad, high + pad)
    xlim = check_limits(xlim, "xlim")
    ax = new_axes(ax, (6.4, 3.8))

    inputs = np.linspace(*xlim, 200)
    for i, (label, theta) in enumerate(curves.items()):
        ax.plot(inputs, neuron.predict(theta, inputs), "-" if i == 0 else "--",
                color=PALETTE[i % len(PALETTE)], lw=1.8, label=label, zorder=2)
    for label, theta in misses.items():
        ax.vlines(x, y, neuron.predict(theta), color=DIVERGED_COLOR, linestyles=":", lw=1.5,
                  label=label, zorder=2.5)
    few = x.shape[0] <= FEW_POINTS
    label = data_label or ("data" if few else f"{x.shape[0]} data points")
    if few:
        ax.plot(x, y, "o", color="black", ms=6, label=label, zorder=3)
    else:
        ax.plot(x, y, ".", color="0.6", ms=3, label=label, zorder=1)
    ax.set_xlim(xlim)
    if np.all((y >= 0) & (y <= 1)):
        ax.set_ylim(0, 1)   # the sigmoid's range, where every target lies
    label_axes(ax, "input $x$", "output $f(x)$")
    if legend is not None:
        ax.legend(loc=legend, fontsize=9, framealpha=0.9)
    return ax


def _pairs(value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping of legend labels to parameters (w, b), e.g. "
                        f"{{'best fit': neuron.minimizer}}. Got {value!r} instead.")
    pairs = {}
    for label, theta in value.items():
        try:
            pairs[str(label)] = check_theta(theta, 2, f"{name}[{label!r}]").reshape(2)
        except (TypeError, ValueError) as error:
            raise ValueError(f"{name}[{label!r}] must be one pair of parameters (w, b). "
                             f"Got {theta!r} instead.") from error
    return pairs
