"""The test tiers (conftest.py at the top of the repository): markers say what a test needs, -n spreads by file.

A test module that starts Chromium is marked ``browser``, one that starts JupyterHub ``hub``, one whose pip reaches
the package index ``network``; each of them is ``slow``, so the quick loop (``-m "not slow"``) leaves it out. A
``network`` test is skipped, with the reason, when pip's index cannot be reached.
"""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("gdviz_root_conftest", REPO / "conftest.py")
tiers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tiers)

# What in a test module's source shows what it needs, and the marker that must say so.
NEEDS = {
    "browser": r"headless_chromium|_browser\.fixtures import browser",
    "hub": r"configurable-http-proxy",
    "network": r"\"pip\", \"install\"",
}


def _test_modules() -> list[Path]:
    return sorted((REPO / "tests").glob("test_*.py"))


@pytest.mark.parametrize("need", NEEDS)
def test_a_module_that_needs_something_says_so(need):
    for path in _test_modules():
        text = path.read_text(encoding="utf-8")
        if path.name != Path(__file__).name and re.search(NEEDS[need], text):
            assert f"pytest.mark.{need}" in text, f"{path.name} needs {need} but no test in it is marked so"


def test_what_needs_something_is_slow():
    items = [type("Item", (), {"marks": {name}, "added": [],
                               "get_closest_marker": lambda self, n: n in self.marks or None,
                               "add_marker": lambda self, mark: self.added.append(mark.name)})()
             for name in ("browser", "hub", "network", "slow", "unmarked")]
    tiers.pytest_collection_modifyitems(items)
    assert [item.added for item in items] == [["slow"], ["slow"], ["slow"], [], []]


def test_no_index_means_a_reason(monkeypatch):
    tiers.pip_index_unreachable.cache_clear()
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")  # the discard port: nothing listens
    try:
        reason = tiers.pip_index_unreachable(timeout=2.0)
    finally:
        tiers.pip_index_unreachable.cache_clear()
    assert reason.startswith("pip's package index http://127.0.0.1:9/simple/pip/ cannot be reached")


def test_only_modules_marked_spread_go_to_several_workers():
    assert tiers.spread("tests/test_browser.py")
    assert not tiers.spread("tests/test_voila.py") and not tiers.spread("notebooks/03_learning_rate.ipynb")
    assert not tiers.spread("tests/no_such_file.py")
