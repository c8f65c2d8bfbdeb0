r"""Self-check exercises: a question, a "Check" button and immediate feedback.

A wrong answer gets feedback on that very mistake (an option's own explanation, or the
misconception behind a typical wrong number) and another go; the worked answer comes with a
correct answer, or after a second wrong attempt. Without a kernel (GitHub, nbconvert) the stored text is the
question and its options in plain text.

:class:`TextFallback`, :func:`check_row` and :func:`verdict_html` are the pieces the lesson's own
widgets share (:mod:`gdviz.lessons.ask`, :mod:`gdviz.lessons.session`).
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping, Sequence

import ipywidgets as widgets

from ..accessibility import alert_html, style_sheet
from ..core.constraints import FINITE, NON_NEGATIVE, Integer, Text, is_number, is_whole
from ..plaintext import plain
from .answer_text import capitalized, parse_number, within

__all__ = ["Exercise", "choice", "numeric", "TextFallback", "check_row", "verdict_html", "REVEAL_AFTER"]

#: Wrong (but real) attempts after which "Check" also shows the explanation.
REVEAL_AFTER = 2


class TextFallback:
    """Widgets whose stored text/plain is their whole ``repr`` (ipywidgets cuts it at 110 characters)."""

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs)
        data["text/plain"] = repr(self)
        return data


def check_row(on_click: Callable[[], object]) -> tuple[widgets.Button, widgets.HTMLMath]:
    """A "Check" button that calls ``on_click`` and the feedback line beside it."""
    button = widgets.Button(description="Check", button_style="primary", icon="check",
                            layout=widgets.Layout(width="auto", flex="0 0 auto"))
    feedback = widgets.HTMLMath(value="")
    button.add_class("gdviz-check")
    feedback.add_class("gdviz-feedback")
    button.on_click(lambda _: on_click())
    return button, feedback


def verdict_html(correct: bool, message: str) -> str:
    """The feedback line: a mark that needs no colour (✓ or ✗) and the message, in an alert (announced)."""
    colour, mark = ("#009E73", "✓") if correct else ("#D55E00", "✗")
    return alert_html(f'<b style="color:{colour}">{mark}</b> {message}')


class Exercise(TextFallback, widgets.VBox):
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
        self.button, self.feedback = check_row(self.submit)
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
        self.feedback.value = verdict_html(correct, message)
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
    question = Text().check(question, "question")
    explanation = Text(empty_ok=True).check(explanation, "explanation")
    if isinstance(options, str) or not isinstance(options, Sequence):
        raise TypeError(f"options must be a list of strings. Got {options!r} instead.")
    options = [Text().check(option, "each option") for option in options]
    if len(options) < 2 or len(set(options)) != len(options):
        raise ValueError(f"options must hold two or more different choices. Got {options!r} instead.")
    several = isinstance(answer, (set, frozenset, list, tuple))
    if not (several or is_whole(answer)):
        raise TypeError(f"answer must be an option index or a set of them. Got {answer!r} instead.")
    n = len(options)
    index = Integer(0, n - 1)  # an option's number

    def indices(values: object, name: str) -> set[int]:
        if not all(map(index.accepts, values)):
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
    bad = [i for i in feedback if not Integer(0, n - 1).accepts(i) or i in right]
    if bad:
        raise ValueError(f"feedback must be keyed by wrong option indices (0 to {n - 1}, not the "
                         f"answer). Got {sorted(feedback, key=repr)!r} instead.")
    return {int(i): Text().check(text, "each feedback") for i, text in feedback.items()}


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
    question = Text().check(question, "question")
    explanation = Text(empty_ok=True).check(explanation, "explanation")
    answer = FINITE.check(answer, "answer")
    tol, rel_tol = NON_NEGATIVE.check(tol, "tol"), NON_NEGATIVE.check(rel_tol, "rel_tol")
    typical = _mistakes(mistakes, answer, tol, rel_tol)

    def near(x: float, target: float) -> bool:
        return within(x, target, tol, rel_tol)

    def close(x: float) -> bool:
        return near(x, answer)

    def judge(response: object) -> tuple[bool, str, bool]:
        if isinstance(response, str):
            value = parse_number(response)
            if value is None:
                return False, (f"I could not read {response.strip()!r} as a number: type digits, "
                               "like 3.2 or -0.5." if response.strip()
                               else "Type a number, then press Check."), False
        elif is_number(response):
            value = float(response)
        else:
            raise TypeError(f"response must be text or a number. Got {response!r} instead.")
        if close(value):
            return True, f"Correct! {explanation}".strip(), True
        said = next((text for target, text in typical if near(value, target)), None)
        hint = capitalized(said) if said else (
            "Check the sign." if close(-value) else "Have another go.")
        return False, f"Not quite: {value:.10g} is not it. {hint}", True

    control = widgets.Text(placeholder="type a number", layout=widgets.Layout(width="12em"))
    return Exercise(question, control, lambda: control.value, judge, explanation=explanation,
                    lines=["Type a number."], on_correct=on_correct)


def _mistakes(mistakes: Sequence[tuple[float, str]], answer: float, tol: float,
              rel_tol: float) -> list[tuple[float, str]]:
    """``mistakes`` checked: pairs of a finite wrong number (not within tolerance of the answer)
    and a non-empty message."""
    if isinstance(mistakes, (str, Mapping)) or not isinstance(mistakes, Sequence):
        raise TypeError(f"mistakes must be a list of (number, message) pairs. Got {mistakes!r} instead.")
    checked = []
    for pair in mistakes:
        if not (isinstance(pair, tuple) and len(pair) == 2 and is_number(pair[0])):
            raise TypeError(f"each mistake must be a (number, message) pair. Got {pair!r} instead.")
        value, text = float(pair[0]), Text().check(pair[1], "each mistake's message")
        if not math.isfinite(value) or within(value, answer, tol, rel_tol):
            raise ValueError(f"each mistake must be a finite number other than the answer. "
                             f"Got {pair[0]!r} instead.")
        checked.append((value, text))
    return checked
