"""The test command's duration, by part.

Runs what ``python course.py test`` runs, in the same order and with the same options (its
own ``pytest_cmd`` and ``test_env``), timing the lint steps and adding ``--junitxml`` to the
pytest run; or, with ``--junit FILE``, reads the per-test times of an earlier run. Each test
is put in one part: nbval (the lesson notebooks), browser (JupyterLab or Voilà in
Chromium), grading (assignments, autograding, grades), or unit (the rest). With two
workers the parts overlap, so a part's "test time" is its tests' summed duration; the
wall-clock total is the target.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from .common import ROOT, say

BROWSER_FILES = ("test_browser", "test_voila", "test_accessibility")
GRADING_FILES = ("test_classroom_assignments", "test_classroom_grades", "test_classroom_collect")


def part_of(classname: str, file: str) -> str:
    """The part a JUnit test case belongs to (``unit``, ``nbval``, ``browser``, ``grading``)."""
    where = (file or classname.replace(".", "/")).replace("\\", "/")
    if where.endswith(".ipynb") or "notebooks" in where.split("/")[:1] or ".ipynb" in where:
        return "nbval"
    name = where.rsplit("/", 1)[-1]
    if name.startswith(BROWSER_FILES) or ".test_browser" in classname:
        return "browser"
    if name.startswith(GRADING_FILES):
        return "grading"
    return "unit"


def read_junit(path: Path) -> dict[str, dict[str, float]]:
    """Summed test time and count per part from a JUnit XML file."""
    parts: dict[str, dict[str, float]] = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        part = part_of(case.get("classname", ""), case.get("file", ""))
        row = parts.setdefault(part, {"test_s": 0.0, "tests": 0})
        row["test_s"] += float(case.get("time", 0) or 0)
        row["tests"] += 1
    return parts


def _course() -> Any:
    spec = importlib.util.spec_from_file_location("course_entry", ROOT / "course.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[int, float]:
    start = time.perf_counter()
    rc = subprocess.call(cmd, cwd=ROOT, env=env)
    return rc, time.perf_counter() - start


def measure(junit: Path | None = None) -> dict[str, Any]:
    """Run the test command (or read ``junit``) and report its duration by part."""
    out: dict[str, Any] = {"parts": {}}
    if junit is not None:
        parts = read_junit(junit)
        out["source"] = str(junit)
        out["total_s"] = round(sum(p["test_s"] for p in parts.values()) / 2, 1)
        out["note"] = "from a JUnit file: total is summed test time / 2 workers (no lint)"
    else:
        course = _course()
        py = Path(sys.executable)
        env = dict(os.environ)
        env["PATH"] = str(py.parent) + os.pathsep + env.get("PATH", "")
        env.update(course.test_env())
        bin_dir = py.parent
        start = time.perf_counter()
        lint = 0.0
        for cmd in (
            [str(bin_dir / "ruff"), "check", "."],
            [str(bin_dir / "ruff"), "format", "--check", "."],
            [str(bin_dir / "lint-imports"), "--no-cache"],
        ):
            say(f"tests: {' '.join(Path(c).name if i == 0 else c for i, c in enumerate(cmd))}")
            rc, took = _timed(cmd, env)
            lint += took
            out.setdefault("lint_exit", []).append(rc)
        xml = Path(tempfile.mkdtemp(prefix="bench-tests-")) / "junit.xml"
        cmd = course.pytest_cmd(py, "--junitxml", str(xml), "tests", "notebooks")
        say("tests: pytest (unit, nbval, browser, grading), 2 workers")
        rc, took = _timed(cmd, env)
        out["pytest_exit"] = rc
        out["total_s"] = round(time.perf_counter() - start, 1)
        out["pytest_wall_s"] = round(took, 1)
        out["parts"]["lint"] = {"wall_s": round(lint, 1), "test_s": round(lint, 1), "tests": 3}
        parts = read_junit(xml) if xml.exists() else {}
    for name in ("unit", "nbval", "browser", "grading"):
        row = parts.get(name, {"test_s": 0.0, "tests": 0})
        out["parts"][name] = {"wall_s": None, "test_s": round(row["test_s"], 1),
                              "tests": int(row["tests"])}  # fmt: skip
    return out
