"""Static checks on notebooks: exercise ids are unique and belong to their lesson.

Convention: every exercise is defined in a code cell with its id as a keyword literal,
``id="NN.name"`` (single or double quotes), e.g. ``MultipleChoice(id="01.q3", ...)``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

__all__ = ["find_duplicate_ids", "find_misplaced_ids", "scan_exercise_ids"]

ID_LITERAL = re.compile(r"""\bid\s*=\s*(["'])(\d{2}\.[a-z0-9][a-z0-9_-]*)\1""")


def scan_exercise_ids(notebook_paths: Iterable[str | Path]) -> dict[str, list[tuple[str, int]]]:
    """Every ``id="NN.x"`` literal in code cells: ``{id: [(notebook path, cell index), ...]}``."""
    found: dict[str, list[tuple[str, int]]] = {}
    for path in notebook_paths:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
        for index, cell in enumerate(nb.get("cells", [])):
            if cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            if isinstance(source, list):
                source = "".join(source)
            for match in ID_LITERAL.finditer(source):
                found.setdefault(match.group(2), []).append((str(path), index))
    return found


def find_duplicate_ids(notebook_paths: Iterable[str | Path]) -> dict[str, list[tuple[str, int]]]:
    """Exercise ids defined more than once across the given notebooks (empty: all unique)."""
    return {k: v for k, v in scan_exercise_ids(notebook_paths).items() if len(v) > 1}


def find_misplaced_ids(notebook_paths: Iterable[str | Path]) -> dict[str, list[tuple[str, int]]]:
    """Ids whose lesson number differs from their notebook file's ``NN-`` prefix."""
    out: dict[str, list[tuple[str, int]]] = {}
    for ex_id, places in scan_exercise_ids(notebook_paths).items():
        bad = [(p, i) for p, i in places if not Path(p).name.startswith(ex_id[:2])]
        if bad:
            out[ex_id] = bad
    return out
