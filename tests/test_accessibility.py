"""Accessibility: text alternatives, announcements, motion, figures told apart without colour, and axe-core.

Without a browser: an explorer's picture carries its sentence (the ``alt`` of the stored still, the ``title`` of
the live image, a polite live region rewritten once per burst of changes), quiz feedback is an alert, the step
buttons walk the path or step on demand (``gdviz.set_motion("reduced")``), and series drawn together differ in
marker or line style as well as colour.

In a browser (marked ``browser``): axe-core (tests/_browser/package.json, installed by ``npm ci`` in
.ci/run) checks lesson 02 in JupyterLab after Run All, lesson 03 as a Voilà app and lesson 02's HTML export.
Every violation must lie in the host's own markup, named below by selector with the reason; gdviz's outputs
have none. The counts go to artifacts/axe/<page>.json.
"""
from __future__ import annotations

import html
import html.parser
import json
import subprocess
import sys
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib.lines import Line2D

import gdviz
from gdviz.accessibility import STYLE
from gdviz.explorers.controls import Player
from gdviz.explorers.explorer import ANNOUNCE_AFTER
from _browser.fixtures import browser, lab  # noqa: F401 - fixtures used by name

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "artifacts" / "axe"

# --- without a browser ---------------------------------------------------------------------------------------


class _Images(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.alts: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.alts.append(dict(attrs).get("alt"))


def test_the_stored_still_carries_the_sentence_as_its_alt():
    explorer = gdviz.explore_lr_1d(lr=0.3, steps=5)
    bundle = explorer._repr_mimebundle_()
    images = _Images()
    images.feed(bundle["text/html"])
    assert images.alts == [" ".join(bundle["text/plain"].split())]
    assert "described below" not in bundle["text/html"]


def test_the_live_picture_has_its_sentence_as_title_and_in_a_polite_live_region():
    explorer = gdviz.explore_lr_2d(lr=0.1, steps=4)
    sentence = repr(explorer)
    assert explorer.image.tooltip == sentence
    assert "description" in explorer.image.keys  # synced, so that the Image view sets the title
    region = explorer.sentence.value
    assert region.startswith('<div role="status" aria-live="polite" aria-atomic="true"')
    assert sentence.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in region
    explorer.controls["lr"].value = 0.25
    assert explorer.image.tooltip == repr(explorer) != sentence  # no event loop here: rewritten at once


class _Loop:
    """A stand-in for the kernel's event loop: callbacks wait until run."""

    def __init__(self):
        self.waiting: list[tuple[float, object]] = []

    def __call__(self, callback, delay):
        self.waiting.append((delay, callback))
        return True

    def run(self, only_shorter_than: float = np.inf) -> None:
        due = [(d, c) for d, c in self.waiting if d < only_shorter_than]
        self.waiting = [(d, c) for d, c in self.waiting if d >= only_shorter_than]
        for _, callback in due:
            callback()


def test_a_drag_is_announced_once_when_the_picture_stands_still():
    explorer = gdviz.explore_lr_1d(lr=0.1, steps=10)
    loop = _Loop()
    explorer._schedule = explorer.coalescer._schedule = loop
    announced = []
    explorer.sentence.observe(lambda change: announced.append(change["new"]), names="value")
    for lr in np.linspace(0.12, 0.6, 12):  # twelve slider messages, each redrawn before the next arrives
        explorer.controls["lr"].value = float(lr)
        loop.run(only_shorter_than=ANNOUNCE_AFTER)  # the redraws; the announcements keep waiting
    assert explorer.coalescer.runs >= 12 and announced == []
    loop.run()  # the picture stood still for ANNOUNCE_AFTER seconds
    assert len(announced) == 1 and html.unescape(announced[0]).endswith(
        repr(explorer) + "</div>")


def test_quiz_feedback_is_an_alert_with_a_mark_that_needs_no_colour():
    quiz = gdviz.quiz("02", 2)
    quiz.control.value = 1
    quiz.submit()
    assert quiz.feedback.value.startswith('<div role="alert">') and "✗" in quiz.feedback.value
    quiz.control.value = 0
    quiz.submit()
    assert "✓" in quiz.feedback.value
    assert any("gdviz-style" in child._dom_classes for child in quiz.children)  # the focus ring's style sheet


def test_play_walks_the_path_one_step_per_tick_and_stops_at_the_end():
    loop = _Loop()
    player = Player(value=3, max=3, schedule=loop)
    player.toggle()  # at the end: back to the start, then a step per tick
    seen = [player.value]
    while loop.waiting:
        loop.run()
        seen.append(player.value)
    assert seen == [0, 1, 2, 3] and not player.playing
    assert player.buttons["play"].description == "▶ play"
    player.toggle()
    assert player.playing and player.buttons["play"].description == "❚❚ pause"
    player.toggle()
    assert not player.playing
    player.value = 3
    player.next_step()
    assert player.value == 0  # "next step" from the end starts over


def test_without_an_event_loop_play_goes_straight_to_the_end():
    explorer = gdviz.explore_lr_1d(steps=6)
    explorer.controls["step"].value = 2
    explorer.controls["play"].toggle()
    assert explorer.controls["step"].value == 6 and not explorer.controls["play"].playing


def test_reduced_motion_leaves_only_a_step_on_demand():
    previous = gdviz.set_motion("reduced")
    try:
        explorer = gdviz.explore_lr_1d(steps=4)
    finally:
        gdviz.set_motion(previous)
    player = explorer.controls["play"]
    assert list(player.buttons) == ["next"]
    explorer.controls["step"].value = 1
    player.buttons["next"].click()
    assert explorer.controls["step"].value == 2 == explorer.step
    assert list(gdviz.explore_lr_1d().controls["play"].buttons) == ["play", "next"]  # back to full motion
    with pytest.raises(ValueError, match="mode must be 'full' or 'reduced'. Got 'none'"):
        gdviz.set_motion("none")


def test_the_style_sheet_hides_play_when_the_browser_prefers_reduced_motion():
    assert "@media (prefers-reduced-motion: reduce) { .gdviz-player .gdviz-play { display: none" in STYLE
    assert ".gdviz-explorer :focus-visible" in STYLE and "outline: 3px solid #0072B2" in STYLE


def _series(ax) -> list[tuple[str, str, str]]:
    """The (colour, line style, marker) of each legend entry drawn as a line."""
    handles, _ = ax.get_legend_handles_labels()
    return [(matplotlib.colors.to_hex(h.get_color()), h.get_linestyle(), h.get_marker())
            for h in handles if isinstance(h, Line2D) and h.get_linestyle() != "None"]


def _pictures():
    L, B = gdviz.parabola(), gdviz.bowl()
    runs = [gdviz.gradient_descent(L, start=4.0, lr=lr, steps=12) for lr in (0.05, 0.1, 0.3, 0.45, 0.6)]
    runs2 = [gdviz.gradient_descent(B, start=(5.0, -4.0), lr=lr, steps=12) for lr in (0.05, 0.1, 0.3, 0.45)]
    k = np.arange(20.0)
    yield "plot_loss_curves", gdviz.plot_loss_curves(runs)
    yield "plot_loss_curves(sweep)", gdviz.plot_loss_curves(gdviz.sweep_learning_rates(L, 4.0, [0.1, 0.3, 0.6], steps=8))
    yield "plot_path_2d", gdviz.plot_path_2d(runs2, B)
    yield "plot_curves", gdviz.plot_curves({"0.9^k": 0.9**k, "0.7^k": 0.7**k, "0.5^k": 0.5**k, "k": k})
    yield "plot_schedule", gdviz.plot_schedule([gdviz.step_decay(0.1, 5), gdviz.cosine_decay(0.1, 20)], 20)
    race = gdviz.explore_race()
    yield "explore_race", race.figure.axes[1]


def test_series_drawn_together_differ_in_marker_or_line_style_not_only_in_colour():
    checked = 0
    for name, ax in _pictures():
        series = _series(ax)
        assert len(series) >= 2, f"{name}: expected several series, found {series}"
        shapes = [(style, marker) for _, style, marker in series]
        assert len(set(shapes)) == len(shapes), f"{name}: series told apart by colour alone: {series}"
        checked += 1
    assert checked == 6


# --- in a browser: axe-core ------------------------------------------------------------------------------------

#: ipywidgets' own markup, wherever it is shown: its sliders' handles (role=slider) get no accessible name, and
#: ipywidgets offers no way to give them one (jupyter-widgets/ipywidgets#2650). The label beside each slider
#: names it for the eye; the value is in the readout next to it.
IPYWIDGETS = {
    ("aria-input-field-name", ".widget-slider .noUi-handle"): "ipywidgets' slider handles have no accessible name",
}
#: JupyterLab's own markup that axe finds fault with (JupyterLab 4.x): (rule, selector) and why.
JUPYTERLAB = {
    ("region", ".jp-skiplink-wrapper"): "JupyterLab's skip link sits outside any landmark",
    ("aria-required-children", ".jp-WindowedPanel-viewport"): "the notebook's role=feed holds cells that are not articles",
    ("aria-input-field-name", ".cm-content"): "CodeMirror's cell editors have no accessible name",
    ("aria-allowed-attr", ".voilaRender"): "a toolbar jp-button (Voilà's preview) with aria-pressed",
    ("aria-allowed-attr", ".jp-DebuggerBugButton"): "the debugger's toolbar jp-button with aria-pressed",
    ("aria-allowed-attr", ".validate-button"): "nbgrader's Validate toolbar jp-button with aria-pressed",
    ("button-name", ".jp-collapseHeadingButton"): "the heading-collapse buttons have no name",
    ("image-alt", ".jp-RenderedImage > img"): ("JupyterLab draws image/png outputs (matplotlib figures) with no alt "
                                               "and reads none from the output (jupyter/enhancement-proposals#120)"),
    **IPYWIDGETS,
}
#: Voilà's own page (its lab template).
VOILA = {
    ("region", "*"): "Voilà's lab template puts the cells in no landmark (no <main>)",
    ("image-alt", ".jp-RenderedImage > img"): "Voilà's renderer is JupyterLab's: no alt for image/png outputs",
    **IPYWIDGETS,
}
#: nbconvert's HTML export (its lab template): its colours for prompts, code and links.
NBCONVERT = {
    ("color-contrast", ".jp-InputPrompt, .jp-OutputPrompt"): "the In/Out prompts' grey is below 4.5:1",
    ("color-contrast", ".highlight *"): "the Pygments colours of the code (numbers, comments, keywords) are below 4.5:1",
    ("link-in-text-block", ".jp-RenderedMarkdown a"): "links in text are told apart by colour alone (no underline)",
}


def _report(name: str, result: dict) -> None:
    from _browser.axe import counts

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    summary = {"axe": result["version"], "ours": counts(result["ours"]), "excluded": counts(result["excluded"]),
               "violations": result["ours"] + result["excluded"]}
    (ARTIFACTS / f"{name}.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False))
    print(f"axe {result['version']} on {name}: ours {summary['ours']}, the host's {summary['excluded']}")


def _assert_none_of_ours(name: str, result: dict) -> None:
    ours = [f"{v['rule']} ({v['impact']}) at {v['target']}: {v['html']}" for v in result["ours"]]
    assert not ours, f"{name}: axe finds {len(ours)} violations outside the host's named markup:\n" + "\n".join(ours)


@pytest.mark.browser
def test_axe_finds_nothing_in_a_lesson_run_in_jupyterlab(browser, lab):
    from _browser.axe import run_axe
    from _browser.notebook import close_page, open_notebook, problems, run_all

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, reduced_motion="reduce")
    page = context.new_page()
    try:
        open_notebook(page, lab.tree_url("02_slope_and_one_step.ipynb"))
        assert run_all(page), "Run All reported a failed cell"
        assert not problems(page), problems(page)
        page.wait_for_timeout(1500)  # the explorers' sentences are written once the pictures stand still
        result = run_axe(page, JUPYTERLAB)
        _report("jupyterlab_02", result)
        _assert_none_of_ours("JupyterLab, lesson 02", result)
        # the browser prefers reduced motion: no Play button, "next step" is there
        explorer = page.locator(".gdviz-explorer").first
        assert explorer.locator(".gdviz-play").count() == 1 and not explorer.locator(".gdviz-play").is_visible()
        assert explorer.locator(".gdviz-next").is_visible()
        assert explorer.locator('.gdviz-sentence [role="status"]').inner_text().strip()
    finally:
        close_page(page, context)


@pytest.mark.browser
def test_axe_finds_nothing_in_a_lesson_app_in_voila(browser, tmp_path):
    from _browser.axe import run_axe
    from test_voila import APP, running_voila

    with running_voila(APP, tmp_path) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        try:
            page.goto(url, timeout=180_000)
            page.wait_for_selector(".gdviz-explorer .gdviz-figure", timeout=90_000)
            page.wait_for_timeout(1500)
            result = run_axe(page, VOILA)
            _report(f"voila_{APP.stem[:2]}", result)
            _assert_none_of_ours(f"Voilà, {APP.name}", result)
            # Voilà has no command mode: Tab reaches the slider and the arrow keys move it
            page.keyboard.press("Tab")
            for _ in range(40):
                if page.evaluate("() => !!document.activeElement.closest('.gdviz-lr')"):
                    break
                page.keyboard.press("Tab")
            assert page.evaluate("() => !!document.activeElement.closest('.gdviz-lr')"), "Tab never reached the slider"
        finally:
            context.close()


@pytest.mark.browser
def test_axe_finds_nothing_in_a_lesson_exported_to_html(browser, tmp_path):
    from _browser.axe import run_axe

    lesson = REPO / "notebooks" / "02_slope_and_one_step.ipynb"
    run = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--output-dir",
                          str(tmp_path), str(lesson)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, offline=True)
    page = context.new_page()
    try:
        page.goto((tmp_path / f"{lesson.stem}.html").as_uri())
        result = run_axe(page, NBCONVERT)
        _report("export_02", result)
        _assert_none_of_ours("the HTML export of lesson 02", result)
        alts = page.evaluate("() => Array.from(document.querySelectorAll('figure.gdviz-still img'))"
                             ".map(img => img.alt)")
        captions = page.evaluate("() => Array.from(document.querySelectorAll('figure.gdviz-still figcaption'))"
                                 ".map(c => c.innerText.split(/\\s+/).join(' '))")
        assert alts and alts == captions, "each explorer's still has its sentence as alt"
    finally:
        context.close()
