"""Plots and views: read back the drawn data and compare it with values derived by hand."""
import warnings

import matplotlib
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


@pytest.mark.parametrize("bad, error", [(-1, ValueError), (1.5, TypeError), (True, TypeError), ("3", TypeError)])
def test_view_update_rejects_bad_upto(bad, error):
    _, ax = plt.subplots()
    with pytest.raises(error, match="upto must be an integer >= 0"):
        gdviz.LossView(ax).update(run(PARABOLA, 4.0, 0.1, 5), upto=bad)


@pytest.mark.parametrize("make, objective", [
    (lambda ax, o: gdviz.CurveView(ax, o), BOWL),
    (lambda ax, o: gdviz.ContourView(ax, o), PARABOLA),
])
def test_views_reject_wrong_dimension(make, objective):
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="parameter"):
        make(ax, objective)



def test_loss_grid_of_many_samples_in_blocks_equals_one_call(monkeypatch):
    rng = np.random.default_rng(3)
    data = gdviz.sigmoid_fit(rng.uniform(-3, 3, 500), rng.uniform(0.1, 0.9, 500), reduction="mean")
    W1, W2, blocks = gdviz.loss_grid(data, (-4, 4), (-3, 5), n=37)
    assert blocks.shape == (37, 37)
    np.testing.assert_array_equal(blocks, data.loss(np.stack([W1, W2], axis=-1)))
    monkeypatch.setattr("gdviz.pictures.grid.BLOCK_ELEMENTS", 1)  # one row at a time
    np.testing.assert_array_equal(gdviz.loss_grid(data, (-4, 4), (-3, 5), n=37)[-1], blocks)
    x, y = data.x, data.y                                 # one point, by hand
    by_hand = np.mean(0.5 * (1 / (1 + np.exp(-(W1[5, 7] * x + W2[5, 7]))) - y) ** 2)
    assert blocks[5, 7] == pytest.approx(by_hand, rel=1e-12)

# --- what the static plots draw ---------------------------------------------------------------

def test_path_1d_line_is_the_path():
    path = run(PARABOLA, 5.0, 0.1, 12)
    ax = gdviz.plot_path_1d(path, PARABOLA)
    points = next(line for line in ax.lines if len(line.get_xdata()) == 13)
    np.testing.assert_allclose(points.get_xdata(), 5.0 * 0.8 ** np.arange(13))
    np.testing.assert_allclose(points.get_ydata(), (5.0 * 0.8 ** np.arange(13)) ** 2)
    low, high = ax.get_xlim()
    assert low < 0.0 and high > 5.0          # the whole path and the minimum w = 0


def test_tangent_slopes_equal_the_gradient():
    fig, ax = plt.subplots()
    view = gdviz.CurveView(ax, PARABOLA, xlim=(-5, 5), tangents=True)
    view.update(run(PARABOLA, 4.0, 0.1, 8))
    segments = [np.asarray(s) for s in view.tangents.get_segments()]
    segments.append(np.column_stack(view.current_tangent.get_data()))
    assert len(segments) >= 3
    for seg in segments:
        middle = seg.mean(axis=0)
        slope = (seg[1, 1] - seg[0, 1]) / (seg[1, 0] - seg[0, 0])
        assert slope == pytest.approx(2.0 * middle[0])           # dL/dw = 2w
        assert middle[1] == pytest.approx(middle[0] ** 2)         # touches the curve



def test_tangents_are_drawn_above_the_path_and_apart():
    """Every tangent drawn is readable: on top of the curve and the path, and none touch."""
    path = run(PARABOLA, 5.0, 0.1, 12)
    ax = gdviz.plot_path_1d(path, PARABOLA, tangents=True, xlim=(-0.5, 5.5))
    tangents = next(c for c in ax.collections if len(c.get_segments()))
    chords = next(line for line in ax.lines if line.get_linestyle() == "-" and len(line.get_xdata()) == 13)
    curve = max(ax.lines, key=lambda line: len(line.get_xdata()))
    assert tangents.get_zorder() > max(chords.get_zorder(), curve.get_zorder())
    colour = tangents.get_edgecolor()[0][:3]
    assert not np.allclose(colour, matplotlib.colors.to_rgb(chords.get_color()))
    assert not np.allclose(colour, matplotlib.colors.to_rgb(curve.get_color()))
    segments = np.array(tangents.get_segments())
    assert len(segments) >= 3                                     # steps 0, 1 and at least one more
    span = np.array([np.ptp(ax.get_xlim()), np.ptp(ax.get_ylim())])
    ends = segments / span                                        # both axes scaled to 1, as on screen
    centres, half = ends.mean(axis=1), np.hypot(*(ends[:, 1] - ends[:, 0]).T) / 2
    for i in range(len(ends)):
        for j in range(i + 1, len(ends)):                         # centres farther apart than the
            assert np.hypot(*(centres[i] - centres[j])) > half[i] + half[j]  # half-lengths: disjoint


def test_contour_path_line_is_the_path():
    paths = [run(BOWL, (5.0, -4.0), 0.1, 15), run(BOWL, (5.0, -4.0), 0.3, 15)]
    ax = gdviz.plot_path_2d(paths, BOWL)
    drawn = [np.column_stack(line.get_data()) for line in ax.lines if len(line.get_xdata()) == 16]
    assert len(drawn) == 2
    for line, path in zip(drawn, paths):
        np.testing.assert_allclose(line, path.params)
    assert ax.get_aspect() == 1.0                                  # w1, w2 share their units


def test_negative_gradient_arrow_at_the_articles_point():
    ax = gdviz.plot_path_2d(run(BOWL, (5.0, -4.0), 0.1, 15), BOWL, gradient_at=(5, -4))
    arrow = next(c for c in ax.collections if c.get_gid() == "negative-gradient")
    drawn = np.array([arrow.U[0], arrow.V[0]]) / arrow.scale      # what is drawn: -grad * scale
    factor = 1.0 / arrow.scale
    np.testing.assert_allclose(drawn, np.array([-10.0, 8.0]) * factor)
    np.testing.assert_allclose(arrow.get_offsets()[0], [5.0, -4.0])
    tip = np.array([5.0, -4.0]) + drawn
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert x0 < tip[0] < x1 and y0 < tip[1] < y1                  # stays on the axes
    assert any("-10" in t.get_text() and "8" in t.get_text() for t in ax.texts)


def test_loss_curves_draw_the_losses_and_mark_divergence():
    paths = [run(PARABOLA, 4.0, 0.1, 10), run(PARABOLA, 4.0, 1.5, 60)]
    assert paths[1].status == "diverged"
    ax = gdviz.plot_loss_curves(paths, log=True)
    curves = [line for line in ax.lines if not line.get_label().startswith("_")]  # the labelled curves
    np.testing.assert_allclose(curves[0].get_ydata(), 16.0 * 0.64 ** np.arange(11))
    np.testing.assert_allclose(curves[1].get_ydata(), paths[1].losses)
    labels = ax.get_legend_handles_labels()[1]
    assert "η = 1.5 (diverged)" in labels and any(lab.startswith("diverged") for lab in labels)


def test_log_loss_curve_draws_zero_at_a_positive_floor():
    path = run(PARABOLA, 4.0, 0.5, 5)                               # w = 0 after one step
    ax = gdviz.plot_loss_curves(path, log=True)
    y = ax.lines[0].get_ydata()
    assert y[0] == 16.0 and np.all(y[1:] > 0) and np.all(y[1:] == y[1])
    assert any("reaches 0" in lab for lab in ax.get_legend_handles_labels()[1])


def test_epoch_axis_uses_passes_over_the_data():
    data = gdviz.sigmoid_fit(np.linspace(-2, 2, 8), np.linspace(0.1, 0.9, 8))
    path = run(data, (0.0, 0.0), 0.5, 6, batch_size=2, seed=1)
    ax = gdviz.plot_loss_curves(path, x="epoch")
    np.testing.assert_allclose(ax.lines[0].get_xdata(), np.arange(7) * 2 / 8)
    assert ax.get_xlabel() == "epoch"


@pytest.mark.parametrize("lrs, expected", [
    ((0.05, 0.35, 0.9, 1.0, 1.1), ["creeps", "converges", "zig-zags in", "bounces forever", "diverges"]),
    ((0.5,), ["converges"]),
])
def test_describe_run_names_the_cases(lrs, expected):
    assert [gdviz.describe_run(run(PARABOLA, 4.0, lr, 10)) for lr in lrs] == expected


def test_lr_cases_share_scales_and_say_what_happens():
    runs = [run(PARABOLA, 4.0, lr, 10) for lr in (0.05, 0.35, 0.9, 1.0, 1.1)]
    axes = gdviz.plot_lr_cases(runs, PARABOLA)
    assert axes.shape == (5,)
    assert len({ax.get_xlim() for ax in axes}) == 1 and len({ax.get_ylim() for ax in axes}) == 1
    assert axes[0].get_title() == "η = 0.05: creeps" and axes[4].get_title() == "η = 1.1: diverges"
    low, high = axes[0].get_xlim()
    assert low <= -4.0 and high >= 4.0                             # the bouncing run fits


def test_sweep_marks_diverged_runs_and_the_boundary():
    lrs = np.geomspace(0.01, 1.5, 40)
    sweep = gdviz.sweep_learning_rates(PARABOLA, 4.0, lrs, 100, tol=1e-6)
    left, right = gdviz.plot_sweep(sweep, stable_below=1.0)
    assert left.get_xscale() == "log" and left.get_yscale() == "log"
    for ax in (left, right):
        crosses = next(line for line in ax.lines if line.get_label() == "diverged")
        np.testing.assert_allclose(crosses.get_xdata(), lrs[sweep.status == "diverged"])
        boundary = next(line for line in ax.lines if line.get_gid() == "stability-limit")
        assert boundary.get_xdata()[0] == 1.0
    converged = next(line for line in right.lines if line.get_label() == "converged")
    done = sweep.status == "converged"
    np.testing.assert_array_equal(converged.get_ydata(), sweep.steps_taken[done])
    # closed form on w^2: |w_k| = 4 |1 - 2 lr|^k; converged when a step is shorter than 1e-6
    lr = lrs[done][0]
    k = sweep.steps_taken[done][0]
    assert 4 * abs(1 - 2 * lr) ** (k - 1) * 2 * lr < 1e-6 <= 4 * abs(1 - 2 * lr) ** (k - 2) * 2 * lr


def test_batch_paths_default_labels_and_thin_stochastic_line():
    rng = np.random.default_rng(0)
    x = rng.uniform(-3, 3, 64)
    data = gdviz.sigmoid_fit(x, gdviz.sigmoid(1.5 * x - 0.5), reduction="mean")
    runs = [run(data, (-2.0, 2.0), 1.0, 40, batch_size=b, seed=0) for b in (64, 8, 1)]
    ax = gdviz.plot_batch_paths(runs, data)
    handles, labels = ax.get_legend_handles_labels()
    assert labels == ["batch (all 64 samples)", "mini-batch (8 samples)",
                      "stochastic (1 sample per step)"]
    widths = [h.get_linewidth() for h in handles]
    assert widths[0] > widths[1] > widths[2]
    np.testing.assert_allclose(np.column_stack(handles[2].get_data()), runs[2].params)


# --- conventions shared by every plot function -------------------------------------------------

NEURON = gdviz.sigmoid_fit()


def every_plot(diverge=False):
    """(name, call(ax) -> result) for each plot function; ``diverge`` feeds diverging runs."""
    lr1, lr2 = (1.5, 1.2) if diverge else (0.1, 0.1)
    p1, p2 = run(PARABOLA, 4.0, lr1, 80), run(BOWL, (5.0, -4.0), lr2, 80)
    sweep = gdviz.sweep_learning_rates(PARABOLA, 4.0, np.geomspace(0.1, 3.0, 12), 60, tol=1e-6)
    data_path = run(NEURON, (-2.0, -2.0), 0.3 if not diverge else 50.0, 60)
    return [
        ("path_1d", lambda ax: gdviz.plot_path_1d(p1, PARABOLA, tangents=True, ax=ax)),
        ("path_2d", lambda ax: gdviz.plot_path_2d(p2, BOWL, gradient_at=(5, -4), ax=ax)),
        ("loss_curves", lambda ax: gdviz.plot_loss_curves([p1, p2], log=True, ax=ax)),
        ("loss_linear", lambda ax: gdviz.plot_loss_curves(p1, ax=ax)),
        ("batch_paths", lambda ax: gdviz.plot_batch_paths([data_path], NEURON, ax=ax)),
        ("lr_cases", lambda ax: gdviz.plot_lr_cases([p1], PARABOLA, axes=[ax])),
        ("sweep", lambda ax: gdviz.plot_sweep(sweep, stable_below=1.0,
                                              axes=[ax, ax.figure.add_subplot(2, 1, 2)])),
    ]


@pytest.mark.parametrize("index", range(7))
def test_plot_functions_draw_on_the_given_axes(index):
    name, draw = every_plot()[index]
    fig, ax = plt.subplots()
    ax.plot([1.0], [1.0], label="mine")                            # the caller's own artist
    result = draw(ax)
    first = np.ravel(result)[0]
    assert first is ax
    assert any(line.get_label() == "mine" for line in ax.lines)    # nothing cleared
    assert ax.get_xlabel() != ""


@pytest.mark.parametrize("index", range(7))
def test_diverged_runs_plot_without_warnings_and_finite_data(index):
    name, draw = every_plot(diverge=True)[index]
    fig, ax = plt.subplots()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = draw(ax)
        fig.canvas.draw()
    for a in np.ravel(result):
        for line in a.lines:
            assert np.all(np.isfinite(np.asarray(line.get_xydata(), dtype=float)))
        assert np.all(np.isfinite(a.get_xlim())) and np.all(np.isfinite(a.get_ylim()))


def test_plots_keep_the_callers_labels():
    fig, ax = plt.subplots()
    ax.set_xlabel("my w")
    gdviz.plot_path_1d(run(PARABOLA, 4.0, 0.1, 5), PARABOLA, ax=ax)
    assert ax.get_xlabel() == "my w" and ax.get_ylabel() == "loss $L$"


def test_surface_3d_lies_the_path_on_the_surface():
    path = run(NEURON, (-2.0, -2.0), 0.3, 200)
    ax = gdviz.plot_surface_3d(NEURON, path, xlim=(-4, 4), ylim=(-4, 4))
    assert ax.name == "3d" and ax.get_zlabel() == "loss $L$"
    line = next(line for line in ax.lines if len(line.get_data_3d()[0]) == 201)
    x, y, z = line.get_data_3d()
    np.testing.assert_allclose(np.column_stack([x, y]), path.params)
    lift = z - path.losses                                          # drawn a hair above the surface
    assert np.allclose(lift, lift[0]) and 0 <= lift[0] < 0.01


def test_surface_3d_on_given_3d_axes_and_rejects_2d_axes():
    fig = plt.figure()
    ax3 = fig.add_subplot(1, 2, 1, projection="3d")
    assert gdviz.plot_surface_3d(BOWL, ax=ax3) is ax3
    with pytest.raises(ValueError, match="ax must be a 3-D Axes"):
        gdviz.plot_surface_3d(BOWL, ax=fig.add_subplot(1, 2, 2))


@pytest.mark.parametrize("call, error, message", [
    (lambda: gdviz.plot_path_1d(run(BOWL, (1, 1), 0.1, 3), BOWL), ValueError, "1 parameter"),
    (lambda: gdviz.plot_path_2d(run(PARABOLA, 1.0, 0.1, 3), PARABOLA), ValueError, "2 parameter"),
    (lambda: gdviz.plot_path_2d(run(BOWL, (1, 1), 0.1, 3), BOWL, xlim=(2, 1)), ValueError, "xlim"),
    (lambda: gdviz.plot_path_2d(run(BOWL, (1, 1), 0.1, 3), BOWL, levels=1), ValueError, "levels"),
    (lambda: gdviz.plot_path_2d(run(BOWL, (1, 1), 0.1, 3), BOWL, labels=["a", "b"]), ValueError, "labels"),
    (lambda: gdviz.plot_path_2d(run(BOWL, (1, 1), 0.1, 3), BOWL, gradient_at=(1, 2, 3)), ValueError, "gradient_at"),
    (lambda: gdviz.plot_loss_curves([1, 2]), TypeError, "paths must be a Path"),
    (lambda: gdviz.plot_loss_curves(run(PARABOLA, 1.0, 0.1, 3), x="time"), ValueError, "'step' or 'epoch'"),
    (lambda: gdviz.plot_loss_curves(run(PARABOLA, 1.0, 0.1, 3), ax="left"), TypeError, "ax must be"),
    (lambda: gdviz.plot_lr_cases([run(PARABOLA, 1.0, 0.1, 3)] * 2, PARABOLA,
                                 axes=plt.subplots(1, 3)[1]), ValueError, "exactly 2"),
    (lambda: gdviz.plot_sweep("sweep"), TypeError, "sweep must be a Sweep"),
    (lambda: gdviz.plot_surface_3d(PARABOLA), ValueError, "needs an objective with 2 parameter"),
    (lambda: gdviz.plot_path_2d(run(BOWL, (1, 1), 0.1, 3), "bowl"), TypeError, "objective must be a gdviz"),
    (lambda: gdviz.ContourView(plt.subplots()[1], lambda w: w**2), TypeError, "objective must be"),
    (lambda: gdviz.loss_grid(gdviz.from_function(lambda a, b, c: a), (0, 1), (0, 1)), ValueError,
     "loss_grid needs an objective with 1 or 2 parameter"),
    (lambda: gdviz.plot_lr_cases([run(BOWL, (1, 1), 0.1, 3)], gdviz.from_function(lambda a, b, c: a)),
     ValueError, "plot_lr_cases needs an objective with 1 or 2 parameter"),
    (lambda: gdviz.CurveView(plt.subplots()[1], PARABOLA, max_labels=-1), ValueError, "max_labels"),
])
def test_bad_arguments_get_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_surface_3d_stops_a_diverging_path_at_the_box():
    path = run(BOWL, (3.0, -2.0), 1.1, 100)                         # w_k = w_0 (-1.2)^k
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = gdviz.plot_surface_3d(BOWL, path, xlim=(-4, 4), ylim=(-4, 4))
        ax.figure.canvas.draw()
    line = max(ax.lines, key=lambda line: len(line.get_data_3d()[0]))
    x, y, _ = line.get_data_3d()
    np.testing.assert_allclose(np.column_stack([x, y]), [[3.0, -2.0], [-3.6, 2.4]])


# --- several minima -------------------------------------------------------------------------------

def test_contours_and_surface_mark_every_minimum_in_view():
    from gdviz.core.landscapes import himmelblau, saddle

    L = himmelblau()
    view = gdviz.ContourView(plt.subplots()[1], L)  # default window: around all four minima
    stars = [line for line in view.ax.lines if line.get_label() == "minima"]
    assert len(stars) == 1
    np.testing.assert_allclose(stars[0].get_xydata(), L.minima)
    corner = gdviz.ContourView(plt.subplots()[1], L, xlim=(0, 5), ylim=(-5, 5))
    np.testing.assert_allclose(next(line for line in corner.ax.lines if line.get_label() == "minima")
                               .get_xydata(), L.minima[[0, 3]])
    ax = gdviz.plot_surface_3d(L, xlim=(-5, 5), ylim=(-5, 5))
    star = next(line for line in ax.lines if line.get_label() == "minima")
    x, y, z = star.get_data_3d()
    np.testing.assert_allclose(np.column_stack([x, y]), L.minima)
    assert np.all(z > 0)  # lifted a little above the surface, where the loss is 0
    bare = gdviz.ContourView(plt.subplots()[1], saddle())
    assert not [line for line in bare.ax.lines if line.get_label() in ("minimum", "minima")]
    assert (bare.xlim, bare.ylim) == ((-5.0, 5.0), (-5.0, 5.0))


def test_one_minimum_is_marked_as_before():
    view = gdviz.ContourView(plt.subplots()[1], BOWL, xlim=(-6, 6), ylim=(-6, 6))
    star = next(line for line in view.ax.lines if line.get_label() == "minimum")
    assert star.get_xydata().tolist() == [[0.0, 0.0]]


# --- issue 12: smaller defects ------------------------------------------------------------------
def visible_numbers(ax):
    return sorted(t.get_text() for t in ax.texts if t.get_visible() and t.get_text().isdigit())


def test_curve_view_numbered_false_writes_no_step_numbers():
    path = run(PARABOLA, 4.0, 0.1, 5)
    fig, (left, right) = plt.subplots(1, 2)
    gdviz.CurveView(left, PARABOLA, numbered=False).update(path)
    gdviz.CurveView(right, PARABOLA, max_labels=3).update(path)
    assert visible_numbers(left) == [] and len(visible_numbers(right)) == 3


def test_loss_curves_of_a_sweep_draw_one_curve_per_learning_rate():
    lrs = np.array([0.05, 0.1, 0.3])
    sweep = gdviz.sweep_learning_rates(PARABOLA, 4.0, lrs, steps=8)
    ax = gdviz.plot_loss_curves(sweep)
    curves = [line for line in ax.lines if not line.get_label().startswith("_")]  # the labelled curves
    assert len(curves) == 3
    for line, lr in zip(curves, lrs):  # w_k = 4 (1 - 2 lr)^k, so L_k = 16 (1 - 2 lr)^(2k)
        np.testing.assert_allclose(line.get_ydata(), 16 * (1 - 2 * lr) ** (2 * np.arange(9)))
    assert ax.get_legend_handles_labels()[1] == ["η = 0.05", "η = 0.1", "η = 0.3"]


def test_a_sweep_is_not_taken_for_a_list_of_paths():
    sweep = gdviz.sweep_learning_rates(PARABOLA, 4.0, [0.1, 0.2], steps=3)
    with pytest.raises(TypeError, match="paths must be a Path"):
        gdviz.plot_loss_curves([sweep])
    with pytest.raises(TypeError, match="path must be a Path"):
        gdviz.describe_run(sweep)
    ax = gdviz.plot_path_2d(gdviz.sweep_learning_rates(BOWL, (1, 1), [0.1, 0.2], steps=3), BOWL)
    assert {"η = 0.1", "η = 0.2"} <= set(ax.get_legend_handles_labels()[1])  # one path per row


# --- issue 12: a loss defined on part of the axis is drawn there, without a warning ---------------
PARTIAL = [
    ("log", lambda w: np.log(w), 2.0), ("sqrt", lambda w: np.sqrt(w), 2.0),
    ("reciprocal", lambda w: 1 / w, 2.0),
]


@pytest.mark.parametrize("name, loss, start", PARTIAL)
def test_a_loss_defined_on_part_of_the_axis_is_drawn_where_defined(name, loss, start):
    objective = gdviz.from_function(loss)
    path = run(objective, start, 0.01, 5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, ax = plt.subplots()
        view = gdviz.CurveView(ax, objective, xlim=(-5, 5))
        view.update(path)
        gdviz.plot_path_1d(path, objective)
        gdviz.loss_grid(objective, (-1, 1))
    w, drawn = view.curve.get_data()
    with np.errstate(all="ignore"):
        expected = loss(w)
    defined = np.isfinite(expected)
    assert 0 < defined.sum() <= w.size  # 1/w: every grid point but 0 (not one of CurveView's)
    assert np.isnan(gdviz.loss_grid(objective, (-1, 1), n=5)[1]).any()  # nan where undefined
    np.testing.assert_allclose(drawn[defined], expected[defined])
    assert np.all(np.isnan(drawn[~defined]))


def test_a_two_parameter_loss_defined_on_half_the_plane_is_drawn_without_warnings():
    objective = gdviz.from_function(lambda a, b: np.log(a) + b**2)
    path = run(objective, (2.0, 1.0), 0.01, 5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gdviz.plot_path_2d(path, objective, xlim=(-2, 3), ylim=(-2, 2))
        gdviz.plot_surface_3d(objective, path, xlim=(-2, 3), ylim=(-2, 2))


@pytest.mark.parametrize("make", [
    lambda L: gdviz.CurveView(plt.subplots()[1], L, xlim=(-1, 1)),
    lambda L: gdviz.plot_path_1d(run(gdviz.parabola(), 1.0, 0.1, 2), L),
])
def test_a_loss_that_is_nowhere_a_number_is_refused_with_a_message(make):
    nowhere = gdviz.from_function(lambda w: np.full_like(w, np.nan))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="objective's loss is not a finite number anywhere"):
            make(nowhere)


def test_a_two_parameter_loss_that_is_nowhere_a_number_is_refused():
    nowhere = gdviz.from_function(lambda a, b: np.log(-a * a - 1.0))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for make in (lambda: gdviz.ContourView(plt.subplots()[1], nowhere, xlim=(-1, 1), ylim=(-1, 1)),
                     lambda: gdviz.plot_surface_3d(nowhere, xlim=(-1, 1), ylim=(-1, 1))):
            with pytest.raises(ValueError, match="objective's loss is not a finite number anywhere"):
                make()


# --- issue 12: losses below zero drawn honestly ---------------------------------------------------
WELL = gdviz.double_well()


def well_minima_losses():
    """L at the roots of L'(w) = 4w^3 - 6w + 1 that are minima (L'' = 12w^2 - 6 > 0), lowest first."""
    roots = np.roots([4.0, 0.0, -6.0, 1.0]).real
    minima = roots[12 * roots**2 - 6 > 0]
    return np.sort(minima**4 - 3 * minima**2 + minima)


def test_log_loss_curve_below_zero_draws_the_gap_to_the_lowest_minimum():
    low, high = well_minima_losses()
    path = run(WELL, 1.5, 0.1, 30)                  # ends in the shallower valley, at L = high < 0
    ax = gdviz.plot_loss_curves(path, log=True, objective=WELL)
    y = ax.lines[0].get_ydata()
    np.testing.assert_allclose(y, path.losses - low, rtol=1e-12)
    assert y[-1] == pytest.approx(high - low, rel=1e-6) and np.all(y > 1.0)  # no fake 1e-16
    assert ax.get_yscale() == "log" and ax.get_ylabel() == "$L - L_{min}$"
    assert "L_{min} = -3.514" in ax.get_title()


def test_log_loss_curve_below_zero_without_minima_is_linear_and_says_why():
    path = run(WELL, 1.5, 0.1, 30)
    ax = gdviz.plot_loss_curves(path, log=True)     # a Path does not know its objective
    assert ax.get_yscale() == "linear" and "losses below 0" in ax.get_title()
    np.testing.assert_allclose(ax.lines[0].get_ydata(), path.losses)
    sweep = gdviz.sweep_learning_rates(WELL, 1.5, [0.05, 0.1], steps=20)
    ax = gdviz.plot_loss_curves(sweep, log=True)    # a Sweep does: the gap
    assert ax.get_ylabel() == "$L - L_{min}$"


def test_sweep_of_losses_below_zero_shows_the_gap_not_a_false_zero():
    low, high = well_minima_losses()
    sweep = gdviz.sweep_learning_rates(WELL, 1.5, np.geomspace(0.01, 0.2, 8), steps=200, tol=1e-9)
    assert np.all(sweep.final_losses < 0)
    left, _ = gdviz.plot_sweep(sweep)
    assert not any("float precision" in t.get_text() for t in left.texts)
    np.testing.assert_allclose(left.lines[0].get_ydata(), sweep.final_losses - low, rtol=1e-12)
    np.testing.assert_allclose(left.lines[0].get_ydata(), high - low, rtol=1e-6)
    assert left.get_ylabel() == "final $L - L_{min}$" and left.get_yscale() == "log"


def test_sweep_reaching_the_lowest_minimum_says_so():
    sweep = gdviz.sweep_learning_rates(WELL, -2.0, [0.02, 0.05], steps=400, tol=1e-12)
    left, _ = gdviz.plot_sweep(sweep)
    assert any(t.get_text().startswith("L_min reached within float precision") for t in left.texts)


def test_describe_run_does_not_depend_on_where_the_loss_has_its_zero():
    shifted = gdviz.from_function(lambda w: w**2 - 5.0, grad=lambda w: 2 * w)  # minimum L = -5
    assert [gdviz.describe_run(run(shifted, 4.0, lr, 10)) for lr in (0.05, 0.35, 0.9, 1.0, 1.1)] \
        == ["creeps", "converges", "zig-zags in", "bounces forever", "diverges"]
    creeping = run(WELL, 1.5, 0.0005, 10)
    assert creeping.losses[0] > creeping.losses[-1] and abs(creeping.final[0] - 1.5) < 0.03
    assert gdviz.describe_run(creeping) == "creeps"
    assert gdviz.describe_run(run(PARABOLA, 0.0, 0.1, 5)) == "has not moved"


# --- issue 12: large finite starts ---------------------------------------------------------------
def test_loss_curve_of_a_huge_start_is_drawn():
    path = run(PARABOLA, 1e76, 0.1, 5)  # w_k = 1e76 0.8^k, L_k = 1e152 0.64^k
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = gdviz.plot_loss_curves(path, log=True)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), 1e152 * 0.64 ** np.arange(6))
    low, high = ax.get_ylim()
    assert low < 1e152 * 0.64**5 and high > 1e152


def test_a_start_whose_loss_overflows_is_said_not_drawn():
    path = run(PARABOLA, 1e200, 0.1, 5)  # L = 1e400: beyond any float
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = gdviz.plot_loss_curves(path, log=True)
        gdviz.plot_path_1d(path, PARABOLA)
    assert any("overflows at the start" in label for label in ax.get_legend_handles_labels()[1])


@pytest.mark.parametrize("start", [10**400, (1, -10**400)])
def test_a_start_beyond_any_float_is_a_value_error_naming_start(start):
    objective = PARABOLA if isinstance(start, int) else BOWL
    with pytest.raises(ValueError, match=r"start must hold numbers a float can hold.*characters\)"):
        gdviz.gradient_descent(objective, start, 0.1, 5)


# --- issue 11 item 6: lesson boilerplate moved into the plots --------------------------------------

def test_minimum_label_names_the_star_drawn_above_every_path_arrow_and_marker():
    neuron = gdviz.sigmoid_fit([1.0, 2.0], [0.2, 0.9], reduction="sum")
    runs = [run(neuron, (-2.0, -2.0), lr, 300) for lr in (3.0, 30.0)]
    ax = gdviz.plot_path_2d(runs, neuron, labels=["η = 3", "η = 30"], gradient_at=(-2.0, -2.0),
                            minimum_label="exact fit $(w^*, b^*)$")
    star = next(line for line in ax.lines if line.get_marker() == "*")
    assert star.get_label() == "exact fit $(w^*, b^*)$"
    np.testing.assert_allclose(star.get_xydata(), neuron.minima)
    others = [a for a in ax.lines + ax.collections if a is not star and a.get_gid() != "minimum"]
    assert star.get_zorder() > max(a.get_zorder() for a in others)   # paths, arrowheads, -grad L
    assert star.get_zorder() < ax.get_legend().get_zorder()          # but under the legend
    assert [t.get_text() for t in ax.get_legend().get_texts()][0] == "exact fit $(w^*, b^*)$"


def test_minimum_label_on_a_single_path_shows_the_legend_and_bad_labels_are_refused():
    ax = gdviz.plot_path_2d(run(BOWL, (5.0, -4.0), 0.1, 10), BOWL)
    assert ax.get_legend() is None                                   # unchanged without it
    ax = gdviz.plot_path_2d(run(BOWL, (5.0, -4.0), 0.1, 10), BOWL, minimum_label="the bottom")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["the bottom", "η = 0.1"]
    with pytest.raises(TypeError, match="minimum_label must be a str"):
        gdviz.plot_path_2d(run(BOWL, (5.0, -4.0), 0.1, 10), BOWL, minimum_label=3)


@pytest.mark.parametrize("start, lr, steps, expected", [
    (4.0, 1.1, 200, "diverged: stopped by the rule |w| > 4·10⁶"),      # 10^6 * max(1, |w0|)
    (0.5, 1.1, 200, "diverged: stopped by the rule |w| > 10⁶"),        # the scale is at least 1
    (2.5, 1.5, 200, "diverged: stopped by the rule |w| > 2.5·10⁶"),
])
def test_the_cross_of_a_diverged_loss_curve_says_which_rule_stopped_it(start, lr, steps, expected):
    path = run(PARABOLA, start, lr, steps)
    assert path.status == "diverged" and np.isfinite(path.losses[-1])
    assert abs(path.params[-1, 0]) > 1e6 * max(1.0, start)            # the rule that fired
    ax = gdviz.plot_loss_curves(path, log=True)
    assert expected in [t.get_text() for t in ax.get_legend().get_texts()]


def test_a_run_that_overflowed_ends_at_its_last_finite_value():
    steep = gdviz.from_function(lambda w: np.exp(w**2), grad=lambda w: 2 * w * np.exp(w**2))
    path = run(steep, 2.0, 1.0, 10)
    assert path.status == "diverged" and not np.isfinite(path.losses[-1])
    ax = gdviz.plot_loss_curves(path, log=True)
    assert "diverged: last finite value" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_lr_cases_compare_starts_in_one_given_window_with_a_colour_each():
    well = gdviz.double_well()
    runs = [run(well, w0, 0.05, 12) for w0 in (0.0, 0.4)]
    axes = gdviz.plot_lr_cases(runs, well, titles=["from 0", "from 0.4"], xlim=(-2, 2))
    assert [tuple(ax.get_xlim()) for ax in axes] == [(-2.0, 2.0), (-2.0, 2.0)]
    assert [ax.get_title() for ax in axes] == ["from 0", "from 0.4"]
    assert axes[0].figure.get_size_inches()[0] == 10.0                 # two panels: full width
    for ax, path, colour in zip(axes, runs, ["#0072B2", "#E69F00"]):
        dots = next(line for line in ax.lines if line.get_marker() == "o" and len(line.get_xdata()) > 1)
        np.testing.assert_allclose(dots.get_xdata(), path.params[:, 0])
        assert matplotlib.colors.to_hex(dots.get_color()) == colour.lower()
    with pytest.raises(ValueError, match="ylim is for 2-parameter objectives"):
        gdviz.plot_lr_cases(runs, well, ylim=(-4, 7))
    with pytest.raises(ValueError, match="xlim must be two finite numbers"):
        gdviz.plot_lr_cases(runs, well, xlim=(2, -2))
