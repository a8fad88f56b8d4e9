"""Regenerate stored outputs: each notebook runs in a fresh kernel, top to bottom.

Called by ``python course.py execute`` (which sets TZ=UTC, a fresh answers folder and
COURSE_PNG_FALLBACK=1). Afterwards widget-state blobs and timing metadata are removed so
committed notebooks stay small and deterministic.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from notebook_tools import clean_notebook  # noqa: E402


def execute(path: Path) -> float:
    """Execute ``path`` in place; return the seconds it took."""
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    )
    client.execute()
    elapsed = time.perf_counter() - start
    clean_notebook(nb)
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return elapsed


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv]
    for path in paths:
        seconds = execute(path)
        print(f"[course] executed {path} in {seconds:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
