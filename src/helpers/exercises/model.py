"""Exercise types and pure answer checking (no ipywidgets, no file input/output).

The types live in modules by family (``choice``, ``numeric``, ``arrange``, ``written``) over
one base (``base``); this module gathers them and maps each type name to its class.
Raw answers are JSON values: option ids (never labels), lists of option ids,
``{item: position}`` / ``{item: category}`` mappings, or typed text.
"""

from __future__ import annotations

from .arrange import Match, Order, Sort
from .base import Exercise, clear_registry, forget, registered_exercises, set_renderer
from .choice import MultipleChoice, MultipleSelect, Poll, TrueFalse
from .definition import (
    DEFAULT_MAX_ATTEMPTS,
    ID_PATTERN,
    LEVELS,
    MAX_TEXT,
    N_CONCEPTS,
    OPTION_ID_PATTERN,
    ExerciseDefinitionError,
    count_words,
)
from .modes import get_mode, set_mode
from .numeric import Numeric
from .results import MODES, CheckResult
from .written import WrittenAnswer

__all__ = [
    "DEFAULT_MAX_ATTEMPTS",
    "EXERCISE_TYPES",
    "ID_PATTERN",
    "LEVELS",
    "MAX_TEXT",
    "MODES",
    "N_CONCEPTS",
    "OPTION_ID_PATTERN",
    "CheckResult",
    "Exercise",
    "ExerciseDefinitionError",
    "Match",
    "MultipleChoice",
    "MultipleSelect",
    "Numeric",
    "Order",
    "Poll",
    "Sort",
    "TrueFalse",
    "WrittenAnswer",
    "clear_registry",
    "count_words",
    "forget",
    "get_mode",
    "registered_exercises",
    "set_mode",
    "set_renderer",
]


EXERCISE_TYPES: dict[str, type[Exercise]] = {
    cls.kind: cls
    for cls in (
        MultipleChoice,
        TrueFalse,
        Poll,
        MultipleSelect,
        Numeric,
        Order,
        Sort,
        WrittenAnswer,
    )
}
