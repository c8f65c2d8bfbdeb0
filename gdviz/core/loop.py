r"""The one loop that drives every update rule: single runs (:func:`optimize`) and sweeps (:func:`sweep`).

Each step asks the objective for the gradient (or a mini-batch estimate of it) and the rule for
the change to make, ``delta, state = rule.update(g, state, t)``; the loop adds it, records the
new point and judges the run (converged, diverged, or still going: see
:mod:`gdviz.core.records`). The loop knows nothing of how a rule updates, and a sweep is the
same loop over a leading batch axis of rows.
"""
from __future__ import annotations

import math
from typing import Any, Callable, Iterator

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .constraints import FINITE, FINITE_POSITIVE, Integer, NoneOr, as_float_array, check_start, readonly
from .objectives import Objective, check_objective
from .records import DIVERGENCE_FACTOR, Path, Sweep
from .rules import Rule, sgd

__all__ = ["optimize", "gradient_descent", "sweep", "sweep_learning_rates"]

#: Rows a single run's record starts with; it doubles as the run goes on.
_FIRST_ROWS = 1024


def _evaluate(objective: Objective, x: NDArray) -> tuple[NDArray, NDArray]:
    """The loss ``(k,)`` and gradient ``(k, d)`` at the rows ``x``, as float arrays."""
    loss, grad = objective.loss_and_grad(x)
    return np.asarray(loss, dtype=float), np.asarray(grad, dtype=float)


def _check_rule(optimizer: Any) -> Rule:
    if not isinstance(optimizer, Rule):
        raise TypeError("optimizer must be an update rule such as gdviz.sgd(0.1), gdviz.adam(0.01) "
                        f"or gdviz.rmsprop(). Got {optimizer!r} instead.")
    for name, value in optimizer.hyperparams.items():
        base = value.base if callable(value) else value  # a schedule's starting rate
        if any(np.ndim(v) for v in (base if isinstance(base, tuple) else (base,))):
            raise ValueError(f"optimizer has an array of {name} values: a single run needs one "
                             "value of each hyperparameter (use gdviz.sweep to run many).")
    return optimizer


def _check_seed(seed: Any) -> int | None:
    return None if seed is None else Integer(0).check(seed, "seed")


def _batches(n: int, batch_size: int, rng: np.random.Generator) -> Iterator[NDArray | None]:
    """Endless sorted mini-batches: each epoch a new shuffle cut into ``n // batch_size`` batches."""
    if batch_size == n:
        while True:
            yield None  # every sample, in order: exactly the full gradient
    while True:
        order = rng.permutation(n)
        for j in range(n // batch_size):
            yield np.sort(order[j * batch_size:(j + 1) * batch_size])


def _batch_plan(objective: Objective, batch_size: Any, seed: int | None
                ) -> tuple[Iterator | None, int | None]:
    if batch_size is None:
        return None, None
    n = objective.n_samples
    if n is None:
        raise ValueError(f"batch_size needs an objective with data, such as gdviz.sigmoid_fit(); "
                         f"{objective.name!r} has none. Use batch_size=None.")
    batch_size = Integer(1).check(batch_size, "batch_size")
    if batch_size > n:
        raise ValueError(f"batch_size must be between 1 and the number of samples ({n}). "
                         f"Got {batch_size} instead.")
    return _batches(n, batch_size, np.random.default_rng(seed)), batch_size


def _escaped(theta: NDArray, loss: NDArray, start_loss: NDArray, limit: NDArray) -> NDArray:
    """Which rows have diverged (see :mod:`gdviz.core.records` for the rule)."""
    with np.errstate(invalid="ignore"):
        if theta.shape[-1] > 8:  # the largest |parameter|: nan or inf when one is
            size = np.max(np.abs(theta), axis=-1)  # np.max propagates nan
        else:  # (a reduction over a short last axis is slow)
            size = np.abs(theta[..., 0])
            for j in range(1, theta.shape[-1]):
                size = np.maximum(size, np.abs(theta[..., j]))  # propagates nan
        lost = ~np.isfinite(size) | np.isnan(loss) | (~np.isfinite(loss) & np.isfinite(start_loss))
        far = ~(size <= limit) & ~(loss <= start_loss)
    return lost | far


def _limit(start: NDArray) -> NDArray:
    return DIVERGENCE_FACTOR * np.maximum(1.0, np.max(np.abs(start), axis=-1))


class _Record:
    """Rows appended one at a time into arrays that double when full (memory ~ the result)."""

    def __init__(self, steps: int, dim: int, keys: list[str]):
        self.cap_limit = steps + 1
        rows = min(self.cap_limit, _FIRST_ROWS)
        self.arrays = {"params": np.empty((rows, dim)), "losses": np.empty(rows),
                       "grads": np.empty((rows, dim)), **{k: np.empty((rows, dim)) for k in keys}}
        self.n = 0

    def add(self, **rows: NDArray) -> None:
        size = self.arrays["losses"].shape[0]
        if self.n == size:
            grown = min(2 * size, self.cap_limit)
            for key, array in self.arrays.items():
                bigger = np.empty((grown, *array.shape[1:]))
                bigger[:size] = array
                self.arrays[key] = bigger
        for key, row in rows.items():
            self.arrays[key][self.n] = row
        self.n += 1

    def take(self, key: str) -> NDArray:
        out = self.arrays[key]
        if self.n < out.shape[0]:
            out.resize((self.n, *out.shape[1:]), refcheck=False)  # shrinks in place, no copy
        out.flags.writeable = False
        return out


def optimize(objective: Objective, start: ArrayLike, optimizer: Rule, steps: int, *,
             tol: float | None = None, batch_size: int | None = None,
             seed: int | None = None) -> Path:
    r"""Run an update rule from ``start`` for up to ``steps`` updates.

    Parameters
    ----------
    objective : Objective
        ``gdviz.parabola()``, ``gdviz.bowl()``, ``gdviz.rosenbrock()``, ``gdviz.sigmoid_fit()``...
    start : array_like, shape (d,)
        Starting parameters; a plain number for one-parameter objectives.
    optimizer : Rule
        ``gdviz.sgd(0.1)``, ``gdviz.sgd(0.1, momentum=0.9)``, ``gdviz.adam(0.05)``...
    steps : int
        Maximum number of updates (``>= 0``).
    tol : float, optional
        Stop as ``"converged"`` once a step moves the parameters by less than ``tol``.
    batch_size : int, optional
        For data objectives: each step uses ``batch_size`` samples, drawn without replacement
        from a shuffle of the data made anew every epoch (a remainder of ``n % batch_size``
        samples sits out that epoch). The mini-batch gradient is scaled to estimate the full
        gradient without bias, so ``batch_size=n`` is exactly full-batch descent.
    seed : int, optional
        Seed of the shuffles (an integer >= 0): the same seed gives the same path.

    Returns
    -------
    Path
        ``params``, ``losses``, ``grads``, ``status``, the ``optimizer`` and its ``states``.

    Raises
    ------
    ValueError, TypeError
        Naming the argument: a start of the wrong size or not finite, negative ``steps``, an
        optimizer that is not a rule, a bad ``tol``, ``seed`` or ``batch_size``.

    Examples
    --------
    >>> import gdviz
    >>> path = gdviz.optimize(gdviz.bowl((1, 10)), (1.0, 1.0), gdviz.sgd(0.05, momentum=0.5), 50)
    >>> path.status, round(path.final_loss, 8)
    ('max_steps', 0.0)
    """
    objective = check_objective(objective)
    theta = check_start(start, objective.dim)
    rule = _check_rule(optimizer)
    steps = Integer(0).check(steps, "steps")
    tol = NoneOr(FINITE_POSITIVE).check(tol, "tol")
    seed = _check_seed(seed)
    batches, batch_size = _batch_plan(objective, batch_size, seed)

    with np.errstate(all="ignore"):
        x = theta[None, :]
        state = rule.init(x)
        record = _Record(steps, objective.dim, list(state))
        start_loss, grad = _evaluate(objective, x)
        limit = _limit(x)
        record.add(params=x[0], losses=start_loss[0], grads=grad[0],
                   **{k: v[0] for k, v in state.items()})
        status = "max_steps"
        for t in range(steps):
            index = None if batches is None else next(batches)
            step_grad = grad if index is None else objective.batch_grad(x, index)
            delta, state = rule.update(step_grad, state, t)
            new = x + delta
            loss, grad = _evaluate(objective, new)
            record.add(params=new[0], losses=loss[0], grads=grad[0],
                       **{k: v[0] for k, v in state.items()})
            if _escaped(new, loss, start_loss, limit)[0]:
                status = "diverged"
                break
            moved = float(np.linalg.norm(new - x))
            x = new
            if tol is not None and moved < tol:
                status = "converged"
                break
    return Path(record.take("params"), record.take("losses"), record.take("grads"), status,
                rule, batch_size, objective.n_samples,
                {k: record.take(k) for k in rule.init(theta[None, :])})


def gradient_descent(objective: Objective, start: ArrayLike, lr: float, steps: int, *,
                     tol: float | None = None, batch_size: int | None = None,
                     seed: int | None = None) -> Path:
    r"""Plain gradient descent :math:`\theta \leftarrow \theta - \eta \nabla L(\theta)` from ``start``.

    Exactly ``optimize(objective, start, gdviz.sgd(lr), steps, ...)``; see :func:`optimize`.

    Examples
    --------
    >>> import gdviz
    >>> path = gdviz.gradient_descent(gdviz.parabola(), start=5.0, lr=0.1, steps=2)
    >>> path.params[:, 0].tolist()
    [5.0, 4.0, 3.2]
    """
    if isinstance(lr, (np.ndarray, list, tuple)):
        raise TypeError(f"lr must be a positive finite number. Got {lr!r} instead "
                        "(to run many rates, use gdviz.sweep_learning_rates).")
    return optimize(objective, start, sgd(lr), steps, tol=tol, batch_size=batch_size, seed=seed)


def sweep(objective: Objective, start: ArrayLike, optimizer: Callable[..., Rule], steps: int, *,
          tol: float | None = None, **grid: ArrayLike) -> Sweep:
    r"""Run a rule for every combination of the hyperparameters given, in one vectorized pass.

    Every run advances together as one ``(k, d)`` array; the rule gets each row's
    hyperparameters as arrays. The rows equal single :func:`optimize` runs
    (``sweep.path(i)``); diverging rows turn into inf/nan silently.

    Parameters
    ----------
    objective : Objective
    start : array_like, shape (d,) or (k, d)
        One start for every run, or one per run.
    optimizer : callable
        A rule factory: ``gdviz.sgd``, ``gdviz.adam``, or your own
        ``lambda lr, beta: gdviz.adam(lr, betas=(beta, 0.999))``.
    steps : int
    tol : float, optional
        Report the first step that moved less than ``tol`` as convergence (every run still
        takes ``steps`` updates, so the arrays stay rectangular).
    **grid : array_like, shape (m,)
        The values of each swept hyperparameter, by the factory's argument names
        (``lr=np.geomspace(1e-3, 1, 50), momentum=np.linspace(0, 0.99, 40)``). Several give
        their grid (outer product), flattened in C order: see :attr:`Sweep.shape`.

    Returns
    -------
    Sweep

    Examples
    --------
    >>> import numpy as np, gdviz
    >>> s = gdviz.sweep(gdviz.parabola(), 4.0, gdviz.sgd, 3, lr=[0.1, 0.5], momentum=[0.0, 0.5])
    >>> s.shape, s.grid(s.final_losses).round(3).tolist()
    ((2, 2), [[4.194, 1.459], [0.0, 1.0]])
    """
    objective = check_objective(objective)
    if isinstance(optimizer, Rule) or not callable(optimizer):
        raise TypeError("optimizer must be a rule factory such as gdviz.sgd or gdviz.adam (not "
                        f"a rule made with its values). Got {optimizer!r} instead.")
    if not grid:
        raise ValueError("sweep needs at least one hyperparameter to sweep, e.g. "
                         "lr=np.geomspace(1e-3, 1, 50).")
    axes = {}
    for name, values in grid.items():
        array = np.atleast_1d(FINITE.check_many(values, name))
        if array.ndim != 1 or array.shape[0] == 0:
            raise ValueError(f"{name} must be a non-empty 1-D sequence of values to sweep.")
        axes[name] = array
    shape = tuple(a.shape[0] for a in axes.values())
    mesh = np.meshgrid(*axes.values(), indexing="ij")
    flat = {name: readonly(m.ravel()) for name, m in zip(axes, mesh)}
    rule = optimizer(**flat)
    if not isinstance(rule, Rule):
        raise TypeError(f"optimizer must return an update rule. It returned {rule!r}.")
    steps = Integer(0).check(steps, "steps")
    tol = NoneOr(FINITE_POSITIVE).check(tol, "tol")
    k, d = int(np.prod(shape)), objective.dim
    starts = as_float_array(start, "start")
    if starts.ndim == 2:
        if starts.shape != (k, d):
            raise ValueError(f"start must have shape ({d},) or ({k}, {d}). Got {starts.shape}.")
        if not np.all(np.isfinite(starts)):
            raise ValueError("start must contain only finite numbers.")
    else:
        starts = np.broadcast_to(check_start(starts, d), (k, d))

    # step-major while running (each step's (k, d) rows contiguous), run-major when returned
    trail = np.empty((steps + 1, k, d))
    trail_loss = np.empty((steps + 1, k))
    x = trail[0] = starts
    with np.errstate(all="ignore"):
        state = rule.init(np.array(x))
        memory = {key: np.empty((steps + 1, k, d)) for key in state}
        for key, value in state.items():
            memory[key][0] = value
        for t in range(steps):
            trail_loss[t], grad = _evaluate(objective, x)
            delta, state = rule.update(grad, state, t)
            x = trail[t + 1] = x + delta
            for key, value in state.items():
                memory[key][t + 1] = value
        trail_loss[steps] = objective.loss(x)
        params = trail.transpose(1, 0, 2)  # views: (k, steps + 1, d) without a copy
        states = {key: v.transpose(1, 0, 2) for key, v in memory.items()}
        losses = trail_loss.T
        escaped = _escaped(params[:, 1:], losses[:, 1:], losses[:, :1], _limit(starts)[:, None])
    first_escape = _first(escaped, steps)
    status = np.where(first_escape <= steps, "diverged", "max_steps").astype("<U9")
    steps_taken = np.minimum(first_escape, steps)
    if tol is not None:
        with np.errstate(all="ignore"):
            moved = np.linalg.norm(np.diff(params, axis=1), axis=-1)
        first_small = _first(moved < tol, steps)
        converged = first_small < first_escape
        status[converged] = "converged"
        steps_taken = np.where(converged, first_small, steps_taken)
    return Sweep(flat, shape, _sealed(params), _sealed(losses), readonly(status),
                 readonly(steps_taken), tol, {key: _sealed(v) for key, v in states.items()},
                 optimizer, objective)


def _sealed(array: NDArray) -> NDArray:
    """``array`` itself made read-only (it is new and nobody else holds it: no copy needed)."""
    array.flags.writeable = False
    if array.base is not None:
        array.base.flags.writeable = False  # nor through the array it views
    return array


def _first(flags: NDArray[np.bool_], steps: int) -> NDArray[np.int64]:
    """Per row, the first step (1-based) where ``flags`` holds, or ``steps + 1``."""
    if steps == 0:
        return np.ones(flags.shape[0], dtype=np.int64)
    return np.where(flags.any(axis=1), flags.argmax(axis=1) + 1, steps + 1)


def sweep_learning_rates(objective: Objective, start: ArrayLike, lrs: ArrayLike, steps: int, *,
                         tol: float | None = None) -> Sweep:
    r"""Plain gradient descent for every learning rate in ``lrs`` at once: ``sweep(..., gdviz.sgd, lr=lrs)``.

    Parameters
    ----------
    objective : Objective
    start : array_like, shape (d,) or (k, d)
        One start shared by every run, or one start per learning rate.
    lrs : array_like, shape (k,)
        Positive finite learning rates.
    steps : int
    tol : float, optional

    Examples
    --------
    >>> import gdviz
    >>> sweep = gdviz.sweep_learning_rates(gdviz.parabola(), 4.0, [0.05, 0.35, 1.2], steps=3)
    >>> sweep.params[:, -1, 0].round(3).tolist()
    [2.916, 0.108, -10.976]
    """
    rates = np.atleast_1d(FINITE_POSITIVE.check_many(lrs, "lrs"))
    return sweep(objective, start, sgd, steps, tol=tol, lr=rates)
