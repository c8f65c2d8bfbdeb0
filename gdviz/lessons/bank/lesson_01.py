"""Lesson 01 · Guessing vs descending: scoring guesses, the exact fit, why grids cannot scale."""
import math

from ..items import Challenge, Choice, Lesson, Number, Prediction


def _sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def _loss(w, b):  # the two-point neuron's loss, half the summed squared misses
    return sum(0.5 * (_sigmoid(w * x + b) - y) ** 2 for x, y in ((0.5, 0.2), (2.5, 0.9)))


def _below(explorer):
    s = explorer.settings
    loss = _loss(float(s["w"]), float(s["b"]))
    if loss < 1e-3:
        return True, f"L({s['w']:.2f}, {s['b']:.2f}) = {loss:.5f}, below 0.001. Well guessed!"
    hint = ("make the curve steeper (larger w)" if s["w"] < 1.4 else
            "slide the curve (change b) until it passes through both points")
    return False, f"L({s['w']:.2f}, {s['b']:.2f}) = {loss:.4f}, not yet below 0.001: {hint}."


LESSON = Lesson(
    title="Guessing vs descending",
    summary=("Fit a two-point sigmoid neuron by guessing $w$ and $b$, see why guessing cannot scale, and meet"
             " descent."),
    about=("Guess the weight and bias of a two-point sigmoid neuron, recheck Borgohain's table of guesses "
           "(one row is wrong), solve the fit exactly, see why guessing can't scale, and watch descent reach "
           "the fit; a challenge to guess below 0.001, questions on a new guess, grid and data."),
    quizzes={
        1: Number(
            r"Score a guess the table does not list: $(w, b) = (1, -1)$ on the same two points. What is "
            r"$L(1, -1)$? (4 decimals)",
            round(_loss(1.0, -1.0), 4),
            rf"The neuron gives $\sigma(1 \cdot 0.5 - 1) = \sigma(-0.5) = {_sigmoid(-0.5):.4f}$ (target 0.2) and "
            rf"$\sigma(1.5) = {_sigmoid(1.5):.4f}$ (target 0.9); half the squared misses add up to "
            rf"${_loss(1.0, -1.0):.4f}$.",
            mistakes=((round(2 * _loss(1.0, -1.0), 4), "you left out the ½: that is the sum of the squared "
                                                       "misses, twice the loss."),
                      (round(0.5 * (_sigmoid(-0.5) - 0.2) ** 2, 4), "that is only the first point's half "
                                                                   "squared miss: add the second one."),
                      (round(_loss(1.0, 1.0), 4), "you used σ(wx − b), the article's printed formula with the "
                                                  "bias flipped; the neuron is σ(wx + b).")),
            tol=2e-4,
        ),
        2: Choice(
            "A grid search tries 10 values for each parameter. How many tries does it need for a model "
            "with 4 parameters?",
            ("40", "10,000", "1,048,576", "14"),
            1,
            r"Every combination is tried: $10 \cdot 10 \cdot 10 \cdot 10 = 10^4 = 10{,}000$. With $d$ "
            r"parameters it is $10^d$.",
            feedback={0: "40 would be trying each parameter alone; a grid tries every combination, so the "
                         "counts multiply: 10 × 10 × 10 × 10.",
                      2: "that is 4¹⁰: the exponent is the number of parameters, 10⁴, not the number of values.",
                      3: "the counts multiply, they do not add."},
        ),
        3: Choice(
            r"The article prints its model as $1/(1 + \exp(-wx + b))$. Which $(w, b)$ in that printed formula "
            r"gives the same curve as our $\sigma(wx + b)$ with $w = 1.5$ and $b = 0.8$?",
            ("$(1.5, 0.8)$", "$(1.5, -0.8)$", "$(-1.5, 0.8)$", "$(-1.5, -0.8)$"),
            1,
            r"The printed formula is $\sigma(wx - b)$: the bias enters with a minus sign, so it must change "
            r"sign, $b = -0.8$; $w$ stays.",
            feedback={0: "the printed formula is σ(wx − b): with b = 0.8 it gives σ(1.5x − 0.8), a curve "
                         "shifted the other way.",
                      2: "only the bias enters with the wrong sign; the weight multiplies x the same way in "
                         "both formulas.",
                      3: "only the bias changes sign; flipping w too mirrors the curve."},
        ),
        4: Number(
            r"Change the data: the curve must pass through $(0.5, 0.5)$ and $(2.5, 0.9)$. What is the exact "
            r"weight $w^\ast$? (3 decimals)",
            round(math.log(9) / 2, 6),
            r"The logit turns the points into $0.5w + b = \ln\frac{0.5}{0.5} = 0$ and $2.5w + b = \ln 9$. "
            r"Subtracting, $2w = \ln 9$, so $w^\ast = \tfrac12 \ln 9 = \ln 3 \approx 1.099$.",
            mistakes=((round(math.log(9), 4), "you found 2w = ln 9; divide by the 2 (the difference of the "
                                              "inputs, 2.5 − 0.5)."),
                      (round(math.log(6), 4), "that is the lesson's fit for the old point (0.5, 0.2)."),
                      (0.2, "that is (0.9 − 0.5)/2, a straight line through the targets: undo the sigmoid "
                            "with the logit first.")),
            tol=1e-3,
        ),
    },
    predictions={
        1: Prediction(
            r"From $(-2, -2)$ the article uses $\eta = 0.3$. Which of $\eta = 0.3$, $3$ and $30$ gets the "
            r"loss below $0.001$ first?",
            ("η = 0.3: small steps are safest", "η = 3", "η = 30: the biggest steps get there first",
             "none of them within 1000 steps"),
            1,
            r"$\eta = 3$ needs 62 steps, ten times fewer than $\eta = 0.3$ (606). $\eta = 30$ overshoots into "
            r"a flat stretch far from the fit and never gets below $0.001$ within 1000 steps.",
        ),
    },
    challenges={
        1: Challenge(
            r"Move the sliders until the loss is below $0.001$, then press Check.",
            _below,
            r"Steepen the curve and slide it right: $(w, b) = (1.8, -2.3)$ gives $L \approx 2.4 \times 10^{-6}$; the exact "
            r"fit is $(\ln 6, -\ln 4 - \tfrac12\ln 6) \approx (1.79, -2.28)$.",
        ),
    },
)
