"""The one grid helper behind every curve, contour and surface: the objective evaluated on a mesh.

Objectives are vectorized on the last axis, so a whole grid is one call
``objective.loss(np.stack([W1, W2], axis=-1))``: no loop over grid points. An objective with
data (``n_samples``) works on a (grid points x samples) array, so its grid is evaluated in
blocks of rows that keep those arrays small: 121 x 121 points and 1000 samples would otherwise
allocate several arrays of 117 MB each, slow to fill in a fresh kernel and heavy on Binder.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..core.constraints import Integer
from ..core.objectives import Objective, check_objective
from .limits import check_limits

__all__ = ["loss_grid", "drawable_grid"]


def loss_grid(objective: Objective, xlim: ArrayLike, ylim: ArrayLike | None = None, *,
              n: int = 121) -> tuple[NDArray[np.float64], ...]:
    r"""The loss on an even grid: ``(w, L)`` for one parameter, ``(W1, W2, L)`` for two.

    Parameters
    ----------
    objective : Objective
        A 1- or 2-parameter objective (``gdviz.parabola()``, ``gdviz.bowl()``, ``gdviz.sigmoid_fit()``).
    xlim, ylim : (float, float)
        Range of the first and (for two parameters) second parameter.
    n : int
        Grid points per axis (at least 2).

    Returns
    -------
    tuple of ndarray
        ``w (n,), L (n,)`` or ``W1 (n, n), W2 (n, n), L (n, n)``; points where the loss is not
        finite hold nan.

    Examples
    --------
    >>> import gdviz
    >>> W1, W2, L = gdviz.loss_grid(gdviz.bowl(), (-1, 1), (-1, 1), n=3)
    >>> L.tolist()
    [[2.0, 1.0, 2.0], [1.0, 0.0, 1.0], [2.0, 1.0, 2.0]]
    """
    n = Integer(2).check(n, "n")
    xlim = check_limits(xlim, "xlim")
    check_objective(objective, (1, 2), "loss_grid")
    w1 = np.linspace(*xlim, n)
    if objective.dim == 1:
        with np.errstate(all="ignore"):  # log(w) below 0, 1/w at 0: nan there, not a warning
            return w1, _finite(objective.loss(w1[:, None]))
    ylim = check_limits(ylim, "ylim")
    if ylim is None:
        raise ValueError("ylim is needed for a 2-parameter objective.")
    W1, W2 = np.meshgrid(w1, np.linspace(*ylim, n))
    with np.errstate(all="ignore"):
        return W1, W2, _finite(_blockwise_loss(objective, np.stack([W1, W2], axis=-1)))


class NothingToDraw(ValueError):
    """The loss is not a finite number anywhere on a picture's window."""


def drawable_grid(objective: Objective, xlim: ArrayLike, ylim: ArrayLike | None = None, *,
                  n: int = 121) -> tuple[NDArray[np.float64], ...]:
    """:func:`loss_grid` for a picture: ``ValueError`` when the loss is a number nowhere on it.

    A loss defined on part of the window (``log(w)``, ``1/w``) is drawn where it is defined;
    one defined nowhere on it raises :class:`NothingToDraw` (a ``ValueError``).
    """
    grid = loss_grid(objective, xlim, ylim, n=n)
    if not np.any(np.isfinite(grid[-1])):
        where = " and ".join(f"{name} in [{axis.min():g}, {axis.max():g}]"
                             for name, axis in zip(objective.param_names, grid[:-1]))
        raise NothingToDraw(f"objective's loss is not a finite number anywhere on {where}: "
                         "nothing to draw. Check the loss, or give limits where it is defined.")
    return grid


#: Largest (grid points x samples) array made at once: 8 MB of float64 per temporary.
BLOCK_ELEMENTS = 2**20


def _blockwise_loss(objective: Objective, points: NDArray[np.float64]) -> NDArray[np.float64]:
    """``objective.loss(points)`` for points ``(rows, cols, d)``, a block of rows at a time.

    The same numbers as one call (each point's loss is computed alone either way).
    """
    samples = objective.n_samples or 1
    rows_per_block = max(1, BLOCK_ELEMENTS // (samples * points.shape[1]))
    if rows_per_block >= points.shape[0]:
        return objective.loss(points)
    return np.concatenate([np.asarray(objective.loss(points[i:i + rows_per_block]), dtype=float)
                           for i in range(0, points.shape[0], rows_per_block)])


def _finite(values: ArrayLike) -> NDArray[np.float64]:
    with np.errstate(all="ignore"):
        out = np.array(values, dtype=float)
    out[~np.isfinite(out)] = np.nan
    return out
