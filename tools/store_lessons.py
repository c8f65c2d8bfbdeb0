"""Execute lessons from a fresh kernel and store them the way they read without one.

    python tools/store_lessons.py notebooks/*.ipynb           # execute, then store
    python tools/store_lessons.py --no-execute notebooks/*.ipynb   # store the outputs already there

Each notebook runs top to bottom in a fresh kernel, in ``notebooks/`` (as a learner's would).
What is stored is every output as the kernel made it, except the live widget views: a widget
needs a kernel, so the stored copy keeps only what a widget carries for pages without one (an
explorer's still picture and sentence, an exercise's text) and no widget state. That way a
lesson reads the same on GitHub, in VS Code, in JupyterLab before its cells run, in nbviewer and
in ``jupyter nbconvert --to html`` with no network. Running a cell brings its live widget back.

A widget output with nothing to show but its view is refused, as is a notebook whose execution
fails: nothing is written then.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class StoreError(RuntimeError):
    """A notebook that can't be stored as it should read."""


def strip_live_widgets(notebook: nbformat.NotebookNode, name: str = "notebook") -> int:
    """Drop the widget views and the widget state from ``notebook`` in place; how many views went.

    Each output that held a view is marked ``metadata["gdviz"]["widget"]`` (the tests find them so).

    Raises :class:`StoreError` for a widget output that would be left with nothing to show.
    """
    notebook.metadata.pop("widgets", None)
    dropped = 0
    for number, cell in enumerate(notebook.cells, start=1):
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = output.get("data", {})
            if WIDGET_VIEW not in data:
                continue
            del data[WIDGET_VIEW]
            output.setdefault("metadata", {})["gdviz"] = {"widget": "live when the cell runs"}
            dropped += 1
            text = data.get("text/plain", "")
            if not (set(data) - {"text/plain"}) and (not text or text.startswith(("VBox(", "HBox(", "Box("))):
                raise StoreError(f"{name}, cell {number}: a widget output with no still picture or sentence")
    return dropped


def execute(notebook: nbformat.NotebookNode, folder: Path, timeout: int = 600) -> None:
    """Run every cell of ``notebook`` in a fresh ``python3`` kernel started in ``folder``."""
    from nbclient import NotebookClient

    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", store_widget_state=False,
                            resources={"metadata": {"path": str(folder)}})
    # a lesson is stored as a learner meets it first: no saved progress read, none left beside the lessons
    with tempfile.TemporaryDirectory() as scratch, _environment(GDVIZ_PROGRESS=str(Path(scratch) / "progress.json")):
        client.execute()


@contextlib.contextmanager
def _environment(**values: str):
    """The environment variables ``values`` set while the block runs (the kernel inherits them)."""
    before = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def store(path: Path, *, run: bool = True) -> str:
    """Execute (if ``run``) and store one notebook; a line saying what was done."""
    notebook = nbformat.read(path, as_version=4)
    if run:
        execute(notebook, path.parent)
    dropped = strip_live_widgets(notebook, path.name)
    nbformat.validate(notebook)
    nbformat.write(notebook, path)
    return f"{path}: {'executed, ' if run else ''}{dropped} live widget views left out"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--no-execute", action="store_true", help="store the outputs already there")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="notebooks executed at once (default 2)")
    args = parser.parse_args(argv)
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {path: pool.submit(store, path, run=not args.no_execute) for path in args.notebooks}
        failed = 0
        for path, future in futures.items():
            try:
                print(future.result(), flush=True)
            except Exception as exc:  # report every notebook, then fail
                failed += 1
                print(f"{path}: not stored: {type(exc).__name__}: {str(exc)[-2000:]}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
