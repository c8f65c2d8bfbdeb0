"""Abuse: the public pictures and explorers under hostile input (hypothesis), and memory over a soak.

Random objectives (restricted domains such as log and sqrt, minima below zero), starts from 1e-300
to 1e300 of either sign, learning rates from 1e-6 to 1e6 and random sequences of slider values:
no warning ever, and no exception but a ``ValueError``/``TypeError`` that names an argument.
Explorers built and closed over and over keep the memory flat.

Quick and deterministic: few examples per property, ``derandomize=True``, no deadline.
"""
from __future__ import annotations

import gc
import os
import re
import warnings
import weakref
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from ipywidgets.widgets.widget import _instances as live_widgets

import gdviz
from gdviz.core.objectives import Objective
from gdviz.lessons.answer_text import parse_number

#: ABUSE_EXAMPLES=200 for a longer hunt; ABUSE_NO_SHRINK=1 to see failures sooner (unshrunk).
QUICK = settings(max_examples=int(os.environ.get("ABUSE_EXAMPLES", 6)), deadline=None,
                 derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow],
                 phases=[Phase.explicit, Phase.generate] if os.environ.get("ABUSE_NO_SHRINK")
                 else tuple(Phase))
FEW = settings(QUICK, max_examples=max(3, QUICK.max_examples // 3))

#: The arguments a refusal may name (the message must start with one of them, or quote it).
ARGUMENTS = ("start", "lr", "objective", "steps", "xlim", "ylim", "paths", "path", "sweep",
             "momentum", "lr_range", "w", "b", "labels", "ax", "axes", "levels", "batch_size",
             "x", "y", "width", "widths", "optimizer", "activation", "net", "theta", "X", "like")


@dataclass(frozen=True)
class ShiftedBowl(Objective):
    """a (w - c)^2 + m on each parameter: its minimum, of loss m (often below zero), is known."""

    a: float = 1.0
    c: float = 0.0
    m: float = 0.0
    dim: int = 1
    name: str = "shifted bowl"

    @property
    def minimizer(self):
        return np.full(self.dim, self.c)

    def loss(self, theta):
        theta = np.asarray(theta, dtype=float)
        with np.errstate(over="ignore", invalid="ignore"):
            return self.a * np.sum((theta - self.c) ** 2, axis=-1) + self.m

    def grad(self, theta):
        with np.errstate(over="ignore", invalid="ignore"):
            return 2 * self.a * (np.asarray(theta, dtype=float) - self.c)


def _partial_1d():
    """Losses defined on part of the axis, and ones with minima below zero."""
    return st.sampled_from([
        gdviz.from_function(np.log), gdviz.from_function(np.sqrt),
        gdviz.from_function(lambda w: 1 / w), gdviz.from_function(lambda w: w * np.log(w)),
        gdviz.from_function(lambda w: np.sqrt(1 - w**2)),
        gdviz.double_well(), gdviz.double_well(-2.0), gdviz.double_well(0.0), gdviz.parabola(),
    ])


def _objectives_1d():
    shifted = st.builds(ShiftedBowl, a=st.floats(1e-3, 1e3), c=st.floats(-10, 10),
                        m=st.floats(-1e6, 1e6), dim=st.just(1))
    return st.one_of(_partial_1d(), shifted)


def _objectives_2d():
    shifted = st.builds(ShiftedBowl, a=st.floats(1e-3, 1e3), c=st.floats(-10, 10),
                        m=st.floats(-1e6, 1e6), dim=st.just(2))
    return st.one_of(shifted, st.sampled_from([
        gdviz.bowl(), gdviz.bowl((1, 10)), gdviz.rosenbrock(), gdviz.himmelblau(), gdviz.saddle(),
        gdviz.from_function(lambda a, b: np.log(a) + b**2),
        gdviz.from_function(lambda a, b: np.sqrt(a * b) - 3.0),
        gdviz.sigmoid_fit(),
    ]))


#: Starts from 1e-300 to 1e300 in size, either sign (and zero).
magnitudes = st.builds(lambda sign, e: sign * 10.0**e, st.sampled_from([-1.0, 1.0]),
                       st.floats(-300, 300)) | st.just(0.0)
#: Learning rates from 1e-6 to 1e6.
rates = st.builds(lambda e: 10.0**e, st.floats(-6, 6))


def _calm(call):
    """Run ``call``: no warning may escape, and only a ValueError/TypeError naming an argument."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = call()
        except (ValueError, TypeError) as error:
            _names_an_argument(error)
            result = None
        finally:
            plt.close("all")
    assert [str(w.message) for w in caught] == []
    return result


def _names_an_argument(error: Exception) -> None:
    text = str(error)
    named = any(re.match(rf"{name}\b", text) or re.search(rf"\b{name} (must|is|needs)", text)
                for name in ARGUMENTS)
    assert named, f"{type(error).__name__} names no argument: {text}"


# --- the plot functions -------------------------------------------------------------------------
@QUICK
@given(objective=_objectives_1d(), start=magnitudes, lr=rates, steps=st.integers(0, 30),
       log=st.booleans())
def test_one_parameter_pictures_stay_calm(objective, start, lr, steps, log):
    path = _calm(lambda: gdviz.gradient_descent(objective, start, lr, steps))
    if path is None:
        return
    _calm(lambda: gdviz.plot_path_1d(path, objective, tangents=True))
    _calm(lambda: gdviz.plot_loss_curves(path, log=log, objective=objective))
    _calm(lambda: gdviz.plot_loss_curves([path, path], log=log))
    _calm(lambda: gdviz.plot_lr_cases([path], objective))
    assert _calm(lambda: gdviz.describe_run(path)) in (
        "diverges", "has not moved", "bounces forever", "zig-zags in", "creeps", "converges")


LOG_HALF_PLANE = gdviz.from_function(lambda a, b: np.log(a) + b**2)


@QUICK
@given(objective=_objectives_2d(), start=st.tuples(magnitudes, magnitudes), lr=rates,
       steps=st.integers(0, 20), log=st.booleans())
@example(LOG_HALF_PLANE, (0.0, 0.0), 1.0, 0, False)  # found: the gradient arrow where L = -inf
@example(ShiftedBowl(1e3, 0.0, 7.3e5, 2), (2.8e239, 5e-197), 1.0, 10, True)  # found: limits overflow
@example(ShiftedBowl(983.0, -2.2e-313, 2.8, 2), (8.24e56, 0.0), 0.2235, 10, True)  # found: arrow scale
def test_two_parameter_pictures_stay_calm(objective, start, lr, steps, log):
    path = _calm(lambda: gdviz.gradient_descent(objective, start, lr, steps))
    if path is None:
        return
    _calm(lambda: gdviz.plot_path_2d(path, objective, gradient_at=start))
    _calm(lambda: gdviz.plot_loss_curves(path, log=log, objective=objective))
    _calm(lambda: gdviz.plot_surface_3d(objective, path))


@FEW
@given(objective=_objectives_1d(), start=magnitudes,
       low=st.floats(-6, 5), width=st.floats(0.5, 4), steps=st.integers(1, 30))
@example(gdviz.from_function(np.log), 0.0, 0.29, 3.17, 28)  # found: every start loss -inf
def test_sweeps_stay_calm(objective, start, low, width, steps):
    lrs = np.geomspace(10.0**low, 10.0 ** min(low + width, 6), 7)
    sweep = _calm(lambda: gdviz.sweep_learning_rates(objective, start, lrs, steps=steps, tol=1e-8))
    if sweep is None:
        return
    _calm(lambda: gdviz.plot_sweep(sweep, stable_below=float(lrs[3])))
    _calm(lambda: gdviz.plot_loss_curves(sweep, log=True))


# --- the explorers, driven by random slider sequences ---------------------------------------------
def _drive(explorer, moves) -> None:
    """Set the controls to each value in turn; every problem must land in the message line."""
    for name, value in moves:
        control = explorer.controls.get(name)
        if control is None:
            continue
        if name == "lr":
            value = min(max(value, control.min if not hasattr(control, "base") else
                            control.base ** control.min), control.base ** control.max
                        if hasattr(control, "base") else control.max)
        elif name == "step":
            value = min(int(value), control.max)
        elif name == "steps":
            value = min(max(int(value), control.min), control.max)
        control.value = value
        explorer.refresh()
        if explorer.error is not None:
            assert isinstance(explorer.error, (ValueError, TypeError)), repr(explorer.error)
            _names_an_argument(explorer.error)
            assert explorer.message.value  # said in the widget


moves = st.lists(st.one_of(
    st.tuples(st.just("lr"), rates),
    st.tuples(st.just("steps"), st.integers(1, 200)),
    st.tuples(st.just("step"), st.integers(0, 200)),
    st.tuples(st.just("start"), magnitudes.map(repr)),
    st.tuples(st.just("start"), st.sampled_from(["", "nan", "inf", "1e400", "abc", "1,2,3", "-0"])),
    st.tuples(st.just("momentum"), st.floats(0, 0.99)),
), max_size=6)


def _made(make):
    explorer = _calm(make)
    return explorer


@FEW
@given(objective=_objectives_1d(), start=magnitudes, lr=rates, sequence=moves)
def test_one_parameter_explorers_stay_calm_under_random_sliders(objective, start, lr, sequence):
    for make in (lambda: gdviz.explore_lr_1d(objective, start, lr, 10, lr_range=(lr / 10, lr * 10)),
                 lambda: gdviz.explore_momentum(objective, start, min(lr, 1e5), 0.5, 10,
                                                lr_range=(min(lr, 1e5) / 10, min(lr, 1e5) * 10))):
        explorer = _made(make)
        if explorer is not None:
            _calm(lambda: _drive(explorer, sequence))
            _calm(lambda: repr(explorer))
            explorer.close()


@FEW
@given(objective=_objectives_2d(), start=st.tuples(magnitudes, magnitudes), lr=rates,
       sequence=moves)
def test_two_parameter_explorers_stay_calm_under_random_sliders(objective, start, lr, sequence):
    explorer = _made(lambda: gdviz.explore_lr_2d(objective, start, lr, 10,
                                                 lr_range=(lr / 10, lr * 10)))
    if explorer is not None:
        _calm(lambda: _drive(explorer, [(n, v.replace(")", "") + ", 1" if n == "start" else v)
                                        for n, v in sequence]))
        _calm(lambda: repr(explorer))
        explorer.close()


#: Two noisy half circles, like scikit-learn's make_moons (the network explorer's data).
_ANGLES = np.linspace(0, np.pi, 40)
MOONS_LIKE = (np.concatenate([np.stack([np.cos(_ANGLES), np.sin(_ANGLES)], 1),
                              np.stack([1 - np.cos(_ANGLES), 0.5 - np.sin(_ANGLES)], 1)])
              + np.random.default_rng(0).normal(0, 0.2, (80, 2)), np.repeat([0, 1], 40))
NEURON_DATA = gdviz.sigmoid_fit(np.linspace(-2, 2, 16), np.linspace(0.1, 0.9, 16), reduction="mean")


@FEW
@given(start=st.tuples(magnitudes, magnitudes), lr=rates, batch=st.sampled_from([1, 4, 16]),
       sequence=moves)
def test_data_explorers_and_batch_pictures_stay_calm(start, lr, batch, sequence):
    paths = [_calm(lambda: gdviz.gradient_descent(NEURON_DATA, start, lr, 10, batch_size=b, seed=0))
             for b in (16, batch)]
    if all(p is not None for p in paths):
        _calm(lambda: gdviz.plot_batch_paths(paths, NEURON_DATA))
        _calm(lambda: gdviz.plot_loss_curves(paths, x="epoch", log=True))
    for make in (lambda: gdviz.explore_surface(NEURON_DATA, start, lr, 10, lr_range=(lr / 10, lr * 10)),
                 lambda: gdviz.explore_batch_size(NEURON_DATA, start, lr, 10, batch_sizes=(1, 16))):
        explorer = _made(make)
        if explorer is not None:
            toggle = [("batch_size", batch if batch in (1, 16) else 1)]  # the toggle's options
            _calm(lambda: _drive(explorer, [(n, v + ", 1" if n == "start" else v)
                                            for n, v in sequence] + toggle))
            explorer.close()


SCALING = (gdviz.linear_regression(np.linspace(20.0, 40.0, 30), np.linspace(50.0, 300.0, 30) ** 1.1),
           gdviz.linear_regression(gdviz.standardize(np.linspace(20.0, 40.0, 30)),
                                   np.linspace(50.0, 300.0, 30) ** 1.1))


@FEW
@given(start=st.tuples(magnitudes, magnitudes), lr=st.floats(1e-4, 2.0), sequence=moves,
       flips=st.lists(st.booleans(), max_size=3))
def test_the_scaling_explorer_stays_calm(start, lr, sequence, flips):
    explorer = _made(lambda: gdviz.explore_scaling(*SCALING, start, lr, 10))
    if explorer is not None:
        toggles = [("standardize", flip) for flip in flips]
        _calm(lambda: _drive(explorer, [(n, v + ", 1" if n == "start" else v)
                                        for n, v in sequence] + toggles))
        _calm(lambda: repr(explorer))
        explorer.close()


@FEW
@given(scale=magnitudes, shift=magnitudes, theta=st.tuples(magnitudes, magnitudes, magnitudes),
       l2=st.sampled_from([0.0, 1e-3, 1.0]))
def test_data_models_stay_calm_on_data_of_any_size(scale, shift, theta, l2):
    """Data from 1e-300 to 1e300: losses, gradients, minimizers and a short descent, without a warning."""
    X = np.array([[1.0, 2.0], [2.0, -1.0], [3.0, 0.5], [4.0, 1.5]]) * scale + shift
    for make in (lambda: gdviz.linear_regression(X, [1.0, 3.0, 2.0, 5.0]),
                 lambda: gdviz.logistic_regression(X, [0, 1, 0, 1], l2=l2),
                 lambda: gdviz.standardize(X)):
        model = _calm(make)
        if model is None or isinstance(model, np.ndarray):
            continue
        _calm(lambda: (model.loss(theta), model.grad(theta), model.minimizer, model.batch_grad(theta, [0, 2])))
        _calm(lambda: gdviz.optimize(model, (0.0, 0.0, 0.0), gdviz.adam(0.1), 5, batch_size=2, seed=0))


_TRAIN_X = np.linspace(-3.0, 3.0, 80)[:, None] * [1.0, 1e3]
_TRAIN_Y = (np.sin(3 * _TRAIN_X[:, 0]) + _TRAIN_X[:, 0] > 0).astype(float)
TRAINING = (gdviz.logistic_regression(_TRAIN_X[::2], _TRAIN_Y[::2]),
            gdviz.logistic_regression(_TRAIN_X[1::2], _TRAIN_Y[1::2]))


@FEW
@given(lr=st.floats(1e-3, 3.0), moves=st.lists(st.one_of(
    st.tuples(st.just("lr"), st.floats(1e-3, 3.0)),
    st.tuples(st.just("l2"), st.sampled_from([0.0, 1e-4, 1e-3, 1e-2, 1e-1])),
    st.tuples(st.just("rule"), st.sampled_from(["SGD", "Adam"])),
    st.tuples(st.just("batch_size"), st.sampled_from([40])),
    st.tuples(st.just("epochs"), st.integers(1, 30))), max_size=6))
def test_the_training_explorer_stays_calm(lr, moves):
    """Features of very different scales (a spread of 1 and of 1000) make big rates diverge: calmly."""
    explorer = _made(lambda: gdviz.explore_training(*TRAINING, lr=lr, epochs=10, batch_size=40, max_epochs=30))
    if explorer is not None:
        _calm(lambda: _drive(explorer, moves))
        _calm(lambda: repr(explorer))
        explorer.close()


@FEW
@given(x=st.lists(st.floats(-1e4, 1e4), min_size=2, max_size=5),
       w=st.none() | st.floats(-10, 10), b=st.none() | st.floats(-10, 10))
def test_the_guessing_game_stays_calm_on_any_data(x, w, b):
    y = np.linspace(0.1, 0.9, len(x))
    objective = _calm(lambda: gdviz.sigmoid_fit(x, y))
    if objective is None:
        return
    explorer = _calm(lambda: gdviz.explore_guess(objective, w=w, b=b))
    if explorer is not None:
        _calm(lambda: _drive(explorer, [("w", explorer.controls["w"].max),
                                        ("b", explorer.controls["b"].min)]))
        explorer.close()


points = st.lists(st.tuples(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.sampled_from([0, 1])),
                 min_size=1, max_size=12)
network_moves = st.lists(st.one_of(
    st.tuples(st.just("lr"), rates), st.tuples(st.just("step"), st.integers(0, 30)),
    st.tuples(st.just("width"), st.sampled_from([2, 8])),
    st.tuples(st.just("optimizer"), st.sampled_from(["sgd", "momentum", "adam"])),
), max_size=6)


@FEW
@given(data=points, lr=rates, activation=st.sampled_from(["tanh", "relu", "sigmoid"]), sequence=network_moves)
@example([(0.0, 0.0, 1)], 1.0, "tanh", [("lr", 10.0)])  # one point: nothing to spread a grid over
@example([(1e6, -1e6, 0), (1e6, 1e6, 1)], 1e6, "relu", [("optimizer", "adam"), ("width", 2)])
def test_the_network_explorer_and_its_pictures_stay_calm(data, lr, activation, sequence):
    x = np.array([(a, b) for a, b, _ in data])
    y = np.array([c for _, _, c in data])
    net = _calm(lambda: gdviz.two_layer_net(x, y, width=3, activation=activation))
    if net is not None:
        path = _calm(lambda: gdviz.optimize(net, net.initial(seed=1), gdviz.adam(lr), 10))
        _calm(lambda: gdviz.plot_boundary(net, path.final if path is not None else net.initial()))
    explorer = _made(lambda: gdviz.explore_network(x, y, lr=lr, width=2, widths=(2, 8), activation=activation,
                                                   steps=20, lr_range=(lr / 10, lr * 10)))
    if explorer is not None:
        _calm(lambda: _drive(explorer, sequence))
        _calm(lambda: repr(explorer))
        explorer.close()


# --- memory over a soak ---------------------------------------------------------------------------
def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _soak(count: int) -> tuple[float, int, int]:
    """Build and close ``count`` explorers: RSS grown (MB) after a warm-up, figures alive, widgets left."""
    makers = [gdviz.explore_lr_1d, gdviz.explore_lr_2d, gdviz.explore_guess, gdviz.explore_momentum,
              lambda: gdviz.explore_network(*MOONS_LIKE, steps=30)]
    before = set(live_widgets)
    for make in makers:  # warm: fonts, mathtext, caches
        make().close()
    gc.collect()
    start, figures = _rss_mb(), []
    for i in range(count):
        explorer = makers[i % len(makers)]()
        figures.append(weakref.ref(explorer.figure))
        explorer.close()
    del explorer
    gc.collect()
    return _rss_mb() - start, sum(f() is not None for f in figures), len(set(live_widgets) - before)


def test_memory_stays_flat_over_a_short_soak_of_explorers():
    grown, figures, widgets = _soak(4)  # each explorer left behind kept 4 to 11 MB
    assert (figures, widgets) == (0, 0) and grown < 30.0


@pytest.mark.slow
def test_memory_stays_flat_over_a_soak_of_200_explorers():
    grown, figures, widgets = _soak(200)  # before close() freed them: +928 MB, 7,000 widgets
    assert (figures, widgets) == (0, 0) and grown < 50.0


# --- numbers typed with thousands separators ------------------------------------------------------
def test_numeric_reads_a_thousands_separator():
    ex = gdviz.numeric("How many samples?", 1000)
    assert ex.check("1,000") == (True, "Correct!")
    assert [parse_number(t) for t in ("1,000,000", "1,000.5", "-2,500", "3,205", "0,500")] == [
        1e6, 1000.5, -2500.0, 3.205, 0.5]
