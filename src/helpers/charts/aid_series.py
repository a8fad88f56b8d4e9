"""Lesson 03's charts of the revised Kiel data: donors at each cut-off, and aid per month.

The numbers come from :mod:`helpers.analysis.aid_series` (every release,
``data.military_aid(release=None)``, and the monthly series, ``data.military_aid_monthly()``);
these functions only shape tables and draw.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.analysis import aid_series
from helpers.analysis.aid_series import DONOR_GROUPS
from helpers.charts import describe

__all__ = [
    "CUTOFF_PARAM",
    "GROUP_COLOURS",
    "GROUP_PARAM",
    "US_BEFORE",
    "US_LULL",
    "donor_chart",
    "donor_chart_sentence",
    "donor_chart_table",
    "monthly_chart",
    "monthly_chart_table",
    "monthly_sentence",
]

CUTOFF_PARAM = "cutoff_pick"
GROUP_PARAM = "group_pick"
# One colour per donor group (DONOR_GROUPS order: US, Europe, others), in every Kiel chart.
GROUP_COLOURS: tuple[str, ...] = ("#D55E00", "#0072B2", "#999999")
US_BEFORE: tuple[str, str] = ("2023-01", "2023-06")
US_LULL: tuple[str, str] = ("2023-10", "2024-03")
NOT_COMPARABLE = "not comparable (only 3 donors verified)"


# ---------------------------------------------------------------- donors at each cut-off


def donor_chart_table(aid_all: pd.DataFrame, top: int = 20) -> pd.DataFrame:
    """The top ``top`` donors (allocations, aggregates left out) at every cut-off, long."""
    frames = []
    for cut in aid_series.cutoffs(aid_all).itertuples():
        ranked = aid_series.donor_ranking(aid_all, cut.data_cutoff, cut.release, top=top)
        frames.append(
            pd.DataFrame(
                {
                    "cutoff": cut.label,
                    "data_cutoff": pd.Timestamp(cut.data_cutoff).strftime("%Y-%m-%d"),
                    "role": cut.cutoff_role,
                    "rank": ranked["rank"].to_numpy(),
                    "donor": ranked["donor"].to_numpy(),
                    "group": ranked["group"].to_numpy(),
                    "eur_bn": ranked["military_eur_bn"].round(3).to_numpy(),
                    # A share only where the release's donors are all in the file: the
                    # February 2024 cut-off holds three verified donors, so no share.
                    "share_of_all_donors_pct": [
                        NOT_COMPARABLE if cut.cutoff_role == aid_series.HEADLINE else f"{v:.1f}"
                        for v in ranked["share_pct"]
                    ],
                }
            )
        )
    if not frames:
        raise ValueError("the table has no cut-offs")
    return pd.concat(frames, ignore_index=True)


def _default_cutoff(table: pd.DataFrame) -> str:
    article = table.loc[table["role"] == aid_series.ARTICLE, "cutoff"]
    return str(article.iloc[0]) if not article.empty else str(table["cutoff"].iloc[-1])


def donor_chart_sentence(table: pd.DataFrame) -> str:
    """One sentence describing the donor chart, computed from its table."""
    shown = table[table["cutoff"] == _default_cutoff(table)].sort_values("rank")
    first = shown.iloc[0]
    runners = ", ".join(f"{r.donor} {r.eur_bn:.1f}" for r in shown.iloc[1:3].itertuples())
    day = pd.Timestamp(first["data_cutoff"])
    return (
        f"Bar chart of military aid allocated to Ukraine by donor in euro billions (Kiel "
        f"tracker), top {len(shown)} donors: at {day.day} {day:%B %Y} {first['donor']} "
        f"allocated {first['eur_bn']:.1f} billion, followed by {runners}; a menu switches "
        f"between {table['cutoff'].nunique()} cut-offs and releases, which must not be added "
        f"together."
    )


def donor_chart(table: pd.DataFrame, sentence: str) -> alt.Chart:
    """Bars per donor for one cut-off at a time; a drop-down picks the release/cut-off."""
    options = list(dict.fromkeys(table.sort_values("data_cutoff")["cutoff"]))
    pick = alt.param(
        name=CUTOFF_PARAM,
        value=_default_cutoff(table),
        bind=alt.binding_select(options=options, name="Release and cut-off: "),
    )
    chart = (
        alt.Chart(table)
        .mark_bar()
        .encode(
            y=alt.Y("donor:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220)),
            x=alt.X(
                "eur_bn:Q",
                title="Military aid allocated, € billion",
                scale=alt.Scale(domain=[0, float(table["eur_bn"].max())]),
            ),
            color=alt.Color(
                "group:N",
                title="Donor group",
                scale=alt.Scale(domain=list(DONOR_GROUPS), range=list(GROUP_COLOURS)),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("cutoff:N", title="Cut-off"),
                alt.Tooltip("rank:Q", title="Rank"),
                alt.Tooltip("donor:N", title="Donor"),
                alt.Tooltip("eur_bn:Q", title="€ billion", format=".2f"),
                alt.Tooltip(
                    "share_of_all_donors_pct:N", title="Share of all donors in the release (%)"
                ),
            ],
        )
        .add_params(pick)
        .transform_filter(f"datum.cutoff == {CUTOFF_PARAM}")
        .properties(title="Military aid to Ukraine by donor (Kiel tracker)", width=480, height=420)
    )
    return describe(chart, sentence)


# ---------------------------------------------------------------- aid per month


def monthly_chart_table(
    monthly: pd.DataFrame, start: str = "2022-01", end: str = "2024-12"
) -> pd.DataFrame:
    """One row per month and donor group: month (ISO date), € bn, and the epilogue flag."""
    long = aid_series.monthly_series(monthly, start, end)
    return pd.DataFrame(
        {
            "month": long["month"].dt.strftime("%Y-%m-%d").to_numpy(),
            "group": long["group"].astype(str).to_numpy(),
            "eur_bn": long["military_eur_bn"].round(3).to_numpy(),
            "epilogue": long["epilogue"].astype(bool).to_numpy(),
        }
    )


def _month_words(month: str) -> str:
    return f"{pd.Timestamp(month + '-01'):%B %Y}"


def monthly_sentence(
    monthly: pd.DataFrame,
    before: tuple[str, str] = US_BEFORE,
    lull: tuple[str, str] = US_LULL,
) -> str:
    """One sentence describing the monthly chart: US monthly average in two periods."""
    change = aid_series.change_between(monthly, before, lull).set_index("period")
    first = float(change.loc["before", "mean_eur_bn_per_month"])
    second = float(change.loc["after", "mean_eur_bn_per_month"])
    return (
        f"Bar chart of military aid allocated to Ukraine per month in euro billions (Kiel "
        f"tracker), by donor group (United States, European donors, others): new US "
        f"allocations averaged {first:.2f} billion a month from {_month_words(before[0])} "
        f"to {_month_words(before[1])} and {second:.2f} billion a month from "
        f"{_month_words(lull[0])} to {_month_words(lull[1])}; months after "
        f"June 2024 are epilogue data; clicking the legend highlights one group."
    )


def monthly_chart(table: pd.DataFrame, sentence: str) -> alt.LayerChart:
    """Stacked monthly bars by donor group; the legend highlights a group; epilogue marked."""
    pick = alt.selection_point(name=GROUP_PARAM, fields=["group"], bind="legend")
    bars = (
        alt.Chart(table)
        .mark_bar()
        .encode(
            x=alt.X("month:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=-45)),
            y=alt.Y("eur_bn:Q", title="Military aid allocated, € billion per month", stack=True),
            color=alt.Color(
                "group:N",
                title="Donor group (click one)",
                scale=alt.Scale(domain=list(DONOR_GROUPS), range=list(GROUP_COLOURS)),
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("group_order:Q"),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.2)),
            tooltip=[
                alt.Tooltip("month:T", title="Month", format="%B %Y"),
                alt.Tooltip("group:N", title="Donor group"),
                alt.Tooltip("eur_bn:Q", title="€ billion", format=".2f"),
                alt.Tooltip("epilogue:N", title="Epilogue data"),
            ],
        )
        .transform_calculate(
            group_order=f"indexof({list(DONOR_GROUPS)!r}, datum.group)".replace("'", '"')
        )
        .add_params(pick)
        .properties(name="monthly_bars")  # a fixed view name, not an auto-numbered one
    )
    boundary = (
        alt.Chart(
            pd.DataFrame({"month": ["2024-06-16"], "label": ["epilogue data from July 2024"]})
        )
        .mark_rule(strokeDash=[4, 4], color="#000000")
        .encode(x="month:T", tooltip=[alt.Tooltip("label:N", title="Note")])
    )
    chart = alt.layer(bars, boundary).properties(
        title="Military aid allocated to Ukraine per month, by donor group (Kiel tracker)",
        width=560,
        height=300,
    )
    return describe(chart, sentence)
