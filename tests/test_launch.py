"""Launch routes: `course.py lab` and `voila` as a new user (or root) starts them, the
JupyterLab settings every route installs, the Binder dry run, and notebook file sizes."""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest
from conftest import lesson_paths
from servers import ServerDidNotStart, serve

ROOT = Path(__file__).resolve().parents[1]
MAX_NOTEBOOK_BYTES = 500 * 1024
PNG = "image/png"
# Packages only a developer or an instructor needs: none may reach a student's Binder image.
NOT_FOR_STUDENTS = ("pytest", "nbval", "playwright", "hypothesis", "ruff", "nbgrader", "mypy")


def _course() -> ModuleType:
    spec = importlib.util.spec_from_file_location("course_entry", ROOT / "course.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


course = _course()


def _isolated_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONWARNINGS", None)  # a normal start: Python's default warning filters
    env.update(
        JUPYTER_CONFIG_DIR=str(tmp / "config"),
        JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        COURSE_ANSWERS_DIR=str(tmp / "answers"),
    )
    return env


@contextmanager
def _started(
    command: Callable[[int], list[str]], probe: Callable[[int], str], tmp: Path, log: str
) -> Iterator[int]:
    """Run ``command(port)`` from the repository until ``probe(port)`` answers; yield the port."""
    try:
        with serve(command, probe, env=_isolated_env(tmp), cwd=ROOT, log=tmp / log) as up:
            yield up.port
    except ServerDidNotStart as error:
        pytest.fail(str(error))


def _get_json(url: str, token: str) -> dict:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


# ---- command lines ---------------------------------------------------------------------------


def test_lab_passes_allow_root_only_when_root() -> None:
    py = Path("python")
    as_root = course.lab_command(py, [], as_root=True)
    assert "--allow-root" in as_root
    assert "--ServerApp.ip=127.0.0.1" in as_root
    assert course.FIRST_NOTEBOOK in as_root
    assert "--allow-root" not in course.lab_command(py, [], as_root=False)
    # given twice by the user, it is not added again
    assert course.lab_command(py, ["--allow-root"], as_root=True).count("--allow-root") == 1


def test_voila_serves_one_lesson_on_loopback_with_the_course_template() -> None:
    cmd = course.voila_command(Path("python"), ["notebooks/02-x.ipynb", "--no-browser"])
    assert cmd[1:4] == ["-m", "voila", "notebooks/02-x.ipynb"]
    assert "--template=course" in cmd and "--Voila.ip=127.0.0.1" in cmd
    assert cmd[-1] == "--no-browser"
    assert course.voila_command(Path("python"), ["--no-browser"])[3] == course.FIRST_NOTEBOOK
    assert course.voila_jupyter_path().split(os.pathsep)[0] == str(ROOT / "share" / "jupyter")


# ---- settings installed for every route ------------------------------------------------------


def test_settings_task_installs_overrides_into_a_prefix(tmp_path: Path) -> None:
    rc = subprocess.call(
        [sys.executable, str(ROOT / "course.py"), "settings", "--prefix", str(tmp_path)]
    )
    assert rc == 0
    overrides = json.loads(
        (tmp_path / "share/jupyter/lab/settings/overrides.json").read_text(encoding="utf-8")
    )
    notification = overrides["@jupyterlab/apputils-extension:notification"]
    assert notification == {"fetchNews": "false", "checkForUpdates": False}
    lab = json.loads((tmp_path / "etc/jupyter/jupyter_lab_config.json").read_text("utf-8"))
    assert lab["LabApp"]["extension_manager"] == "readonly"
    server = tmp_path / "etc/jupyter/jupyter_server_config.d/zz-nato-ukraine-course.json"
    assert json.loads(server.read_text("utf-8"))["ServerApp"]["jpserver_extensions"] == {
        "notebook_shim": False
    }


def test_binder_postbuild_installs_the_same_settings(tmp_path: Path) -> None:
    env = dict(os.environ, NB_PYTHON_PREFIX=str(tmp_path))
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env["PATH"]
    subprocess.run(["bash", str(ROOT / "binder" / "postBuild")], cwd=ROOT, env=env, check=True)
    for rel in course.SETTINGS_FILES.values():
        assert (tmp_path / rel).is_file(), rel


def test_lab_task_starts_as_this_user_quietly_with_the_course_settings(tmp_path: Path) -> None:
    """`python course.py lab`: starts (as root too), no news or update checks, read-only
    extension manager, and no deprecation warning in the log of a normal start (Python's
    default warning filters, as a student has them)."""
    token = secrets.token_hex(8)

    def command(port: int) -> list[str]:
        return [
            sys.executable, str(ROOT / "course.py"), "lab", "--no-browser",
            f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
        ]  # fmt: skip

    def status(port: int) -> str:
        return f"http://127.0.0.1:{port}/api/status?token={token}"

    with _started(command, status, tmp_path, "lab.log") as port:
        base = f"http://127.0.0.1:{port}"
        settings = _get_json(
            f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification", token
        )
        defaults = {k: v.get("default") for k, v in settings["schema"]["properties"].items()}
        assert defaults["fetchNews"] == "false" and defaults["checkForUpdates"] is False
        request = urllib.request.Request(f"{base}/lab", headers={"Authorization": f"token {token}"})
        page = urllib.request.urlopen(request, timeout=10).read().decode()
        manager = re.search(r'"extensionManager": (\{[^}]*\})', page)
        assert manager and json.loads(manager.group(1))["can_install"] is False
        time.sleep(1.0)  # let the server finish logging its start
        log = (tmp_path / "lab.log").read_text()
    if course.running_as_root():
        assert "passing --allow-root" in log
        assert "Running as root is not recommended" not in log
    assert not re.search(r"deprecat", log, re.IGNORECASE), log
    # nbgrader (instructor group, absent from students' runtime installs) warns that it has no
    # course configuration; no other warning is expected.
    warnings = [
        line
        for line in log.splitlines()
        if re.match(r"\[W |.*\bWARNING\b", line) and "nbgrader" not in line.lower()
    ]
    assert warnings == [], warnings


def test_voila_task_starts_on_loopback_without_warnings(tmp_path: Path) -> None:
    def command(port: int) -> list[str]:
        return [
            sys.executable, str(ROOT / "course.py"), "voila", "notebooks/00-start-here.ipynb",
            "--no-browser", f"--Voila.port={port}", "--Voila.port_retries=0",
        ]  # fmt: skip

    def static(port: int) -> str:
        return f"http://127.0.0.1:{port}/voila/static/"

    with _started(command, static, tmp_path, "voila.log") as port:
        pass
    log = (tmp_path / "voila.log").read_text()
    assert f"http://127.0.0.1:{port}" in log or f"localhost:{port}" in log, log
    assert not re.search(r"deprecat", log, re.IGNORECASE), log


# ---- Binder ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def binder_dockerfile() -> str:
    """What repo2docker would build (``--no-build``: no Docker needed)."""
    r2d = Path(sys.executable).parent / "jupyter-repo2docker"
    if not r2d.exists():
        pytest.skip("jupyter-repo2docker is not installed (dev lock)")
    out = subprocess.run(
        [str(r2d), "--no-build", "--no-run", "--debug", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout + out.stderr


def test_binder_builds_python_311_with_the_course_package(binder_dockerfile: str) -> None:
    assert "Building conda environment for python=3.11" in binder_dockerfile
    assert re.search(r'pip install [^\n]*-r "?binder/requirements.txt', binder_dockerfile)
    assert "./binder/postBuild" in binder_dockerfile
    requirements = (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8")
    assert requirements.rstrip().splitlines()[-1] == "-e ."  # the course package itself


def test_binder_image_has_no_dev_or_instructor_packages() -> None:
    names = {
        line.split("==")[0].strip().lower()
        for line in (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line
    }
    assert {"jupyterlab", "voila", "ipywidgets", "altair"} <= names
    assert not names & set(NOT_FOR_STUDENTS)
    dev_only = {
        line.split("==")[0].strip().lower()
        for g in ("dev", "instructor")
        for line in (ROOT / "requirements" / f"{g}.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line
    } - {
        line.split("==")[0].strip().lower()
        for line in (ROOT / "requirements" / "runtime.txt").read_text("utf-8").splitlines()
        if "==" in line
    }
    assert dev_only and not names & dev_only


def test_readme_badges_point_at_a_release_tag() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    badges = re.findall(r"https://mybinder\.org/v2/gh/[^)\s]+", readme)
    assert len(badges) >= 2, "a JupyterLab badge and a Voilà badge"
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    version = re.search(r"^version: *(\S+)", citation, re.MULTILINE)
    assert version
    for url in badges:
        ref = url.split("/")[7].split("?")[0]
        assert ref == f"v{version.group(1)}", f"{url}: not the release tag v{version.group(1)}"
    assert any("urlpath=lab/tree/notebooks/00-start-here.ipynb" in u for u in badges)
    assert any("urlpath=voila/render/notebooks/" in u for u in badges)
    assert "culled" in readme and "download" in readme.lower()


# ---- notebook size ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", lesson_paths(), ids=lambda p: p.stem)
def test_notebook_at_most_500_kb(path: Path) -> None:
    size = path.stat().st_size
    assert size <= MAX_NOTEBOOK_BYTES, f"{path.name} is {size:,} bytes"


@pytest.mark.parametrize("path", lesson_paths(), ids=lambda p: p.stem)
def test_stored_pngs_are_already_optimised(path: Path) -> None:
    """Every stored PNG was recompressed by `execute` (oxipng finds < 5 % more to save)."""
    from notebook_tools import optimise_png

    if importlib.util.find_spec("oxipng") is None:
        pytest.skip("pyoxipng is not installed (dev lock)")
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            text = out.get("data", {}).get(PNG)
            if not isinstance(text, str):
                continue
            raw = base64.b64decode("".join(text.split()))
            assert len(optimise_png(raw)) >= 0.95 * len(raw), f"cell {i}: PNG not optimised"
