"""Lesson 02's timeline explorer: events 2008–2022 by period and category, kernel-free filters.

Pure functions prepare ``timeline.csv`` for the chart (periods, readable dates and labels);
:func:`filter_events` does in pandas exactly what the chart's two bound inputs do in the
browser, so the tests and the Code corner can check what a student sees. The chart's filters
are Vega-Lite parameters bound to a radio group (period) and a drop-down (category): they
work from stored outputs, without a kernel.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import altair as alt
import pandas as pd

from helpers import data
from helpers.charts import OKABE_ITO, describe

ALL_PERIODS = "All periods"
ALL_CATEGORIES = "All categories"
PERIOD_PARAM = "period_pick"
CATEGORY_PARAM = "category_pick"


@dataclass(frozen=True)
class Period:
    """A stretch of years the explorer can show on its own (both ends included)."""

    label: str
    start: date
    end: date


PERIODS: tuple[Period, ...] = (
    Period("2008–2013: Bucharest to Vilnius", date(2008, 1, 1), date(2013, 12, 31)),
    Period("2014–2018: Crimea to Minsk", date(2014, 1, 1), date(2018, 12, 31)),
    Period("2019–2021: constitution, build-ups", date(2019, 1, 1), date(2021, 12, 31)),
    Period("2022: full-scale war", date(2022, 1, 1), date(2022, 12, 31)),
)
LESSON_START, LESSON_END = PERIODS[0].start, PERIODS[-1].end

# Category codes of timeline.csv (the enum in datapackage.json) and how the lesson names them.
CATEGORY_LABELS: dict[str, str] = {
    "nato_decision": "NATO decision",
    "ukraine_policy": "Ukraine's own course",
    "russia_action": "Russian action",
    "war": "War",
    "assistance": "Assistance to Ukraine",
    "enlargement": "Enlargement",
    "diplomacy": "Diplomacy and the UN",
    "context": "Context",
}
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def period_of(day: date | pd.Timestamp) -> str | None:
    """The label of the period containing ``day``, or None outside 2008–2022."""
    if isinstance(day, pd.Timestamp):
        day = day.date()
    for period in PERIODS:
        if period.start <= day <= period.end:
            return period.label
    return None


def date_label(day: date | pd.Timestamp, precision: str) -> str:
    """A readable date: "3 April 2008", or "December 2014" when only the month is sourced."""
    if precision not in ("day", "month"):
        raise ValueError(f"date precision must be 'day' or 'month', not {precision!r}")
    month = f"{MONTH_NAMES[day.month - 1]} {day.year}"
    return month if precision == "month" else f"{day.day} {month}"


def explorer_table(timeline: pd.DataFrame) -> pd.DataFrame:
    """Events of 2008–2022 from ``timeline.csv``, with period, readable date and labels.

    Sorted by date, then event id (stable order for stored outputs).
    """
    dates = pd.to_datetime(timeline["date"])
    keep = (dates >= pd.Timestamp(LESSON_START)) & (dates <= pd.Timestamp(LESSON_END))
    rows = timeline.loc[keep].copy()
    rows["date"] = pd.to_datetime(rows["date"])
    rows = rows.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)
    category = rows["category"].astype(str)
    unknown = sorted(set(category) - set(CATEGORY_LABELS))
    if unknown:
        raise ValueError(f"timeline categories without a label: {unknown}")
    return pd.DataFrame(
        {
            "event_id": rows["event_id"].astype(str),
            "date": rows["date"].dt.strftime("%Y-%m-%d"),
            "when": [
                date_label(d, str(p))
                for d, p in zip(rows["date"], rows["date_precision"], strict=True)
            ],
            "year": rows["date"].dt.year.astype(int),
            "period": [period_of(d) for d in rows["date"]],
            "category": category,
            "category_label": category.map(CATEGORY_LABELS),
            "slot": rows.groupby(["date", "category"], observed=True).cumcount().astype(int),
            "title": rows["title"].astype(str),
            "description": rows["description"].astype(str),
            "source_title": rows["source_title"].astype(str),
            "locator": rows["locator"].astype(str),
        }
    )


def filter_events(
    table: pd.DataFrame, period: str | None = None, category: str | None = None
) -> pd.DataFrame:
    """The rows the chart shows for a period label and a category label (None or "All…" = all).

    Unknown labels are an error, so a typo never silently gives an empty table.
    """
    out = table
    if period not in (None, ALL_PERIODS):
        if period not in {p.label for p in PERIODS}:
            raise ValueError(f"unknown period {period!r}")
        out = out[out["period"] == period]
    if category not in (None, ALL_CATEGORIES):
        if category not in CATEGORY_LABELS.values():
            raise ValueError(f"unknown category {category!r}")
        out = out[out["category_label"] == category]
    return out.reset_index(drop=True)


def count_events(
    table: pd.DataFrame, period: str | None = None, category: str | None = None
) -> int:
    """How many events the explorer shows for these filter settings."""
    return len(filter_events(table, period, category))


def category_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Events per category label (every label present, zero where none), largest first."""
    counts = table["category_label"].value_counts()
    out = pd.DataFrame({"category": list(CATEGORY_LABELS.values())})
    out["events"] = out["category"].map(counts).fillna(0).astype(int)
    return out.sort_values(["events", "category"], ascending=[False, True]).reset_index(drop=True)


def explorer_sentence(table: pd.DataFrame) -> str:
    """The chart's one-sentence description, computed from its data."""
    top = category_counts(table).iloc[0]
    return (
        f"Timeline of {len(table)} events from {table['year'].min()} to {table['year'].max()}, "
        f"one row per kind of event (most often: {top['category']}, {top['events']} events), "
        "filterable by period and category; each point's tooltip names its source."
    )


def _labels_present(table: pd.DataFrame) -> list[str]:
    present = set(table["category_label"])
    return [label for label in CATEGORY_LABELS.values() if label in present]


def explorer_chart(table: pd.DataFrame) -> alt.Chart:
    """Dot timeline with a period radio group and a category drop-down bound to parameters."""
    labels = _labels_present(table)
    period = alt.param(
        name=PERIOD_PARAM,
        value=ALL_PERIODS,
        bind=alt.binding_radio(options=[ALL_PERIODS, *(p.label for p in PERIODS)], name="Period: "),
    )
    category = alt.param(
        name=CATEGORY_PARAM,
        value=ALL_CATEGORIES,
        bind=alt.binding_select(options=[ALL_CATEGORIES, *labels], name="Kind of event: "),
    )
    colour_domain = list(CATEGORY_LABELS.values())
    chart = (
        alt.Chart(table)
        .mark_point(filled=True, size=140, opacity=0.9, stroke="#333333", strokeWidth=0.6)
        .encode(
            x=alt.X(
                "date:T",
                title="Date",
                scale=alt.Scale(domain=[LESSON_START.isoformat(), "2022-12-31"]),
                axis=alt.Axis(format="%Y", tickCount="year", labelAngle=0, labelFlush=False),
            ),
            y=alt.Y("category_label:N", title=None, sort=labels),
            color=alt.Color(
                "category_label:N",
                title="Kind of event",
                scale=alt.Scale(domain=colour_domain, range=list(OKABE_ITO)),
                legend=None,
            ),
            shape=alt.Shape("category_label:N", sort=labels, legend=None),
            # Events on the same day in the same row sit side by side, not on top.
            yOffset=alt.YOffset("slot:N", scale=alt.Scale(paddingOuter=0.5)),
            tooltip=[
                alt.Tooltip("when:N", title="Date"),
                alt.Tooltip("title:N", title="Event"),
                alt.Tooltip("description:N", title="What happened"),
                alt.Tooltip("category_label:N", title="Kind"),
                alt.Tooltip("source_title:N", title="Source"),
                alt.Tooltip("locator:N", title="Where in the source"),
            ],
        )
        .add_params(period, category)
        .transform_filter(f"{PERIOD_PARAM} == '{ALL_PERIODS}' || datum.period == {PERIOD_PARAM}")
        .transform_filter(
            f"{CATEGORY_PARAM} == '{ALL_CATEGORIES}' || datum.category_label == {CATEGORY_PARAM}"
        )
        .properties(
            title="From Bucharest to full-scale war: events 2008–2022",
            width=600,
            height=320,
        )
    )
    return describe(chart, explorer_sentence(table))


def events_table(table: pd.DataFrame) -> pd.DataFrame:
    """The explorer's data as a reader-friendly table (the "show as table" option)."""
    return table[["when", "category_label", "title", "source_title", "locator"]].rename(
        columns={
            "when": "date",
            "category_label": "kind",
            "title": "event",
            "source_title": "source",
            "locator": "where in the source",
        }
    )


def joined_between(members: pd.DataFrame, after: date, until: date) -> list[str]:
    """Allies that joined after ``after`` and on or before ``until``, sorted by name.

    With the draft agreement's line (27 May 1997) and its publication (17 December 2021)
    these are the allies on whose territory it would have barred new allied deployments.
    """
    joined = pd.to_datetime(members["accession_date"])
    rows = members[(joined > pd.Timestamp(after)) & (joined <= pd.Timestamp(until))]
    return sorted(rows["country"].astype(str))


def order_key(event_ids: Iterable[str], table: pd.DataFrame) -> list[str]:
    """Event ids sorted by their dates in ``table`` (the key of a put-in-order exercise)."""
    dates = dict(zip(table["event_id"], table["date"], strict=True))
    ids = list(event_ids)
    missing = [e for e in ids if e not in dates]
    if missing:
        raise KeyError(f"events not in the explorer table: {missing}")
    return sorted(ids, key=lambda e: (dates[e], e))


DRAFT_AGREEMENT_LINE = date(1997, 5, 27)
DRAFTS_PUBLISHED = date(2021, 12, 17)


def _explorer() -> pd.DataFrame:
    return explorer_table(data.timeline())


def _opinion_facts() -> dict[str, Callable[[], float]]:
    from helpers.analysis import opinion

    return dict(opinion.DERIVED_FACTS)


DERIVED_FACTS: dict[str, Callable[[], float]] = {
    **_opinion_facts(),
    "timeline_events_2008_2022": lambda: float(len(_explorer())),
    "timeline_ukraine_policy_2008_2022": lambda: float(
        count_events(_explorer(), category=CATEGORY_LABELS["ukraine_policy"])
    ),
    "allies_joined_after_may_1997_by_2021": lambda: float(
        len(joined_between(data.members(), DRAFT_AGREEMENT_LINE, DRAFTS_PUBLISHED))
    ),
    "allies_at_drafts_2021": lambda: float(
        len(joined_between(data.members(), date(1900, 1, 1), DRAFTS_PUBLISHED))
    ),
    "rada_amendment_margin_2019": lambda: (
        data.fact("rada_votes_2019_amendment") - data.fact("rada_constitutional_majority")
    ),
}
