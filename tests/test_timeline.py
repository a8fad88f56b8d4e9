"""Lesson 02's timeline (helpers.analysis.timeline) and its explorer chart
(helpers.charts.timeline): periods, filters, the chart spec and the stated figures."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import data
from helpers.analysis import membership
from helpers.analysis import timeline as tl
from helpers.charts import timeline as tlc
from helpers.derived import all_derived

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "02-bucharest-to-full-scale-war.ipynb"


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return tl.explorer_table(data.timeline())


def _spec(events: pd.DataFrame) -> dict:
    return tlc.explorer_chart(events).to_dict()  # validates against the Vega-Lite schema


# Periods and dates


def test_periods_are_contiguous_and_cover_2008_to_2022() -> None:
    assert tl.PERIODS[0].start == date(2008, 1, 1) and tl.PERIODS[-1].end == date(2022, 12, 31)
    for before, after in zip(tl.PERIODS, tl.PERIODS[1:], strict=False):
        assert after.start == before.end + timedelta(days=1)
    assert len({p.label for p in tl.PERIODS}) == len(tl.PERIODS)


@pytest.mark.parametrize(
    "day,expected",
    [
        (date(2008, 4, 3), 0), (date(2013, 12, 31), 0), (date(2014, 1, 1), 1),
        (date(2019, 2, 7), 2), (date(2021, 12, 17), 2), (date(2022, 2, 24), 3),
    ],
)  # fmt: skip
def test_period_of_known_days(day: date, expected: int) -> None:
    assert tl.period_of(day) == tl.PERIODS[expected].label
    assert tl.period_of(pd.Timestamp(day)) == tl.PERIODS[expected].label


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_period_of_any_day(day: date) -> None:
    label = tl.period_of(day)
    inside = tl.LESSON_START <= day <= tl.LESSON_END
    assert (label is not None) == inside
    if label is not None:
        (period,) = [p for p in tl.PERIODS if p.label == label]
        assert period.start <= day <= period.end


@given(st.dates(min_value=date(1949, 1, 1), max_value=date(2100, 12, 31)))
def test_date_label_round_trips(day: date) -> None:
    text = tl.date_label(day, "day")
    assert pd.Timestamp(text).date() == day
    assert tl.date_label(day, "month") == text.split(" ", 1)[1]


@given(st.text(max_size=8).filter(lambda s: s not in ("day", "month")))
def test_date_label_refuses_unknown_precision(precision: str) -> None:
    with pytest.raises(ValueError, match="precision"):
        tl.date_label(date(2014, 12, 1), precision)


# The explorer table


def test_table_covers_the_lesson_and_is_sorted(events: pd.DataFrame) -> None:
    assert list(events["date"]) == sorted(events["date"])
    assert events["year"].between(2008, 2022).all()
    assert events["period"].notna().all() and events["category_label"].notna().all()
    assert events["event_id"].is_unique
    timeline = data.timeline()
    in_range = timeline["date"].between("2008-01-01", "2022-12-31")
    assert len(events) == int(in_range.sum())


def test_required_events_are_there(events: pd.DataFrame) -> None:
    needed = {
        "2008-bucharest", "2010-non-bloc-law", "2014-crimea-annexation", "2014-unga-68-262",
        "2014-wales-summit", "2014-non-bloc-repeal", "2016-warsaw-cap",
        "2017-membership-goal-law", "2019-constitution-amendment", "2020-eop-status",
        "2021-russia-draft-treaties", "2022-full-scale-invasion",
        "2008-russia-georgia-war", "2014-minsk-protocol", "2015-minsk-ii",
        "2021-spring-buildup", "2021-putin-unity-article", "2021-autumn-buildup",
    }  # fmt: skip
    assert needed <= set(events["event_id"])


def test_moscow_acts_in_the_three_years_before_the_war(events: pd.DataFrame) -> None:
    """Lesson 02 asks what Moscow did in 2019-2021 (three years): the filter must show it."""
    period = tl.PERIODS[2]
    assert (period.end.year - period.start.year + 1) == 3
    moscow = tl.filter_events(events, period.label, tl.CATEGORY_LABELS["russia_action"])
    assert {"2021-spring-buildup", "2021-autumn-buildup", "2021-russia-draft-treaties"} <= set(
        moscow["event_id"]
    )
    assert tl.count_events(events, category=tl.CATEGORY_LABELS["russia_action"]) >= 5


def test_rows_cite_primary_or_agency_sources_not_encyclopedias() -> None:
    rows = data.timeline().set_index("event_id")
    for event_id in ("2008-bucharest", "2014-unga-68-262", "2021-russia-draft-treaties",
                     "2022-full-scale-invasion"):  # fmt: skip
        url = str(rows.loc[event_id, "source_url"])
        assert "wikipedia.org" not in url and "docslib" not in url, event_id
    assert "nato.int" in str(rows.loc["2008-bucharest", "source_url"])
    assert "un.org" in str(rows.loc["2014-unga-68-262", "source_url"])


def test_every_event_names_its_source(events: pd.DataFrame) -> None:
    assert (events["source_title"].str.len() > 5).all()
    assert (events["locator"].str.len() > 0).all()


def test_month_precision_is_shown_as_a_month(events: pd.DataFrame) -> None:
    row = events.set_index("event_id").loc["2014-isaf-ends"]
    assert row["when"] == "December 2014"


def test_same_day_same_kind_events_get_different_slots(events: pd.DataFrame) -> None:
    dupes = events.groupby(["date", "category"])["slot"]
    assert (dupes.nunique() == dupes.size()).all()


def test_unknown_category_is_an_error() -> None:
    timeline = data.timeline().head(3).copy()
    timeline["category"] = timeline["category"].astype(str)
    timeline.loc[timeline.index[0], "category"] = "mystery"
    timeline.loc[timeline.index[0], "date"] = pd.Timestamp("2010-01-01")
    with pytest.raises(ValueError, match="without a label"):
        tl.explorer_table(timeline)


# Filters (what the chart's inputs do)


def test_filters_agree_with_counts(events: pd.DataFrame) -> None:
    assert tl.count_events(events) == len(events)
    assert tl.count_events(events, tl.ALL_PERIODS, tl.ALL_CATEGORIES) == len(events)
    by_period = sum(tl.count_events(events, period=p.label) for p in tl.PERIODS)
    assert by_period == len(events)
    by_kind = sum(tl.count_events(events, category=c) for c in tl.CATEGORY_LABELS.values())
    assert by_kind == len(events)
    kyiv = tl.filter_events(events, category="Ukraine's own course")
    assert set(kyiv["category"]) == {"ukraine_policy"}


@given(
    st.sampled_from([None, tl.ALL_PERIODS, *(p.label for p in tl.PERIODS)]),
    st.sampled_from([None, tl.ALL_CATEGORIES, *tl.CATEGORY_LABELS.values()]),
)
def test_filter_is_the_intersection(period, category) -> None:
    events = tl.explorer_table(data.timeline())
    both = tl.filter_events(events, period, category)
    only_p = set(tl.filter_events(events, period=period)["event_id"])
    only_c = set(tl.filter_events(events, category=category)["event_id"])
    assert set(both["event_id"]) == only_p & only_c


@given(st.text(min_size=1, max_size=30))
def test_filter_refuses_unknown_labels(label: str) -> None:
    events = tl.explorer_table(data.timeline())
    if label not in {p.label for p in tl.PERIODS} | {tl.ALL_PERIODS}:
        with pytest.raises(ValueError, match="unknown period"):
            tl.filter_events(events, period=label)
    if label not in set(tl.CATEGORY_LABELS.values()) | {tl.ALL_CATEGORIES}:
        with pytest.raises(ValueError, match="unknown category"):
            tl.filter_events(events, category=label)


# The chart


def test_chart_validates_and_has_named_bound_params(events: pd.DataFrame) -> None:
    spec = _spec(events)
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == {tlc.PERIOD_PARAM, tlc.CATEGORY_PARAM}
    assert params[tlc.PERIOD_PARAM]["bind"]["input"] == "radio"
    assert params[tlc.CATEGORY_PARAM]["bind"]["input"] == "select"
    assert params[tlc.PERIOD_PARAM]["value"] == tl.ALL_PERIODS
    assert params[tlc.CATEGORY_PARAM]["value"] == tl.ALL_CATEGORIES
    period_options = params[tlc.PERIOD_PARAM]["bind"]["options"]
    assert period_options == [tl.ALL_PERIODS, *(p.label for p in tl.PERIODS)]
    category_options = params[tlc.CATEGORY_PARAM]["bind"]["options"]
    assert category_options[0] == tl.ALL_CATEGORIES
    assert set(category_options[1:]) == set(events["category_label"])
    filters = " ".join(t["filter"] for t in spec["transform"])
    assert tlc.PERIOD_PARAM in filters and tlc.CATEGORY_PARAM in filters


def test_tooltips_cite_the_source_and_date(events: pd.DataFrame) -> None:
    tooltip = {t["field"]: t["title"] for t in _spec(events)["encoding"]["tooltip"]}
    assert {"source_title", "locator", "when", "title", "description"} <= set(tooltip)
    assert tooltip["source_title"] == "Source"


def test_chart_is_described_from_its_data(events: pd.DataFrame) -> None:
    spec = _spec(events)
    assert spec["description"] == tlc.explorer_sentence(events)
    assert f"{len(events)} events" in spec["description"]
    assert spec["encoding"]["x"]["type"] == "temporal"


def test_chart_data_is_inline_and_small(events: pd.DataFrame) -> None:
    spec = _spec(events)
    (rows,) = spec["datasets"].values()
    assert len(rows) == len(events) < 200
    assert "url" not in spec.get("data", {})


def test_colours_are_stable_across_subsets(events: pd.DataFrame) -> None:
    full = _spec(events)["encoding"]["color"]["scale"]
    part = _spec(events.head(3))["encoding"]["color"]["scale"]
    assert full == part and len(full["domain"]) == len(full["range"])


def test_the_hygiene_of_auto_names_is_respected(events: pd.DataFrame) -> None:
    names = [p["name"] for p in _spec(events)["params"]]
    assert all(not n.startswith(("param_", "view_", "selector")) for n in names)
    assert isinstance(tlc.explorer_chart(events), alt.Chart)


# Exercises' keys and stated figures


def test_order_key_follows_dates(events: pd.DataFrame) -> None:
    ids = ["2021-russia-draft-treaties", "2010-non-bloc-law", "2016-warsaw-cap"]
    assert tl.order_key(ids, events) == [
        "2010-non-bloc-law", "2016-warsaw-cap", "2021-russia-draft-treaties"
    ]  # fmt: skip
    with pytest.raises(KeyError):
        tl.order_key(["1994-budapest-memorandum"], events)


def test_draft_agreement_line_splits_the_allies() -> None:
    members = data.members()
    barred = membership.joined_between(members, tl.DRAFT_AGREEMENT_LINE, tl.DRAFTS_PUBLISHED)
    assert {"Poland", "Estonia", "Romania", "Montenegro", "North Macedonia"} <= set(barred)
    assert not {"Germany", "Norway", "Türkiye", "Finland", "Sweden"} & set(barred)


def test_derived_facts_are_registered_and_plausible() -> None:
    derived = all_derived()
    assert set(tl.DERIVED_FACTS) <= set(derived)
    assert derived["rada_amendment_margin_2019"]() == 34
    assert derived["allies_at_drafts_2021"]() == 30
    assert derived["allies_joined_after_may_1997_by_2021"]() == 14
    assert derived["timeline_ukraine_policy_2008_2022"]() >= 4


def test_notebook_uses_the_explorer_with_explicit_param_names() -> None:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    specs = [
        out["data"]["application/vnd.vegalite.v5+json"]
        for cell in nb["cells"]
        for out in cell.get("outputs", [])
        if "application/vnd.vegalite.v5+json" in out.get("data", {})
    ]
    # The lesson also shows the opinion chart (second edition); the explorer is one chart.
    explorers = [s for s in specs if tlc.PERIOD_PARAM in {p["name"] for p in s.get("params", [])}]
    assert len(explorers) == 1
    assert {p["name"] for p in explorers[0]["params"]} == {tlc.PERIOD_PARAM, tlc.CATEGORY_PARAM}
