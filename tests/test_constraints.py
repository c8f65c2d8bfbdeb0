"""gdviz.core.constraints: each constraint's accepted values, its refusals (kind of error and the words),
and the rule that a bool is never a number."""
from __future__ import annotations

import math
import re

import numpy as np
import pytest

from gdviz.core.constraints import (BOOLEAN, FINITE, FINITE_POSITIVE, NON_NEGATIVE, SHARE, Choice, Integer,
                                    Interval, NoneOr, Text, is_number, is_whole)

NOT_NUMBERS = [True, False, np.True_, None, "1", b"1", [1.0], (1.0,), {1.0}, 1j, object()]


def refusal(constraint, value, name="x"):
    """The error ``constraint.check(value, name)`` raises: its type and message."""
    with pytest.raises((TypeError, ValueError)) as info:
        constraint.check(value, name)
    return info.type, str(info.value)


# --- Interval -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("constraint, value", [
    (FINITE, -1e300), (FINITE, 0), (FINITE, np.float32(2.5)), (FINITE, np.int64(-3)),
    (FINITE_POSITIVE, 1e-300), (FINITE_POSITIVE, 7), (NON_NEGATIVE, 0.0), (NON_NEGATIVE, -0.0),
    (Interval(0, 0.99), 0.99), (Interval(0, 1, high_open=True), 0.0), (SHARE, 0.5),
    (Interval(-1, 1, low_open=True, high_open=True), -0.999),
])
def test_interval_accepts_and_returns_a_float(constraint, value):
    out = constraint.check(value, "x")
    assert type(out) is float and out == float(value)


@pytest.mark.parametrize("constraint, value", [
    (FINITE_POSITIVE, 0.0), (FINITE_POSITIVE, -1), (NON_NEGATIVE, -1e-300), (Interval(0, 0.99), 0.995),
    (Interval(0, 1, high_open=True), 1.0), (SHARE, 0.0), (SHARE, 1), (Interval(-1, 1, low_open=True), -1),
    *[(c, v) for c in (FINITE, FINITE_POSITIVE, NON_NEGATIVE, SHARE) for v in (math.nan, math.inf, -math.inf)],
])
def test_interval_refuses_out_of_range_nan_and_inf_with_a_value_error(constraint, value):
    error, message = refusal(constraint, value, "lr")
    assert error is ValueError
    assert message == f"lr must be {constraint.words}. Got {value!r} instead."


@pytest.mark.parametrize("value", NOT_NUMBERS)
@pytest.mark.parametrize("constraint", [FINITE, FINITE_POSITIVE, NON_NEGATIVE, Interval(0, 1)])
def test_interval_refuses_what_is_not_a_number_with_a_type_error(constraint, value):
    error, message = refusal(constraint, value, "lr")
    assert error is TypeError and message.startswith(f"lr must be {constraint.words}. Got ")


def test_the_words_say_what_is_accepted():
    assert FINITE.words == "a finite number"
    assert FINITE_POSITIVE.words == "a positive finite number"
    assert NON_NEGATIVE.words == "a finite number >= 0"
    assert Interval(0, 0.99).words == "a finite number in [0, 0.99]"
    assert Interval(0, 1, high_open=True).words == "a finite number in [0, 1)"
    assert SHARE.words == "a finite number in (0, 1)"
    assert Interval(2).words == "a finite number >= 2"
    assert Interval(2, low_open=True).words == "a finite number > 2"
    assert Interval(high=3).words == "a finite number <= 3"


def test_the_learning_rate_message_of_the_brief():
    assert refusal(FINITE_POSITIVE, -1, "lr") == (ValueError, "lr must be a positive finite number. Got -1 instead.")


def test_check_many_takes_a_number_or_a_1d_array():
    assert FINITE_POSITIVE.check_many(0.5, "lr") == 0.5
    np.testing.assert_array_equal(FINITE_POSITIVE.check_many([0.1, 0.2], "lr"), [0.1, 0.2])
    with pytest.raises(ValueError, match=re.escape("lr must be a positive finite number. Got [0.1, -0.2] instead.")):
        FINITE_POSITIVE.check_many([0.1, -0.2], "lr")
    with pytest.raises(TypeError, match="or a 1-D array of them for a sweep"):
        FINITE_POSITIVE.check_many([0.1, True], "lr")
    with pytest.raises(ValueError, match=re.escape("Got shape (0,)")):
        FINITE_POSITIVE.check_many([], "lr")
    with pytest.raises(ValueError, match=re.escape("Got shape (1, 2)")):
        FINITE_POSITIVE.check_many([[0.1, 0.2]], "lr")


# --- Integer ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [0, 5, np.int64(7), np.uint8(3), 10**30])
def test_integer_accepts_whole_numbers_and_returns_an_int(value):
    out = Integer(0).check(value, "seed")
    assert type(out) is int and out == value


@pytest.mark.parametrize("value", [2.0, 2.5, math.nan, True, np.True_, "2", None, [2]])
def test_integer_refuses_what_is_not_whole_with_a_type_error(value):
    assert refusal(Integer(1), value, "steps") == (TypeError, f"steps must be an integer >= 1. Got {value!r} instead.")


@pytest.mark.parametrize("constraint, value", [(Integer(1), 0), (Integer(0), -1), (Integer(1, 2000), 2001),
                                               (Integer(2), np.int32(1))])
def test_integer_refuses_out_of_range_with_a_value_error(constraint, value):
    assert refusal(constraint, value, "steps") == (
        ValueError, f"steps must be {constraint.words}. Got {value!r} instead.")


def test_integer_words():
    assert Integer(1).words == "an integer >= 1" and Integer(1, 2000).words == "an integer from 1 to 2000"


# --- Choice -------------------------------------------------------------------------------------------
def test_choice_of_names():
    reduction = Choice("sum", "mean")
    assert reduction.check("mean", "reduction") == "mean"
    assert refusal(reduction, "max", "reduction") == (
        ValueError, "reduction must be 'sum' or 'mean'. Got 'max' instead.")
    assert refusal(Choice("tanh", "relu", "sigmoid"), "elu", "activation")[1] == (
        "activation must be 'tanh', 'relu' or 'sigmoid'. Got 'elu' instead.")
    for value in (None, 1, ["sum"], np.array(["sum", "mean"])):
        assert refusal(reduction, value)[0] is ValueError


def test_choice_of_numbers_refuses_bools_and_arrays():
    widths = Choice(1, 2, 4)
    assert widths.check(np.int64(2), "width") == 2 and widths.check(4.0, "width") == 4.0
    assert refusal(widths, True, "width") == (ValueError, "width must be one of 1, 2 or 4. Got True instead.")
    assert refusal(Choice(0.0, 0.01), False, "l2")[0] is ValueError
    assert refusal(widths, np.array([1, 2]))[0] is ValueError
    assert refusal(widths, "2")[0] is ValueError


def test_choice_may_offer_bools_beside_names():
    log = Choice(False, True, "y", "x")
    assert log.check(True, "log") is True and log.check("x", "log") == "x"
    for value in (1, 0, "xy"):
        assert refusal(log, value, "log")[0] is ValueError


# --- Text, Boolean, NoneOr ----------------------------------------------------------------------------
def test_text():
    assert Text().check("Why?", "question") == "Why?" and Text(empty_ok=True).check("", "explanation") == ""
    assert refusal(Text(), "  ", "question") == (ValueError, "question must not be empty. Got '  ' instead.")
    assert refusal(Text(empty_ok=True), None, "explanation") == (
        TypeError, "explanation must be a string. Got None instead.")


def test_boolean():
    assert BOOLEAN.check(True, "nesterov") is True and BOOLEAN.check(np.False_, "nesterov") is False
    for value in (0, 1, "yes", None, 1.0):
        assert refusal(BOOLEAN, value, "nesterov") == (
            TypeError, f"nesterov must be True or False. Got {value!r} instead.")


def test_optional():
    tol = NoneOr(FINITE_POSITIVE)
    assert tol.check(None, "tol") is None and tol.check(1e-6, "tol") == 1e-6
    assert refusal(tol, -1.0, "tol") == (ValueError, "tol must be None or a positive finite number. Got -1.0 instead.")
    assert refusal(tol, "small", "tol")[0] is TypeError
    assert refusal(NoneOr(Integer(1)), 0, "n_samples")[1] == (
        "n_samples must be None or an integer >= 1. Got 0 instead.")


def test_accepts_is_check_without_the_error():
    assert FINITE_POSITIVE.accepts(0.1) and not FINITE_POSITIVE.accepts(True)
    assert Integer(0, 2).accepts(2) and not Integer(0, 2).accepts(3)


def test_a_bool_is_never_a_number():
    assert not is_number(True) and not is_number(np.bool_(False)) and is_number(np.float16(1))
    assert not is_whole(True) and is_whole(np.int8(1)) and not is_whole(1.0)


def test_a_long_value_is_cut_in_the_message():
    error, message = refusal(FINITE, "9" * 400, "a")
    assert error is TypeError and "(402 characters)" in message and len(message) < 160


def test_constraints_are_frozen_and_compare_by_value():
    assert Interval(0, 1) == Interval(0, 1) and Choice("a", "b") == Choice("a", "b")
    with pytest.raises(AttributeError):
        FINITE_POSITIVE.low = -1  # type: ignore[misc]
