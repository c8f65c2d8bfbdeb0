r"""Result records: :class:`Path` (one run) and :class:`Sweep` (many runs at once), frozen and read-only.

A run ends with one of three statuses:

* ``"converged"``: a step moved the parameters by less than ``tol`` (Euclidean length);
* ``"diverged"``: a parameter or the loss is no longer a number (nan, or a parameter infinite),
  the loss became infinite from a finite start, or a parameter's size exceeds
  ``DIVERGENCE_FACTOR * max(1, max|start|)`` while the loss is above where it started
  (a run travelling far *downhill* is not diverging);
* ``"max_steps"``: neither happened within ``steps`` updates.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np
from numpy.typing import NDArray

from .constraints import Integer, readonly
from .rules import Rule

__all__ = ["Path", "Sweep", "DIVERGENCE_FACTOR", "STATUSES"]

#: A parameter this many times larger than the start's scale, with the loss risen, counts as diverged.
DIVERGENCE_FACTOR = 1e6
STATUSES = ("converged", "max_steps", "diverged")


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=a.dtype.kind == "f"))
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    return a == b


def _base_rate(lr: Any) -> Any:
    """A rule's learning rate as a number (a schedule's starting rate)."""
    return getattr(lr, "base", lr)


@dataclass(frozen=True, repr=False, eq=False)
class Path:
    """The record of one run (arrays are read-only).

    Attributes
    ----------
    params : ndarray, shape (n + 1, d)
        The start, then the parameters after each of the ``n`` updates taken.
    losses : ndarray, shape (n + 1,)
        The full loss at each row of ``params``.
    grads : ndarray, shape (n + 1, d)
        The full gradient at each row of ``params`` (a mini-batch step used an estimate of it).
    status : {"converged", "max_steps", "diverged"}
    optimizer : Rule
        The update rule that made the path (``gdviz.sgd(0.1)``...).
    batch_size : int or None
        Samples per step, or ``None`` for full-batch descent.
    n_samples : int or None
        Samples in the objective's data.
    states : dict of str to ndarray, shape (n + 1, d)
        The rule's memory after each update (row 0: as initialised), e.g. ``"b"`` for the
        velocity of momentum, ``"m"`` and ``"v"`` for Adam's averages; empty for plain descent.
    """

    params: NDArray[np.float64]
    losses: NDArray[np.float64]
    grads: NDArray[np.float64]
    status: str
    optimizer: Rule
    batch_size: int | None = None
    n_samples: int | None = None
    states: Mapping[str, NDArray[np.float64]] = field(default_factory=dict)

    @property
    def lr(self) -> float:
        """The learning rate (the starting rate of a schedule)."""
        return float(_base_rate(self.optimizer.lr))

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

    def head(self, steps: int) -> "Path":
        """The path's first ``steps`` updates: the run that stopping after them would have made.

        A run's first steps do not depend on how many follow, so this equals ``optimize(...,
        steps)`` with the same settings (and costs nothing). A path that stopped earlier (it
        converged or diverged) is returned whole.

        Examples
        --------
        >>> import gdviz
        >>> long = gdviz.gradient_descent(gdviz.parabola(), 4.0, 0.25, 10)
        >>> long.head(2) == gdviz.gradient_descent(gdviz.parabola(), 4.0, 0.25, 2)
        True
        """
        steps = Integer(0).check(steps, "steps")
        if steps >= self.n_steps:
            return self
        rows = slice(0, int(steps) + 1)
        return Path(self.params[rows], self.losses[rows], self.grads[rows], "max_steps",
                    self.optimizer, self.batch_size, self.n_samples,
                    {key: value[rows] for key, value in self.states.items()})

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Path):
            return NotImplemented
        return all(_equal(getattr(self, f), getattr(other, f))
                   for f in ("params", "losses", "grads", "status", "optimizer", "batch_size",
                             "n_samples", "states"))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        final = np.array2string(self.final, precision=4, separator=", ")
        return (f"Path(status={self.status!r}, optimizer={self.optimizer!r}, "
                f"steps={self.n_steps}, final={final}, final_loss={self.final_loss:.4g})")


@dataclass(frozen=True, repr=False, eq=False)
class Sweep:
    """Many runs computed in one vectorized pass, one row per setting (arrays read-only).

    The settings are the grid of the hyperparameters swept (:func:`gdviz.sweep`), flattened in
    C order: with ``lr`` of 30 values and ``momentum`` of 20, row ``i * 20 + j`` ran ``lr[i]``
    and ``momentum[j]``; :meth:`grid` gives any per-row array back as ``(30, 20)``.

    Attributes
    ----------
    hyperparams : dict of str to ndarray, shape (k,)
        The value of each swept hyperparameter in each row.
    shape : tuple of int
        The grid's shape (``(k,)`` for one hyperparameter).
    params : ndarray, shape (k, steps + 1, d)
        Rows that diverged hold inf/nan after they left the finite range.
    losses : ndarray, shape (k, steps + 1)
    status : ndarray of str, shape (k,)
        ``"converged"`` (only when ``tol`` was given), ``"max_steps"`` or ``"diverged"``.
    steps_taken : ndarray of int, shape (k,)
        Steps until convergence or divergence was detected (``steps`` otherwise): the length
        of the row's :class:`Path`.
    tol : float or None
    states : dict of str to ndarray, shape (k, steps + 1, d)
        The rules' memory after each update.
    """

    hyperparams: Mapping[str, NDArray[np.float64]]
    shape: tuple[int, ...]
    params: NDArray[np.float64]
    losses: NDArray[np.float64]
    status: NDArray[np.str_]
    steps_taken: NDArray[np.int64]
    tol: float | None
    states: Mapping[str, NDArray[np.float64]]
    factory: Callable[..., Rule] = field(repr=False)
    objective: Any = field(default=None, repr=False)

    @property
    def lrs(self) -> NDArray[np.float64]:
        """The learning rate of each row, shape ``(k,)`` (a schedule's starting rate)."""
        if "lr" in self.hyperparams:
            return self.hyperparams["lr"]
        return np.broadcast_to(np.asarray(_base_rate(self.rule(0).lr), dtype=float), (len(self),))

    @property
    def final_losses(self) -> NDArray[np.float64]:
        """The loss at the last step of each run, shape ``(k,)``: ``sweep.path(i).final_loss`` for row ``i``.

        A row that converged early ends at its convergence (the sweep computed further steps for the
        other rows, but they are not part of this run); a diverged row ends where divergence was detected
        (inf/nan, or a loss above the start's).
        """
        return readonly(self.losses[np.arange(len(self)), self.steps_taken])

    def __len__(self) -> int:
        return int(self.params.shape[0])

    def grid(self, values: Any) -> NDArray:
        """A per-row array ``(k,)`` (``sweep.steps_taken``...) laid out on the grid, ``shape``."""
        return np.asarray(values).reshape(self.shape)

    def rule(self, i: int) -> Rule:
        """The update rule of row ``i``."""
        return self.factory(**{k: float(v[i]) for k, v in self.hyperparams.items()})

    def path(self, i: int) -> Path:
        """Row ``i`` as the :class:`Path` that :func:`gdviz.optimize` gives for its settings."""
        i = int(range(len(self))[i])
        rows = int(self.steps_taken[i]) + 1
        params = np.array(self.params[i, :rows])
        with np.errstate(all="ignore"):
            grads = np.asarray(self.objective.grad(params), dtype=float)
        rule = self.rule(i)
        kept = rule.init(params[:1])  # a row with momentum 0 is plain descent: no buffer
        states = {k: readonly(self.states[k][i, :rows]) for k in kept}
        return Path(readonly(params), readonly(self.losses[i, :rows]), readonly(grads),
                    str(self.status[i]), rule, None, self.objective.n_samples, states)

    def paths(self) -> list[Path]:
        """Every row as a :class:`Path`."""
        return [self.path(i) for i in range(len(self))]

    def __iter__(self):
        return iter(self.paths())

    def __repr__(self) -> str:
        counts = {s: int(np.sum(self.status == s)) for s in STATUSES}
        swept = ", ".join(f"{k} {v.min():g}…{v.max():g}" for k, v in self.hyperparams.items())
        grid = "×".join(str(n) for n in self.shape)
        return (f"Sweep({grid} runs of {self.rule(0).name} ({swept}), "
                f"{self.params.shape[1] - 1} steps, {counts})")

