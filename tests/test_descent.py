"""Gradient descent and sweeps against the articles' worked numbers and closed forms."""
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdviz


@pytest.fixture(autouse=True)
def _warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def w_path(lr, steps, start=4.0, **kwargs):
    return gdviz.gradient_descent(gdviz.parabola(), start, lr, steps, **kwargs)


# --- the course segment "Gradient Descent" (seed 002) ---------------------------------------

def test_parabola_from_5_goes_5_4_3point2():
    path = w_path(0.1, 2, start=5.0)
    np.testing.assert_allclose(path.params[:, 0], [5.0, 4.0, 3.2])
    np.testing.assert_allclose(path.losses, [25.0, 16.0, 10.24])
    np.testing.assert_allclose(path.grads[:, 0], [10.0, 8.0, 6.4])
    assert path.status == "max_steps" and path.n_steps == 2


def test_bowl_one_step_and_distance():
    path = gdviz.gradient_descent(gdviz.bowl(), (5.0, -4.0), 0.1, 2)
    np.testing.assert_allclose(path.grads[0], [10.0, -8.0])
    np.testing.assert_allclose(path.params[1], [4.0, -3.2])
    # squared distance to the minimum (0, 0) is the loss here: 25 + 16 = 41, 16 + 10.24 = 26.24
    np.testing.assert_allclose(np.sum(path.params[:2] ** 2, axis=1), [41.0, 26.24])
    np.testing.assert_allclose(path.losses[:2], [41.0, 26.24])
    # the segment's "one more step": W2 = 0.8 * W1 = (3.2, -2.56), squared distance 16.7936
    np.testing.assert_allclose(path.params[2], [3.2, -2.56])
    assert path.losses[2] == pytest.approx(16.7936)


# --- Borgohain's four learning-rate cases on L(w) = w^2 from 4 (seed 000) --------------------

def test_lr_1_bounces_forever():
    path = w_path(1.0, 6, tol=1e-6)
    assert path.params[:, 0].tolist() == [4.0, -4.0, 4.0, -4.0, 4.0, -4.0, 4.0]
    assert path.status == "max_steps"


def test_lr_0_9_converges_while_changing_sign():
    path = w_path(0.9, 200, tol=1e-6)
    w = path.params[:, 0]
    assert path.status == "converged"
    assert np.all(np.sign(w[1:]) == -np.sign(w[:-1]))  # every step crosses the minimum
    assert np.all(np.abs(w[1:]) < np.abs(w[:-1]))
    # |step| = 1.8 * 4 * 0.8^k < 1e-6 first at k = 71, i.e. the 72nd update
    assert path.n_steps == math.ceil(math.log(1e-6 / 7.2) / math.log(0.8)) + 1 == 72


def test_lr_0_05_creeps():
    path = w_path(0.05, 1000, tol=1e-6)
    # w_k = 4 * 0.9^k; Borgohain says it "reaches the local minimum after 30 iterations", but after
    # 30 steps w is still 4 * 0.9^30 = 0.1696 (loss 0.0288); it needs 124 steps to move < 1e-6.
    assert path.params[30, 0] == pytest.approx(4 * 0.9**30)
    assert path.params[30, 0] == pytest.approx(0.169565, abs=1e-6)
    assert path.status == "converged"
    assert path.n_steps == math.ceil(math.log(1e-6 / 0.4) / math.log(0.9)) + 1 == 124


def test_lr_0_35_converges_in_under_15_steps():
    path = w_path(0.35, 1000, tol=1e-6)
    assert path.status == "converged"
    # |step| = 0.7 * 4 * 0.3^k < 1e-6 first at k = 13: 14 updates
    assert path.n_steps == 14 < 15


def test_diverging_run_is_a_result_not_a_warning():
    path = w_path(1.5, 10_000)
    assert path.status == "diverged"
    # |w_k| = 4 * 2^k passes the bound 1e6 * 4 at k = 20
    assert path.n_steps == 20
    assert np.all(np.isfinite(path.params[:-1]))


def test_overflow_to_inf_is_diverged_without_warning():
    big = gdviz.from_function(lambda w: w**4)  # numeric gradient, blows up to inf quickly
    path = gdviz.gradient_descent(big, 10.0, 5.0, 100)
    assert path.status == "diverged"


def test_zero_steps_and_converged_at_start():
    assert w_path(0.1, 0).params.shape == (1, 1)
    path = gdviz.gradient_descent(gdviz.parabola(), 0.0, 0.1, 50, tol=1e-9)
    assert path.status == "converged" and path.n_steps == 1


# --- the sigmoid neuron (seed 000): the article's loop, transcribed in plain Python ----------

def plain_python_descent(w, b, eta, epochs, xs=(0.5, 2.5), ys=(0.2, 0.9)):
    for _ in range(epochs):
        dw = db = 0.0
        for x, y in zip(xs, ys):
            f = 1.0 / (1.0 + math.exp(-(w * x + b)))
            dw += (f - y) * f * (1 - f) * x
            db += (f - y) * f * (1 - f)
        w, b = w - eta * dw, b - eta * db
    return w, b


def test_sigmoid_neuron_matches_the_plain_loop_and_approaches_the_exact_fit():
    neuron = gdviz.sigmoid_fit()
    path = gdviz.gradient_descent(neuron, (-2.0, -2.0), 0.3, 1000)
    np.testing.assert_allclose(path.final, plain_python_descent(-2.0, -2.0, 0.3, 1000), rtol=1e-12)
    np.testing.assert_allclose(path.params[10], plain_python_descent(-2.0, -2.0, 0.3, 10), rtol=1e-12)
    exact = neuron.minimizer
    distances = np.linalg.norm(path.params - exact, axis=1)
    # from 3.80 away to about 0.10 away after the article's 1000 epochs
    assert distances[0] == pytest.approx(np.hypot(-2 - exact[0], -2 - exact[1]))
    assert distances[-1] < 0.11 < 0.03 * distances[0]
    longer = gdviz.gradient_descent(neuron, (-2.0, -2.0), 0.3, 20_000, tol=1e-10)
    assert longer.status == "converged"
    np.testing.assert_allclose(longer.final, exact, atol=1e-6)


# --- mini-batches ---------------------------------------------------------------------------

def data(n=12, seed=0, reduction="sum"):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    return gdviz.sigmoid_fit(x, gdviz.sigmoid(1.5 * x - 0.5), reduction=reduction)


def test_batch_of_everything_is_exactly_full_batch():
    neuron = data(reduction="mean")
    full = gdviz.gradient_descent(neuron, (0.0, 0.0), 0.5, 30)
    batch = gdviz.gradient_descent(neuron, (0.0, 0.0), 0.5, 30, batch_size=12, seed=7)
    assert np.array_equal(full.params, batch.params)


def test_same_seed_same_path_other_seed_other_path():
    neuron = data()
    a = gdviz.gradient_descent(neuron, (0.0, 0.0), 0.05, 20, batch_size=3, seed=1)
    b = gdviz.gradient_descent(neuron, (0.0, 0.0), 0.05, 20, batch_size=3, seed=1)
    c = gdviz.gradient_descent(neuron, (0.0, 0.0), 0.05, 20, batch_size=3, seed=2)
    assert np.array_equal(a.params, b.params) and not np.array_equal(a.params, c.params)
    np.testing.assert_allclose(a.epochs[[0, 4, 8]], [0.0, 1.0, 2.0])


def test_each_epoch_visits_every_sample_once():
    """SGD on one epoch with a tiny learning rate: the steps' sum equals lr * n * (sum of all gradients)."""
    neuron = data(n=6)
    seen = []

    class Spy(gdviz.Objective):
        dim, n_samples, name = 2, 6, "spy"

        def __init__(self):
            self._validate()

        def loss(self, theta):
            return neuron.loss(theta)

        def grad(self, theta):
            return neuron.grad(theta)

        def batch_grad(self, theta, index):
            seen.append(list(index))
            return neuron.batch_grad(theta, index)

    gdviz.gradient_descent(Spy(), (0.0, 0.0), 1e-3, 12, batch_size=2, seed=0)
    epochs = [sorted(sum(seen[k:k + 3], [])) for k in (0, 3)]
    assert epochs == [list(range(6))] * 2
    assert all(b == sorted(b) for b in seen)
    assert seen[:3] != seen[3:]  # reshuffled


def test_sgd_epochs_with_remainder_sit_out():
    neuron = data(n=7)
    path = gdviz.gradient_descent(neuron, (0.0, 0.0), 0.01, 9, batch_size=2, seed=0)
    assert path.n_steps == 9 and path.batch_size == 2
    np.testing.assert_allclose(path.epochs[-1], 9 * 2 / 7)


# --- sweeps -----------------------------------------------------------------------------------

@settings(max_examples=30, deadline=None)
@given(w0=st.floats(-10, 10, allow_nan=False),
       lrs=st.lists(st.floats(0.001, 0.99), min_size=1, max_size=6))
def test_sweep_matches_closed_form_on_parabola(w0, lrs):
    sweep = gdviz.sweep_learning_rates(gdviz.parabola(), w0, lrs, 25)
    k = np.arange(26)
    expected = w0 * (1 - 2 * np.asarray(lrs))[:, None] ** k
    np.testing.assert_allclose(sweep.params[..., 0], expected, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(sweep.losses, expected**2, rtol=1e-9, atol=1e-12)


def test_sweep_rows_equal_single_runs():
    neuron = gdviz.sigmoid_fit()
    lrs = [0.1, 0.3, 1.0, 3.0]
    sweep = gdviz.sweep_learning_rates(neuron, (-2.0, -2.0), lrs, 200)
    for row, lr in enumerate(lrs):
        single = gdviz.gradient_descent(neuron, (-2.0, -2.0), lr, 200)
        np.testing.assert_allclose(sweep.params[row], single.params, rtol=1e-12, atol=1e-15)


def test_sweep_divergence_rows_and_statuses():
    lrs = np.array([0.05, 0.35, 0.5, 0.9, 1.0, 1.1, 5.0])
    sweep = gdviz.sweep_learning_rates(gdviz.parabola(), 4.0, lrs, 2000, tol=1e-6)
    assert sweep.status.tolist() == ["converged", "converged", "converged", "converged",
                                     "max_steps", "diverged", "diverged"]
    assert sweep.steps_taken[:4].tolist() == [124, 14, 2, 72]
    # lr 5: |w| = 4 * 9^k overflows; the row holds inf/nan after that, and no warning was raised
    assert not np.all(np.isfinite(sweep.params[-1]))
    # lr 1.1 leaves the bound 4e6 when 1.2^k > 1e6, i.e. k = 76
    assert sweep.steps_taken[5] == math.ceil(math.log(1e6) / math.log(1.2)) == 76


def test_sweep_accepts_one_start_per_row():
    starts = np.array([[-2.0], [0.5], [2.0]])
    sweep = gdviz.sweep_learning_rates(gdviz.double_well(), starts, [0.01] * 3, 2000)
    ends = sweep.params[:, -1, 0]
    critical = gdviz.double_well().critical_points
    np.testing.assert_allclose(ends, [critical[0], critical[2], critical[2]], atol=1e-6)


# --- bad input --------------------------------------------------------------------------------

P, B, N = gdviz.parabola(), gdviz.bowl(), gdviz.sigmoid_fit()


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(objective=P, start=1.0, lr=0.0, steps=5), ValueError, "lr must be a positive finite"),
    (dict(objective=P, start=1.0, lr=-0.1, steps=5), ValueError, "lr must be a positive finite"),
    (dict(objective=P, start=1.0, lr=float("inf"), steps=5), ValueError, "lr"),
    (dict(objective=P, start=1.0, lr=float("nan"), steps=5), ValueError, "lr"),
    (dict(objective=P, start=1.0, lr="0.1", steps=5), TypeError, "lr"),
    (dict(objective=P, start=1.0, lr=0.1, steps=-1), ValueError, "steps must be an integer >= 0"),
    (dict(objective=P, start=1.0, lr=0.1, steps=2.5), TypeError, "steps"),
    (dict(objective=B, start=1.0, lr=0.1, steps=5), ValueError, "start must hold 2"),
    (dict(objective=B, start=[1.0, 2.0, 3.0], lr=0.1, steps=5), ValueError, "start must hold 2"),
    (dict(objective=B, start=[1.0, float("nan")], lr=0.1, steps=5), ValueError, "start must contain only finite"),
    (dict(objective=P, start="four", lr=0.1, steps=5), TypeError, "start"),
    (dict(objective=P, start=None, lr=0.1, steps=5), TypeError, "start"),
    (dict(objective=N, start=[0, 0], lr=0.1, steps=5, batch_size=0), ValueError, "batch_size must be"),
    (dict(objective=N, start=[0, 0], lr=0.1, steps=5, batch_size=3), ValueError, r"between 1 and .* \(2\)"),
    (dict(objective=N, start=[0, 0], lr=0.1, steps=5, batch_size=1.5), TypeError, "batch_size"),
    (dict(objective=P, start=1.0, lr=0.1, steps=5, batch_size=1), ValueError, "batch_size needs an objective with data"),
    (dict(objective=P, start=1.0, lr=0.1, steps=5, tol=-1.0), ValueError, "tol"),
    (dict(objective="w**2", start=1.0, lr=0.1, steps=5), TypeError, "objective"),
])
def test_bad_arguments_name_what_is_accepted(kwargs, error, words):
    with pytest.raises(error, match=words):
        gdviz.gradient_descent(**kwargs)


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(lrs=[0.1, -0.1]), ValueError, "lrs must be a positive finite number"),
    (dict(lrs=[]), ValueError, "lrs must be a number or a non-empty 1-D"),
    (dict(lrs=[[0.1]]), ValueError, "lrs must be a number or a non-empty 1-D"),
    (dict(start=[[1.0], [2.0]], lrs=[0.1, 0.2, 0.3]), ValueError, "start must have shape"),
    (dict(steps=-3), ValueError, "steps"),
])
def test_sweep_bad_arguments(kwargs, error, words):
    arguments = dict(objective=P, start=1.0, lrs=[0.1], steps=5) | kwargs
    with pytest.raises(error, match=words):
        gdviz.sweep_learning_rates(**arguments)


def test_path_is_immutable():
    path = w_path(0.1, 3)
    with pytest.raises(ValueError):
        path.params[0, 0] = 1.0
    with pytest.raises(AttributeError):
        path.status = "converged"
    assert "status='max_steps'" in repr(path)
