"""Shared look of every gdviz picture: palette, labels, axes creation and the drawable part of a path."""
from __future__ import annotations

from typing import Any, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from numpy.typing import NDArray

__all__ = ["PALETTE", "LOSS_LABEL", "DIVERGED_COLOR"]

#: The Okabe–Ito colour-blind-safe palette, most distinct colours first:
#: blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow, black.
PALETTE: list[str] = ["#0072B2", "#E69F00", "#009E73", "#D55E00",
                      "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

LOSS_LABEL = "loss $L$"
DIVERGED_COLOR = "#D55E00"
CURVE_COLOR = "0.25"
#: Tangent lines (slope = gradient): Okabe–Ito orange, apart from the blue path and the grey curve.
TANGENT_COLOR = PALETTE[1]
#: Values beyond this size are treated as "left the picture" (squares of them still fit a float).
PLOT_LIMIT = 1e150


def tex(name: str) -> str:
    """A parameter name as inline LaTeX, ``"w_1"`` -> ``"$w_1$"``."""
    return f"${name}$"


def param_labels(objective: Any) -> list[str]:
    """LaTeX axis labels for the objective's parameters (``$w$``, ``$w_1$``, ``$b$``)."""
    names = tuple(getattr(objective, "param_names", ()) or ())
    dim = int(objective.dim)
    if len(names) != dim:
        names = ("w",) if dim == 1 else tuple(f"w_{j + 1}" for j in range(dim))
    return [tex(n) for n in names]


def label_axes(ax: Axes, xlabel: str, ylabel: str) -> None:
    """Set the axis labels that are still empty (never overwrite the caller's labels)."""
    if not ax.get_xlabel():
        ax.set_xlabel(xlabel)
    if not ax.get_ylabel():
        ax.set_ylabel(ylabel)


def set_title_once(ax: Axes, title: str, **kwargs: Any) -> None:
    """Give ``ax`` a title unless it already has one."""
    if not ax.get_title():
        ax.set_title(title, **kwargs)


def new_axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    """``ax`` itself, or the Axes of a new pyplot figure of ``figsize`` inches."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    elif not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None. Got {ax!r} instead.")
    return ax


def as_paths(paths: Any, name: str = "paths") -> list[Any]:
    """One Path or a sequence of Paths, as a list (``TypeError`` for anything else)."""
    items = [paths] if hasattr(paths, "params") else list(paths) if _is_sequence(paths) else None
    if not items or not all(hasattr(p, "params") and hasattr(p, "losses") for p in items):
        raise TypeError(f"{name} must be a Path from gdviz.gradient_descent or a non-empty "
                        f"sequence of them. Got {paths!r} instead.")
    return items


def _is_sequence(value: Any) -> bool:
    return isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray) and value.dtype == object)


def check_labels(labels: Sequence[str] | None, count: int) -> list[str] | None:
    """``None`` or exactly ``count`` labels."""
    if labels is None:
        return None
    labels = [labels] if isinstance(labels, str) else list(labels)
    if len(labels) != count:
        raise ValueError(f"labels must hold one label per path ({count}). Got {len(labels)} instead.")
    return [str(label) for label in labels]


def drawable_rows(path: Any, upto: int | None = None) -> int:
    """How many leading rows of ``path`` can be drawn: finite and not astronomically large.

    A diverged path's last rows may hold huge numbers, inf or nan; drawing stops before the first
    such row. ``upto=k`` further limits the rows to the start and the first ``k`` steps.
    """
    params = np.asarray(path.params, dtype=float)
    losses = np.asarray(path.losses, dtype=float)
    with np.errstate(invalid="ignore"):
        ok = (np.all(np.abs(params) <= PLOT_LIMIT, axis=-1)
              & (np.abs(losses) <= PLOT_LIMIT))
    count = int(np.argmin(ok)) if not ok.all() else ok.shape[0]
    if upto is not None:
        count = min(count, check_upto(upto) + 1)
    return count


def check_upto(upto: Any) -> int:
    """A non-negative whole number of steps."""
    if isinstance(upto, (bool, float)) or not isinstance(upto, (int, np.integer)) or upto < 0:
        raise ValueError(f"upto must be None or a whole number of steps >= 0. Got {upto!r} instead.")
    return int(upto)


def left_finite_range(path: Any) -> bool:
    """True when the path diverged or has rows that cannot be drawn."""
    return path.status == "diverged" or drawable_rows(path) < np.asarray(path.losses).shape[0]


def path_label(path: Any) -> str:
    r"""A default legend label, ``"η = 0.1"``."""
    return f"η = {path.lr:g}"


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
