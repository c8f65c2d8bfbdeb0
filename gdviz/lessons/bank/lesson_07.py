"""Lesson 07 · When descent struggles: two valleys, plateaus, vanishing derivatives, divergence."""
import math

import numpy as np

from ..items import Challenge, Choice, Lesson, Number, Prediction


def _s(z):
    return 1.0 / (1.0 + math.exp(-z))


def _ds(z):
    return _s(z) * (1.0 - _s(z))


_DEEP = -1.3008395656  # the double well's global minimum (the lesson's "going deeper" solves the cubic for it)
_HUMP = 0.1699  # its local maximum, between the valleys
_DEEP_CURVATURE = 12 * _DEEP**2 - 6  # L''(w) = 12w^2 - 6 at the deep minimum, 14.31: it holds runs with η < 0.1398


def _deep_valley(explorer):
    s, path = explorer.settings, explorer.path
    if path.params[0, 0] != 2.0:  # the path's first point is the start, however the box writes it
        return False, f"the start is {path.params[0, 0]:g}: set it back to 2."
    end = float(path.params[-1, 0])
    if path.status == "diverged":
        return False, f"with η = {s['lr']:.3g} the run diverges: the first step flies far past both valleys."
    if abs(end - _DEEP) < 0.01:
        return True, f"with η = {s['lr']:.3g} the run jumps the hump and settles in the deep valley, at w = {end:.3f}."
    held = s["lr"] * _DEEP_CURVATURE < 2  # the deep valley's curvature holds the run: it settles there in the end
    if held and np.all(path.params[-20:, 0] < _HUMP) and abs(end - _DEEP) < 0.05:
        return True, (f"with η = {s['lr']:.3g} the run jumps the hump into the deep valley; after {len(path.params) - 1} "
                      f"steps it still bounces across w = {_DEEP:.3f} (ends at {end:.3f}), and since η < 2/14.31 it "
                      "settles there with more steps.")
    where = ("it stays right of the hump, in the shallow valley" if end > _HUMP else
             "it reaches the deep valley but keeps bouncing across it: its curvature 14.31 holds only η < 0.1398")
    return False, f"with η = {s['lr']:.3g} the run ends at w = {end:.3f}: {where}."


LESSON = Lesson(
    title="When descent struggles",
    summary="Local minima, vanishing gradients, steps that are too large, and the variants that help.",
    about=("The start (and a big step) decides which valley descent finds, vanishing gradients as plateaus "
           "and shrinking products of sigmoid slopes, divergence as a reported result (the loss's ceiling is "
           "0.725, not 0.425), and what momentum, Adam, schedules and ReLU try to fix; you land a run in the "
           "deep valley with the explorer."),
    quizzes={
        1: Choice(
            r"On $L(w) = w^4 - 3w^2 + w$ with a small learning rate ($\eta = 0.01$), from which start does descent "
            r"end in the *shallow* valley near $w = 1.131$?",
            ("$w_0 = -0.5$", "$w_0 = 0.15$", "$w_0 = 0.25$", "$w_0 = -1.8$"),
            2,
            r"With small steps descent cannot cross the hump at $w \approx 0.170$: it ends in the valley on the side "
            r"it starts on. Only $0.25$ lies right of the hump.",
            feedback={0: "−0.5 lies left of the hump at 0.170, so it rolls into the deep valley.",
                      1: "0.15 is close to the hump, but on its left: the slope there points to the deep valley.",
                      3: "−1.8 lies left of the deep valley's bottom and rolls into it."},
        ),
        2: Number(
            r"What is the derivative of $\sigma(\sigma(x))$ at $x = 1$? (4 significant digits)",
            _ds(1.0) * _ds(_s(1.0)),
            rf"The chain rule multiplies the slopes: $\sigma'(1) = {_ds(1.0):.4f}$, then $\sigma(1) = {_s(1.0):.4f}$ "
            rf"and $\sigma'({_s(1.0):.4f}) = {_ds(_s(1.0)):.4f}$. The product is ${_ds(1.0) * _ds(_s(1.0)):.5f}$.",
            mistakes=((_ds(1.0), "that is only the outer factor σ'(1); multiply by σ'(σ(1)) too."),
                      (0.0625, "(1/4)² is the bound, reached only where every input is 0."),
                      (0.0587509, "that is the chain's derivative at x = 0, not at x = 1."),
                      (_ds(1.0) * _ds(1.0), "the second factor is σ' at the first sigmoid's output σ(1), not at 1.")),
            tol=5e-5,
        ),
        3: Number(
            r"On $L(w) = w^2$ with $\eta = 1.25$, each step multiplies $w$ by the same number. Which number?",
            -1.5,
            r"$w - \eta \cdot 2w = (1 - 2\eta)\,w = (1 - 2.5)\,w = -1.5\,w$: the sign flips and the size grows by half "
            r"each step, so the loss is multiplied by $2.25$.",
            mistakes=((1.5, "the size is right, but 1 − 2η is negative: the sign flips at every step."),
                      (-0.25, "that is 1 − η; the slope of w² is 2w, so the factor is 1 − 2η."),
                      (-2.5, "that is −2η; the factor is 1 − 2η."),
                      (2.25, "that is what the loss w² is multiplied by; w itself is multiplied by −1.5.")),
        ),
        4: Choice(
            r"Start the two-point neuron at $(w, b) = (6, 6)$: it outputs almost 1 at both points. Where is the loss, "
            r"and does descent with $\eta = 0.3$ move quickly from there?",
            (r"Near $\tfrac12(0.8^2 + 0.1^2) = 0.325$, and it crawls: $\sigma'(z)$ is tiny for large positive $z$ too",
             "Near its ceiling 0.425, and it crawls",
             r"Near $0.325$, and it moves fast: the misses are large",
             "Near 0: outputs of 1 are a good fit"),
            0,
            r"The misses are $1 - 0.2 = 0.8$ and $1 - 0.9 = 0.1$, so $L \approx 0.325$. Both $z_i$ are at least 9, "
            r"where $\sigma'(z) \approx e^{-z}$ is tiny: a plateau on the other side. (0.425 is the level where the "
            r"neuron outputs 0 at both points; the loss's bound is $\tfrac12(0.8^2 + 0.9^2) = 0.725$.)",
            feedback={1: "0.425 is the level of the tail where the neuron outputs 0 at both points, and not the "
                         "ceiling: the loss can approach 0.725. Here the outputs are 1.",
                      2: "the misses are large, but every gradient term carries σ'(z), almost 0 at z ≥ 9.",
                      3: "the targets are 0.2 and 0.9: outputs of 1 miss the first point by 0.8."},
        ),
        5: Number(
            r"Another loss that is not a parabola: $L(w) = w^4 + 2w^2$ has its minimum at $w = 0$, where its curvature is "
            r"$L''(0) = 4$. Near that minimum, above which learning rate does descent stop settling? (3 decimals)",
            0.5,
            r"Near its minimum the loss looks like the parabola $\tfrac12 L''(0)\,w^2 = 2w^2$, and the law is "
            r"$\eta < 2/L'' = 2/4 = 0.5$. ($L'' = 12w^2 + 4$ is $4$ at $w = 0$.)",
            mistakes=((1.0, "that is the limit of w², whose curvature is 2; here the curvature is 4, so 2/4."),
                      (0.25, "1/L'' = 0.25 is the rate that lands in one step on the matching parabola; the "
                             "limit is twice that, 2/L''."),
                      (2.0, "you divided the curvature by 2; the limit is 2 divided by the curvature.")),
            tol=5e-4,
        ),
    },
    predictions={
        1: Prediction(
            r"From $w_0 = 2$, which of the learning rates $0.001, 0.002, \dots, 0.299$ end in the deep valley?",
            ("Every rate above about 0.088", "A window, from about 0.088 to 0.139",
             "None: descent never crosses a hump", "Every rate below 0.139"),
            1,
            r"The first step must cross the hump ($\eta > 0.0871$) and the deep valley must hold the run "
            r"($\eta < 2/14.31 \approx 0.140$): $0.088$ to $0.139$. Above it runs bounce, fall back into the shallow "
            r"valley or diverge.",
        ),
        2: Prediction(
            r"$\eta = 1.1$ on $w^2$ from $w_0 = 4$: gdviz stops a run once $|w|$ passes a million times its start. "
            r"After about how many steps?",
            ("About 8", "About 76", "Never: it only bounces", "About 1000"),
            1,
            r"$|w|$ grows by the factor $1.2$ per step: $4 \cdot 1.2^k > 4 \cdot 10^6$ first at $k = 76$, where the "
            r"status becomes `diverged`.",
        ),
        3: Prediction(
            r"On the saddle $L = w_1^2 - w_2^2$ with $\eta = 0.1$, one run starts at $(4, 0)$ and one at "
            r"$(4, 0.001)$. Where are they after 40 steps?",
            ("Both at the saddle point (0, 0): the gradient is zero there",
             "The first at the saddle, the second escaped along w₂, after a slow start",
             "Both escaped along w₂: the saddle is no minimum",
             "Both diverged within a few steps"),
            1,
            r"Each step multiplies $w_2$ by $1 + 2\eta = 1.2$: from $0$ it stays $0$, so the first run ends at the "
            r"saddle; from $0.001$ it passes $1$ at step 38. Near the saddle the gradient is tiny, so the escape "
            r"starts slowly.",
        ),
    },
    challenges={
        1: Challenge(
            r"From $w_0 = 2$, find a learning rate whose run ends in the deep valley near $w = -1.301$, then press "
            r"Check.",
            _deep_valley,
            r"Any $\eta$ from about $0.088$ to $0.139$: the first step must land left of the hump and the deep valley's "
            r"curvature must hold the run. $\eta = 0.1$ works.",
        ),
    },
)
