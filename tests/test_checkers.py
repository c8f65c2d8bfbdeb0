"""Code-exercise checkers: each one with a right solution, a wrong sign, the learning rate applied
twice, one that raises (reported with its line), the stub, and its own typical mistakes."""
import numpy as np
import pytest

import gdviz
from gdviz.lessons import checkers, session as progress


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# Right solutions, written here independently of gdviz/lessons/checkers.py, and their faulty twins.
def step_right(w, lr):
    return w - lr * 2 * w


def descent_right(w0, lr, steps):
    return [w0 * (1 - 2 * lr) ** k for k in range(steps + 1)]  # the closed form w_k = w0 (1 - 2 lr)^k


def step_2d_right(w, lr):
    return np.array([w[0] * (1 - 2 * lr), w[1] * (1 - 20 * lr)])


def neuron_right(w, b, lr, xs, ys):
    dw = db = 0.0
    for x, y in zip(xs, ys):
        f = _sigmoid(w * x + b)
        dw += 2 * (f - y) * f * (1 - f) * x
        db += 2 * (f - y) * f * (1 - f)
    return w - lr * dw, b - lr * db


def epoch_right(params, x, y, lr, batch_size, rng, grad, sign=-1.0, lr_power=1):
    order = rng.permutation(len(x))
    for start in range(0, len(x), batch_size):
        batch = order[start:start + batch_size]
        params = params + sign * lr ** lr_power * grad(params, x[batch], y[batch])
    return params


def momentum_right(w, v, g, lr, mu, sign=-1.0, lr_power=1):
    v = mu * v + g
    return w + sign * lr ** lr_power * v, v


def adam_right(w, m, v, g, t, lr, beta1=0.9, beta2=0.999, eps=1e-8, sign=-1.0, lr_power=1, correct=True):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    m_hat, v_hat = (m / (1 - beta1 ** t), v / (1 - beta2 ** t)) if correct else (m, v)
    return w + sign * lr ** lr_power * m_hat / (np.sqrt(v_hat) + eps), m, v


def linear_right(w, b, X, y, lr, sign=-1.0, lr_power=1):
    grad_w = np.zeros_like(w)
    grad_b = 0.0
    for x_i, y_i in zip(X, y):  # one sample at a time: the mean of (ŷᵢ − yᵢ)(xᵢ, 1)
        r = float(np.dot(x_i, w) + b - y_i)
        grad_w = grad_w + r * x_i / len(y)
        grad_b += r / len(y)
    return w + sign * lr ** lr_power * grad_w, b + sign * lr ** lr_power * grad_b


def logistic_right(w, b, X, y, lr, lam, sign=-1.0, lr_power=1):
    grad_w, grad_b = lam * w, 0.0
    for x_i, y_i in zip(X, y):
        p = _sigmoid(float(np.dot(x_i, w) + b))
        grad_w = grad_w + (p - y_i) * x_i / len(y)
        grad_b += (p - y_i) / len(y)
    return w + sign * lr ** lr_power * grad_w, b + sign * lr ** lr_power * grad_b


def raises(*args, **kwargs):
    half = 0.5
    return half / 0  # the line the checker must point at: line 3 of this function


RAISE_LINE = raises.__code__.co_firstlineno + 2

CASES = {  # checker: (right, wrong sign, lr applied twice)
    gdviz.check_step: (step_right, lambda w, lr: w + lr * 2 * w, lambda w, lr: w - lr ** 2 * 2 * w),
    gdviz.check_descent: (descent_right, lambda w0, lr, steps: [w0 * (1 + 2 * lr) ** k for k in range(steps + 1)],
                          lambda w0, lr, steps: [w0 * (1 - 2 * lr ** 2) ** k for k in range(steps + 1)]),
    gdviz.check_step_2d: (step_2d_right, lambda w, lr: np.array([w[0] * (1 + 2 * lr), w[1] * (1 + 20 * lr)]),
                          lambda w, lr: np.array([w[0] * (1 - 2 * lr * lr), w[1] * (1 - 20 * lr * lr)])),
    gdviz.check_neuron_step: (neuron_right,
                              lambda w, b, lr, xs, ys: neuron_right(w, b, -lr, xs, ys),
                              lambda w, b, lr, xs, ys: neuron_right(w, b, lr * lr, xs, ys)),
    gdviz.check_epoch: (epoch_right, lambda *a: epoch_right(*a, sign=1.0), lambda *a: epoch_right(*a, lr_power=2)),
    gdviz.check_momentum_step: (momentum_right, lambda *a: momentum_right(*a, sign=1.0),
                                lambda *a: momentum_right(*a, lr_power=2)),
    gdviz.check_adam_step: (adam_right, lambda *a: adam_right(*a, sign=1.0), lambda *a: adam_right(*a, lr_power=2)),
    gdviz.check_linear_step: (linear_right, lambda *a: linear_right(*a, sign=1.0),
                              lambda *a: linear_right(*a, lr_power=2)),
    gdviz.check_logistic_step: (logistic_right, lambda *a: logistic_right(*a, sign=1.0),
                                lambda *a: logistic_right(*a, lr_power=2)),
}
IDS = [check.__name__ for check in CASES]


@pytest.fixture(autouse=True)
def _fresh_session():
    progress.reset()
    yield
    progress.reset()


@pytest.mark.parametrize("check", CASES, ids=IDS)
def test_right_solution_passes_and_counts(check):
    verdict = check(CASES[check][0])
    assert verdict.passed and verdict.message.startswith("Right:"), verdict.message
    spec = checkers.EXERCISES[verdict.exercise]
    assert f"exercise {spec.name}" in progress.passed(spec.lesson)
    assert repr(verdict).startswith("✓") and "gdviz-verdict-pass" in verdict._repr_html_()


@pytest.mark.parametrize("check", CASES, ids=IDS)
def test_wrong_sign_is_named(check):
    verdict = check(CASES[check][1])
    assert not verdict.passed and "sign" in verdict.message, verdict.message
    assert not progress.passed(checkers.EXERCISES[verdict.exercise].lesson)


@pytest.mark.parametrize("check", CASES, ids=IDS)
def test_learning_rate_applied_twice_is_named(check):
    verdict = check(CASES[check][2])
    assert not verdict.passed and "learning rate is applied twice" in verdict.message, verdict.message


@pytest.mark.parametrize("check", CASES, ids=IDS)
def test_an_exception_is_reported_with_its_line(check):
    verdict = check(raises)
    assert not verdict.passed
    assert "ZeroDivisionError" in verdict.message and f"line {RAISE_LINE}" in verdict.message
    assert "(`return half / 0" in verdict.message, verdict.message


@pytest.mark.parametrize("check", CASES, ids=IDS)
def test_stubs_get_not_yet(check):
    def stub(*args, **kwargs):
        ...  # your code here

    def unfinished(*args, **kwargs):
        raise NotImplementedError

    # an unfinished stub is invited, not failed: no vermillion, no failed try counted
    for fn in (stub, stub, unfinished):
        verdict = check(fn)
        assert verdict.todo and not verdict.passed and verdict.message.startswith("Your turn:"), verdict.message
        assert "`return`" in verdict.message and "run this cell" in verdict.message
        assert repr(verdict).startswith("✎ Your turn") and "gdviz-verdict-todo" in verdict._repr_html_()
        assert "#D55E00" not in verdict._repr_html_() and "Stuck?" not in verdict.message
    assert "returns None" in check(stub).message and "NotImplementedError" in check(unfinished).message


@pytest.mark.parametrize("check", CASES, ids=IDS)
def test_not_a_function_is_a_type_error(check):
    with pytest.raises(TypeError, match="pass your function itself"):
        check(3.0)


# --- each checker's own typical mistakes ------------------------------------------------------------------
@pytest.mark.parametrize("fn, words", [
    (lambda w, lr: w - lr * w, "forgot the 2"),
    (lambda w, lr: 2 * w, "returned the slope"),
    (lambda w, lr: lr * 2 * w, "returned the step"),
])
def test_step_mistakes(fn, words):
    assert words in gdviz.check_step(fn).message


@pytest.mark.parametrize("fn, words", [
    (lambda w0, lr, steps: descent_right(w0, lr, steps)[1:], "the start is missing"),
    (lambda w0, lr, steps: descent_right(w0, lr, steps)[-1], "only the last"),
    (lambda w0, lr, steps: [w0] * (steps + 1), "never changes"),
    (lambda w0, lr, steps: [w0 + 1] * (steps + 1), "returned (5, 5, 5, 5, 5, 5)"),  # no known mistake: the case shown
])
def test_descent_mistakes(fn, words):
    assert words in gdviz.check_descent(fn).message


def test_step_2d_wrong_shape_and_mistakes():
    shape = gdviz.check_step_2d(lambda w, lr: float(w[0] ** 2 + 10 * w[1] ** 2)).message
    assert "shape ()" in shape and "shape (2,)" in shape
    assert "20w₂" in gdviz.check_step_2d(lambda w, lr: w - lr * 2 * w).message
    assert "swapped" in gdviz.check_step_2d(lambda w, lr: w - lr * np.array([2, 20]) * w[::-1]).message


def test_neuron_mistakes():
    def half(w, b, lr, xs, ys):  # the slope of the loss with the 1/2
        f = _sigmoid(w * xs + b)
        return w - lr * np.sum((f - ys) * f * (1 - f) * xs), b - lr * np.sum((f - ys) * f * (1 - f))

    def no_slope(w, b, lr, xs, ys):
        f = _sigmoid(w * xs + b)
        return w - lr * np.sum(2 * (f - ys) * xs), b - lr * np.sum(2 * (f - ys))

    assert "brings down a 2" in gdviz.check_neuron_step(half).message
    assert "σ(1 − σ) is missing" in gdviz.check_neuron_step(no_slope).message


def test_epoch_no_reshuffle_and_fresh_draws_are_named():
    def in_order(params, x, y, lr, batch_size, rng, grad):
        for start in range(0, len(x), batch_size):
            params = params - lr * grad(params, x[start:start + batch_size], y[start:start + batch_size])
        return params

    def same_order_every_epoch(params, x, y, lr, batch_size, rng, grad):
        order = np.random.default_rng(0).permutation(len(x))  # shuffled once, never again
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            params = params - lr * grad(params, x[batch], y[batch])
        return params

    def dropping_the_short_batch(params, x, y, lr, batch_size, rng, grad):  # torch's drop_last=True
        order = rng.permutation(len(x))
        for start in range(0, len(x) - batch_size + 1, batch_size):
            batch = order[start:start + batch_size]
            params = params - lr * grad(params, x[batch], y[batch])
        return params

    assert "no reshuffle" in gdviz.check_epoch(in_order).message
    assert not gdviz.check_epoch(same_order_every_epoch).passed
    assert gdviz.check_epoch(dropping_the_short_batch).passed  # either convention is accepted


def test_momentum_and_adam_mistakes():
    old_velocity = lambda w, v, g, lr, mu: (w - lr * v, mu * v + g)  # noqa: E731
    averaged = lambda w, v, g, lr, mu: (w - lr * (mu * v + (1 - mu) * g), mu * v + (1 - mu) * g)  # noqa: E731
    assert "old velocity" in gdviz.check_momentum_step(old_velocity).message
    assert "averaged form" in gdviz.check_momentum_step(averaged).message
    no_correction = lambda *a, **k: adam_right(*a, **k, correct=False)  # noqa: E731
    assert "bias correction is missing" in gdviz.check_adam_step(no_correction).message
    wrong_shape = lambda w, m, v, g, t, lr, beta1=0.9, beta2=0.999, eps=1e-8: w  # noqa: E731
    assert "should return the triple" in gdviz.check_adam_step(wrong_shape).message


def test_exception_inside_a_notebook_cell_names_the_cells_line():
    namespace = {}
    exec(compile("def step(w, lr):\n    new_w = w - lr * slope\n    return new_w\n", "/tmp/ipykernel_1/42.py",
                 "exec"), namespace)
    message = gdviz.check_step(namespace["step"]).message
    assert "NameError" in message and "line 2 of your cell" in message


def test_wrong_arguments_name_the_signature():
    message = gdviz.check_step(lambda w: w).message
    assert "takes 1 positional argument" in message and "It should be `def step(w, lr):`" in message
    assert "`def adam_step(w, m, v, g, t, lr, beta1=0.9, beta2=0.999, eps=1e-08):`" in gdviz.check_adam_step(
        lambda w: w).message
    assert "of your cell" not in message  # the learner's code never ran


def test_the_second_failed_check_points_to_the_worked_solution():
    wrong = lambda w, lr: w + lr * 2 * w  # noqa: E731
    first, second = gdviz.check_step(wrong), gdviz.check_step(wrong)
    assert "Stuck?" not in first.message and second.message == first.message + (
        " Stuck? The worked solution is collapsed under this cell.")
    assert gdviz.check_step(step_right).passed


# --- backpropagation through a tanh hidden layer (lesson 12) ----------------------------------------------
def hidden_right(X, a, w2, d2):
    """Loops over samples, inputs and units: no matrix product to get the wrong way round."""
    n, p = X.shape
    h = a.shape[1]
    grad_W1, grad_b1 = np.zeros((p, h)), np.zeros(h)
    for i in range(n):
        for j in range(h):
            share = d2[i] * w2[j] * (1 - a[i, j] ** 2)
            grad_b1[j] += share
            for k in range(p):
                grad_W1[k, j] += X[i, k] * share
    return grad_W1, grad_b1


def test_hidden_backward_reference_is_the_networks_gradient_by_finite_differences():
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(7, 3)), (rng.random(7) > 0.5).astype(float)
    net = gdviz.two_layer_net(X, y, width=4)
    theta = rng.normal(size=net.dim)
    W1, b1, w2, b2 = net.unpack(theta)
    a = np.tanh(X @ W1 + b1)
    d2 = (_sigmoid(a @ w2 + b2) - y) / 7
    h = 1e-6
    numeric = np.array([(net.loss(theta + h * e) - net.loss(theta - h * e)) / (2 * h) for e in np.eye(net.dim)])
    grad_W1, grad_b1 = hidden_right(X, a, w2, d2)
    np.testing.assert_allclose(np.concatenate([grad_W1.ravel(), grad_b1]), numeric[:3 * 4 + 4], rtol=1e-6, atol=1e-9)
    assert gdviz.check_hidden_backward(hidden_right).passed


def _hidden_with(d1_of, W=lambda X, d1: X.T @ d1, b=lambda d1: d1.sum(axis=0)):
    def hidden_backward(X, a, w2, d2):
        d1 = d1_of(a, w2, d2)
        return W(X, d1), b(d1)
    return hidden_backward


@pytest.mark.parametrize("fn, words", [
    (_hidden_with(lambda a, w2, d2: np.outer(d2, w2)), "slope is missing"),
    (_hidden_with(lambda a, w2, d2: np.outer(d2, w2) * a * (1 - a)), "sigmoid's slope"),
    (_hidden_with(lambda a, w2, d2: np.outer(d2, w2) * (1 - a)), "not 1 − a"),
    (_hidden_with(lambda a, w2, d2: d2[:, None] * (1 - a ** 2)), "through its weight"),
    (_hidden_with(lambda a, w2, d2: np.outer(d2, w2) * (1 - a ** 2), W=lambda X, d1: d1.T @ X), "transposed"),
    (_hidden_with(lambda a, w2, d2: np.outer(d2, w2) * (1 - a ** 2), W=lambda X, d1: X.T @ d1 / len(X),
                  b=lambda d1: d1.mean(axis=0)), "averaged over the samples again"),
    (_hidden_with(lambda a, w2, d2: np.outer(d2, w2) * (1 - a ** 2), b=lambda d1: d1.mean(axis=0)),
     "grad_b1 is averaged"),
    (_hidden_with(lambda a, w2, d2: np.outer(d2, w2) * (1 - a ** 2), b=lambda d1: d1.sum(axis=1)),
     "one number per hidden unit"),
])
def test_hidden_backward_mistakes_are_named(fn, words):
    verdict = gdviz.check_hidden_backward(fn)
    assert not verdict.passed and words in verdict.message, verdict.message


def test_hidden_backward_stub_raise_and_wrong_arguments():
    def stub(X, a, w2, d2):
        ...  # your code here

    assert "returns None" in gdviz.check_hidden_backward(stub).message
    assert "returns None" in gdviz.check_hidden_backward(lambda X, a, w2, d2: (None, None)).message
    verdict = gdviz.check_hidden_backward(raises)
    assert "ZeroDivisionError" in verdict.message and f"line {RAISE_LINE}" in verdict.message
    assert "def hidden_backward(X, a, w2, d2)" in gdviz.check_hidden_backward(lambda X: X).message
    assert "exercise hidden_backward" not in progress.passed("12")
def test_linear_and_logistic_mistakes():
    def linear_sum(w, b, X, y, lr):
        r = X @ w + b - y
        return w - lr * X.T @ r, b - lr * r.sum()

    def linear_frozen_b(w, b, X, y, lr):
        return linear_right(w, b, X, y, lr)[0], b

    assert "divide by the number of samples" in gdviz.check_linear_step(linear_sum).message
    assert "b comes back unchanged" in gdviz.check_linear_step(linear_frozen_b).message

    def no_penalty(w, b, X, y, lr, lam):
        return logistic_right(w, b, X, y, lr, 0.0)

    def slope(w, b, X, y, lr, lam):
        p = _sigmoid(X @ w + b)
        d = (p - y) * p * (1 - p)
        return w - lr * (X.T @ d / len(y) + lam * w), b - lr * d.mean()

    assert "penalty is missing" in gdviz.check_logistic_step(no_penalty).message
    assert "p(1 − p) belongs to squared error" in gdviz.check_logistic_step(slope).message
