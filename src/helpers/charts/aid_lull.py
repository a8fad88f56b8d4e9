"""Lesson 04's monthly chart: military allocations by donor group while Congress waited.

The bars are the Kiel monthly series (:mod:`helpers.analysis.aid_series`), January 2023 to
June 2024; a shaded band marks the wait for the US supplemental (requested 20 October
2023, signed 24 April 2024). A radio group under the chart (a Vega-Lite parameter, so it
works without a kernel) shows one donor group at a time. The numbers come from
:mod:`helpers.analysis.aid_lull`; this module only shapes and draws.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.analysis import aid_lull, aid_series
from helpers.charts import describe
from helpers.charts.aid_series import GROUP_COLOURS

__all__ = ["ALL_GROUPS", "GROUP_PARAM", "chart_table", "lull_chart", "lull_sentence"]

GROUP_PARAM = "lull_group"
ALL_GROUPS = "All donor groups"
WAIT_LABEL = "Wait for the US supplemental (requested 20 Oct 2023, signed 24 Apr 2024)"


def chart_table(monthly: pd.DataFrame) -> pd.DataFrame:
    """One row per month and group: ``month`` (ISO date), ``month_label``, ``group``, ``eur_bn``."""
    long = aid_series.monthly_series(monthly, aid_lull.SERIES_START, aid_lull.SERIES_END)
    return pd.DataFrame(
        {
            "month": long["month"].dt.strftime("%Y-%m-%d").to_numpy(),
            "month_label": long["month"].dt.strftime("%B %Y").to_numpy(),
            "group": long["group"].astype(str).to_numpy(),
            "eur_bn": long["military_eur_bn"].round(3).to_numpy(),
        }
    )


def _month_words(window: tuple[str, str]) -> str:
    first, last = (pd.Timestamp(m + "-01") for m in window)
    return f"{first:%B %Y} to {last:%B %Y}"


def lull_sentence(monthly: pd.DataFrame) -> str:
    """One sentence describing the chart, computed from the data."""
    before = aid_lull.monthly_mean(monthly, aid_series.US, aid_lull.BEFORE)
    lull = aid_lull.monthly_mean(monthly, aid_series.US, aid_lull.LULL)
    april = aid_lull.month_value(monthly, aid_series.US, "2024-04")
    return (
        "Stacked bar chart of military aid allocated to Ukraine per month, January 2023 to "
        "June 2024, in euro billions by donor group (Kiel tracker, revised data): new US "
        f"allocations averaged {before:.2f} billion a month from "
        f"{_month_words(aid_lull.BEFORE)}, {lull:.2f} billion a month from "
        f"{_month_words(aid_lull.LULL)} while Congress held up the supplemental (shaded), "
        f"and {april:.2f} billion in April 2024, the month it was signed."
    )


def lull_chart(table: pd.DataFrame, sentence: str) -> alt.LayerChart:
    """Stacked monthly bars by donor group, the wait shaded, a radio to show one group."""
    groups = list(aid_series.DONOR_GROUPS)
    pick = alt.param(
        name=GROUP_PARAM,
        value=ALL_GROUPS,
        bind=alt.binding_radio(options=[ALL_GROUPS, *groups], name="Show: "),
    )
    months = sorted(set(table["month"]))
    waiting = [
        m
        for m in months
        if aid_lull.SUPPLEMENTAL_REQUESTED.replace(day=1).isoformat()
        <= m
        <= aid_lull.SUPPLEMENTAL_SIGNED.replace(day=1).isoformat()
    ]
    x = alt.X(
        "month:O",
        title=None,
        sort=months,
        scale=alt.Scale(domain=months, paddingInner=0.08),
        axis=alt.Axis(labelExpr="timeFormat(toDate(datum.value), '%b %Y')", labelAngle=-45),
    )
    band = (
        alt.Chart(pd.DataFrame({"month": waiting, "label": WAIT_LABEL}))
        .mark_bar(color="#F0E442", opacity=0.35)
        .encode(
            x=x, y=alt.value(0), y2=alt.value(300), tooltip=[alt.Tooltip("label:N", title="Shaded")]
        )
    )
    band_label = (
        alt.Chart(pd.DataFrame({"month": waiting[:1]}))
        .mark_text(align="left", baseline="top", dx=-8, dy=4, fontSize=11)
        .encode(x=x, y=alt.value(0), text=alt.value("Congress holds up US aid"))
    )
    bars = (
        alt.Chart(table)
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y("eur_bn:Q", title="Military aid allocated, € billion per month", stack=True),
            color=alt.Color(
                "group:N",
                title="Donor group",
                scale=alt.Scale(domain=groups, range=list(GROUP_COLOURS)),
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("group_order:Q"),
            tooltip=[
                alt.Tooltip("month_label:N", title="Month"),
                alt.Tooltip("group:N", title="Donor group"),
                alt.Tooltip("eur_bn:Q", title="€ billion", format=".2f"),
            ],
        )
        .transform_calculate(group_order=f"indexof({groups!r}, datum.group)".replace("'", '"'))
        .transform_filter(f"{GROUP_PARAM} == '{ALL_GROUPS}' || datum.group == {GROUP_PARAM}")
        .add_params(pick)
    )
    chart = alt.layer(band, bars, band_label).properties(
        title="Military aid allocated to Ukraine per month (Kiel tracker, revised data)",
        width=560,
        height=300,
    )
    return describe(chart, sentence)
