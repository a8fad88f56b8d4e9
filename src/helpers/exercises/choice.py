"""Types answered by choosing among options: multiple choice, true/false, poll, multiple select."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .base import Exercise
from .definition import (
    ExerciseDefinitionError,
    _check_options,
    _is_str,
    _plural,
    _show,
)
from .results import CheckResult


class _ChoosesFromOptions(Exercise):
    """Base for exercises answered with ids from an ``options`` dict ``{id: label}``."""

    def __init__(self, *, options: Mapping[str, str], **kwargs: Any) -> None:
        self._raw_options = options
        super().__init__(**kwargs)

    def _setup(self) -> None:
        self.options = _check_options("options", self._raw_options)
        del self._raw_options

    def _feedback_ids(self) -> Iterable[str]:
        return self.options


class MultipleChoice(_ChoosesFromOptions):
    """Exactly one option is right; the raw answer is its option id."""

    kind = "multiple_choice"
    kind_label = "multiple choice"

    def _check_key(self, key: Any) -> Any:
        if key not in self.options:
            raise ExerciseDefinitionError(
                f"{self.id}: key {key!r} is not one of {list(self.options)}"
            )
        return key

    def _definition_fields(self) -> dict[str, Any]:
        return {"options": dict(self.options)}

    def normalize(self, raw: Any) -> tuple[Any, str | None]:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None, "Choose one option first."
        if not _is_str(raw) or raw not in self.options:
            return None, f"'{_show(raw)}' is not one of the options; choose one of the options."
        return raw, None

    def _grade(self, answer: Any) -> CheckResult:
        fb = self.option_feedback.get(answer)
        feedback = (fb,) if fb else ()
        if answer == self.key:
            msg = "Correct."
            return CheckResult(True, 1.0, msg, "correct", feedback, answer)
        msg = "Not quite: that is not the best answer."
        return CheckResult(False, 0.0, msg, "incorrect", feedback, answer)

    def answer_text(self) -> str:
        if self.key is None:
            return ""
        return f"Answer: {self.key}) {self.options[self.key]}"

    def _options_lines(self) -> list[str]:
        return [f"{oid}) {label}" for oid, label in self.options.items()]


class TrueFalse(MultipleChoice):
    """A statement that is true or false; raw answer ``"true"``/``"false"`` (or a bool)."""

    kind = "true_false"
    kind_label = "true or false"

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("options", None)
        super().__init__(options={"true": "True", "false": "False"}, **kwargs)

    def _check_key(self, key: Any) -> Any:
        if isinstance(key, bool):
            return "true" if key else "false"
        return super()._check_key(key)

    def normalize(self, raw: Any) -> tuple[Any, str | None]:
        if isinstance(raw, bool):
            return ("true" if raw else "false"), None
        if isinstance(raw, str) and raw.strip().lower() in ("true", "false"):
            return raw.strip().lower(), None
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None, "Choose True or False first."
        return None, "Choose True or False."

    def _options_lines(self) -> list[str]:
        return ["True / False"]


class Poll(MultipleChoice):
    """An ungraded position poll (e.g. "invite Ukraine now?"): every option is fine."""

    kind = "poll"
    kind_label = "poll, not graded"
    graded = False

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("points", 0)
        super().__init__(**kwargs)

    def _ungraded(self, answer: Any) -> CheckResult:
        fb = self.option_feedback.get(answer)
        return CheckResult(
            None,
            0.0,
            "Your position is recorded. There is no right answer.",
            "recorded",
            (fb,) if fb else (),
            answer,
        )


class MultipleSelect(_ChoosesFromOptions):
    """Several options may be right; raw answer is a list of option ids (order ignored)."""

    kind = "multiple_select"
    kind_label = "multiple select"

    def _check_key(self, key: Any) -> Any:
        if isinstance(key, str) or not isinstance(key, Iterable):
            raise ExerciseDefinitionError(f"{self.id}: key must be a list of option ids")
        key = list(key)
        bad = [k for k in key if k not in self.options]
        if bad or not key or len(set(key)) != len(key):
            raise ExerciseDefinitionError(
                f"{self.id}: key must list distinct ids from {list(self.options)}, got {key!r}"
            )
        return frozenset(key)

    def _key_json(self) -> Any:
        return None if self.key is None else sorted(self.key)

    def _definition_fields(self) -> dict[str, Any]:
        return {"options": dict(self.options)}

    def normalize(self, raw: Any) -> tuple[Any, str | None]:
        if raw is None or isinstance(raw, str | bytes | Mapping) or not isinstance(raw, Iterable):
            if isinstance(raw, str) and raw in self.options:
                raw = [raw]
            else:
                return None, "Tick at least one box first."
        try:
            items = list(raw)
        except Exception:
            return None, "Tick at least one box first."
        if not items:
            return None, "Tick at least one box first."
        if len(items) > len(self.options) * 2:
            return None, "That selection could not be read; tick the boxes again."
        bad = [x for x in items if not _is_str(x) or x not in self.options]
        if bad:
            return None, f"'{_show(bad[0])}' is not one of the options."
        return sorted(set(items), key=list(self.options).index), None

    def _grade(self, answer: Any) -> CheckResult:
        assert self.key is not None  # _check only grades when there is a key
        chosen = set(answer)
        right = chosen & self.key
        wrong = chosen - self.key
        missed = self.key - chosen
        feedback = tuple(self.option_feedback[o] for o in answer if o in self.option_feedback)
        score = max(0.0, (len(right) - len(wrong)) / len(self.key))
        details = {"right": len(right), "wrong": len(wrong), "missed": len(missed)}
        if not wrong and not missed:
            return CheckResult(
                True,
                1.0,
                "Correct: you ticked all the right boxes.",
                "correct",
                feedback,
                answer,
                details=details,
            )
        parts = []
        if right:
            parts.append(f"{_plural(len(right), 'box')} right".replace("boxs", "boxes"))
        if wrong:
            parts.append(f"{len(wrong)} ticked that should not be")
        if missed:
            parts.append(f"{len(missed)} still to find")
        status = "partial" if score > 0 else "incorrect"
        return CheckResult(
            False,
            score,
            "Not quite: " + ", ".join(parts) + ".",
            status,
            feedback,
            answer,
            details=details,
        )

    def answer_text(self) -> str:
        if self.key is None:
            return ""
        labels = [f"{o}) {self.options[o]}" for o in self.options if o in self.key]
        return "Answer: " + "; ".join(labels)

    def _options_lines(self) -> list[str]:
        return [f"[ ] {oid}) {label}" for oid, label in self.options.items()]
