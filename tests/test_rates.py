"""Rates per step: measured on paths, predicted in closed form, checked against formulas worked by hand.

On a quadratic with Hessian eigenvalues lam, plain descent multiplies each eigen-coordinate by 1 - lr lam;
heavy-ball momentum (distill's form z <- beta z + g, w <- w - alpha z, the same as torch's b <- mu b + g)
shrinks it at the largest root size of z^2 - (1 + beta - alpha lam) z + beta.
"""
from __future__ import annotations

import numpy as np
import pytest

import gdviz
from gdviz.core.rates import measured_rate, predicted_rate

VALLEY = gdviz.bowl((1, 10))  # eigenvalues 2 and 20, kappa = 10
LAMBDAS = (2.0, 20.0)


def distill(lr: float, beta: float) -> float:
    return max(float(np.max(np.abs(np.roots([1.0, -(1.0 + beta - lr * lam), beta])))) for lam in LAMBDAS)


def nesterov_matrix_rate(lr: float, mu: float) -> float:
    """torch's Nesterov on one eigen-direction: b' = mu b + lam w, w' = w - lr (lam w + mu b')."""
    rates = []
    for lam in LAMBDAS:
        step = np.array([[1 - lr * lam * (1 + mu), -lr * mu * mu], [lam, mu]])  # acts on (w, b)
        rates.append(np.max(np.abs(np.linalg.eigvals(step))))
    return float(max(rates))


def test_plain_descent_rate_is_the_largest_factor():
    for lr in (0.01, 1 / 11, 0.095, 0.12):
        expected = max(abs(1 - lr * lam) for lam in LAMBDAS)
        assert predicted_rate(VALLEY, gdviz.sgd(lr)) == pytest.approx(expected, rel=1e-12)


def test_best_rates_of_plain_descent_and_heavy_ball():
    kappa = 10.0
    assert predicted_rate(VALLEY, gdviz.sgd(2 / 22)) == pytest.approx((kappa - 1) / (kappa + 1))
    lr = (2 / (np.sqrt(2) + np.sqrt(20))) ** 2
    beta = ((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2
    assert predicted_rate(VALLEY, gdviz.sgd(lr, momentum=beta)) == pytest.approx(
        (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1), rel=1e-6)  # a double root: eigvals to ~1e-8


@pytest.mark.parametrize("lr", [0.005, 0.03, 0.08, 0.15])
@pytest.mark.parametrize("mu", [0.1, 0.5, 0.9, 0.99])
def test_heavy_ball_is_distills_closed_form(lr, mu):
    assert predicted_rate(VALLEY, gdviz.sgd(lr, momentum=mu)) == pytest.approx(distill(lr, mu), rel=1e-6)


@pytest.mark.parametrize("lr, mu", [(0.05, 0.9), (0.02, 0.5), (0.1, 0.3)])
def test_nesterov_rate_is_the_eigenvalue_of_its_step(lr, mu):
    rule = gdviz.sgd(lr, momentum=mu, nesterov=True)
    assert predicted_rate(VALLEY, rule) == pytest.approx(nesterov_matrix_rate(lr, mu), rel=1e-9)


def test_measured_rate_approaches_the_closed_form():
    for lr, mu in ((0.05, 0.5), (0.1, 0.3), (0.02, 0.9)):
        path = gdviz.optimize(VALLEY, (1.0, 1.0), gdviz.sgd(lr, momentum=mu), 400)
        assert measured_rate(path, VALLEY) == pytest.approx(distill(lr, mu), rel=0.01)
    path = gdviz.optimize(gdviz.parabola(), 4.0, gdviz.sgd(0.1), 10)
    assert measured_rate(path, gdviz.parabola()) == pytest.approx(0.8, rel=1e-12)  # w <- 0.8 w


def test_measured_rate_edge_cases():
    parabola = gdviz.parabola()
    assert measured_rate(gdviz.optimize(parabola, 4.0, gdviz.sgd(1.1), 200), parabola) is None  # diverged
    assert measured_rate(gdviz.optimize(parabola, 4.0, gdviz.sgd(0.1), 0), parabola) is None  # no step
    assert measured_rate(gdviz.optimize(parabola, 4.0, gdviz.sgd(0.5), 4), parabola) == 0.0  # lands on 0
    well = gdviz.double_well()  # the run stops moving in floating point: rounding is not a rate of 0
    assert measured_rate(gdviz.optimize(well, 2.0, gdviz.sgd(0.01), 1500), well) == pytest.approx(0.9065, abs=1e-3)
    well = gdviz.double_well()  # two minima: step lengths, which shrink at the valley's rate
    path = gdviz.optimize(well, 2.0, gdviz.sgd(0.01), 400)
    curvature = 12 * well.critical_points[2] ** 2 - 6  # the shallow valley, where the run ends
    assert measured_rate(path, well) == pytest.approx(1 - 0.01 * curvature, rel=1e-3)


def test_no_closed_form():
    assert predicted_rate(gdviz.rosenbrock(), gdviz.sgd(0.001)) is None  # not a quadratic
    assert predicted_rate(VALLEY, gdviz.sgd(gdviz.step_decay(0.05, 10))) is None  # a schedule
    for rule in (gdviz.adam(0.1), gdviz.rmsprop(0.01), gdviz.adagrad(0.1)):  # not linear
        assert predicted_rate(VALLEY, rule) is None, rule
    assert predicted_rate(VALLEY, gdviz.sgd(np.array([0.1, 0.2]))) is None  # a sweep's rule
