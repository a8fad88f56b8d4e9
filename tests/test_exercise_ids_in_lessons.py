"""Exercise ids are unique across the course and match their lesson's number."""

from __future__ import annotations

from conftest import lesson_paths

from helpers.exercises import find_duplicate_ids, find_misplaced_ids, scan_exercise_ids


def test_no_exercise_id_is_used_twice_across_lessons() -> None:
    assert find_duplicate_ids(lesson_paths()) == {}


def test_every_id_starts_with_its_lessons_number() -> None:
    assert not find_misplaced_ids(lesson_paths())


def test_the_scan_sees_every_lesson() -> None:
    found = scan_exercise_ids(lesson_paths())
    seen = {str(path).rsplit("/", 1)[-1] for places in found.values() for path, _cell in places}
    assert seen == {p.name for p in lesson_paths()}
