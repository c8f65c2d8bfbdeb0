"""The question bank: one module per lesson (``lesson_03`` for notebook 03), each a :class:`Lesson`.

The answers live here, not in the notebooks; :mod:`gdviz.lessons.answers` writes each question's
collapsed answer (``<details>``) into the notebook for readers without a kernel.
"""
from __future__ import annotations

import pkgutil
import re
from importlib import import_module

from ...core.constraints import Choice
from ..items import Lesson

__all__ = ["LESSONS", "find_lessons", "lesson"]


def find_lessons(folders=None) -> tuple[str, ...]:
    """The two digits of every ``lesson_NN`` module in ``folders`` (the bank's own by default), in order.

    >>> find_lessons()[:3]
    ('00', '01', '02')
    """
    found = (re.fullmatch(r"lesson_(\d\d)", module.name) for module in pkgutil.iter_modules(folders or __path__))
    return tuple(sorted(match.group(1) for match in found if match))


#: Every lesson's two digits, found from the ``lesson_NN`` modules present (a new lesson needs no count).
LESSONS = find_lessons()


def lesson(key: str) -> Lesson:
    """The :class:`Lesson` of notebook ``key`` (its two digits, "00" to the last lesson's)."""
    Choice(*LESSONS).check(key, "lesson")
    return import_module(f"{__name__}.lesson_{key}").LESSON
