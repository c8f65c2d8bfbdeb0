"""A lesson exported to HTML as an instructor's handout reads offline: every widget shows what it carries.

README's command, ``jupyter nbconvert --to html --template-file notebooks/handout.html.j2 --output-dir handouts
<lesson>``, must
put in the page's own markup (no script, no network) every explorer's still picture (the PNG stored in the
notebook, byte for byte) and its sentence, and every exercise's text; and it must leave no widget view or
widget manager behind, whose scripts would come from a CDN. The expected contents are read from the
committed notebooks, not from the template.
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
TEMPLATE = "notebooks/handout.html.j2"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
CDN_HOSTS = ("cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com/ajax/libs/require.js")


class _Page(html.parser.HTMLParser):
    """What a browser shows without running any script: images' sources and alt texts, <pre> texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[dict[str, str]] = []
        self.pre: list[str] = []
        self.script_sources: list[str] = []
        self._in_script = 0
        self._pre: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self._in_script += 1
            if attrs.get("src"):
                self.script_sources.append(attrs["src"])
        elif self._in_script:
            return
        elif tag == "img":
            self.images.append(attrs)
        elif tag == "pre":
            self._pre = []

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script -= 1
        elif tag == "pre" and self._pre is not None:
            self.pre.append("".join(self._pre))
            self._pre = None

    def handle_data(self, data):
        if self._pre is not None and not self._in_script:
            self._pre.append(data)


def export(paths: list[Path], out: Path) -> dict[str, str]:
    """README's handout command run on ``paths`` from the repository root; the HTML pages by notebook name."""
    command = [sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--template-file", TEMPLATE,
               "--output-dir", str(out), *(str(p.relative_to(REPO)) for p in paths)]
    run = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    return {p.name: (out / f"{p.stem}.html").read_text(encoding="utf-8") for p in paths}


def widget_outputs(path: Path) -> list[dict]:
    notebook = nbformat.read(path, as_version=4)
    return [out["data"] for cell in notebook.cells if cell.cell_type == "code"
            for out in cell.get("outputs", []) if WIDGET_MIME in out.get("data", {})]


def check_handout(path: Path, page: str) -> None:
    parsed = _Page()
    parsed.feed(page)
    sources = {image.get("src", ""): image.get("alt", "") for image in parsed.images}
    outputs = widget_outputs(path)
    assert outputs, f"{path.name} has no widget output to check"
    for n, data in enumerate(outputs, 1):
        text = data.get("text/plain", "")
        assert text.strip(), f"{path.name}: widget output {n} has no text to show"
        assert text in parsed.pre, f"{path.name}: widget output {n}'s text is not on the page: {text[:120]!r}"
        if "image/png" in data:
            png = base64.b64decode(data["image/png"])
            assert png.startswith(b"\x89PNG\r\n\x1a\n")
            source = f"data:image/png;base64,{data['image/png']}".replace("\n", "")
            assert source in sources, f"{path.name}: explorer output {n}'s still picture is not on the page"
            assert sources[source] == text, f"{path.name}: explorer output {n}'s picture lacks its sentence as alt"
    assert WIDGET_MIME not in page, f"{path.name}: a widget view is left, which shows nothing offline"
    assert "application/vnd.jupyter.widget-state+json" not in page
    remote = [src for src in parsed.script_sources if any(host in src for host in CDN_HOSTS)]
    assert not remote, f"{path.name}: the handout loads the widget manager from the network: {remote}"


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
    command = f"jupyter nbconvert --to html --template-file {TEMPLATE} --output-dir handouts"
    assert f"{command} notebooks/03_learning_rate.ipynb" in readme
    first_lines = (REPO / TEMPLATE).read_text().splitlines()[:4]
    assert any(command in line for line in first_lines), "the template's first lines give README's command"
