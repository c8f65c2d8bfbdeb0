"""The lessons' figure cells leave matplotlib's chores to gdviz (issue 11, item 6).

A cell says what is drawn; it does not reach into the artists a gdviz plot made (its lines, its
legend's texts) to restyle or relabel them, nor lay a figure out twice.
"""
import pathlib
import re

import nbformat
import pytest

NOTEBOOKS = sorted(pathlib.Path(__file__).parent.parent.glob("notebooks/[0-9][0-9]_*.ipynb"))
REACHING_IN = {
    r"for \w+ in \w+\.lines\b": "loops over an Axes' lines (name the artist with an option instead)",
    r"\.get_legend\(\)\.get_texts\(\)": "rewrites a legend's texts after the fact",
    r"get_marker\(\) ==": "finds an artist by its marker",
    r"\.tight_layout\(\)": "lays out again (make the figure with layout='constrained')",
}


def code_cells(path):
    return [(i, c.source) for i, c in enumerate(nbformat.read(path, as_version=4).cells)
            if c.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_no_figure_cell_reaches_into_the_artists_gdviz_drew(path):
    found = [f"cell {i}: {why}" for i, source in code_cells(path)
             for pattern, why in REACHING_IN.items() if re.search(pattern, source)]
    assert not found, f"{path.name}: " + "; ".join(found)
