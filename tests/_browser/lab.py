"""Start a private, offline JupyterLab server for one test session and always shut it down."""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

# Settings a fresh learner profile would have, minus everything that reaches the network or pops up:
# no news feed, no update check, no toasts; every cell attached to the DOM (no windowing) so the test
# can find every output (and no blank page after the last cell); no autosave writing into the notebooks while the test runs them.
OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false", "checkForUpdates": False, "doNotDisturbMode": True},
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none", "scrollPastEnd": False},
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    "@jupyterlab/extensionmanager-extension:plugin": {"enabled": False},
}


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab server: its base URL, token and log file."""

    url: str
    token: str
    log: Path

    def tree_url(self, name: str) -> str:
        """The URL that opens notebook ``name`` (relative to the root folder) alone in JupyterLab.

        ``reset`` starts from an empty workspace, so the notebooks opened before are not reopened (with
        their kernels) in every new page.
        """
        return f"{self.url}/lab/tree/{name}?reset&token={self.token}"


def free_port() -> int:
    """A TCP port on the loopback address that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def api(server_url: str, token: str, path: str, method: str = "GET", timeout: float = 5.0):
    """Ask a Jupyter server's (or JupyterHub's) REST API ``path`` with ``token``; the JSON answer, if any."""
    request = urllib.request.Request(f"{server_url}{path}", method=method,
                                     headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body = response.read()
    return json.loads(body) if body else None


def _wait_until_up(process: subprocess.Popen, url: str, token: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with code {process.returncode}:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError):
            api(url, token, "/api/status", timeout=2.0)
            return
        time.sleep(0.25)
    raise TimeoutError(f"jupyter lab did not answer within {timeout} s:\n{log.read_text()[-3000:]}")


def processes_mentioning(marker: str, where: str = "cmdline") -> list[int]:
    """Pids (other than ours) whose command line (or, with ``where="environ"``, environment) mentions ``marker``.

    A private folder as ``marker`` finds the kernels (and servers) a test started.
    """
    if where not in ("cmdline", "environ"):
        raise ValueError(f"where must be 'cmdline' or 'environ'. Got {where!r} instead.")
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            with contextlib.suppress(OSError):
                if marker in (entry / where).read_bytes().replace(b"\0", b" ").decode(errors="replace"):
                    pids.append(int(entry.name))
    return pids


def stop_group(process: subprocess.Popen, *, wait_s: float = 20, terminate: bool = False) -> None:
    """Stop ``process``, started with ``start_new_session=True``, and whatever is left in its process group.

    It gets ``wait_s`` seconds to exit by itself (after a SIGTERM if ``terminate``), then the group gets a
    SIGTERM and ten seconds, then a SIGKILL.
    """
    if terminate:
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
    try:
        process.wait(timeout=wait_s)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # helpers left in the group, if any


@contextlib.contextmanager
def running_lab(root_dir: Path, workdir: Path, *, timeout: float = 90.0):
    """Run ``jupyter lab`` serving ``root_dir`` with all state kept in ``workdir``; yield a :class:`Lab`.

    The server listens on 127.0.0.1 only, with a random token, and gets its own config, data, runtime,
    settings and workspace folders so nothing from the user's profile (or from a previous run) leaks in.
    On exit the server is asked to shut down (which stops its kernels); whatever is left of its process
    group and of the kernels it started is then terminated by pid.
    """
    token = secrets.token_hex(24)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    dirs = {name: workdir / name for name in ("config", "data", "runtime", "settings", "user-settings",
                                              "workspaces")}
    for folder in dirs.values():
        folder.mkdir(parents=True, exist_ok=True)
    (dirs["settings"] / "overrides.json").write_text(json.dumps(OVERRIDES, indent=1))
    env = {key: value for key, value in os.environ.items()
           if key not in {"MPLBACKEND", "JUPYTER_CONFIG_PATH"}}
    env.update(JUPYTER_CONFIG_DIR=str(dirs["config"]), JUPYTER_DATA_DIR=str(dirs["data"]),
               JUPYTER_RUNTIME_DIR=str(dirs["runtime"]), PYTHONUNBUFFERED="1")
    command = [
        sys.executable, "-m", "jupyterlab", "--allow-root", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root_dir}",
        "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.expose_app_in_browser=True",
        f"--LabApp.app_settings_dir={dirs['settings']}",
        f"--LabApp.user_settings_dir={dirs['user-settings']}",
        f"--LabApp.workspaces_dir={dirs['workspaces']}",
        "--LanguageServerManager.autodetect=False",
    ]
    log = workdir / "jupyter-lab.log"
    with open(log, "wb") as log_file:
        process = subprocess.Popen(command, cwd=root_dir, env=env, stdin=subprocess.DEVNULL,
                                   stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_until_up(process, url, token, log, timeout)
        yield Lab(url=url, token=token, log=log)
    finally:
        with contextlib.suppress(OSError):
            api(url, token, "/api/shutdown", method="POST", timeout=20.0)
        stop_group(process, wait_s=20)
        for pid in processes_mentioning(str(dirs["runtime"])):  # kernels live in their own sessions
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
