"""Style: the shared look of every gdviz picture (palette, colours, axis labels, titles, new axes).

Also the checks of what a picture is given to draw: Paths and their legend labels.
"""
from __future__ import annotations

from typing import Any, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from ..core.objectives import Objective
from ..core.records import Path, Sweep

__all__ = ["PALETTE", "LOSS_LABEL", "DIVERGED_COLOR"]

#: The Okabe–Ito colour-blind-safe palette, most distinct colours first:
#: blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow, black.
PALETTE: list[str] = ["#0072B2", "#E69F00", "#009E73", "#D55E00",
                      "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

#: Line styles and markers that tell series drawn together apart without colour: series ``i`` gets
#: colour ``i``, line style ``i`` and marker ``i`` (:func:`series_style`).
LINESTYLES: list[str] = ["-", "--", "-.", ":"]
MARKERS: list[str] = ["o", "s", "^", "D", "v", "P", "X", "*"]


def series_style(i: int) -> dict[str, str]:
    """Colour, line style and marker of series ``i`` among several on one axis.

    Any two of the first eight differ in colour, and in marker too (and the first four in line style), so
    a reader who does not see the colours still tells them apart.

    >>> series_style(1)
    {'color': '#E69F00', 'linestyle': '--', 'marker': 's'}
    """
    return {"color": PALETTE[i % len(PALETTE)], "linestyle": LINESTYLES[i % len(LINESTYLES)],
            "marker": MARKERS[i % len(MARKERS)]}


LOSS_LABEL = "loss $L$"
DIVERGED_COLOR = "#D55E00"
CURVE_COLOR = "0.25"
#: Tangent lines (slope = gradient): Okabe–Ito orange, apart from the blue path and the grey curve.
TANGENT_COLOR = PALETTE[1]


def tex(name: str) -> str:
    """A parameter name as inline LaTeX, ``"w_1"`` -> ``"$w_1$"``."""
    return f"${name}$"


def param_labels(objective: Objective) -> list[str]:
    """LaTeX axis labels for the objective's parameters (``$w$``, ``$w_1$``, ``$b$``)."""
    return [tex(n) for n in objective.param_names]


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


def as_paths(paths: Path | Sequence[Path] | Sweep, name: str = "paths") -> list[Path]:
    """One Path, a sequence of Paths or a Sweep (its rows), as a list (``TypeError`` otherwise)."""
    if isinstance(paths, Sweep):
        return paths.paths()
    items = [paths] if isinstance(paths, Path) else list(paths) if _is_sequence(paths) else None
    if not items or not all(isinstance(p, Path) for p in items):
        raise TypeError(f"{name} must be a Path from gdviz.optimize or gdviz.gradient_descent, "
                        f"a non-empty sequence of them, or a Sweep. Got {paths!r} instead.")
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


def path_label(path: Path) -> str:
    r"""A default legend label, from the path's update rule: ``"η = 0.1"``, ``"Adam, η = 0.01"``."""
    return path.optimizer.label
