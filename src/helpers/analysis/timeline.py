"""Lesson 02's timeline: events 2008–2022 by period and category, and what a filter shows.

Pure pandas over ``timeline.csv``. :func:`explorer_table` prepares the events (periods,
readable dates, labels) for the explorer chart (``helpers.charts.timeline``);
:func:`filter_events` does in pandas exactly what the chart's two bound inputs do in the
browser, so the tests and the Code corner can check what a student sees.

``DERIVED_FACTS`` recomputes the figures lesson 02 states in its prose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from helpers import data
from helpers.analysis import membership

__all__ = [
    "ALL_CATEGORIES",
    "ALL_PERIODS",
    "CATEGORY_LABELS",
    "DERIVED_FACTS",
    "DRAFTS_PUBLISHED",
    "DRAFT_AGREEMENT_LINE",
    "LESSON_END",
    "LESSON_START",
    "PERIODS",
    "Period",
    "category_counts",
    "count_events",
    "date_label",
    "events_table",
    "explorer_table",
    "filter_events",
    "order_key",
    "period_of",
]

ALL_PERIODS = "All periods"
ALL_CATEGORIES = "All categories"


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

DRAFT_AGREEMENT_LINE = date(1997, 5, 27)
"""Moscow's draft agreement with NATO (2021) would have barred new allied deployments on the
territory of the allies that joined after this day (the NATO–Russia Founding Act)."""
DRAFTS_PUBLISHED = date(2021, 12, 17)
"""The day Moscow published its two draft treaties."""


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


def order_key(event_ids: Iterable[str], table: pd.DataFrame) -> list[str]:
    """Event ids sorted by their dates in ``table`` (the key of a put-in-order exercise)."""
    dates = dict(zip(table["event_id"], table["date"], strict=True))
    ids = list(event_ids)
    missing = [e for e in ids if e not in dates]
    if missing:
        raise KeyError(f"events not in the explorer table: {missing}")
    return sorted(ids, key=lambda e: (dates[e], e))


def _explorer() -> pd.DataFrame:
    return explorer_table(data.timeline())


DERIVED_FACTS: dict[str, Callable[[], float]] = {
    "timeline_events_2008_2022": lambda: float(len(_explorer())),
    "timeline_ukraine_policy_2008_2022": lambda: float(
        count_events(_explorer(), category=CATEGORY_LABELS["ukraine_policy"])
    ),
    "allies_joined_after_may_1997_by_2021": lambda: float(
        len(membership.joined_between(data.members(), DRAFT_AGREEMENT_LINE, DRAFTS_PUBLISHED))
    ),
    "allies_at_drafts_2021": lambda: float(membership.allies_on(data.members(), DRAFTS_PUBLISHED)),
    "rada_amendment_margin_2019": lambda: (
        data.fact("rada_votes_2019_amendment") - data.fact("rada_constitutional_majority")
    ),
}
"""Figures lesson 02 states in its prose, recomputed from the tables (the polls' figures are
in ``helpers.analysis.opinion``)."""
