"""The updatable loss-against-step view (re-exported by :mod:`gdviz.views`)."""
from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from numpy.typing import NDArray

from ._artists import status_text
from ._grid import curve_ylim
from ._style import (DIVERGED_COLOR, LOSS_LABEL, PALETTE, drawable_rows, label_axes,
                     left_finite_range, log_floor)

__all__ = ["LossView", "set_loss_limits"]


class LossView:
    r"""Loss against step (or epoch) of one path, updatable in place.

    The axis limits follow the whole path, so stepping through it with ``upto`` does not rescale.
    On a log scale, losses of exactly zero are drawn at a floor: a tenth of the smallest positive
    loss shown (a log axis cannot show zero).

    Parameters
    ----------
    ax : Axes
    log : bool
        Logarithmic loss axis.
    x : {"step", "epoch"}
        Horizontal axis: update steps, or passes over the data (``Path.epochs``).
    color : str
    label : str, optional
        Legend label.
    autoscale : bool
        Fit the axis limits to the path on every update.
    notes : bool
        Write "diverged after n steps" (and where zeros are drawn) in a corner of the axes.

    Examples
    --------
    >>> import matplotlib.pyplot as plt, gdviz
    >>> fig, ax = plt.subplots()
    >>> view = gdviz.LossView(ax, log=True)
    >>> view.update(gdviz.gradient_descent(gdviz.parabola(), 4.0, 0.1, 10))
    """

    def __init__(self, ax: Axes, *, log: bool = True, x: str = "step", color: str = PALETTE[0],
                 label: str | None = None, autoscale: bool = True, notes: bool = True):
        if x not in ("step", "epoch"):
            raise ValueError(f"x must be 'step' or 'epoch'. Got {x!r} instead.")
        self.ax, self.log, self.x, self.autoscale = ax, bool(log), x, autoscale
        self.line, = ax.plot([], [], "-", color=color, lw=1.8, label=label, zorder=3)
        self.current, = ax.plot([], [], "o", color=color, ms=6, zorder=3.1)
        self.cross, = ax.plot([], [], "x", color=DIVERGED_COLOR, ms=11, mew=2.5, zorder=3.3)
        self.status = status_text(ax) if notes else None
        if self.log:
            ax.set_yscale("log")
        label_axes(ax, x, LOSS_LABEL)
        self.data: tuple[NDArray[np.float64], NDArray[np.float64]] = (np.zeros(1), np.ones(1))

    def series(self, path: Any, floor: float | None = None) -> tuple[NDArray, NDArray]:
        """The drawable ``(x, loss)`` of the whole path (zeros raised to ``floor`` on a log axis)."""
        count = drawable_rows(path)
        xs = np.asarray(path.epochs if self.x == "epoch" else np.arange(path.losses.shape[0]),
                        dtype=float)[:count]
        loss = np.asarray(path.losses, dtype=float)[:count]
        if self.log:
            loss = np.maximum(loss, log_floor([loss]) if floor is None else floor)
        return xs, loss

    def update(self, path: Any, upto: int | None = None, *, floor: float | None = None) -> None:
        """Show ``path``'s losses (all, or the start and the first ``upto`` steps)."""
        xs, loss = self.series(path, floor)
        self.data = (xs, loss)
        shown = drawable_rows(path, upto)
        self.line.set_data(xs[:shown], loss[:shown])
        self.current.set_data(xs[shown - 1:shown], loss[shown - 1:shown])
        diverged = left_finite_range(path) and (upto is None or upto >= path.n_steps)
        self.cross.set_data(xs[-1:] if diverged else [], loss[-1:] if diverged else [])
        if self.status is not None:  # a rising curve ends top right: then the note goes below
            self.status.set_text(loss_note(path, diverged, float(loss.min()), self.log))
            rising = loss.shape[0] > 1 and loss[-1] > loss[0]
            self.status.set_y(0.03 if rising else 0.97)
            self.status.set_verticalalignment("bottom" if rising else "top")
        if self.autoscale:
            set_loss_limits(self.ax, [self.data], self.log)


def set_loss_limits(ax: Axes, series: list[tuple[NDArray, NDArray]], log: bool) -> None:
    """Fit the axes to every ``(x, loss)`` series (a little headroom; factors on a log axis)."""
    xs = np.concatenate([s[0] for s in series])
    ys = np.concatenate([s[1] for s in series])
    top = float(xs.max()) if xs.size else 0.0
    ax.set_xlim(0.0, top * 1.04 if top > 0 else 1.0)
    if log:
        low, high = float(ys.min()), float(ys.max())
        ratio = max(high / low, 10.0) ** 0.05
        ax.set_ylim(low / ratio, high * ratio)
    else:
        ax.set_ylim(*curve_ylim(ys))


def loss_note(path: Any, diverged: bool, lowest: float, log: bool) -> str:
    """The corner note of a loss plot: divergence, and where a log axis draws exact zeros."""
    notes = [f"diverged after {path.n_steps} steps"] if diverged else []
    if log and np.any(np.asarray(path.losses) == 0):
        notes.append(f"loss 0 drawn at {lowest:.0e}")
    return "; ".join(notes)
