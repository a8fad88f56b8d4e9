"""What a check says about one raw answer, and the partial-credit rule shared by types."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

MODES = ("practice", "assessed")

# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class CheckResult:
    """What the checker says about one raw answer.

    ``correct`` is True/False for auto-graded types and None where there is nothing to grade
    (written answers, polls, no key, invalid input). ``score`` is a fraction 0–1 of the
    exercise's points. ``status`` is one of ``correct``, ``partial``, ``incorrect``,
    ``invalid`` (not an answer yet: nothing recorded), ``recorded`` (no key or a poll),
    ``saved`` and ``too_short`` (written answers), ``question_changed`` (grading only).
    """

    correct: bool | None
    score: float
    message: str
    status: str
    feedback: tuple[str, ...] = ()
    answer: Any = None
    note: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        """True when the raw answer was a usable answer (it counts as an attempt)."""
        return self.status not in ("invalid", "question_changed")


def _invalid(message: str) -> CheckResult:
    return CheckResult(None, 0.0, message, "invalid")


def _recorded(answer: Any, message: str = "Answer recorded.") -> CheckResult:
    return CheckResult(None, 0.0, message, "recorded", answer=answer)
