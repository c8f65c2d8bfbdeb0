"""A class on a real JupyterHub: classroom/'s recipe, its links, and a soak of simultaneous learners.

Fast checks: classroom/link.py builds the nbgitpuller links (parsed back, not pasted back); the one-server
config and the Zero to JupyterHub values make the same choices; the image's build command, dry-run by
repo2docker, adds nbgitpuller to what Binder builds.

The slow tests start JupyterHub (PyPI) behind configurable-http-proxy (Debian's) on 127.0.0.1, loading
classroom/jupyterhub_config.py as it is and swapping only what a test machine cannot have: learners log in
with a shared password (no accounts), servers are local processes under a temporary folder (no systemd, so
the memory and CPU limits are passed on but not enforced), and the lessons come from a local git repository.
Then learners, each in their own headless Chromium, follow an nbgitpuller link to lesson 03 all at once,
Run All and drag the learning-rate slider; the table of slider timings and kernel memory is printed and
written to artifacts/classroom_soak.json. A learner's kernel is killed (the hub stays up, the learner carries
on), and a learner's edit survives a pull of new lessons.

Needs jupyterhub, nbgitpuller and jupyterhub-idle-culler (requirements), configurable-http-proxy
(``apt-get install node-configurable-http-proxy``), Playwright and /usr/bin/chromium. Without them the slow
tests are skipped, except when CI is set: then they fail. ``GDVIZ_SOAK_LEARNERS`` sets the number of
simultaneous learners (default 6).
"""
from __future__ import annotations

import contextlib
import doctest
import importlib.util
import json
import os
import platform
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import nbformat
import pytest

from _browser.lab import OVERRIDES, api, free_port, processes_mentioning, stop_group
from _browser.notebook import CHROMIUM, CHROMIUM_ARGS, nudge_slider, open_notebook, problems, run_all

REPO = Path(__file__).resolve().parents[1]
CLASSROOM = REPO / "classroom"
RECIPE = CLASSROOM / "jupyterhub_config.py"
VALUES = CLASSROOM / "z2jh_values.yaml"
ARTIFACTS = REPO / "artifacts"
LESSON = "03_learning_rate.ipynb"
LEARNERS = int(os.environ.get("GDVIZ_SOAK_LEARNERS", "6"))
PASSWORD = "class-" + secrets.token_hex(8)
VIEWPORT = {"width": 1400, "height": 1000}


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


link = _load("gdviz_classroom_link", CLASSROOM / "link.py")


def _recipe():
    """classroom/jupyterhub_config.py read as JupyterHub reads it: a traitlets config."""
    from traitlets.config.loader import PyFileConfigLoader
    return PyFileConfigLoader(RECIPE.name, str(CLASSROOM)).load_config()


def _options(args: list[str]) -> dict[str, str]:
    """``["--Class.name=value", ...]`` as ``{"Class.name": "value"}``."""
    assert all(arg.startswith("--") and "=" in arg for arg in args), args
    return dict(arg[2:].split("=", 1) for arg in args)


def _bytes(spec: str) -> int:
    from jupyterhub.traitlets import ByteSpecification
    return ByteSpecification().validate(None, spec)


def _query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query, strict_parsing=True).items()}


# --- classroom/link.py ----------------------------------------------------------------------------------

def test_link_docstring_examples():
    result = doctest.testmod(link, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_link_opens_the_lesson_after_pulling_the_repository():
    repo = "https://github.com/someone/gdviz"
    url = link.nbgitpuller_link("https://hub.example.org/", repo, "spring-2027", "3")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.org", "/hub/user-redirect/git-pull")
    assert _query(url) == {"repo": repo, "branch": "spring-2027", "targetpath": "gdviz",
                           "urlpath": "lab/tree/gdviz/notebooks/03_learning_rate.ipynb"}


def test_link_names_the_folder_after_the_repository():
    url = link.nbgitpuller_link("http://127.0.0.1:8000", "file:///srv/lessons/course.git", "main", 0)
    assert _query(url)["targetpath"] == "course"
    assert _query(url)["urlpath"] == "lab/tree/course/notebooks/00_start_here.ipynb"


@pytest.mark.parametrize("args, message", [
    (("hub.example.org", "https://github.com/o/gdviz", "main", 3), "hub must be the hub's URL"),
    (("https://hub.example.org", "https://github.com/o/gdviz", "", 3), "branch must be"),
    (("https://hub.example.org", "https://github.com/o/gdviz", "main", 42), "lesson must be"),
    (("https://hub.example.org", "https://github.com/o/gdviz", "main", "learning rate"), "lesson must be"),
    (("https://hub.example.org", "/", "main", 3), "repo must be"),
])
def test_link_rejects_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        link.nbgitpuller_link(*args)


def test_link_command_prints_the_link():
    repo = "https://github.com/someone/gdviz"
    run = subprocess.run([sys.executable, str(CLASSROOM / "link.py"), "https://hub.example.org", "--lesson", "03",
                          "--repo", repo], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout == link.nbgitpuller_link("https://hub.example.org", repo, "main", LESSON) + "\n"
    bad = subprocess.run([sys.executable, str(CLASSROOM / "link.py"), "https://hub.example.org", "--lesson", "99",
                          "--repo", repo], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "lesson must be" in bad.stderr and not bad.stdout


# --- the recipe: one server and Kubernetes make the same choices -----------------------------------------

@pytest.fixture()
def recipe(monkeypatch):
    for name in ("GDVIZ_LESSONS_REPO", "GDVIZ_LESSONS_BRANCH", "GDVIZ_LEARNER_ENV"):
        monkeypatch.delenv(name, raising=False)
    return _recipe()


def test_recipe_gives_learners_the_lessons_in_jupyterlab(recipe):
    assert recipe.JupyterHub.spawner_class == "systemdspawner.SystemdSpawner"
    assert recipe.Spawner.cmd == ["/opt/gdviz-learner/bin/jupyterhub-singleuser"]
    landing = _query(recipe.Spawner.default_url)
    assert urlsplit(recipe.Spawner.default_url).path == "/git-pull"
    assert landing == {"repo": "https://github.com/OWNER/gdviz", "branch": "main", "targetpath": "gdviz",
                       "urlpath": "lab/tree/gdviz/notebooks/00_start_here.ipynb"}
    assert (REPO / "notebooks" / "00_start_here.ipynb").exists()
    assert _options(recipe.Spawner.args)["MappingKernelManager.cull_idle_timeout"] == "1800"
    # what a learner may use: a lesson's kernel holds up to ~160 MB after Run All, their server ~180 MB
    assert _bytes(recipe.Spawner.mem_guarantee) >= 340 * 2**20
    assert _bytes(recipe.Spawner.mem_limit) >= _bytes(recipe.Spawner.mem_guarantee)
    assert 0 < recipe.Spawner.cpu_guarantee <= recipe.Spawner.cpu_limit <= 2


def test_recipe_stops_idle_servers(recipe):
    (culler,) = [service for service in recipe.JupyterHub.services if service["name"] == "idle-culler"]
    assert culler["command"][1:3] == ["-m", "jupyterhub_idle_culler"]
    (role,) = [role for role in recipe.JupyterHub.load_roles if "idle-culler" in role.get("services", ())]
    assert {"list:users", "read:users:activity", "delete:servers"} <= set(role["scopes"])


def _culler_options(recipe) -> dict[str, str]:
    (culler,) = [service for service in recipe.JupyterHub.services if service["name"] == "idle-culler"]
    return _options(culler["command"][3:])


def test_z2jh_values_are_well_formed_and_match_the_recipe(recipe):
    yaml = pytest.importorskip("yaml")
    values = yaml.safe_load(VALUES.read_text())
    chart_keys = {"singleuser", "hub", "proxy", "cull", "prePuller", "scheduling", "ingress", "debug", "rbac",
                  "imagePullSecret", "imagePullSecrets", "global", "custom", "fullnameOverride", "nameOverride"}
    assert set(values) <= chart_keys, set(values) - chart_keys
    user = values["singleuser"]
    singleuser_keys = {"image", "defaultUrl", "memory", "cpu", "startTimeout", "storage", "extraFiles", "cmd",
                       "extraEnv", "lifecycleHooks", "profileList", "uid", "fsGid", "networkPolicy"}
    assert set(user) <= singleuser_keys, set(user) - singleuser_keys
    assert isinstance(user["image"]["name"], str) and isinstance(user["image"]["tag"], str)
    assert user["defaultUrl"] == recipe.Spawner.default_url
    assert _bytes(user["memory"]["limit"]) == _bytes(recipe.Spawner.mem_limit)
    assert _bytes(user["memory"]["guarantee"]) == _bytes(recipe.Spawner.mem_guarantee)
    assert (user["cpu"]["limit"], user["cpu"]["guarantee"]) == (recipe.Spawner.cpu_limit, recipe.Spawner.cpu_guarantee)
    assert user["startTimeout"] == recipe.Spawner.start_timeout
    (server_config,) = user["extraFiles"].values()
    assert server_config["mountPath"] == "/etc/jupyter/jupyter_server_config.json"  # .json: data written as JSON
    # a YAML value as the recipe's command-line option: 1800 -> "1800", true -> "True", null -> "None"
    options = {f"{cls}.{name}": str(value) for cls, settings in server_config["data"].items()
               for name, value in settings.items()}
    assert options == _options(recipe.Spawner.args)
    culler = _culler_options(recipe)
    assert values["cull"]["enabled"] is True
    assert (str(values["cull"]["timeout"]), str(values["cull"]["every"])) == (culler["timeout"], culler["cull-every"])
    hub = values["hub"]
    assert hub["config"]["JupyterHub"]["authenticator_class"] == recipe.JupyterHub.authenticator_class
    assert set(hub["config"]["Authenticator"]["admin_users"]) == recipe.Authenticator.admin_users
    assert hub["concurrentSpawnLimit"] == recipe.JupyterHub.concurrent_spawn_limit


def test_image_is_what_binder_builds_plus_nbgitpuller():
    if importlib.util.find_spec("repo2docker") is None or shutil.which("jupyter-repo2docker") is None:
        pytest.skip("jupyter-repo2docker is not installed, so the image's build cannot be dry-run")
    run = subprocess.run(["bash", str(CLASSROOM / "build_image.sh"), "test/gdviz-learner:ci", "--no-build",
                          "--debug"], capture_output=True, text=True, timeout=300)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-3000:]
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in output
    assert "./binder/postBuild" in output
    assert "RUN python -m pip install --no-cache-dir nbgitpuller==" in output
