r"""Each question's answer as a collapsed ``<details>`` block, for readers without a kernel.

The blocks are generated from the bank, so the notebook and the bank cannot disagree:
:func:`sync_notebook` puts the block right under each question cell (``gdviz.quiz("03", 2)``,
``gdviz.predict(...)``, ``gdviz.challenge(...)``) and the worked solution under each code exercise
(a cell tagged ``exercise`` that calls ``gdviz.check_<name>(...)``); ``tests/test_lessons_notebooks.py``
checks that every block is there and current.
"""
from __future__ import annotations

import re
from pathlib import Path


from .bank import lesson as find
from .checkers import EXERCISES
from .items import Choice

__all__ = ["answer_markdown", "solution_markdown", "asked_in", "sync_notebook"]

#: A question cell: ``gdviz.quiz("03", 2)``, ``gdviz.predict("03", 1)``, ``gdviz.challenge("03", 1, ex)``.
ASK = re.compile(r'gdviz\.(quiz|predict|challenge)\("(\d\d)", (\d+)[,)]')
#: The checker called by a code exercise: ``gdviz.check_step(step)``.
CHECK = re.compile(r"gdviz\.check_(\w+)\(")
_SUMMARY = {"quiz": "Answer", "predict": "What happens", "challenge": "One way to do it"}


def _letter(i: int) -> str:
    return chr(65 + i)


def _label(option: str) -> str:
    """An option without its closing full stop (a colon follows it)."""
    return option[:-1] if option.endswith(".") and not option.endswith("..") else option


def _sentence(option: str) -> str:
    """An option as a sentence: one full stop at its end, not two."""
    return option if option.endswith((".", "?", "!")) else f"{option}."


def answer_markdown(lesson: str, kind: str, number: int) -> str:
    """The ``<details>`` block under question ``number`` of kind ``kind`` ("quiz", "predict",
    "challenge") in ``lesson``.

    Examples
    --------
    >>> print(answer_markdown("02", "quiz", 1).splitlines()[0])
    <details><summary>Answer (try the question first; this is for readers without a kernel)</summary>
    """
    book = find(lesson)
    head = f"<details><summary>{_SUMMARY[kind]} (try the question first; this is for readers without a kernel)</summary>"
    if kind == "quiz":
        item = book.quizzes[number]
        if isinstance(item, Choice):
            body = [f"**{_letter(item.answer)}) {_sentence(item.options[item.answer])}** {item.explanation}"]
            why = [f"- {_letter(i)}) {_label(item.options[i])}: {item.feedback[i]}" for i in sorted(item.feedback)]
            body += ["", "Why not the others:", "", *why] if why else []
        else:
            body = [f"**{item.answer:.6g}.** {item.explanation}"]
            body += ["", "Typical slips:", "", *(f"- {value:.6g}: {text}" for value, text in item.mistakes)] \
                if item.mistakes else []
    elif kind == "predict":
        item = book.predictions[number]
        body = [f"**{_letter(item.answer)}) {_sentence(item.options[item.answer])}** {item.explanation}"]
    elif kind == "challenge":
        body = [book.challenges[number].explanation]
    else:
        raise ValueError(f"kind must be 'quiz', 'predict' or 'challenge'. Got {kind!r} instead.")
    return "\n".join([head, "", *body, "", "</details>"])


def solution_markdown(lesson: str, name: str) -> str:
    """The collapsed worked solution of code exercise ``name`` in ``lesson``."""
    code = find(lesson).exercises[name].strip("\n")
    return "\n".join(["<details><summary>Worked solution (try it yourself first)</summary>", "",
                      "```python", code, "```", "", "</details>"])


def asked_in(cell) -> str | None:
    """The markdown that must follow ``cell`` (a notebook cell), or ``None`` if it asks nothing."""
    if cell.cell_type != "code":
        return None
    if "exercise" in cell.metadata.get("tags", []):
        found = CHECK.search(cell.source)
        if found and found[1] in EXERCISES:
            return solution_markdown(EXERCISES[found[1]].lesson, found[1])
        raise ValueError(f"an exercise cell must call one of gdviz.check_{{{', '.join(EXERCISES)}}}(...). "
                         f"Got {cell.source[:80]!r}")
    found = ASK.search(cell.source)
    return answer_markdown(found[2], found[1], int(found[3])) if found else None


def sync_notebook(path: str | Path) -> int:
    """Write (or rewrite) the answer block under every question of the notebook at ``path``;
    returns how many blocks changed. Needs nbformat (installed with Jupyter)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    changed, i = 0, 0
    while i < len(nb.cells):
        wanted = asked_in(nb.cells[i])
        if wanted is not None:
            following = nb.cells[i + 1] if i + 1 < len(nb.cells) else None
            if following is not None and following.cell_type == "markdown" \
                    and following.source.startswith("<details>"):
                if following.source != wanted:
                    following.source, changed = wanted, changed + 1
            else:
                nb.cells.insert(i + 1, nbformat.v4.new_markdown_cell(wanted))
                changed += 1
        i += 1
    if changed:
        nbformat.write(nb, path)
    return changed


if __name__ == "__main__":  # python -m gdviz.lessons.answers notebooks/*.ipynb
    import sys

    for name in sys.argv[1:]:
        print(f"{name}: {sync_notebook(name)} answer blocks written")
