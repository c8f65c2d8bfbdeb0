"""Lesson 08 · Momentum: the heavy ball's rate, spirals, critical damping, plateaus and two forms."""
import math

import numpy as np

from ..items import Challenge, Choice, Lesson, Number, Prediction


def _rate(path):
    """Geometric mean of |theta_k| / |theta_(k-1)| over the last half of the path (the lesson's measure)."""
    d = np.linalg.norm(path.params, axis=1)
    n = len(d) - 1
    m = n // 2
    return float((d[n] / d[m]) ** (1 / (n - m))) if d[m] > 0 else 0.0


def _fast_ball(explorer):
    s, path = explorer.settings, explorer.path
    if path.status == "diverged":
        return False, (f"with η = {s['lr']:.3g} and μ = {s['momentum']:.2f} the ball flies off: lower η, or raise μ "
                       "(the edge is η = 2(1 + μ)/20).")
    if len(path.params) < 41:
        return False, "the run is too short to measure a rate: set steps to 40 or more."
    rate = _rate(path)
    if rate < 0.58:
        return True, (f"with η = {s['lr']:.3g} and μ = {s['momentum']:.2f} the distance shrinks by {rate:.3f} per "
                      "step: near Goh's best, 0.5195.")
    return False, f"with η = {s['lr']:.3g} and μ = {s['momentum']:.2f} the rate per step is {rate:.3f}: try {_hint(s)}."


#: The curvatures of the lesson's valley w1^2 + 10 w2^2, on which the explorer runs.
_CURVATURES = (2.0, 20.0)


def _hint(settings):
    """Which way to move: the critical momentum for this rate, (1 - sqrt(lr * lam))^2 at its largest over the
    valley's directions, is the best momentum for it; below 0.58 only for rates between about 0.088 and 0.125."""
    lr, mu = settings["lr"], settings["momentum"]
    best_mu = max((1 - math.sqrt(lr * lam)) ** 2 for lam in _CURVATURES)
    if math.sqrt(best_mu) >= 0.58:
        side = "larger" if lr < 0.115 else "smaller"
        return f"a {side} rate, nearer 0.115, with momentum near 0.27 (no momentum suits this rate)"
    if mu > best_mu:
        return f"less momentum: the ball swings (the best momentum for this rate is about {best_mu:.2f})"
    return f"more momentum (the best for this rate is about {best_mu:.2f})"


LESSON = Lesson(
    title="Momentum",
    summary=("A heavy ball in the narrow valley: rates per step $0.8182$ against $0.5195$, spirals and "
             "critical damping, a map of every (learning rate, momentum) pair, the plateau and the hump, "
             "Nesterov, and two ways to write momentum."),
    about=("Heavy-ball momentum on notebook 4's valley (κ = 10): rates per step 0.8182 (plain descent at its "
           "best) against 0.5195 (Goh's optimum), computed and measured; the velocity as a ball's, spirals at"
           " μ = 0.95, critical damping; a phase diagram of every (η, μ) from one sweep; the plateau about 5×"
           " shorter (it overshoots the fit on the way), a roll over the hump; Nesterov; torch's form against"
           " Andrew Ng's averaged form; you write the momentum update and tune the explorer below a rate of "
           "0.58."),
    quizzes={
        1: Number(
            r"A valley is a hundred times steeper across than along ($\kappa = 100$). What is the best rate per step "
            r"of heavy-ball momentum there? (4 digits)",
            9 / 11,
            r"$(\sqrt{100} - 1)/(\sqrt{100} + 1) = 9/11 \approx 0.8182$: momentum on $\kappa = 100$ is as fast as "
            r"plain descent on $\kappa = 10$. Plain descent on $\kappa = 100$ would manage only $99/101 \approx 0.9802$.",
            mistakes=((99 / 101, "that is plain descent's best, (κ − 1)/(κ + 1); momentum's uses √κ."),
                      ((math.sqrt(10) - 1) / (math.sqrt(10) + 1), "that is the rate for κ = 10, the lesson's valley."),
                      ((9 / 11) ** 2, "that is Goh's best momentum β, the square of the rate.")),
            tol=5e-4,
        ),
        2: Number(
            r"On a long plateau where the gradient hardly changes, about how many times faster does momentum "
            r"$\mu = 0.95$ move than plain descent with the same learning rate?",
            20.0,
            r"The velocity adds up $g(1 + \mu + \mu^2 + \dots) = g/(1 - \mu) = 20\,g$ once it has built up.",
            mistakes=((19.0, "that is μ/(1 − μ), the part the velocity adds; with the gradient itself it is 1/(1 − μ)."),
                      (1 / 0.95, "the factor is 1/(1 − μ), not 1/μ."),
                      (10.0, "that is for μ = 0.9; with μ = 0.95 only 5 % of the speed is lost per step.")),
            tol=0.5,
        ),
        3: Choice(
            r"With learning rate $\eta$, one direction of a loss has curvature $\lambda$ with $\eta\lambda = 0.25$. "
            r"Which momentum damps it critically (the fastest decay this learning rate allows)?",
            (r"$\mu = 0$", r"$\mu = 0.25$", r"$\mu = 0.5$", r"$\mu = 0.75$"),
            1,
            r"$\mu = (1 - \sqrt{\eta\lambda})^2 = (1 - 0.5)^2 = 0.25$; the run then shrinks by $1 - 0.5 = 0.5$ per step.",
            feedback={0: "without momentum the factor is 1 − ηλ = 0.75 per step: slower than the critical 0.5.",
                      2: "μ = 0.5 is past critical: the roots are complex, the run swings with rate √0.5 ≈ 0.71.",
                      3: "μ = 0.75 swings even more, with rate √0.75 ≈ 0.87."},
        ),
        4: Number(
            r"A course uses $v \leftarrow 0.8\, v + 0.2\, g$, $\theta \leftarrow \theta - 0.3\, v$. Which learning rate "
            r"in torch's form, `gdviz.sgd(lr, momentum=0.8)`, gives the same path?",
            0.06,
            r"Starting from zero, $v = (1 - \beta)\,b$, so $\eta = \alpha(1 - \beta) = 0.3 \cdot 0.2 = 0.06$.",
            mistakes=((0.3, "in torch's form the same 0.3 takes five times longer steps: scale it by 1 − β."),
                      (1.5, "the scaling goes the other way: η = α(1 − β), not α/(1 − β)."),
                      (0.24, "that is α · β; the averaged form scales the gradient by 1 − β = 0.2.")),
        ),
    },
    predictions={
        1: Prediction(
            r"Keep Goh's learning rate $\eta = 0.1154$ but raise the momentum from $0.27$ to $0.95$. Faster or slower?",
            ("Faster: more momentum, more speed", "Slower: the ball swings round the minimum for hundreds of steps",
             "It diverges"),
            1,
            r"With $\mu = 0.95$ the roots are complex, of size $\sqrt{0.95} = 0.9747$: the run spirals and needs "
            r"about 18 times the steps of Goh's optimum.",
        ),
        2: Prediction(
            r"The neuron's plateau from $(-2, -2)$ with $\eta = 0.3$: with $\mu = 0.9$, how much sooner does the loss "
            r"fall below $10^{-3}$ and stay below?",
            ("About twice as soon", "About five times sooner", r"About ten times sooner, as $1/(1 - \mu)$ says",
             "No sooner: momentum only helps in valleys"),
            1,
            r"It first dips below $10^{-3}$ at step 68, but it arrives at the fit so fast that it overshoots: the loss "
            r"climbs back to about $0.006$ and stays below $10^{-3}$ only from step 124, against 606 without momentum. "
            r"That is about 4.9 times sooner, half of $1/(1 - \mu) = 10$: the velocity needs time to build up, and the "
            r"overshoot costs some fifty steps more.",
        ),
    },
    challenges={
        1: Challenge(
            r"Set $\eta$ and $\mu$ so that the distance to the minimum shrinks by less than $0.58$ per step (plain "
            r"descent's best is $0.8182$), then press Check.",
            _fast_ball,
            r"Near Goh's optimum, $\eta \approx 0.115$ and $\mu \approx 0.27$: the rate over 60 steps is about $0.54$.",
        ),
    },
    exercises={
        "momentum_step": '''
def momentum_step(w, v, g, lr, mu):
    """One heavy-ball step as torch writes it; returns the pair (new w, new v)."""
    v = mu * v + g        # keep a fraction mu of the velocity, add the gradient
    return w - lr * v, v  # step along the new velocity


gdviz.check_momentum_step(momentum_step)
''',
    },
)
