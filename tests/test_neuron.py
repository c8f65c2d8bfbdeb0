"""The sigmoid neuron of Borgohain's "Understanding The What and Why of Gradient Descent"."""
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdviz
from gdviz.core.neuron import SigmoidNeuron


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


# --- squared error stays as it was --------------------------------------------------------------

def test_squared_error_is_the_default_with_the_same_name_and_formulas():
    neuron = gdviz.sigmoid_fit()
    assert neuron.loss_function == "squared_error" and neuron.name == "sigmoid neuron"
    assert neuron.formula == r"$L(w, b) = \sum_i \frac{1}{2}\,(\sigma(w x_i + b) - y_i)^2$"
    assert gdviz.sigmoid_fit(reduction="mean").formula == (
        r"$L(w, b) = \frac{1}{n}\sum_i \frac{1}{2}\,(\sigma(w x_i + b) - y_i)^2$")
    explicit = gdviz.sigmoid_fit(loss="squared_error")
    theta = np.array([[0.5, 0.0], [-4.0, -4.0], [1.78, -2.27]])
    np.testing.assert_array_equal(explicit.loss(theta), neuron.loss(theta))
    np.testing.assert_array_equal(explicit.grad(theta), neuron.grad(theta))


# --- cross-entropy ------------------------------------------------------------------------------

def plain_cross_entropy(w, b, xs=(0.5, 2.5), ys=(0.2, 0.9)):
    total = 0.0
    for x, y in zip(xs, ys):
        f = 1.0 / (1.0 + math.exp(-(w * x + b)))
        total -= y * math.log(f) + (1 - y) * math.log(1 - f)
    return total


def plain_cross_entropy_grad(w, b, xs=(0.5, 2.5), ys=(0.2, 0.9)):
    """(f - y) (x, 1) summed: the slope f (1 - f) of the sigmoid has cancelled out."""
    gw = gb = 0.0
    for x, y in zip(xs, ys):
        f = 1.0 / (1.0 + math.exp(-(w * x + b)))
        gw, gb = gw + (f - y) * x, gb + (f - y)
    return np.array([gw, gb])


GUESSES = [(0.5, 0.0), (-0.1, 0.0), (0.94, -0.94), (1.42, -1.73), (-4.0, -4.0), (3.0, 5.0)]


@pytest.mark.parametrize("w, b", GUESSES)
def test_cross_entropy_equals_plain_python(w, b):
    neuron = gdviz.sigmoid_fit(loss="cross_entropy")
    assert neuron.loss([w, b]) == pytest.approx(plain_cross_entropy(w, b), rel=1e-12)
    np.testing.assert_allclose(neuron.grad([w, b]), plain_cross_entropy_grad(w, b), rtol=1e-12)


def test_cross_entropy_first_guess_by_hand():
    # f = (0.562177, 0.777300): -(0.2 ln f1 + 0.8 ln(1 - f1)) - (0.9 ln f2 + 0.1 ln(1 - f2))
    #   = 0.775930 + 0.376930 = 1.152869
    assert gdviz.sigmoid_fit(loss="cross_entropy").loss([0.5, 0.0]) == pytest.approx(1.152869, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(w=st.floats(-6, 6), b=st.floats(-6, 6))
def test_cross_entropy_gradient_matches_central_differences(w, b):
    neuron = gdviz.sigmoid_fit([-1.0, 0.0, 2.0, 3.5], [0.0, 0.4, 0.7, 1.0], loss="cross_entropy")
    h = 1e-6
    numeric = [(neuron.loss([w + h, b]) - neuron.loss([w - h, b])) / (2 * h),
               (neuron.loss([w, b + h]) - neuron.loss([w, b - h])) / (2 * h)]
    np.testing.assert_allclose(neuron.grad([w, b]), numeric, atol=2e-6, rtol=1e-6)


def test_cross_entropy_is_finite_and_silent_for_huge_logits():
    neuron = gdviz.sigmoid_fit(loss="cross_entropy")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # z = (15000, 35000): ln f = 0 and ln(1 - f) = -z, so L = 0.8 * 15000 + 0.1 * 35000
        loss = neuron.loss([1e4, 1e4])
        grad = neuron.grad([1e4, 1e4])
        exact = gdviz.sigmoid_fit([-2.0, 2.0], [0.0, 1.0], loss="cross_entropy")
        right = exact.loss([1e308, 0.0])        # z = (-inf, inf), the right answer everywhere
        wrong = exact.loss([-1e308, 0.0])       # confidently wrong: infinite loss
        right_grad = exact.grad([1e308, 0.0])
    assert loss == 15500.0
    np.testing.assert_allclose(grad, [0.8 * 0.5 + 0.1 * 2.5, 0.9])  # (1 - y)(x, 1) summed
    assert right == 0.0 and wrong == np.inf
    np.testing.assert_array_equal(right_grad, [0.0, 0.0])


def test_cross_entropy_keeps_a_gradient_where_squared_error_has_a_plateau():
    theta = [-4.0, -4.0]  # both outputs near 0, targets 0.2 and 0.9
    squared = np.linalg.norm(gdviz.sigmoid_fit().grad(theta))
    cross = np.linalg.norm(gdviz.sigmoid_fit(loss="cross_entropy").grad(theta))
    assert squared < 1e-3 < 1.0 < cross


def test_exact_fit_also_minimizes_cross_entropy():
    neuron = gdviz.sigmoid_fit(loss="cross_entropy")
    best = neuron.minimizer
    np.testing.assert_allclose(best, gdviz.sigmoid_fit().minimizer)
    np.testing.assert_allclose(neuron.grad(best), 0.0, atol=1e-12)
    entropy = -sum(y * math.log(y) + (1 - y) * math.log(1 - y) for y in (0.2, 0.9))
    assert neuron.loss(best) == pytest.approx(entropy, rel=1e-12)
    nearby = best + np.random.default_rng(5).normal(scale=0.3, size=(200, 2))
    assert np.all(neuron.loss(nearby) > neuron.loss(best))
    path = gdviz.gradient_descent(neuron, (-2.0, -2.0), lr=0.5, steps=5000, tol=1e-12)
    np.testing.assert_allclose(path.final, best, atol=1e-6)


def test_cross_entropy_name_formula_and_mean():
    neuron = gdviz.sigmoid_fit(loss="cross_entropy")
    assert neuron.name == "sigmoid neuron (cross-entropy)"
    assert neuron.formula.startswith(r"$L(w, b) = -\sum_i") and r"\ln" in neuron.formula
    mean = gdviz.sigmoid_fit(loss="cross_entropy", reduction="mean")
    assert mean.formula.startswith(r"$L(w, b) = -\frac{1}{n}\sum_i")
    theta = np.array([0.7, -0.3])
    assert mean.loss(theta) == pytest.approx(float(neuron.loss(theta)) / 2)
    np.testing.assert_allclose(mean.grad(theta), neuron.grad(theta) / 2)


@pytest.mark.parametrize("loss", ["squared_error", "cross_entropy"])
def test_batch_gradient_is_unbiased_for_both_losses(loss):
    rng = np.random.default_rng(4)
    x, y = rng.normal(size=6), rng.uniform(0.05, 0.95, size=6)
    theta = np.array([0.4, 0.2])
    for reduction in ("sum", "mean"):
        neuron = gdviz.sigmoid_fit(x, y, reduction=reduction, loss=loss)
        pairs = [[i, j] for i in range(6) for j in range(i + 1, 6)]
        average = np.mean([neuron.batch_grad(theta, p) for p in pairs], axis=0)
        np.testing.assert_allclose(average, neuron.grad(theta))
        np.testing.assert_allclose(neuron.sample_grads(theta).sum(axis=0) * neuron._scale,
                                   neuron.grad(theta))
        total = neuron.sample_losses(theta).sum() * neuron._scale
        assert total == pytest.approx(float(neuron.loss(theta)))


# --- bad arguments ------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, error, words", [
    ({"loss": "hinge"}, ValueError, "loss must be 'squared_error' or 'cross_entropy'"),
    ({"loss": None}, ValueError, "loss must be"),
    ({"loss": "cross_entropy", "y": [0.2, 1.5]}, ValueError, "y must lie between 0 and 1"),
    ({"loss": "cross_entropy", "y": [-0.1, 0.5]}, ValueError, "y must lie between 0 and 1"),
    ({"reduction": "median"}, ValueError, "reduction must be 'sum' or 'mean'"),
])
def test_bad_choices_are_named(kwargs, error, words):
    with pytest.raises(error, match=words):
        gdviz.sigmoid_fit(**kwargs)


@pytest.mark.parametrize("kwargs, error, words", [
    ({"reduction": "median"}, ValueError, "reduction"),
    ({"loss_function": "hinge"}, ValueError, "loss_function must be"),
    ({"dim": 3}, ValueError, "dim must be 2"),
    ({"x": [1.0, 2.0], "y": [0.5]}, ValueError, "y must have the same shape"),
    ({"param_names": ("w",)}, ValueError, "param_names"),
])
def test_a_neuron_built_directly_is_checked_too(kwargs, error, words):
    arguments = {"x": [0.5, 2.5], "y": [0.2, 0.9], **kwargs}
    with pytest.raises(error, match=words):
        SigmoidNeuron(**arguments)


def test_a_neuron_built_directly_equals_the_factory():
    direct = SigmoidNeuron([0.5, 2.5], [0.2, 0.9])
    made = gdviz.sigmoid_fit()
    assert direct.formula == made.formula and direct.name == made.name
    assert direct.loss([0.5, 0.0]) == made.loss([0.5, 0.0])
    assert not direct.x.flags.writeable


@pytest.mark.parametrize("index, error, words", [
    (np.array([True, False] * 3), ValueError, "index must be sample numbers, not a boolean mask"),
    ([True, False, True, False, True, False], ValueError, "boolean mask"),
    ([], ValueError, "index must be a non-empty 1-D sequence"),
    (np.array([], dtype=int), ValueError, "index must be a non-empty"),
    ([[0, 1]], ValueError, "index must be a non-empty 1-D"),
    (3, ValueError, "index must be a non-empty 1-D"),
    ([0, 6], ValueError, r"index must hold sample numbers from 0 to 5\. Got \[6\]"),
    ([-1, 2], ValueError, "index must hold sample numbers from 0 to 5"),
    ([0.0, 1.0], TypeError, "index must hold whole numbers"),
])
def test_bad_batch_index_is_named(index, error, words):
    neuron = gdviz.sigmoid_fit(np.arange(6.0), np.linspace(0.1, 0.9, 6))
    with pytest.raises(error, match=words):
        neuron.batch_grad([0.5, 0.0], index)
    with pytest.raises(error, match=words):
        neuron.sample_grads([0.5, 0.0], index)


def test_repeated_indices_are_a_batch_drawn_with_replacement():
    neuron = gdviz.sigmoid_fit(np.arange(6.0), np.linspace(0.1, 0.9, 6))
    theta = np.array([0.5, 0.0])
    np.testing.assert_allclose(neuron.batch_grad(theta, [2, 2]), neuron.batch_grad(theta, [2]))
