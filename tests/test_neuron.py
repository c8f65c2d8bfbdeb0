"""The sigmoid neuron of Borgohain's "Understanding The What and Why of Gradient Descent"."""
import math
import warnings

import numpy as np
import pytest

import gdviz


def plain_loss(w, b, xs=(0.5, 2.5), ys=(0.2, 0.9)):
    total = 0.0
    for x, y in zip(xs, ys):
        f = 1.0 / (1.0 + math.exp(-(w * x + b)))
        total += 0.5 * (f - y) ** 2
    return total


def test_sigmoid_is_stable_for_huge_inputs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = gdviz.sigmoid([-1e6, -800.0, 0.0, 800.0, 1e6])
    assert values.tolist() == [0.0, 0.0, 0.5, 1.0, 1.0]
    z = np.linspace(-30, 30, 61)
    np.testing.assert_allclose(gdviz.sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-12)


def test_loss_equals_plain_python_on_the_article_guesses():
    neuron = gdviz.sigmoid_fit()
    for w, b in [(0.5, 0.0), (-0.1, 0.0), (0.94, -0.94), (1.42, -1.73), (1.65, -2.08), (1.78, -2.27)]:
        assert neuron.loss([w, b]) == pytest.approx(plain_loss(w, b), rel=1e-12)


def test_first_guess_by_hand():
    # f(0.5) = sigma(0.25) = 0.562177, f(2.5) = sigma(1.25) = 0.777300
    # L = 0.5 * (0.362177^2 + 0.122700^2) = 0.5 * (0.131172 + 0.015055) = 0.073114
    assert gdviz.sigmoid_fit().loss([0.5, 0.0]) == pytest.approx(0.073114, abs=1e-6)


def test_large_parameters_give_no_warning():
    neuron = gdviz.sigmoid_fit()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = neuron.loss([[1e4, 1e4], [-1e4, -1e4], [1e308, -1e308]])
        grad = neuron.grad([[1e4, 1e4], [-1e4, -1e4]])
    # saturated outputs 1 and 0: 0.5*((1-.2)^2 + (1-.9)^2) = 0.325; 0.5*(.2^2 + .9^2) = 0.425
    np.testing.assert_allclose(loss[:2], [0.325, 0.425])
    np.testing.assert_allclose(grad, 0.0)


def test_exact_fit_solves_both_equations():
    w, b = gdviz.sigmoid_fit().minimizer
    logit = lambda p: math.log(p / (1 - p))  # noqa: E731
    assert 0.5 * w + b == pytest.approx(logit(0.2))
    assert 2.5 * w + b == pytest.approx(logit(0.9))
    assert w == pytest.approx((logit(0.9) - logit(0.2)) / 2.0)
    assert gdviz.sigmoid_fit().loss([w, b]) == pytest.approx(0.0, abs=1e-28)


def test_per_sample_pieces_add_up():
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=7), rng.uniform(0.05, 0.95, size=7)
    neuron = gdviz.sigmoid_fit(x, y)
    theta = np.array([0.7, -0.3])
    assert neuron.sample_losses(theta).sum() == pytest.approx(float(neuron.loss(theta)))
    np.testing.assert_allclose(neuron.sample_grads(theta).sum(axis=0), neuron.grad(theta))
    mean = gdviz.sigmoid_fit(x, y, reduction="mean")
    assert mean.loss(theta) == pytest.approx(float(neuron.loss(theta)) / 7)
    np.testing.assert_allclose(mean.grad(theta), neuron.grad(theta) / 7)


def test_batch_gradient_is_scaled_to_estimate_the_full_gradient():
    rng = np.random.default_rng(4)
    x, y = rng.normal(size=6), rng.uniform(0.05, 0.95, size=6)
    theta = np.array([0.4, 0.2])
    for reduction in ("sum", "mean"):
        neuron = gdviz.sigmoid_fit(x, y, reduction=reduction)
        # averaging over all 15 batches of size 2 (each sample in 5 of them) gives the full gradient
        pairs = [(i, j) for i in range(6) for j in range(i + 1, 6)]
        average = np.mean([neuron.batch_grad(theta, list(p)) for p in pairs], axis=0)
        np.testing.assert_allclose(average, neuron.grad(theta))
        assert np.array_equal(neuron.batch_grad(theta, np.arange(6)), neuron.grad(theta))


@pytest.mark.parametrize("kwargs, error, words", [
    ({"x": [1.0, 2.0], "y": [0.5]}, ValueError, "y must have the same shape"),
    ({"x": [[1.0]], "y": [[0.5]]}, ValueError, "x must be a 1-D"),
    ({"x": [], "y": []}, ValueError, "x must be a 1-D"),
    ({"x": [1.0, float("nan")], "y": [0.1, 0.2]}, ValueError, "finite"),
    ({"x": ["a"], "y": [0.1]}, TypeError, "x must be"),
    ({"reduction": "max"}, ValueError, "reduction"),
])
def test_bad_data_is_named(kwargs, error, words):
    with pytest.raises(error, match=words):
        gdviz.sigmoid_fit(**kwargs)
