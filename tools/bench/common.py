"""Shared pieces of the benchmark: paths, statistics, the student-like environment."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
RESULTS = ROOT / "benchmarks" / "results.json"
# The floor: what any notebook using the course's stack pays before the course does anything.
FLOOR_IMPORTS = "import pandas, altair, ipywidgets"


def say(msg: str) -> None:
    """One progress line on stderr (the table goes to stdout)."""
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def lessons(selected: Sequence[str] = ()) -> list[Path]:
    """The lesson notebooks (``notebooks/NN-*.ipynb``), or those named in ``selected``."""
    if selected:
        return [Path(s).resolve() for s in selected]
    return sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


def median(values: Sequence[float]) -> float:
    """The median (0.0 for no values)."""
    return float(statistics.median(values)) if values else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0–100), nearest-rank on the sorted values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return float(ordered[rank - 1])


def student_env(answers: str | None = None) -> dict[str, str]:
    """The environment a student's kernel sees: UTC, a fresh answers folder, no PNG fallbacks."""
    env = dict(os.environ)
    env.pop("COURSE_PNG_FALLBACK", None)
    env["TZ"] = "UTC"
    env["COURSE_ANSWERS_DIR"] = answers or tempfile.mkdtemp(prefix="bench-answers-")
    venv_bin = str(Path(sys.executable).parent)
    env["PATH"] = venv_bin + os.pathsep + env.get("PATH", "")
    return env


def machine() -> dict[str, Any]:
    """What the numbers were measured on (CPU, cores, memory, load, versions)."""
    info: dict[str, Any] = {
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "cores": os.cpu_count(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
        info["memory_gb"] = round(int(mem) / 1024 / 1024, 1)
    except OSError:
        pass
    if hasattr(os, "getloadavg"):
        info["load_average_at_start"] = [round(x, 2) for x in os.getloadavg()]
    return info


def git_commit() -> str:
    """The checkout's HEAD commit ("" when git is unavailable)."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
    except OSError:
        return ""
    return out.stdout.strip()
