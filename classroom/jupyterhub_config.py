"""JupyterHub on one server for a class working through the gdviz lessons.

What it sets up (README.md, "Teach a class", gives the install steps):

- each learner gets a server from the learners' environment (``LEARNER_ENV``: ``binder/requirements.txt``,
  nbgitpuller and jupyterhub, then ``binder/postBuild``: gdviz, and JupyterLab without the news prompt), run by
  systemd with a memory and CPU limit;
- JupyterLab is the interface, and logging in lands on lesson 00: the landing page is an nbgitpuller
  link, so every login also pulls the newest lessons into the learner's ``gdviz/`` folder;
- kernels idle for ``KERNEL_IDLE_S`` are shut down by the learner's server, servers idle for
  ``SERVER_IDLE_S`` are stopped by jupyterhub-idle-culler (work on disk stays).

The limits come from tests/test_classroom.py's soak on a real hub (figures in README.md): a learner's
server holds about 180 MB and each open lesson's kernel about 145 MB after Run All (resident memory).

Run it with ``jupyterhub -f classroom/jupyterhub_config.py`` as root. Three settings come from the
environment: ``GDVIZ_LESSONS_REPO`` (the lessons' git repository, default the public gdviz
repository), ``GDVIZ_LESSONS_BRANCH`` (default ``main``) and ``GDVIZ_LEARNER_ENV`` (default
``/opt/gdviz-learner``).
"""
import importlib.util
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("gdviz_classroom_link", HERE / "link.py")
link = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(link)

LESSONS_REPO = os.environ.get("GDVIZ_LESSONS_REPO", "https://github.com/OWNER/gdviz")
LESSONS_BRANCH = os.environ.get("GDVIZ_LESSONS_BRANCH", "main")
LEARNER_ENV = Path(os.environ.get("GDVIZ_LEARNER_ENV", "/opt/gdviz-learner"))

# Per learner: the server (~180 MB) and two lessons open at once (~145 MB each after Run All), with room
# to spare; one core at most, so a learner's busy kernel cannot slow the whole class down.
MEM_LIMIT = "768M"
MEM_GUARANTEE = "384M"
CPU_LIMIT = 1.0
CPU_GUARANTEE = 0.1
KERNEL_IDLE_S = 1800  # a lesson not touched for 30 minutes gives its kernel's memory back
SERVER_IDLE_S = 3600  # a learner gone for an hour gives their server back

# --- the hub: who logs in, how servers are started -------------------------------------------------
c.JupyterHub.bind_url = "http://:8000"  # put HTTPS in front (e.g. a reverse proxy), or set ssl_cert/ssl_key
# Learners pick a name and set their password at first login (The Littlest JupyterHub's default).
c.JupyterHub.authenticator_class = "firstuseauthenticator.FirstUseAuthenticator"
c.Authenticator.allow_all = True
c.Authenticator.admin_users = {"instructor"}
c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
c.SystemdSpawner.dynamic_users = True  # no system accounts needed; each learner's home is kept by systemd
c.SystemdSpawner.isolate_tmp = True
c.SystemdSpawner.disable_user_sudo = True
c.Spawner.cmd = [str(LEARNER_ENV / "bin" / "jupyterhub-singleuser")]

# --- what a learner gets ---------------------------------------------------------------------------
c.Spawner.mem_limit = MEM_LIMIT
c.Spawner.mem_guarantee = MEM_GUARANTEE
c.Spawner.cpu_limit = CPU_LIMIT
c.Spawner.cpu_guarantee = CPU_GUARANTEE
# When a whole class logs in at once, servers start slower than one alone: give them time.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120
c.JupyterHub.concurrent_spawn_limit = 50
c.Spawner.default_url = link.git_pull_path(LESSONS_REPO, LESSONS_BRANCH, link.FIRST_LESSON)
c.Spawner.args = [
    # idle kernels culled, even with the lesson's tab still open: running a cell or moving a slider is activity
    f"--MappingKernelManager.cull_idle_timeout={KERNEL_IDLE_S}",
    "--MappingKernelManager.cull_interval=120",
    "--MappingKernelManager.cull_connected=True",
    "--MappingKernelManager.cull_busy=False",
]

# --- graded assignments (nbgrader, README "Grade a class") -----------------------------------------
# Learners fetch and submit through one exchange folder, which systemd must let their servers write to.
NBGRADER_EXCHANGE = os.environ.get("GDVIZ_NBGRADER_EXCHANGE", "/srv/nbgrader/exchange")
c.SystemdSpawner.readwrite_paths = [NBGRADER_EXCHANGE]
c.Spawner.environment = {"GDVIZ_NBGRADER_EXCHANGE": NBGRADER_EXCHANGE}

# --- idle servers stopped ----------------------------------------------------------------------------
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={SERVER_IDLE_S}",
                "--cull-every=300"],
}]
