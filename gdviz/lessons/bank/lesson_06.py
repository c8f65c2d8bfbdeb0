"""Lesson 06 (to be written)."""
from ..items import Lesson

LESSON = Lesson(title="")
