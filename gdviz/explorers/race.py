r"""The race explorer: several update rules from one start on one landscape, stepped together.

Each rule has its own learning-rate slider (a rate means something different to each rule: see
notebook 9), and one slider sets the gradient's *memory*, shared by the rules that keep an
average of past gradients: the momentum :math:`\mu` of heavy-ball and Nesterov descent and
Adam's :math:`\beta_1`. Play walks every path at once; the loss panel holds one curve per rule
in the colour of its path; the readout gives each rule's update equation and its memory (its
state) at the step shown.

Only the rule whose setting moved is run again: a learning-rate tick costs one path, not four.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Callable, Mapping

import ipywidgets as widgets
import numpy as np
from numpy.typing import ArrayLike

from ..core.constraints import FINITE_POSITIVE, Choice, Integer, check_start
from ..core.landscapes import rosenbrock
from ..core.loop import optimize
from ..core.objectives import check_objective
from ..core.records import Path
from ..core.rules import Rule, adagrad, adam, rmsprop, sgd
from ..pictures.limits import check_limits, drawable_rows, explorer_window, left_finite_range
from ..pictures.style import PALETTE
from ..pictures.views import ContourView, LossView, PathOverlay
from .controls import (MOMENTUM_RANGE, STYLE, check_momentum, check_range, header, lr_slider,
                       nesterov_sgd, start_box, step_controls, steps_budget, steps_slider)
from .explorer import Explorer
from .frames import FigureFrames
from .scenes import DPI, LossLimits, equals, formula_text, quick_log_ticks, shown_lr, shown_momentum
from .text import ERROR_COLOR, OK_COLOR, keep, number, parse_start, plain_name, vector

__all__ = ["RULES", "Race", "RaceScene", "explore_race"]


#: The rules a race may hold, by key: a factory of the learning rate and the shared memory
#: (the memory is ignored by the rules that keep no average of past gradients).
RULES: dict[str, Callable[[Any, Any], Rule]] = {
    "sgd": lambda lr, memory: sgd(lr),
    "momentum": lambda lr, memory: sgd(lr, momentum=memory),
    "nesterov": lambda lr, memory: nesterov_sgd(lr, momentum=memory),
    "adagrad": lambda lr, memory: adagrad(lr),
    "rmsprop": lambda lr, memory: rmsprop(lr),
    "adam": lambda lr, memory: adam(lr, betas=(memory, 0.999)),
}
#: The default race: notebook 9's four rules, each at a rate that reaches Rosenbrock's valley
#: from (−1.2, 1) but is not the best one (tuning is the learner's job).
DEFAULT_RULES = {"sgd": 0.001, "momentum": 0.001, "rmsprop": 0.01, "adam": 0.05}


@dataclass(frozen=True)
class Race:
    """The paths of one race, by rule key, in the order of the race; ``n_steps`` is the budget."""

    paths: Mapping[str, Path]
    n_steps: int

    def at(self, key: str, step: int) -> int:
        """The row of ``key``'s path shown at ``step`` (a path that stopped early stays at its end)."""
        return min(step, self.paths[key].n_steps)

    def steps_to(self, key: str, target: float) -> int | None:
        """The step from which ``key``'s loss stays below ``target`` (``None``: not at the end).

        Staying matters: a run that flies through the valley and out again has not reached it.
        """
        with np.errstate(invalid="ignore"):
            above = np.flatnonzero(~(self.paths[key].losses < target))
        path = self.paths[key]
        if above.size and above[-1] == path.n_steps:
            return None
        return int(above[-1]) + 1 if above.size else 0


#: The racers' colours: Okabe–Ito, with the reddish purple before the vermillion, which is too close to
#: the orange for two racers side by side (and is the colour of divergence).
RACE_COLORS = [PALETTE[0], PALETTE[1], PALETTE[2], PALETTE[4], PALETTE[5], PALETTE[3], PALETTE[7]]
#: Each racer's (marker, line width, marker size, dashes), widest first: a later racer drawn on top of an
#: earlier one leaves the earlier one showing on both sides (markers only every 24 steps, staggered).
RACE_STYLES = [("o", 5.0, 6.5, "-"), ("s", 3.2, 5.0, (0, (4, 1.5))), ("^", 2.0, 4.5, "-"),
               ("D", 1.0, 3.5, (0, (1.5, 1))), ("v", 0.8, 3.0, "-")]


class RaceScene:
    """What the race explorer computes, draws and says (see :mod:`gdviz.explorers.scenes`)."""

    title = "Race explorer"

    def __init__(self, objective: Any, rules: Mapping[str, float], *, xlim: tuple, ylim: tuple,
                 lr_range: tuple[float, float], target: float | None,
                 factories: Mapping[str, Callable[[Any, Any], Rule]] | None = None):
        self.objective, self.keys, self.lr_range, self.target = objective, list(rules), lr_range, target
        #: each entrant's rule as a function of its learning rate and the shared memory
        self.factories = {key: (factories or {}).get(key) or RULES[key] for key in self.keys}
        #: the entrants whose rule reads the memory slider (its memory hyperparameter is set)
        self.memory_keys = [key for key in self.keys if self._example(key).memory is not None]
        self.names = objective.param_names
        self.colors = {key: RACE_COLORS[i % len(RACE_COLORS)] for i, key in enumerate(self.keys)}
        self.frames = FigureFrames((7.6, 3.2), DPI)
        ax_main, ax_loss = self.frames.figure.subplots(1, 2)
        first, *others = self.keys
        main = ContourView(ax_main, objective, xlim=xlim, ylim=ylim, arrows=False,
                           path_style={"color": self.colors[first], "markersize": 2.5})
        self.overlays = {first: main.overlay}
        self.overlays.update({key: PathOverlay(ax_main, color=self.colors[key], arrows=False,
                                               markersize=2.5, zorder=3.0 + 0.01 * (i + 1))
                              for i, key in enumerate(others)})
        self.losses = {key: LossView(ax_loss, log=True, autoscale=False, color=self.colors[key],
                                     label=self._name(key), notes=False) for key in self.keys}
        # paths that run on top of each other stay visible: the first drawn widest, each later one
        # narrower, with its own marker and dashes (matched in the loss panel), and a legend on both
        for i, key in enumerate(self.keys):
            marker, width, size, dashes = RACE_STYLES[i % len(RACE_STYLES)]
            self.overlays[key].line.set(marker=marker, lw=width, ms=size, ls=dashes, label=self._name(key),
                                        markevery=(4 * i, 24))
            self.losses[key].line.set(ls=dashes, lw=max(1.0, 0.65 * width), marker=marker, ms=0.8 * size,
                                      markevery=(0.02 * i, 0.12))  # told apart without colour here too
        ax_main.legend(handles=[self.overlays[key].line for key in self.keys], loc="upper right", fontsize=7.5,
                       frameon=True, framealpha=0.85, handlelength=2.6)
        ax_loss.set(xlim=(0.0, 1.0), ylim=(1e-3, 1.0))  # placeholders, fitted to the race in compute
        quick_log_ticks(ax_loss)
        still = []
        if target is not None:
            still.append(ax_loss.axhline(target, color="0.4", lw=0.9, ls=":", zorder=1,
                                         label=f"target {target:g}"))
        ax_loss.legend(loc="upper right", fontsize=7.5, frameon=True, framealpha=0.85)
        self.views = {"main": main, **{f"loss:{key}": view for key, view in self.losses.items()}}
        self.frames.track(still=still)
        self._cache: dict[str, tuple[tuple, Path]] = {}
        self._limits_for: tuple | None = None
        self._limits: dict[str, LossLimits] = {}
        self._limits_start: tuple | None = None
        users = [f"{self._name(k)}'s {self._example(k).memory[1]}" for k in self.memory_keys]
        shared = f" The memory slider sets {' and '.join(users)}." if users else ""
        self.header = (f"<b>{self.title}</b> for {objective.formula or formula_text(objective)}: "
                       f"{len(self.keys)} rules from one start, each with its own learning rate."
                       f"{shared} Play steps them all together.")

    def _example(self, key: str) -> Rule:
        return self.rule(key, {f"lr_{key}": self.lr_range[0], "memory": 0.5})

    def _name(self, key: str) -> str:
        return self._example(key).name

    def rule(self, key: str, settings: dict[str, Any]) -> Rule:
        """The rule ``key`` with the settings as the sliders show them."""
        return self.factories[key](shown_lr(settings[f"lr_{key}"]), shown_momentum(settings["memory"]))

    # -- computing ---------------------------------------------------------------------------
    def compute(self, settings: dict[str, Any]) -> Race:
        start = parse_start(settings["start"], self.objective.dim)
        steps = int(settings["steps"])
        paths = {}
        for key in self.keys:
            memory = shown_momentum(settings["memory"]) if key in self.memory_keys else None
            token = (tuple(start), shown_lr(settings[f"lr_{key}"]), memory)
            cached = self._cache.get(key)
            if cached is None or cached[0] != token:  # a new setting: run just the steps asked
                cached = (token, optimize(self.objective, start, self.rule(key, settings), steps))
            elif cached[1].status == "max_steps" and cached[1].n_steps < steps:
                # more steps with the same settings: run the slider's whole budget once
                cached = (token, optimize(self.objective, start, self.rule(key, settings),
                                          steps_budget(steps)))
            self._cache[key] = cached
            paths[key] = cached[1].head(steps)  # fewer steps: the first rows of the longer run
        self._fit_loss_axis(start, steps)
        return Race(paths, steps)

    def _fit_loss_axis(self, start: np.ndarray, steps: int) -> None:
        """Limits holding every rule at every rate of the sliders (fixed while only rates move).

        One sweep per rule and start, at the steps slider's largest budget; other step counts
        read its first rows.
        """
        if (tuple(start), steps) == self._limits_for:
            return
        self._limits_for = (tuple(start), steps)
        if self._limits_start != tuple(start) or steps > min(l.budget for l in self._limits.values()):
            self._limits_start = tuple(start)
            low, high = MOMENTUM_RANGE
            with_memory = {"memory": np.array([low, 0.5, 0.9, high])}
            self._limits = {name: LossLimits(self.objective, start, self.lr_range, steps_budget(steps),
                                             True, self.factories[name],
                                             with_memory if name in self.memory_keys else {"memory": [0.0]})
                            for name in self.keys}
        limits = [self._limits[name].for_steps(steps)[0] for name in self.keys]
        top = max(t for _, t in limits)
        ax = next(iter(self.losses.values())).ax
        ax.set_xlim(0, steps * 1.03)
        ax.set_ylim(max(min(b for b, _ in limits), top * 1e-12), top)
        self.frames.settle_layout()
        self.frames.invalidate(ax)

    # -- drawing -----------------------------------------------------------------------------
    def show(self, race: Race, step: int) -> None:
        floor = self.losses[self.keys[0]].ax.get_ylim()[0]
        for key in self.keys:
            path, upto = race.paths[key], race.at(key, step)
            shown = drawable_rows(path, upto)
            self.overlays[key].update(path.params[:shown],
                                      left_finite_range(path) and upto >= path.n_steps)
            self.losses[key].update(path, upto=upto, floor=floor)

    def readout(self, race: Race, step: int) -> str:
        lines = [f"<b>step {step} of {race.n_steps}</b>"]
        for key in self.keys:
            path, row = race.paths[key], race.at(key, step)
            rule = path.optimizer
            swatch = f'<span style="color:{self.colors[key]}">■</span>'
            lines.append(f"{swatch} <b>{html.escape(_entry(rule))}</b>")
            lines.append("&nbsp;&nbsp;" + "; ".join(keep(html.escape(part.strip()))
                                                  for part in rule.text.split(";")))
            for state, label in rule.state_names.items():
                name = html.escape(label.split(" (")[0])
                lines.append(f"&nbsp;&nbsp;{equals(name, vector(path.states[state][row]))}")
            lines.append(f"&nbsp;&nbsp;{keep('loss ' + number(path.losses[row]))} {self._status(race, key)}")
        return "<br>".join(lines)

    def _status(self, race: Race, key: str) -> str:
        path = race.paths[key]
        if path.status == "diverged":
            return f'<span style="color:{ERROR_COLOR}">diverged at step {path.n_steps}</span>'
        if self.target is not None:
            hit = race.steps_to(key, self.target)
            if hit is not None:
                return f'<span style="color:{OK_COLOR}">{keep(f"below {self.target:g} from step {hit} on")}</span>'
        return ""

    def describe(self, settings: dict[str, Any], race: Race | None) -> str:
        names = [plain_name(n) for n in self.names]
        what = "(" + ", ".join(names) + ")"
        start = settings["start"]
        start = f"({start})" if isinstance(start, str) and "," in start else start
        entrants = [_entry(self.rule(key, settings)) for key in self.keys]
        text = (f"{self.title} for {formula_text(self.objective)}: {'; '.join(entrants)} race "
                f"{settings['steps']} steps from {what} = {start}")
        if race is not None:
            finals = [f"{race.paths[k].optimizer.name} " + (
                "diverges" if race.paths[k].status == "diverged" else f"ends at loss {number(race.paths[k].final_loss, 3)}")
                for k in self.keys]
            text += ": " + ", ".join(finals)
        return text + " (needs a live kernel)."


def _entry(rule: Rule) -> str:
    """A rule's name and its settings: ``"gradient descent, η = 0.001"``, ``"Adam, η = 0.05, β₁ = 0.9"``."""
    label = rule.label
    if not label.startswith(rule.name):
        label = f"{rule.name}, {label}"
    if rule.memory is not None and f"{rule.memory[1]} = " not in label:  # Adam's β₁, say
        label += f", {rule.memory[1]} = {rule.memory_value():g}"
    return label


def _rebuilding(rule: Rule) -> Callable[[Any, Any], Rule]:
    """A rule of one's own as a race entrant: made again by its factory at each rate and memory."""
    def entrant(lr: Any, memory: Any) -> Rule:
        return rule.rebuilt(lr=lr) if rule.memory is None else rule.rebuilt(lr=lr, memory=memory)
    return entrant


def _check_rules(rules: Any, lr_range: tuple[float, float]) -> tuple[dict[str, float], dict[str, Callable]]:
    if not isinstance(rules, Mapping):
        raise TypeError("rules must map rule names to learning rates, such as "
                        f"{{'sgd': 0.001, 'adam': 0.05}}. Got {rules!r} instead.")
    if not 1 <= len(rules) <= 5:
        raise ValueError(f"rules must name between 1 and 5 rules. Got {len(rules)}.")
    checked, factories = {}, {}
    for key, lr in rules.items():
        if isinstance(lr, Rule):  # a rule of one's own, at its learning rate
            if lr.factory is None:
                raise ValueError(f"rules[{key!r}] must be a rule with a factory (Rule(..., factory=...)) "
                                 "so that the race can make it again at each rate.")
            factories[key], lr = _rebuilding(lr), lr.lr
        else:
            Choice(*sorted(RULES)).check(key, "rules keys")
        checked[key] = FINITE_POSITIVE.check(lr, "lr")
        check_range(lr_range, checked[key])
    return checked, factories


def explore_race(objective: Any = None, start: ArrayLike = (-1.2, 1.0),
                 rules: Mapping[str, float] | None = None, momentum: float = 0.9,
                 steps: int = 300, *, target: float | None = 1e-3,
                 lr_range: tuple[float, float] = (1e-4, 10.0),
                 xlim: tuple[float, float] | None = None,
                 ylim: tuple[float, float] | None = None) -> Explorer:
    r"""Race several update rules from one start: a learning rate each, one shared memory, Play for all.

    Left: every rule's path on the contours, in its own colour; right: their losses (log
    scale), with the target as a dotted line. The readout gives, per rule, its update
    equation, its state at the step shown (the velocity :math:`b`, Adam's :math:`m` and
    :math:`v`...), its loss and the step from which it stays below the target.

    Parameters
    ----------
    objective : objective, optional
        A two-parameter objective; by default Rosenbrock's valley ``gdviz.rosenbrock()``.
    start : (float, float)
        The common start (the learner can type another one); by default the classic (−1.2, 1).
    rules : mapping of str to float, optional
        The entrants and their starting learning rates, in the order of the legend, from
        ``"sgd"``, ``"momentum"``, ``"nesterov"``, ``"adagrad"``, ``"rmsprop"``, ``"adam"``
        (torch.optim's defaults otherwise), or any key with a rule of your own (made with a
        ``factory``; its memory hyperparameter, if any, follows the memory slider). By default
        ``{"sgd": 0.001, "momentum": 0.001, "rmsprop": 0.01, "adam": 0.05}``.
    momentum : float
        The starting memory in [0, 0.99]: heavy-ball and Nesterov :math:`\mu`, Adam's
        :math:`\beta_1`.
    steps : int
        The budget of updates, the same for every rule.
    target : float or None
        A loss to reach; the readout tells from which step each rule stays below it.
    lr_range : (float, float)
        Range of every learning-rate slider.
    xlim, ylim : (float, float), optional
        Window of the contour plot.

    Returns
    -------
    Explorer
        Its ``path`` is a :class:`Race`: ``explorer.path.paths["adam"]`` is Adam's
        :class:`~gdviz.Path`.

    Raises
    ------
    ValueError, TypeError
        For an objective without two parameters, an unknown rule, a learning rate outside
        ``lr_range``, a momentum outside [0, 0.99], fewer than one step, a target that is not a
        positive number, or bad limits.

    Examples
    --------
    >>> import gdviz
    >>> ex = gdviz.explore_race(gdviz.bowl(), (1.0, 1.0), {"sgd": 0.25, "adam": 0.5}, steps=2)
    >>> ex.path.paths["sgd"].params.tolist()      # each step halves w
    [[1.0, 1.0], [0.5, 0.5], [0.25, 0.25]]
    >>> ex.path.paths["adam"].params[1].round(6).tolist()  # Adam's first step is lr long
    [0.5, 0.5]
    """
    default = objective is None
    objective = rosenbrock() if default else objective
    check_objective(objective, 2, "explore_race")
    try:  # the range alone (each rule's rate is checked against it below)
        low = float(lr_range[0])
    except (TypeError, ValueError, IndexError, KeyError):
        low = float("nan")
    lr_range = check_range(lr_range, low)
    rules, factories = _check_rules(DEFAULT_RULES if rules is None else rules, lr_range)
    start_, steps = check_start(start, 2), Integer(1).check(steps, "steps")
    memory = check_momentum(momentum)
    if target is not None:
        target = FINITE_POSITIVE.check(target, "target")
    if default and xlim is None and ylim is None:
        window = [(-2.0, 2.0), (-1.0, 3.0)]
    else:
        window = explorer_window(objective, start_, least=1.0, room=1.5)
    scene = RaceScene(objective, rules, xlim=check_limits(xlim, "xlim") or window[0],
                      ylim=check_limits(ylim, "ylim") or window[1], lr_range=lr_range, target=target,
                      factories=factories)
    controls: dict[str, widgets.Widget] = {}
    for key, lr in rules.items():
        slider = lr_slider(lr, lr_range)
        slider.description = f"η {scene._name(key)}"
        slider.layout.width = "380px"
        controls[f"lr_{key}"] = slider
    low, high = MOMENTUM_RANGE
    memory_slider = widgets.FloatSlider(value=memory, min=low, max=high, step=0.01,
                                        readout_format=".2f", description="memory μ = β₁",
                                        style=STYLE, layout=widgets.Layout(width="340px"))
    memory_slider.add_class("gdviz-momentum")
    controls["memory"] = memory_slider
    controls["steps"] = steps_slider(steps)
    controls["start"] = start_box(start_, scene.names)
    controls["play"], controls["step"] = step_controls(steps)
    lrs = [controls[f"lr_{key}"] for key in rules]
    rows = [widgets.HBox(lrs[i:i + 2], layout=widgets.Layout(flex_flow="row wrap"))
            for i in range(0, len(lrs), 2)]
    rows.append(widgets.HBox([memory_slider, controls["steps"], controls["start"]],
                             layout=widgets.Layout(flex_flow="row wrap")))
    rows.append(widgets.HBox([controls["play"], controls["step"]]))
    explorer = Explorer(scene, controls, rows=rows, header=header(scene.header))
    explorer.readout.layout.width = "290px"
    return explorer
