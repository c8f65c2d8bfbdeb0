"""Update rules against plain-Python transcriptions of torch.optim's documented algorithms.

Each reference below is written from the algorithm boxes of the torch.optim documentation (SGD,
Adagrad, RMSprop, Adam), one coordinate at a time with ``math.sqrt``, independently of gdviz's
vectorized code; then gdviz's paths must match them step for step.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

import gdviz

CURV = (1.0, 10.0)  # L = w1^2 + 10 w2^2: an elongated bowl


def grad_bowl(theta):
    return [2 * c * x for c, x in zip(CURV, theta)]


# ---------------------------------------------------------------------------------------------
# Plain-Python references (lists of floats)

def ref_sgd(theta, steps, lr, momentum=0.0, dampening=0.0, nesterov=False, grad=grad_bowl,
            rate=None):
    theta, out, buf = list(theta), [list(theta)], None
    for t in range(steps):
        g = grad(theta)
        lr_t = rate(t) if rate else lr
        if momentum != 0:
            buf = list(g) if buf is None else [momentum * b + (1 - dampening) * gi
                                               for b, gi in zip(buf, g)]
            g = [gi + momentum * b for gi, b in zip(g, buf)] if nesterov else list(buf)
        theta = [x - lr_t * gi for x, gi in zip(theta, g)]
        out.append(theta)
    return np.array(out)


def ref_adagrad(theta, steps, lr, lr_decay=0.0, eps=1e-10, init=0.0, grad=grad_bowl):
    theta, out = list(theta), [list(theta)]
    s = [init] * len(theta)
    for step in range(1, steps + 1):
        g = grad(theta)
        clr = lr / (1 + (step - 1) * lr_decay)
        s = [si + gi * gi for si, gi in zip(s, g)]
        theta = [x - clr * gi / (math.sqrt(si) + eps) for x, gi, si in zip(theta, g, s)]
        out.append(theta)
    return np.array(out)


def ref_rmsprop(theta, steps, lr, alpha=0.99, eps=1e-8, momentum=0.0, centered=False,
                grad=grad_bowl):
    theta, out = list(theta), [list(theta)]
    d = len(theta)
    v, gbar, buf = [0.0] * d, [0.0] * d, [0.0] * d
    for _ in range(steps):
        g = grad(theta)
        new = []
        for j in range(d):
            v[j] = alpha * v[j] + (1 - alpha) * g[j] ** 2
            if centered:
                gbar[j] = alpha * gbar[j] + (1 - alpha) * g[j]
                denom = math.sqrt(v[j] - gbar[j] ** 2) + eps
            else:
                denom = math.sqrt(v[j]) + eps
            if momentum > 0:
                buf[j] = momentum * buf[j] + g[j] / denom
                new.append(theta[j] - lr * buf[j])
            else:
                new.append(theta[j] - lr * g[j] / denom)
        theta = new
        out.append(theta)
    return np.array(out)


def ref_adam(theta, steps, lr, betas=(0.9, 0.999), eps=1e-8, amsgrad=False, grad=grad_bowl):
    b1, b2 = betas
    theta, out = list(theta), [list(theta)]
    d = len(theta)
    m, v, vmax = [0.0] * d, [0.0] * d, [0.0] * d
    for t in range(1, steps + 1):
        g = grad(theta)
        new = []
        for j in range(d):
            m[j] = b1 * m[j] + (1 - b1) * g[j]
            v[j] = b2 * v[j] + (1 - b2) * g[j] ** 2
            m_hat = m[j] / (1 - b1 ** t)
            if amsgrad:
                vmax[j] = max(vmax[j], v[j])
                v_hat = vmax[j] / (1 - b2 ** t)
            else:
                v_hat = v[j] / (1 - b2 ** t)
            new.append(theta[j] - lr * m_hat / (math.sqrt(v_hat) + eps))
        theta = new
        out.append(theta)
    return np.array(out)


START = (3.0, -2.0)
BOWL = gdviz.bowl(CURV)

CASES = [
    (gdviz.sgd(0.04), ref_sgd, dict(lr=0.04)),
    (gdviz.sgd(0.04, momentum=0.9), ref_sgd, dict(lr=0.04, momentum=0.9)),
    (gdviz.sgd(0.04, momentum=0.8, dampening=0.3), ref_sgd,
     dict(lr=0.04, momentum=0.8, dampening=0.3)),
    (gdviz.sgd(0.04, momentum=0.9, nesterov=True), ref_sgd,
     dict(lr=0.04, momentum=0.9, nesterov=True)),
    (gdviz.adagrad(0.5), ref_adagrad, dict(lr=0.5)),
    (gdviz.adagrad(0.5, lr_decay=0.1, eps=1e-3, initial_accumulator_value=0.2), ref_adagrad,
     dict(lr=0.5, lr_decay=0.1, eps=1e-3, init=0.2)),
    (gdviz.rmsprop(0.01), ref_rmsprop, dict(lr=0.01)),
    (gdviz.rmsprop(0.01, alpha=0.9, centered=True), ref_rmsprop,
     dict(lr=0.01, alpha=0.9, centered=True)),
    (gdviz.rmsprop(0.005, momentum=0.5), ref_rmsprop, dict(lr=0.005, momentum=0.5)),
    (gdviz.rmsprop(0.005, alpha=0.8, momentum=0.5, centered=True, eps=1e-4), ref_rmsprop,
     dict(lr=0.005, alpha=0.8, momentum=0.5, centered=True, eps=1e-4)),
    (gdviz.adam(0.1), ref_adam, dict(lr=0.1)),
    (gdviz.adam(0.05, betas=(0.5, 0.9), eps=1e-3), ref_adam,
     dict(lr=0.05, betas=(0.5, 0.9), eps=1e-3)),
    (gdviz.adam(0.1, amsgrad=True), ref_adam, dict(lr=0.1, amsgrad=True)),
]


# ids name the reference function, not its repr: its address differs between pytest-xdist's workers
@pytest.mark.parametrize("rule, reference, kwargs", CASES,
                         ids=lambda c: getattr(c, "__name__", None) or repr(c)[:40])
def test_rule_matches_its_documented_algorithm(rule, reference, kwargs):
    path = gdviz.optimize(BOWL, START, rule, 60)
    expected = reference(START, 60, **kwargs)
    np.testing.assert_allclose(path.params, expected, rtol=1e-12, atol=1e-14)
    assert path.optimizer == rule
    assert path.status == "max_steps"


def test_plain_descent_is_gradient_descent_exactly():
    for start, lr in ((5.0, 0.1), (4.0, 0.9), (4.0, 1.1)):
        a = gdviz.gradient_descent(gdviz.parabola(), start, lr, 40)
        b = gdviz.optimize(gdviz.parabola(), start, gdviz.sgd(lr), 40)
        assert a == b
        np.testing.assert_array_equal(a.params, b.params)


def test_momentum_buffer_starts_as_the_first_gradient():
    # b1 = g1 = 8 (dampening is not applied to the first gradient), then b2 = mu b1 + (1 - tau) g2
    path = gdviz.optimize(gdviz.parabola(), 4.0, gdviz.sgd(0.1, momentum=0.5, dampening=0.5), 2)
    assert path.states["b"][1, 0] == 8.0
    assert path.params[1, 0] == pytest.approx(4.0 - 0.8)
    g2 = 2 * 3.2
    assert path.states["b"][2, 0] == pytest.approx(0.5 * 8 + 0.5 * g2)


def test_course_momentum_convention_is_torch_with_scaled_rate():
    """Ng's course: v <- beta v + (1 - beta) g, theta <- theta - alpha v: torch's with lr = alpha (1 - beta)."""
    alpha, beta = 0.3, 0.9
    theta, v, course = list(START), None, [list(START)]
    for _ in range(50):
        g = grad_bowl(theta)
        v = [(1 - beta) * gi for gi in g] if v is None else [beta * vi + (1 - beta) * gi
                                                              for vi, gi in zip(v, g)]
        theta = [x - alpha * vi for x, vi in zip(theta, v)]
        course.append(theta)
    # the course's v starts at 0: its first v is (1 - beta) g, i.e. (1 - beta) times torch's b1
    path = gdviz.optimize(BOWL, START, gdviz.sgd(alpha * (1 - beta), momentum=beta), 50)
    np.testing.assert_allclose(path.params, np.array(course), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("scale", [1e-8, 1e-3, 1.0, 1e3, 1e8])
def test_adams_first_step_has_length_lr_whatever_the_gradient(scale):
    objective = gdviz.bowl((scale, scale))
    path = gdviz.optimize(objective, (1.0, -1.0), gdviz.adam(lr=0.01), 1)
    step = np.abs(path.params[1] - path.params[0])
    # |g| / (|g| + eps) * lr: exactly lr up to eps's share
    g = 2 * scale
    np.testing.assert_allclose(step, 0.01 * g / (g + 1e-8), rtol=1e-12)
    if scale >= 1e-3:
        np.testing.assert_allclose(step, 0.01, rtol=1e-5)


def test_adagrad_steps_shrink_forever():
    path = gdviz.optimize(gdviz.from_function(lambda w: 3 * w, grad=lambda w: 3 + 0 * w), 0.0,
                          gdviz.adagrad(lr=1.0), 100)
    steps = -np.diff(path.params[:, 0])
    # constant gradient 3: s_t = 9t, step_t = 3 / sqrt(9 t) = 1 / sqrt(t)
    np.testing.assert_allclose(steps, 1 / np.sqrt(np.arange(1, 101)), rtol=1e-9)


# ---------------------------------------------------------------------------------------------
# distill's closed forms on a quadratic with condition number 10

def rate_per_step(path, skip=20):
    """Geometric mean of the error ratio ||theta_k|| / ||theta_{k-1}|| after a warm-up."""
    norms = np.linalg.norm(path.params, axis=1)
    k = norms.shape[0] - 1
    return (norms[k] / norms[skip]) ** (1.0 / (k - skip))


def test_distill_rates_for_condition_number_ten():
    lam1, lam2 = 2.0, 20.0  # Hessian eigenvalues of w1^2 + 10 w2^2
    kappa = lam2 / lam1
    plain_rate = (kappa - 1) / (kappa + 1)
    heavy_rate = (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)
    assert round(plain_rate, 4) == 0.8182 and round(heavy_rate, 4) == 0.5195
    plain = gdviz.optimize(BOWL, (1.0, 1.0), gdviz.sgd(2 / (lam1 + lam2)), 120)
    alpha = (2 / (math.sqrt(lam1) + math.sqrt(lam2))) ** 2
    beta = heavy_rate ** 2
    heavy = gdviz.optimize(BOWL, (1.0, 1.0), gdviz.sgd(alpha, momentum=beta), 120)
    assert rate_per_step(plain) == pytest.approx(plain_rate, rel=1e-6)
    # critically damped in both directions: the error falls like k * rate^k, so the measured
    # rate approaches the closed form from above as the window grows
    assert rate_per_step(heavy, skip=60) == pytest.approx(heavy_rate, rel=2e-2)
    assert heavy.final_loss < plain.final_loss * 1e-10


# ---------------------------------------------------------------------------------------------
# optax's test criteria on Rosenbrock

def rosenbrock_grad(theta):
    x, y = theta
    return [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)]


@pytest.mark.parametrize("rule", [gdviz.sgd(1e-3, momentum=0.9), gdviz.adagrad(1.0),
                                  gdviz.adam(0.1), gdviz.rmsprop(5e-3)], ids=repr)
def test_optax_criteria_reach_rosenbrocks_minimum(rule):
    path = gdviz.optimize(gdviz.rosenbrock(), (0.0, 0.0), rule, 10_000)
    assert path.status == "max_steps"
    np.testing.assert_allclose(path.final, (1.0, 1.0), atol=3e-2)


def test_rosenbrock_path_matches_transcription():
    expected = ref_adam((0.0, 0.0), 200, 0.1, grad=rosenbrock_grad)
    path = gdviz.optimize(gdviz.rosenbrock(), (0.0, 0.0), gdviz.adam(0.1), 200)
    np.testing.assert_allclose(path.params, expected, rtol=1e-10, atol=1e-12)


# ---------------------------------------------------------------------------------------------
# What a rule says about itself

def test_rules_present_themselves():
    rule = gdviz.sgd(0.1, momentum=0.9)
    assert rule.name == "momentum" and rule.hyperparams["momentum"] == 0.9
    assert rule.label == "momentum, η = 0.1, μ = 0.9"
    assert r"\mu" in rule.equations and "μ" in rule.text
    assert gdviz.sgd(0.1).label == "η = 0.1"
    assert gdviz.sgd(0.1).worked_step("w", "dL/dw", "4", "8", 0) == ["w − η · dL/dw", "= 4",
                                                                     "− 0.1 × 8"]
    assert gdviz.sgd(gdviz.step_decay(1.0, 1, 0.5)).worked_step("w", "g", "4", "8", 2)[2] == "− 0.25 × 8"
    assert gdviz.adam(0.1).worked_step("w", "dL/dw", "4", "8", 0) is None
    assert repr(gdviz.adam(0.1)).startswith("adam(lr=0.1")
    assert gdviz.sgd(0.1, momentum=0.9) == gdviz.sgd(0.1, momentum=0.9) != gdviz.sgd(0.1)
    for rule in (gdviz.sgd(0.1, 0.9, nesterov=True), gdviz.adagrad(), gdviz.rmsprop(centered=True),
                 gdviz.adam(amsgrad=True)):
        assert rule.equations and rule.text and rule.label
        assert set(rule.state_names) == set(rule.init(np.zeros((1, 2))))


# ---------------------------------------------------------------------------------------------
# Bad hyperparameters

BAD = [
    (lambda: gdviz.sgd(0.0), ValueError, "lr"),
    (lambda: gdviz.sgd(-1.0), ValueError, "lr"),
    (lambda: gdviz.sgd(float("inf")), ValueError, "lr"),
    (lambda: gdviz.sgd(float("nan")), ValueError, "lr"),
    (lambda: gdviz.sgd("0.1"), TypeError, "lr"),
    (lambda: gdviz.sgd(True), TypeError, "lr"),
    (lambda: gdviz.sgd(None), TypeError, "lr"),
    (lambda: gdviz.sgd([0.1, "x"]), TypeError, "lr"),
    (lambda: gdviz.sgd(0.1, momentum=-0.1), ValueError, "momentum"),
    (lambda: gdviz.sgd(0.1, nesterov=True), ValueError, "nesterov"),
    (lambda: gdviz.sgd(0.1, momentum=0.9, dampening=0.1, nesterov=True), ValueError, "dampening"),
    (lambda: gdviz.sgd(0.1, dampening=1.5), ValueError, "dampening"),
    (lambda: gdviz.sgd(0.1, nesterov="yes"), TypeError, "nesterov"),
    (lambda: gdviz.adam(betas=(1.0, 0.999)), ValueError, "betas"),
    (lambda: gdviz.adam(betas=(0.9, -0.1)), ValueError, "betas"),
    (lambda: gdviz.adam(betas=0.9), TypeError, "betas"),
    (lambda: gdviz.adam(eps=-1e-8), ValueError, "eps"),
    (lambda: gdviz.rmsprop(alpha=-0.5), ValueError, "alpha"),
    (lambda: gdviz.rmsprop(eps=-1.0), ValueError, "eps"),
    (lambda: gdviz.adagrad(eps=-1.0), ValueError, "eps"),
    (lambda: gdviz.adagrad(lr_decay=-1.0), ValueError, "lr_decay"),
    (lambda: gdviz.step_decay(0.1, step_size=0), ValueError, "step_size"),
    (lambda: gdviz.step_decay(0.1, step_size=2.5), TypeError, "step_size"),
    (lambda: gdviz.cosine_decay(0.1, t_max=0), ValueError, "t_max"),
    (lambda: gdviz.cosine_decay(-0.1, t_max=5), ValueError, "lr"),
    (lambda: gdviz.inverse_time_decay(0.1, decay=-1), ValueError, "decay"),
]


@pytest.mark.parametrize("make, error, name", BAD, ids=[b[2] + str(i) for i, b in enumerate(BAD)])
def test_bad_hyperparameters_are_refused_by_name(make, error, name):
    with pytest.raises(error, match=name):
        make()
