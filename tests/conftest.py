"""Shared test setup: a non-interactive matplotlib backend and no figure left open between tests."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


_AXE_REPORTS = __import__("pathlib").Path(__file__).resolve().parents[1] / "artifacts" / "axe"


def pytest_sessionstart(session):
    session.config._gdviz_started = __import__("time").time()


def pytest_terminal_summary(terminalreporter, config):
    """The axe-core counts of this run (tests/test_accessibility.py writes them to artifacts/axe/), in the log."""
    import json

    started = getattr(config, "_gdviz_started", 0.0)
    reports = sorted(p for p in _AXE_REPORTS.glob("*.json") if p.stat().st_mtime >= started) \
        if _AXE_REPORTS.is_dir() else []
    if not reports:
        return
    terminalreporter.section("axe-core violations (ours / the host's, left out by named selector)")
    for path in reports:
        report = json.loads(path.read_text(encoding="utf-8"))
        ours, host = report["ours"], report["excluded"]
        terminalreporter.write_line(f"{path.stem}: ours {sum(ours.values())} {ours or ''}; "
                                    f"the host's {sum(host.values())} {host}")
