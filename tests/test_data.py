"""Preparing a data matrix (gdviz.core.data): standardize and the seeded train/validation split."""
import numpy as np
import pytest
from sklearn.preprocessing import StandardScaler

import gdviz

X = np.random.default_rng(0).normal(size=(50, 3)) * [1.0, 100.0, 0.01] + [5.0, -200.0, 3.0]


def test_standardize_matches_scikit_learns_standard_scaler():
    scaler = StandardScaler().fit(X[:40])
    np.testing.assert_allclose(gdviz.standardize(X[:40]), scaler.transform(X[:40]), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(gdviz.standardize(X[40:], like=X[:40]), scaler.transform(X[40:]), rtol=1e-12, atol=1e-12)
    assert gdviz.standardize(X[:, 0]).shape == (50, 1)


@pytest.mark.parametrize("call, message", [
    (lambda: gdviz.standardize([[1.0, 2.0], [1.0, 3.0]]), r"X has constant column\(s\) \[0\]"),
    (lambda: gdviz.standardize(X, like=X[:, :2]), "like must have the same number of columns"),
    (lambda: gdviz.standardize([[np.inf]]), "X must contain only finite numbers"),
    (lambda: gdviz.train_validation_split(X, X[:, 0], validation=1.0), r"validation must be a finite number in \(0, 1\)"),
    (lambda: gdviz.train_validation_split(X, X[:3, 0]), "y must hold one target per row"),
    (lambda: gdviz.train_validation_split(X, X[:, 0], seed=-1), "seed must be an integer >= 0"),
])
def test_bad_arguments_name_themselves(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_split_is_seeded_disjoint_and_complete():
    y = np.arange(50.0)
    X_train, X_val, y_train, y_val = gdviz.train_validation_split(X, y, 0.2, seed=4)
    assert X_train.shape == (40, 3) and X_val.shape == (10, 3)
    assert sorted(np.r_[y_train, y_val].tolist()) == y.tolist()
    order = np.random.default_rng(4).permutation(50)  # the documented shuffle
    assert y_val.tolist() == order[:10].tolist() and y_train.tolist() == order[10:].tolist()
    np.testing.assert_array_equal(X_val, X[order[:10]])
    again = gdviz.train_validation_split(X, y, 0.2, seed=4)
    assert all(np.array_equal(a, b) for a, b in zip(again, (X_train, X_val, y_train, y_val)))
