r"""The two tables of lessons, written from the lessons themselves: README's and notebook 00's map.

    python tools/lesson_map.py           # rewrite both from notebooks/*.ipynb and the question bank
    python tools/lesson_map.py --check   # only say whether they are up to date (exit status 1 if not)

A lesson is a notebook ``notebooks/NN_name.ipynb`` and a bank module ``gdviz/lessons/bank/lesson_NN.py``;
its :class:`~gdviz.lessons.items.Lesson` gives the ``title`` (the notebook's heading, ``# 3 · The learning
rate``), the ``summary`` (its row in notebook 00's map, for learners) and ``about`` (its row in README's
table of notebooks, for teachers); the reading time comes from the notebook's first cell
(``tools/reading_time.py``). Nothing counts or lists the lessons by hand: adding lesson 13 is its notebook
and its bank module, then this command (``tests/test_lesson_map.py`` fails until the tables are redrawn).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from pathlib import Path
from typing import Any, NamedTuple

import nbformat

ROOT = Path(__file__).resolve().parents[1]
README_HEADER = "| notebook | what it teaches |"
MAP_HEADER = "| Notebook | What it teaches |"
#: The sentence under notebook 00's map that gives the lessons' range of reading times.
MINUTES = re.compile(r"\((\d+) to (\d+) minutes\)")

_spec = importlib.util.spec_from_file_location("reading_time", Path(__file__).with_name("reading_time.py"))
reading_time = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reading_time)


class Entry(NamedTuple):
    """One lesson: its two digits, notebook, title, the two summaries and its stated reading time."""

    key: str
    path: Path
    title: str
    summary: str
    about: str
    minutes: int | None


def entries(folder: Path = ROOT / "notebooks", bank: Any = None) -> list[Entry]:
    """Every lesson in ``folder``, with what its bank module says of it (``bank``: gdviz.lessons.bank).

    Raises
    ------
    ValueError
        When a notebook has no bank module or a bank module no notebook, or a notebook's heading is
        not ``# N · <the bank's title>``.
    """
    if bank is None:
        from gdviz.lessons import bank
    notebooks = sorted(Path(folder).glob("[0-9][0-9]_*.ipynb"))
    keys = tuple(path.name[:2] for path in notebooks)
    if keys != tuple(bank.LESSONS):
        raise ValueError(f"each lesson is a notebook NN_name.ipynb and a bank module lesson_NN.py: notebooks "
                         f"{', '.join(keys)} but bank modules {', '.join(bank.LESSONS)}.")
    found = []
    for key, path in zip(keys, notebooks):
        lesson = bank.lesson(key)
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        heading = "".join(cells[0]["source"]).splitlines()[0] if cells else ""
        if heading != f"# {int(key)} · {lesson.title}":
            raise ValueError(f"{path.name} must open with the heading '# {int(key)} · {lesson.title}' "
                             f"(the title in lesson_{key}.py). Got {heading!r} instead.")
        if not lesson.summary or not lesson.about:
            raise ValueError(f"lesson_{key}.py must give the lesson a summary (notebook 00's map) and an "
                             "about (README's table).")
        found.append(Entry(key, path, lesson.title, lesson.summary, lesson.about, reading_time.stated(path)))
    return found


def readme_table(lessons: list[Entry]) -> str:
    """README's table of notebooks: every lesson, linked, with its ``about``."""
    rows = [f"| [`{e.path.name}`](notebooks/{e.path.name}) | {e.about} |" for e in lessons]
    return "\n".join([README_HEADER, "|---|---|", *rows])


def start_map(lessons: list[Entry]) -> str:
    """Notebook 00's map: every lesson after it, linked by number and title, with its ``summary``."""
    rows = [f"| [{int(e.key)} · {e.title}]({e.path.name}) | {e.summary} |" for e in lessons[1:]]
    return "\n".join([MAP_HEADER, "|---|---|", *rows])


def replace_table(text: str, header: str, table: str) -> str:
    """``text`` with the Markdown table that starts at the line ``header`` replaced by ``table``."""
    lines = text.split("\n")
    if header not in lines:
        raise ValueError(f"no table headed {header!r} to replace.")
    start = lines.index(header)
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return "\n".join(lines[:start] + table.split("\n") + lines[end:])


def map_cell_text(source: str, lessons: list[Entry]) -> str:
    """Notebook 00's map cell with its table and its range of reading times made from ``lessons``."""
    text = replace_table(source, MAP_HEADER, start_map(lessons))
    minutes = [e.minutes for e in lessons[1:] if e.minutes is not None]
    return MINUTES.sub(f"({min(minutes)} to {max(minutes)} minutes)", text, count=1) if minutes else text


def refresh(readme: Path = ROOT / "README.md", folder: Path = ROOT / "notebooks", *, check: bool = False,
            bank: Any = None) -> list[Path]:
    """Rewrite README's table and notebook 00's map from the lessons (only check them with ``check``).

    Returns the files whose tables were out of date (and, without ``check``, are now rewritten).
    """
    lessons = entries(folder, bank)
    stale = []
    text = Path(readme).read_text(encoding="utf-8")
    new = replace_table(text, README_HEADER, readme_table(lessons))
    if new != text:
        stale.append(Path(readme))
        if not check:
            Path(readme).write_text(new, encoding="utf-8")
    start = lessons[0].path
    notebook = nbformat.read(start, as_version=4)
    cell = next((c for c in notebook.cells if MAP_HEADER in c.source.split("\n")), None)
    if cell is None:
        raise ValueError(f"{start.name} has no map: a Markdown cell with the table header {MAP_HEADER!r}.")
    new = map_cell_text(cell.source, lessons)
    if new != cell.source:
        stale.append(start)
        if not check:
            cell.source = new
            nbformat.write(notebook, start)
    return stale


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only report tables that are out of date")
    args = parser.parse_args()
    stale = refresh(check=args.check)
    for path in stale:
        print(f"{path.relative_to(ROOT)}: {'out of date' if args.check else 'rewritten'}")
    sys.exit(1 if stale and args.check else 0)
