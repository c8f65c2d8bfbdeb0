"""Data-matrix models (gdviz.core.models): least squares and L2 logistic regression, checked independently."""
import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.linear_model import LinearRegression
from sklearn.linear_model import LogisticRegression as SkLogistic
from sklearn.metrics import log_loss

import gdviz

RNG = np.random.default_rng(3)
X_SMALL = RNG.normal(size=(12, 3)) * [1.0, 5.0, 0.2] + [2.0, -1.0, 0.5]
Y_REAL = X_SMALL @ [1.5, -0.3, 2.0] + 0.7 + RNG.normal(0, 0.1, size=12)
Y_CLASS = (X_SMALL[:, 0] + RNG.normal(0, 1.0, size=12) > 2.0).astype(float)


def finite_difference(f, theta, h=1e-6):
    out = np.zeros_like(theta)
    for j in range(theta.size):
        e = np.zeros_like(theta)
        e[j] = h
        out[j] = (f(theta + e) - f(theta - e)) / (2 * h)
    return out


MODELS = [gdviz.linear_regression(X_SMALL, Y_REAL),
          gdviz.linear_regression(X_SMALL, Y_REAL, fit_intercept=False),
          gdviz.logistic_regression(X_SMALL, Y_CLASS),
          gdviz.logistic_regression(X_SMALL, Y_CLASS, l2=0.3)]


@pytest.mark.parametrize("model", MODELS, ids=["ls", "ls-no-b", "logistic", "logistic-l2"])
def test_gradient_matches_finite_differences(model):
    for theta in RNG.normal(size=(3, model.dim)):
        numeric = finite_difference(lambda t: float(model.loss(t)), theta)
        np.testing.assert_allclose(model.grad(theta), numeric, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("model", MODELS, ids=["ls", "ls-no-b", "logistic", "logistic-l2"])
def test_batches_average_to_the_full_gradient_and_broadcast(model):
    theta = RNG.normal(size=model.dim)
    n = model.n_samples
    np.testing.assert_allclose(model.batch_grad(theta, np.arange(n)), model.grad(theta), rtol=1e-12, atol=1e-14)
    singles = np.mean([model.batch_grad(theta, [i]) for i in range(n)], axis=0)
    np.testing.assert_allclose(singles, model.grad(theta), rtol=1e-12, atol=1e-14)
    grid = RNG.normal(size=(4, 5, model.dim))
    assert model.loss(grid).shape == (4, 5) and model.grad(grid).shape == (4, 5, model.dim)
    np.testing.assert_allclose(model.loss(grid)[2, 3], model.loss(grid[2, 3]))


def test_least_squares_hessian_and_optimum_match_numpy_on_diabetes():
    d = load_diabetes(scaled=False)
    model = gdviz.linear_regression(d.data, d.target, feature_names=d.feature_names)
    A = np.c_[d.data, np.ones(len(d.target))]
    expected, *_ = np.linalg.lstsq(A, d.target, rcond=None)
    np.testing.assert_allclose(model.minimizer, expected, rtol=1e-7, atol=1e-7)
    fit = LinearRegression().fit(d.data, d.target)
    np.testing.assert_allclose(model.minimizer, np.r_[fit.coef_, fit.intercept_], rtol=1e-7, atol=1e-7)
    theta = RNG.normal(size=11)
    hessian = np.array([finite_difference(lambda t: model.grad(t)[j], theta, h=1e-3) for j in range(11)])
    np.testing.assert_allclose(model.hessian, hessian, rtol=1e-6, atol=1e-6)
    assert model.param_names[2] == "w_{bmi}" and model.param_names[-1] == "b"
    np.testing.assert_allclose(np.abs(model.grad(model.minimizer)).max(), 0.0, atol=1e-6)


def test_logistic_loss_is_scikit_learns_log_loss_plus_the_penalty():
    model = gdviz.logistic_regression(X_SMALL, Y_CLASS, l2=0.2)
    theta = RNG.normal(size=4)
    p = 1 / (1 + np.exp(-(X_SMALL @ theta[:3] + theta[3])))
    assert float(model.loss(theta)) == pytest.approx(log_loss(Y_CLASS, p) + 0.1 * np.sum(theta[:3] ** 2), rel=1e-12)


@pytest.mark.parametrize("l2", [1e-3, 1e-2, 0.1])
def test_logistic_minimum_matches_scikit_learn_with_c_one_over_n_lambda(l2):
    d = load_breast_cancer()
    X = gdviz.standardize(d.data)
    model = gdviz.logistic_regression(X, d.target, l2=l2)
    sk = SkLogistic(C=1.0 / (len(d.target) * l2), tol=1e-12, max_iter=10_000).fit(X, d.target)
    np.testing.assert_allclose(model.minimizer, np.r_[sk.coef_[0], sk.intercept_], atol=2e-5)
    assert np.abs(model.grad(model.minimizer)).max() < 1e-10
    assert float(model.accuracy(model.minimizer)) == pytest.approx(sk.score(X, d.target))


def test_logistic_without_penalty_has_no_minimizer_and_predicts():
    model = gdviz.logistic_regression(X_SMALL, Y_CLASS)
    assert model.minimizer is None
    assert model.predict_proba(np.zeros(4)).tolist() == [0.5] * 12
    assert model.accuracy(np.zeros((2, 4)), X_SMALL[:3], [0, 0, 0]).tolist() == [1.0, 1.0]


def test_descent_runs_the_models_unchanged_and_reaches_the_optimum():
    Z = gdviz.standardize(X_SMALL)
    model = gdviz.linear_regression(Z, Y_REAL)
    path = gdviz.gradient_descent(model, np.zeros(4), lr=0.5, steps=2000, tol=1e-13)
    np.testing.assert_allclose(path.final, model.minimizer, atol=1e-9)
    logistic = gdviz.logistic_regression(Z, Y_CLASS, l2=0.1)
    adam = gdviz.optimize(logistic, np.zeros(4), gdviz.adam(0.05), 3000, batch_size=12, seed=0)
    np.testing.assert_allclose(adam.final, logistic.minimizer, atol=1e-4)


@pytest.mark.parametrize("make, message", [
    (lambda: gdviz.linear_regression([[1.0], [2.0]], [1.0]), "y must hold one target per row"),
    (lambda: gdviz.linear_regression(np.ones((2, 2, 2)), [1.0, 2.0]), "X must be a matrix"),
    (lambda: gdviz.linear_regression([[np.nan]], [1.0]), "finite"),
    (lambda: gdviz.linear_regression([[1.0]], [1.0], feature_names=["a", "b"]), "feature_names must hold 1"),
    (lambda: gdviz.logistic_regression([[1.0], [2.0]], [0.0, 0.5]), "class labels 0 and 1"),
    (lambda: gdviz.logistic_regression([[1.0], [2.0]], [0, 1], l2=-1.0), "l2 must be a finite number >= 0"),
    (lambda: gdviz.linear_regression("abc", [1.0]), "X must be a number"),
])
def test_bad_arguments_name_themselves(make, message):
    with pytest.raises((ValueError, TypeError), match=message):
        make()


def test_bad_batch_index_and_fit_intercept():
    model = MODELS[0]
    with pytest.raises(ValueError, match="sample numbers from 0 to 11"):
        model.batch_grad(np.zeros(4), [12])
    with pytest.raises(TypeError, match="fit_intercept must be True or False"):
        gdviz.linear_regression(X_SMALL, Y_REAL, fit_intercept="yes")
    assert gdviz.linear_regression([[1.0], [1.0]], [1.0, 2.0]).minimizer is None  # constant column beside b


def test_data_near_the_float_limits_gives_no_minimizer_rather_than_a_warning():
    huge = [[1e200], [2e200], [3e200]]
    assert gdviz.linear_regression(huge, [1.0, 2.0, 3.0]).minimizer is None
    found = gdviz.logistic_regression(huge, [0, 1, 1], l2=0.1).minimizer
    assert found is None or np.all(np.isfinite(found))
