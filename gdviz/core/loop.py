r"""The descent loop: :func:`gradient_descent` runs once, :func:`sweep_learning_rates` many rates at once.

Their results are the records of :mod:`gdviz.core.records`.

The update rule is :math:`\theta_{k+1} = \theta_k - \eta\, \nabla L(\theta_k)` with learning rate
:math:`\eta` (``lr``). A run stops with one of three statuses:

* ``"converged"``: a step moved the parameters by less than ``tol`` (Euclidean length);
* ``"diverged"``: the loss or a parameter is no longer finite, or a parameter's size exceeds
  ``DIVERGENCE_FACTOR * max(1, max|start|)`` (a million times the start's scale);
* ``"max_steps"``: neither happened within ``steps`` updates.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import as_float_array, check_count, check_lr, check_start, check_tol, readonly
from .records import DIVERGENCE_FACTOR, Path, Sweep

__all__ = ["gradient_descent", "sweep_learning_rates"]


def _check_objective(objective: Any) -> None:
    for attribute in ("loss", "grad", "dim"):
        if not hasattr(objective, attribute):
            raise TypeError(
                "objective must have loss(theta), grad(theta) and dim, like gdviz.parabola(). "
                f"Got {objective!r} instead."
            )


def _batches(n: int, batch_size: int, rng: np.random.Generator):
    """Endless sorted mini-batches: each epoch a new shuffle cut into ``n // batch_size`` batches."""
    if batch_size == n:
        while True:
            yield None  # every sample, in order: exactly the full gradient
    while True:
        order = rng.permutation(n)
        for j in range(n // batch_size):
            yield np.sort(order[j * batch_size:(j + 1) * batch_size])


def _escaped(theta: NDArray, loss: NDArray, limit: float) -> NDArray[np.bool_]:
    with np.errstate(invalid="ignore"):
        return ~np.isfinite(loss) | ~np.all(np.abs(theta) <= limit, axis=-1)


def gradient_descent(objective: Any, start: ArrayLike, lr: float, steps: int, *,
                     tol: float | None = None, batch_size: int | None = None,
                     seed: int | None = None) -> Path:
    r"""Run gradient descent :math:`\theta \leftarrow \theta - \eta \nabla L(\theta)` from ``start``.

    Parameters
    ----------
    objective : objective
        Anything with ``loss``, ``grad`` and ``dim`` (``gdviz.parabola()``, ``gdviz.bowl()``...).
    start : array_like, shape (d,)
        Starting parameters; a plain number for one-parameter objectives.
    lr : float
        Learning rate :math:`\eta > 0`.
    steps : int
        Maximum number of updates (``>= 0``).
    tol : float, optional
        Stop as ``"converged"`` once a step moves the parameters by less than ``tol``.
        ``None`` runs all ``steps`` (unless the run diverges).
    batch_size : int, optional
        For data objectives (``gdviz.sigmoid_fit``): each step uses ``batch_size`` samples, drawn
        without replacement from a shuffle of the data made anew every epoch (a remainder of
        ``n % batch_size`` samples sits out that epoch). The mini-batch gradient is scaled to be
        an unbiased estimate of the full gradient (``objective.batch_grad``), so
        ``batch_size=n`` is exactly full-batch descent and ``batch_size=1`` is SGD.
    seed : int, optional
        Seed of the shuffles; the same seed gives the same path.

    Returns
    -------
    Path
        ``params (n + 1, d)``, ``losses (n + 1,)``, ``grads (n + 1, d)`` and ``status``.

    Raises
    ------
    ValueError, TypeError
        For a learning rate that is not positive and finite, negative ``steps``, a start of the
        wrong size or not finite, a ``batch_size`` outside ``1..n`` or without data.

    Examples
    --------
    >>> import gdviz
    >>> path = gdviz.gradient_descent(gdviz.parabola(), start=5.0, lr=0.1, steps=2)
    >>> path.params[:, 0].tolist()
    [5.0, 4.0, 3.2]
    """
    _check_objective(objective)
    theta = check_start(start, objective.dim)
    lr = check_lr(lr)
    steps = check_count(steps, "steps", 0)
    tol = check_tol(tol)
    batches = None
    if batch_size is not None:
        n = getattr(objective, "n_samples", None)
        if n is None or not hasattr(objective, "batch_grad"):
            raise ValueError(
                f"batch_size needs an objective with data, such as gdviz.sigmoid_fit(); "
                f"{getattr(objective, 'name', objective)!r} has none. Use batch_size=None."
            )
        batch_size = check_count(batch_size, "batch_size", 1)
        if batch_size > n:
            raise ValueError(f"batch_size must be between 1 and the number of samples ({n}). "
                             f"Got {batch_size} instead.")
        batches = _batches(n, batch_size, np.random.default_rng(seed))

    limit = DIVERGENCE_FACTOR * max(1.0, float(np.max(np.abs(theta))))
    params, losses, grads = [theta], [float(objective.loss(theta))], [objective.grad(theta)]
    status = "max_steps"
    with np.errstate(all="ignore"):
        for _ in range(steps):
            step = grads[-1] if batches is None else objective.batch_grad(theta, next(batches))
            new = theta - lr * step
            params.append(new)
            losses.append(float(objective.loss(new)))
            grads.append(objective.grad(new))
            if _escaped(new, np.asarray(losses[-1]), limit):
                status = "diverged"
                break
            moved = float(np.linalg.norm(new - theta))
            theta = new
            if tol is not None and moved < tol:
                status = "converged"
                break
    return Path(readonly(np.stack(params)), readonly(losses), readonly(np.stack(grads)),
                status, lr, batch_size, getattr(objective, "n_samples", None))


def sweep_learning_rates(objective: Any, start: ArrayLike, lrs: ArrayLike, steps: int, *,
                         tol: float | None = None) -> Sweep:
    r"""Run full-batch descent for every learning rate in ``lrs`` at once (vectorized).

    All runs advance together as one ``(k, d)`` array, so a thousand learning rates cost about
    as much as a few single runs. Diverging rows turn into inf/nan silently (no warnings).

    Parameters
    ----------
    objective : objective
    start : array_like, shape (d,) or (k, d)
        One start shared by every run, or one start per learning rate.
    lrs : array_like, shape (k,)
        Positive finite learning rates.
    steps : int
        Number of updates for every run.
    tol : float, optional
        Report the first step that moved by less than ``tol`` as convergence (all runs still
        take ``steps`` updates, so the arrays stay rectangular).

    Examples
    --------
    >>> import gdviz
    >>> sweep = gdviz.sweep_learning_rates(gdviz.parabola(), 4.0, [0.05, 0.35, 1.2], steps=3)
    >>> sweep.params[:, -1, 0].round(3).tolist()
    [2.916, 0.108, -10.976]
    """
    _check_objective(objective)
    rates = as_float_array(lrs, "lrs")
    if rates.ndim != 1 or rates.shape[0] == 0:
        raise ValueError(f"lrs must be a non-empty 1-D sequence of learning rates. "
                         f"Got shape {rates.shape} instead.")
    if not np.all(np.isfinite(rates) & (rates > 0)):
        raise ValueError(f"lrs must all be positive finite numbers. Got {rates.tolist()} instead.")
    steps = check_count(steps, "steps", 0)
    tol = check_tol(tol)
    k, d = rates.shape[0], objective.dim
    starts = as_float_array(start, "start")
    if starts.ndim == 2:
        if starts.shape != (k, d):
            raise ValueError(f"start must have shape ({d},) or ({k}, {d}). Got {starts.shape}.")
        if not np.all(np.isfinite(starts)):
            raise ValueError("start must contain only finite numbers.")
    else:
        starts = np.broadcast_to(check_start(starts, d), (k, d))

    params = np.empty((k, steps + 1, d))
    params[:, 0] = starts
    with np.errstate(all="ignore"):
        for i in range(steps):
            params[:, i + 1] = params[:, i] - rates[:, None] * objective.grad(params[:, i])
        losses = objective.loss(params)
        limit = DIVERGENCE_FACTOR * np.maximum(1.0, np.max(np.abs(starts), axis=-1))
        escaped = _escaped(params[:, 1:], losses[:, 1:], limit[:, None, None])
        moved = np.linalg.norm(np.diff(params, axis=1), axis=-1)
    first_escape = np.where(escaped.any(axis=1), escaped.argmax(axis=1) + 1, steps + 1)
    status = np.where(first_escape <= steps, "diverged", "max_steps").astype("<U9")
    steps_taken = np.minimum(first_escape, steps)
    if tol is not None:
        small = moved < tol
        first_small = np.where(small.any(axis=1), small.argmax(axis=1) + 1, steps + 1)
        converged = first_small < first_escape
        status[converged] = "converged"
        steps_taken = np.where(converged, first_small, steps_taken)
    return Sweep(readonly(rates), readonly(params), readonly(losses), readonly(status),
                 readonly(steps_taken), tol)
