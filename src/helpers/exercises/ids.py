"""Static checks on lessons and banks: every exercise a lesson asks exists, once, in its bank.

A lesson places an exercise with ``ask("NN.name")`` (and a Code-corner task with
``code_corner.check("NN.name", answer)``); the definitions live in ``banks/NN-slug.toml``.
These functions read notebook files as JSON and never run them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from .bank import all_banks

__all__ = [
    "find_duplicate_ids",
    "find_misplaced_ids",
    "find_unasked_ids",
    "find_unknown_ids",
    "scan_exercise_ids",
]

ASK_CALL = re.compile(r"""\bask\(\s*(["'])(\d{2}\.[a-z0-9][a-z0-9_-]*)\1\s*\)""")
CHECK_CALL = re.compile(r"""\bcode_corner\.check\(\s*(["'])(\d{2}\.[a-z0-9][a-z0-9_-]*)\1""")

Places = dict[str, list[tuple[str, int]]]


def _scan(notebook_paths: Iterable[str | Path], pattern: re.Pattern[str]) -> Places:
    found: Places = {}
    for path in notebook_paths:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
        for index, cell in enumerate(nb.get("cells", [])):
            if cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            if isinstance(source, list):
                source = "".join(source)
            for match in pattern.finditer(source):
                found.setdefault(match.group(2), []).append((str(path), index))
    return found


def scan_exercise_ids(notebook_paths: Iterable[str | Path]) -> Places:
    """Every ``ask("NN.x")`` in code cells: ``{id: [(notebook path, cell index), ...]}``."""
    return _scan(notebook_paths, ASK_CALL)


def scan_code_task_ids(notebook_paths: Iterable[str | Path]) -> Places:
    """Every ``code_corner.check("NN.x", …)`` in code cells."""
    return _scan(notebook_paths, CHECK_CALL)


def find_duplicate_ids(notebook_paths: Iterable[str | Path]) -> Places:
    """Exercise ids asked more than once across the given notebooks (empty: all unique)."""
    return {k: v for k, v in scan_exercise_ids(notebook_paths).items() if len(v) > 1}


def find_misplaced_ids(notebook_paths: Iterable[str | Path]) -> Places:
    """Ids whose lesson number differs from their notebook file's ``NN-`` prefix."""
    out: Places = {}
    paths = list(notebook_paths)
    places = {**scan_exercise_ids(paths), **scan_code_task_ids(paths)}
    for ex_id, where in places.items():
        bad = [(p, i) for p, i in where if not Path(p).name.startswith(ex_id[:2])]
        if bad:
            out[ex_id] = bad
    return out


def _bank_ids(banks_dir: Path | None) -> set[str]:
    banks = all_banks(banks_dir)
    return {e.id for b in banks for e in b.entries} | {c.id for b in banks for c in b.code}


def find_unknown_ids(notebook_paths: Iterable[str | Path], banks_dir: Path | None = None) -> Places:
    """Ids a lesson asks (or checks) that no bank defines."""
    paths = list(notebook_paths)
    known = _bank_ids(banks_dir)
    places = {**scan_exercise_ids(paths), **scan_code_task_ids(paths)}
    return {k: v for k, v in places.items() if k not in known}


def find_unasked_ids(
    notebook_paths: Iterable[str | Path], banks_dir: Path | None = None
) -> list[str]:
    """Bank ids that no given lesson asks or checks (only for the lessons given)."""
    paths = list(notebook_paths)
    lessons = {Path(p).name[:2] for p in paths}
    asked = set(scan_exercise_ids(paths)) | set(scan_code_task_ids(paths))
    return sorted(i for i in _bank_ids(banks_dir) if i[:2] in lessons and i not in asked)
