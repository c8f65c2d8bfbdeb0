"""The two installs README gives: a learner's (requirements.txt) and the test suite's (requirements-test.txt).

A learner's install holds what the lessons need and no test tool, neither listed nor pulled in by what is
listed: the dependency closure is read from the metadata of the distributions installed here, offline. The
test install adds the tools on top of the learner's, and CI installs exactly what README tells a developer to.
README's learner command starts JupyterLab with the settings that keep its news pop-up away.
Every module that the package, the tests, the tools, the benchmarks and the classroom scripts import is
declared: it belongs to a distribution in the closure of requirements-test.txt (requirements.txt for gdviz/).
"""
from __future__ import annotations

import ast
import contextlib
import importlib.metadata
import os
import re
import secrets
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from _browser.lab import api, free_port, stop_group

REPO = Path(__file__).resolve().parents[1]
LEARNER = REPO / "requirements.txt"
TESTS = REPO / "requirements-test.txt"
# What only the test suite (or a hub's image) uses; none of it may reach a learner's machine.
TEST_TOOLS = {"pytest", "hypothesis", "nbval", "playwright", "jupyter-repo2docker", "docker", "jupyterhub",
              "jupyterhub-idle-culler", "nbgitpuller", "pytest-benchmark",
              "sympy", "ipympl"}
LESSON_NEEDS = {"numpy", "matplotlib", "pillow", "ipywidgets", "ipykernel", "jupyterlab", "voila", "scikit-learn"}
# README's quick loop: unit tests, doctests, nbval on the lessons; no browser, hub, network or slow test.
QUICK = 'python3 -m pytest -n 2 -m "not slow"'
# Where imports are read from, and the requirements file that must declare them.
IMPORTERS = {"gdviz": LEARNER, "tests": TESTS, "tools": TESTS, "benchmarks": TESTS, "classroom": TESTS}


def _lines(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def requirements(path: Path) -> dict[str, Requirement]:
    """The requirements a file lists, following ``-r other.txt`` includes; the editable ``-e .`` is skipped."""
    found: dict[str, Requirement] = {}
    for line in _lines(path):
        if line.startswith(("-r ", "--requirement ")):
            found.update(requirements(path.parent / line.split(maxsplit=1)[1]))
        elif line.startswith("-"):
            assert line == "-e .", f"{path.name}: unexpected option line {line!r}"
        else:
            requirement = Requirement(line)
            found[canonicalize_name(requirement.name)] = requirement
    return found


def _closure(names: set[str]) -> set[str]:
    """Every distribution that installing ``names`` brings (no extras), as installed here."""
    environment = {**default_environment(), "extra": ""}
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            needs = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            pytest.skip(f"{name} is not installed here, so the learner's dependency closure cannot be read")
        for line in needs:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate(environment):
                todo.append(canonicalize_name(requirement.name))
    return seen


def imported_modules(folders: list[Path]) -> dict[str, set[str]]:
    """Top-level modules the Python files under ``folders`` import, neither stdlib nor local, by file.

    Local: gdviz, and any module or package found next to an importing file or at the top of a folder (the
    test helpers ``_browser`` and ``test_rules``, ``benchmarks/_timing.py``). Imports in a function count too:
    an option that imports a tool (``bench_explorers.py --ipympl``) needs it declared like any other.
    """
    files = [path for folder in folders for path in sorted(folder.rglob("*.py"))]
    local = {"gdviz"}
    for place in {path.parent for path in files} | set(folders):
        local |= {child.stem for child in place.iterdir() if child.suffix == ".py"}
        local |= {child.name for child in place.iterdir() if (child / "__init__.py").is_file()}
    shown = {path: str(path.relative_to(REPO)) if path.is_relative_to(REPO) else path.name for path in files}
    return top_level_imports({shown[path]: path.read_text(encoding="utf-8") for path in files}, local)


def top_level_imports(sources: dict[str, str], local: set[str]) -> dict[str, set[str]]:
    """The top-level modules that Python ``sources`` (by where each comes from) import, with where.

    Absolute imports only, and neither the standard library, ``__future__`` nor a name in ``local``.
    """
    found: dict[str, set[str]] = {}
    for where, source in sources.items():
        with warnings.catch_warnings():  # e.g. "invalid escape sequence": the source's business, not this test's
            warnings.simplefilter("ignore")
            tree = ast.parse(source, filename=where)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for top in (name.split(".")[0] for name in names):
                if top not in sys.stdlib_module_names and top != "__future__" and top not in local:
                    found.setdefault(top, set()).add(where)
    return found


def undeclared(imports: dict[str, set[str]], declared: Path) -> list[str]:
    """The imports that no distribution in the dependency closure of the requirements file ``declared`` provides."""
    closure = _closure(set(requirements(declared)) | {"gdviz"})
    providers = importlib.metadata.packages_distributions()
    missing = []
    for module, where in sorted(imports.items()):
        distributions = {canonicalize_name(name) for name in providers.get(module, [])}
        if not distributions & closure:
            found = f"installed from {sorted(distributions)}" if distributions else "not installed here"
            missing.append(f"{module} ({found}), imported by {', '.join(sorted(where))}")
    return missing


@pytest.mark.parametrize("folder", IMPORTERS)
def test_every_import_is_declared(folder):
    missing = undeclared(imported_modules([REPO / folder]), IMPORTERS[folder])
    assert not missing, f"{IMPORTERS[folder].name} does not declare what {folder}/ imports: " + "; ".join(missing)


def test_an_undeclared_import_is_caught(tmp_path):
    (tmp_path / "helper.py").write_text("import numpy\n")
    (tmp_path / "test_new.py").write_text("import os, helper\nfrom gdviz import quadratic\n"
                                          "def test_it():\n    import pytest, sympy.abc, not_a_module_anywhere\n")
    imports = imported_modules([tmp_path])
    assert set(imports) == {"numpy", "pytest", "sympy", "not_a_module_anywhere"}
    missing = undeclared(imports, LEARNER)  # what a learner installs has neither pytest nor sympy
    assert [line.split()[0] for line in missing] == ["not_a_module_anywhere", "pytest", "sympy"]
    assert "not installed here" in missing[0]


def test_learner_requirements_list_what_the_lessons_need_and_no_test_tool():
    learner = requirements(LEARNER)
    assert LESSON_NEEDS <= learner.keys(), f"requirements.txt lacks {sorted(LESSON_NEEDS - learner.keys())}"
    assert "-e ." in _lines(LEARNER), "requirements.txt must install gdviz itself (-e .)"
    listed = {name for name in learner if name in TEST_TOOLS or name.startswith("pytest")}
    assert not listed, f"requirements.txt lists test tools {sorted(listed)}: they belong in requirements-test.txt"


def test_learner_install_pulls_in_no_test_tool():
    brought = _closure(set(requirements(LEARNER)) | {"gdviz"})
    assert {"jupyterlab", "ipywidgets", "voila", "notebook-shim"} <= brought  # the closure really was walked
    tools = {name for name in brought if name in TEST_TOOLS or name.startswith("pytest")}
    assert not tools, f"installing requirements.txt brings test tools {sorted(tools)}"


def test_test_requirements_add_the_tools_to_the_learner_install():
    assert "-r requirements.txt" in _lines(TESTS), "requirements-test.txt must include requirements.txt"
    tests = requirements(TESTS)
    assert requirements(LEARNER).items() <= tests.items()
    needed = {"pytest", "hypothesis", "nbval", "playwright", "jupyter-repo2docker", "nbformat", "nbconvert"}
    assert needed <= tests.keys(), f"requirements-test.txt lacks {sorted(needed - tests.keys())}"


def test_ci_installs_what_readme_tells_a_developer_in_a_fresh_venv_and_runs_the_full_command():
    readme = (REPO / "README.md").read_text()
    ci = (REPO / ".ci" / "run").read_text()
    run = re.search(r"^(python3 -m pytest\b[^|\n]*?)\s*(\|\||$)", ci, re.MULTILINE)
    assert run, ".ci/run must run README's full test command"
    full = run.group(1)
    assert f"python3 -m pip install -r requirements-test.txt && {full}\n" in readme, f"README's setup must run {full}"
    assert f"full suite: `{full}`" in readme, f"README's tests section must give {full} as the full suite"
    assert QUICK in readme and QUICK.startswith(f"{full} "), "README's quick loop is the full command plus a marker"
    steps = ["rm -rf .venv-ci", "python3 -m venv .venv-ci", ". .venv-ci/bin/activate"]
    assert all(step in ci for step in steps), f".ci/run must make a venv of its own: {steps}"
    install = re.search(r"^python3 -m pip install .*-r requirements-test\.txt", ci, re.MULTILINE)
    assert install, ".ci/run must install requirements-test.txt"
    assert ci.index(steps[-1]) < install.start() < run.start(), ".ci/run installs into its venv, then tests there"
    assert "/.venv-ci/" in (REPO / ".gitignore").read_text().splitlines()
    learner_command = "python3 -m pip install -r requirements.txt && jupyter lab --LabApp.app_settings_dir=binder"
    assert learner_command in readme, "README's learner command installs requirements.txt, JupyterLab without news"
    assert (REPO / "binder" / "overrides.json").is_file(), "the learner's command reads binder/overrides.json"
    assert readme.index("git clone") < readme.index(learner_command), "README's setup starts with the clone"


@pytest.mark.slow
def test_learner_command_gives_jupyterlab_settings_without_the_news_prompt(tmp_path):
    """JupyterLab 4 asks about its news feed while the ``fetchNews`` setting is "none" (its default)."""
    port, token = free_port(), secrets.token_hex(16)
    env = {key: value for key, value in os.environ.items() if key != "JUPYTER_CONFIG_PATH"}
    env.update({f"JUPYTER_{name.upper()}_DIR": str(tmp_path / name) for name in ("config", "data", "runtime")})
    flags = re.search(r"&& jupyter lab ((?:--\S+ )*)notebooks/", (REPO / "README.md").read_text()).group(1).split()
    command = [sys.executable, "-m", "jupyterlab", *flags, "--allow-root", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--LabApp.user_settings_dir={tmp_path / 'user-settings'}",
               f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}"]
    process = subprocess.Popen(command, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    url, settings = f"http://127.0.0.1:{port}", None
    try:
        deadline = time.monotonic() + 90
        while settings is None and time.monotonic() < deadline and process.poll() is None:
            with contextlib.suppress(OSError):
                settings = api(url, token, "/lab/api/settings/@jupyterlab/apputils-extension:notification")
            time.sleep(0.5)
        assert settings is not None, f"jupyter lab did not answer (exit code {process.poll()})"
    finally:
        with contextlib.suppress(OSError):
            api(url, token, "/api/shutdown", method="POST", timeout=20.0)
        stop_group(process)
    defaults = {key: spec.get("default") for key, spec in settings["schema"]["properties"].items()}
    assert defaults["fetchNews"] == "false", f"JupyterLab would ask about its news: {defaults}"
    assert defaults["checkForUpdates"] is False
