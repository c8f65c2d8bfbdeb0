"""Lesson 04 · Two parameters: the gradient vector, the round bowl, the narrow valley's cap."""
import numpy as np

from ..items import Challenge, Choice, Lesson, Number, Prediction


def _squeeze(explorer):
    s, path = explorer.settings, explorer.path
    if not np.allclose(path.params[0], (-9.0, 2.0)):  # the path's first point is the start
        return False, f"the start is ({path.params[0, 0]:g}, {path.params[0, 1]:g}): set it back to -9, 2."
    best = float(np.min(path.losses[:41]))
    lr = s["lr"]
    if best < 1e-4:
        return True, f"with η = {lr:.4g} the loss reaches {best:.1e} within 40 steps: a tight squeeze."
    side = ("the steep axis w₂ bounces too much (|1 − 20η| is too close to 1): a little lower"
            if lr > 1 / 11 else "the shallow axis w₁ crawls (1 − 2η is too close to 1): a little higher")
    return False, f"with η = {lr:.4g} the loss is still {best:.1e} after 40 steps: {side}."


LESSON = Lesson(
    title="Two parameters",
    summary=("The bowl $w_1^2 + w_2^2$, the gradient vector $(10, -8)$ at $(5, -4)$, zig-zags in a stretched "
             "bowl, and $n$ parameters."),
    about=("The bowl w₁² + w₂² step by step from (5, −4), the gradient as a vector (and the source's sign "
           "slip), why a narrow valley zig-zags and caps η, reading an n-component gradient; you write the "
           "valley's step and squeeze its rate in the explorer."),
    quizzes={
        1: Choice(
            r"A loss depends on $n = 1000$ parameters. What is its gradient, and which way does it point?",
            ("A vector of 1000 numbers, pointing where the loss increases fastest",
             "A vector of 1000 numbers, pointing where the loss decreases fastest",
             "A single number: the slope of the loss",
             "A vector of 2 numbers, one for each axis of the contour picture"),
            0,
            r"One partial derivative per parameter makes a vector with 1000 components; it points uphill, "
            r"the way the loss grows fastest, and descent steps along its negative.",
            feedback={1: "the gradient points uphill; it is its negative that points downhill, the way descent "
                         "steps.",
                      2: "one number is the slope of a one-parameter loss; with 1000 parameters there is one "
                         "partial derivative for each.",
                      3: "the picture shows two axes, but the gradient has one component per parameter."},
        ),
        2: Choice(
            r"Four biases have the gradient $\partial L/\partial b = (-0.2,\ 0.6,\ 0,\ 0.1)$ and $\eta = 0.5$. "
            r"Which bias moves most in the next step, and which way?",
            ("$b_2$, down by 0.3", "$b_2$, up by 0.3", "$b_1$, up by 0.1",
             "$b_3$: its component is 0, so it moves most freely"),
            0,
            r"Each bias moves by $-\eta$ times its component: $b_2$ by $-0.5 \cdot 0.6 = -0.3$, the largest "
            r"size; $b_1$ moves up by $0.1$, $b_4$ down by $0.05$, and $b_3$ not at all.",
            feedback={1: "b₂ has the largest component, but it is positive, so descent moves b₂ down.",
                      2: "b₁ does move up by 0.1, but b₂'s component is three times larger.",
                      3: "a zero component means the loss is flat along b₃ here: it does not move at all."},
        ),
        3: Number(
            r"Another valley: $L = 4w_1^2 + 25w_2^2$. Above which learning rate does plain descent diverge?",
            0.04,
            r"For a term $c\,w^2$ the factor is $1 - 2c\eta$, which passes $-1$ at $\eta = 1/c$. The steep "
            r"axis, $c = 25$, caps the rate at $1/25 = 0.04$.",
            mistakes=((0.25, "that is the cap 1/4 of the shallow axis; the steep axis (c = 25) diverges first."),
                      (0.1, "that is the cap of the lesson's valley w₁² + 10w₂²; here the steep term is 25w₂²."),
                      (0.02, "1/(2c) is the rate that settles w₂ in one step; it diverges only at twice that, 1/c.")),
        ),
        4: Number(
            r"On the round bowl $w_1^2 + w_2^2$, start at $(-2, 6)$ with $\eta = 0.25$. What is the second "
            r"coordinate $w_2$ after one step?",
            3.0,
            r"The slope along $w_2$ is $2 \cdot 6 = 12$, so $w_2 = 6 - 0.25 \cdot 12 = 3$: each coordinate is "
            r"multiplied by $1 - 2\eta = 0.5$.",
            mistakes=((9.0, "you added the step instead of subtracting it."),
                      (4.5, "you forgot the 2: ∂L/∂w₂ = 2w₂ = 12, not 6."),
                      (5.25, "you applied η twice (η² · 12)."),
                      (-1.0, "that is the first coordinate, −2 · 0.5.")),
        ),
        5: Number(
            r"On the valley $L = w_1^2 + 4w_2^2$, which single learning rate makes both per-axis factors "
            r"$|1 - 2c\eta|$ equal? (3 decimals)",
            0.2,
            r"$1 - 2\eta = -(1 - 8\eta)$ gives $10\eta = 2$, $\eta = 0.2$: both factors are $0.6$ in size "
            r"(one flips sign).",
            mistakes=((0.25, "that is the cap 1/4 of the steep axis: there its factor is −1 and the run bounces "
                             "forever."),
                      (0.5, "that is the round bowl's one-step rate; here the steep axis diverges above 0.25."),
                      (0.125, "that settles the steep axis in one step, but leaves the shallow one at 0.75 per "
                              "step.")),
            tol=1e-3,
        ),
        6: Number(
            r"A third valley, $L = 2w_1^2 + 18w_2^2$. Its condition number is $\kappa = \lambda_{\max}/\lambda_{\min}$. "
            r"At the best single learning rate, by what factor does plain descent shrink the distance to the "
            r"minimum at every step? (3 decimals)",
            0.8,
            r"The curvatures are $4$ and $36$, so $\kappa = 9$ and the factor is $(\kappa - 1)/(\kappa + 1) = 8/10 = 0.8$ "
            r"(at $\eta = 2/(4 + 36) = 0.05$ the per-axis factors are $1 - 0.2 = 0.8$ and $1 - 1.8 = -0.8$).",
            mistakes=((9.0, "that is κ itself; the factor per step is (κ − 1)/(κ + 1)."),
                      (0.5, "that is (√κ − 1)/(√κ + 1), the factor of well-tuned momentum (lesson 08); plain descent "
                            "gets (κ − 1)/(κ + 1)."),
                      (1 / 9, "that is 1/κ; the factor per step is (κ − 1)/(κ + 1)."),
                      (0.9, "the curvatures are 2·2 = 4 and 2·18 = 36: their ratio is 9, and (9 − 1)/(9 + 1) = 0.8.")),
            tol=5e-4,
        ),
    },
    predictions={
        1: Prediction(
            r"A third run on the valley with $\eta = 0.105$, just above the cap $0.1$. What happens?",
            ("It diverges across the valley: w₂ grows, flipping sign",
             "It still converges, just more slowly", "It diverges along the valley: w₁ grows",
             "It bounces forever at a constant size"),
            0,
            r"The steep factor is $1 - 20 \cdot 0.105 = -1.1$: $w_2$ grows by 10 % per step, flipping sign, while "
            r"$w_1$ still shrinks ($0.79$). The run is reported diverged after 161 steps.",
        ),
    },
    challenges={
        1: Challenge(
            r"From $(-9, 2)$, find a learning rate that brings the loss below $10^{-4}$ within 40 steps, then "
            r"press Check.",
            _squeeze,
            r"Only a narrow band works, about $0.079 < \eta < 0.092$, around the best compromise $\eta = 1/11 "
            r"\approx 0.091$: below it $w_1$ crawls, above it $w_2$ bounces.",
        ),
    },
    exercises={
        "step_2d": '''
def step_2d(w, lr):
    """One gradient-descent step on L(w1, w2) = w1**2 + 10 * w2**2 from the point w = np.array([w1, w2])."""
    grad = np.array([2 * w[0], 20 * w[1]])   # (dL/dw1, dL/dw2)
    return w - lr * grad


gdviz.check_step_2d(step_2d)
''',
    },
)
