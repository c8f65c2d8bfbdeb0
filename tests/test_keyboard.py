"""A learner with a keyboard only works lesson 02 in JupyterLab: the code exercise, the explorer and a quiz.

Every action of the learner is a key press (``page.keyboard``): command-mode arrows to reach the exercise cell,
Enter to edit it, Shift+Enter to run it; Tab to reach the explorer's learning-rate slider, arrow keys to move it;
Tab to the "next step" button and Enter; Tab to a question's options, arrow keys to choose, Tab to Check and
Enter. The test reads the page (which element has the focus, what the live regions say) but never clicks. The
notebook is run first with JupyterLab's own Run All command, as in the other browser tests.

Needs Playwright (Python), /usr/bin/chromium (never ``playwright install``) and JupyterLab; without them the
test is skipped, except when the environment variable CI is set: then it fails.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from _browser.fixtures import browser, lab  # noqa: F401 - fixtures used by name
import test_browser_exercises
from _browser.notebook import close_page, mark_cell, open_notebook, run_all

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "artifacts" / "screenshots"
LESSON = "02_slope_and_one_step.ipynb"
SOLUTION = test_browser_exercises.SOLUTION  # the same right answer to the code exercise

_ACTIVE_CELL = "() => window.jupyterapp.shell.currentWidget.content.activeCellIndex"

# Where the keyboard focus is: the marked cell it is in ('' outside them) and whether it matches `selector`.
_FOCUS = """(selector) => {
    const el = document.activeElement;
    const cell = el && el.closest('[data-gdviz-test]');
    return {cell: cell ? cell.getAttribute('data-gdviz-test') : '', matches: !!el && el.matches(selector),
            tag: el ? el.tagName : '', name: el ? (el.getAttribute('aria-label') || el.textContent || '').trim() : ''};
}"""


def tab_to(page, cell: str, selector: str, *, back: bool = False, limit: int = 200) -> int:
    """Press Tab (Shift+Tab if ``back``) until the focus is on ``selector`` inside the marked ``cell``.

    Returns the number of presses; fails if the element cannot be reached by the keyboard.
    """
    for presses in range(1, limit + 1):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        focus = page.evaluate(_FOCUS, selector)
        if focus["cell"] == cell and focus["matches"]:
            return presses
    raise AssertionError(f"{selector} in the {cell} cell is not reachable with Tab in {limit} presses")


def answer(page, option: str, verdict: str, *, back: bool = False) -> None:
    """Tab (or Shift+Tab) to the quiz's option ``option``, Space to pick it, Tab to Check, Enter; wait for
    ``verdict`` in the feedback's alert."""
    tab_to(page, "quiz", f"input[type=radio][value='{option}']", back=back)
    page.keyboard.press("Space")
    tab_to(page, "quiz", "button.gdviz-check")
    page.keyboard.press("Enter")
    page.wait_for_function("verdict => { const a = document.querySelector("
                           "'[data-gdviz-test=\"quiz\"] .gdviz-feedback [role=\"alert\"]');"
                           " return a && a.textContent.includes(verdict); }", arg=verdict)


def test_keyboard_only_learner_completes_exercise_explorer_and_quiz(browser, lab):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page_errors = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    try:
        open_notebook(page, lab.tree_url(LESSON))
        assert run_all(page), "Run All reported a failed cell"
        page.set_default_timeout(60_000)  # a loaded machine: the kernel may take a while
        exercise = mark_cell(page, "exercise", "tags.includes('exercise')", activate=False)
        mark_cell(page, "explorer", "source.includes('gdviz.explore_lr_1d(')", activate=False)
        mark_cell(page, "quiz", "source.trim() === 'gdviz.quiz(\"02\", 2)'", activate=False)

        # 1. the code exercise: command mode, arrows to its cell, Enter to edit, type, Shift+Enter to run
        page.keyboard.press("Escape")
        for _ in range(60):
            here = page.evaluate(_ACTIVE_CELL)
            if here == exercise:
                break
            page.keyboard.press("ArrowUp" if here > exercise else "ArrowDown")
        assert page.evaluate(_ACTIVE_CELL) == exercise, "command-mode arrows did not reach the exercise cell"
        page.keyboard.press("Enter")
        page.keyboard.press("Control+A")
        page.keyboard.insert_text(SOLUTION)
        page.keyboard.press("Shift+Enter")
        verdict = page.locator('[data-gdviz-test="exercise"] .gdviz-verdict-pass')
        verdict.wait_for(timeout=30_000)
        assert verdict.inner_text().startswith("✓ Right:")

        # 2. the explorer: Tab to the learning-rate slider (it has a name), arrows move it; the picture, its
        # text alternative (the image's title) and the polite live region follow, the region once per burst
        explorer = page.locator('[data-gdviz-test="explorer"] .gdviz-explorer')
        region = explorer.locator('.gdviz-sentence [role="status"][aria-live="polite"]')
        image = explorer.locator(".gdviz-figure")
        before = {"sentence": region.inner_text(), "title": image.get_attribute("title"),
                  "src": image.get_attribute("src")}
        assert before["sentence"] and before["title"] == before["sentence"]
        tab_to(page, "explorer", ".gdviz-lr .noUi-handle")
        handle = page.evaluate("""() => { const h = document.activeElement;
            const id = h.getAttribute('aria-labelledby');
            return {labelledby: id && document.getElementById(id) ? document.getElementById(id).textContent : null,
                    label: h.getAttribute('aria-label'), now: h.getAttribute('aria-valuenow'),
                    text: h.getAttribute('aria-valuetext'), role: h.getAttribute('role')}; }""")
        assert handle["role"] == "slider", handle
        page.evaluate("() => { window.gdvizLive = []; const r = document.querySelector("
                      "'[data-gdviz-test=\"explorer\"] .gdviz-sentence'); new MutationObserver(() => "
                      "window.gdvizLive.push(r.innerText)).observe(r, {childList: true, subtree: true, "
                      "characterData: true}); }")
        outline = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                                " return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }")
        assert outline == ["solid", "3px", "rgb(0, 114, 178)"], f"no visible focus on the slider: {outline}"
        for _ in range(8):
            page.keyboard.press("ArrowRight")
        page.wait_for_function(  # the region's content is replaced (ipywidgets sets innerHTML): ask afresh
            "old => { const r = document.querySelector('[data-gdviz-test=\"explorer\"] .gdviz-sentence');"
            " return r && r.innerText.trim() && r.innerText !== old; }", arg=before["sentence"], timeout=60_000)
        page.wait_for_timeout(1500)  # anything still on its way
        after = {"sentence": region.inner_text(), "title": image.get_attribute("title"),
                 "src": image.get_attribute("src")}
        assert after["src"] != before["src"], "the picture did not change"
        assert after["title"] == after["sentence"] != before["sentence"]
        updates = page.evaluate("() => window.gdvizLive.length")
        assert 1 <= updates <= 3, f"the live region changed {updates} times for 8 key presses (a flood)"
        explorer.screenshot(path=str(SCREENSHOTS / "keyboard_explorer.png"))

        # the "next step" button: Tab to it, Enter moves the path one step (from the end: back to step 0)
        tab_to(page, "explorer", "button.gdviz-next")
        step = explorer.locator(".widget-slider", has_text="show step").locator(".widget-readout")
        page.keyboard.press("Enter")
        page.wait_for_function("el => el.innerText.trim() === '0'", arg=step.element_handle(), timeout=60_000)

        # 3. a question: Tab to its second option (wrong), Space picks it, Tab to Check, Enter: the feedback is an
        # alert; Shift+Tab back to the first option (right), Space, Check again. (Arrow keys on a radio button are
        # taken by JupyterLab's command mode, which moves to the next cell: each option is a Tab stop instead.)
        quiz = page.locator('[data-gdviz-test="quiz"] .gdviz-exercise')
        feedback = quiz.locator('.gdviz-feedback [role="alert"]')
        answer(page, "1", "✗ Not quite")
        answer(page, "0", "✓", back=True)
        assert "Correct" in quiz.locator(".gdviz-feedback").inner_text()
        quiz.screenshot(path=str(SCREENSHOTS / "keyboard_quiz.png"))
        assert not page_errors, page_errors
        print(f"keyboard: slider handle {handle}; focus outline {outline!r}; live-region updates {updates}")
    finally:
        close_page(page, context)
