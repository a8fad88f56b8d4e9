"""Lesson 01, second edition: balance repairs (Asmus, the deterrence case, Finland as a test),
the founders' date, the treaty table, and the exercise rules."""

from __future__ import annotations

import json

from lesson_rules import (
    chart_item_problems,
    duplicate_problems,
    feedback_problems,
    hint_problems,
    lesson_path,
    markdown,
    recall_share,
    written_problems,
)

from helpers import data
from helpers.analysis import membership
from helpers.exercises.bank import bank_for, entry

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


# Short quotations from The North Atlantic Treaty (Washington D.C., 4 April 1949), with
# Article 6 as amended by the 1951 Protocol on the accession of Greece and Turkey: the
# lesson's treaty table must quote them word for word.
TREATY_QUOTES = {
    4: (
        "The Parties will consult together whenever, in the opinion of any of them, the "
        "territorial integrity, political independence or security of any of the Parties "
        "is threatened."
    ),
    5: (
        "an armed attack against one or more of them in Europe or North America shall be "
        "considered an attack against them all"
    ),
    6: "on the territory of any of the Parties in Europe or North America",
    10: "The Parties may, by unanimous agreement, invite any other European State",
}


def _treaty_rows() -> dict[int, str]:
    nb = json.loads(lesson_path(STEM).read_text(encoding="utf-8"))
    lines = [
        line
        for cell in nb["cells"]
        if cell["cell_type"] == "markdown"
        for line in "".join(cell["source"]).splitlines()
    ]
    return {
        number: next(line for line in lines if line.startswith(f"| **Article {number}**"))
        for number in TREATY_QUOTES
    }


def test_the_treaty_table_quotes_each_article_word_for_word() -> None:
    for number, row in _treaty_rows().items():
        assert TREATY_QUOTES[number] in row, number


def test_article_6_scope_is_stated_in_full_where_it_matters() -> None:
    """Article 6 as amended: Türkiye and the North Atlantic islands, not only Europe and North
    America, and Ukraine is outside every listed area."""
    row = _treaty_rows()[6]
    for phrase in ("Türkiye", "Tropic of Cancer", "Mediterranean", "Ukraine is in none"):
        assert phrase in row, phrase


def test_order_exercise_key_follows_accession_dates() -> None:
    table = membership.allies_table(data.members())
    key = entry("01.q-rounds").fields["key"]
    first_country = {
        "greece": "Greece",
        "spain": "Spain",
        "visegrad": "Poland",
        "baltic": "Estonia",
        "montenegro": "Montenegro",
        "finland": "Finland",
    }
    joined = table.set_index("country")["joined"]
    assert key == sorted(first_country, key=lambda item: joined[first_country[item]])
