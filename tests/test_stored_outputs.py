"""Committed notebooks read well without a kernel: what GitHub, nbviewer or a fresh JupyterLab shows.

Each notebook in notebooks/ must be stored executed from a fresh kernel, top to bottom:
at least one static figure, no error or warning text, execution counts 1, 2, 3, ... in order,
and every widget's text fallback is a sentence a learner can read, not ``VBox(children=...)``.
Cell sources hold no control characters (the trace of LaTeX such as ``\\approx`` or ``\\frac`` written in a
non-raw Python string when the notebook was generated: ``\\a`` and ``\\f`` become BEL and form feed), and
code cells compile without warnings (``"$\\eta$"`` in a non-raw string is a SyntaxWarning shown to learners
on Python 3.12 and later).
"""
from __future__ import annotations

import html
import re
import warnings
from pathlib import Path

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_REPR_PREFIXES = ("VBox(", "HBox(", "interactive(", "Output(", "Box(", "GridBox(", "Tab(")


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


@pytest.fixture(params=NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def notebook(request):
    return nbformat.read(request.param, as_version=4)


def _outputs(nb):
    """Yield (cell number, output) for every stored output, cells numbered from 1."""
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                yield number, output


def _is_widget(output) -> bool:
    """An output that is a live widget when its cell runs (tools/store_lessons.py marks them)."""
    return "widget" in output.get("metadata", {}).get("gdviz", {})


def test_has_a_static_figure(notebook):
    # an explorer's output also carries a still frame; a static figure is an image that is not a widget
    images = [n for n, out in _outputs(notebook) if "image/png" in out.get("data", {}) and not _is_widget(out)]
    assert images, "no stored static figure (image/png): execute the notebook before committing it"


def test_no_error_output(notebook):
    errors = [(n, out.get("ename"), out.get("evalue")) for n, out in _outputs(notebook)
              if out.output_type == "error"]
    assert not errors, f"error outputs stored (cell, name, value): {errors}"


def test_no_warning_text(notebook):
    warned = [(n, _text(out.text)[:200]) for n, out in _outputs(notebook)
              if out.output_type == "stream" and out.name == "stderr" and "Warning" in _text(out.text)]
    assert not warned, f"warning text stored on stderr (cell, text): {warned}"


def test_executed_top_to_bottom_from_a_fresh_kernel(notebook):
    counts = [cell.execution_count for cell in notebook.cells
              if cell.cell_type == "code" and cell.source.strip()]
    assert counts == list(range(1, len(counts) + 1)), (
        f"execution counts {counts}: run the notebook from a fresh kernel, top to bottom, "
        "with python tools/store_lessons.py notebooks/NN_name.ipynb")
    mismatched = [(n, out.execution_count) for n, out in _outputs(notebook)
                  if out.output_type == "execute_result"
                  and out.execution_count != notebook.cells[n - 1].execution_count]
    assert not mismatched, f"execute_result counts differ from their cell's: {mismatched}"


def test_stored_without_live_widgets(notebook):
    """A widget view needs a kernel: GitHub, VS Code, nbconvert's HTML and a JupyterLab not yet run would show an
    error or a blank instead of the still picture. Store lessons with ``python tools/store_lessons.py``."""
    assert "widgets" not in notebook.metadata, "widget state stored: store the lesson with tools/store_lessons.py"
    live = [n for n, out in _outputs(notebook) if WIDGET_MIME in out.get("data", {})]
    assert not live, f"cells {live} store a live widget view: store the lesson with tools/store_lessons.py"


def test_every_widget_cell_left_its_fallback(notebook):
    # the cells that make a widget (an explorer, a question, a prediction, a challenge, the progress line)
    makers = re.compile(r"gdviz\.(explore_\w+|quiz|predict|challenge|progress|exercise)\(")
    for n, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type == "code" and makers.search(cell.source) and not cell.source.rstrip().endswith(";"):
            assert any(_is_widget(out) for out in cell.get("outputs", [])), f"cell {n} shows no widget's fallback"


def test_explorer_stills_are_the_frame_and_the_sentence(notebook):
    """What a page without a kernel shows of an explorer: its last frame, captioned by its sentence."""
    for n, out in _outputs(notebook):
        data = out.get("data", {})
        if not _is_widget(out) or "image/png" not in data:
            continue
        page = _text(data["text/html"])
        assert re.findall(r'<img src="data:image/png;base64,([^"]+)"', page) == [_text(data["image/png"]).strip()], n
        caption = re.search(r"<figcaption>(.*)</figcaption>", page, re.S).group(1)
        assert html.unescape(caption.replace("<br>", "\n")) == _text(data["text/plain"]), n


def test_widget_text_is_a_sentence(notebook):
    for n, out in _outputs(notebook):
        data = out.get("data", {})
        if not _is_widget(out):
            continue
        text = _text(data.get("text/plain", "")).strip()
        assert text, f"cell {n}: a widget output has no text/plain fallback"
        assert not text.startswith(WIDGET_REPR_PREFIXES), (
            f"cell {n}: widget text fallback is the default repr {text[:60]!r}; "
            "give the widget a __repr__ that is a sentence")
        assert re.match(r"^[A-Z][^\n]*\s\S+.*[.?!)]$", text, flags=re.S), (
            f"cell {n}: widget text fallback {text[:120]!r} is not a sentence "
            "(capital first letter, several words, ending in . ? ! or ))")
    for n, out in _outputs(notebook):  # and no widget slipped through unmarked with its default repr
        text = _text(out.get("data", {}).get("text/plain", "")).strip()
        assert not text.startswith(WIDGET_REPR_PREFIXES), f"cell {n}: {text[:60]!r}"


def test_sources_have_no_control_characters(notebook):
    bad = [(n, repr(m.group()), cell.source[max(0, m.start() - 30):m.end() + 30])
           for n, cell in enumerate(notebook.cells, start=1)
           for m in re.finditer(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]", cell.source)]
    assert not bad, f"control characters in cell sources (cell, character, context): {bad}"


def test_code_compiles_without_warnings(notebook):
    to_python = TransformerManager().transform_cell  # IPython syntax (magics, !shell) to plain Python
    for n, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type == "code":
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                try:
                    compile(to_python(cell.source), f"cell {n}", "exec")
                except (SyntaxWarning, DeprecationWarning) as warning:
                    pytest.fail(f"cell {n}: {warning} (use a raw string r\"...\" for LaTeX)")


def test_kernelspec_is_ipykernels(notebook):
    """Any other kernelspec makes JupyterLab mark the lesson modified as soon as it opens."""
    assert notebook.metadata["kernelspec"] == {
        "display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def test_self_checks_come_from_the_bank(notebook):
    """A question written in a cell would hold its answer there: lessons ask the package's question bank
    (``gdviz.quiz("03", 2)``), and tests/test_lessons_notebooks.py checks the rest (answers collapsed under
    each question, exercises stored unfinished)."""
    inline = [i for i, cell in enumerate(notebook.cells)
              if cell.cell_type == "code" and any(call in cell.source for call in ("gdviz.choice(", "gdviz.numeric("))]
    assert not inline, f"cells {inline} write a self-check with its answer; ask it with gdviz.quiz(lesson, number)"


def test_nbval_markers_are_tags_not_comments_in_the_learners_code():
    for path in sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        tagged = [c for c in notebook.cells if "nbval-check-output" in c.metadata.get("tags", [])]
        assert tagged, f"{path.name}: no cell is checked by nbval"
        for cell in notebook.cells:
            assert "NBVAL_" not in cell.source, f"{path.name}: an nbval comment in the learner's code"


def test_saving_an_unchanged_lesson_gives_no_diff():
    # what Jupyter's file manager writes on save: nbformat.write, which ends the JSON with a newline
    for path in sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb")):
        raw = path.read_text(encoding="utf-8")
        assert nbformat.writes(nbformat.reads(raw, as_version=4)) + "\n" == raw, path.name
