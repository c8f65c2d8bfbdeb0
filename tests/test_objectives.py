"""Objectives: values by hand, vectorized shapes, gradients against central differences."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdviz

finite = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False)


def central(loss, theta, h=1e-6):
    """An independent central-difference gradient (plain loop over coordinates)."""
    theta = np.asarray(theta, dtype=float)
    out = np.zeros_like(theta)
    for j in range(theta.size):
        e = np.zeros_like(theta)
        e[j] = h
        out[j] = (float(loss(theta + e)) - float(loss(theta - e))) / (2 * h)
    return out


OBJECTIVES = {
    "parabola": gdviz.parabola(),
    "bowl": gdviz.bowl(),
    "elongated bowl": gdviz.bowl((1.0, 10.0)),
    "double well": gdviz.double_well(),
    "sigmoid neuron": gdviz.sigmoid_fit(),
    "sigmoid neuron, mean": gdviz.sigmoid_fit([-1.0, 0.0, 2.0, 3.5], [0.1, 0.4, 0.7, 0.95], reduction="mean"),
    "own function, given grad": gdviz.from_function(lambda x: 2 * x**4, grad=lambda x: 8 * x**3),
    "own function, numeric grad": gdviz.from_function(lambda a, b: a**2 * b + np.sin(b)),
}


@pytest.mark.parametrize("name", OBJECTIVES)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_gradient_matches_central_differences(name, data):
    objective = OBJECTIVES[name]
    theta = np.array(data.draw(st.lists(finite, min_size=objective.dim, max_size=objective.dim)))
    expected = central(objective.loss, theta)
    scale = max(1.0, float(np.max(np.abs(expected))))
    np.testing.assert_allclose(objective.grad(theta), expected, atol=2e-5 * scale, rtol=1e-5)


@pytest.mark.parametrize("name", OBJECTIVES)
def test_vectorized_over_leading_axes(name):
    objective = OBJECTIVES[name]
    rng = np.random.default_rng(0)
    grid = rng.uniform(-2, 2, size=(4, 3, objective.dim))
    losses, grads = objective.loss(grid), objective.grad(grid)
    assert losses.shape == (4, 3)
    assert grads.shape == (4, 3, objective.dim)
    for i in range(4):
        for j in range(3):
            assert losses[i, j] == pytest.approx(float(objective.loss(grid[i, j])))
            np.testing.assert_allclose(grads[i, j], objective.grad(grid[i, j]))


def test_single_point_gives_float_and_vector():
    bowl = gdviz.bowl()
    assert isinstance(bowl.loss([5.0, -4.0]), float)
    assert bowl.grad([5.0, -4.0]).shape == (2,)


def test_worked_values_by_hand():
    assert gdviz.parabola().loss(5.0) == 25.0
    assert gdviz.parabola().grad(5.0).tolist() == [10.0]
    assert gdviz.bowl().loss([5, -4]) == 41.0
    assert gdviz.bowl().grad([5, -4]).tolist() == [10.0, -8.0]
    assert gdviz.bowl((1, 10)).grad([1, 1]).tolist() == [2.0, 20.0]


def test_power_rule_both_ways():
    """Siegel's example: d/dx 2x^4 = 8x^3, given exactly and by central differences."""
    exact = gdviz.from_function(lambda x: 2 * x**4, grad=lambda x: 8 * x**3)
    numeric = gdviz.from_function(lambda x: 2 * x**4)
    assert numeric.uses_finite_differences and not exact.uses_finite_differences
    xs = np.array([[-2.0], [-0.5], [0.0], [1.0], [1.5], [3.0]])
    np.testing.assert_allclose(exact.grad(xs)[:, 0], 8 * xs[:, 0] ** 3)
    np.testing.assert_allclose(numeric.grad(xs)[:, 0], 8 * xs[:, 0] ** 3, atol=1e-6, rtol=1e-8)


def test_own_function_with_scalar_only_code():
    objective = gdviz.from_function(lambda w: math.exp(w) - 2 * w)
    assert objective.dim == 1
    np.testing.assert_allclose(objective.loss([[0.0], [1.0]]), [1.0, math.e - 2])
    assert objective.grad(0.0)[0] == pytest.approx(-1.0, abs=1e-8)


def test_own_function_of_two_parameters_with_partials():
    objective = gdviz.from_function(lambda a, b: a**2 + 3 * b**2, grad=lambda a, b: (2 * a, 6 * b))
    assert objective.dim == 2 and objective.param_names == ("a", "b")
    np.testing.assert_allclose(objective.grad([[1.0, 1.0], [2.0, -1.0]]), [[2, 6], [4, -6]])


def test_double_well_critical_points():
    well = gdviz.double_well()
    points = well.critical_points
    assert len(points) == 3
    np.testing.assert_allclose(4 * points**3 - 6 * points + 1, 0, atol=1e-9)
    # second derivative 12w^2 - 6: minimum, maximum, minimum
    assert list(np.sign(12 * points**2 - 6)) == [1, -1, 1]
    assert well.loss(points[0]) < well.loss(points[2])  # the left valley is the deeper one
    assert well.minimizer[0] == pytest.approx(points[0])


@pytest.mark.parametrize("call, error, words", [
    (lambda: gdviz.bowl((1.0, -1.0)), ValueError, "curvatures"),
    (lambda: gdviz.bowl((1.0,)), ValueError, "curvatures"),
    (lambda: gdviz.parabola().loss([1.0, 2.0]), ValueError, "theta"),
    (lambda: gdviz.bowl().grad([1.0, 2.0, 3.0]), ValueError, "theta"),
    (lambda: gdviz.bowl().loss("ab"), TypeError, "theta"),
    (lambda: gdviz.from_function(3.0), TypeError, "loss"),
    (lambda: gdviz.from_function(lambda: 1.0), ValueError, "loss"),
    (lambda: gdviz.from_function(lambda w: w, grad=2.0), TypeError, "grad"),
    (lambda: gdviz.double_well(float("nan")), ValueError, "tilt"),
])
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()
