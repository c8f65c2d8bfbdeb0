"""Conformance: every explorer and every objective gdviz ships passes the same checks, found, not listed.

Like scikit-learn's ``check_estimator``: the test walks the package's modules, finds every public
``explore_*`` function (:mod:`gdviz.explorers`) and every objective class and factory
(:mod:`gdviz.core`), builds each one and runs the common checks on it. Something new is covered
the moment it exists; if it can't be built from its defaults, the test fails and says to add its
arguments to ``EXPLORER_ARGUMENTS`` or ``OBJECTIVE_ARGUMENTS`` below (the only hand-kept entries).

Explorers: the scene fulfils :class:`gdviz.explorers.scene.Scene`; changing each control redraws
without a warning or an error; the still picture and the sentence are there and the sentence has
no raw LaTeX; artists, widgets and traced memory stay flat over many redraws; a blitted frame
equals a full draw; ``close`` gives every widget back.

Objectives: the :class:`gdviz.Objective` contract (``dim``, name, a formula matplotlib can typeset, minima
with a zero gradient at the minimizer, ``batch_grad`` exactly when there are samples), loss and gradient shapes
over leading batch axes and equal to one point at a time, the gradient against central finite
differences, a ``repr`` that names it, ``theta`` of the wrong shape or kind refused naming ``theta``,
a nan in giving nan out without a warning.

Both: each argument given a value of the wrong kind is refused with a ValueError or TypeError that names it.
"""
from __future__ import annotations

import gc
import html
import importlib
import inspect
import io
import pkgutil
import re
import tracemalloc
import warnings
from typing import Any, Callable

import ipywidgets as widgets
import matplotlib
import numpy as np
import pytest
from ipywidgets.widgets.widget import _instances as live_widgets
from matplotlib.mathtext import MathTextParser
from PIL import Image

import gdviz
import gdviz.core
import gdviz.explorers
from gdviz.core.objectives import Objective, check_objective
from gdviz.explorers.scene import Run, Scene, check_scene


# --- discovery ----------------------------------------------------------------------------------------

def _modules(package) -> list:
    return [importlib.import_module(f"{package.__name__}.{m.name}") for m in pkgutil.iter_modules(package.__path__)]


def _defined_in(module) -> dict[str, Any]:
    """Public names ``module`` defines itself (not those it imports)."""
    return {name: obj for name, obj in vars(module).items()
            if not name.startswith("_") and getattr(obj, "__module__", None) == module.__name__}


def discover_explorers() -> dict[str, Callable]:
    """Every public ``explore_*`` function of gdviz.explorers' modules and of gdviz itself."""
    found = {name: obj for module in _modules(gdviz.explorers) for name, obj in _defined_in(module).items()
             if name.startswith("explore_") and inspect.isfunction(obj)}
    found.update({name: getattr(gdviz, name) for name in gdviz.__all__ if name.startswith("explore_")})
    return dict(sorted(found.items()))


def discover_objectives() -> dict[str, Callable]:
    """Every :class:`Objective` subclass in gdviz.core and every function there that returns one."""
    classes = {name: obj for module in _modules(gdviz.core) for name, obj in _defined_in(module).items()
               if inspect.isclass(obj) and issubclass(obj, Objective) and obj is not Objective}
    factories = {name: obj for module in _modules(gdviz.core) for name, obj in _defined_in(module).items()
                 if inspect.isfunction(obj) and inspect.signature(obj).return_annotation in classes}
    return dict(sorted({**classes, **factories}.items()))


def _needs_arguments(make: Callable) -> list[str]:
    return [name for name, p in inspect.signature(make).parameters.items()
            if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


# --- the only hand-kept entries: arguments for what cannot be built from its defaults --------------------

_RNG = np.random.default_rng(0)
_X2 = _RNG.normal(size=(12, 2))
_Y2 = (_X2[:, 0] + 0.5 * _X2[:, 1] > 0).astype(float)
_X_LINE = np.linspace(-2.0, 2.0, 300)[:, None]
_Y_LINE = (_X_LINE[:, 0] + np.sin(7 * _X_LINE[:, 0]) > 0).astype(float)
_FEET = np.array([[120.0], [150.0], [180.0], [210.0], [240.0]])

#: Explorers whose required arguments the test must be given, and arguments that keep others quick.
EXPLORER_ARGUMENTS: dict[str, Callable[[], dict]] = {
    "explore_batch_size": lambda: dict(objective=gdviz.sigmoid_fit([0.5, 1, 2, 2.5], [.2, .4, .8, .9]),
                                       start=(-2, -2), lr=1.0, steps=10),
    "explore_network": lambda: dict(x=[[0, 0], [0, 1], [1, 0], [1, 1]], y=[0, 1, 1, 0], steps=20),
    "explore_scaling": lambda: dict(raw=gdviz.linear_regression(_FEET, 2.0 * _FEET[:, 0] + 1.0),
                                    standardized=gdviz.linear_regression(gdviz.standardize(_FEET),
                                                                         2.0 * _FEET[:, 0] + 1.0)),
    "explore_training": lambda: dict(train=gdviz.logistic_regression(_X_LINE[::2], _Y_LINE[::2]),
                                     validation=gdviz.logistic_regression(_X_LINE[1::2], _Y_LINE[1::2]),
                                     epochs=5, max_epochs=10),
    "explore_race": lambda: dict(steps=60),
}

#: Objectives (classes and factories) whose required arguments the test must be given.
OBJECTIVE_ARGUMENTS: dict[str, Callable[[], dict]] = {
    "Quadratic": lambda: dict(curvatures=(1.0, 3.0)),
    "FunctionObjective": lambda: dict(func=lambda w1, w2: np.cos(w1) + 0.1 * w1 ** 2 + w1 * w2 ** 2,
                                      derivative=None, dim=2, h=1e-5),
    "from_function": lambda: dict(loss=lambda w: np.cos(w) + 0.1 * w ** 2),
    "SigmoidNeuron": lambda: dict(x=[0.5, 1.0, 2.5], y=[0.2, 0.6, 0.9]),
    "LeastSquares": lambda: dict(X=_X2, y=_X2 @ [1.5, -2.0] + 0.3),
    "linear_regression": lambda: dict(X=_X2, y=_X2 @ [1.5, -2.0] + 0.3),
    "LogisticRegression": lambda: dict(X=_X2, y=_Y2),
    "logistic_regression": lambda: dict(X=_X2, y=_Y2, l2=0.1),
    "TwoLayerNet": lambda: dict(x=_X2, y=_Y2, width=3),
    "two_layer_net": lambda: dict(x=_X2, y=_Y2, width=3),
}

EXPLORERS = discover_explorers()
OBJECTIVES = discover_objectives()


def _build(kind: str, name: str, make: Callable, registry: dict[str, Callable[[], dict]]) -> Any:
    if name in registry:
        return make(**registry[name]())
    missing = _needs_arguments(make)
    if missing:
        pytest.fail(f"{kind} {name} needs {', '.join(missing)}: add it to {kind.upper()}_ARGUMENTS in "
                    f"tests/test_conformance.py with arguments that build a small one.")
    return make()


def build_explorer(name: str) -> gdviz.Explorer:
    return _build("explorer", name, EXPLORERS[name], EXPLORER_ARGUMENTS)


def build_objective(name: str) -> Objective:
    return _build("objective", name, OBJECTIVES[name], OBJECTIVE_ARGUMENTS)


def test_discovery_finds_every_explorer_and_objective_and_each_is_exported():
    # the ones known when this test was written must all be found (the discovery itself works) ...
    assert {"explore_lr_1d", "explore_lr_2d", "explore_surface", "explore_batch_size", "explore_guess",
            "explore_momentum", "explore_steepness", "explore_race", "explore_scaling", "explore_training",
            "explore_network"} <= set(EXPLORERS)
    assert {"parabola", "bowl", "double_well", "from_function", "sigmoid_fit", "two_layer_net", "rosenbrock",
            "beale", "himmelblau", "saddle", "linear_regression", "logistic_regression", "Quadratic",
            "TwoLayerNet", "LeastSquares"} <= set(OBJECTIVES)
    # ... every one is a public name of gdviz, and no argument entry is left over from a removed one
    assert [name for name in {**EXPLORERS, **OBJECTIVES} if name not in gdviz.__all__] == [], (
        "export it by name from gdviz/__init__.py (and its subpackage's __init__.py)")
    assert set(EXPLORER_ARGUMENTS) <= set(EXPLORERS) and set(OBJECTIVE_ARGUMENTS) <= set(OBJECTIVES)


def test_discovery_cannot_miss_an_unannotated_factory_or_an_explorer_by_another_name():
    # objective factories are found by their return type: every public function of gdviz.core declares one
    unannotated = [f"{module.__name__}.{name}" for module in _modules(gdviz.core)
                   for name, obj in _defined_in(module).items()
                   if inspect.isfunction(obj) and inspect.signature(obj).return_annotation is inspect.Signature.empty]
    assert unannotated == []
    # explorers are found by their name: whatever returns an Explorer is called explore_*
    misnamed = [f"{module.__name__}.{name}" for module in _modules(gdviz.explorers)
                for name, obj in _defined_in(module).items()
                if inspect.isfunction(obj) and inspect.signature(obj).return_annotation == "Explorer"
                and not name.startswith("explore_")]
    assert misnamed == []


def test_an_explorer_the_test_cannot_build_fails_saying_where_to_add_it(monkeypatch):
    def explore_something_new(data, *, lr=0.1):
        raise AssertionError("not called")

    monkeypatch.setitem(EXPLORERS, "explore_something_new", explore_something_new)
    with pytest.raises(pytest.fail.Exception, match="explore_something_new needs data: add it to EXPLORER_ARGUMENTS"):
        build_explorer("explore_something_new")


# --- both: an argument of the wrong kind is refused, naming it ------------------------------------------

#: Arguments refused today with a message that names something else (found by the test below); the test
#: fails when one of them is fixed, so that it leaves this list.
NAMED_OTHERWISE = {
    "FunctionObjective.derivative": "names from_function's grad",
}


def unnamed_refusals(name: str, make: Callable, registry: dict[str, Callable[[], dict]]) -> list[str]:
    """``name.argument`` for each argument that, given a value of the wrong kind, is accepted or refused
    without being named (a number for a text, a text for anything else)."""
    found = []
    given = registry[name]() if name in registry else {}
    for argument, parameter in inspect.signature(make).parameters.items():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        default = given.get(argument, parameter.default)
        wrong = 3 if isinstance(default, str) else "bad"
        try:
            made = make(**{**given, argument: wrong})
        except (TypeError, ValueError) as error:
            if argument not in str(error):
                found.append(f"{name}.{argument}")
        else:
            found.append(f"{name}.{argument}")
            if isinstance(made, gdviz.Explorer):
                made.close()
    return found


@pytest.mark.parametrize("name", [*EXPLORERS, *OBJECTIVES])
def test_an_argument_of_the_wrong_kind_is_refused_naming_it(name):
    make, registry = (EXPLORERS[name], EXPLORER_ARGUMENTS) if name in EXPLORERS else (
        OBJECTIVES[name], OBJECTIVE_ARGUMENTS)
    known = sorted(key for key in NAMED_OTHERWISE if key.split(".")[0] == name)
    assert unnamed_refusals(name, make, registry) == known


# --- explorers: the common checks ---------------------------------------------------------------------

def another_value(name: str, control: widgets.Widget, explorer: gdviz.Explorer, where: float = 0.4) -> Any:
    """A valid value for ``control``, ``where`` (0 to 1) along its range or its options."""
    if name == "step":
        return round(where * explorer.path.n_steps)
    if isinstance(control, widgets.widgets.widget_selection._Selection):
        values = [option[1] if isinstance(option, tuple) else option for option in control.options]
        return values[min(int(where * len(values)), len(values) - 1)]
    if isinstance(control, widgets.Text):  # a start: every number moved a little
        numbers = re.findall(r"[-+−]?\d+(?:\.\d*)?(?:e[-+]?\d+)?", control.value)
        return ", ".join(f"{(0.6 + where) * float(x.replace('−', '-')) + 0.1:g}" for x in numbers)
    if isinstance(control, widgets.FloatLogSlider):
        return float(10.0 ** (control.min + where * (control.max - control.min)))
    if isinstance(control, (widgets.IntSlider, widgets.FloatSlider)):
        value = control.min + where * (control.max - control.min)
        return round(value) if isinstance(control, widgets.IntSlider) else float(value)
    pytest.fail(f"conformance test: teach another_value about {type(control).__name__} (control {name!r})")


def drive(explorer: gdviz.Explorer, where: tuple[float, ...] = (0.4,)) -> list[str]:
    """Set each control in turn to the values ``where`` along its range, redrawing each time.

    Returns the problems met: warnings, and errors shown in the message line.
    """
    problems = []
    for name, control in list(explorer.controls.items()):
        if name == "play":  # linked to the step slider in the browser; the explorer watches the slider
            continue
        for fraction in where:
            value = another_value(name, control, explorer, fraction)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                control.value = value
                explorer.refresh()
            problems += [f"{name} = {value!r}: {w.category.__name__}: {w.message}" for w in caught]
            if explorer.error is not None or explorer.message.value:
                problems.append(f"{name} = {value!r}: {explorer.error!r} {explorer.message.value}")
    return problems


#: Each control swept from one end of its range to the other (divergent rates, the longest runs included).
SWEEP = (0.0, 0.25, 0.5, 0.75, 1.0, 0.4)


def all_artists(figure) -> int:
    """Artists in the figure, leaving out the axes' tick marks and labels (made to fit the limits)."""
    def walk(artist):
        if isinstance(artist, matplotlib.axis.Axis):
            return 0
        return 1 + sum(walk(child) for child in artist.get_children())
    return walk(figure)


@pytest.fixture(params=list(EXPLORERS))
def explorer(request):
    made = build_explorer(request.param)
    yield made
    made.close()


def test_scene_fulfils_the_scene_protocol(explorer):
    assert isinstance(explorer, gdviz.Explorer)
    assert isinstance(explorer.scene, Scene) and check_scene(explorer.scene) is explorer.scene
    assert isinstance(explorer.path, Run) and explorer.path.n_steps >= 0
    assert isinstance(explorer.scene.header, str) and explorer.scene.header


def test_changing_each_control_redraws_without_a_warning_or_a_new_artist(explorer):
    assert explorer.error is None and explorer.message.value == ""
    figure, artists, widget_count = explorer.figure, all_artists(explorer.figure), len(live_widgets)
    before = explorer.image.value
    assert drive(explorer, SWEEP) == []
    assert explorer.image.value != before  # the picture followed the controls
    assert explorer.figure is figure and all_artists(figure) == artists  # artists moved, none added
    assert len(live_widgets) == widget_count


def test_still_picture_and_sentence_without_latex(explorer):
    drive(explorer)
    bundle = explorer._repr_mimebundle_()
    picture = Image.open(io.BytesIO(bytes(explorer.image.value)))
    assert picture.size == explorer.frames.pixel_size and bundle["image/png"]
    sentence = bundle["text/plain"]
    assert sentence == repr(explorer) and sentence.endswith("(needs a live kernel).")
    assert not re.search(r"\$|\\[a-zA-Z]+|[_^]\{", sentence), f"raw LaTeX in the sentence: {sentence}"
    assert html.escape(sentence).replace("\n", "<br>") in bundle["text/html"]


def test_memory_stays_flat_over_redraws(explorer):
    """The cheap version: memory traced over 8 redraws between two settings, once caches are full."""
    name, control = next((n, c) for n, c in explorer.controls.items() if n not in ("play", "step"))
    values = [another_value(name, control, explorer, where) for where in (0.25, 0.75)]

    def redraws(times):
        for _ in range(times):
            for value in values:
                control.value = value
                explorer.refresh()
        gc.collect()
        return tracemalloc.get_traced_memory()[0]

    redraws(3)  # the first rounds fill caches, buffers and matplotlib's text cache
    tracemalloc.start()
    try:
        held = redraws(2)  # what the redraws hold at any time (the frame, the path...), now traced
        grown = redraws(4) - held
    finally:
        tracemalloc.stop()
    assert explorer.error is None
    # 20 to 35 kB today (matplotlib's and numpy's small caches); one frame kept per redraw would add 400 kB
    assert grown < 1e5, f"{grown / 1e3:.0f} kB more after 8 redraws of {name} between {values}"


def test_a_blitted_frame_equals_a_full_draw(explorer):
    drive(explorer)
    blitted = np.asarray(Image.open(io.BytesIO(bytes(explorer.image.value))).convert("RGB"))
    for artist in explorer.frames.moving:
        artist.set_animated(False)
    explorer.frames.canvas.draw()
    full = np.asarray(explorer.frames.canvas.buffer_rgba())[..., :3]
    assert np.array_equal(blitted, full)


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_close_frees_widgets_figure_frames_and_observers(name):
    before = set(live_widgets)
    explorer = build_explorer(name)
    assert len(set(live_widgets) - before) > 20  # controls, layouts, styles, the jslink...
    controls = list(explorer.controls.values())
    explorer.close()
    assert set(live_widgets) - before == set()  # every one of them closed, the jslink too
    assert explorer.figure.axes == [] and explorer.frames._background is None
    assert explorer.views == {} and explorer.image.value == b""
    assert not [h for c in controls for h in c._trait_notifiers.get("value", {}).get("change", [])
                if getattr(h, "__self__", None) is explorer]  # no observer of ours is left
    assert repr(explorer).endswith("(needs a live kernel).")  # still says what it was
    explorer.close()  # twice is harmless


def test_a_scene_missing_part_of_the_protocol_is_refused_naming_what_it_lacks():
    scene = gdviz.explore_lr_1d().scene

    class NoReadout:
        frames, views, header = scene.frames, scene.views, scene.header
        compute, show, describe = scene.compute, scene.show, scene.describe

    with pytest.raises(TypeError, match=r"NoReadout lacks readout\(run, step\)"):
        gdviz.Explorer(NoReadout(), {}, rows=[])


# --- objectives: the common checks ----------------------------------------------------------------------

def points(objective: Objective, shape: tuple[int, ...]) -> np.ndarray:
    """Seeded points of ``shape + (dim,)`` near the minimizer (or the origin)."""
    centre = np.zeros(objective.dim) if objective.minimizer is None else np.asarray(objective.minimizer)
    return centre + np.random.default_rng(1).normal(scale=0.7, size=shape + (objective.dim,))


@pytest.fixture(params=list(OBJECTIVES))
def objective(request):
    return build_objective(request.param)


def test_objective_contract(objective):
    assert isinstance(objective, Objective) and check_objective(objective) is objective
    dim = objective.dim
    assert isinstance(dim, int) and dim >= 1
    assert isinstance(objective.name, str) and objective.name
    assert len(objective.param_names) == dim and all(isinstance(n, str) and n for n in objective.param_names)
    if objective.formula:
        MathTextParser("path").parse(objective.formula)  # renders as matplotlib mathtext
    minima = objective.minima
    assert minima.ndim == 2 and minima.shape[1] == dim and np.all(np.isfinite(minima))
    if objective.minimizer is None:
        assert minima.shape[0] == 0
    else:
        assert objective.minimizer.shape == (dim,) and np.all(np.isfinite(objective.minimizer))
        assert any(np.allclose(m, objective.minimizer) for m in minima)
        np.testing.assert_allclose(objective.grad(objective.minimizer), 0.0, atol=1e-9)
    assert (objective.n_samples is None) == (not hasattr(objective, "batch_grad"))


def test_loss_and_grad_work_over_leading_batch_axes(objective):
    d = objective.dim
    one = points(objective, ())
    assert np.shape(objective.loss(one)) == () and np.shape(objective.grad(one)) == (d,)
    grid = points(objective, (2, 3))
    losses, grads = objective.loss(grid), objective.grad(grid)
    assert losses.shape == (2, 3) and grads.shape == (2, 3, d)
    for i in range(2):
        for j in range(3):
            assert losses[i, j] == pytest.approx(float(objective.loss(grid[i, j])), rel=1e-12, abs=1e-14)
            np.testing.assert_allclose(grads[i, j], objective.grad(grid[i, j]), rtol=1e-10, atol=1e-12)
    loss, grad = objective.loss_and_grad(grid)
    np.testing.assert_allclose(loss, losses, rtol=1e-12)
    np.testing.assert_allclose(grad, grads, rtol=1e-12, atol=1e-14)


def test_grad_matches_central_differences(objective):
    h = 1e-6
    for theta in points(objective, (3,)):
        steps = np.eye(objective.dim) * h
        numeric = (objective.loss(theta + steps) - objective.loss(theta - steps)) / (2 * h)
        np.testing.assert_allclose(objective.grad(theta), numeric, rtol=1e-5, atol=1e-6)


def test_repr_names_the_objective(objective):
    text = repr(objective)
    assert text.startswith(type(objective).__name__ + "(") and " object at 0x" not in text


def test_theta_of_the_wrong_shape_or_kind_is_refused_naming_theta(objective):
    for method in (objective.loss, objective.grad):
        with pytest.raises(ValueError, match=rf"theta must have {objective.dim} value"):
            method(np.zeros(objective.dim + 1))
        with pytest.raises(TypeError, match="theta must be a number or an array of numbers"):
            method("abc")


def test_nan_in_is_nan_out_without_a_warning(objective):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, grad = objective.loss(np.full(objective.dim, np.nan)), objective.grad(np.full(objective.dim, np.nan))
    assert np.isnan(loss) and np.shape(grad) == (objective.dim,)
