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
on), a learner's edit survives a pull of new lessons, and a learner fetches and submits an nbgrader
assignment from their server, which the instructor collects and autogrades.

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
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import nbformat
import pytest

from _browser.lab import OVERRIDES, api, free_port, processes_mentioning, stop_group
from _browser.notebook import (CHROMIUM, headless_chromium, nudge_slider, open_notebook, problems, run_all,
                               skip_or_fail)

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


# --- a real hub ------------------------------------------------------------------------------------------

# classroom/jupyterhub_config.py as it is, then only what a test machine cannot have is swapped.
OVERLAY = """\
c = get_config()
load_subconfig({recipe!r})
c.JupyterHub.bind_url = {url!r}
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.pid_file = {work!r} + "/proxy.pid"
c.JupyterHub.pid_file = {work!r} + "/hub.pid"
c.JupyterHub.db_url = "sqlite:///" + {work!r} + "/hub.sqlite"
c.JupyterHub.cookie_secret_file = {work!r} + "/cookie_secret"
# no accounts on a test machine: any name, one shared password; servers are local processes
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = {password!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {work!r} + "/home/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
# the page helpers drive JupyterLab through window.jupyterapp and want every cell in the page
c.Spawner.args = c.Spawner.args + ["--allow-root", "--LabApp.expose_app_in_browser=True",
                                   "--LabApp.app_settings_dir=" + {work!r} + "/lab-settings",
                                   "--LanguageServerManager.autodetect=False"]
# the test's own admin token (the learners' servers, their kernels)
c.JupyterHub.services = c.JupyterHub.services + [{{"name": "soak", "api_token": {token!r}}}]
c.JupyterHub.load_roles = c.JupyterHub.load_roles + [{{
    "name": "soak", "services": ["soak"],
    "scopes": ["admin:users", "admin:servers", "admin:server_state", "access:servers", "read:users"]}}]
"""


@dataclass(frozen=True)
class Hub:
    """A running JupyterHub on 127.0.0.1: its URL, an admin token, where learners' homes and the lessons are."""

    url: str
    token: str
    work: Path
    lessons: Path
    log: Path

    @property
    def repo(self) -> str:
        return f"file://{self.lessons}"

    def link(self, lesson=LESSON) -> str:
        return link.nbgitpuller_link(self.url, self.repo, "main", lesson)

    def home(self, name: str) -> Path:
        return self.work / "home" / name

    def api(self, path: str, method: str = "GET"):
        return api(self.url, self.token, path, method, timeout=30.0)


def _git(folder: Path, *args: str) -> str:
    run = subprocess.run(["git", "-C", str(folder), "-c", "user.name=Instructor", "-c", "user.email=instructor@example.org",
                          *args], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    return run.stdout


def _lessons_repository(folder: Path) -> Path:
    """The instructor's lessons: a git repository of this checkout's notebooks, one commit on ``main``."""
    shutil.copytree(REPO / "notebooks", folder / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    _git(folder, "init", "-q", "-b", "main")
    _git(folder, "add", "notebooks")
    _git(folder, "commit", "-q", "-m", "The lessons")
    return folder


def _wait_for_hub(process: subprocess.Popen, url: str, log: Path, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jupyterhub exited with code {process.returncode}:\n{log.read_text()[-4000:]}")
        with contextlib.suppress(OSError):
            api(url, "", "/hub/api/", timeout=2.0)
            return
        time.sleep(0.5)
    raise TimeoutError(f"jupyterhub did not answer within {timeout} s:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    for module in ("jupyterhub", "nbgitpuller", "jupyterhub_idle_culler", "playwright"):
        if importlib.util.find_spec(module) is None:
            skip_or_fail(f"{module} is not installed (pip install -r requirements-test.txt)")
    if shutil.which("configurable-http-proxy") is None:
        skip_or_fail("configurable-http-proxy is missing (apt-get install node-configurable-http-proxy)")
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"{CHROMIUM} is missing (apt-get install chromium)")
    singleuser = shutil.which("jupyterhub-singleuser", path=str(Path(sys.executable).parent))
    assert singleuser, "jupyterhub-singleuser is not beside this Python"
    work = tmp_path_factory.mktemp("hub")
    lessons = _lessons_repository(work / "lessons" / "gdviz")
    (work / "lab-settings").mkdir()
    (work / "lab-settings" / "overrides.json").write_text(json.dumps(OVERRIDES, indent=1))
    env = {key: value for key, value in os.environ.items() if key not in {"MPLBACKEND", "JUPYTER_CONFIG_PATH"}}
    node_path = [p for p in ("/usr/share/nodejs", env.get("NODE_PATH")) if p]
    (work / "exchange").mkdir()  # nbgrader's exchange (the recipe passes its folder on to the learners' servers)
    env.update(GDVIZ_LESSONS_REPO=f"file://{lessons}", GDVIZ_LESSONS_BRANCH="main", GDVIZ_SOAK_WORK=str(work),
               GDVIZ_NBGRADER_EXCHANGE=str(work / "exchange"), NODE_PATH=os.pathsep.join(node_path),
               PYTHONUNBUFFERED="1")
    for attempt in range(3):  # a free port can be taken by another program before the hub binds it
        running, process = _start_hub(work, lessons, env, singleuser)
        try:
            _wait_for_hub(process, running.url, running.log)
            break
        except RuntimeError:
            _stop_hub(running, process)
            if attempt == 2 or "Failed to bind" not in running.log.read_text():
                raise
    try:
        yield running
    finally:
        _stop_hub(running, process)


def _start_hub(work: Path, lessons: Path, env: dict, singleuser: str) -> tuple[Hub, subprocess.Popen]:
    url, token = f"http://127.0.0.1:{free_port()}", secrets.token_hex(24)
    overlay = work / "jupyterhub_config.py"
    overlay.write_text(OVERLAY.format(recipe=str(RECIPE), url=url, hub_port=free_port(), proxy_api_port=free_port(),
                                      work=str(work), password=PASSWORD, singleuser=singleuser, token=token))
    for leftover in ("hub.sqlite", "cookie_secret", "hub.pid", "proxy.pid"):
        (work / leftover).unlink(missing_ok=True)
    log = work / "jupyterhub.log"
    with open(log, "wb") as log_file:
        process = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(overlay)], cwd=work, env=env,
                                   stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    return Hub(url=url, token=token, work=work, lessons=lessons, log=log), process


def _stop_hub(hub: Hub, process: subprocess.Popen) -> None:
    """Stop every learner's server through the hub, then the hub; then whatever is left of all of it, by pid."""
    with contextlib.suppress(OSError):
        names = [user["name"] for user in hub.api("/hub/api/users") if user["servers"]]
        with ThreadPoolExecutor(max(1, len(names))) as pool:
            list(pool.map(lambda name: _quietly(hub.api, f"/hub/api/users/{name}/server", "DELETE"), names))
    stop_group(process, wait_s=15, terminate=True)
    # servers and kernels run in sessions of their own; each has the hub's folder in its environment
    for pid in processes_mentioning(str(hub.work), where="environ"):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _quietly(call, *args):
    with contextlib.suppress(OSError):
        return call(*args)


# --- what a learner does, and what their server holds ----------------------------------------------------

def _log_in(page, hub: Hub, name: str, then: str | None = None) -> None:
    """Log in on the hub's login page as ``name``; the hub then sends the page to ``then`` (a link) or home."""
    target = f"{hub.url}/hub/login"
    if then is not None:
        target += "?next=" + quote(urlsplit(then).path + "?" + urlsplit(then).query, safe="")
    page.goto(target)
    page.fill("#username_input", name)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")


def _arrive(page, lesson: str, timeout_ms: float = 240_000) -> None:
    """Wait until the page is JupyterLab on ``lesson`` of the pulled lessons, its kernel idle."""
    page.wait_for_url(f"**/lab/tree/gdviz/notebooks/{lesson}*", timeout=timeout_ms)
    # lessons opened before come back as tabs: wait until the lesson asked for is the one in front
    page.wait_for_function(f"""() => {{ const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
        return !!panel && !!panel.context && panel.context.path.endsWith({lesson!r}); }}""", timeout=timeout_ms)
    open_notebook(page, None, timeout_ms=timeout_ms)


def _memory_mb(pid: int, field: str = "VmRSS", source: str = "status") -> float:
    """A process's memory from /proc: its resident set (``VmRSS``), or with ``"Pss", "smaps_rollup"`` its
    proportional share (libraries shared with other processes counted once among them)."""
    for line in Path(f"/proc/{pid}/{source}").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise ValueError(f"/proc/{pid}/{source} has no {field}")


def _kernel_pid(kernel_id: str) -> int | None:
    pids = processes_mentioning(f"kernel-{kernel_id}.json")
    return min(pids) if pids else None


def _kernels(hub: Hub, name: str) -> dict[str, int | None]:
    """The learner's kernels: id -> process id."""
    return {kernel["id"]: _kernel_pid(kernel["id"]) for kernel in hub.api(f"/user/{name}/api/kernels")}


def _server_pid(hub: Hub, name: str) -> int:
    return hub.api(f"/hub/api/users/{name}")["servers"][""]["state"]["pid"]


def _cpu_s(pid: int) -> float:
    """CPU time (user + system) the process has used so far, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry.name))
    return children


def _descendants(root: int) -> set[int]:
    children, found, todo = _children(), set(), [root]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


HUB_SIDE = {"proxy": "configurable-http-proxy", "servers": "jupyterhub-singleuser", "kernels": "ipykernel"}


def _cpu_split(hub: Hub) -> dict[str, float]:
    """CPU seconds used so far by each part of the hub's side (proxy, learners' servers, kernels, the hub and its
    culler) and by our browsers."""
    hub_side = set(processes_mentioning(str(hub.work), where="environ"))
    mine = _descendants(os.getpid())
    used = dict.fromkeys([*HUB_SIDE, "hub", "browsers"], 0.0)
    for pid in hub_side | mine:
        with contextlib.suppress(OSError):
            command = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
            if pid in hub_side:
                part = next((part for part, marker in HUB_SIDE.items() if marker in command), "hub")
            elif "chrom" in command:
                part = "browsers"
            else:
                continue
            used[part] += _cpu_s(pid)
    return used


def _hub_memory_mb(hub: Hub) -> dict[str, float]:
    """Resident memory of what the whole class shares: the proxy and the hub (with its idle culler)."""
    used = {"proxy": 0.0, "hub": 0.0}
    for pid in processes_mentioning(str(hub.work), where="environ"):
        with contextlib.suppress(OSError):
            command = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
            if not any(marker in command for part, marker in HUB_SIDE.items() if part != "proxy"):
                used["proxy" if HUB_SIDE["proxy"] in command else "hub"] += _memory_mb(pid)
    return {part: round(mb, 1) for part, mb in used.items()}


def _environ(pid: int) -> dict[str, str]:
    pairs = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(pair.decode(errors="replace").split("=", 1) for pair in pairs if b"=" in pair)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@dataclass(frozen=True)
class Cue:
    """Where the learners wait for each other: all log in at once, all drag at once (the test watching)."""

    ready: threading.Barrier
    drag: threading.Barrier
    dragged: threading.Barrier
    leave: threading.Barrier

    @classmethod
    def for_learners(cls, n: int) -> Cue:
        return cls(threading.Barrier(n, timeout=120), *(threading.Barrier(n + 1, timeout=600) for _ in range(3)))

    def abort(self) -> None:
        for barrier in (self.ready, self.drag, self.dragged, self.leave):
            barrier.abort()


def _learner(hub: Hub, name: str, cue: Cue) -> dict:
    """One learner in their own Chromium: follow the lesson's link, log in, Run All, drag the slider."""
    record = {"learner": name}
    try:
        with headless_chromium() as browser:
            page = browser.new_context(viewport=VIEWPORT).new_page()
            page_errors = []
            page.on("pageerror", lambda error: page_errors.append(str(error)))
            cue.ready.wait()
            start = time.monotonic()
            _log_in(page, hub, name, then=hub.link())
            _arrive(page, LESSON)
            record["open_s"] = round(time.monotonic() - start, 1)
            record["ran_cleanly"] = run_all(page, timeout_ms=300_000)
            record["run_all_s"] = round(time.monotonic() - start - record["open_s"], 1)
            record["problems"] = problems(page)
            (kernel,) = _kernels(hub, name).values()
            server = _server_pid(hub, name)
            cue.drag.wait()  # everyone drags at once
            cpu = _cpu_s(kernel), _cpu_s(server)
            trial = nudge_slider(page.locator(".gdviz-explorer").first, ".gdviz-lr")
            record.update(trial.summary(), page_errors=page_errors)
            # what one nudge costs the hub's machine: the kernel redraws, the learner's server relays
            record["kernel_cpu_ms_per_nudge"] = round(1000 * (_cpu_s(kernel) - cpu[0]) / max(1, trial.moved), 1)
            record["server_cpu_ms_per_nudge"] = round(1000 * (_cpu_s(server) - cpu[1]) / max(1, trial.moved), 1)
            cue.dragged.wait()
            cue.leave.wait()  # the browser stays until the test has read what it used
    except BaseException:
        cue.abort()
        raise
    return record


@pytest.mark.hub
@pytest.mark.browser
def test_learners_at_once_follow_the_link_run_the_lesson_and_drag_the_slider(hub, capsys):
    names = [f"learner{i + 1}" for i in range(LEARNERS)]
    cue = Cue.for_learners(LEARNERS)
    with ThreadPoolExecutor(LEARNERS) as pool:
        futures = [pool.submit(_learner, hub, name, cue) for name in names]
        with contextlib.suppress(threading.BrokenBarrierError):  # a learner failed: its error is raised below
            cue.drag.wait()
            before, start, load = _cpu_split(hub), time.monotonic(), os.getloadavg()[0]
            cue.dragged.wait()
            after, seconds = _cpu_split(hub), time.monotonic() - start
            cue.leave.wait()
        records = [future.result() for future in futures]
    recipe = _recipe()
    for record in records:
        name = record["learner"]
        server = _server_pid(hub, name)
        kernels = _kernels(hub, name)
        assert len(kernels) == 1 and None not in kernels.values(), f"{name}: kernels {kernels}"
        (kernel,) = kernels.values()
        record["kernel_mb"], record["server_mb"] = round(_memory_mb(kernel), 1), round(_memory_mb(server), 1)
        record["kernel_pss_mb"] = round(_memory_mb(kernel, "Pss", "smaps_rollup"), 1)
        record["server_pss_mb"] = round(_memory_mb(server, "Pss", "smaps_rollup"), 1)
        # the recipe's limits reach the learner's server (a systemd hub enforces them), and its kernel culling
        assert _environ(server)["MEM_LIMIT"] == str(_bytes(recipe.Spawner.mem_limit))
        command = Path(f"/proc/{server}/cmdline").read_bytes().decode().split("\0")
        assert set(recipe.Spawner.args) <= set(command), f"{name}'s server runs {command}"
    assert "(idle-culler@127.0.0.1)" in hub.log.read_text(), "the idle culler never asked the hub about servers"
    latencies = [ms for record in records for ms in record["latencies_ms"]]
    report = {
        "what": f"{LEARNERS} learners at once on JupyterHub (SimpleLocalProcessSpawner, 127.0.0.1), each in their "
                f"own headless Chromium: nbgitpuller link -> login -> {LESSON} in JupyterLab, Run All, then the "
                "learning-rate slider nudged 10 times (ms from key press to new picture, and the kernel's CPU "
                "time per nudge); memory is each learner's kernel and server RSS (and PSS) after that",
        "machine": {"cores": os.cpu_count(), "cpu": _cpu_model(), "python": platform.python_version()},
        "learners": LEARNERS,
        "slider_p50_ms": round(statistics.median(latencies), 1),
        "slider_p95_ms": round(_percentile(latencies, 0.95), 1),
        "kernel_cpu_ms_per_nudge": round(statistics.median(r["kernel_cpu_ms_per_nudge"] for r in records), 1),
        "server_cpu_ms_per_nudge": round(statistics.median(r["server_cpu_ms_per_nudge"] for r in records), 1),
        "drag_phase": {**_drag_phase(before, after, seconds, sum(record["slider_moved"] for record in records)),
                       "load_average_1min": round(load, 1)},
        "shared_mb": _hub_memory_mb(hub),
        "kernel_mb_max": max(record["kernel_mb"] for record in records),
        "server_mb_max": max(record["server_mb"] for record in records),
        "per_learner": records,
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "classroom_soak.json").write_text(json.dumps(report, indent=1) + "\n")
    with capsys.disabled():
        print("\n" + _table(report))
    for record in records:
        name = record["learner"]
        assert not record["problems"], f"{name} after Run All: {record['problems']}"
        assert record["ran_cleanly"], f"{name}: Run All reported a failed cell"
        assert not record["page_errors"], f"{name}: uncaught errors in the page: {record['page_errors']}"
        assert record["picture_changed"] > 0 and not record["stuck"], f"{name}: the slider: {record}"
        # the recipe's sizing: the guarantee holds a learner with one lesson open, the limit two more
        one_lesson = record["server_mb"] + record["kernel_mb"]
        assert one_lesson * 2**20 < _bytes(recipe.Spawner.mem_guarantee), f"{name}: {one_lesson} MB"
        assert (one_lesson + 2 * record["kernel_mb"]) * 2**20 < _bytes(recipe.Spawner.mem_limit), f"{name}"


def _drag_phase(before: dict, after: dict, seconds: float, nudges: int) -> dict:
    """While everyone dragged: how the machine's CPU went to each part of the hub's side and to the browsers."""
    used = {part: after[part] - before[part] for part in before}
    hub_side = sum(cpu for part, cpu in used.items() if part != "browsers")
    return {"seconds": round(seconds, 1), "nudges": nudges,
            "cpu_s": {part: round(cpu, 2) for part, cpu in used.items()},
            "hub_side_cpu_ms_per_nudge": round(1000 * hub_side / max(1, nudges), 1),
            "hub_side_share": round(hub_side / max(1e-9, hub_side + used["browsers"]), 2),
            "machine_busy": round((hub_side + used["browsers"]) / (seconds * (os.cpu_count() or 1)), 2)}


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _cpu(record: dict) -> str:
    return f"{record['kernel_cpu_ms_per_nudge']} + {record['server_cpu_ms_per_nudge']}"


def _table(report: dict) -> str:
    rows = [f"classroom soak: {report['learners']} learner(s) at once, {LESSON}, "
            f"{report['machine']['cores']} cores ({report['machine']['cpu']})",
            f"{'learner':<10} {'link->lesson s':>14} {'run all s':>9} {'slider p50 ms':>13} {'p95 ms':>7} "
            f"{'CPU ms/nudge kernel+server':>26} {'kernel MB':>9} {'server MB':>9}"]
    for r in report["per_learner"]:
        rows.append(f"{r['learner']:<10} {r['open_s']:>14} {r['run_all_s']:>9} {r['median_ms']:>13} "
                    f"{r['p95_ms']:>7} {_cpu(r):>26} {r['kernel_mb']:>9} {r['server_mb']:>9}")
    rows.append(f"{'all':<10} {'':>14} {'':>9} {report['slider_p50_ms']:>13} {report['slider_p95_ms']:>7} "
                f"{_cpu(report):>26} {report['kernel_mb_max']:>9} {report['server_mb_max']:>9}"
                "  (median CPU, max MB)")
    drag = report["drag_phase"]
    rows.append(f"shared by the class: proxy {report['shared_mb']['proxy']} MB, hub and culler "
                f"{report['shared_mb']['hub']} MB")
    parts = ", ".join(f"{part} {cpu}" for part, cpu in drag["cpu_s"].items())
    rows.append(f"while they dragged ({drag['seconds']} s, {drag['nudges']} nudges), CPU s: {parts}; the hub's side "
                f"{drag['hub_side_cpu_ms_per_nudge']} ms per nudge, {drag['hub_side_share']:.0%} of what was used "
                f"(together {drag['machine_busy']:.0%} of the machine; load average {drag['load_average_1min']})")
    return "\n".join(rows)


@pytest.fixture(scope="module")
def browser(hub):
    with headless_chromium() as chromium:
        yield chromium


@contextlib.contextmanager
def _page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    try:
        yield context.new_page()
    finally:
        context.close()


def _sessions(hub: Hub, name: str) -> dict[str, str]:
    """The learner's open notebooks: path -> kernel id."""
    return {s["path"]: s["kernel"]["id"] for s in hub.api(f"/user/{name}/api/sessions") if s.get("kernel")}


def _others_alive(hub: Hub, name: str) -> dict[str, list[int]]:
    """Every other learner whose server answers, with their kernels' pids."""
    alive = {}
    for user in hub.api("/hub/api/users"):
        if user["name"] != name and user["servers"]:
            hub.api(f"/user/{user['name']}/api/status")
            alive[user["name"]] = sorted(pid for pid in _kernels(hub, user["name"]).values() if pid)
    return alive


@pytest.mark.hub
@pytest.mark.browser
def test_a_killed_kernel_leaves_the_hub_up_and_the_learner_carries_on(hub, browser):
    name = "learner1"
    with _page(browser) as page:
        _log_in(page, hub, name, then=hub.link())
        _arrive(page, LESSON)
        assert run_all(page)
        kernel_id = _sessions(hub, name)[f"gdviz/notebooks/{LESSON}"]
        pid = _kernel_pid(kernel_id)
        others = _others_alive(hub, name)
        os.kill(pid, signal.SIGKILL)
        # the learner's server restarts the kernel by itself (same kernel, new process)
        deadline = time.monotonic() + 60
        while _kernel_pid(kernel_id) in (None, pid):
            assert time.monotonic() < deadline, "the killed kernel was not restarted within 60 s"
            time.sleep(0.5)
        assert hub.api("/hub/api/")["version"]
        assert _others_alive(hub, name) == others, "another learner's server or kernel was touched"
        # the learner: dismiss JupyterLab's "kernel restarting" notice, Run All again, drag the slider
        with contextlib.suppress(Exception):  # the notice may already be gone
            page.locator(".jp-Dialog .jp-mod-accept").first.click(timeout=5_000)
        open_notebook(page, None)
        assert run_all(page), "Run All after the restart reported a failed cell"
        assert not problems(page)
        trial = nudge_slider(page.locator(".gdviz-explorer").first, ".gdviz-lr")
        assert trial.changed > 0 and not trial.stuck, trial.summary()


_CELL_SOURCES = "() => window.jupyterapp.shell.currentWidget.content.widgets.map(c => c.model.sharedModel.getSource())"


def _wait_for_text(path: Path, text: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not (path.exists() and text in path.read_text()):
        assert time.monotonic() < deadline, f"{path.name} does not contain {text!r} after {timeout} s"
        time.sleep(0.25)


@pytest.mark.hub
@pytest.mark.browser
def test_a_learners_edit_survives_new_lessons(hub, browser):
    name = "grace"
    note = "# note by grace: a rate of 0.5 lands on the minimum in one step"
    news = "New this term: try the sweep again with 400 rates."
    clone = hub.home(name) / "gdviz"
    with _page(browser) as page:
        # first login: the landing page pulls the lessons and opens lesson 00
        _log_in(page, hub, name)
        _arrive(page, "00_start_here.ipynb")
        assert (clone / "notebooks" / LESSON).exists()
        # the link to lesson 03; the learner adds a line to its first code cell and saves (Ctrl+S)
        page.goto(hub.link())
        _arrive(page, LESSON)
        panel = page.evaluate("() => window.jupyterapp.shell.currentWidget.id")  # lesson 00 is open too
        editor = page.locator(f"#{panel} .jp-CodeCell .cm-content").first
        editor.click()
        page.keyboard.press("Control+End")
        page.keyboard.press("Enter")
        page.keyboard.type(note)
        page.wait_for_function(f"() => ({_CELL_SOURCES})().some(source => source.endsWith({note!r}))",
                               timeout=10_000)
        page.keyboard.press("Control+s")
        _wait_for_text(clone / "notebooks" / LESSON, note)

        # the instructor commits new lessons: a sentence at the end of lesson 03, a new file
        upstream = hub.lessons / "notebooks" / LESSON
        lesson = nbformat.read(upstream, as_version=4)
        last_markdown = max(i for i, cell in enumerate(lesson.cells) if cell.cell_type == "markdown")
        lesson.cells[last_markdown].source += "\n\n" + news
        nbformat.write(lesson, upstream)
        (hub.lessons / "notebooks" / "WHATS_NEW.md").write_text(news + "\n")
        _git(hub.lessons, "add", "notebooks")
        _git(hub.lessons, "commit", "-q", "-m", "Lesson 03: one more sweep")

        # the learner clicks the same link again
        page.goto(hub.link())
        _arrive(page, LESSON)
        sources = page.evaluate(_CELL_SOURCES)

    merged = nbformat.read(clone / "notebooks" / LESSON, as_version=4)
    nbformat.validate(merged)
    first_code = next(cell for cell in merged.cells if cell.cell_type == "code")
    assert first_code.source.endswith("\n" + note), "the learner's edit was lost"
    assert merged.cells[last_markdown].source.endswith(news), "the new lesson content did not arrive"
    assert (clone / "notebooks" / "WHATS_NEW.md").read_text() == news + "\n"
    assert "Lesson 03: one more sweep" in _git(clone, "log", "--format=%s")
    # and JupyterLab shows both
    assert any(source.endswith(note) for source in sources)
    assert any(source.endswith(news) for source in sources)


# --- a graded assignment on the hub ----------------------------------------------------------------------

def _server_ready(hub: Hub, name: str, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while not (hub.api(f"/hub/api/users/{name}")["servers"].get("", {}).get("ready")):
        assert time.monotonic() < deadline, f"{name}'s server did not start within {timeout} s"
        time.sleep(1.0)


def _assignment_action(hub: Hub, name: str, action: str, assignment: str) -> object:
    """What nbgrader's Assignments tab asks the learner's server (its ``/assignments/<action>`` handler)."""
    request = urllib.request.Request(f"{hub.url}/user/{name}/assignments/{action}?course_id=gdviz&assignment_id="
                                     f"{assignment}", data=b"", method="POST",
                                     headers={"Authorization": f"token {hub.token}"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


@pytest.mark.hub
def test_a_learner_submits_on_the_hub_and_the_instructor_collects_and_grades(hub):
    """The instructor releases lesson 02's assignment into the exchange; a learner's server on the hub fetches and
    submits it through nbgrader's server extension (what the Assignments tab does) with classroom/nbgrader_config.py;
    the instructor collects and autogrades it with the command line: full marks, under the learner's hub name, with
    the numbers drawn for that name."""
    pytest.importorskip("nbgrader")
    from nbgrader.api import Gradebook

    from test_course import COURSE, RIGHT, _answer, _nbgrader, _right_numbers

    name, assignment = "hopper", "lesson_02"
    course, exchange = hub.work / "course", hub.work / "exchange"
    shutil.copytree(COURSE, course)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "GDVIZ_NBGRADER_EXCHANGE": str(exchange)}
    _nbgrader("generate_assignment", assignment, "--force", cwd=course, env=env)
    _nbgrader("release_assignment", assignment, cwd=course, env=env)

    home = hub.home(name)
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(CLASSROOM / "nbgrader_config.py", home / "nbgrader_config.py")  # as the learners' environment has it
    hub.api(f"/hub/api/users/{name}", "POST")
    hub.api(f"/hub/api/users/{name}/server", "POST")
    try:
        _server_ready(hub, name)
        _assignment_action(hub, name, "fetch", assignment)
        fetched = home / assignment / f"{assignment}.ipynb"
        assert fetched.exists(), f"nothing fetched into {home}: {sorted(p.name for p in home.iterdir())}"
        _answer(fetched, "02", RIGHT, _right_numbers(name))
        submitted = _assignment_action(hub, name, "submit", assignment)
        assert submitted["success"], submitted
    finally:
        _quietly(hub.api, f"/hub/api/users/{name}/server", "DELETE")

    _nbgrader("collect", assignment, cwd=course, env=env)
    assert (course / "submitted" / name / assignment / f"{assignment}.ipynb").exists()
    _nbgrader("autograde", assignment, cwd=course, env=env)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="gdviz") as gradebook:
        assert gradebook.find_submission(assignment, name).score == 4
