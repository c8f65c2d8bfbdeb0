"""Scenes: what each explorer computes, draws and says, the parts an :class:`Explorer` drives.

A scene owns a figure (made once) and its updatable views, and answers four questions:
``compute(settings) -> Path``, ``show(path, step)`` (move the artists), ``readout(path, step)``
(HTML numbers) and ``describe(settings, path)`` (the one-line text fallback): the contract
:class:`gdviz.explorers.scene.Scene` declares, and the explorer checks when it is made.
"""
from __future__ import annotations

import html
from collections import OrderedDict
from typing import Any, Callable

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.ticker import NullLocator

from ..core.loop import gradient_descent, optimize
from ..core.network import two_layer_net
from ..core.loop import sweep as run_sweep
from ..core.rules import Rule, sgd
from ..core.records import Path
from ..pictures.boundaries import BoundaryView
from ..pictures.grid import loss_grid
from ..pictures.limits import LOSS_LIMIT, curve_ylim, lowest_minimum
from ..pictures.style import PALETTE, label_axes
from ..pictures.views import ContourView, CurveView, LossView
from .controls import steps_budget
from .frames import FigureFrames, call_later
from ..core.rates import measured_rate, predicted_rate
from ..plaintext import plain
from .text import ERROR_COLOR, html_name, keep, number, parse_start, plain_name, vector

#: Size of an explorer's picture: fits beside a 250-pixel readout in a notebook column.
FIGSIZE = (7.2, 3.0)
DPI = 90


def formula_text(objective: Any) -> str:
    """The objective's formula in plain Unicode (``L(w) = w²``), or its name for long formulas."""
    formula, name = objective.formula, objective.name
    if not formula:
        return name if name.startswith("your") else f"the {name} loss"
    if any(m in formula for m in (r"\sum", r"\frac")):
        return f"the {name} loss"
    return plain(formula).replace(" - ", " − ")  # every digit as written: "1 + w²", "(1 − w₁)²"


def shown_lr(lr: float) -> float:
    """The learning rate as the slider shows it (3 significant digits), which the path then uses.

    On a log slider the stops are irrational numbers (0.1 * 10**0.47 = 0.29512...); descending
    with the rounded value makes the readout's arithmetic ("4 − 0.295 × 8 = 1.64") exact, and
    the same setting gives the same path in the browser, in the stored sentence and in code.

    >>> shown_lr(0.29512092266663853), shown_lr(0.1)
    (0.295, 0.1)
    """
    return float(f"{float(lr):.3g}")


def shown_momentum(momentum: float) -> float:
    """The momentum as its slider shows it (two decimals), which the path then uses.

    >>> shown_momentum(0.30000000000000004), shown_momentum(0.9)
    (0.3, 0.9)
    """
    return round(float(momentum), 2)


def _log_loss(objective: Any, xlim: tuple, ylim: tuple | None) -> bool:
    """A log loss axis suits losses that are never negative (on the drawn window, at the minima)."""
    grid = loss_grid(objective, xlim, ylim, n=41)[-1]
    lowest = lowest_minimum(objective)
    return bool(np.all(grid[np.isfinite(grid)] >= 0.0) and (lowest is None or lowest >= 0.0))


class DescentScene:
    """Gradient descent from a start: the path on a curve or on contours, beside its loss.

    ``kind`` is ``"curve"`` (one parameter) or ``"contour"`` (two). With ``seed`` given the
    settings may hold ``batch_size`` (mini-batch descent, loss per epoch). ``rule`` is the
    update rule's factory (``gdviz.sgd`` by default), called with the learning rate shown and
    the settings named in ``rule_settings`` (such as ``momentum``), by name, each read as its
    control shows it; the scene never updates parameters itself. ``rule_grid`` gives values of
    those settings that the loss axis must hold besides the learning rates (the slider's range).
    With ``rates`` the readout also gives the rate per step, measured on the path and, where a
    closed form exists, predicted (:mod:`gdviz.core.rates`).
    """

    def __init__(self, objective: Any, *, kind: str, xlim: tuple, ylim: tuple | None = None,
                 lr_range: tuple[float, float], seed: int | None = None,
                 title: str = "Explorer", rule: Callable[..., Rule] = sgd,
                 rule_settings: dict[str, Callable[[Any], Any]] | None = None,
                 rule_grid: dict[str, np.ndarray] | None = None, rates: bool = False):
        self.objective, self.seed, self.title, self.lr_range = objective, seed, title, lr_range
        self.rule = rule
        self.rule_settings = dict(rule_settings or {})
        self.rule_grid = dict(rule_grid or {})
        self.rates = rates
        self.names = objective.param_names
        self.frames = FigureFrames(FIGSIZE, DPI)
        ax_main, ax_loss = self.frames.figure.subplots(1, 2)
        if kind == "curve":
            main = CurveView(ax_main, objective, xlim=xlim)
        else:
            main = ContourView(ax_main, objective, xlim=xlim, ylim=ylim)
        log = _log_loss(objective, xlim, ylim)
        self.views = {"main": main, "loss": LossView(ax_loss, log=log, autoscale=False,
                                                     x="step" if seed is None else "epoch")}
        if log:
            quick_log_ticks(ax_loss)
        self.frames.track(still=[getattr(main, "curve", None)])
        self._limits_for: tuple | None = None
        self._limits: LossLimits | None = None  # one sweep per start, for every steps setting
        self._limits_start: tuple | None = None
        self._floor: float | None = None  # bottom of a log loss axis (where zeros are drawn)
        self._lowest: float | None = None  # the lowest that bottom may go
        self._highest: float | None = None  # the highest that top may go
        self.header = f"<b>{title}</b> for {objective.formula or formula_text(objective)}"

    def compute(self, settings: dict[str, Any]) -> Path:
        start = parse_start(settings["start"], self.objective.dim)
        batch = settings.get("batch_size")
        path = optimize(self.objective, start, self.make_rule(settings),
                        settings["steps"], batch_size=batch, seed=self.seed if batch else None)
        self._fit_loss_axes(start, settings["steps"], batch)
        self._fit_bottom(path)
        return path

    def make_rule(self, settings: dict[str, Any]) -> Rule:
        """The update rule for these settings: the learning rate and the rule's settings as shown."""
        extra = {name: shown(settings[name]) for name, shown in self.rule_settings.items()}
        return self.rule(lr=shown_lr(settings["lr"]), **extra)

    def _fit_loss_axes(self, start: np.ndarray, steps: int, batch: int | None) -> None:
        """Loss-axis limits that hold every learning rate of the slider for this start and steps.

        Fixed while only the learning rate moves (a log axis's bottom aside, see
        :meth:`_fit_bottom`), so the axes and their tick labels stay in the cached background.
        """
        key = (tuple(start), steps, batch)
        if key == self._limits_for:
            return
        self._limits_for = key
        loss_view = self.views["loss"]
        if (self._limits is None or self._limits_start != tuple(start)
                or steps > self._limits.budget):
            self._limits_start = tuple(start)
            self._limits = LossLimits(self.objective, start, self.lr_range, steps_budget(steps),
                                      loss_view.log, self.rule, self.rule_grid)
        ax = loss_view.ax
        n = self.objective.n_samples
        right = steps * (batch / n if batch and n else 1.0)
        ax.set_xlim(0.0, right * 1.03)
        ylim, self._floor = self._limits.for_steps(steps)
        self._lowest = self._floor
        self._highest = ylim[1]  # the highest the top may go
        ax.set_ylim(*ylim)
        self.frames.settle_layout()  # room for the tick labels of the whole range (10⁻¹²...)
        self.frames.invalidate(ax)  # only the loss panel's region is drawn again

    def _fit_bottom(self, path: Path) -> None:
        """On a log axis, both ends follow this path: the decades just around its losses.

        The top is the decade above the path's largest drawable loss, no higher than the top
        that holds every rate of the slider (:class:`LossLimits`), so no empty decades sit above
        a calm curve and a diverging run still leaves through the top. The bottom is the decade
        below its smallest loss, at most 12 decades and at least two decades below the top. A
        loss below the bottom leaves through it, and the panel's note says from which step and
        how low it goes. A slow crawl then fills the
        panel, and a fast fit can drop through many decades. The panel is drawn again (about
        20 ms) only when a decade changes.
        """
        ax = self.views["loss"].ax
        if not self.views["loss"].log or self._floor is None:
            return
        with np.errstate(invalid="ignore"):
            losses = path.losses[np.isfinite(path.losses) & (path.losses > 0)
                                 & (path.losses <= LOSS_LIMIT)]
        highest = float(losses.max()) * 1.5 if losses.size else self._highest
        top = min(10.0 ** np.ceil(np.log10(highest)), self._highest)
        lowest = float(losses.min()) / 1.5 if losses.size else self._lowest
        bottom = min(max(10.0 ** np.floor(np.log10(lowest)), top * 1e-12), top / 100.0)
        if (bottom, top) != ax.get_ylim():
            self._floor = bottom
            ax.set_ylim(bottom, top)
            self.frames.invalidate(ax)

    def show(self, path: Path, step: int) -> None:
        self.views["main"].update(path, upto=step)
        self.views["loss"].update(path, upto=step, floor=self._floor)

    def readout(self, path: Path, step: int) -> str:
        theta, grad, loss = path.params[step], path.grads[step], float(path.losses[step])
        names = [html_name(n) for n in self.names]
        what = names[0] if len(names) == 1 else "(" + ", ".join(names) + ")"
        slope = f"d<i>L</i>/d{names[0]}" if len(names) == 1 else "gradient ∇<i>L</i>"
        lines = [f"<b>step {step} of {path.n_steps}</b>"
                 + (f" · epoch {number(path.epochs[step], 3)}" if path.batch_size else ""),
                 equals(what, vector(theta)), equals(slope, vector(grad)),
                 equals("loss <i>L</i>", number(loss))]
        if step < path.n_steps:  # the update rule with this step's numbers
            after = vector(path.params[step + 1])
            if path.batch_size:
                lines.append(f"next: {keep(f'{what} = {after}')}, a step along the gradient of "
                             f"{path.batch_size} of the samples")
            else:
                rule = path.optimizer
                worked = rule.worked_step(what, slope.replace("gradient ", ""), vector(theta),
                                          vector(grad), step)
                if worked is None:  # a rule with memory: its equations and its memory now
                    lines.append(f"rule: {keep(html.escape(rule.text))}")
                    lines += [equals(html.escape(label), vector(path.states[key][step + 1]))
                              for key, label in rule.state_names.items()]
                    worked = [f"{what}"]
                lines.append(" ".join(keep(part) for part in (f"next: {worked[0]}", *worked[1:],
                                                              f"= {after}")))
        if self.rates:
            lines.append(self._rate_line(path))
        lines.append(_status(path))
        return "<br>".join(lines)

    def _rate_line(self, path: Path) -> str:
        """The rate per step: measured on the last half of the path, and its closed form if any."""
        predicted = predicted_rate(self.objective, path.optimizer)
        rate = measured_rate(path, self.objective)
        if path.status == "diverged":
            measured = f'<span style="color:{ERROR_COLOR}">diverges</span>'
        elif rate is None:
            measured = "too short to measure"
        else:
            measured = f"measured {number(rate, 4)}" + (" (grows)" if rate > 1 else "")
        closed = "" if predicted is None else f", {keep(f'closed form {number(predicted, 4)}')}"
        return f"{keep('rate per step:')} {keep(measured)}{closed}"

    def describe(self, settings: dict[str, Any], path: Path | None) -> str:
        names = [plain_name(n) for n in self.names]
        what = names[0] if len(names) == 1 else "(" + ", ".join(names) + ")"
        start = settings["start"]
        start = f"({start})" if len(names) > 1 and isinstance(start, str) and "," in start else start
        lr = f"{shown_lr(settings['lr']):g}"
        if "batch_size" in settings:
            verb = (f"pick a batch size (now {settings['batch_size']} of "
                    f"{self.objective.n_samples} samples) at learning rate {lr}")
        else:
            verb = f"drag the learning rate (now {lr})"
            for name, shown in self.rule_settings.items():
                verb += f" and the {name} (now {shown(settings[name]):g})"
        outcome = f", which {_outcome(path)}" if path is not None else ""
        if path is not None and self.rates and path.status != "diverged":
            rate = measured_rate(path, self.objective)
            if rate is not None and rate < 1:
                outcome += f", closing in by a factor {number(rate, 3)} per step"
        return (f"{self.title} for {formula_text(self.objective)}: {verb} and watch "
                f"{settings['steps']} steps from {what} = {start}{outcome} "
                "(needs a live kernel).")


class LossLimits:
    """Loss-axis limits covering every learning rate of a slider, for any number of steps up to a budget.

    One sweep (:func:`sweep`) runs the slider's whole range at the largest budget, with every
    value in ``grid`` of the rule's other settings (``{"momentum": [0, 0.5, 0.9]}``). A run's
    first ``k`` steps do not depend on how many follow, so :meth:`for_steps` reads the limits
    for ``k`` steps off the sweep's first rows: moving the steps slider runs nothing.
    """

    def __init__(self, objective: Any, start: np.ndarray, lr_range: tuple[float, float],
                 budget: int, log: bool, rule: Callable[..., Rule] = sgd,
                 grid: dict[str, np.ndarray] | None = None):
        self.budget, self.log = budget, log
        self.sweep = run_sweep(objective, start, rule, budget, lr=np.geomspace(*lr_range, 24),
                               **(grid or {}))

    def for_steps(self, steps: int) -> tuple[tuple[float, float], float | None]:
        """Limits (and the floor for zeros on a log axis) for runs of ``steps`` updates.

        Diverging runs may leave through the top: the axis reaches at most a thousand times the
        start's loss. A log axis spans at most 12 decades below its top.
        """
        losses = self.sweep.losses[:, :steps + 1]
        with np.errstate(invalid="ignore"):
            usable = np.isfinite(losses) & (np.abs(losses) <= LOSS_LIMIT)
        first = float(losses[0, 0])
        if self.log:
            positive = losses[usable & (losses > 0)]
            if positive.size == 0:
                return (1e-3, 1.0), 1e-3
            top = min(float(positive.max()), 1e3 * first if first > 0 else np.inf) * 1.5
            bottom = max(float(positive.min()), top * 1e-12) / 1.5
            return (bottom, top), bottom
        diverged = (self.sweep.status == "diverged") & (self.sweep.steps_taken <= steps)
        calm = losses[~diverged[:, None] & usable]
        calm = calm if calm.size else np.array([first])
        return curve_ylim(calm), None


def loss_limits(objective: Any, start: np.ndarray, lr_range: tuple[float, float], steps: int,
                log: bool, rule: Callable[..., Rule] = sgd,
                grid: dict[str, np.ndarray] | None = None
                ) -> tuple[tuple[float, float], float | None]:
    """Loss-axis limits (and the floor for zeros on a log axis) covering the slider's range.

    The limits of :class:`LossLimits` for exactly ``steps`` steps.
    """
    return LossLimits(objective, start, lr_range, steps, log, rule, grid).for_steps(steps)


def equals(name: str, value: str) -> str:
    """``name = value`` for the readout, broken (if the readout is too narrow) only before ``=``."""
    return f"{keep(name)} {keep(f'= {value}')}"


def _status(path: Path) -> str:
    if path.status == "diverged":
        return (f'<span style="color:{ERROR_COLOR}"><b>diverged</b> after {path.n_steps} steps: '
                "each step overshoots further than the last.</span>")
    change = keep(f"loss {number(path.losses[0])} → {number(path.final_loss)}")
    if path.status == "converged":
        return f"<b>converged</b> after {path.n_steps} steps; {change}"
    return f"all {path.n_steps} steps taken; {change}"


def _outcome(path: Path) -> str:
    if path.status == "diverged":
        return f"diverges after {path.n_steps} steps"
    if not np.isfinite(path.losses[0]):  # a start of 1e300 on w²: the loss overflows there
        return "starts where the loss overflows (is not a finite number)"
    return f"takes the loss from {number(path.losses[0])} to {number(path.final_loss)}"


class GuessScene:
    """The guessing game: a neuron's curve through its data, and the guess on the loss contours."""

    title = "Guessing game"

    def __init__(self, objective: Any, *, xlim: tuple, ylim: tuple):
        self.objective = objective
        self.names = objective.param_names
        self.frames = FigureFrames(FIGSIZE, DPI)
        ax_fit, ax_loss = self.frames.figure.subplots(1, 2)
        self.views = {"fit": FitView(ax_fit, objective),
                      "main": ContourView(ax_loss, objective, xlim=xlim, ylim=ylim)}
        self.frames.track(still=[self.views["fit"].data])
        self.header = (f"<b>{self.title}</b>: move $w$ and $b$ until the curve "
                       r"$f(x) = \sigma(w x + b)$ passes through the data.")

    def compute(self, settings: dict[str, Any]) -> Path:
        guess = parse_start((settings["w"], settings["b"]), 2)
        return gradient_descent(self.objective, guess, lr=1.0, steps=0)

    def show(self, path: Path, step: int) -> None:
        self.views["fit"].update(path.params[0])
        self.views["main"].update(path)

    def readout(self, path: Path, step: int) -> str:
        theta, grad = path.params[0], path.grads[0]
        f = self.objective.predict(theta)
        cell = '<td style="padding:0 10px 0 0; text-align:right">'
        rows = "".join(f"<tr>{cell}{number(x, 3)}</td>{cell}{number(y, 3)}</td>{cell}{number(p, 3)}</td></tr>"
                       for x, y, p in zip(self.objective.x[:6], self.objective.y[:6], f[:6]))
        more = "" if self.objective.n_samples <= 6 else f"… of {self.objective.n_samples} points<br>"
        hint = ", ".join(f"{'lower' if g > 0 else 'raise'} {html_name(n)}"
                         for n, g in zip(self.names, grad) if g != 0) or "stay: the slope is flat"
        head = "".join(f'<th style="padding:0 10px 0 0; text-align:right">{h}</th>'
                       for h in ("<i>x</i>", "target <i>y</i>", "<i>f</i>(<i>x</i>)"))
        return (f'<table style="border-collapse:collapse; line-height:1.3"><tr>{head}</tr>'
                f"{rows}</table>{more}<b>loss <i>L</i> = {number(path.losses[0])}</b><br>"
                f"gradient ∇<i>L</i> = {vector(grad)}<br>the slope says: {hint}")

    def describe(self, settings: dict[str, Any], path: Path | None) -> str:
        loss = "" if path is None else f"; the loss is now {number(path.losses[0])}"
        return (f"{self.title} for {formula_text(self.objective)}: move w (now {settings['w']:.3g}) "
                f"and b (now {settings['b']:.3g}) to fit {self.objective.n_samples} data points"
                f"{loss} (needs a live kernel).")


class FitView:
    """Data points, the neuron's curve and the errors as vertical segments, updatable in place."""

    def __init__(self, ax: Any, objective: Any):
        self.objective = objective
        x, y = np.asarray(objective.x, dtype=float), np.asarray(objective.y, dtype=float)
        pad = max(0.5, 0.15 * float(np.ptp(x)))
        self.xs = np.linspace(x.min() - pad, x.max() + pad, 200)
        self.errors = LineCollection([], colors=PALETTE[3], linewidths=1.5, linestyles="--",
                                     zorder=2, label="error")
        ax.add_collection(self.errors, autolim=False)
        self.curve, = ax.plot([], [], color=PALETTE[0], lw=2.0, zorder=3,
                              label=r"$f(x) = \sigma(wx + b)$")
        self.data, = ax.plot(x, y, "o", color=PALETTE[1], ms=7, mec="black", mew=0.6, zorder=4,
                             label="data")
        ax.set_xlim(self.xs[0], self.xs[-1])
        ax.set_ylim(-0.05, 1.05)
        ax.legend(loc="upper left", fontsize=8, frameon=False)
        label_axes(ax, "input $x$", "output $f(x)$")

    def update(self, theta: np.ndarray) -> None:
        self.curve.set_data(self.xs, self.objective.predict(theta, self.xs))
        x, y = self.objective.x, self.objective.y
        f = self.objective.predict(theta)
        self.errors.set_segments(np.stack([np.stack([x, y], -1), np.stack([x, f], -1)], 1))


def quick_log_ticks(ax: Any) -> None:
    """Decade ticks only on a log loss axis whose limits move, with their tick objects made now.

    Matplotlib makes a tick (two lines and two texts) the first time an axis needs one more;
    a log axis's minor ticks (eight a decade) then cost some 50 ms on the slider tick that
    first shows a new decade. Without minor ticks, and with enough major ticks made up front,
    a new decade costs what any partial redraw does.
    """
    ax.yaxis.set_minor_locator(NullLocator())
    ax.yaxis.get_major_ticks(16)


def steep_parabola(a: float) -> Any:
    """The loss :math:`L(w) = a w^2` of the steepness explorer (curvature :math:`2a`)."""
    from ..core.objectives import Quadratic

    coefficient = "" if a == 1 else f"{a:g}\\,"  # "L(w) = w²", not "1w²"
    return Quadratic((a,), name="steep parabola", formula=f"$L(w) = {coefficient}w^2$")


class SteepnessScene(DescentScene):
    r"""Descent on :math:`L = a w^2` where the learner moves the steepness :math:`a` as well as :math:`\eta`.

    Each step multiplies :math:`w` by :math:`1 - 2a\eta`, so descent settles for
    :math:`\eta < 1/a`, which is 2 divided by the curvature :math:`L'' = 2a`. A change of
    :math:`a` redraws the curve and its axes (their cell of the background only); the loss
    axis is fitted again for the new loss.
    """

    def __init__(self, a: float, *, xlim: tuple, a_range: tuple[float, float], **kwargs: Any):
        self.a_range = a_range
        super().__init__(steep_parabola(a_range[1]), kind="curve", xlim=xlim, **kwargs)
        self._a: float | None = None
        self._set_steepness(a)
        self.header = (f"<b>{self.title}</b> for $L(w) = a\\,w^2$: move the steepness $a$ and the "
                       r"learning rate $\eta$; each step multiplies $w$ by $1 - 2a\eta$.")

    def _set_steepness(self, a: float) -> None:
        a = round(float(a), 2)
        if a == self._a:
            return
        self._a = a
        self.objective = steep_parabola(a)
        view = self.views["main"]
        view.objective = self.objective
        w = view.curve.get_xdata()
        view.curve.set_data(w, a * np.asarray(w) ** 2)
        top = a * max(abs(view.xlim[0]), abs(view.xlim[1])) ** 2
        view.ylim = (-0.05 * top, 1.06 * top)
        view.ax.set_ylim(view.ylim)
        self._limits = None  # the loss axis holds this loss's range of rates
        self._limits_for = None
        self.frames.invalidate(view.ax)

    def compute(self, settings: dict[str, Any]) -> Path:
        self._set_steepness(settings["a"])
        return super().compute(settings)

    def readout(self, path: Path, step: int) -> str:
        a, lr = self._a, path.lr
        factor = 1.0 - 2.0 * a * lr
        verdict = ("settles" if abs(factor) < 1 else "bounces forever" if abs(factor) == 1
                   else "diverges")
        law = (f"{keep(f'limit 1/a = {number(1 / a, 3)}')} (2 ÷ curvature {number(2 * a, 3)}); "
               f"{keep(f'1 − 2aη = {number(factor, 3)}')}: {verdict}")
        return f"{keep(f'steepness a = {number(a, 3)}')}<br>{law}<br>" + super().readout(path, step)

    def describe(self, settings: dict[str, Any], path: Path | None) -> str:
        text = super().describe(settings, path)
        return text.replace("drag the learning rate", f"move the steepness (now {self._a:g}) and "
                            "the learning rate", 1)


class NetworkScene:
    r"""A two-layer network trained on points in the plane: its decision regions beside its loss.

    Each setting (learning rate as shown, width, optimizer) trains the network once from the same
    seeded start, with :func:`gdviz.optimize`; the path is kept (the last :attr:`CACHE` settings),
    so going back to a setting costs only a redraw. The step control walks the training: the
    regions are those of the parameters at that step.

    With ``lr_stops`` (the learning-rate slider's exponents ``(low, high, step)``) and an event
    loop to run on (inside a kernel, between messages), the rates one notch above and below the
    current one are trained ahead, one per turn of the loop, so an arrow-key nudge of the slider
    usually finds its path ready. Without a loop (scripts, tests) nothing is trained ahead.
    """

    title = "Network explorer"
    #: Settings whose training is kept.
    CACHE = 48
    #: The loss axis (cross-entropy, log): from a good fit to far above the start's ln 2.
    LOSS_RANGE = (1e-3, 30.0)

    def __init__(self, x: Any, y: Any, *, width: int, activation: str, steps: int, seed: int,
                 optimizers: dict[str, tuple[str, Callable[..., Rule]]],
                 lr_stops: tuple[float, float, float] | None = None,
                 schedule: Callable[[Callable[[], None], float], bool] = call_later):
        self.activation, self.steps, self.seed, self.optimizers = activation, steps, seed, optimizers
        self.lr_stops, self._schedule, self._ahead = lr_stops, schedule, []
        self._make_net = lambda w: two_layer_net(x, y, width=w, activation=activation)
        self.nets = {width: self._make_net(width)}
        self.net = self.nets[width]
        self.frames = FigureFrames(FIGSIZE, DPI)
        ax_regions, ax_loss = self.frames.figure.subplots(1, 2)
        self.views = {"main": BoundaryView(ax_regions, self.net, resolution=70),
                      "loss": LossView(ax_loss, log=True, autoscale=False)}
        ax_loss.set_xlim(0.0, steps * 1.03)
        ax_loss.set_ylim(*self.LOSS_RANGE)
        ax_loss.axhline(np.log(2.0), color="0.6", lw=1.0, ls=":", zorder=1)
        quick_log_ticks(ax_loss)
        self.frames.track(still=self.views["main"].data)
        self._trained: OrderedDict = OrderedDict()
        self.header = (f"<b>{self.title}</b>: a two-layer network ({activation} hidden units, "
                       f"sigmoid output, cross-entropy) trained for {steps} full-batch steps on "
                       f"{self.net.n_samples} points; pick the learning rate, the width and the "
                       "optimizer (the dotted line is ln 2, the loss of a coin toss).")

    def network(self, width: int) -> Any:
        if width not in self.nets:
            self.nets[width] = self._make_net(width)
        return self.nets[width]

    def compute(self, settings: dict[str, Any]) -> Path:
        key = (shown_lr(settings["lr"]), int(settings["width"]), settings["optimizer"])
        path, self.net, self.label = self._train(key)
        self._plan_ahead(settings["lr"], key)
        return path

    def _train(self, key: tuple[float, int, str]) -> tuple[Path, Any, str]:
        """The path, network and rule label of a setting: trained now, or kept from before."""
        if key in self._trained:
            self._trained.move_to_end(key)
            return self._trained[key]
        net = self.network(key[1])
        path = optimize(net, net.initial(self.seed), self.optimizers[key[2]][1](key[0]), self.steps)
        self._trained[key] = (path, net, f"{self.optimizers[key[2]][0]}, η = {key[0]:g}")
        if len(self._trained) > self.CACHE:
            self._trained.popitem(last=False)
        return self._trained[key]

    def _plan_ahead(self, lr: float, key: tuple[float, int, str]) -> None:
        """Queue the slider's neighbouring rates (same width and optimizer) to be trained ahead."""
        if self.lr_stops is None:
            return
        low, high, step = self.lr_stops
        notch = round((np.log10(lr) - low) / step)
        near = [shown_lr(10.0 ** (low + k * step)) for k in (notch + 1, notch - 1)
                if low - 1e-9 <= low + k * step <= high + 1e-9]
        waiting = not self._ahead
        self._ahead = [(rate, *key[1:]) for rate in near if (rate, *key[1:]) not in self._trained]
        if waiting and self._ahead and not self._schedule(self._train_ahead, 0.05):
            self._ahead = []  # no loop to run on (a script, a test, a running cell): nothing ahead

    def _train_ahead(self) -> None:
        """Train one queued setting, then let the loop handle waiting messages before the next."""
        if not self._ahead or not self.views:  # nothing left, or the explorer was closed
            self._ahead = []
            return
        self._train(self._ahead.pop(0))
        if self._ahead and not self._schedule(self._train_ahead, 0.0):
            self._ahead = []

    def show(self, path: Path, step: int) -> None:
        self.views["main"].update(path.params[step], self.net)
        self.views["loss"].update(path, upto=step, floor=self.LOSS_RANGE[0])

    def readout(self, path: Path, step: int) -> str:
        theta = path.params[step]
        accuracy = float(self.net.accuracy(theta))
        lines = [f"<b>step {step} of {path.n_steps}</b>",
                 equals("loss <i>L</i>", number(float(path.losses[step]))),
                 keep(f"training accuracy {accuracy:.1%}"),
                 keep(f"{self.net.dim} parameters") + f" ({self.net.width} hidden units)",
                 equals("|∇<i>L</i>|", number(float(np.linalg.norm(path.grads[step])))),
                 f"rule: {keep(html.escape(self.label))}", keep(html.escape(path.optimizer.text)),
                 _status(path)]
        return "<br>".join(lines)

    def describe(self, settings: dict[str, Any], path: Path | None) -> str:
        label = self.optimizers[settings["optimizer"]][0]
        outcome = ""
        if path is not None:
            accuracy = float(self.net.accuracy(path.final))
            outcome = f", which {_outcome(path)} (training accuracy {accuracy:.0%})"
        return (f"{self.title} for a two-layer {self.activation} network on {self.net.n_samples} "
                f"points: drag the learning rate (now {shown_lr(settings['lr']):g}), pick the width "
                f"(now {settings['width']}) and the optimizer (now {label}) and watch {self.steps} "
                f"steps of training{outcome} (needs a live kernel).")
class ScalingScene(DescentScene):
    r"""Descent on a data model in its raw units or with its features standardized, one toggle apart.

    ``objectives`` maps ``False`` (raw) and ``True`` (standardized) to two two-parameter
    objectives and ``windows`` each to its ``(xlim, ylim)``. A toggle draws the other objective's
    contours on the same axes (the figure's cached background is drawn again, once) and fits the
    loss axis to its range of rates; the readout gives the Hessian's condition number
    :math:`\kappa` and the largest stable rate :math:`2/\lambda_{\max}` of the objective shown.
    """

    def __init__(self, objectives: dict[bool, Any], windows: dict[bool, tuple], *,
                 standardized: bool, **kwargs: Any):
        self.objectives, self.windows = objectives, windows
        xlim, ylim = windows[standardized]
        super().__init__(objectives[standardized], kind="contour", xlim=xlim, ylim=ylim, **kwargs)
        self._standardized = standardized
        self.header = (f"<b>{self.title}</b>: drag the learning rate, then standardize the features "
                       "and drag it again. Raw units stretch the contours into a thin valley; "
                       "standardized ones make them round.")

    def _set_standardized(self, flag: bool) -> None:
        flag = bool(flag)
        if flag == self._standardized:
            return
        self._standardized = flag
        self.objective = self.objectives[flag]
        ax = self.views["main"].ax
        ax.cla()
        xlim, ylim = self.windows[flag]
        self.views["main"] = ContourView(ax, self.objective, xlim=xlim, ylim=ylim)
        self._limits = None  # the loss axis holds this objective's range of rates
        self._limits_for = None
        self.frames.track()  # the new path artists move; the whole background is drawn again

    def compute(self, settings: dict[str, Any]) -> Path:
        self._set_standardized(settings["standardize"])
        return super().compute(settings)

    def readout(self, path: Path, step: int) -> str:
        eigenvalues = np.linalg.eigvalsh(self.objective.hessian)
        top, kappa = float(eigenvalues[-1]), float(eigenvalues[-1] / eigenvalues[0])
        which = "standardized features" if self._standardized else "raw units"
        lines = [f"<b>{which}</b>: {keep(f'κ = {number(kappa, 4)}')}, "
                 f"{keep(f'largest stable rate 2/λ<sub>max</sub> = {number(2.0 / top, 3)}')}"]
        return "<br>".join(lines) + "<br>" + super().readout(path, step)

    def describe(self, settings: dict[str, Any], path: Path | None) -> str:
        text = super().describe(settings, path)
        which = "standardized features" if settings["standardize"] else "features in raw units"
        return text.replace("drag the learning rate", f"with {which}, drag the learning rate", 1)
