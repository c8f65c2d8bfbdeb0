r"""Rates: how fast a run closes in on the minimum, measured on a path and predicted on a quadratic.

Near a minimum most runs shrink their distance to it by about the same factor :math:`r` every
step, :math:`\|\theta_k - \theta^*\| \approx C\, r^k`: the *rate per step* (``r < 1`` converges,
smaller is faster). :func:`measured_rate` reads it off a path; :func:`predicted_rate` computes
it in closed form where that is possible, as Goh's "Why Momentum Really Works" (Distill, 2017)
does: on a quadratic a rule with fixed hyperparameters such as plain descent, heavy-ball or
Nesterov momentum makes one *linear* step on the parameters and its memory together, and the
rate is the largest size of that step's eigenvalues. For heavy-ball momentum this is distill's
formula; for plain descent it is :math:`\max_j |1 - \eta \lambda_j|`.

Nothing here knows how a rule updates: the linear step is found by asking the rule's own
``update`` what it does to each basis vector.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from .objectives import Quadratic
from .records import Path
from .rules import Rule

__all__ = ["measured_rate", "predicted_rate"]

#: Below this fraction of its largest distance a run's distance (or step) is rounding, not descent:
#: a minimum known only to float precision, or a run that has stopped moving at all. On a
#: :class:`~gdviz.core.objectives.Quadratic` (minimum exactly 0) every distance counts.
ROUNDING = 1e-10


def _distances(path: Path, objective: Any) -> np.ndarray:
    """Distance of each row to the minimum, or the length of each step when the minimum is not unique."""
    params = np.asarray(path.params, dtype=float)
    minima = objective.minima
    with np.errstate(all="ignore"):
        if minima.shape[0] == 1:
            return np.linalg.norm(params - minima[0], axis=-1)
        return np.linalg.norm(np.diff(params, axis=0), axis=-1)  # steps shrink at the same rate


def measured_rate(path: Path, objective: Any) -> float | None:
    r"""The rate per step measured over the last half of ``path``, or ``None`` where there is none.

    The geometric mean of :math:`\|\theta_k - \theta^*\| / \|\theta_{k-1} - \theta^*\|` over the
    last half of the steps, that is :math:`(d_n / d_m)^{1/(n - m)}` with :math:`m = \lfloor n/2
    \rfloor`. With several minima (a run may end in any of them) the step lengths are used
    instead, which shrink at the same rate. Away from a quadratic, the path is cut where the
    distance falls below :data:`ROUNDING` times its largest. ``None`` for a diverged path or one
    too short to measure; 0 for a path that lands exactly on the minimum of a quadratic.

    Examples
    --------
    >>> import gdviz
    >>> path = gdviz.optimize(gdviz.parabola(), 4.0, gdviz.sgd(0.1), 10)
    >>> round(measured_rate(path, gdviz.parabola()), 6)   # w <- (1 - 2 * 0.1) w
    0.8
    """
    if path.status == "diverged":
        return None
    d = _distances(path, objective)
    # where rounding takes over, distances stop shrinking (or a step is exactly 0): measure before
    exact = isinstance(objective, Quadratic)  # the minimum is exactly 0: reaching it is real
    floor = 0.0 if exact else ROUNDING * float(np.max(d, initial=0.0))
    below = np.flatnonzero(~(d > floor))
    d = d[:below[0] + exact] if below.size else d
    n = d.shape[0] - 1  # ratios available
    m = n // 2
    if n < 1 or not np.isfinite(d[-1]):
        return None
    if d[-1] == 0:
        return 0.0
    with np.errstate(all="ignore"):
        rate = (d[-1] / d[m]) ** (1.0 / (n - m))
    return float(rate) if np.isfinite(rate) else None


def _linear_step(rule: Rule, hessian: np.ndarray, t: int) -> np.ndarray:
    """The matrix of one update on ``z = (theta, memory...)`` when the gradient is ``hessian @ theta``."""
    d = hessian.shape[0]
    keys = list(rule.init(np.zeros((1, d))))
    size = d * (1 + len(keys))
    basis = np.eye(size)  # row i: the i-th basis vector of z
    theta = basis[:, :d]
    state = {k: basis[:, d * (j + 1):d * (j + 2)] for j, k in enumerate(keys)}
    delta, new = rule.update(theta @ hessian.T, state, t)
    images = np.concatenate([theta + delta, *(new[k] for k in keys)], axis=1)
    return images.T  # column i: the image of basis vector i


def predicted_rate(objective: Any, rule: Rule) -> float | None:
    r"""The closed-form rate per step of ``rule`` on a quadratic ``objective``, or ``None``.

    The largest size of the eigenvalues of one step (parameters and the rule's memory together),
    checked to be linear and the same at every step. ``None`` where there is no such closed form:
    an objective that is not a :class:`~gdviz.core.objectives.Quadratic`, a learning-rate
    schedule, or a rule whose step is not linear (AdaGrad, RMSProp, Adam).

    Examples
    --------
    >>> import gdviz, numpy as np
    >>> valley = gdviz.bowl((1, 10))            # Hessian eigenvalues 2 and 20, kappa = 10
    >>> round(predicted_rate(valley, gdviz.sgd(1 / 11)), 4)       # (kappa - 1) / (kappa + 1)
    0.8182
    >>> lr = (2 / (np.sqrt(2) + np.sqrt(20))) ** 2
    >>> mu = ((np.sqrt(10) - 1) / (np.sqrt(10) + 1)) ** 2
    >>> round(predicted_rate(valley, gdviz.sgd(lr, momentum=mu)), 4)  # (sqrt(kappa) - 1) / (sqrt(kappa) + 1)
    0.5195
    """
    if not isinstance(objective, Quadratic) or not isinstance(rule, Rule):
        return None
    if any(callable(v) or np.ndim(v) for v in rule.hyperparams.values()
           if not isinstance(v, tuple)):
        return None  # a schedule, or a sweep's arrays
    hessian = np.diag(2.0 * np.asarray(objective.curvatures, dtype=float))
    with np.errstate(all="ignore"):
        step = _linear_step(rule, hessian, 1)
        if not np.all(np.isfinite(step)) or not np.allclose(step, _linear_step(rule, hessian, 2)):
            return None
        # linear: the image of a mixture is the mixture of the images
        mixture = np.random.default_rng(0).standard_normal((3, step.shape[0]))
        d = hessian.shape[0]
        keys = list(rule.init(np.zeros((1, d))))
        state = {k: mixture[:, d * (j + 1):d * (j + 2)] for j, k in enumerate(keys)}
        delta, new = rule.update(mixture[:, :d] @ hessian.T, state, 1)
        image = np.concatenate([mixture[:, :d] + delta, *(new[k] for k in keys)], axis=1)
        if not np.allclose(image, mixture @ step.T, rtol=1e-9, atol=1e-12):
            return None
        return float(np.max(np.abs(np.linalg.eigvals(step))))
