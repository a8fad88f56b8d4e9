"""Course exercises: types, checking, answer log, export and grading.

Exercises are written in one bank per lesson (``banks/NN-slug.toml``); a lesson shows one
with a short call, the last expression of a collapsed cell::

    from helpers.exercises import ask, download_widget
    ask("01.q-art6")

See docs/exercises.md for authors and teachers.
"""

from __future__ import annotations

from .answer_log import ANSWERS_DIRNAME, AnswerLog, answers_dir, in_voila, session_id
from .bank import BankError, ask
from .export import (
    RestoreReport,
    build_export,
    export_keys,
    load_class_answers,
    restore_from_file,
    save_export,
)
from .grading import as_key_map, grade_answer, load_keys, regrade
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
    "as_key_map",
    "ask",
    "build_export",
    "clear_registry",
    "download_widget",
    "export_keys",
    "find_duplicate_ids",
    "find_misplaced_ids",
    "find_unasked_ids",
    "find_unknown_ids",
    "forget",
    "get_mode",
    "grade_answer",
    "in_voila",
    "load_class_answers",
    "load_keys",
    "parse_number",
    "registered_exercises",
    "regrade",
    "restore_from_file",
    "restore_widget",
    "save_export",
    "scan_exercise_ids",
    "session_id",
    "set_mode",
]
