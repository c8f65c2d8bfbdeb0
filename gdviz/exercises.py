r"""Self-check exercises: a question, a "Check" button and immediate feedback.

A wrong answer gets feedback on that very mistake (an option's own explanation, or the
misconception behind a typical wrong number) and another go; the worked answer comes with a
correct answer, or after a second wrong attempt. Without a kernel (GitHub, nbconvert) the stored text is the
question and its options in plain text.
"""
from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable, Mapping, Sequence

import ipywidgets as widgets

from .accessibility import alert_html, style_sheet
from .plaintext import plain

__all__ = ["Exercise", "choice", "numeric"]

#: Wrong (but real) attempts after which "Check" also shows the explanation.
REVEAL_AFTER = 2
def _parse_number(text: str) -> float | None:
    """A finite float from a learner's text ("3.2", "3,2", "1,000", "-1/2", "−4"), else ``None``.

    A comma is a thousands separator when it splits the digits into groups of three and a
    decimal reading would be odd: several groups ("1,000,000"), a decimal point after them
    ("1,000.5"), or a single group ending in zero ("1,000", "2,500": nobody writes 1.000 for 1).
    Otherwise a single comma is a decimal comma, as many countries write it ("3,2", "3,205").
    """
    s = text.strip().replace("−", "-").replace(" ", "")
    grouped = re.fullmatch(r"[+-]?[1-9]\d{0,2}((?:,\d{3})+)(\.\d*)?", s)
    if grouped and (grouped[1].count(",") > 1 or grouped[2] or grouped[1].endswith("0")):
        s = s.replace(",", "")
    elif s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")  # a decimal comma
    try:
        num, _, den = s.partition("/")
        value = float(num) / float(den) if den else float(num)
    except (ValueError, ZeroDivisionError):
        return None
    return value if math.isfinite(value) else None


def _text(value: object, name: str, *, empty_ok: bool = False) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string. Got {value!r} instead.")
    if not (empty_ok or value.strip()):
        raise ValueError(f"{name} must not be empty. Got {value!r} instead.")
    return value


class _TextFallback:
    """Widgets whose stored text/plain is their whole ``repr`` (ipywidgets cuts it at 110 characters)."""

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs)
        data["text/plain"] = repr(self)
        return data


def _check_row(on_click: Callable[[], object]) -> tuple[widgets.Button, widgets.HTMLMath]:
    """A "Check" button that calls ``on_click`` and the feedback line beside it."""
    button = widgets.Button(description="Check", button_style="primary", icon="check",
                            layout=widgets.Layout(width="auto", flex="0 0 auto"))
    feedback = widgets.HTMLMath(value="")
    button.add_class("gdviz-check")
    feedback.add_class("gdviz-feedback")
    button.on_click(lambda _: on_click())
    return button, feedback


def _verdict_html(correct: bool, message: str) -> str:
    """The feedback line: a mark that needs no colour (✓ or ✗) and the message, in an alert (announced)."""
    colour, mark = ("#009E73", "✓") if correct else ("#D55E00", "✗")
    return alert_html(f'<b style="color:{colour}">{mark}</b> {message}')


class Exercise(_TextFallback, widgets.VBox):
    r"""A question (HTMLMath), an answer control, a "Check" button and a feedback line.

    Made by :func:`choice` or :func:`numeric`: ``read()`` gives the control's response,
    ``judge(response)`` gives ``(correct, message, real_attempt)``, ``lines`` follow the
    question in the plain-text fallback.

    Examples
    --------
    >>> ex = numeric("What is $2 \\cdot 5$?", 10)
    >>> ex.control.value = "10"
    >>> ex.submit()
    (True, 'Correct!')
    """

    def __init__(self, question: str, control: widgets.Widget, read: Callable[[], object],
                 judge: Callable[[object], tuple[bool, str, bool]], *, explanation: str = "",
                 lines: Sequence[str] = (), on_correct: Callable[[], None] | None = None) -> None:
        self.question, self.explanation, self.attempts = question, explanation, 0
        self.on_correct = on_correct
        self.control, self._read, self._judge, self._lines = control, read, judge, tuple(lines)
        self.button, self.feedback = _check_row(self.submit)
        super().__init__([widgets.HTMLMath(value=question), control,
                          widgets.HBox([self.button, self.feedback]), style_sheet()])
        self.add_class("gdviz-exercise")

    def check(self, response: object) -> tuple[bool, str]:
        """``(correct, message)`` without a front-end; a wrong answer gets a hint, not the answer."""
        correct, message, _ = self._judge(response)
        return correct, message

    def submit(self) -> tuple[bool, str]:
        """What "Check" does: judge the control's response, add the explanation after
        ``REVEAL_AFTER`` wrong attempts, show the message in the feedback line and, when right,
        call ``on_correct``."""
        correct, message, real = self._judge(self._read())
        self.attempts += int(real and not correct)
        if not correct and self.explanation and self.attempts >= REVEAL_AFTER:
            message += f" Here is the worked answer: {self.explanation}"
        if correct and self.on_correct is not None:
            self.on_correct()
        self.feedback.value = _verdict_html(correct, message)
        return correct, message

    def __repr__(self) -> str:
        body = "\n".join((f"Exercise: {plain(self.question)}", *self._lines))
        return f"{body}\n(run the notebook to check your answer)"


def choice(question: str, options: Sequence[str], answer: int | Sequence[int] | set[int], *,
           explanation: str = "", feedback: Mapping[int, str] | None = None,
           on_correct: Callable[[], None] | None = None) -> Exercise:
    r"""Multiple choice: one right option (radio buttons) or several (checkboxes, all needed).

    Parameters
    ----------
    question : str
        Text; ``$...$`` parts are rendered as LaTeX.
    options : sequence of str
        At least two different choices, shown as plain text (``$\eta$``, ``$w_2$`` become η, w₂).
    answer : int or set/list/tuple of int
        Index of the right option, or indices of all right options (checkboxes even for one index).
    explanation : str, optional
        Why; shown with a correct answer or after two wrong attempts.
    feedback : mapping of int to str, optional
        For a single right option: what each wrong option gets told (the misconception behind
        it); an option without an entry gets "Have another go."
    on_correct : callable, optional
        Called with no argument each time "Check" finds the answer right.

    Returns
    -------
    Exercise
        ``check`` takes an index (or ``None``), or a collection of indices.

    Examples
    --------
    >>> ex = choice("From $w_1 = 4$, $\\eta = 0.1$ on $w^2$: $w_2$?", ["4.8", "3.2", "3.6"], 1)
    >>> ex.check(1), ex.check(2)
    ((True, 'Correct!'), (False, 'Not quite. Have another go.'))
    >>> choice("$w_2$?", ["4.8", "3.2"], 1, feedback={0: "You added the step."}).check(0)
    (False, 'Not quite: You added the step.')
    """
    question = _text(question, "question")
    explanation = _text(explanation, "explanation", empty_ok=True)
    if isinstance(options, str) or not isinstance(options, Sequence):
        raise TypeError(f"options must be a list of strings. Got {options!r} instead.")
    options = [_text(option, "each option") for option in options]
    if len(options) < 2 or len(set(options)) != len(options):
        raise ValueError(f"options must hold two or more different choices. Got {options!r} instead.")
    several = not isinstance(answer, numbers.Integral)
    if isinstance(answer, bool) or several and not isinstance(answer, (set, frozenset, list, tuple)):
        raise TypeError(f"answer must be an option index or a set of them. Got {answer!r} instead.")
    n = len(options)

    def indices(values: object, name: str) -> set[int]:
        if any(isinstance(i, bool) or not isinstance(i, numbers.Integral) or not 0 <= i < n
               for i in values):
            raise ValueError(f"{name} must hold option indices 0 to {n - 1}. Got {values!r} instead.")
        return {int(i) for i in values}

    right = indices(answer if several else [answer], "answer")
    if not right:
        raise ValueError(f"answer must hold at least one option index. Got {answer!r} instead.")
    told = _feedback(feedback, n, right, several)
    labels = [plain(option) for option in options]
    lines = ["Tick every right option:"] * several + [f"  {chr(65 + i)}) {x}"
                                                       for i, x in enumerate(labels)]

    def judge(response: object) -> tuple[bool, str, bool]:
        if several and (isinstance(response, (str, numbers.Number)) or not hasattr(response, "__iter__")):
            raise TypeError(f"response must be a collection of option indices. Got {response!r}.")
        given = list(response) if several else [] if response is None else [response]
        ticked = indices(given, "response")
        if not ticked:
            first = "Tick at least one option" if several else "Pick an option"
            return False, f"{first}, then press Check.", False
        wrong, missing = len(ticked - right), len(right - ticked)
        if not wrong and not missing:
            return True, f"Correct! {explanation}".strip(), True
        if not several:
            (given_index,) = ticked
            said = told.get(given_index)
            return False, f"Not quite: {said}" if said else "Not quite. Have another go.", True
        counts = [f"{wrong} of your ticks {'is' if wrong == 1 else 'are'} wrong"] * bool(wrong) + [
            f"{missing} right option{' is' if missing == 1 else 's are'} missing"] * bool(missing)
        return False, f"Not yet: {' and '.join(counts)}.", True

    if several:
        boxes = [widgets.Checkbox(description=x, indent=False, layout=widgets.Layout(width="auto"))
                 for x in labels]
        control, read = widgets.VBox(boxes), lambda: {i for i, box in enumerate(boxes) if box.value}
    else:
        control = widgets.RadioButtons(options=list(zip(labels, range(n))), value=None,
                                       layout=widgets.Layout(width="max-content"))
        read = lambda: control.value  # noqa: E731
    return Exercise(question, control, read, judge, explanation=explanation, lines=lines,
                    on_correct=on_correct)


def _feedback(feedback: Mapping[int, str] | None, n: int, right: set[int],
              several: bool) -> dict[int, str]:
    """``feedback`` checked: wrong single-answer option indices to non-empty strings."""
    if feedback is None:
        return {}
    if not isinstance(feedback, Mapping):
        raise TypeError(f"feedback must map option indices to strings. Got {feedback!r} instead.")
    if several and feedback:
        raise ValueError("feedback is for questions with one right option; several are right here.")
    bad = [i for i in feedback if isinstance(i, bool) or not isinstance(i, numbers.Integral)
           or not 0 <= i < n or i in right]
    if bad:
        raise ValueError(f"feedback must be keyed by wrong option indices (0 to {n - 1}, not the "
                         f"answer). Got {sorted(feedback, key=repr)!r} instead.")
    return {int(i): _text(text, "each feedback") for i, text in feedback.items()}


def numeric(question: str, answer: float, *, tol: float = 1e-6, rel_tol: float = 0.0,
            explanation: str = "", mistakes: Sequence[tuple[float, str]] = (),
            on_correct: Callable[[], None] | None = None) -> Exercise:
    r"""A number to type; right when ``|x - answer| <= max(tol, rel_tol * |answer|)``.

    The box accepts ``3.2``, ``3,2`` (decimal comma), ``-1/2`` and the minus sign ``−``;
    text that is not a number gets a friendly message (not counted as an attempt).

    Parameters
    ----------
    question : str
        Text; ``$...$`` parts are rendered as LaTeX.
    answer : float
        The right value (finite).
    tol, rel_tol : float, optional
        Absolute and relative tolerance (finite, >= 0).
    explanation : str, optional
        Why; shown with a correct answer or after two wrong attempts.
    mistakes : sequence of (float, str), optional
        Typical wrong numbers and the misconception each one reveals; a typed number within the
        same tolerance of one of them gets its message.
    on_correct : callable, optional
        Called with no argument each time "Check" finds the answer right.

    Returns
    -------
    Exercise
        whose ``check`` takes the typed text or a number.

    Examples
    --------
    >>> ex = numeric("One step on $w^2$ from $w = 5$ with $\\eta = 0.1$: the new $w$?", 4.0)
    >>> ex.check("4,0"), ex.check("-4")[1]
    ((True, 'Correct!'), 'Not quite: -4 is not it. Check the sign.')
    >>> numeric("$w_2$?", 3.2, mistakes=[(4.8, "You added the step.")]).check("4.8")[1]
    'Not quite: 4.8 is not it. You added the step.'
    """
    question = _text(question, "question")
    explanation = _text(explanation, "explanation", empty_ok=True)
    for name, value in (("answer", answer), ("tol", tol), ("rel_tol", rel_tol)):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"{name} must be a real number. Got {value!r} instead.")
        if not math.isfinite(value) or (name != "answer" and value < 0):
            kind = "a finite number" if name == "answer" else "a finite number >= 0"
            raise ValueError(f"{name} must be {kind}. Got {value!r} instead.")
    typical = _mistakes(mistakes, answer, tol, rel_tol)

    def near(x: float, target: float) -> bool:
        return abs(x - target) <= max(tol, rel_tol * abs(target))

    def close(x: float) -> bool:
        return near(x, answer)

    def judge(response: object) -> tuple[bool, str, bool]:
        if isinstance(response, str):
            value = _parse_number(response)
            if value is None:
                return False, (f"I could not read {response.strip()!r} as a number: type digits, "
                               "like 3.2 or -0.5." if response.strip()
                               else "Type a number, then press Check."), False
        elif isinstance(response, numbers.Real) and not isinstance(response, bool):
            value = float(response)
        else:
            raise TypeError(f"response must be text or a number. Got {response!r} instead.")
        if close(value):
            return True, f"Correct! {explanation}".strip(), True
        said = next((text for target, text in typical if near(value, target)), None)
        hint = _capitalized(said) if said else (
            "Check the sign." if close(-value) else "Have another go.")
        return False, f"Not quite: {value:.10g} is not it. {hint}", True

    control = widgets.Text(placeholder="type a number", layout=widgets.Layout(width="12em"))
    return Exercise(question, control, lambda: control.value, judge, explanation=explanation,
                    lines=["Type a number."], on_correct=on_correct)


def _capitalized(text: str) -> str:
    """``text`` with a capital first letter when that letter is Latin ("η = ..." stays: "Η" is another letter).

    >>> _capitalized("you added the step."), _capitalized("η is the rate")
    ('You added the step.', 'η is the rate')
    """
    return text[:1].upper() + text[1:] if text[:1].isascii() else text


def _mistakes(mistakes: Sequence[tuple[float, str]], answer: float, tol: float,
              rel_tol: float) -> list[tuple[float, str]]:
    """``mistakes`` checked: pairs of a finite wrong number (not within tolerance of the answer)
    and a non-empty message."""
    if isinstance(mistakes, (str, Mapping)) or not isinstance(mistakes, Sequence):
        raise TypeError(f"mistakes must be a list of (number, message) pairs. Got {mistakes!r} instead.")
    checked = []
    for pair in mistakes:
        if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], numbers.Real)
                and not isinstance(pair[0], bool)):
            raise TypeError(f"each mistake must be a (number, message) pair. Got {pair!r} instead.")
        value, text = float(pair[0]), _text(pair[1], "each mistake's message")
        if not math.isfinite(value) or abs(value - answer) <= max(tol, rel_tol * abs(answer)):
            raise ValueError(f"each mistake must be a finite number other than the answer. "
                             f"Got {pair[0]!r} instead.")
        checked.append((value, text))
    return checked
