"""Self-check exercises: feedback logic, the button, the plain-text fallback and argument checks."""
import math

import ipywidgets as widgets
import numpy as np
import pytest

import gdviz
from gdviz.lessons.answer_text import parse_number
from gdviz.lessons.widgets import REVEAL_AFTER

W2 = "On $L(w) = w^2$ from $w_1 = 4$ with $\\eta = 0.1$, what is $w_2$?"


@pytest.fixture
def single():
    return gdviz.choice(W2, ["4.8", "3.2", "3.6"], 1, explanation="$w_2 = 4 - 0.1 \\cdot 8 = 3.2$.")


@pytest.fixture
def several():
    return gdviz.choice("Which are true of the gradient in $n$ dimensions?",
                        ["an $n$-vector", "a scalar", "the steepest decrease", "the steepest increase"],
                        {0, 3}, explanation="It is a vector pointing uphill.")


# --- one right option -------------------------------------------------------------------------
def test_single_right_wrong_and_no_choice(single):
    assert single.check(1) == (True, "Correct! $w_2 = 4 - 0.1 \\cdot 8 = 3.2$.")
    assert single.check(np.int64(1))[0]
    for wrong in (0, 2):
        correct, message = single.check(wrong)
        assert not correct and "3.2" not in message  # a hint, not the answer
    assert single.check(None) == (False, "Pick an option, then press Check.")


def test_single_uses_radio_buttons_with_no_preselection(single):
    assert isinstance(single, widgets.VBox) and isinstance(single.control, widgets.RadioButtons)
    assert single.control.value is None
    assert single.control.options == (("4.8", 0), ("3.2", 1), ("3.6", 2))
    assert isinstance(single.children[0], widgets.HTMLMath) and single.children[0].value == W2


@pytest.mark.parametrize("response", [3, -1, True, "1"])
def test_single_bad_response_raises(single, response):
    with pytest.raises(ValueError, match="response must hold option indices 0 to 2"):
        single.check(response)


# --- several right options ------------------------------------------------------------------------
@pytest.mark.parametrize("ticked, correct, message", [
    ({0, 3}, True, "Correct! It is a vector pointing uphill."),
    ([3, 0], True, "Correct! It is a vector pointing uphill."),
    ({0}, False, "Not yet: 1 right option is missing."),
    ({0, 1, 3}, False, "Not yet: 1 of your ticks is wrong."),
    ({0, 1, 2, 3}, False, "Not yet: 2 of your ticks are wrong."),
    ({1}, False, "Not yet: 1 of your ticks is wrong and 2 right options are missing."),
    ({0, 2}, False, "Not yet: 1 of your ticks is wrong and 1 right option is missing."),
    (set(), False, "Tick at least one option, then press Check."),
])
def test_several_counts_wrong_and_missing(several, ticked, correct, message):
    assert several.check(ticked) == (correct, message)


def test_several_uses_checkboxes_even_for_one_right_option():
    ex = gdviz.choice("Pick the scalar.", ["a vector", "a scalar"], [1])
    assert [type(box) for box in ex.control.children] == [widgets.Checkbox] * 2
    assert ex.check({1})[0] and not ex.check({0, 1})[0]
    with pytest.raises(TypeError, match="collection of option indices"):
        ex.check(1)


# --- numbers ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, value", [
    ("3.2", 3.2), (" 3.2 ", 3.2), ("3,2", 3.2), ("-0.5", -0.5), ("−4", -4.0), ("16/5", 3.2),
    ("1e-3", 0.001), ("abc", None), ("", None), ("1/0", None), ("nan", None), ("inf", None),
    ("1.2.3", None), ("3,2,1", None),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_numeric_feedback():
    ex = gdviz.numeric(W2, 3.2, tol=0.01, explanation="$4 - 0.8$")
    assert ex.check("3.2") == (True, "Correct! $4 - 0.8$")
    assert ex.check("3,205")[0] and ex.check(3.195)[0]  # inside the tolerance 0.01
    assert ex.check("3.22") == (False, "Not quite: 3.22 is not it. Have another go.")
    assert ex.check("-3.2") == (False, "Not quite: -3.2 is not it. Check the sign.")
    assert ex.check("three") == (
        False, "I could not read 'three' as a number: type digits, like 3.2 or -0.5.")
    assert ex.check("  ") == (False, "Type a number, then press Check.")
    with pytest.raises(TypeError, match="response must be text or a number"):
        ex.check(None)


def test_numeric_relative_tolerance():
    ex = gdviz.numeric("Big?", 1000.0, tol=0.0, rel_tol=0.01)
    assert ex.check("1009.9")[0] and not ex.check("1010.1")[0]
    exact = gdviz.numeric("Exact?", 0.5, tol=0.0)
    assert exact.check("1/2")[0] and not exact.check(0.5 + 1e-12)[0]


def test_numeric_default_tolerance_is_absolute_1e_6():
    ex = gdviz.numeric("w?", 1.791759)
    assert ex.check(1.791759 + 0.9e-6)[0] and not ex.check(1.791759 + 1.1e-6)[0]


# --- the Check button -------------------------------------------------------------------------------
def test_submit_reveals_explanation_after_real_wrong_attempts():
    ex = gdviz.numeric(W2, 3.2, explanation="Because $4 - 0.1 \\cdot 8 = 3.2$.")
    ex.control.value = "oops"  # not a number: not counted
    ex.submit()
    assert ex.attempts == 0 and "could not read" in ex.feedback.value
    ex.control.value = "3.6"
    for attempt in range(1, REVEAL_AFTER + 1):
        correct, message = ex.submit()
        assert not correct and ex.attempts == attempt
        assert ("Because" in message) == (attempt >= REVEAL_AFTER)
    assert "✗" in ex.feedback.value and "Because" in ex.feedback.value
    ex.control.value = "3.2"
    assert ex.submit() == (True, "Correct! Because $4 - 0.1 \\cdot 8 = 3.2$.")
    assert "✓" in ex.feedback.value


def test_button_click_checks_the_current_choice(single, several):
    single.control.value = 2
    single.button.click()
    assert "✗" in single.feedback.value and "Not quite" in single.feedback.value
    single.control.value = 1
    single.button.click()
    assert "✓" in single.feedback.value
    several.control.children[0].value = True
    several.button.click()
    assert "1 right option is missing" in several.feedback.value
    assert several._dom_classes == ("gdviz-exercise",)
    assert "gdviz-check" in several.button._dom_classes


# --- plain-text fallback ----------------------------------------------------------------------------
def test_repr_single(single):
    assert repr(single) == (
        "Exercise: On L(w) = w² from w₁ = 4 with η = 0.1, what is w₂?\n"
        "  A) 4.8\n  B) 3.2\n  C) 3.6\n"
        "(run the notebook to check your answer)")


def test_repr_several_and_numeric(several):
    assert repr(several).splitlines() == [
        "Exercise: Which are true of the gradient in n dimensions?", "Tick every right option:",
        "  A) an n-vector", "  B) a scalar", "  C) the steepest decrease", "  D) the steepest increase",
        "(run the notebook to check your answer)"]
    assert repr(gdviz.numeric("What is $\\frac{dL}{dw}$ at $w = 5$?", 10)) == (
        "Exercise: What is dL/dw at w = 5?\nType a number.\n(run the notebook to check your answer)")


def test_stored_text_is_not_truncated(several):
    bundle = several._repr_mimebundle_()
    assert bundle["text/plain"] == repr(several) and len(repr(several)) > 110
    assert "application/vnd.jupyter.widget-view+json" in bundle


# --- argument checks --------------------------------------------------------------------------------
@pytest.mark.parametrize("args, kwargs, error, match", [
    (("", ["a", "b"], 0), {}, ValueError, "question must not be empty"),
    ((3, ["a", "b"], 0), {}, TypeError, "question must be a string"),
    (("Q", [], 0), {}, ValueError, "options must hold two or more"),
    (("Q", ["a"], 0), {}, ValueError, "options must hold two or more"),
    (("Q", ["a", "a"], 0), {}, ValueError, "options must hold two or more"),
    (("Q", "ab", 0), {}, TypeError, "options must be a list of strings"),
    (("Q", ["a", 2], 0), {}, TypeError, "each option must be a string"),
    (("Q", ["a", ""], 0), {}, ValueError, "each option must not be empty"),
    (("Q", ["a", "b"], 2), {}, ValueError, r"answer must hold option indices 0 to 1"),
    (("Q", ["a", "b"], -1), {}, ValueError, r"answer must hold option indices 0 to 1"),
    (("Q", ["a", "b"], {0, 5}), {}, ValueError, r"answer must hold option indices 0 to 1"),
    (("Q", ["a", "b"], set()), {}, ValueError, "at least one option index"),
    (("Q", ["a", "b"], True), {}, TypeError, "answer must be an option index"),
    (("Q", ["a", "b"], "0"), {}, TypeError, "answer must be an option index"),
    (("Q", ["a", "b"], 1.0), {}, TypeError, "answer must be an option index"),
    (("Q", ["a", "b"], 0), {"explanation": None}, TypeError, "explanation must be a string"),
])
def test_choice_rejects(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        gdviz.choice(*args, **kwargs)


@pytest.mark.parametrize("answer, kwargs, error, match", [
    (math.nan, {}, ValueError, "answer must be a finite number"),
    (math.inf, {}, ValueError, "answer must be a finite number"),
    ("3.2", {}, TypeError, "answer must be a finite number. Got '3.2' instead"),
    (True, {}, TypeError, "answer must be a finite number. Got True instead"),
    (1.0, {"tol": -1e-3}, ValueError, r"tol must be a finite number >= 0"),
    (1.0, {"tol": math.inf}, ValueError, r"tol must be a finite number >= 0"),
    (1.0, {"rel_tol": -0.1}, ValueError, r"rel_tol must be a finite number >= 0"),
    (1.0, {"tol": None}, TypeError, "tol must be a finite number >= 0. Got None instead"),
])
def test_numeric_rejects(answer, kwargs, error, match):
    with pytest.raises(error, match=match):
        gdviz.numeric("Q", answer, **kwargs)
