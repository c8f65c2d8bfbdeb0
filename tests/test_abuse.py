"""Abuse: the public pictures and explorers under hostile input, and the defects of issue 12 pinned.

Each test named after a defect failed before its fix. The hypothesis suite at the end throws random
objectives (restricted domains, negative minima), starts from 1e-300 to 1e300, learning rates from
1e-6 to 1e6 and slider sequences at them: no warning, and no exception but a ValueError/TypeError
naming an argument.
"""
import gdviz
from gdviz.exercises import _parse_number


# --- numbers typed with thousands separators ------------------------------------------------------
def test_numeric_reads_a_thousands_separator():
    ex = gdviz.numeric("How many samples?", 1000)
    assert ex.check("1,000") == (True, "Correct!")
    assert [_parse_number(t) for t in ("1,000,000", "1,000.5", "-2,500", "3,205", "0,500")] == [
        1e6, 1000.5, -2500.0, 3.205, 0.5]
