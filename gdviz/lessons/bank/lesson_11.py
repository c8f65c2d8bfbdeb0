"""Lesson 11 · Classification: logistic regression, C = 1/(nλ), validation curves and early stopping."""
import math

import numpy as np

from ..items import Challenge, Choice, Lesson, Number, Prediction


def _no_late_rise(explorer):
    """A 60-epoch run whose validation loss ends within 5 % of its best, and a best below 0.055."""
    s, curves = explorer.settings, explorer.scene.curves
    if s["epochs"] < 60:
        return False, f"the run has {s['epochs']} epochs: set epochs to 60 first (overfitting needs time to show)."
    loss = curves["validation_loss"]
    if explorer.path.status == "diverged" or not np.all(np.isfinite(loss)):
        return False, "the run diverged: lower the learning rate."
    best, last = float(np.min(loss)), float(loss[-1])
    if best >= 0.055:
        return False, (f"the best validation loss is {best:.4f}: the model is not good enough yet (below 0.055 is "
                       "asked). A larger rate or less penalty trains it further.")
    if last > 1.05 * best:
        return False, (f"the validation loss ends at {last:.4f}, {last / best - 1:.0%} above its best {best:.4f}: "
                       "it is overfitting. Try a smaller rate, larger batches, plain SGD or some penalty.")
    return True, (f"the validation loss ends at {last:.4f}, within {last / best - 1:.1%} of its best {best:.4f}: "
                  "this run is still improving, or has settled, at epoch 60.")


LESSON = Lesson(
    title="Classification: logistic regression on real data",
    summary=("The sigmoid neuron with thirty inputs on breast-cancer data: cross-entropy with a penalty, "
             "scikit-learn's `C`, mini-batches and Adam, a validation set, overfitting and early stopping."),
    about=("Lesson 5's cross-entropy neuron grown to 30 features on scikit-learn's breast-cancer data "
           "(Street, Wolberg and Mangasarian 1993), split 455/114 with a seed and standardized with the "
           "training set's numbers; the penalized minimum by Newton's method equal to `LogisticRegression(C ="
           " 1/(nλ))` to 10⁻⁶; mini-batch SGD and Adam from gdviz end about 10⁻⁴ above it; training and "
           "validation curves over 300 epochs (the validation loss turns up after epoch 73), early stopping "
           "with patience 20, accuracy and why the loss is the finer measure; an explorer of rule, rate, "
           "batch size and λ with the early-stopping epoch marked; you write one penalized logistic step."),
    quizzes={
        1: Number(
            r"A data set of $n = 1000$ training samples, and you want our penalty $\lambda = 0.002$ (with the mean "
            r"loss). Which `C` do you give scikit-learn's `LogisticRegression`?",
            0.5,
            r"$C = 1/(n\lambda) = 1/(1000 \cdot 0.002) = 0.5$: scikit-learn sums the sample losses and puts $C$ on them; "
            r"dividing its objective by $nC$ gives our mean loss plus $\frac{1}{2nC}\lVert w\rVert^2$.",
            mistakes=((2.0, "that is nλ; C is one over it."),
                      (500.0, "that is 1/λ: the sum over n samples needs the n too, C = 1/(nλ)."),
                      (0.002, "C is not λ: a larger C means a weaker penalty, C = 1/(nλ)."),
                      (1.0, "1 is scikit-learn's default, not the C that matches λ = 0.002 here.")),
            tol=1e-9,
        ),
        2: Choice(
            "You standardize the training features. Which means and spreads do you use to standardize the "
            "validation set?",
            ("The training set's", "The validation set's own", "Those of all the data, both sets together",
             "None: the validation set stays in raw units"),
            0,
            r"The model's weights were fitted to features scaled with the training set's numbers, so new data must be "
            r"scaled the same way, with nothing learned from the validation set: `gdviz.standardize(X_val, like=X_train)`.",
            feedback={1: "then the same raw value means different things in the two sets, and with a single new patient "
                         "there would be no spread to compute at all.",
                      2: "then the validation set has helped choose numbers of the model: it is no longer unseen data.",
                      3: "the weights expect standardized inputs; raw ones would be off by factors up to thousands."},
        ),
        3: Number(
            r"One sample $x = (2, -1)$ with label $y = 1$, weights $w = (0.5, 0.5)$, $b = 0$, no penalty. What is this "
            r"sample's $\partial L/\partial w_1 = (p - y)\,x_1$? (3 decimals)",
            (1 / (1 + math.exp(-0.5)) - 1) * 2,
            r"$z = 0.5 \cdot 2 + 0.5 \cdot (-1) = 0.5$, $p = \sigma(0.5) = 0.6225$, so $(p - y)\,x_1 = -0.3775 \cdot 2 "
            r"= -0.755$: negative, so a step increases $w_1$ and raises $p$ towards the label 1.",
            mistakes=(((1 / (1 + math.exp(-0.5)) - 1) * 2 * 0.6225 * 0.3775, "the factor p(1 − p) belongs to squared "
                       "error; with the cross-entropy it cancels."),
                      (-(1 / (1 + math.exp(-0.5)) - 1) * 2, "the sign: it is (p − y) x₁, and p < y here."),
                      (1 / (1 + math.exp(-0.5)) - 1, "you left out x₁ = 2.")),
            tol=2e-3,
        ),
        4: Choice(
            "With early stopping, which weights does the model end with?",
            ("Those of the epoch with the lowest validation loss", "Those of the last epoch trained",
             "Those of the epoch with the lowest training loss", "The average of all epochs' weights"),
            0,
            "Training goes on a few epochs past the best one (the patience) to be sure it was the best, then returns the "
            "weights saved at the epoch where the validation loss was lowest.",
            feedback={1: "the last epochs are the ones past the best, where the model had started to overfit.",
                      2: "the training loss keeps falling while the model overfits: it would pick the last epoch.",
                      3: "averaging weights is another technique (Polyak averaging), not early stopping."},
        ),
    },
    predictions={
        1: Prediction(
            r"Mini-batch SGD and Adam each run 50 epochs (batches of 32) on the penalized loss, whose exact minimum we "
            r"know. How close to it do they end?",
            ("Exactly on it, to the last digit", "Within about 1e-4 of its loss, but not on it: they keep jittering",
             "Far from it: mini-batches cannot find a minimum"),
            1,
            r"SGD ends $9.9 \times 10^{-5}$ and Adam $7.2 \times 10^{-5}$ above the minimum's loss. Each step follows a "
            r"noisy gradient, so at a fixed rate the weights hover around the minimum instead of settling on it.",
        ),
        2: Prediction(
            r"Without a penalty, Adam trains for 300 epochs while the training loss keeps falling. What does the "
            r"validation loss do?",
            ("It keeps falling too, just more slowly", "It falls, bottoms out, and then rises",
             "It rises from the start", "It stays flat"),
            1,
            r"It is lowest at epoch 73 (0.0497) and rises to 0.0768 by epoch 300, while the training loss goes on down: "
            r"the model starts fitting quirks of the training samples.",
        ),
    },
    challenges={
        1: Challenge(
            r"Keep 60 epochs. Choose the rule, learning rate, batch size and penalty so that the validation loss at "
            r"epoch 60 is at most 5 % above its best, and the best is below 0.055. Press Check.",
            _no_late_rise,
            r"Plain SGD with $\eta = 1$ and batches of 64 ends at 0.0497, within 0.1 % of its best: its "
            r"validation loss has not turned up by epoch 60. SGD at $\eta = 2$ with full batches passes too (0.0549).",
        ),
    },
    exercises={
        "logistic_step": '''
def logistic_step(w, b, X, y, lr, lam):
    """One gradient step on the mean cross-entropy plus (lam/2)*||w||^2; returns (new w, new b)."""
    p = 1 / (1 + np.exp(-(X @ w + b)))          # the probabilities, one per sample
    grad_w = X.T @ (p - y) / len(y) + lam * w    # the data's mean gradient plus the penalty's
    grad_b = np.mean(p - y)                      # the intercept is not penalized
    return w - lr * grad_w, b - lr * grad_b


gdviz.check_logistic_step(logistic_step)
''',
    },
)
