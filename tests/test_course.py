"""The nbgrader course (tools/make_course.py, course/) and its round trip with nbgrader's own commands.

Fast: regenerating the course gives the committed files; each source notebook holds its solutions and hidden tests
as nbgrader cells; a learner's personal release differs from another's and holds no answer.

Slow: nbgrader's command line on a copy of course/, as an instructor and two fake learners would run it:
``generate_assignment`` and ``release_assignment`` into a file exchange, ``fetch_assignment`` and ``submit`` as
``ada`` (all right, with her own numbers) and ``bob`` (named mistakes, and a loop that never ends), then
``collect``, ``autograde`` and ``generate_feedback``. The gradebook must hold the scores worked out here, the feedback
files the checkers' messages, and the class report (tools/class_report.py) the misconceptions bob showed.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from gdviz.lessons import variants

REPO = Path(__file__).resolve().parents[1]
COURSE = REPO / "course"


def _tool(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


make_course = _tool("make_course")


def _cells(path: Path) -> dict[str, nbformat.NotebookNode]:
    notebook = nbformat.read(path, as_version=4)
    return {cell.metadata.get("nbgrader", {}).get("grade_id", cell.id): cell for cell in notebook.cells}


def test_regenerating_the_course_gives_the_committed_files(tmp_path):
    written = make_course.build(tmp_path / "course")
    committed = sorted(p.relative_to(COURSE) for p in (COURSE / "source").rglob("*") if p.is_file())
    assert sorted(p.relative_to(tmp_path / "course") for p in written) == committed
    for path in written:
        relative = path.relative_to(tmp_path / "course")
        assert path.read_text() == (COURSE / relative).read_text(), f"course/{relative} is stale: run " \
                                                                     "python tools/make_course.py"


def test_source_holds_solutions_and_hidden_tests_as_nbgrader_cells():
    cells = _cells(COURSE / "source" / "lesson_02" / "lesson_02.ipynb")
    step, test = cells["step"], cells["test_step"]
    assert step.metadata.nbgrader.solution and "### BEGIN SOLUTION" in step.source
    assert test.metadata.nbgrader.grade and test.metadata.nbgrader.points == 2 and test.metadata.nbgrader.locked
    assert "### BEGIN HIDDEN TESTS\ngrading.require(\"step\", step)" in test.source
    assert cells["q1"].source == "### BEGIN SOLUTION\nanswer_1 = 1.08\n### END SOLUTION"  # the bank's own w₂
    assert 'grading.require_number("02", 1, answer_1, LEARNER)' in cells["test_q1"].source
    every = [cell for path in sorted((COURSE / "source").glob("*/*.ipynb")) for cell in _cells(path).values()]
    exercises = [cell for cell in every if cell.source.startswith("grading.check(")]
    assert len(exercises) == 10  # every checker of gdviz.lessons.checkers is graded somewhere


def test_split_solution_keeps_the_signature_and_docstring():
    head, body, doc = make_course.split_solution("def f(w):\n    '''Half.'''\n    x = w\n    return x / 2\n\nf(1)\n")
    assert head == "def f(w):\n    '''Half.'''" and body == "    x = w\n    return x / 2" and doc == "Half."


def _released(tmp_path: Path) -> Path:
    """A release made the way nbgrader makes it (ClearSolutions, ClearHiddenTests), without running nbgrader."""
    source = nbformat.read(COURSE / "source" / "lesson_02" / "lesson_02.ipynb", as_version=4)
    for cell in source.cells:
        if "### BEGIN SOLUTION" in cell.source:
            head = cell.source.split("### BEGIN SOLUTION")[0]
            cell.source = head + "# YOUR CODE HERE\nraise NotImplementedError()"
        cell.source = cell.source.split("### BEGIN HIDDEN TESTS")[0].rstrip()
    path = tmp_path / "release" / "lesson_02" / "lesson_02.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(source, path)
    return path.parent


def test_personal_releases_differ_and_hold_no_answer(tmp_path):
    released = _released(tmp_path)
    assert make_course.main(["personalize", str(released), "--learners", "ada", "bob", "--out",
                             str(tmp_path / "mine")]) == 0
    ada = (tmp_path / "mine" / "ada" / "lesson_02" / "lesson_02.ipynb").read_text()
    bob = (tmp_path / "mine" / "bob" / "lesson_02" / "lesson_02.ipynb").read_text()
    assert ada != bob
    for name, text in (("ada", ada), ("bob", bob)):
        cells = {cell.id: cell for cell in nbformat.reads(text, as_version=4).cells}
        assert f'grading.learner({name!r})' in cells["setup"].source
        p = variants.parameters("02", 1, name)
        asked = cells["about_q1"].source
        assert f"$w_0 = {p['w0']:g}$" in asked and f"$\\eta = {p['lr']:g}$" in asked
        answer = p["w0"] * (1 - 2 * p["lr"]) ** 2
        assert "BEGIN SOLUTION" not in text and "HIDDEN" not in text and f"= {answer!r}" not in text
        assert "slope = 2 * w" not in text  # the worked solution of step


# --- the round trip -------------------------------------------------------------------------------------------
def _nbgrader(*args: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    run = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=env, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{run.stdout}\n{run.stderr}"
    return run


RIGHT = {
    "step": "    return w - lr * 2 * w",
    "descent": "    ws = [w0]\n    for _ in range(steps):\n        ws.append(ws[-1] * (1 - 2 * lr))\n    return ws",
}
WRONG = {
    "step": "    return w + lr * 2 * w",  # the sign
    "descent": "    while True:\n        pass",  # never returns: stopped after the checker's time limit
}


def _right_numbers(learner: str) -> dict[tuple[str, int], float]:
    """Each question's answer for ``learner``, worked out here from the numbers drawn for them."""
    p = {key: variants.parameters(*key, learner) for key in variants.VARIANTS}
    return {("02", 1): p["02", 1]["w0"] * (1 - 2 * p["02", 1]["lr"]) ** 2,
            ("02", 3): p["02", 3]["c"] * p["02", 3]["n"] * p["02", 3]["x"] ** (p["02", 3]["n"] - 1),
            ("03", 2): 1 - 2 * p["03", 2]["a"] * p["03", 2]["lr"],
            ("03", 3): 1 / (2 * p["03", 3]["a"]),
            ("03", 4): 1 / p["03", 4]["a"]}


def _wrong_numbers(learner: str) -> dict[tuple[str, int], float]:
    """bob's slips: one step instead of two, f(x) for its slope, the step added, the one-step rate for the limit."""
    p = {key: variants.parameters(*key, learner) for key in variants.VARIANTS}
    return {("02", 1): p["02", 1]["w0"] * (1 - 2 * p["02", 1]["lr"]),
            ("02", 3): p["02", 3]["c"] * p["02", 3]["x"] ** p["02", 3]["n"],
            ("03", 2): 1 + 2 * p["03", 2]["a"] * p["03", 2]["lr"],
            ("03", 3): 1 / (2 * p["03", 3]["a"]),  # right
            ("03", 4): 1 / (2 * p["03", 4]["a"])}


def _answer(path: Path, key: str, code: dict[str, str], numbers: dict[tuple[str, int], float]) -> None:
    """Fill in a fetched notebook as a learner would: each function's body, each answer cell's number."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id in code:
            cell.source = cell.source.split("    # YOUR CODE HERE")[0] + code[grade_id]
        elif grade_id.startswith("q") and cell.metadata.nbgrader.solution:
            number = int(grade_id[1:])
            cell.source = f"answer_{number} = {numbers[key, number]!r}"
    nbformat.write(notebook, path)


@pytest.mark.slow
def test_round_trip_with_nbgraders_commands_grades_two_learners(tmp_path):
    pytest.importorskip("nbgrader")
    from nbgrader.api import Gradebook

    course, exchange = tmp_path / "course", tmp_path / "exchange"
    shutil.copytree(COURSE, course)
    exchange.mkdir()
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "GDVIZ_NBGRADER_EXCHANGE": str(exchange)}
    env.pop("JUPYTERHUB_USER", None)
    assignments = ("lesson_02", "lesson_03")
    for name in assignments:
        _nbgrader("generate_assignment", name, "--force", cwd=course, env=env)
        release = (course / "release" / name / f"{name}.ipynb").read_text()
        assert "BEGIN SOLUTION" not in release and "HIDDEN" not in release and "grading.require" not in release
        solutions = [cell.source.split("### BEGIN SOLUTION\n")[1].split("\n")[0].strip()  # first line of each
                     for cell in _cells(course / "source" / name / f"{name}.ipynb").values()
                     if "### BEGIN SOLUTION" in cell.source]
        assert len(solutions) >= 3 and not [line for line in solutions if line in release]
        _nbgrader("release_assignment", name, cwd=course, env=env)

    student = [f"--Exchange.root={exchange}", "--CourseDirectory.course_id=gdviz"]
    for learner, code, numbers in (("ada", RIGHT, _right_numbers("ada")), ("bob", WRONG, _wrong_numbers("bob"))):
        home = tmp_path / learner
        home.mkdir()
        for name in assignments:
            _nbgrader("fetch_assignment", name, *student, cwd=home, env=env)
            _answer(home / name / f"{name}.ipynb", name[-2:], code, numbers)
            _nbgrader("submit", name, *student, f"--CourseDirectory.student_id={learner}", cwd=home, env=env)

    start = time.monotonic()
    for name in assignments:
        _nbgrader("collect", name, cwd=course, env=env)
        _nbgrader("autograde", name, cwd=course, env=env)
        _nbgrader("generate_feedback", name, cwd=course, env=env)
    seconds = time.monotonic() - start
    print(f"collect + autograde + generate_feedback of 2 assignments x 2 learners: {seconds:.1f} s")
    assert seconds < 240, "autograding stalled (an explorer's widget, or a learner's endless loop?)"

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="gdviz") as gradebook:
        scores = {(name, learner): gradebook.find_submission(name, learner).score
                  for name in assignments for learner in ("ada", "bob")}
        grades = {cell: gradebook.find_grade(cell, "lesson_03", "lesson_03", "bob").score
                  for cell in ("test_descent", "test_q2", "test_q3", "test_q4")}
    # lesson 02: step (2 points), questions 1 and 3 (1 each); lesson 03: descent (2), questions 2, 3, 4 (1 each)
    assert scores == {("lesson_02", "ada"): 4, ("lesson_02", "bob"): 0, ("lesson_03", "ada"): 5,
                      ("lesson_03", "bob"): 1}
    assert grades == {"test_descent": 0, "test_q2": 0, "test_q3": 1, "test_q4": 0}

    def feedback(learner: str, name: str) -> str:
        return (course / "feedback" / learner / name / f"{name}.html").read_text()

    bob_02, bob_03 = feedback("bob", "lesson_02"), feedback("bob", "lesson_03")
    assert "Not yet: the sign: you added the step" in bob_02 and "(misconception: the sign)" in bob_02
    assert "that is w₁, after one step" in bob_02 and "the function's value, not its slope" in bob_02
    assert "took too long" in bob_03 and "(misconception: a loop that never ends)" in bob_03
    assert "you added the step: the factor of descent is" in bob_03 and "is the one-step rate" in bob_03
    ada_02 = feedback("ada", "lesson_02")
    assert "Not yet" not in ada_02 and "agrees with the reference on all 4 hidden cases" in ada_02
    p = variants.parameters("02", 1, "ada")  # the question in her graded copy is asked with her numbers
    assert f"start at $w_0 = {p['w0']:g}$ with learning rate $\\eta = {p['lr']:g}$" in ada_02

    report = _tool("class_report")
    table = report.tally(course)
    assert table.questions["lesson_02", "test_step"] == {"learners": 2, "full marks": 1}
    assert table.misconceptions["lesson_02", "test_step"] == {"the sign": 1}
    assert table.misconceptions["lesson_03", "test_descent"] == {"a loop that never ends": 1}
    assert table.misconceptions["lesson_02", "test_q1"] == {"one step, not two": 1}
    assert table.misconceptions["lesson_03", "test_q4"] == {"the one-step rate, not the limit": 1}
    assert table.keys()[:3] == [("lesson_02", "test_step"), ("lesson_02", "test_q1"), ("lesson_02", "test_q3")]
    assert report.main([str(course), "--picture", str(tmp_path / "report.png")]) == 0
    assert (tmp_path / "report.png").stat().st_size > 10_000
