"""Lesson 00, second edition: warm-up items above recall, two chart items, the FPRI link."""

from __future__ import annotations

from lesson_rules import (
    chart_item_problems,
    duplicate_problems,
    feedback_problems,
    hint_problems,
    markdown,
    raw_markdown,
    recall_share,
    written_problems,
)

STEM = "00-start-here"
CHART_ITEMS = ["00.q-after-cold-war", "00.q-joined-2000s"]


def test_core_items_are_at_most_a_third_recall() -> None:
    assert recall_share(STEM) <= 1 / 3


def test_two_items_need_the_chart() -> None:
    assert chart_item_problems(STEM, CHART_ITEMS) == []


def test_hints_feedback_and_written_items_follow_the_rules() -> None:
    assert hint_problems(STEM) == []
    assert feedback_problems(STEM) == []
    assert written_problems(STEM) == []
    assert duplicate_problems([STEM]) == []


def test_the_reading_is_linked_on_fpri_and_attributed() -> None:
    raw = raw_markdown(STEM)
    assert "https://www.fpri.org/article/2024/07/" in raw
    text = markdown(STEM)
    assert "foreign policy research institute" in text and "moller" in text
