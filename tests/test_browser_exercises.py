"""A learner works a lesson in a real browser: JupyterLab + Debian's Chromium, driven by Playwright.

In lesson 02, after Run All: answer a question wrong (the feedback names the slip), then right (✓); type a
correct solution into the code exercise, run the cell and see the checker's confirmation; the progress line at
the end of the lesson counts both. Screenshots go to artifacts/screenshots/.

Needs Playwright (Python), /usr/bin/chromium (never ``playwright install``) and JupyterLab; without them the
test is skipped, except when the environment variable CI is set: then it fails.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from _browser.fixtures import browser, lab  # noqa: F401 - fixtures used by name
from _browser.notebook import mark_cell, open_notebook, problems, run_all

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "artifacts" / "screenshots"
LESSON = "02_slope_and_one_step.ipynb"
SOLUTION = '''def step(w, lr):
    """Return the new w after one gradient-descent step on L(w) = w**2 with learning rate lr."""
    return w - lr * 2 * w


gdviz.check_step(step)'''

pytestmark = pytest.mark.browser

def _mark(page, name: str, test: str):
    mark_cell(page, name, test)
    return page.locator(f'[data-gdviz-test="{name}"]')


def test_a_learner_answers_wrong_then_right_and_solves_the_exercise(browser, lab):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page_errors = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    try:
        open_notebook(page, lab.tree_url(LESSON))
        assert run_all(page), "Run All reported a failed cell"
        assert not problems(page), problems(page)

        # a question: w2 from w0 = 3 with eta = 0.2 on w^2. First the slip of adding the step, then the answer.
        quiz = _mark(page, "quiz", "source.trim() === 'gdviz.quiz(\"02\", 1)'").locator(".gdviz-exercise")
        box, check, feedback = quiz.locator("input[type=text]"), quiz.locator(".gdviz-check"), quiz.locator(".gdviz-feedback")
        box.fill("5.88")
        check.click()
        page.wait_for_function("el => el.textContent.includes('✗')", arg=feedback.element_handle(), timeout=20_000)
        assert "added the step instead of subtracting it" in feedback.inner_text()
        box.fill("1.08")
        check.click()
        page.wait_for_function("el => el.textContent.includes('✓')", arg=feedback.element_handle(), timeout=20_000)
        assert "Correct" in feedback.inner_text()
        quiz.screenshot(path=str(SCREENSHOTS / "exercises_quiz.png"))

        # the code exercise: its stored "your turn", then a correct solution typed in and run
        cell = _mark(page, "exercise", "tags.includes('exercise')")
        assert "Your turn" in cell.locator(".jp-OutputArea").inner_text()
        editor = cell.locator(".cm-content")
        editor.click()
        page.keyboard.press("Control+A")
        page.keyboard.insert_text(SOLUTION)
        assert "return w - lr * 2 * w" in page.evaluate(
            "() => window.jupyterapp.shell.currentWidget.content.activeCell.model.sharedModel.getSource()")
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-cell')")
        verdict = cell.locator(".gdviz-verdict-pass")
        verdict.wait_for(timeout=30_000)
        assert verdict.inner_text().startswith("✓ Right:")
        cell.screenshot(path=str(SCREENSHOTS / "exercises_code.png"))

        # the progress line at the end of the lesson counted both, without being run again
        line = _mark(page, "progress", "source.trim() === 'gdviz.progress(\"02\")'").locator(".gdviz-progress")
        page.wait_for_function("el => el.textContent.includes('2 of')", arg=line.element_handle(), timeout=20_000)
        assert "quiz 1" not in line.inner_text() and "exercise step" not in line.inner_text()
        assert not page_errors, page_errors
    finally:
        try:
            page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
        except Exception:  # noqa: BLE001 - best effort: the server stops every kernel at teardown anyway
            pass
        context.close()
