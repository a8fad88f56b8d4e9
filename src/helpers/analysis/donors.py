"""Military aid by donor (Kiel tracker): totals without double counting, shares and blocks.

Pure pandas over ``military_aid.csv``. The February 2024 headline rows
(``data.military_aid()``) hold countries, EU institutions and an aggregate ("EU institutions
and EU member states (combined)") that already contains Germany, Denmark, every other EU
member and the EU institutions. :func:`summable` keeps, for one measure, the aggregate plus
only the rows it does not contain, so a sum over it counts every euro once.

The revised data of Release 29 (every release, ``data.military_aid(release=None)``) are
ranked in :mod:`helpers.analysis.aid_series`; :func:`donor_ratio` and
:func:`group_share_pct` answer lesson 03's questions about them at the article's cut-off.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from helpers import data
from helpers.analysis import aid_series
from helpers.analysis.aid_series import EU_MEMBERS_ISO3, EUROPE_NON_EU_ISO3

__all__ = [
    "DERIVED_FACTS",
    "EUROPE_NON_EU_ISO3",
    "EU_AGGREGATE",
    "EU_MEMBERS_ISO3",
    "MEASURES",
    "allocation_rate_pct",
    "audit",
    "audit_markdown",
    "block_of",
    "blocks",
    "country_donors",
    "coverage",
    "donor_ratio",
    "donor_value",
    "group_share_pct",
    "in_eu_aggregate",
    "missing_measures",
    "naive_total",
    "share_pct",
    "summable",
    "total",
]

MEASURES: tuple[str, ...] = ("allocated", "committed")
EU_AGGREGATE = "EU institutions and EU member states (combined)"
# The blocks of the headline table, named after aid_series' donor groups.
BLOCK_NAMES: dict[str, str] = {
    aid_series.US: "United States",
    aid_series.EUROPE: "Europe",
    aid_series.OTHER: "Other",
}


def _check_measure(measure: str) -> None:
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, not {measure!r}")


def _of_measure(aid: pd.DataFrame, measure: str) -> pd.DataFrame:
    _check_measure(measure)
    return aid[aid["measure"].astype(str) == measure]


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
    rows = _of_measure(aid, measure)
    if bool((rows["donor"] == EU_AGGREGATE).any()):
        rows = rows[~in_eu_aggregate(rows)]
    return rows.reset_index(drop=True)


def total(aid: pd.DataFrame, measure: str) -> float:
    """Military aid of all covered donors for one measure, € bn, every euro counted once."""
    return round(float(summable(aid, measure)["military_eur_bn"].sum()), 6)


def naive_total(aid: pd.DataFrame, measure: str) -> float:
    """The wrong total: every row of the measure added, aggregate and its members together."""
    return round(float(_of_measure(aid, measure)["military_eur_bn"].sum()), 6)


def donor_value(aid: pd.DataFrame, donor: str, measure: str) -> float | None:
    """One donor's figure for one measure, or None where the table has no such row."""
    rows = _of_measure(aid, measure)
    hit = rows[rows["donor"] == donor]
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
    if row["donor"] == EU_AGGREGATE:
        return "Europe"
    iso = None if pd.isna(row["iso3"]) else str(row["iso3"])
    return BLOCK_NAMES[aid_series.donor_group(iso, str(row["donor_type"]))]


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
    """The audit answers the table itself gives: what, where, when, and what is missing.

    Who made the data and how are read about, not computed: the lesson states them in its
    text, beside this table.
    """
    releases = sorted(set(aid["release"]))
    cutoff = sorted(set(aid["data_cutoff"].dt.date.astype(str)))
    retrieved = sorted(set(aid["retrieved_on"].dt.date.astype(str)))
    gaps = "; ".join(f"{d} ({m})" for d, m in missing_measures(aid))
    no_gdp = int(aid["military_pct_gdp"].isna().sum())
    measures = [m for m in MEASURES if m in set(aid["measure"].astype(str))]
    rows = [
        ("What", f"Military aid to Ukraine in € billion, {len(aid)} rows: "
                 f"{', '.join(country_donors(aid))}, the EU institutions and one EU aggregate; "
                 f"measures: {' and '.join(measures)}."),
        ("Where", f"{aid['source_url'].nunique()} different web pages, named row by row."),
        ("When", f"Release: {'; '.join(releases)}. Data to {', '.join(cutoff)}; "
                 f"read on {', '.join(retrieved)}."),
        ("What is missing", f"Figures for: {gaps}; military aid as % of GDP ({no_gdp} of "
                            f"{len(aid)} rows empty)."),
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["question", "answer"])


def audit_markdown(aid: pd.DataFrame) -> str:
    """The audit as a Markdown table (for display in the lesson)."""
    lines = ["| question | answer |", "| --- | --- |"]
    for _, row in audit(aid).iterrows():
        lines.append(f"| **{row['question']}** | {row['answer'].replace('|', '/')} |")
    return "\n".join(lines)


# ---------------------------------------------------------------- Release 29, June 2024


def donor_ratio(
    aid_all: pd.DataFrame, first: str, second: str, role: str = aid_series.ARTICLE
) -> float:
    """How many times ``first``'s allocations exceed ``second``'s at a cut-off (the article's)."""
    ranked = aid_series.ranking_at(aid_all, role).set_index("donor")["military_eur_bn"]
    return float(ranked[first] / ranked[second])


def group_share_pct(aid_all: pd.DataFrame, group: str) -> float:
    """A donor group's share (%) of all allocations at the article's cut-off."""
    ranked = aid_series.article_ranking(aid_all)
    whole = float(ranked["military_eur_bn"].sum())
    return 100 * float(ranked.loc[ranked["group"] == group, "military_eur_bn"].sum()) / whole


# ---------------------------------------------------------------- figures in the prose


def _block(measure: str, name: str) -> float:
    table = blocks(data.military_aid(), measure).set_index("block")
    return round(float(table.loc[name, "eur_bn"]), 1)


def _value(donor: str, measure: str) -> float:
    return float(donor_value(data.military_aid(), donor, measure) or 0)


def _countries_at_article_cutoff() -> float:
    ranked = aid_series.article_ranking(data.military_aid(release=None))
    return float((ranked["donor_type"] == "country").sum())


DERIVED_FACTS: dict[str, Callable[[], float]] = {
    "aid_us_allocated_bn": lambda: _value("United States", "allocated"),
    "aid_eu_total_allocated_bn": lambda: _value(EU_AGGREGATE, "allocated"),
    "aid_europe_allocated_bn": lambda: _block("allocated", "Europe"),
    "aid_total_allocated_bn": lambda: round(total(data.military_aid(), "allocated"), 1),
    "aid_naive_allocated_bn": lambda: round(naive_total(data.military_aid(), "allocated"), 1),
    "aid_us_share_allocated_pct": lambda: round(
        share_pct(data.military_aid(), "United States", "allocated"), 1
    ),
    "aid_germany_committed_bn": lambda: _value("Germany", "committed"),
    "aid_germany_allocated_bn": lambda: _value("Germany", "allocated"),
    "aid_country_donors": lambda: float(len(country_donors(data.military_aid()))),
    "l03_us_share_june2024_pct": lambda: round(
        group_share_pct(data.military_aid(release=None), aid_series.US), 1
    ),
    "l03_europe_share_june2024_pct": lambda: round(
        group_share_pct(data.military_aid(release=None), aid_series.EUROPE), 1
    ),
    "l03_donor_countries_release29": _countries_at_article_cutoff,
}
