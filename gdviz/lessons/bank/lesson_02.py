"""Lesson 02 · Slope and one step: the derivative, the power rule, the update by hand."""
from ..items import Choice, Lesson, Number, Prediction

LESSON = Lesson(
    title="Slope and one step",
    summary="Slope and derivative, the power rule, and one step of descent on $w^2$ worked by hand.",
    about=("The derivative as the slope of a tangent, the power rule (x² → 2x, 2x⁴ → 8x³) checked against "
           "finite differences, and the update rule worked by hand on w² from 5: 5 → 4 → 3.2; you write the "
           "step yourself (checked on hidden cases) and predict the mirrored run."),
    quizzes={
        1: Number(
            r"On $L(w) = w^2$, start at $w_0 = 3$ with learning rate $\eta = 0.2$. What is $w_2$, after two steps?",
            1.08,
            r"Each step multiplies $w$ by $1 - 2 \cdot 0.2 = 0.6$: $w_1 = 3 - 0.2 \cdot 6 = 1.8$, then "
            r"$w_2 = 1.8 - 0.2 \cdot 3.6 = 1.08$.",
            mistakes=((1.8, "that is w₁, after one step: take a second step from 1.8."),
                      (5.88, "you added the step instead of subtracting it: 3 + 1.2 = 4.2, then 4.2 + 1.68. "
                             "Descent goes against the slope."),
                      (1.92, "you forgot the 2 in the slope 2w: the first step is 0.2 · 6, not 0.2 · 3."),
                      (2.5392, "you applied η twice (η² · 2w): the step is η times the slope, once."),
                      (0.6, "that is the factor 1 − 2η each step multiplies w by, not w₂ itself.")),
        ),
        2: Choice(
            r"At $w = 2$ the slope is $\frac{dL}{dw} = -3$. With $\eta = 0.5$, where does the next step of "
            r"gradient descent take $w$?",
            ("3.5", "0.5", "2 (a negative slope means no step)", "−1.5"),
            0,
            r"$w_{\text{new}} = 2 - 0.5 \cdot (-3) = 2 + 1.5 = 3.5$: a negative slope means the loss falls "
            r"towards larger $w$, so $w$ moves right.",
            feedback={1: "you subtracted 1.5, as if the slope were +3: minus η times a negative slope adds.",
                      2: "any nonzero slope moves w; only a slope of zero leaves it where it is.",
                      3: "that is the step η · slope itself (with its sign); the new w is w minus it."},
        ),
        3: Number(
            r"What is the derivative of $f(x) = 3x^5$ at $x = 2$?",
            240.0,
            r"By the power rule $f'(x) = 3 \cdot 5\, x^4 = 15x^4$, and $15 \cdot 2^4 = 15 \cdot 16 = 240$.",
            mistakes=((96.0, "that is f(2) = 3 · 32, the function's value, not its slope."),
                      (80.0, "you dropped the constant factor 3: it stays in front, 3 · 5x⁴."),
                      (480.0, "the exponent goes down by one: 15x⁴, not 15x⁵."),
                      (30.0, "that is 15 · 2: the power x⁴ is 2⁴ = 16.")),
            tol=1e-6,
        ),
        4: Choice(
            r"With the same learning rate, point A has slope $10$ and point B has slope $-2$. Which step is "
            r"longer, and which way does B move?",
            ("A's, five times longer; B moves right", "B's, five times longer; B moves left",
             "A's, five times longer; B moves left", "Both are equally long: η is the same"),
            0,
            r"The step is $\eta$ times the slope: $10\eta$ against $2\eta$ in size. B's slope is negative, so "
            r"$-\eta \cdot (-2) = +2\eta$: B moves right.",
            feedback={1: "the step grows with the slope, so the steeper point A takes the longer one.",
                      2: "the size is right, the direction is not: minus η times a negative slope is a move "
                         "to the right.",
                      3: "η is the same, but the step is η times the slope, and the slopes differ."},
        ),
    },
    predictions={
        1: Prediction(
            r"Start at $w = -5$ instead of $5$, same $\eta = 0.1$. What does the first step do?",
            ("It moves right, to −4", "It moves left, to −6", "It jumps across, to 4",
             "Nothing: with a negative slope descent stops"),
            0,
            r"The slope there is $-10$, so the step subtracts $0.1 \cdot (-10) = -1$: $w$ moves right, to "
            r"$-4$, mirroring the run from $5$.",
        ),
    },
    exercises={
        "step": '''
def step(w, lr):
    """Return the new w after one gradient-descent step on L(w) = w**2 with learning rate lr."""
    slope = 2 * w          # dL/dw for L(w) = w**2
    return w - lr * slope  # step against the slope


gdviz.check_step(step)
''',
    },
)
