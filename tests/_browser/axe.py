"""axe-core (the npm package, pinned in tests/_browser/package.json) run inside a Playwright page.

``.ci/run`` installs it with ``npm ci`` into tests/_browser/node_modules; nothing is fetched while the tests
run. Without it the accessibility tests are skipped, except under CI=true: then they fail.
"""
from __future__ import annotations

from pathlib import Path

from .notebook import skip_or_fail

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"

# Every violation's nodes with the rule, impact and a short piece of markup. `outside` lists [rule, selector]
# pairs of the host's own markup (JupyterLab, Voilà, nbconvert, ipywidgets): a node is the host's when its rule
# is that rule and its element matches that selector.
_RUN = """async (outside) => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    const found = [];
    for (const rule of result.violations)
        for (const node of rule.nodes) {
            let el = null;
            try { el = document.querySelector(node.target[node.target.length - 1]); } catch (e) {}
            const host = el ? outside.find(([id, sel]) => id === rule.id && el.matches(sel)) : undefined;
            found.push({rule: rule.id, impact: rule.impact, target: node.target.join(' '),
                        html: node.html.slice(0, 160), host: host ? host[1] : null});
        }
    return {version: axe.version, found: found};
}"""


def run_axe(page, outside: dict[tuple[str, str], str]) -> dict:
    """Run axe on the whole page; split its violations into ``ours`` and the host's (``excluded``).

    ``outside`` maps ``(rule, selector)`` of the host's own markup to why it is not ours: a violation of that
    rule on an element matching that selector is the host's. Returns ``{"version", "ours", "excluded"}``
    (lists of violations, each ``{"rule", "impact", "target", "html", "host"}``).
    """
    if not AXE.exists():
        skip_or_fail(f"{AXE} is missing (cd tests/_browser && npm ci)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(_RUN, [list(key) for key in outside])
    return {"version": result["version"],
            "ours": [v for v in result["found"] if v["host"] is None],
            "excluded": [v for v in result["found"] if v["host"] is not None]}


def counts(violations: list[dict]) -> dict[str, int]:
    """How many nodes violate each rule, ``{"image-alt": 3, ...}``."""
    tally: dict[str, int] = {}
    for v in violations:
        key = f"{v['rule']} @ {v['host']}" if v["host"] else v["rule"]
        tally[key] = tally.get(key, 0) + 1
    return dict(sorted(tally.items()))
