"""nbgitpuller links: one click on a JupyterHub clones (or updates) the course and opens a lesson.

The link has the form documented by nbgitpuller (``docs/topic/url-options.rst`` in
jupyterhub/nbgitpuller)::

    https://HUB/hub/user-redirect/git-pull?repo=REPO&branch=BRANCH&targetpath=FOLDER
        &urlpath=lab/tree/FOLDER/notebooks/NN-slug.ipynb

``urlpath`` is relative to the server's start folder, so it must begin with the name of the
folder the repository is cloned into. nbgitpuller's own default for that folder is the last
part of the repository URL *including* any ``.git``, while its link generator drops
``.git`` when it writes ``urlpath``; this helper always sets ``targetpath`` explicitly, so
the two can never disagree. Use a release tag as the branch for a term (see the README).

Command line: ``python -m helpers.classroom.hub HUB REPO LESSON [--branch B] [--release]``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from urllib.parse import urlencode, urlsplit

__all__ = ["LESSON_ID", "clone_folder", "main", "nbgitpuller_link"]

LESSON_ID = re.compile(r"^\d{2}-[a-z0-9-]+$")
_BRANCH = re.compile(r"^[A-Za-z0-9._/-]{1,100}$")
_FOLDER = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


def clone_folder(repo_url: str) -> str:
    """The folder name a repository is cloned into: its last path part, without ``.git``."""
    name = repo_url.rstrip("/").split("/")[-1].split(":")[-1]
    name = name[:-4] if name.endswith(".git") else name
    if not _FOLDER.match(name) or name in (".", ".."):
        raise ValueError(f"cannot tell the folder name of repository {repo_url!r}")
    return name


def nbgitpuller_link(
    hub_url: str,
    repo_url: str,
    lesson: str,
    *,
    branch: str = "main",
    app: str = "lab",
    release: bool = False,
    targetpath: str | None = None,
) -> str:
    """The nbgitpuller link that opens ``lesson`` (``"03-arming-ukraine"``) on a hub.

    ``release=True`` points into a repository holding a student release
    (``NN-slug/NN-slug.ipynb``, as ``python course.py assignments`` writes it) instead of
    the course repository (``notebooks/NN-slug.ipynb``). ``app`` is ``lab`` (JupyterLab) or
    ``voila`` (the no-code view, if the hub runs Voilà).
    """
    hub = urlsplit(hub_url.strip())
    if hub.scheme not in ("https", "http") or not hub.netloc:
        raise ValueError(f"the hub URL should look like https://hub.example.org, not {hub_url!r}")
    if not LESSON_ID.match(lesson):
        raise ValueError(
            f"lesson should be a notebook id such as '03-arming-ukraine', not {lesson!r}"
        )
    if not _BRANCH.match(branch) or ".." in branch:
        raise ValueError(f"{branch!r} is not a usable branch or tag name")
    if app not in ("lab", "voila"):
        raise ValueError("app should be 'lab' or 'voila'")
    folder = targetpath if targetpath is not None else clone_folder(repo_url)
    if not _FOLDER.match(folder) or folder in (".", ".."):
        raise ValueError(f"{folder!r} is not a usable folder name")
    inside = f"{lesson}/{lesson}.ipynb" if release else f"notebooks/{lesson}.ipynb"
    prefix = "lab/tree" if app == "lab" else "voila/render"
    query = urlencode(
        {
            "repo": repo_url,
            "branch": branch,
            "targetpath": folder,
            "urlpath": f"{prefix}/{folder}/{inside}",
        }
    )
    base = hub.geturl().rstrip("/")
    return f"{base}/hub/user-redirect/git-pull?{query}"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the link for a hub, repository and lesson."""
    parser = argparse.ArgumentParser(
        prog="python -m helpers.classroom.hub", description="Build an nbgitpuller link."
    )
    parser.add_argument("hub", help="the hub's address, e.g. https://hub.example.org")
    parser.add_argument("repo", help="the repository to clone (the course, or your release)")
    parser.add_argument("lesson", help="the notebook id, e.g. 03-arming-ukraine")
    parser.add_argument("--branch", default="main", help="branch or tag (use the term's tag)")
    parser.add_argument("--app", choices=["lab", "voila"], default="lab")
    parser.add_argument(
        "--release", action="store_true", help="the repository holds a student release"
    )
    args = parser.parse_args(argv)
    print(
        nbgitpuller_link(
            args.hub, args.repo, args.lesson, branch=args.branch, app=args.app, release=args.release
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
