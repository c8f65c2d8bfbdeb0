r"""Code exercises: the learner writes a small function, a checker runs it on cases the learner does
not see and says what is wrong.

Each checker compares the learner's function with an independent plain-numpy reference on hidden
cases. When they differ it tries the typical mistakes (the sign flipped, the learning rate applied
twice, the factor 2 forgotten, no reshuffle, no bias correction, ...): a mistake that reproduces
every answer of the learner's function is named. An exception is reported with the line of the
learner's cell it came from. The learner's function runs on each hidden case within ``TIME_LIMIT``
seconds (a loop that never ends is stopped and named with its case, see ``_within``); its array
inputs are fresh copies, compared afterwards, so a change made in place (``w -= ...``) is named; what
it returns is checked for its kind (text, None, a list for an array, the wrong number of values).
The epoch's checker judges each epoch by the learner's own shuffle (the batches it hands to ``grad``),
so any order drawn from the given ``rng`` is right. A stub that still returns ``None`` (``...``) or raises
``NotImplementedError`` is not a mistake: it gets an invitation ("Your turn: ..."), in a neutral colour, so a
lesson stored with its exercises unfinished shows no red error.

Examples
--------
>>> def step(w, lr):
...     return w - lr * 2 * w
>>> check_step(step).passed
True
>>> check_step(lambda w, lr: w + lr * 2 * w).message.startswith("Not yet: the sign")
True
"""
from __future__ import annotations

import ast
import copy
import ctypes
import html
import inspect
import re
import signal
import textwrap
import threading
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import session
from .answer_text import misconception

__all__ = ["Verdict", "check_step", "check_descent", "check_step_2d", "check_neuron_step",
           "check_epoch", "check_momentum_step", "check_adam_step", "check_linear_step",
           "check_logistic_step", "check_hidden_backward"]


@dataclass(frozen=True)
class Verdict:
    """What a checker found: ``passed``, and a message for the learner; ``todo`` when the function is still
    the unfinished stub (an invitation, not a failure); ``mistake``, the short name of the misconception
    when the checker recognised one ("the sign", "a loop that never ends"), for a grader's report."""

    exercise: str
    passed: bool
    message: str
    todo: bool = False
    mistake: str | None = None

    def __repr__(self) -> str:
        return f"{'✓' if self.passed else '✎' if self.todo else '✗'} {self.message}"

    def _repr_html_(self) -> str:
        colour, mark, kind = (("#009E73", "✓", "pass") if self.passed else ("#0072B2", "✎", "todo") if self.todo
                              else ("#D55E00", "✗", "fail"))
        message = re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(self.message))
        return (f'<div class="gdviz-verdict gdviz-verdict-{kind}"><b style="color:{colour}">{mark}</b> '
                f"{message}</div>")


@dataclass(frozen=True)
class _Spec:
    """One code exercise: hidden cases, the reference (or several accepted conventions), the typical
    mistakes as functions with the same signature, and how to call the learner's function."""

    name: str
    lesson: str
    returns: str
    cases: tuple[Callable[[], tuple], ...]
    accepted: tuple[Callable, ...]
    mistakes: tuple[tuple[Callable, str], ...]
    drive: Callable[[Callable, tuple], Any] = lambda fn, args: fn(*args)
    show: Callable[[tuple], str] | None = None
    #: what the learner's function returns: "number", "list", "array", or "2"/"3" values in a tuple
    kind: str = "number"

    def describe(self, args: tuple) -> str:
        """A hidden case in words: ``show(args)``, or each argument by its name ("w = 3, lr = 0.1")."""
        if self.show is not None:
            return self.show(args)
        names = inspect.signature(self.accepted[0]).parameters
        return ", ".join(f"{name} = {_fmt(value)}" for name, value in zip(names, args))


def _fmt(value: Any) -> str:
    if callable(value) or isinstance(value, np.random.Generator):
        return type(value).__name__
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return f"{float(array):.6g}"
    if array.size > 8:
        return f"<{array.size} numbers>"
    return "(" + ", ".join(f"{v:.6g}" for v in array.ravel()) + ")"


class _NotYet(Exception):
    """The learner's function could not be compared: the message says why (``mistake`` names it, if it is a
    misconception rather than a slip in what was returned)."""

    def __init__(self, message: str, mistake: str | None = None) -> None:
        super().__init__(message)
        self.mistake = mistake


class _YourTurn(_NotYet):
    """The function is still the stub: nothing to compare yet."""


#: Seconds the learner's function may run on one hidden case before the checker stops it.
TIME_LIMIT = 2.0


class _TookTooLong(BaseException):
    """Raised inside the learner's function when its time is up: a BaseException, so that a learner's
    ``except Exception:`` cannot swallow it."""


def _within(seconds: float, fn: Callable, args: tuple) -> Any:
    """``fn(*args)``, stopped with ``_TookTooLong`` if it runs longer than ``seconds``.

    In the kernel's main thread (where Jupyter runs every cell) on Unix, a ``SIGALRM`` timer
    (``signal.setitimer``) raises inside the learner's code: nothing else starts, the call stays in the
    thread that runs the cell (numpy's error state, the learner's globals and the traceback's line
    numbers are all as usual), so a normal answer costs no more than a plain call. Anywhere else (a
    thread, Windows) the call runs in a worker thread and, when its time is up, is stopped with an
    asynchronous exception (``PyThreadState_SetAsyncExc``). Both stop loops written in Python, which is
    what a learner's endless ``while`` is; neither can interrupt one long call inside C code (a huge
    ``np.linalg`` call, say): the signal's handler, and the asynchronous exception, only run between two
    Python instructions. In a worker thread the checker still returns on time and the stuck call
    is left to finish by itself.
    """
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        def alarm(signum, frame):
            raise _TookTooLong

        previous = signal.signal(signal.SIGALRM, alarm)
        earlier, start = signal.setitimer(signal.ITIMER_REAL, seconds), time.monotonic()
        try:
            return fn(*args)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
            if earlier[0] > 0:  # someone else's timer (pytest-timeout, say) runs on with the time it had left
                signal.setitimer(signal.ITIMER_REAL, max(earlier[0] - (time.monotonic() - start), 1e-3), earlier[1])
    return _in_worker(seconds, fn, args)


def _in_worker(seconds: float, fn: Callable, args: tuple) -> Any:
    """``fn(*args)`` in a daemon thread; ``_TookTooLong`` (and that exception sent into the thread) after
    ``seconds``."""
    box: dict[str, Any] = {}

    def work():
        try:
            with np.errstate(all="ignore"):
                box["result"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=work, name="gdviz-checker", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident), ctypes.py_object(_TookTooLong))
        worker.join(0.1)
        raise _TookTooLong
    if "error" in box:
        raise box["error"]
    return box["result"]


def _is_stub(fn: Callable) -> bool:
    """Whether ``fn``'s body is still the stub (only a docstring, ``...`` or ``pass``); True when its
    source cannot be read (the benefit of the doubt)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return True
    node = next((n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.Lambda))), None)
    if node is None:
        return True
    if isinstance(node, ast.Lambda):
        return isinstance(node.body, ast.Constant) and node.body.value in (None, Ellipsis)
    body = [s for s in node.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    return all(isinstance(s, ast.Pass) for s in body)


def _check_returned(spec: _Spec, fn: Callable, result: Any) -> None:
    """``_NotYet`` naming what is wrong with the kind of thing returned (text, None, a list for an
    array, a wrong number of values); ``_YourTurn`` for the stub's None."""
    name, values = spec.name, (result if isinstance(result, (tuple, list)) else (result,))
    if result is None or (isinstance(result, tuple) and result and all(r is None for r in result)):
        if result is not None or _is_stub(fn):
            raise _YourTurn(f"Your turn: write `{name}` where the `...` is, `return` {spec.returns}, then "
                            "run this cell. (It returns None so far.)")
        raise _NotYet(f"Not yet: `{name}` returned None: it reaches its end without a `return`. End it "
                      f"with `return` {spec.returns}.")
    text = next((v for v in values if isinstance(v, (str, bytes))), None)
    if text is not None:
        raise _NotYet(f"Not yet: `{name}` returned text ({text!r}), not a number: return the value itself, "
                      f"without str(...) or quotes. It should return {spec.returns}.")
    if spec.kind == "number" and isinstance(result, (tuple, list, dict, set)):
        raise _NotYet(f"Not yet: `{name}` returned a {type(result).__name__}; it should return "
                      f"{spec.returns}.")
    if spec.kind == "array" and isinstance(result, (tuple, list)):
        raise _NotYet(f"Not yet: `{name}` returned a {type(result).__name__}, not a numpy array: do the "
                      "arithmetic on the array itself (e.g. `w - lr * grad`), which gives a new array.")
    if spec.kind.isdigit():
        count = int(spec.kind)
        if not isinstance(result, (tuple, list)):
            raise _NotYet(f"Not yet: `{name}` returned one {type(result).__name__}; it should return "
                          f"{spec.returns}: {count} values separated by commas "
                          f"(`return {', '.join('abc'[:count])}`).")
        if len(result) != count:
            raise _NotYet(f"Not yet: `{name}` returned {len(result)} values; it should return "
                          f"{spec.returns} ({count} values).")
        missing = next((i for i, r in enumerate(result) if r is None), None)
        if missing is not None:
            raise _NotYet(f"Not yet: value {missing + 1} of the {count} `{name}` returned is None; it "
                          f"should return {spec.returns}.")


def _guarded(spec: _Spec, fn: Callable, case: tuple) -> Callable:
    """``fn`` as the checker calls it: within the time limit, its array inputs watched for changes made
    in place, and what it returns checked for its kind."""
    names = list(inspect.signature(spec.accepted[0]).parameters)

    def learner(*args):
        before = [a.copy() if isinstance(a, np.ndarray) else None for a in args]
        try:
            result = _within(TIME_LIMIT, fn, args)
        except _TookTooLong:
            raise _NotYet(f"Not yet: `{spec.name}` took too long for {spec.describe(case)} (stopped after "
                          f"{TIME_LIMIT:g} s): look for a loop that never ends, such as a `while` whose "
                          "condition stays true (nan is never equal to anything).",
                          mistake="a loop that never ends") from None
        for name, old, new in zip(names, before, args):
            if old is None or (old.shape == new.shape and np.array_equal(old, new, equal_nan=True)):
                continue
            if spec.name == "epoch" and name in ("x", "y"):
                raise _NotYet(f"Not yet: your `epoch` reordered the caller's `{name}` in place (`rng.shuffle"
                              f"({name})` shuffles the very array that was passed in, and shuffling x and y "
                              "one after the other also parts each x from its y): draw one order = "
                              "rng.permutation(n) and index both with it, x[batch] and y[batch].",
                              mistake="changed its input in place")
            raise _NotYet(f"Not yet: your `{spec.name}` changed the caller's `{name}` in place (`{name} "
                          f"-= ...` or `{name}[...] = ...` write into the array that was passed in): "
                          f"compute a new array, e.g. `{name} = {name} - ...`, and return it.",
                          mistake="changed its input in place")
        _check_returned(spec, fn, result)
        return result
    return learner


def _call(spec: _Spec, fn: Callable, args: tuple) -> np.ndarray:
    """The learner's answer on one case as a float array; ``_NotYet`` with a message if it has none."""
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = spec.drive(_guarded(spec, fn, args), args)
    except _NotYet:
        raise
    except NotImplementedError:
        raise _YourTurn(f"Your turn: replace the `raise NotImplementedError` in `{spec.name}` with your code, "
                        f"`return` {spec.returns}, then run this cell.") from None
    except Exception as exc:  # noqa: BLE001 - the learner's error, reported with its line
        raise _NotYet(_where(exc, fn, spec)) from None
    try:
        return np.asarray(result, dtype=float)
    except (TypeError, ValueError):
        raise _NotYet(f"Not yet: `{spec.name}` returned {result!r}; it should return "
                      f"{spec.returns}.") from None


def _where(exc: Exception, fn: Callable, spec: _Spec) -> str:
    """The exception and the line of the learner's code it came from (or, if the call itself failed,
    the arguments the function should take)."""
    frames = traceback.extract_tb(exc.__traceback__)
    code = getattr(fn, "__code__", None)
    mine = [f for f in frames if code is not None and f.filename == code.co_filename]
    if not mine:  # raised before the learner's code ran: the wrong arguments, most likely
        return (f"Not yet: calling `{spec.name}` raised {type(exc).__name__}: {exc}. It should be "
                f"`def {spec.name}{inspect.signature(spec.accepted[0])}:`.")
    frame = mine[-1]
    where = f" on line {frame.lineno} of your cell" + (f" (`{frame.line.strip()}`)" if frame.line else "")
    return f"Not yet: your function raised {type(exc).__name__}: {exc}{where}."


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-6, atol=1e-9, equal_nan=True))


def _run(spec: _Spec, fn: Callable) -> Verdict:
    if not callable(fn):
        raise TypeError(f"pass your function itself, e.g. check_{spec.name}({spec.name}). "
                        f"Got {fn!r} instead.")
    verdict = judge(spec, fn)
    if verdict.todo:  # the stub: an invitation, not a failed try
        return verdict
    if verdict.passed:
        session.record(spec.lesson, f"exercise {spec.name}")
        return verdict
    if session.note_failure(spec.lesson, f"exercise {spec.name}") >= 2:  # the worked solution is under the cell
        return Verdict(spec.name, False, f"{verdict.message} Stuck? The worked solution is collapsed under "
                       "this cell.", mistake=verdict.mistake)
    return verdict


def judge(spec: _Spec, fn: Callable) -> Verdict:
    """The verdict on ``fn`` by exercise ``spec``'s hidden cases and named mistakes; nothing recorded, no try counted."""
    try:
        answers = [_call(spec, fn, case()) for case in spec.cases]
    except _NotYet as not_yet:
        return Verdict(spec.name, False, str(not_yet), todo=isinstance(not_yet, _YourTurn), mistake=not_yet.mistake)

    def reference(ref: Callable) -> list[np.ndarray]:
        with np.errstate(all="ignore"):
            return [np.asarray(spec.drive(ref, case()), dtype=float) for case in spec.cases]

    if any(all(map(_same, answers, reference(ref))) for ref in spec.accepted):
        return Verdict(spec.name, True, f"Right: `{spec.name}` agrees with the reference on all "
                       f"{len(spec.cases)} hidden cases. Well done!")
    for mistake, told in spec.mistakes:
        if all(map(_same, answers, reference(mistake))):
            return Verdict(spec.name, False, f"Not yet: {told}", mistake=misconception(told))
    expected = reference(spec.accepted[0])
    for case, got, want in zip(spec.cases, answers, expected):
        if got.shape != want.shape:
            return Verdict(spec.name, False, (
                f"Not yet: for {spec.describe(case())} `{spec.name}` returned something of shape "
                f"{got.shape}; it should return {spec.returns} (shape {want.shape})."))
        if not _same(got, want):
            return Verdict(spec.name, False, (
                f"Not yet: for {spec.describe(case())} `{spec.name}` returned {_fmt(got)}, the "
                f"reference gives {_fmt(want)}. Work that case by hand and compare."))
    raise AssertionError("unreachable: the answers differ from the reference but no case does")


# --- one step and the loop on L(w) = w^2 --------------------------------------------------------------
def _step(w, lr):
    return w - lr * 2 * w


_STEP = _Spec("step", "02", "the new w (one number)",
              cases=(lambda: (3.0, 0.1), lambda: (-2.0, 0.25), lambda: (0.5, 0.9), lambda: (4.0, 1.2)),
              accepted=(_step,),
              mistakes=(
                  (lambda w, lr: w + lr * 2 * w, "the sign: you added the step (w + η·2w), which goes "
                   "uphill. Descent subtracts it: w − η·2w."),
                  (lambda w, lr: w - lr * lr * 2 * w, "the learning rate is applied twice (η²·2w). "
                   "Multiply the slope by η once."),
                  (lambda w, lr: w - lr * w, "you forgot the 2: the slope of w² is 2w, not w."),
                  (lambda w, lr: 2 * w, "you returned the slope 2w; return the new w = w − η·2w."),
                  (lambda w, lr: lr * 2 * w, "you returned the step η·2w; the new w is w minus it."),
                  (lambda w, lr: w, "w comes back unchanged: subtract η times the slope 2w."),
              ))


def check_step(fn: Callable[[float, float], float]) -> Verdict:
    """Check ``step(w, lr)``: one gradient step on :math:`L(w) = w^2`, returning the new ``w``.

    Examples
    --------
    >>> print(check_step(lambda w, lr: w - lr * lr * 2 * w).message.split(". ")[0])
    Not yet: the learning rate is applied twice (η²·2w)
    """
    return _run(_STEP, fn)


def _descent(w0, lr, steps):
    ws = [w0]
    for _ in range(steps):
        ws.append(_step(ws[-1], lr))
    return ws


def _descent_by(update):
    def run(w0, lr, steps):
        ws = [w0]
        for _ in range(steps):
            ws.append(update(ws[-1], lr))
        return ws
    return run


_DESCENT = _Spec("descent", "03", "the list of every w, the start included (steps + 1 numbers)", kind="list",
                 cases=(lambda: (4.0, 0.1, 5), lambda: (-1.5, 0.3, 3), lambda: (2.0, 0.9, 4)),
                 accepted=(_descent,),
                 mistakes=(
                     (_descent_by(lambda w, lr: w + lr * 2 * w), "the sign: each step adds η·2w and "
                      "climbs. Subtract it."),
                     (_descent_by(lambda w, lr: w - lr * lr * 2 * w), "the learning rate is applied "
                      "twice (η²) in each step."),
                     (_descent_by(lambda w, lr: w - lr * w), "you forgot the 2 in the slope 2w of w²."),
                     (lambda w0, lr, steps: _descent(w0, lr, steps)[1:], "the start is missing: the "
                      "list should begin with w₀ and hold steps + 1 values."),
                     (lambda w0, lr, steps: _descent(w0, lr, steps + 1), "one step too many: the "
                      "list should hold steps + 1 values (the start and one per step)."),
                     (lambda w0, lr, steps: _descent(w0, lr, steps)[-1], "you returned only the last "
                      "w; return the list of every w (the start included)."),
                     (lambda w0, lr, steps: [w0] * (steps + 1), "w never changes: assign the new "
                      "value back to w inside the loop."),
                     (lambda w0, lr, steps: [w0] + [_step(w0, lr)] * steps, "every step starts from "
                      "w₀: take each step from the w the previous step gave."),
                 ))


def check_descent(fn: Callable[[float, float, int], list]) -> Verdict:
    """Check ``descent(w0, lr, steps)``: gradient descent on :math:`L(w) = w^2`, returning every ``w``
    from ``w0`` on (``steps + 1`` numbers).

    Examples
    --------
    >>> check_descent(lambda w0, lr, steps: [w0 * (1 - 2 * lr) ** k for k in range(steps + 1)]).passed
    True
    """
    return _run(_DESCENT, fn)


# --- a step in the valley L = w1^2 + 10 w2^2 ------------------------------------------------------------
_VALLEY = np.array([2.0, 20.0])  # the slopes' factors: dL/dw1 = 2 w1, dL/dw2 = 20 w2


def _step_2d(w, lr):
    return np.asarray(w, dtype=float) - lr * _VALLEY * w


_STEP_2D = _Spec("step_2d", "04", "the new point, an array of two numbers (w₁, w₂)", kind="array",
                 cases=(lambda: (np.array([5.0, -4.0]), 0.05), lambda: (np.array([1.0, 1.0]), 0.09),
                        lambda: (np.array([-2.0, 0.5]), 0.01)),
                 accepted=(_step_2d,),
                 mistakes=(
                     (lambda w, lr: w + lr * _VALLEY * w, "the sign: you stepped along the gradient, "
                      "uphill. Step against it: w − η∇L."),
                     (lambda w, lr: w - lr * lr * _VALLEY * w, "the learning rate is applied twice."),
                     (lambda w, lr: w - lr * _VALLEY / 2 * w, "you forgot the 2 of the power rule: "
                      "∂L/∂w₁ = 2w₁ and ∂L/∂w₂ = 20w₂."),
                     (lambda w, lr: w - lr * 2 * w, "both components got the slope 2w: the 10 in "
                      "10w₂² makes ∂L/∂w₂ = 20w₂."),
                     (lambda w, lr: w - lr * _VALLEY * w[::-1], "the components are swapped: ∂L/∂w₁ "
                      "uses w₁ and ∂L/∂w₂ uses w₂."),
                     (lambda w, lr: _VALLEY * w, "you returned the gradient; return the new point "
                      "w − η∇L."),
                 ))


def check_step_2d(fn: Callable[[np.ndarray, float], np.ndarray]) -> Verdict:
    r"""Check ``step_2d(w, lr)``: one step on :math:`L = w_1^2 + 10 w_2^2` from the array ``w``.

    Examples
    --------
    >>> check_step_2d(lambda w, lr: w - lr * np.array([2, 20]) * w).passed
    True
    """
    return _run(_STEP_2D, fn)


# --- the neuron's partial derivatives (the loss without the 1/2) ----------------------------------------
def _neuron_parts(w, b, xs, ys):
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    f = 1.0 / (1.0 + np.exp(-(w * xs + b)))
    return f, xs, ys


def _neuron_update(factor, slope=True, x_in_w=True, x_in_b=False, sign=-1.0, lr_power=1, total=np.sum):
    def step(w, b, lr, xs, ys):
        f, xs_, ys_ = _neuron_parts(w, b, xs, ys)
        shared = factor * (f - ys_) * (f * (1 - f) if slope else 1.0)
        dw = total(shared * (xs_ if x_in_w else 1.0))
        db = total(shared * (xs_ if x_in_b else 1.0))
        return w + sign * lr ** lr_power * dw, b + sign * lr ** lr_power * db
    return step


_NEURON_CASES = (lambda: (0.5, 0.0, 0.3, np.array([0.5, 2.5]), np.array([0.2, 0.9])),
                 lambda: (-2.0, -2.0, 1.0, np.array([0.5, 2.5]), np.array([0.2, 0.9])),
                 lambda: (1.0, -0.5, 0.5, np.array([-1.0, 0.0, 2.0]), np.array([0.1, 0.5, 0.8])))
_NEURON = _Spec("neuron_step", "05", "the pair (new w, new b)", cases=_NEURON_CASES, kind="2",
                accepted=(_neuron_update(2.0),),
                mistakes=(
                    (_neuron_update(2.0, sign=1.0), "the sign: you moved w and b uphill. Subtract η "
                     "times each partial derivative."),
                    (_neuron_update(2.0, lr_power=2), "the learning rate is applied twice."),
                    (_neuron_update(1.0), "that is the slope of the loss with the ½; this loss has no "
                     "½, so the chain rule brings down a 2: 2(σ − y)σ(1 − σ)."),
                    (_neuron_update(2.0, slope=False), "the sigmoid's own slope σ(1 − σ) is missing "
                     "from the chain rule."),
                    (_neuron_update(2.0, x_in_w=False), "∂L/∂w needs the input x as a factor "
                     "(∂(wx + b)/∂w = x); yours equals ∂L/∂b."),
                    (_neuron_update(2.0, x_in_b=True), "∂L/∂b has no factor x (∂(wx + b)/∂b = 1)."),
                    (_neuron_update(2.0, total=np.mean), "you averaged over the points (np.mean): this "
                     "loss is a sum, L = Σᵢ (σ(wxᵢ + b) − yᵢ)², so its partial derivatives are sums too "
                     "(np.sum)."),
                    (_neuron_update(1.0, total=np.mean), "you averaged over the points and dropped the 2: "
                     "this loss is a sum with no ½, so use np.sum and 2(σ − y)σ(1 − σ)."),
                ),
                show=lambda a: f"w = {a[0]:g}, b = {a[1]:g}, lr = {a[2]:g}, xs = {_fmt(a[3])}, "
                               f"ys = {_fmt(a[4])}")


def check_neuron_step(fn: Callable) -> Verdict:
    r"""Check ``neuron_step(w, b, lr, xs, ys)``: one descent step on
    :math:`L(w, b) = \sum_i (\sigma(w x_i + b) - y_i)^2` (no ½), returning ``(new w, new b)``.

    Examples
    --------
    >>> def neuron_step(w, b, lr, xs, ys):
    ...     f = 1 / (1 + np.exp(-(w * xs + b)))
    ...     shared = 2 * (f - ys) * f * (1 - f)
    ...     return w - lr * np.sum(shared * xs), b - lr * np.sum(shared)
    >>> check_neuron_step(neuron_step).passed
    True
    """
    return _run(_NEURON, fn)


# --- one epoch of shuffled mini-batches -----------------------------------------------------------------
def _line_grad(params, xb, yb):
    """The mean gradient of ½(w x + b − y)² over a batch: the grad the checker hands the learner."""
    miss = params[0] * xb + params[1] - yb
    return np.array([np.mean(miss * xb), np.mean(miss)])


def _epoch_by(keep_short=True):
    def epoch(params, x, y, lr, batch_size, rng, grad):
        n = len(x)
        params = np.array(params, dtype=float)
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            batch = order[start:start + batch_size]
            if len(batch) < batch_size and not keep_short:
                break
            params = params - lr * grad(params, x[batch], y[batch])
        return params
    return epoch


def _replay(params, batches, lr, sign=-1.0, lr_power=1):
    """The epoch along the given batches (pairs of x and y), one update per batch: the learner's own shuffle."""
    path = [np.array(params, dtype=float)]
    for xb, yb in batches:
        path.append(path[-1] + sign * lr ** lr_power * _line_grad(path[-1], xb, yb))
    return path


def _epoch_slip(args, result, calls, drew, order_before) -> str | None:
    """What is wrong with one epoch, judged by the batches the learner's function handed to ``grad``
    (``calls``: params, xb, yb of each call) and whether it drew from ``rng`` (``drew``); None if right."""
    params, x, y, lr, batch_size, _, _ = args
    n = len(x)
    if not calls:
        return "`grad` was never called: take one step params − lr·grad(params, xb, yb) per batch."
    where = [np.flatnonzero(np.isin(x, xb)) for _, xb, _ in calls]
    if any(len(i) != len(np.unique(xb)) for i, (_, xb, _) in zip(where, calls)):
        return "grad was given points that are not in x: pass x[batch] and y[batch]."
    batches = [np.array([np.flatnonzero(x == v)[0] for v in np.ravel(xb)]) for _, xb, _ in calls]
    if any(np.size(yb) != len(b) or not np.array_equal(np.ravel(yb), y[b]) for b, (_, _, yb) in zip(batches, calls)):
        return ("x and y were shuffled separately, so each x lost its own y: draw one order and index "
                "both with it, x[batch] and y[batch].")
    if len(batches) == 1 and n > batch_size:
        return "that is one full-batch step: an epoch of mini-batches takes one step per batch."
    order = np.concatenate(batches)
    sizes = [len(b) for b in batches]
    if len(np.unique(order)) != len(order):
        if all(size == batch_size for size in sizes):
            return ("each batch is a fresh random draw (a reshuffle before every batch), so some points "
                    "come twice in an epoch and others never. Shuffle once at the start of the epoch and "
                    "walk through that order.")
        return "some points were used twice in the epoch: each point belongs to exactly one batch."
    short = n % batch_size
    if any(size != batch_size for size in sizes[:-1]) or len(order) not in (n, n - short) or (
            len(order) < n and sizes[-1] != batch_size):
        return (f"the batches should hold batch_size = {batch_size} points each (the last may be short, "
                f"or dropped), every point once; yours held {sizes}.")
    if order_before is not None and np.array_equal(order, order_before):
        return "both epochs used the same order: draw a new one at the start of every epoch."
    if not drew:
        if np.array_equal(order, np.arange(len(order))):
            return ("no reshuffle: the batches walk through the data in its stored order every epoch. "
                    "Draw order = rng.permutation(n) at the start of each epoch and take the batches from it.")
        return ("the order did not come from `rng`: np.random.permutation (the global generator) or a "
                "generator of your own gives a different order on every run. Draw from the rng passed "
                "in, order = rng.permutation(n), so that one seed repeats the whole run.")
    start = np.array(params, dtype=float)
    if len(calls) > 1 and all(np.allclose(p, start) for p, _, _ in calls):
        return ("every gradient was taken at the params the epoch started with: take each batch's "
                "gradient at the params the previous batch's step gave, one step after another.")
    pairs = [(x[b], y[b]) for b in batches]
    got = np.asarray(result, dtype=float)
    for sign, power, slip in ((-1.0, 1, None), (1.0, 1, "the sign: params + η·grad climbs. Subtract it."),
                              (-1.0, 2, "the learning rate is applied twice in each update.")):
        if _same(got, _replay(params, pairs, lr, sign, power)[-1]):
            return slip
    want = _replay(params, pairs, lr)[-1]
    return (f"along your own batches the epoch should end at {_fmt(want)}, yours ended at {_fmt(got)}: "
            "take one step params = params − lr·grad(params, x[batch], y[batch]) per batch, in turn.")


def _two_epochs(fn, args):
    """Two epochs in a row with the same generator, each judged by its own shuffle (the batches handed to
    ``grad``): any order drawn from ``rng`` is right (rng.permutation, rng.choice(n, n, replace=False),
    rng.shuffle, ...). ``_NotYet`` names a slip; a right pair of epochs gives zeros (what the reference gives)."""
    params, x, y, lr, batch_size, rng, grad = args
    order, show = None, f"n = {len(x)} points, batch_size = {batch_size}, lr = {lr:g}"
    for _ in range(2):
        calls = []

        def recorded(p, xb, yb):
            calls.append((np.array(p, dtype=float), np.array(xb, dtype=float), np.array(yb, dtype=float)))
            return grad(p, xb, yb)

        state = copy.deepcopy(rng.bit_generator.state)
        result = fn(params, x, y, lr, batch_size, rng, recorded)
        args_now = (params, x, y, lr, batch_size, rng, grad)
        slip = _epoch_slip(args_now, result, calls, rng.bit_generator.state != state, order)
        if slip:
            raise _NotYet(f"Not yet: for {show}, {slip}", mistake=misconception(slip))
        order = np.concatenate([[np.flatnonzero(x == v)[0] for v in xb] for _, xb, _ in calls])
        params = np.array(result, dtype=float)
    return np.zeros(2)


def _epoch_case(seed, n, batch_size, lr):
    def case():
        data = np.random.default_rng(100 + seed)
        x = data.uniform(-2, 2, n)
        y = 1.5 * x - 0.5 + data.normal(0, 0.1, n)
        return (np.array([0.0, 0.0]), x, y, lr, batch_size, np.random.default_rng(seed), _line_grad)
    return case


_EPOCH = _Spec("epoch", "06", "the parameters after the epoch (an array like params)",
               cases=(_epoch_case(1, 10, 4, 0.3), _epoch_case(2, 7, 2, 0.2), _epoch_case(3, 12, 12, 0.5)),
               accepted=(_epoch_by(), _epoch_by(keep_short=False)),
               mistakes=(),  # named by _two_epochs, which judges each epoch by the learner's own shuffle
               drive=_two_epochs, kind="array",
               show=lambda a: f"n = {len(a[1])} points, batch_size = {a[4]}, lr = {a[3]:g}")


def check_epoch(fn: Callable) -> Verdict:
    """Check ``epoch(params, x, y, lr, batch_size, rng, grad)``: one epoch of shuffled mini-batch
    descent (``order = rng.permutation(n)``, then one step ``params - lr * grad(params, xb, yb)`` per
    batch). A short last batch may be kept (torch's DataLoader default) or dropped. The checker runs
    two epochs with the same ``rng``: the second must draw a new order.

    Examples
    --------
    >>> def epoch(params, x, y, lr, batch_size, rng, grad):
    ...     order = rng.permutation(len(x))
    ...     for start in range(0, len(x), batch_size):
    ...         batch = order[start:start + batch_size]
    ...         params = params - lr * grad(params, x[batch], y[batch])
    ...     return params
    >>> check_epoch(epoch).passed
    True
    """
    return _run(_EPOCH, fn)


# --- momentum and Adam -----------------------------------------------------------------------------------
def _momentum(w, v, g, lr, mu):
    v = mu * v + g
    return w - lr * v, v


_MOMENTUM_CASES = (lambda: (np.array([1.0, -2.0]), np.array([0.5, 0.1]), np.array([2.0, -1.0]), 0.1, 0.9),
                   lambda: (np.array([0.3, 4.0]), np.array([-1.0, 2.0]), np.array([0.5, 0.5]), 0.05, 0.5),
                   lambda: (np.array([2.0]), np.array([0.0]), np.array([4.0]), 0.2, 0.7))
_MOMENTUM = _Spec("momentum_step", "08", "the pair (new w, new v)", cases=_MOMENTUM_CASES, kind="2",
                  accepted=(_momentum,),
                  mistakes=(
                      (lambda w, v, g, lr, mu: (w + lr * (mu * v + g), mu * v + g), "the sign: w moves "
                       "along the velocity, uphill. Use w − η v."),
                      (lambda w, v, g, lr, mu: (w - lr * lr * (mu * v + g), mu * v + g), "the learning "
                       "rate is applied twice."),
                      (lambda w, v, g, lr, mu: (w - lr * v, mu * v + g), "the step uses the old "
                       "velocity: update v ← μv + g first, then step with the new v."),
                      (lambda w, v, g, lr, mu: (w - lr * (v + mu * g), v + mu * g), "μ multiplies the "
                       "old velocity, not the gradient: v ← μv + g."),
                      (lambda w, v, g, lr, mu: (w - lr * (mu * v + (1 - mu) * g), mu * v + (1 - mu) * g),
                       "that is the averaged form v ← μv + (1 − μ)g; this lesson (and torch) uses "
                       "v ← μv + g."),
                      (lambda w, v, g, lr, mu: (w - (mu * v + lr * g), mu * v + lr * g), "η went into "
                       "the velocity (v ← μv + ηg, w ← w − v): the same path while η stays fixed, but "
                       "here v is μv + g and the step is η v."),
                      (lambda w, v, g, lr, mu: (w - lr * (mu * v + g), v), "the velocity comes back "
                       "unchanged: return the new v so the next step can use it."),
                      (lambda w, v, g, lr, mu: (w - lr * g, v), "no momentum: the step ignores v."),
                      (lambda w, v, g, lr, mu: (w - lr * (g + mu * (mu * v + g)), mu * v + g), "that is "
                       "Nesterov's look-ahead step, w − η(g + μv) with the new v (torch's nesterov=True); "
                       "this lesson's heavy ball steps along the new velocity itself: w − ηv."),
                  ),
                  show=lambda a: f"w = {_fmt(a[0])}, v = {_fmt(a[1])}, g = {_fmt(a[2])}, lr = {a[3]:g}, "
                                 f"mu = {a[4]:g}")


def check_momentum_step(fn: Callable) -> Verdict:
    r"""Check ``momentum_step(w, v, g, lr, mu)``: heavy ball as torch writes it,
    :math:`v \leftarrow \mu v + g`, :math:`w \leftarrow w - \eta v`; returns ``(new w, new v)``.

    Examples
    --------
    >>> check_momentum_step(lambda w, v, g, lr, mu: (w - lr * (mu * v + g), mu * v + g)).passed
    True
    """
    return _run(_MOMENTUM, fn)


def _adam_by(correct_m=True, correct_v=True, t_shift=0, eps_inside=False, sign=-1.0, lr_power=1,
             keep_hats=False):
    def step(w, m, v, g, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        m_hat = m / (1 - beta1 ** (t + t_shift)) if correct_m else m
        v_hat = v / (1 - beta2 ** (t + t_shift)) if correct_v else v
        denom = np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps
        new_w = w + sign * lr ** lr_power * m_hat / denom
        return (new_w, m_hat, v_hat) if keep_hats else (new_w, m, v)
    return step


def _adam_case(w, m, v, g, t, lr, eps):
    return lambda: (np.array(w), np.array(m), np.array(v), np.array(g), t, lr, 0.9, 0.999, eps)


_ADAM = _Spec("adam_step", "09", "the triple (new w, new m, new v)", kind="3",
              cases=(_adam_case([1.0, -2.0], [0.0, 0.0], [0.0, 0.0], [0.3, -4.0], 1, 0.1, 1e-8),
                     _adam_case([0.5, 0.5], [0.2, -0.1], [0.04, 0.01], [0.1, 0.2], 3, 0.2, 1e-3),
                     _adam_case([2.0, 1.0], [1.0, 0.5], [0.5, 0.2], [-0.5, 0.05], 10, 0.05, 0.3)),
              accepted=(_adam_by(),),
              mistakes=(
                  (_adam_by(correct_m=False, correct_v=False), "the bias correction is missing: divide "
                   "m by 1 − β₁ᵗ and v by 1 − β₂ᵗ before the step (else the first steps are far too "
                   "small, or too large)."),
                  (_adam_by(correct_v=False), "only m is bias-corrected: v needs its 1 − β₂ᵗ too."),
                  (_adam_by(correct_m=False), "only v is bias-corrected: m needs its 1 − β₁ᵗ too."),
                  (_adam_by(t_shift=1), "the correction uses t + 1: t already counts from 1 at the "
                   "first step, so use β₁ᵗ and β₂ᵗ."),
                  (_adam_by(t_shift=-1), "the correction uses t − 1: t counts from 1 at the first step, "
                   "so use β₁ᵗ and β₂ᵗ."),
                  (_adam_by(eps_inside=True), "ε went inside the square root: torch's Adam divides by "
                   "√v̂ + ε."),
                  (_adam_by(sign=1.0), "the sign: the step climbs. Subtract it."),
                  (_adam_by(lr_power=2), "the learning rate is applied twice."),
                  (_adam_by(keep_hats=True), "w is right, but you returned the corrected m̂ and v̂ as the "
                   "state: return the running averages m and v themselves; the next step corrects them "
                   "again with its own t."),
              ),
              show=lambda a: f"w = {_fmt(a[0])}, m = {_fmt(a[1])}, v = {_fmt(a[2])}, g = {_fmt(a[3])}, "
                             f"t = {a[4]}, lr = {a[5]:g}, eps = {a[8]:g}")


def check_adam_step(fn: Callable) -> Verdict:
    r"""Check ``adam_step(w, m, v, g, t, lr, beta1=0.9, beta2=0.999, eps=1e-8)``: one Adam update as
    torch writes it (``t`` counts from 1; bias-corrected :math:`\hat m, \hat v`; divide by
    :math:`\sqrt{\hat v} + \varepsilon`), returning ``(new w, new m, new v)``.

    Examples
    --------
    >>> def adam_step(w, m, v, g, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    ...     m = beta1 * m + (1 - beta1) * g
    ...     v = beta2 * v + (1 - beta2) * g ** 2
    ...     m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    ...     return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v
    >>> check_adam_step(adam_step).passed
    True
    """
    return _run(_ADAM, fn)


# --- backpropagation through a tanh hidden layer ----------------------------------------------------------
def _hidden_by(slope=lambda a: 1 - a * a, through_w2=True, transpose=False, mean_w=False, mean_b=False,
               b_axis=0):
    def hidden_backward(X, a, w2, d2):
        d1 = (np.outer(d2, w2) if through_w2 else d2[:, None]) * slope(a)
        grad_W1 = d1.T @ X if transpose else X.T @ d1
        grad_b1 = d1.sum(axis=b_axis)
        n = X.shape[0]
        return grad_W1 / n if mean_w else grad_W1, grad_b1 / n if mean_b else grad_b1
    return hidden_backward


def _layer_case(seed, n, p, h):
    """A real forward pass: inputs, the tanh layer's outputs, the output weights and dL/dz2 of the mean loss."""
    def case():
        rng = np.random.default_rng(200 + seed)
        X = rng.normal(size=(n, p))
        a = np.tanh(X @ rng.normal(size=(p, h)) + rng.normal(size=h))
        w2 = rng.normal(size=h)
        y = (rng.random(n) > 0.5).astype(float)
        d2 = (1 / (1 + np.exp(-(a @ w2 + rng.normal()))) - y) / n
        return X, a, w2, d2
    return case


def _both_gradients(fn, args):
    """The learner's pair (grad_W1, grad_b1) as one flat array (the checker compares arrays)."""
    result = fn(*args)
    if isinstance(result, (tuple, list)) and len(result) == 2 and all(r is not None for r in result):
        return np.concatenate([np.ravel(np.asarray(r, dtype=float)) for r in result])
    return result


_HIDDEN = _Spec("hidden_backward", "12", "the pair (grad_W1, grad_b1), of shapes (p, h) and (h,)", kind="2",
                cases=(_layer_case(1, 6, 2, 3), _layer_case(2, 9, 3, 5), _layer_case(3, 4, 2, 2)),
                accepted=(_hidden_by(),),
                mistakes=(
                    (_hidden_by(slope=lambda a: 1.0), "the activation's slope is missing: the error "
                     "reaching a hidden unit is multiplied by tanh'(z) = 1 − a², element by element."),
                    (_hidden_by(slope=lambda a: a * (1 - a)), "that is the sigmoid's slope a(1 − a); "
                     "this layer is tanh, whose slope is 1 − a²."),
                    (_hidden_by(slope=lambda a: 1 - a), "tanh's slope is 1 − a² (a squared), not 1 − a."),
                    (_hidden_by(through_w2=False), "the error reaches hidden unit j through its weight "
                     "w2[j]: d1 = np.outer(d2, w2) * (1 - a**2)."),
                    (_hidden_by(transpose=True), "grad_W1 came out transposed, with shape (h, p): W1 has "
                     "shape (p, h), so its gradient is X.T @ d1."),
                    (_hidden_by(mean_w=True, mean_b=True), "you averaged over the samples again: d2 "
                     "already holds the 1/n of the mean loss, so sum: X.T @ d1 and d1.sum(axis=0)."),
                    (_hidden_by(mean_b=True), "grad_b1 is averaged over the samples, grad_W1 summed: d2 "
                     "already holds the 1/n, so sum both (d1.sum(axis=0))."),
                    (_hidden_by(mean_w=True), "grad_W1 is divided by n once more: d2 already holds the "
                     "1/n of the mean loss, so X.T @ d1 is the gradient."),
                    (_hidden_by(b_axis=1), "grad_b1 needs one number per hidden unit: sum d1 over the "
                     "samples, d1.sum(axis=0), not over the units."),
                ),
                drive=_both_gradients,
                show=lambda a: f"n = {a[0].shape[0]} samples, p = {a[0].shape[1]} inputs, "
                               f"h = {a[1].shape[1]} hidden units")


def check_hidden_backward(fn: Callable) -> Verdict:
    r"""Check ``hidden_backward(X, a, w2, d2)``: the gradients of a tanh hidden layer by backpropagation.

    ``X`` ``(n, p)`` are the inputs, ``a = tanh(X @ W1 + b1)`` ``(n, h)`` the layer's outputs, ``w2``
    ``(h,)`` the output weights and ``d2`` ``(n,)`` the loss's derivative by each output logit (the
    1/n of a mean loss included). Returns ``(grad_W1, grad_b1)``: ``X.T @ d1`` and
    ``d1.sum(axis=0)`` with :math:`d_1 = d_2 w_2^\top \odot (1 - a^2)`.

    Examples
    --------
    >>> def hidden_backward(X, a, w2, d2):
    ...     d1 = np.outer(d2, w2) * (1 - a ** 2)
    ...     return X.T @ d1, d1.sum(axis=0)
    >>> check_hidden_backward(hidden_backward).passed
    True
    """
    return _run(_HIDDEN, fn)


# --- a step of linear regression on a data matrix (lesson 10) --------------------------------------
def _linear_step_by(sign=-1.0, lr_power=1, scale="mean", intercept=True):
    def linear_step(w, b, X, y, lr):
        X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
        r = X @ w + b - y
        factor = {"mean": 1.0 / len(y), "sum": 1.0, "two": 2.0 / len(y)}[scale]
        gw, gb = factor * (X.T @ r), factor * np.sum(r)
        step = sign * lr ** lr_power
        return w + step * gw, (b + step * gb) if intercept else b
    return linear_step


def _linear_case(seed, n, d, lr):
    def case():
        rng = np.random.default_rng(seed)
        X = rng.normal(size=(n, d))
        return rng.normal(size=d), float(rng.normal()), X, X @ rng.normal(size=d) + rng.normal(size=n), lr
    return case


def _drive_pair(fn, args):
    """The learner's ``(w, b)`` as one array (anything else is passed on for ``_call`` to judge)."""
    result = fn(*args)
    if not isinstance(result, (tuple, list)) or len(result) != 2 or any(r is None for r in result):
        return result
    w, b = result
    return np.append(np.asarray(w, dtype=float).ravel(), np.asarray(b, dtype=float).ravel())


_LINEAR = _Spec("linear_step", "10", "the pair (new w, new b): an array of d weights and one number", kind="2",
                cases=(_linear_case(0, 6, 2, 0.1), _linear_case(1, 9, 3, 0.05), _linear_case(2, 5, 1, 0.3)),
                accepted=(_linear_step_by(),),
                mistakes=(
                    (_linear_step_by(sign=1.0), "the sign: you stepped along the gradient, uphill. "
                     "Subtract η times it (or write the residual as ŷ − y, not y − ŷ)."),
                    (_linear_step_by(lr_power=2), "the learning rate is applied twice."),
                    (_linear_step_by(scale="sum"), "you summed over the samples: the loss is a mean, "
                     "so its gradient is Xᵀr / n (divide by the number of samples)."),
                    (_linear_step_by(scale="two"), "a factor 2 too many: with the ½ in "
                     "L = (1/2n) Σ (ŷ − y)², the gradient is Xᵀr / n, with no 2."),
                    (_linear_step_by(intercept=False), "b comes back unchanged: its gradient is the mean "
                     "residual, (1/n) Σ (ŷᵢ − yᵢ)."),
                ),
                drive=_drive_pair,
                show=lambda a: f"w = {_fmt(a[0])}, b = {a[1]:.6g}, X of shape {a[2].shape}, lr = {a[4]:g}")


def check_linear_step(fn: Callable) -> Verdict:
    r"""Check ``linear_step(w, b, X, y, lr)``: one gradient step on
    :math:`L = \frac{1}{2n}\sum_i (x_i \cdot w + b - y_i)^2`, returning ``(new w, new b)``.

    Examples
    --------
    >>> def linear_step(w, b, X, y, lr):
    ...     r = X @ w + b - y
    ...     return w - lr * X.T @ r / len(y), b - lr * r.mean()
    >>> check_linear_step(linear_step).passed
    True
    """
    return _run(_LINEAR, fn)


# --- a step of L2 logistic regression (lesson 11) ----------------------------------------------------
def _logistic_step_by(sign=-1.0, lr_power=1, penalty=True, penalize_b=False, slope=False, scale="mean"):
    def logistic_step(w, b, X, y, lr, lam):
        X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
        p = 1.0 / (1.0 + np.exp(-(X @ w + b)))
        delta = (p - y) * (p * (1 - p) if slope else 1.0)
        factor = 1.0 / len(y) if scale == "mean" else 1.0
        gw = factor * (X.T @ delta) + (lam * w if penalty else 0.0)
        gb = factor * np.sum(delta) + (lam * b if penalize_b else 0.0)
        step = sign * lr ** lr_power
        return w + step * gw, b + step * gb
    return logistic_step


def _logistic_case(seed, n, d, lr, lam):
    def case():
        rng = np.random.default_rng(seed)
        X = rng.normal(size=(n, d))
        y = (X @ rng.normal(size=d) + rng.normal(size=n) > 0).astype(float)
        return rng.normal(size=d), float(rng.normal()), X, y, lr, lam
    return case


_LOGISTIC = _Spec("logistic_step", "11", "the pair (new w, new b): an array of d weights and one number",
                  kind="2",
                  cases=(_logistic_case(0, 8, 2, 0.5, 0.1), _logistic_case(1, 12, 3, 0.2, 0.05),
                         _logistic_case(2, 6, 1, 1.0, 0.3)),
                  accepted=(_logistic_step_by(),),
                  mistakes=(
                      (_logistic_step_by(sign=1.0), "the sign: the step climbs. Subtract η times the "
                       "gradient."),
                      (_logistic_step_by(lr_power=2), "the learning rate is applied twice."),
                      (_logistic_step_by(penalty=False), "the penalty is missing: (λ/2)‖w‖² adds λw to "
                       "the weights' gradient."),
                      (_logistic_step_by(penalize_b=True), "the intercept was penalized too: the penalty "
                       "(λ/2)‖w‖² holds the weights only, so b's gradient is the mean of pᵢ − yᵢ alone."),
                      (_logistic_step_by(slope=True), "the factor p(1 − p) belongs to squared error: with "
                       "the cross-entropy it cancels, and each sample's gradient is (pᵢ − yᵢ) xᵢ."),
                      (_logistic_step_by(scale="sum"), "you summed over the samples: the loss is a mean, "
                       "so divide the data part of the gradient by n."),
                  ),
                  drive=_drive_pair,
                  show=lambda a: f"w = {_fmt(a[0])}, b = {a[1]:.6g}, X of shape {a[2].shape}, "
                                 f"lr = {a[4]:g}, lam = {a[5]:g}")


def check_logistic_step(fn: Callable) -> Verdict:
    r"""Check ``logistic_step(w, b, X, y, lr, lam)``: one gradient step on the mean cross-entropy of
    :math:`p_i = \sigma(x_i \cdot w + b)` plus :math:`\tfrac{\lambda}{2}\lVert w\rVert^2`, returning
    ``(new w, new b)``.

    Examples
    --------
    >>> def logistic_step(w, b, X, y, lr, lam):
    ...     p = 1 / (1 + np.exp(-(X @ w + b)))
    ...     return w - lr * (X.T @ (p - y) / len(y) + lam * w), b - lr * np.mean(p - y)
    >>> check_logistic_step(logistic_step).passed
    True
    """
    return _run(_LOGISTIC, fn)


#: Every code exercise by name (``check_<name>``), with the lesson it belongs to (``.lesson``).
EXERCISES = {spec.name: spec for spec in (_STEP, _DESCENT, _STEP_2D, _NEURON, _EPOCH, _MOMENTUM, _ADAM,
                                          _LINEAR, _LOGISTIC, _HIDDEN)}
