"""One student working on one exercise: attempts, hints, reveals, logging, restoring.

No widgets here: :mod:`.widgets` only collects raw answers and shows what this returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .answer_log import AnswerLog, ExerciseRecord, log_for
from .model import CheckResult, Exercise, WrittenAnswer, get_mode

__all__ = ["ExerciseSession", "Feedback"]


@dataclass(frozen=True)
class Feedback:
    """What to show after an action: the check result plus what the controls should allow."""

    result: CheckResult | None
    message: str
    kind: str  # success / partial / error / info / warning
    reveal: str = ""  # answer + explanation, when revealed
    hint: str = ""


class ExerciseSession:
    """Attempt counting and answer logging for one exercise in this kernel."""

    def __init__(self, exercise: Exercise, log: AnswerLog | None = None) -> None:
        self.exercise = exercise
        self.log = log if log is not None else log_for(exercise.id)
        self.attempts = 0
        self.hints_shown = 0
        self.revealed = False
        self.answer: Any = None
        self.has_answer = False
        self.changed_question = False
        self.last_result: CheckResult | None = None
        self.reload()

    # -- state --------------------------------------------------------------------
    def reload(self) -> ExerciseRecord | None:
        """Re-read this exercise's state from the log (restart restore)."""
        rec = self.log.state().get(self.exercise.id)
        self.changed_question = False
        if rec is None:
            return None
        if rec.qhash != self.exercise.question_hash:
            # The question changed since that answer: never restore it silently.
            self.changed_question = rec.has_answer
            return None
        self.attempts, self.hints_shown, self.revealed = rec.attempts, rec.hints, rec.revealed
        self.answer, self.has_answer = rec.answer, rec.has_answer
        self.last_result = self.exercise.check(rec.answer) if rec.has_answer else None
        return rec

    @property
    def assessed(self) -> bool:
        """True in assessed mode (answers recorded, no feedback)."""
        return get_mode() == "assessed"

    @property
    def can_reveal(self) -> bool:
        """Show-answer is available: practice mode, something to show, one real attempt."""
        ex = self.exercise
        if self.assessed or not ex.reveal_text():
            return False
        if isinstance(ex, WrittenAnswer):
            return self.has_answer and ex.is_real_attempt(self.answer)
        return self.attempts >= 1

    @property
    def next_hint(self) -> str | None:
        """The next hint not yet shown, or None."""
        hints = self.exercise.hints
        return hints[self.hints_shown] if self.hints_shown < len(hints) else None

    # -- actions ------------------------------------------------------------------
    def submit(self, raw: Any) -> Feedback:
        """Check and record a raw answer; invalid input is explained and not recorded."""
        ex = self.exercise
        result = ex.check(raw)
        if not result.valid:
            return Feedback(result, result.message, "warning")
        self.attempts += 1
        self.answer, self.has_answer = result.answer, True
        self.last_result = result
        self.log.record(
            ex.id,
            ex.question_hash,
            "submit",
            answer=result.answer,
            attempt=self.attempts,
            notebook=_notebook(),
        )
        return self.feedback(result)

    def feedback(self, result: CheckResult) -> Feedback:
        """Turn a check result into what the student sees, honouring the mode."""
        ex = self.exercise
        if self.assessed:
            note = f" {result.note}" if result.note else ""
            return Feedback(
                result,
                f"Answer recorded (attempt {self.attempts}).{note} "
                "You can change it until you hand in.",
                "info",
            )
        message = result.message
        if result.feedback:
            message += "\n\n" + "\n\n".join(result.feedback)
        if result.correct is True:
            extra = f"\n\n{ex.explanation}" if ex.explanation else ""
            return Feedback(result, message + extra, "success")
        if result.correct is None:
            kind = "info" if result.status != "too_short" else "warning"
            return Feedback(result, message, kind, reveal=self._revealed_text())
        # Wrong or partly right.
        left = ex.max_attempts - self.attempts
        if left > 0:
            tip = "\n\nTry again"
            tip += " (a hint is available)." if self.next_hint else "."
            tip += f" {left} attempt{'s' if left != 1 else ''} left before the answer is shown."
            message += tip
            return Feedback(
                result,
                message,
                "partial" if result.score > 0 else "error",
                reveal=self._revealed_text(),
            )
        if not self.revealed:
            self._mark_revealed()
        return Feedback(
            result, message, "partial" if result.score > 0 else "error", reveal=ex.reveal_text()
        )

    def hint(self) -> Feedback:
        """Show the next hint (logged)."""
        text = self.next_hint
        if text is None:
            return Feedback(None, "No more hints for this question.", "info")
        self.hints_shown += 1
        self.log.record(
            self.exercise.id,
            self.exercise.question_hash,
            "hint",
            hint=self.hints_shown,
            notebook=_notebook(),
        )
        n = len(self.exercise.hints)
        label = f"Hint {self.hints_shown} of {n}: " if n > 1 else "Hint: "
        return Feedback(None, label + text, "info", hint=text)

    def reveal(self) -> Feedback:
        """Show the answer on request (after at least one attempt; practice mode only)."""
        ex = self.exercise
        if self.assessed:
            return Feedback(None, "Answers are not shown in assessed mode.", "info")
        if not self.can_reveal:
            if isinstance(ex, WrittenAnswer):
                msg = (
                    f"Save an answer of at least {ex.min_words} words of your own first; "
                    "then the model answer appears."
                )
            elif not ex.reveal_text():
                msg = "There is no answer to show for this question."
            else:
                msg = "Have a go first (and try a hint); then you can see the answer."
            return Feedback(None, msg, "info")
        if not self.revealed:
            self._mark_revealed()
        return Feedback(None, "", "info", reveal=ex.reveal_text())

    def restored_feedback(self) -> Feedback | None:
        """What to show when a previous answer was restored from the log."""
        if self.changed_question:
            return Feedback(
                None,
                "This question changed since you last answered it, so your "
                "earlier answer was not restored.",
                "warning",
            )
        if not self.has_answer or self.last_result is None:
            return None
        fb = self.feedback(self.last_result)
        prefix = "Your previous answer was restored. "
        return Feedback(fb.result, prefix + fb.message, fb.kind, reveal=fb.reveal)

    def _revealed_text(self) -> str:
        return self.exercise.reveal_text() if self.revealed and not self.assessed else ""

    def _mark_revealed(self) -> None:
        self.revealed = True
        self.log.record(
            self.exercise.id, self.exercise.question_hash, "reveal", notebook=_notebook()
        )


def _notebook() -> str | None:
    from helpers import context

    return context.notebook()
