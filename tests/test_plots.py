"""Plots and views: read back the drawn data and compare it with values derived by hand."""
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

import gdviz

PARABOLA = gdviz.parabola()
BOWL = gdviz.bowl()


def run(objective, start, lr, steps, **kwargs):
    return gdviz.gradient_descent(objective, start, lr, steps, **kwargs)


def artist_counts(ax):
    return (len(ax.lines), len(ax.collections), len(ax.texts), len(ax.patches))


# --- updatable views ------------------------------------------------------------------------

VIEWS = [
    ("curve", lambda ax: gdviz.CurveView(ax, PARABOLA, xlim=(-5, 5)), PARABOLA, 4.0),
    ("contour", lambda ax: gdviz.ContourView(ax, BOWL, xlim=(-6, 6), ylim=(-6, 6)), BOWL, (5.0, -4.0)),
    ("loss", lambda ax: gdviz.LossView(ax, log=True), PARABOLA, 4.0),
    ("loss-linear", lambda ax: gdviz.LossView(ax, log=False), BOWL, (5.0, -4.0)),
]


@pytest.mark.parametrize("name, make, objective, start", VIEWS, ids=[v[0] for v in VIEWS])
def test_view_update_changes_data_without_new_artists(name, make, objective, start):
    fig, ax = plt.subplots()
    view = make(ax)
    view.update(run(objective, start, 0.1, 20))
    fig.canvas.draw()
    before = artist_counts(ax)
    for lr, upto in [(0.3, None), (0.05, 3), (1.2, None), (0.9, 0), (0.1, 20)]:
        view.update(run(objective, start, lr, 20), upto=upto)
        fig.canvas.draw()
        assert artist_counts(ax) == before


@pytest.mark.parametrize("upto, shown", [(0, 1), (3, 4), (20, 21), (None, 21), (99, 21)])
def test_curve_view_upto_shows_start_and_first_steps(upto, shown):
    _, ax = plt.subplots()
    view = gdviz.CurveView(ax, PARABOLA, xlim=(-5, 5))
    view.update(run(PARABOLA, 4.0, 0.1, 20), upto=upto)
    w = np.asarray(view.points.get_xdata())
    np.testing.assert_allclose(w, 4.0 * 0.8 ** np.arange(shown))   # w_k = w0 (1 - 2 lr)^k


@pytest.mark.parametrize("bad", [-1, 1.5, True, "3"])
def test_view_update_rejects_bad_upto(bad):
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="upto"):
        gdviz.LossView(ax).update(run(PARABOLA, 4.0, 0.1, 5), upto=bad)


@pytest.mark.parametrize("make, objective", [
    (lambda ax, o: gdviz.CurveView(ax, o), BOWL),
    (lambda ax, o: gdviz.ContourView(ax, o), PARABOLA),
])
def test_views_reject_wrong_dimension(make, objective):
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="parameter"):
        make(ax, objective)
