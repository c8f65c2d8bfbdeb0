"""Every notebook in a real browser: JupyterLab + Debian's Chromium, driven by Playwright.

For each notebook: open it, Run All, wait for the kernel to go idle, and check that a learner sees no error,
that nothing was written to stderr and that each widget output the committed notebook stores is a live view again;
save a screenshot to artifacts/screenshots/. In every explorer (``.gdviz-explorer``), nudge the
learning-rate slider (``.gdviz-lr``; the guessing game's ``.gdviz-w``) and, where there is one, the momentum
slider (``.gdviz-momentum``) with the arrow keys and check that the picture (``.gdviz-figure``) follows; then
every other slider of the explorer (steps, show step, the race's other rates) with three ticks down and three up.
The time from key press to new picture is written to artifacts/browser_latency.json with p50/p95 per explorer
and slider and over all of them (a benchmark, not asserted).

Needs Playwright (Python) and /usr/bin/chromium (never ``playwright install``). Without them the test is
skipped, except when the environment variable CI is set: then it fails, so CI cannot pass without it.
"""
from __future__ import annotations

import fcntl
import json
import os
import sys
import time
from pathlib import Path

import nbformat
import numpy as np
import pytest

from _browser.fixtures import browser, lab  # noqa: F401 - fixtures used by name
from _browser.notebook import (nudge_slider, open_notebook, outputs, problems, run_all, screenshot_whole_notebook,
                               stored_stills)
from test_export import WIDGET_MIME, widget_outputs

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
ARTIFACTS = REPO / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
SLIDERS = (".gdviz-lr", ".gdviz-w")  # the slider to nudge in each explorer, first match wins
MORE_SLIDERS = (".gdviz-momentum",)  # nudged too wherever an explorer has them
ALL_SLIDERS = ".widget-slider"  # every other slider of an explorer gets a few ticks as well
OTHER_KEYS = ("ArrowLeft",) * 3 + ("ArrowRight",) * 3  # down first: the step slider starts at its end

pytestmark = [pytest.mark.browser, pytest.mark.spread]  # one JupyterLab per worker


@pytest.fixture(scope="module")
def latency_report():
    """Collects slider timings per notebook; written to artifacts/browser_latency.json at the end."""
    report = {}
    yield report
    if report:
        ARTIFACTS.mkdir(exist_ok=True)
        run = os.environ.get("PYTEST_XDIST_TESTRUNUID")  # pytest-xdist's workers share a run's file
        with open(ARTIFACTS / "browser_latency.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            path = ARTIFACTS / "browser_latency.json"
            before = json.loads(path.read_text()) if run and path.is_file() else {}
            if run and before.get("run") == run:  # without xdist there is no run id: start afresh
                report = {**before["notebooks"], **report}
            every = [ms for notebook in report.values() for trial in notebook["explorers"]
                     for ms in trial["latencies_ms"]]
            overall = {"presses_timed": len(every), "p50_ms": _percentile(every, 50),
                       "p95_ms": _percentile(every, 95)}
            path.write_text(json.dumps(
                {"what": "ms from an arrow-key press on an explorer's slider (.gdviz-lr; .gdviz-w in the guessing "
                         "game; .gdviz-momentum too where there is one; then every other slider) to a new "
                         ".gdviz-figure picture, JupyterLab in headless Chromium on this machine",
                 "run": run, "overall": overall, "notebooks": dict(sorted(report.items()))}, indent=1) + "\n")
        lines = [f"browser latency, key press -> new picture: p50 {overall['p50_ms']} ms, "
                 f"p95 {overall['p95_ms']} ms over {len(every)} presses"]
        for notebook, entry in report.items():
            for trial in entry["explorers"]:
                lines.append(f"  {notebook[:2]} explorer {trial['explorer']} {trial['slider'][:40]:40s} "
                             f"p50 {trial['median_ms']:6.1f}  p95 {trial['p95_ms']:6.1f} ms")
        print("\n".join(lines), file=sys.__stderr__)


def stored_sentences(path: Path) -> list[str]:
    """The sentences of the explorers' stills stored in a committed notebook, in order."""
    notebook = nbformat.read(path, as_version=4)
    return [" ".join(out["data"]["text/plain"].split()) for cell in notebook.cells if cell.cell_type == "code"
            for out in cell.get("outputs", [])
            if "widget" in out.get("metadata", {}).get("gdviz", {}) and "image/png" in out.get("data", {})]


def _percentile(values, q):
    return round(float(np.percentile(values, q)), 1) if values else None


@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS])
def test_notebook_runs_and_explorers_answer(name, browser, lab, latency_report):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    stem = Path(name).stem
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page_errors = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    try:
        start = time.monotonic()
        open_notebook(page, lab.tree_url(name))
        # before anything runs, the lesson reads as committed: each explorer's still picture and sentence
        shown = stored_stills(page)
        expected = stored_sentences(REPO / "notebooks" / name)
        assert [" ".join(o["caption"].split()) for o in shown if o["still"]] == expected, f"{name}: stills shown before Run All"
        assert all(o["drawn"] for o in shown if o["still"]), f"{name}: a stored still picture is not drawn"
        assert not any(o["broken"] for o in shown), f"{name}: a stored output says a widget can't be shown"
        ran_cleanly = run_all(page)
        run_seconds = time.monotonic() - start
        screenshot_whole_notebook(page, SCREENSHOTS / f"{stem}.png")
        seen = problems(page)
        assert not seen, f"{name} after Run All:\n" + "\n".join(seen)
        assert ran_cleanly, f"{name}: Run All reported a failed cell"
        assert not page_errors, f"{name}: uncaught errors in the page: {page_errors}"
        # a learner's fresh run writes nothing to stderr and makes a live view of each stored widget output
        ran = outputs(page)
        stderr = ["".join(o["text"]) for o in ran if o["output_type"] == "stream" and o["name"] == "stderr"]
        assert not stderr, f"{name}: Run All wrote to stderr: {stderr}"
        views = sum(WIDGET_MIME in o.get("data", {}) for o in ran)
        stored = len(widget_outputs(REPO / "notebooks" / name))
        assert views == stored, f"{name}: Run All made {views} widget views; the committed notebook has {stored}"

        explorers = page.locator(".gdviz-explorer")
        timings = []
        for index in range(explorers.count()):
            explorer = explorers.nth(index)
            # the learning rate where there is one; the guessing game (explore_guess) has a w slider instead
            control = next((c for c in SLIDERS if explorer.locator(c).count()), None)
            assert control, f"{name}: explorer {index + 1} has none of the sliders {SLIDERS}"
            assert explorer.locator(".gdviz-figure").count() > 0, (
                f"{name}: explorer {index + 1} has a {control} slider but no .gdviz-figure")
            sliders = (control, *(c for c in MORE_SLIDERS if explorer.locator(c).count()))
            trials = {slider: nudge_slider(explorer, slider) for slider in sliders}
            for slider in sliders:  # marked, so that the loop below skips exactly these
                explorer.locator(slider).first.evaluate("e => { e.dataset.gdvizNudged = 'yes'; }")
            # then every other slider (steps, show step, the race's other rates, b): three ticks down, three up
            for i in range(explorer.locator(ALL_SLIDERS).count()):
                other = f"{ALL_SLIDERS} >> nth={i}"
                label = explorer.locator(other).locator(".widget-label").first.inner_text().strip()
                if explorer.locator(other).evaluate("e => e.closest('[data-gdviz-nudged]') !== null"):
                    continue
                trials[f"{other} ({label})"] = nudge_slider(explorer, other, keys=OTHER_KEYS, quiet_ms=200)
            explorer.screenshot(path=str(SCREENSHOTS / f"{stem}_explorer{index + 1}.png"))
            for slider, trial in trials.items():
                timings.append({"explorer": index + 1, "slider": slider, **trial.summary()})
                assert trial.changed > 0, (
                    f"{name}: explorer {index + 1}: {slider}: the picture never changed ({trial.summary()})")
                assert not trial.stuck, (
                    f"{name}: explorer {index + 1}: {slider} moved, the picture did not: {trial.stuck}")
        latency_report[name] = {"open_and_run_all_s": round(run_seconds, 1), "explorers": timings}
        assert not page_errors, f"{name}: uncaught errors in the page: {page_errors}"
    finally:
        try:
            page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
        except Exception:  # noqa: BLE001 - best effort: the server stops every kernel at teardown anyway
            pass
        context.close()


def test_a_typed_learning_rate_is_kept(browser, lab):
    """In lesson 3, typing 1.0 in the learning-rate box gives exactly 1.0: w bounces between 4 and -4 forever."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        open_notebook(page, lab.tree_url("03_learning_rate.ipynb"))
        assert run_all(page), "03: Run All reported a failed cell"
        # the lesson's main explorer: L = w² from 4, its learning rate starting at 0.35
        explorers = page.locator(".gdviz-explorer")
        rates = [explorers.nth(i).locator(".gdviz-lr .widget-readout").first.inner_text().strip()
                 for i in range(explorers.count())]
        explorer = explorers.nth(rates.index("0.35"))  # by position: the filter would not match after typing
        box = explorer.locator(".gdviz-lr .widget-readout").first
        box.scroll_into_view_if_needed()
        box.click()
        page.keyboard.press("Control+A")
        page.keyboard.type("1.0")
        page.keyboard.press("Enter")
        readout = explorer.locator(".gdviz-readout")
        page.wait_for_function("(el) => el.innerText.includes('loss 16 → 16')", arg=readout.element_handle(),
                               timeout=15_000)
        assert box.inner_text().strip() == "1.00"
    finally:
        try:
            page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
        except Exception:  # noqa: BLE001 - best effort
            pass
        context.close()
