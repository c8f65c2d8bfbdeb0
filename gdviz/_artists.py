"""Small reusable artists for paths: arrowheads that stay aligned, and the 2-D path overlay."""
from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.path import Path as MplPath
from matplotlib.transforms import IdentityTransform
from numpy.typing import NDArray

from ._style import DIVERGED_COLOR

# A triangle pointing along +x, about one unit long (scaled by the marker size in points).
_HEAD = np.array([[0.6, 0.0], [-0.4, 0.38], [-0.4, -0.38], [0.6, 0.0]])
_HEAD_CODES = [MplPath.MOVETO, MplPath.LINETO, MplPath.LINETO, MplPath.CLOSEPOLY]


def spread_out(spots: NDArray[np.float64], gap: float) -> NDArray[np.int64]:
    """Indices of the spots kept when walking in order and skipping any within ``gap`` of a kept one."""
    spots = np.asarray(spots, dtype=float)
    kept: list[int] = []
    for i, spot in enumerate(spots):
        if not kept or np.min(np.hypot(*(spots[kept] - spot).T)) >= gap:
            kept.append(i)
    return np.array(kept, dtype=int)


class ArrowHeads(PathCollection):
    """Arrowheads at the middle of segments, turned at draw time to follow the segments on screen.

    Turning them when drawing (not when the data is set) keeps them aligned with the lines even
    after the figure is resized or laid out again. Segments shorter than ``min_pixels`` on screen
    get no head, nor do heads that would crowd an earlier one, so a path crawling into a
    minimum or bouncing across it stays uncluttered.
    """

    def __init__(self, ax: Axes, *, size: float = 9.0, min_pixels: float = 14.0, **kwargs: Any):
        super().__init__([], sizes=[size**2], offsets=np.empty((0, 2)),
                         offset_transform=ax.transData,
                         transform=IdentityTransform(), **kwargs)
        self._starts = np.empty((0, 2))
        self._ends = np.empty((0, 2))
        self._min_pixels = min_pixels
        ax.add_collection(self, autolim=False)

    def set_arrows(self, starts: NDArray[np.float64], ends: NDArray[np.float64]) -> None:
        """One arrow per row: from ``starts[i]`` to ``ends[i]`` (data coordinates)."""
        self._starts = np.asarray(starts, dtype=float).reshape(-1, 2)
        self._ends = np.asarray(ends, dtype=float).reshape(-1, 2)
        self.set_offsets((self._starts + self._ends) / 2)
        self.stale = True

    def draw(self, renderer: Any) -> None:
        if self._starts.shape[0]:
            transform = self.axes.transData
            delta = transform.transform(self._ends) - transform.transform(self._starts)
            middles = (self._starts + self._ends) / 2
            keep = np.flatnonzero(np.hypot(*delta.T) >= self._min_pixels)
            keep = keep[spread_out(transform.transform(middles[keep]), 1.6 * self._min_pixels)]
            angles = np.arctan2(delta[keep, 1], delta[keep, 0])
            cos, sin = np.cos(angles), np.sin(angles)
            turn = np.stack([np.stack([cos, sin], -1), np.stack([-sin, cos], -1)], 1)
            shapes = _HEAD[None] @ turn
            self._paths = [MplPath(shape, _HEAD_CODES) for shape in shapes]
            PathCollection.set_offsets(self, middles[keep])
        else:
            self._paths = []
        super().draw(renderer)


class PathOverlay:
    """A 2-D path drawn on existing axes: line with dots, arrows, start square, divergence cross."""

    def __init__(self, ax: Axes, *, color: str, label: str | None = None, arrows: bool = True,
                 linewidth: float = 1.6, alpha: float = 1.0, markersize: float = 3.5,
                 zorder: float = 3.0):
        self.ax = ax
        self.line, = ax.plot([], [], "-o", color=color, lw=linewidth, ms=markersize,
                             alpha=alpha, label=label, zorder=zorder)
        self.start, = ax.plot([], [], "s", color=color, ms=7, mec="white", mew=0.8,
                              zorder=zorder + 0.2)
        self.heads = ArrowHeads(ax, facecolors=color, edgecolors="none", alpha=alpha,
                                zorder=zorder + 0.1) if arrows else None
        self.cross, = ax.plot([], [], "x", color=DIVERGED_COLOR, ms=11, mew=2.5,
                              zorder=zorder + 0.3)

    def update(self, params: NDArray[np.float64], diverged: bool) -> None:
        """Show the rows ``params (m, 2)``; put a cross on the last one when ``diverged``."""
        self.line.set_data(params[:, 0], params[:, 1])
        self.start.set_data(params[:1, 0], params[:1, 1])
        if self.heads is not None:
            self.heads.set_arrows(params[:-1], params[1:])
        last = params[-1:] if diverged and params.shape[0] else np.empty((0, 2))
        self.cross.set_data(last[:, 0], last[:, 1])


def status_text(ax: Axes) -> Any:
    """An empty note in the top-right corner of ``ax`` (for "diverged after n steps" and the like)."""
    return ax.text(0.98, 0.97, "", transform=ax.transAxes, ha="right", va="top", fontsize=9,
                   color=DIVERGED_COLOR, zorder=3.25,
                   bbox=dict(boxstyle="round,pad=0.25", fc="white", ec="none", alpha=0.8))
