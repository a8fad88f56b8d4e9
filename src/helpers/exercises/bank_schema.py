"""The bank file format: its fields and their types, and the validation of a bank's text.

:func:`parse_bank` checks every field's type and rejects unknown fields; every
:class:`BankError` names the file, the exercise id and the field. Finding, loading and
building exercises from a bank: :mod:`.bank`.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import ID_PATTERN, LEVELS, N_CONCEPTS, ExerciseDefinitionError

__all__ = [
    "BANK_ONLY",
    "CODE_FIELDS",
    "COMMON_FIELDS",
    "KEY_TYPES",
    "SCHEMA_VERSION",
    "TYPE_FIELDS",
    "Bank",
    "BankEntry",
    "BankError",
    "CodeTask",
    "parse_bank",
]

SCHEMA_VERSION = 1

COMMON_FIELDS = {
    "id": str,
    "type": str,
    "question": str,
    "level": str,
    "concept": (int, list),
    "core": bool,
    "hints": list,
    "explanation": str,
    "option_feedback": dict,
    "points": (int, float),
    "max_attempts": int,
    "key": (str, bool, int, float, list, dict),
    "key_function": str,
    "values": dict,
}
TYPE_FIELDS: dict[str, dict[str, Any]] = {
    "multiple_choice": {"options": dict},
    "true_false": {},
    "poll": {"options": dict},
    "multiple_select": {"options": dict},
    "numeric": {
        "unit": str,
        "tolerance": (int, float),
        "rel_tolerance": (int, float),
        "slips": list,
    },
    "order": {"items": dict},
    "sort": {"items": dict, "categories": dict},
    "written": {"min_words": int, "model_answer": str, "rubric": list},
}
#: What a written key must be, by type (written answers and polls have no key).
KEY_TYPES: dict[str, Any] = {
    "multiple_choice": str,
    "true_false": bool,
    "multiple_select": list,
    "numeric": (int, float),
    "order": list,
    "sort": dict,
}
CODE_FIELDS = {
    "id": str,
    "task": str,
    "key_function": str,
    "tolerance": (int, float),
    "solution": str,
    "hints": list,
    "level": str,
    "concept": (int, list),
}
#: Fields that only the bank knows (not constructor arguments of the exercise types).
BANK_ONLY = ("core", "key_function", "values")


class BankError(ExerciseDefinitionError):
    """A bank file is missing or wrong; the message names the file, exercise and field."""


@dataclass(frozen=True)
class BankEntry:
    """One exercise as written in a bank (the raw fields, validated)."""

    id: str
    type: str
    fields: Mapping[str, Any]
    core: bool
    source: str

    @property
    def level(self) -> str | None:
        """The exercise's level (``None`` for polls, which have none)."""
        value = self.fields.get("level")
        return value if isinstance(value, str) else None

    @property
    def concepts(self) -> tuple[int, ...]:
        """COURSE concept numbers the exercise assesses."""
        value = self.fields.get("concept", ())
        return (value,) if isinstance(value, int) else tuple(value)

    @property
    def key_function(self) -> str | None:
        """The registered name of the function computing the key, if any."""
        value = self.fields.get("key_function")
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class CodeTask:
    """A Code-corner task: its expected value is computed by a registered key function."""

    id: str
    key_function: str
    tolerance: float
    solution: str
    task: str
    hints: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Bank:
    """One lesson's bank: its exercises and Code-corner tasks, in file order."""

    lesson: str
    path: Path
    entries: tuple[BankEntry, ...]
    code: tuple[CodeTask, ...] = field(default=())

    def entry(self, exercise_id: str) -> BankEntry:
        """The entry with this id (``BankError`` naming the file if there is none)."""
        for e in self.entries:
            if e.id == exercise_id:
                return e
        raise BankError(f"{self.path.name}: no exercise with id {exercise_id!r}")

    def code_task(self, task_id: str) -> CodeTask:
        """The Code-corner task with this id."""
        for c in self.code:
            if c.id == task_id:
                return c
        raise BankError(f"{self.path.name}: no Code-corner task with id {task_id!r}")


def _type_name(t: Any) -> str:
    names = {
        str: "text in quotes",
        bool: "true or false",
        int: "a whole number",
        float: "a number",
        list: "a list [...]",
        dict: "a table {...}",
    }
    if isinstance(t, tuple):
        return " or ".join(dict.fromkeys(names[x] for x in t))
    return names[t]


def _is(value: Any, kind: Any) -> bool:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        return False
    return isinstance(value, kinds)


def _check_fields(raw: Mapping[str, Any], allowed: Mapping[str, Any], where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in raw.items():
        if name not in allowed:
            known = ", ".join(sorted(allowed))
            raise BankError(f"{where}: unknown field {name!r} (known fields: {known})")
        if not _is(value, allowed[name]):
            raise BankError(
                f"{where}: field {name!r} should be {_type_name(allowed[name])}, "
                f"not {type(value).__name__} {value!r}"
            )
        if isinstance(value, float) and not math.isfinite(value):
            raise BankError(f"{where}: field {name!r} must be a finite number")
        out[name] = value
    return out


def _check_text_table(value: Any, name: str, where: str) -> None:
    for k, v in value.items():
        if not isinstance(v, str) or not v.strip():
            raise BankError(f"{where}: {name}.{k} should be non-empty text in quotes")


def _check_text_list(value: Any, name: str, where: str) -> None:
    for i, v in enumerate(value):
        if not isinstance(v, str) or not v.strip():
            raise BankError(f"{where}: {name}[{i}] should be non-empty text in quotes")


def _check_slip(slip: Any, values: Mapping[str, Any], where: str) -> None:
    """A slip is ``{value = number or a name in 'values', feedback = "text"}``."""
    if not isinstance(slip, dict) or set(slip) != {"value", "feedback"}:
        raise BankError(f"{where} should be a table with exactly 'value' and 'feedback'")
    value = slip["value"]
    if isinstance(value, str):
        if value not in values:
            raise BankError(f"{where}: value {value!r} has no entry in 'values'")
    elif not _is(value, (int, float)):
        raise BankError(f"{where}: value should be a number or a name from 'values'")
    if not isinstance(slip["feedback"], str) or not slip["feedback"].strip():
        raise BankError(f"{where}: feedback should be non-empty text in quotes")


def _validate_entry(raw: Any, path: Path, index: int) -> BankEntry:
    where = f"{path.name}, exercise #{index + 1}"
    if not isinstance(raw, dict):
        raise BankError(f"{where}: each [[exercise]] must be a table")
    ex_id = raw.get("id")
    if isinstance(ex_id, str):
        where = f"{path.name}, exercise {ex_id}"
    kind = raw.get("type")
    if not isinstance(kind, str) or kind not in TYPE_FIELDS:
        raise BankError(f"{where}: field 'type' should be one of {sorted(TYPE_FIELDS)}")
    fields = _check_fields(raw, {**COMMON_FIELDS, **TYPE_FIELDS[kind]}, where)
    for required in ("id", "question"):
        if required not in fields:
            raise BankError(f"{where}: field {required!r} is missing")
    if not ID_PATTERN.match(fields["id"]) or not path.name.startswith(fields["id"][:2]):
        raise BankError(
            f"{where}: field 'id' should be 'NN.name' with NN = the lesson number of {path.name}"
        )
    if kind == "poll":
        if "level" in fields:
            raise BankError(f"{where}: field 'level': polls have no level (remove it)")
    elif fields.get("level") not in LEVELS:
        raise BankError(f"{where}: field 'level' should be one of {list(LEVELS)}")
    concepts = fields.get("concept", [])
    concepts = [concepts] if isinstance(concepts, int) else concepts
    if not concepts and not path.name.startswith("00"):
        raise BankError(f"{where}: field 'concept' is missing (only lesson 00 may omit it)")
    for c in concepts:
        if not _is(c, int) or not 1 <= c <= N_CONCEPTS:
            raise BankError(f"{where}: field 'concept': numbers run from 1 to {N_CONCEPTS}")
    for name in ("options", "items", "categories", "option_feedback"):
        if name in fields:
            _check_text_table(fields[name], name, where)
    for name in ("hints", "rubric"):
        if name in fields:
            _check_text_list(fields[name], name, where)
    if "values" in fields:
        for k, v in fields["values"].items():
            if not isinstance(v, str):
                raise BankError(f"{where}: values.{k} should name a value function in quotes")
    for i, slip in enumerate(fields.get("slips", [])):
        _check_slip(slip, fields.get("values", {}), f"{where}: slips[{i}]")
    if "key" in fields:
        if kind not in KEY_TYPES:
            raise BankError(f"{where}: field 'key': a {kind} item has no key")
        if not _is(fields["key"], KEY_TYPES[kind]):
            raise BankError(f"{where}: field 'key' should be {_type_name(KEY_TYPES[kind])}")
    if "key" in fields and "key_function" in fields:
        raise BankError(f"{where}: give either 'key' or 'key_function', not both")
    return BankEntry(
        id=fields["id"],
        type=kind,
        fields=fields,
        core=bool(fields.get("core", True)),
        source=where,
    )


def _validate_code(raw: Any, path: Path, index: int) -> CodeTask:
    where = f"{path.name}, code task #{index + 1}"
    if not isinstance(raw, dict):
        raise BankError(f"{where}: each [[code]] must be a table")
    if isinstance(raw.get("id"), str):
        where = f"{path.name}, code task {raw['id']}"
    fields = _check_fields(raw, CODE_FIELDS, where)
    for required in ("id", "key_function", "solution"):
        if required not in fields:
            raise BankError(f"{where}: field {required!r} is missing")
    hints = fields.get("hints", [])
    _check_text_list(hints, "hints", where)
    return CodeTask(
        id=fields["id"],
        key_function=fields["key_function"],
        tolerance=float(fields.get("tolerance", 0)),
        solution=fields["solution"],
        task=fields.get("task", ""),
        hints=tuple(hints),
        source=where,
    )


def parse_bank(text: str, path: Path) -> Bank:
    """Validate a bank's TOML text; ``BankError`` names the file, exercise and field."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BankError(f"{path.name}: not valid TOML ({exc})") from None
    allowed = {"lesson": str, "schema": int, "exercise": list, "code": list}
    _check_fields(doc, allowed, path.name)
    if doc.get("schema") != SCHEMA_VERSION:
        raise BankError(f"{path.name}: field 'schema' should be {SCHEMA_VERSION}")
    lesson = doc.get("lesson")
    if lesson != path.stem:
        raise BankError(f"{path.name}: field 'lesson' should be {path.stem!r}")
    entries = tuple(_validate_entry(e, path, i) for i, e in enumerate(doc.get("exercise", [])))
    code = tuple(_validate_code(c, path, i) for i, c in enumerate(doc.get("code", [])))
    seen: set[str] = set()
    for item_id in [e.id for e in entries] + [c.id for c in code]:
        if item_id in seen:
            raise BankError(f"{path.name}: id {item_id!r} is used twice")
        seen.add(item_id)
    return Bank(lesson=lesson, path=path, entries=entries, code=code)
