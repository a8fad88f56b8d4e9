"""A first benchmark: the import floor and each lesson's Run-All time (fresh kernel).

Run with ``python course.py bench``. It measures; it asserts nothing.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
IMPORTS = "import helpers, helpers.charts, helpers.data, altair, pandas, ipywidgets"


def import_floor(repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", IMPORTS], check=True)
        times.append(time.perf_counter() - start)
    return min(times)


def run_all(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    print(f"import floor (python -c '{IMPORTS}'), best of 3: {import_floor():.2f} s")
    print("Run-All time per lesson (fresh kernel, including kernel start), median of 2:")
    for path in paths:
        median = statistics.median(run_all(path) for _ in range(2))
        print(f"  {path.name:45s} {median:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
