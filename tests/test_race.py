"""The race explorer (gdviz/explorers/race.py): paths against hand transcriptions, in-place redraws, errors."""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import gdviz
from gdviz.explorers.race import RULES


def heavy_ball(grad, start, lr, mu, steps):
    """torch's SGD with momentum, written out: b <- mu b + g, theta <- theta - lr b (b starts at g)."""
    theta, b, out = np.array(start, float), None, [np.array(start, float)]
    for _ in range(steps):
        g = grad(theta)
        b = g if b is None else mu * b + g
        theta = theta - lr * b
        out.append(theta.copy())
    return np.array(out)


def adam_by_hand(grad, start, lr, beta1, beta2, steps, eps=1e-8):
    """Adam as Kingma and Ba's Algorithm 1 writes it (with torch's placement of eps)."""
    theta = np.array(start, float)
    m = v = np.zeros_like(theta)
    out = [theta.copy()]
    for t in range(1, steps + 1):
        g = grad(theta)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        theta = theta - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
        out.append(theta.copy())
    return np.array(out)


def bowl_grad(theta):
    return 2.0 * np.array([1.0, 10.0]) * theta  # L = w1^2 + 10 w2^2


@pytest.fixture
def race():
    return gdviz.explore_race(gdviz.bowl((1, 10)), (1.0, 1.0),
                              {"sgd": 0.05, "momentum": 0.02, "adam": 0.1}, momentum=0.5, steps=12,
                              target=0.1)


def test_paths_match_hand_transcriptions(race):
    paths = race.path.paths
    theta = np.array([1.0, 1.0])
    expected_sgd = [theta * (1 - 0.05 * 2 * np.array([1, 10])) ** k for k in range(13)]
    np.testing.assert_allclose(paths["sgd"].params, expected_sgd, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(paths["momentum"].params, heavy_ball(bowl_grad, theta, 0.02, 0.5, 12),
                               rtol=1e-12)
    np.testing.assert_allclose(paths["adam"].params, adam_by_hand(bowl_grad, theta, 0.1, 0.5, 0.999, 12),
                               rtol=1e-10)


def test_memory_slider_moves_the_rules_with_memory_only(race):
    before = dict(race.path.paths)
    race.controls["memory"].value = 0.8
    after = race.path.paths
    assert after["sgd"] is before["sgd"]  # not even run again
    assert after["momentum"].optimizer.hyperparams["momentum"] == 0.8
    assert after["adam"].optimizer.hyperparams["betas"][0] == 0.8
    np.testing.assert_allclose(after["momentum"].params,
                               heavy_ball(bowl_grad, (1.0, 1.0), 0.02, 0.8, 12), rtol=1e-12)


def test_a_learning_rate_reruns_its_rule_only(race):
    before = dict(race.path.paths)
    race.controls["lr_sgd"].value = 0.01
    after = race.path.paths
    assert after["adam"] is before["adam"] and after["momentum"] is before["momentum"]
    assert after["sgd"].optimizer.lr == 0.01
    np.testing.assert_allclose(after["sgd"].final, [0.98**12, 0.8**12], rtol=1e-12)  # factors 1 - 2 lr c


def test_steps_are_shown_together_and_in_place(race):
    figure = race.figure
    counts = [len(ax.get_children()) for ax in figure.axes]
    race.controls["step"].value = 1
    race.refresh()
    line = race.scene.overlays["momentum"].line
    np.testing.assert_allclose(np.column_stack(line.get_data()), race.path.paths["momentum"].params[:2])
    assert "step 1 of 12" in race.readout.value
    # velocity after one step is the first gradient, (2, 20)
    assert "velocity b = (2, 20)" in race.readout.value.replace('</span> <span style="white-space:nowrap">', " ")
    for value in (0.03, 0.04, 0.05):
        race.controls["lr_momentum"].value = value
        race.refresh()
    assert [len(ax.get_children()) for ax in figure.axes] == counts
    assert race.error is None


def test_readout_names_each_rule_equation_and_target(race):
    race.refresh()
    text = race.readout.value
    for key in ("sgd", "momentum", "adam"):
        assert race.path.paths[key].optimizer.name in text
    assert "θ ← θ − η·g" in text and "b ← μb + g" in text and "v ← β₂v + (1 − β₂)g²" in text
    losses = race.path.paths["sgd"].losses
    first = int(np.flatnonzero(losses < 0.1)[0])
    # independent: L_k = (0.9^k)^2 + 10 (0^k)^2 after the first step (w2 jumps to 0 at lr 0.05)
    assert first == math.ceil(math.log(0.1) / math.log(0.81)) == 11
    assert f"below 0.1 from step {first} on" in text


def test_reaching_the_target_means_staying_below_it():
    losses = np.array([5.0, 0.5, 2e-4, 3.0, 5e-4, 1e-4])  # dips below 1e-3 at step 2, out again at 3
    path = gdviz.optimize(gdviz.parabola(), 1.0, gdviz.sgd(0.1), 5)
    fake = gdviz.Race({"a": path.__class__(**{**path.__dict__, "losses": losses})}, 5)
    assert fake.steps_to("a", 1e-3) == 4
    assert fake.steps_to("a", 1e-5) is None
    assert fake.steps_to("a", 10.0) == 0


def test_divergence_is_a_result_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ex = gdviz.explore_race(rules={"sgd": 0.01, "adam": 0.05}, steps=50)
        ex.refresh()
        assert ex.path.paths["sgd"].status == "diverged"
        assert "diverged at step" in ex.readout.value
        assert "gradient descent diverges" in repr(ex)
        assert ex.image.value


def test_a_bad_start_is_reported_in_the_widget(race):
    old = race.path
    race.controls["start"].value = "1, nan"
    race.refresh()
    assert race.path is old
    assert "start must be finite" in race.message.value


def test_sentence_for_readers_without_a_kernel():
    ex = gdviz.explore_race()
    text = repr(ex)
    assert text.startswith("Race explorer for")
    for name in ("gradient descent, η = 0.001", "momentum, η = 0.001, μ = 0.9", "RMSProp, η = 0.01",
                 "Adam, η = 0.05, β₁ = 0.9", "300 steps", "(needs a live kernel)"):
        assert name in text
    bundle = ex._repr_mimebundle_()
    assert bundle["image/png"] and bundle["text/plain"] == text


@pytest.mark.parametrize("kwargs, word", [
    ({"rules": {"lbfgs": 0.1}}, "rules"),
    ({"rules": ["sgd"]}, "rules"),
    ({"rules": {}}, "rules"),
    ({"rules": {"sgd": 50.0}}, "lr"),
    ({"momentum": 1.5}, "momentum"),
    ({"steps": 0}, "steps"),
    ({"target": -1.0}, "target"),
    ({"lr_range": (1.0, 0.1)}, "lr_range"),
    ({"lr_range": "fast"}, "lr_range"),
    ({"objective": gdviz.parabola()}, "objective"),
    ({"start": (1.0, 2.0, 3.0)}, "start"),
])
def test_bad_arguments_are_refused_by_name(kwargs, word):
    with pytest.raises((ValueError, TypeError), match=word):
        gdviz.explore_race(**kwargs)


@pytest.mark.parametrize("keys", [("sgd", "momentum", "nesterov"), ("adagrad", "rmsprop", "adam")])
def test_every_rule_key_can_race(keys):
    ex = gdviz.explore_race(gdviz.bowl(), (1.0, -1.0), {key: 0.05 for key in keys}, steps=5)
    assert list(ex.path.paths) == list(keys)
    assert all(p.n_steps <= 5 for p in ex.path.paths.values())
    assert ex.error is None and ex.image.value


def test_fewer_steps_run_nothing_and_show_the_first_rows(race, monkeypatch):
    from gdviz.explorers import race as module

    longer = {key: path for key, path in race.path.paths.items()}
    calls = []
    real = module.optimize
    monkeypatch.setattr(module, "optimize", lambda *a, **k: calls.append(a) or real(*a, **k))
    race.controls["steps"].value = 5
    assert calls == []
    for key, path in race.path.paths.items():
        assert path == longer[key].head(5) and path.n_steps == 5
    race.controls["steps"].value = 12  # back within the run already made
    assert calls == [] and race.path.paths["sgd"] == longer["sgd"]
    race.controls["steps"].value = 13  # beyond it: each rule runs the slider's whole budget once
    assert len(calls) == 3 and all(call[3] == 100 for call in calls)
    race.controls["steps"].value = 40
    assert len(calls) == 3
    np.testing.assert_allclose(race.path.paths["momentum"].params,
                               heavy_ball(bowl_grad, (1.0, 1.0), 0.02, 0.5, 40), rtol=1e-12)


def _rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)


def test_the_still_tells_the_racers_apart():
    # Readers without a kernel see only the still: a legend on the path panel, colours far apart (no orange
    # beside vermillion), and paths that run on top of each other still showing (each later one narrower).
    race = gdviz.explore_race()
    scene = race.scene
    main = scene.overlays[scene.keys[0]].line.axes
    assert [t.get_text() for t in main.get_legend().get_texts()] == [scene._name(k) for k in scene.keys]
    colours = [_rgb(scene.colors[k]) for k in scene.keys]
    gaps = [np.linalg.norm(a - b) for i, a in enumerate(colours) for b in colours[i + 1:]]
    assert min(gaps) > 70, gaps  # in RGB, orange #E69F00 and vermillion #D55E00 are only 67 apart
    widths = [scene.overlays[k].line.get_linewidth() for k in scene.keys]
    assert widths == sorted(widths, reverse=True) and len(set(widths)) == len(widths)
    assert len({scene.overlays[k].line.get_marker() for k in scene.keys}) == len(scene.keys)
    race.close()
