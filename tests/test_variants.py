"""Per-learner numbers (gdviz.lessons.variants): the bank's own question without a seed, one question per seed,
and every answer checked against the descent it describes, worked here step by step."""
from __future__ import annotations

import pytest

from gdviz.lessons import variants
from gdviz.lessons.bank import lesson

LEARNERS = [f"learner{i}" for i in range(40)] + ["ada", "bob", 7]


@pytest.mark.parametrize("key", sorted(variants.VARIANTS))
def test_no_seed_gives_the_banks_own_question(key):
    mine, bank = variants.draw(*key), lesson(key[0]).quizzes[key[1]]
    assert mine.answer == pytest.approx(bank.answer, abs=1e-12)
    assert [value for value, _ in mine.mistakes] == pytest.approx([value for value, _ in bank.mistakes], abs=1e-12)
    assert variants.draw(*key, "") == mine


@pytest.mark.parametrize("key", sorted(variants.VARIANTS))
def test_one_seed_one_question_and_learners_get_different_ones(key):
    assert variants.draw(*key, "ada") == variants.draw(*key, "ada")
    drawn = {tuple(sorted(variants.parameters(*key, seed).items())) for seed in LEARNERS}
    assert len(drawn) >= 3


@pytest.mark.parametrize("key", sorted(variants.VARIANTS))
def test_mistakes_are_told_apart_and_named_the_same_for_everyone(key):
    names = variants.VARIANTS[key].names
    assert len(set(names)) == len(names)
    for seed in LEARNERS:
        item = variants.draw(*key, seed)
        assert len(item.mistakes) == len(names)
        for (value, _), name in zip(item.mistakes, names):
            assert abs(value - item.answer) > item.tol
            assert variants.named(*key, value, seed) == name
        assert variants.named(*key, item.answer, seed) is None


def _descend(w, lr, slope, steps):
    for _ in range(steps):
        w = w - lr * slope(w)
    return w


@pytest.mark.parametrize("seed", LEARNERS)
def test_answers_are_what_descent_gives(seed):
    p = variants.parameters("02", 1, seed)
    assert variants.draw("02", 1, seed).answer == pytest.approx(_descend(p["w0"], p["lr"], lambda w: 2 * w, 2))
    p = variants.parameters("02", 3, seed)
    f = lambda x: p["c"] * x ** int(p["n"])  # noqa: E731
    h = 1e-5
    slope = (f(p["x"] + h) - f(p["x"] - h)) / (2 * h)
    assert variants.draw("02", 3, seed).answer == pytest.approx(slope, rel=1e-8)
    p = variants.parameters("03", 2, seed)
    w1 = _descend(1.0, p["lr"], lambda w: 2 * p["a"] * w, 1)
    assert variants.draw("03", 2, seed).answer == pytest.approx(w1)
    a = variants.parameters("03", 3, seed)["a"]
    assert _descend(5.0, variants.draw("03", 3, seed).answer, lambda w: 2 * a * w, 1) == pytest.approx(0, abs=1e-12)
    a = variants.parameters("03", 4, seed)["a"]
    limit = variants.draw("03", 4, seed).answer
    assert abs(_descend(5.0, limit, lambda w: 2 * a * w, 10)) == pytest.approx(5.0)  # bounces for ever at the limit
    assert abs(_descend(5.0, limit * 1.01, lambda w: 2 * a * w, 50)) > 5.0
    assert abs(_descend(5.0, limit * 0.99, lambda w: 2 * a * w, 50)) < 5.0


def test_a_question_without_a_variant_is_the_same_for_everyone():
    assert variants.draw("04", 3, "ada") == variants.draw("04", 3, "bob") == lesson("04").quizzes[3]


@pytest.mark.parametrize("args, error, words", [
    (("02", 2), ValueError, "numeric questions [1, 3]"),
    (("02", 1, 1.5), TypeError, "seed must be"),
    (("02", True), TypeError, "number an int"),
    (("99", 1), ValueError, "lesson must be '00'.*Got '99' instead"),
])
def test_bad_input_says_what_is_accepted(args, error, words):
    with pytest.raises(error, match=words.replace("[", r"\[").replace("]", r"\]")):
        variants.draw(*args)
