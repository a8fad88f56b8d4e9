"""Answer strings from the banks, and a browser check that none is visible before answering."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from helpers.exercises.bank import all_banks, build_exercise

ROOT = Path(__file__).resolve().parents[1]
MIN_CHARS = 20  # shorter strings ("Yes.") could occur by chance


def norm(text: str) -> str:
    """Lower case with runs of white space folded, for containment checks."""
    return re.sub(r"\s+", " ", text).strip().lower()


@cache
def answer_strings() -> tuple[tuple[str, str], ...]:
    """(id, text) for every answer-giving string in every bank (placeholders filled)."""
    out: list[tuple[str, str]] = []
    for b in all_banks(ROOT / "banks"):
        for item in b.entries:
            ex = build_exercise(item)
            texts = [ex.explanation, getattr(ex, "model_answer", "")]
            texts += list(ex.option_feedback.values()) + list(getattr(ex, "rubric", ()))
            out += [(item.id, t) for t in texts if len(t.strip()) >= MIN_CHARS]
        out += [(c.id, c.solution) for c in b.code if len(c.solution) >= MIN_CHARS]
    return tuple(out)


def assert_no_answer_visible(page) -> None:
    """Read the lesson's visible text (after Run All, before answering): no answer in it."""
    visible = norm(page.locator(".jp-NotebookPanel").first.inner_text())
    assert len(visible) > 2000, "the lesson's text should be on the page"
    shown = [(ex_id, s[:50]) for ex_id, s in answer_strings() if norm(s) in visible]
    assert shown == [], f"answers visible before the student acts: {shown}"
