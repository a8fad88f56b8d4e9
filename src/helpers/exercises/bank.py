"""Exercise banks: every exercise of a lesson in one human-editable TOML file.

A lesson shows an exercise with one short call in a collapsed cell::

    ask("01.q-art6")

The definition (question, options, key, explanation, feedback, hints, level, concept, core
or extension, rubric, model answer) lives in ``banks/NN-slug.toml``, outside ``notebooks/``,
so nothing that gives an answer away is in view before the student acts. TOML was chosen
because it never coerces a value silently (``no`` or ``1.10`` are not strings unless quoted),
and the loader still checks every field's type and rejects unknown fields, naming the file,
the exercise id and the field (the format: :mod:`.bank_schema`).

A key computed from the course data is named in the bank by a registered key function
(``key_function = "allies_count"``, see :mod:`helpers.exercises.computed`), never written
twice. Text fields may carry ``{name}`` placeholders filled from registered value functions
listed in ``values = {name = "value_function"}``.

Banks are found like the data: ``COURSE_BANKS_DIR``, else a ``banks/`` folder in the working
directory or a parent (the repository), else the copy shipped in the package.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from .bank_schema import BANK_ONLY, Bank, BankEntry, BankError, CodeTask, parse_bank
from .model import EXERCISE_TYPES, Exercise, ExerciseDefinitionError, forget, registered_exercises

__all__ = [
    "Bank",
    "BankEntry",
    "BankError",
    "CodeTask",
    "all_banks",
    "ask",
    "bank_dir",
    "bank_for",
    "bank_paths",
    "build_exercise",
    "code_task",
    "entry",
    "load_bank",
    "parse_bank",
]

BANK_GLOB = "[0-9][0-9]-*.toml"


# --------------------------------------------------------------------------- finding


def bank_dir() -> Path:
    """The folder banks are read from (see the module docstring for the order)."""
    env = os.environ.get("COURSE_BANKS_DIR")
    if env:
        path = Path(env).expanduser()
        if not path.is_dir():
            raise BankError(f"COURSE_BANKS_DIR={env}: no such folder")
        return path
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        candidate = folder / "banks"
        if candidate.is_dir() and any(candidate.glob(BANK_GLOB)):
            return candidate
    packaged = _packaged_dir()
    if packaged is not None:
        return packaged
    raise BankError("exercise banks not found: set COURSE_BANKS_DIR to the course's banks/")


def _packaged_dir() -> Path | None:
    candidates = [Path(__file__).resolve().parents[3] / "banks"]
    try:
        from importlib.resources import files

        candidates.insert(0, Path(str(files("helpers.course_banks"))))
    except ModuleNotFoundError:
        pass
    for path in candidates:
        if path.is_dir() and any(path.glob(BANK_GLOB)):
            return path
    return None


def bank_paths(folder: Path | None = None) -> list[Path]:
    """Every bank file, in lesson order."""
    return sorted((folder or bank_dir()).glob(BANK_GLOB))


# --------------------------------------------------------------------------- loading


@lru_cache(maxsize=32)
def _load(path_text: str, mtime_ns: int) -> Bank:
    path = Path(path_text)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BankError(f"{path.name}: cannot be read ({exc})") from None
    return parse_bank(text, path)


def load_bank(path: Path) -> Bank:
    """Read and validate one bank file (cached until the file changes)."""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        raise BankError(f"{path}: file not found") from None
    return _load(str(path), mtime)


def all_banks(folder: Path | None = None) -> list[Bank]:
    """Every lesson's bank, in lesson order."""
    return [load_bank(p) for p in bank_paths(folder)]


def bank_for(item_id: str, folder: Path | None = None) -> Bank:
    """The bank of the lesson an id belongs to (``"01.q-art6"`` → ``banks/01-*.toml``)."""
    lesson = item_id[:2]
    matches = [p for p in bank_paths(folder) if p.name.startswith(lesson + "-")]
    if not matches:
        raise BankError(f"no bank for lesson {lesson} (looked for banks/{lesson}-*.toml)")
    return load_bank(matches[0])


def entry(exercise_id: str) -> BankEntry:
    """The bank entry of one exercise."""
    return bank_for(exercise_id).entry(exercise_id)


def code_task(task_id: str) -> CodeTask:
    """The bank entry of one Code-corner task."""
    return bank_for(task_id).code_task(task_id)


# --------------------------------------------------------------------------- building

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)(:[^{}]*)?\}")


def _fill(text: str, values: Mapping[str, Any], where: str) -> str:
    def repl(match: re.Match[str]) -> str:
        name, spec = match.group(1), (match.group(2) or ":")[1:]
        if name not in values:
            raise BankError(f"{where}: placeholder {{{name}}} has no entry in 'values'")
        return format(values[name], spec)

    return _PLACEHOLDER.sub(repl, text)


def exercise_kwargs(item: BankEntry) -> dict[str, Any]:
    """The constructor arguments of an entry, with computed keys and values filled in."""
    from . import computed

    try:
        return _computed_kwargs(item, computed)
    except BankError:
        raise
    except ExerciseDefinitionError as exc:
        raise BankError(str(exc)) from None


def _computed_kwargs(item: BankEntry, computed: Any) -> dict[str, Any]:
    kwargs = {k: v for k, v in item.fields.items() if k not in (*BANK_ONLY, "type")}
    values = {
        name: computed.value(fn_name, item.source)
        for name, fn_name in item.fields.get("values", {}).items()
    }
    if values:
        for name in ("question", "explanation", "model_answer"):
            if name in kwargs:
                kwargs[name] = _fill(kwargs[name], values, item.source)
    if "slips" in kwargs:
        kwargs["slips"] = [
            {
                "value": values[s["value"]] if isinstance(s["value"], str) else s["value"],
                "feedback": _fill(s["feedback"], values, item.source),
            }
            for s in kwargs["slips"]
        ]
    if item.key_function:
        kwargs["key"] = computed.key(item.key_function, item, item.source)
    return kwargs


def build_exercise(item: BankEntry, *, register: bool = False) -> Exercise:
    """The exercise object for a bank entry (not registered unless asked)."""
    return _construct(item, exercise_kwargs(item), register=register)


def _construct(item: BankEntry, kwargs: Mapping[str, Any], *, register: bool) -> Exercise:
    cls = EXERCISE_TYPES[item.type]
    try:
        return cls(**kwargs, register=register)
    except (ExerciseDefinitionError, TypeError, ValueError) as exc:
        raise BankError(f"{item.source}: {exc}") from None


def ask(exercise_id: str) -> Exercise:
    """Show exercise ``exercise_id`` from its lesson's bank (the last expression of a cell).

    Re-running the cell after the bank was edited replaces the earlier definition. The
    widget layer is imported here, on the first call, never when this module is imported.
    """
    from . import widgets

    widgets.install()  # the exercise displays as a live widget
    item = entry(exercise_id)
    kwargs = exercise_kwargs(item)
    existing = registered_exercises().get(exercise_id)
    if existing is not None:
        fresh = _construct(item, kwargs, register=False)
        if existing.identity_hash != fresh.identity_hash:
            forget(exercise_id)
    return _construct(item, kwargs, register=True)
