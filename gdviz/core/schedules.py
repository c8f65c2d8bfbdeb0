r"""Learning-rate schedules: a rate that changes with the update number, passed as a rule's ``lr``.

A schedule is a frozen callable: ``schedule(t)`` is the learning rate of update ``t`` (counting
from 0), for a whole number or an array of them. The rate of update ``t`` is torch's rate after
``t`` calls of ``scheduler.step()`` (torch steps the scheduler once after each optimizer step),
so ``gdviz.sgd(gdviz.step_decay(0.1, 10))`` takes the same steps as ``torch.optim.SGD`` with
``StepLR(step_size=10)``. The base rate may be an array (one rate per row of a sweep).

Draw one with :func:`gdviz.plot_schedule`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .constraints import FINITE_POSITIVE, NON_NEGATIVE, Integer

__all__ = ["Schedule", "step_decay", "cosine_decay", "inverse_time_decay"]


@dataclass(frozen=True, eq=False)
class Schedule:
    r"""A learning rate as a function of the update number.

    Attributes
    ----------
    name : str
        ``"step decay"``, ``"cosine decay"``, ``"1/t decay"``.
    base : float or ndarray
        The starting rate :math:`\eta_0` (the rate of update 0).
    params : dict
        The schedule's other arguments.
    equation : str
        :math:`\eta_t` in LaTeX.
    """

    name: str
    base: Any
    params: dict
    equation: str
    rate: Callable[[Any, NDArray[np.float64]], Any]

    def __call__(self, t: ArrayLike) -> Any:
        """The rate of update ``t`` (a number, or an array shaped like ``t``, or like ``base``)."""
        steps = np.asarray(t)
        if steps.dtype.kind not in "iu" and not np.all(np.mod(steps, 1) == 0):
            raise ValueError(f"t must be whole update numbers >= 0. Got {t!r} instead.")
        if np.any(steps < 0):
            raise ValueError(f"t must be whole update numbers >= 0. Got {t!r} instead.")
        out = self.rate(self.base, steps.astype(float))
        return float(out) if np.ndim(out) == 0 else out

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Schedule):
            return NotImplemented
        return (self.name == other.name and self.params == other.params
                and np.array_equal(np.asarray(self.base), np.asarray(other.base)))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        base = np.asarray(self.base)
        shown = f"{float(base):g}" if base.ndim == 0 else f"{base.min():g}…{base.max():g}"
        args = ", ".join(f"{k}={v:g}" for k, v in self.params.items())
        return f"{self.name}({shown}, {args})"


def step_decay(lr: Any, step_size: int, gamma: float = 0.1) -> Schedule:
    r"""Multiply the rate by ``gamma`` every ``step_size`` updates: torch's StepLR.

    .. math:: \eta_t = \eta_0\, \gamma^{\lfloor t / s \rfloor}

    Examples
    --------
    >>> import gdviz
    >>> gdviz.step_decay(1.0, step_size=2, gamma=0.5)([0, 1, 2, 3, 4]).tolist()
    [1.0, 1.0, 0.5, 0.5, 0.25]
    """
    base = FINITE_POSITIVE.check_many(lr, "lr")
    step_size = Integer(1).check(step_size, "step_size")
    gamma = FINITE_POSITIVE.check(gamma, "gamma")
    return Schedule("step decay", base, {"step_size": step_size, "gamma": gamma},
                    rf"\eta_t = \eta_0\, {gamma:g}^{{\lfloor t / {step_size} \rfloor}}",
                    lambda b, t: _outer(b, gamma ** np.floor(t / step_size)))


def cosine_decay(lr: Any, t_max: int, min_lr: float = 0.0) -> Schedule:
    r"""From ``lr`` down to ``min_lr`` along half a cosine in ``t_max`` updates: CosineAnnealingLR.

    .. math:: \eta_t = \eta_{min} + (\eta_0 - \eta_{min})\, \frac{1 + \cos(\pi t / T)}{2}

    After :math:`T` updates the rate climbs again, as torch's does (a period of :math:`2T`);
    give ``t_max`` at least the number of steps to stay on the way down (Loshchilov and Hutter 2017).

    Examples
    --------
    >>> import gdviz
    >>> gdviz.cosine_decay(1.0, t_max=4)([0, 2, 4]).round(6).tolist()
    [1.0, 0.5, 0.0]
    """
    base = FINITE_POSITIVE.check_many(lr, "lr")
    t_max = Integer(1).check(t_max, "t_max")
    min_lr = NON_NEGATIVE.check(min_lr, "min_lr")
    if np.any(np.asarray(base) < min_lr):
        raise ValueError(f"min_lr must not exceed lr. Got min_lr={min_lr!r}, lr={lr!r}.")
    return Schedule("cosine decay", base, {"t_max": t_max, "min_lr": min_lr},
                    rf"\eta_t = {min_lr:g} + (\eta_0 - {min_lr:g})\,"
                    rf"\frac{{1 + \cos(\pi t / {t_max})}}{{2}}",
                    lambda b, t: min_lr + _outer(np.asarray(b) - min_lr,
                                                 (1.0 + np.cos(np.pi * t / t_max)) / 2.0))


def inverse_time_decay(lr: Any, decay: float) -> Schedule:
    r"""The rate falls like :math:`1/t`: :math:`\eta_t = \eta_0 / (1 + d\,t)` (torch's LambdaLR).

    Examples
    --------
    >>> import gdviz
    >>> gdviz.inverse_time_decay(1.0, decay=0.5)([0, 2, 6]).tolist()
    [1.0, 0.5, 0.25]
    """
    base = FINITE_POSITIVE.check_many(lr, "lr")
    decay = NON_NEGATIVE.check(decay, "decay")
    return Schedule("1/t decay", base, {"decay": decay},
                    rf"\eta_t = \frac{{\eta_0}}{{1 + {decay:g}\, t}}",
                    lambda b, t: _outer(b, 1.0 / (1.0 + decay * t)))


def _outer(base: Any, factor: NDArray[np.float64]) -> Any:
    """``base * factor``: for one step and per-row bases ``(k,)``, or many steps and one base."""
    base = np.asarray(base, dtype=float)
    if base.ndim and np.ndim(factor):
        return base[:, None] * factor  # (rows, steps), for pictures of a sweep's schedules
    return base * factor
