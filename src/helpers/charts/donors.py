"""Lesson 03's chart of the February 2024 Kiel headline table: aid by donor and measure.

Bars per donor; a radio (Vega-Lite parameter ``measure``) picks allocations or commitments,
and the legend highlights how a row counts towards a total (on its own, inside the EU
aggregate, or the aggregate itself). The numbers come from :mod:`helpers.analysis.donors`.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.analysis.donors import EU_AGGREGATE, MEASURES, donor_value, in_eu_aggregate
from helpers.charts import describe

__all__ = ["INSIDE", "OWN", "TOTAL", "aid_chart", "aid_chart_table", "aid_sentence"]

INSIDE, OWN, TOTAL = "inside the EU total", "counted on its own", "EU total (aggregate)"


def aid_chart_table(aid: pd.DataFrame) -> pd.DataFrame:
    """One row per donor and measure with how the row counts towards a total."""
    inside = in_eu_aggregate(aid)
    counting = [
        TOTAL if d == EU_AGGREGATE else (INSIDE if i else OWN)
        for d, i in zip(aid["donor"], inside, strict=True)
    ]
    out = pd.DataFrame(
        {
            "donor": aid["donor"].astype(str).to_numpy(),
            "measure": aid["measure"].astype(str).to_numpy(),
            "eur_bn": aid["military_eur_bn"].to_numpy(),
            "counting": counting,
        }
    )
    return out.sort_values(["measure", "eur_bn"], ascending=[True, False]).reset_index(drop=True)


def aid_sentence(aid: pd.DataFrame) -> str:
    """One sentence describing the aid chart, computed from the table."""
    us = donor_value(aid, "United States", "allocated")
    eu = donor_value(aid, EU_AGGREGATE, "allocated")
    last = aid["data_cutoff"].max()
    cutoff = f"{last.day} {last:%B %Y}"
    return (
        f"Bar chart of military aid to Ukraine by donor in euro billions, Kiel tracker data to "
        f"{cutoff} (selected donors only; the table is incomplete): by allocations the United "
        f"States gave {us:g} billion and the EU with its member states {eu:g} billion; a "
        f"selector switches to commitments."
    )


def aid_chart(table: pd.DataFrame, sentence: str) -> alt.Chart:
    """Bars per donor; a radio picks the measure, the legend highlights how a row counts."""
    measure = alt.param(
        name="measure",
        value="allocated",
        bind=alt.binding_radio(options=list(MEASURES), name="Measure: "),
    )
    pick = alt.selection_point(name="counting_pick", fields=["counting"], bind="legend")
    chart = (
        alt.Chart(table)
        .mark_bar()
        .encode(
            y=alt.Y("donor:N", sort="-x", title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X("eur_bn:Q", title="Military aid, € billion", scale=alt.Scale(domain=[0, 50])),
            color=alt.Color(
                "counting:N",
                title="In a total, this row is…",
                scale=alt.Scale(domain=[OWN, INSIDE, TOTAL]),
                legend=alt.Legend(orient="bottom", columns=1),
            ),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.25)),
            tooltip=[
                alt.Tooltip("donor:N", title="Donor"),
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("eur_bn:Q", title="€ billion", format=".1f"),
                alt.Tooltip("counting:N", title="In a total"),
            ],
        )
        .add_params(measure, pick)
        .transform_filter("datum.measure == measure")
        .properties(title="Military aid to Ukraine by donor (Kiel tracker)", width=520, height=220)
    )
    return describe(chart, sentence)
