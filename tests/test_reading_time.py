"""tools/reading_time.py: the estimate on made-up cells, and every lesson stating its own (and its prerequisites)."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
_spec = importlib.util.spec_from_file_location("reading_time", ROOT / "tools" / "reading_time.py")
reading_time = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reading_time)
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _notebook(tmp_path, cells):
    path = tmp_path / "lesson.ipynb"
    path.write_text(json.dumps({"cells": [{"cell_type": kind, "source": text} for kind, text in cells]}))
    return path


def test_estimate_counts_words_and_code_cells(tmp_path):
    # 400 words at 200 a minute and 4 code cells at half a minute: 4 minutes; answers and asides do not count
    prose = " ".join(["word"] * 200)
    aside = "<details><summary>Going deeper</summary>\n\n" + " ".join(["more"] * 500) + "\n\n</details>"
    path = _notebook(tmp_path, [("markdown", prose), ("markdown", prose + "\n\n" + aside)]
                     + [("code", "x = 1")] * 4)
    assert reading_time.estimate(path) == {"words": 400, "code_cells": 4, "minutes": 4.0}
    # a formula counts by its spaces ("$L(w)", "=", "w^2$"); table bars and markdown marks do not
    assert reading_time.words("$L(w) = w^2$ is a *parabola* | table |") == 7


def test_stated_reads_the_first_cell(tmp_path):
    assert reading_time.stated(_notebook(tmp_path, [("markdown", "*About 12 minutes to read, plus time.*")])) == 12
    assert reading_time.stated(_notebook(tmp_path, [("markdown", "# A lesson")])) is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_each_lesson_states_its_prerequisites_and_an_honest_reading_time(path):
    first = "".join(json.loads(path.read_text())["cells"][0]["source"])
    assert "**Before you start:**" in first, "say what the lesson builds on"
    stated, measured = reading_time.stated(path), reading_time.estimate(path)["minutes"]
    assert stated is not None, "state 'About N minutes to read' in the first cell (python tools/reading_time.py)"
    assert abs(stated - measured) <= max(2.0, 0.1 * measured), (stated, measured)
