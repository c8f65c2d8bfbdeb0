"""Print the nbgitpuller link that hands a lesson to every learner of a JupyterHub.

A learner who clicks the link logs in (if needed), gets their server, and nbgitpuller pulls the lessons'
repository into a folder of their home named after it (``gdviz/``): the first click clones it, every later
click merges the newest lessons into it without overwriting what the learner changed. Then JupyterLab opens
the lesson.

Usage::

    python classroom/link.py https://hub.example.org --lesson 03 --repo https://github.com/OWNER/gdviz

``--lesson`` takes a lesson's number (``3`` or ``03``) or its file name; ``--branch`` defaults to ``main``;
``--repo`` defaults to this checkout's ``origin`` remote.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
LESSONS = REPO / "notebooks"
FIRST_LESSON = "00_start_here.ipynb"


def lesson_file(lesson: str | int, lessons: Path = LESSONS) -> str:
    """The notebook file of ``lesson``: a number (``3``, ``"03"``) or a file name in ``lessons``.

    >>> lesson_file(3)
    '03_learning_rate.ipynb'
    >>> lesson_file("00_start_here.ipynb")
    '00_start_here.ipynb'
    """
    names = sorted(path.name for path in lessons.glob("*.ipynb"))
    text = str(lesson).strip()
    if text in names:
        return text
    if text.isdigit():
        matches = [name for name in names if name.split("_", 1)[0] == f"{int(text):02d}"]
        if matches:
            return matches[0]
    raise ValueError(f"lesson must be a lesson's number or file name, one of {names}. Got {lesson!r} instead.")


def folder_of(repo: str) -> str:
    """The folder nbgitpuller clones ``repo`` into: its last path part, without ``.git``.

    >>> folder_of("https://github.com/OWNER/gdviz.git")
    'gdviz'
    """
    name = repo.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    if not name:
        raise ValueError(f"repo must be a git repository's URL or path. Got {repo!r} instead.")
    return name


def git_pull_path(repo: str, branch: str = "main", lesson: str | int = FIRST_LESSON,
                  lessons: Path = LESSONS) -> str:
    """The path, inside a learner's server, that pulls ``repo`` at ``branch`` and opens ``lesson`` in JupyterLab.

    It is the part of the link after ``/hub/user-redirect``, and it can serve as a hub's landing page
    (``Spawner.default_url``).

    >>> git_pull_path("https://github.com/OWNER/gdviz", "main", 0)
    '/git-pull?repo=https%3A%2F%2Fgithub.com%2FOWNER%2Fgdviz&branch=main&targetpath=gdviz&urlpath=lab%2Ftree%2Fgdviz%2Fnotebooks%2F00_start_here.ipynb'
    """
    if not isinstance(branch, str) or not branch.strip():
        raise ValueError(f"branch must be a git branch's name. Got {branch!r} instead.")
    folder = folder_of(repo)
    query = {"repo": repo, "branch": branch, "targetpath": folder,
             "urlpath": f"lab/tree/{folder}/notebooks/{lesson_file(lesson, lessons)}"}
    return "/git-pull?" + urlencode(query, safe="")


def nbgitpuller_link(hub: str, repo: str, branch: str = "main", lesson: str | int = FIRST_LESSON,
                     lessons: Path = LESSONS) -> str:
    """The link to share with learners: ``hub``'s user-redirect to :func:`git_pull_path`.

    >>> nbgitpuller_link("https://hub.example.org/", "https://github.com/OWNER/gdviz", "main", 3)[:60]
    'https://hub.example.org/hub/user-redirect/git-pull?repo=http'
    """
    if not isinstance(hub, str) or not hub.startswith(("http://", "https://")):
        raise ValueError(f"hub must be the hub's URL, starting with http:// or https://. Got {hub!r} instead.")
    return hub.rstrip("/") + "/hub/user-redirect" + git_pull_path(repo, branch, lesson, lessons)


def _origin() -> str | None:
    run = subprocess.run(["git", "-C", str(REPO), "remote", "get-url", "origin"], capture_output=True, text=True)
    return run.stdout.strip() or None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the nbgitpuller link that opens a gdviz lesson on a hub.")
    parser.add_argument("hub", help="the hub's URL, e.g. https://hub.example.org")
    parser.add_argument("--lesson", default="0", help="the lesson's number or file name (default: 0, start here)")
    parser.add_argument("--branch", default="main", help="the branch learners pull (default: main)")
    parser.add_argument("--repo", default=None, help="the lessons' git repository (default: this checkout's origin)")
    args = parser.parse_args(argv)
    repo = args.repo or _origin()
    if repo is None:
        parser.error("this checkout has no origin remote: give the lessons' repository with --repo")
    try:
        print(nbgitpuller_link(args.hub, repo, args.branch, args.lesson))
    except ValueError as error:
        parser.error(str(error))
    return 0


if __name__ == "__main__":
    sys.exit(main())
