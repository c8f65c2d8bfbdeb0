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


# --- 12: the tiny network, trained by a plain numpy loop (no gdviz) --------------------------------------
def _moons_and_start():
    from sklearn.datasets import make_moons

    x, y = make_moons(n_samples=200, noise=0.2, random_state=0)
    rng = np.random.default_rng(0)  # the start gdviz's initial(seed=0) draws: W1 ~ N(0, 1/2), w2 ~ N(0, 1/8)
    W1, w2 = rng.normal(0.0, math.sqrt(1 / 2), (2, 8)), rng.normal(0.0, math.sqrt(1 / 8), 8)
    return x, y, [W1, np.zeros(8), w2, np.zeros(())]


def _loss_and_grads(x, y, params):
    W1, b1, w2, b2 = params
    a = np.tanh(x @ W1 + b1)
    p = 1 / (1 + np.exp(-(a @ w2 + b2)))
    loss = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    d2 = (p - y) / len(y)
    d1 = np.outer(d2, w2) * (1 - a ** 2)
    return loss, [x.T @ d1, d1.sum(0), a.T @ d2, d2.sum()]


def _train(rule, steps):
    """Full-batch training; each rule written out as torch writes it (momentum b <- mu b + g; Adam)."""
    x, y, params = _moons_and_start()
    memory = [[np.zeros_like(p) for p in params] for _ in range(2)]
    losses, accuracy, visited = [], [], []
    for t in range(steps + 1):
        loss, grads = _loss_and_grads(x, y, params)
        losses.append(loss)
        visited.append(np.concatenate([np.ravel(p) for p in params]))  # gdviz's layout: W1 row by row, b1, w2, b2
        W1, b1, w2, b2 = params
        accuracy.append(np.mean(((np.tanh(x @ W1 + b1) @ w2 + b2) > 0) == (y > 0.5)))
        for i, g in enumerate(grads):
            if rule == "sgd":
                params[i] = params[i] - 0.5 * g
            elif rule == "momentum":
                memory[0][i] = 0.9 * memory[0][i] + g
                params[i] = params[i] - 0.5 * memory[0][i]
            else:
                memory[0][i] = 0.9 * memory[0][i] + 0.1 * g
                memory[1][i] = 0.999 * memory[1][i] + 0.001 * g * g
                m_hat, v_hat = memory[0][i] / (1 - 0.9 ** (t + 1)), memory[1][i] / (1 - 0.999 ** (t + 1))
                params[i] = params[i] - 0.05 * m_hat / (np.sqrt(v_hat) + 1e-8)
    return losses, accuracy, np.array(visited)


@pytest.mark.parametrize("rule, table", [
    ("sgd", {100: (0.2990, 0.865), 300: (0.2090, 0.93), 1000: (0.1074, 0.965)}),
    ("momentum", {100: (0.0909, 0.965), 300: (0.0598, 0.98), 1000: (0.0318, 0.99)}),
    ("adam", {100: (0.1085, 0.97), 300: (0.0579, 0.985), 1000: (0.0247, 0.99)}),
])
def test_12_training_table(rule, table):
    losses, accuracy, _ = _train(rule, 1000)
    assert losses[0] == pytest.approx(0.6994, abs=5e-5)
    for step, (loss, right) in table.items():
        assert round(losses[step], 4) == loss and accuracy[step] == pytest.approx(right)


def test_12_plain_sgd_after_1000_steps_is_where_momentum_was_at_73_and_adam_at_101():
    sgd, momentum, adam = (_train(rule, 1000)[0] for rule in ("sgd", "momentum", "adam"))
    assert int(np.argmax(np.array(momentum) < sgd[1000])) == 73
    assert int(np.argmax(np.array(adam) < sgd[1000])) == 101


def test_12_what_the_random_plane_hides_and_the_pca_plane_keeps():
    path = _train("adam", 300)[2]
    best = path[-1]
    rng = np.random.default_rng(1)

    def filter_normalized(raw):  # unit j's incoming weights: column j of W1 (entries j, 8 + j); w2 whole; biases 0
        W1, w2 = raw[:16].reshape(2, 8), raw[24:32]
        tW1, tw2 = best[:16].reshape(2, 8), best[24:32]
        W1 = W1 * np.linalg.norm(tW1, axis=0) / np.linalg.norm(W1, axis=0)
        return np.concatenate([W1.ravel(), np.zeros(8), w2 * np.linalg.norm(tw2) / np.linalg.norm(w2), [0.0]])

    delta, eta = filter_normalized(rng.normal(size=33)), filter_normalized(rng.normal(size=33))
    D = np.stack([delta, eta], 1)
    move = path[0] - best
    shadow = D @ np.linalg.solve(D.T @ D, D.T @ move)  # least squares by the normal equations
    assert [round(v, 2) for v in (np.linalg.norm(move), np.linalg.norm(shadow), np.linalg.norm(move - shadow))] == [
        16.29, 4.93, 15.53]
    spread = np.linalg.svd(path - best, compute_uv=False) ** 2
    assert [round(100 * v, 1) for v in spread[:2] / spread.sum()] == [96.0, 3.0]
# --- 10: κ before and after standardizing, and the steps to the tolerance ----------------------------------
def _diabetes():
    from sklearn.datasets import load_diabetes

    data = load_diabetes(scaled=False)
    return data.data, data.target


def test_10_kappa_before_and_after_standardizing():
    X, y = _diabetes()
    A = np.column_stack([X, np.ones(len(y))])
    raw = np.linalg.eigvalsh(A.T @ A / len(y))
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    B = np.column_stack([Z, np.ones(len(y))])
    scaled = np.linalg.eigvalsh(B.T @ B / len(y))
    assert f"{raw[-1] / raw[0]:.4g}" == "5.237e+07" and f"{2 / raw[-1]:.4g}" == "2.718e-05"
    assert f"{scaled[-1] / scaled[0]:.1f}" == "470.1" and f"{2 / scaled[-1]:.4f}" == "0.4970"
    assert f"{(raw[-1] / raw[0]) / (scaled[-1] / scaled[0]):,.0f}" == "111,397"
    corr = np.linalg.eigvalsh(np.corrcoef(X, rowvar=False))
    assert corr[-1] / corr[0] == pytest.approx(scaled[-1] / scaled[0], rel=1e-9)  # the correlation matrix's κ


def test_10_plain_descent_on_standardized_data_arrives_in_1313_steps():
    X, y = _diabetes()
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    B = np.column_stack([Z, np.ones(len(y))])
    H = B.T @ B / len(y)
    eig = np.linalg.eigvalsh(H)
    lr = 2 / (eig[-1] + eig[0])
    best, *_ = np.linalg.lstsq(B, y, rcond=None)
    loss = lambda t: 0.5 * np.mean((B @ t - y) ** 2)  # noqa: E731
    low = loss(best)
    theta = np.zeros(11)
    start_gap = loss(theta) - low
    for k in range(1, 2000):
        theta = theta - lr * B.T @ (B @ theta - y) / len(y)
        if loss(theta) - low <= 1e-6 * start_gap:
            break
    assert k == 1313


def test_10_sgd_regressor_matches_per_sample_steps_in_gdvizs_order():
    from sklearn.linear_model import SGDRegressor

    X, y = _diabetes()
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    theta = np.zeros(11)
    sk = SGDRegressor(penalty=None, learning_rate="constant", eta0=0.01, shuffle=False, average=False)
    rng = np.random.default_rng(0)
    for _ in range(2):
        order = rng.permutation(len(y))
        for i in order:  # a plain transcription of the per-sample step on ½(ŷ − y)²
            r = Z[i] @ theta[:10] + theta[10] - y[i]
            theta = theta - 0.01 * r * np.append(Z[i], 1.0)
        sk.partial_fit(Z[order], y[order])
    np.testing.assert_allclose(np.append(sk.coef_, sk.intercept_), theta, atol=1e-9)


# --- 11: C = 1/(n λ), the validation curve's turn and early stopping --------------------------------------
def _cancer_split():
    from sklearn.datasets import load_breast_cancer

    data = load_breast_cancer()
    order = np.random.default_rng(0).permutation(len(data.target))  # the documented split: first 114 held out
    val, train = order[:114], order[114:]
    mean, spread = data.data[train].mean(axis=0), data.data[train].std(axis=0)
    scale = lambda rows: (data.data[rows] - mean) / spread  # noqa: E731
    return scale(train), data.target[train].astype(float), scale(val), data.target[val].astype(float)


def _cross_entropy(theta, X, y):
    z = X @ theta[:-1] + theta[-1]
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def test_11_scikit_learn_with_c_one_over_n_lambda_reaches_the_penalized_minimum():
    from sklearn.linear_model import LogisticRegression

    X, y, X_val, y_val = _cancer_split()
    n, lam = len(y), 0.01
    sk = LogisticRegression(C=1 / (n * lam), tol=1e-12, max_iter=10_000).fit(X, y)
    theta = np.append(sk.coef_[0], sk.intercept_)
    p = 1 / (1 + np.exp(-(X @ theta[:-1] + theta[-1])))
    gradient = np.append(X.T @ (p - y) / n + lam * theta[:-1], np.mean(p - y))
    assert np.abs(gradient).max() < 1e-6  # the stationary point of OUR mean loss with λ = 1/(nC)
    assert f"{1 / (n * lam):.4f}" == "0.2198" and f"{sk.score(X_val, y_val):.1%}" == "98.2%"


def test_11_adam_without_penalty_overfits_after_epoch_73():
    X, y, X_val, y_val = _cancer_split()
    rng = np.random.default_rng(0)
    theta, m, v, t = np.zeros(31), np.zeros(31), np.zeros(31), 0
    val_losses, val_acc = [_cross_entropy(theta, X_val, y_val)], []
    thetas = [theta]
    for _ in range(300):  # a plain transcription: a shuffle per epoch, 14 sorted batches of 32, torch's Adam
        order = rng.permutation(len(y))
        for j in range(len(y) // 32):
            batch = np.sort(order[j * 32:(j + 1) * 32])
            p = 1 / (1 + np.exp(-(X[batch] @ theta[:-1] + theta[-1])))
            g = np.append(X[batch].T @ (p - y[batch]), np.sum(p - y[batch])) / 32
            t += 1
            m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
            theta = theta - 0.01 * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
        val_losses.append(_cross_entropy(theta, X_val, y_val))
        thetas.append(theta)
    best = int(np.argmin(val_losses))
    assert best == 73 and f"{val_losses[best]:.4f}" == "0.0497" and f"{val_losses[-1]:.4f}" == "0.0768"
    patience_stop = next(e for e in range(best, 301) if e - best >= 20)
    assert patience_stop == 93
    accuracy = lambda th: np.mean(((X_val @ th[:-1] + th[-1]) > 0) == (y_val == 1))  # noqa: E731
    assert f"{accuracy(thetas[73]):.1%}" == "98.2%" and f"{accuracy(thetas[-1]):.1%}" == "99.1%"


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
