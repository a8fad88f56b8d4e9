"""Course exercises: types, checking, answer log, export and restore.

Exercises are written in one bank per lesson (``banks/NN-slug.toml``); a lesson shows one
with a short call, the last expression of a collapsed cell::

    from helpers.exercises import ask, download_widget
    ask("01.q-art6")

See docs/exercises.md for authors and teachers. The teacher's tools (class results, keys,
grading, assignments) are in :mod:`helpers.classroom`, a higher layer.

Importing this package loads no widget library: the widget-facing names (``ask``,
``download_widget``, ``restore_widget``) are looked up on first use (PEP 562), and the
widget layer (:mod:`.widgets`) is imported only when one of them is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .answer_log import ANSWERS_DIRNAME, AnswerLog, answers_dir, in_voila, session_id
from .bank import BankError
from .export import (
    AnswerFile,
    RestoreReport,
    build_export,
    read_answer_file,
    restore_from_file,
    save_export,
)
from .ids import (
    find_duplicate_ids,
    find_misplaced_ids,
    find_unasked_ids,
    find_unknown_ids,
    scan_exercise_ids,
)
from .model import (
    LEVELS,
    MODES,
    CheckResult,
    Exercise,
    ExerciseDefinitionError,
    Match,
    MultipleChoice,
    MultipleSelect,
    Numeric,
    Order,
    Poll,
    Sort,
    TrueFalse,
    WrittenAnswer,
    clear_registry,
    forget,
    get_mode,
    registered_exercises,
    set_mode,
)
from .parsing import ParsedNumber, parse_number
from .session import ExerciseSession

if TYPE_CHECKING:
    from .bank import ask
    from .panels import download_widget, restore_widget

#: Widget-facing names, imported on first use: name -> module (relative to this package).
_LAZY = {"ask": ".bank", "download_widget": ".panels", "restore_widget": ".panels"}

__all__ = [
    "ANSWERS_DIRNAME",
    "LEVELS",
    "MODES",
    "AnswerFile",
    "AnswerLog",
    "BankError",
    "CheckResult",
    "Exercise",
    "ExerciseDefinitionError",
    "ExerciseSession",
    "Match",
    "MultipleChoice",
    "MultipleSelect",
    "Numeric",
    "Order",
    "ParsedNumber",
    "Poll",
    "RestoreReport",
    "Sort",
    "TrueFalse",
    "WrittenAnswer",
    "answers_dir",
    "ask",
    "build_export",
    "clear_registry",
    "download_widget",
    "find_duplicate_ids",
    "find_misplaced_ids",
    "find_unasked_ids",
    "find_unknown_ids",
    "forget",
    "get_mode",
    "in_voila",
    "parse_number",
    "read_answer_file",
    "registered_exercises",
    "restore_from_file",
    "restore_widget",
    "save_export",
    "scan_exercise_ids",
    "session_id",
    "set_mode",
]


def __getattr__(name: str) -> Any:
    """Import a widget-facing name on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
