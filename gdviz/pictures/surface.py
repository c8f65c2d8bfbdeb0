"""Surface: the error surface of a two-parameter objective in 3-D, with a descent path lying on it."""
from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from ..core.objectives import Objective, check_objective
from ..core.records import Path
from .grid import drawable_grid
from .limits import drawable_rows, inside_window, limits_2d
from .plots import run_title
from .style import LOSS_LABEL, PALETTE, as_paths, param_labels, path_label

__all__ = ["plot_surface_3d"]


def plot_surface_3d(objective: Objective, path: Path = None, *, xlim: ArrayLike | None = None,
                    ylim: ArrayLike | None = None, elev: float = 30.0, azim: float = -60.0,
                    ax: Axes | None = None) -> Axes:
    r"""The loss surface :math:`L(w_1, w_2)` in 3-D, optionally with a descent path on it.

    The path is drawn on top of the surface (the axes' ``computed_zorder`` is switched off so
    that the surface cannot hide it), from a square (start) to a dot (end).

    Parameters
    ----------
    objective : objective
        A 2-parameter objective, e.g. ``gdviz.sigmoid_fit()`` (parameters :math:`w, b`).
    path : Path, optional
        From :func:`gdviz.gradient_descent` on ``objective``; drawn up to where it leaves the
        finite range or the plotted window.
    xlim, ylim : (float, float), optional
        Parameter ranges; by default the path's finite points and the minimum.
    elev, azim : float
        Viewing angles in degrees (matplotlib's ``view_init``).
    ax : Axes3D, optional
        A 3-D Axes (``fig.add_subplot(projection="3d")``); a new figure when None.

    Returns
    -------
    Axes3D

    Raises
    ------
    ValueError
        If ``ax`` is a 2-D Axes or the objective does not have two parameters.

    Examples
    --------
    >>> import gdviz
    >>> L = gdviz.sigmoid_fit()
    >>> path = gdviz.gradient_descent(L, start=(-2, -2), lr=0.3, steps=300)
    >>> ax = gdviz.plot_surface_3d(L, path, xlim=(-4, 4), ylim=(-4, 4))
    """
    check_objective(objective, 2, "plot_surface_3d")
    if ax is None:
        fig = plt.figure(figsize=(7.0, 5.6), layout="constrained")
        ax = fig.add_subplot(projection="3d")
    elif getattr(ax, "name", None) != "3d":
        raise ValueError("ax must be a 3-D Axes, made with fig.add_subplot(projection='3d'). "
                         f"Got a 2-D {type(ax).__name__} instead.")
    paths = [] if path is None else as_paths(path, "path")
    xlim, ylim = limits_2d(paths, objective, xlim, ylim)
    W1, W2, loss = drawable_grid(objective, xlim, ylim, n=61)
    ax.computed_zorder = False
    ax.plot_surface(W1, W2, loss, cmap="viridis", alpha=0.8, linewidth=0, antialiased=True,
                    rcount=61, ccount=61, zorder=1)
    lift = 0.01 * (np.nanmax(loss) - np.nanmin(loss))
    minima = objective.minima
    shown = minima[inside_window(minima, xlim, ylim)]
    if shown.shape[0]:
        ax.plot(shown[:, 0], shown[:, 1], objective.loss(shown) + lift, "*", color="white", ms=13,
                mec="black", zorder=6, label="minimum" if minima.shape[0] == 1 else "minima")
    for i, p in enumerate(paths):  # 3-D lines are not clipped to the box: stop where the path leaves it
        color = PALETTE[i % len(PALETTE)]  # the colour the same path has on the contour maps
        params = np.asarray(p.params)[:drawable_rows(p)]
        inside = inside_window(params, xlim, ylim)
        rows = int(np.argmin(inside)) if not inside.all() else inside.shape[0]
        params, losses = params[:rows], np.asarray(p.losses)[:rows] + lift
        ax.plot(params[:, 0], params[:, 1], losses, "-o", color=color, lw=2.0, ms=3.5, zorder=5,
                label=f"path, {path_label(p)}")  # a dot per step, as on the contour maps
        ax.plot(params[:1, 0], params[:1, 1], losses[:1], "s", color=color, ms=7,
                mec="white", zorder=5.5)
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.view_init(elev=elev, azim=azim)
    if not ax.get_title():
        ax.set_title(run_title(paths[0], objective) if paths else objective.formula, fontsize=10)
    xlabel, ylabel = param_labels(objective)
    for getter, setter, text in ((ax.get_xlabel, ax.set_xlabel, xlabel),
                                 (ax.get_ylabel, ax.set_ylabel, ylabel),
                                 (ax.get_zlabel, ax.set_zlabel, LOSS_LABEL)):
        if not getter():
            setter(text)
    return ax
