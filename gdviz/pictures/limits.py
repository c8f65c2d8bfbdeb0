"""Limits: what part of a path and of the parameter plane a picture shows.

Every rule that decides an axis range lives here (given limits checked, the drawable rows of a
diverged path, ranges covering losses), so the default windows of the views, the explorers and
the static plots can be read and compared side by side.
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike, NDArray

from ..core.constraints import Integer, as_float_array, check_theta
from ..core.objectives import Objective
from ..core.records import Path

#: Parameters beyond this size are treated as "left the picture" (squares of them still fit a float).
PLOT_LIMIT = 1e150
#: Losses up to this size can still be drawn (nothing is squared any more).
LOSS_LIMIT = 1e300


# ---------------------------------------------------------------------------------------------
# Given limits and step counts, checked

def check_limits(limits: ArrayLike | None, name: str) -> tuple[float, float] | None:
    """``None`` or two finite increasing numbers."""
    if limits is None:
        return None
    array = as_float_array(limits, name)
    if array.shape != (2,) or not np.all(np.isfinite(array)) or not array[0] < array[1]:
        raise ValueError(f"{name} must be two finite numbers (low, high) with low < high. "
                         f"Got {limits!r} instead.")
    return float(array[0]), float(array[1])


def check_upto(upto: Any) -> int:
    """A non-negative whole number of steps."""
    return Integer(0).check(upto, "upto")


# ---------------------------------------------------------------------------------------------
# The drawable part of a path

def drawable_rows(path: Path, upto: int | None = None) -> int:
    """How many leading rows of ``path`` can be drawn: finite, parameters up to 1e150, losses up to 1e300.

    A diverged path's last rows may hold huge numbers, inf or nan; drawing stops before the first
    such row. ``upto=k`` further limits the rows to the start and the first ``k`` steps.
    """
    params = np.asarray(path.params, dtype=float)
    losses = np.asarray(path.losses, dtype=float)
    with np.errstate(invalid="ignore"):
        ok = (np.all(np.abs(params) <= PLOT_LIMIT, axis=-1)
              & (np.abs(losses) <= LOSS_LIMIT))
    count = int(np.argmin(ok)) if not ok.all() else ok.shape[0]
    if upto is not None:
        count = min(count, check_upto(upto) + 1)
    return count


def drawable_losses(path: Path, upto: int | None = None) -> int:
    """How many leading losses of ``path`` a loss-against-step picture can draw (finite, <= 1e300).

    More than :func:`drawable_rows` when the losses are drawable but the parameters are not
    (beyond 1e150).
    """
    losses = np.asarray(path.losses, dtype=float)
    with np.errstate(invalid="ignore"):
        ok = np.abs(losses) <= LOSS_LIMIT
    count = int(np.argmin(ok)) if not ok.all() else ok.shape[0]
    if upto is not None:
        count = min(count, check_upto(upto) + 1)
    return count


def undrawable_start(path: Path, names: Sequence[str] = ("w",)) -> str:
    """Why not even the start of ``path`` can be drawn: its loss is not a number, or too large."""
    start = ", ".join(f"{float(v):.3g}" for v in np.asarray(path.params, dtype=float)[0])
    names = [f"${n}$" for n in names]  # mathtext, as the axis labels
    where = f"{names[0]} = {start}" if len(names) == 1 else f"({', '.join(names)}) = ({start})"
    loss = float(np.asarray(path.losses, dtype=float)[0])
    if np.isnan(loss):
        return f"the loss is not a number at the start, {where}"
    return f"the start {where} is too far out to draw (loss {loss:.3g})"


def undrawable_loss(path: Path) -> str:
    """Why a path's loss curve is empty: its first loss is not a number, overflows, or is too large."""
    first = float(np.asarray(path.losses, dtype=float)[0])
    if np.isnan(first):
        return "the loss is not a number at the start"
    if np.isinf(first):
        return "the loss overflows at the start"
    return f"loss {first:.3g} at the start: too large to draw"


def left_finite_range(path: Path) -> bool:
    """True when the path diverged or has rows that cannot be drawn."""
    return path.status == "diverged" or drawable_rows(path) < np.asarray(path.losses).shape[0]


def inside_window(points: NDArray[np.float64], *limits: tuple[float, float]) -> NDArray[np.bool_]:
    """Which rows of ``points (m, d)`` lie within the limits given for their first coordinates."""
    ok = np.ones(points.shape[0], dtype=bool)
    for j, (low, high) in enumerate(limits):
        ok &= (points[:, j] >= low) & (points[:, j] <= high)
    return ok


def finite_params(paths: Sequence[Path]) -> list[np.ndarray]:
    """The drawable rows of each path's parameters (see :func:`drawable_rows`)."""
    return [np.asarray(p.params, dtype=float)[:drawable_rows(p)] for p in paths]


# ---------------------------------------------------------------------------------------------
# Ranges that cover values: a loss axis, contour levels, parameters

def span(points: Iterable[ArrayLike], dim: int, *, margin: float = 0.12,
         minimum_width: float = 1.0) -> list[tuple[float, float]]:
    """Per-parameter limits covering every finite point given, widened by ``margin`` each side."""
    rows = [np.asarray(p, dtype=float).reshape(-1, dim) for p in points if p is not None]
    rows = np.concatenate(rows) if rows else np.zeros((1, dim))
    rows = np.clip(rows[np.all(np.isfinite(rows), axis=1)], -PLOT_LIMIT, PLOT_LIMIT)  # widths fit
    if rows.size == 0:
        rows = np.zeros((1, dim))
    limits = []
    for low, high in zip(rows.min(axis=0), rows.max(axis=0)):
        width = max(high - low, minimum_width)
        middle = (low + high) / 2
        half = width * (0.5 + margin)
        limits.append((float(middle - half), float(middle + half)))
    return limits


def curve_ylim(values: NDArray[np.float64], margin: float = 0.06) -> tuple[float, float]:
    """Limits for a loss axis showing every finite value, with a little room above and below."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return 0.0, 1.0
    low, high = float(finite.min()), float(finite.max())
    pad = max(high - low, 1e-12 * max(1.0, abs(high))) * margin
    return low - pad, high + pad


def log_floor(values: Sequence[NDArray[np.float64]]) -> float:
    """The floor for a log-scale loss axis, where losses of exactly zero are drawn.

    The smaller of a tenth of the smallest positive loss shown and 1e-16 times the largest
    (about the float precision), and never below 1e-300. Without any positive loss: 1e-16.
    """
    positive = [v[(v > 0) & np.isfinite(v)] for v in values]
    positive = np.concatenate(positive) if positive else np.empty(0)
    if positive.size == 0:
        return 1e-16
    return max(min(float(positive.min()) / 10.0, float(positive.max()) * 1e-16), 1e-300)


def log_range(values: NDArray[np.float64], headroom: float) -> tuple[float, float]:
    """The range of positive ``values`` (at least one) on a log axis, widened by the factor
    ``max(high / low, 10) ** headroom`` at each end: a little room, a decade's worth at least."""
    low, high = float(values.min()), float(values.max())
    ratio = max(high / low, 10.0) ** headroom
    return low / ratio, high * ratio


def set_loss_limits(ax: Axes, series: list[tuple[NDArray, NDArray]], log: bool) -> None:
    """Fit the axes to every ``(x, loss)`` series (a little headroom; factors on a log axis)."""
    xs = np.concatenate([s[0] for s in series])
    ys = np.concatenate([s[1] for s in series])
    ys = ys[np.isfinite(ys) & ((ys > 0) if log else True)]
    top = float(xs.max()) if xs.size else 0.0
    ax.set_xlim(0.0, top * 1.04 if top > 0 else 1.0)
    if log and ys.size:
        low, high = log_range(ys, 0.05)
        ax.set_ylim(max(low, 1e-300), min(high, 1e306))
    elif log:  # nothing drawable: a plain decade or two, the note says why
        ax.set_ylim(0.1, 10.0)
    else:
        ax.set_ylim(*curve_ylim(ys))


def lowest_minimum(objective: Objective | None) -> float | None:
    r"""The loss at the objective's lowest known minimum, :math:`L_{min}`, or None (none known)."""
    minima = None if objective is None else objective.minima
    if minima is None or not np.size(minima):
        return None
    with np.errstate(all="ignore"):
        value = float(np.min(objective.loss(minima)))
    return value if np.isfinite(value) else None


def loss_offset(objective: Objective | None, losses: Sequence[NDArray[np.float64]]) -> float | None:
    r"""What a log loss axis should subtract: ``None`` when every loss is >= 0 (draw L itself),
    :math:`L_{min}` when some go below 0 and none below :math:`L_{min}` (draw the gap
    :math:`L - L_{min}`), else ``nan`` (no log axis can show these losses: draw them linearly)."""
    values = np.concatenate([np.ravel(v) for v in losses]) if losses else np.empty(0)
    values = values[np.isfinite(values)]
    if not values.size or values.min() >= 0:
        return None
    floor = lowest_minimum(objective)
    if floor is None or values.min() < floor - 1e-9 * max(1.0, abs(floor)):
        return float("nan")
    return floor


def contour_levels(values: NDArray[np.float64], count: int) -> NDArray[np.float64]:
    r"""``count`` levels spaced evenly in :math:`\sqrt{L - L_{min}}`: many rings near the minimum.

    For a quadratic bowl the rings are then evenly spaced in distance from the minimum.
    """
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return np.linspace(0.0, 1.0, count)
    low, high = float(finite.min()), float(finite.max())
    if not high > low:
        return np.linspace(low - 0.5, low + 0.5, count)
    return low + (high - low) * np.linspace(0.0, 1.0, count) ** 2


# ---------------------------------------------------------------------------------------------
# Default windows, when no limits are given. Each picture keeps its own rule:
#   views            curve_xlim (CurveView), minimum_window (ContourView; the guessing game)
#   explorers        explorer_window (room for the start and for overshooting past the minimum)
#   static plots     path_xlim (one parameter), limits_2d (two): every finite point of the paths,
#                    the landmarks and the other side of the valley

def curve_xlim(objective: Objective) -> tuple[float, float]:
    r""":class:`CurveView`'s default range of :math:`w`: the minimizer :math:`\pm 5` (-5 to 5 without one).

    For a minimizer that is one finite number this is :func:`minimum_window` in one dimension;
    it is kept apart because it centres on the first entry of any minimizer (even a non-finite one),
    where :func:`minimum_window` covers every finite entry.
    """
    minimum = objective.minimizer
    centre = 0.0 if minimum is None else float(np.ravel(minimum)[0])
    return centre - 5.0, centre + 5.0


def minimum_window(objective: Objective) -> list[tuple[float, float]]:
    r"""The minimizer :math:`\pm 5` on both parameters (-5 to 5 without one).

    With several minima (``objective.minima``), a window around all of them, at least 10 wide.
    The default window of :class:`ContourView`, and the ranges of the guessing game's sliders.
    """
    return span([objective.minima], 2, minimum_width=10.0, margin=0.0)


def explorer_window(objective: Objective, start: np.ndarray, *, least: float = 5.0,
                    room: float = 1.1) -> list[tuple[float, float]]:
    """An explorer's default limits: room for the start and for overshooting to the other side of the valley.

    One parameter: every minimum and critical point, the start, and the start mirrored about
    the critical point nearest to it (where a step twice too big lands). Two parameters: a
    square around the minimum, +- ``least`` (5) or +- ``room`` (1.1) times the start's largest
    offset from it, whichever is wider (the momentum explorer asks for ``least=1, room=1.5``:
    a ball with momentum swings past the minimum, and a start close by should fill the window).
    """
    minimum, critical = objective.minimizer, objective.critical_points
    centre = np.zeros(objective.dim) if minimum is None else np.ravel(minimum).astype(float)
    if objective.dim == 1:
        marks = np.ravel(centre if critical is None else critical).astype(float)
        nearest = marks[np.argmin(np.abs(marks - start[0]))]
        return span([marks, start, 2 * nearest - start], 1, minimum_width=2.0)
    half = max(least, room * float(np.max(np.abs(start - centre))))
    return [(float(c - half), float(c + half)) for c in centre]


def _landmarks(objective: Objective) -> list[Any]:
    """Points every default view should include: the minima and other critical points."""
    marks = [objective.minimizer, objective.minima, objective.critical_points]
    return [np.ravel(m) for m in marks if m is not None and np.size(m)]


def _other_side(points: list[np.ndarray], objective: Objective, dim: int) -> list[np.ndarray]:
    """A point 40 % of the way across the valley the path ends in, so that it looks like a valley.

    The valley's bottom is the minimum or critical point nearest to the path's last point.
    """
    marks = [np.reshape(m, (-1, dim)) for m in _landmarks(objective)]
    rows = [np.reshape(p, (-1, dim)) for p in points if np.size(p)]
    if not marks or not rows:
        return []
    marks, end = np.concatenate(marks), rows[-1][-1]
    with np.errstate(all="ignore"):  # points far out (1e200) have infinite distances: span drops them
        centre = marks[np.argmin(np.linalg.norm(marks - end, axis=-1))]
        rows = np.concatenate(rows)
        far = rows[np.argmax(np.linalg.norm(rows - centre, axis=-1))]
        return [centre - 0.4 * (far - centre)]


def path_xlim(paths: Sequence[Path], objective: Objective) -> tuple[float, float]:
    """Limits of :math:`w` showing every finite point of ``paths``, the minima and both sides of the minimum."""
    points = finite_params(paths)
    return span(points + _landmarks(objective) + _other_side(points, objective, 1), 1)[0]


def limits_2d(paths: Sequence[Path], objective: Objective, xlim: Any, ylim: Any,
              extra: Any = None) -> tuple[tuple, tuple]:
    """Given limits, or ones covering every finite point, the minimum and ``extra``."""
    points = finite_params(paths) + _landmarks(objective)
    if extra is not None:
        points.append(check_theta(extra, 2, "gradient_at"))
    auto = span(points + _other_side(points, objective, 2), 2, margin=0.15)
    if objective.n_samples is None:  # no data, the parameters share units: a square window
        half = max(high - low for low, high in auto) / 2
        auto = [((low + high) / 2 - half, (low + high) / 2 + half) for low, high in auto]
    return check_limits(xlim, "xlim") or auto[0], check_limits(ylim, "ylim") or auto[1]
