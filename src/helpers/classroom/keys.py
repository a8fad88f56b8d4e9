"""Answer keys for teachers: keys files (JSON) and keys frozen from the banks.

A keys file holds full exercise definitions, keys included, so grading never depends on
what a student's kernel defined. Keep keys files private (never in a student release).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from helpers.exercises.bank import Bank, build_exercise
from helpers.exercises.export import SCHEMA_VERSION
from helpers.exercises.model import Exercise, registered_exercises

__all__ = ["export_keys", "frozen_exercises", "keys_document"]


def keys_document(exercises: Iterable[Exercise] | Mapping[str, Exercise]) -> dict[str, Any]:
    """A JSON-safe document of exercise definitions with their keys (instructor material)."""
    items = exercises.values() if isinstance(exercises, Mapping) else exercises
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "keys",
        "exercises": [ex.to_dict() for ex in sorted(items, key=lambda e: e.id)],
    }


def export_keys(
    path: str | Path, exercises: Iterable[Exercise] | Mapping[str, Exercise] | None = None
) -> Path:
    """Write a keys file (default: every exercise defined in this kernel). Keep it private."""
    exs = registered_exercises() if exercises is None else exercises
    path = Path(path)
    path.write_text(json.dumps(keys_document(exs), ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def frozen_exercises(bank: Bank) -> dict[str, Exercise]:
    """Every exercise of a bank with its key, computed keys and values filled in now.

    The objects are not registered in the kernel; their ``to_dict()`` is what instructor
    files store, so a later change to the data cannot change a key after release.
    """
    return {item.id: build_exercise(item) for item in bank.entries}
