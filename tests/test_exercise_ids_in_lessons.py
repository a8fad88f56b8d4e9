"""Every exercise a lesson asks exists once in its bank, and every bank item is asked."""

from __future__ import annotations

from conftest import lesson_paths

from helpers.exercises import (
    find_duplicate_ids,
    find_misplaced_ids,
    find_unasked_ids,
    find_unknown_ids,
    scan_exercise_ids,
)


def test_no_exercise_is_asked_twice_across_lessons() -> None:
    assert find_duplicate_ids(lesson_paths()) == {}


def test_every_id_starts_with_its_lessons_number() -> None:
    assert not find_misplaced_ids(lesson_paths())


def test_every_asked_id_is_in_a_bank() -> None:
    assert find_unknown_ids(lesson_paths()) == {}


def test_every_bank_item_is_asked_by_its_lesson() -> None:
    assert find_unasked_ids(lesson_paths()) == []


def test_the_scan_sees_every_lesson() -> None:
    found = scan_exercise_ids(lesson_paths())
    seen = {str(path).rsplit("/", 1)[-1] for places in found.values() for path, _cell in places}
    assert seen == {p.name for p in lesson_paths()}
