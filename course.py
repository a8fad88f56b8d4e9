#!/usr/bin/env python3
# Why this file is long: it is the one entry point a student runs with bare Python (no
# packages yet), so set-up, the lock install and every task's dispatch live in one file.
"""The course's one entry point: ``python course.py lab`` and ``python course.py test``.

Works on Linux, macOS and Windows with nothing but Python 3.11+. It creates ``.venv``
from the pinned lock in ``requirements/``, installs the course package in editable mode,
and then runs the requested task inside that environment.

Tasks:
  lab      open JupyterLab on notebooks/00-start-here.ipynb (127.0.0.1, token auth on)
  voila    open the projector view (Voilà) of one lesson (default: 00) on 127.0.0.1
  settings install the JupyterLab settings overrides (news and update checks off, extension
           manager read-only) into .venv, or into another environment: settings --prefix DIR
  site     build the course website from stored outputs into build/site/_build/html
           (no execution); --pdf also prints each lesson to build/site/handouts/
  test     set up if needed, then run the whole test suite (lint, library, nbval, browser)
  execute  regenerate stored outputs: fresh kernel, top to bottom, PNG fallbacks added
  verify   execute, then run nbval twice over the fresh outputs
  bench    measure what students wait for against the floor and check the targets
           (benchmarks/results.json): bench [--only kernel|browser|callbacks|setup|sizes|tests]
  lock     recompile requirements/*.txt from pyproject.toml (needs uv; maintainers only)
  assignments  build graded nbgrader assignments for every lesson (build/assignments:
           release/ for students, instructor/ private): assignments [--overlay DIR] [NN ...]
  grade    a grades CSV for Canvas/Moodle from a folder of answer files or an nbgrader
           course directory: grade FOLDER [--keys DIR] [--lms long|canvas|moodle]
  keys     render a readable answer key per lesson from the banks (docs/keys/*.html)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
REQ = ROOT / "requirements"
NOTEBOOKS = ROOT / "notebooks"
FIRST_NOTEBOOK = "notebooks/00-start-here.ipynb"
# Which lock files each kind of task needs. runtime (lab, voila, settings, keys) is what
# students need: the package and its launch tools, nothing else. dev (test, execute, verify,
# site, bench, and the instructor tasks) adds the test tools and PNG fallbacks, and takes the
# instructor group too because the tests and `assignments`/`grade` run nbgrader.
GROUPS = {"runtime": ["runtime"], "dev": ["dev", "instructor"]}
# Which pyproject extras each lock file holds, on top of [project] dependencies. Each lock is
# complete on its own (pip install -r requirements/X.txt works alone) and shares its pins
# with the others: `lock` compiles each later group constrained by the earlier ones.
LOCK_EXTRAS = {
    "runtime": ["launch"],
    "dev": ["launch", "png", "dev"],
    "instructor": ["launch", "instructor"],
}
MIN_PYTHON = (3, 11)


def say(msg: str) -> None:
    print(f"[course] {msg}", flush=True)


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def venv_bin(name: str) -> str:
    folder = VENV / ("Scripts" if os.name == "nt" else "bin")
    exe = folder / (name + (".exe" if os.name == "nt" else ""))
    return str(exe)


def _stamp(groups: list[str]) -> str:
    h = hashlib.sha256()
    for g in groups:
        h.update((REQ / f"{g}.txt").read_bytes())
    h.update((ROOT / "pyproject.toml").read_bytes())
    h.update(sys.version.encode())
    return h.hexdigest()


def installer(py: Path) -> tuple[str, list[str]]:
    """The install command for the venv of ``py``: uv when it is on PATH (several times
    faster, see CONTRIBUTING.md "Performance"), else pip. ``COURSE_INSTALLER=pip|uv`` forces
    one. Both show their own progress; uv compiles byte-code like pip, so a student's first
    lesson does not pay for it."""
    choice = os.environ.get("COURSE_INSTALLER", "auto")
    uv = shutil.which("uv")
    if uv and choice in ("auto", "uv"):
        return "uv", [uv, "pip", "install", "--python", str(py), "--compile-bytecode"]
    return "pip", [str(py), "-m", "pip", "--disable-pip-version-check", "install"]


def ensure_env(kind: str = "runtime") -> Path:
    """Create .venv and install the locked ``kind`` group (runtime or dev) if needed."""
    groups = GROUPS[kind]
    stamp_file = VENV / "course-installed.json"
    installed: dict[str, str] = {}
    if stamp_file.exists():
        try:
            installed = json.loads(stamp_file.read_text(encoding="utf-8"))
        except ValueError:
            installed = {}
    want = _stamp(groups)
    py = venv_python()
    if installed.get(kind) == want and py.exists():
        install_settings(VENV)
        return py
    # A dev install includes everything a runtime install has.
    if kind == "runtime" and installed.get("dev") == _stamp(GROUPS["dev"]) and py.exists():
        install_settings(VENV)
        return py
    if not py.exists():
        say(f"creating {VENV.name} with Python {sys.version.split()[0]}")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    name, install = installer(py)
    about = "under a minute" if name == "uv" else "a minute or two"
    say(f"installing the pinned {kind} packages with {name} (first time only; {about})")
    started = time.monotonic()
    args: list[str] = []
    for g in groups:
        args += ["-r", str(REQ / f"{g}.txt")]
    subprocess.run([*install, *args], check=True)
    subprocess.run([*install, "--no-deps", "-e", str(ROOT)], check=True)
    say(f"installed in {time.monotonic() - started:.0f} s")
    install_settings(VENV)
    installed[kind] = want
    stamp_file.write_text(json.dumps(installed, indent=1), encoding="utf-8")
    return py


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = str(Path(venv_bin("python")).parent) + os.pathsep + env.get("PATH", "")
    env.update(extra)
    return env


def run(cmd: list[str], **extra_env: str) -> int:
    return subprocess.call(cmd, cwd=ROOT, env=_env(**extra_env))


# Files installed into every environment that serves the course (.venv here, the image on
# Binder through binder/postBuild, a hub's image through `course.py settings --prefix`):
# source in this repository -> destination under the environment's prefix.
SETTINGS_FILES = {
    # JupyterLab settings overrides: no "official Jupyter news?" prompt, no update checks
    # (the course runs offline and nothing may leave the machine).
    ROOT / "share" / "jupyter" / "lab" / "settings" / "overrides.json": Path(
        "share", "jupyter", "lab", "settings", "overrides.json"
    ),
    # JupyterLab's extension manager is read-only (its default queries PyPI). LabApp reads
    # this from a plain jupyter_lab_config.json, not from a .d folder.
    ROOT / "etc" / "jupyter" / "jupyter_lab_config.json": Path(
        "etc", "jupyter", "jupyter_lab_config.json"
    ),
    # notebook_shim (classic-server extension bridge, unused here) is switched off: while
    # linking it reads every server trait and so triggers jupyter-server's "ServerApp.token
    # config is deprecated" warning on every start. "zz-" makes it load after the
    # notebook_shim.json that enables it.
    ROOT / "etc" / "jupyter" / "jupyter_server_config.d" / "zz-nato-ukraine-course.json": Path(
        "etc", "jupyter", "jupyter_server_config.d", "zz-nato-ukraine-course.json"
    ),
}


def install_settings(prefix: Path) -> list[Path]:
    """Copy the course's JupyterLab settings overrides and server config under ``prefix``."""
    written = []
    for source, rel in SETTINGS_FILES.items():
        dest = Path(prefix) / rel
        if not dest.exists() or dest.read_bytes() != source.read_bytes():
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest)
        written.append(dest)
    return written


def task_settings(args: list[str]) -> int:
    """``settings [--prefix DIR]``: install the settings overrides (default: into .venv)."""
    if args[:1] == ["--prefix"] and len(args) == 2:
        prefix = Path(args[1])
    elif not args:
        ensure_env("runtime")
        prefix = VENV
    else:
        say("usage: python course.py settings [--prefix DIR]")
        return 2
    for dest in install_settings(prefix):
        say(f"installed {dest}")
    return 0


def running_as_root() -> bool:
    """True for the root user on POSIX (containers, many lab images); never on Windows."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def lab_command(py: Path, args: list[str], as_root: bool) -> list[str]:
    """The JupyterLab command line for the ``lab`` task (``--allow-root`` when root)."""
    cmd = [str(py), "-m", "jupyter", "lab", FIRST_NOTEBOOK, "--ServerApp.ip=127.0.0.1"]
    if as_root and "--allow-root" not in args:
        cmd.append("--allow-root")
    return [*cmd, *args]


def task_lab(args: list[str]) -> int:
    py = ensure_env("runtime")
    if running_as_root():
        say("running as root (as in a container): passing --allow-root to JupyterLab")
    say("opening JupyterLab; stop it with Ctrl+C")
    return run(lab_command(py, args, running_as_root()))


def voila_command(py: Path, args: list[str]) -> list[str]:
    """The Voilà command line for the ``voila`` task: one lesson, course template, 127.0.0.1."""
    target = args[0] if args and not args[0].startswith("-") else FIRST_NOTEBOOK
    rest = args[1:] if args and not args[0].startswith("-") else args
    return [str(py), "-m", "voila", target, "--template=course", "--Voila.ip=127.0.0.1", *rest]


def voila_jupyter_path() -> str:
    """JUPYTER_PATH with the course's share/jupyter first (its Voilà template lives there)."""
    return os.pathsep.join(
        p for p in (str(ROOT / "share" / "jupyter"), os.environ.get("JUPYTER_PATH", "")) if p
    )


def task_voila(args: list[str]) -> int:
    py = ensure_env("runtime")
    if running_as_root():
        # Voilà itself has no root check (only JupyterLab refuses root): nothing to pass.
        say("running as root (as in a container): Voilà needs no extra option")
    # The course template (share/jupyter/voila/templates/course) is Voilà's lab template
    # with its icon fonts served from this repository, so the view works offline.
    say("opening the Voilà view on 127.0.0.1; stop it with Ctrl+C")
    return run(voila_command(py, args), JUPYTER_PATH=voila_jupyter_path())


def _answers_tmp() -> str:
    return tempfile.mkdtemp(prefix="course-answers-")


def pytest_cmd(py: Path, *paths: str) -> list[str]:
    return [
        str(py),
        "-m",
        "pytest",
        "-n",
        "2",
        "--dist",
        "loadfile",
        "--nbval",
        "--nbval-current-env",
        "--nbval-sanitize-with",
        "tests/nbval_sanitize.cfg",
        "-p",
        "no:cacheprovider",
        *paths,
    ]


def test_env() -> dict[str, str]:
    return {"TZ": "UTC", "COURSE_ANSWERS_DIR": _answers_tmp(), "COURSE_MODE": "practice"}


def task_test(args: list[str]) -> int:
    py = ensure_env("dev")
    say("lint: ruff check and ruff format --check (notebooks included)")
    rc = run([venv_bin("ruff"), "check", "."]) or run([venv_bin("ruff"), "format", "--check", "."])
    if rc:
        say("ruff found problems: run `ruff check --fix .` and `ruff format .` in .venv")
        return rc
    say("layers: import-linter contracts (.importlinter)")
    rc = run([venv_bin("lint-imports"), "--no-cache"])
    if rc:
        say("a helper module imports across a layer boundary: see the contract above")
        return rc
    say("types: mypy over src/helpers and course.py ([tool.mypy] in pyproject.toml)")
    rc = run([venv_bin("mypy")])
    if rc:
        say("mypy found type errors: see above")
        return rc
    say("tests: library, data, notebook hygiene, nbval over every lesson, browser")
    return run(pytest_cmd(py, *(args or ["tests", "notebooks"])), **test_env())


def task_execute(args: list[str]) -> int:
    py = ensure_env("dev")
    targets = args or [str(p.relative_to(ROOT)) for p in sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))]
    rc = run([venv_bin("ruff"), "format", *targets])
    if rc:
        return rc
    return run(
        [str(py), str(ROOT / "tools" / "execute_notebooks.py"), *targets],
        **{**test_env(), "COURSE_PNG_FALLBACK": "1"},
    )


def task_verify(args: list[str]) -> int:
    rc = task_execute(args)
    if rc:
        return rc
    py = ensure_env("dev")
    targets = args or ["notebooks"]
    for attempt in (1, 2):
        say(f"nbval pass {attempt} of 2")
        rc = run(pytest_cmd(py, *targets), **test_env())
        if rc:
            return rc
    return 0


def task_site(args: list[str]) -> int:
    """``site [--pdf]``: the course website (and PDF handouts) from the stored outputs."""
    py = ensure_env("dev")
    return run([str(py), str(ROOT / "tools" / "site" / "build_site.py"), *args], TZ="UTC")


def task_bench(args: list[str]) -> int:
    """``bench [--only PART] [NN ...]``: measure against the targets (tools/bench, CONTRIBUTING)."""
    py = ensure_env("dev")
    return run([str(py), str(ROOT / "tools" / "bench"), *args], **test_env())


def task_lock(args: list[str]) -> int:
    uv = shutil.which("uv")
    if not uv:
        say("`lock` needs uv (pip install uv)")
        return 2
    base = [uv, "pip", "compile", "pyproject.toml", "--universal", "--python-version", "3.11"]
    base += ["--no-header", "-q"]
    # An existing -o file's pins are kept where they still satisfy the ranges, so a refresh
    # moves nothing unless asked (pass --upgrade or --upgrade-package NAME to move pins).
    earlier: list[str] = []
    for group, extras in LOCK_EXTRAS.items():
        cmd = [*base]
        for extra in extras:
            cmd += ["--extra", extra]
        for done in earlier:
            cmd += ["-c", f"requirements/{done}.txt"]
        cmd += ["-o", f"requirements/{group}.txt"]
        rc = run([*cmd, *args])
        if rc:
            return rc
        earlier.append(group)
    runtime = (REQ / "runtime.txt").read_text(encoding="utf-8")
    (ROOT / "binder" / "requirements.txt").write_text(
        "# Generated by `python course.py lock` from requirements/runtime.txt: do not edit.\n"
        + runtime
        + "-e .\n",
        encoding="utf-8",
    )
    say("locks written; run `python course.py test` (tests check the files agree)")
    return 0


def task_assignments(args: list[str]) -> int:
    """``assignments [--out DIR] [--overlay DIR] [LESSON ...]``: graded nbgrader assignments."""
    py = ensure_env("dev")  # the dev install includes the instructor group (nbgrader)
    cmd = [str(py), "-m", "helpers.classroom.assignments", "--root", str(ROOT), *args]
    return run(cmd, TZ="UTC")


def task_grade(args: list[str]) -> int:
    """``grade FOLDER [--keys K] [--lms long|canvas|moodle] [--out FILE]``: a grades CSV."""
    py = ensure_env("dev")
    return run([str(py), "-m", "helpers.classroom.grades", *args], TZ="UTC")


def task_keys(args: list[str]) -> int:
    """``keys [--out DIR]``: one HTML answer key per lesson, from the banks (docs/keys)."""
    py = ensure_env("runtime")
    return run([str(py), "-m", "helpers.classroom.render", "--root", str(ROOT), *args], TZ="UTC")


TASKS = {
    "lab": task_lab,
    "voila": task_voila,
    "settings": task_settings,
    "site": task_site,
    "test": task_test,
    "execute": task_execute,
    "verify": task_verify,
    "bench": task_bench,
    "lock": task_lock,
    "assignments": task_assignments,
    "grade": task_grade,
    "keys": task_keys,
}


def main(argv: list[str]) -> int:
    if sys.version_info < MIN_PYTHON:
        print(
            f"This course needs Python {'.'.join(map(str, MIN_PYTHON))} or newer; "
            f"this is {sys.version.split()[0]}. Install a newer Python (python.org) and "
            "run this command with it.",
            file=sys.stderr,
        )
        return 2
    if not argv or argv[0] not in TASKS:
        print(__doc__)
        return 0 if not argv else 2
    try:
        return TASKS[argv[0]](argv[1:])
    except subprocess.CalledProcessError as exc:
        say(f"a set-up step failed ({exc}); see the messages above")
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
