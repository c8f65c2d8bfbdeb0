r"""Views: pictures drawn once, then updated in place with ``update`` (for explorers and the plot functions).

Each view owns a fixed set of artists. ``update(path, upto=None)`` only changes their data
(``set_data``, ``set_offsets``, ``set_segments``, ``set_text``), so a slider tick costs one redraw
and never adds artists. ``upto=k`` shows the start and the first ``k`` steps (a step-through).
A diverged path is drawn up to its last drawable row, marked with a cross and a note.

:class:`CurveView` (a loss curve), :class:`ContourView` (loss contours) and :class:`LossView`
(loss against step) share the small artists defined first: arrowheads that stay aligned with
their segments, the 2-D path overlay and the corner note.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.path import Path as MplPath
from matplotlib.transforms import IdentityTransform
from numpy.typing import ArrayLike, NDArray

from ..core.constraints import FINITE, Choice, Integer
from ..core.objectives import Objective, check_objective
from ..core.records import Path
from .grid import drawable_grid
from .limits import (check_limits, contour_levels, curve_xlim, curve_ylim, drawable_losses,
                     drawable_rows, inside_window, left_finite_range, log_floor, minimum_window,
                     set_loss_limits, undrawable_loss, undrawable_start)
from .style import (CURVE_COLOR, DIVERGED_COLOR, LOSS_LABEL, PALETTE, TANGENT_COLOR, label_axes,
                    param_labels)

__all__ = ["CurveView", "ContourView", "LossView"]

#: The minimum's star: above paths (3 to 3.5), the gradient arrow (4.5), markers a lesson adds
#: at 4.5; below notes and the legend (5).
MINIMUM_ZORDER = 4.8



# ---------------------------------------------------------------------------------------------
# Artists shared by the views

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
                 zorder: float = 3.0, linestyle: str = "-", marker: str = "o"):
        self.ax = ax
        self.line, = ax.plot([], [], color=color, ls=linestyle, marker=marker, lw=linewidth, ms=markersize,
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


# ---------------------------------------------------------------------------------------------
# Loss curve and loss contours

#: Half the length of a tangent segment, as a fraction of the axes (both axes scaled to 1).
TANGENT_HALF = 0.11
#: Points with tangents are at least this many half-lengths apart (segments never touch).
TANGENT_GAP = 2.4


def _note(path: Path, shown: int, inside: NDArray[np.bool_], upto: int | None,
          names: Any = ("w",)) -> str:
    """A short sentence about divergence, about steps that leave the plotted window, or a start
    that cannot be drawn at all (its loss is nan, or beyond any axis)."""
    if shown == 0:
        return undrawable_start(path, names).replace(" is too far", "\nis too far")
    outside = np.flatnonzero(~inside)
    diverged = left_finite_range(path) and (upto is None or upto >= path.n_steps)
    leaves = "" if not outside.size else "starts outside the view" if outside[0] == 0 else \
        f"leaves the view at step {outside[0]}"
    if diverged:
        return f"diverged after {path.n_steps} steps" + (f"\n{leaves.replace('leaves', 'left')}"
                                                           if leaves else "")
    return leaves


class CurveView:
    r"""A 1-parameter loss curve with a descent path on it, updatable in place.

    Parameters
    ----------
    ax : Axes
        Where to draw (the axes' limits are fixed to ``xlim`` and the curve's range).
    objective : objective
        A 1-parameter objective such as ``gdviz.parabola()``.
    xlim : (float, float), optional
        Range of :math:`w`; by default the minimizer :math:`\pm 5`.
    ylim : (float, float), optional
        Range of the loss; by default the curve's range over ``xlim``.
    tangents : bool
        Draw the tangent (slope = gradient) at the current step, bolder, and at earlier steps
        far enough apart that their segments do not run together.
    numbered : bool
        Number the steps next to their points.
    max_labels : int
        At most this many step numbers; numbers that would overlap are skipped.
    color : str
        Colour of the path.

    Examples
    --------
    >>> import matplotlib.pyplot as plt, gdviz
    >>> fig, ax = plt.subplots()
    >>> view = gdviz.CurveView(ax, gdviz.parabola(), xlim=(-5, 5))
    >>> view.update(gdviz.gradient_descent(gdviz.parabola(), 4.0, 0.1, 10), upto=3)
    """

    def __init__(self, ax: Axes, objective: Objective, *, xlim: ArrayLike | None = None,
                 ylim: ArrayLike | None = None, tangents: bool = True, numbered: bool = True,
                 max_labels: int = 10, color: str = PALETTE[0]):
        check_objective(objective, 1, "CurveView")
        max_labels = Integer(0).check(max_labels, "max_labels")
        self.ax, self.objective = ax, objective
        default = curve_xlim(objective)
        self.xlim = check_limits(xlim, "xlim") or default
        w, loss = drawable_grid(objective, self.xlim, n=400)
        self.ylim = check_limits(ylim, "ylim") or curve_ylim(loss)
        self.curve, = ax.plot(w, loss, color=CURVE_COLOR, lw=1.5, zorder=2)
        # Stacking, bottom to top: curve, the path's chords, tangents (so that a tangent lying
        # along a chord stays visible), the points where they touch.
        self.chords, = ax.plot([], [], "-", color=color, lw=0.9, alpha=0.9, zorder=2.4)
        self.tangents = LineCollection([], colors=TANGENT_COLOR, linewidths=2.0,
                                       zorder=2.7) if tangents else None
        if self.tangents is not None:
            ax.add_collection(self.tangents, autolim=False)
        self.current_tangent, = ax.plot([], [], color=TANGENT_COLOR, lw=2.4, zorder=2.8,
                                        visible=tangents)
        self.points, = ax.plot([], [], "o", color=color, ms=5.5, mec="white", mew=0.6, zorder=3)
        self.current, = ax.plot([], [], "o", ms=11, mfc="none", mec=color, mew=1.8, zorder=3.1)
        self.cross, = ax.plot([], [], "x", color=DIVERGED_COLOR, ms=11, mew=2.5, zorder=3.3)
        self.labels = [ax.annotate("", (0.0, 0.0), xytext=(0, 8), textcoords="offset points",
                                   ha="center", va="bottom", fontsize=8, color=color,
                                   visible=False, zorder=4)
                       for _ in range(int(max_labels) if numbered else 0)]
        self.status = status_text(ax)
        self.status.set(x=0.5, ha="center")  # between the arms of a valley: usually empty
        ax.set_xlim(self.xlim)
        ax.set_ylim(self.ylim)
        label_axes(ax, param_labels(objective)[0], LOSS_LABEL)

    def tangent_segments(self, w: NDArray[np.float64], loss: NDArray[np.float64],
                         slope: NDArray[np.float64]) -> NDArray[np.float64]:
        """Segments ``(m, 2, 2)`` centred on ``(w, loss)`` with the given slopes, of equal length on screen."""
        xr, yr = self.xlim[1] - self.xlim[0], self.ylim[1] - self.ylim[0]
        with np.errstate(over="ignore"):
            half = TANGENT_HALF / np.sqrt(1.0 / xr**2 + (slope / yr) ** 2)
        dx = np.stack([-half, half], axis=-1)
        return np.stack([w[:, None] + dx, loss[:, None] + slope[:, None] * dx], axis=-1)

    def update(self, path: Path, upto: int | None = None) -> None:
        """Show ``path`` (all of it, or the start and the first ``upto`` steps).

        Numbers go to the steps that are not crowded (at most ``max_labels`` numbers), tangents to
        steps whose segments do not overlap; the current (last shown) step always gets both.
        """
        shown = drawable_rows(path, upto)
        w = np.asarray(path.params, dtype=float)[:shown, 0]
        loss = np.asarray(path.losses, dtype=float)[:shown]
        slope = np.asarray(path.grads, dtype=float)[:shown, 0]
        self.chords.set_data(w, loss)
        self.points.set_data(w, loss)
        self.current.set_data(w[-1:], loss[-1:])
        points = np.stack([w, loss], axis=-1)
        inside = inside_window(points, self.xlim, self.ylim)
        scale = np.array([self.xlim[1] - self.xlim[0], self.ylim[1] - self.ylim[0]])
        steps = np.flatnonzero(inside)
        steps = np.concatenate([steps[-1:], steps[:-1]])  # the current step first: always numbered
        steps = np.sort(steps[spread_out(points[steps] / scale, 0.045)][:len(self.labels) or None])
        self._number(points, steps[:len(self.labels)])
        if self.tangents is not None:
            self._touch(points, slope, inside, scale)
        note = _note(path, shown, inside, upto, self.objective.param_names)
        diverged = note.startswith("diverged")
        self.cross.set_data(w[-1:] if diverged else [], loss[-1:] if diverged else [])
        self.status.set_text(note)

    def _touch(self, points: NDArray[np.float64], slope: NDArray[np.float64],
               inside: NDArray[np.bool_], scale: NDArray[np.float64]) -> None:
        """Tangents at the current step and at earlier steps far enough apart not to run together.

        Walking back from the current step, a step gets a tangent when its point is at least
        ``TANGENT_GAP`` half-lengths from every point that has one: on a nearly straight stretch
        of the curve, neighbouring tangents then leave a visible gap instead of merging.
        """
        good = np.flatnonzero(inside & np.isfinite(slope))[::-1]  # the current step first
        spots = good[spread_out(points[good] / scale, TANGENT_GAP * TANGENT_HALF)]
        spots = np.sort(spots[spots < points.shape[0] - 1])
        self.tangents.set_segments(self.tangent_segments(*points[spots].T, slope[spots]))
        last = (self.tangent_segments(points[-1:, 0], points[-1:, 1], slope[-1:])[0]
                if points.shape[0] and np.isfinite(slope[-1]) and np.all(np.isfinite(points[-1]))
                else np.empty((2, 2)))
        self.current_tangent.set_data(last[:, 0], last[:, 1])

    def _number(self, points: NDArray[np.float64], steps: NDArray[np.int64]) -> None:
        """Write the step numbers ``steps`` next to their points; hide the other labels."""
        for label, step in zip(self.labels, steps):
            label.xy = tuple(points[step])
            label.set_text(str(step))
            label.set_visible(True)
        for label in self.labels[len(steps):]:
            label.set_visible(False)


class ContourView:
    r"""Filled loss contours of a 2-parameter objective with a descent path, updatable in place.

    Parameters
    ----------
    ax : Axes
    objective : objective
        A 2-parameter objective (``gdviz.bowl()``, ``gdviz.sigmoid_fit()``).
    xlim, ylim : (float, float), optional
        Ranges of the two parameters; by default the minimizer :math:`\pm 5`.
    levels : int
        Number of contour levels, spaced evenly in :math:`\sqrt{L - L_{min}}` so that the rings
        near the minimum show.
    arrows : bool
        Arrowheads on the path's steps.
    equal_aspect : bool, optional
        Same scale on both axes; by default on for objectives without data (whose two parameters
        share their units) and off for data objectives such as the sigmoid neuron.
    color : str
        Colour of the path.
    label : str, optional
        Legend label of the path.
    path_style : dict, optional
        Line style of the path: ``color``, ``linewidth``, ``alpha``, ``markersize``.
    minimum_label : str, optional
        Legend label of the minimum's star (default "minimum", or "minima" for several). The star
        is drawn above every path, marker and arrow (below the legend and the notes).

    Examples
    --------
    >>> import matplotlib.pyplot as plt, gdviz
    >>> fig, ax = plt.subplots()
    >>> view = gdviz.ContourView(ax, gdviz.bowl(), xlim=(-6, 6), ylim=(-6, 6))
    >>> view.update(gdviz.gradient_descent(gdviz.bowl(), (5, -4), 0.1, 20))
    """

    def __init__(self, ax: Axes, objective: Objective, *, xlim: ArrayLike | None = None,
                 ylim: ArrayLike | None = None, levels: int = 20, arrows: bool = True,
                 equal_aspect: bool | None = None, color: str = PALETTE[0],
                 label: str | None = None, path_style: dict | None = None,
                 minimum_label: str | None = None):
        check_objective(objective, 2, "ContourView")
        if minimum_label is not None and not isinstance(minimum_label, str):
            raise TypeError(f"minimum_label must be a str or None. Got {minimum_label!r} instead.")
        levels = Integer(2).check(levels, "levels")
        self.ax, self.objective = ax, objective
        default = minimum_window(objective)
        self.xlim = check_limits(xlim, "xlim") or default[0]
        self.ylim = check_limits(ylim, "ylim") or default[1]
        W1, W2, loss = drawable_grid(objective, self.xlim, self.ylim, n=121)
        steps = contour_levels(loss, int(levels))
        self.filled = ax.contourf(W1, W2, loss, levels=steps, cmap="Greys", vmin=steps[0],
                                  vmax=steps[-1] + 1.4 * (steps[-1] - steps[0]), zorder=0)
        self.lines = ax.contour(W1, W2, loss, levels=steps, colors="0.55", linewidths=0.5,
                                zorder=0.5)
        minima = objective.minima
        shown = minima[inside_window(minima, self.xlim, self.ylim)]
        if shown.shape[0]:
            ax.plot(shown[:, 0], shown[:, 1], "*", color="black", ms=13, mec="white", mew=0.8,
                    zorder=MINIMUM_ZORDER, gid="minimum",
                    label=minimum_label or ("minimum" if minima.shape[0] == 1 else "minima"))
        self.overlay = PathOverlay(ax, label=label, arrows=arrows,
                                   **{"color": color, **(path_style or {})})
        self.status = status_text(ax)
        ax.set_xlim(self.xlim)
        ax.set_ylim(self.ylim)
        if equal_aspect is None:
            equal_aspect = objective.n_samples is None
        if equal_aspect:
            ax.set_aspect("equal", adjustable="box")
        label_axes(ax, *param_labels(objective))

    def update(self, path: Path, upto: int | None = None) -> None:
        """Show ``path`` (all of it, or the start and the first ``upto`` steps)."""
        shown = drawable_rows(path, upto)
        params = np.asarray(path.params, dtype=float)[:shown]
        inside = inside_window(params, self.xlim, self.ylim)
        note = _note(path, shown, inside, upto, self.objective.param_names)
        self.overlay.update(params, note.startswith("diverged"))
        self.status.set_text(note)


# ---------------------------------------------------------------------------------------------
# Loss against step

class LossView:
    r"""Loss against step (or epoch) of one path, updatable in place.

    The axis limits follow the whole path, so stepping through it with ``upto`` does not rescale.
    On a log scale, losses of exactly zero are drawn at a floor: a tenth of the smallest positive
    loss shown (a log axis cannot show zero); losses below zero are left out, and the note says
    so (draw :math:`L - L_{min}` instead, with ``shift``, or use a linear axis).

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
    shift : float
        Drawn is ``loss - shift``: with the lowest minimum's loss :math:`L_{min}`, the gap to it
        (for losses that go below zero, on a log axis). The axis label is the caller's to set.

    Examples
    --------
    >>> import matplotlib.pyplot as plt, gdviz
    >>> fig, ax = plt.subplots()
    >>> view = gdviz.LossView(ax, log=True)
    >>> view.update(gdviz.gradient_descent(gdviz.parabola(), 4.0, 0.1, 10))
    """

    def __init__(self, ax: Axes, *, log: bool = True, x: str = "step", color: str = PALETTE[0],
                 label: str | None = None, autoscale: bool = True, notes: bool = True,
                 shift: float = 0.0, linestyle: str = "-", marker: str | None = None):
        x = Choice("step", "epoch").check(x, "x")
        shift = FINITE.check(shift, "shift")
        self.ax, self.log, self.x, self.autoscale = ax, bool(log), x, autoscale
        self.shift = float(shift)
        self.line, = ax.plot([], [], color=color, ls=linestyle, lw=1.8, label=label, zorder=3,
                             **({} if marker is None else dict(marker=marker, ms=5, markevery=0.08)))
        self.current, = ax.plot([], [], "o", color=color, ms=6, zorder=3.1)
        self.cross, = ax.plot([], [], "x", color=DIVERGED_COLOR, ms=11, mew=2.5, zorder=3.3)
        self.status = status_text(ax) if notes else None
        if self.log:
            ax.set_yscale("log")
        label_axes(ax, x, LOSS_LABEL)
        self.data: tuple[NDArray[np.float64], NDArray[np.float64]] = (np.zeros(1), np.ones(1))

    def series(self, path: Path, floor: float | None = None) -> tuple[NDArray, NDArray]:
        """The drawable ``(x, loss - shift)`` of the whole path.

        On a log axis zeros are raised to ``floor`` and values below zero become nan (not drawn).
        Positive losses are drawn as they are, even below ``floor``: a curve that falls past the
        axis's bottom leaves through it (and the note says how low it went) instead of lying flat
        along it like a plateau.
        """
        count = drawable_losses(path)
        xs = np.asarray(path.epochs if self.x == "epoch" else np.arange(path.losses.shape[0]),
                        dtype=float)[:count]
        loss = np.asarray(path.losses, dtype=float)[:count] - self.shift
        if self.log:
            low = log_floor([loss]) if floor is None else floor
            loss = np.where(loss < 0, np.nan, np.where(loss == 0, low, loss))
        return xs, loss

    def update(self, path: Path, upto: int | None = None, *, floor: float | None = None) -> None:
        """Show ``path``'s losses (all, or the start and the first ``upto`` steps)."""
        xs, loss = self.series(path, floor)
        self.data = (xs, loss)
        shown = drawable_losses(path, upto)
        self.line.set_data(xs[:shown], loss[:shown])
        self.current.set_data(xs[shown - 1:shown], loss[shown - 1:shown])
        diverged = left_finite_range(path) and (upto is None or upto >= path.n_steps)
        last = xs.shape[0] and np.isfinite(loss[-1])
        self.cross.set_data(xs[-1:] if diverged and last else [],
                            loss[-1:] if diverged and last else [])
        if self.autoscale:
            set_loss_limits(self.ax, [self.data], self.log)
        if self.status is not None:  # a rising curve ends top right: then the note goes below
            bottom = self.ax.get_ylim()[0] if self.log else None
            self.status.set_text(loss_note(path, diverged, loss, self.log, self.shift, bottom=bottom))
            rising = loss.shape[0] > 1 and loss[-1] > loss[0]
            self.status.set_y(0.03 if rising else 0.97)
            self.status.set_verticalalignment("bottom" if rising else "top")


def loss_note(path: Path, diverged: bool, drawn: NDArray[np.float64], log: bool,
              shift: float = 0.0, *, bottom: float | None = None) -> str:
    """The corner note of a loss plot: divergence, where a log axis draws exact zeros, what it leaves out.

    With the log axis's ``bottom``, a curve that falls below it is named: from which step, and how low.
    """
    notes = [f"diverged after {path.n_steps} steps"] if diverged else []
    losses = np.asarray(path.losses, dtype=float)[:drawn.shape[0]] - shift
    if drawn.shape[0] == 0:
        notes.append(undrawable_loss(path))
    elif log and np.any(losses == 0) and np.any(np.isfinite(drawn)):
        notes.append(f"loss 0 drawn at {float(np.nanmin(drawn)):.0e}")
    if log and np.any(losses < 0):
        notes.append("losses below 0 are not drawn (log axis)")
    if log and bottom is not None and drawn.shape[0]:
        with np.errstate(invalid="ignore"):
            under = np.flatnonzero((losses > 0) & (losses < bottom))
        if under.size:
            lowest = float(np.min(losses[under]))
            notes.append(f"below the axis from step {int(under[0])} (lowest {lowest:.2g})")
    return "; ".join(notes)
