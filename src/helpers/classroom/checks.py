"""The small runtime of generated assignments (imported by their student copies).

A generated assignment (``python course.py assignments``) shows each exercise with ``ask``
as in the lesson; the student answers in the widget and presses **Submit**, which records
the raw answer in ``answers/lesson-NN.jsonl`` beside the notebook. Below each exercise:

* an *answer cell* sets ``answers[ID] = recorded_answer(ID)``: it reads that recorded raw
  answer (in the instructor's version the cell holds the key instead);
* a *test cell* runs :func:`public_check` (the answer exists and has the right form, then
  "public checks passed — your teacher's grading has more") and, only in the teacher's
  copy, hidden tests: :func:`hidden_score` re-grades the recorded raw answer against the
  exercise definition frozen at build time, and the number it returns is the cell's
  partial credit in nbgrader.

Written answers are shown for the teacher by :func:`show_written` and marked by hand.
Nothing here knows a key: keys arrive only in hidden tests, which students never receive.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers.exercises import answer_log, bank
from helpers.exercises.model import Exercise, set_mode

__all__ = [
    "PUBLIC_PASSED",
    "answers",
    "ask_variant",
    "hidden_code_score",
    "hidden_score",
    "public_check",
    "public_code_check",
    "recorded_answer",
    "show_written",
    "start_assessed",
    "variant_for",
]

#: What a student sees when the public checks pass (never "all tests passed").
PUBLIC_PASSED = "public checks passed — your teacher's grading has more"
#: The answers this notebook hands in, by exercise id (filled by the answer cells).
answers: dict[str, Any] = {}
_VARIANT = re.compile(r"^(?P<base>\d{2}\.[a-z0-9][a-z0-9_-]*)-v(?P<n>\d{1,3})$")


@dataclass(frozen=True)
class AssessedNote:
    """What :func:`start_assessed` set up, shown as one line."""

    notebook: str
    folder: str

    def __repr__(self) -> str:
        return (
            f"Assessed copy of {self.notebook}: answers are recorded in {self.folder}/ beside "
            "this notebook, with no feedback until your teacher grades them."
        )

    def _repr_markdown_(self) -> str:
        return f"*{self!r}*"


def _answers_folder() -> Path:
    return Path.cwd() / answer_log.ANSWERS_DIRNAME


def start_assessed(notebook_id: str) -> AssessedNote:
    """Assessed mode, this lesson, and the answer log kept in ``answers/`` beside the notebook.

    The log must travel with the notebook when the folder is handed in, so a
    ``COURSE_ANSWERS_DIR`` set for practice is overridden in this kernel.
    """
    from helpers import context

    context.set_notebook(notebook_id)
    set_mode("assessed")
    os.environ["COURSE_ANSWERS_DIR"] = str(_answers_folder())
    answer_log.reset_cache()
    return AssessedNote(notebook_id, answer_log.ANSWERS_DIRNAME)


def _event_time(event: dict[str, Any]) -> str:
    value = event.get("t")
    return value if isinstance(value, str) else ""


def _records(lesson: str) -> dict[str, answer_log.ExerciseRecord]:
    log = answer_log.AnswerLog(lesson, _answers_folder())
    events: list[dict[str, Any]] = []
    folder = log.folder
    if folder.is_dir():
        for path in sorted(folder.glob(f"lesson-{lesson}*.jsonl"))[:50]:
            events += answer_log.read_log_file(path).events
    events.sort(key=_event_time)
    return answer_log.replay(events)


def recorded_answer(exercise_id: str) -> Any:
    """The raw answer last recorded for ``exercise_id`` in ``answers/`` (None: no answer).

    For a family of per-student variants (``03.g-spend`` → ``03.g-spend-v1``, ``-v2`` …)
    the result is ``{"variant": id, "answer": raw}`` for the variant answered last.
    """
    if not isinstance(exercise_id, str) or len(exercise_id) < 4:
        return None
    try:
        records = _records(answer_log.lesson_of(exercise_id))
    except ValueError:
        return None
    rec = records.get(exercise_id)
    if rec is not None and rec.has_answer:
        return rec.answer
    family = [
        r
        for ex_id, r in records.items()
        if r.has_answer and (m := _VARIANT.match(ex_id)) and m["base"] == exercise_id
    ]
    if not family:
        return None
    last = max(family, key=lambda r: r.last_at or "")
    return {"variant": last.exercise, "answer": last.answer}


def _definition(exercise_id: str) -> Exercise | None:
    """The key-less definition of an exercise from this folder's (student) bank."""
    try:
        return bank.build_exercise(bank.entry(exercise_id))
    except Exception:  # a missing or edited bank: the form cannot be checked
        return None


def _not_yet(message: str) -> None:
    """A public check that did not pass: fail under nbgrader, a notice in a student's run.

    nbgrader sets ``NBGRADER_EXECUTION`` while it validates or autogrades: there the check
    fails like any test. In a student's own kernel it prints instead, so that *Run All* on
    a fresh copy (the first step of every lesson) does not stop at the first exercise.
    """
    if os.environ.get("NBGRADER_EXECUTION"):
        raise AssertionError(message)
    print(f"Not yet: {message}")


def public_check(exercise_id: str, answer: Any) -> None:
    """Check the form of a recorded answer (see :func:`_not_yet` for what a failure does).

    Public checks only say that there is an answer and that it is one the exercise can
    read; they never say whether it is right.
    """
    raw = answer.get("answer") if _is_variant_answer(answer) else answer
    ex_id = answer["variant"] if _is_variant_answer(answer) else exercise_id
    if raw is None:
        _not_yet(
            f"{exercise_id}: no answer recorded yet. Answer the exercise above and press "
            "Submit, then run the answer cell and this cell again."
        )
        return
    ex = _definition(ex_id)
    if ex is not None:
        result = ex.check(raw)
        if not result.valid:
            _not_yet(f"{exercise_id}: the recorded answer cannot be read: {result.message}")
            return
    print(f"{exercise_id}: {PUBLIC_PASSED}.")


def _is_variant_answer(answer: Any) -> bool:
    return isinstance(answer, dict) and set(answer) == {"variant", "answer"}


def hidden_score(exercise_id: str, answer: Any, definition: str) -> float:
    """Points earned by a recorded raw answer, re-graded against a frozen definition.

    ``definition`` is the JSON of :meth:`Exercise.to_dict` (key included), or of a list of
    them for per-student variants. The return value is the test cell's partial credit.
    """
    data = json.loads(definition)
    options = data if isinstance(data, list) else [data]
    raw = answer
    if _is_variant_answer(answer):
        options = [d for d in options if d.get("id") == answer["variant"]]
        raw = answer["answer"]
    if raw is None or len(options) != 1:
        print(f"{exercise_id}: no usable answer: 0 points.")
        return 0.0
    ex = Exercise.from_dict(options[0])
    result = ex.check(raw)
    points = round(result.score * ex.points, 4) if result.correct is not None else 0.0
    print(f"{exercise_id}: {result.status} ({points:g} of {ex.points:g} points).")
    return points


def public_code_check(task_id: str, answer: Any) -> None:
    """The public check of a Code-corner answer: a single finite number."""
    if answer is None:
        _not_yet(
            f"{task_id}: not attempted yet: replace recorded_answer(ID) with your expression "
            "and run the cell."
        )
        return
    value = _number(answer)
    if value is None:
        _not_yet(
            f"{task_id}: expected a single number, but your expression gives a "
            f"{type(answer).__name__}."
        )
        return
    print(f"{task_id}: {PUBLIC_PASSED}.")


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if hasattr(value, "item") and getattr(value, "size", 1) == 1:
        try:
            value = value.item()
        except (TypeError, ValueError):
            return None
    if isinstance(value, int | float) and math.isfinite(float(value)):
        return float(value)
    return None


def hidden_code_score(
    task_id: str, answer: Any, expected: float, tolerance: float, points: float
) -> float:
    """Points for a Code-corner answer within ``tolerance`` of the frozen ``expected`` value."""
    value = _number(answer)
    right = value is not None and abs(value - expected) <= tolerance + 1e-9 * max(1, abs(expected))
    print(
        f"{task_id}: {'correct' if right else 'not correct'} ({points if right else 0:g} "
        f"of {points:g} points)."
    )
    return float(points) if right else 0.0


def show_written(exercise_id: str) -> WrittenShown:
    """The recorded written answer, for the teacher's marking (and the student's check)."""
    text = recorded_answer(exercise_id)
    return WrittenShown(exercise_id, text if isinstance(text, str) else None)


@dataclass(frozen=True)
class WrittenShown:
    """A recorded written answer shown as plain text."""

    exercise_id: str
    text: str | None

    def __repr__(self) -> str:
        if not self.text:
            return f"Written answer {self.exercise_id}: no answer saved yet."
        words = len(self.text.split())
        return f"Written answer {self.exercise_id} ({words} words):\n\n{self.text}"


def _student_name() -> str:
    for name in ("JUPYTERHUB_USER", "NB_USER", "USER", "USERNAME"):
        value = os.environ.get(name, "").strip()
        if value:
            return value
    return "student"


def variant_for(base_id: str, n: int, student: str | None = None) -> int:
    """Which of ``n`` variants (1…n) a student gets: a stable hash of id and student."""
    who = student if student is not None else _student_name()
    digest = hashlib.sha256(f"{base_id}|{who}".encode()).hexdigest()
    return int(digest[:8], 16) % max(1, n) + 1


def ask_variant(base_id: str, n: int) -> Exercise:
    """Show this student's variant of a per-student exercise (``base_id-vK``)."""
    return bank.ask(f"{base_id}-v{variant_for(base_id, n)}")
