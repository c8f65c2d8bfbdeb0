r"""What a lesson asks: questions, predictions, challenges and code exercises, as frozen records.

The records hold the answers, so the notebooks do not: a visible cell reads ``gdviz.quiz("03", 2)``
and the learner sees only the question. Each wrong option and each typical wrong number carries its
own explanation (the misconception behind it); ``explanation`` is the worked answer.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Choice", "Number", "Prediction", "Challenge", "Lesson"]


@dataclass(frozen=True)
class Choice:
    """A question with one right option; ``feedback`` maps each wrong option to its misconception."""

    question: str
    options: tuple[str, ...]
    answer: int
    explanation: str
    feedback: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Number:
    """A number to type; ``mistakes`` pairs typical wrong numbers with the misconception each shows."""

    question: str
    answer: float
    explanation: str
    mistakes: tuple[tuple[float, str], ...] = ()
    tol: float = 1e-6
    rel_tol: float = 0.0


@dataclass(frozen=True)
class Prediction:
    """A result to predict before the next cell shows it; ``answer`` and ``explanation`` say what happens."""

    question: str
    options: tuple[str, ...]
    answer: int
    explanation: str


@dataclass(frozen=True)
class Challenge:
    """A task set on an explorer: ``check(explorer)`` reads its settings and path and gives
    ``(passed, message)``; ``explanation`` is one way to do it."""

    task: str
    check: Callable[[Any], tuple[bool, str]]
    explanation: str


@dataclass(frozen=True)
class Lesson:
    """Everything one lesson asks, numbered from 1 within each kind; ``exercises`` maps the name of
    each code exercise (its checker ``gdviz.check_<name>``) to its worked solution (Python source).

    ``title`` is the notebook's heading (``# 3 · The learning rate``); ``summary`` its line in the
    lesson map of notebook 00 (Markdown, LaTeX allowed) and ``about`` its row in README's table of
    notebooks (for teachers: what it teaches and the numbers it shows). ``tools/lesson_map.py``
    writes both tables from these, so a new lesson touches its notebook and its bank module only."""

    title: str
    summary: str = ""
    about: str = ""
    quizzes: Mapping[int, Choice | Number] = field(default_factory=dict)
    predictions: Mapping[int, Prediction] = field(default_factory=dict)
    challenges: Mapping[int, Challenge] = field(default_factory=dict)
    exercises: Mapping[str, str] = field(default_factory=dict)

    def checks(self) -> list[str]:
        """The names of every check a learner can pass in this lesson (quizzes, challenges, exercises)."""
        return ([f"quiz {i}" for i in sorted(self.quizzes)]
                + [f"challenge {i}" for i in sorted(self.challenges)]
                + [f"exercise {name}" for name in self.exercises])
