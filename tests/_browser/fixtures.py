"""The pytest fixtures of the browser tests: headless Chromium, and JupyterLab serving a copy of the lessons."""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from .lab import running_lab
from .notebook import headless_chromium, skip_or_fail

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def browser():
    if importlib.util.find_spec("jupyterlab") is None:
        skip_or_fail("JupyterLab is not installed (pip install -r requirements.txt)")
    with headless_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def lab(tmp_path_factory, browser):
    """One JupyterLab per module, serving a temporary copy of the lessons: nothing touches the repo."""
    work = tmp_path_factory.mktemp("lab")
    root = work / "notebooks"
    shutil.copytree(REPO / "notebooks", root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    with running_lab(root, work) as server:
        yield server
