"""plot_curves: read back what is drawn (data, colours, scales, limits, labels, references)."""
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

import gdviz

K = np.arange(30)


def curve_lines(ax):
    """The curves and reference curves (not the horizontal levels, whose x data are axes fractions)."""
    return [line for line in ax.lines if len(line.get_xdata()) > 2]


def test_curves_are_drawn_as_given_in_palette_order_with_their_labels():
    values = {"0.8^k": 0.8**K, "0.5^k": 0.5**K, "k": K.astype(float)}
    ax = gdviz.plot_curves(values, ylabel="size")
    lines = curve_lines(ax)
    assert [line.get_label() for line in lines] == list(values)
    for line, (label, y), colour, mark in zip(lines, values.items(), ["#0072b2", "#e69f00", "#009e73"], "os^"):
        np.testing.assert_array_equal(line.get_xdata(), K)       # the index: the step
        np.testing.assert_array_equal(line.get_ydata(), y)
        assert to_hex(line.get_color()) == colour                # Okabe-Ito blue, orange, green
        assert line.get_marker() == mark                         # and a marker each (a few along it)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(values)
    assert ax.get_xlabel() == "step" and ax.get_ylabel() == "size"
    assert tuple(ax.get_xlim()) == (0.0, 29.0)                   # the data's span, no margin


def test_shared_x_and_curves_of_different_lengths():
    t = np.arange(1, 11)
    ax = gdviz.plot_curves({"a": 1 / t, "b": 2 / t}, t, xlabel="step $t$")
    for line in ax.lines:
        np.testing.assert_array_equal(line.get_xdata(), t)
    ax = gdviz.plot_curves({"short": np.ones(5), "long": np.ones(12)})
    assert [len(line.get_xdata()) for line in ax.lines] == [5, 12]
    assert tuple(ax.get_xlim()) == (0.0, 11.0)


@pytest.mark.parametrize("log, xscale, yscale", [(False, "linear", "linear"), (True, "linear", "log"),
                                                 ("y", "linear", "log"), ("x", "log", "linear"),
                                                 ("xy", "log", "log"), ("both", "log", "log")])
def test_log_names_the_log_axes_and_their_labels_say_so(log, xscale, yscale):
    t = np.arange(1, 101)
    ax = gdviz.plot_curves({"1/t": 1.0 / t}, t, log=log, xlabel="step $t$", ylabel="length")
    assert (ax.get_xscale(), ax.get_yscale()) == (xscale, yscale)
    assert ax.get_xlabel() == "step $t$" + (" (log scale)" if xscale == "log" else "")
    assert ax.get_ylabel() == "length" + (" (log scale)" if yscale == "log" else "")


def test_a_label_that_mentions_log_is_kept_and_given_labels_are_not_overwritten():
    ax = gdviz.plot_curves({"a": 0.5**K}, log=True, ylabel="loss (log scale)")
    assert ax.get_ylabel() == "loss (log scale)"
    _, ax = plt.subplots()
    ax.set(xlabel="mine", ylabel="also mine", title="my title")
    gdviz.plot_curves({"a": 0.5**K}, log=True, xlabel="x", ylabel="y", title="t", ax=ax)
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("mine", "also mine", "my title")


def test_log_axis_fits_the_data_without_empty_decades():
    y = 0.5**K                     # 1 down to 0.5^29 = 1.9e-9
    ax = gdviz.plot_curves({"halving": y}, log=True)
    low, high = ax.get_ylim()
    assert low <= y.min() and high >= y.max()
    assert np.log10(high / y.max()) < 0.5 and np.log10(y.min() / low) < 0.5   # well under a decade


def test_values_a_log_axis_cannot_show_become_gaps_without_a_warning():
    y = np.array([1.0, 0.1, 0.0, -1.0, 0.01, np.nan, 1e-3])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = gdviz.plot_curves({"y": y}, log=True)
        ax.figure.canvas.draw()
    drawn = ax.lines[0].get_ydata()
    np.testing.assert_array_equal(np.isnan(drawn), [False, False, True, True, False, True, False])
    low, high = ax.get_ylim()
    assert low <= 1e-3 < 1.0 <= high and np.log10(high) < 0.5 and np.log10(1e-3 / low) < 0.5


def test_a_number_as_ref_is_a_dotted_level_and_named_levels_are_written_at_the_right():
    ax = gdviz.plot_curves({"w": np.linspace(1, -0.3, 20)}, ref=0)
    level = [line for line in ax.lines if list(line.get_ydata()) == [0.0, 0.0]]
    assert len(level) == 1 and level[0].get_linestyle() == ":"
    assert not ax.texts and level[0].get_label().startswith("_")   # not in the legend
    ax = gdviz.plot_curves({"w": np.linspace(2, -1.3, 20)}, ref={"deep valley": -1.3, "hump": 0.17})
    assert sorted(text.get_text() for text in ax.texts) == ["deep valley", "hump"]
    assert sorted(line.get_ydata()[0] for line in ax.lines if line.get_linestyle() == ":") == [-1.3, 0.17]


def test_an_array_as_ref_is_a_dashed_black_curve_over_the_curves_in_the_legend():
    measured = 9.22 * (9 / 11) ** K
    ax = gdviz.plot_curves({"measured": measured}, markers="only", log=True,
                           ref={"predicted $(9/11)^k$": 9.22 * (9 / 11) ** K})
    dots, predicted = ax.lines
    assert dots.get_linestyle() == "None" and dots.get_marker() == "o"
    assert predicted.get_linestyle() == "--" and to_hex(predicted.get_color()) == "#000000"
    assert predicted.get_zorder() > dots.get_zorder()
    np.testing.assert_allclose(predicted.get_ydata(), 9.22 * np.exp(K * np.log(9 / 11)))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["measured", "predicted $(9/11)^k$"]
    low, high = ax.get_xlim()
    assert low < 0 and high > 29       # dots get a margin: none is cut in half at the edge


def test_markers_colors_limits_and_no_legend():
    ax = gdviz.plot_curves({"a": K, "b": 2 * K}, markers=True, colors=["0.15", "#CC79A7"],
                           xlim=(0, 10), ylim=(-1, 5), legend=None)
    assert [line.get_marker() for line in ax.lines] == ["o", "s"]    # two curves: told apart without colour
    assert [line.get_linestyle() for line in ax.lines] == ["-", "--"]
    assert [to_hex(line.get_color()) for line in ax.lines] == ["#262626", "#cc79a7"]
    assert tuple(ax.get_xlim()) == (0.0, 10.0) and tuple(ax.get_ylim()) == (-1.0, 5.0)
    assert ax.get_legend() is None


def test_draws_on_the_given_axes_and_returns_them():
    fig, (left, right) = plt.subplots(1, 2)
    assert gdviz.plot_curves({"a": K}, ax=right, title="right panel") is right
    assert not left.lines and right.get_title() == "right panel"


BAD = [
    (dict(curves=[1, 2]), TypeError, "curves must be a non-empty mapping"),
    (dict(curves={}), TypeError, "curves must be a non-empty mapping"),
    (dict(curves={"a": [[1, 2], [3, 4]]}), ValueError, r"curves\['a'\] must be a non-empty 1-D"),
    (dict(curves={"a": []}), ValueError, r"curves\['a'\] must be a non-empty 1-D"),
    (dict(curves={"a": ["x", "y"]}), TypeError, r"curves\['a'\] must be an array of numbers"),
    (dict(curves={"a": [1, 2, 3]}, x=[1, 2]), ValueError, "x must hold one position"),
    (dict(curves={"a": [1, 2, 3]}, log="z"), ValueError, "log must be"),
    (dict(curves={"a": [1, 2, 3]}, log=2), ValueError, "log must be"),
    (dict(curves={"a": [1, 2, 3]}, markers="x"), ValueError, "markers must be"),
    (dict(curves={"a": [1, 2, 3]}, colors=["red", "blue"]), ValueError, "colors must hold one colour"),
    (dict(curves={"a": [1, 2, 3]}, ref="zero"), TypeError, "ref must be a number"),
    (dict(curves={"a": [1, 2, 3]}, ref={"b": [1, 2]}), ValueError, r"ref\['b'\] must hold one value"),
    (dict(curves={"a": [1, 2, 3]}, ref={"b": np.inf}), ValueError, r"ref\['b'\] must be a finite"),
    (dict(curves={"a": [1, 2, 3]}, xlim=(1, 1)), ValueError, "xlim"),
    (dict(curves={"a": [1, 2, 3]}, ax="left"), TypeError, "ax must be a matplotlib Axes"),
]


@pytest.mark.parametrize("kwargs, error, message", BAD, ids=[b[2][:30] + str(i) for i, b in enumerate(BAD)])
def test_bad_arguments_are_refused_naming_the_argument(kwargs, error, message):
    kwargs = dict(kwargs)
    curves = kwargs.pop("curves")
    with pytest.raises(error, match=message):
        gdviz.plot_curves(curves, **kwargs)


def test_the_horizontal_axis_spans_what_is_drawn_not_the_gaps():
    lrs = np.geomspace(1e-4, 1e2, 13)
    steps = np.full(13, np.nan)
    steps[2:11] = 100.0                                            # never converged outside 1e-3..10
    ax = gdviz.plot_curves({"plain": steps}, lrs, log="xy")
    np.testing.assert_allclose(ax.get_xlim(), (lrs[2], lrs[10]))
