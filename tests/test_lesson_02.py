"""Lesson 02, second edition: the 2013–2015 story, the opinion chart and the exercise rules."""

from __future__ import annotations

import json
import time

import pytest
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
from helpers.analysis import opinion
from helpers.analysis import timeline as tl
from helpers.charts import opinion as opinion_charts
from helpers.derived import all_derived

STEM = "02-bucharest-to-full-scale-war"
CHART_ITEMS = ["02.num-opinion", "02.order-events"]


def test_core_items_are_at_most_a_third_recall() -> None:
    assert recall_share(STEM) <= 1 / 3


def test_two_items_need_the_charts() -> None:
    assert chart_item_problems(STEM, CHART_ITEMS) == []


def test_hints_feedback_and_written_items_follow_the_rules() -> None:
    assert hint_problems(STEM) == []
    assert feedback_problems(STEM) == []
    assert written_problems(STEM) == []
    assert duplicate_problems([STEM]) == []


def test_the_2013_to_2015_story_is_told_in_the_prose() -> None:
    """The reviewer's gap: Vilnius, the Maidan, Yanukovych, Crimea, Donbas, Minsk I and II."""
    text = markdown(STEM)
    for needle in ("vilnius", "association agreement", "maidan", "yanukovych", "crimea",
                   "donbas", "minsk", "package of measures", "non-bloc", "revolution of dignity",
                   "coup", "historical unity of russians and ukrainians"):  # fmt: skip
        assert needle in text, needle


def test_grey_zone_and_ambiguity_are_attributed_as_interpretation() -> None:
    """'Ambiguity' appears only as Moller's (or others') reading, never as a plain fact."""
    text = markdown(STEM)
    assert "grey zone" not in text
    for sentence in [s for s in text.split(".") if "ambigu" in s]:
        assert any(w in sentence for w in ("moller", "interpretation", "reading", "reads")), (
            sentence
        )


def test_the_moller_quotation_is_located_in_a_slippery_slope() -> None:
    text = markdown(STEM)
    assert "ukraine's place is inside nato" in text
    at = text.index("ukraine's place is inside nato")
    assert "a slippery slope?" in text[max(0, at - 200) : at]
    assert "(moller, introduction)" not in text


def test_new_timeline_rows_are_in_the_explorer_with_sources() -> None:
    events = tl.explorer_table(data.timeline()).set_index("event_id")
    for event_id in ("2013-association-agreement-suspended", "2014-yanukovych-removed",
                     "2014-donbas-armed-seizures", "2014-nato-russian-forces-images"):  # fmt: skip
        assert event_id in events.index
        assert events.loc[event_id, "source_title"] and events.loc[event_id, "locator"]
        url = str(data.timeline().set_index("event_id").loc[event_id, "source_url"])
        assert not any(bad in url for bad in ("sputnik", "uawire", "news-pravda"))


def test_no_source_in_the_lesson_is_an_aggregator_or_state_outlet_of_fact() -> None:
    text = markdown(STEM)
    assert "uawire" not in text and "sputnik" not in text


def test_opinion_chart_validates_and_names_its_selection() -> None:
    polls = opinion.poll_table(data.opinion())
    spec = opinion_charts.opinion_chart(polls, opinion_charts.opinion_sentence(polls)).to_dict()
    assert [p["name"] for p in spec["params"]] == [opinion_charts.BASE_PARAM]
    assert spec["params"][0]["views"] == ["opinion_points"]  # no auto-numbered view
    assert spec["description"] == opinion_charts.opinion_sentence(polls)
    assert f"{len(polls)} Ukrainian polls" in spec["description"]


def test_opinion_comparisons_refuse_mixed_bases() -> None:
    polls = opinion.poll_table(data.opinion())
    assert opinion.change_points(polls, "dif-2010-06", "dif-razumkov-2015-07") == 39
    with pytest.raises(ValueError, match="different bases"):
        opinion.change_points(polls, "dif-2008-03", "dif-razumkov-2015-07")
    pairs = opinion.comparable_pairs(polls)
    assert ("dif-2010-06", "dif-razumkov-2015-07") in pairs
    assert all(polls.set_index("poll_id").loc[a, "base"] ==
               polls.set_index("poll_id").loc[b, "base"] for a, b in pairs)  # fmt: skip


def test_derived_opinion_facts_are_registered() -> None:
    derived = all_derived()
    assert derived["l02_poll_for_2008_03"]() == 22
    assert derived["l02_poll_for_2021_12"]() == pytest.approx(59.2)
    assert derived["timeline_events_2008_2022"]() == len(tl.explorer_table(data.timeline()))


def test_the_stored_lesson_shows_both_charts() -> None:
    nb = json.loads(lesson_path(STEM).read_text(encoding="utf-8"))
    titles = [
        out["data"]["application/vnd.vegalite.v5+json"].get("title")
        for cell in nb["cells"]
        for out in cell.get("outputs", [])
        if "application/vnd.vegalite.v5+json" in out.get("data", {})
    ]
    assert len(titles) == 2


def test_building_the_opinion_chart_is_fast() -> None:
    polls = opinion.poll_table(data.opinion())
    start = time.perf_counter()
    opinion_charts.opinion_chart(polls, "x").to_dict(validate=False)
    print(f"opinion chart spec built in {1000 * (time.perf_counter() - start):.1f} ms")
