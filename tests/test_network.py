"""The two-layer network objective: backprop against finite differences, the batch axis, the layout, bad arguments."""
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import gdviz
from gdviz.core.network import TwoLayerNet


def _data(seed, n, p):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, p)), (rng.random(n) > 0.5).astype(float)


def _plain_loss(theta, x, y, width, activation, reduction):
    """The loss by plain Python loops over samples and units (math only), from the documented layout."""
    p = len(x[0])
    W1 = [[theta[i * width + j] for j in range(width)] for i in range(p)]
    b1 = theta[p * width:p * width + width]
    w2 = theta[p * width + width:p * width + 2 * width]
    b2 = theta[-1]
    g = {"tanh": math.tanh, "relu": lambda z: max(z, 0.0), "sigmoid": lambda z: 1 / (1 + math.exp(-z))}[activation]
    total = 0.0
    for xi, yi in zip(x, y):
        hidden = [g(sum(xi[i] * W1[i][j] for i in range(p)) + b1[j]) for j in range(width)]
        out = 1 / (1 + math.exp(-(sum(a * w for a, w in zip(hidden, w2)) + b2)))
        total -= yi * math.log(out) + (1 - yi) * math.log(1 - out)
    return total / len(x) if reduction == "mean" else total


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 6), p=st.integers(1, 4), width=st.integers(1, 5),
       activation=st.sampled_from(["tanh", "relu", "sigmoid"]), reduction=st.sampled_from(["mean", "sum"]))
def test_backprop_equals_central_finite_differences_on_random_shapes(seed, n, p, width, activation, reduction):
    x, y = _data(seed, n, p)
    net = gdviz.two_layer_net(x, y, width=width, activation=activation, reduction=reduction)
    theta = np.random.default_rng(seed + 1).normal(size=net.dim)
    if activation == "relu":  # finite differences straddling a kink measure no derivative
        z1 = x @ net.unpack(theta)[0] + net.unpack(theta)[1]
        assume(np.min(np.abs(z1)) > 1e-3)
    h = 1e-6
    numeric = np.array([(net.loss(theta + h * e) - net.loss(theta - h * e)) / (2 * h) for e in np.eye(net.dim)])
    np.testing.assert_allclose(net.grad(theta), numeric, rtol=1e-5, atol=1e-7)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 5), p=st.integers(1, 3), width=st.integers(1, 4),
       activation=st.sampled_from(["tanh", "relu", "sigmoid"]), reduction=st.sampled_from(["mean", "sum"]))
def test_loss_equals_a_plain_loop_over_samples_and_units(seed, n, p, width, activation, reduction):
    x, y = _data(seed, n, p)
    net = gdviz.two_layer_net(x, y, width=width, activation=activation, reduction=reduction)
    theta = np.random.default_rng(seed + 2).normal(size=net.dim)
    assert float(net.loss(theta)) == pytest.approx(
        _plain_loss(theta.tolist(), x.tolist(), y.tolist(), width, activation, reduction), rel=1e-10)


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_a_batch_of_parameters_equals_one_at_a_time(activation):
    x, y = _data(0, 7, 2)
    net = gdviz.two_layer_net(x, y, width=5, activation=activation)
    thetas = np.random.default_rng(3).normal(size=(3, 4, net.dim))
    losses, grads = net.loss_and_grad(thetas)
    assert losses.shape == (3, 4) and grads.shape == (3, 4, net.dim)
    for i in range(3):
        for j in range(4):
            assert losses[i, j] == pytest.approx(float(net.loss(thetas[i, j])), rel=1e-13)
            np.testing.assert_allclose(grads[i, j], net.grad(thetas[i, j]), rtol=1e-12, atol=1e-15)
    assert net.predict(thetas).shape == (3, 4, 7) and net.accuracy(thetas).shape == (3, 4)


def test_layout_pack_unpack_round_trip_and_blocks():
    x, y = _data(1, 4, 3)
    net = gdviz.two_layer_net(x, y, width=2)
    assert net.dim == 3 * 2 + 2 + 2 + 1 == len(net.param_names)
    theta = np.arange(net.dim, dtype=float)
    W1, b1, w2, b2 = net.unpack(theta)
    np.testing.assert_array_equal(W1, [[0, 1], [2, 3], [4, 5]])  # row-major: W1[i, j] = theta[i * h + j]
    assert b1.tolist() == [6, 7] and w2.tolist() == [8, 9] and float(b2) == 10
    np.testing.assert_array_equal(net.pack(W1, b1, w2, b2), theta)
    assert net.param_names[1] == "W^{(1)}_{1,2}" and net.param_names[-1] == "b^{(2)}"


def test_grad_by_hand_on_one_sample():
    """One input, one tanh unit, every number worked by hand."""
    net = gdviz.two_layer_net([[2.0]], [1.0], width=1)
    w1, b1, w2, b2 = 0.5, -0.5, 2.0, 0.1
    a = math.tanh(2.0 * w1 + b1)
    p = 1 / (1 + math.exp(-(w2 * a + b2)))
    d2 = p - 1.0
    d1 = d2 * w2 * (1 - a * a)
    np.testing.assert_allclose(net.grad([w1, b1, w2, b2]), [2.0 * d1, d1, d2 * a, d2], rtol=1e-12)


def test_batch_grad_is_unbiased_and_full_batch_is_the_gradient():
    x, y = _data(2, 12, 2)
    for reduction in ("mean", "sum"):
        net = gdviz.two_layer_net(x, y, width=3, reduction=reduction)
        theta = net.initial(seed=4)
        np.testing.assert_allclose(net.batch_grad(theta, np.arange(12)), net.grad(theta), rtol=1e-12)
        batches = np.arange(12).reshape(4, 3)  # equal batches: their average is the full gradient
        average = np.mean([net.batch_grad(theta, b) for b in batches], axis=0)
        np.testing.assert_allclose(average, net.grad(theta), rtol=1e-10, atol=1e-14)
    with pytest.raises(ValueError, match="index must"):
        net.batch_grad(theta, [12])


def test_initial_is_seeded_and_scaled_by_fan_in():
    x, y = _data(0, 5, 2)
    relu = gdviz.two_layer_net(x, y, width=4000, activation="relu")
    tanh = gdviz.two_layer_net(x, y, width=4000, activation="tanh")
    np.testing.assert_array_equal(relu.initial(seed=7), relu.initial(seed=7))
    assert not np.array_equal(relu.initial(seed=7), relu.initial(seed=8))
    assert np.var(relu.unpack(relu.initial(1))[0]) == pytest.approx(2 / 2, rel=0.05)  # He: 2 / fan-in
    assert np.var(tanh.unpack(tanh.initial(1))[0]) == pytest.approx(1 / 2, rel=0.05)  # LeCun: 1 / fan-in
    assert np.var(tanh.unpack(tanh.initial(1))[2]) == pytest.approx(1 / 4000, rel=0.1)


def test_filter_normalized_matches_each_units_norm_and_zeroes_biases():
    x, y = _data(0, 5, 2)
    net = gdviz.two_layer_net(x, y, width=6)
    theta = net.initial(seed=2) * np.linspace(0.5, 3, net.dim)
    d = net.filter_normalized(np.random.default_rng(0).normal(size=net.dim), theta)
    W1, b1, w2, b2 = net.unpack(d)
    tW1, _, tw2, _ = net.unpack(theta)
    for j in range(6):  # hidden unit j's incoming weights: column j
        assert np.linalg.norm(W1[:, j]) == pytest.approx(np.linalg.norm(tW1[:, j]))
    assert np.linalg.norm(w2) == pytest.approx(np.linalg.norm(tw2))
    assert not b1.any() and b2 == 0
    raw = np.random.default_rng(0).normal(size=net.dim)  # the same direction, unit by unit
    assert np.allclose(W1 / np.linalg.norm(W1, axis=0), net.unpack(raw)[0] / np.linalg.norm(net.unpack(raw)[0], axis=0))


def test_rules_and_loop_train_it_unchanged():
    x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    net = gdviz.two_layer_net(x, [0, 1, 1, 0], width=4)  # XOR: no line separates it
    path = gdviz.optimize(net, net.initial(seed=0), gdviz.adam(0.1), 500)
    assert float(net.accuracy(path.final)) == 1.0 and path.final_loss < 0.05
    sweep = gdviz.sweep(net, net.initial(seed=0), gdviz.sgd, 20, lr=[0.1, 1.0], momentum=[0.0, 0.9])
    for i in range(4):
        single = gdviz.optimize(net, net.initial(seed=0), sweep.rule(i), 20)
        np.testing.assert_allclose(sweep.path(i).params, single.params, rtol=1e-10)
    mini = gdviz.optimize(net, net.initial(seed=0), gdviz.sgd(0.5), 10, batch_size=2, seed=3)
    assert mini.batch_size == 2 and mini.status == "max_steps"


def test_huge_parameters_give_numbers_or_inf_never_a_warning():
    net = gdviz.two_layer_net(*_data(0, 4, 2), width=3, activation="relu")
    theta = np.full(net.dim, 1e200)
    loss, grad = net.loss_and_grad(theta)
    assert np.shape(loss) == () and grad.shape == (net.dim,)  # and nothing warned (pytest: error::RuntimeWarning)
    path = gdviz.optimize(net, net.initial(0), gdviz.sgd(1e6), 50)
    assert path.status in ("diverged", "max_steps")


@pytest.mark.parametrize("kwargs, error, words", [
    ({"x": [1.0, 2.0], "y": [0, 1]}, ValueError, "x must be a 2-D array"),
    ({"x": [[1.0], [2.0]], "y": [0, 1, 1]}, ValueError, "y must hold one label per row of x (shape (2,))"),
    ({"x": [[1.0], [np.nan]], "y": [0, 1]}, ValueError, "x and y must contain only finite"),
    ({"x": [[1.0], [2.0]], "y": [0, 2]}, ValueError, "y must hold labels 0 or 1"),
    ({"x": "abc", "y": [0]}, TypeError, "x must be a number or an array"),
    ({"x": [[1.0]], "y": [0], "width": 0}, ValueError, "width must be an integer >= 1. Got 0"),
    ({"x": [[1.0]], "y": [0], "width": 2.5}, TypeError, "width must be an integer >= 1"),
    ({"x": [[1.0]], "y": [0], "activation": "softmax"}, ValueError,
     "activation must be 'tanh', 'relu' or 'sigmoid'. Got 'softmax'"),
    ({"x": [[1.0]], "y": [0], "reduction": "avg"}, ValueError, "reduction must be"),
])
def test_bad_arguments_are_named(kwargs, error, words):
    with pytest.raises(error) as info:
        gdviz.two_layer_net(**kwargs)
    assert words in str(info.value)


def test_bad_theta_direction_and_x_are_named():
    net = gdviz.two_layer_net([[1.0, 2.0]], [1], width=2)
    with pytest.raises(ValueError, match=r"theta must have 9 value\(s\)"):
        net.loss(np.zeros(8))
    with pytest.raises(ValueError, match="direction must have 9"):
        net.filter_normalized(np.zeros(3), np.zeros(9))
    with pytest.raises(ValueError, match=r"x must have shape \(n, 2\)"):
        net.predict(np.zeros(9), [[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match="W1 must have shape"):
        net.pack(np.zeros((2, 3)), np.zeros(2), np.zeros(2), 0.0)
    with pytest.raises(ValueError, match="seed must be"):
        net.initial(seed=-1)
    assert isinstance(net, TwoLayerNet) and isinstance(net, gdviz.Objective)
