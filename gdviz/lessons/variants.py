r"""Per-learner numbers: a numeric question of the bank drawn afresh from a seed (the learner's name or id).

A variant keeps the bank question's wording and its named mistakes, but its numbers come from the seed and its
answer, and each typical wrong number, from the question's formula. The same seed always gives the same question
(the seed is hashed with SHA-256, never Python's ``hash``, so it does not change between runs); no seed, or an empty
one, gives the bank's own numbers. A question with no variant here keeps its one set of numbers for everyone.

Examples
--------
>>> draw("02", 1).answer == lesson("02").quizzes[1].answer    # no seed: the bank's own question
True
>>> ada, bob = draw("02", 1, "ada"), draw("02", 1, "bob")
>>> ada == draw("02", 1, "ada"), ada.question != bob.question
(True, True)
>>> p = parameters("02", 1, "ada")
>>> bool(abs(ada.answer - p["w0"] * (1 - 2 * p["lr"]) ** 2) < 1e-12)
True
"""
from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .answer_text import misconception, within
from .bank import lesson
from .items import Number

__all__ = ["VARIANTS", "draw", "parameters", "named", "misconception"]


@dataclass(frozen=True)
class Variant:
    """How one numeric question is redrawn: ``choices`` lists the values each parameter may take (the bank's
    own are ``own``), ``make(**parameters)`` writes the question with its answer and its named mistakes."""

    own: Mapping[str, float]
    choices: Mapping[str, tuple[float, ...]]
    make: Callable[..., Number]
    #: a short name for each typical wrong number, in the order of ``make``'s mistakes, the same for every seed
    names: tuple[str, ...] = ()


def _g(x: float) -> str:
    return f"{x:.6g}"


def _two_steps(w0: float, lr: float) -> Number:
    factor = 1 - 2 * lr
    w1 = w0 * factor
    return Number(
        rf"On $L(w) = w^2$, start at $w_0 = {_g(w0)}$ with learning rate $\eta = {_g(lr)}$. What is $w_2$, after "
        "two steps?",
        w0 * factor ** 2,
        rf"Each step multiplies $w$ by $1 - 2 \cdot {_g(lr)} = {_g(factor)}$: $w_1 = {_g(w1)}$, then "
        rf"$w_2 = {_g(w1)} \cdot {_g(factor)} = {_g(w0 * factor ** 2)}$.",
        mistakes=((w1, f"that is w₁, after one step: take a second step from {_g(w1)}."),
                  (w0 * (1 + 2 * lr) ** 2, "you added the step instead of subtracting it: descent goes against "
                                           "the slope."),
                  (w0 * (1 - lr) ** 2, "you forgot the 2 in the slope 2w: each step is η · 2w."),
                  (w0 * (1 - 2 * lr * lr) ** 2, "you applied η twice (η² · 2w): the step is η times the slope, "
                                                "once."),
                  (factor, "that is the factor 1 − 2η each step multiplies w by, not w₂ itself.")),
    )


def _power_rule(c: float, n: float, x: float) -> Number:
    n = int(n)
    return Number(
        rf"What is the derivative of $f(x) = {_g(c)}x^{n}$ at $x = {_g(x)}$?",
        c * n * x ** (n - 1),
        rf"By the power rule $f'(x) = {_g(c)} \cdot {n}\, x^{n - 1} = {_g(c * n)}x^{n - 1}$, and "
        rf"${_g(c * n)} \cdot {_g(x)}^{n - 1} = {_g(c * n * x ** (n - 1))}$.",
        mistakes=((c * x ** n, f"that is f({_g(x)}), the function's value, not its slope."),
                  (n * x ** (n - 1), f"you dropped the constant factor {_g(c)}: it stays in front."),
                  (c * n * x ** n, f"the exponent goes down by one: {_g(c * n)}x^{n - 1}, not {_g(c * n)}x^{n}."),
                  (c * n * x, f"that is {_g(c * n)} · {_g(x)}: the power x^{n - 1} is still to take.")),
    )


def _factor(a: float, lr: float) -> Number:
    return Number(
        rf"A steeper loss, $L(w) = {_g(a)}w^2$ (slope ${_g(2 * a)}w$). By what factor is $w$ multiplied at every "
        rf"step with $\eta = {_g(lr)}$?",
        1 - 2 * a * lr,
        rf"$w - \eta \cdot {_g(2 * a)}w = (1 - {_g(2 * a)}\eta)\,w$, and $1 - {_g(2 * a)} \cdot {_g(lr)} = "
        rf"{_g(1 - 2 * a * lr)}$.",
        mistakes=((1 - 2 * lr, f"that is the factor of w², 1 − 2η: here the slope is {_g(2 * a)}w."),
                  (1 - a * lr, f"the slope of {_g(a)}w² is {_g(2 * a)}w, not {_g(a)}w: the power rule brings "
                               "down the 2."),
                  (2 * a * lr, f"that is {_g(2 * a)}η, the fraction of w each step removes; the factor is "
                               f"1 − {_g(2 * a)}η."),
                  (1 + 2 * a * lr, f"you added the step: the factor of descent is 1 − {_g(2 * a)}η.")),
    )


def _one_step_rate(a: float) -> Number:
    return Number(
        rf"On $L(w) = {_g(a)}w^2$, which learning rate lands on the minimum in a single step? (3 decimals)",
        1 / (2 * a),
        rf"One step lands on $0$ when the factor $1 - {_g(2 * a)}\eta$ is $0$: $\eta = 1/{_g(2 * a)} \approx "
        rf"{1 / (2 * a):.3f}$.",
        mistakes=((0.5, f"0.5 is the one-step rate of w²; here the factor is 1 − {_g(2 * a)}η."),
                  (1 / a, f"with η = 1/{_g(a)} the factor is 1 − 2 = −1: w bounces between ±w₀ forever."),
                  (a, f"the rate is 1/{_g(2 * a)}, the inverse of the slope's factor {_g(2 * a)}.")),
        tol=1e-3,
    )


def _limit(a: float) -> Number:
    return Number(
        rf"And above which learning rate does descent on $L(w) = {_g(a)}w^2$ diverge? (3 decimals)",
        1 / a,
        rf"It diverges when $|1 - {_g(2 * a)}\eta| > 1$, i.e. $\eta > 2/{_g(2 * a)} \approx {1 / a:.3f}$: a "
        "steeper loss needs a smaller rate.",
        mistakes=((1.0, f"η = 1 is the boundary of w², whose slope is 2w; with slope {_g(2 * a)}w it is "
                        f"2/{_g(2 * a)}."),
                  (1 / (2 * a), f"1/{_g(2 * a)} is the one-step rate; divergence starts at twice that, when "
                                f"1 − {_g(2 * a)}η < −1.")),
        tol=1e-3,
    )


#: The numeric questions that are drawn per learner, by (lesson, question number).
VARIANTS: dict[tuple[str, int], Variant] = {
    ("02", 1): Variant({"w0": 3.0, "lr": 0.2}, {"w0": (2.0, 3.0, 4.0, 5.0, -2.0, -3.0, -4.0),
                                                 "lr": (0.1, 0.15, 0.2, 0.3, 0.35)}, _two_steps,
                       ("one step, not two", "the step added (the sign)", "the 2 of the slope 2w forgotten",
                        "η applied twice", "the factor 1 − 2η, not w₂")),
    ("02", 3): Variant({"c": 3.0, "n": 5.0, "x": 2.0}, {"c": (2.0, 3.0, 4.0, 5.0, 6.0), "n": (3.0, 4.0, 5.0),
                                                         "x": (2.0, 3.0)}, _power_rule,
                       ("the function's value, not its slope", "the constant factor dropped",
                        "the exponent not lowered", "the power x^(n−1) not taken")),
    ("03", 2): Variant({"a": 3.0, "lr": 0.1}, {"a": (2.0, 3.0, 4.0, 5.0), "lr": (0.02, 0.04, 0.05, 0.08)}, _factor,
                       ("the factor of w², 1 − 2η", "the slope of a·w² taken as a·w", "the fraction removed, "
                        "not the factor", "the step added (the sign)")),
    ("03", 3): Variant({"a": 3.0}, {"a": (4.0, 5.0, 8.0, 10.0)}, _one_step_rate,
                       ("the one-step rate of w²", "the bouncing rate 1/a", "the steepness a, not 1/(2a)")),
    ("03", 4): Variant({"a": 3.0}, {"a": (2.0, 4.0, 5.0, 8.0, 10.0)}, _limit,
                       ("the limit of w², η = 1", "the one-step rate, not the limit")),
}


def _rng(lesson_key: str, number: int, seed: str) -> np.random.Generator:
    digest = hashlib.sha256(f"gdviz {lesson_key}.{number} {seed}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def _distinct(item: Number) -> bool:
    """Whether the answer and every typical wrong number are finite and told apart by the question's tolerance."""
    values = [item.answer] + [value for value, _ in item.mistakes]
    return all(math.isfinite(v) for v in values) and not any(
        within(x, y, item.tol, item.rel_tol) for i, x in enumerate(values) for y in values[i + 1:])


def _check(lesson_key: str, number: int, seed: Any) -> None:
    if not isinstance(lesson_key, str) or isinstance(number, bool) or not isinstance(number, int):
        raise TypeError(f"lesson must be a string (\"02\") and number an int. Got {lesson_key!r}, {number!r} "
                        "instead.")
    item = lesson(lesson_key).quizzes.get(number)
    if not isinstance(item, Number):
        numbers = sorted(i for i, q in lesson(lesson_key).quizzes.items() if isinstance(q, Number))
        raise ValueError(f"number must be one of lesson {lesson_key}'s numeric questions {numbers}. "
                         f"Got {number!r} instead.")
    if seed is not None and not isinstance(seed, (str, int)) or isinstance(seed, bool):
        raise TypeError(f"seed must be a learner's name or id (a string or an int), or None. Got {seed!r} instead.")


def parameters(lesson_key: str, number: int, seed: str | int | None = None) -> dict[str, float]:
    """The numbers of question ``number`` of lesson ``lesson_key`` for ``seed`` (the bank's own without a seed,
    or for a question that has no variant)."""
    _check(lesson_key, number, seed)
    variant = VARIANTS.get((lesson_key, number))
    if variant is None:
        return {}
    if seed is None or seed == "":
        return dict(variant.own)
    rng = _rng(lesson_key, number, str(seed))
    while True:  # a draw whose typical wrong numbers cannot be told from the answer is drawn again
        drawn = {name: float(rng.choice(values)) for name, values in variant.choices.items()}
        if _distinct(variant.make(**drawn)):
            return drawn


def draw(lesson_key: str, number: int, seed: str | int | None = None) -> Number:
    """Numeric question ``number`` of lesson ``lesson_key`` with the numbers of ``seed`` (a learner's name or
    id): the question, its answer and its typical wrong numbers, each computed by the question's formula.

    Parameters
    ----------
    lesson_key : str
        The lesson's two digits ("02").
    number : int
        A numeric question of that lesson (a :class:`~gdviz.lessons.items.Number` in the bank).
    seed : str or int, optional
        The learner's name or id; ``None`` or ``""`` gives the bank's own numbers.

    Returns
    -------
    Number
        The question; for a question with no variant, the bank's own item whatever the seed.

    Examples
    --------
    >>> draw("03", 4, "ada").answer == 1 / parameters("03", 4, "ada")["a"]
    True
    """
    variant = VARIANTS.get((lesson_key, number))
    params = parameters(lesson_key, number, seed)
    if variant is None:
        return lesson(lesson_key).quizzes[number]
    return variant.make(**params)


def named(lesson_key: str, number: int, value: float, seed: str | int | None = None) -> str | None:
    """The name of the misconception behind ``value``, a typical wrong number of the question drawn for ``seed``
    (None if it is none of them): the variant's own name, the same for every learner, or for a question without a
    variant its message's first clause (:func:`misconception`).

    >>> named("02", 1, 1.8), named("02", 1, 1.08)
    ('one step, not two', None)
    """
    item = draw(lesson_key, number, seed)
    variant = VARIANTS.get((lesson_key, number))
    for i, (target, told) in enumerate(item.mistakes):
        if within(float(value), target, item.tol, item.rel_tol):
            return variant.names[i] if variant is not None else misconception(told)
    return None
