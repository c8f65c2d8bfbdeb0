"""Explorers driven from code (``control.value = ...``), no browser: the numbers, the picture, the text.

Expected paths are worked by hand: on L(w) = w^2 a step is w <- w - lr * 2w = (1 - 2 lr) w, so from
w = 4 with lr = 0.25 the path is 4, 2, 1, 0.5 (gradients 8, 4, 2, 1; losses 16, 4, 1, 0.25).
"""
from __future__ import annotations

import base64
import html
import io
import json
import math
import re
import time
import warnings

import numpy as np
import pytest
from PIL import Image

import gdviz
from gdviz.explorers.frames import Coalescer
from gdviz.explorers.text import parse_start


def frame(explorer) -> np.ndarray:
    """The picture the browser receives, decoded to an RGB array."""
    return np.asarray(Image.open(io.BytesIO(explorer.image.value)).convert("RGB"))


def readout_lines(explorer) -> list[str]:
    """The readout as a learner reads it: one string per line, markup removed."""
    html = explorer.readout.value.replace("<br>", "\n")
    return [line.strip() for line in re.sub(r"<[^>]+>", "", html).split("\n")]


# --- learning rate: one new path, drawn ----------------------------------------------------------

def test_lr_change_redraws_with_the_new_path():
    explorer = gdviz.explore_lr_1d(lr=0.1, steps=3)
    before = explorer.image.value
    explorer.controls["lr"].value = 0.25
    assert explorer.path.lr == 0.25
    np.testing.assert_allclose(explorer.path.params[:, 0], [4.0, 2.0, 1.0, 0.5])
    curve, loss = explorer.views["main"], explorer.views["loss"]
    np.testing.assert_allclose(curve.points.get_xdata(), [4.0, 2.0, 1.0, 0.5])
    np.testing.assert_allclose(curve.points.get_ydata(), [16.0, 4.0, 1.0, 0.25])
    np.testing.assert_allclose(loss.line.get_xdata(), [0, 1, 2, 3])
    np.testing.assert_allclose(loss.line.get_ydata(), [16.0, 4.0, 1.0, 0.25])
    assert explorer.image.value != before
    assert Image.open(io.BytesIO(explorer.image.value)).format == "PNG"


def test_2d_lr_change_moves_the_path_on_the_contours():
    explorer = gdviz.explore_lr_2d(lr=0.1, steps=2)
    before = frame(explorer)
    explorer.controls["lr"].value = 0.25  # (w1, w2) <- (1 - 2 lr)(w1, w2) = half of it
    line = explorer.views["main"].overlay.line
    np.testing.assert_allclose(line.get_xdata(), [5.0, 2.5, 1.25])
    np.testing.assert_allclose(line.get_ydata(), [-4.0, -2.0, -1.0])
    np.testing.assert_allclose(explorer.views["loss"].line.get_ydata(), [41.0, 10.25, 2.5625])
    assert np.any(frame(explorer) != before)


def test_steps_and_start_are_settings_too():
    explorer = gdviz.explore_lr_1d(lr=0.25, steps=3)
    explorer.controls["steps"].value = 5
    np.testing.assert_allclose(explorer.path.params[:, 0], [4, 2, 1, 0.5, 0.25, 0.125])
    explorer.controls["start"].value = "-2"
    np.testing.assert_allclose(explorer.path.params[:, 0], [-2, -1, -0.5, -0.25, -0.125, -0.0625])
    assert explorer.controls["step"].max == explorer.controls["play"].max == 5


# --- step-through: indexes the precomputed path ------------------------------------------------

def test_step_control_indexes_the_path_without_recomputing():
    explorer = gdviz.explore_lr_1d(lr=0.25, steps=3)
    calls = []
    compute = explorer.scene.compute
    explorer.scene.compute = lambda settings: calls.append(1) or compute(settings)
    explorer.controls["step"].value = 2
    lines = readout_lines(explorer)
    assert lines[:5] == ["step 2 of 3", "w = 1", "dL/dw = 2", "loss L = 1",  # w2 = 1, dL/dw = 2 w
                         "next: w − η · dL/dw = 1 − 0.25 × 2 = 0.5"]
    np.testing.assert_allclose(explorer.views["main"].points.get_xdata(), [4.0, 2.0, 1.0])
    np.testing.assert_allclose(explorer.views["loss"].line.get_ydata(), [16.0, 4.0, 1.0])
    explorer.controls["step"].value = 0
    assert readout_lines(explorer)[1] == "w = 4"
    assert calls == []


def test_readout_in_two_dimensions():
    explorer = gdviz.explore_lr_2d(lr=0.25, steps=2)
    explorer.controls["step"].value = 1
    assert readout_lines(explorer)[1:5] == [
        "(w1, w2) = (2.5, −2)", "gradient ∇L = (5, −4)", "loss L = 10.25",
        "next: (w1, w2) − η · ∇L = (2.5, −2) − 0.25 × (5, −4) = (1.25, −1)"]
    assert "<sub>1</sub>" in explorer.readout.value


def test_step_follows_the_end_of_a_new_path():
    explorer = gdviz.explore_lr_1d(lr=0.1, steps=20)
    assert explorer.controls["step"].value == 20
    explorer.controls["lr"].value = 2.0  # w <- -3 w: |w| passes 1e6 * 4 at step 13 (4 * 3^13)
    assert explorer.path.n_steps == 13
    assert explorer.controls["step"].value == explorer.controls["step"].max == 13
    explorer.controls["step"].value = 5
    explorer.controls["lr"].value = 0.25  # not at the end: the step shown stays
    assert explorer.controls["step"].value == 5 and explorer.controls["step"].max == 20


def test_diverging_lr_is_a_status_not_a_warning():
    explorer = gdviz.explore_lr_1d(lr=0.1, steps=40)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer.controls["lr"].value = 2.0
    assert explorer.path.status == "diverged"
    assert "diverged</b> after 13 steps" in explorer.readout.value
    assert explorer.error is None and explorer.message.value == ""
    assert "diverges after 13 steps" in repr(explorer)


# --- errors are shown in the widget ---------------------------------------------------------------

def test_bad_start_shows_a_message_and_keeps_the_picture():
    explorer = gdviz.explore_lr_1d(lr=0.25, steps=3)
    picture, path = explorer.image.value, explorer.path
    explorer.controls["start"].value = "nan"
    assert "start must be finite" in explorer.message.value
    assert isinstance(explorer.error, ValueError)
    assert explorer.path is path and explorer.image.value == picture
    explorer.controls["start"].value = "four"
    assert "start must be a number" in explorer.message.value
    explorer.controls["lr"].value = 0.5  # still invalid: still said
    assert "start must be a number" in explorer.message.value
    explorer.controls["start"].value = "2"
    assert explorer.message.value == "" and explorer.error is None
    np.testing.assert_allclose(explorer.path.params[:, 0], [2, 0, 0, 0])


def test_unexpected_error_in_a_callback_appears_in_the_widget():
    explorer = gdviz.explore_lr_2d()

    def broken(path, step):
        raise RuntimeError("the views broke")

    explorer.scene.show = broken
    explorer.controls["lr"].value = 0.2
    assert "RuntimeError: the views broke" in explorer.message.value
    assert isinstance(explorer.error, RuntimeError)


def test_a_loss_that_raises_is_reported_until_the_settings_change():
    explorer = gdviz.explore_lr_1d(lr=0.25, steps=3)
    compute = explorer.scene.compute

    def fragile(settings):
        if settings["lr"] > 1:
            raise ZeroDivisionError("the loss divided by zero")
        return compute(settings)

    explorer.scene.compute = fragile
    explorer.controls["lr"].value = 1.5
    assert "ZeroDivisionError: the loss divided by zero" in explorer.message.value
    explorer.controls["step"].value = 1  # the old path can still be stepped through
    assert "ZeroDivisionError" in explorer.message.value and "step 1 of 3" in explorer.readout.value
    explorer.controls["lr"].value = 0.25
    assert explorer.message.value == "" and explorer.error is None


def test_parse_start():
    np.testing.assert_allclose(parse_start("5, -4", 2), [5, -4])
    np.testing.assert_allclose(parse_start("(5; −4)", 2), [5, -4])
    np.testing.assert_allclose(parse_start(3, 1), [3])
    for bad, message in (("1", "2 numbers"), ("1, 2, 3", "2 numbers"), ("x, 1", "2 numbers"),
                         ("inf, 1", "finite")):
        with pytest.raises(ValueError, match=message):
            parse_start(bad, 2)


# --- text fallback --------------------------------------------------------------------------------

def test_repr_is_a_sentence():
    text = repr(gdviz.explore_lr_1d())
    assert text.startswith("Learning-rate explorer for L(w) = w²: drag the learning rate (now 0.1) "
                           "and watch 20 steps from w = 4")
    assert text.endswith("(needs a live kernel).") and "\n" not in text and "VBox" not in text
    two = gdviz.explore_lr_2d()
    assert "from (w₁, w₂) = (5, -4)" in repr(two)
    bundle = two._repr_mimebundle_()
    assert bundle["text/plain"] == repr(two) and len(repr(two)) > 110  # not cut by ipywidgets
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert repr(gdviz.explore_guess()).startswith("Guessing game for the sigmoid neuron loss: move w (now 0.5)")



def test_mimebundle_holds_the_widget_the_sentence_and_the_current_frame():
    explorer = gdviz.explore_lr_1d(lr=0.25, steps=3)
    explorer.controls["lr"].value = 0.1
    bundle = explorer._repr_mimebundle_()
    assert set(bundle) == {"application/vnd.jupyter.widget-view+json", "image/png", "text/plain", "text/html"}
    png = base64.b64decode(bundle["image/png"])  # base64 text, as in a notebook file
    assert png == bytes(explorer.image.value)
    still = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    assert still.shape[1::-1] == explorer.frames.pixel_size and np.array_equal(still, frame(explorer))
    assert "(now 0.1)" in bundle["text/plain"]
    json.dumps(bundle)  # what the kernel sends must be plain JSON


def test_mimebundle_html_is_the_frame_captioned_by_the_sentence():
    # what `jupyter nbconvert --to html` shows when no widget state is stored: picture and sentence in one
    explorer = gdviz.explore_lr_1d(lr=0.25, steps=3)
    bundle = explorer._repr_mimebundle_()
    page = bundle["text/html"]
    sources = re.findall(r'<img src="data:image/png;base64,([^"]+)"', page)
    assert sources == [bundle["image/png"]]
    caption = re.fullmatch(r'.*<figcaption>(.*)</figcaption></figure>', page, re.S).group(1)
    assert html.unescape(caption.replace("<br>", "\n")) == bundle["text/plain"]
    assert "<script" not in page
    from gdviz.explorers.explorer import still_html
    assert still_html(None, "a <b>\nc") == ('<figure class="gdviz-still" style="margin: 0">'
                                             '<figcaption>a &lt;b&gt;<br>c</figcaption></figure>')

# --- DOM hooks for the browser test ----------------------------------------------------------------

def test_dom_classes():
    explorer = gdviz.explore_lr_1d()
    assert "gdviz-explorer" in explorer._dom_classes
    assert "gdviz-lr" in explorer.controls["lr"]._dom_classes
    assert "gdviz-figure" in explorer.image._dom_classes
    assert "gdviz-readout" in explorer.readout._dom_classes
    data = gdviz.sigmoid_fit([0.5, 1.0, 2.0, 2.5], [0.2, 0.4, 0.8, 0.9])
    batch = gdviz.explore_batch_size(data, (-2, -2), lr=1.0, steps=10)
    assert "gdviz-batch" in batch.controls["batch_size"]._dom_classes
    guess = gdviz.explore_guess()
    assert "gdviz-w" in guess.controls["w"]._dom_classes
    assert "gdviz-b" in guess.controls["b"]._dom_classes
    momentum = gdviz.explore_momentum()
    assert "gdviz-momentum" in momentum.controls["momentum"]._dom_classes
    assert "gdviz-lr" in momentum.controls["lr"]._dom_classes


def test_picture_size_and_controls():
    explorer = gdviz.explore_lr_1d(lr_range=(1e-3, 2.0))
    width, height = Image.open(io.BytesIO(explorer.image.value)).size
    assert (width, height) == explorer.frames.pixel_size
    lr = explorer.controls["lr"]
    assert (lr.base, lr.min, lr.max) == (10, -3, math.log10(2.0))



def browser_stop(slider, value: float) -> float:
    """Where the browser's log slider puts ``value``: the nearest stop 10 ** (min + k * step)."""
    k = round((math.log10(value) - slider.min) / slider.step)
    return 10 ** (slider.min + k * slider.step)


@pytest.mark.parametrize("make, lr", [
    (lambda: gdviz.explore_lr_1d(), 0.1), (lambda: gdviz.explore_lr_1d(lr=0.3), 0.3),
    (lambda: gdviz.explore_lr_2d(lr=0.05), 0.05), (lambda: gdviz.explore_surface(steps=5), 0.3),
    (lambda: gdviz.explore_batch_size(gdviz.sigmoid_fit([0.5, 1, 2], [0.2, 0.5, 0.9]), (0, 0),
                                      lr=0.5, steps=3), 0.5)])
def test_the_starting_learning_rate_is_a_stop_of_the_slider(make, lr):
    slider = make().controls["lr"]
    assert slider.value == lr
    notches = (math.log10(lr) - slider.min) / slider.step
    assert notches == pytest.approx(round(notches), abs=1e-9)
    assert browser_stop(slider, lr) == pytest.approx(lr, rel=1e-12)  # the browser keeps it
    assert 0.0099 < slider.step < 0.0101  # about 2.3 % per arrow key


def test_round_learning_rates_are_stops_and_the_path_uses_the_rate_shown():
    explorer = gdviz.explore_lr_1d()  # lr 0.1 in [1e-3, 2]: stops at 10 ** (-3 + k / 100)
    slider = explorer.controls["lr"]
    assert (slider.min, slider.step) == (-3.0, 0.01)
    for lr in (0.001, 0.01, 0.1, 1.0):
        assert browser_stop(slider, lr) == pytest.approx(lr, rel=1e-12)
    assert f"{browser_stop(slider, 0.5):.3g}" == "0.501"  # 0.5 itself is no stop: 10 ** -0.3
    slider.value = 10 ** -0.3  # 0.50119...: shown as 0.501, and the path uses 0.501
    assert explorer.path.lr == 0.501
    np.testing.assert_allclose(explorer.path.params[:3, 0], [4.0, 4.0 * -0.002, 4.0 * 0.002**2])
    assert readout_lines(explorer)[-1] == ("all 20 steps taken; loss 16 → 1.759e−107")  # 16 * 2**40 * 1e-120
    assert "(now 0.501)" in repr(explorer)
    explorer.controls["step"].value = 0
    assert readout_lines(explorer)[4] == "next: w − η · dL/dw = 4 − 0.501 × 8 = −0.008"


def test_readout_breaks_lines_only_between_phrases():
    explorer = gdviz.explore_surface(steps=5)
    explorer.controls["step"].value = 2
    outside = re.sub(r'<span style="white-space:nowrap">.*?</span>|<[^>]+>', "", explorer.readout.value)
    assert not re.search("[=→×]", outside), outside
    assert '<span style="white-space:nowrap">loss 0.4158 → ' in explorer.readout.value


def test_log_loss_axis_fits_each_path_below_a_fixed_top():
    """The bottom goes to the decade below the path's lowest loss (>= 2, <= 12 decades shown)."""
    explorer = gdviz.explore_surface(lr_range=(0.01, 60))
    ax = explorer.views["loss"].ax
    top = ax.get_ylim()[1]
    for lr in (0.3, 1.0, 3.0, 10.0, 50.0, 0.3):
        explorer.controls["lr"].value = lr
        low, high = ax.get_ylim()
        losses = explorer.path.losses
        assert high == top and losses.max() <= high
        assert 1e-12 / 1.5 <= low / high * 1.0001 and low / high <= 0.01 * 1.0001
        assert low <= losses.min() or low / high <= 1e-12 * 1.0001  # only the 12-decade limit cuts a curve
        note = explorer.views["loss"].status.get_text()
        if losses.min() < low:  # a curve cut there leaves through the bottom, and the note says how low it goes
            first = int(np.flatnonzero(losses < low)[0])
            assert f"below the axis from step {first} (lowest {losses.min():.2g})" in note
            drawn = explorer.views["loss"].line.get_ydata()
            np.testing.assert_array_equal(drawn, losses[:drawn.shape[0]])  # drawn as they are, not at the floor
        else:
            assert "below the axis" not in note
        assert low >= min(losses.min() / 15, high / 100)  # no empty decades below the curve
        blitted = frame(explorer)  # the new limits reach the picture
        for artist in explorer.frames.moving:
            artist.set_animated(False)
        explorer.frames.canvas.draw()
        assert np.array_equal(blitted, np.asarray(explorer.frames.canvas.buffer_rgba())[..., :3])
        for artist in explorer.frames.moving:
            artist.set_animated(True)
    assert explorer.path.final_loss > 0.01 and ax.get_ylim()[0] > 1e-3  # back at 0.3: a slow crawl

def test_loss_view_never_lays_a_falling_curve_along_its_floor():
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    view = gdviz.LossView(ax, log=True, autoscale=False)
    ax.set_ylim(1e-10, 1e2)
    path = gdviz.gradient_descent(gdviz.parabola(), 4.0, 0.35, 30)   # w = 4 * 0.3^k: L = 16 * 0.09^k
    view.update(path, floor=1e-10)
    expected = 16 * 0.09 ** np.arange(31)
    np.testing.assert_allclose(view.line.get_ydata(), expected, rtol=1e-12)
    first = int(np.ceil(np.log(1e-10 / 16) / np.log(0.09)))   # the first step below 1e-10: 11
    assert view.status.get_text() == f"below the axis from step {first} (lowest {expected[-1]:.2g})"
    exact = gdviz.gradient_descent(gdviz.parabola(), 4.0, 0.5, 3)   # lands on 0 at step 1
    view.update(exact, floor=1e-10)
    np.testing.assert_array_equal(view.line.get_ydata(), [16, 1e-10, 1e-10, 1e-10])
    assert view.status.get_text() == "loss 0 drawn at 1e-10"
    plt.close(fig)


# --- batch size and guessing game -------------------------------------------------------------------

def test_batch_size_control_recomputes_with_that_batch():
    data = gdviz.sigmoid_fit([0.5, 1.0, 2.0, 2.5], [0.2, 0.4, 0.8, 0.9])
    explorer = gdviz.explore_batch_size(data, (-2, -2), lr=1.0, steps=8, batch_sizes=(1, 2, 4))
    full = gdviz.gradient_descent(data, (-2, -2), 1.0, 8)
    np.testing.assert_allclose(explorer.path.params, full.params)  # all 4 samples = full batch
    explorer.controls["batch_size"].value = 2
    assert explorer.path.batch_size == 2
    np.testing.assert_allclose(explorer.views["loss"].line.get_xdata(), np.arange(9) * 2 / 4)
    again = gdviz.gradient_descent(data, (-2, -2), 1.0, 8, batch_size=2, seed=0)
    np.testing.assert_allclose(explorer.path.params, again.params)
    assert "batch size (now 2 of 4 samples)" in repr(explorer)
    toggle = explorer.controls["batch_size"]
    assert [label for label, _ in toggle.options] == ["1", "2", "4 (all)"]
    wide = gdviz.explore_batch_size(gdviz.sigmoid_fit(np.linspace(0, 3, 1000), np.full(1000, 0.5)),
                                    (0, 0), lr=1.0, steps=2).controls["batch_size"]
    assert wide.options[-1] == ("1000 (all)", 1000)
    assert int(wide.style.button_width.removesuffix("px")) >= 9 * len("1000 (all)")  # not cut to "1000 ..."


def test_guess_shows_the_loss_of_the_guess():
    explorer = gdviz.explore_guess(w=0.5, b=0.0)
    explorer.controls["w"].value = 1.0
    explorer.controls["b"].value = -1.0

    def sig(z):
        return 1 / (1 + math.exp(-z))

    expected = 0.5 * ((sig(1.0 * 0.5 - 1.0) - 0.2) ** 2 + (sig(1.0 * 2.5 - 1.0) - 0.9) ** 2)
    assert explorer.path.losses[0] == pytest.approx(expected, rel=1e-12)
    assert f"loss <i>L</i> = {expected:.4g}" in explorer.readout.value
    curve = explorer.views["fit"].curve
    xs = curve.get_xdata()
    np.testing.assert_allclose(curve.get_ydata(), [sig(x - 1.0) for x in xs])
    np.testing.assert_allclose(explorer.views["main"].overlay.line.get_xydata(), [[1.0, -1.0]])


# --- momentum ----------------------------------------------------------------------------------------
# On the valley L = w1^2 + 10 w2^2 the gradient is (2 w1, 20 w2): the Hessian's eigenvalues are 2 and 20.

VALLEY_EIGENVALUES = (2.0, 20.0)


def heavy_ball_rate(lr: float, mu: float) -> float:
    """Distill's closed form: the largest root of z^2 - (1 + mu - lr lam) z + mu over the eigenvalues."""
    return max(float(np.max(np.abs(np.roots([1.0, -(1.0 + mu - lr * lam), mu]))))
               for lam in VALLEY_EIGENVALUES)


def test_momentum_explorer_runs_sgd_with_momentum_on_the_valley():
    explorer = gdviz.explore_momentum(lr=0.05, momentum=0.5, steps=2)
    # b1 = g0 = (2, 20); theta1 = (1, 1) - 0.05 (2, 20) = (0.9, 0); g1 = (1.8, 0)
    # b2 = 0.5 (2, 20) + (1.8, 0) = (2.8, 10); theta2 = (0.9, 0) - 0.05 (2.8, 10) = (0.76, -0.5)
    np.testing.assert_allclose(explorer.path.params, [[1, 1], [0.9, 0], [0.76, -0.5]], atol=1e-15)
    np.testing.assert_allclose(explorer.path.states["b"][1:], [[2, 20], [2.8, 10]])
    valley = gdviz.bowl((1, 10))
    for lr, mu, steps in ((0.115, 0.27, 60), (0.02, 0.95, 80), (0.01, 0.0, 30)):
        explorer.controls["lr"].value = lr
        explorer.controls["momentum"].value = mu
        explorer.controls["steps"].value = steps
        assert explorer.path == gdviz.optimize(valley, (1.0, 1.0), gdviz.sgd(lr, momentum=mu), steps)
    assert explorer.path.optimizer.name == "gradient descent"  # momentum 0 is plain descent
    np.testing.assert_allclose(explorer.views["main"].overlay.line.get_xdata(), explorer.path.params[:, 0])


def test_momentum_explorer_uses_the_momentum_the_slider_shows():
    explorer = gdviz.explore_momentum()
    explorer.controls["momentum"].value = 0.1 + 0.2  # 0.30000000000000004, shown as 0.30
    assert explorer.path.optimizer.hyperparams["momentum"] == 0.3
    assert "the momentum (now 0.3)" in repr(explorer)


def test_nesterov_momentum_explorer():
    explorer = gdviz.explore_momentum(lr=0.05, momentum=0.9, steps=40, nesterov=True)
    valley = gdviz.bowl((1, 10))
    assert explorer.path == gdviz.optimize(valley, (1, 1), gdviz.sgd(0.05, momentum=0.9, nesterov=True), 40)
    assert repr(explorer).startswith("Nesterov explorer for L(w₁, w₂) = w₁² + 10w₂²")
    assert r"\theta \leftarrow \theta - \eta\,(g + \mu\, b)" in explorer.children[0].value
    explorer.controls["momentum"].value = 0.0  # torch refuses Nesterov without momentum: plain descent
    assert explorer.path == gdviz.optimize(valley, (1, 1), gdviz.sgd(0.05), 40)
    assert explorer.message.value == ""


def test_momentum_explorer_on_one_parameter():
    explorer = gdviz.explore_momentum(gdviz.parabola(), start=4.0, lr=0.1, momentum=0.5, steps=3)
    # b = 8, w = 3.2; b = 4 + 6.4 = 10.4, w = 2.16; b = 5.2 + 4.32 = 9.52, w = 1.208
    np.testing.assert_allclose(explorer.path.params[:, 0], [4.0, 3.2, 2.16, 1.208])
    np.testing.assert_allclose(explorer.views["main"].points.get_xdata(), [4.0, 3.2, 2.16, 1.208])


def test_momentum_readout_shows_the_velocity_and_the_rate():
    explorer = gdviz.explore_momentum(lr=0.05, momentum=0.5, steps=2)
    explorer.controls["step"].value = 1
    assert readout_lines(explorer)[1:] == [
        "(w1, w2) = (0.9, 0)", "gradient ∇L = (1.8, 0)", "loss L = 0.81",
        "rule: b ← μb + g;  θ ← θ − η·b", "velocity b (momentum buffer) = (2.8, 10)",
        "next: (w1, w2) = (0.76, −0.5)",
        # the last half of two steps is the second: |(0.76, -0.5)| / |(0.9, 0)| = 1.011, not yet settled
        f"rate per step: measured {(np.hypot(0.76, 0.5) / 0.9):.4g} (grows), "
        f"closed form {heavy_ball_rate(0.05, 0.5):.4g}",
        "all 2 steps taken; loss 11 → 3.078"]
    explorer.controls["steps"].value = 60
    for lr, mu in ((0.115, 0.27), (0.05, 0.8), (0.0909, 0.0), (0.02, 0.95)):
        explorer.controls["lr"].value = lr
        explorer.controls["momentum"].value = mu
        d = np.linalg.norm(explorer.path.params, axis=1)  # distance to the minimum (0, 0)
        measured = (d[60] / d[30]) ** (1 / 30)  # geometric mean of d_k / d_(k-1) over the last half
        assert readout_lines(explorer)[-2] == (f"rate per step: measured {measured:.4g}, "
                                               f"closed form {heavy_ball_rate(lr, mu):.4g}")
        assert measured == pytest.approx(heavy_ball_rate(lr, mu), rel=0.03)
    explorer.controls["lr"].value = 0.3  # |1 - 0.3 * 20| = 5 without momentum
    explorer.controls["momentum"].value = 0.0
    assert explorer.path.status == "diverged"
    assert readout_lines(explorer)[-2] == "rate per step: diverges, closed form 5"
    assert "diverges after" in repr(explorer) and "closing in" not in repr(explorer)


def test_momentum_rate_without_a_closed_form():
    explorer = gdviz.explore_momentum(gdviz.rosenbrock(), start=(-1.0, 1.5), lr=0.001, momentum=0.9,
                                      steps=200, lr_range=(1e-4, 0.01))
    line = readout_lines(explorer)[-2]
    assert line.startswith("rate per step: measured ") and "closed form" not in line


def test_momentum_explorer_sentence():
    text = repr(gdviz.explore_momentum())
    assert text.startswith("Momentum explorer for L(w₁, w₂) = w₁² + 10w₂²: drag the learning rate (now 0.05) "
                           "and the momentum (now 0.8) and watch 60 steps from (w₁, w₂) = (1, 1), which takes "
                           "the loss from 11 to ")
    assert ", closing in by a factor 0.894 per step (needs a live kernel)." in text  # sqrt(0.8) = 0.894


def test_momentum_explorer_shows_a_bad_start_in_the_message_line():
    explorer = gdviz.explore_momentum()
    path, picture = explorer.path, explorer.image.value
    explorer.controls["start"].value = "1, nan"
    assert "start must be finite" in explorer.message.value
    assert explorer.path is path and explorer.image.value == picture
    explorer.controls["momentum"].value = 0.5  # still invalid: still said
    assert "start must be finite" in explorer.message.value
    explorer.controls["start"].value = "1, 1"
    assert explorer.message.value == "" and explorer.error is None
    assert explorer.path.optimizer.hyperparams["momentum"] == 0.5


def test_momentum_slider_beside_the_learning_rate():
    explorer = gdviz.explore_momentum(momentum=0.27)
    slider = explorer.controls["momentum"]
    assert (slider.min, slider.max, slider.step, slider.value) == (0.0, 0.99, 0.01, 0.27)
    rows = [child for child in explorer.children if hasattr(child, "children")]
    assert rows[0].children == (explorer.controls["lr"], slider)


# --- bad arguments ----------------------------------------------------------------------------------

BAD = [
    (lambda: gdviz.explore_lr_1d(gdviz.bowl()), ValueError, "1 parameter"),
    (lambda: gdviz.explore_lr_1d("w**2"), TypeError, "objective must be"),
    (lambda: gdviz.explore_lr_1d(lr=-1.0), ValueError, "lr must be a positive"),
    (lambda: gdviz.explore_lr_1d(lr=5.0), ValueError, "lr must lie inside lr_range"),
    (lambda: gdviz.explore_lr_1d(steps=0), ValueError, "steps must be an integer >= 1"),
    (lambda: gdviz.explore_lr_1d(steps=2.5), TypeError, "steps must be an integer"),
    (lambda: gdviz.explore_lr_1d(start=float("nan")), ValueError, "start must contain only finite"),
    (lambda: gdviz.explore_lr_1d(start="four"), TypeError, "start must be a number"),
    (lambda: gdviz.explore_lr_1d(lr_range=(2.0, 0.1)), ValueError, "lr_range must be two positive"),
    (lambda: gdviz.explore_lr_1d(lr_range=3), TypeError, "lr_range must be two numbers"),
    (lambda: gdviz.explore_lr_1d(xlim=(1, 1)), ValueError, "xlim must be two finite numbers"),
    (lambda: gdviz.explore_lr_2d(start=(1, 2, 3)), ValueError, "start must hold 2"),
    (lambda: gdviz.explore_surface(gdviz.parabola()), ValueError, "2 parameter"),
    (lambda: gdviz.explore_batch_size(gdviz.bowl(), (1, 1), 0.1, 10), ValueError, "must hold data"),
    (lambda: gdviz.explore_batch_size(gdviz.sigmoid_fit(), (1, 1), 0.1, 10, batch_sizes=(0,)),
     ValueError, "batch_sizes entries must be an integer >= 1"),
    (lambda: gdviz.explore_batch_size(gdviz.sigmoid_fit(), (1, 1), 0.1, 10, batch_sizes=(3,)),
     ValueError, "between 1 and the number of samples"),
    (lambda: gdviz.explore_guess(gdviz.bowl()), TypeError, "neuron with data"),
    (lambda: gdviz.explore_guess(w=100.0), ValueError, "w must lie in"),
    (lambda: gdviz.explore_momentum(momentum=1.0), ValueError, r"momentum must be a finite number in \[0, 0.99\]"),
    (lambda: gdviz.explore_momentum(momentum=-0.1), ValueError, "momentum must be a finite number in"),
    (lambda: gdviz.explore_momentum(momentum="high"), TypeError, "momentum must be a finite number"),
    (lambda: gdviz.explore_momentum(nesterov="yes"), TypeError, "nesterov must be True or False"),
    (lambda: gdviz.explore_momentum(lr=0.5), ValueError, "lr must lie inside lr_range"),
    (lambda: gdviz.explore_momentum(gdviz.Quadratic((1.0, 2.0, 3.0)), start=(1, 1, 1)), ValueError,
     "1 or 2 parameter"),
    (lambda: gdviz.explore_momentum(start=(1, 2, 3)), ValueError, "start must hold 2"),
]


@pytest.mark.parametrize("call, error, message", BAD)
def test_bad_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- coalescing -------------------------------------------------------------------------------------

class FakeLoop:
    """A scheduler and clock under the test's control: callbacks run only when told."""

    def __init__(self):
        self.now = 100.0
        self.calls: list[tuple[float, object]] = []

    def schedule(self, callback, delay):
        self.calls.append((delay, callback))
        return True

    def clock(self):
        return self.now

    def run(self):
        calls, self.calls = self.calls, []
        for _, callback in calls:
            callback()


def test_coalescer_merges_a_burst_into_one_run():
    loop, runs = FakeLoop(), []
    coalescer = Coalescer(lambda: runs.append(loop.now), loop.schedule, quiet=0.03, clock=loop.clock)
    for _ in range(20):
        coalescer.request()
    assert runs == [] and [d for d, _ in loop.calls] == [0.0]  # idle: runs on the next turn
    loop.run()
    assert runs == [100.0] and coalescer.runs == 1 and coalescer.requests == 20
    loop.now = 100.01  # 10 ms after the run ended: wait the remaining 20 ms of quiet
    coalescer.request()
    coalescer.request()
    assert len(loop.calls) == 1 and loop.calls[0][0] == pytest.approx(0.02)
    loop.run()
    assert coalescer.runs == 2
    loop.run()  # nothing pending: nothing runs
    assert coalescer.runs == 2


def test_coalescer_without_a_loop_runs_at_once():
    runs = []
    coalescer = Coalescer(lambda: runs.append(1), lambda callback, delay: False)
    coalescer.request()
    coalescer.request()
    assert runs == [1, 1]


def test_explorer_burst_is_drawn_once_with_the_last_value():
    loop = FakeLoop()
    explorer = gdviz.explore_lr_1d(lr=0.1, steps=3)
    explorer.coalescer = Coalescer(explorer._redraw, loop.schedule, clock=loop.clock)
    picture = explorer.image.value
    for lr in np.linspace(0.05, 0.25, 20):
        explorer.controls["lr"].value = float(lr)
    explorer.controls["step"].value = 2
    assert explorer.image.value == picture  # nothing drawn yet
    loop.run()
    assert explorer.coalescer.runs == 1
    np.testing.assert_allclose(explorer.views["main"].points.get_xdata(), [4.0, 2.0, 1.0])
    assert explorer.image.value != picture


KERNEL_SETUP = """
import gdviz
explorer = gdviz.explore_lr_2d()
drawn = []
_redraw = explorer.coalescer._work
explorer.coalescer._work = lambda: (_redraw(), drawn.append(explorer.controls["lr"].value))
print(explorer.controls["lr"].model_id)
"""
KERNEL_REPORT = 'import json; print(json.dumps([drawn, explorer.path.lr]))'
IN_A_CELL = 'explorer.controls["lr"].value = 0.5; print(drawn[-1])'


def _run(client, code: str) -> str:
    msg_id = client.execute(code)
    text = []
    while True:
        msg = client.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            text.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            raise AssertionError("\n".join(msg["content"]["traceback"]))
        elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return "".join(text)


@pytest.mark.slow
def test_a_burst_of_comm_messages_in_a_real_kernel_is_coalesced():
    """Twenty slider updates sent at once to a real kernel: a few redraws, the last shows the last value.

    Without the quiet time between redraws this gives 20 redraws: ipykernel handles each queued
    message in its own turn of the event loop, and a redraw scheduled straight away runs between
    every two of them.
    """
    manager = pytest.importorskip("jupyter_client.manager")
    kernel, client = manager.start_new_kernel(kernel_name="python3")
    try:
        model_id = _run(client, KERNEL_SETUP).strip()
        time.sleep(0.3)
        values = [0.01 * 1.2 ** i for i in range(20)]
        for value in values:
            client.shell_channel.send(client.session.msg("comm_msg", {
                "comm_id": model_id,
                "data": {"method": "update", "state": {"value": value}, "buffer_paths": []}}))
        time.sleep(1.0)  # the picture catches up on the kernel's event loop
        redraws, last_lr = json.loads(_run(client, KERNEL_REPORT))
        in_a_cell = float(_run(client, IN_A_CELL))
    finally:
        client.stop_channels()
        kernel.shutdown_kernel(now=True)
    assert 1 <= len(redraws) <= 4
    assert redraws[-1] == pytest.approx(values[-1])
    assert last_lr == float(f"{values[-1]:.3g}")  # the path uses the rate as the slider shows it
    assert in_a_cell == 0.5  # code in a cell that sets a control sees the new picture at once


# --- memory: close() gives everything back, a re-run cell closes its predecessor ----------------
# every explorer's close() is checked in tests/test_conformance.py; here, the figure is garbage afterwards

def test_a_closed_explorer_is_garbage_once_unreferenced():
    import gc
    import weakref

    explorer = gdviz.explore_lr_1d()
    figure = weakref.ref(explorer.figure)
    explorer.close()
    del explorer
    gc.collect()
    assert figure() is None


class FakeKernel:
    """What cell_slot asks of ipykernel: the parent header of the message being handled."""

    def __init__(self):
        self.parent = {}

    def run(self, msg_id, code, cell_id=None):
        self.parent = {"header": {"msg_type": "execute_request", "msg_id": msg_id},
                       "content": {"code": code},
                       "metadata": {"cellId": cell_id} if cell_id else {}}

    def get_parent(self, channel=None):
        return self.parent


@pytest.fixture
def fake_kernel(monkeypatch):
    import types

    import IPython

    kernel = FakeKernel()
    monkeypatch.setattr(IPython, "get_ipython", lambda: types.SimpleNamespace(kernel=kernel))
    return kernel


def test_rerunning_a_cell_closes_the_explorer_it_made_before(fake_kernel):
    fake_kernel.run("m1", "gdviz.explore_lr_1d()", cell_id="cell-a")
    first = gdviz.explore_lr_1d()
    fake_kernel.run("m2", "gdviz.explore_lr_1d(lr=0.2)", cell_id="cell-a")  # edited, same cell
    second = gdviz.explore_lr_1d(lr=0.2)
    assert first.closed and not second.closed
    fake_kernel.run("m3", "gdviz.explore_lr_1d()", cell_id="cell-b")  # another cell
    other = gdviz.explore_lr_1d()
    assert not second.closed and not other.closed
    for e in (second, other):
        e.close()


def test_a_cell_making_two_explorers_keeps_both_and_replaces_both(fake_kernel):
    code = "a = gdviz.explore_lr_1d(); b = gdviz.explore_lr_2d()"
    fake_kernel.run("m1", code)  # no cellId (classic notebook): the source identifies the cell
    a, b = gdviz.explore_lr_1d(), gdviz.explore_lr_2d()
    assert not a.closed and not b.closed
    fake_kernel.run("m2", code)
    a2, b2 = gdviz.explore_lr_1d(), gdviz.explore_lr_2d()
    assert a.closed and b.closed and not a2.closed and not b2.closed
    fake_kernel.parent = {"header": {"msg_type": "comm_msg", "msg_id": "m3"}}  # a widget callback
    c = gdviz.explore_lr_1d()
    assert not a2.closed and not c.closed
    for e in (a2, b2, c):
        e.close()


KERNEL_RERUN = "gdviz.explore_lr_1d()"
KERNEL_RSS = ("import gc, json; gc.collect(); print(json.dumps(["
              "int(open('/proc/self/statm').read().split()[1]) * 4096 / 2**20, len(_instances)]))")


@pytest.mark.slow
def test_rerunning_an_explorer_cell_keeps_a_real_kernel_flat():
    """The same cell run 100 times in one kernel (as JupyterLab sends it, with its cellId): <= +50 MB.

    Before close() and the per-cell replacement, each run kept about 4.5 MB (+446 MB after 100).
    """
    manager = pytest.importorskip("jupyter_client.manager")
    kernel, client = manager.start_new_kernel(kernel_name="python3")
    try:
        _run(client, "import gdviz; from ipywidgets.widgets.widget import _instances")
        _run_cell(client, KERNEL_RERUN, "cell-1")
        rss, _ = json.loads(_run(client, KERNEL_RSS))
        for _ in range(100):
            _run_cell(client, KERNEL_RERUN, "cell-1")
        after, widgets = json.loads(_run(client, KERNEL_RSS))
    finally:
        client.stop_channels()
        kernel.shutdown_kernel(now=True)
    assert after - rss <= 50.0
    assert widgets < 60  # one explorer's widgets, not a hundred


def _run_cell(client, code: str, cell_id: str) -> None:
    """Execute ``code`` with JupyterLab's cell id in the request's metadata; wait until idle."""
    msg = client.session.msg("execute_request", {
        "code": code, "silent": False, "store_history": True, "user_expressions": {},
        "allow_stdin": False, "stop_on_error": True}, metadata={"cellId": cell_id})
    client.shell_channel.send(msg)
    while True:
        reply = client.get_iopub_msg(timeout=60)
        if reply["parent_header"].get("msg_id") != msg["header"]["msg_id"]:
            continue
        if reply["msg_type"] == "error":
            raise AssertionError("\n".join(reply["content"]["traceback"]))
        if reply["msg_type"] == "status" and reply["content"]["execution_state"] == "idle":
            return


# --- the sentence keeps the formula as written -----------------------------------------------------
@pytest.mark.parametrize("formula, text", [
    (r"$L(w) = 1+w^2$", "L(w) = 1+w²"),
    (r"$L(w) = 1/(1+w^2)$", "L(w) = 1/(1+w²)"),
    (r"$L(w_1, w_2) = (1-w_1)^2 + 100(w_2-w_1^2)^2$", "L(w₁, w₂) = (1-w₁)² + 100(w₂-w₁²)²"),
    (r"$L(w_1, w_2) = w_1^2 + 10\,w_2^2$", "L(w₁, w₂) = w₁² + 10w₂²"),
    (r"$L(w) = w^4 - 3w^2 + w$", "L(w) = w⁴ − 3w² + w"),
])
def test_the_sentence_keeps_the_formula_as_written(formula, text):
    from gdviz.explorers.scenes import formula_text

    objective = gdviz.from_function(lambda w: 1 + w**2, formula=formula) if "w_2" not in formula \
        else gdviz.from_function(lambda w_1, w_2: w_1**2 + w_2**2, formula=formula)
    assert formula_text(objective) == text
    explorer = (gdviz.explore_lr_1d if objective.dim == 1 else gdviz.explore_lr_2d)(objective)
    assert f"for {text}:" in repr(explorer)
    explorer.close()


# --- issue 12: smaller defects ----------------------------------------------------------------------
def test_guess_default_lies_inside_the_window_of_far_data():
    far = gdviz.sigmoid_fit([1000.0, 1001.0], [0.2, 0.9])  # best b near -3580: 0 is off the window
    explorer = gdviz.explore_guess(far)
    for name in ("w", "b"):
        slider = explorer.controls[name]
        assert slider.min <= slider.value <= slider.max
    with pytest.raises(ValueError, match="b must lie in"):
        gdviz.explore_guess(far, b=0.0)  # a guess given on purpose is still checked
    assert gdviz.explore_guess().path.params[0].tolist() == [0.5, 0.0]  # the usual default stays


@pytest.mark.parametrize("value, shown, start", [
    (3, "3", [3.0]), (2.5, "2.5", [2.5]), (np.float64(-1.0), "-1", [-1.0]), ("3", "3", [3.0])])
def test_start_box_takes_a_number_set_from_code(value, shown, start):
    explorer = gdviz.explore_lr_1d()
    explorer.controls["start"].value = value
    assert explorer.controls["start"].value == shown
    assert explorer.path.params[0].tolist() == start


def test_start_box_of_two_parameters_takes_a_pair():
    explorer = gdviz.explore_lr_2d()
    explorer.controls["start"].value = (1, -2)
    assert explorer.controls["start"].value == "1, -2"
    assert explorer.path.params[0].tolist() == [1.0, -2.0]


# --- issue 12: a loss defined on part of the axis, or nowhere ------------------------------------
@pytest.mark.parametrize("loss", [np.log, np.sqrt, lambda w: 1 / w])
def test_explorer_of_a_partial_loss_draws_without_warnings(loss):
    objective = gdviz.from_function(loss)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer = gdviz.explore_lr_1d(objective, start=2.0, lr=0.01)
        explorer.controls["lr"].value = 1.5  # may step out of the domain: a result, not a warning
        explorer.controls["start"].value = "-3"
    assert explorer.error is None or isinstance(explorer.error, ValueError)
    explorer.close()


def test_explorer_of_a_loss_that_is_nowhere_a_number_is_refused():
    nowhere = gdviz.from_function(lambda w: np.full_like(w, np.nan))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="objective's loss is not a finite number anywhere"):
            gdviz.explore_lr_1d(nowhere)
    two = gdviz.from_function(lambda a, b: np.log(-a * a - 1.0))
    with pytest.raises(ValueError, match="objective's loss is not a finite number anywhere"):
        gdviz.explore_lr_2d(two)


# --- issue 12: large finite starts -----------------------------------------------------------------
@pytest.mark.parametrize("make, typed, note", [
    (gdviz.explore_lr_1d, "1e76", "starts outside the view"),
    (gdviz.explore_lr_1d, "1e200", "too far out to draw (loss inf)"),  # w² overflows
    (lambda: gdviz.explore_lr_1d(gdviz.double_well()), "1e40", "starts outside the view"),
    (lambda: gdviz.explore_lr_1d(gdviz.double_well()), "1e80", "too far out to draw"),
    (gdviz.explore_lr_2d, "1e76, 1", "starts outside the view"),
    (gdviz.explore_lr_2d, "1e160, 1", "too far out to draw (loss inf)"),
    (lambda: gdviz.explore_lr_2d(gdviz.rosenbrock(), (-1, 1), 0.001), "1e40, 1", "outside the view"),
])
def test_a_huge_start_typed_in_gets_a_picture_and_a_sentence(make, typed, note):
    explorer = make()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer.controls["start"].value = typed
        explorer.refresh()
    assert explorer.error is None and explorer.message.value == ""
    assert note in explorer.views["main"].status.get_text()
    assert explorer.path.params[0, 0] == float(typed.split(",")[0])
    assert frame(explorer).shape[0] > 100 and readout_lines(explorer)[0].startswith("step ")
    explorer.close()


@pytest.mark.parametrize("make", [lambda: gdviz.explore_lr_1d(start=10**400),
                                  lambda: gdviz.explore_lr_2d(start=(1, 10**400))])
def test_a_start_beyond_any_float_is_refused_naming_start(make):
    with pytest.raises(ValueError, match="start must hold numbers a float can hold"):
        make()


@pytest.mark.parametrize("make", [lambda: gdviz.explore_lr_1d(gdviz.double_well(), start=1e100),
                                  lambda: gdviz.explore_momentum(gdviz.double_well(), start=1e120)])
def test_a_start_too_far_out_to_draw_anything_is_refused_naming_start(make):
    """Around 1e100 the double well's w⁴ overflows at every point of the window: nothing to draw."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"start 1e\+1[02]0 is too far out to draw"):
            make()


@pytest.mark.parametrize("make", [lambda: gdviz.explore_lr_1d(start=1e300),
                                  lambda: gdviz.explore_momentum(gdviz.parabola(), start=-1e300)])
def test_a_start_beyond_the_drawable_range_is_said_beside_the_curve(make):
    """Parameters beyond 1e150 are not drawn: the window stops there, the note says why."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer = make()
    assert explorer.error is None
    assert "too far out to draw (loss inf)" in explorer.views["main"].status.get_text()
    assert max(abs(v) for v in explorer.views["main"].xlim) < 1e151
    assert "starts where the loss overflows" in repr(explorer)
    explorer.close()


# --- the network explorer --------------------------------------------------------------------------------
XOR = (np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.5, 0.5], [0.2, 0.9]]), [0, 1, 1, 0, 0, 1])


def test_network_explorer_trains_each_setting_as_optimize_does_and_keeps_it():
    explorer = gdviz.explore_network(*XOR, lr=0.5, width=4, widths=(2, 4), steps=50, seed=3)
    net = gdviz.two_layer_net(*XOR, width=4)
    expected = gdviz.optimize(net, net.initial(seed=3), gdviz.sgd(0.5), 50)
    np.testing.assert_array_equal(explorer.path.params, expected.params)
    first = explorer.path
    explorer.controls["optimizer"].value = "adam"
    explorer.controls["width"].value = 2
    small = gdviz.two_layer_net(*XOR, width=2)
    np.testing.assert_array_equal(explorer.path.params,
                                  gdviz.optimize(small, small.initial(seed=3), gdviz.adam(0.5), 50).params)
    explorer.controls["lr"].value = 0.1
    assert explorer.path.optimizer.hyperparams["lr"] == 0.1
    explorer.controls["optimizer"].value = "momentum"
    assert explorer.path.optimizer.hyperparams["momentum"] == 0.9
    explorer.controls["width"].value, explorer.controls["optimizer"].value = 4, "sgd"
    explorer.controls["lr"].value = 0.5
    assert explorer.path is first  # a setting seen before is not trained again
    explorer.close()


def test_network_explorer_draws_the_regions_of_the_step_shown_and_its_loss():
    explorer = gdviz.explore_network(*XOR, lr=0.3, width=4, widths=(4,), optimizer="adam", steps=40)
    net = explorer.scene.net
    explorer.controls["step"].value = 10
    view = explorer.views["main"]
    shown = np.asarray(view.image.get_array())
    expected = net.predict(explorer.path.params[10], view.points).reshape(shown.shape)
    np.testing.assert_allclose(shown, expected, rtol=1e-12)
    np.testing.assert_array_equal(explorer.views["loss"].line.get_ydata(), explorer.path.losses[:11])
    lines = readout_lines(explorer)
    assert lines[0] == "step 10 of 40"
    assert f"training accuracy {float(net.accuracy(explorer.path.params[10])):.1%}" in lines
    assert "17 parameters (4 hidden units)" in lines
    assert "rule: Adam, η = 0.3" in lines and gdviz.adam(0.3).text in lines
    assert frame(explorer).shape[:2] == (270, 648)
    assert repr(explorer).startswith("Network explorer for a two-layer tanh network on 6 points: drag the "
                                     "learning rate (now 0.3), pick the width (now 4) and the optimizer (now Adam)")
    explorer.close()


def test_network_explorer_trains_the_neighbouring_rates_ahead_on_the_event_loop():
    explorer = gdviz.explore_network(*XOR, lr=0.5, width=4, widths=(4,), steps=30)
    assert explorer.scene._ahead == []  # no event loop here: nothing was queued to run later
    later = []
    explorer.scene._schedule = lambda callback, delay: later.append(callback) or True
    explorer.controls["lr"].value = 0.2
    low, high, step = (explorer.controls["lr"].min, explorer.controls["lr"].max, explorer.controls["lr"].step)
    notch = round((math.log10(0.2) - low) / step)
    up, down = (10 ** (low + k * step) for k in (notch + 1, notch - 1))  # where the arrow keys go
    while later:
        later.pop(0)()
    trained = len(explorer.scene._trained)
    explorer.controls["lr"].value = up
    explorer.controls["lr"].value = down
    assert len(explorer.scene._trained) == trained  # both were ready
    net = gdviz.two_layer_net(*XOR, width=4)
    rate = float(f"{up:.3g}")
    explorer.controls["lr"].value = up
    np.testing.assert_array_equal(explorer.path.params,
                                  gdviz.optimize(net, net.initial(0), gdviz.sgd(rate), 30).params)
    explorer.close()
    explorer.scene = None


@pytest.mark.parametrize("kwargs, error, words", [
    ({"width": 3}, ValueError, "width must be one of 2, 4, 8, 16 or 32. Got 3 instead"),
    ({"optimizer": "rmsprop"}, ValueError, "optimizer must be 'sgd', 'momentum' or 'adam'. Got 'rmsprop'"),
    ({"steps": 5000}, ValueError, "steps must be an integer from 1 to 2000"),
    ({"steps": 0}, ValueError, "steps must be an integer from 1 to 2000. Got 0 instead"),
    ({"lr": 50.0}, ValueError, "lr must lie inside lr_range"),
    ({"lr": -1}, ValueError, "lr must be a positive finite number"),
    ({"widths": 8, "width": 8}, TypeError, "widths must be a sequence"),
    ({"widths": (0, 8), "width": 8}, ValueError, "widths entries must be an integer >= 1"),
    ({"activation": "elu"}, ValueError, "activation must be"),
    ({"seed": -2}, ValueError, "seed must be"),
])
def test_network_explorer_bad_arguments_are_named(kwargs, error, words):
    with pytest.raises(error) as info:
        gdviz.explore_network(*XOR, **kwargs)
    assert words in str(info.value)


def test_network_explorer_needs_points_in_the_plane():
    with pytest.raises(ValueError, match="net must have two inputs"):
        gdviz.explore_network(np.zeros((4, 3)), [0, 1, 0, 1])
    with pytest.raises(ValueError, match="y must hold one label per row of x"):
        gdviz.explore_network(np.zeros((4, 2)), [0, 1])
