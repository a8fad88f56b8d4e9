"""Lesson 01, *The Alliance*: the treaty's key articles, today's allies by accession year, and
the map-and-list chart whose year slider (a Vega-Lite parameter) works without a kernel.

Everything here is computed from ``members.csv`` and ``europe.topojson``; nothing is typed in
by hand except the treaty quotations, which are short and checked against the treaty text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

import altair as alt
import pandas as pd

from helpers.charts import describe

# The year slider's name: explicit, so the spec is stable between runs (hygiene test).
YEAR_PARAM = "year"
FIRST_YEAR, LAST_YEAR = 1949, 2024
NORTH_AMERICA = frozenset({"840", "124"})  # United States, Canada (ISO numeric)
BUCHAREST_SUMMIT = date(2008, 4, 3)

ALLY_STATUS = "ally"
LATER_STATUS = "joined later"
NEVER_STATUS = "not an ally (2024)"

# Short quotations from The North Atlantic Treaty (Washington D.C., 4 April 1949), with
# Article 6 as amended by the 1951 Protocol on the accession of Greece and Turkey.
TREATY_ARTICLES: dict[int, dict[str, str]] = {
    4: {
        "topic": "consultation",
        "quote": (
            "The Parties will consult together whenever, in the opinion of any of them, the "
            "territorial integrity, political independence or security of any of the Parties "
            "is threatened."
        ),
        "own_words": "Any ally that feels threatened can ask all the others to consult.",
    },
    5: {
        "topic": "collective defence",
        "quote": (
            "an armed attack against one or more of them in Europe or North America shall be "
            "considered an attack against them all"
        ),
        "own_words": (
            "An armed attack on one ally is treated as an attack on all; each ally then helps "
            "with 'such action as it deems necessary', which may but need not be armed force."
        ),
    },
    6: {
        "topic": "where Article 5 applies",
        "quote": (
            "an armed attack on one or more of the Parties is deemed to include an armed "
            "attack: on the territory of any of the Parties in Europe or North America"
        ),
        "own_words": (
            "Article 5 covers the allies' territory in Europe and North America, all of Türkiye "
            "and North Atlantic islands north of the Tropic of Cancer; and their forces, ships "
            "and aircraft in or over those areas, the Mediterranean, the North Atlantic north of "
            "the Tropic and any area of Europe where allies had occupation forces in 1949. Ukraine "
            "is in none of them."
        ),
    },
    10: {
        "topic": "enlargement",
        "quote": "The Parties may, by unanimous agreement, invite any other European State",
        "own_words": (
            "New European members join only if every ally agrees to invite them; a state "
            "joins by depositing its instrument of accession with the US government."
        ),
    },
}


def allies_table(members: pd.DataFrame, map_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per ally, in order of accession, with plain (JSON-friendly) column types.

    Columns: ``country``, ``iso_numeric``, ``joined`` (ISO date text), ``year``, ``round``,
    ``region`` (Europe / North America) and, when ``map_ids`` is given, ``on_map``.
    """
    table = members.sort_values(["accession_date", "country"]).reset_index(drop=True)
    out = pd.DataFrame(
        {
            "country": table["country"].astype(str).to_list(),
            "iso_numeric": table["iso_numeric"].astype(str).to_list(),
            "joined": [d.date().isoformat() for d in pd.to_datetime(table["accession_date"])],
            "year": pd.to_datetime(table["accession_date"]).dt.year.astype(int).to_list(),
            "round": table["enlargement_round"].astype(int).to_list(),
        }
    )
    out["region"] = [
        "North America" if code in NORTH_AMERICA else "Europe" for code in out["iso_numeric"]
    ]
    if map_ids is not None:
        ids = set(map_ids)
        out["on_map"] = [code in ids for code in out["iso_numeric"]]
    return out


def map_ids(topo: Mapping[str, Any], object_name: str = "countries") -> set[str]:
    """The ``sovereign_id`` of every feature of the map (the codes a member can join to)."""
    geoms = topo["objects"][object_name]["geometries"]
    return {str(g.get("properties", {}).get("sovereign_id", g.get("id"))) for g in geoms}


def _as_date(when: date | str | pd.Timestamp) -> date:
    if isinstance(when, pd.Timestamp):
        return when.date()
    if isinstance(when, str):
        return date.fromisoformat(when)
    if isinstance(when, date):
        return when
    raise TypeError(
        f"expected a date, an ISO date string or a Timestamp, not {type(when).__name__}"
    )


def allies_on(table: pd.DataFrame, when: date | str | pd.Timestamp) -> int:
    """How many allies had joined on or before ``when`` (``allies_table`` input).

    Today's allies only: states that joined, not those that have since changed shape (West
    Germany's 1955 accession counts once, as Germany).
    """
    day = _as_date(when).isoformat()
    return int((table["joined"] <= day).sum())


def allies_by_year(table: pd.DataFrame, year: int) -> int:
    """How many of today's allies had joined by the end of ``year``."""
    return int((table["year"] <= int(year)).sum())


def status_in_year(year_joined: int | None, year: int) -> str:
    """What the map shows for a country in ``year``: the Python twin of the chart's rule."""
    if year_joined is None:
        return NEVER_STATUS
    return ALLY_STATUS if year_joined <= year else LATER_STATUS


# The same rule as a Vega expression (``year`` is the slider's value).
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

    The chart expects the ``year`` parameter to be defined on it or on a chart containing it.
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


def joined_after(table: pd.DataFrame, when: date | str | pd.Timestamp) -> int:
    """How many of today's allies joined strictly after ``when``."""
    return len(table) - allies_on(table, when)


def _members_table() -> pd.DataFrame:
    from helpers import data

    return allies_table(data.members())


def _on_map_count() -> int:
    from helpers import data

    return int(allies_table(data.members(), map_ids(data.europe_topojson()))["on_map"].sum())


# Figures the lesson's prose states, recomputed from the tables by the prose test.
DERIVED_FACTS: dict[str, Callable[[], float]] = {
    "allies_at_bucharest_2008": lambda: float(allies_on(_members_table(), BUCHAREST_SUMMIT)),
    "allies_end_1990": lambda: float(allies_by_year(_members_table(), 1990)),
    "joined_after_bucharest_2008": lambda: float(joined_after(_members_table(), BUCHAREST_SUMMIT)),
    "european_allies_2024": lambda: float((_members_table()["region"] == "Europe").sum()),
    "allies_on_europe_map": lambda: float(_on_map_count()),
}
