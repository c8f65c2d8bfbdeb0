"""Lesson 05 · Training a sigmoid neuron: the code, the slopes, the plateau, the learning rate."""
import math

from ..items import Choice, Lesson, Number, Prediction


def _slope(z):
    s = 1.0 / (1.0 + math.exp(-z))
    return s * (1.0 - s)


LESSON = Lesson(
    title="Training a sigmoid neuron",
    summary="Borgohain's training code, corrected and run; the error surface and its plateau.",
    about=("Train Borgohain's sigmoid neuron in plain Python (his code, bugs fixed), check it against gdviz, "
           "and see why it sits on a long plateau before it learns (the sigmoid's slope is at most 1/4) and "
           "what η = 50 really does; you derive and code the partial derivatives of the loss without the ½."),
    quizzes={
        1: Choice(
            "Another slip of the same family: a loss function loops `for x, y in zip(inputs, targets):` and writes "
            "`loss = 0.5 * (f(x) - y) ** 2` inside the loop, then returns `loss`. What does it return?",
            ("Only the last point's half squared miss: `=` replaces the value at every pass",
             "The sum over all the points", "Python stops with UnboundLocalError",
             "The mean over the points"),
            0,
            "`=` gives the name a new value at each pass, so only the last point's term survives. The sum needs "
            "`loss = 0.0` before the loop and `loss += ...` inside it.",
            feedback={1: "a sum needs `+=`; plain `=` throws the previous value away at each pass.",
                      2: "UnboundLocalError comes from `+=` on a name with no value yet; `=` always works.",
                      3: "nothing divides by the number of points, and nothing adds them up either."},
        ),
        2: Number(
            r"The sigmoid's slope is $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$. What is it at $z = 2$? (4 decimals)",
            _slope(2.0),
            rf"$\sigma(2) = {1 / (1 + math.exp(-2)):.4f}$, so $\sigma'(2) = {1 / (1 + math.exp(-2)):.4f} \cdot "
            rf"{1 - 1 / (1 + math.exp(-2)):.4f} = {_slope(2.0):.4f}$: already less than half of its peak $\tfrac14$.",
            mistakes=((1 / (1 + math.exp(-2)), "that is σ(2) itself; the slope is σ(2) · (1 − σ(2))."),
                      (0.25, "¼ is the peak, at z = 0; at z = 2 the sigmoid is already flattening."),
                      (1 - 1 / (1 + math.exp(-2)), "that is 1 − σ(2); multiply it by σ(2).")),
            tol=2e-4,
        ),
        3: Choice(
            r"Start instead at $(w, b) = (3, 1)$. Which point now contributes less to $\partial L/\partial b$?",
            (r"$x = 2.5$: $z = 8.5$ lies deep in the right tail, where $\sigma'(z) \approx 0.0002$",
             r"$x = 0.5$: its output $0.92$ is closer to 1",
             "Neither: both misses are large, so both push equally",
             r"$x = 2.5$, because its miss $0.0998$ is negative"),
            0,
            rf"At $x = 0.5$: $z = 2.5$, miss $+0.724$, $\sigma' = {_slope(2.5):.3f}$, share $+0.051$. At $x = 2.5$: "
            rf"$z = 8.5$, miss $+0.0998$, $\sigma' = {_slope(8.5):.5f}$, share $0.00002$. A saturated neuron "
            r"learns little in either tail.",
            feedback={1: "its output is wrong by 0.72 and its slope σ'(2.5) ≈ 0.07 is not small: it pushes hardest.",
                      2: "the misses are 0.72 and 0.10, and the slopes differ 350-fold: the shares are far apart.",
                      3: "the miss 0.9998 − 0.9 is positive; what makes the share tiny is the slope σ'(8.5)."},
        ),
        4: Choice(
            r"Suppose the loss were the *mean* of the two halved squared misses instead of their sum. What "
            r"happens to the stability limit $2/\lambda_{\max} \approx 24.9$ at the fit?",
            ("It doubles, to about 49.7", "It halves, to about 12.4",
             "It stays at 24.9: the surface has the same shape", "It falls to a quarter, about 6.2"),
            0,
            r"Dividing the loss by 2 halves every curvature, so $\lambda_{\max}$ halves and $2/\lambda_{\max}$ "
            r"doubles. Every gradient halves too: the mean needs twice the learning rate for the same steps.",
            feedback={1: "a smaller loss curves less, so larger steps stay stable, not smaller ones.",
                      2: "the shape is the same, but its scale is halved, and the limit depends on the scale.",
                      3: "the curvature scales with the loss itself (by ½), not with its square."},
        ),
    },
    predictions={
        1: Prediction(
            r"At the start $(-2, -2)$ the second point misses by $0.9$, the first by only $0.15$. Which one "
            r"pushes the parameters harder?",
            ("The first point, x = 0.5", "The second point, x = 2.5: it misses six times more",
             "Both push about equally"),
            0,
            r"Each share is the miss times $\sigma'(z_i)$: $\sigma'(-3) \approx 0.045$ but $\sigma'(-7) \approx 0.0009$, "
            r"so the first point's share of $\partial L/\partial b$ is eight times the second's.",
        ),
        2: Prediction(
            r"With $\eta = 50$, twice the stability limit, what happens from $(-2, -2)$ in 3000 epochs?",
            ("It diverges to infinity", "It bounces across the valley forever, like η = 30",
             "It is thrown onto a flat region and stalls at a loss well above 0",
             "It reaches the fit fastest of all"),
            2,
            r"Its long steps throw the neuron onto flat regions: back onto the plateau at step 4, out to about "
            r"$(16.6, 3.2)$ at step 8, where the loss sits at $0.325$ for some 2000 epochs, and at last to "
            r"$(11.46, -7.12)$, stuck at $0.005$.",
        ),
        3: Prediction(
            r"Same neuron, same start $(-2, -2)$, same $\eta = 0.3$, but descent on the cross-entropy, whose "
            r"gradient $\sum_i (f_i - y_i)(x_i, 1)$ has no $\sigma'(z_i)$ in it. How long is the plateau now?",
            ("About as long, some 250 epochs: the start is the same",
             "It is gone: the neuron leaves the shelf within a few epochs",
             "Longer: the cross-entropy is flatter far from the fit",
             "The run diverges: the gradient is too large"),
            1,
            r"At $(-2, -2)$ the gradient is the bare miss, about $2.55$ long instead of $0.0095$: the squared-error "
            r"yardstick falls below $0.1$ at epoch 4 instead of 270, and the run is within $0.001$ of the fit at "
            r"epoch 326 instead of 2478.",
        ),
    },
    exercises={
        "neuron_step": '''
def neuron_step(w, b, lr, xs, ys):
    """One descent step on L(w, b) = sum_i (sigmoid(w * x_i + b) - y_i)**2 (no 1/2 this time).

    xs and ys are numpy arrays of the inputs and targets; return the pair (new w, new b).
    """
    f = 1 / (1 + np.exp(-(w * xs + b)))
    shared = 2 * (f - ys) * f * (1 - f)      # the 2 comes down from the square: there is no 1/2 to cancel it
    dL_dw, dL_db = np.sum(shared * xs), np.sum(shared)
    return w - lr * dL_dw, b - lr * dL_db


gdviz.check_neuron_step(neuron_step)
''',
    },
)
