"""The test tiers, for every test pytest collects here (gdviz's doctests, tests/, nbval on notebooks/).

A test says what it needs with a marker (pyproject.toml lists them): ``browser`` (headless Chromium),
``hub`` (JupyterHub behind configurable-http-proxy), ``network`` (pip reaching its package index). Each of
them makes the test ``slow`` as well, so the quick loop ``-m "not slow"`` leaves them out, and a test marked
with nothing (a new test file, the nbval cells, the doctests) is in the quick loop.

Without a package index (no network) a ``network`` test is skipped, saying so.

With pytest-xdist (``-n 2``, and no ``--dist`` of one's own) each file runs whole on one worker: a notebook's
nbval cells share one kernel, a test module's JupyterHub or Voilà server is started once. A module marked
``spread`` is dealt out to all workers, each starting the module's fixtures once for its share (the browser
tests: one JupyterLab and one Chromium per worker, and the longest file no longer sets the suite's time). Files
with a heavy test (``browser``, ``hub``, ``network``, ``slow``) are handed out first.
"""
from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

NEEDS = ("browser", "hub", "network")


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects by marker
def pytest_collection_modifyitems(items):
    for item in items:
        if any(item.get_closest_marker(name) for name in NEEDS) and not item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.slow)


@functools.cache
def _source(path: str) -> str:
    try:
        return (Path(__file__).parent / path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def spread(path: str) -> bool:
    """Whether the test module at ``path`` (relative to here) is marked ``spread`` (in its ``pytestmark`` line)."""
    return re.search(r"^pytestmark\b.*\bpytest\.mark\.spread\b", _source(path), re.MULTILINE) is not None


def heavy(path: str) -> bool:
    """Whether the test module at ``path`` marks a test ``browser``, ``hub``, ``network`` or ``slow``."""
    return re.search(r"\bpytest\.mark\.(browser|hub|network|slow)\b", _source(path)) is not None


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, which the Binder rehearsal's pytest does without
def pytest_xdist_make_scheduler(config, log):
    if config.getoption("dist") != "load":  # --dist given: as asked
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ByFile(LoadScopeScheduling):
        """A file is one unit of work, given whole to one worker; a file marked ``spread`` is cut in one unit per
        worker, its tests dealt out in turn. The files with a heavy test go first, so that none starts last.

        pytest-xdist's scheduler sees test ids only (its workers collect), so the marks are read in the files.
        """

        def __init__(self, config, log=None):
            super().__init__(config, log)
            self.dealt: dict[str, int] = {}
            self.scopes: dict[str, str] = {}

        def _split_scope(self, nodeid: str) -> str:
            if nodeid not in self.scopes:
                path = nodeid.split("::", 1)[0]
                if spread(path):
                    self.dealt[path] = self.dealt.get(path, -1) + 1
                    path = f"{path}::part{self.dealt[path] % max(self.numnodes, 1)}"
                self.scopes[nodeid] = path
            return self.scopes[nodeid]

        def schedule(self) -> None:
            """pytest-xdist's first distribution (LoadScopeScheduling.schedule), the units in the order above."""
            if self.collection is not None or not self._check_nodes_have_same_collection():
                return super().schedule()  # a later call, or the workers disagree: pytest-xdist says so
            self.collection = list(next(iter(self.registered_collections.values())))
            units: dict[str, dict[str, bool]] = {}
            for nodeid in self.collection:
                units.setdefault(self._split_scope(nodeid), {})[nodeid] = False
            for scope in sorted(units, key=lambda scope: not heavy(scope.split("::", 1)[0])):  # stable
                self.workqueue[scope] = units[scope]
            for node in self.nodes:
                self._assign_work_unit(node)
            for node in self.nodes:
                self._reschedule(node)
            if not self.workqueue:
                for node in self.nodes:
                    node.shutdown()
            return None

    return ByFile(config, log)


@functools.cache
def pip_index_unreachable(timeout: float = 5.0) -> str | None:
    """Why pip cannot reach its package index (``None`` when it can): one request, ``timeout`` seconds at most."""
    index = os.environ.get("PIP_INDEX_URL", "")
    if not index:
        run = subprocess.run([sys.executable, "-m", "pip", "config", "get", "global.index-url"],
                             capture_output=True, text=True, timeout=60)
        index = run.stdout.strip() if run.returncode == 0 else ""
    url = f"{(index or 'https://pypi.org/simple').rstrip('/')}/pip/"
    try:
        with urllib.request.urlopen(url, timeout=timeout):
            return None
    except (OSError, ValueError) as error:
        return f"pip's package index {url} cannot be reached ({error})"


def pytest_runtest_setup(item):
    if item.get_closest_marker("network") and (reason := pip_index_unreachable()):
        pytest.skip(f"needs the network: {reason}")
