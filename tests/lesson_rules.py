"""Mechanical checks of the exercise rules of the second edition of lessons 00–03.

Issue "Lessons 00–03, second edition", item 4: among core items at most a third are recall;
at least two items per lesson can only be answered with its chart or explorer (the
question names the chart, and the key is printed in none of the lesson's Markdown); hints
guide without giving the answer; polls carry no level; numeric feedback names common slips;
no two core items share type, level and concepts (a proxy for "the same point at the same
level"); every written item has a rubric and a complete model answer. A blind reviewer tags
the levels as well (docs/exercise-levels-00-03.md); these checks use the bank's own tags.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from prose import figures

from helpers.exercises.bank import bank_for, build_exercise
from helpers.exercises.ids import scan_exercise_ids

ROOT = Path(__file__).resolve().parents[1]
CHART_WORDS = re.compile(r"\b(chart|map|slider|explorer|timeline)\b", re.I)
PLACEHOLDER = re.compile(r"\.\.\.\s*$|…\s*$")


@dataclass(frozen=True)
class Item:
    """An exercise as the lesson asks it: bank entry plus the built exercise."""

    id: str
    entry: object
    ex: object
    stem: str = ""


def lesson_path(stem: str) -> Path:
    return ROOT / "notebooks" / f"{stem}.ipynb"


def items(stem: str) -> list[Item]:
    """Every exercise the lesson asks, in order."""
    places = scan_exercise_ids([lesson_path(stem)])
    ordered = sorted(places, key=lambda ex_id: places[ex_id][0][1])
    out = []
    for ex_id in ordered:
        entry = bank_for(ex_id).entry(ex_id)
        out.append(Item(ex_id, entry, build_exercise(entry), stem))
    return out


def raw_markdown(stem: str) -> str:
    """All Markdown of the lesson as written (fact tags kept)."""
    nb = json.loads(lesson_path(stem).read_text(encoding="utf-8"))
    return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def markdown(stem: str) -> str:
    """All Markdown of the lesson, fact tags removed, lower case, spaces folded."""
    nb = json.loads(lesson_path(stem).read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return re.sub(r"\s+", " ", text).lower()


def _number_in(value: float, text: str) -> bool:
    shown = f"{value:g}"
    return re.search(rf"(?<![\d.,]){re.escape(shown)}(?![\d]|[.,]\d)", text) is not None


def recall_share(stem: str) -> float:
    """Share of recall among the core items that carry a level (polls have none)."""
    levelled = [i for i in items(stem) if i.entry.core and i.entry.level is not None]
    return sum(i.entry.level == "recall" for i in levelled) / len(levelled)


def key_printed(item: Item, text: str) -> bool:
    """True if the item's key can be read from ``text`` (numbers, option labels, ids)."""
    ex = item.ex
    key = ex.key
    if ex.kind == "numeric":
        # Figures as tests/prose.py finds them: dates, years and citations do not count.
        return any(abs(f.value - float(key)) < 1e-9 for f in figures(raw_markdown(item.stem)))
    if ex.kind == "multiple_choice":
        return ex.options[key].lower() in text
    # Order, sort and multiple-select keys are combinations; no single string states them.
    return False


def chart_item_problems(stem: str, chart_ids: list[str]) -> list[str]:
    """Problems with the items declared as needing the chart (at least two of them)."""
    problems = []
    if len(chart_ids) < 2:
        problems.append(f"{stem}: fewer than two chart items")
    text = markdown(stem)
    by_id = {i.id: i for i in items(stem)}
    for ex_id in chart_ids:
        item = by_id[ex_id]
        if not item.entry.core:
            problems.append(f"{ex_id}: a chart item must be on the core path")
        if not CHART_WORDS.search(item.ex.question):
            problems.append(f"{ex_id}: the question does not name the chart")
        if key_printed(item, text):
            problems.append(f"{ex_id}: the key is printed in the lesson's Markdown")
    return problems


def hint_problems(stem: str) -> list[str]:
    """Hints that state the answer (a numeric key, a correct option's label)."""
    problems = []
    for item in items(stem):
        ex, hints = item.ex, " ".join(item.ex.hints).lower()
        if ex.key is None:
            continue
        if ex.kind == "numeric" and _number_in(float(ex.key), hints):
            problems.append(f"{item.id}: a hint states the key {ex.key:g}")
        if ex.kind == "multiple_choice" and ex.options[ex.key].lower() in hints:
            problems.append(f"{item.id}: a hint states the correct option")
        if ex.kind == "multiple_select":
            named = [k for k in ex.key if ex.options[k].lower() in hints]
            if named:
                problems.append(f"{item.id}: a hint names correct options {named}")
    return problems


def feedback_problems(stem: str) -> list[str]:
    """Numeric items whose explanation names no common slip; polls with a level."""
    problems = []
    for item in items(stem):
        if item.ex.kind == "numeric" and "slip" not in item.ex.explanation.lower():
            problems.append(f"{item.id}: the explanation names no common slip")
        if item.ex.kind == "poll" and item.entry.level is not None:
            problems.append(f"{item.id}: a poll carries a level")
    return problems


def duplicate_problems(stems: list[str]) -> list[str]:
    """Core items of these lessons sharing type, level and concepts."""
    seen: dict[tuple, str] = {}
    problems = []
    for stem in stems:
        for item in items(stem):
            if not item.entry.core or item.entry.level is None:
                continue
            sig = (item.entry.type, item.entry.level, tuple(sorted(item.entry.concepts)))
            if sig in seen:
                problems.append(f"{item.id} and {seen[sig]} share type, level and concepts")
            seen[sig] = item.id
    return problems


def written_problems(stem: str) -> list[str]:
    """Written items: a rubric of three or more criteria and a complete model answer."""
    problems = []
    for item in items(stem):
        if item.ex.kind != "written":
            continue
        answer = item.ex.model_answer.strip()
        floor = 80 if item.entry.level == "evaluate" else 40
        if len(item.ex.rubric) < 3:
            problems.append(f"{item.id}: fewer than three rubric criteria")
        if len(answer.split()) < floor:
            problems.append(f"{item.id}: model answer under {floor} words")
        if PLACEHOLDER.search(answer) or re.search(r"my judgement:\s*\.\.\.", answer, re.I):
            problems.append(f"{item.id}: model answer ends unfinished")
    return problems
