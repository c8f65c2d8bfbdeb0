"""plot_sweep_map: the drawn cells against runs made one at a time with gdviz.optimize."""
import warnings

import numpy as np
import pytest
from matplotlib.colors import to_hex

import gdviz

VALLEY = gdviz.bowl((1, 10))                    # curvatures 2 and 20: lambda_n = 20
START = (-9.0, 2.0)
LRS = np.geomspace(0.01, 0.25, 8)
MUS = np.linspace(0.0, 0.9, 6)
STEPS, TOL = 150, 1e-6


@pytest.fixture(scope="module")
def grid():
    return gdviz.sweep(VALLEY, START, gdviz.sgd, STEPS, tol=TOL, lr=LRS, momentum=MUS)


@pytest.fixture(scope="module")
def one_by_one():
    """Each cell's run on its own: its status and its number of steps, shape (lr, momentum)."""
    runs = [[gdviz.optimize(VALLEY, START, gdviz.sgd(lr, momentum=mu), STEPS, tol=TOL) for mu in MUS]
            for lr in LRS]
    status = np.array([[r.status for r in row] for row in runs])
    steps = np.array([[r.n_steps for r in row] for row in runs], dtype=float)
    return status, steps


def meshes(ax):
    steps = next(c for c in ax.collections if c.get_gid() == "steps")
    other = next(c for c in ax.collections if c.get_gid() == "not-converged")
    return steps, other


def test_every_converged_cell_shows_its_steps_and_the_others_are_grey(grid, one_by_one):
    status, steps = one_by_one
    assert {"converged", "max_steps", "diverged"} <= set(status.ravel())   # the grid shows all three
    ax = gdviz.plot_sweep_map(grid)
    shown, other = meshes(ax)
    colours = np.ma.asarray(shown.get_array()).reshape(len(MUS), len(LRS)).T     # rows: momentum
    np.testing.assert_array_equal(np.ma.getmaskarray(colours), status != "converged")
    np.testing.assert_array_equal(colours.compressed(), steps[status == "converged"])
    greys = np.ma.asarray(other.get_array()).reshape(len(MUS), len(LRS)).T
    np.testing.assert_array_equal(np.ma.getmaskarray(greys), status == "converged")
    np.testing.assert_array_equal(greys[status == "diverged"], 0.0)        # light grey
    np.testing.assert_array_equal(greys[status == "max_steps"], 1.0)       # dark grey
    assert [to_hex(other.cmap(v)) for v in (0.0, 1.0)] == ["#e0e0e0", "#8c8c8c"]
    assert shown.norm.vmax == STEPS and shown.norm.vmin <= steps[status == "converged"].min()


def test_cells_are_centred_on_their_values_in_log_space_across_and_linear_up(grid):
    ax = gdviz.plot_sweep_map(grid)
    corners = meshes(ax)[0].get_coordinates()            # (momenta + 1, rates + 1, 2)
    across, up = corners[0, :, 0], corners[:, 0, 1]
    np.testing.assert_allclose(across[1:-1], np.sqrt(LRS[1:] * LRS[:-1]))   # geometric midpoints
    np.testing.assert_allclose(across[[0, -1]], [LRS[0] ** 1.5 / LRS[1] ** 0.5, LRS[-1] ** 1.5 / LRS[-2] ** 0.5])
    np.testing.assert_allclose(up, np.linspace(-0.09, 0.99, 7))              # step 0.18, half beyond each end
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "linear")
    np.testing.assert_allclose(ax.get_xlim(), across[[0, -1]])
    np.testing.assert_allclose(ax.get_ylim(), up[[0, -1]])
    assert ax.get_xlabel() == "learning rate η (log scale)" and ax.get_ylabel() == "momentum μ"


def test_the_fastest_cell_is_ringed_and_marks_and_lines_go_in_the_legend(grid, one_by_one):
    status, steps = one_by_one
    fastest = np.where(status == "converged", steps, np.inf)
    i, j = np.unravel_index(np.argmin(fastest), fastest.shape)
    edge = np.linspace(0, 0.9, 20)
    ax = gdviz.plot_sweep_map(grid, marks={"a guess": (0.1, 0.3)},
                              lines={"stability edge": (2 * (1 + edge) / 20, edge)})
    ring = next(line for line in ax.lines if line.get_label().startswith("fastest cell"))
    assert ring.get_label() == f"fastest cell ({int(steps[i, j])} steps)"
    assert (ring.get_xdata()[0], ring.get_ydata()[0]) == (LRS[i], MUS[j])
    star = next(line for line in ax.lines if line.get_label() == "a guess")
    assert star.get_marker() == "*" and star.get_zorder() > ring.get_zorder()
    dashed = next(line for line in ax.lines if line.get_label() == "stability edge")
    np.testing.assert_allclose(dashed.get_xdata(), (1 + edge) / 10)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["stability edge", "a guess", ring.get_label(), "diverged",
                      f"not converged in {STEPS} steps"]


def test_colour_bar_names_the_tolerance_and_has_round_ticks(grid):
    ax = gdviz.plot_sweep_map(grid, fastest=False, legend=None)
    bar = meshes(ax)[0].colorbar
    assert bar.ax.get_ylabel() == r"steps to converge (a step shorter than $10^{-6}$), log scale"
    ticks = list(bar.get_ticks())
    assert ticks[-1] == STEPS and all(t in (1, 2, 3, 5) or str(int(t))[0] in "125" for t in ticks[1:-1])
    assert not [line for line in ax.lines if line.get_label().startswith("fastest")]
    assert ax.get_legend() is None


def test_no_warnings_when_nothing_converges():
    stuck = gdviz.sweep(VALLEY, START, gdviz.sgd, 3, tol=1e-12, lr=LRS, momentum=MUS)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = gdviz.plot_sweep_map(stuck)
        ax.figure.canvas.draw()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["not converged in 3 steps"]


def test_bad_arguments_are_refused_naming_the_argument(grid):
    with pytest.raises(TypeError, match="sweep must be a Sweep"):
        gdviz.plot_sweep_map(gdviz.optimize(VALLEY, START, gdviz.sgd(0.1), 5))
    with pytest.raises(ValueError, match="sweep must run a grid of exactly two"):
        gdviz.plot_sweep_map(gdviz.sweep(VALLEY, START, gdviz.sgd, 5, tol=TOL, lr=LRS))
    with pytest.raises(ValueError, match="sweep must have a tolerance"):
        gdviz.plot_sweep_map(gdviz.sweep(VALLEY, START, gdviz.sgd, 5, lr=LRS, momentum=MUS))
    with pytest.raises(TypeError, match="marks must be a mapping"):
        gdviz.plot_sweep_map(grid, marks=[(0.1, 0.3)])
    with pytest.raises(ValueError, match=r"marks\['a'\] must be a pair"):
        gdviz.plot_sweep_map(grid, marks={"a": 0.1})
    with pytest.raises(ValueError, match=r"marks\['a'\] must be one point"):
        gdviz.plot_sweep_map(grid, marks={"a": ([0.1, 0.2], [0.3, 0.4])})
    with pytest.raises(ValueError, match=r"lines\['e'\] must be two arrays of the same length"):
        gdviz.plot_sweep_map(grid, lines={"e": ([0.1, 0.2], [0.3])})
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        gdviz.plot_sweep_map(grid, ax="here")
