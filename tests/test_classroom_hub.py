"""The nbgitpuller link helper, checked against nbgitpuller itself (no network: a local repo)."""

from __future__ import annotations

import inspect
import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from helpers.classroom.hub import clone_folder, nbgitpuller_link

HUB = "https://hub.example.org/"
REPO = "https://github.com/example-org/nato-ukraine-course.git"
# The options documented in nbgitpuller's docs/topic/url-options.rst (repo, branch, urlpath,
# depth, targetPath, backup), in the spellings its handler reads.
DOCUMENTED = {"repo", "branch", "urlpath", "depth", "targetpath", "backup"}


def query(link: str) -> dict[str, str]:
    parts = urlsplit(link)
    values = parse_qs(parts.query, strict_parsing=True)
    assert all(len(v) == 1 for v in values.values())
    return {k: v[0] for k, v in values.items()}


def test_link_form_and_parameters():
    link = nbgitpuller_link(HUB, REPO, "03-arming-ukraine", branch="v2025-spring")
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "hub.example.org",
        "/hub/user-redirect/git-pull",
    )
    q = query(link)
    assert set(q) <= DOCUMENTED
    assert q == {
        "repo": REPO,
        "branch": "v2025-spring",
        "targetpath": "nato-ukraine-course",
        "urlpath": "lab/tree/nato-ukraine-course/notebooks/03-arming-ukraine.ipynb",
    }
    assert "/" not in parts.query.split("urlpath=")[1]  # fully encoded, like nbgitpuller's form


def test_the_parameters_are_the_ones_the_installed_nbgitpuller_reads():
    handlers = pytest.importorskip("nbgitpuller.handlers")
    source = inspect.getsource(handlers)
    read = set(re.findall(r"get_argument\('(\w+)'", source))
    link = nbgitpuller_link(HUB, REPO, "03-arming-ukraine")
    assert set(query(link)) <= read
    # The UI handler sends the student to urlpath as given (relative to the server root).
    ui = inspect.getsource(handlers.UIHandler.get)
    assert "if urlPath:" in ui and "path = urlPath" in ui


def test_the_link_opens_a_file_that_nbgitpuller_really_clones(tmp_path):
    """Clone a local repository with nbgitpuller's own GitPuller into the link's folder."""
    pull = pytest.importorskip("nbgitpuller.pull")
    origin = tmp_path / "nato-ukraine-course"
    (origin / "notebooks").mkdir(parents=True)
    (origin / "notebooks" / "03-arming-ukraine.ipynb").write_text("{}")
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q", "-b", "main", str(origin)], check=True)
    subprocess.run([*git, "-C", str(origin), "add", "."], check=True)
    subprocess.run([*git, "-C", str(origin), "commit", "-q", "-m", "lessons"], check=True)
    repo_url = f"file://{origin}"
    home = tmp_path / "home"
    home.mkdir()
    q = query(nbgitpuller_link(HUB, repo_url, "03-arming-ukraine"))
    puller = pull.GitPuller(q["repo"], str(home / q["targetpath"]), branch=q["branch"])
    for _line in puller.pull():
        pass
    opened = home / q["urlpath"].removeprefix("lab/tree/")
    assert opened.is_file(), opened


def test_release_voila_and_folder_names():
    q = query(nbgitpuller_link(HUB, "https://git.example.org/t/release/", "05-x", release=True))
    assert q["urlpath"] == "lab/tree/release/05-x/05-x.ipynb" and q["targetpath"] == "release"
    q = query(nbgitpuller_link("https://uni.example/jhub", REPO, "00-start-here", app="voila"))
    assert q["urlpath"] == "voila/render/nato-ukraine-course/notebooks/00-start-here.ipynb"
    link = nbgitpuller_link("https://uni.example/jhub", REPO, "00-start-here")
    assert link.startswith("https://uni.example/jhub/hub/user-redirect/git-pull?")
    assert clone_folder("git@github.com:org/course.git") == "course"
    assert query(nbgitpuller_link(HUB, REPO, "00-start-here", targetpath="c2"))["urlpath"] == (
        "lab/tree/c2/notebooks/00-start-here.ipynb"
    )


@pytest.mark.parametrize(
    ("hub", "repo", "lesson", "branch"),
    [
        ("hub.example.org", REPO, "03-arming-ukraine", "main"),
        ("javascript:alert(1)", REPO, "03-arming-ukraine", "main"),
        (HUB, REPO, "../../etc/passwd", "main"),
        (HUB, REPO, "03-arming-ukraine", "a b"),
        (HUB, REPO, "03-arming-ukraine", "../main"),
        (HUB, "https://github.com/org/..", "03-arming-ukraine", "main"),
    ],
)
def test_bad_inputs_are_refused_with_a_sentence(hub, repo, lesson, branch):
    with pytest.raises(ValueError, match=r"\w"):
        nbgitpuller_link(hub, repo, lesson, branch=branch)


def test_command_line_prints_the_link(capsys):
    from helpers.classroom import hub

    assert hub.main([HUB, REPO, "03-arming-ukraine", "--branch", "v1"]) == 0
    assert capsys.readouterr().out.strip() == nbgitpuller_link(
        HUB, REPO, "03-arming-ukraine", branch="v1"
    )


def test_every_lesson_gets_a_link():
    root = Path(__file__).resolve().parents[1]
    for path in sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        assert path.stem in query(nbgitpuller_link(HUB, REPO, path.stem))["urlpath"]
