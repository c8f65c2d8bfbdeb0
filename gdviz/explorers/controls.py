"""Controls: the explorers' sliders, start box, Play button and step slider, and their argument checks."""
from __future__ import annotations

import math
from typing import Any

import ipywidgets as widgets
import numpy as np
import traitlets

from ..core.constraints import Choice, Integer, Interval
from ..core.rules import Rule, sgd
from .text import plain_name, start_text

STYLE = {"description_width": "initial"}


def wide() -> widgets.Layout:
    """A fresh layout for a long slider (layouts are widgets: never share one)."""
    return widgets.Layout(width="420px")


# ---------------------------------------------------------------------------------------------
# Argument checks (the objective's: gdviz.core.objectives.check_objective)

def check_range(lr_range: Any, lr: float, names: tuple[str, str] = ("lr_range", "lr")
                ) -> tuple[float, float]:
    """A slider's range (two positive increasing numbers) holding its starting value.

    ``names`` are the arguments' names for the messages (``("a_range", "a")``...).
    """
    range_name, name = names
    try:
        low, high = (float(v) for v in lr_range)
    except (TypeError, ValueError):
        raise TypeError(f"{range_name} must be two numbers (smallest, largest). Got {lr_range!r}.") from None
    if not (math.isfinite(low) and math.isfinite(high) and 0 < low < high):
        raise ValueError(f"{range_name} must be two positive finite numbers, smallest first. "
                         f"Got {lr_range!r} instead.")
    if not low <= lr <= high:
        raise ValueError(f"{name} must lie inside {range_name} [{low:g}, {high:g}]. Got {lr!r} instead.")
    return low, high


#: The momentum slider's range and notch: from plain descent (0) to a ball that hardly slows (0.99).
MOMENTUM_RANGE = (0.0, 0.99)
MOMENTUM_NOTCH = 0.01


def check_momentum(momentum: Any) -> float:
    """A momentum the slider can show: a number in [0, 0.99]."""
    return Interval(*MOMENTUM_RANGE).check(momentum, "momentum")


# ---------------------------------------------------------------------------------------------
# Controls

#: Spacing of the learning-rate slider in powers of ten: each notch is about 2.3 % more.
LR_NOTCH = 0.01


def lr_grid(lr: float, lr_range: tuple[float, float]) -> tuple[float, float, float]:
    """Exponents ``(min, max, step)`` of a log slider on which ``lr`` lies exactly.

    The browser's slider only stops at ``min + k * step`` (the value is ``10 ** exponent``) and
    moves a value given by code onto the nearest stop. So ``min`` is the range's low end and
    ``step`` (within a whisker of :data:`LR_NOTCH`) divides the distance from it to ``lr``: the
    starting value is a stop. When ``lr`` and the low end are round (0.1 and 0.001), so are all
    decades between them (0.01, 1). ``max`` is the range's high end (the last notch may be short).

    >>> lr_grid(0.1, (1e-3, 2.0))[::2]
    (-3.0, 0.01)
    """
    low, high = (math.log10(v) for v in lr_range)
    notches = round((math.log10(lr) - low) / LR_NOTCH)
    step = (math.log10(lr) - low) / notches if notches >= 1 else LR_NOTCH
    return low, high, step


#: Stops of a linear learning-rate slider: every rate with two decimals is one.
LINEAR_NOTCH = 0.01


def check_scale(scale: Any) -> str:
    return Choice("log", "linear").check(scale, "lr_scale")


def lr_slider(lr: float, lr_range: tuple[float, float],
              scale: str = "log") -> widgets.FloatLogSlider | widgets.FloatSlider:
    """The learning-rate slider: logarithmic (wide ranges), or linear with stops 0.01 apart.

    On the linear one every rate with two decimals (0.35, 0.5, 0.95, 1.0, 1.05) is a stop, so a
    rate typed in its box is kept exactly; the range's ends are rounded onto those stops. On a
    log slider the stops are 10 to the power of evenly spaced exponents (:func:`lr_grid`).
    """
    if check_scale(scale) == "linear":
        low = max(LINEAR_NOTCH, math.ceil(round(lr_range[0] / LINEAR_NOTCH, 9)) * LINEAR_NOTCH)
        high = math.floor(round(lr_range[1] / LINEAR_NOTCH, 9)) * LINEAR_NOTCH
        if not low <= lr <= high or abs(lr / LINEAR_NOTCH - round(lr / LINEAR_NOTCH)) > 1e-9:
            raise ValueError(f"lr must be a rate with two decimals in [{low:.2f}, {high:.2f}] for a "
                             f"linear slider. Got {lr!r} instead.")
        slider = widgets.FloatSlider(value=lr, min=round(low, 2), max=round(high, 2), step=LINEAR_NOTCH,
                                     readout_format=".2f", description="learning rate η",
                                     style=STYLE, layout=wide())
    else:
        low, high, step = lr_grid(lr, lr_range)
        slider = widgets.FloatLogSlider(value=lr, base=10, min=low, max=high, step=step,
                                        readout_format=".3g", description="learning rate η",
                                        style=STYLE, layout=wide())
    slider.add_class("gdviz-lr")
    return slider


def momentum_slider(momentum: float) -> widgets.FloatSlider:
    """A linear slider for the momentum :math:`\\mu` (0 is plain descent), stops 0.01 apart."""
    low, high = MOMENTUM_RANGE
    slider = widgets.FloatSlider(value=momentum, min=low, max=high, step=MOMENTUM_NOTCH,
                                 readout_format=".2f", description="momentum μ", style=STYLE,
                                 layout=widgets.Layout(width="340px"))
    slider.add_class("gdviz-momentum")
    return slider


def steps_budget(steps: int) -> int:
    """The largest number of steps the steps slider offers when it starts at ``steps``."""
    return max(100, 2 * int(steps))


def steps_slider(steps: int) -> widgets.IntSlider:
    return widgets.IntSlider(value=steps, min=1, max=steps_budget(steps), description="steps",
                             style=STYLE, layout=widgets.Layout(width="300px"))


class _StartText(traitlets.Unicode):
    """The start box's text; a number or a sequence of numbers set from code becomes that text."""

    def validate(self, obj: Any, value: Any) -> str:
        if not isinstance(value, str):
            try:
                value = start_text(value)
            except (TypeError, ValueError, OverflowError):
                pass  # not numbers: Unicode's own check says what it wants
        return super().validate(obj, value)


class StartBox(widgets.Text):
    """A text box for the start: type "4" or "5, -4", or set ``.value`` to 3 or (5, -4) from code."""

    value = _StartText(help="The start as text").tag(sync=True)


def start_box(start: np.ndarray, names: tuple[str, ...]) -> StartBox:
    """A text box for the start ("4" or "5, -4"): anything can be typed, the explorer checks it."""
    names = [plain_name(n) for n in names]
    label = names[0] if len(names) == 1 else "(" + ", ".join(names) + ")"
    return StartBox(value=start_text(start),
                        description=f"start {label} =", continuous_update=False, style=STYLE,
                        layout=widgets.Layout(width="230px"))


#: How the explorers move along a path: "full" (a Play button walks it) or "reduced" (a step per press).
MOTIONS = ("full", "reduced")
_MOTION = {"mode": "full"}


def set_motion(mode: str) -> str:
    """Choose how explorers made from now on walk their path; returns the previous choice.

    ``"full"`` (the default): a "▶ play" button walks the path one step every 0.35 s, and a
    "next step ▶" button moves one step. ``"reduced"``, for learners who prefer no motion (the
    browser's *prefers-reduced-motion*): no Play button, the path moves only one step per press
    of "next step ▶" (or per arrow key on the "show step" slider).

    Examples
    --------
    >>> previous = set_motion("reduced")
    >>> sorted(step_controls(3)[0].buttons)
    ['next']
    >>> set_motion(previous)
    'reduced'
    """
    previous, _MOTION["mode"] = _MOTION["mode"], Choice(*MOTIONS).check(mode, "mode")
    return previous


class Player(widgets.HBox):
    """Buttons that walk the "show step" slider along the path, in the kernel: "▶ play" and "next step ▶".

    ``value``, ``min`` and ``max`` follow the step slider (linked in the kernel). "▶ play" moves one
    step every ``interval`` milliseconds on the kernel's event loop (each step is drawn by the
    kernel anyway) and turns into "❚❚ pause"; without a running loop (a script, a cell being run)
    it goes straight to the end. Both buttons have a visible name, so keyboards and screen readers
    can use them (ipywidgets' ``Play`` shows icons only). With ``motion="reduced"`` there is no
    "▶ play": the path moves a step per press.
    """

    value = traitlets.Int(0)
    min = traitlets.Int(0)
    max = traitlets.Int(0)
    interval = traitlets.Int(350)
    playing = traitlets.Bool(False)

    def __init__(self, value: int, max: int, *, interval: int = 350, motion: str = "full",
                 schedule: Any = None) -> None:
        from .frames import call_later

        self._schedule = call_later if schedule is None else schedule
        self.buttons: dict[str, widgets.Button] = {}
        if Choice(*MOTIONS).check(motion, "motion") == "full":
            self.buttons["play"] = widgets.Button(
                description="▶ play", tooltip="walk the path, a step at a time; press again to pause",
                layout=widgets.Layout(width="auto"))
            self.buttons["play"].on_click(lambda _: self.toggle())
        self.buttons["next"] = widgets.Button(description="next step ▶", tooltip="show the next step",
                                              layout=widgets.Layout(width="auto"))
        self.buttons["next"].on_click(lambda _: self.next_step())
        for name, button in self.buttons.items():
            button.add_class(f"gdviz-{name}")
        super().__init__(list(self.buttons.values()))
        self.add_class("gdviz-player")
        self.max, self.value, self.interval = max, value, interval

    def next_step(self) -> None:
        """One step on (from the end, back to the start)."""
        self.value = self.min if self.value >= self.max else self.value + 1

    def toggle(self) -> None:
        """Play (from the start if at the end) or pause."""
        if self.playing:
            self.playing = False
            return
        if self.value >= self.max:
            self.value = self.min
        self.playing = True
        self._tick(first=True)

    def _tick(self, first: bool = False) -> None:
        if not self.playing or self.comm is None:  # paused, or closed with its explorer
            return
        if not first:
            self.value = min(self.value + 1, self.max)
        if self.value >= self.max:
            self.playing = False
        elif not self._schedule(self._tick, self.interval / 1000):
            self.value, self.playing = self.max, False  # no event loop: straight to the end

    @traitlets.observe("playing")
    def _show_playing(self, change: Any) -> None:
        if "play" in self.buttons:
            self.buttons["play"].description = "❚❚ pause" if change["new"] else "▶ play"

    def close(self) -> None:
        self.playing = False
        super().close()


def step_controls(steps: int) -> tuple[Player, widgets.IntSlider]:
    """Buttons that walk the path (:class:`Player`) and the "show step" slider, linked in the kernel."""
    play = Player(value=steps, max=steps, interval=350, motion=_MOTION["mode"])
    step = widgets.IntSlider(value=steps, min=0, max=steps, description="show step",
                             style=STYLE, layout=wide())
    traitlets.link((play, "value"), (step, "value"))
    return play, step


def control_rows(controls: dict[str, widgets.Widget], extra: list[str],
                 beside: list[str] = ()) -> list[widgets.Widget]:
    """Learning rate, steps and start on top; each extra control on a row of its own; then Play.

    Controls named in ``beside`` (the momentum) share the learning rate's row instead; steps and
    start then get a row of their own below it.
    """
    def row(names):
        return widgets.HBox([controls[n] for n in names], layout=widgets.Layout(flex_flow="row wrap"))

    top = [row(("lr", *beside)), row(("steps", "start"))] if beside else [row(("lr", "steps", "start"))]
    rest = [controls[n] for n in extra if n not in beside]
    return [*top, *rest, widgets.HBox([controls["play"], controls["step"]])]


def header(text: str) -> widgets.HTMLMath:
    return widgets.HTMLMath(value=text)


def batch_sizes_for(batch_sizes: Any, n: int) -> list[int]:
    if batch_sizes is None:
        return sorted({b for b in (1, 32, 64, 128) if b < n} | {n})
    try:
        sizes = list(batch_sizes)
    except TypeError:
        raise TypeError(f"batch_sizes must be a sequence of whole numbers. Got {batch_sizes!r}.") from None
    if not sizes:
        raise ValueError("batch_sizes must not be empty.")
    for b in sizes:
        Integer(1).check(b, "batch_sizes entries")
        if b > n:
            raise ValueError(f"batch_sizes must lie between 1 and the number of samples ({n}). "
                             f"Got {b} instead.")
    return sorted({int(b) for b in sizes})


def batch_toggle(sizes: list[int], n: int) -> widgets.ToggleButtons:
    """One button per batch size, the full batch marked "(all)"."""
    labels = [f"{b}" + (" (all)" if b == n else "") for b in sizes]
    return choice_toggle("batch size", list(zip(labels, sizes)), sizes[-1], css="batch", least=72)


def choice_toggle(name: str, options: list[tuple[str, Any]], value: Any, *, css: str | None = None,
                  least: int = 60) -> widgets.ToggleButtons:
    """One button per choice (label, value), every label uncut ("1000 (all)"), class ``gdviz-<css>``."""
    width = max(least, 9 * max(len(label) for label, _ in options) + 14)
    toggle = widgets.ToggleButtons(options=options, value=value, description=name,
                                   style={"description_width": "initial", "button_width": f"{width}px"})
    toggle.add_class(f"gdviz-{css or name}")
    return toggle


def guess_slider(name: str, value: float, limits: tuple[float, float]) -> widgets.FloatSlider:
    """A slider for one parameter of the guessing game, over the contour window."""
    if not limits[0] <= value <= limits[1]:
        raise ValueError(f"{name} must lie in [{limits[0]:.3g}, {limits[1]:.3g}]. Got {value!r}.")
    slider = widgets.FloatSlider(value=value, min=limits[0], max=limits[1], step=0.01,
                                 description=name, readout_format=".2f", layout=wide())
    slider.add_class(f"gdviz-{name}")
    return slider


def nesterov_sgd(lr: Any, momentum: Any = 0.0) -> Rule:
    """``sgd`` with Nesterov momentum, and plain descent where the momentum is 0.

    torch refuses ``nesterov=True`` with momentum 0, but a slider may stand there.

    >>> nesterov_sgd(0.1, 0.5).name, nesterov_sgd(0.1, 0.0).name
    ('Nesterov', 'gradient descent')
    """
    if np.all(np.asarray(momentum) > 0):
        return sgd(lr, momentum=momentum, nesterov=True)
    return sgd(lr, momentum=momentum)
