r"""Explorers: ready-made widgets to drag a learning rate (or a batch size, or a guess) and watch.

Each ``explore_*`` function returns an :class:`~gdviz._explorer.Explorer` (an ``ipywidgets.VBox``)
and never displays it: make it the last expression of a notebook cell. Every change of a setting
recomputes the descent path once; the step control (a Play button linked to a slider in the
browser) only indexes into that path. The figure is created once and its artists are moved;
bursts of slider messages are merged into one redraw.

Without a live kernel (GitHub, nbviewer) an explorer shows as a sentence describing it.
"""
from __future__ import annotations

import math
from typing import Any

import ipywidgets as widgets
import numpy as np
from numpy.typing import ArrayLike

from ._checks import check_count, check_lr, check_start
from ._explorer import Explorer
from ._grid import check_limits, span
from ._scenes import DescentScene, GuessScene
from .neuron import sigmoid_fit
from .objectives import bowl, parabola

__all__ = ["Explorer", "explore_lr_1d", "explore_lr_2d", "explore_surface",
           "explore_batch_size", "explore_guess"]

_WIDE = widgets.Layout(width="420px")
_STYLE = {"description_width": "initial"}


# ---------------------------------------------------------------------------------------------
# Argument checks

def _check_objective(objective: Any, dim: int, function: str) -> None:
    if not all(hasattr(objective, a) for a in ("loss", "grad", "dim")):
        raise TypeError(f"objective must be a gdviz objective (with loss, grad and dim), like "
                        f"gdviz.parabola(). Got {objective!r} instead.")
    if objective.dim != dim:
        raise ValueError(f"{function} needs an objective with {dim} parameter(s); "
                         f"{getattr(objective, 'name', objective)!r} has {objective.dim}.")


def _check_range(lr_range: Any, lr: float) -> tuple[float, float]:
    try:
        low, high = (float(v) for v in lr_range)
    except (TypeError, ValueError):
        raise TypeError(f"lr_range must be two numbers (smallest, largest). Got {lr_range!r}.") from None
    if not (math.isfinite(low) and math.isfinite(high) and 0 < low < high):
        raise ValueError(f"lr_range must be two positive finite numbers, smallest first. "
                         f"Got {lr_range!r} instead.")
    if not low <= lr <= high:
        raise ValueError(f"lr must lie inside lr_range [{low:g}, {high:g}]. Got {lr!r} instead.")
    return low, high


# ---------------------------------------------------------------------------------------------
# Controls

def _lr_slider(lr: float, lr_range: tuple[float, float]) -> widgets.FloatLogSlider:
    low, high = (math.log10(v) for v in lr_range)
    slider = widgets.FloatLogSlider(value=lr, base=10, min=low, max=high,
                                    step=(high - low) / 150, readout_format=".3g",
                                    description="learning rate η", style=_STYLE, layout=_WIDE)
    slider.add_class("gdviz-lr")
    return slider


def _steps_slider(steps: int) -> widgets.IntSlider:
    return widgets.IntSlider(value=steps, min=1, max=max(100, 2 * steps), description="steps",
                             style=_STYLE, layout=widgets.Layout(width="300px"))


def _start_box(start: np.ndarray, names: tuple[str, ...]) -> widgets.Text:
    label = names[0] if len(names) == 1 else "(" + ", ".join(names) + ")"
    return widgets.Text(value=", ".join(f"{float(v):g}" for v in start),
                        description=f"start {label} =", continuous_update=False, style=_STYLE,
                        layout=widgets.Layout(width="230px"))


def _step_controls(steps: int) -> tuple[widgets.Play, widgets.IntSlider]:
    """A Play button and a step slider, linked in the browser (no kernel round trip to tick)."""
    play = widgets.Play(value=steps, min=0, max=steps, interval=350, description="walk the path")
    step = widgets.IntSlider(value=steps, min=0, max=steps, description="show step",
                             style=_STYLE, layout=_WIDE)
    widgets.jslink((play, "value"), (step, "value"))
    return play, step


def _rows(controls: dict[str, widgets.Widget], first: list[str]) -> list[widgets.Widget]:
    top = widgets.HBox([controls[n] for n in first],
                       layout=widgets.Layout(flex_flow="row wrap"))
    return [top, widgets.HBox([controls["play"], controls["step"]])]


def _header(text: str) -> widgets.HTMLMath:
    return widgets.HTMLMath(value=text)


def _descent_explorer(scene: DescentScene, lr: float, lr_range: tuple[float, float], steps: int,
                      start: np.ndarray, extra: dict[str, widgets.Widget] | None = None,
                      ) -> Explorer:
    controls: dict[str, widgets.Widget] = {"lr": _lr_slider(lr, lr_range)}
    controls.update(extra or {})
    controls["steps"] = _steps_slider(steps)
    controls["start"] = _start_box(start, scene.names)
    controls["play"], controls["step"] = _step_controls(steps)
    order = [n for n in controls if n not in ("play", "step")]
    return Explorer(scene, controls, rows=_rows(controls, order), header=_header(scene.header))


# ---------------------------------------------------------------------------------------------
# Public functions

def explore_lr_1d(objective: Any = None, start: float = 4.0, lr: float = 0.1, steps: int = 20, *,
                  lr_range: tuple[float, float] = (1e-3, 2.0),
                  xlim: tuple[float, float] | None = None) -> Explorer:
    r"""Drag the learning rate and watch descent on a one-parameter loss curve.

    Left: the curve :math:`L(w)` with the steps on it (numbered, with the tangent whose slope
    is the gradient); right: the loss after each step (log scale). A Play button walks the
    path one update at a time while the readout shows :math:`w`, :math:`dL/dw` and :math:`L`.

    Parameters
    ----------
    objective : objective, optional
        A one-parameter objective; ``gdviz.parabola()`` by default.
    start : float
        Starting :math:`w` (the learner can type another one).
    lr : float
        Initial learning rate :math:`\eta`, inside ``lr_range``.
    steps : int
        Number of updates (>= 1).
    lr_range : (float, float)
        Range of the log-scale slider, from creeping to diverging.
    xlim : (float, float), optional
        Range of :math:`w` shown; by default the minimum :math:`\pm 5`, widened to the start.

    Returns
    -------
    Explorer

    Raises
    ------
    ValueError, TypeError
        For an objective without exactly one parameter, a non-finite start, a learning rate
        outside ``lr_range``, fewer than one step or bad limits.

    Examples
    --------
    >>> import gdviz
    >>> explorer = gdviz.explore_lr_1d(lr=0.25, steps=3)
    >>> explorer.path.params[:, 0].tolist()
    [4.0, 2.0, 1.0, 0.5]
    """
    objective = parabola() if objective is None else objective
    _check_objective(objective, 1, "explore_lr_1d")
    start_, lr, steps = check_start(start, 1), check_lr(lr), check_count(steps, "steps", 1)
    lr_range = _check_range(lr_range, lr)
    xlim = check_limits(xlim, "xlim") or _window(objective, start_)[0]
    scene = DescentScene(objective, kind="curve", xlim=xlim, lr_range=lr_range,
                         title="Learning-rate explorer")
    return _descent_explorer(scene, lr, lr_range, steps, start_)


def explore_lr_2d(objective: Any = None, start: ArrayLike = (5.0, -4.0), lr: float = 0.1,
                  steps: int = 30, *, lr_range: tuple[float, float] = (1e-3, 1.5),
                  xlim: tuple[float, float] | None = None,
                  ylim: tuple[float, float] | None = None) -> Explorer:
    r"""Drag the learning rate and watch descent on the contours of a two-parameter loss.

    Left: filled contours of :math:`L(w_1, w_2)` with the path and its arrows; right: the loss
    after each step. Play walks the path; the readout shows the parameters, gradient and loss.

    Parameters
    ----------
    objective : objective, optional
        A two-parameter objective; ``gdviz.bowl()`` by default.
    start : (float, float)
    lr : float
        Initial learning rate, inside ``lr_range``.
    steps : int
    lr_range : (float, float)
    xlim, ylim : (float, float), optional
        Window of the contour plot; by default the minimum :math:`\pm 5`, widened to the start.

    Returns
    -------
    Explorer

    Examples
    --------
    >>> import gdviz
    >>> explorer = gdviz.explore_lr_2d(lr=0.25, steps=2)
    >>> explorer.path.params.tolist()
    [[5.0, -4.0], [2.5, -2.0], [1.25, -1.0]]
    """
    objective = bowl() if objective is None else objective
    return _explore_2d(objective, start, lr, steps, lr_range, xlim, ylim, "explore_lr_2d",
                       "Learning-rate explorer")


def explore_surface(objective: Any = None, start: ArrayLike = (-2.0, -2.0), lr: float = 0.3,
                    steps: int = 300, *, lr_range: tuple[float, float] = (1e-2, 30.0),
                    xlim: tuple[float, float] | None = None,
                    ylim: tuple[float, float] | None = None) -> Explorer:
    r"""Descent on the error surface of a sigmoid neuron (or any two-parameter loss), as contours.

    The same explorer as :func:`explore_lr_2d`, with defaults for the neuron of
    ``gdviz.sigmoid_fit()``: long, flat valleys where a small learning rate crawls. The surface
    is drawn as filled contours (a 3-D surface costs several times more per redraw).

    Examples
    --------
    >>> import gdviz
    >>> explorer = gdviz.explore_surface(steps=50)
    >>> explorer.path.n_steps
    50
    """
    objective = sigmoid_fit() if objective is None else objective
    return _explore_2d(objective, start, lr, steps, lr_range, xlim, ylim, "explore_surface",
                       "Error-surface explorer")


def _explore_2d(objective: Any, start: ArrayLike, lr: float, steps: int, lr_range: Any,
                xlim: Any, ylim: Any, function: str, title: str) -> Explorer:
    _check_objective(objective, 2, function)
    start_, lr, steps = check_start(start, 2), check_lr(lr), check_count(steps, "steps", 1)
    lr_range = _check_range(lr_range, lr)
    window = _window(objective, start_)
    xlim = check_limits(xlim, "xlim") or window[0]
    ylim = check_limits(ylim, "ylim") or window[1]
    scene = DescentScene(objective, kind="contour", xlim=xlim, ylim=ylim, lr_range=lr_range,
                         title=title)
    return _descent_explorer(scene, lr, lr_range, steps, start_)


def explore_batch_size(objective: Any, start: ArrayLike, lr: float, steps: int, *,
                       batch_sizes: tuple[int, ...] | None = None, seed: int = 0,
                       lr_range: tuple[float, float] | None = None,
                       xlim: tuple[float, float] | None = None,
                       ylim: tuple[float, float] | None = None) -> Explorer:
    r"""Choose the batch size (1 = stochastic, n = full batch) and watch the path and the loss per epoch.

    Parameters
    ----------
    objective : objective with data
        Such as ``gdviz.sigmoid_fit(x, y, reduction="mean")``.
    start : (float, float)
    lr : float
    steps : int
        Number of updates (each uses one mini-batch).
    batch_sizes : sequence of int, optional
        The choices; by default ``(1, 32, 64, 128, n)``, keeping those no larger than ``n``.
    seed : int
        Seed of the shuffles: the same settings always give the same path.
    lr_range : (float, float), optional
        Range of the learning-rate slider; by default ``lr / 100`` to ``lr * 10``.

    Examples
    --------
    >>> import gdviz
    >>> L = gdviz.sigmoid_fit([0.5, 1.0, 2.0, 2.5], [0.2, 0.4, 0.8, 0.9])
    >>> explorer = gdviz.explore_batch_size(L, (-2, -2), lr=1.0, steps=40, batch_sizes=(1, 4))
    >>> explorer.controls["batch_size"].value = 4
    >>> explorer.path.batch_size
    4
    """
    _check_objective(objective, 2, "explore_batch_size")
    n = getattr(objective, "n_samples", None)
    if n is None or not hasattr(objective, "batch_grad"):
        raise ValueError("objective must hold data (n_samples and batch_grad), such as "
                         f"gdviz.sigmoid_fit(). Got {getattr(objective, 'name', objective)!r}.")
    start_, lr, steps = check_start(start, 2), check_lr(lr), check_count(steps, "steps", 1)
    seed = check_count(seed, "seed", 0)
    sizes = _batch_sizes(batch_sizes, n)
    lr_range = _check_range((lr / 100, lr * 10) if lr_range is None else lr_range, lr)
    window = _window(objective, start_)
    scene = DescentScene(objective, kind="contour", xlim=check_limits(xlim, "xlim") or window[0],
                         ylim=check_limits(ylim, "ylim") or window[1], seed=seed, lr_range=lr_range,
                         title="Batch-size explorer")
    batch = widgets.ToggleButtons(options=[(f"{b}" + (" (all)" if b == n else ""), b)
                                           for b in sizes],
                                  value=sizes[-1], description="batch size", style=_STYLE)
    batch.add_class("gdviz-batch")
    return _descent_explorer(scene, lr, lr_range, steps, start_, extra={"batch_size": batch})


def _batch_sizes(batch_sizes: Any, n: int) -> list[int]:
    if batch_sizes is None:
        return sorted({b for b in (1, 32, 64, 128) if b < n} | {n})
    try:
        sizes = list(batch_sizes)
    except TypeError:
        raise TypeError(f"batch_sizes must be a sequence of whole numbers. Got {batch_sizes!r}.") from None
    if not sizes:
        raise ValueError("batch_sizes must not be empty.")
    for b in sizes:
        check_count(b, "batch_sizes entries", 1)
        if b > n:
            raise ValueError(f"batch_sizes must lie between 1 and the number of samples ({n}). "
                             f"Got {b} instead.")
    return sorted({int(b) for b in sizes})


def explore_guess(objective: Any = None, w: float = 0.5, b: float = 0.0) -> Explorer:
    r"""The guessing game: move :math:`w` and :math:`b` by hand and watch the neuron's fit and loss.

    Left: the data and the curve :math:`f(x) = \sigma(w x + b)` with the errors as vertical
    segments; right: the loss contours with your guess. The readout shows each prediction,
    the loss and which way the gradient says to move.

    Parameters
    ----------
    objective : SigmoidNeuron, optional
        ``gdviz.sigmoid_fit()`` (the two-point example) by default.
    w, b : float
        Starting guess, inside the sliders' ranges (the contour window).

    Examples
    --------
    >>> import gdviz
    >>> explorer = gdviz.explore_guess(w=0.5, b=0.0)
    >>> round(float(explorer.path.losses[0]), 4)
    0.0731
    """
    objective = sigmoid_fit() if objective is None else objective
    _check_objective(objective, 2, "explore_guess")
    if not hasattr(objective, "predict") or not hasattr(objective, "x"):
        raise TypeError(f"objective must be a neuron with data, such as gdviz.sigmoid_fit(). "
                        f"Got {objective!r} instead.")
    guess = check_start((w, b), 2)
    xlim, ylim = span([getattr(objective, "minimizer", None)], 2, minimum_width=10.0, margin=0.0)
    sliders = {}
    for name, value, limits in (("w", guess[0], xlim), ("b", guess[1], ylim)):
        if not limits[0] <= value <= limits[1]:
            raise ValueError(f"{name} must lie in [{limits[0]:.3g}, {limits[1]:.3g}]. Got {value!r}.")
        sliders[name] = widgets.FloatSlider(value=value, min=limits[0], max=limits[1], step=0.01,
                                            description=name, readout_format=".2f", layout=_WIDE)
        sliders[name].add_class(f"gdviz-{name}")
    scene = GuessScene(objective, xlim=xlim, ylim=ylim)
    return Explorer(scene, sliders, rows=[widgets.HBox(list(sliders.values()))],
                    header=_header(scene.header))


def _window(objective: Any, start: np.ndarray) -> list[tuple[float, float]]:
    """The minimum +- 5 in every parameter, widened to hold the start (and a margin)."""
    minimum = getattr(objective, "minimizer", None)
    centre = np.zeros(objective.dim) if minimum is None else np.ravel(minimum).astype(float)
    low = np.minimum(centre - 5.0, start - 0.1 * np.abs(start) - 0.5)
    high = np.maximum(centre + 5.0, start + 0.1 * np.abs(start) + 0.5)
    return [(float(a), float(z)) for a, z in zip(low, high)]

