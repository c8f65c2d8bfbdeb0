"""Lesson 10 · Linear regression on real data: the normal equations, κ before and after standardizing."""
import numpy as np

from ..items import Challenge, Choice, Lesson, Number, Prediction


def _near_the_limit(explorer):
    """In raw units, a learning rate within 20 % below the largest stable rate 2/λmax."""
    s, path = explorer.settings, explorer.path
    if s["standardize"]:
        return False, "the toggle is on standardized: switch it back to raw units for this task."
    objective = explorer.scene.objective
    limit = 2.0 / float(np.linalg.eigvalsh(objective.hessian)[-1])
    lr = float(path.lr)
    if path.status == "diverged":
        return False, f"η = {lr:.3g} diverges: it is above the limit. Come down slowly."
    if lr >= 0.8 * limit:
        return True, (f"η = {lr:.3g} is {lr / limit:.0%} of the limit 2/λmax = {limit:.3g}, and still "
                      "the path crawls along the valley floor: the safe rate is set by the steep "
                      "direction, the progress by the flat one.")
    return False, f"η = {lr:.3g} is stable but only {lr / limit:.0%} of the limit: go higher, step by step."


LESSON = Lesson(
    title="Linear regression on real data",
    summary=("A real data set (diabetes, 442 patients): the mean squared error, the normal equations, and why"
             r" features in raw units make $\kappa$ fifty million and descent crawl while standardized ones "
             "make it 470."),
    about=("Linear regression on scikit-learn's diabetes data (442 patients, 10 features, Efron et al. 2004):"
           " half the mean squared error and its gradient, the normal equations checked against numpy's "
           "`lstsq` and `LinearRegression`; κ of the Hessian XᵀX/n measured in raw units (5.2 × 10⁷, largest "
           "stable rate 2.7 × 10⁻⁵) and standardized (470, rate 0.50: correlated cholesterol features keep it"
           " above 1); steps to a 10⁻⁶ loss gap, 1313 measured against 180 million from the eigenvalues; an "
           "explorer with a standardize toggle (one feature's contours stretched and round); our SGD equal to"
           " `SGDRegressor` under stated settings; you write one gradient step on a data matrix."),
    quizzes={
        1: Number(
            r"After standardizing some other data set, the Hessian $X^T X/n$ has largest eigenvalue "
            r"$\lambda_{\max} = 8$. What is the largest learning rate at which plain descent does not diverge?",
            0.25,
            r"Along the steepest direction each step multiplies the error by $1 - \eta\lambda_{\max}$; it shrinks "
            r"only while $|1 - 8\eta| < 1$, so $\eta < 2/8 = 0.25$ (at exactly $0.25$ it bounces forever).",
            mistakes=((0.125, "that is 1/λmax, the rate that wipes out the steep direction in one step; "
                              "stable goes up to twice that."),
                      (16.0, "that is 2·λmax: the limit is 2 divided by the curvature."),
                      (4.0, "that is λmax/2: the limit is 2/λmax.")),
            tol=1e-9,
        ),
        2: Choice(
            r"Standardizing the ten diabetes features brought $\kappa$ from about 52 million down to 470, not to 1. "
            r"Why not to 1?",
            ("Some features are strongly correlated (s1 and s2: 0.90), and scaling cannot undo a correlation",
             "The intercept column of ones was not standardized",
             "The features still have different units",
             "Rounding errors in the eigenvalues"),
            0,
            r"Standardized, $X^\top X/n$ is the features' correlation matrix (with the intercept's 1 apart), and "
            r"correlated features make it elongated along their difference: s1 and s2 move together, so the data "
            r"barely tell their weights apart. Its $\kappa$ is exactly 470.",
            feedback={1: "with centred features the intercept separates from the weights: its eigenvalue is "
                         "exactly 1, between λmin and λmax, so it changes nothing.",
                      2: "after standardizing every feature has spread 1 and no units: that part is fixed.",
                      3: "the eigenvalues agree to many digits with another method; 470 is real."},
        ),
        3: Number(
            r"Two centred features, uncorrelated, with standard deviations $1$ and $30$ (no intercept). Their "
            r"Hessian $X^T X/n$ is $\mathrm{diag}(1, 900)$. What is its condition number $\kappa$?",
            900.0,
            r"$\kappa = \lambda_{\max}/\lambda_{\min} = 900/1$: the variances, not the standard deviations, are "
            r"the eigenvalues, so a spread 30 times larger makes $\kappa$ 900 times larger.",
            mistakes=((30.0, "that is the ratio of the standard deviations; the Hessian holds their squares."),
                      (1 / 900, "that is λmin/λmax; κ is the largest over the smallest.")),
            tol=1e-9,
        ),
        4: Choice(
            r"A colleague standardizes the target $y$ as well as the features. What happens to $\kappa$?",
            (r"Nothing: the Hessian $X^\top X/n$ does not involve $y$", "It drops further, to about 1",
             "It grows", "It becomes undefined"),
            0,
            r"The Hessian of $\frac{1}{2n}\lVert X\theta - y\rVert^2$ is $X^\top X/n$: $y$ moves the minimum but "
            r"not the shape of the bowl, so the number of steps stays the same (the losses are just in other units).",
            feedback={1: "the curvature comes from X alone; y only shifts where the bottom is.",
                      2: "scaling y scales the loss and the gradient, not the Hessian's eigenvalues' ratio.",
                      3: "the Hessian and its eigenvalues do not depend on y at all."},
        ),
    },
    predictions={
        1: Prediction(
            r"In raw units $\kappa \approx 5.2 \times 10^7$. Standardize every feature (mean 0, spread 1). "
            r"What will $\kappa$ be?",
            ("About the same: the model is the same", "About 10 times smaller",
             "About 100,000 times smaller, but not 1", "Exactly 1"),
            2,
            r"$\kappa$ falls to $470$, about $111{,}000$ times smaller. Not 1: correlated features (s1, s2, s3, s4 "
            r"are all cholesterol measurements) keep the bowl elongated.",
        ),
        2: Prediction(
            r"Standardized, descent at its best fixed rate reaches the tolerance in 1313 steps. In raw units, at "
            r"its own best rate, about how many steps will it need?",
            ("About the same, 1313", "About 10 times more", "More than 100,000 times more: some 180 million"),
            2,
            r"Steps grow in proportion to $\kappa$: $179{,}559{,}327$ steps in raw units, about $137{,}000$ times "
            r"more (hours of computing instead of half a second).",
        ),
    },
    challenges={
        1: Challenge(
            r"In raw units, find a learning rate within 20 % below the largest stable one, $2/\lambda_{\max}$ "
            r"(the readout gives it), without diverging, then press Check.",
            _near_the_limit,
            r"The limit for the bmi pair is $2/716.1 = 0.00279$: any $\eta$ between $0.00224$ and $0.00279$ passes. "
            r"Even there the path reaches the valley floor at once and then crawls along it.",
        ),
    },
    exercises={
        "linear_step": '''
def linear_step(w, b, X, y, lr):
    """One gradient step on L = (1/2n) * sum((X @ w + b - y)**2); returns (new w, new b)."""
    r = X @ w + b - y                       # the residuals, one per sample
    grad_w = X.T @ r / len(y)               # the mean of r_i * x_i
    grad_b = r.mean()                       # the mean of r_i
    return w - lr * grad_w, b - lr * grad_b


gdviz.check_linear_step(linear_step)
''',
    },
)
