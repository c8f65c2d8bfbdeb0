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


# --- 03: the floor of the sweep's loss plot -------------------------------------------------------------
def test_03_floor_counts():
    lrs = np.linspace(0.01, 1.2, 200)
    finals = []
    for lr in lrs[lrs < 1]:
        w = 4.0
        for _ in range(600):
            w = w - lr * (2 * w)
        finals.append(w * w)
    finals = np.array(finals)
    floor = 1e-16 * 16.0
    assert len(finals) == 166
    assert np.sum(finals == 0) == 89
    assert np.sum((finals > 0) & (finals < floor)) == 74
    above = lrs[lrs < 1][finals >= floor]
    assert np.round(above, 4).tolist() == [0.01, 0.9907, 0.9967]
    assert finals[0] == pytest.approx(16 * 0.98 ** 1200, rel=1e-9)
