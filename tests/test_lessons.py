"""The question bank and its widgets: quiz, predict, challenge, progress, and the answer blocks."""
import math

import numpy as np
import pytest

import gdviz
from gdviz.lessons.widgets import Exercise
from gdviz.lessons import answers, session
from gdviz.lessons.bank import LESSONS, lesson
from gdviz.lessons.items import Choice


@pytest.fixture(autouse=True)
def _fresh_session():
    session.reset()
    yield
    session.reset()


ALL_QUIZZES = [(key, n) for key in LESSONS for n in lesson(key).quizzes]


@pytest.mark.parametrize("key, number", ALL_QUIZZES)
def test_every_quiz_builds_and_accepts_its_answer(key, number):
    item = lesson(key).quizzes[number]
    ex = gdviz.quiz(key, number)  # builds: options, feedback and mistakes are checked here
    assert isinstance(ex, Exercise)
    right = item.answer if isinstance(item, Choice) else repr(item.answer)
    assert ex.check(right)[0]
    if isinstance(item, Choice):
        assert set(item.feedback) == set(range(len(item.options))) - {item.answer}, "feedback for every wrong option"
        for wrong, told in item.feedback.items():
            assert ex.check(wrong) == (False, f"Not quite: {told}")
    else:
        assert item.mistakes, "a number question names its typical slips"
        for value, told in item.mistakes:
            correct, message = ex.check(repr(value))
            assert not correct and told[1:] in message


def test_wrong_then_worked_answer_then_right_counts_in_progress():
    ex = gdviz.quiz("02", 1)
    line = gdviz.progress("02")
    assert "0 of" in line.summary()
    ex.control.value = "5.88"
    assert "added the step" in ex.submit()[1]
    ex.control.value = "1.92"
    message = ex.submit()[1]
    assert "forgot the 2" in message and "Here is the worked answer" in message
    ex.control.value = "1,08"
    assert ex.submit()[0]
    assert "quiz 1" in session.passed("02") and "1 of" in line.summary()  # the line updated itself
    assert "quiz 1" not in line.summary().split("still to do:")[1]


def test_progress_counts_every_check_of_a_lesson_and_nothing_on_disk_under_pytest(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # under pytest, with no GDVIZ_PROGRESS, progress stays in the kernel
    monkeypatch.delenv("GDVIZ_PROGRESS", raising=False)
    checks = lesson("03").checks()
    assert checks == ["quiz 1", "quiz 2", "quiz 3", "quiz 4", "quiz 5", "quiz 6", "challenge 1",
                      "exercise descent"]
    line = gdviz.progress("03")
    for check in checks:
        session.record("03", check)
    assert line.summary() == f"Lesson 03: {len(checks)} of {len(checks)} checks passed. All done!"
    assert repr(line).startswith("Lesson 03:") and line._repr_mimebundle_()["text/plain"] == repr(line)
    assert list(tmp_path.iterdir()) == []


def _kernel(code, cwd, env):
    """Run ``code`` in a fresh Python (a fresh kernel: nothing of this process's progress), outside pytest."""
    import os
    import subprocess
    import sys
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTEST_CURRENT_TEST", "GDVIZ_PROGRESS")}
    done = subprocess.run([sys.executable, "-W", "error", "-c", code], cwd=cwd, env={**clean, **env},
                          capture_output=True, text=True, timeout=120, check=True)
    return done.stdout.strip()


def test_progress_lasts_across_kernel_restarts_in_the_learners_folder(tmp_path):
    # a learner's kernel starts in the lessons' folder, passes two checks, and is shut down
    _kernel("from gdviz.lessons import session; session.record('03', 'quiz 2'); session.record('03', 'quiz 2'); "
            "session.record('05', 'exercise neuron_step')", tmp_path, {})
    saved = tmp_path / ".gdviz_progress.json"
    assert [p.name for p in tmp_path.iterdir()] == [saved.name]  # one small file, no temporary left behind
    import json
    assert json.loads(saved.read_text())["passed"] == {"03": ["quiz 2"], "05": ["exercise neuron_step"]}
    # another day, a fresh kernel: the lesson's line and the overview remember
    shown = _kernel("import gdviz; print(gdviz.progress('03').summary()); print(gdviz.progress())", tmp_path, {})
    assert shown.splitlines()[0].startswith("Lesson 03: 1 of 8 checks passed; still to do: quiz 1, quiz 3")
    assert "Lesson 05: 1 of 5 checks passed" in shown and "Lesson 12: 0 of 8 checks passed" in shown
    # GDVIZ_PROGRESS puts the file elsewhere; "off" keeps progress in the kernel only
    elsewhere = tmp_path / "sub" / "mine.json"
    elsewhere.parent.mkdir()
    _kernel("from gdviz.lessons import session; session.record('02', 'quiz 1')", tmp_path,
            {"GDVIZ_PROGRESS": str(elsewhere)})
    assert "quiz 1" in elsewhere.read_text() and "02" not in saved.read_text()
    _kernel("from gdviz.lessons import session; session.record('04', 'quiz 1')", tmp_path, {"GDVIZ_PROGRESS": "off"})
    assert "04" not in saved.read_text() and sorted(p.name for p in tmp_path.iterdir()) == [saved.name, "sub"]


def test_progress_file_is_shared_and_reset_clears_it(tmp_path, monkeypatch):
    where = tmp_path / "progress.json"
    monkeypatch.setenv("GDVIZ_PROGRESS", str(where))
    overview = gdviz.progress()
    assert [line.split(":")[0] for line in overview.summary().splitlines()] == [f"Lesson {key}" for key in LESSONS]
    session.record("06", "quiz 1")
    assert "Lesson 06: 1 of 5 checks passed" in overview.summary()  # the overview updated itself
    assert "Lesson 06: 1 of 5" in overview.value and repr(overview) == overview.summary()
    session._PASSED.clear()  # as a restarted kernel: only the file remembers
    assert session.passed("06") == {"quiz 1"}
    session.reset()
    assert session.passed("06") == set() and "06" not in where.read_text()


@pytest.mark.parametrize("content", ["{not json", '["a list"]', '{"passed": 3}', "", None])
def test_a_corrupt_or_unwritable_progress_file_degrades_silently(tmp_path, monkeypatch, content):
    import warnings
    where = tmp_path / "progress.json"
    if content is None:  # unwritable: its folder does not exist
        where = tmp_path / "missing" / "progress.json"
    else:
        where.write_text(content)
    monkeypatch.setenv("GDVIZ_PROGRESS", str(where))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        session.record("03", "quiz 1")
        line = gdviz.progress("03")
        assert session.passed("03") == {"quiz 1"} and line.summary().startswith("Lesson 03: 1 of 8")
        session.reset()
    assert session.passed("03") == set()
    if content is None:
        assert not where.parent.exists()
    else:
        assert where.read_text() == content  # the learner's file is left alone
    assert not list(tmp_path.rglob("*.tmp"))  # no temporary file left behind


def test_predict_locks_in():
    p = gdviz.predict("03", 1)
    assert p.lock() == "Pick what you expect, then lock it in."
    p.control.value = 2
    assert "Locked in" in p.lock() and p.locked == 2 and p.control.disabled and p.button.disabled
    assert repr(p).startswith("Predict first:") and repr(p).endswith(")")


def test_challenge_reads_the_explorer_now():
    ex = gdviz.explore_lr_1d(gdviz.parabola(), start=4.0, lr=0.35, steps=30, lr_range=(0.01, 1.5))
    task = gdviz.challenge("03", 1, ex)
    correct, message = task.submit()
    assert not correct and "does not change sign" in message
    ex.controls["lr"].value = 0.95  # flips, but 16 * 0.9**40 is about 0.24
    correct, message = task.submit()
    assert not correct and "still" in message and "One way to do it" in message  # the second wrong try
    ex.controls["lr"].value = 0.7
    assert task.submit()[0] and "challenge 1" in session.passed("03")
    ex.controls["start"].value = "3"
    assert "set it back to 4" in task.submit()[1]
    with pytest.raises(TypeError, match="explorer must be a gdviz explorer"):
        gdviz.challenge("03", 1, 0.7)


def test_challenge_01_reads_the_guessing_sliders():
    ex = gdviz.explore_guess(gdviz.sigmoid_fit(), w=0.5, b=0.0)
    task = gdviz.challenge("01", 1, ex)
    assert not task.submit()[0]
    ex.controls["w"].value, ex.controls["b"].value = math.log(6), -math.log(4) - math.log(6) / 2
    assert task.submit()[0]


@pytest.mark.parametrize("call, match", [
    (lambda: gdviz.quiz("03", 99), r"lesson 03 has quizzes \[1, 2, 3, 4, 5, 6\]. Got 99"),
    (lambda: gdviz.quiz("3", 1), "lesson must be '00', '01', "),
    (lambda: gdviz.quiz(3, 1), "lesson must be '00'.*Got 3 instead"),
    (lambda: gdviz.predict("03", True), "lesson 03 has predictions"),
    (lambda: gdviz.progress("99"), "lesson must be '00'.*Got '99' instead"),
])
def test_bad_lesson_or_number(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_answer_blocks_are_collapsed_and_hold_the_answer():
    block = answers.answer_markdown("02", "quiz", 1)
    assert block.startswith("<details><summary>Answer") and block.endswith("</details>")
    assert "**1.08.**" in block and "5.88:" in block
    choice = answers.answer_markdown("03", "quiz", 1)
    assert "**D) 1.02.**" in choice and "- A) 0.2:" in choice
    assert "```python" in answers.solution_markdown("02", "step")


# --- the bank's answers, recomputed here from first principles -------------------------------------------
def test_bank_numbers_recomputed():
    w = 3.0
    for _ in range(2):
        w -= 0.2 * 2 * w
    assert lesson("02").quizzes[1].answer == pytest.approx(w)
    assert lesson("02").quizzes[3].answer == 3 * 5 * 2 ** 4
    assert lesson("03").quizzes[2].answer == pytest.approx(1 - 6 * 0.1)
    sig = lambda z: 1 / (1 + math.exp(-z))  # noqa: E731
    assert lesson("01").quizzes[1].answer == pytest.approx(
        0.5 * (sig(-0.5) - 0.2) ** 2 + 0.5 * (sig(1.5) - 0.9) ** 2, abs=1e-4)
    # the exact fit through (0.5, 0.5) and (2.5, 0.9): solve the two logit equations as a linear system
    w_star, _ = np.linalg.solve([[0.5, 1.0], [2.5, 1.0]], [0.0, math.log(0.9 / 0.1)])
    assert lesson("01").quizzes[4].answer == pytest.approx(w_star, abs=1e-6)


@pytest.mark.parametrize("key, make, right, moved", [
    ("04", lambda: gdviz.explore_lr_2d(gdviz.bowl((1, 10)), start=(-9.0, 2.0), lr=0.02, steps=40,
                                       lr_range=(0.005, 0.12)), 1 / 11, (1.0, 1.0)),
    ("07", lambda: gdviz.explore_lr_1d(gdviz.double_well(), start=2.0, lr=0.01, steps=60, lr_range=(1e-3, 0.3)),
     0.1, 1.5),
    ("08", lambda: gdviz.explore_momentum(gdviz.bowl((1, 10)), start=(1.0, 1.0), lr=0.05, momentum=0.8, steps=60),
     None, None),
])
def test_challenges_04_07_08(key, make, right, moved):
    ex = make()
    task = gdviz.challenge(key, 1, ex)
    assert not task.submit()[0]  # the explorer's own settings leave the task undone
    if key == "08":
        ex.controls["lr"].value, ex.controls["momentum"].value = 0.1154, 0.27
    else:
        ex.controls["lr"].value = right
    assert task.submit()[0], task.feedback.value
    if moved is not None:
        ex.controls["start"].value = ", ".join(map(str, np.atleast_1d(moved)))
        assert "set it back" in task.submit()[1]


def test_challenge_12_wants_plain_sgd_at_97_percent():
    from sklearn.datasets import make_moons

    x, y = make_moons(n_samples=200, noise=0.2, random_state=0)
    ex = gdviz.explore_network(x, y, lr=0.5, width=8, optimizer="sgd", steps=300)
    task = gdviz.challenge("12", 1, ex)
    passed, message = task.submit()
    assert not passed and "93.0% right: not yet 97%" in message  # the lesson's start: 93% in 300 steps
    ex.controls["optimizer"].value = "momentum"  # 98%, but not plain SGD
    assert "the task is plain SGD" in task.submit()[1]
    ex.controls["optimizer"].value = "sgd"
    ex.controls["lr"].value = 6.0
    passed, message = task.submit()
    assert passed, message
    ex.controls["width"].value = 2  # two tanh units can't bend the boundary enough
    assert not task.submit()[0]


def test_lesson_12_quiz_numbers_from_the_network_itself():
    for width, count in ((16, 65), (8, 33)):
        assert gdviz.two_layer_net(np.zeros((1, 2)), [0], width=width).dim == count
    assert lesson("12").quizzes[1].answer == 65
    assert lesson("12").quizzes[4].answer == pytest.approx(1 / 1024)
def test_the_bank_finds_one_lesson_per_notebook_without_a_count():
    from pathlib import Path

    notebooks = sorted(p.name[:2] for p in (Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
    assert list(LESSONS) == notebooks


def test_challenge_07_accepts_the_whole_window_it_states():
    # The lesson's window ends below 2 / L''(deep) = 2 / 14.31 = 0.1398: a run there settles in the deep valley,
    # even when the explorer's 60 steps leave it still bouncing; beyond it the run bounces for ever.
    ex = gdviz.explore_lr_1d(gdviz.double_well(), start=2.0, lr=0.01, steps=60, lr_range=(1e-3, 0.3))
    task = gdviz.challenge("07", 1, ex)
    deep_curvature = 12 * (-1.3008395656) ** 2 - 6
    for lr, passes in ((0.087, False), (0.088, True), (0.139, True), (0.141, False), (0.15, False)):
        ex.controls["lr"].value = lr
        assert task.submit()[0] is passes, (lr, task.feedback.value)
        assert (lr * deep_curvature < 2) or not passes


def test_challenge_08_hint_points_towards_the_critical_momentum():
    # At Goh's rate the best momentum is (1 - sqrt(lr * 20))^2 = 0.27: above it the hint says less, below it more.
    ex = gdviz.explore_momentum(gdviz.bowl((1, 10)), start=(1.0, 1.0), lr=0.05, momentum=0.8, steps=60)
    task = gdviz.challenge("08", 1, ex)
    ex.controls["lr"].value = 0.1154
    for mu, word in ((0.40, "less momentum"), (0.6, "less momentum"), (0.2, "more momentum")):
        ex.controls["momentum"].value = mu
        passed, message = task.submit()
        assert not passed and word in message, (mu, message)
    ex.controls["lr"].value, ex.controls["momentum"].value = 0.05, 0.0
    assert "nearer 0.115" in task.submit()[1]
