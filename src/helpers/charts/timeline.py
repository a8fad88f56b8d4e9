"""Lesson 02's timeline explorer: events 2008–2022 as dots, with kernel-free filters.

The table is :func:`helpers.analysis.timeline.explorer_table`. The chart's filters are
Vega-Lite parameters bound to a radio group (period) and a drop-down (category): they work
from stored outputs, without a kernel. :func:`helpers.analysis.timeline.filter_events` does
the same filtering in pandas.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.analysis.timeline import (
    ALL_CATEGORIES,
    ALL_PERIODS,
    CATEGORY_LABELS,
    LESSON_START,
    PERIODS,
    category_counts,
)
from helpers.charts import OKABE_ITO, describe

__all__ = ["CATEGORY_PARAM", "PERIOD_PARAM", "explorer_chart", "explorer_sentence"]

PERIOD_PARAM = "period_pick"
CATEGORY_PARAM = "category_pick"


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
