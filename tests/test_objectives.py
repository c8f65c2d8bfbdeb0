"""Objectives: values by hand, vectorized shapes, gradients against central differences."""
import math
import warnings

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


# --- the contract ---------------------------------------------------------------------------------

from dataclasses import dataclass  # noqa: E402

from gdviz.core.objectives import (DoubleWell, FunctionObjective, Objective, Quadratic,  # noqa: E402
                                   check_objective, default_param_names)

# every objective's contract (name, formula, minima, batch_grad) is checked in tests/test_conformance.py


def test_default_param_names():
    assert default_param_names(1) == ("w",)
    assert default_param_names(2) == ("w_1", "w_2")
    assert Quadratic((1.0, 2.0, 3.0)).param_names == ("w_1", "w_2", "w_3")
    assert FunctionObjective(lambda *w: 0.0, None, dim=1, h=1e-5).param_names == ("w",)
    assert Quadratic((1.0,), param_names=["a"]).param_names == ("a",)


def test_minima_default_to_the_minimizer():
    assert gdviz.bowl().minima.tolist() == [[0.0, 0.0]]
    assert gdviz.sigmoid_fit([0.0, 1.0, 2.0], [0.1, 0.5, 0.9]).minima.shape == (0, 2)
    well = gdviz.double_well()
    np.testing.assert_allclose(well.minima[:, 0], well.critical_points[[0, 2]])
    assert well.critical_points.shape == (3,) and well.minima.shape == (2, 1)


@dataclass(frozen=True)
class Custom(Objective):
    """A learner's own objective class: L(w) = (w - 1)^2, with contract attributes to break."""

    dim: int = 1
    name: str = "custom"
    formula: str = ""
    param_names: tuple = ()
    minimizer: object = None
    critical_points: object = None
    n_samples: object = None

    def loss(self, theta):
        return (np.asarray(theta, dtype=float)[..., 0] - 1.0) ** 2

    def grad(self, theta):
        return 2.0 * (np.asarray(theta, dtype=float) - 1.0)


def test_a_subclass_is_checked_when_made():
    good = Custom(minimizer=np.array([1.0]), formula="$L(w) = (w - 1)^2$")
    assert good.param_names == ("w",) and good.minima.tolist() == [[1.0]]
    assert check_objective(good, 1, "explore_lr_1d") is good


@pytest.mark.parametrize("call, error, words", [
    (lambda: DoubleWell(dim=3), ValueError, "dim must be 1"),
    (lambda: Quadratic((1.0, -1.0)), ValueError, "curvatures must be positive"),
    (lambda: Quadratic((1.0, 0.0)), ValueError, "curvatures"),
    (lambda: Quadratic(()), ValueError, "curvatures"),
    (lambda: Quadratic((1.0, float("inf"))), ValueError, "curvatures"),
    (lambda: Quadratic((1.0, 1.0), param_names=("a",)), ValueError, "param_names must hold 2"),
    (lambda: Quadratic((1.0,), param_names="w"), TypeError, "param_names"),
    (lambda: Quadratic((1.0,), param_names=("",)), ValueError, "param_names"),
    (lambda: Quadratic((1.0,), formula="L = w^2"), ValueError, "formula must be LaTeX"),
    (lambda: Quadratic((1.0,), formula=3), TypeError, "formula"),
    (lambda: Quadratic((1.0,), name=""), ValueError, "name"),
    (lambda: Quadratic((1.0,), name=None), TypeError, "name"),
    (lambda: Custom(dim=0), ValueError, "dim must be an integer >= 1. Got 0 instead"),
    (lambda: Custom(dim=1.0), TypeError, "dim"),
    (lambda: Custom(dim=True), TypeError, "dim"),
    (lambda: Custom(minimizer=np.array([1.0, 2.0])), ValueError, "minimizer"),
    (lambda: Custom(minimizer=np.array([np.nan])), ValueError, "minimizer"),
    (lambda: Custom(critical_points=[[np.inf]]), ValueError, "critical_points"),
    (lambda: Custom(critical_points=[[0.0, 1.0]]), ValueError, "critical_points"),
    (lambda: Custom(n_samples=0), ValueError, "n_samples"),
    (lambda: Custom(n_samples=5), TypeError, "batch_grad"),
    (lambda: gdviz.double_well("steep"), TypeError, "tilt"),
])
def test_contract_breaches_are_named(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_minima_must_include_the_minimizer():
    @dataclass(frozen=True)
    class Wrong(Custom):
        minimizer: object = (1.0,)

        @property
        def minima(self):
            return np.array([[2.0]])

    with pytest.raises(ValueError, match="minima must include the minimizer"):
        Wrong()


def test_check_objective():
    bowl = gdviz.bowl()
    assert check_objective(bowl, 2, "ContourView") is bowl
    assert check_objective(bowl, (1, 2), "loss_grid") is bowl
    with pytest.raises(TypeError) as info:
        check_objective("w**2")
    assert str(info.value) == (
        "objective must be a gdviz objective such as gdviz.parabola(), or your own function "
        "wrapped with gdviz.from_function(...). Got 'w**2' instead.")
    with pytest.raises(ValueError) as info:
        check_objective(bowl, 1, "explore_lr_1d")
    assert str(info.value) == "explore_lr_1d needs an objective with 1 parameter(s); 'bowl' has 2."
    with pytest.raises(ValueError, match="loss_grid needs an objective with 1 or 2 parameter"):
        check_objective(Quadratic((1.0, 1.0, 1.0)), (1, 2), "loss_grid")


# --- a learner's own function: what it returns is checked ----------------------------------------

def never_returns(w):
    w**2  # noqa: B018 - the forgotten return


@pytest.mark.parametrize("kwargs, words", [
    ({"loss": never_returns}, r"loss returned None at w = 0\.5"),
    ({"loss": lambda w: [w, w**2]}, "loss must return one number for each point"),
    ({"loss": lambda w: np.array([w, 2 * w])}, "loss must return one number for each point"),
    ({"loss": lambda w: (w + 1j) ** 2}, "loss must return real numbers"),
    ({"loss": lambda w: "w**2"}, "loss must return one number"),
    ({"loss": lambda w: 1.0 / 0.0}, "loss fails at w = 0.5.*ZeroDivisionError: float division"),
    ({"loss": lambda w: math.log(w - 1.0)}, "loss fails at w = 0.5.*ValueError: math domain error"),
    ({"loss": lambda a, b: a * b, "grad": lambda a, b: (b,)}, "grad must return 2 number"),
    ({"loss": lambda a, b: a * b, "grad": lambda a, b: (b, a, 0.0)}, "grad must return 2 number"),
    ({"loss": lambda a, b: a * b, "grad": lambda a, b: b}, "grad must return 2 number"),
    ({"loss": lambda a, b: a * b, "grad": lambda a, b: (b, None)}, "grad must return one number"),
    ({"loss": lambda w: w**2, "grad": lambda w: None}, "grad returned None"),
    ({"loss": lambda w: w**2, "grad": lambda w: [2 * w, 1.0]}, "grad must return 1 number"),
    ({"loss": lambda w: w**2, "grad": lambda w: undefined_name}, "grad fails.*NameError"),  # noqa: F821
])
def test_own_function_that_returns_the_wrong_thing_is_refused(kwargs, words):
    with pytest.raises(ValueError, match=words):
        gdviz.from_function(**kwargs)


def test_own_function_checked_at_call_time_too():
    late = gdviz.from_function(lambda w: w**2 if w < 1 else None)  # fine at the probe 0.5
    assert late.loss(0.5) == 0.25
    with pytest.raises(ValueError, match=r"loss returned None at w = 2"):
        late.loss([[0.0], [2.0]])
    partial = gdviz.from_function(lambda a, b: a + b, grad=lambda a, b: (1.0,) if a > 1 else (1.0, 1.0))
    with pytest.raises(ValueError, match="grad must return 2 number"):
        partial.grad([3.0, 0.0])


def test_own_function_may_be_nan_or_inf_at_the_probe():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        log = gdviz.from_function(lambda w: np.log(w - 1.0))      # nan at 0.5
        pole = gdviz.from_function(lambda w: 1.0 / (w - 0.5))     # inf at 0.5
        scalar = gdviz.from_function(lambda w: math.log(w))
    assert log.loss(2.0) == pytest.approx(0.0)
    assert pole.loss(1.5) == pytest.approx(1.0)
    assert scalar.loss(math.e) == pytest.approx(1.0)


def test_own_function_constant_part_and_plain_numbers():
    objective = gdviz.from_function(lambda a, b: a**2 + 3 * b, grad=lambda a, b: (2 * a, 3))
    np.testing.assert_allclose(objective.grad([[1.0, 0.0], [2.0, 5.0]]), [[2.0, 3.0], [4.0, 3.0]])
    flat = gdviz.from_function(lambda w: 7)
    np.testing.assert_array_equal(flat.loss([[0.0], [1.0], [2.0]]), [7.0, 7.0, 7.0])


def test_an_objective_shows_its_formula_typeset_in_a_notebook():
    assert gdviz.parabola()._repr_latex_() == "$L(w) = w^2$"
    assert gdviz.from_function(lambda w: w**2)._repr_latex_() is None  # nothing to typeset: plain repr
