"""The steepness explorer (explore_steepness): L = a w², the limit 1/a = 2/curvature, redrawn in place."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

import gdviz


@pytest.mark.parametrize("a", [0.5, 1.0, 2.0, 5.0])
def test_each_step_multiplies_w_by_one_minus_2a_eta_and_the_limit_is_one_over_a(a):
    ex = gdviz.explore_steepness(start=1.0, a=1.0, lr=0.1, steps=6)
    ex.controls["a"].value = a
    for fraction, status in ((0.9, "settles"), (1.0, "bounces forever"), (1.1, "diverges")):
        lr = round(fraction / a, 2)
        if not 0.01 <= lr <= 1.5:
            continue
        ex.controls["lr"].value = lr
        ex.refresh()
        factor = 1 - 2 * a * lr
        np.testing.assert_allclose(ex.path.params[:, 0], factor ** np.arange(7), rtol=1e-12)
        verdict = "settles" if abs(factor) < 1 else "bounces forever" if abs(factor) == 1 else "diverges"
        assert verdict in ex.readout.value and f"limit 1/a = {1 / a:.3g}" in ex.readout.value
    assert ex.error is None


def test_a_steepness_change_redraws_the_curve_and_only_the_curves_panel():
    ex = gdviz.explore_steepness(start=1.0, a=1.0, lr=0.35, steps=10)
    draws = []
    original = ex.frames.canvas.draw
    ex.frames.canvas.draw = lambda *a, **k: (draws.append(1), original(*a, **k))[1]
    ex.controls["a"].value = 3.0
    ex.refresh()
    curve = ex.views["main"].curve
    w, loss = (np.asarray(v) for v in curve.get_data())
    np.testing.assert_allclose(loss, 3.0 * w**2)
    assert draws == []
    partial = np.asarray(Image.open(io.BytesIO(bytes(ex.image.value))))
    ex.frames.invalidate()
    full = np.asarray(Image.open(io.BytesIO(ex.frames.png())))
    np.testing.assert_array_equal(partial, full)
    assert "steepness (now 3)" in repr(ex)


@pytest.mark.parametrize("kwargs, word", [({"a": 0.33}, "a"), ({"a": 9.0}, "a_range"), ({"a": True}, "a"),
                                          ({"lr": 0.355}, "lr"), ({"a_range": (2.0, 1.0)}, "a_range")])
def test_bad_arguments_are_refused_by_name(kwargs, word):
    with pytest.raises((ValueError, TypeError), match=word):
        gdviz.explore_steepness(**kwargs)
