"""Lesson 03 · The learning rate: the factor 1 - 2 eta, stability, the fastest rate."""
import numpy as np

from ..items import Challenge, Choice, Lesson, Number, Prediction


def _bounce_in_fast(explorer):
    s, path = explorer.settings, explorer.path
    if path.params[0, 0] != 4.0:  # the path's first point is the start, however the box writes it
        return False, f"the start is {path.params[0, 0]:g}: set it back to 4."
    w = path.params[:21, 0]
    losses = path.losses[:21]
    flips = bool(np.all(w[:-1] * w[1:] < 0)) if len(w) > 1 else False
    best = float(np.min(losses))
    if not flips:
        return False, (f"with η = {s['lr']:.3g}, w does not change sign at every step: the factor "
                       "1 − 2η must be negative.")
    if len(losses) < 21 and best >= 1e-3:
        return False, "the run has fewer than 20 steps: set steps to 20 or more."
    if best >= 1e-3:
        return False, (f"with η = {s['lr']:.3g} w flips sign, but the loss is still {best:.2g} after 20 steps: "
                       "bring the factor 1 − 2η closer to 0.")
    return True, (f"with η = {s['lr']:.3g} w flips sign at every step and the loss is {best:.1e} after "
                  "20 steps.")


LESSON = Lesson(
    title="The learning rate",
    summary=("Four learning rates on $w^2$ from $w = 4$: bouncing forever, zig-zagging in, creeping, just "
             r"right; why $0 < \eta < 1$ is the stable range there."),
    about=("Four learning rates on w² from 4 (bounce forever, bounce in, creep, quick), why each step "
           "multiplies w by (1 − 2η), and a 200-rate sweep with the stability boundary at η = 1 (and why the "
           "tolerance, not the minimum, sets a converged run's final loss); you write the descent loop, "
           "predict η = 0.9's bouncing, set the explorer to bounce in within 20 steps, and transfer it all to"
           " 3w² and 5w²."),
    quizzes={
        1: Choice(
            r"Descent on $L(w) = w^2$, this time from $w_0 = -2$. With which learning rate does it diverge?",
            ("0.2", "0.75", "0.99", "1.02"),
            3,
            r"The factor per step is $1 - 2\eta$ whatever the start; for $\eta = 1.02$ it is $-1.04$, so $|w|$ "
            r"grows by 4 % every step. The boundary is $\eta = 1$ from any start.",
            feedback={0: "the factor is 1 − 0.4 = 0.6: w shrinks and keeps its sign.",
                      1: "the factor is 1 − 1.5 = −0.5: w flips sign, but |w| halves every step, so it converges.",
                      2: "the factor is −0.98: slow and bouncing, but |w| still shrinks. The start does not "
                         "move the boundary η = 1."},
        ),
        2: Number(
            r"A steeper loss, $L(w) = 3w^2$ (slope $6w$). By what factor is $w$ multiplied at every step "
            r"with $\eta = 0.1$?",
            0.4,
            r"$w - \eta \cdot 6w = (1 - 6\eta)\,w$, and $1 - 6 \cdot 0.1 = 0.4$.",
            mistakes=((0.8, "that is the factor of w², 1 − 2η: here the slope is 6w, so it is 1 − 6η."),
                      (0.7, "the slope of 3w² is 6w, not 3w: the power rule brings down the 2."),
                      (0.6, "that is 6η, the fraction of w each step removes; the factor is 1 − 6η."),
                      (1.6, "you added the step: the factor of descent is 1 − 6η.")),
        ),
        3: Number(
            r"On $L(w) = 3w^2$, which learning rate lands on the minimum in a single step? (3 decimals)",
            1 / 6,
            r"One step lands on $0$ when the factor $1 - 6\eta$ is $0$: $\eta = 1/6 \approx 0.167$.",
            mistakes=((0.5, "0.5 is the one-step rate of w²; here the factor is 1 − 6η."),
                      (1 / 3, "with η = 1/3 the factor is 1 − 2 = −1: w bounces between ±w₀ forever."),
                      (3.0, "the rate is 1/6, the inverse of the slope's factor 6.")),
            tol=1e-3,
        ),
        4: Number(
            r"And above which learning rate does descent on $L(w) = 3w^2$ diverge? (3 decimals)",
            1 / 3,
            r"It diverges when $|1 - 6\eta| > 1$, i.e. $\eta > 2/6 = 1/3 \approx 0.333$: a steeper loss "
            r"needs a smaller rate.",
            mistakes=((1.0, "η = 1 is the boundary of w², whose slope is 2w; with slope 6w it is 2/6."),
                      (1 / 6, "1/6 is the one-step rate; divergence starts at twice that, when 1 − 6η < −1.")),
            tol=1e-3,
        ),
        5: Choice(
            r"On $L(w) = 3w^2$ with $\eta = 0.25$, what does $w$ do?",
            ("It shrinks, keeping its sign", "It shrinks, flipping sign at every step",
             "It bounces between $w_0$ and $-w_0$ forever", "It grows, flipping sign: descent diverges"),
            1,
            r"The factor is $1 - 6 \cdot 0.25 = -0.5$: negative, so the sign flips, and of size $0.5 < 1$, "
            r"so $|w|$ halves each step.",
            feedback={0: "the sign is kept only while the factor 1 − 6η is positive, i.e. η < 1/6.",
                      2: "that needs the factor to be exactly −1, i.e. η = 1/3.",
                      3: "it diverges only for η > 1/3, where |1 − 6η| > 1."},
        ),
        6: Choice(
            r"On $L(w) = 4w^2$ (slope $8w$) a friend picks $\eta = 0.25$: “right at the limit, so still safe”. "
            r"What does descent do?",
            ("It converges, slowly", "It bounces between $w_0$ and $-w_0$ forever", "It diverges",
             "It lands on 0 in one step"),
            1,
            r"The factor is $1 - 8 \cdot 0.25 = -1$: $w$ flips sign and keeps its size, for ever. The limit itself is not "
            r"safe; descent converges only for $\eta$ strictly below $1/4 = 0.25$.",
            feedback={0: "treating the limit as safe: at η = 0.25 the factor 1 − 8η is exactly −1, so |w| never shrinks.",
                      2: "it diverges only above the limit, where |1 − 8η| > 1; at the limit |w| stays the same.",
                      3: "one step lands on 0 when 1 − 8η = 0, at η = 0.125."},
        ),
    },
    predictions={
        1: Prediction(
            r"$\eta = 0.9$ on $w^2$ from $w_0 = 4$: will $w$ change sign at every step, and will it get there?",
            ("Yes, it flips sign every step and still bounces in to 0",
             "Yes, it flips sign every step and flies off", "No, it creeps down keeping its sign",
             "No, it jumps to 0 in one step"),
            0,
            r"The factor is $1 - 2 \cdot 0.9 = -0.8$: negative, so the sign flips; of size $0.8 < 1$, so each "
            r"jump is 20 % shorter. The run converges in 72 steps.",
        ),
        2: Prediction(
            r"Of 200 rates from $0.01$ to $1.2$, which converges in the fewest steps?",
            ("The largest stable one, just below 1", "About 0.5", "0.35, the article's 'optimal' rate",
             "The smallest, 0.01"),
            1,
            r"The factor $|1 - 2\eta|$ is smallest at $\eta = 0.5$; the grid's closest rate, $0.5004$, "
            r"converges in 4 steps.",
        ),
        3: Prediction(
            r"Each row below runs descent on $L = a\,w^2$ at $0.9$, $1$ and $1.1$ times its own limit $1/a$, for "
            r"$a = 0.5, 1, 2, 5$. Do the outcomes depend on the steepness $a$?",
            ("No: in every row the first run converges, the second bounces for ever, the third diverges",
             "Yes: the steeper losses diverge even at 0.9 times their limit",
             "Yes: the flatter losses still converge at 1.1 times their limit",
             "No: all three runs converge in every row, only more slowly"),
            0,
            r"The factor is $1 - 2a\eta$; at $\eta = f/a$ it is $1 - 2f$ whatever $a$ is: $-0.8$, $-1$ and $-1.2$ "
            r"for $f = 0.9, 1, 1.1$. Only the product $a\eta$ matters, so the limit is $1/a = 2/L''$.",
        ),
    },
    challenges={
        1: Challenge(
            r"From $w = 4$, set the learning rate so that $w$ changes sign at every step <i>and</i> the loss "
            r"falls below $10^{-3}$ within 20 steps, then press Check.",
            _bounce_in_fast,
            r"Any $\eta$ between $0.5$ and about $0.89$ works: the factor $1 - 2\eta$ must be negative, and "
            r"$16\,(1 - 2\eta)^{40} < 10^{-3}$ needs $|1 - 2\eta| < 0.785$. For example $\eta = 0.7$.",
        ),
    },
    exercises={
        "descent": '''
def descent(w0, lr, steps):
    """Gradient descent on L(w) = w**2: the list of every w, from w0 to w after `steps` steps."""
    ws = [w0]
    w = w0
    for _ in range(steps):
        w = w - lr * 2 * w
        ws.append(w)
    return ws


gdviz.check_descent(descent)
''',
    },
)
