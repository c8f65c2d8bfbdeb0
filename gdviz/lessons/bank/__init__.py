"""The question bank: one module per lesson (``lesson_03`` for notebook 03), each a :class:`Lesson`.

The answers live here, not in the notebooks; :mod:`gdviz.lessons.answers` writes each question's
collapsed answer (``<details>``) into the notebook for readers without a kernel.
"""
from __future__ import annotations

import pkgutil
from importlib import import_module

from ..items import Lesson

__all__ = ["LESSONS", "lesson"]

#: Every lesson with a module here (``lesson_03`` -> ``"03"``), in order; the numbers need not be consecutive.
LESSONS = tuple(sorted(m.name.removeprefix("lesson_") for m in pkgutil.iter_modules(__path__)
                       if m.name.startswith("lesson_")))


def lesson(key: str) -> Lesson:
    """The :class:`Lesson` of notebook ``key`` ("00", "01", ..., as in :data:`LESSONS`)."""
    if key not in LESSONS:
        raise ValueError(f"lesson must be one of {', '.join(LESSONS)} (a string). Got {key!r} instead.")
    return import_module(f"{__name__}.lesson_{key}").LESSON
