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


# --- safe checkers: a time limit, copies watched for changes in place, the kind of thing returned -------
def _timed(check, fn):
    import time
    start = time.perf_counter()
    verdict = check(fn)
    return verdict, time.perf_counter() - start


def _hangs(w, lr):
    while True:
        pass


def _nan_loop(w, lr):
    while w != 0:  # meant as "until w reaches 0"; w overflows to inf, then nan, and nan != 0 forever
        w = (w - lr * 2 * w) * 1e300
    return w


def _never_appends(w0, lr, steps):
    ws, w = [w0], w0
    while len(ws) < steps + 1:  # the append is missing: the list never grows
        w = w - lr * 2 * w
    return ws


@pytest.mark.parametrize("check, fn, case", [
    (gdviz.check_step, _hangs, "w = 3, lr = 0.1"),
    (gdviz.check_step, _nan_loop, "w = 3, lr = 0.1"),
    (gdviz.check_descent, _never_appends, "w0 = 4, lr = 0.1, steps = 5"),
], ids=["while True", "while w != 0 with nan", "descent never appends"])
def test_a_hanging_solution_returns_within_its_limit_naming_the_case(check, fn, case):
    verdict, seconds = _timed(check, fn)
    assert checkers.TIME_LIMIT <= seconds < checkers.TIME_LIMIT + 1.0, seconds
    assert not verdict.passed and not verdict.todo
    assert "took too long" in verdict.message and "look for a loop that never ends" in verdict.message
    assert f"for {case} " in verdict.message, verdict.message


def test_the_time_limit_holds_off_the_main_thread_too():
    """Off the main thread (no SIGALRM there) the call runs in a worker stopped by an asynchronous exception."""
    import threading
    found = {}
    worker = threading.Thread(target=lambda: found.update(result=_timed(gdviz.check_step, _hangs)))
    worker.start()
    worker.join(checkers.TIME_LIMIT + 5)
    verdict, seconds = found["result"]
    assert seconds < checkers.TIME_LIMIT + 1.0 and "took too long" in verdict.message
    assert not any(t.name == "gdviz-checker" and t.is_alive() for t in threading.enumerate())  # it was stopped
    # and a right answer, or an error with its line, comes back from the worker as from the main thread
    worker = threading.Thread(target=lambda: found.update(right=gdviz.check_step(step_right),
                                                          error=gdviz.check_step(raises)))
    worker.start()
    worker.join(10)
    assert found["right"].passed and f"line {RAISE_LINE}" in found["error"].message


def test_a_learner_catching_every_exception_is_still_stopped():
    def stubborn(w, lr):
        while True:
            try:
                while True:
                    pass
            except Exception:  # noqa: BLE001 - what a learner might write
                pass

    verdict, seconds = _timed(gdviz.check_step, stubborn)
    assert seconds < checkers.TIME_LIMIT + 1.0 and "took too long" in verdict.message


def test_right_answers_are_checked_fast():
    for check, (right, *_) in CASES.items():
        verdict, seconds = _timed(check, right)
        assert verdict.passed and seconds < 0.5, (check.__name__, seconds)


def _in_place_step_2d(w, lr):
    w -= lr * np.array([2.0, 20.0]) * w
    return w


def _in_place_epoch(params, x, y, lr, batch_size, rng, grad):
    order = rng.permutation(len(x))
    for start in range(0, len(x), batch_size):
        batch = order[start:start + batch_size]
        params -= lr * grad(params, x[batch], y[batch])
    return params


def _in_place_momentum(w, v, g, lr, mu):
    v *= mu
    v += g
    return w - lr * v, v


def _in_place_linear(w, b, X, y, lr):
    r = X @ w + b - y
    w[:] = w - lr * X.T @ r / len(y)
    return w, b - lr * r.mean()


@pytest.mark.parametrize("check, fn, name", [
    (gdviz.check_step_2d, _in_place_step_2d, "w"), (gdviz.check_epoch, _in_place_epoch, "params"),
    (gdviz.check_momentum_step, _in_place_momentum, "v"), (gdviz.check_linear_step, _in_place_linear, "w"),
], ids=["step_2d", "epoch", "momentum_step", "linear_step"])
def test_changing_an_input_in_place_is_named(check, fn, name):
    # each of these returns the right numbers: only the caller's array, changed behind its back, is wrong
    verdict = check(fn)
    assert not verdict.passed
    assert f"changed the caller's `{name}` in place" in verdict.message
    assert f"`{name} = {name} - ...`" in verdict.message
    assert verdict.mistake == "changed its input in place"  # what a grader's report counts


def test_shuffling_x_and_y_in_place_is_named():
    def shuffle_both(params, x, y, lr, batch_size, rng, grad):
        rng.shuffle(x)
        rng.shuffle(y)  # a second, different shuffle: each x has lost its y
        for start in range(0, len(x), batch_size):
            params = params - lr * grad(params, x[start:start + batch_size], y[start:start + batch_size])
        return params

    verdict = gdviz.check_epoch(shuffle_both)
    message = verdict.message
    assert "reordered the caller's `x` in place" in message and "parts each x from its y" in message, message
    assert verdict.mistake == "changed its input in place"


def test_a_verdict_names_the_misconception_it_recognised_and_only_then():
    assert gdviz.check_step(lambda w, lr: w + lr * 2 * w).mistake == "the sign"
    assert gdviz.check_step(lambda w, lr: w - lr * 2 * w).mistake is None
    assert gdviz.check_step(lambda w, lr: w - 0.5 * lr * w + 1.0).mistake is None  # wrong, but no named slip
    assert gdviz.check_step(lambda w, lr: None).mistake is None  # a slip in what is returned, not a misconception


@pytest.mark.parametrize("check, fn, words", [
    (gdviz.check_step, lambda w, lr: str(w - lr * 2 * w), "returned text ("),
    (gdviz.check_step, lambda w, lr: f"{w - lr * 2 * w:.3f}", "without str(...) or quotes"),
    (gdviz.check_step, lambda w, lr: (w - lr * 2 * w, 2 * w), "returned a tuple"),
    (gdviz.check_step, lambda w, lr: [w - lr * 2 * w], "returned a list"),
    (gdviz.check_step_2d, lambda w, lr: [w[0] * (1 - 2 * lr), w[1] * (1 - 20 * lr)], "not a numpy array"),
    (gdviz.check_epoch, lambda params, x, y, lr, batch_size, rng, grad: list(params), "not a numpy array"),
    (gdviz.check_neuron_step, lambda w, b, lr, xs, ys: np.array([w, b]), "returned one ndarray"),
    (gdviz.check_momentum_step, lambda w, v, g, lr, mu: (w - lr * (mu * v + g), mu * v + g, v), "returned 3 values"),
    (gdviz.check_adam_step, lambda w, m, v, g, t, lr, beta1=0.9, beta2=0.999, eps=1e-8: (w, m), "returned 2 values"),
    (gdviz.check_linear_step, lambda w, b, X, y, lr: (w, None), "value 2 of the 2"),
    (gdviz.check_logistic_step, lambda w, b, X, y, lr, lam: (str(w), b), "returned text"),
], ids=["str", "f-string", "tuple for a number", "list for a number", "list for an array",
        "list for params", "one array for a pair", "three for a pair", "two for a triple", "None in a pair",
        "text in a pair"])
def test_the_kind_returned_is_named(check, fn, words):
    verdict = check(fn)
    assert not verdict.passed and not verdict.todo and words in verdict.message, verdict.message


def test_a_function_without_return_is_named_but_the_stub_is_invited():
    def forgot_return(w, lr):
        w = w - lr * 2 * w  # noqa: F841 - the learner's slip

    def stub(w, lr):
        """Return the new w."""
        ...  # your code here

    verdict = gdviz.check_step(forgot_return)
    assert not verdict.todo and "returned None: it reaches its end without a `return`" in verdict.message
    assert gdviz.check_step(stub).todo


# --- the epoch judged by its own shuffle ------------------------------------------------------------------
def _epoch_with(order_of, *, step=lambda params, lr, g: params - lr * g, batches_of=None):
    """An epoch whose order comes from ``order_of(rng, n)`` (a plain loop otherwise)."""
    def epoch(params, x, y, lr, batch_size, rng, grad):
        order = order_of(rng, len(x))
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            params = step(params, lr, grad(params, x[batch], y[batch]))
        return params
    return epoch


def _shuffled(rng, n):
    order = np.arange(n)
    rng.shuffle(order)
    return order


@pytest.mark.parametrize("order_of", [
    lambda rng, n: rng.permutation(n), lambda rng, n: rng.choice(n, n, replace=False), _shuffled,
    lambda rng, n: np.argsort(rng.random(n)), lambda rng, n: rng.permuted(np.arange(n)),
], ids=["permutation", "choice without replacement", "shuffle", "argsort of uniforms", "permuted"])
def test_any_valid_shuffle_drawn_from_rng_passes(order_of):
    verdict = gdviz.check_epoch(_epoch_with(order_of))
    assert verdict.passed, verdict.message


def _separately(params, x, y, lr, batch_size, rng, grad):
    xs, ys = x[rng.permutation(len(x))], y[rng.permutation(len(y))]
    for start in range(0, len(x), batch_size):
        params = params - lr * grad(params, xs[start:start + batch_size], ys[start:start + batch_size])
    return params


def _global(params, x, y, lr, batch_size, rng, grad):
    order = np.random.permutation(len(x))
    for start in range(0, len(x), batch_size):
        batch = order[start:start + batch_size]
        params = params - lr * grad(params, x[batch], y[batch])
    return params


def _every_batch(params, x, y, lr, batch_size, rng, grad):
    for _ in range(0, len(x), batch_size):
        batch = rng.permutation(len(x))[:batch_size]  # a new shuffle before every batch
        params = params - lr * grad(params, x[batch], y[batch])
    return params


def _every_batch_choice(params, x, y, lr, batch_size, rng, grad):
    for _ in range(0, len(x), batch_size):
        batch = rng.choice(len(x), batch_size, replace=False)
        params = params - lr * grad(params, x[batch], y[batch])
    return params


def _at_the_start(params, x, y, lr, batch_size, rng, grad):
    order = rng.permutation(len(x))
    grads = [grad(params, x[order[s:s + batch_size]], y[order[s:s + batch_size]]) for s in range(0, len(x), batch_size)]
    for g in grads:
        params = params - lr * g
    return params


_ORDER = {}


def _cached_order(params, x, y, lr, batch_size, rng, grad):
    order = _ORDER.setdefault(len(x), rng.permutation(len(x)))  # drawn once, reused every epoch
    for start in range(0, len(x), batch_size):
        batch = order[start:start + batch_size]
        params = params - lr * grad(params, x[batch], y[batch])
    return params


@pytest.mark.parametrize("fn, words", [
    (_separately, "x and y were shuffled separately"),
    (_global, "did not come from `rng`: np.random.permutation (the global generator)"),
    (_every_batch, "a reshuffle before every batch"),
    (_every_batch_choice, "a reshuffle before every batch"),
    (_at_the_start, "every gradient was taken at the params the epoch started with"),
    (_cached_order, "both epochs used the same order"),
    (_epoch_with(lambda rng, n: rng.choice(n, n, replace=False), step=lambda p, lr, g: p + lr * g), "the sign"),
    (_epoch_with(lambda rng, n: rng.choice(n, n, replace=False), step=lambda p, lr, g: p - lr * lr * g),
     "the learning rate is applied twice"),
    (_epoch_with(lambda rng, n: rng.choice(n, n, replace=False), step=lambda p, lr, g: p - 0.5 * lr * g),
     "along your own batches the epoch should end at"),
], ids=["x and y apart", "global np.random", "reshuffle per batch", "choice per batch", "gradients at the start",
        "same order twice", "sign with choice", "lr twice with choice", "other"])
def test_epoch_mistakes_are_named_by_their_own_shuffle(fn, words):
    _ORDER.clear()
    verdict = gdviz.check_epoch(fn)
    assert not verdict.passed and words in verdict.message, verdict.message
    assert "by hand" not in verdict.message  # a random shuffle cannot be worked by hand


# --- the listed mistakes of the other exercises -----------------------------------------------------------
def test_adam_state_nesterov_and_neuron_mean_are_named():
    def adam_hats(w, m, v, g, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g ** 2
        m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
        return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_hat, v_hat

    def nesterov(w, v, g, lr, mu):  # torch's SGD with nesterov=True
        v = mu * v + g
        return w - lr * (g + mu * v), v

    def neuron_mean(w, b, lr, xs, ys):
        f = _sigmoid(w * xs + b)
        shared = 2 * (f - ys) * f * (1 - f)
        return w - lr * np.mean(shared * xs), b - lr * np.mean(shared)

    assert "returned the corrected m̂ and v̂ as the state" in gdviz.check_adam_step(adam_hats).message
    assert "Nesterov's look-ahead" in gdviz.check_momentum_step(nesterov).message
    assert "you averaged over the points (np.mean)" in gdviz.check_neuron_step(neuron_mean).message


def test_a_timer_set_before_the_check_runs_on():
    import signal
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *a: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30.0)
        assert gdviz.check_step(step_right).passed
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 25.0 < left <= 30.0 and not fired  # still set, with the time it had left
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
