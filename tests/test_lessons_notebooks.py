"""Every lesson makes the learner do, and keeps its answers off the page.

Reads every committed notebook: no visible code cell holds an answer (the answers live in the package's
question bank, gdviz/lessons/bank/); every question, prediction and challenge has its collapsed
``<details>`` answer right under it, generated from the bank and still current; at least six lessons
have a code exercise (a cell tagged ``exercise``) stored unfinished, with the checker's "your turn"
message; at least eight predictions come before the cell that shows what happens; every lesson ends
with its progress line; everything in the bank is asked in its lesson.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from gdviz.lessons import answers
from gdviz.lessons.bank import lesson
from gdviz.lessons.checkers import EXERCISES

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
BOOKS = {path.name[:2]: nbformat.read(path, as_version=4) for path in NOTEBOOKS}


@pytest.fixture(params=sorted(BOOKS), ids=[p.name for p in NOTEBOOKS])
def key(request):
    return request.param


def _code(nb):
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def _solution_statements(code: str) -> set[str]:
    """The statements of a worked solution's function bodies (not its docstring): what gives it away."""
    found = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.FunctionDef):
            body = node.body[1:] if isinstance(node.body[0], ast.Expr) else node.body
            for statement in body:
                found.update(line.split("#")[0].strip() for line in
                             ast.get_source_segment(code, statement).splitlines())
    return found - {""}


def test_no_code_cell_holds_an_answer(key):
    nb = BOOKS[key]
    for n, cell in enumerate(_code(nb), start=1):
        assert not re.search(r"gdviz\.(choice|numeric)\(|\banswer\s*=|\bexplanation\s*=", cell.source), (
            f"{key}: code cell {n} writes a question with its answer; ask it from the bank: gdviz.quiz({key!r}, k)")
    giveaways = set().union(*(_solution_statements(code) for k in BOOKS for code in lesson(k).exercises.values()))
    for n, cell in enumerate(_code(nb), start=1):
        if "exercise" in cell.metadata.get("tags", []):
            shown = {line.split("#")[0].strip() for line in cell.source.splitlines()} & giveaways
            assert not shown, f"{key}: the exercise cell {n} shows solution lines {shown}"


def test_every_question_has_its_collapsed_answer_under_it(key):
    nb = BOOKS[key]
    asked = 0
    for i, cell in enumerate(nb.cells):
        wanted = answers.asked_in(cell)
        if wanted is None:
            continue
        asked += 1
        following = nb.cells[i + 1] if i + 1 < len(nb.cells) else None
        assert following is not None and following.cell_type == "markdown", (
            f"{key}: cell {i + 1} asks something but no markdown answer follows it")
        assert following.source == wanted, (
            f"{key}: the answer under cell {i + 1} is not the bank's; run python -m gdviz.lessons.answers notebooks/*.ipynb")
        assert following.source.startswith("<details><summary>") and "<details open" not in following.source
    assert asked, f"{key}: the lesson asks nothing"


def test_everything_in_the_bank_is_asked_in_its_lesson(key):
    source = "\n".join(cell.source for cell in _code(BOOKS[key]))
    book = lesson(key)
    for kind, table in (("quiz", book.quizzes), ("predict", book.predictions), ("challenge", book.challenges)):
        for number in table:
            assert re.search(rf'gdviz\.{kind}\("{key}", {number}[,)]', source), f"{key}: {kind} {number} is never asked"
    for name in book.exercises:
        assert f"gdviz.check_{name}(" in source and EXERCISES[name].lesson == key
    for kind, lesson_key, number in answers.ASK.findall(source):
        assert lesson_key == key, f"{key}: asks {kind} {number} of lesson {lesson_key}"


def test_exercise_cells_are_stored_unfinished(key):
    for cell in _code(BOOKS[key]):
        if "exercise" not in cell.metadata.get("tags", []):
            continue
        assert "...  # your code here" in cell.source, "the stub leaves the body to the learner"
        assert cell.get("execution_count"), "the exercise cell was run, so nbval checks it runs without error"
        text = "".join(out.get("data", {}).get("text/plain", "") for out in cell.outputs)
        assert text.startswith("✎ Your turn:") and "returns None" in text, text
        html = "".join(out.get("data", {}).get("text/html", "") for out in cell.outputs)
        assert "gdviz-verdict-todo" in html and "#D55E00" not in html, "an invitation, not a red error"
        assert all(out.output_type != "error" for out in cell.outputs)


def test_at_least_six_lessons_have_a_code_exercise():
    with_exercises = [k for k, nb in BOOKS.items()
                      if any("exercise" in c.metadata.get("tags", []) for c in _code(nb))]
    assert len(with_exercises) >= 6, with_exercises


def test_at_least_eight_predictions_come_before_what_happens():
    count = 0
    for k, nb in BOOKS.items():
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and re.match(r'gdviz\.predict\("\d\d", \d+\)$', cell.source.strip()):
                count += 1
                shown = next((c for c in nb.cells[i + 2:] if c.cell_type == "code"), None)  # after the answer block
                assert shown is not None and nb.cells[i + 2].cell_type == "code", (
                    f"{k}: prediction in cell {i + 1} is not followed by the cell that shows what happens")
    assert count >= 8, count


def test_every_lesson_ends_with_its_progress(key):
    last_code = _code(BOOKS[key])[-1]
    assert last_code.source.strip() == f'gdviz.progress("{key}")'
    text = "".join(out.get("data", {}).get("text/plain", "") for out in last_code.outputs)
    assert text.startswith(f"Lesson {key}: 0 of ") and "(Run the notebook" in text, text
