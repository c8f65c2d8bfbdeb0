"""The graded checks of the nbgrader course (gdviz.lessons.grading): the lessons' checkers, nothing recorded,
each named mistake raised with its misconception, a hanging function stopped within the checker's limit."""
from __future__ import annotations

import time

import numpy as np
import pytest

from gdviz.lessons import checkers, grading, session, variants


@pytest.mark.parametrize("name", sorted(spec.name for spec in checkers.EXERCISES.values() if spec.mistakes))
def test_each_named_mistake_fails_with_its_misconception(name):
    spec = checkers.EXERCISES[name]
    for mistake, told in spec.mistakes:
        with pytest.raises(grading.NotYet) as failed:
            grading.require(name, mistake)
        message, last = str(failed.value).rsplit("\n", 1)
        assert message.startswith("Not yet: ")
        named = grading.MISCONCEPTION.fullmatch(last).group("name")
        assert named in {variants.misconception(said) for _, said in spec.mistakes}


def test_a_right_function_passes_and_nothing_is_recorded(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    verdict = grading.require("linear_step", lambda w, b, X, y, lr: (w - lr * X.T @ (X @ w + b - y) / len(y),
                                                                       b - lr * np.mean(X @ w + b - y)))
    assert verdict.passed
    grading.check("step", lambda w, lr: w + lr * 2 * w)
    grading.check("step", lambda w, lr: w + lr * 2 * w)
    assert "Stuck?" not in grading.check("step", lambda w, lr: w + lr * 2 * w).message
    assert not (tmp_path / session.FILENAME).exists()
    assert not list(tmp_path.iterdir())


def test_a_loop_that_never_ends_is_stopped_and_named():
    def step(w, lr):
        while True:
            pass

    start = time.monotonic()
    with pytest.raises(grading.NotYet, match=r"took too long[\s\S]*\(misconception: a loop that never ends\)$"):
        grading.require("step", step)
    assert time.monotonic() - start < checkers.TIME_LIMIT + 1.0


def test_a_stub_is_not_a_named_mistake():
    def step(w, lr):
        raise NotImplementedError()

    with pytest.raises(grading.NotYet) as failed:
        grading.require("step", step)
    assert "Your turn" in str(failed.value) and "misconception" not in str(failed.value)


def test_numbers_are_graded_for_the_learners_own_question():
    for seed in ("ada", "bob"):
        item = variants.draw("02", 1, seed)
        assert grading.require_number("02", 1, item.answer, seed).passed
        value, told = item.mistakes[0]
        with pytest.raises(grading.NotYet, match=r"\(misconception: one step, not two\)$") as failed:
            grading.require_number("02", 1, value, seed)
        assert told in str(failed.value)
    ada, bob = variants.draw("02", 1, "ada"), variants.draw("02", 1, "bob")
    assert ada.answer != bob.answer
    with pytest.raises(grading.NotYet):
        grading.require_number("02", 1, bob.answer, "ada")  # a neighbour's answer is not hers
    with pytest.raises(grading.NotYet) as failed:
        grading.require_number("02", 1, 123.0, "ada")
    assert "misconception" not in str(failed.value)


@pytest.mark.parametrize("value", ["1.2", None, float("nan"), True, [1.0]])
def test_an_answer_must_be_one_number(value):
    with pytest.raises(grading.NotYet, match="one finite number"):
        grading.is_number(value)


def test_learner_is_the_student_being_autograded(tmp_path, monkeypatch):
    folder = tmp_path / "autograded" / "ada" / "lesson_02"
    folder.mkdir(parents=True)
    monkeypatch.setenv("JUPYTERHUB_USER", "bob")
    assert grading.learner() == "bob"
    assert grading.learner("carol") == "carol"
    monkeypatch.chdir(folder)
    assert grading.learner("carol") == "carol"  # not while nbgrader autogrades
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert grading.learner("carol") == "ada"
    monkeypatch.delenv("JUPYTERHUB_USER")
    monkeypatch.delenv("NBGRADER_EXECUTION")
    assert grading.learner() == ""
    with pytest.raises(TypeError, match="default must be"):
        grading.learner(3)


def test_ask_shows_the_learners_numbers():
    p = variants.parameters("02", 1, "ada")
    shown = grading.ask("02", 1, "ada")._repr_markdown_()
    assert f"$w_0 = {p['w0']:g}$" in shown and f"$\\eta = {p['lr']:g}$" in shown
