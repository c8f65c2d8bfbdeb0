"""Which checks a learner has passed: kept in the kernel and in a small JSON file in the learner's own
folder, so that progress lasts across kernel restarts and days. Nothing is ever sent anywhere.

``record(lesson, check)`` is called by the quizzes, challenges and code checkers when they find an
answer right; ``progress(lesson)`` is a line that counts them and updates itself as checks pass;
``progress()`` lists every lesson.

Where progress is kept: the file ``.gdviz_progress.json`` in the kernel's working directory (the
lessons' folder, for a notebook), or the path in the environment variable ``GDVIZ_PROGRESS``
(``GDVIZ_PROGRESS=off`` keeps it in the kernel only). Under pytest (``PYTEST_CURRENT_TEST`` set) it is
kept in the kernel only unless ``GDVIZ_PROGRESS`` names a file, so tests never write beside the
lessons. The file is written atomically (a temporary file, then ``os.replace``); a file that cannot
be read, parsed or written is left alone and the progress stays in the kernel, silently: the
learner never sees a warning about it.
"""
from __future__ import annotations

import json
import os
import tempfile
import weakref
from pathlib import Path

import ipywidgets as widgets

from .widgets import TextFallback

__all__ = ["record", "passed", "note_failure", "reset", "progress", "Progress", "Overview", "FILENAME", "saved_at"]

#: The progress file's name, in the kernel's working directory unless ``GDVIZ_PROGRESS`` says otherwise.
FILENAME = ".gdviz_progress.json"

_PASSED: dict[str, set[str]] = {}
#: Failed tries at each check of each lesson in this kernel (the code checkers point to the worked
#: solution from the second on); never saved.
_FAILED: dict[tuple[str, str], int] = {}
_WATCHERS: "weakref.WeakSet[Progress | Overview]" = weakref.WeakSet()


def saved_at() -> Path | None:
    """The file progress is kept in, or None when it is kept in the kernel only.

    Examples
    --------
    >>> import os
    >>> before = os.environ.get("GDVIZ_PROGRESS")
    >>> os.environ["GDVIZ_PROGRESS"] = "off"
    >>> saved_at() is None
    True
    >>> os.environ["GDVIZ_PROGRESS"] = "/somewhere/progress.json"
    >>> saved_at().name
    'progress.json'
    >>> _ = os.environ.pop("GDVIZ_PROGRESS") if before is None else os.environ.update(GDVIZ_PROGRESS=before)
    """
    chosen = os.environ.get("GDVIZ_PROGRESS", "").strip()
    if chosen.lower() in ("off", "none", "0", "no"):
        return None
    if chosen:
        return Path(chosen).expanduser()
    if "PYTEST_CURRENT_TEST" in os.environ:
        return None
    return Path.cwd() / FILENAME


def _read() -> dict[str, set[str]] | None:
    """The saved checks by lesson: {} when there is no file yet, None when it cannot be used."""
    path = saved_at()
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(key): {str(check) for check in checks} for key, checks in data["passed"].items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _write(data: dict[str, set[str]]) -> None:
    """Save ``data`` atomically; any failure leaves the progress in the kernel only."""
    path = saved_at()
    if path is None:
        return
    text = json.dumps({"about": "gdviz: the checks passed in each lesson. Kept on this computer only, never "
                                "sent anywhere; delete this file to start over.",
                       "passed": {key: sorted(checks) for key, checks in sorted(data.items())}}, indent=1)
    try:
        handle, temporary = tempfile.mkstemp(prefix=".gdviz_progress.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text + "\n")
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass


def record(lesson: str, check: str) -> None:
    """Note that ``check`` (e.g. ``"quiz 2"``) of ``lesson`` (e.g. ``"03"``) was passed, in the kernel and
    in the progress file (see :func:`saved_at`)."""
    _PASSED.setdefault(lesson, set()).add(check)
    saved = _read()
    if saved is not None and check not in saved.get(lesson, set()):
        for key, checks in _PASSED.items():
            saved.setdefault(key, set()).update(checks)
        _write(saved)
    for watcher in list(_WATCHERS):
        if watcher.lesson in (lesson, None):
            watcher.refresh()


def passed(lesson: str) -> set[str]:
    """The checks of ``lesson`` passed so far: in this kernel, or saved in the progress file."""
    saved = _read() or {}
    return set(_PASSED.get(lesson, ())) | saved.get(lesson, set())


def note_failure(lesson: str, check: str) -> int:
    """Note a failed try at ``check`` of ``lesson``; the number of failed tries at it in this kernel.

    >>> reset(); note_failure("05", "exercise epoch"), note_failure("05", "exercise epoch")
    (1, 2)
    >>> reset()
    """
    key = (lesson, check)
    _FAILED[key] = _FAILED.get(key, 0) + 1
    return _FAILED[key]


def reset() -> None:
    """Forget every passed check and every failed attempt: in the kernel, and the progress file's (a fresh
    start)."""
    _PASSED.clear()
    _FAILED.clear()
    path = saved_at()
    if path is not None and path.exists() and _read() is not None:
        _write({})
    for watcher in list(_WATCHERS):
        watcher.refresh()


class Progress(TextFallback, widgets.HTML):
    """One line: how many of a lesson's checks were passed so far, and which are left."""

    def __init__(self, lesson: str) -> None:
        from .bank import lesson as find

        self.lesson, self.checks = lesson, find(lesson).checks()
        super().__init__()
        self.add_class("gdviz-progress")
        self.refresh()
        _WATCHERS.add(self)

    def summary(self) -> str:
        """The sentence shown, e.g. "Lesson 03: 2 of 5 checks passed; still to do: ..."."""
        done = passed(self.lesson) & set(self.checks)
        left = [c for c in self.checks if c not in done]
        total = len(self.checks)
        head = f"Lesson {self.lesson}: {len(done)} of {total} checks passed"
        if not left:
            return f"{head}. All done!"
        return f"{head}; still to do: {', '.join(left)}."

    def refresh(self) -> None:
        done = len(passed(self.lesson) & set(self.checks))
        colour = "#009E73" if done == len(self.checks) else "#0072B2"
        self.value = f'<b style="color:{colour}">◼</b> {self.summary()}'

    def __repr__(self) -> str:
        return f"{self.summary()} (Run the notebook and answer them to count.)"


class Overview(TextFallback, widgets.HTML):
    """Every lesson's count, one line each: what ``gdviz.progress()`` shows."""

    lesson = None  # updates on every lesson's checks

    def __init__(self) -> None:
        from .bank import LESSONS, lesson as find

        self.checks = {key: find(key).checks() for key in LESSONS}
        super().__init__()
        self.add_class("gdviz-progress")
        self.refresh()
        _WATCHERS.add(self)

    def counts(self) -> dict[str, tuple[int, int]]:
        """``{lesson: (passed, total)}`` for every lesson."""
        return {key: (len(passed(key) & set(checks)), len(checks)) for key, checks in self.checks.items()}

    def summary(self) -> str:
        """The lines shown, e.g. "Lesson 00: 0 of 3 checks passed" for each lesson."""
        return "\n".join(f"Lesson {key}: {done} of {total} checks passed" + (". All done!" if done == total else "")
                         for key, (done, total) in self.counts().items())

    def refresh(self) -> None:
        rows = []
        for key, (done, total) in self.counts().items():
            colour = "#009E73" if done == total else "#0072B2"
            rows.append(f'<b style="color:{colour}">◼</b> Lesson {key}: {done} of {total} checks passed')
        self.value = "<br>".join(rows)

    def __repr__(self) -> str:
        return self.summary()


def progress(lesson: str | None = None) -> Progress | Overview:
    """The progress line of ``lesson`` ("00", "01", ...: see gdviz.lessons.bank.LESSONS), or with no
    lesson every lesson's count; either updates itself as checks are passed.

    Progress lasts across kernel restarts and days: it is kept in ``.gdviz_progress.json`` in the
    lessons' folder (see :func:`saved_at`), on this computer only, never sent anywhere.

    Parameters
    ----------
    lesson : str, optional
        The lesson's two digits ("03"), one of gdviz.lessons.bank.LESSONS; None for all of them.

    Returns
    -------
    Progress or Overview
        An HTML line (or one line per lesson); ``summary()`` gives its text.

    Examples
    --------
    >>> reset()
    >>> progress("02").summary().startswith("Lesson 02: 0 of ")
    True
    >>> progress().summary().splitlines()[0].startswith("Lesson 00: 0 of ")
    True
    """
    return Overview() if lesson is None else Progress(lesson)
