"""First-run set-up from a fresh clone: ``course.py``'s venv creation and runtime install.

For each installer, the repository's HEAD is cloned into a temporary folder and
``python course.py settings`` (which runs the same ``ensure_env("runtime")`` as ``lab``,
without starting a server) is run there with ``COURSE_INSTALLER`` forcing the installer and
an empty package cache, as on a student's first run. The progress lines ``course.py`` prints
split the time into venv creation and install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .common import ROOT, say


def base_python() -> str:
    """The interpreter a student would start ``course.py`` with (not this venv's)."""
    return str(getattr(sys, "_base_executable", "") or sys.executable)


def fresh_clone(into: Path) -> Path:
    """A clone of HEAD (committed files only, as a student downloads them)."""
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(into)], check=True)
    return into


def timed_setup(clone: Path, installer: str, cache: Path) -> dict[str, Any]:
    """Run ``course.py settings`` in ``clone``; time it, split at its progress lines."""
    env = dict(os.environ)
    for var in ("VIRTUAL_ENV", "PYTHONPATH"):
        env.pop(var, None)
    env.update(
        COURSE_INSTALLER=installer,
        PIP_CACHE_DIR=str(cache / "pip"),
        UV_CACHE_DIR=str(cache / "uv"),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    start = time.perf_counter()
    marks: dict[str, float] = {}
    lines: list[str] = []
    proc = subprocess.Popen(
        [base_python(), "course.py", "settings"],
        cwd=clone,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        now = time.perf_counter() - start
        lines.append(line.rstrip())
        if "[course] creating" in line:
            marks.setdefault("venv_start", now)
        elif "[course] installing" in line:
            marks.setdefault("install_start", now)
    rc = proc.wait()
    total = time.perf_counter() - start
    if rc:
        return {"error": f"exit {rc}", "log_tail": lines[-15:]}
    install_start = marks.get("install_start", 0.0)
    return {
        "venv_s": round(install_start - marks.get("venv_start", 0.0), 1),
        "install_s": round(total - install_start, 1),
        "total_s": round(total, 1),
        "progress_lines": [ln for ln in lines if ln.startswith("[course]")],
    }


def measure(installers: list[str]) -> dict[str, Any]:
    """Set-up time per installer (pip always; uv when it is on PATH)."""
    out: dict[str, Any] = {"installers": {}, "python": base_python()}
    for name in installers:
        if name == "uv" and not shutil.which("uv"):
            out["installers"][name] = {"error": "uv not installed"}
            continue
        work = Path(tempfile.mkdtemp(prefix=f"bench-setup-{name}-"))
        try:
            clone = fresh_clone(work / "clone")
            say(f"setup: fresh clone, course.py settings with {name}, empty cache")
            row = timed_setup(clone, name, work / "cache")
            out["installers"][name] = row
            say(f"setup: {name}: {row.get('total_s', row.get('error'))}")
        finally:
            shutil.rmtree(work, ignore_errors=True)
    timed = {k: v["total_s"] for k, v in out["installers"].items() if "total_s" in v}
    if timed:
        out["fastest"] = min(timed, key=lambda k: timed[k])
    out["default"] = "uv" if shutil.which("uv") else "pip"
    return out
