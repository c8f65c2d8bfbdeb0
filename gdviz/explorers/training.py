r"""The training explorer: a model trained by mini-batches, its training and validation curves, early stopping.

:func:`explore_training` trains a logistic regression on a training set with plain mini-batch
descent or Adam and draws, epoch by epoch, the mean cross-entropy and the accuracy on the
training set and on a held-out validation set. The epoch with the lowest validation loss is
marked: early stopping keeps the weights of that epoch.
"""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np

from ..core.constraints import FINITE_POSITIVE, Choice, Integer
from ..core.loop import optimize
from ..core.models import LogisticRegression
from ..core.records import Path
from ..core.rules import adam, sgd
from ..pictures.style import PALETTE, label_axes
from .controls import batch_sizes_for, batch_toggle, check_range, header, lr_slider
from .explorer import Explorer
from .frames import FigureFrames
from .scenes import DPI, FIGSIZE, quick_log_ticks, shown_lr
from .text import keep, number

__all__ = ["explore_training", "TrainingScene", "epoch_curves"]

#: The update rules the explorer offers, by the label of their button.
RULES = {"SGD": sgd, "Adam": adam}
#: The penalties the explorer offers: λ = 0 and four decades.
PENALTIES = (0.0, 1e-4, 1e-3, 1e-2, 1e-1)


def epoch_curves(path: Path, train: LogisticRegression, validation: LogisticRegression
                 ) -> dict[str, np.ndarray]:
    """Mean cross-entropy and accuracy on both sets at the end of every epoch (epoch 0: the start).

    Returns a dict of arrays of length ``epochs + 1``: ``"epoch"``, ``"train_loss"``,
    ``"validation_loss"``, ``"train_accuracy"``, ``"validation_accuracy"``. The losses leave the
    penalty out: they measure the fit to each set's data.

    Examples
    --------
    >>> import numpy as np, gdviz
    >>> X = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    >>> train = gdviz.logistic_regression(X, [0, 0, 1, 1])
    >>> path = gdviz.optimize(train, (0.0, 0.0), gdviz.sgd(1.0), 4, batch_size=2, seed=0)
    >>> curves = gdviz.epoch_curves(path, train, train)
    >>> curves["epoch"].tolist(), curves["train_accuracy"].tolist()
    ([0.0, 1.0, 2.0], [0.5, 1.0, 1.0])
    """
    per_epoch = max(1, train.n_samples // (path.batch_size or train.n_samples))
    ends = path.params[::per_epoch]
    # one epoch at a time: a product of one row with the data never waits for BLAS threads, which
    # on a busy machine made the product of all the rows at once some ten times slower
    rows = [(np.mean(train.sample_losses(theta)), np.mean(validation.sample_losses(theta)),
             train.accuracy(theta), validation.accuracy(theta)) for theta in ends]
    columns = np.array(rows, dtype=float).reshape(-1, 4).T
    return {"epoch": np.arange(ends.shape[0], dtype=float), "train_loss": columns[0],
            "validation_loss": columns[1], "train_accuracy": columns[2],
            "validation_accuracy": columns[3]}


def _best_epoch(curves: dict[str, np.ndarray]) -> int | None:
    loss = curves["validation_loss"]
    finite = np.isfinite(loss)
    return int(np.argmin(np.where(finite, loss, np.inf))) if finite.any() else None


class TrainingScene:
    """Training and validation curves of a logistic regression, per epoch, with the early-stopping epoch."""

    title = "Training explorer"

    def __init__(self, train: LogisticRegression, validation: LogisticRegression, *, seed: int,
                 max_epochs: int):
        self.train, self.validation, self.seed, self.max_epochs = train, validation, seed, max_epochs
        self.objective = train
        self._models: dict[float, LogisticRegression] = {train.l2: train}
        self.frames = FigureFrames(FIGSIZE, DPI)
        ax_loss, ax_acc = self.frames.figure.subplots(1, 2)
        self.lines = {
            "train_loss": ax_loss.plot([], [], color=PALETTE[0], lw=1.8, label="training")[0],
            "validation_loss": ax_loss.plot([], [], color=PALETTE[1], lw=1.8, label="validation")[0],
            "train_accuracy": ax_acc.plot([], [], color=PALETTE[0], lw=1.8, label="training")[0],
            "validation_accuracy": ax_acc.plot([], [], color=PALETTE[1], lw=1.8, label="validation")[0],
        }
        self.stops = [ax.axvline(0.0, color=PALETTE[2], ls="--", lw=1.2, label="early stop")
                      for ax in (ax_loss, ax_acc)]
        ax_loss.set_yscale("log")
        ax_loss.set_ylim(0.01, 1.0)
        ax_acc.set_ylim(0.8, 1.005)
        for ax in (ax_loss, ax_acc):  # fixed: new limits would redraw the axes for every frame
            ax.set_xlim(0, max_epochs)
        label_axes(ax_loss, "epoch", "cross-entropy")
        label_axes(ax_acc, "epoch", "accuracy")
        quick_log_ticks(ax_loss)
        # a legend of the figure, outside the axes: drawn once with the background (a legend inside
        # axes whose lines move would be drawn again for every frame)
        self.frames.figure.legend(handles=[self.lines["train_loss"], self.lines["validation_loss"], self.stops[0]],
                                  loc="outside upper center", ncols=3, fontsize=8, frameon=False)
        self.views = {"loss": ax_loss, "accuracy": ax_acc}
        self.frames.track()
        self.curves: dict[str, np.ndarray] = {}
        self.header = (f"<b>{self.title}</b>: logistic regression on {train.n_samples} training samples, "
                       f"checked on {validation.n_samples} held-out ones after every epoch. "
                       "The dashed line marks the epoch with the lowest validation loss.")

    def model(self, l2: float) -> LogisticRegression:
        """The training objective with penalty ``l2`` (made once per value)."""
        if l2 not in self._models:
            t = self.train
            self._models[l2] = LogisticRegression(t.X, t.y, fit_intercept=t.fit_intercept,
                                                  feature_names=t.feature_names, l2=l2)
        return self._models[l2]

    def compute(self, settings: dict[str, Any]) -> Path:
        self.objective = self.model(float(settings["l2"]))
        rule = RULES[settings["rule"]](shown_lr(settings["lr"]))
        batch = int(settings["batch_size"])
        steps = int(settings["epochs"]) * max(1, self.objective.n_samples // batch)
        path = optimize(self.objective, np.zeros(self.objective.dim), rule, steps,
                        batch_size=batch, seed=self.seed)
        self.curves = epoch_curves(path, self.objective, self.validation)
        return path

    def show(self, path: Path, step: int) -> None:
        curves = self.curves
        for key, line in self.lines.items():
            line.set_data(curves["epoch"], np.clip(curves[key], 1e-12, None) if "loss" in key else curves[key])
        best = _best_epoch(curves)
        for stop in self.stops:
            stop.set_xdata([best or 0.0] * 2)
            stop.set_visible(best is not None)

    def readout(self, path: Path, step: int) -> str:
        c = self.curves
        best = _best_epoch(c)
        last = len(c["epoch"]) - 1
        lines = [f"<b>{path.optimizer.label}</b>, batches of {path.batch_size}, "
                 f"{keep(f'λ = {number(self.objective.l2, 3)}')}"]
        if path.status == "diverged":
            lines.append(f"<b>diverged</b> after {path.n_steps} steps: lower the learning rate.")
        lines.append(f"after {last} epochs: validation loss {number(c['validation_loss'][-1], 4)}, "
                     f"accuracy {c['validation_accuracy'][-1]:.1%} (training "
                     f"{number(c['train_loss'][-1], 4)}, {c['train_accuracy'][-1]:.1%})")
        if best is not None:
            lines.append(f"<b>early stop</b> at epoch {best}: validation loss "
                         f"{number(c['validation_loss'][best], 4)}, accuracy {c['validation_accuracy'][best]:.1%}")
        return "<br>".join(lines)

    def describe(self, settings: dict[str, Any], path: Path | None) -> str:
        text = (f"{self.title}: train a logistic regression with {settings['rule']} at learning rate "
                f"{shown_lr(settings['lr']):g}, batches of {settings['batch_size']}, penalty λ = "
                f"{settings['l2']:g}, for {settings['epochs']} epochs")
        if path is not None and self.curves:
            best = _best_epoch(self.curves)
            if best is not None:
                text += (f"; the validation loss is lowest at epoch {best} "
                         f"({number(self.curves['validation_loss'][best], 4)}) and ends at "
                         f"{number(self.curves['validation_loss'][-1], 4)}")
        return text + " (needs a live kernel)."


def explore_training(train: LogisticRegression, validation: LogisticRegression, *, rule: str = "Adam",
                     lr: float = 0.2, epochs: int = 60, batch_size: int = 128, l2: float = 0.0,
                     seed: int = 0, lr_range: tuple[float, float] = (1e-3, 3.0),
                     max_epochs: int = 60) -> Explorer:
    r"""Train a logistic regression by mini-batches and watch its training and validation curves.

    Left: the mean cross-entropy on the training set and on the validation set after every
    epoch (log scale); right: the accuracy on both. The dashed line marks the epoch with the
    lowest validation loss, the weights early stopping would keep. Controls: the update rule
    (plain mini-batch descent or Adam), the learning rate, the batch size, the penalty
    :math:`\lambda` and the number of epochs. Every run starts from zero weights with the same
    shuffles (``seed``).

    Parameters
    ----------
    train, validation : LogisticRegression
        The training objective (its penalty is replaced by the slider's) and the held-out set,
        with the same features (``gdviz.logistic_regression``).
    rule : {"SGD", "Adam"}
    lr : float
        Initial learning rate, inside ``lr_range``.
    epochs : int
        Initial number of epochs, from 1 to ``max_epochs``.
    max_epochs : int
        The epochs slider's end. Each redraw trains the model again: 60 epochs take about 40 ms
        with batches of 128 (the default) and twice that with batches of 64, on the lessons' data.
    batch_size : int
        One of 64, 128 or the whole training set.
    l2 : float
        Initial penalty, one of 0, 1e-4, 1e-3, 1e-2, 1e-1.
    seed : int
        Seed of the shuffles.

    Returns
    -------
    Explorer

    Raises
    ------
    ValueError, TypeError
        Naming the argument.

    Examples
    --------
    >>> import numpy as np, gdviz
    >>> X = np.linspace(-2, 2, 40)[:, None]
    >>> y = (X[:, 0] + np.sin(7 * X[:, 0]) > 0).astype(float)
    >>> ex = gdviz.explore_training(gdviz.logistic_regression(X[::2], y[::2]),
    ...                             gdviz.logistic_regression(X[1::2], y[1::2]), epochs=5,
    ...                             batch_size=20)
    >>> ex.path.n_steps, ex.scene.curves["epoch"].tolist()
    (5, [0.0, 1.0, 2.0, 3.0, 4.0, 5.0])
    """
    for name, objective in (("train", train), ("validation", validation)):
        if not isinstance(objective, LogisticRegression):
            raise TypeError(f"{name} must be a logistic regression such as gdviz.logistic_regression(X, y). "
                            f"Got {objective!r} instead.")
    if validation.X.shape[1] != train.X.shape[1] or validation.fit_intercept != train.fit_intercept:
        raise ValueError(f"validation must have the same features as train ({train.X.shape[1]} columns, "
                         f"the same intercept). Got {validation.X.shape[1]} columns.")
    rule = Choice(*RULES).check(rule, "rule")
    lr = FINITE_POSITIVE.check(lr, "lr")
    lr_range = check_range(lr_range, lr)
    max_epochs = Integer(1).check(max_epochs, "max_epochs")
    epochs = Integer(1).check(epochs, "epochs")
    if epochs > max_epochs:
        raise ValueError(f"epochs must be between 1 and max_epochs ({max_epochs}). Got {epochs} instead.")
    seed = Integer(0).check(seed, "seed")
    n = train.n_samples
    sizes = batch_sizes_for([b for b in (64, 128) if b < n] + [n], n)
    batch_size = Choice(*sizes).check(batch_size, "batch_size")
    l2 = Choice(*PENALTIES).check(l2, "l2")
    scene = TrainingScene(train, validation, seed=seed, max_epochs=max_epochs)
    style = {"description_width": "initial"}
    controls: dict[str, widgets.Widget] = {
        "rule": widgets.ToggleButtons(options=list(RULES), value=rule, description="rule", style=style),
        "lr": lr_slider(lr, lr_range),
        "batch_size": batch_toggle(sizes, n),
        "l2": widgets.SelectionSlider(options=[(f"{p:g}", p) for p in PENALTIES], value=float(l2),
                                      description="penalty λ", style=style),
        "epochs": widgets.IntSlider(value=epochs, min=1, max=max_epochs, description="epochs",
                                    style=style, layout=widgets.Layout(width="340px")),
    }
    controls["batch_size"].value = batch_size
    controls["rule"].add_class("gdviz-rule")
    controls["l2"].add_class("gdviz-l2")
    controls["epochs"].add_class("gdviz-epochs")
    rows = [widgets.HBox([controls["rule"], controls["lr"]], layout=widgets.Layout(flex_flow="row wrap")),
            controls["batch_size"],
            widgets.HBox([controls["l2"], controls["epochs"]], layout=widgets.Layout(flex_flow="row wrap"))]
    return Explorer(scene, controls, rows=rows, header=header(scene.header))
