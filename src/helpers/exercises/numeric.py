"""A number typed by the student, right within a tolerance, with feedback on known slips."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

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
    ``slips`` name wrong answers a student is likely to reach by a known mistake (the
    reverse ratio, the complement, the wrong sign), each ``{"value": number, "feedback":
    text}``: a wrong answer within the tolerance of a slip gets that feedback, which says
    what went wrong without giving the answer (a slip that a data correction brings within
    the key's tolerance is simply never shown). Assessed mode strips slips with the key.
    """

    kind = "numeric"
    kind_label = "number"
    answer_fields: ClassVar[tuple[str, ...]] = (*Exercise.answer_fields, "slips")

    def __init__(
        self,
        *,
        tolerance: float = 0,
        rel_tolerance: float = 0,
        unit: str = "",
        slips: Sequence[Mapping[str, Any]] | None = None,
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
        self.slips = _check_slips(slips)
        super().__init__(**kwargs)

    def _check_key(self, key: Any) -> Any:
        if isinstance(key, bool) or not isinstance(key, int | float) or not math.isfinite(key):
            raise ExerciseDefinitionError(f"{self.id}: key must be a finite number, got {key!r}")
        return key

    def _definition_fields(self) -> dict[str, Any]:
        return {"unit": self.unit}

    def _extra_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {"tolerance": self.tolerance, "rel_tolerance": self.rel_tolerance}
        if self.slips:  # absent when there are none, so older definitions stay identical
            fields["slips"] = [{"value": v, "feedback": f} for v, f in self.slips]
        return fields

    def _within(self, value: float, target: float) -> bool:
        """True when ``value`` counts as ``target`` under this item's tolerance."""
        allowed = max(self.tolerance, self.rel_tolerance * abs(target))
        allowed += 1e-9 * max(1.0, abs(target))  # float fuzz
        return abs(value - target) <= allowed

    def slip_feedback(self, value: float) -> str | None:
        """The feedback of the slip nearest ``value`` among those it matches, if any."""
        hits = [(abs(value - slip), text) for slip, text in self.slips if self._within(value, slip)]
        return min(hits, key=lambda hit: hit[0])[1] if hits else None

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
        unit = f" {self.unit}" if self.unit else ""
        shown = format_number(value)
        if self._within(value, key):
            msg = f"Correct: {shown}{unit}."
            result = CheckResult(True, 1.0, msg, "correct", answer=answer, note=note)
        else:
            side = "higher" if value > key else "lower"
            msg = f"Not quite: {shown}{unit} is {side} than the expected value."
            slip = self.slip_feedback(value)
            if slip:
                msg = f"{msg} {slip}"
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


def _check_slips(slips: Sequence[Mapping[str, Any]] | None) -> tuple[tuple[float, str], ...]:
    """Validated slips as ``(value, feedback)`` pairs."""
    if slips is None:
        return ()
    if isinstance(slips, str | bytes | Mapping) or not isinstance(slips, Sequence):
        raise ExerciseDefinitionError("slips must be a list of {value, feedback} tables")
    checked = []
    for i, slip in enumerate(slips):
        if not isinstance(slip, Mapping) or set(slip) != {"value", "feedback"}:
            raise ExerciseDefinitionError(f"slips[{i}] must have exactly 'value' and 'feedback'")
        value = slip["value"]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ExerciseDefinitionError(f"slips[{i}].value must be a number, got {value!r}")
        if not math.isfinite(value):
            raise ExerciseDefinitionError(f"slips[{i}].value must be finite, got {value!r}")
        checked.append((float(value), _check_text(f"slips[{i}].feedback", slip["feedback"])))
    return tuple(checked)
