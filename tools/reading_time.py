r"""How long a lesson takes to read, measured from its words and cells.

    python tools/reading_time.py notebooks/*.ipynb

The estimate counts the prose of the main line (markdown outside collapsed ``<details>`` blocks: the
answers, worked solutions and "going deeper" asides are extra) at ``WORDS_PER_MINUTE`` and gives every
code cell ``CODE_CELL_MINUTES`` to read, run and look at its output. Time to play with the explorers and to
answer the questions comes on top. Each lesson states the estimate in its opening cell ("about N minutes
to read"), and ``tests/test_reading_time.py`` checks that the two agree.
"""
from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

#: A steady reading pace for explanatory prose with formulas.
WORDS_PER_MINUTE = 200
#: Reading a short code cell, running it and looking at what it prints or draws.
CODE_CELL_MINUTES = 0.5
#: The sentence each lesson carries in its first cell.
STATED = re.compile(r"[Aa]bout (\d+) minutes to read")


def main_line(markdown: str) -> str:
    """``markdown`` without its collapsed ``<details>`` blocks and HTML tags."""
    text = re.sub(r"<details>.*?</details>", " ", markdown, flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


def words(markdown: str) -> int:
    """The words of the main line (a formula counts by its spaces, a table by its cells' words)."""
    return len(re.findall(r"[^\s|*#`$\\-]\S*", main_line(markdown)))


def estimate(path: str | Path) -> dict[str, float]:
    """``{"words", "code_cells", "minutes"}`` of the notebook at ``path``; minutes rounded up to whole."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    prose = sum(words("".join(c["source"])) for c in cells if c["cell_type"] == "markdown")
    code = sum(1 for c in cells if c["cell_type"] == "code")
    minutes = prose / WORDS_PER_MINUTE + code * CODE_CELL_MINUTES
    return {"words": prose, "code_cells": code, "minutes": float(math.ceil(minutes))}


def stated(path: str | Path) -> int | None:
    """The reading time the lesson's first cell states, in minutes (``None`` if it states none)."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    found = STATED.search("".join(cells[0]["source"])) if cells else None
    return int(found[1]) if found else None


if __name__ == "__main__":
    for name in sys.argv[1:]:
        e = estimate(name)
        print(f"{name}: {e['words']} words, {e['code_cells']} code cells: about {e['minutes']:.0f} minutes "
              f"(stated: {stated(name)})")
