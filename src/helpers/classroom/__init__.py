"""What teachers use: class results, keys, grading, assignments, grades, hub links.

The top layer of the helper library: it may use every layer below it
(data → analysis → models → charts → exercises); nothing below imports it (import-linter
checks this, see ``.importlinter``). Students' kernels never need it, except the small
runtime of generated assignments (:mod:`helpers.classroom.checks`).
"""

from __future__ import annotations

from .collect import (
    answers_frame,
    load_class_answers,
    load_submissions,
    read_class_folder,
    read_submissions,
)
from .grading import as_key_map, grade_answer, load_keys, regrade
from .keys import export_keys, frozen_exercises, keys_document

__all__ = [
    "answers_frame",
    "as_key_map",
    "export_keys",
    "frozen_exercises",
    "grade_answer",
    "keys_document",
    "load_class_answers",
    "load_keys",
    "load_submissions",
    "read_class_folder",
    "read_submissions",
    "regrade",
]
