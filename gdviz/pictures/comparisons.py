r"""Comparisons: runs side by side (learning-rate small multiples, a learning-rate sweep, batch sizes)."""
from __future__ import annotations

from typing import Any, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from numpy.typing import NDArray

from ..core.objectives import Objective, check_objective
from ..core.records import Path, Sweep
from .limits import LOSS_LIMIT, check_limits, curve_ylim, left_finite_range, limits_2d, log_floor, loss_offset, path_xlim
from .plots import draw_paths_2d
from .style import (DIVERGED_COLOR, LOSS_LABEL, PALETTE, as_paths, check_labels, label_axes,
                    new_axes, path_label, set_title_once)
from .views import ContourView, CurveView

__all__ = ["describe_run", "plot_lr_cases", "plot_sweep", "plot_batch_paths"]


def describe_run(path: Path) -> str:
    r"""A word or two for how a run went: diverges, bounces, zig-zags, creeps or converges.

    * "diverges": left the finite range, or the loss ended above where it started;
    * "bounces forever": the loss did not change although the parameters moved (e.g.
      :math:`\eta = 1` on :math:`w^2`);
    * "zig-zags in": most steps reverse the previous one, yet the loss falls;
    * "creeps": the slope at the end is still more than a tenth of the steepest slope met
      (on :math:`w^2`: more than 1 % of the starting loss left). Slopes, unlike losses, do not
      depend on where the loss has its zero: a loss whose minima lie below zero is judged alike;
    * "converges": otherwise.

    Examples
    --------
    >>> import gdviz
    >>> [gdviz.describe_run(gdviz.gradient_descent(gdviz.parabola(), 4.0, lr, 10))
    ...  for lr in (0.05, 0.35, 0.9, 1.0, 1.1)]
    ['creeps', 'converges', 'zig-zags in', 'bounces forever', 'diverges']
    """
    if not isinstance(path, Path):
        raise TypeError("path must be a Path from gdviz.optimize or gdviz.gradient_descent (for a "
                        f"Sweep, describe each run: [describe_run(p) for p in sweep]). Got {path!r} instead.")
    losses = np.asarray(path.losses, dtype=float)
    if left_finite_range(path) or losses[-1] > losses[0] + 1e-9 * abs(losses[0]):
        return "diverges"
    if path.n_steps == 0:
        return "has not moved"
    steps = np.diff(np.asarray(path.params, dtype=float), axis=0)
    if not np.any(steps):
        return "has not moved"  # the slope is zero where it starts
    if np.isclose(losses[-1], losses[0], rtol=1e-9, atol=0.0) and losses[0] != 0:
        return "bounces forever"
    turns = np.sum(steps[1:] * steps[:-1], axis=-1) < 0
    if turns.size and turns.mean() > 0.5:
        return "zig-zags in"
    with np.errstate(over="ignore", invalid="ignore"):
        slopes = np.linalg.norm(np.asarray(path.grads, dtype=float), axis=-1)
    slopes = slopes[np.isfinite(slopes)]
    return "creeps" if slopes.size and slopes[-1] > 0.1 * slopes.max() else "converges"


def _axes_row(axes: Any, count: int, name: str, figsize: tuple[float, float],
              sharey: bool = False) -> NDArray:
    if axes is None:
        _, axes = plt.subplots(1, count, figsize=figsize, layout="constrained", sharey=sharey,
                               squeeze=False)
    flat = np.asarray(axes, dtype=object).ravel()
    if flat.shape[0] != count or not all(isinstance(a, Axes) for a in flat):
        raise ValueError(f"{name} must hold exactly {count} matplotlib Axes. Got {axes!r} instead.")
    return flat


def plot_lr_cases(paths: Sequence[Path], objective: Objective, *, titles: Sequence[str] | None = None,
                  xlim: Any = None, ylim: Any = None, axes: Any = None) -> NDArray:
    r"""Small multiples: the same start under several learning rates, one panel each, same scales.

    Every panel shows the same window, chosen to hold the start, the minimum and every run that
    does not diverge; a diverging run is seen leaving it (a note gives the step).

    Parameters
    ----------
    paths : sequence of Path
        One run per panel, usually the same start with different learning rates.
    objective : objective
        1 parameter (path on the loss curve) or 2 (path on contours).
    titles : sequence of str, optional
        Panel titles; by default the learning rate and :func:`describe_run`, e.g. "η = 0.05: creeps".
        The panels need not differ in learning rate: runs from several starts compare alike.
    xlim, ylim : (float, float), optional
        The window every panel shows (``ylim`` for 2-parameter objectives only), instead of the
        one fitted to the runs.
    axes : sequence of Axes, optional
        One Axes per path; a new row of panels when None.

    Returns
    -------
    ndarray of Axes

    Examples
    --------
    >>> import gdviz
    >>> L = gdviz.parabola()
    >>> runs = [gdviz.gradient_descent(L, 4.0, lr, 10) for lr in (0.05, 0.35, 0.9, 1.0, 1.1)]
    >>> axes = gdviz.plot_lr_cases(runs, L)
    >>> well = gdviz.double_well()
    >>> starts = [gdviz.gradient_descent(well, w0, 0.05, 12) for w0 in (0.0, 0.4)]
    >>> axes = gdviz.plot_lr_cases(starts, well, titles=["from 0", "from 0.4"], xlim=(-2, 2))
    >>> [tuple(map(float, ax.get_xlim())) for ax in axes]
    [(-2.0, 2.0), (-2.0, 2.0)]
    """
    paths = as_paths(paths)
    titles = check_labels(titles, len(paths)) or [
        f"{path_label(p)}: {describe_run(p)}" for p in paths]
    one_d = check_objective(objective, (1, 2), "plot_lr_cases").dim == 1
    width = min(len(paths) * (5.0 if len(paths) <= 2 else 2.3), 12.0)  # one or two: full panels
    axes = _axes_row(axes, len(paths), "axes", (width, 3.3 if one_d else width / len(paths) + 0.9),
                     sharey=True)
    xlim, ylim = check_limits(xlim, "xlim"), check_limits(ylim, "ylim")
    if one_d and ylim is not None:
        raise ValueError("ylim is for 2-parameter objectives (a 1-parameter panel shows the loss "
                         f"up the side, fitted to the window). Got ylim={ylim!r} instead.")
    calm = [p for p in paths if describe_run(p) != "diverges"] or paths
    starts = [np.asarray(p.params)[:1] for p in paths]
    for i, (ax, path, title) in enumerate(zip(axes, paths, titles)):
        color = PALETTE[i % len(PALETTE)]  # run i has plot_loss_curves' colour i
        if one_d:
            xlim = xlim or path_xlim(calm + [_start_only(p) for p in paths], objective)
            CurveView(ax, objective, xlim=xlim, tangents=False, max_labels=5,
                      color=color).update(path)
        else:
            xlim, ylim = limits_2d(calm, objective, xlim, ylim, extra=starts[0][0])
            ContourView(ax, objective, xlim=xlim, ylim=ylim, levels=12, color=color).update(path)
        set_title_once(ax, title, fontsize=10)
    for ax in axes[1:]:
        if one_d or ax.get_shared_y_axes().joined(ax, axes[0]):
            ax.set_ylabel("")
    return axes


class _start_only:
    """A one-row stand-in for a path (its start), so limits include every start."""

    def __init__(self, path: Path):
        self.params = np.asarray(path.params)[:1]
        self.losses = np.asarray(path.losses)[:1]


def plot_sweep(sweep: Sweep, *, stable_below: float | None = None, axes: Any = None) -> NDArray:
    r"""Final loss and steps-to-converge against learning rate (both on a log learning-rate axis).

    The final loss is each run's loss where it stopped (``sweep.final_losses``): at convergence for a
    run that converged, after all the steps otherwise.

    Diverged runs are marked with crosses along the top edge. ``stable_below`` draws the
    stability boundary: a vertical line and a shaded region of learning rates at or above it
    (for :math:`L(w) = w^2` descent is stable for :math:`\eta < 1`). Final losses below
    :math:`10^{-16}` times the largest starting loss (float precision; zero included) are drawn at
    that floor, with a note saying so. A dotted line marks the starting loss.

    Losses below zero (the double well's minima lie below zero) cannot go on a log axis: the
    left panel then shows the gap to the objective's lowest minimum, :math:`L - L_{min}`
    (labelled so), or, without known minima, the final loss on a linear axis.

    Parameters
    ----------
    sweep : Sweep
        From :func:`gdviz.sweep_learning_rates`; pass ``tol`` there to get steps to converge.
    stable_below : float, optional
        The learning rate where the runs stop being stable.
    axes : pair of Axes, optional
        Where to draw (left: final loss; right: steps); a new figure when None.

    Returns
    -------
    ndarray of 2 Axes

    Examples
    --------
    >>> import numpy as np, gdviz
    >>> sweep = gdviz.sweep_learning_rates(gdviz.parabola(), 4.0, np.geomspace(0.01, 1.5, 60),
    ...                                    steps=100, tol=1e-6)
    >>> axes = gdviz.plot_sweep(sweep, stable_below=1.0)
    """
    if not all(hasattr(sweep, a) for a in ("lrs", "status", "final_losses", "steps_taken")):
        raise TypeError(f"sweep must be a Sweep from gdviz.sweep_learning_rates. Got {sweep!r} instead.")
    left, right = _axes_row(axes, 2, "axes", (10.0, 3.8))
    lrs = np.asarray(sweep.lrs, dtype=float)
    status = np.asarray(sweep.status)
    final = np.asarray(sweep.final_losses, dtype=float)
    with np.errstate(invalid="ignore"):
        diverged = (status == "diverged") | ~np.isfinite(final)
    steps_max = int(np.asarray(sweep.losses).shape[1] - 1)
    log, left_title = _final_loss_panel(left, sweep, lrs, final, diverged, steps_max)
    right_data = _steps_panel(right, sweep, lrs, status, steps_max)
    for ax in (left, right):
        ax.set_xscale("log")
        ax.set_xlim(lrs.min() / 1.25, lrs.max() * 1.25)
        if diverged.any():
            ax.plot(lrs[diverged], np.full(diverged.sum(), 0.96), "x", color=DIVERGED_COLOR,
                    ms=7, mew=1.8, transform=ax.get_xaxis_transform(), clip_on=False,
                    label="diverged")
        if stable_below is not None:
            ax.axvline(stable_below, color="black", lw=1.2, ls="--", gid="stability-limit")
            ax.axvspan(stable_below, lrs.max() * 1.25, color=DIVERGED_COLOR, alpha=0.1, lw=0)
            ax.text(stable_below, 0.5, f" unstable: η ≥ {stable_below:g}", rotation=90,
                    ha="left", va="center", fontsize=8, transform=ax.get_xaxis_transform(),
                    color="black")
        label_axes(ax, r"learning rate $\eta$", "")
    if log:
        left.set_yscale("log")
    label_axes(right, "", "steps to converge")
    set_title_once(left, left_title, fontsize=10)
    set_title_once(right, right_data, fontsize=10)
    for ax in (left, right):
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=8, framealpha=0.9, loc="best")
    return np.array([left, right], dtype=object)


def _final_loss_panel(ax: Axes, sweep: Sweep, lrs: NDArray, final: NDArray, diverged: NDArray,
                      steps_max: int) -> tuple[bool, str]:
    """The final losses of the runs that did not diverge; whether the axis is a log one, and its title.

    On a log axis: the loss, or (with losses below zero) the gap to the lowest minimum; values
    within float precision of the bottom (0 or :math:`L_{min}`) drawn at a floor with a note.
    Without a known minimum for losses below zero: the loss on a linear axis.
    """
    start = np.asarray(sweep.losses, dtype=float)[:, 0]
    shift = loss_offset(getattr(sweep, "objective", None), [final[~diverged]])
    log = shift is None or not np.isnan(shift)
    shift = 0.0 if shift is None or not log else shift
    gap, start_gap = final[~diverged] - shift, start - shift
    if log:
        scale = np.abs(start_gap[np.isfinite(start_gap)])
        floor = max(log_floor([gap]), 1e-16 * float(scale.max(initial=0.0)), 1e-15 * abs(shift))
        shown = np.maximum(gap, floor)
        floored = gap < floor
    else:
        floor, shown, floored = 0.0, gap, np.zeros(gap.shape, dtype=bool)
    ax.plot(lrs[~diverged], shown, "-o", color=PALETTE[0], ms=3.5, lw=1.2,
            label="final L − L_min" if shift else "final loss")
    if floored.any():
        where = np.sqrt(lrs[~diverged][floored].min() * lrs[~diverged][floored].max())
        reached = "L_min reached" if shift else "0"
        ax.annotate(f"{reached} within float precision\n(drawn at {floor:.0e})", (where, floor),
                    xytext=(0, -6), textcoords="offset points", ha="center", va="top",
                    fontsize=8, color=PALETTE[0])  # below the floor, where no point is drawn
    if np.all(np.isfinite(start)) and np.ptp(start) == 0 and (start_gap[0] > 0 or not log):
        ax.axhline(start_gap[0], color="0.4", lw=1.0, ls=":",
                   label="starting L − L_min" if shift else "starting loss")
    if log:  # fixed limits, even if every run diverged
        values = np.concatenate([shown, start_gap[(start_gap > 0) & (start_gap <= LOSS_LIMIT)]])
        low, high = (float(values.min()), float(values.max())) if values.size else (floor, 10 * floor)
        pad = max(high / low, 10.0) ** 0.06
        room = max(high / low, 10.0) ** 0.2 if floored.any() else pad  # for the note under the floor
        ax.set_ylim(low / room, high * pad)
    else:
        ax.set_ylim(*curve_ylim(np.concatenate([shown, start])))
    label_axes(ax, "", "final $L - L_{min}$" if shift else f"final {LOSS_LABEL}")
    what = f"gap to $L_{{min}} = {shift:.4g}$" if shift else "loss"
    when = (f"where each run stopped (converged, or after {steps_max} steps)"
            if np.any(np.asarray(sweep.status) == "converged") else f"after {steps_max} steps")
    return log, f"{what} {when}" + ("" if log else " (linear: losses below 0)")


def _steps_panel(ax: Axes, sweep: Sweep, lrs: NDArray, status: NDArray, steps_max: int) -> str:
    """Converged runs as dots at their step count, runs out of steps as triangles at the cap."""
    if getattr(sweep, "tol", None) is None:
        ax.text(0.5, 0.5, "steps to converge need a tolerance:\n"
                "sweep_learning_rates(..., tol=1e-6)", transform=ax.transAxes, ha="center",
                va="center", fontsize=9, color="0.3")
        return "steps to converge"
    done, stuck = status == "converged", status == "max_steps"
    steps = np.asarray(sweep.steps_taken)
    ax.plot(lrs[done], steps[done], "-o", color=PALETTE[2], ms=3.5, lw=1.2, label="converged")
    if stuck.any():
        ax.plot(lrs[stuck], np.full(stuck.sum(), steps_max), "^", mfc="none", color=PALETTE[1],
                ms=5, label=f"not converged in {steps_max} steps")
    ax.set_ylim(0, steps_max * 1.12)
    return f"steps until a step moves less than {sweep.tol:g}"


def _batch_name(path: Path) -> str:
    n, b = path.n_samples, path.batch_size
    if b is None or (n is not None and b >= n):
        return "batch" + (f" (all {n} samples)" if n else "")
    return "stochastic (1 sample per step)" if b == 1 else f"mini-batch ({b} samples)"


def _batch_style(path: Path, color: str, zorder: float) -> dict:
    """Thick with dots for full batches, thinner and fainter the smaller the batch."""
    b, n = path.batch_size, path.n_samples
    if b is None or (n is not None and b >= n):
        return dict(color=color, linewidth=3.0, alpha=0.8, markersize=0.0, zorder=zorder)
    return dict(color=color, linewidth=1.4 if b > 1 else 0.8, alpha=0.9 if b > 1 else 0.6,
                markersize=0.0, zorder=zorder)


def plot_batch_paths(paths: Sequence[Path], objective: Objective, *,
                     labels: Sequence[str] | None = None, xlim: Any = None, ylim: Any = None,
                     ax: Axes | None = None) -> Axes:
    r"""Batch, mini-batch and stochastic descent paths on one contour plot.

    The full-batch path is drawn first, thick and with arrows; smaller batches go on top of it,
    thinner, and the noisy stochastic path thinnest and partly transparent, so that each stays
    visible.

    Parameters
    ----------
    paths : sequence of Path
        Runs of :func:`gdviz.gradient_descent` with different ``batch_size``.
    objective : objective
        The 2-parameter data objective they ran on (``gdviz.sigmoid_fit(...)``).
    labels : sequence of str, optional
        Legend labels; by default "batch (all 300 samples)", "mini-batch (32 samples)", ...
    xlim, ylim : (float, float), optional
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import numpy as np, gdviz
    >>> rng = np.random.default_rng(0)
    >>> x = rng.uniform(-3, 3, 200)
    >>> L = gdviz.sigmoid_fit(x, gdviz.sigmoid(1.5 * x - 0.5), reduction="mean")
    >>> runs = [gdviz.gradient_descent(L, (-2, 2), 2.0, 100, batch_size=b, seed=0) for b in (200, 32, 1)]
    >>> ax = gdviz.plot_batch_paths(runs, L)
    """
    paths = as_paths(paths)
    labels = check_labels(labels, len(paths)) or [_batch_name(p) for p in paths]
    check_objective(objective, 2, "plot_batch_paths")
    order = sorted(range(len(paths)), key=lambda i: -(paths[i].batch_size or np.inf))
    styles = [_batch_style(paths[i], PALETTE[i % len(PALETTE)], 3.0 + 0.1 * rank)
              for rank, i in enumerate(order)]
    ax = new_axes(ax, (6.8, 5.2))
    xlim, ylim = limits_2d(paths, objective, xlim, ylim)
    draw_paths_2d(ax, [paths[i] for i in order], objective, labels=[labels[i] for i in order],
                  arrows=[s["linewidth"] >= 3 for s in styles], xlim=xlim, ylim=ylim, levels=20,
                  styles=styles)
    rules = {path_label(p) for p in paths}
    if len(rules) == 1:
        set_title_once(ax, f"same start, {rules.pop()}: batch sizes compared", fontsize=10)
    return ax
