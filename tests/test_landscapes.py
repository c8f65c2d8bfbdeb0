"""Test landscapes: gradients against sympy and central differences; zero gradient at the minima."""
import warnings

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gdviz.core.landscapes import Rosenbrock, beale, himmelblau, rosenbrock, saddle
from gdviz.core.loop import gradient_descent
from gdviz.core.objectives import Objective

W1, W2 = sp.symbols("w1 w2")

#: Each landscape with its loss written afresh as a sympy expression (the test's own reference).
LANDSCAPES = {
    "rosenbrock": (rosenbrock(), (1 - W1) ** 2 + 100 * (W2 - W1**2) ** 2),
    "rosenbrock a=-2, b=3": (rosenbrock(-2.0, 3.0), (-2 - W1) ** 2 + 3 * (W2 - W1**2) ** 2),
    "beale": (beale(), (sp.Rational(3, 2) - W1 + W1 * W2) ** 2
              + (sp.Rational(9, 4) - W1 + W1 * W2**2) ** 2
              + (sp.Rational(21, 8) - W1 + W1 * W2**3) ** 2),
    "himmelblau": (himmelblau(), (W1**2 + W2 - 11) ** 2 + (W1 + W2**2 - 7) ** 2),
    "saddle": (saddle(), W1**2 - W2**2),
}


def reference(expression):
    """The loss, gradient and Hessian of a sympy expression, as numpy functions of (w1, w2)."""
    gradient = [sp.diff(expression, v) for v in (W1, W2)]
    hessian = [[sp.diff(g, v) for v in (W1, W2)] for g in gradient]
    return tuple(sp.lambdify((W1, W2), e, "numpy") for e in (expression, gradient, hessian))


def central(loss, theta, h=1e-6):
    """Central differences, one coordinate at a time."""
    steps = h * np.eye(2)
    return np.array([(float(loss(theta + e)) - float(loss(theta - e))) / (2 * h) for e in steps])


box = st.floats(min_value=-2.5, max_value=2.5, allow_nan=False)


@pytest.mark.parametrize("name", LANDSCAPES)
@settings(max_examples=40, deadline=None)
@given(w1=box, w2=box)
def test_loss_and_gradient_match_sympy(name, w1, w2):
    objective, expression = LANDSCAPES[name]
    loss, gradient, _ = reference(expression)
    theta = np.array([w1, w2])
    assert float(objective.loss(theta)) == pytest.approx(float(loss(w1, w2)), rel=1e-12, abs=1e-12)
    expected = np.array(gradient(w1, w2), dtype=float)
    np.testing.assert_allclose(objective.grad(theta), expected, rtol=1e-12, atol=1e-10)


@pytest.mark.parametrize("name", LANDSCAPES)
@settings(max_examples=25, deadline=None)
@given(w1=box, w2=box)
def test_gradient_matches_central_differences(name, w1, w2):
    objective = LANDSCAPES[name][0]
    theta = np.array([w1, w2])
    expected = central(objective.loss, theta)
    scale = max(1.0, float(np.max(np.abs(expected))))
    np.testing.assert_allclose(objective.grad(theta), expected, atol=1e-5 * scale, rtol=1e-6)


@pytest.mark.parametrize("name", LANDSCAPES)
def test_vectorized_over_leading_axes(name):
    objective = LANDSCAPES[name][0]
    grid = np.random.default_rng(1).uniform(-3, 3, size=(4, 3, 2))
    losses, grads = objective.loss(grid), objective.grad(grid)
    assert losses.shape == (4, 3) and grads.shape == (4, 3, 2)
    for i in range(4):
        for j in range(3):
            assert losses[i, j] == float(objective.loss(grid[i, j]))
            np.testing.assert_array_equal(grads[i, j], objective.grad(grid[i, j]))


@pytest.mark.parametrize("name", LANDSCAPES)
def test_huge_parameters_overflow_silently(name):
    objective = LANDSCAPES[name][0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = objective.loss([[1e200, -1e200], [1e308, 1e308]])
        grad = objective.grad([[1e200, -1e200], [1e308, 1e308]])
    assert not np.any(np.isfinite(loss) & (np.abs(loss) < 1e300))
    assert grad.shape == (2, 2)


@pytest.mark.parametrize("name", [n for n in LANDSCAPES if n != "saddle"])
def test_every_minimum_has_zero_gradient_zero_loss_and_rising_curvature(name):
    objective, expression = LANDSCAPES[name]
    _, _, hessian = reference(expression)
    assert isinstance(objective, Objective)
    assert objective.minima.shape[1] == 2 and objective.minima.shape[0] >= 1
    assert any(np.array_equal(m, objective.minimizer) for m in objective.minima)
    for point in objective.minima:
        np.testing.assert_allclose(objective.grad(point), 0.0, atol=1e-12)
        assert float(objective.loss(point)) == pytest.approx(0.0, abs=1e-26)
        assert np.all(np.linalg.eigvalsh(np.array(hessian(*point), dtype=float)) > 0)


def test_known_minimizers():
    assert rosenbrock().minimizer.tolist() == [1.0, 1.0]
    assert rosenbrock(a=2.0, b=10.0).minimizer.tolist() == [2.0, 4.0]
    assert beale().minimizer.tolist() == [3.0, 0.5]
    assert himmelblau().minimizer.tolist() == [3.0, 2.0]
    assert float(beale().loss([3.0, 0.5])) == 0.0
    assert float(rosenbrock(a=-1.5).loss([-1.5, 2.25])) == 0.0


def test_himmelblau_minima_are_newtons_fixed_points():
    """Newton's method from the four rounded values of the literature lands on the stored minima."""
    literature = [(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)]
    L = himmelblau()
    for point, stored in zip(literature, L.minima):
        x, y = point
        for _ in range(8):
            gx = 4 * x * (x**2 + y - 11) + 2 * (x + y**2 - 7)
            gy = 2 * (x**2 + y - 11) + 4 * y * (x + y**2 - 7)
            hxx, hxy, hyy = 12 * x**2 + 4 * y - 42, 4 * x + 4 * y, 4 * x + 12 * y**2 - 26
            det = hxx * hyy - hxy**2
            x, y = x - (hyy * gx - hxy * gy) / det, y - (hxx * gy - hxy * gx) / det
        np.testing.assert_allclose(stored, [x, y], atol=1e-12, rtol=0)
        np.testing.assert_allclose(stored, point, atol=1e-6)
    assert len({tuple(np.round(m, 3)) for m in L.minima}) == 4
    assert not L.minima.flags.writeable


@pytest.mark.parametrize("index", range(4))
def test_descent_near_a_himmelblau_minimum_finds_that_one(index):
    L = himmelblau()
    target = L.minima[index]
    path = gradient_descent(L, target + np.array([0.3, -0.2]), lr=0.01, steps=2000, tol=1e-12)
    np.testing.assert_allclose(path.final, target, atol=1e-8)


def test_saddle_is_critical_but_no_minimum():
    L = saddle()
    assert L.minimizer is None and L.minima.shape == (0, 2)
    assert L.saddle_point.tolist() == [0.0, 0.0]
    np.testing.assert_array_equal(L.critical_points, [[0.0, 0.0]])
    np.testing.assert_array_equal(L.grad(L.saddle_point), [0.0, 0.0])
    t = np.linspace(0.0, 3.0, 7)
    along_w2 = L.loss(np.stack([np.zeros_like(t), t], -1))
    along_w1 = L.loss(np.stack([t, np.zeros_like(t)], -1))
    np.testing.assert_allclose(along_w2, -t**2)
    assert np.all(np.diff(along_w2) < 0) and np.all(np.diff(along_w1) > 0)
    # started on the w_1 axis, descent walks into the saddle: w_1 shrinks by (1 - 2 lr) each step
    path = gradient_descent(L, (2.0, 0.0), lr=0.25, steps=6)
    np.testing.assert_allclose(path.params[:, 0], 2.0 * 0.5 ** np.arange(7))
    np.testing.assert_array_equal(path.params[:, 1], 0.0)
    # any tilt off the axis escapes: w_2 grows by (1 + 2 lr) each step
    away = gradient_descent(L, (2.0, 1e-3), lr=0.25, steps=6)
    np.testing.assert_allclose(away.params[:, 1], 1e-3 * 1.5 ** np.arange(7))


def test_names_and_formulas():
    assert [o.name for o in (rosenbrock(), beale(), himmelblau(), saddle())] == [
        "Rosenbrock", "Beale", "Himmelblau", "saddle"]
    for L in (rosenbrock(), beale(), himmelblau(), saddle()):
        assert L.param_names == ("w_1", "w_2") and L.dim == 2 and L.n_samples is None
    assert rosenbrock().formula == r"$L(w_1, w_2) = (1 - w_1)^2 + 100\,(w_2 - w_1^2)^2$"
    assert rosenbrock(0.0, 1.0).formula == r"$L(w_1, w_2) = w_1^2 + (w_2 - w_1^2)^2$"
    assert rosenbrock(-2.0, 3.0).formula == r"$L(w_1, w_2) = (w_1 + 2)^2 + 3\,(w_2 - w_1^2)^2$"
    assert saddle().formula == r"$L(w_1, w_2) = w_1^2 - w_2^2$"


@pytest.mark.parametrize("call, error, words", [
    (lambda: rosenbrock(b=0.0), ValueError, "b must be a positive"),
    (lambda: rosenbrock(b=-1.0), ValueError, "b must be a positive"),
    (lambda: rosenbrock(a=float("nan")), ValueError, "a must be a finite"),
    (lambda: rosenbrock(a="1"), TypeError, "a must be a finite"),
    (lambda: Rosenbrock(b=float("inf")), ValueError, "b must be a positive"),
    (lambda: rosenbrock().loss([1.0, 2.0, 3.0]), ValueError, "theta"),
    (lambda: himmelblau().grad(1.0), ValueError, "theta"),
])
def test_bad_arguments_are_named(call, error, words):
    with pytest.raises(error, match=words):
        call()
