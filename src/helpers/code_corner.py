"""Self-checks for the Code corner: a student's value against the value computed from data.

The expected value is computed by the key function the lesson's bank names for the task
(``[[code]]`` in ``banks/NN-slug.toml``), so the cell a student edits holds no answer. The
check never raises: ``None`` means "not attempted yet", a value of the wrong kind gets a
sentence saying what was expected.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from numbers import Number
from typing import Any


@dataclass(frozen=True)
class CodeCheck:
    """The result of a Code-corner self-check, shown as one line of text."""

    exercise_id: str
    status: str  # not_attempted | correct | incorrect | invalid
    message: str

    def __repr__(self) -> str:
        return f"{self.exercise_id}: {self.message}"

    def _repr_html_(self) -> str:
        icon = {"correct": "✔", "incorrect": "✘", "invalid": "⚠"}.get(self.status, "…")
        return (
            f'<p class="course-code-check course-code-check-{self.status}" role="status">'
            f"{icon} <strong>{html.escape(self.exercise_id)}</strong>: "
            f"{html.escape(self.message)}</p>"
        )


def _as_number(value: Any) -> float | None:
    """A plain number from ints, floats, numpy scalars or one-element Series; else None."""
    if isinstance(value, bool):
        return None
    if hasattr(value, "item") and getattr(value, "size", 1) == 1:
        try:
            value = value.item()
        except (ValueError, TypeError):
            return None
    if isinstance(value, Number):
        number = float(value)  # type: ignore[arg-type]  # Number declares no __float__
        return number if math.isfinite(number) else None
    return None


def expected_value(task_id: str) -> tuple[float, float]:
    """The task's expected value and tolerance, computed from its bank entry."""
    from helpers.exercises import bank, computed

    task = bank.code_task(task_id)
    return float(computed.key(task.key_function, None, task.source)), task.tolerance


def check(
    exercise_id: str,
    answer: Any,
    expected: float | None = None,
    tolerance: float | None = None,
) -> CodeCheck:
    """Compare a Code-corner ``answer`` with the task's expected value (within its tolerance).

    ``expected`` and ``tolerance`` default to the values the lesson's bank defines.
    """
    if answer is None:
        return CodeCheck(exercise_id, "not_attempted", "not attempted yet: replace None and run")
    number = _as_number(answer)
    if number is None:
        kind = type(answer).__name__
        return CodeCheck(
            exercise_id,
            "invalid",
            f"expected a single number, but your expression gives a {kind}; "
            "did you forget .sum() or len(...)?",
        )
    if expected is None:
        expected, bank_tolerance = expected_value(exercise_id)
        tolerance = bank_tolerance if tolerance is None else tolerance
    if abs(number - float(expected)) <= (tolerance or 0.0):
        return CodeCheck(exercise_id, "correct", f"correct: {number:g}")
    return CodeCheck(
        exercise_id, "incorrect", f"{number:g} is not it yet; check which rows you selected"
    )
