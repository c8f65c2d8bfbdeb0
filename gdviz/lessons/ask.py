r"""The lesson's questions as widgets: ``quiz``, ``predict`` and ``challenge``, read from the bank.

A visible cell reads ``gdviz.quiz("03", 2)``: the question, its options and its answer live in
:mod:`gdviz.lessons.bank`, so a learner reading the notebook top to bottom sees only the question.
"""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..accessibility import alert_html, style_sheet
from ..core import constraints
from ..plaintext import plain
from . import session
from .bank import lesson as find
from .items import Choice
from .widgets import Exercise, TextFallback, check_row, choice, numeric, verdict_html

__all__ = ["quiz", "predict", "challenge", "Predict", "ChallengeCheck"]


def _item(kind: str, lesson: str, number: int, table: dict) -> Any:
    if not constraints.Choice(*table).accepts(number):
        raise ValueError(f"lesson {lesson} has {kind} {sorted(table)}. Got {number!r} instead.")
    return table[number]


def quiz(lesson: str, number: int) -> Exercise:
    r"""Question ``number`` of ``lesson`` ("00", "01", ...: see gdviz.lessons.bank.LESSONS) with a Check button.

    Each wrong option or typical wrong number gets its own explanation; after two wrong tries the
    worked answer; a right answer counts in :func:`gdviz.progress`.

    Parameters
    ----------
    lesson : str
        The lesson's two digits ("03"), one of gdviz.lessons.bank.LESSONS.
    number : int
        The question's number in that lesson, from 1.

    Returns
    -------
    Exercise
        The question with its Check button (``check(response)`` and ``submit()`` without a front-end).

    Raises
    ------
    ValueError
        For a lesson or a question number the bank does not have.

    Examples
    --------
    >>> q = quiz("02", 1)
    >>> q.check("5.88")[1].startswith("Not quite: 5.88 is not it. You added the step")
    True
    >>> q.check("1.08")[0]
    True
    """
    item = _item("quizzes", lesson, number, find(lesson).quizzes)
    done = lambda: session.record(lesson, f"quiz {number}")  # noqa: E731
    if isinstance(item, Choice):
        return choice(item.question, list(item.options), item.answer, explanation=item.explanation,
                      feedback=item.feedback, on_correct=done)
    return numeric(item.question, item.answer, tol=item.tol, rel_tol=item.rel_tol,
                   explanation=item.explanation, mistakes=list(item.mistakes), on_correct=done)


class Predict(TextFallback, widgets.VBox):
    """A prediction to lock in before the next cell shows what happens."""

    def __init__(self, question: str, options: tuple[str, ...]) -> None:
        self.question, self.options, self.locked = question, options, None
        labels = [plain(option) for option in options]
        self.control = widgets.RadioButtons(options=list(zip(labels, range(len(labels)))), value=None,
                                            layout=widgets.Layout(width="max-content"))
        self.button = widgets.Button(description="Lock in my prediction", icon="lock",
                                     button_style="primary", layout=widgets.Layout(width="auto"))
        self.feedback = widgets.HTMLMath(value="")
        self.button.add_class("gdviz-lock")
        self.feedback.add_class("gdviz-feedback")
        self.button.on_click(lambda _: self.lock())
        super().__init__([widgets.HTMLMath(value=f"<b>Predict first.</b> {question}"), self.control,
                          widgets.HBox([self.button, self.feedback]), style_sheet()])
        self.add_class("gdviz-predict")

    def lock(self) -> str:
        """Lock in the chosen option (or ask for one); returns the message shown."""
        if self.control.value is None:
            message = "Pick what you expect, then lock it in."
        else:
            self.locked = self.control.value
            self.control.disabled = self.button.disabled = True
            message = (f"Locked in: <i>{plain(self.options[self.locked])}</i>. Now run the next "
                       "cell and compare.")
        self.feedback.value = alert_html(message)
        return message

    def __repr__(self) -> str:
        lines = [f"Predict first: {plain(self.question)}",
                 *(f"  {chr(65 + i)}) {plain(x)}" for i, x in enumerate(self.options))]
        return "\n".join(lines) + "\n(run the notebook to lock in your prediction)"


def predict(lesson: str, number: int) -> Predict:
    """Prediction ``number`` of ``lesson``: pick, lock in, then run the next cell.

    Parameters
    ----------
    lesson : str
        The lesson's two digits ("03"), one of gdviz.lessons.bank.LESSONS.
    number : int
        The prediction's number in that lesson, from 1.

    Returns
    -------
    Predict
        The options and a "Lock in my prediction" button (``lock()`` without a front-end).

    Examples
    --------
    >>> p = predict("03", 1)
    >>> p.lock()
    'Pick what you expect, then lock it in.'
    """
    item = _item("predictions", lesson, number, find(lesson).predictions)
    return Predict(item.question, item.options)


class ChallengeCheck(TextFallback, widgets.VBox):
    """A task on an explorer and a Check button that reads the explorer's current settings and path."""

    def __init__(self, lesson: str, number: int, explorer: Any) -> None:
        self.item = _item("challenges", lesson, number, find(lesson).challenges)
        self.lesson, self.number, self.explorer, self.attempts = lesson, number, explorer, 0
        self.button, self.feedback = check_row(self.submit)
        super().__init__([widgets.HTMLMath(value=f"<b>Challenge.</b> {self.item.task}"),
                          widgets.HBox([self.button, self.feedback]), style_sheet()])
        self.add_class("gdviz-challenge")

    def submit(self) -> tuple[bool, str]:
        """Read the explorer now and say whether the task is done (and, if not, what is off)."""
        correct, message = self.item.check(self.explorer)
        self.attempts += not correct
        if correct:
            session.record(self.lesson, f"challenge {self.number}")
        elif self.attempts >= 2:
            message += f" One way to do it: {self.item.explanation}"
        self.feedback.value = verdict_html(correct, message)
        return correct, message

    def __repr__(self) -> str:
        return f"Challenge: {plain(self.item.task)}\n(run the notebook, use the explorer above, then press Check)"


def challenge(lesson: str, number: int, explorer: Any) -> ChallengeCheck:
    """Challenge ``number`` of ``lesson``, checked against ``explorer`` (read when Check is pressed).

    Parameters
    ----------
    lesson : str
        The lesson's two digits ("03"), one of gdviz.lessons.bank.LESSONS.
    number : int
        The challenge's number in that lesson, from 1.
    explorer : Explorer
        The explorer the task is set on; only its ``settings`` and ``path`` are read.

    Returns
    -------
    ChallengeCheck
        The task and a Check button (``submit()`` without a front-end).

    Raises
    ------
    TypeError
        If ``explorer`` has no ``settings`` and ``path``.

    Examples
    --------
    >>> import gdviz
    >>> ex = gdviz.explore_lr_1d()
    >>> task = challenge("03", 1, ex)
    >>> ex.controls["lr"].value = 0.7
    >>> task.submit()[0]
    True
    """
    if not (hasattr(explorer, "settings") and hasattr(explorer, "path")):
        raise TypeError(f"explorer must be a gdviz explorer (with settings and path). Got {explorer!r}.")
    return ChallengeCheck(lesson, number, explorer)
