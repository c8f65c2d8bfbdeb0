"""Write the nbgrader course: one graded assignment per lesson, from the question bank, and per-learner releases.

``python tools/make_course.py [course]`` writes (or rewrites: the output depends only on the bank)
``course/source/lesson_NN/lesson_NN.ipynb`` for every lesson (``course/nbgrader_config.py`` is kept by hand): its
code exercises and its numeric questions as nbgrader cells. An exercise is the function's signature and docstring
with the worked solution between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (nbgrader's release keeps the
signature and puts ``raise NotImplementedError()`` in its place), then a locked test cell that shows the lessons'
checker's verdict and, hidden, grades with it (``grading.require``: the checker's hidden cases, named mistakes and
time limit). A numeric question is asked by a locked cell with the learner's own numbers (``grading.ask``), answered
in a solution cell (``answer_N = ...``) and graded by a hidden test that recomputes the answer for the learner being
graded (``grading.require_number``).

``python tools/make_course.py personalize RELEASED_FOLDER --learners ada bob --out FOLDER`` writes, for each
learner, a copy of a released assignment (``course/release/lesson_02``) with the learner's id in its setup cell and
their questions' numbers written into the page: for handing files out by hand (e-mail, a learning platform). On a
hub nbgrader's exchange hands out one release and each learner's notebook draws their numbers from their login.
"""
from __future__ import annotations

import argparse
import ast
import json
import re
import sys
import textwrap
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # gdviz from this checkout, run from anywhere

from gdviz.lessons import variants  # noqa: E402
from gdviz.lessons.bank import LESSONS, lesson  # noqa: E402
from gdviz.lessons.checkers import EXERCISES  # noqa: E402
from gdviz.lessons.items import Number  # noqa: E402

COURSE_ID = "gdviz"
EXERCISE_POINTS = 2
NUMBER_POINTS = 1
#: The lesson whose assignment also makes an explorer: autograding runs it headless, and must not stall on it.
EXPLORER_LESSON = "03"

#: What a numeric question's heading says in the release (the learner's numbers come from running the cell).
ASK_BELOW = "Run the cell below: it asks the question with your own numbers."

SETUP = '''import numpy as np
import gdviz
from gdviz.lessons import grading

LEARNER = grading.learner({default})  # whose numbers this notebook asks: yours'''


def _meta(grade_id: str, *, solution=False, grade=False, locked=False, points=0) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution,
            "task": False}
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def _markdown(cell_id: str, text: str, **meta) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(text, metadata=_meta(cell_id, **meta) if meta else {})
    cell.id = cell_id
    return cell


def _code(cell_id: str, source: str, **meta) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source, metadata=_meta(cell_id, **meta) if meta else {})
    cell.id = cell_id
    return cell


def split_solution(source: str) -> tuple[str, str, str]:
    """A worked solution from the bank (one ``def`` and the call of its checker) cut into its signature with the
    docstring, its body, and the docstring's text.

    >>> head, body, doc = split_solution('def f(w):\\n    \"\"\"Half w.\"\"\"\\n    return w / 2\\n\\ncheck(f)\\n')
    >>> head, body, doc
    ('def f(w):\\n    \"\"\"Half w.\"\"\"', '    return w / 2', 'Half w.')
    """
    source = textwrap.dedent(source).strip("\n")
    lines = source.splitlines()
    fn = next(node for node in ast.parse(source).body if isinstance(node, ast.FunctionDef))
    doc = ast.get_docstring(fn) or ""
    first = fn.body[1] if doc else fn.body[0]
    head = "\n".join(lines[fn.lineno - 1:first.lineno - 1]).rstrip()
    body = "\n".join(lines[first.lineno - 1:fn.end_lineno]).rstrip()
    return head, body, doc


def _exercise_cells(name: str, source: str) -> list:
    head, body, doc = split_solution(source)
    indent = re.match(r"\s*", body).group(0)
    summary = " ".join(doc.split())
    return [
        _markdown(f"about_{name}", f"## Exercise: `{name}`\n\n{summary}\n\nWrite the body of `{name}` in the "
                  f"cell below, then run it and the test under it: the test runs your function on a few cases and, "
                  f"if something is off, names the typical mistake it matches. Graded on hidden cases "
                  f"({EXERCISE_POINTS} points)."),
        _code(name, f"{head}\n{indent}### BEGIN SOLUTION\n{body}\n{indent}### END SOLUTION", solution=True),
        _code(f"test_{name}", f'grading.check("{name}", {name})\n### BEGIN HIDDEN TESTS\n'
                              f'grading.require("{name}", {name})\n### END HIDDEN TESTS',
              grade=True, locked=True, points=EXERCISE_POINTS),
    ]


def _number_cells(key: str, number: int) -> list:
    item = variants.draw(key, number)
    drawn = (key, number) in variants.VARIANTS
    cells = [
        _markdown(f"about_q{number}", f"## Question {number}\n\n{ASK_BELOW if drawn else item.question}\n\n"
                  f"Set `answer_{number}` to your number in the answer cell below (you may write the arithmetic, "
                  f"e.g. `answer_{number} = 3 * 0.6 ** 2`; delete the `raise NotImplementedError()`). "
                  f"{NUMBER_POINTS} point."),
    ]
    if drawn:  # the learner's own numbers, drawn from their id when the cell runs
        cells.append(_code(f"ask_q{number}", f'grading.ask("{key}", {number}, LEARNER)', locked=True))
    return cells + [
        _code(f"q{number}", f"### BEGIN SOLUTION\nanswer_{number} = {item.answer!r}\n### END SOLUTION",
              solution=True),
        _code(f"test_q{number}", f"grading.is_number(answer_{number})\n### BEGIN HIDDEN TESTS\n"
                                 f'grading.require_number("{key}", {number}, answer_{number}, LEARNER)\n'
                                 "### END HIDDEN TESTS", grade=True, locked=True, points=NUMBER_POINTS),
    ]


def assignment(key: str) -> nbformat.NotebookNode:
    """The source notebook of lesson ``key``'s assignment (answers in it: nbgrader's release strips them)."""
    bank = lesson(key)
    numbers = [n for n, item in sorted(bank.quizzes.items()) if isinstance(item, Number)]
    points = EXERCISE_POINTS * len(bank.exercises) + NUMBER_POINTS * len(numbers)
    cells = [_markdown("title", f"# Lesson {key} · {bank.title}: graded exercises\n\nWork through the cells in "
                                f"order. The exercises and questions are those of lesson {key}; your numbers may "
                                f"differ from a neighbour's. {points} points in all. Save, then submit "
                                "(nbgrader's Assignments tab, or `nbgrader submit`)."),
             _code("setup", SETUP.format(default=""), locked=True)]
    if key == EXPLORER_LESSON:
        cells += [_markdown("about_explorer", "Drag the learning rate before you start: which rates make $w$ "
                                              "change sign at every step? (Not graded.)"),
                  _code("explorer", "explorer = gdviz.explore_lr_1d(gdviz.parabola(), start=4.0, lr=0.35, "
                                    "steps=30, lr_range=(0.01, 1.5), lr_scale=\"linear\")\nexplorer")]
    for name, source in bank.exercises.items():
        if name not in EXERCISES:
            raise ValueError(f"lesson {key}'s exercise {name!r} has no checker")
        cells += _exercise_cells(name, source)
    for number in numbers:
        cells += _number_cells(key, number)
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                        "name": "python3"},
                         "language_info": {"name": "python"}}
    return notebook


def write(notebook: nbformat.NotebookNode, path: Path) -> None:
    nbformat.validate(notebook)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def build(course: Path) -> list[Path]:
    """Write every lesson's source assignment under ``course/source``; the paths written."""
    written = []
    for key in LESSONS:
        path = course / "source" / f"lesson_{key}" / f"lesson_{key}.ipynb"
        write(assignment(key), path)
        written.append(path)
    return written


def personalize(notebook: nbformat.NotebookNode, learner: str) -> nbformat.NotebookNode:
    """A copy of a released assignment for ``learner``: their id in the setup cell, their questions in the page."""
    if not isinstance(learner, str) or not re.fullmatch(r"[A-Za-z0-9_.@-]+", learner):
        raise ValueError(f"learner must be an id of letters, digits and _.@- (nbgrader's student id). "
                         f"Got {learner!r} instead.")
    mine = nbformat.from_dict(json.loads(json.dumps(notebook)))
    for i, cell in enumerate(mine.cells):
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "setup":
            cell.source = SETUP.format(default=repr(learner))
        match = re.fullmatch(r'grading\.ask\("(\d\d)", (\d+), LEARNER\)', cell.source.strip())
        if match and i > 0 and mine.cells[i - 1].cell_type == "markdown":
            question = variants.draw(match.group(1), int(match.group(2)), learner).question
            mine.cells[i - 1].source = mine.cells[i - 1].source.replace(ASK_BELOW, question, 1)
    return mine


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command")
    make = commands.add_parser("build", help="write the course (the default)")
    make.add_argument("course", nargs="?", default="course", type=Path)
    mine = commands.add_parser("personalize", help="write each learner's copy of a released assignment")
    mine.add_argument("released", type=Path, help="a released assignment's folder, e.g. course/release/lesson_02")
    mine.add_argument("--learners", nargs="+", required=True)
    mine.add_argument("--out", type=Path, required=True, help="written to OUT/<learner>/<assignment>/")
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] not in (["build"], ["personalize"], ["-h"], ["--help"]):
        argv.insert(0, "build")
    args = parser.parse_args(argv)
    if args.command == "personalize":
        notebooks = sorted(args.released.glob("*.ipynb"))
        if not notebooks:
            parser.error(f"{args.released} holds no notebook: run nbgrader generate_assignment first")
        for learner in args.learners:
            for path in notebooks:
                write(personalize(nbformat.read(path, as_version=4), learner),
                      args.out / learner / args.released.name / path.name)
        print(f"wrote {len(notebooks)} notebook(s) for each of {len(args.learners)} learner(s) under {args.out}")
        return 0
    for path in build(args.course):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
