"""A lesson exported to HTML as an instructor's handout reads offline: every widget shows what it carries.

README's command is nbconvert's own, ``jupyter nbconvert --to html --output-dir handouts <lesson>``. It must put in
the page's own markup (no script needed, no network) every explorer's still picture (the PNG stored in the
notebook, byte for byte) with its sentence as the caption, and every exercise's text; and it must leave no widget
view or widget state behind, which nbconvert would hand to a widget manager fetched from a CDN (offline: a blank
output). The expected contents are read from the committed notebooks' outputs, which ``tools/store_lessons.py``
stores without the live views; ``tests/test_stored_outputs.py`` checks that storing.
"""
from __future__ import annotations

import base64
import html.parser
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
COMMAND = "jupyter nbconvert --to html --output-dir handouts"


class _Page(html.parser.HTMLParser):
    """What a browser shows without running any script: images' sources, captions, <pre> texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[str] = []
        self.captions: list[str] = []
        self.pre: list[str] = []
        self.script_sources: list[str] = []
        self._in_script = 0
        self._text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self._in_script += 1
            if attrs.get("src"):
                self.script_sources.append(attrs["src"])
        elif self._in_script:
            return
        elif tag == "img":
            self.images.append(attrs.get("src", ""))
        elif tag in ("pre", "figcaption"):
            self._text = []
        elif tag == "br" and self._text is not None:
            self._text.append("\n")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script -= 1
        elif tag in ("pre", "figcaption") and self._text is not None:
            (self.pre if tag == "pre" else self.captions).append("".join(self._text))
            self._text = None

    def handle_data(self, data):
        if self._text is not None and not self._in_script:
            self._text.append(data)


def export(paths: list[Path], out: Path) -> dict[str, str]:
    """README's handout command run on ``paths`` from the repository root; the HTML pages by notebook name."""
    command = [sys.executable, "-m", *COMMAND.split()[:-1], str(out), *(str(p.relative_to(REPO)) for p in paths)]
    run = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    return {p.name: (out / f"{p.stem}.html").read_text(encoding="utf-8") for p in paths}


def widget_outputs(path: Path) -> list[dict]:
    """The data of every output that is a widget when its cell runs (marked by tools/store_lessons.py)."""
    notebook = nbformat.read(path, as_version=4)
    return [out["data"] for cell in notebook.cells if cell.cell_type == "code"
            for out in cell.get("outputs", []) if "widget" in out.get("metadata", {}).get("gdviz", {})]


def check_handout(path: Path, page: str) -> None:
    parsed = _Page()
    parsed.feed(page)
    outputs = widget_outputs(path)
    assert outputs, f"{path.name} has no widget output to check"
    stills = 0
    for n, data in enumerate(outputs, 1):
        text = data.get("text/plain", "")
        assert text.strip(), f"{path.name}: widget output {n} has no text to show"
        if "image/png" in data:  # an explorer: its frame, captioned by its sentence
            stills += 1
            png = base64.b64decode(data["image/png"])
            assert png.startswith(b"\x89PNG\r\n\x1a\n")
            source = f"data:image/png;base64,{data['image/png']}".replace("\n", "")
            assert source in parsed.images, f"{path.name}: explorer output {n}'s still picture is not on the page"
            assert text in parsed.captions, f"{path.name}: explorer output {n}'s sentence is not its caption"
        else:  # an exercise, a prediction, a challenge, the progress line: its text
            assert text in parsed.pre, f"{path.name}: widget output {n}'s text is not on the page: {text[:120]!r}"
    assert stills == page.count('class="gdviz-still"'), f"{path.name}: a still is on the page twice, or not at all"
    assert WIDGET_MIME not in page, f"{path.name}: a widget view is left, which shows nothing offline"
    assert "application/vnd.jupyter.widget-state+json" not in page
    manager = [src for src in parsed.script_sources if "html-manager" in src or "jupyter-widgets" in src]
    assert not manager, f"{path.name}: the handout loads a widget manager from the network: {manager}"


def test_handout_of_one_lesson_shows_every_picture_sentence_and_exercise(tmp_path):
    path = REPO / "notebooks" / "03_learning_rate.ipynb"
    check_handout(path, export([path], tmp_path)[path.name])


@pytest.mark.slow
def test_handout_of_every_lesson_shows_every_picture_sentence_and_exercise(tmp_path):
    pages = export(NOTEBOOKS, tmp_path)
    for path in NOTEBOOKS:
        check_handout(path, pages[path.name])


def test_readme_gives_the_handout_command():
    readme = (REPO / "README.md").read_text()
    assert f"{COMMAND} notebooks/03_learning_rate.ipynb" in readme
    assert "--template-file" not in readme, "nbconvert's own template is enough: README needs no other"


def test_a_lesson_run_and_saved_without_widget_state_exports_its_stills(tmp_path):
    """What JupyterLab saves by default (live views, no widget state) exports as stills too: nbconvert passes over
    a view whose state is not stored and takes the explorer's HTML, its picture captioned by its sentence."""
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import gdviz\ngdviz.explore_lr_1d(lr=0.3, steps=4)")])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    NotebookClient(notebook, timeout=120, kernel_name="python3", store_widget_state=False).execute()
    (data,) = [out["data"] for out in notebook.cells[0].outputs if "data" in out]
    assert WIDGET_MIME in data and "widgets" not in notebook.metadata
    nbformat.write(notebook, tmp_path / "saved.ipynb")
    run = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", str(tmp_path / "saved.ipynb")],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    parsed = _Page()
    parsed.feed((tmp_path / "saved.html").read_text(encoding="utf-8"))
    assert f"data:image/png;base64,{data['image/png']}" in parsed.images
    assert data["text/plain"] in parsed.captions and "(now 0.3)" in data["text/plain"]
