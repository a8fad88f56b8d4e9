"""A number typed by the student, right within a tolerance."""

from __future__ import annotations

import math
from typing import Any

from .base import Exercise
from .definition import (
    ExerciseDefinitionError,
    _check_text,
)
from .parsing import format_number, parse_number
from .results import CheckResult, _invalid


class Numeric(Exercise):
    """A number, right within ``tolerance`` (absolute) or ``rel_tolerance`` (fraction).

    The raw answer is the text typed (or a number); see :mod:`.parsing` for what is read.
    """

    kind = "numeric"
    kind_label = "number"

    def __init__(
        self,
        *,
        tolerance: float = 0,
        rel_tolerance: float = 0,
        unit: str = "",
        **kwargs: Any,
    ) -> None:
        for name, value in (("tolerance", tolerance), ("rel_tolerance", rel_tolerance)):
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not (math.isfinite(value) and value >= 0)
            ):
                raise ExerciseDefinitionError(f"{name} must be a number >= 0, got {value!r}")
        self.tolerance = float(tolerance)
        self.rel_tolerance = float(rel_tolerance)
        self.unit = _check_text("unit", unit, required=False)
        super().__init__(**kwargs)

    def _check_key(self, key: Any) -> Any:
        if isinstance(key, bool) or not isinstance(key, int | float) or not math.isfinite(key):
            raise ExerciseDefinitionError(f"{self.id}: key must be a finite number, got {key!r}")
        return key

    def _definition_fields(self) -> dict[str, Any]:
        return {"unit": self.unit}

    def _extra_fields(self) -> dict[str, Any]:
        return {"tolerance": self.tolerance, "rel_tolerance": self.rel_tolerance}

    def normalize(self, raw: Any) -> tuple[Any, str | None]:
        parsed = parse_number(raw, self.unit)
        if not parsed.ok:
            return None, parsed.error
        # Keep what the student typed (as text) so a regrade re-reads exactly that.
        if isinstance(raw, str):
            return raw.strip()[:200], None
        return parsed.value, None

    def _check(self, raw: Any) -> CheckResult:
        parsed = parse_number(raw, self.unit)
        if not parsed.ok:
            return _invalid(parsed.error or "Type a number.")
        answer, _ = self.normalize(raw)
        note = f"(I {parsed.note}.)" if parsed.note else None
        if self.key is None:
            msg = "Answer recorded." + (f" {note}" if note else "")
            return CheckResult(None, 0.0, msg, "recorded", answer=answer, note=note)
        value = float(parsed.value)  # type: ignore[arg-type]  # parsed.ok: value is set
        key = float(self.key)
        allowed = max(self.tolerance, self.rel_tolerance * abs(key))
        allowed += 1e-9 * max(1.0, abs(key))  # float fuzz
        unit = f" {self.unit}" if self.unit else ""
        shown = format_number(value)
        if abs(value - key) <= allowed:
            msg = f"Correct: {shown}{unit}."
            result = CheckResult(True, 1.0, msg, "correct", answer=answer, note=note)
        else:
            side = "higher" if value > key else "lower"
            msg = f"Not quite: {shown}{unit} is {side} than the expected value."
            result = CheckResult(False, 0.0, msg, "incorrect", answer=answer, note=note)
        if note:
            result = CheckResult(
                result.correct,
                result.score,
                f"{result.message} {note}",
                result.status,
                answer=answer,
                note=note,
            )
        return result

    def answer_text(self) -> str:
        if self.key is None:
            return ""
        unit = f" {self.unit}" if self.unit else ""
        tol = max(self.tolerance, self.rel_tolerance * abs(float(self.key)))
        plus = f" (± {format_number(tol)})" if tol else ""
        return f"Answer: {format_number(float(self.key))}{unit}{plus}"

    def _options_lines(self) -> list[str]:
        return [f"Answer in {self.unit}." if self.unit else "Answer with a number."]
