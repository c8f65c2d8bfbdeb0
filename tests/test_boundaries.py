"""Decision boundaries: the zero level by marching squares, the regions drawn from the network's own logits."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import gdviz  # noqa: E402
from gdviz.pictures.boundaries import zero_level  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_zero_level_of_a_plane_lies_exactly_on_its_line():
    xs, ys = np.linspace(-2, 3, 37), np.linspace(-1, 2, 23)
    X, Y = np.meshgrid(xs, ys)
    segments = zero_level(0.7 * X - 1.3 * Y + 0.4, xs, ys)
    assert segments.shape[1:] == (2, 2) and len(segments) > 20
    ends = segments.reshape(-1, 2)
    np.testing.assert_allclose(0.7 * ends[:, 0] - 1.3 * ends[:, 1] + 0.4, 0.0, atol=1e-12)  # linear: exact
    assert ends[:, 0].min() >= xs[0] and ends[:, 0].max() <= xs[-1]


def test_zero_level_of_a_circle_is_near_the_circle_and_closed():
    xs = ys = np.linspace(-2, 2, 81)
    X, Y = np.meshgrid(xs, ys)
    segments = zero_level(X ** 2 + Y ** 2 - 1.0, xs, ys)
    radii = np.linalg.norm(segments.reshape(-1, 2), axis=1)
    assert np.max(np.abs(radii - 1.0)) < 0.01  # within a grid step's interpolation error
    length = np.sum(np.linalg.norm(segments[:, 1] - segments[:, 0], axis=1))
    assert length == pytest.approx(2 * np.pi, rel=1e-3)


def test_zero_level_saddle_cell_gives_two_segments_and_no_crossing_gives_none():
    xs = ys = np.array([0.0, 1.0])
    assert zero_level(np.array([[1.0, -1.0], [-1.0, 1.0]]), xs, ys).shape == (2, 2, 2)
    assert zero_level(np.ones((2, 2)), xs, ys).shape == (0, 2, 2)


def test_plot_boundary_shades_the_networks_probabilities_and_draws_its_data():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(30, 2)), (rng.random(30) > 0.5).astype(float)
    net = gdviz.two_layer_net(x, y, width=5)
    theta = net.initial(seed=3)
    ax = gdviz.plot_boundary(net, theta)
    image = ax.get_images()[0]
    x0, x1, y0, y1 = image.get_extent()
    shown = np.asarray(image.get_array())
    corner = net.predict(theta, [[x0, y0], [x1, y1]])  # the grid's first and last points
    assert shown[0, 0] == pytest.approx(corner[0]) and shown[-1, -1] == pytest.approx(corner[1])
    circles, triangles = ax.get_lines()[:2]
    np.testing.assert_array_equal(circles.get_xdata(), x[y == 0, 0])
    np.testing.assert_array_equal(triangles.get_ydata(), x[y == 1, 1])
    ends = np.concatenate(ax.collections[0].get_segments()).reshape(-1, 2)
    assert np.max(np.abs(net.logits(theta, ends))) < 0.05 * np.ptp(net.logits(theta, x))  # p = 1/2 there
    assert ax.get_title().startswith("accuracy ")


@pytest.mark.parametrize("args, error, words", [
    (("net",), TypeError, "net must be a network from gdviz.two_layer_net"),
    (("three inputs",), ValueError, "net must have two inputs"),
])
def test_plot_boundary_refuses_what_it_cannot_draw(args, error, words):
    net = gdviz.two_layer_net(np.zeros((2, 3)), [0, 1], width=2) if args[0] == "three inputs" else gdviz.bowl()
    with pytest.raises(error, match=words):
        gdviz.plot_boundary(net, np.zeros(11))
