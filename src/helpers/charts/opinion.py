"""Lesson 02's opinion chart: Ukrainian support for NATO membership in polls, 2008–2024.

Points per poll (share in favour), coloured by the base the share is computed on; the
legend highlights one base (a Vega-Lite selection named ``base_pick``, so it works from
stored outputs). Dashed rules mark the two changes in the territory polls could cover.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.analysis.opinion import AFTER, BASES, BEFORE, TERRITORY_CHANGES
from helpers.charts import describe

BASE_PARAM = "base_pick"
BASE_COLOURS: tuple[str, ...] = ("#0072B2", "#E69F00")


def opinion_sentence(table: pd.DataFrame) -> str:
    """One sentence describing the chart, computed from :func:`poll_table` output."""
    before = table[~table["epilogue"]]
    first = before.iloc[0]
    low = before.loc[before["share_for"].idxmin()]
    high = before.loc[before["share_for"].idxmax()]
    return (
        f"Dot chart of {len(table)} Ukrainian polls on joining NATO from {first['year']} to "
        f"{table['year'].max()}, share in favour by base (all respondents or those who would "
        f"vote): before the Washington Summit the lowest was {low['share_for']:g}% "
        f"({low['fieldwork']}, {low['base']}) and the highest {high['share_for']:g}% "
        f"({high['fieldwork']}, {high['base']}); dashed lines mark 2014 and 2022, after "
        f"which occupied areas were not polled; the last point is epilogue data."
    )


def opinion_chart(table: pd.DataFrame, sentence: str) -> alt.LayerChart:
    """Polls over time; the legend highlights one base; territory changes as dashed rules."""
    pick = alt.selection_point(name=BASE_PARAM, fields=["base"], bind="legend")
    x = alt.X(
        "when:T",
        title="Fieldwork (middle)",
        scale=alt.Scale(domain=["2007-07-01", "2025-01-01"]),
        axis=alt.Axis(format="%Y", tickCount="year", labelAngle=0),
    )
    points = (
        alt.Chart(table)
        .mark_point(filled=True, size=110, stroke="#333333", strokeWidth=0.6)
        .encode(
            x=x,
            y=alt.Y(
                "share_for:Q",
                title="For joining NATO, % of the base",
                scale=alt.Scale(domain=[0, 100]),
            ),
            color=alt.Color(
                "base:N",
                title="Base (click one)",
                scale=alt.Scale(domain=list(BASES), range=list(BASE_COLOURS)),
                legend=alt.Legend(orient="bottom", columns=1),
            ),
            shape=alt.Shape(
                "timing:N",
                title="Fieldwork",
                scale=alt.Scale(domain=[BEFORE, AFTER], range=["circle", "diamond"]),
                legend=alt.Legend(orient="bottom", columns=1),
            ),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.2)),
            tooltip=[
                alt.Tooltip("fieldwork:N", title="Fieldwork"),
                alt.Tooltip("pollster:N", title="Pollster"),
                alt.Tooltip("base:N", title="Share of"),
                alt.Tooltip("share_for:Q", title="For (%)", format=".1f"),
                alt.Tooltip("share_against:Q", title="Against (%)", format=".1f"),
                alt.Tooltip("sample_notes:N", title="Sample"),
            ],
        )
        .add_params(pick)
        .properties(name="opinion_points")  # a fixed view name, not an auto-numbered one
    )
    marks = pd.DataFrame(
        {"when": [d for d, _ in TERRITORY_CHANGES], "note": [n for _, n in TERRITORY_CHANGES]}
    )
    rules = (
        alt.Chart(marks)
        .mark_rule(strokeDash=[4, 4], color="#555555")
        .encode(x="when:T", tooltip=[alt.Tooltip("note:N", title="Territory polled")])
    )
    chart = alt.layer(rules, points).properties(
        title="Ukrainians for joining NATO, in polls 2008–2024", width=560, height=300
    )
    return describe(chart, sentence)
