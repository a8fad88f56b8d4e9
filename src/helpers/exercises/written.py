"""A short written answer: saved, never auto-graded; model answer after a real attempt."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .base import Exercise
from .definition import (
    MAX_TEXT,
    ExerciseDefinitionError,
    _check_text,
    _plural,
    count_words,
)
from .results import CheckResult


class WrittenAnswer(Exercise):
    """A short written answer: saved, never auto-graded.

    The model answer and rubric are revealed only after a real attempt: at least
    ``min_words`` words, not mostly repeated (see :meth:`is_real_attempt`).
    """

    kind = "written"
    kind_label = "written answer, not auto-graded"
    graded = False
    answer_fields = ("key", "explanation", "option_feedback", "model_answer", "rubric")

    def __init__(
        self,
        *,
        min_words: int = 25,
        model_answer: str = "",
        rubric: Iterable[str] = (),
        **kwargs: Any,
    ) -> None:
        if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < 1:
            raise ExerciseDefinitionError(f"min_words must be an int >= 1, got {min_words!r}")
        self.min_words = min_words
        self.model_answer = _check_text("model_answer", model_answer, required=False)
        if isinstance(rubric, str):
            rubric = [rubric]
        self.rubric = tuple(_check_text("rubric item", r) for r in rubric)
        kwargs.setdefault("points", 0)
        super().__init__(**kwargs)

    def _definition_fields(self) -> dict[str, Any]:
        return {"min_words": self.min_words}

    def _extra_fields(self) -> dict[str, Any]:
        return {"model_answer": self.model_answer, "rubric": list(self.rubric)}

    def is_real_attempt(self, text: Any) -> bool:
        """At least ``min_words`` words, and at least half of them different."""
        if not isinstance(text, str):
            return False
        words = re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", text.lower())
        distinct = len(set(words))
        return len(words) >= self.min_words and distinct >= max(
            2, min(self.min_words, len(words)) // 2
        )

    def normalize(self, raw: Any) -> tuple[Any, str | None]:
        if not isinstance(raw, str) or not raw.strip():
            return None, "Write your answer in the box first."
        return raw[:MAX_TEXT], None

    def _ungraded(self, answer: Any) -> CheckResult:
        n = count_words(answer)
        cut = " (only the first 20,000 characters were kept)" if len(answer) >= MAX_TEXT else ""
        if self.is_real_attempt(answer):
            return CheckResult(
                None,
                0.0,
                f"Saved ({_plural(n, 'word')}){cut}.",
                "saved",
                answer=answer,
                details={"words": n},
            )
        msg = (
            f"Saved ({_plural(n, 'word')}){cut}. Write a fuller answer in your own words "
            f"(at least {self.min_words} words) to unlock the model answer."
        )
        return CheckResult(None, 0.0, msg, "too_short", answer=answer, details={"words": n})

    def reveal_text(self) -> str:
        parts = []
        if self.model_answer:
            parts.append("Model answer: " + self.model_answer)
        if self.rubric:
            parts.append("What a good answer does:\n" + "\n".join(f"- {r}" for r in self.rubric))
        if self.explanation:
            parts.append(self.explanation)
        return "\n\n".join(parts)

    def _options_lines(self) -> list[str]:
        return [f"Write at least {self.min_words} words."]
