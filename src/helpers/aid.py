"""Lesson 03: military aid to Ukraine and allied defence spending, computed from the tables.

Pure, typed functions over ``military_aid.csv``, ``defence_spending.csv``, ``members.csv``
and ``channels.csv``, plus the chart builders lesson 03 shows. The rules that matter:

- **No double counting.** ``military_aid.csv`` holds countries, EU institutions and an
  aggregate ("EU institutions and EU member states (combined)") that already contains
  Germany, Denmark, every other EU member and the EU institutions. :func:`summable` keeps,
  for one measure, the aggregate plus only the rows it does not contain, so a sum over it
  counts every euro once.
- **Honest denominators.** NATO's 2014 column lists today's allies; only rows with
  ``member_in_year`` count, and the number of allies comes from ``members.csv`` (Iceland,
  which has no armed forces, is an ally without a row).

``DERIVED_FACTS`` recomputes every figure lesson 03 states in its prose.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd

from helpers.charts import describe

MEASURES: tuple[str, ...] = ("allocated", "committed")
EU_AGGREGATE = "EU institutions and EU member states (combined)"
EU_MEMBERS_ISO3: frozenset[str] = frozenset(
    {
        "AUT",
        "BEL",
        "BGR",
        "HRV",
        "CYP",
        "CZE",
        "DNK",
        "EST",
        "FIN",
        "FRA",
        "DEU",
        "GRC",
        "HUN",
        "IRL",
        "ITA",
        "LVA",
        "LTU",
        "LUX",
        "MLT",
        "NLD",
        "POL",
        "PRT",
        "ROU",
        "SVK",
        "SVN",
        "ESP",
        "SWE",
    }
)
EUROPE_NON_EU_ISO3: frozenset[str] = frozenset({"GBR", "NOR", "CHE", "ISL"})
THRESHOLD = 2.0
INSIDE, OWN, TOTAL = "inside the EU total", "counted on its own", "EU total (aggregate)"
ALL_ALLIES = "All allies"
ALLY, NOT_YET = "ally that year", "not yet an ally"
ROWS_ALLIES, ROWS_TABLE = "allies in that year", "every country NATO lists"


# ---------------------------------------------------------------- military aid


def _check_measure(measure: str) -> None:
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, not {measure!r}")


def in_eu_aggregate(aid: pd.DataFrame) -> pd.Series:
    """True for rows the EU aggregate already contains (EU members and EU institutions)."""
    iso = aid["iso3"].astype("string").fillna("")
    kind = aid["donor_type"].astype(str)
    inside = (kind == "eu_institution") | ((kind == "country") & iso.isin(EU_MEMBERS_ISO3))
    return inside.astype(bool)


def summable(aid: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Rows of one measure that can be added up without counting any euro twice.

    The EU aggregate is kept and the rows it contains are dropped; if the aggregate is
    missing for this measure, the EU rows stay (they are then the best figures there are).
    Any other aggregate is kept as it is (the table has none that overlap otherwise).
    """
    _check_measure(measure)
    rows = aid[aid["measure"].astype(str) == measure]
    has_eu_total = bool((rows["donor"] == EU_AGGREGATE).any())
    if has_eu_total:
        rows = rows[~in_eu_aggregate(rows)]
    return rows.reset_index(drop=True)


def total(aid: pd.DataFrame, measure: str) -> float:
    """Military aid of all covered donors for one measure, € bn, every euro counted once."""
    return round(float(summable(aid, measure)["military_eur_bn"].sum()), 6)


def naive_total(aid: pd.DataFrame, measure: str) -> float:
    """The wrong total: every row of the measure added, aggregate and its members together."""
    _check_measure(measure)
    rows = aid[aid["measure"].astype(str) == measure]
    return round(float(rows["military_eur_bn"].sum()), 6)


def donor_value(aid: pd.DataFrame, donor: str, measure: str) -> float | None:
    """One donor's figure for one measure, or None where the table has no such row."""
    _check_measure(measure)
    hit = aid[(aid["donor"] == donor) & (aid["measure"].astype(str) == measure)]
    return None if hit.empty else float(hit["military_eur_bn"].iloc[0])


def share_pct(aid: pd.DataFrame, donor: str, measure: str) -> float:
    """A donor's share (%) of the double-count-free total for one measure."""
    value = donor_value(aid, donor, measure)
    whole = total(aid, measure)
    if value is None or whole <= 0:
        raise ValueError(f"no {measure} figure for {donor!r}")
    return 100 * value / whole


def allocation_rate_pct(aid: pd.DataFrame, donor: str) -> float:
    """How much of its commitments a donor had allocated (%), where both are in the table."""
    allocated = donor_value(aid, donor, "allocated")
    committed = donor_value(aid, donor, "committed")
    if allocated is None or committed is None or committed <= 0:
        raise ValueError(f"{donor!r} lacks an allocated or a committed figure")
    return 100 * allocated / committed


def block_of(row: pd.Series) -> str:
    """The block a summable row belongs to: United States, Europe, or Other."""
    if row["donor"] == EU_AGGREGATE or row["donor_type"] == "eu_institution":
        return "Europe"
    iso = "" if pd.isna(row["iso3"]) else str(row["iso3"])
    if iso == "USA":
        return "United States"
    if iso in EU_MEMBERS_ISO3 or iso in EUROPE_NON_EU_ISO3:
        return "Europe"
    return "Other"


def blocks(aid: pd.DataFrame, measure: str) -> pd.DataFrame:
    """US, Europe and Other: € bn, share (%) and the donors behind each, for one measure."""
    rows = summable(aid, measure)
    rows = rows.assign(block=rows.apply(block_of, axis=1))
    whole = float(rows["military_eur_bn"].sum())
    grouped = rows.groupby("block", sort=True)
    out = pd.DataFrame(
        {
            "block": list(grouped.groups),
            "eur_bn": grouped["military_eur_bn"].sum().round(6).to_numpy(),
            "donors": grouped["donor"].agg(lambda s: "; ".join(sorted(s))).to_numpy(),
        }
    )
    out["share_pct"] = (100 * out["eur_bn"] / whole).round(1) if whole else 0.0
    return out.sort_values("eur_bn", ascending=False).reset_index(drop=True)


def coverage(aid: pd.DataFrame) -> pd.DataFrame:
    """Donor × measure: the figure where the table has it, empty (NaN) where it does not."""
    wide = aid.assign(measure=aid["measure"].astype(str)).pivot_table(
        index="donor", columns="measure", values="military_eur_bn", aggfunc="first"
    )
    wide = wide.reindex(columns=list(MEASURES))
    wide.columns.name = None
    return wide.reset_index().sort_values("donor").reset_index(drop=True)


def missing_measures(aid: pd.DataFrame) -> list[tuple[str, str]]:
    """(donor, measure) pairs the table lacks, for donors it has at least one figure for."""
    wide = coverage(aid)
    return [(str(r["donor"]), m) for _, r in wide.iterrows() for m in MEASURES if pd.isna(r[m])]


def country_donors(aid: pd.DataFrame) -> list[str]:
    """The countries the table covers, sorted."""
    return sorted(set(aid.loc[aid["donor_type"].astype(str) == "country", "donor"]))


def audit(aid: pd.DataFrame) -> pd.DataFrame:
    """A short data audit (what, who, where, when, how, what is missing), partly computed."""
    releases = sorted(set(aid["release"]))
    cutoff = sorted(set(aid["data_cutoff"].dt.date.astype(str)))
    retrieved = sorted(set(aid["retrieved_on"].dt.date.astype(str)))
    gaps = "; ".join(f"{d} ({m})" for d, m in missing_measures(aid))
    no_gdp = int(aid["military_pct_gdp"].isna().sum())
    rows = [
        ("What", f"Military aid to Ukraine in € billion, {len(aid)} rows: "
                 f"{', '.join(country_donors(aid))}, the EU institutions and one EU aggregate; "
                 "two measures, allocated and committed."),
        ("Who", "Compiled by the Kiel Institute for the World Economy (Ukraine Support "
                "Tracker team). The Kiel pages read for this course state no reuse licence, "
                "so the course quotes single figures with attribution and does not "
                "redistribute the dataset; the course's own compilation is CC BY 4.0."),
        ("Where", f"{aid['source_url'].nunique()} different web pages, named row by row "
                  "(a Kiel news release and press reports of the same release)."),
        ("When", f"Release: {'; '.join(releases)}. Data to {', '.join(cutoff)}; "
                 f"read on {', '.join(retrieved)}."),
        ("How", "Kiel counts government-to-government aid announced since 24 January 2022 "
                "and values equipment at market prices; the course copied the published "
                "totals, it did not recompute them."),
        ("What is missing", f"Most donors (no top-15 list could be verified for this "
                            f"release); figures missing for: {gaps}; military aid as % of "
                            f"GDP ({no_gdp} of {len(aid)} rows empty)."),
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["question", "answer"])


def audit_markdown(aid: pd.DataFrame) -> str:
    """The audit as a Markdown table (for display in the lesson)."""
    lines = ["| question | answer |", "| --- | --- |"]
    for _, row in audit(aid).iterrows():
        lines.append(f"| **{row['question']}** | {row['answer'].replace('|', '/')} |")
    return "\n".join(lines)


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


# ---------------------------------------------------------------- defence spending


def allies_in_year(members: pd.DataFrame, year: int) -> int:
    """How many countries were allies at some point of ``year`` (by accession date)."""
    return int((members["accession_date"].dt.year <= year).sum())


def rows_in_year(spending: pd.DataFrame, year: int, members_only: bool = True) -> int:
    """Rows NATO's table has for ``year``: only allies of that year, or all listed."""
    rows = spending[spending["year"] == year]
    if members_only:
        rows = rows[rows["member_in_year"].astype(bool)]
    return len(rows)


def at_or_above(
    spending: pd.DataFrame, year: int, threshold: float = THRESHOLD, members_only: bool = True
) -> int:
    """How many rows of ``year`` spent at least ``threshold`` % of GDP on defence."""
    rows = spending[spending["year"] == year]
    if members_only:
        rows = rows[rows["member_in_year"].astype(bool)]
    return int((rows["pct_gdp"] >= threshold).sum())


def two_percent_summary(
    spending: pd.DataFrame, members: pd.DataFrame, years: tuple[int, ...] = (2014, 2024)
) -> pd.DataFrame:
    """Per year: allies at 2%, allies in all, rows with data, and the table's full listing."""
    out = []
    for year in years:
        allies = allies_in_year(members, year)
        with_data = rows_in_year(spending, year)
        out.append(
            {
                "year": year,
                "at_2pct": at_or_above(spending, year),
                "allies": allies,
                "allies_with_data": with_data,
                "allies_without_data": allies - with_data,
                "rows_in_natos_table": rows_in_year(spending, year, members_only=False),
                "honest": f"{at_or_above(spending, year)} of {allies}",
            }
        )
    return pd.DataFrame(out)


def spending_wide(spending: pd.DataFrame) -> pd.DataFrame:
    """One row per country: 2014 and 2024 shares, whether it was an ally in 2014, change."""
    pct = spending.pivot_table(index="country", columns="year", values="pct_gdp")
    member = spending[spending["year"] == 2014].set_index("country")["member_in_year"]
    out = pd.DataFrame(
        {
            "country": pct.index.astype(str),
            "pct_2014": pct[2014].to_numpy(),
            "pct_2024": pct[2024].to_numpy(),
            "ally_in_2014": member.reindex(pct.index).astype(bool).to_numpy(),
        }
    )
    out["change"] = (out["pct_2024"] - out["pct_2014"]).round(2)
    return out.sort_values("pct_2024", ascending=False).reset_index(drop=True)


def crossed_threshold(spending: pd.DataFrame, threshold: float = THRESHOLD) -> list[str]:
    """Allies of 2014 that were below ``threshold`` in 2014 and at or above it in 2024."""
    wide = spending_wide(spending)
    hit = wide[
        wide["ally_in_2014"] & (wide["pct_2014"] < threshold) & (wide["pct_2024"] >= threshold)
    ]
    return sorted(hit["country"])


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


# ---------------------------------------------------------------- channels

CHANNEL_KIND = {
    "nato_cap": "NATO itself",
    "nsatu": "NATO itself",
    "udcg_ramstein": "Coalition of states",
    "udcg_capability_coalitions": "Coalition of states",
    "g7_joint_declaration": "Coalition of states",
    "eu_epf": "European Union",
    "eumam_ukraine": "European Union",
    "uk_interflex": "Programme led by one country",
}


def channels_table(channels: pd.DataFrame) -> pd.DataFrame:
    """Channels with who runs them, start date, and whether lethal equipment flows through."""
    out = pd.DataFrame(
        {
            "channel": channels["channel"].astype(str).to_numpy(),
            "lead": channels["lead"].astype(str).to_numpy(),
            "kind": [CHANNEL_KIND.get(c, "Other") for c in channels["channel_id"]],
            "start": channels["start"].dt.strftime("%Y-%m-%d").to_numpy(),
            "lethal": ["lethal aid flows through it" if v else "no lethal aid"
                       for v in channels["lethal"]],
        }
    )  # fmt: skip
    return out.sort_values("start").reset_index(drop=True)


def channels_sentence(table: pd.DataFrame) -> str:
    """One sentence describing the channels chart, computed from the table."""
    nato = table[table["kind"] == "NATO itself"]
    return (
        f"Timeline of {len(table)} channels of support to Ukraine by start date, from "
        f"{table['start'].min()[:4]} to {table['start'].max()[:4]}; of the "
        f"{len(nato)} run by NATO itself, its own package (the CAP) carried no lethal aid, "
        f"and the one created at the Washington Summit (NSATU) coordinates the allies' own "
        f"donations."
    )


def channels_chart(table: pd.DataFrame, sentence: str) -> alt.Chart:
    """Each channel as a point at its start date, shaped by whether lethal aid flows through."""
    chart = (
        alt.Chart(table)
        .mark_point(filled=True, size=120)
        .encode(
            x=alt.X("start:T", title="Start", axis=alt.Axis(format="%Y")),
            y=alt.Y("channel:N", sort=alt.EncodingSortField("start"), title=None,
                    axis=alt.Axis(labelLimit=460)),
            color=alt.Color(
                "kind:N", title="Run by", legend=alt.Legend(orient="bottom", columns=2)
            ),
            shape=alt.Shape(
                "lethal:N", title="Lethal aid?", legend=alt.Legend(orient="bottom", columns=1)
            ),
            tooltip=[
                alt.Tooltip("channel:N", title="Channel"),
                alt.Tooltip("lead:N", title="Lead"),
                alt.Tooltip("start:T", title="Start", format="%-d %B %Y"),
                alt.Tooltip("lethal:N", title="Lethal aid?"),
            ],
        )
        .properties(title="Channels of support to Ukraine", width=360, height=260)
    )  # fmt: skip
    return describe(chart, sentence)


# ---------------------------------------------------------------- figures in the prose


def _aid() -> pd.DataFrame:
    from helpers import data

    return data.military_aid()


def _spending() -> pd.DataFrame:
    from helpers import data

    return data.defence_spending()


def _members() -> pd.DataFrame:
    from helpers import data

    return data.members()


def _block(measure: str, name: str) -> float:
    table = blocks(_aid(), measure).set_index("block")
    return round(float(table.loc[name, "eur_bn"]), 1)


DERIVED_FACTS: dict[str, Callable[[], float]] = {
    "aid_us_allocated_bn": lambda: float(donor_value(_aid(), "United States", "allocated") or 0),
    "aid_eu_total_allocated_bn": lambda: float(donor_value(_aid(), EU_AGGREGATE, "allocated") or 0),
    "aid_europe_allocated_bn": lambda: _block("allocated", "Europe"),
    "aid_total_allocated_bn": lambda: round(total(_aid(), "allocated"), 1),
    "aid_naive_allocated_bn": lambda: round(naive_total(_aid(), "allocated"), 1),
    "aid_us_share_allocated_pct": lambda: round(share_pct(_aid(), "United States", "allocated"), 1),
    "aid_germany_committed_bn": lambda: float(donor_value(_aid(), "Germany", "committed") or 0),
    "aid_germany_allocated_bn": lambda: float(donor_value(_aid(), "Germany", "allocated") or 0),
    "aid_country_donors": lambda: float(len(country_donors(_aid()))),
    "spending_allies_with_data_2014": lambda: float(rows_in_year(_spending(), 2014)),
    "spending_rows_table_2014": lambda: float(rows_in_year(_spending(), 2014, False)),
    "spending_crossed_2pct": lambda: float(len(crossed_threshold(_spending()))),
}


# ---------------------------------------------------------------- second edition: Kiel files
# Chart builders for the revised donor table (every release, ``data.military_aid(None)``) and
# the monthly series (``data.military_aid_monthly()``). The numbers come from
# ``helpers.analysis.aid_series``; these functions only shape tables and draw.

CUTOFF_PARAM = "cutoff_pick"
GROUP_PARAM = "group_pick"
GROUP_COLOURS: tuple[str, ...] = ("#D55E00", "#0072B2", "#999999")
US_BEFORE: tuple[str, str] = ("2023-01", "2023-06")
US_LULL: tuple[str, str] = ("2023-10", "2024-03")


def donor_chart_table(aid_all: pd.DataFrame, top: int = 20) -> pd.DataFrame:
    """The top ``top`` donors (allocations, aggregates left out) at every cut-off, long."""
    from helpers.analysis import aid_series

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
                        "not comparable (only 3 donors verified)"
                        if cut.cutoff_role == "headline_2024"
                        else f"{v:.1f}"
                        for v in ranked["share_pct"]
                    ],
                }
            )
        )
    if not frames:
        raise ValueError("the table has no cut-offs")
    return pd.concat(frames, ignore_index=True)


def _default_cutoff(table: pd.DataFrame) -> str:
    article = table.loc[table["role"] == "article", "cutoff"]
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
    from helpers.analysis.aid_series import DONOR_GROUPS

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


def monthly_chart_table(
    monthly: pd.DataFrame, start: str = "2022-01", end: str = "2024-12"
) -> pd.DataFrame:
    """One row per month and donor group: month (ISO date), € bn, and the epilogue flag."""
    from helpers.analysis import aid_series

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
    stamp = pd.Timestamp(month)
    return f"{stamp:%B %Y}"


def monthly_sentence(
    monthly: pd.DataFrame,
    before: tuple[str, str] = US_BEFORE,
    lull: tuple[str, str] = US_LULL,
) -> str:
    """One sentence describing the monthly chart: US monthly average in two periods."""
    from helpers.analysis import aid_series

    change = aid_series.change_between(monthly, before, lull).set_index("period")
    first = float(change.loc["before", "mean_eur_bn_per_month"])
    second = float(change.loc["after", "mean_eur_bn_per_month"])
    return (
        f"Bar chart of military aid allocated to Ukraine per month in euro billions (Kiel "
        f"tracker), by donor group (United States, European donors, others): new US "
        f"allocations averaged {first:.2f} billion a month from {_month_words(before[0] + '-01')} "
        f"to {_month_words(before[1] + '-01')} and {second:.2f} billion a month from "
        f"{_month_words(lull[0] + '-01')} to {_month_words(lull[1] + '-01')}; months after "
        f"June 2024 are epilogue data; clicking the legend highlights one group."
    )


def monthly_chart(table: pd.DataFrame, sentence: str) -> alt.LayerChart:
    """Stacked monthly bars by donor group; the legend highlights a group; epilogue marked."""
    from helpers.analysis.aid_series import DONOR_GROUPS

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


# ---------------------------------------------------------------- lethal aid: weapon decisions
# Lesson 03's chart of allied weapon decisions (``data.weapon_decisions()``): the 2015 arming
# debate, the first US lethal sales (2017-18) and the "firsts" and lifted restrictions of
# 2022-24, each from announcement to first delivery where a delivery date is sourced.
# Judging what followed each step is lesson 06's exercise; this chart shows the sequence.

KIND_PARAM = "kind_pick"
ALL_KINDS = "All"
KIND_LABELS: dict[str, str] = {
    "debate": "Arming debate",
    "first_lethal_sale": "US lethal arms, 2017-18",
    "first_of_kind": "New kind of weapon",
    "coalition_formed": "Coalition formed",
    "first_use": "First use",
    "restriction_lifted": "Restriction lifted",
}
SUMMIT_DAY = pd.Timestamp("2024-07-11")
SUMMIT_NOTE = "Washington Summit: later dates are epilogue"
# Short names for the chart's rows; any decision not listed falls back to its system text.
SHORT_NAMES: dict[str, str] = {
    "2015-02-thinktank-report": "Think-tank report: arm Ukraine",
    "2015-02-mearsheimer-dont-arm-ukraine": "Mearsheimer: 'Don't Arm Ukraine'",
    "2017-12-us-sniper-rifles-licence": "US licence: sniper rifles (commercial)",
    "2018-03-us-javelin-sale": "US sale: Javelin anti-tank missiles",
    "2022-06-us-himars": "HIMARS rocket launchers (US)",
    "2022-12-us-patriot": "Patriot air defence (US)",
    "2023-01-deu-leopard-2": "Leopard 2 tanks (Germany)",
    "2023-01-us-abrams": "Abrams tanks (US)",
    "2023-02-leopard-1": "Leopard 1 tanks (DE, DK, NL)",
    "2023-05-gbr-storm-shadow": "Storm Shadow cruise missiles (UK)",
    "2023-07-f16-training-coalition": "F-16 training coalition",
    "2023-10-us-atacms-first-use": "ATACMS, 165 km, first used",
    "2024-04-us-atacms-long-range": "ATACMS, about 300 km",
    "2024-05-us-kharkiv-cross-border": "Strikes into Russia near Kharkiv allowed",
}


def _day(value: pd.Timestamp) -> str:
    return "" if pd.isna(value) else f"{value.day} {value:%B %Y}"


def weapon_table(decisions: pd.DataFrame) -> pd.DataFrame:
    """One row per decision, oldest first: name, kind, donor, dates, lag and Russia's warning.

    ``lag_days`` is the days from announcement to first delivery (empty where no delivery
    date is sourced); ``epilogue`` marks deliveries after the Washington Summit.
    """
    rows = decisions.sort_values(["announced_on", "decision_id"], kind="stable")
    ids = rows["decision_id"].astype(str)
    delivered = rows["delivered_on"]
    warning = []
    for text, by, on in zip(
        rows["russia_warning"], rows["russia_warning_by"], rows["russia_warning_on"], strict=True
    ):
        warning.append(
            "none found in the sources read" if pd.isna(text) else f"{by} ({_day(on)}): {text}"
        )
    lag = (delivered - rows["announced_on"]).dt.days
    out = pd.DataFrame(
        {
            "decision_id": ids.to_numpy(),
            "name": [
                SHORT_NAMES.get(i, str(s)[:40]) for i, s in zip(ids, rows["system"], strict=True)
            ],
            "kind": rows["decision_type"].astype(str).map(KIND_LABELS).to_numpy(),
            "donor": rows["donor"].astype(str).to_numpy(),
            "announced": rows["announced_on"].dt.strftime("%Y-%m-%d").to_numpy(),
            "delivered": delivered.dt.strftime("%Y-%m-%d").to_numpy(),
            "announced_label": [_day(d) for d in rows["announced_on"]],
            "delivered_label": [
                _day(d) if p != "month" else f"{d:%B %Y}"
                for d, p in zip(delivered, rows["delivered_precision"].astype(str), strict=True)
            ],
            "lag_days": lag.astype("Int64").to_numpy(),
            "decision": rows["decision"].astype(str).to_numpy(),
            "russia_warning": warning,
            "epilogue": (delivered > SUMMIT_DAY).fillna(False).astype(bool).to_numpy(),
        }
    )
    out["delivered_label"] = [d if str(d) != "NaT" else "" for d in out["delivered_label"]]
    # Missing dates and lags as None (JSON null), never NaN, which is not valid JSON.
    out["delivered"] = pd.Series(
        [None if pd.isna(d) else str(d) for d in out["delivered"]], dtype="object"
    )
    out["lag_days"] = pd.Series(
        [None if pd.isna(v) else int(v) for v in out["lag_days"]], dtype="object"
    )
    return out.reset_index(drop=True)


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


def months_to_delivery(table: pd.DataFrame, decision_id: str) -> int:
    """Whole months (30.44-day months, rounded) from announcement to first delivery."""
    hit = table[table["decision_id"] == decision_id]
    if hit.empty or hit["lag_days"].iloc[0] is None or pd.isna(hit["lag_days"].iloc[0]):
        raise ValueError(f"no sourced delivery date for {decision_id!r}")
    return round(int(hit["lag_days"].iloc[0]) / 30.44)


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
        alt.Chart(
            pd.DataFrame(
                {"day": ["2024-07-11"], "note": ["Washington Summit: later dates are epilogue"]}
            )
        )
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


# Okabe-Ito colours in an order that keeps the six kinds apart (no yellow on white, no grey:
# grey and reddish purple fall below ΔE00 10 under deuteranopia).
OKABE_ITO_SAFE: tuple[str, ...] = (
    "#56B4E9", "#E69F00", "#0072B2", "#009E73", "#CC79A7", "#D55E00",
)  # fmt: skip


# ---------------------------------------------------------------- second edition: figures for 03


def _every_release() -> pd.DataFrame:
    from helpers import data

    return data.military_aid(release=None)


def _article_ranking() -> pd.DataFrame:
    from helpers.analysis import aid_series

    aid_all = _every_release()
    cut = aid_series.cutoffs(aid_all)
    row = cut[cut["cutoff_role"] == aid_series.ARTICLE].iloc[0]
    return aid_series.donor_ranking(aid_all, row["data_cutoff"], row["release"])


def donor_ratio(first: str, second: str) -> float:
    """How many times ``first``'s allocations exceed ``second``'s at the article's cut-off."""
    ranked = _article_ranking().set_index("donor")["military_eur_bn"]
    return float(ranked[first] / ranked[second])


def months_group_above(group: str, other: str, start: str, end: str) -> int:
    """Months in ``start``..``end`` in which ``group`` allocated more than ``other``."""
    from helpers import data
    from helpers.analysis import aid_series

    wide = aid_series.monthly_wide(data.military_aid_monthly(), start=start, end=end)
    return int((wide[group] > wide[other]).sum())


def _group_share(group: str) -> float:
    ranked = _article_ranking()
    whole = float(ranked["military_eur_bn"].sum())
    return 100 * float(ranked.loc[ranked["group"] == group, "military_eur_bn"].sum()) / whole


def _us_months_without_new_aid(start: str, end: str) -> int:
    from helpers import data
    from helpers.analysis import aid_series

    wide = aid_series.monthly_wide(data.military_aid_monthly(), start=start, end=end)
    return int((wide[aid_series.US] == 0).sum())


DERIVED_FACTS.update(
    {
        "l03_us_share_june2024_pct": lambda: round(_group_share("United States"), 1),
        "l03_europe_share_june2024_pct": lambda: round(_group_share("European donors"), 1),
        "l03_donor_countries_release29": lambda: float(
            (_article_ranking()["donor_type"] == "country").sum()
        ),
        "l03_us_months_without_new_aid_2024": lambda: float(
            _us_months_without_new_aid("2024-01", "2024-03")
        ),
        "l03_weapon_decisions": lambda: float(len(weapon_table(_weapons()))),
    }
)


def _weapons() -> pd.DataFrame:
    from helpers import data

    return data.weapon_decisions()
