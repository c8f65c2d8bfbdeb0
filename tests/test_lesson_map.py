"""tools/lesson_map.py and the lessons found, not counted: a lesson 13 is its notebook and its bank module only.

The tables of lessons (README's, notebook 00's map) are written from the notebooks and the bank, and must be up
to date; a simulated lesson 13 (a notebook in a copy of ``notebooks/``, a bank module in a folder added to the
bank) is found by the bank, the self-checks, the progress overview, the answers written into notebooks, the
reading-time check and both tables.
"""
from __future__ import annotations

import importlib
import importlib.util
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

import gdviz
from gdviz.lessons import bank
from gdviz.lessons.answers import sync_notebook

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("lesson_map", ROOT / "tools" / "lesson_map.py")
lesson_map = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lesson_map)


def test_the_tables_of_lessons_are_written_from_the_lessons():
    stale = lesson_map.refresh(check=True)
    assert stale == [], f"{[p.name for p in stale]} out of date: run python tools/lesson_map.py"


def test_every_notebook_has_its_bank_module_with_its_title_summary_and_about():
    found = lesson_map.entries()
    assert [e.key for e in found] == list(bank.LESSONS) == sorted(p.name[:2] for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert all(e.summary and e.about and e.minutes for e in found)


@pytest.mark.parametrize("module", ["test_reading_time", "test_stored_outputs", "test_lessons_notebooks",
                                    "test_export", "test_lesson_figures"])
def test_the_tests_over_every_lesson_find_the_notebooks_on_disk(module):
    notebooks = importlib.import_module(module).NOTEBOOKS
    assert [Path(p).name for p in notebooks] == sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


LESSON_13 = '''
from gdviz.lessons.items import Lesson, Number

LESSON = Lesson(
    title="Something new",
    summary="A line for learners, with $\\\\eta$ in it.",
    about="A row for teachers: what lesson 13 teaches and the numbers it shows.",
    quizzes={1: Number("What is 6 times 7?", 42, "Six sevens are 42.")},
)
'''


@pytest.fixture
def lesson_13(tmp_path, monkeypatch):
    """A copy of the lessons with a lesson 13: its notebook, and its bank module in a folder the bank searches."""
    folder = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# 13 · Something new\n\n*About 40 minutes to read.*\n\n"
                                                    "**Before you start:** lesson 12."),
                      nbformat.v4.new_code_cell('import gdviz\ngdviz.quiz("13", 1)')]
    nbformat.write(notebook, folder / "13_something_new.ipynb")
    extra = tmp_path / "bank"
    extra.mkdir()
    (extra / "lesson_13.py").write_text(LESSON_13)
    monkeypatch.setattr(bank, "__path__", [*bank.__path__, str(extra)])
    monkeypatch.setattr(bank, "LESSONS", bank.find_lessons())
    yield tmp_path
    sys.modules.pop(f"{bank.__name__}.lesson_13", None)


def test_adding_lesson_13_touches_its_notebook_and_its_bank_module_only(lesson_13):
    assert bank.LESSONS[-2:] == ("12", "13")
    assert bank.lesson("13").title == "Something new"
    assert "What is 6 times 7?" in repr(gdviz.quiz("13", 1))
    assert gdviz.progress("13").summary().startswith("Lesson 13: 0 of 1")
    assert gdviz.progress().summary().splitlines()[-1] == "Lesson 13: 0 of 1 checks passed"
    new = lesson_13 / "notebooks" / "13_something_new.ipynb"
    assert lesson_map.reading_time.stated(new) == 40
    assert sync_notebook(new) == 1  # its collapsed answer, written from its bank module
    assert "Six sevens are 42." in nbformat.read(new, as_version=4).cells[-1].source

    readme, start = lesson_13 / "README.md", lesson_13 / "notebooks" / "00_start_here.ipynb"
    assert lesson_map.refresh(readme, lesson_13 / "notebooks", check=True) == [readme, start]
    lesson_map.refresh(readme, lesson_13 / "notebooks")
    row = ("| [`13_something_new.ipynb`](notebooks/13_something_new.ipynb) | A row for teachers: what lesson 13 "
           "teaches and the numbers it shows. |")
    assert row in readme.read_text().splitlines()
    cell = next(c for c in nbformat.read(start, as_version=4).cells if lesson_map.MAP_HEADER in c.source)
    assert "| [13 · Something new](13_something_new.ipynb) | A line for learners, with $\\eta$ in it. |" in cell.source
    assert "(15 to 40 minutes)" in cell.source  # the range of reading times follows the lessons
    assert lesson_map.refresh(readme, lesson_13 / "notebooks", check=True) == []


def test_a_notebook_without_its_bank_module_is_named(lesson_13, monkeypatch):
    monkeypatch.setattr(bank, "LESSONS", bank.LESSONS[:-1])
    with pytest.raises(ValueError, match="notebooks 00, .*, 12, 13 but bank modules 00, .*, 12[.]"):
        lesson_map.entries(lesson_13 / "notebooks")


def test_a_heading_that_is_not_the_banks_title_is_named(lesson_13):
    new = lesson_13 / "notebooks" / "13_something_new.ipynb"
    notebook = nbformat.read(new, as_version=4)
    notebook.cells[0].source = notebook.cells[0].source.replace("Something new", "Something else")
    nbformat.write(notebook, new)
    with pytest.raises(ValueError, match="must open with the heading '# 13 · Something new'"):
        lesson_map.entries(lesson_13 / "notebooks")
