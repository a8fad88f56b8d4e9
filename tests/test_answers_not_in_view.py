"""Nothing that gives an answer away is in view before the student acts.

Every explanation, per-option feedback, model answer, rubric line and Code-corner solution
comes from the banks; none may stand in a lesson's cell sources or stored outputs. For
option and numeric keys (short strings such as ``b`` or ``6``) the Markdown between the
previous exercise and this one must not state the answer.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import lesson_paths
from visible_answers import answer_strings, norm

from helpers.exercises.bank import all_banks, build_exercise
from helpers.exercises.ids import ASK_CALL, CHECK_CALL

ROOT = Path(__file__).resolve().parents[1]
BANKS = {b.lesson: b for b in all_banks(ROOT / "banks")}


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return ["".join(v for v in value if isinstance(v, str))]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    return []


def lesson_text(path: Path) -> str:
    """Every cell source and every stored output of a lesson, as one normalised text."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    parts: list[str] = []
    for cell in nb["cells"]:
        parts += _strings(cell["source"])
        for out in cell.get("outputs", []):
            parts += _strings(out.get("text", ""))
            parts += _strings(out.get("data", {}))
    return norm("\n".join(parts))


ANSWERS = answer_strings()


def test_the_banks_hold_answer_strings_to_look_for() -> None:
    assert len(ANSWERS) > 50


@pytest.mark.parametrize("path", lesson_paths(), ids=lambda p: p.stem)
def test_no_answer_string_is_in_a_lessons_sources_or_outputs(path: Path) -> None:
    text = lesson_text(path)
    found = [(ex_id, s[:60]) for ex_id, s in ANSWERS if norm(s) in text]
    assert found == [], f"{path.name} shows answers in view: {found}"


def _segments(path: Path) -> list[tuple[str, str]]:
    """(exercise id, Markdown since the previous exercise) for each ask() in order."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    out: list[tuple[str, str]] = []
    markdown: list[str] = []
    for cell in nb["cells"]:
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            markdown.append(src)
            continue
        for match in [*ASK_CALL.finditer(src), *CHECK_CALL.finditer(src)]:
            out.append((match.group(2), "\n".join(markdown)))
            markdown = []
    return out


def _number_pattern(value: float) -> re.Pattern[str]:
    text = f"{value:g}"
    return re.compile(rf"(?<![\d.,]){re.escape(text)}(?![\d]|[.,]\d)")


@pytest.mark.parametrize("path", lesson_paths(), ids=lambda p: p.stem)
def test_markdown_just_above_an_item_does_not_state_its_key(path: Path) -> None:
    bank = BANKS[path.stem]
    problems = []
    for ex_id, md in _segments(path):
        if ex_id not in {e.id for e in bank.entries}:
            continue
        ex = build_exercise(bank.entry(ex_id))
        plain = norm(re.sub(r"<!--.*?-->", "", md, flags=re.S))
        if ex.kind == "multiple_choice" and ex.key is not None:
            label = norm(ex.options[ex.key])
            if label in plain:
                problems.append(f"{ex_id}: the correct option is printed above it")
        if ex.kind == "numeric" and ex.key is not None and _number_pattern(ex.key).search(plain):
            problems.append(f"{ex_id}: the key {ex.key:g} is printed above it")
    assert problems == []


def test_the_checks_would_catch_a_planted_answer(tmp_path: Path) -> None:
    """A lesson that prints an explanation, or the key just above its item, fails."""
    lesson = lesson_paths()[1]
    nb = json.loads(lesson.read_text(encoding="utf-8"))
    _, text = next((i, t) for i, t in ANSWERS if i.startswith(lesson.name[:2]))
    nb["cells"].insert(3, {"cell_type": "markdown", "metadata": {}, "source": text.upper()})
    planted = tmp_path / lesson.name
    planted.write_text(json.dumps(nb), encoding="utf-8")
    assert norm(text) in lesson_text(planted)
    assert _number_pattern(32).search("there are 32 allies")
    assert not _number_pattern(32).search("in 1932 and 3.32")
