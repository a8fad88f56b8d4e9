"""Student banks (every answer stripped) and the teacher's private bank overlay.

**Student bank.** The copy of a lesson's bank that travels with a graded assignment keeps
only what a student sees: id, type, level, concept, core, question (with computed numbers
filled in), options, items, categories, unit, ``min_words``, points and attempts. Every
key, key-function name, value-function name, explanation, hint, per-option feedback, model
answer, rubric, tolerance and Code-corner task is dropped.

**Private overlay.** The public repository's banks are readable by anyone, so for graded
work a teacher adds items in a private overlay, one TOML file per lesson named like the
lesson's bank (``banks-private/03-arming-ukraine.toml``, git-ignored, never committed)::

    schema = 1
    lesson = "03-arming-ukraine"

    [assignment]            # optional settings for this lesson's assignment
    written_points = 3      # points of each written answer (default 2)
    code_points = 1         # points of the Code corner (default 0: shown, not counted)

    [[exercise]]            # a new item (new id), or a replacement (an existing id)
    id = "03.g-channel"
    ...                     # the fields of any bank item (docs/exercises.md)

    [[variants]]            # per-student numeric variants
    id = "03.g-spend"       # the family's id; variants become 03.g-spend-v1, -v2, …
    level = "apply"
    concept = [15]
    unit = "% of GDP"
    tolerance = 0.05
    question = "From the chart: {country}'s defence spending in 2024?"
    values = [{country = "Poland", key = 4.12}, {country = "Estonia", key = 3.43}]

Each student sees one variant, chosen from their hub user name; grading finds the variant
they answered from their recorded answers.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpers.exercises.bank import Bank, BankEntry, BankError, parse_bank
from helpers.exercises.model import Exercise

__all__ = [
    "OVERLAY_DIRNAME",
    "STUDENT_FIELDS",
    "AssignmentSettings",
    "LessonBank",
    "dump_toml",
    "load_overlay",
    "merged_bank",
    "student_bank_text",
]

#: The default overlay folder at the repository root (git-ignored).
OVERLAY_DIRNAME = "banks-private"
#: The only fields a student bank keeps.
STUDENT_FIELDS = (
    "id",
    "type",
    "level",
    "concept",
    "core",
    "question",
    "options",
    "items",
    "categories",
    "unit",
    "min_words",
    "points",
    "max_attempts",
)
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class AssignmentSettings:
    """Per-lesson assignment settings (from an overlay's ``[assignment]`` table)."""

    written_points: float = 2
    code_points: float = 0


@dataclass
class LessonBank:
    """A lesson's bank merged with its overlay: entries, where new ones go, settings."""

    bank: Bank
    added: list[str] = field(default_factory=list)  #: overlay ids not in the public bank
    replaced: list[str] = field(default_factory=list)  #: public ids the overlay replaced
    families: dict[str, list[str]] = field(default_factory=dict)  #: variant family → ids
    settings: AssignmentSettings = field(default_factory=AssignmentSettings)


# --------------------------------------------------------------------------- TOML writing


def _toml_string(text: str) -> str:
    out = json.dumps(text, ensure_ascii=False)
    return out.replace("\x7f", "\\u007f")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("TOML here holds finite numbers only")
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _toml_string(key)


def dump_toml(doc: Mapping[str, Any]) -> str:
    """A bank-shaped document as TOML: top-level scalars, then ``[[exercise]]`` tables.

    Tables inside an exercise (options, items, …) are written as sub-tables. The text is
    parsed back and compared, so a value that TOML cannot hold raises instead of changing.
    """
    lines: list[str] = []
    for key, value in doc.items():
        if not isinstance(value, list) or not value or not isinstance(value[0], Mapping):
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    for key, value in doc.items():
        if isinstance(value, list) and value and isinstance(value[0], Mapping):
            for table in value:
                lines += ["", f"[[{_toml_key(key)}]]"]
                subtables = []
                for k, v in table.items():
                    if isinstance(v, Mapping):
                        subtables.append((k, v))
                    else:
                        lines.append(f"{_toml_key(k)} = {_toml_value(v)}")
                for k, v in subtables:
                    lines.append(f"[{_toml_key(key)}.{_toml_key(k)}]")
                    lines += [f"{_toml_key(kk)} = {_toml_value(vv)}" for kk, vv in v.items()]
    text = "\n".join(lines) + "\n"
    if tomllib.loads(text) != json.loads(json.dumps(doc)):
        raise ValueError("the TOML written does not read back as the same document")
    return text


# --------------------------------------------------------------------------- student bank


def student_fields(entry: BankEntry, frozen: Exercise) -> dict[str, Any]:
    """The fields of one item that a student bank keeps (question with numbers filled in)."""
    out: dict[str, Any] = {"id": entry.id, "type": entry.type}
    for name in STUDENT_FIELDS[2:]:
        if name == "question":
            out["question"] = frozen.question
        elif name in entry.fields:
            out[name] = entry.fields[name]
    return out


def student_bank_text(bank: Bank, frozen: Mapping[str, Exercise]) -> str:
    """The TOML of a lesson's student bank; validated, and every question hash unchanged."""
    header = (
        f"# Student copy of the exercise bank for {bank.lesson}: questions only. Keys, "
        "explanations,\n# hints, feedback, model answers and rubrics are kept by your teacher.\n\n"
    )
    doc = {
        "schema": 1,
        "lesson": bank.lesson,
        "exercise": [student_fields(e, frozen[e.id]) for e in bank.entries],
    }
    text = header + dump_toml(doc)
    check = parse_bank(text, Path(f"{bank.lesson}.toml"))
    from helpers.exercises.bank import build_exercise

    for item in check.entries:
        if build_exercise(item).question_hash != frozen[item.id].question_hash:
            raise BankError(f"{item.id}: the student bank changed the question")
    return text


# --------------------------------------------------------------------------- overlay


def _expand_variants(
    raw: list[Any], where: str
) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    items: list[dict[str, Any]] = []
    families: dict[str, list[str]] = {}
    for i, family in enumerate(raw):
        if not isinstance(family, dict) or not isinstance(family.get("id"), str):
            raise BankError(f"{where}: [[variants]] #{i + 1} needs an id")
        base = dict(family)
        fid = base.pop("id")
        values = base.pop("values", None)
        if not isinstance(values, list) or not 2 <= len(values) <= 99:
            raise BankError(f"{where}: variants {fid}: give 2 to 99 'values' tables")
        question = base.pop("question", None)
        if not isinstance(question, str):
            raise BankError(f"{where}: variants {fid}: field 'question' is missing")
        ids = []
        for n, params in enumerate(values, start=1):
            if not isinstance(params, dict) or "key" not in params:
                raise BankError(f"{where}: variants {fid} #{n}: each value needs a 'key'")
            params = dict(params)
            key = params.pop("key")
            try:
                text = question.format(**params)
            except (KeyError, IndexError, ValueError) as err:
                raise BankError(f"{where}: variants {fid} #{n}: {err}") from None
            item = {"id": f"{fid}-v{n}", "type": "numeric", **base, "question": text, "key": key}
            items.append(item)
            ids.append(item["id"])
        families[fid] = ids
    return items, families


def load_overlay(path: Path) -> tuple[Bank, dict[str, list[str]], AssignmentSettings]:
    """Read one overlay file: its items (validated like a bank), variant families, settings."""
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise BankError(f"{path.name}: cannot be read as TOML ({err})") from None
    settings_raw = doc.pop("assignment", {})
    if not isinstance(settings_raw, dict) or set(settings_raw) - {"written_points", "code_points"}:
        raise BankError(f"{path.name}: [assignment] takes written_points and code_points only")
    for name, value in settings_raw.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise BankError(f"{path.name}: [assignment] {name} should be a number >= 0")
    settings = AssignmentSettings(**settings_raw)
    variant_items, families = _expand_variants(doc.pop("variants", []), path.name)
    doc["exercise"] = [*doc.get("exercise", []), *variant_items]
    doc.setdefault("schema", 1)
    bank = parse_bank(dump_toml(doc), path)
    return bank, families, settings


def merged_bank(public: Bank, overlay_dir: Path | None) -> LessonBank:
    """A lesson's public bank with its overlay (if ``overlay_dir`` holds one) merged in."""
    path = overlay_dir / public.path.name if overlay_dir is not None else None
    if path is None or not path.is_file():
        return LessonBank(public)
    extra, families, settings = load_overlay(path)
    by_id = {e.id: e for e in extra.entries}
    public_ids = {e.id for e in public.entries}
    entries = [by_id.get(e.id, e) for e in public.entries]
    added = [e.id for e in extra.entries if e.id not in public_ids]
    entries += [by_id[i] for i in added]
    merged = Bank(lesson=public.lesson, path=public.path, entries=tuple(entries), code=public.code)
    return LessonBank(
        merged,
        added=added,
        replaced=[i for i in by_id if i in public_ids],
        families=families,
        settings=settings,
    )
