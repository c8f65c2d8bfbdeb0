"""Lesson 08 (to be written)."""
from ..items import Lesson

LESSON = Lesson(title="")
