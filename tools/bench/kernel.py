"""Run-All in a fresh kernel, as a student runs it, against the floor measured in the same run.

Every measurement starts a new kernel (ipykernel of this venv, working directory
``notebooks/``, UTC, a fresh answers folder, no PNG fallbacks) and stops the clock when the
last cell's reply arrives; kernel shutdown is not counted. Rounds interleave the floor and
the lessons (floor, 00, 01, …, floor, 00, …), so a burst of load from other processes hits
both sides of a ratio alike. One warm-up round (not counted) fills the disk cache and the
byte-code caches first.

The floor notebook holds one cell, ``import pandas, altair, ipywidgets``; a second cell,
lesson 00's own set-up cell, is timed as the course's set-up cost above the floor.
"""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import psutil
from nbclient import NotebookClient

from .common import FLOOR_IMPORTS, NOTEBOOKS, lessons, median, say, student_env


@dataclass
class Run:
    """One Run-All: wall time (kernel start to last reply), kernel CPU time, per-cell times."""

    wall: float
    cpu: float
    cells: list[float] = field(default_factory=list)
    cpu_after: list[float] = field(default_factory=list)


def setup_cell(lesson: Path) -> str:
    """The lesson's first code cell (its imports and ``helpers.setup(...)``)."""
    nb = nbformat.read(lesson, as_version=4)
    return next(c.source for c in nb.cells if c.cell_type == "code")


def floor_notebook(setup_source: str) -> nbformat.NotebookNode:
    """Cell 1: the floor imports; cell 2: the course's set-up cell (timed separately)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(FLOOR_IMPORTS), nbformat.v4.new_code_cell(setup_source)]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def _cpu(proc: psutil.Process | None) -> float:
    """User + system CPU seconds of the kernel process so far (0 when unknown)."""
    if proc is None:
        return 0.0
    try:
        t = proc.cpu_times()
    except psutil.Error:
        return 0.0
    return float(t.user + t.system)


def run_all(nb: nbformat.NotebookNode, cwd: Path = NOTEBOOKS) -> Run:
    """Start a fresh kernel, run every code cell top to bottom, return the timings."""
    client = NotebookClient(
        nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    )
    code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    cells: list[float] = []
    cpu_after: list[float] = []
    start = time.perf_counter()
    # The kernel's own stderr (ipykernel's TCP notice) would drown the progress lines.
    with client.setup_kernel(env=student_env(), stderr=subprocess.DEVNULL):
        try:
            proc: psutil.Process | None = psutil.Process(client.km.provisioner.process.pid)  # type: ignore[union-attr]
        except (AttributeError, psutil.Error):
            proc = None
        mark = start
        for index, cell in code:
            client.execute_cell(cell, index)
            now = time.perf_counter()
            cells.append(now - mark)
            mark = now
            cpu_after.append(_cpu(proc))
        wall = time.perf_counter() - start
    return Run(wall, cpu_after[-1] if cpu_after else 0.0, cells, cpu_after)


def measure(paths: list[Path], rounds: int = 5) -> dict[str, Any]:
    """Floor, set-up cost and each lesson's Run-All: medians over ``rounds`` interleaved rounds."""
    paths = paths or lessons()
    floor_nb = floor_notebook(setup_cell(NOTEBOOKS / "00-start-here.ipynb"))
    nbs = {p.stem: nbformat.read(p, as_version=4) for p in paths}
    floor_runs: list[Run] = []
    lesson_runs: dict[str, list[Run]] = {name: [] for name in nbs}
    for r in range(rounds + 1):
        label = "warm-up" if r == 0 else f"round {r} of {rounds}"
        run = run_all(floor_nb)
        say(f"kernel {label}: floor {run.cells[0]:.2f} s + set-up {run.cells[1]:.2f} s")
        if r:
            floor_runs.append(run)
        for name, nb in nbs.items():
            run = run_all(nb)
            say(f"kernel {label}: {name} {run.wall:.2f} s (cpu {run.cpu:.2f} s)")
            if r:
                lesson_runs[name].append(run)
    # The floor is the time to the end of the import cell (kernel start included).
    floor = median([r.cells[0] for r in floor_runs])
    floor_cpu = median([r.cpu_after[0] for r in floor_runs])
    out: dict[str, Any] = {
        "rounds": rounds,
        "floor_s": round(floor, 3),
        "floor_samples_s": [round(r.cells[0], 3) for r in floor_runs],
        "floor_cpu_s": round(floor_cpu, 3),
        "setup_cell_s": round(median([r.cells[1] for r in floor_runs]), 3),
        "setup_cell_samples_s": [round(r.cells[1], 3) for r in floor_runs],
        "lessons": {},
    }
    for name, runs in lesson_runs.items():
        wall = median([r.wall for r in runs])
        slowest = max(range(len(runs[0].cells)), key=lambda i: median([r.cells[i] for r in runs]))
        out["lessons"][name] = {
            "run_all_s": round(wall, 3),
            "ratio": round(wall / floor, 3) if floor else None,
            "over_floor_s": round(wall - floor, 3),
            "samples_s": [round(r.wall, 3) for r in runs],
            "cpu_s": round(median([r.cpu for r in runs]), 3),
            "cpu_ratio": round(median([r.cpu for r in runs]) / floor_cpu, 3) if floor_cpu else None,
            "slowest_cell": slowest + 1,
            "slowest_cell_s": round(median([r.cells[slowest] for r in runs]), 3),
        }
    return out
