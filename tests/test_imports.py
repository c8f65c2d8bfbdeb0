"""gdviz's modules import one another without a cycle, and none imports another's private name.

The graph is built from the source with ``ast`` (no import is run): an edge ``a -> b`` for every
``from b import ...``, ``from . import b`` and ``import b`` inside the package, at any depth (an import
inside a function counts too: a lazy import only hides a cycle).
"""
from __future__ import annotations

import ast
from pathlib import Path

import gdviz

ROOT = Path(gdviz.__file__).parent


def _modules() -> dict[str, Path]:
    modules = {}
    for path in ROOT.rglob("*.py"):
        parts = ("gdviz", *path.relative_to(ROOT).with_suffix("").parts)
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


MODULES = _modules()


def _source(node: ast.ImportFrom, package: str) -> str:
    """The absolute module a ``from ... import`` reads, in ``package``."""
    if not node.level:
        return node.module or ""
    base = package.split(".")[: len(package.split(".")) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(module: str, path: Path):
    """``(target module, imported name or None)`` for each import of a gdviz module in ``module``."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((a.name, None) for a in node.names if a.name.split(".")[0] == "gdviz")
        elif isinstance(node, ast.ImportFrom):
            target = _source(node, package)
            if target.split(".")[0] != "gdviz":
                continue
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                yield (submodule, None) if submodule in MODULES else (target, alias.name)


def _graph() -> dict[str, set[str]]:
    return {module: {target for target, _ in _imports(module, path) if target in MODULES}
            for module, path in MODULES.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected component of more than one module (Tarjan), and self-imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph[v]:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _is_within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_graph_sees_the_package():
    graph = _graph()
    assert {"gdviz", "gdviz.core.constraints", "gdviz.lessons.widgets", "gdviz.lessons.session"} <= set(graph)
    assert "gdviz.core.constraints" in graph["gdviz.core.loop"]
    assert "gdviz.lessons.session" in graph["gdviz.lessons.checkers"]


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"a"}}) == [["a"]]


def test_no_import_cycle_between_modules():
    # a package's __init__ re-exports its modules (its edges point down); a module importing its own
    # package's __init__ would make a cycle and is refused too
    assert _cycles(_graph()) == []


def test_no_private_name_is_imported_from_another_module():
    private = [f"{module} imports {name} from {target}"
               for module, path in MODULES.items() for target, name in _imports(module, path)
               if name is not None and name.startswith("_") and target != module]
    assert private == []


def _private_attributes(module: str, path: Path):
    """``(target module, name)`` for each ``alias._name`` where ``alias`` is a gdviz module imported here."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            target = _source(node, package)
            for alias in node.names:
                if f"{target}.{alias.name}" in MODULES:
                    aliases[alias.asname or alias.name] = f"{target}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES and alias.asname:
                    aliases[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in aliases and node.attr.startswith("_")
                and not node.attr.startswith("__") and aliases[node.value.id] != module):
            yield aliases[node.value.id], node.attr


def test_no_private_name_is_reached_through_another_module():
    # ``from . import checkers`` then ``checkers._judge(...)`` is the same reach into another's privates
    private = [f"{module} uses {target}.{name}" for module, path in MODULES.items()
               for target, name in _private_attributes(module, path)]
    assert private == []


def test_no_private_module_is_imported():
    private = [f"{module} imports {target}" for module, path in MODULES.items()
               for target, _ in _imports(module, path)
               if any(part.startswith("_") for part in target.split("."))]
    assert private == []


def test_the_core_imports_no_widget_layer():
    graph = _graph()
    upward = [(m, t) for m in graph if _is_within(m, "gdviz.core") for t in graph[m]
              if not _is_within(t, "gdviz.core")]
    assert upward == []
