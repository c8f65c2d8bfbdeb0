r"""Preparing a data matrix: standardizing its columns and a seeded train/validation split.

Both are plain functions of arrays (no state to fit): the training set's means and standard
deviations are passed on explicitly with ``like=``, so the validation set is scaled with numbers
it did not help to choose.
"""
from __future__ import annotations


import numpy as np
from numpy.typing import ArrayLike, NDArray

from .constraints import SHARE, Integer, as_float_array

__all__ = ["standardize", "train_validation_split"]


def _matrix(X: ArrayLike, name: str) -> NDArray[np.float64]:
    X = as_float_array(X, name)
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2 or X.shape[0] < 1 or X.shape[1] < 1:
        raise ValueError(f"{name} must be a matrix of shape (n_samples, n_features). Got shape {X.shape}.")
    if not np.all(np.isfinite(X)):
        raise ValueError(f"{name} must contain only finite numbers.")
    return X


def standardize(X: ArrayLike, like: ArrayLike | None = None) -> NDArray[np.float64]:
    r"""Each column shifted and scaled to mean 0 and standard deviation 1: :math:`z = (x - \bar x)/s`.

    Parameters
    ----------
    X : array_like, shape (n, d)
        The data to scale (a 1-D array is one column).
    like : array_like, shape (m, d), optional
        The data whose column means :math:`\bar x` and standard deviations :math:`s` (with
        :math:`1/m`, numpy's and scikit-learn's ``StandardScaler``'s convention) are used; ``X``
        itself by default. Pass the training set here to scale a validation set.

    Returns
    -------
    ndarray of shape (n, d)

    Raises
    ------
    ValueError
        If a column of ``like`` is constant (it cannot be scaled to spread 1), or the shapes differ.

    Examples
    --------
    >>> from gdviz import standardize
    >>> standardize([[1.0, 10.0], [3.0, 30.0]]).tolist()
    [[-1.0, -1.0], [1.0, 1.0]]
    >>> standardize([[5.0, 20.0]], like=[[1.0, 10.0], [3.0, 30.0]]).tolist()
    [[3.0, 0.0]]
    """
    X = _matrix(X, "X")
    ref = X if like is None else _matrix(like, "like")
    if ref.shape[1] != X.shape[1]:
        raise ValueError(f"like must have the same number of columns as X ({X.shape[1]}). "
                         f"Got shape {ref.shape}.")
    mean, scale = ref.mean(axis=0), ref.std(axis=0)
    constant = np.flatnonzero(scale <= 1e-12 * np.maximum(1.0, np.abs(mean)))
    if constant.size:
        raise ValueError(f"{'like' if like is not None else 'X'} has constant column(s) "
                         f"{constant.tolist()}: a column that never changes cannot be scaled to spread 1 "
                         "(drop it: it carries no information).")
    return (X - mean) / scale


def train_validation_split(X: ArrayLike, y: ArrayLike, validation: float = 0.2, *,
                           seed: int = 0) -> tuple[NDArray, NDArray, NDArray, NDArray]:
    r"""Shuffle the rows with ``seed`` and hold out a share of them for validation.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
    validation : float
        The share of rows held out, strictly between 0 and 1; ``round(validation * n)`` rows
        (at least one, and at least one left for training).
    seed : int
        Seed of the shuffle (``np.random.default_rng(seed).permutation(n)``): the same seed gives
        the same split.

    Returns
    -------
    X_train, X_val, y_train, y_val : ndarray
        scikit-learn's ``train_test_split`` order. The validation rows are the first
        ``round(validation * n)`` of the shuffle, the training rows the rest, each in shuffled order.

    Examples
    --------
    >>> import numpy as np
    >>> from gdviz import train_validation_split
    >>> X_train, X_val, y_train, y_val = train_validation_split(np.arange(10.0)[:, None], np.arange(10.0), 0.3)
    >>> X_train.shape, X_val.shape, bool(np.all(X_val[:, 0] == y_val))
    ((7, 1), (3, 1), True)
    """
    X = _matrix(X, "X")
    y = as_float_array(y, "y")
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must hold one target per row of X, shape ({X.shape[0]},). Got shape {y.shape}.")
    validation = SHARE.check(validation, "validation")
    seed = Integer(0).check(seed, "seed")
    n = X.shape[0]
    if n < 2:
        raise ValueError(f"X must have at least 2 rows to split. Got {n}.")
    held = min(max(int(round(float(validation) * n)), 1), n - 1)
    order = np.random.default_rng(seed).permutation(n)
    val, train = order[:held], order[held:]
    return X[train], X[val], y[train], y[val]
