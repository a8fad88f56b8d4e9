"""Lesson 03, second edition: lethal aid, the Kiel donor table and monthly series, the
weapon-decisions chart, the corrected slips, and the exercise rules."""

from __future__ import annotations

import json
import time

import pandas as pd
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
from helpers.analysis import aid_series, weapon_decisions
from helpers.charts import weapon_decisions as wc
from helpers.derived import all_derived
from helpers.exercises import computed

STEM = "03-arming-ukraine"
CHART_ITEMS = ["03.channels", "03.num-abrams", "03.num-us-germany", "03.num-lull"]


def test_core_items_are_at_most_a_third_recall() -> None:
    assert recall_share(STEM) <= 1 / 3


def test_items_need_the_charts() -> None:
    assert chart_item_problems(STEM, CHART_ITEMS) == []


def test_hints_feedback_and_written_items_follow_the_rules() -> None:
    assert hint_problems(STEM) == []
    assert feedback_problems(STEM) == []
    assert written_problems(STEM) == []
    assert duplicate_problems(["02-bucharest-to-full-scale-war", STEM]) == []


def test_lethal_aid_is_taught_from_the_2015_debate_to_2024() -> None:
    text = markdown(STEM)
    for needle in ("poroshenko", "merkel", "mearsheimer", "javelin", "sold, not given",
                   "commercial", "2015", "rocket launchers", "patriot"):  # fmt: skip
        assert needle in text, needle


def test_the_slips_the_reviewer_found_are_corrected() -> None:
    text = markdown(STEM)
    # Wales: an aim to move towards 2%, not an agreement to reach it.
    assert "aim to move towards the 2% guideline within a decade" in text
    assert "agreed to move towards spending" not in text
    # NSATU was set up at the summit and took over later, in an epilogue with a warning.
    assert "from the washington summit nato also coordinated" not in text
    assert "december 2024" in text and "hindsight" in text


def test_weapon_table_and_chart() -> None:
    decisions = data.weapon_decisions()
    table = wc.weapon_table(decisions)
    assert list(table["announced"]) == sorted(table["announced"])
    assert table["name"].is_unique
    assert set(table["kind"]) <= set(wc.KIND_LABELS.values())
    assert set(wc.KIND_LABELS) == set(decisions["decision_type"].cat.categories)
    assert weapon_decisions.months_to_delivery(decisions, "2023-01-us-abrams") == 8
    with pytest.raises(ValueError):
        weapon_decisions.months_to_delivery(decisions, "2015-02-mearsheimer-dont-arm-ukraine")
    abrams = table.set_index("decision_id").loc["2023-01-us-abrams"]
    assert abrams["name"] == "Abrams tanks (US)" and abrams["lag_days"] == 243
    spec = wc.weapon_chart(table, wc.weapon_sentence(table)).to_dict()
    json.dumps(spec, allow_nan=False)  # no NaN in the chart's data
    assert [p["name"] for p in spec["params"]] == [wc.KIND_PARAM]
    assert spec["params"][0]["bind"]["options"][0] == wc.ALL_KINDS
    assert spec["description"] == wc.weapon_sentence(table)
    assert f"{len(table)} allied decisions" in spec["description"]


def test_epilogue_deliveries_are_flagged() -> None:
    table = wc.weapon_table(data.weapon_decisions())
    late = table[table["epilogue"]]
    assert list(late["decision_id"]) == ["2023-07-f16-training-coalition"]
    reader = wc.weapon_reader_table(table)
    assert reader.loc[late.index[0], "first delivery (where sourced)"].endswith("(epilogue)")


def test_chart_item_keys_follow_the_data() -> None:
    every = data.military_aid(release=None)
    cut = aid_series.cutoffs(every)
    row = cut[cut["cutoff_role"] == aid_series.ARTICLE].iloc[0]
    ranked = aid_series.donor_ranking(every, row["data_cutoff"], row["release"]).set_index("donor")
    eur = ranked["military_eur_bn"]
    ratio = eur["United States"] / eur["Germany"]
    assert computed.key("us_germany_ratio_june_2024") == pytest.approx(round(ratio, 1))
    wide = aid_series.monthly_wide(data.military_aid_monthly(), start="2023-10", end="2024-03")
    expected = int((wide["European donors"] > wide["United States"]).sum())
    assert computed.key("lull_months_europe_above_us") == expected == 5


def test_derived_facts_stated_in_the_prose() -> None:
    derived = all_derived()
    assert derived["l03_us_share_june2024_pct"]() == pytest.approx(49.6)
    assert derived["l03_europe_share_june2024_pct"]() == pytest.approx(47.3)
    assert derived["l03_donor_countries_release29"]() == 34
    assert derived["l03_us_months_without_new_aid_2024"]() == 2
    assert derived["l03_weapon_decisions"]() == len(data.weapon_decisions())


def test_the_stored_lesson_shows_the_four_core_charts_and_two_extension_charts() -> None:
    nb = json.loads(lesson_path(STEM).read_text(encoding="utf-8"))
    titles = [
        str(out["data"]["application/vnd.vegalite.v5+json"].get("title"))
        for cell in nb["cells"]
        for out in cell.get("outputs", [])
        if "application/vnd.vegalite.v5+json" in out.get("data", {})
    ]
    assert len(titles) == 6
    assert any("decisions from announcement" in t for t in titles)
    assert any("per month" in t for t in titles)


def test_building_the_weapon_chart_is_fast() -> None:
    table = wc.weapon_table(data.weapon_decisions())
    start = time.perf_counter()
    wc.weapon_chart(table, "x").to_dict(validate=False)
    print(f"weapon chart spec built in {1000 * (time.perf_counter() - start):.1f} ms")
    assert isinstance(table, pd.DataFrame)
