"""Binder launches: binder/ describes an environment in which every notebook runs.

Fast checks read binder/ (Python version, exact pins that cover every import, postBuild). Where
jupyter-repo2docker is installed, its dry run (``--no-build --debug``, no Docker needed) must pick up our
Python version, requirements and postBuild. The slow rehearsal builds what Binder would build in a fresh
virtual environment (binder/requirements.txt, then binder/postBuild in a copy of the repository), imports
there every module the package and the lessons import, and runs under nbval the lessons README's Binder links
open. The other lessons run there too unless every distribution Binder installed is, at the same version, the
one this test run uses: then nbval on every notebook in this run (the quick loop's) has run them in Binder's
environment already, and running them again would tell nothing new.

binder/requirements.txt holds only what a learner's session needs; the rehearsal adds three test tools
(pytest, nbval and pytest-xdist, at the ranges of requirements-test.txt) on top, after Binder's own steps,
because running the notebooks under nbval (two at a time) is how we prove the environment works.
"""
from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from test_install import top_level_imports

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: only the checks that read pyproject.toml are skipped
    tomllib = None

REPO = Path(__file__).resolve().parents[1]
BINDER = REPO / "binder"
RUNTIME = f"python-{sys.version_info.major}.{sys.version_info.minor}"
TEST_TOOLS = ("pytest", "nbval", "pytest-xdist")
SCRATCH = ("artifacts", "build", "dist", ".git", ".pytest_cache", ".hypothesis", "__pycache__", ".venv-ci",
           ".ipynb_checkpoints", "*.egg-info")


def _requirement_lines(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def _binder_pins() -> dict[str, Requirement]:
    return {canonicalize_name(r.name): r for r in map(Requirement, _requirement_lines(BINDER / "requirements.txt"))}


def _pinned_version(requirement: Requirement) -> str:
    (spec,) = requirement.specifier
    return spec.version


def _pyproject() -> dict:
    if tomllib is None:
        pytest.skip("reading pyproject.toml needs tomllib (Python 3.11+)")
    return tomllib.loads((REPO / "pyproject.toml").read_text())["project"]


def _project_ranges() -> dict[str, SpecifierSet]:
    """Version ranges from requirements.txt, requirements-test.txt and pyproject.toml dependencies, by package."""
    lines = [line for name in ("requirements.txt", "requirements-test.txt")
             for line in _requirement_lines(REPO / name) if not line.startswith("-")]
    lines += _pyproject()["dependencies"]
    ranges: dict[str, SpecifierSet] = {}
    for requirement in map(Requirement, lines):
        name = canonicalize_name(requirement.name)
        ranges[name] = ranges.get(name, SpecifierSet()) & requirement.specifier
    return ranges


def _code_sources() -> dict[str, str]:
    """Python source of the package and of every notebook's code cells, by file (IPython magics removed)."""
    sources = {str(p.relative_to(REPO)): p.read_text() for p in sorted((REPO / "gdviz").rglob("*.py"))}
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        cells = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        lines = [line for cell in cells for line in cell.splitlines() if not line.lstrip().startswith(("%", "!"))]
        sources[str(path.relative_to(REPO))] = "\n".join(lines)
    return sources


def _third_party_imports() -> dict[str, set[str]]:
    """Top-level modules imported anywhere in gdviz/ or notebooks/ that are neither stdlib nor gdviz."""
    return top_level_imports(_code_sources(), {"gdviz"})


def _copy_repo(dest: Path) -> Path:
    """Copy the working tree as git sees it (tracked and new files, nothing ignored) to ``dest``."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                                cwd=REPO, check=True, capture_output=True).stdout.decode()
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: copy all but scratch
        shutil.copytree(REPO, dest, ignore=shutil.ignore_patterns(*SCRATCH))
        return dest
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


def test_runtime_names_the_python_ci_tests():
    runtime = (BINDER / "runtime.txt").read_text().strip()
    assert SpecifierSet(_pyproject()["requires-python"]).contains(runtime.removeprefix("python-") + ".0")
    if runtime != RUNTIME and os.environ.get("CI", "").lower() in ("", "0", "false", "no"):
        pytest.skip(f"binder/runtime.txt names {runtime}, the Python CI tests; this machine runs {RUNTIME}")
    assert runtime == RUNTIME, f"binder/runtime.txt names {runtime} but CI runs {RUNTIME}: keep them equal"


def test_requirements_are_exact_pins():
    pins = _binder_pins()
    for name, requirement in pins.items():
        specs = list(requirement.specifier)
        assert len(specs) == 1 and specs[0].operator == "==" and "*" not in specs[0].version, (
            f"binder/requirements.txt: {requirement} is not an exact pin (name==version)")
        assert not requirement.url and not requirement.marker, f"binder/requirements.txt: {requirement}"
    for needed in ("numpy", "matplotlib", "ipywidgets", "ipykernel", "jupyterlab"):
        assert needed in pins, f"binder/requirements.txt does not pin {needed}"
    assert _pinned_version(pins["ipywidgets"]).startswith("8.")
    assert _pinned_version(pins["jupyterlab"]).startswith("4.")


def test_requirements_cover_every_import():
    pins = _binder_pins()
    distributions = importlib.metadata.packages_distributions()
    for module, where in sorted(_third_party_imports().items()):
        owners = {canonicalize_name(d) for d in distributions.get(module, [])}
        assert owners, f"{module} (imported in {sorted(where)}) is not installed here"
        assert owners & pins.keys(), (
            f"{module} (imported in {sorted(where)}) comes from {sorted(owners)}, "
            "which binder/requirements.txt does not pin")


def test_pins_agree_with_project_ranges():
    ranges = _project_ranges()
    for name, requirement in _binder_pins().items():
        if name in ranges:
            version = _pinned_version(requirement)
            assert ranges[name].contains(version), (
                f"binder pins {name}=={version}, outside the project's range {ranges[name]}")


def test_binder_pins_every_learner_requirement():
    learner = {canonicalize_name(Requirement(line).name)
               for line in _requirement_lines(REPO / "requirements.txt") if not line.startswith("-")}
    missing = learner - _binder_pins().keys()
    assert not missing, f"requirements.txt needs {sorted(missing)}, which binder/requirements.txt does not pin"


def test_postbuild_installs_gdviz_and_the_lab_settings():
    post_build = BINDER / "postBuild"
    assert os.access(post_build, os.X_OK), "binder/postBuild must be executable (chmod +x)"
    lines = [line.strip() for line in post_build.read_text().splitlines()]
    assert lines[0] == "#!/bin/bash"
    assert "set -e" in lines
    assert "pip install --no-deps -e ." in lines
    assert 'cp binder/overrides.json "$settings/gdviz.json"' in lines


def test_lab_settings_turn_the_news_prompt_off():
    notification = json.loads((BINDER / "overrides.json").read_text())["@jupyterlab/apputils-extension:notification"]
    assert notification == {"fetchNews": "false", "checkForUpdates": False}


def test_repo2docker_reads_our_configuration(tmp_path):
    if importlib.util.find_spec("repo2docker") is None:
        pytest.skip("jupyter-repo2docker is not installed (pip install -r requirements.txt), "
                    "so its dry run cannot check binder/")
    copy = _copy_repo(tmp_path / "repo")
    run = subprocess.run([sys.executable, "-m", "repo2docker", "--no-build", "--debug", str(copy)],
                         capture_output=True, text=True, timeout=300)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-3000:]
    version = RUNTIME.removeprefix("python-")
    assert f"Building conda environment for python={version}" in output, output[-3000:]
    assert "Python version unspecified" not in output
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in output
    assert "./binder/postBuild" in output


def _binder_lessons() -> list[str]:
    """The lessons README's Binder links open (JupyterLab's and Voilà's)."""
    readme = (REPO / "README.md").read_text()
    found = re.findall(r"mybinder\.org/v2/gh/[^\s)`]*urlpath=(?:lab/tree|voila/render)/(notebooks/[^\s)`]+\.ipynb)",
                       readme)
    return sorted(set(found))


def _unlike_this_run(versions: dict[str, str]) -> dict[str, str]:
    """Of the distributions (name -> version) a Binder session has, those this run has at another version, or not."""
    different = {}
    for name, version in versions.items():
        if canonicalize_name(name) in ("gdviz", "pip", "setuptools", "wheel"):
            continue
        try:
            here = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            here = "not installed"
        if here != version:
            different[name] = f"{version} in Binder, {here} here"
    return different


def test_readme_links_binder_to_lessons_that_exist():
    lessons = _binder_lessons()
    assert lessons, "README has no Binder link to a lesson"
    assert all((REPO / lesson).is_file() for lesson in lessons), lessons


def _rehearsal_env(venv: Path, scratch: Path) -> dict[str, str]:
    """The environment of a learner's Binder session: the venv first on PATH, nothing from the host's Python."""
    drop = {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "MPLBACKEND", "JUPYTER_PATH", "JUPYTER_CONFIG_PATH",
            "JUPYTER_PREFER_ENV_PATH", "PYTEST_ADDOPTS", "PIP_REQUIRE_VIRTUALENV"}
    env = {key: value for key, value in os.environ.items() if key not in drop}
    for name in ("config", "data", "runtime"):
        (scratch / name).mkdir(parents=True, exist_ok=True)
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", VIRTUAL_ENV=str(venv),
               PYTHONNOUSERSITE="1", PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_PROGRESS_BAR="off",
               JUPYTER_CONFIG_DIR=str(scratch / "config"), JUPYTER_DATA_DIR=str(scratch / "data"),
               JUPYTER_RUNTIME_DIR=str(scratch / "runtime"))
    return env


@pytest.mark.network
def test_binder_rehearsal_runs_every_notebook(tmp_path):
    copy = _copy_repo(tmp_path / "repo")
    venv = tmp_path / "venv"
    env = _rehearsal_env(venv, tmp_path / "jupyter")
    python = str(venv / "bin" / "python")
    timings: dict[str, float] = {}

    def step(name: str, command: list[str], timeout: float = 900) -> str:
        start = time.monotonic()
        run = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, timeout=timeout)
        timings[name] = round(time.monotonic() - start, 1)
        assert run.returncode == 0, f"{name} failed ({run.returncode}):\n{(run.stdout + run.stderr)[-4000:]}"
        return run.stdout

    step("create venv", [sys.executable, "-m", "venv", str(venv)])
    step("pip install -r binder/requirements.txt",
         [python, "-m", "pip", "install", "-q", "-r", "binder/requirements.txt"])
    step("binder/postBuild", [str(copy / "binder" / "postBuild")])
    listed = json.loads(step("pip list", [python, "-m", "pip", "list", "--format=json"]))
    different = _unlike_this_run({item["name"]: item["version"] for item in listed})
    tools = [line for line in _requirement_lines(REPO / "requirements-test.txt") if not line.startswith("-")
             if canonicalize_name(Requirement(line).name) in TEST_TOOLS]
    step("pip install test tools", [python, "-m", "pip", "install", "-q", *tools])

    settings = venv / "share" / "jupyter" / "lab" / "settings" / "overrides.d" / "gdviz.json"
    assert settings.is_file() and json.loads(settings.read_text()) == json.loads(
        (BINDER / "overrides.json").read_text()), f"postBuild did not install JupyterLab's settings at {settings}"
    where = step("import check", [python, "-c", "import gdviz, matplotlib, numpy, ipywidgets, voila; "
                                  "print(gdviz.__file__)"])
    assert Path(where.strip()).is_relative_to(copy), f"gdviz imported from {where.strip()}, not the copy"
    kernel = step("kernel check", [python, "-c", "import shutil; from jupyter_client.kernelspec import "
                  "KernelSpecManager as M; print(shutil.which(M().get_kernel_spec('python3').argv[0]))"])
    assert Path(kernel.strip()).is_relative_to(venv), f"the python3 kernel runs {kernel.strip()}"
    extensions = step("server extensions", [str(venv / "bin" / "jupyter"), "server", "extension", "list"])
    assert re.search(r"voila\.server_extension\s+enabled", re.sub(r"\x1b\[[0-9;]*m", "", extensions)), (
        f"Voilà is not a server extension there, so Binder's urlpath=voila/render/... finds nothing:\n{extensions}")

    modules = sorted(_third_party_imports())
    step("import every module gdviz and the lessons import", [python, "-c", f"import {', '.join(modules)}"])
    lessons = _binder_lessons()
    if different:  # Binder's learners get other versions than this run tested every lesson with
        lessons = sorted(str(p.relative_to(REPO)) for p in (REPO / "notebooks").glob("*.ipynb"))
    if lessons:
        step(f"nbval on {len(lessons)} lessons", [python, "-m", "pytest", "--nbval-lax", "--nbval-current-env",
                                                  "-p", "no:cacheprovider", "-q", "-n", "2", *lessons])
    timings["total"] = round(sum(timings.values()), 1)
    (REPO / "artifacts").mkdir(exist_ok=True)
    (REPO / "artifacts" / "binder_rehearsal.json").write_text(json.dumps(
        {"python": sys.version.split()[0], "pins": sorted(map(str, _binder_pins().values())),
         "test_tools": tools, "versions_unlike_this_run": different, "lessons_run": lessons, "seconds": timings},
        indent=1) + "\n")
