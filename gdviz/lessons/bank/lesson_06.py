"""Lesson 06 · Batch, stochastic and mini-batch: unbiased batch gradients, epochs, the fair comparison."""
import math

from ..items import Choice, Lesson, Number, Prediction

LESSON = Lesson(
    title="Batch, stochastic and mini-batch",
    summary="Using all the data per step, one example, or a small batch: cost per step against noise.",
    about=("Full batch, SGD and mini-batches of 32/64/128 on 1,000 noisy points: unbiased batch gradients, "
           "epochs and shuffling (the short last batch dropped or kept), and small batches against full batch"
           " for the same computation, over ten seeds and with each rate tuned; you write a shuffled "
           "mini-batch epoch."),
    quizzes={
        1: Number(
            "A data set of n = 2500 points, mini-batches of 64, and the short last batch kept (torch's DataLoader "
            "default). How many updates does one epoch make?",
            40.0,
            r"$2500 = 39 \cdot 64 + 4$: 39 full batches and one short batch of 4, so 40 updates. Dropping the short "
            r"batch (gdviz's convention, or `drop_last=True`) would give 39.",
            mistakes=((39.0, "that drops the 4 leftover points; kept, they make one more (short) update."),
                      (2500.0 / 64, "an update count is a whole number: 39 full batches, plus one short one."),
                      (2500.0, "that is SGD's count (one point per update); each update here uses 64."),
                      (64.0, "64 is the batch size, the points per update, not the number of updates.")),
            tol=1e-9,
        ),
        2: Choice(
            "On n = 1000 points, full-batch descent and SGD (batch size 1) each run for 5 epochs. How many "
            "updates does each make?",
            ("Full batch 5, SGD 5000", "5 each: an epoch is a step", "Full batch 5000, SGD 5",
             "1000 each: one per point"),
            0,
            "An epoch is one pass over the data: full batch passes over all 1000 points in one update, SGD "
            "needs 1000 updates per pass. Five passes: 5 and 5000 updates, the same 5000 per-point gradients.",
            feedback={1: "that confuses an epoch with a step: an epoch is one pass over the data, however many "
                         "updates that takes; SGD takes 1000 per pass.",
                      2: "reversed: full batch uses every point in each update, so one update is a whole epoch.",
                      3: "one update per point is SGD only; full batch makes one update per pass."},
        ),
        3: Number(
            r"Per-point gradients with spread $s = 0.4$, $n = 1000$ points, batches of $B = 100$ drawn without "
            r"replacement. What is the typical miss $s\sqrt{(n-B)/(B(n-1))}$ of one batch gradient? (4 decimals)",
            0.4 * math.sqrt(900 / (100 * 999)),
            r"$0.4 \cdot \sqrt{900 / 99{,}900} = 0.4 \cdot 0.0949 \approx 0.0380$: a little less than "
            r"$s/\sqrt{B} = 0.04$, because a batch drawn without replacement covers a tenth of the data.",
            mistakes=((0.04, "that is s/√B, the miss with replacement; without it the factor √((n − B)/(n − 1)) "
                             "shrinks it a little."),
                      (0.004, "the miss shrinks like 1/√B, not 1/B."),
                      (0.4 * 900 / (100 * 999), "you forgot the square root.")),
            tol=2e-4,
        ),
        4: Choice(
            "SGD keeps jittering around the bottom. You halve its learning rate. What happens to the jitter?",
            ("It shrinks: each step is η times a noisy gradient", "It grows: smaller steps wander more",
             "Nothing: the noise comes from the data, not from η", "SGD diverges"),
            0,
            r"Each step moves by $\eta$ times a one-point gradient, so the cloud the path jitters in shrinks with "
            r"$\eta$ (at the price of slower progress); schedules that lower $\eta$ over time use exactly this.",
            feedback={1: "smaller steps wander less: the jitter is η times the gradient's noise.",
                      2: "the gradient's noise comes from the data, but the step is η times it: η scales the jitter.",
                      3: "a smaller rate is further from instability, not closer."},
        ),
    },
    predictions={
        1: Prediction(
            r"Now the same budget for everyone: five epochs each, $\eta = 2$. Which batch size ends lowest?",
            ("Full batch: every step is exact", "SGD: it takes the most steps", "Mini-batches of 32",
             "All end the same: the computation is the same"),
            2,
            r"Batches of 32 end at $0.00533$, next to the best $0.00528$; SGD bounces a little above, 64 and 128 "
            r"are still on the way, and full batch has taken only 5 steps.",
        ),
        2: Prediction(
            r"$\eta = 2$ was shared by all batch sizes. With each batch size's learning rate tuned, does 32 still "
            r"win clearly?",
            ("Yes, by a wide margin",
             "No: SGD and every mini-batch size end at about the best loss; full batch stays behind",
             "No: full batch wins once its rate is tuned"),
            1,
            r"Tuned on rates from $1/16$ to $256$, SGD ($\eta = 0.125$), 32 ($\eta = 4$), 64 ($\eta = 16$) and 128 "
            r"($\eta = 64$) all end within $0.00001$ of the best loss $0.00528$; full batch, with only 5 steps, gets "
            r"to $0.0118$ at best ($\eta = 128$).",
        ),
    },
    exercises={
        "epoch": '''
def epoch(params, x, y, lr, batch_size, rng, grad):
    """One epoch of mini-batch descent; returns the new params."""
    order = rng.permutation(len(x))          # a fresh shuffle at the start of every epoch
    for start in range(0, len(x), batch_size):
        batch = order[start:start + batch_size]   # the last batch may be short (kept, as torch does)
        params = params - lr * grad(params, x[batch], y[batch])
    return params


gdviz.check_epoch(epoch)
''',
    },
)
