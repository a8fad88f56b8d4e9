"""Lesson 03's chart of allied weapon decisions, from announcement to first delivery.

The 2015 arming debate, the first US lethal sales (2017-18) and the "firsts" and lifted
restrictions of 2022-24 (``data.weapon_decisions()``), each as a dot at its announcement and
a bar to its first delivery where a delivery date is sourced. A radio (Vega-Lite parameter
``kind_pick``) shows one kind of decision. Orders, lags and the epilogue flag come from
:mod:`helpers.analysis.weapon_decisions`; this module shapes the table and draws.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.analysis import weapon_decisions as wd
from helpers.charts import describe

__all__ = [
    "ALL_KINDS",
    "KIND_LABELS",
    "KIND_PARAM",
    "OKABE_ITO_SAFE",
    "weapon_chart",
    "weapon_reader_table",
    "weapon_sentence",
    "weapon_table",
]

KIND_PARAM = "kind_pick"
ALL_KINDS = "All"
# The legend's name for each ``decision_type``, in the legend's order.
KIND_LABELS: dict[str, str] = {
    "debate": "Arming debate",
    "first_lethal_sale": "US lethal arms, 2017-18",
    "first_of_kind": "New kind of weapon",
    "coalition_formed": "Coalition formed",
    "first_use": "First use",
    "restriction_lifted": "Restriction lifted",
}
# Okabe-Ito colours in an order that keeps the six kinds apart (no yellow on white, no grey:
# grey and reddish purple fall below ΔE00 10 under deuteranopia).
OKABE_ITO_SAFE: tuple[str, ...] = (
    "#56B4E9", "#E69F00", "#0072B2", "#009E73", "#CC79A7", "#D55E00",
)  # fmt: skip
SUMMIT_NOTE = "Washington Summit: later dates are epilogue"
NO_WARNING = "none found in the sources read"


def _day(value: pd.Timestamp) -> str:
    return "" if pd.isna(value) else f"{value.day} {value:%B %Y}"


def weapon_table(decisions: pd.DataFrame) -> pd.DataFrame:
    """One row per decision, oldest first: name, kind, donor, dates, lag and Russia's warning.

    ``lag_days`` is the days from announcement to first delivery (empty where no delivery
    date is sourced); ``epilogue`` marks deliveries after the Washington Summit.
    """
    rows = wd.in_order(decisions)
    delivered = rows["delivered_on"]
    warning = [
        NO_WARNING if pd.isna(text) else f"{by} ({_day(on)}): {text}"
        for text, by, on in zip(
            rows["russia_warning"], rows["russia_warning_by"], rows["russia_warning_on"],
            strict=True,
        )
    ]  # fmt: skip
    out = pd.DataFrame(
        {
            "decision_id": rows["decision_id"].astype(str).to_numpy(),
            "name": rows["short_name"].astype(str).to_numpy(),
            "kind": rows["decision_type"].astype(str).map(KIND_LABELS).to_numpy(),
            "donor": rows["donor"].astype(str).to_numpy(),
            "announced": rows["announced_on"].dt.strftime("%Y-%m-%d").to_numpy(),
            # Missing dates and lags as None (JSON null), never NaN, which is not valid JSON.
            "delivered": pd.Series(
                [None if pd.isna(d) else f"{d:%Y-%m-%d}" for d in delivered], dtype="object"
            ),
            "announced_label": [_day(d) for d in rows["announced_on"]],
            "delivered_label": [
                "" if pd.isna(d) else (f"{d:%B %Y}" if p == "month" else _day(d))
                for d, p in zip(delivered, rows["delivered_precision"].astype(str), strict=True)
            ],
            "lag_days": pd.Series(
                [None if pd.isna(v) else int(v) for v in wd.days_to_delivery(rows)],
                dtype="object",
            ),
            "decision": rows["decision"].astype(str).to_numpy(),
            "russia_warning": warning,
            "epilogue": wd.delivered_after_summit(rows).to_numpy(),
        }
    )
    return out


def weapon_reader_table(table: pd.DataFrame) -> pd.DataFrame:
    """The weapon table as a reader sees it under the chart ("show as table")."""
    out = table[
        ["announced_label", "name", "kind", "donor", "delivered_label", "russia_warning"]
    ].rename(
        columns={
            "announced_label": "announced",
            "name": "decision",
            "delivered_label": "first delivery (where sourced)",
            "russia_warning": "Russia's stated warning",
        }
    )
    out["first delivery (where sourced)"] = [
        f"{d} (epilogue)" if e and d else d
        for d, e in zip(out["first delivery (where sourced)"], table["epilogue"], strict=True)
    ]
    return out


def weapon_sentence(table: pd.DataFrame) -> str:
    """One sentence describing the weapon-decisions chart, computed from its table."""
    war = table[table["announced"] >= "2022-02-24"]
    before = table[table["announced"] < "2022-02-24"]
    return (
        f"Timeline of {len(table)} allied decisions and debate positions on arming Ukraine: "
        f"{len(before)} from "
        f"{before['announced'].min()[:4]} to {before['announced'].max()[:4]} (the arming debate "
        f"and the US lethal arms of 2017-18) and {len(war)} from {war['announced'].min()[:4]} to "
        f"{war['announced'].max()[:4]} (new kinds of weapon and lifted restrictions); each row "
        f"runs from announcement to first delivery where one is sourced, and a selector filters "
        f"by kind of decision."
    )


def weapon_chart(table: pd.DataFrame, sentence: str) -> alt.LayerChart:
    """Decisions by date: a dot at the announcement, a bar to the first delivery.

    A radio (Vega-Lite parameter ``kind_pick``) shows one kind of decision; dates after the
    Washington Summit are marked as epilogue by a dashed rule.
    """
    kinds = [k for k in KIND_LABELS.values() if k in set(table["kind"])]
    pick = alt.param(
        name=KIND_PARAM,
        value=ALL_KINDS,
        bind=alt.binding_radio(options=[ALL_KINDS, *kinds], name="Show: "),
    )
    order = list(table["name"])
    x_scale = alt.Scale(domain=["2015-01-01", "2024-12-31"])
    # No missing values in the chart's data (NaN is not valid JSON): an undelivered row's bar
    # ends where it starts, and only rows with a sourced delivery get a square.
    known = [d is not None and not pd.isna(d) for d in table["delivered"]]
    data = table.drop(columns=["lag_days"]).assign(
        delivered=[
            d if k else a
            for d, a, k in zip(table["delivered"], table["announced"], known, strict=True)
        ],
        delivered_known=known,
    )
    base = alt.Chart(data).transform_filter(
        f"{KIND_PARAM} == '{ALL_KINDS}' || datum.kind == {KIND_PARAM}"
    )
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=300))
    colour = alt.Color(
        "kind:N",
        title="Kind of decision",
        scale=alt.Scale(domain=kinds, range=list(OKABE_ITO_SAFE[: len(kinds)])),
        legend=alt.Legend(orient="bottom", columns=2),
    )
    tooltip = [
        alt.Tooltip("name:N", title="Decision"),
        alt.Tooltip("donor:N", title="Who"),
        alt.Tooltip("announced_label:N", title="Announced"),
        alt.Tooltip("delivered_label:N", title="First delivery"),
        alt.Tooltip("decision:N", title="What was decided"),
        alt.Tooltip("russia_warning:N", title="Russia's stated warning"),
    ]
    bars = base.mark_rule(strokeWidth=4, opacity=0.6).encode(
        x=alt.X("announced:T", title=None, scale=x_scale, axis=alt.Axis(format="%Y")),
        x2="delivered:T",
        y=y,
        color=colour,
        tooltip=tooltip,
    )
    announced = base.mark_point(filled=True, size=90).encode(
        x=alt.X("announced:T", scale=x_scale), y=y, color=colour, tooltip=tooltip
    )
    arrived = (
        base.transform_filter("datum.delivered_known")
        .mark_point(shape="square", filled=False, size=80, strokeWidth=2)
        .encode(x=alt.X("delivered:T", scale=x_scale), y=y, color=colour, tooltip=tooltip)
    )
    summit = (
        alt.Chart(pd.DataFrame({"day": [f"{wd.SUMMIT_DAY:%Y-%m-%d}"], "note": [SUMMIT_NOTE]}))
        .mark_rule(strokeDash=[4, 4], color="#000000")
        .encode(x=alt.X("day:T", scale=x_scale), tooltip=[alt.Tooltip("note:N", title="Note")])
    )
    chart = (
        alt.layer(summit, bars, announced, arrived)
        .add_params(pick)
        .properties(
            title="Arming Ukraine: decisions from announcement (dot) to first delivery (square)",
            width=520,
            height=360,
        )
    )
    return describe(chart, sentence)
