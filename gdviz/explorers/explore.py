r"""Explore: the ``explore_*`` functions, ready widgets to drag a learning rate (or a batch size, a guess).

Each ``explore_*`` function returns an :class:`~gdviz.explorers.explorer.Explorer` (an ``ipywidgets.VBox``)
and never displays it: make it the last expression of a notebook cell. Every change of a setting
recomputes the descent path once; the step control (a Play button linked to a slider in the
browser) only indexes into that path. The figure is created once and its artists are moved;
bursts of slider messages are merged into one redraw.

The learning-rate slider is logarithmic, with stops about 2.3 % apart placed so that the starting
rate is one of them (and, when it is round, so are 0.01, 0.1, 1...). Other values, such as 0.5,
move to the nearest stop in the browser (0.501). Descent uses the rate as the slider shows it,
rounded to 3 significant digits, so the readout's arithmetic can be checked by hand.

Without a live kernel (GitHub, nbviewer) an explorer shows as a sentence describing it.
"""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np
from numpy.typing import ArrayLike

from ..core.constraints import BOOLEAN, FINITE, FINITE_POSITIVE, Choice, Integer, check_start
from ..core.neuron import SigmoidNeuron, sigmoid_fit
from ..core.objectives import bowl, check_objective, parabola
from ..core.rules import Rule, adam, sgd
from ..pictures.grid import NothingToDraw, loss_grid
from ..pictures.limits import check_limits, explorer_window, minimum_window
from .controls import (MOMENTUM_RANGE, batch_sizes_for, batch_toggle, check_momentum, check_range,
                       check_scale, choice_toggle, control_rows, guess_slider, header, lr_grid,
                       lr_slider, momentum_slider, nesterov_sgd, start_box, step_controls,
                       steps_slider)
from .explorer import Explorer
from .scenes import (DescentScene, GuessScene, NetworkScene, ScalingScene, SteepnessScene,
                     shown_momentum)
from .text import start_text

__all__ = ["Explorer", "explore_lr_1d", "explore_lr_2d", "explore_surface",
           "explore_batch_size", "explore_guess", "explore_momentum", "explore_steepness",
           "explore_network", "explore_scaling"]


def _descent_explorer(scene: DescentScene, lr: float, lr_range: tuple[float, float], steps: int,
                      start: np.ndarray, extra: dict[str, widgets.Widget] | None = None,
                      beside: list[str] = (), lr_scale: str = "log") -> Explorer:
    controls: dict[str, widgets.Widget] = {"lr": lr_slider(lr, lr_range, lr_scale)}
    controls.update(extra or {})
    controls["steps"] = steps_slider(steps)
    controls["start"] = start_box(start, scene.names)
    controls["play"], controls["step"] = step_controls(steps)
    return Explorer(scene, controls, rows=control_rows(controls, list(extra or {}), beside),
                    header=header(scene.header))


def _scene(objective: Any, start: np.ndarray, given: Any, **settings: Any) -> DescentScene:
    """The scene; a start so far out that nothing around it can be drawn is refused naming ``start``.

    The window follows the start (unless ``given``): from a start such as 1e300 every loss in it
    overflows. When the loss is finite around the minimum the start is to blame, else the loss.
    """
    try:
        return DescentScene(objective, **settings)
    except NothingToDraw:
        centre = objective.minimizer if objective.minimizer is not None else np.zeros(objective.dim)
        home = loss_grid(objective, *explorer_window(objective, np.ravel(centre)), n=41)[-1]
        if given or not np.isfinite(home).any():
            raise
        raise ValueError(f"start {start_text(start)} is too far out to draw: the loss is not a "
                         "finite number (it overflows) anywhere on the window around it. Choose a "
                         "start nearer the minimum.") from None


# ---------------------------------------------------------------------------------------------
# Public functions

def explore_lr_1d(objective: Any = None, start: float = 4.0, lr: float = 0.1, steps: int = 20, *,
                  lr_range: tuple[float, float] = (1e-3, 2.0), lr_scale: str = "log",
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
        Range of the slider, from creeping to diverging.
    lr_scale : {"log", "linear"}
        A logarithmic slider (wide ranges), or a linear one whose stops are the rates with two
        decimals (0.5, 0.95, 1.0...), each kept exactly when typed in its box.
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
    check_objective(objective, 1, "explore_lr_1d")
    start_ = check_start(start, 1)
    lr, steps = FINITE_POSITIVE.check(lr, "lr"), Integer(1).check(steps, "steps")
    lr_range = check_range(lr_range, lr)
    given = check_limits(xlim, "xlim")
    xlim = given or explorer_window(objective, start_)[0]
    scene = _scene(objective, start_, given, kind="curve", xlim=xlim, lr_range=lr_range,
                   title="Learning-rate explorer")
    return _descent_explorer(scene, lr, lr_range, steps, start_, lr_scale=check_scale(lr_scale))


def explore_lr_2d(objective: Any = None, start: ArrayLike = (5.0, -4.0), lr: float = 0.1,
                  steps: int = 30, *, lr_range: tuple[float, float] = (1e-3, 1.5),
                  lr_scale: str = "log", xlim: tuple[float, float] | None = None,
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
    lr_scale : {"log", "linear"}
        As for :func:`explore_lr_1d`.
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
                       "Learning-rate explorer", check_scale(lr_scale))


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
                xlim: Any, ylim: Any, function: str, title: str, lr_scale: str = "log") -> Explorer:
    check_objective(objective, 2, function)
    start_ = check_start(start, 2)
    lr, steps = FINITE_POSITIVE.check(lr, "lr"), Integer(1).check(steps, "steps")
    lr_range = check_range(lr_range, lr)
    window = explorer_window(objective, start_)
    given = check_limits(xlim, "xlim"), check_limits(ylim, "ylim")
    xlim, ylim = given[0] or window[0], given[1] or window[1]
    scene = _scene(objective, start_, all(given), kind="contour", xlim=xlim, ylim=ylim,
                   lr_range=lr_range, title=title)
    return _descent_explorer(scene, lr, lr_range, steps, start_, lr_scale=lr_scale)


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
    n = check_objective(objective, 2, "explore_batch_size").n_samples
    if n is None:
        raise ValueError("objective must hold data (n_samples and batch_grad), such as "
                         f"gdviz.sigmoid_fit(). Got {objective.name!r}.")
    start_ = check_start(start, 2)
    lr, steps = FINITE_POSITIVE.check(lr, "lr"), Integer(1).check(steps, "steps")
    seed = Integer(0).check(seed, "seed")
    sizes = batch_sizes_for(batch_sizes, n)
    lr_range = check_range((lr / 100, lr * 10) if lr_range is None else lr_range, lr)
    window = explorer_window(objective, start_)
    given = check_limits(xlim, "xlim"), check_limits(ylim, "ylim")
    scene = _scene(objective, start_, all(given), kind="contour", xlim=given[0] or window[0],
                   ylim=given[1] or window[1], seed=seed, lr_range=lr_range,
                   title="Batch-size explorer")
    batch = batch_toggle(sizes, n)
    return _descent_explorer(scene, lr, lr_range, steps, start_, extra={"batch_size": batch})


def explore_guess(objective: Any = None, w: float | None = None, b: float | None = None) -> Explorer:
    r"""The guessing game: move :math:`w` and :math:`b` by hand and watch the neuron's fit and loss.

    Left: the data and the curve :math:`f(x) = \sigma(w x + b)` with the errors as vertical
    segments; right: the loss contours with your guess. The readout shows each prediction,
    the loss and which way the gradient says to move.

    Parameters
    ----------
    objective : SigmoidNeuron, optional
        ``gdviz.sigmoid_fit()`` (the two-point example) by default.
    w, b : float, optional
        Starting guess, inside the sliders' ranges (the contour window: the best fit
        :math:`\pm 5`). By default :math:`w = 0.5, b = 0`, or the nearest point of the window
        when that lies outside it (data far from 0).

    Examples
    --------
    >>> import gdviz
    >>> explorer = gdviz.explore_guess(w=0.5, b=0.0)
    >>> round(float(explorer.path.losses[0]), 4)
    0.0731
    """
    objective = sigmoid_fit() if objective is None else objective
    check_objective(objective, 2, "explore_guess")
    if not isinstance(objective, SigmoidNeuron):
        raise TypeError(f"objective must be a neuron with data, such as gdviz.sigmoid_fit(). "
                        f"Got {objective!r} instead.")
    xlim, ylim = minimum_window(objective)
    guess = np.array([0.5 if w is None else FINITE.check(w, "w"), 0.0 if b is None else FINITE.check(b, "b")])
    for i, (given, limits) in enumerate(((w, xlim), (b, ylim))):
        if given is None:  # our own default: moved inside the window rather than refused
            guess[i] = min(max(guess[i], limits[0]), limits[1])
    sliders = {"w": guess_slider("w", guess[0], xlim), "b": guess_slider("b", guess[1], ylim)}
    scene = GuessScene(objective, xlim=xlim, ylim=ylim)
    return Explorer(scene, sliders, rows=[widgets.HBox(list(sliders.values()))],
                    header=header(scene.header))


def _heavy_ball_or_nesterov(nesterov: bool):
    """The momentum explorer's rule factory: ``sgd`` with heavy-ball or Nesterov momentum.

    Nesterov at momentum 0 is plain descent (torch refuses ``nesterov=True`` with momentum 0, but
    the slider may stand there).
    """
    return nesterov_sgd if nesterov else sgd


def explore_momentum(objective: Any = None, start: ArrayLike = (1.0, 1.0), lr: float = 0.05,
                     momentum: float = 0.8, steps: int = 60, *, nesterov: bool = False,
                     lr_range: tuple[float, float] = (1e-3, 0.3),
                     xlim: tuple[float, float] | None = None,
                     ylim: tuple[float, float] | None = None) -> Explorer:
    r"""Drag the learning rate and the momentum and watch a heavy ball roll down the valley.

    The rule is torch's SGD with momentum, :math:`b \leftarrow \mu b + g`,
    :math:`\theta \leftarrow \theta - \eta\, b` (Nesterov's look-ahead with ``nesterov=True``);
    momentum 0 is plain descent. Left: the path on the contours (or on the curve, for one
    parameter); right: its loss. The readout shows the velocity :math:`b` at the step shown and
    the *rate per step*: the factor by which the distance to the minimum shrinks each step,
    measured over the last half of the path, beside its closed form on a quadratic
    (:func:`gdviz.core.rates.predicted_rate`; for heavy-ball momentum that is the formula of
    Goh's "Why Momentum Really Works").

    Parameters
    ----------
    objective : objective, optional
        One or two parameters; by default notebook 4's valley ``gdviz.bowl((1, 10))``,
        :math:`L = w_1^2 + 10 w_2^2` (Hessian eigenvalues 2 and 20, condition number 10).
    start : array_like
        Starting parameters (the learner can type others).
    lr : float
        Initial learning rate :math:`\eta`, inside ``lr_range``.
    momentum : float
        Initial momentum :math:`\mu` in [0, 0.99] (the slider's stops are 0.01 apart).
    steps : int
        Number of updates (>= 1).
    nesterov : bool
        Nesterov momentum instead of heavy-ball momentum.
    lr_range : (float, float)
        Range of the log-scale learning-rate slider.
    xlim, ylim : (float, float), optional
        Window of the picture; by default the minimum :math:`\pm 1.5` times the start's largest
        offset from it (at least :math:`\pm 1`).

    Returns
    -------
    Explorer

    Raises
    ------
    ValueError, TypeError
        For an objective with more than two parameters, a bad start, a learning rate outside
        ``lr_range``, a momentum outside [0, 0.99], fewer than one step or bad limits.

    Examples
    --------
    >>> import gdviz
    >>> explorer = gdviz.explore_momentum(lr=0.05, momentum=0.5, steps=2)
    >>> explorer.path.params.round(4).tolist()   # b = g = (2, 20), then b = 0.5 b + g
    [[1.0, 1.0], [0.9, 0.0], [0.76, -0.5]]
    """
    objective = bowl((1.0, 10.0)) if objective is None else objective
    dim = check_objective(objective, (1, 2), "explore_momentum").dim
    start_ = check_start(start, dim)
    lr, steps = FINITE_POSITIVE.check(lr, "lr"), Integer(1).check(steps, "steps")
    momentum = check_momentum(momentum)
    lr_range = check_range(lr_range, lr)
    BOOLEAN.check(nesterov, "nesterov")
    window = explorer_window(objective, start_, least=1.0, room=1.5)
    xlim = check_limits(xlim, "xlim") or window[0]
    ylim = (check_limits(ylim, "ylim") or window[1]) if dim == 2 else None
    low, high = MOMENTUM_RANGE
    grid = np.array([low, 0.5, 0.8, 0.9, 0.95, high])
    rule = _heavy_ball_or_nesterov(bool(nesterov))
    title = "Nesterov explorer" if nesterov else "Momentum explorer"
    scene = _scene(objective, start_, False, kind="curve" if dim == 1 else "contour", xlim=xlim,
                   ylim=ylim, lr_range=lr_range, title=title, rule=rule,
                   rule_settings={"momentum": shown_momentum},
                   rule_grid={"momentum": grid[grid > 0] if nesterov else grid}, rates=True)
    shown = scene.make_rule({"lr": lr, "momentum": max(momentum, 0.5)})
    scene.header += f": ${shown.equations}$ (momentum 0 is plain descent)"
    return _descent_explorer(scene, lr, lr_range, steps, start_,
                             extra={"momentum": momentum_slider(momentum)}, beside=["momentum"])


def explore_steepness(start: float = 1.0, a: float = 1.0, lr: float = 0.35, steps: int = 30, *,
                      a_range: tuple[float, float] = (0.25, 5.0),
                      lr_range: tuple[float, float] = (0.01, 1.5)) -> Explorer:
    r"""Move the steepness :math:`a` of :math:`L = a w^2` and the learning rate: one law for the limit.

    Each step multiplies :math:`w` by :math:`1 - 2a\eta`: descent settles for
    :math:`\eta < 1/a`, bounces forever at :math:`\eta = 1/a` and diverges beyond. The limit
    is 2 divided by the curvature :math:`L'' = 2a`, the same law as for the bowl, the valley and
    the neuron. The readout gives the limit and the factor for the current settings. Both
    sliders are linear, with stops 0.01 (rates) and 0.05 (steepness) apart, so values such as
    :math:`a = 2, \eta = 0.5` are exact.

    Parameters
    ----------
    start : float
    a : float
        Starting steepness, inside ``a_range``, a multiple of 0.05.
    lr : float
        Starting learning rate, inside ``lr_range``, with two decimals.
    steps : int
    a_range, lr_range : (float, float)
        Ranges of the two sliders.

    Examples
    --------
    >>> import gdviz
    >>> ex = gdviz.explore_steepness(start=1.0, a=2.0, lr=0.25, steps=2)
    >>> ex.path.params[:, 0].tolist()   # each step multiplies w by 1 - 2 * 2 * 0.25 = 0
    [1.0, 0.0, 0.0]
    >>> ex.controls["a"].value = 4.0    # now the limit is 1/4: eta = 0.25 bounces forever
    >>> ex.path.params[:, 0].tolist()
    [1.0, -1.0, 1.0]
    """
    start_ = check_start(start, 1)
    lr, steps = FINITE_POSITIVE.check(lr, "lr"), Integer(1).check(steps, "steps")
    lr_range = check_range(lr_range, lr)
    if abs(FINITE.check(a, "a") / 0.05 - round(a / 0.05)) > 1e-9:
        raise ValueError(f"a must be a positive multiple of 0.05. Got {a!r} instead.")
    a_range = check_range(a_range, float(a), ("a_range", "a"))
    reach = max(2.0, 1.25 * abs(float(start_[0])))
    scene = SteepnessScene(float(a), xlim=(-reach, reach), a_range=a_range, lr_range=lr_range,
                           title="Steepness explorer")
    steepness = widgets.FloatSlider(value=float(a), min=a_range[0], max=a_range[1], step=0.05,
                                    readout_format=".2f", description="steepness a",
                                    style={"description_width": "initial"},
                                    layout=widgets.Layout(width="340px"))
    steepness.add_class("gdviz-steepness")
    return _descent_explorer(scene, lr, lr_range, steps, start_, extra={"a": steepness},
                             beside=["a"], lr_scale="linear")


#: The network explorer's optimizers: key -> (label, rule factory of the learning rate).
NETWORK_OPTIMIZERS = {
    "sgd": ("plain SGD", lambda lr: sgd(lr)),
    "momentum": ("momentum 0.9", lambda lr: sgd(lr, momentum=0.9)),
    "adam": ("Adam", lambda lr: adam(lr)),
}


def explore_network(x: ArrayLike, y: ArrayLike, *, lr: float = 0.5, width: int = 8,
                    optimizer: str = "sgd", activation: str = "tanh", steps: int = 300,
                    seed: int = 0, widths: tuple[int, ...] = (2, 4, 8, 16, 32),
                    lr_range: tuple[float, float] = (1e-3, 10.0)) -> Explorer:
    r"""Train a two-layer network on points in the plane: pick the learning rate, width and optimizer.

    Left: the network's decision regions (blue: class 0, orange: class 1) and its boundary
    :math:`p = 1/2` over the data; right: the training loss (cross-entropy, log scale) step by
    step. Each setting trains the network (:func:`gdviz.two_layer_net`) from the same seeded
    start for ``steps`` full-batch steps with :func:`gdviz.optimize`; a setting seen before is
    not trained again. Play walks through the training.

    Parameters
    ----------
    x : array_like, shape (n, 2)
        Points in the plane.
    y : array_like, shape (n,)
        Their labels, 0 or 1.
    lr : float
        Initial learning rate, inside ``lr_range``.
    width : int
        Initial number of hidden units, one of ``widths``.
    optimizer : {"sgd", "momentum", "adam"}
        Plain descent, heavy-ball momentum with :math:`\mu = 0.9` (``gdviz.sgd(lr, momentum=0.9)``)
        or Adam (``gdviz.adam(lr)``).
    activation : {"tanh", "relu", "sigmoid"}
        The hidden layer's activation.
    steps : int
        Training steps per setting, from 1 to 2000 (each new setting trains anew: about 0.1 ms
        per step and hidden unit ... a few tens of milliseconds for the defaults).
    seed : int
        Seed of the starting weights (:meth:`gdviz.TwoLayerNet.initial`).
    widths : sequence of int
        The widths to choose from.
    lr_range : (float, float)

    Returns
    -------
    Explorer

    Raises
    ------
    ValueError, TypeError
        Naming the argument: data that is not points in the plane with labels, a width not
        among ``widths``, an unknown optimizer, a learning rate outside ``lr_range``...

    Examples
    --------
    >>> import numpy as np, gdviz
    >>> x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    >>> explorer = gdviz.explore_network(x, [0, 1, 1, 0], lr=0.1, optimizer="adam", steps=200)
    >>> explorer.controls["width"].value = 4
    >>> float(explorer.scene.net.accuracy(explorer.path.final))
    1.0
    """
    lr, steps = FINITE_POSITIVE.check(lr, "lr"), Integer(1, 2000).check(steps, "steps")
    seed = Integer(0).check(seed, "seed")
    if isinstance(widths, (str, bytes)) or not hasattr(widths, "__iter__"):
        raise TypeError(f"widths must be a sequence of whole numbers. Got {widths!r} instead.")
    widths = sorted({Integer(1).check(w, "widths entries") for w in widths})
    if not widths:
        raise ValueError("widths must not be empty.")
    width = Choice(*widths).check(width, "width")
    optimizer = Choice(*NETWORK_OPTIMIZERS).check(optimizer, "optimizer")
    lr_range = check_range(lr_range, lr)
    scene = NetworkScene(x, y, width=int(width), activation=activation, steps=steps, seed=seed,
                         optimizers=NETWORK_OPTIMIZERS, lr_stops=lr_grid(lr, lr_range))
    controls: dict[str, widgets.Widget] = {
        "lr": lr_slider(lr, lr_range),
        "width": choice_toggle("width", [(str(w), w) for w in widths], int(width)),
        "optimizer": choice_toggle("optimizer", [(label, key) for key, (label, _) in
                                                 NETWORK_OPTIMIZERS.items()], optimizer),
    }
    controls["play"], controls["step"] = step_controls(steps)
    rows = [controls["lr"], controls["width"], controls["optimizer"],
            widgets.HBox([controls["play"], controls["step"]])]
    return Explorer(scene, controls, rows=rows, header=header(scene.header))


def _valley_window(objective: Any, start: np.ndarray) -> tuple[tuple[float, float], ...]:
    """Each axis spans the start and the minimum with half their distance to spare (at least 1)."""
    ends = np.stack([start, np.asarray(objective.minimizer, dtype=float)])
    low, high = ends.min(axis=0), ends.max(axis=0)
    pad = np.maximum(0.5 * (high - low), 1.0)
    return tuple((float(a), float(b)) for a, b in zip(low - pad, high + pad))


def explore_scaling(raw: Any, standardized: Any, start: ArrayLike = (0.0, 0.0), lr: float = 1e-3,
                    steps: int = 100, *, standardize: bool = False,
                    lr_range: tuple[float, float] = (1e-4, 2.0)) -> Explorer:
    r"""Drag the learning rate on a model fitted in raw units, then with its features standardized.

    The same model twice: ``raw`` fitted to the data as measured and ``standardized`` to the
    same data with each feature shifted and scaled to mean 0 and spread 1
    (:func:`gdviz.standardize`). A toggle switches between them. In raw units the contours are
    a long thin valley: the Hessian's condition number :math:`\kappa` is huge, the rate must stay
    below :math:`2/\lambda_{\max}` and descent crawls along the valley floor. Standardized, the
    contours are round (or nearly), a rate near 1 is safe and descent arrives in a few steps. The
    readout gives :math:`\kappa` and :math:`2/\lambda_{\max}` of the objective shown.

    Parameters
    ----------
    raw, standardized : LeastSquares
        Two-parameter least-squares objectives (one feature and the intercept, or two features),
        such as ``gdviz.linear_regression(x, y)`` and ``gdviz.linear_regression(gdviz.standardize(x), y)``.
    start : (float, float)
        The start of both runs (the learner can type another one).
    lr : float
        Initial learning rate, inside ``lr_range``.
    steps : int
    standardize : bool
        Start with the standardized objective.
    lr_range : (float, float)
        Range of the log-scale learning-rate slider: wide enough for both objectives' rates.

    Returns
    -------
    Explorer

    Raises
    ------
    ValueError, TypeError
        For objectives that are not two-parameter least squares, a bad start, a learning rate
        outside ``lr_range`` or fewer than one step.

    Examples
    --------
    >>> import gdviz
    >>> x, y = [1.0, 2.0, 3.0, 4.0], [3.0, 5.0, 7.0, 9.0]
    >>> ex = gdviz.explore_scaling(gdviz.linear_regression(x, y),
    ...                            gdviz.linear_regression(gdviz.standardize(x), y), lr=0.5, steps=40)
    >>> ex.path.status
    'diverged'
    >>> ex.controls["standardize"].value = True
    >>> ex.path.final.round(3).tolist()      # y = 2.236 z + 6 in standardized units
    [2.236, 6.0]
    """
    from ..core.models import LeastSquares

    for name, objective in (("raw", raw), ("standardized", standardized)):
        if not isinstance(objective, LeastSquares) or objective.minimizer is None:
            raise TypeError(f"{name} must be a least-squares objective with one minimum, such as "
                            f"gdviz.linear_regression(x, y). Got {objective!r} instead.")
        check_objective(objective, 2, "explore_scaling")
    BOOLEAN.check(standardize, "standardize")
    start_ = check_start(start, 2)
    lr, steps = FINITE_POSITIVE.check(lr, "lr"), Integer(1).check(steps, "steps")
    lr_range = check_range(lr_range, lr)
    objectives = {False: raw, True: standardized}
    windows = {False: _valley_window(raw, start_),  # a thin valley: zoomed on its two ends
               True: tuple(explorer_window(standardized, start_))}
    scene = ScalingScene(objectives, windows, standardized=bool(standardize), lr_range=lr_range,
                         title="Feature-scaling explorer")
    toggle = widgets.ToggleButtons(options=[("raw units", False), ("standardized", True)],
                                   value=bool(standardize), description="features",
                                   style={"description_width": "initial", "button_width": "110px"})
    toggle.add_class("gdviz-standardize")
    return _descent_explorer(scene, lr, lr_range, steps, start_, extra={"standardize": toggle})
