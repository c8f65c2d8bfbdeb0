"""Lesson 09 · Adaptive steps and schedules: AdaGrad, RMSProp, Adam, a fair race, schedules."""
import math

from ..items import Choice, Lesson, Number, Prediction

LESSON = Lesson(
    title="Adaptive steps and schedules",
    summary=("AdaGrad, RMSProp and Adam: a step size per parameter, why AdaGrad's steps shrink forever, "
             "Adam's first step; a fair race with every rate tuned by one sweep (and how an untuned one "
             "misleads); schedules against SGD's noise floor; the same names with different numbers in "
             "different books."),
    about=("AdaGrad's per-parameter steps (and why they shrink forever), RMSProp's forgetting, Adam's first "
           "step of about η whatever the gradient; every rule on the valley, Rosenbrock, the saddle and the "
           "neuron's plateau; a fair race with each rate tuned by one sweep, against an untuned one; step, "
           "cosine and 1/t schedules against SGD's noise floor; torch, d2l and Ng's course computed side by "
           "side; you write Adam's update, bias correction included."),
    quizzes={
        1: Number(
            r"AdaGrad with $\eta = 0.5$ sees the same gradient at every step. How long is its 25th step?",
            0.1,
            r"After 25 steps $s = 25 g^2$, so the step is $\eta\,|g|/\sqrt{s} = 0.5/\sqrt{25} = 0.1$, whatever $g$ is.",
            mistakes=((0.02, "that is η/t; the sum grows like t, so its square root, and the step's divisor, like √t."),
                      (0.5, "0.5 is the first step; the sum s keeps growing, so later steps shrink."),
                      (0.5 / math.sqrt(24), "that uses the sum after 24 steps; the 25th step divides by √(25 g²).")),
            tol=1e-3,
        ),
        2: Number(
            r"Adam with $\eta = 0.003$ starts at a point where one parameter's gradient is $-250$. By how much does that "
            r"parameter change on the first step? (a signed number)",
            0.003,
            r"With the bias correction $\hat m = g$ and $\sqrt{\hat v} = |g|$ on the first step, so the change is "
            r"$-\eta\, g/|g| = +0.003$: the size $250$ cancels.",
            mistakes=((-0.003, "the size is right, but the gradient is negative, so the parameter moves up: −η · g/|g| > 0."),
                      (0.75, "that is plain descent's step η|g|; Adam divides by the gradient's own size."),
                      (0.003 * 0.1 / math.sqrt(0.001), "that is Adam without the bias correction (√10 ≈ 3.16 times "
                                                       "too far); torch's Adam corrects m and v."),
                      (-0.75, "that is plain descent's step, with the sign flipped too.")),
            tol=1e-5,
        ),
        3: Choice(
            r"A paper compares SGD and Adam on a new problem, both at learning rate 0.001, and finds Adam much faster. "
            r"What can you conclude?",
            ("Adam is the better optimizer for this problem.",
             "Little: 0.001 means a step of about 0.001 for Adam but 0.001 times the slope for SGD; each needs its own "
             "tuned rate.",
             "SGD would have been faster with momentum 0.9.",
             "Adam's bias correction is what made the difference."),
            1,
            "The same number means different things to different rules. A fair comparison tunes each rule's learning "
            "rate on the same budget, start and target, as the race in this lesson does.",
            feedback={0: "one shared rate mostly measures which rule that rate suits: tune each rule before ranking them.",
                      2: "maybe, maybe not: with one untuned rate nothing can be concluded about either rule.",
                      3: "the bias correction changes the first steps; the comparison itself is what is unfair."},
        ),
        4: Choice(
            r"RMSProp uses $\epsilon$ outside the root in torch, inside it ($\sqrt{v + \epsilon}$, $\epsilon = 10^{-6}$) in "
            r"d2l. For which gradients do the two give clearly different steps?",
            (r"For large gradients, $|g| \gg 1$.",
             r"For gradients around $10^{-3}$ or smaller, where $g^2$ is no longer large beside $\epsilon = 10^{-6}$.",
             r"Never: $\epsilon$ only prevents division by zero.",
             "Only on the first step."),
            1,
            r"Inside the root $\epsilon$ competes with $v \approx g^2$; at $|g| = 10^{-3}$, $g^2 = \epsilon$ and the step "
            r"shrinks by $\sqrt{2}$; at $|g| = 10^{-4}$ by about 10.",
            feedback={0: "beside a large g², ε = 10⁻⁶ is negligible wherever it sits.",
                      2: "inside the root ε competes with g²: for small gradients it sets the step's size.",
                      3: "v tracks the recent g², so the gap lasts as long as the gradients stay small."},
        ),
    },
    predictions={
        1: Prediction(
            r"Feed AdaGrad the same gradient $g = 1$ at every step with $\eta = 0.1$. How long is its 100th step?",
            ("0.1, like the first", r"0.01, that is $\eta/\sqrt{100}$", r"0.001, that is $\eta/100$",
             "0: it has stopped"),
            1,
            r"After $t$ steps $s = t g^2$, so step $t$ is $\eta/\sqrt{t}$: $0.01$ at $t = 100$, $0.00316$ at $t = 1000$. "
            r"RMSProp's and Adam's steps stop shrinking.",
        ),
        2: Prediction(
            r"On the saddle from $(1, 10^{-3})$, all at $\eta = 0.1$: which rule is off the ridge ($|w_2| > 1$) first?",
            ("Plain descent", "Momentum", "RMSProp", "Adam"),
            2,
            r"RMSProp, in one step: its first step is $10\eta = 1$ whatever the slope (its warm-up). Adam needs 11, "
            r"AdaGrad 17, momentum 19 and plain descent 38.",
        ),
    },
    exercises={
        "adam_step": '''
def adam_step(w, m, v, g, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam update as torch writes it (t = 1 at the first step); returns (new w, new m, new v)."""
    m = beta1 * m + (1 - beta1) * g           # average of the gradients
    v = beta2 * v + (1 - beta2) * g ** 2      # average of their squares
    m_hat = m / (1 - beta1 ** t)              # bias correction: both averages start at 0
    v_hat = v / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


gdviz.check_adam_step(adam_step)
''',
    },
)
