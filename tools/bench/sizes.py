"""Sizes: every committed notebook, and the runtime venv against a bare one built the same way.

The runtime venv is what ``course.py`` builds in a fresh clone (``course.py settings``: venv,
runtime lock, the course package). The bare venv is a venv with only jupyterlab, pandas,
altair and ipywidgets, installed by the same installer command (``course.installer``) at
the same pinned versions (the runtime lock as constraints). Sizes are the apparent sizes of
the files in the venv folder. Every package the runtime venv has beyond the bare one is
listed with its size and the course dependency that brings it in.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from .common import ROOT, say
from .setup import base_python, fresh_clone

BARE = ["jupyterlab", "pandas", "altair", "ipywidgets"]
# Why each runtime dependency beyond the bare four is there (pyproject.toml [project]).
REASONS = {
    "voila": "the projector view (`course.py voila`)",
    "nbgitpuller": "hub links that pull the lessons into a student's home (docs)",
    "nato-ukraine-course": "the course's own helpers and data (editable install)",
    "platformdirs": "the answers folder on every OS",
    "jupyterlab-widgets": "the widgets front end matching ipywidgets 8",
}

LIST_DISTS = r"""
import importlib.metadata as m, json, os, re
out = {}
for d in m.distributions():
    name = re.sub(r"[-_.]+", "-", d.metadata["Name"]).lower()
    size = 0
    for f in d.files or []:
        try:
            size += os.path.getsize(d.locate_file(f))
        except OSError:
            pass
    reqs = [re.split(r"[ ;<>=!~\[(]", r, maxsplit=1)[0]
            for r in (d.requires or []) if "extra ==" not in r]
    out[name] = {"size": size, "requires": [re.sub(r"[-_.]+", "-", r).lower() for r in reqs]}
print(json.dumps(out))
"""


def tree_size(folder: Path) -> int:
    """Apparent size in bytes of every regular file under ``folder`` (links not followed)."""
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for f in files:
            p = Path(dirpath) / f
            if not p.is_symlink():
                total += p.stat().st_size
    return total


def notebook_sizes() -> dict[str, float]:
    """KB (1000 bytes) of every committed notebook, as it is in the working tree."""
    listed = subprocess.run(
        ["git", "ls-files", "*.ipynb"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return {
        rel: round((ROOT / rel).stat().st_size / 1000, 1)
        for rel in sorted(listed)
        if (ROOT / rel).exists()
    }


def _course_module() -> Any:
    spec = importlib.util.spec_from_file_location("course_entry", ROOT / "course.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _dists(python: Path) -> dict[str, Any]:
    out = subprocess.run(
        [str(python), "-c", LIST_DISTS], capture_output=True, text=True, check=True
    )
    data: dict[str, Any] = json.loads(out.stdout)
    return data


def _why(name: str, runtime: dict[str, Any], bare: dict[str, Any]) -> str:
    if name in REASONS:
        return REASONS[name]
    # The first direct extra (breadth-first from the course package) that requires it.
    parents = [d for d, info in runtime.items() if name in info["requires"] and d not in bare]
    for parent in parents:
        if parent in REASONS:
            return f"needed by {parent}"
    return f"needed by {', '.join(sorted(parents))}" if parents else "?"


def venv_sizes(work: Path) -> dict[str, Any]:
    """Build the runtime venv (fresh clone, course.py) and the bare one; compare."""
    course = _course_module()
    clone = fresh_clone(work / "clone")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    say("sizes: building the runtime venv in a fresh clone (course.py settings)")
    subprocess.run(
        [base_python(), "course.py", "settings"],
        cwd=clone, env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    runtime_py = clone / ".venv" / "bin" / "python"
    bare_dir = work / "bare"
    say("sizes: building the bare venv (jupyterlab, pandas, altair, ipywidgets)")
    subprocess.run([base_python(), "-m", "venv", str(bare_dir)], check=True)
    bare_py = bare_dir / "bin" / "python"
    name, install = course.installer(bare_py)
    constraints = ["-c", str(ROOT / "requirements" / "runtime.txt")]
    quiet = {"check": True, "env": env, "stdout": subprocess.DEVNULL}
    subprocess.run([*install, "-q", *constraints, *BARE], **quiet)  # type: ignore[call-overload]
    runtime_mb = tree_size(clone / ".venv") / 1e6
    bare_mb = tree_size(bare_dir) / 1e6
    runtime_d, bare_d = _dists(runtime_py), _dists(bare_py)
    extras = [
        {"name": d, "mb": round(info["size"] / 1e6, 2), "why": _why(d, runtime_d, bare_d)}
        for d, info in sorted(runtime_d.items(), key=lambda kv: -kv[1]["size"])
        if d not in bare_d
    ]
    return {
        "installer": name,
        "runtime_mb": round(runtime_mb, 1),
        "bare_mb": round(bare_mb, 1),
        "ratio": round(runtime_mb / bare_mb, 3),
        "runtime_packages": len(runtime_d),
        "bare_packages": len(bare_d),
        "extras": extras,
    }


def measure(venvs: bool = True) -> dict[str, Any]:
    """Notebook sizes, and (unless ``venvs`` is False) the two venvs."""
    out: dict[str, Any] = {"notebooks_kb": notebook_sizes()}
    if venvs:
        work = Path(tempfile.mkdtemp(prefix="bench-sizes-"))
        try:
            out["venv"] = venv_sizes(work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return out
