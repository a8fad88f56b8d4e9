"""The concept → exercise map is current, and every exercise says what it assesses."""

from __future__ import annotations

from pathlib import Path

import pytest
from concept_map import CONCEPTS, LEVELS, all_exercises, coverage, render

ROOT = Path(__file__).resolve().parents[1]
ENTRIES = all_exercises()
# Concepts the lessons written so far introduce; each must be assessed above recall.
INTRODUCED = {
    "01-the-alliance": {1, 2, 8, 16},
    "02-bucharest-to-full-scale-war": {1, 2, 3, 4},
    "03-arming-ukraine": {3, 4, 15},
    "04-natoization": {5, 6, 7, 8, 16},
    "05-membership-and-the-waiting-room": {9, 12},
    "06-escalation-ambiguity-salami": {10, 11, 12, 13},
    "07-washington-and-the-verdict": {1, 6, 14, 16},
}


def test_docs_concept_map_is_current() -> None:
    current = (ROOT / "docs" / "concept-map.md").read_text(encoding="utf-8")
    assert current == render(ENTRIES), "run: python tools/concept_map.py"


def test_every_exercise_has_an_id_a_level_and_concepts() -> None:
    for e in ENTRIES:
        assert e.id.startswith(e.notebook[:2] + "."), e
        assert e.level in LEVELS or (e.kind == "Poll" and e.level is None), e
        assert all(c in CONCEPTS for c in e.concepts), e
        if e.notebook[:2] != "00":
            assert e.concepts, f"{e.id} names no concept"


@pytest.mark.parametrize("notebook", sorted(INTRODUCED))
def test_introduced_concepts_are_assessed_above_recall(notebook: str) -> None:
    if not (ROOT / "notebooks" / f"{notebook}.ipynb").exists():
        pytest.skip(f"{notebook} is not written yet")
    lesson = [e for e in ENTRIES if e.notebook == notebook and e.core]
    above = coverage([e for e in lesson if e.level != "recall"])
    missing = [c for c in INTRODUCED[notebook] if not any(above[c].values())]
    assert missing == [], f"{notebook}: concepts {missing} have no item above recall"


def test_lessons_meet_the_exercise_minimums() -> None:
    by_lesson: dict[str, list] = {}
    for e in ENTRIES:
        by_lesson.setdefault(e.notebook, []).append(e)
    for notebook, entries in by_lesson.items():
        if notebook.startswith("00"):
            continue
        assert len(entries) >= 6, notebook
        assert len({e.kind for e in entries}) >= 4, notebook
        assert any(e.kind == "WrittenAnswer" for e in entries), notebook


def test_every_concept_is_assessed_above_recall_and_in_writing_by_core_items() -> None:
    """Course-wide (COURSE.md): each of the 16 concepts has a core item above recall and a
    core written item somewhere in the course (extensions do not count)."""
    core = [e for e in ENTRIES if e.core]
    above = coverage([e for e in core if e.level not in (None, "recall")])
    written = {c for e in core if e.kind == "WrittenAnswer" for c in e.concepts}
    missing_above = [c for c in CONCEPTS if not any(above[c].values())]
    missing_written = [c for c in CONCEPTS if c not in written]
    assert missing_above == [], f"concepts with no core item above recall: {missing_above}"
    assert missing_written == [], f"concepts with no core written item: {missing_written}"
