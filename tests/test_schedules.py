"""Schedules against transcriptions of torch's schedulers (stepped once after every update)."""
from __future__ import annotations

import math

import matplotlib
import numpy as np
import pytest

import gdviz
from test_rules import BOWL, START, ref_adam, ref_sgd

matplotlib.use("Agg")


def torch_step_lr(lr, step_size, gamma, n):
    """StepLR's recursive rule: multiply by gamma when the step count is a multiple of step_size."""
    rates, current = [], lr
    for epoch in range(n):
        if epoch > 0 and epoch % step_size == 0:
            current *= gamma
        rates.append(current)
    return rates


def torch_cosine(lr, t_max, eta_min, n):
    """CosineAnnealingLR's recursive rule, as torch computes it (not the closed form)."""
    rates, current = [], lr
    for epoch in range(n):
        if epoch == 0:
            current = lr
        elif (epoch - 1 - t_max) % (2 * t_max) == 0:
            current = current + (lr - eta_min) * (1 - math.cos(math.pi / t_max)) / 2
        else:
            current = ((1 + math.cos(math.pi * epoch / t_max))
                       / (1 + math.cos(math.pi * (epoch - 1) / t_max))
                       * (current - eta_min) + eta_min)
        rates.append(current)
    return rates


def test_step_decay_is_torch_steplr():
    schedule = gdviz.step_decay(0.3, step_size=7, gamma=0.5)
    np.testing.assert_allclose(schedule(np.arange(40)), torch_step_lr(0.3, 7, 0.5, 40), rtol=1e-12)
    assert schedule(0) == 0.3 and isinstance(schedule(3), float)


def test_cosine_decay_is_torch_cosine_annealing_including_after_t_max():
    schedule = gdviz.cosine_decay(0.2, t_max=10, min_lr=0.01)
    np.testing.assert_allclose(schedule(np.arange(35)), torch_cosine(0.2, 10, 0.01, 35),
                               rtol=1e-9, atol=1e-12)
    assert schedule(10) == pytest.approx(0.01)


def test_inverse_time_decay():
    schedule = gdviz.inverse_time_decay(0.5, decay=0.25)
    np.testing.assert_allclose(schedule(np.arange(9)), [0.5 / (1 + 0.25 * t) for t in range(9)])


@pytest.mark.parametrize("schedule", [gdviz.step_decay(0.08, 5, 0.5),
                                      gdviz.cosine_decay(0.08, 30),
                                      gdviz.inverse_time_decay(0.08, 0.1)], ids=repr)
def test_rules_use_the_rate_of_each_update(schedule):
    path = gdviz.optimize(BOWL, START, gdviz.sgd(schedule, momentum=0.5), 30)
    expected = ref_sgd(START, 30, None, momentum=0.5, rate=schedule)
    np.testing.assert_allclose(path.params, expected, rtol=1e-12)


def test_adam_with_a_schedule():
    schedule = gdviz.step_decay(0.1, 10, 0.1)
    path = gdviz.optimize(BOWL, START, gdviz.adam(schedule), 10)
    np.testing.assert_allclose(path.params, ref_adam(START, 10, 0.1), rtol=1e-12)
    longer = gdviz.optimize(BOWL, START, gdviz.adam(schedule), 11)
    step = np.abs(longer.params[11] - longer.params[10])
    assert np.all(step < 0.011)  # update 10 uses lr 0.01


def test_schedule_can_be_plotted():
    schedule = gdviz.cosine_decay(0.1, t_max=50)
    ax = gdviz.plot_schedule(schedule, steps=50)
    line = ax.lines[0]
    np.testing.assert_allclose(line.get_ydata(), schedule(np.arange(50)))
    assert ax.get_xlabel() and ax.get_ylabel()
    matplotlib.pyplot.close("all")


def test_bad_update_numbers():
    with pytest.raises(ValueError, match="t must"):
        gdviz.step_decay(0.1, 2)(-1)
    with pytest.raises(ValueError, match="t must"):
        gdviz.step_decay(0.1, 2)(0.5)
