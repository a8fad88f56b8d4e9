"""The Alliance's membership as charts: lesson 01's map-and-list explorer with its year slider
(a Vega-Lite parameter, so it works without a kernel) and the growth chart of lessons 00 and 01.

The tables come from :mod:`helpers.analysis.membership` (``allies_table``, ``rounds``); the
map from ``europe.topojson``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import altair as alt
import pandas as pd

from helpers.analysis.membership import ALLY_STATUS, LATER_STATUS, NEVER_STATUS
from helpers.charts import describe

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "STATUS_EXPR",
    "YEAR_PARAM",
    "accession_explorer",
    "accession_map",
    "allies_strip",
    "explorer_sentence",
    "growth_chart",
    "growth_sentence",
    "year_slider",
]

# The year slider's name: explicit, so the spec is stable between runs (hygiene test).
YEAR_PARAM = "year"
FIRST_YEAR, LAST_YEAR = 1949, 2024

# analysis.membership.status_in_year as a Vega expression (``year`` is the slider's value).
STATUS_EXPR = (
    f"datum.year == null ? '{NEVER_STATUS}' : "
    f"(datum.year <= {YEAR_PARAM} ? '{ALLY_STATUS}' : '{LATER_STATUS}')"
)


def year_slider() -> alt.Parameter:
    """The year slider: an explicitly named Vega-Lite parameter bound to a range input."""
    return alt.param(
        name=YEAR_PARAM,
        value=LAST_YEAR,
        bind=alt.binding_range(
            min=FIRST_YEAR, max=LAST_YEAR, step=1, name="Show the Alliance as of the end of "
        ),
    )


def _colour(table: pd.DataFrame, legend: bool) -> alt.Color:
    years = sorted(set(int(y) for y in table["year"]))
    return alt.Color(
        "year:O",
        title="Year joined",
        scale=alt.Scale(domain=years, scheme="viridis"),
        legend=alt.Legend(orient="bottom", direction="horizontal", columns=6) if legend else None,
    )


def accession_map(table: pd.DataFrame, topo: Mapping[str, Any]) -> alt.Chart:
    """Europe map: today's allies coloured by accession year; later joiners and non-allies grey.

    ``table`` is ``allies_table`` output. The chart expects the ``year`` parameter to be
    defined on it or on a chart containing it.
    """
    lookup = table[["iso_numeric", "country", "year", "joined", "round"]]
    countries = alt.Data(
        values=dict(topo), format=alt.DataFormat(type="topojson", feature="countries")
    )
    shown = f"datum.status == '{ALLY_STATUS}'"
    return (
        alt.Chart(countries)
        .mark_geoshape(stroke="white", strokeWidth=0.5)
        .transform_lookup(
            lookup="properties.sovereign_id",
            from_=alt.LookupData(
                data=lookup, key="iso_numeric", fields=["country", "year", "joined", "round"]
            ),
        )
        .transform_calculate(status=STATUS_EXPR, name="datum.properties.name")
        .encode(
            color=alt.condition(shown, _colour(table, legend=True), alt.value("#9e9e9e")),
            opacity=alt.condition(
                f"datum.status == '{NEVER_STATUS}'", alt.value(0.3), alt.value(1.0)
            ),
            tooltip=[
                alt.Tooltip("name:N", title="Country"),
                alt.Tooltip("status:N", title="In the chosen year"),
                alt.Tooltip("joined:N", title="Joined NATO"),
                alt.Tooltip("round:Q", title="Round (0 = founders)"),
            ],
        )
        .project(type="conicConformal", rotate=[-15, 0], parallels=[40, 65])
        .properties(width=420, height=440, title="Today's European allies, by year joined")
    )


def allies_strip(table: pd.DataFrame) -> alt.Chart:
    """All allies (with the United States and Canada) as dots on a time axis, one row each."""
    order = table["country"].to_list()
    shown = f"datum.status == '{ALLY_STATUS}'"
    return (
        alt.Chart(table)
        .transform_calculate(status=STATUS_EXPR)
        .mark_circle(size=110)
        .encode(
            x=alt.X(
                "year:Q",
                title="Year joined",
                scale=alt.Scale(domain=[1945, 2026]),
                axis=alt.Axis(format="d", tickCount=8),
            ),
            y=alt.Y("country:N", title=None, sort=order),
            color=alt.condition(shown, _colour(table, legend=False), alt.value("#bdbdbd")),
            tooltip=[
                alt.Tooltip("country:N", title="Ally"),
                alt.Tooltip("joined:N", title="Joined NATO"),
                alt.Tooltip("round:Q", title="Round (0 = founders)"),
                alt.Tooltip("region:N", title="Region"),
                alt.Tooltip("status:N", title="In the chosen year"),
            ],
        )
        .properties(width=200, height=440, title="All allies, with the US and Canada")
    )


def explorer_sentence(table: pd.DataFrame) -> str:
    """The one-sentence description of :func:`accession_explorer`, computed from the table."""
    first, last = table.iloc[0], table.iloc[-1]
    founders = table["round"] == 0
    on_map = int(table["on_map"].sum()) if "on_map" in table else len(table) - 2
    founders_on_map = int(table.loc[founders, "on_map"].sum()) if "on_map" in table else 10
    return (
        f"A map of Europe (today's borders) colours the {on_map} European allies by the year "
        f"they joined NATO, from the founders of {first['year']} ({founders_on_map} of the "
        f"{int(founders.sum())} on the map) to "
        f"{last['country']} in {last['year']}, and a list beside it shows all {len(table)} "
        "allies including the United States and Canada; a year slider greys out countries "
        "that had not yet joined."
    )


def accession_explorer(table: pd.DataFrame, topo: Mapping[str, Any]) -> alt.HConcatChart:
    """Map and list side by side, both driven by one year slider, with its description."""
    chart = (
        alt.hconcat(accession_map(table, topo), allies_strip(table), spacing=30)
        .add_params(year_slider())
        .resolve_scale(color="shared")
    )
    return describe(chart, explorer_sentence(table))


def growth_sentence(table: pd.DataFrame) -> str:
    """One sentence summarising the growth in ``rounds(...)`` output (used as description)."""
    first, last = table.iloc[0], table.iloc[-1]
    n_rounds = int((table["round"] > 0).sum())
    return (
        f"NATO grew from {first['allies_after']} founding allies in {first['year']} "
        f"to {last['allies_after']} allies in {last['year']} through {n_rounds} enlargement rounds."
    )


def growth_chart(table: pd.DataFrame) -> alt.Chart:
    """Step chart of the number of allies after each round (``rounds(...)`` output), with who
    joined as a tooltip."""
    base = alt.Chart(table).encode(
        x=alt.X("year:Q", title="Year", scale=alt.Scale(domain=[1945, 2026]),
                axis=alt.Axis(format="d")),
        y=alt.Y("allies_after:Q", title="Number of allies", scale=alt.Scale(domain=[0, 35])),
    )  # fmt: skip
    line = base.mark_line(interpolate="step-after", strokeWidth=2)
    points = base.mark_point(filled=True, size=70).encode(
        tooltip=[
            alt.Tooltip("year:Q", title="Year", format="d"),
            alt.Tooltip("round:Q", title="Round (0 = founders)"),
            alt.Tooltip("countries:N", title="Joined"),
            alt.Tooltip("allies_after:Q", title="Allies after"),
        ]
    )
    chart = (line + points).properties(
        title="How the Alliance grew, 1949–2024", width=560, height=300
    )
    return describe(chart, growth_sentence(table))
