"""The curvature thread of lessons 01, 03, 04, 05 and 07, recomputed without gdviz's descent.

Each number the lessons print for the law eta < 2 / curvature, the condition number, the cross-entropy
neuron and the saddle is derived here from plain Python loops, closed forms and central differences, and
compared with what the notebooks print (their cells are tagged ``nbval-check-output``) and with the
question bank's answers.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

import gdviz
from gdviz.lessons.bank import lesson

X, Y = (0.5, 2.5), (0.2, 0.9)
FIT = (math.log(6), -math.log(4) - 0.5 * math.log(6))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _squared_error(w: float, b: float) -> float:
    return sum(0.5 * (_sigmoid(w * x + b) - y) ** 2 for x, y in zip(X, Y))


def _cross_entropy(w: float, b: float) -> float:
    return -sum(y * math.log(_sigmoid(w * x + b)) + (1 - y) * math.log(1 - _sigmoid(w * x + b))
                for x, y in zip(X, Y))


def _central(f, point, h=1e-6):
    """The gradient of f at point by central differences."""
    point = np.asarray(point, dtype=float)
    return np.array([(f(*(point + h * e)) - f(*(point - h * e))) / (2 * h) for e in np.eye(len(point))])


def _hessian(grad, point, h=1e-5):
    point = np.asarray(point, dtype=float)
    return np.stack([(grad(point + h * e) - grad(point - h * e)) / (2 * h) for e in np.eye(len(point))], axis=1)


def _descent(grad, start, lr, steps):
    """Plain gradient descent as a list of points, the start included."""
    points = [np.asarray(start, dtype=float)]
    for _ in range(steps):
        points.append(points[-1] - lr * grad(points[-1]))
    return np.array(points)


# Lesson 03: eta < 1/a = 2/L'' on L = a w^2 -----------------------------------------------------------

@pytest.mark.parametrize("a", [0.5, 1.0, 2.0, 5.0])
def test_lesson_03_limit_is_two_over_the_curvature(a):
    curvature = (2 * a * 1e-4 - 2 * a * (-1e-4)) / 2e-4      # the slope 2aw, differenced
    assert curvature == pytest.approx(2 * a) and 2 / curvature == pytest.approx(1 / a)
    sizes = []
    for f in (0.9, 1.0, 1.1):
        w = 1.0
        for _ in range(600):
            w -= f / a * 2 * a * w
        sizes.append(abs(w))
    assert sizes[0] < 1e-6 and sizes[1] == pytest.approx(1.0) and sizes[2] > 1e6
    statuses = [gdviz.gradient_descent(gdviz.Quadratic((a,)), 1.0, f * 2 / curvature, steps=600, tol=1e-6).status
                for f in (0.9, 1.0, 1.1)]
    assert statuses == ["converged", "max_steps", "diverged"]     # the row the lesson prints


def test_lesson_03_factor_depends_only_on_a_times_eta():
    for a in (0.5, 1.0, 2.0, 5.0):
        for f, factor in ((0.9, -0.8), (1.0, -1.0), (1.1, -1.2)):
            assert 1 - 2 * a * (f / a) == pytest.approx(factor)
    assert lesson("03").predictions[3].answer == 0


# Lesson 04: the Hessian, the condition number and the zig-zag factor -----------------------------------

def test_lesson_04_condition_number_of_the_valley():
    grad = lambda w: np.array([2 * w[0], 20 * w[1]])        # L = w1^2 + 10 w2^2, transcribed
    lam = np.linalg.eigvalsh(_hessian(grad, (-9.0, 2.0)))
    assert lam == pytest.approx([2.0, 20.0])
    kappa = lam.max() / lam.min()
    assert kappa == pytest.approx(10.0) and 2 / lam.max() == pytest.approx(0.1)
    assert (kappa - 1) / (kappa + 1) == pytest.approx(9 / 11) and round(9 / 11, 4) == 0.8182
    path = _descent(grad, (-9.0, 2.0), 1 / 11, 30)
    distance = np.linalg.norm(path, axis=1)
    assert distance[1:] / distance[:-1] == pytest.approx(np.full(30, 9 / 11))
    assert round(distance[0], 2) == 9.22 and round(distance[-1], 4) == 0.0224   # lesson 07 prints both
    assert round(gdviz.measured_rate(gdviz.gradient_descent(gdviz.bowl((1, 10)), (-9, 2), 1 / 11, steps=30),
                                     gdviz.bowl((1, 10))), 4) == 0.8182


def test_lesson_04_quiz_on_kappa():
    curvatures = np.array([2 * 2.0, 2 * 18.0])               # L = 2 w1^2 + 18 w2^2
    kappa = curvatures.max() / curvatures.min()
    best = 2 / curvatures.sum()
    assert kappa == pytest.approx(9) and best == pytest.approx(0.05)
    assert 1 - curvatures * best == pytest.approx([0.8, -0.8])
    assert lesson("04").quizzes[6].answer == pytest.approx((kappa - 1) / (kappa + 1))


# Lesson 05: cross-entropy removes the plateau -------------------------------------------------------

def _ce_grad(p):
    w, b = p
    return np.array([sum((_sigmoid(w * x + b) - y) * x for x, y in zip(X, Y)),
                     sum(_sigmoid(w * x + b) - y for x, y in zip(X, Y))])


def _se_grad(p):
    w, b = p
    out = np.zeros(2)
    for x, y in zip(X, Y):
        f = _sigmoid(w * x + b)
        out += (f - y) * f * (1 - f) * np.array([x, 1.0])
    return out


def test_lesson_05_cross_entropy_gradient_is_the_bare_miss():
    start = (-2.0, -2.0)
    assert _central(_cross_entropy, start) == pytest.approx(_ce_grad(start), abs=1e-8)
    assert gdviz.sigmoid_fit(loss="cross_entropy").grad(np.array(start)) == pytest.approx(_ce_grad(start))
    assert round(float(np.linalg.norm(_ce_grad(start))), 4) == 2.5509
    assert round(float(np.linalg.norm(_central(_squared_error, start))), 4) == 0.0095
    assert _cross_entropy(*FIT) == pytest.approx(-sum(y * math.log(y) + (1 - y) * math.log(1 - y) for y in Y))


def test_lesson_05_plateau_lengths_by_plain_loops():
    ce = _descent(_ce_grad, (-2.0, -2.0), 0.3, 1000)
    se = _descent(_se_grad, (-2.0, -2.0), 0.3, 3000)
    yard_ce = np.array([_squared_error(*p) for p in ce])
    yard_se = np.array([_squared_error(*p) for p in se])
    assert int(np.argmax(yard_ce < 0.1)) == 4 and int(np.argmax(yard_se < 0.1)) == 270
    assert int(np.argmax(np.linalg.norm(ce - FIT, axis=1) < 1e-3)) == 326
    assert int(np.argmax(np.linalg.norm(se - FIT, axis=1) < 1e-3)) == 2478


def test_lesson_05_limits_at_the_fit():
    ce_limit = 2 / np.linalg.eigvalsh(_hessian(_ce_grad, FIT)).max()
    se_limit = 2 / np.linalg.eigvalsh(_hessian(_se_grad, FIT)).max()
    assert round(ce_limit, 2) == 2.57 and round(se_limit, 2) == 24.87


# Lesson 07: a saddle, and the curvature of w^4 + 2w^2 -------------------------------------------------

def test_lesson_07_saddle_escape():
    grad = lambda w: np.array([2 * w[0], -2 * w[1]])        # L = w1^2 - w2^2
    exact = _descent(grad, (4.0, 0.0), 0.1, 40)
    nudged = _descent(grad, (4.0, 1e-3), 0.1, 40)
    assert np.all(exact[:, 1] == 0) and exact[-1, 0] == pytest.approx(4 * 0.8**40)
    assert int(np.argmax(np.abs(nudged[:, 1]) > 1)) == 38 == math.ceil(math.log(1000) / math.log(1.2))
    lengths = np.linalg.norm([grad(p) for p in nudged], axis=1)
    assert int(np.argmin(lengths)) == 21 and round(lengths.min(), 3) == 0.118
    loss = nudged[:, 0] ** 2 - nudged[:, 1] ** 2
    flat = np.flatnonzero(np.abs(loss) < 0.01)
    assert (flat.min(), flat.max()) == (17, 25)
    assert np.allclose(gdviz.gradient_descent(gdviz.saddle(), (4.0, 1e-3), 0.1, steps=40).params, nudged)
    assert lesson("07").predictions[3].answer == 1


def test_lesson_07_quiz_on_the_curvature_limit():
    loss = lambda w: w**4 + 2 * w**2
    h = 1e-4
    curvature = (loss(h) - 2 * loss(0.0) + loss(-h)) / h**2
    assert curvature == pytest.approx(4.0, rel=1e-6)
    assert lesson("07").quizzes[5].answer == pytest.approx(2 / curvature, rel=1e-6)
