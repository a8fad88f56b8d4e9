"""Lesson 03's chart of allied defence spending, % of GDP, in 2014 and 2024 (NATO).

One row per country, a dot per year joined by a line, and the 2% guideline. A menu (Vega-Lite
parameter ``ally``) highlights one ally; a radio (``rows``) sets which 2014 rows count. The
numbers come from :mod:`helpers.analysis.defence_spending`.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.analysis.defence_spending import THRESHOLD, spending_wide, two_percent_summary
from helpers.charts import describe

__all__ = [
    "ALLY",
    "ALL_ALLIES",
    "NOT_YET",
    "ROWS_ALLIES",
    "ROWS_TABLE",
    "spending_chart",
    "spending_long",
    "spending_sentence",
]

ALL_ALLIES = "All allies"
ALLY, NOT_YET = "ally that year", "not yet an ally"
ROWS_ALLIES, ROWS_TABLE = "allies in that year", "every country NATO lists"


def spending_long(spending: pd.DataFrame) -> pd.DataFrame:
    """Chart table: one row per country and year, with the 2024 value to sort by."""
    wide = spending_wide(spending).set_index("country")
    out = pd.DataFrame(
        {
            "country": spending["country"].astype(str).to_numpy(),
            "year": spending["year"].astype(str).to_numpy(),
            "pct_gdp": spending["pct_gdp"].to_numpy(),
            "member_in_year": spending["member_in_year"].astype(bool).to_numpy(),
        }
    )
    out["status"] = [ALLY if m else NOT_YET for m in out["member_in_year"]]
    out["pct_2024"] = out["country"].map(wide["pct_2024"])
    return out.sort_values(["pct_2024", "year"], ascending=[False, True]).reset_index(drop=True)


def spending_sentence(spending: pd.DataFrame, members: pd.DataFrame) -> str:
    """One sentence describing the spending chart, computed from the tables."""
    s = two_percent_summary(spending, members).set_index("year")
    return (
        f"Dot chart of each ally's defence spending as a share of GDP in 2014 and 2024 "
        f"(NATO, June 2024): {s.loc[2014, 'honest']} allies were at or above 2% in 2014 and "
        f"{s.loc[2024, 'honest']} in 2024 (estimates); selectors highlight one ally and "
        f"show or hide countries that were not yet allies in 2014."
    )


def spending_chart(long: pd.DataFrame, sentence: str) -> alt.LayerChart:
    """2014 → 2024 per ally; a menu highlights one ally, a radio sets which 2014 rows count."""
    countries = sorted(set(long["country"]))
    ally = alt.param(
        name="ally",
        value=ALL_ALLIES,
        bind=alt.binding_select(options=[ALL_ALLIES, *countries], name="Highlight: "),
    )
    rows = alt.param(
        name="rows",
        value=ROWS_ALLIES,
        bind=alt.binding_radio(options=[ROWS_ALLIES, ROWS_TABLE], name="2014 rows: "),
    )
    keep = f"rows == '{ROWS_TABLE}' || datum.member_in_year"
    lit = alt.condition(
        f"ally == '{ALL_ALLIES}' || datum.country == ally", alt.value(1.0), alt.value(0.2)
    )
    y = alt.Y("country:N", sort=alt.EncodingSortField("pct_2024", order="descending"), title=None)
    x = alt.X("pct_gdp:Q", title="Defence spending, % of GDP", scale=alt.Scale(domain=[0, 4.5]))
    base = alt.Chart(long).transform_filter(keep)
    line = base.mark_line(color="#999999").encode(x=x, y=y, detail="country:N", opacity=lit)
    dots = base.mark_point(filled=True, size=60).encode(
        x=x,
        y=y,
        color=alt.Color("year:N", title="Year", scale=alt.Scale(range=["#E69F00", "#0072B2"])),
        shape=alt.Shape("status:N", title="Status", scale=alt.Scale(domain=[ALLY, NOT_YET])),
        opacity=lit,
        tooltip=[
            alt.Tooltip("country:N", title="Country"),
            alt.Tooltip("year:N", title="Year"),
            alt.Tooltip("pct_gdp:Q", title="% of GDP", format=".2f"),
            alt.Tooltip("status:N", title="Status"),
        ],
    )
    guide = (
        alt.Chart(pd.DataFrame({"pct_gdp": [THRESHOLD]}))
        .mark_rule(strokeDash=[4, 4], color="#000000")
        .encode(x="pct_gdp:Q")
    )
    chart = (
        alt.layer(guide, line, dots)
        .add_params(ally, rows)
        .properties(
            title="Defence spending, % of GDP: 2014 and 2024 (NATO estimates for 2024)",
            width=520,
            height=560,
        )
    )
    return describe(chart, sentence)
