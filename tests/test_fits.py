"""plot_fit: the drawn curves, misses and data against sigma(w x + b) computed by hand."""
import math

import numpy as np
import pytest
from matplotlib.colors import to_hex

import gdviz

NEURON = gdviz.sigmoid_fit([0.5, 2.5], [0.2, 0.9], reduction="sum")


def sigma(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def test_each_curve_is_sigma_of_w_x_plus_b_first_solid_then_dashed_in_palette_order():
    ax = gdviz.plot_fit(NEURON, {"first guess": (0.5, 0.0), "other": (2.0, -3.0)}, xlim=(0, 3))
    first, other = ax.lines[:2]
    x = first.get_xdata()
    np.testing.assert_allclose(x, np.linspace(0, 3, 200))
    np.testing.assert_allclose(first.get_ydata(), sigma(0.5 * x))
    np.testing.assert_allclose(other.get_ydata(), sigma(2.0 * x - 3.0))
    assert (first.get_linestyle(), other.get_linestyle()) == ("-", "--")
    assert [to_hex(line.get_color()) for line in (first, other)] == ["#0072b2", "#e69f00"]
    assert tuple(ax.get_xlim()) == (0.0, 3.0) and tuple(ax.get_ylim()) == (0.0, 1.0)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("input $x$", "output $f(x)$")


def test_misses_run_from_each_target_to_the_curve_and_few_points_are_black_dots():
    ax = gdviz.plot_fit(NEURON, {"first guess": (0.5, 0.0)}, misses={"misses": (0.5, 0.0)})
    segments = ax.collections[0].get_segments()
    expected = [[(0.5, 0.2), (0.5, 1 / (1 + math.exp(-0.25)))],
                [(2.5, 0.9), (2.5, 1 / (1 + math.exp(-1.25)))]]
    np.testing.assert_allclose(np.array(segments), np.array(expected))
    assert ax.collections[0].get_label() == "misses"
    dots = ax.lines[-1]
    np.testing.assert_array_equal(dots.get_xydata(), [[0.5, 0.2], [2.5, 0.9]])
    assert dots.get_marker() == "o" and to_hex(dots.get_color()) == "#000000"
    assert dots.get_label() == "data"
    low, high = ax.get_xlim()                         # the data's range and a quarter on each side
    assert (low, high) == (0.0, 3.0)


def test_many_points_are_a_grey_cloud_below_the_curves_and_targets_outside_0_1_keep_their_room():
    rng = np.random.default_rng(0)
    x = rng.uniform(-4, 4, 300)
    y = sigma(1.5 * x - 0.5) + rng.normal(0, 0.1, 300)
    neuron = gdviz.sigmoid_fit(x, y, reduction="mean")
    ax = gdviz.plot_fit(neuron, {"true curve": (1.5, -0.5)})
    cloud = next(line for line in ax.lines if line.get_marker() == ".")
    assert cloud.get_label() == "300 data points" and to_hex(cloud.get_color()) == "#999999"
    assert cloud.get_zorder() < ax.lines[0].get_zorder()
    low, high = ax.get_ylim()
    assert low <= y.min() and high >= y.max()        # not cut at the sigmoid's range
    ax = gdviz.plot_fit(neuron, {"true curve": (1.5, -0.5)}, data_label="noisy data", legend=None)
    assert ax.get_legend() is None and ax.lines[-1].get_label() == "noisy data"


@pytest.mark.parametrize("neuron, curves, kwargs, error, message", [
    (gdviz.parabola(), {"a": (1, 0)}, {}, TypeError, "neuron must be a sigmoid neuron"),
    (NEURON, [(1, 0)], {}, TypeError, "curves must be a mapping"),
    (NEURON, {}, {}, TypeError, "curves must be a non-empty mapping"),
    (NEURON, {"a": (1, 0, 2)}, {}, ValueError, r"curves\['a'\] must be one pair"),
    (NEURON, {"a": [(1, 0), (2, 0)]}, {}, ValueError, r"curves\['a'\] must be one pair"),
    (NEURON, {"a": (1, 0)}, {"misses": (1, 0)}, TypeError, "misses must be a mapping"),
    (NEURON, {"a": (1, 0)}, {"xlim": (3, 0)}, ValueError, "xlim must be two finite numbers"),
    (NEURON, {"a": (1, 0)}, {"ax": 1}, TypeError, "ax must be a matplotlib Axes"),
])
def test_bad_arguments_are_refused_naming_the_argument(neuron, curves, kwargs, error, message):
    with pytest.raises(error, match=message):
        gdviz.plot_fit(neuron, curves, **kwargs)
