"""The records a descent run leaves: a :class:`Path` (one run) and a :class:`Sweep` (one run per learning rate).

Frozen dataclasses of read-only numpy arrays, with the threshold that decides when a run counts as diverged.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["Path", "Sweep", "DIVERGENCE_FACTOR"]

#: A parameter this many times larger than the start's scale counts as diverged.
DIVERGENCE_FACTOR = 1e6


@dataclass(frozen=True, repr=False)
class Path:
    """The record of one descent run (arrays are read-only).

    Attributes
    ----------
    params : ndarray, shape (n + 1, d)
        The start, then the parameters after each of the ``n`` steps taken.
    losses : ndarray, shape (n + 1,)
        The full loss at each row of ``params``.
    grads : ndarray, shape (n + 1, d)
        The full gradient at each row of ``params`` (the step used a mini-batch estimate of it
        when ``batch_size`` was set).
    status : {"converged", "max_steps", "diverged"}
    lr : float
    batch_size : int or None
        Samples per step, or ``None`` for full-batch descent.
    """

    params: NDArray[np.float64]
    losses: NDArray[np.float64]
    grads: NDArray[np.float64]
    status: str
    lr: float
    batch_size: int | None = None
    n_samples: int | None = None

    @property
    def n_steps(self) -> int:
        """Number of updates taken."""
        return self.params.shape[0] - 1

    @property
    def final(self) -> NDArray[np.float64]:
        """The last parameters, shape ``(d,)``."""
        return self.params[-1]

    @property
    def final_loss(self) -> float:
        return float(self.losses[-1])

    @property
    def epochs(self) -> NDArray[np.float64]:
        """Passes over the data after each row (``0, b/n, 2b/n, ...``); step numbers without data."""
        steps = np.arange(self.n_steps + 1, dtype=float)
        if self.batch_size is None or self.n_samples is None:
            return steps
        return steps * self.batch_size / self.n_samples

    def __repr__(self) -> str:
        final = np.array2string(self.final, precision=4, separator=", ")
        return (f"Path(status={self.status!r}, lr={self.lr:g}, steps={self.n_steps}, "
                f"final={final}, final_loss={self.final_loss:.4g})")


@dataclass(frozen=True, repr=False)
class Sweep:
    """Many descent runs computed at once, one row per learning rate (arrays read-only).

    Attributes
    ----------
    lrs : ndarray, shape (k,)
    params : ndarray, shape (k, steps + 1, d)
        Rows that diverged hold inf/nan after they left the finite range.
    losses : ndarray, shape (k, steps + 1)
    status : ndarray of str, shape (k,)
        ``"converged"`` (only when ``tol`` was given), ``"max_steps"`` or ``"diverged"``.
    steps_taken : ndarray of int, shape (k,)
        Steps until convergence or divergence was detected (``steps`` otherwise).
    """

    lrs: NDArray[np.float64]
    params: NDArray[np.float64]
    losses: NDArray[np.float64]
    status: NDArray[np.str_]
    steps_taken: NDArray[np.int64]
    tol: float | None = None

    @property
    def final_losses(self) -> NDArray[np.float64]:
        """The loss after the last step of each run (inf/nan for diverged runs)."""
        return self.losses[:, -1]

    def __repr__(self) -> str:
        counts = {s: int(np.sum(self.status == s)) for s in ("converged", "max_steps", "diverged")}
        return (f"Sweep({self.lrs.shape[0]} learning rates from {self.lrs.min():g} to "
                f"{self.lrs.max():g}, {self.params.shape[1] - 1} steps, {counts})")
