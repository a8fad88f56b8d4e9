"""Lesson 01, second edition: balance repairs (Asmus, the deterrence case, Finland as a test),
the founders' date, and the exercise rules."""

from __future__ import annotations

from lesson_rules import (
    chart_item_problems,
    duplicate_problems,
    feedback_problems,
    hint_problems,
    markdown,
    recall_share,
    written_problems,
)

from helpers import data
from helpers.exercises.bank import bank_for

STEM = "01-the-alliance"
CHART_ITEMS = ["01.q-after-bucharest", "01.q-border"]


def test_core_items_are_at_most_a_third_recall() -> None:
    assert recall_share(STEM) <= 1 / 3


def test_two_items_need_the_map() -> None:
    assert chart_item_problems(STEM, CHART_ITEMS) == []


def test_hints_feedback_and_written_items_follow_the_rules() -> None:
    assert hint_problems(STEM) == []
    assert feedback_problems(STEM) == []
    assert written_problems(STEM) == []
    assert duplicate_problems([STEM, "02-bucharest-to-full-scale-war", "03-arming-ukraine"]) == []


def test_the_founders_date_is_explained_by_article_11() -> None:
    text = markdown(STEM)
    assert "24 august 1949" in text and "article 11" in text and "4 april" in text
    founders = data.members()
    assert set(founders.loc[founders["enlargement_round"] == 0, "accession_date"].astype(str)) == {
        "1949-08-24"
    }


def test_balance_repairs_are_in_the_prose() -> None:
    text = markdown(STEM)
    # "Too little" rests on more than one Zelensky quote; the deterrence case and Finland.
    for needle in ("asmus", "a little war that shook the world", "membership deters",
                   "niinistö", "finland: a test of both theses", "no direct threat"):  # fmt: skip
        assert needle in text, needle
    # Sestanovich's "political defeat in Kyiv" is explained, not left opaque.
    at = text.index("political defeat in kyiv")
    assert "yanukovych" in text[at : at + 120]


def test_the_two_written_tasks_of_01_and_02_ask_different_things() -> None:
    a = bank_for("01.wa-enlargement").entry("01.wa-enlargement")
    b = bank_for("02.wa-dilemma").entry("02.wa-dilemma")
    assert a.fields["question"] != b.fields["question"]
    assert "own making" not in a.fields["question"]
    assert "finland" in a.fields["question"].lower()
