"""Numbers the lessons' text states, recomputed here independently of gdviz (plain Python and numpy).

Each one is printed in its notebook by a cell tagged ``nbval-check-output``, so nbval also checks the
stored output; these tests check that the text's claim is what the arithmetic gives.
"""
import math

import numpy as np
import pytest


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def two_point_loss(w, b):
    """Borgohain's neuron: half the summed squared misses on (0.5, 0.2) and (2.5, 0.9)."""
    return sum(0.5 * (sigmoid(w * x + b) - y) ** 2 for x, y in ((0.5, 0.2), (2.5, 0.9)))


# --- 01: which rows of the article's table "cut the digits off" ------------------------------------------
def test_01_only_guess_4_is_explained_by_cutting_digits_off():
    row1, row4 = two_point_loss(0.5, 0.0), two_point_loss(1.42, -1.73)
    assert f"{row1:.5f}" == "0.07311" and f"{row4:.5f}" == "0.00289"
    cut = lambda v: math.floor(v * 1e4) / 1e4  # noqa: E731
    assert round(row4, 4) == 0.0029 and cut(row4) == 0.0028  # the article's 0.0028: cut off, not rounded
    assert round(row1, 4) == 0.0731 and cut(row1) == 0.0731  # the article's 0.0730 is neither


# --- 03: where each run of the sweep stops, and the floor of its loss plot --------------------------------
def test_03_final_losses_are_set_by_the_tolerance():
    lrs = np.linspace(0.01, 1.2, 200)
    finals, converged = [], []
    for lr in lrs[lrs < 1]:
        w, done = 4.0, False
        for _ in range(600):
            new = w - lr * (2 * w)
            done, w = abs(new - w) < 1e-6, new
            if done:
                break
        finals.append(w * w)
        converged.append(done)
    finals, converged = np.array(finals), np.array(converged)
    floor = 1e-16 * 16.0
    assert len(finals) == 166 and converged.sum() == 164
    assert np.round(lrs[lrs < 1][~converged], 4).tolist() == [0.9907, 0.9967]
    below = lrs[lrs < 1][finals < floor]
    assert len(below) == 19 and (round(below.min(), 4), round(below.max(), 4)) == (0.4226, 0.5781)
    assert f"{finals[0]:.1e}" == "2.4e-09" and f"{math.sqrt(finals[0]):.1e}" == "4.9e-05"
    assert f"{finals[converged].min():.1e}" == "9.6e-25"


# --- 04: per step the shallow axis is *multiplied by* more than 0.8 below the cap ----------------------
@pytest.mark.parametrize("lr, factors", [(0.02, (0.96, 0.60)), (0.095, (0.81, -0.90)), (0.105, (0.79, -1.10))])
def test_04_valley_factors(lr, factors):
    w1, w2 = -9.0, 2.0
    n1, n2 = w1 - lr * 2 * w1, w2 - lr * 20 * w2  # one step on w1^2 + 10 w2^2, gradient (2 w1, 20 w2)
    assert (n1 / w1, n2 / w2) == pytest.approx(factors)
    if lr < 0.1:
        assert n1 / w1 > 0.8  # "multiplied by more than 1 - 2 * 0.1 = 0.8"


# --- 05: with eta = 50, step 3 nears the fit, step 4 falls back, step 8 is thrown out -------------------
def test_05_eta_50_first_eight_steps():
    w, b, visited = -2.0, -2.0, []
    for _ in range(9):
        visited.append((w, b, two_point_loss(w, b)))
        dw = db = 0.0
        for x, y in ((0.5, 0.2), (2.5, 0.9)):
            f = sigmoid(w * x + b)
            dw += (f - y) * f * (1 - f) * x
            db += (f - y) * f * (1 - f)
        w, b = w - 50.0 * dw, b - 50.0 * db
    losses = [loss for _, _, loss in visited]
    assert round(losses[3], 3) == 0.071 and losses[3] == min(losses)  # step 3: the lowest loss of the eight
    assert losses[4] > losses[0]  # step 4: back on the plateau, higher than the start (0.422 > 0.416)
    assert (round(visited[7][0], 2), round(visited[7][1], 2), round(losses[7], 3)) == (1.13, -3.30, 0.144)
    assert (round(visited[8][0], 1), round(visited[8][1], 1), round(losses[8], 3)) == (16.6, 3.2, 0.325)
    assert all(abs(v[0]) < 2.5 for v in visited[:8])  # no earlier step went far out


# --- 06: ten seeds, and each batch size's learning rate tuned --------------------------------------------
def _lesson_06_data():
    rng = np.random.default_rng(1)
    x = rng.uniform(-4, 4, size=1000)
    y = 1 / (1 + np.exp(-(1.5 * x - 0.5))) + rng.normal(0, 0.1, size=1000)
    return x, y


def _minibatch_final_loss(x, y, lr, batch_size, epochs, seed):
    """Plain mini-batch descent on the mean of half squared misses: a fresh shuffle each epoch, the
    leftover n % B points sitting out, one step per batch (the lesson's convention), from (-2, 2)."""
    n, w, b = len(x), -2.0, 2.0
    rng = np.random.default_rng(seed)
    for _ in range(epochs if batch_size < n else 0):
        order = rng.permutation(n)
        for j in range(n // batch_size):
            idx = np.sort(order[j * batch_size:(j + 1) * batch_size])
            f = 1 / (1 + np.exp(-(w * x[idx] + b)))
            shared = (f - y[idx]) * f * (1 - f)
            w, b = w - lr * np.mean(shared * x[idx]), b - lr * np.mean(shared)
    for _ in range(epochs if batch_size == n else 0):  # full batch: every point, no shuffle
        f = 1 / (1 + np.exp(-(w * x + b)))
        shared = (f - y) * f * (1 - f)
        w, b = w - lr * np.mean(shared * x), b - lr * np.mean(shared)
    return float(np.mean(0.5 * (1 / (1 + np.exp(-(w * x + b))) - y) ** 2))


def test_06_ranking_over_ten_seeds():
    x, y = _lesson_06_data()
    sizes = (1, 32, 64, 128)
    finals = np.array([[_minibatch_final_loss(x, y, 2.0, size, 5, seed) for seed in range(1, 11)] for size in sizes])
    orders = [tuple(np.array(sizes)[np.argsort(column)]) for column in finals.T]
    assert orders.count((32, 1, 64, 128)) == 7 and orders.count((1, 32, 64, 128)) == 3


def test_06_tuned_rates():
    x, y = _lesson_06_data()
    grid = tuple(2.0 ** k for k in range(-4, 9))  # 1/16 to 256, past 2 / lambda_max = 139 at the fit
    best = {size: min((_minibatch_final_loss(x, y, rate, size, 5, 0), rate) for rate in grid)
            for size in (1, 32, 64, 128, 1000)}
    assert {size: rate for size, (_, rate) in best.items()} == {1: 0.125, 32: 4.0, 64: 16.0, 128: 64.0, 1000: 128.0}
    assert [round(loss, 5) for loss, _ in best.values()] == [0.00528, 0.00528, 0.00528, 0.00529, 0.01184]
    # no best rate sits on the grid's edge
    assert all(grid[0] < rate < grid[-1] for _, rate in best.values())


# --- 07: 0.425 is the tail's level, not the ceiling; the divergence rule stops a finite run ----------------
def test_07_the_loss_ceiling_is_0_725():
    assert two_point_loss(-4.0, -4.0) == pytest.approx(0.4245, abs=5e-5)
    assert round(two_point_loss(-10.0, 10.0), 3) == 0.720
    w, b = np.meshgrid(np.linspace(-40, 40, 401), np.linspace(-40, 40, 401))
    f1, f2 = 1 / (1 + np.exp(-(0.5 * w + b))), 1 / (1 + np.exp(-(2.5 * w + b)))
    grid = 0.5 * (f1 - 0.2) ** 2 + 0.5 * (f2 - 0.9) ** 2
    assert grid.max() < 0.725 and grid.max() > 0.72  # approached, never reached
    assert 0.5 * (0.8 ** 2 + 0.9 ** 2) == pytest.approx(0.725)


def test_07_divergence_rule_stops_at_step_76_at_a_finite_value():
    w, k = 4.0, 0
    while abs(w) <= 1e6 * 4.0:
        w, k = w - 1.1 * 2 * w, k + 1
    assert k == 76 and math.isfinite(w * w) and round(math.log10(w * w), 2) == 13.24


# --- 07 and 08: the numbers of the "going deeper" asides, which are not run in the lessons ------------------
def test_07_trigonometric_formula_solves_the_cubic():
    p, q = -3 / 2, 1 / 4
    angle = np.arccos(3 * q / (2 * p) * np.sqrt(-3 / p)) / 3
    roots = np.sort([2 * np.sqrt(-p / 3) * np.cos(angle - 2 * np.pi * k / 3) for k in range(3)])
    np.testing.assert_allclose(roots, np.sort(np.roots([4.0, 0.0, -6.0, 1.0]).real), atol=1e-12)
    assert np.allclose(roots, [-1.3008, 0.1699, 1.1309], atol=5e-5)  # the table the lesson prints


def test_08_measured_rate_carries_the_double_root_factor():
    # heavy ball at Goh's optimum on w1^2 + 10 w2^2 from (-9, 2), as a plain loop: over the last half of n steps
    # the measured rate is r * 2^(2/n) to three or four digits, because the distance shrinks like k r^k
    lr, mu = (2 / (math.sqrt(2) + math.sqrt(20))) ** 2, ((math.sqrt(10) - 1) / (math.sqrt(10) + 1)) ** 2
    r = (math.sqrt(10) - 1) / (math.sqrt(10) + 1)
    for n, measured in ((100, 0.5266), (400, 0.5213)):
        theta, b, dist = np.array([-9.0, 2.0]), np.zeros(2), [math.hypot(-9.0, 2.0)]
        for _ in range(n):
            b = mu * b + np.array([2.0, 20.0]) * theta
            theta = theta - lr * b
            dist.append(float(np.linalg.norm(theta)))
        rate = (dist[n] / dist[n // 2]) ** (1 / (n - n // 2))
        assert round(rate, 4) == measured and abs(rate - r * 2 ** (2 / n)) < 2e-4


def test_03_article_check_in_going_deeper():
    # eta = 0.05 on w^2 from 4: w_k = 4 * 0.9^k is 0.17 after 30 steps and first below 0.01 at step 57
    assert round(4 * 0.9 ** 30, 2) == 0.17
    assert min(k for k in range(200) if 4 * 0.9 ** k < 0.01) == 57
