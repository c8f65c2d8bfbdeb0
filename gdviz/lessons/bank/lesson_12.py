"""Lesson 12 · A tiny network: backpropagation, its check, training, vanishing gradients, a landscape slice."""
from ..items import Challenge, Choice, Lesson, Number, Prediction


def _plain_sgd_reaches_97(explorer):
    s, path = explorer.settings, explorer.path
    accuracy = float(explorer.scene.net.accuracy(path.final))
    lr = float(f"{s['lr']:.3g}")  # the rate as the slider shows it
    setting = f"width {s['width']}, η = {lr:g}"
    if s["optimizer"] != "sgd":
        label = explorer.scene.optimizers[s["optimizer"]][0]
        return False, f"the optimizer is {label}: the task is plain SGD, without momentum or Adam."
    if path.status == "diverged":
        return False, f"with {setting} the run diverges after {path.n_steps} steps."
    if accuracy >= 0.97:
        return True, f"with {setting}, plain SGD gets {accuracy:.1%} of the training points right in 300 steps."
    return False, f"with {setting}, plain SGD gets {accuracy:.1%} right: not yet 97%."


LESSON = Lesson(
    title="A tiny network",
    summary=("Two layers of neurons on two moons: backpropagation written out and checked against finite "
             "differences, momentum and Adam training it, vanishing gradients with real weights, and what a "
             "picture of the loss landscape hides."),
    about=("A two-layer network (8 tanh units, 33 parameters) on scikit-learn's two moons: the forward pass "
           "by hand, backpropagation layer by layer (you write the hidden layer's part) checked against "
           "central differences, plain SGD, momentum and Adam training it unchanged (after 300 steps 93 %, 98"
           " % and 98.5 % of the points right), an explorer of learning rate, width and update rule; "
           "vanishing gradients in six sigmoid layers against six ReLU layers with real weights (layer 1 "
           "about 700 times smaller than layer 6 for sigmoids); a loss-landscape slice along two "
           "filter-normalized random directions (Li et al., 2018), what projecting the path onto it hides "
           "(15.5 of the start's 16.3 distance), and the path's own PCA plane."),
    quizzes={
        1: Number(
            r"A network with 2 inputs, one hidden layer of 16 units and one output: how many parameters does "
            r"$\theta$ hold?",
            65,
            r"$W_1$ has $2 \cdot 16 = 32$ weights, $b_1$ has 16 biases, $w_2$ has 16 weights and $b_2$ is one "
            r"number: $32 + 16 + 16 + 1 = 65$.",
            mistakes=((48, "that counts the weights only (32 + 16): add the 16 hidden biases b₁ and the output "
                           "bias b₂."),
                      (64, "the output bias b₂ is missing: it is one more number."),
                      (49, "the 16 hidden biases b₁ are missing: each hidden unit has its own."),
                      (33, "that is the network of this lesson, with 8 hidden units; here there are 16."),
                      (34, "the input layer has no biases of its own: only the hidden units and the output do.")),
        ),
        2: Choice(
            r"Backpropagation starts from $\delta^{(2)} = \partial L_i / \partial z^{(2)}_i = p_i - y_i$, with no "
            r"factor $\sigma'(z^{(2)}_i)$. Why?",
            (r"The cross-entropy's slope $\partial L_i/\partial p_i = (p_i - y_i)/(p_i(1 - p_i))$ has the sigmoid's "
             r"slope $p_i(1 - p_i)$ below the line: the chain rule cancels it",
             r"The sigmoid's slope is 1 at the output unit",
             r"$\sigma'$ is left out as an approximation, to save time",
             r"Because the labels $y_i$ are 0 or 1"),
            0,
            r"$\partial L_i/\partial p_i = \frac{p_i - y_i}{p_i(1 - p_i)}$ and $\partial p_i/\partial z_i = "
            r"p_i(1 - p_i)$: their product is $p_i - y_i$, exactly. The same cancellation as for the neuron "
            r"of notebook 5 with cross-entropy.",
            feedback={1: "σ'(z) is at most 1/4 (at z = 0), never 1: something else removes it.",
                      2: "nothing is approximated: finite differences agree with the formula to eight digits and "
                         "more.",
                      3: "the cancellation holds for any target between 0 and 1; it comes from the pairing of "
                         "cross-entropy with the sigmoid."},
        ),
        3: Number(
            r"Checking a gradient by central differences takes two loss evaluations per parameter. How many "
            r"evaluations for a network with 10,000 parameters?",
            20_000,
            r"Each of the $10^4$ parameters is nudged both ways, $\theta_j \pm h$: $2 \cdot 10^4 = 20{,}000$ "
            r"evaluations. Backpropagation gives all $10^4$ derivatives for about the price of two passes, which is "
            r"why we train with it and only *check* with differences.",
            mistakes=((10_000, "central differences nudge each parameter both ways: two evaluations each."),
                      (10_001, "that is the count of one-sided (forward) differences; central ones need two "
                               "evaluations per parameter."),
                      (2, "that is roughly what backpropagation costs (one pass forward, one back); the differences "
                          "need two per parameter.")),
        ),
        4: Number(
            r"A signal travels back through 5 sigmoid layers, and each layer multiplies it by a slope "
            r"$\sigma'(z) \le 1/4$ (weights aside). At most what fraction survives? (5 significant digits)",
            0.25 ** 5,
            r"$(\tfrac14)^5 = 1/1024 \approx 0.00097656$: the slopes multiply. Real slopes are below $\tfrac14$ "
            r"(wherever $z \ne 0$), so the weights would have to be large to make up for it.",
            mistakes=((1.25, "the slopes multiply (chain rule), they do not add: (1/4)⁵."),
                      (0.25, "that is one layer; five layers multiply five such factors."),
                      (0.5 ** 5, "σ'(0) = σ(0)(1 − σ(0)) = ½ · ½ = ¼, not ½."),
                      (0.25 ** 6, "five layers, five factors: (1/4)⁵.")),
            tol=5e-8,
        ),
        5: Choice(
            r"The training path, projected onto two random filter-normalized directions, is a short squiggle near "
            r"the centre of the slice. What does that tell you?",
            ("Mostly that the plane misses the path: in 33 dimensions two random directions are nearly "
             "orthogonal to it, so most of the trip happens off the picture",
             "That training hardly moved the parameters",
             "That the loss is flat along the path",
             "That filter normalization shrank the path"),
            0,
            r"The start lies $16.3$ from the trained weights, but only $4.9$ of that distance lies in the plane; "
            r"the rest ($15.5$) is perpendicular to it and invisible. A projection shows the shadow of the path, and "
            r"the slice's loss at a projected point is not the loss the path had there.",
            feedback={1: "the parameters moved a distance of 16.3: the plane just sees little of that trip.",
                      2: "the loss fell from 0.70 to 0.06 along the path: far from flat.",
                      3: "filter normalization rescales the directions, not the path; the path is projected as "
                         "it is."},
        ),
        6: Choice(
            r"In the stack of six ReLU layers the first layer's gradient is about as large as the last one's. Why?",
            (r"Where a ReLU unit is active its slope is 1, not at most $1/4$, and He's initialisation "
             r"(variance $2/\text{fan-in}$) keeps the signal's size from layer to layer",
             "A ReLU is linear, so the chain rule does not apply",
             "A ReLU's slope is never zero",
             "ReLU layers have more parameters"),
            0,
            r"Backpropagation multiplies by each layer's weights and slopes. ReLU's slope is 0 or 1, so about half "
            r"of the units pass the signal back unchanged, and a weight variance of $2/\text{fan-in}$ makes up for "
            r"the half that are off.",
            feedback={1: "a ReLU is piecewise linear: the chain rule applies as to any other layer, with slopes "
                         "0 or 1.",
                      2: "a ReLU's slope is 0 wherever its input is negative: about half of the units at any time.",
                      3: "both stacks have exactly the same shapes and parameter counts."},
        ),
    },
    predictions={
        1: Prediction(
            r"Backpropagation's gradient against central differences with $h = 10^{-6}$, for all 33 parameters at "
            r"the random start: how closely will they agree?",
            ("To about 8 significant digits or more: they are the same numbers, up to rounding",
             "To 2 or 3 digits: differences are only an approximation",
             "Not at all: backpropagation is only an approximation",
             "Exactly, to every digit"),
            0,
            r"The largest gap is about $10^{-10}$ on derivatives of size $10^{-3}$ to $10^{-1}$: a central "
            r"difference's error shrinks like $h^2$, and rounding adds about $10^{-16}/h$. Any slip in the formula "
            r"(a missing slope, a transposed product) would show as a gap of the size of the derivatives.",
        ),
        2: Prediction(
            r"The same start, 300 steps each: plain SGD with $\eta = 0.5$, momentum $0.9$ with $\eta = 0.5$, "
            r"Adam with $\eta = 0.05$. Which reach the lowest training loss?",
            ("Plain SGD", "Momentum and Adam, both far below plain SGD and close to each other",
             "Adam, far below both others", "All three about the same"),
            1,
            r"After 300 steps plain SGD is at $0.209$ (93% right), momentum at $0.060$ and Adam at $0.058$ (98% "
            r"and 98.5%). Both fix plain SGD's slow crawl along shallow directions, in different ways.",
        ),
        3: Prediction(
            r"A stack of six sigmoid layers of 16 units, with freshly drawn weights: how does the gradient of the "
            r"first layer's weights compare with that of the sixth?",
            ("About the same size", "Hundreds to a thousand times smaller",
             "Hundreds to a thousand times larger", "Exactly $(1/4)^5$ times smaller"),
            1,
            r"It is about 700 times smaller for this seed (300 to 1000 times over three seeds): each sigmoid layer "
            r"multiplies the signal coming back by its slopes, at most $\tfrac14$, and the weights do not make up "
            r"for it. The bound $(1/4)^5$ is not the actual ratio: weights and actual slopes vary.",
        ),
        4: Prediction(
            r"The start lies a distance $16.3$ from the trained weights. How much of that distance lies in the plane "
            r"of the two random directions?",
            ("Nearly all of it", "About half", "Less than a third", "None: exactly zero"),
            2,
            r"$4.9$ of $16.3$ (in squares: 6% of the squared distance); the other $15.5$ is perpendicular to the "
            r"plane. Random directions in many dimensions are nearly perpendicular to any given direction.",
        ),
    },
    challenges={
        1: Challenge(
            r"With **plain SGD** (no momentum, no Adam), find a learning rate and a width that get at least 97% of "
            r"the training points right within the 300 steps, then press Check.",
            _plain_sgd_reaches_97,
            r"Raise the learning rate far above $0.5$: with width 8, most rates from about $3.5$ to $8$ get there "
            r"(try $\eta = 6$); with width 4 most from about $2.3$ to $5.5$. Near 97% a point or two at the boundary "
            r"comes and goes, so a few rates in those ranges stop at 95 to 96%. Width 2 never gets there (88% at "
            r"best): two tanh units cannot bend the boundary enough.",
        ),
    },
    exercises={
        "hidden_backward": '''
def hidden_backward(X, a, w2, d2):
    """Gradients of the hidden layer's weights and biases (tanh units).

    X: inputs (n, p); a = tanh(X @ W1 + b1): the layer's outputs (n, h); w2: output weights (h,);
    d2: dL/dz2 for each sample (n,), the 1/n of the mean already inside. Return (grad_W1, grad_b1).
    """
    d1 = np.outer(d2, w2) * (1 - a ** 2)     # back through w2, then through tanh's slope
    grad_W1 = X.T @ d1                       # (p, n) @ (n, h): one entry per weight, summed over samples
    grad_b1 = d1.sum(axis=0)                 # a bias sees every sample with input 1
    return grad_W1, grad_b1


gdviz.check_hidden_backward(hidden_backward)
''',
    },
)
