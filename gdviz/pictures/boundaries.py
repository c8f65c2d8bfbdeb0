r"""Decision boundaries: a classifier's regions and the line where it changes its mind, over its data.

For a network on points in the plane (:func:`gdviz.two_layer_net`): the probability of class 1 as
shading from blue (class 0) through white to orange (class 1), the boundary :math:`p = 1/2` as a
black line, and the data as blue circles and orange triangles (shape and colour both tell the
classes apart).
"""
from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap
from numpy.typing import ArrayLike, NDArray

from ..core.constraints import Integer
from ..core.network import TwoLayerNet
from .style import PALETTE, label_axes, new_axes, set_title_once

__all__ = ["BoundaryView", "plot_boundary", "zero_level"]

#: Class 0 (blue) through white (undecided) to class 1 (orange), in light tints so the data shows.
REGIONS = LinearSegmentedColormap.from_list("gdviz_regions", ["#8FBFE0", "#FFFFFF", "#F5CF80"])


def zero_level(z: ArrayLike, xs: ArrayLike, ys: ArrayLike) -> NDArray[np.float64]:
    r"""The line where the grid values ``z`` cross 0, as segments (marching squares), shape ``(m, 2, 2)``.

    ``z[i, j]`` is the value at ``(xs[j], ys[i])``. Each grid cell whose corners change sign
    gives one segment between the points where its edges cross 0 (linearly interpolated); a
    cell whose corners alternate gives two.

    Examples
    --------
    >>> xs = ys = np.array([0.0, 1.0])
    >>> zero_level(np.array([[-1.0, 1.0], [-1.0, 1.0]]), xs, ys).tolist()   # z = x - 1/2
    [[[0.5, 0.0], [0.5, 1.0]]]
    """
    z, xs, ys = (np.asarray(v, dtype=float) for v in (z, xs, ys))
    with np.errstate(all="ignore"):
        neg = z < 0
        # where each horizontal edge (i, j)-(i, j + 1) and vertical edge (i, j)-(i + 1, j) crosses
        th = z[:, :-1] / (z[:, :-1] - z[:, 1:])
        hx = np.where(neg[:, :-1] != neg[:, 1:], xs[:-1] + th * np.diff(xs), np.nan)
        tv = z[:-1, :] / (z[:-1, :] - z[1:, :])
        vy = np.where(neg[:-1, :] != neg[1:, :], ys[:-1, None] + tv * np.diff(ys)[:, None], np.nan)
    X, Y = np.meshgrid(xs, ys)
    # each cell's four edges in turn: bottom, right, top, left (a point or nan)
    edges = np.stack([
        np.stack([hx[:-1], Y[:-1, :-1]], -1), np.stack([X[:-1, 1:], vy[:, 1:]], -1),
        np.stack([hx[1:], Y[1:, :-1]], -1), np.stack([X[:-1, :-1], vy[:, :-1]], -1)], axis=2)
    crossed = ~np.isnan(edges[..., 0]) & ~np.isnan(edges[..., 1])
    count = crossed.sum(-1)
    two = edges[count == 2]
    order = np.argsort(~crossed[count == 2], axis=-1, kind="stable")[:, :2]
    segments = [np.take_along_axis(two, order[..., None], axis=1)]
    four = edges[count == 4]
    segments += [four[:, [0, 1]], four[:, [2, 3]]]
    return np.concatenate(segments, axis=0).reshape(-1, 2, 2)


class BoundaryView:
    """A two-input network's regions, boundary and data on ``ax``, updatable in place.

    Parameters
    ----------
    ax : Axes
    net : TwoLayerNet
        With two inputs (points in the plane); its data is drawn once.
    resolution : int
        Grid points per side for the shading and the boundary.
    pad : float
        Room around the data, as a share of its extent.

    Examples
    --------
    >>> import matplotlib.pyplot as plt, numpy as np, gdviz
    >>> net = gdviz.two_layer_net([[0.0, 0.0], [1.0, 1.0]], [0, 1], width=2)
    >>> view = BoundaryView(plt.subplots()[1], net)
    >>> view.update(net.initial(seed=0))
    """

    def __init__(self, ax: Axes, net: TwoLayerNet, *, resolution: int = 80, pad: float = 0.1):
        self.net = _check_net(net)
        n = Integer(2).check(resolution, "resolution")
        x = net.x
        low, high = x.min(axis=0), x.max(axis=0)
        room = pad * np.maximum(high - low, 1e-9) + (high == low)
        self.xs = np.linspace(low[0] - room[0], high[0] + room[0], n)
        self.ys = np.linspace(low[1] - room[1], high[1] + room[1], n)
        self.points = np.stack(np.meshgrid(self.xs, self.ys), -1).reshape(-1, 2)
        extent = (self.xs[0], self.xs[-1], self.ys[0], self.ys[-1])
        self.ax = ax
        self.image = ax.imshow(np.full((n, n), 0.5), extent=extent, origin="lower", cmap=REGIONS,
                               vmin=0.0, vmax=1.0, aspect="auto", interpolation="bilinear", zorder=1)
        self.boundary = LineCollection([], colors="black", linewidths=2.0, capstyle="round", zorder=2,
                                       label="boundary $p = 1/2$")
        ax.add_collection(self.boundary, autolim=False)
        labels = net.y > 0.5
        self.data = [ax.plot(*x[~labels].T, "o", color=PALETTE[0], ms=4.5, mec="black", mew=0.4,
                             zorder=3, label="class 0")[0],
                     ax.plot(*x[labels].T, "^", color=PALETTE[1], ms=5, mec="black", mew=0.4,
                             zorder=3, label="class 1")[0]]
        ax.set_xlim(extent[:2])
        ax.set_ylim(extent[2:])
        label_axes(ax, "$x_1$", "$x_2$")

    def update(self, theta: ArrayLike, net: TwoLayerNet | None = None) -> None:
        """Shade and outline the regions of the network at ``theta`` (``net``: another width, same data)."""
        if net is not None:
            self.net = _check_net(net)
        logits = self.net.logits(theta, self.points).reshape(self.ys.shape[0], self.xs.shape[0])
        with np.errstate(over="ignore"):
            self.image.set_data(1.0 / (1.0 + np.exp(-np.clip(logits, -50, 50))))
        self.boundary.set_segments(zero_level(logits, self.xs, self.ys))


def _check_net(net: Any) -> TwoLayerNet:
    if not isinstance(net, TwoLayerNet):
        raise TypeError(f"net must be a network from gdviz.two_layer_net. Got {net!r} instead.")
    if net.n_inputs != 2:
        raise ValueError(f"net must have two inputs (points in the plane) to draw its regions. "
                         f"Got {net.n_inputs}.")
    return net


def plot_boundary(net: TwoLayerNet, theta: ArrayLike, *, title: str | None = None,
                  legend: str | None = "lower left", ax: Axes | None = None) -> Axes:
    r"""The decision regions and boundary :math:`p = 1/2` of the network at ``theta``, over its data.

    Parameters
    ----------
    net : TwoLayerNet
        A network with two inputs (:func:`gdviz.two_layer_net`).
    theta : array_like, shape (dim,)
    title : str, optional
        By default the training accuracy and the loss.
    legend : str or None
        Where the legend goes (matplotlib's ``loc``); None: no legend.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import numpy as np, gdviz
    >>> x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    >>> net = gdviz.two_layer_net(x, [0, 1, 1, 0], width=4)
    >>> ax = gdviz.plot_boundary(net, net.initial(seed=0))
    >>> ax.get_title()
    'accuracy 50%, loss 0.708'
    """
    view = BoundaryView(new_axes(ax, (4.5, 4.0)), _check_net(net))
    view.update(theta)
    if title is None:
        title = f"accuracy {float(net.accuracy(theta)):.0%}, loss {float(net.loss(theta)):.3g}"
    set_title_once(view.ax, title)
    if legend is not None:
        view.ax.legend(loc=legend, fontsize=8, framealpha=0.8)
    return view.ax
