"""A lesson as an app: Voilà (0.5) serves a notebook's outputs and live widgets without its code.

The lesson README starts as an app, started as README tells a reader (``voila notebooks/03_learning_rate.ipynb``)
and opened in headless Chromium (Playwright). The page Voilà sends carries each cell's outputs (as the JSON
Voilà's page renders), none of them an error or anything written to stderr, and as many live widget views as
the committed notebook has explorers and exercises; in the browser the explorers appear, and the picture
follows the learning-rate slider nudged with the arrow keys. One execution of the lesson serves both checks.

What Voilà adds is its server, its page and its widget manager, the same for every lesson; that every lesson
runs from a fresh kernel with no error, no stderr and each widget output a live view is checked by
``tests/test_browser.py`` (Run All in JupyterLab), once per lesson for the whole suite.

Needs Voilà; the browser check also needs Playwright and /usr/bin/chromium (never ``playwright install``).
Without them the tests are skipped, except when the environment variable CI is set: then they fail.
"""
from __future__ import annotations

import contextlib
import html
import importlib.util
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from _browser.lab import free_port, processes_mentioning, stop_group
from _browser.notebook import headless_chromium, nudge_slider, skip_or_fail
from test_export import widget_outputs

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "notebooks" / "03_learning_rate.ipynb"  # the lesson README starts as an app
SCREENSHOTS = REPO / "artifacts" / "screenshots"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# Voilà's page holds each executed output as JSON in a script of this type (its lab template renders them).
_OUTPUT = re.compile(r'<script type="application/vnd\.voila\.cell-output\+json">\s*(.*?)\s*</script>', re.DOTALL)
# ... and text written to stderr (a warning, a traceback) as HTML.
_STDERR = re.compile(r'data-mime-type="application/vnd\.jupyter\.stderr">\s*<pre>(.*?)</pre>', re.DOTALL)

pytestmark = pytest.mark.slow


def _wait_until_listening(process: subprocess.Popen, port: int, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"voila exited with code {process.returncode}:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return
        time.sleep(0.25)
    raise TimeoutError(f"voila did not listen within {timeout} s:\n{log.read_text()[-3000:]}")


@contextlib.contextmanager
def running_voila(target: Path, workdir: Path, *, timeout: float = 60.0):
    """Run ``voila target`` on 127.0.0.1 (a free port), all Jupyter state in ``workdir``; yield its URL.

    The kernels' connection files go to ``workdir/connections``, so whatever a crash leaves behind can be
    found and stopped by pid. Tracebacks are shown (a failing cell says why in the test's message).
    """
    if importlib.util.find_spec("voila") is None:
        skip_or_fail("Voilà is not installed (pip install -r requirements.txt)")
    port = free_port()
    dirs = {name: workdir / name for name in ("config", "data", "runtime", "connections")}
    for folder in dirs.values():
        folder.mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if key not in {"MPLBACKEND", "JUPYTER_CONFIG_PATH"}}
    env.update(JUPYTER_CONFIG_DIR=str(dirs["config"]), JUPYTER_DATA_DIR=str(dirs["data"]),
               JUPYTER_RUNTIME_DIR=str(dirs["runtime"]), PYTHONUNBUFFERED="1")
    command = [sys.executable, "-m", "voila", str(target), "--no-browser", "--Voila.ip=127.0.0.1",
               f"--Voila.port={port}", "--Voila.port_retries=0",
               f"--Voila.connection_dir_root={dirs['connections']}", "--VoilaConfiguration.show_tracebacks=True"]
    log = workdir / "voila.log"
    with open(log, "wb") as log_file:  # cwd: Voilà reads voila.json from the working folder, so an empty one
        process = subprocess.Popen(command, cwd=workdir, env=env, stdin=subprocess.DEVNULL, stdout=log_file,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_until_listening(process, port, log, timeout)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_group(process, terminate=True)  # on SIGTERM Voilà shuts its kernels down
        for pid in processes_mentioning(str(dirs["connections"])):  # kernels left over run in their own sessions
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _problems(page: str) -> list[str]:
    """What a reader of Voilà's page would see go wrong: error outputs and anything written to stderr.

    Voilà writes text outputs (streams, errors) into the page as HTML and rich outputs as JSON.
    """
    found = [f"stderr shown: {html.unescape(re.sub(r'<[^>]+>', '', text)).strip()[:800]}"
             for text in _STDERR.findall(page)]
    for out in map(json.loads, _OUTPUT.findall(page)):
        if out.get("output_type") == "error":
            found.append(f"{out.get('ename')}: {out.get('evalue')}")
        elif out.get("output_type") == "stream" and out.get("name") == "stderr":
            found.append(f"stderr: {''.join(out.get('text', ''))[:800]}")
    if "There was an error when executing cell" in page:
        found.append("Voilà reports an error when executing a cell")
    return found


def check_page(path: Path, page: str) -> None:
    """The page Voilà sent for ``path``: no error or stderr shown, a live view for each stored widget output."""
    problems = _problems(page)
    assert not problems, f"{path.name} in Voilà:\n" + "\n".join(problems)
    views = sum(WIDGET_MIME in out.get("data", {}) for out in map(json.loads, _OUTPUT.findall(page)))
    stored = len(widget_outputs(path))
    assert views == stored, f"{path.name} in Voilà shows {views} live widgets; the committed notebook has {stored}"


@pytest.fixture(scope="module")
def browser():
    with headless_chromium() as chromium:
        yield chromium


@pytest.mark.browser
def test_lesson_app_renders_cleanly_and_its_slider_answers_in_a_browser(browser, tmp_path):
    with running_voila(APP, tmp_path) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page_errors = []
        page.on("pageerror", lambda error: page_errors.append(str(error)))
        try:
            response = page.goto(url, timeout=180_000)  # the page finishes loading once every cell has run
            check_page(APP, response.text())  # what Voilà sent, before any script ran
            page.wait_for_selector(".gdviz-explorer .gdviz-figure", timeout=90_000)
            page.wait_for_selector(".gdviz-explorer .gdviz-lr", timeout=30_000)
            explorer = page.locator(".gdviz-explorer").first
            trial = nudge_slider(explorer, ".gdviz-lr")
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            explorer.screenshot(path=str(SCREENSHOTS / f"voila_{APP.stem}_explorer1.png"))
            assert trial.changed > 0, f"the picture never changed in Voilà ({trial.summary()})"
            assert not trial.stuck, f"the slider moved, the picture did not: {trial.stuck}"
            shown = page.locator("body").inner_text()
            assert "There was an error" not in shown and "Traceback" not in shown
            assert not page_errors, f"uncaught errors in Voilà's page: {page_errors}"
        finally:
            context.close()
