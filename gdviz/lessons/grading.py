r"""What an nbgrader assignment's cells call: the learner's id, their question, and the graded checks.

An assignment made by :mod:`gdviz.lessons.course` calls these in its cells. ``require`` grades a code exercise
with the lessons' own checker (its hidden cases, its named mistakes, its time limit) and ``require_number`` a
numeric question drawn for the learner (:mod:`gdviz.lessons.variants`); both raise :class:`NotYet` (an
``AssertionError``, which nbgrader counts as a failed test) whose text is the checker's message followed by the
named misconception on its own line, ``(misconception: the sign)``, which the class report counts
(:mod:`gdviz.lessons.report`). Neither records progress nor counts tries, unlike the lessons' ``check_*``.

Examples
--------
>>> require("step", lambda w, lr: w - lr * 2 * w).passed
True
>>> try:
...     require("step", lambda w, lr: w + lr * 2 * w)
... except NotYet as error:
...     print(str(error).splitlines()[-1])
(misconception: the sign)
>>> require_number("02", 1, 1.08).passed                    # no learner: the bank's own numbers
True
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import checkers, variants
from ..core.constraints import FINITE, Choice
from .answer_text import within
from .checkers import Verdict

__all__ = ["NotYet", "Question", "learner", "ask", "check", "require", "require_number", "is_number",
           "MISCONCEPTION"]

#: The last line of a failed test's message: the named misconception (``report`` reads it back).
MISCONCEPTION = re.compile(r"^\(misconception: (?P<name>.+)\)$", re.MULTILINE)


class NotYet(AssertionError):
    """A graded check that did not pass: the checker's message, then ``(misconception: ...)`` when it named one."""


def learner(default: str = "") -> str:
    """Whose numbers this notebook asks: while nbgrader autogrades it, the student the submission is graded for
    (its folder, ``autograded/<student>/<assignment>``: a learner cannot change it); else ``default`` (the id the
    instructor's per-learner release wrote in); else the hub's user (``JUPYTERHUB_USER``); else ``""``, the bank's
    own numbers."""
    if not isinstance(default, str):
        raise TypeError(f"default must be a learner's id (a string). Got {default!r} instead.")
    here = Path.cwd()
    if os.environ.get("NBGRADER_EXECUTION") == "autograde" and here.parent.parent.name == "autograded":
        return here.parent.name
    return default or os.environ.get("JUPYTERHUB_USER", "")


@dataclass(frozen=True)
class Question:
    """A numeric question as the notebook shows it (Markdown, LaTeX included)."""

    text: str

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


def ask(lesson: str, number: int, seed: str = "") -> Question:
    """Question ``number`` of ``lesson`` with the numbers drawn for ``seed`` (a learner's id).

    >>> ask("03", 4).text
    'And above which learning rate does descent on $L(w) = 3w^2$ diverge? (3 decimals)'
    """
    return Question(variants.draw(lesson, number, seed or None).question)


def check(name: str, fn: Callable) -> Verdict:
    """The verdict of exercise ``name``'s checker (``check_<name>`` in the lessons) on ``fn``, nothing recorded."""
    Choice(*checkers.EXERCISES).check(name, "name")
    if not callable(fn):
        raise TypeError(f"pass your function itself, e.g. check({name!r}, {name}). Got {fn!r} instead.")
    return checkers.judge(checkers.EXERCISES[name], fn)


def require(name: str, fn: Callable) -> Verdict:
    """``check(name, fn)``, raising :class:`NotYet` unless it passed: the graded test of a code exercise."""
    verdict = check(name, fn)
    if not verdict.passed:
        raise NotYet(verdict.message + (f"\n(misconception: {verdict.mistake})" if verdict.mistake else ""))
    return verdict


def is_number(value: object) -> bool:
    """Whether ``value`` is a finite real number (the visible test of a numeric answer); ``NotYet`` saying what
    to write if not."""
    if not FINITE.accepts(value):
        raise NotYet(f"Not yet: the answer should be one finite number, like 0.25 or 3/8. Got {value!r}.")
    return True


def require_number(lesson: str, number: int, value: object, seed: str = "") -> Verdict:
    """Grade ``value`` as the answer to question ``number`` of ``lesson`` drawn for ``seed``; :class:`NotYet`
    naming the misconception when the value is one of the question's typical wrong numbers."""
    is_number(value)
    item = variants.draw(lesson, number, seed or None)
    near = lambda target: within(float(value), target, item.tol, item.rel_tol)  # noqa: E731
    if near(item.answer):
        return Verdict(f"{lesson}.{number}", True, f"Right: {float(value):.10g}.")
    told = next((text for target, text in item.mistakes if near(target)), None)
    if told is None:
        raise NotYet(f"Not yet: {float(value):.10g} is not the answer.")
    raise NotYet(f"Not yet: {float(value):.10g} is not the answer: {told}\n"
                 f"(misconception: {variants.named(lesson, number, float(value), seed or None)})")
