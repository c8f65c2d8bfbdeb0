"""Frames (gdviz/explorers/frames.py): a partial redraw of one axes gives the very pixels of a full redraw."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

import gdviz


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(bytes(png))))


def full_redraw(explorer) -> np.ndarray:
    explorer.frames.invalidate()
    return pixels(explorer.frames.png())


@pytest.mark.parametrize("make, changes", [
    (gdviz.explore_lr_2d, [("steps", 45), ("lr", 1.2), ("steps", 12), ("lr", 0.001)]),
    (gdviz.explore_lr_1d, [("steps", 45), ("lr", 1.5), ("steps", 3), ("start", "1e-3"), ("start", "3")]),
    (gdviz.explore_race, [("steps", 45), ("lr_adam", 2.0), ("steps", 150), ("start", "0.5, 2")]),
], ids=["lr_2d", "lr_1d", "race"])
def test_only_the_changed_axes_is_drawn_again_and_nothing_else_changes(make, changes):
    explorer = make()
    for name, value in changes:
        explorer.controls[name].value = value
        explorer.refresh()
        assert explorer.error is None
        np.testing.assert_array_equal(pixels(explorer.image.value), full_redraw(explorer))


def test_a_steps_change_redraws_the_loss_panel_only():
    explorer = gdviz.explore_lr_2d()
    draws = []
    canvas = explorer.frames.canvas
    original = canvas.draw
    canvas.draw = lambda *a, **k: (draws.append(1), original(*a, **k))[1]
    for steps in (31, 32, 33):
        explorer.controls["steps"].value = steps
        explorer.refresh()
    assert draws == []  # no full-figure draw: the contours stay in the cached background
    assert explorer.frames._settled


@pytest.mark.parametrize("objective, start, lr_range, log", [
    (gdviz.parabola(), np.array([4.0]), (1e-3, 2.0), True),
    (gdviz.double_well(), np.array([1.5]), (1e-3, 2.0), False),  # negative minima: a linear axis
    (gdviz.bowl((1, 10)), np.array([1.0, 1.0]), (1e-3, 0.3), True),
])
@pytest.mark.parametrize("steps", [1, 7, 30])
def test_loss_limits_for_fewer_steps_are_those_of_a_shorter_sweep(objective, start, lr_range, log, steps):
    from gdviz.explorers.scenes import LossLimits

    budget = LossLimits(objective, start, lr_range, 100, log)
    exact = LossLimits(objective, start, lr_range, steps, log)
    assert budget.for_steps(steps) == exact.for_steps(steps)


@pytest.mark.parametrize("make", [gdviz.explore_lr_1d, gdviz.explore_lr_2d])
def test_a_linear_learning_rate_slider_stops_at_every_two_decimal_rate(make):
    import ipywidgets as widgets

    ex = make(lr=0.35, lr_range=(0.01, 1.5), lr_scale="linear")
    slider = ex.controls["lr"]
    assert isinstance(slider, widgets.FloatSlider) and "gdviz-lr" in slider._dom_classes
    assert (slider.min, slider.max, slider.step) == (0.01, 1.5, 0.01)
    for rate in (1.0, 0.5, 0.95, 1.05):
        assert round((rate - slider.min) / slider.step, 9).is_integer()  # a stop: the browser keeps it
        slider.value = rate
        assert ex.path.optimizer.lr == rate


@pytest.mark.parametrize("kwargs, word", [({"lr_scale": "lin"}, "lr_scale"),
                                          ({"lr": 0.355, "lr_scale": "linear"}, "lr")])
def test_bad_slider_scales_are_refused(kwargs, word):
    with pytest.raises(ValueError, match=word):
        gdviz.explore_lr_1d(**kwargs)


def test_a_calm_run_gets_no_empty_decades_above_its_loss_curve():
    steep = gdviz.Quadratic((5.0,), name="steep parabola", formula="$L(w) = 5w^2$")
    ex = gdviz.explore_lr_1d(steep, start=1.0, lr=0.19, steps=30, lr_range=(0.01, 0.3), lr_scale="linear")
    bottom, top = ex.views["loss"].ax.get_ylim()
    assert top == 10.0  # the decade above L(1) = 5, not the 7500 a diverging rate of the slider would need
    ex.controls["lr"].value = 0.25  # |1 - 2 * 5 * 0.25| = 1.5: diverges, and leaves through the top
    assert ex.views["loss"].ax.get_ylim()[1] > 1e3
