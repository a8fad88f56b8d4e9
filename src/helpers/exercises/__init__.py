"""Course exercises: types, checking, answer log, export and restore.

Exercises are written in one bank per lesson (``banks/NN-slug.toml``); a lesson shows one
with a short call, the last expression of a collapsed cell::

    from helpers.exercises import ask, download_widget
    ask("01.q-art6")

See docs/exercises.md for authors and teachers. The teacher's tools (class results, keys,
grading, assignments) are in :mod:`helpers.classroom`, a higher layer.
"""

from __future__ import annotations

from .answer_log import ANSWERS_DIRNAME, AnswerLog, answers_dir, in_voila, session_id
from .bank import BankError, ask
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
from .widgets import download_widget, restore_widget

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
