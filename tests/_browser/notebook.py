"""What a learner does in JupyterLab, as Playwright calls: open a notebook, Run All, read the outputs, nudge a slider.

The page is driven through JupyterLab's own command registry (``window.jupyterapp``, exposed by the server
option ``LabApp.expose_app_in_browser``) and read both through the notebook model and through the DOM.
"""
from __future__ import annotations

import contextlib
import os
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-quic",
]



def skip_or_fail(reason: str) -> None:
    """Skip a browser test that cannot run here, but fail it when the environment variable CI is set."""
    import pytest

    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{reason}; CI is set, so the browser tests must run (see .ci/run)")
    pytest.skip(reason)


@contextlib.contextmanager
def headless_chromium():
    """Debian's Chromium, headless, under Playwright; skip (fail under CI) without Playwright or Chromium."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright for Python is not installed (pip install -r requirements-test.txt)")
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


_PANEL = "window.jupyterapp.shell.currentWidget"

_KERNEL_IDLE = f"""() => {{
    const panel = {_PANEL};
    const kernel = panel && panel.sessionContext && panel.sessionContext.session
        && panel.sessionContext.session.kernel;
    return !!kernel && kernel.status === 'idle' && kernel.connectionStatus === 'connected';
}}"""

_RUN_ALL = f"""async () => {{
    const panel = {_PANEL};
    await panel.context.ready;
    await panel.sessionContext.ready;
    window.jupyterapp.shell.collapseLeft();
    return await window.jupyterapp.commands.execute('notebook:run-all-cells');
}}"""

# Problems a learner would see after Run All: cells left unexecuted, error outputs, stderr with a
# traceback / error / warning, LaTeX errors, widgets that failed to render, never finished loading or fell back
# to text.
_PROBLEMS = rf"""() => {{
    const WIDGET_MIME = 'application/vnd.jupyter.widget-view+json';
    const problems = [];
    const panel = {_PANEL};
    panel.content.widgets.forEach((cell, i) => {{
        if (cell.model.type !== 'code') return;
        const where = `cell ${{i + 1}}`;
        if (cell.model.sharedModel.getSource().trim() && cell.model.executionCount == null)
            problems.push(`${{where}} was not executed`);
        for (const out of cell.model.outputs.toJSON()) {{
            if (out.output_type === 'error') problems.push(`${{where}}: ${{out.ename}}: ${{out.evalue}}`);
            if (out.output_type === 'stream' && out.name === 'stderr') {{
                const text = Array.isArray(out.text) ? out.text.join('') : out.text;
                if (/Traceback|Error|Warning/.test(text)) problems.push(`${{where}} stderr: ${{text.slice(0, 400)}}`);
            }}
        }}
    }});
    const node = panel.content.node;
    node.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        .forEach(el => {{ if (/Traceback|Error/.test(el.textContent))
            problems.push(`error shown on the page: ${{el.textContent.slice(0, 400)}}`); }});
    // a widget output shown as its text fallback means the widget manager (jupyterlab_widgets) is missing
    const widgetOutputs = panel.content.widgets.flatMap(cell => cell.model.type !== 'code' ? [] :
        cell.model.outputs.toJSON().filter(out => out.data && out.data[WIDGET_MIME])).length;
    const widgetViews = Array.from(node.querySelectorAll('.jp-OutputArea-output'))
        .filter(el => el.querySelector('.jupyter-widgets')).length;
    if (widgetViews < widgetOutputs)
        problems.push(`only ${{widgetViews}} of ${{widgetOutputs}} widget outputs are shown as live widgets`);
    // a notebook that calls an explorer must show one
    const callsExplorer = panel.content.widgets.some(cell => cell.model.type === 'code'
        && /\bexplore_\w+\(/.test(cell.model.sharedModel.getSource()));
    if (callsExplorer && !node.querySelector('.gdviz-explorer'))
        problems.push('the notebook calls gdviz.explore_*() but no .gdviz-explorer is on the page');
    // LaTeX that MathJax could not typeset (in markdown or in a widget) shows "Math input error"
    node.querySelectorAll('mjx-merror').forEach(el => {{
        const i = panel.content.widgets.findIndex(cell => cell.node.contains(el));
        problems.push(`cell ${{i + 1}}: LaTeX shows "Math input error" (${{el.getAttribute('data-mjx-error')}})`);
    }});
    node.querySelectorAll('.jp-OutputArea-output').forEach(el => {{
        const text = el.textContent;
        if (text.includes('Error displaying widget') || text.includes('Error rendering output'))
            problems.push(`a widget failed to render: ${{text.slice(0, 200)}}`);
    }});
    return problems;
}}"""

_WIDGETS_LOADING = f"""() => Array.from({_PANEL}.content.node.querySelectorAll('.jp-OutputArea-output'))
    .filter(el => el.textContent.includes('Loading widget')).length"""

_NOTEBOOK_HEIGHT = f"""() => {{
    const nb = {_PANEL}.content.node;
    const scroller = nb.querySelector('.jp-WindowedPanel-outer') || nb;
    scroller.scrollTop = 0;
    return nb.getBoundingClientRect().top + scroller.scrollHeight + 40;
}}"""

# Snapshot of what the figure widget shows: canvas pixels (ipympl), else the image source (ipywidgets.Image,
# or an <img> inside an Output), else its markup.
_SNAPSHOT = """(el) => {
    const canvas = el.tagName === 'CANVAS' ? el : el.querySelector('canvas');
    if (canvas) return canvas.toDataURL();
    const img = el.tagName === 'IMG' ? el : el.querySelector('img');
    if (img) return img.src;
    return el.innerHTML;
}"""

# Arm a watcher on one figure: the next keydown anywhere records t0, and the first time the figure's
# snapshot differs from now records t1 (checked on every DOM mutation inside it and on every frame).
_ARM = """(el) => {
    const snapshot = """ + _SNAPSHOT + """;
    const watch = {t0: null, t1: null, before: snapshot(el)};
    window.__gdvizWatch = watch;
    document.addEventListener('keydown', (e) => { watch.t0 = performance.now(); }, {capture: true, once: true});
    const check = () => {
        if (window.__gdvizWatch !== watch) { observer.disconnect(); return; }
        if (watch.t1 === null && watch.t0 !== null && snapshot(el) !== watch.before) {
            watch.t1 = performance.now();
            observer.disconnect();
        }
    };
    const observer = new MutationObserver(check);
    observer.observe(el, {attributes: true, childList: true, subtree: true, characterData: true});
    const frame = () => { check(); if (watch.t1 === null && window.__gdvizWatch === watch) requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
}"""


# Where the slider stands: handle position, ARIA value and readout (each alone may round a small step away).
_SLIDER_STATE = """(el) => {
    const origin = el.querySelector('.noUi-origin');
    const handle = el.querySelector('.noUi-handle');
    const readout = el.querySelector('.widget-readout');
    const range = el.querySelector('input[type=range]');
    return [origin && origin.style.transform, handle && handle.getAttribute('aria-valuenow'),
            readout && readout.textContent, range && range.value].join('|');
}"""


@dataclass
class SliderTrial:
    """The learning-rate slider of one explorer, nudged ``presses`` times: what moved and how fast."""

    presses: int = 0
    moved: int = 0
    changed: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    stuck: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        lat = sorted(self.latencies_ms)
        p95 = lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))] if lat else None
        return {"presses": self.presses, "slider_moved": self.moved, "picture_changed": self.changed,
                "median_ms": round(statistics.median(lat), 1) if lat else None,
                "p95_ms": round(p95, 1) if p95 is not None else None,
                "max_ms": round(lat[-1], 1) if lat else None,
                "latencies_ms": [round(x, 1) for x in self.latencies_ms], "stuck": self.stuck}


def open_notebook(page, url: str | None, *, timeout_ms: float = 90_000) -> None:
    """Open a notebook URL and wait until its kernel is connected and idle.

    With ``url=None`` the page is not sent anywhere: it waits for the notebook it is already on its way to
    (after a login form, a hub's spawn page or an nbgitpuller link, say).
    """
    if url is not None:
        page.goto(url)
    page.wait_for_function(f"() => window.jupyterapp && {_PANEL} && {_PANEL}.sessionContext",
                           timeout=timeout_ms)
    page.wait_for_function(_KERNEL_IDLE, timeout=timeout_ms, polling=100)


_STILLS = f"""() => Array.from({_PANEL}.content.node.querySelectorAll('.jp-OutputArea-output')).map(out => {{
    const img = out.querySelector('figure.gdviz-still img');
    return {{still: !!out.querySelector('figure.gdviz-still'), drawn: !!img && img.complete && img.naturalWidth > 0,
             caption: (out.querySelector('figure.gdviz-still figcaption') || {{}}).innerText || '',
             broken: /Error displaying widget|model not found/.test(out.textContent)}};
}})"""


def stored_stills(page) -> list[dict]:
    """What the open notebook shows before any cell runs, per output: an explorer's still (``figure.gdviz-still``),
    whether its picture is drawn, its caption, and whether the output says a widget could not be shown."""
    page.wait_for_function(f"() => {_PANEL}.content.node.querySelector('.jp-OutputArea-output')", timeout=30_000)
    page.wait_for_timeout(300)  # the stored images decode
    return page.evaluate(_STILLS)


def run_all(page, *, timeout_ms: float = 180_000) -> bool:
    """Run All (the ``notebook:run-all-cells`` command), then wait for the kernel and the widgets to settle.

    Returns the command's own verdict: False if a cell raised.
    """
    page.set_default_timeout(timeout_ms)
    ok = page.evaluate(_RUN_ALL)
    page.wait_for_function(_KERNEL_IDLE, timeout=timeout_ms, polling=100)
    page.wait_for_function(f"() => ({_WIDGETS_LOADING})() === 0", timeout=60_000, polling=200)
    page.wait_for_timeout(500)  # let the last widget views paint before reading or photographing them
    return bool(ok)


# Mark the first cell whose source satisfies `test` (a JS expression over `source` and `tags`) with the attribute
# data-gdviz-test=name; with `activate`, also make it the active cell and scroll it into view. Its index or -1.
_MARK_CELL = """([name, test, activate]) => {
    const panel = window.jupyterapp.shell.currentWidget;
    const pick = new Function('source', 'tags', 'return ' + test);
    const cells = panel.content.widgets;
    const i = cells.findIndex(cell => pick(cell.model.sharedModel.getSource(), cell.model.getMetadata('tags') || []));
    if (i < 0) return -1;
    cells[i].node.setAttribute('data-gdviz-test', name);
    if (activate) {
        panel.content.activeCellIndex = i;
        cells[i].node.scrollIntoView({block: 'center'});
    }
    return i;
}"""


def mark_cell(page, name: str, test: str, *, activate: bool = True) -> int:
    """Mark the first cell whose source passes ``test`` as ``[data-gdviz-test=name]`` and return its index.

    ``activate=False`` leaves the active cell and the scroll alone (a keyboard-only test moves there by keys).
    """
    index = page.evaluate(_MARK_CELL, [name, test, activate])
    assert index >= 0, f"no cell matches {test}"
    return index


def close_page(page, context) -> None:
    """Shut the open notebook's kernel down (best effort) and close the browser context."""
    try:
        page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
    except Exception:  # noqa: BLE001 - best effort: the server stops every kernel at teardown anyway
        pass
    context.close()


def problems(page) -> list[str]:
    """Everything wrong a learner would see on the page (empty when the notebook ran cleanly)."""
    return page.evaluate(_PROBLEMS)


_OUTPUTS = f"""() => {_PANEL}.content.widgets.filter(cell => cell.model.type === 'code')
    .flatMap(cell => cell.model.outputs.toJSON())"""


def outputs(page) -> list[dict]:
    """Every output of the open notebook's code cells, in order, as nbformat JSON (what saving would write)."""
    return page.evaluate(_OUTPUTS)


def screenshot_whole_notebook(page, path, *, width: int = 1400, max_height: int = 15_000) -> None:
    """Photograph the whole notebook at once by making the window as tall as the notebook."""
    viewport = page.viewport_size
    height = int(min(max_height, max(viewport["height"], page.evaluate(_NOTEBOOK_HEIGHT))))
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(400)
    page.evaluate(_NOTEBOOK_HEIGHT)  # scrolls back to the top after the resize
    page.screenshot(path=str(path))
    page.set_viewport_size(viewport)
    page.wait_for_timeout(200)


def _wait_quiet(figure, quiet_ms: float, limit_ms: float) -> None:
    """Wait until the figure has not changed for ``quiet_ms`` (a burst of redraws has finished)."""
    start = time.monotonic()
    last = figure.evaluate(_SNAPSHOT)
    while (time.monotonic() - start) * 1000 < limit_ms:
        figure.page.wait_for_timeout(quiet_ms)
        now = figure.evaluate(_SNAPSHOT)
        if now == last:
            return
        last = now


def nudge_slider(explorer, control: str = ".gdviz-lr", *, keys=("ArrowRight",) * 5 + ("ArrowLeft",) * 5,
                 timeout_ms: float = 10_000, quiet_ms: float = 300) -> SliderTrial:
    """Focus the handle of the explorer's slider ``control`` and press each key, timing key press -> new picture.

    The default keys walk five steps up and five back, so the explorer ends where it started; at the end
    of the slider's range a key moves nothing, and then no new picture is expected.
    """
    page = explorer.page
    slider = explorer.locator(control).first
    handle = slider.locator(".noUi-handle, input[type=range]").first
    figure = explorer.locator(".gdviz-figure").first
    handle.scroll_into_view_if_needed()
    _wait_quiet(figure, quiet_ms, 5_000)
    trial = SliderTrial()
    for key in keys:
        before = slider.evaluate(_SLIDER_STATE)
        figure.evaluate(_ARM)
        handle.press(key)
        trial.presses += 1
        page.wait_for_timeout(50)
        after = slider.evaluate(_SLIDER_STATE)
        if after == before:  # at the end of its range: nothing should change
            continue
        trial.moved += 1
        try:
            page.wait_for_function("() => window.__gdvizWatch.t1 !== null", timeout=timeout_ms, polling="raf")
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError; recorded, asserted by the caller
            trial.stuck.append(f"{key}: slider {before} -> {after}, picture unchanged after {timeout_ms:.0f} ms")
            continue
        t0, t1 = page.evaluate("() => [window.__gdvizWatch.t0, window.__gdvizWatch.t1]")
        trial.changed += 1
        trial.latencies_ms.append(t1 - t0)
        _wait_quiet(figure, quiet_ms, 5_000)
    return trial
