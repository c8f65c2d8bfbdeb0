r"""Plots: static pictures of descent, paths on loss curves and on contours, and loss curves.

Every function draws on ``ax`` (a new figure when ``ax`` is None), labels only axes that have no
label yet, never calls ``plt.show()`` or changes rcParams, and returns the Axes. They take Path
records from :func:`gdviz.gradient_descent` and never run descent themselves; the drawing code
is the same as the updatable views in :mod:`gdviz.pictures.views`.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from ..core.constraints import Integer, check_theta
from ..core.objectives import Objective, check_objective
from ..core.records import DIVERGENCE_FACTOR, Path, Sweep
from ..core.schedules import Schedule
from .limits import (PLOT_LIMIT, check_limits, drawable_losses, finite_params, left_finite_range, limits_2d,
                     log_floor, loss_offset, path_xlim, set_loss_limits, undrawable_loss)
from .style import (DIVERGED_COLOR, PALETTE, as_paths, series_style, check_labels, label_axes, new_axes,
                    path_label, set_title_once)
from .views import ContourView, CurveView, LossView, PathOverlay

__all__ = ["plot_loss_curves", "plot_path_1d", "plot_path_2d", "plot_schedule"]


def plot_path_1d(path: Path, objective: Objective, *, tangents: bool = False, numbered: bool = True,
                 max_labels: int = 10, xlim: ArrayLike | None = None,
                 ax: Axes | None = None) -> Axes:
    r"""A one-parameter descent path on its loss curve, steps numbered.

    A diverged path is drawn up to its last finite point, marked with a cross and a note.

    Parameters
    ----------
    path : Path
        From :func:`gdviz.gradient_descent` on ``objective``.
    objective : objective
        A 1-parameter objective (``gdviz.parabola()``, ``gdviz.double_well()``).
    tangents : bool
        Draw the tangent line at each step: its slope is the gradient :math:`dL/dw` there.
    numbered : bool
        Write the step number above each point.
    max_labels : int
        At most this many numbers; numbers that would overlap are left out.
    xlim : (float, float), optional
        Range of :math:`w`; by default every finite point of the path and the minimum.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import gdviz
    >>> path = gdviz.gradient_descent(gdviz.parabola(), start=4.0, lr=0.1, steps=10)
    >>> ax = gdviz.plot_path_1d(path, gdviz.parabola(), tangents=True)
    """
    path = as_paths(path, "path")[0]
    check_objective(objective, 1, "plot_path_1d")
    xlim = check_limits(xlim, "xlim") or path_xlim([path], objective)
    ax = new_axes(ax, (7.0, 4.2))
    CurveView(ax, objective, xlim=xlim, tangents=tangents,
              max_labels=max_labels if numbered else 0).update(path)
    set_title_once(ax, run_title(path, objective), fontsize=10)
    return ax


def run_title(path: Path, objective: Objective) -> str:
    """``"L(w) = w^2: 12 steps with η = 0.1"`` (the formula left out when the objective has none)."""
    formula = objective.formula
    steps = f"{path.n_steps} step{'s' if path.n_steps != 1 else ''} with {path_label(path)}"
    return f"{formula}: {steps}" if formula else steps


def _gradient_scale(point: np.ndarray, vector: np.ndarray, xlim: tuple, ylim: tuple) -> float:
    """A round factor (1, 0.5, 0.2, 0.1, ...) that keeps ``point + factor * vector`` well inside the axes."""
    size = float(np.hypot(*vector))
    if size == 0:
        return 1.0
    widths = np.array([xlim[1] - xlim[0], ylim[1] - ylim[0]])
    limit = 0.4 * widths.min() / size
    for j, (low, high) in enumerate((xlim, ylim)):
        room = (high - point[j]) if vector[j] > 0 else (point[j] - low)
        if vector[j] != 0:
            with np.errstate(over="ignore"):  # a component of 1e-310: no limit from it
                limit = min(limit, 0.92 * room / abs(vector[j]))
    exponent = np.floor(np.log10(limit)) if limit > 0 else 0
    for mantissa in (5.0, 2.0, 1.0):
        if mantissa * 10**exponent <= limit:
            return float(min(mantissa * 10**exponent, 1.0))
    return float(10**exponent)


def draw_gradient(ax: Axes, objective: Objective, point: ArrayLike, *, xlim: tuple, ylim: tuple,
                  gradient: bool = False) -> Any:
    r"""The arrow :math:`-\nabla L` at ``point``, drawn at a round scale and labelled with its components.

    Returns the quiver: ``U, V`` hold the true components of :math:`-\nabla L` and the drawn arrow
    is ``(U, V) / quiver.scale``.
    """
    point = check_theta(point, 2, "gradient_at").reshape(2)
    with np.errstate(all="ignore"):  # a loss undefined there: no arrow, a note instead
        g = np.asarray(objective.grad(point), dtype=float).reshape(2)
    if not (np.all(np.isfinite(g)) and np.all(np.isfinite(point))) or \
            np.any(np.abs(point) > PLOT_LIMIT) or np.any(np.abs(g) > PLOT_LIMIT):
        return ax.annotate(r"$-\nabla L$ cannot be drawn here", point, xytext=(0, 10),
                           textcoords="offset points", ha="center", fontsize=9,
                           color=DIVERGED_COLOR, zorder=5)
    down = -g
    factor = _gradient_scale(point, down, xlim, ylim)
    ax.plot(*point, "o", color="black", ms=5, zorder=4)
    if gradient:
        ax.quiver(*point, *g, angles="xy", scale_units="xy", scale=1 / factor, color="0.3",
                  width=0.006, zorder=4, label=r"$\nabla L$")
    arrow = ax.quiver(*point, *down, angles="xy", scale_units="xy", scale=1 / factor,
                      color=DIVERGED_COLOR, width=0.006, zorder=4.5, label=r"$-\nabla L$",
                      gid="negative-gradient")
    shown = "" if factor == 1 else f"\n(drawn ×{factor:g})"
    text = rf"$-\nabla L = ({down[0]:.3g},\ {down[1]:.3g})$" + shown
    middle = point + 0.5 * factor * down
    centre = np.array([sum(xlim), sum(ylim)]) / 2
    side = np.array([down[1], -down[0]])
    side = side if side @ (centre - middle) >= 0 else -side
    side = 30 * side / max(float(np.hypot(*side)), 1e-300)
    ax.annotate(text, middle, xytext=tuple(side), textcoords="offset points", ha="center",
                va="center", fontsize=9, color=DIVERGED_COLOR, zorder=5,
                bbox=dict(boxstyle="round,pad=0.25", fc="white", ec="none", alpha=0.85))
    return arrow


def plot_path_2d(paths: Path | Sequence[Path] | Sweep, objective: Objective, *, labels: Sequence[str] | None = None,
                 arrows: bool = True, gradient_at: ArrayLike | None = None,
                 gradient: bool = False, xlim: ArrayLike | None = None,
                 ylim: ArrayLike | None = None, levels: int = 20,
                 minimum_label: str | None = None, ax: Axes | None = None) -> Axes:
    r"""Two-parameter descent path(s) on filled loss contours, each step an arrow.

    Paths start at a square; a diverged path is drawn up to its last finite point, marked with a
    cross, and said to have diverged (in the legend, or a note for a single path).

    Parameters
    ----------
    paths : Path or sequence of Path
    objective : objective
        A 2-parameter objective (``gdviz.bowl()``, ``gdviz.sigmoid_fit()``).
    labels : sequence of str, optional
        Legend labels, one per path (default ``"η = 0.1"``).
    arrows : bool
        Arrowheads on the steps (left out where steps are too short to show them).
    gradient_at : (float, float), optional
        Draw the negative gradient :math:`-\nabla L` there, labelled with its components and
        scaled by a round factor (stated on the picture) so that it stays on the axes.
    gradient : bool
        With ``gradient_at``, also draw :math:`\nabla L` itself (grey).
    xlim, ylim : (float, float), optional
        Parameter ranges; by default every finite point, the minimum and ``gradient_at``.
    levels : int
        Number of contour levels (spaced evenly in :math:`\sqrt{L - L_{min}}`).
    minimum_label : str, optional
        The legend's name for the minimum's star (e.g. ``"exact fit $(w^*, b^*)$"``); giving it
        shows the legend. The star is always drawn above the paths.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import gdviz
    >>> path = gdviz.gradient_descent(gdviz.bowl(), start=(5, -4), lr=0.1, steps=15)
    >>> ax = gdviz.plot_path_2d(path, gdviz.bowl(), gradient_at=(5, -4), minimum_label="the bottom")
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['the bottom', 'η = 0.1']
    """
    paths = as_paths(paths)
    labels = check_labels(labels, len(paths))
    check_objective(objective, 2, "plot_path_2d")
    ax = new_axes(ax, (6.4, 5.2))
    xlim, ylim = limits_2d(paths, objective, xlim, ylim, extra=gradient_at)
    draw_paths_2d(ax, paths, objective, labels=labels, arrows=arrows, xlim=xlim, ylim=ylim,
                  levels=levels, minimum_label=minimum_label)
    if gradient_at is not None:
        draw_gradient(ax, objective, gradient_at, xlim=xlim, ylim=ylim, gradient=gradient)
    set_title_once(ax, run_title(paths[0], objective) if len(paths) == 1
                   else objective.formula, fontsize=10)
    return ax


def draw_paths_2d(ax: Axes, paths: Sequence[Path], objective: Objective, *, labels: list | None,
                  arrows: bool | Sequence[bool], xlim: tuple, ylim: tuple, levels: int,
                  styles: Sequence[dict] | None = None,
                  minimum_label: str | None = None) -> ContourView:
    """Contours once, then one overlay per path; the legend says which paths diverged."""
    many = len(paths) > 1 or labels is not None or minimum_label is not None
    names = labels or [path_label(p) for p in paths]
    arrows = [arrows] * len(paths) if isinstance(arrows, bool) else list(arrows)
    styles = styles or [{} for _ in paths]
    names = [n + (" (diverged)" if left_finite_range(p) else "") for n, p in zip(names, paths)]
    view = ContourView(ax, objective, xlim=xlim, ylim=ylim, levels=levels, arrows=arrows[0],
                       label=names[0], path_style=styles[0], minimum_label=minimum_label)
    view.update(paths[0])
    for i, path in enumerate(paths[1:], start=1):
        overlay = PathOverlay(ax, label=names[i], arrows=arrows[i], **{**series_style(i), **styles[i]})
        overlay.update(finite_params([path])[0], left_finite_range(path))
    if many:
        view.status.set_text("")
        ax.legend(loc="best", fontsize=9, framealpha=0.9)
    return view


def plot_loss_curves(paths: Path | Sequence[Path] | Sweep, *, labels: Sequence[str] | None = None,
                     log: bool = False, x: str = "step", objective: Objective | None = None,
                     ax: Axes | None = None) -> Axes:
    r"""Loss against step (or epoch) for one or several paths.

    A diverged path is drawn up to its last finite value, which gets a cross, and its legend
    entry says "diverged"; the cross's entry says why the run ends there (the divergence rule
    ``|w| > 4·10⁶`` for a start at 4, or the last finite value before an overflow). A log axis cannot show zero: losses of exactly 0 are drawn at a floor,
    the smaller of a tenth of the smallest positive loss shown and :math:`10^{-16}` times the
    largest (the path's legend entry says so).

    Nor can a log axis show losses below zero (the double well's minima lie below zero). Then,
    with the objective's minima known (``objective``, or the Sweep's own), it shows the gap to
    the lowest one, :math:`L - L_{min}`, labelled so; without them, the axis is linear and the
    title says why.

    Parameters
    ----------
    paths : Path, sequence of Path, or Sweep
        A Sweep gives one curve per row (learning rate).
    labels : sequence of str, optional
        Legend labels (default ``"η = 0.1"``, shown when there are several paths).
    log : bool
        Logarithmic loss axis.
    x : {"step", "epoch"}
        Horizontal axis: update steps or passes over the data.
    objective : objective, optional
        What the paths ran on: its lowest minimum is :math:`L_{min}` for losses below zero.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import gdviz
    >>> runs = [gdviz.gradient_descent(gdviz.parabola(), 4.0, lr, 30) for lr in (0.05, 0.3, 1.1)]
    >>> ax = gdviz.plot_loss_curves(runs, log=True)
    >>> well = gdviz.double_well()
    >>> ax = gdviz.plot_loss_curves(gdviz.gradient_descent(well, -2.0, 0.02, 40), log=True,
    ...                             objective=well)
    >>> ax.get_ylabel()
    '$L - L_{min}$'
    """
    objective = getattr(paths, "objective", None) if objective is None else objective
    if objective is not None:
        check_objective(objective, None, "plot_loss_curves")
    paths = as_paths(paths)
    labels = check_labels(labels, len(paths))
    ax = new_axes(ax, (7.0, 4.2))
    drawn = [np.asarray(p.losses, dtype=float)[:drawable_losses(p)] for p in paths]
    shift = loss_offset(objective, drawn) if log else None
    linear = shift is not None and np.isnan(shift)
    log, shift = log and not linear, 0.0 if shift is None or linear else shift
    if shift:
        label_axes(ax, x, r"$L - L_{min}$")
    views = [LossView(ax, log=log, x=x, autoscale=False, notes=False, shift=shift,
                      **(series_style(i) if len(paths) > 1 else {})) for i in range(len(paths))]
    # a gap below about 1e-15 |L_min| is rounding: the minimum is reached within float precision
    floor = max(log_floor([d - shift for d in drawn]), 1e-15 * abs(shift)) if log else None
    names = labels or [path_label(p) for p in paths]
    crossed = zeros = False
    for view, path, name, losses in zip(views, paths, names, drawn):
        view.update(path, floor=floor)
        diverged = left_finite_range(path)
        zero = log and bool(np.any(losses - shift <= (floor if shift else 0.0)))
        zeros |= zero
        reaches = "reaches L_min" if shift else "reaches 0"
        view.line.set_label(name + (" (diverged)" if diverged else "")
                            + (f" ({reaches}, drawn at {floor:.0e})" if zero else "")
                            + ("" if losses.size else f" ({undrawable_loss(path)})"))
        if diverged and not crossed and len(view.cross.get_xdata()):
            view.cross.set_label(f"diverged: {stop_reason(path)}")
            crossed = True
    set_loss_limits(ax, [v.data for v in views], log)
    title = "loss during descent" + (" (log scale)" if log and not shift else "")
    if shift:
        title = f"gap to the lowest minimum, $L_{{min}} = {shift:.4g}$ (log scale)"
    elif linear:
        title += " (linear scale: losses below 0)"
    set_title_once(ax, title, fontsize=10)
    if len(paths) > 1 or labels is not None or crossed or zeros or not all(d.size for d in drawn):
        ax.legend(loc="best", fontsize=9, framealpha=0.9)
    return ax


def stop_reason(path: Path) -> str:
    r"""Why a diverged run ends where its cross is drawn: the divergence rule, or the last finite value.

    The rule of :mod:`gdviz.core.records` stops a run whose largest :math:`|w_i|` passes
    ``DIVERGENCE_FACTOR * max(1, max|start|)`` while its loss is above where it started; such a
    run ends at a finite value. A run whose loss overflowed ends at its last finite value.
    """
    params = np.asarray(path.params, dtype=float)
    with np.errstate(all="ignore"):
        last_finite = bool(np.all(np.isfinite(params[-1])) and np.isfinite(path.losses[-1]))
    if not last_finite:
        return "last finite value"
    limit = DIVERGENCE_FACTOR * max(1.0, float(np.max(np.abs(params[0]))))
    size = "|w|" if params.shape[1] == 1 else "max |wᵢ|"
    return f"stopped by the rule {size} > {_power_of_ten(limit)}"


def _power_of_ten(value: float) -> str:
    """``4e6`` as ``"4·10⁶"``, ``1e6`` as ``"10⁶"`` (three significant digits at most)."""
    exponent = int(np.floor(np.log10(value)))
    mantissa = float(f"{value / 10**exponent:.3g}")
    if mantissa >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    power = "10" + str(exponent).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return power if mantissa == 1 else f"{mantissa:g}·{power}"


def plot_schedule(schedules: Any, steps: int, *, labels: Sequence[str] | None = None,
                  ax: Axes | None = None) -> Axes:
    r"""The learning rate of each update, :math:`\eta_t` for :math:`t = 0, \dots, steps - 1`.

    Parameters
    ----------
    schedules : Schedule or sequence of Schedule
        From :func:`gdviz.step_decay`, :func:`gdviz.cosine_decay`, :func:`gdviz.inverse_time_decay`
        (one starting rate each).
    steps : int
        Number of updates shown.
    labels : sequence of str, optional
        Legend labels; by default each schedule's name.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import gdviz
    >>> ax = gdviz.plot_schedule([gdviz.step_decay(0.1, 30, 0.5), gdviz.cosine_decay(0.1, 100)], 100)
    >>> len(ax.lines)
    2
    """
    items = [schedules] if isinstance(schedules, Schedule) else list(schedules) \
        if isinstance(schedules, (list, tuple)) else []
    if not items or not all(isinstance(s, Schedule) and np.ndim(s.base) == 0 for s in items):
        raise TypeError("schedules must be a schedule such as gdviz.step_decay(0.1, 30) or a "
                        f"non-empty list of them (one starting rate each). Got {schedules!r}.")
    steps = Integer(1).check(steps, "steps")
    labels = check_labels(labels, len(items)) or [s.name for s in items]
    ax = new_axes(ax, (6.4, 3.2))
    t = np.arange(steps)
    for i, (schedule, label) in enumerate(zip(items, labels)):
        ax.plot(t, schedule(t), lw=1.8, label=label, ms=5, markevery=0.08, **series_style(i))
    ax.set_xlim(0, max(steps - 1, 1))
    ax.set_ylim(bottom=0)
    label_axes(ax, "update $t$", r"learning rate $\eta_t$")
    set_title_once(ax, "learning-rate schedule" + ("s" if len(items) > 1 else ""), fontsize=10)
    if len(items) > 1 or labels != [s.name for s in items]:
        ax.legend(fontsize=9, framealpha=0.9)
    return ax
