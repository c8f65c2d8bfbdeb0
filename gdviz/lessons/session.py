"""Which checks a learner has passed in this session: kept in the kernel only, nothing written to disk.

``record(lesson, check)`` is called by the quizzes, challenges and code checkers when they find an
answer right; ``progress(lesson)`` is a line that counts them and updates itself as checks pass.
"""
from __future__ import annotations

import weakref

import ipywidgets as widgets

from ..exercises import _TextFallback

__all__ = ["record", "passed", "reset", "progress", "Progress"]

_PASSED: dict[str, set[str]] = {}
_WATCHERS: "weakref.WeakSet[Progress]" = weakref.WeakSet()


def record(lesson: str, check: str) -> None:
    """Note that ``check`` (e.g. ``"quiz 2"``) of ``lesson`` (e.g. ``"03"``) was passed."""
    _PASSED.setdefault(lesson, set()).add(check)
    for watcher in list(_WATCHERS):
        if watcher.lesson == lesson:
            watcher.refresh()


def passed(lesson: str) -> set[str]:
    """The checks of ``lesson`` passed so far in this session."""
    return set(_PASSED.get(lesson, ()))


def reset() -> None:
    """Forget every passed check and every failed attempt (a fresh session)."""
    from .checkers import _FAILED

    _PASSED.clear()
    _FAILED.clear()
    for watcher in list(_WATCHERS):
        watcher.refresh()


class Progress(_TextFallback, widgets.HTML):
    """One line: how many of a lesson's checks were passed in this session, and which are left."""

    def __init__(self, lesson: str) -> None:
        from .bank import lesson as find

        self.lesson, self.checks = lesson, find(lesson).checks()
        super().__init__()
        self.add_class("gdviz-progress")
        self.refresh()
        _WATCHERS.add(self)

    def summary(self) -> str:
        """The sentence shown, e.g. "Lesson 03: 2 of 5 checks passed in this session ..."."""
        done = passed(self.lesson) & set(self.checks)
        left = [c for c in self.checks if c not in done]
        total = len(self.checks)
        head = f"Lesson {self.lesson}: {len(done)} of {total} checks passed in this session"
        if not left:
            return f"{head}. All done!"
        return f"{head}; still to do: {', '.join(left)}."

    def refresh(self) -> None:
        done = len(passed(self.lesson) & set(self.checks))
        colour = "#009E73" if done == len(self.checks) else "#0072B2"
        self.value = f'<b style="color:{colour}">◼</b> {self.summary()}'

    def __repr__(self) -> str:
        return f"{self.summary()} (Run the notebook and answer them to count.)"


def progress(lesson: str) -> Progress:
    """The progress line of ``lesson`` ("00", "01", ...: see gdviz.lessons.bank.LESSONS); it updates itself as checks are passed.

    Only this kernel keeps the count (nothing is written to disk): a fresh kernel starts at 0.

    Parameters
    ----------
    lesson : str
        The lesson's two digits ("03"), one of gdviz.lessons.bank.LESSONS.

    Returns
    -------
    Progress
        An HTML line; ``summary()`` gives its sentence.

    Examples
    --------
    >>> reset()
    >>> progress("02").summary().startswith("Lesson 02: 0 of ")
    True
    """
    return Progress(lesson)
