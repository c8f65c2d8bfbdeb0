"""Records (gdviz/core/records.py): Path.head is the shorter run, bit for bit."""
from __future__ import annotations

import numpy as np
import pytest

import gdviz


@pytest.mark.parametrize("rule", [gdviz.sgd(0.05), gdviz.sgd(0.02, momentum=0.9), gdviz.adam(0.1),
                                  gdviz.rmsprop(0.01), gdviz.adagrad(0.5)], ids=repr)
@pytest.mark.parametrize("steps", [0, 1, 7, 40])
def test_head_equals_the_shorter_run(rule, steps):
    valley = gdviz.bowl((1, 10))
    long = gdviz.optimize(valley, (1.0, 1.0), rule, 40)
    assert long.head(steps) == gdviz.optimize(valley, (1.0, 1.0), rule, steps)


def test_head_of_a_mini_batch_run_and_of_a_diverged_one():
    neuron = gdviz.sigmoid_fit(np.linspace(0, 3, 40), np.linspace(0.1, 0.9, 40), reduction="mean")
    long = gdviz.optimize(neuron, (-1.0, 1.0), gdviz.sgd(1.0), 30, batch_size=8, seed=3)
    assert long.head(12) == gdviz.optimize(neuron, (-1.0, 1.0), gdviz.sgd(1.0), 12, batch_size=8, seed=3)
    wild = gdviz.gradient_descent(gdviz.parabola(), 4.0, 1.5, 2000)
    assert wild.status == "diverged" and wild.n_steps < 2000
    assert wild.head(wild.n_steps + 5) is wild
    short = wild.head(3)
    assert short.status == "max_steps" and short.n_steps == 3
    np.testing.assert_array_equal(short.params[:, 0], [4.0, -8.0, 16.0, -32.0])  # w <- (1 - 2 * 1.5) w


@pytest.mark.parametrize("bad, error", [(-1, ValueError), (2.5, TypeError), (True, TypeError), ("3", TypeError)])
def test_head_refuses_what_is_not_a_step_count(bad, error):
    path = gdviz.gradient_descent(gdviz.parabola(), 4.0, 0.1, 5)
    with pytest.raises(error, match="steps must be an integer >= 0"):
        path.head(bad)


def test_final_loss_has_one_meaning_for_sweeps_and_paths():
    # On w^2 each step multiplies w by (1 - 2 lr), so the loss after k steps is 16 (1 - 2 lr)^(2k). Rows that
    # converge early end at their convergence, not after the steps the sweep computed for the others.
    lrs = [0.1, 0.3, 0.45, 1.2]
    sweep = gdviz.sweep(gdviz.parabola(), 4.0, gdviz.sgd, 200, tol=1e-6, lr=lrs)
    assert list(sweep.status) == ["converged", "converged", "converged", "diverged"]
    assert np.all(sweep.steps_taken[:3] < 200)
    for i, lr in enumerate(lrs):
        assert sweep.final_losses[i] == sweep.path(i).final_loss
        if sweep.status[i] == "converged":
            expected = 16 * (1 - 2 * lr) ** (2 * int(sweep.steps_taken[i]))
            assert sweep.final_losses[i] == pytest.approx(expected, rel=1e-9)
    assert not sweep.final_losses.flags.writeable
