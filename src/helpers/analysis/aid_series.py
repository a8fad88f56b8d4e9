"""Kiel tracker tables of the second data edition: donor rankings and monthly series.

Pure pandas over ``military_aid.csv`` (every release, via ``data.military_aid(release=None)``)
and ``military_aid_monthly.csv``. No charts, no widgets: :mod:`helpers.charts.aid_series`
draws the charts.

Rules the functions keep:

- **One release and one cut-off at a time.** Kiel revises earlier months in later releases,
  so figures are compared only within one (release, data_cutoff) pair; :func:`revisions`
  puts two of them side by side on purpose, labelled.
- **No double counting.** Rows with ``donor_type == "aggregate"`` (the EU-plus-members total
  of the February 2024 release) are never ranked or summed with the rows they contain.
- **Donor groups** partition the donors: the United States; European donors (the 27 EU
  members, the United Kingdom, Norway, Switzerland, Iceland and the EU institutions);
  other donors (Canada, Australia, Japan, Türkiye, ...). Kiel's own website uses the same
  split ("Continental Europe" plus "EU Institutions").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd

from helpers import data

US, EUROPE, OTHER = "United States", "European donors", "Other donors"
DONOR_GROUPS: tuple[str, ...] = (US, EUROPE, OTHER)

EU_MEMBERS_ISO3: frozenset[str] = frozenset({
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
    "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP",
    "SWE",
})  # fmt: skip
EUROPE_NON_EU_ISO3: frozenset[str] = frozenset({"GBR", "NOR", "CHE", "ISL"})

# What each cut-off is for (the ``cutoff_role`` column of military_aid.csv).
HEADLINE, ARTICLE, EPILOGUE = "headline_2024", "article", "epilogue"
CUTOFF_ROLES: tuple[str, ...] = (HEADLINE, ARTICLE, EPILOGUE)
ROLE_NOTES: dict[str, str] = {
    HEADLINE: "as reported in February 2024",
    ARTICLE: "revised data, the article's moment",
    EPILOGUE: "revised data, epilogue",
}
ARTICLE_CUTOFF = date(2024, 6, 30)
EPILOGUE_CUTOFF = date(2024, 12, 31)
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def donor_group(iso3: str | None, donor_type: str) -> str:
    """The group a donor belongs to: United States, European donors or Other donors."""
    if donor_type == "eu_institution":
        return EUROPE
    code = "" if iso3 is None or pd.isna(iso3) else str(iso3)
    if code == "USA":
        return US
    if code in EU_MEMBERS_ISO3 or code in EUROPE_NON_EU_ISO3:
        return EUROPE
    return OTHER


def day_label(day: date | pd.Timestamp) -> str:
    """A readable day: "30 June 2024"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def cutoff_label(data_cutoff: date | pd.Timestamp, role: str) -> str:
    """The name a reader sees for one cut-off, e.g. "Data to 30 June 2024 (revised data, ...)"."""
    if role not in ROLE_NOTES:
        raise ValueError(f"cutoff_role must be one of {CUTOFF_ROLES}, not {role!r}")
    return f"Data to {day_label(data_cutoff)} ({ROLE_NOTES[role]})"


def _need(frame: pd.DataFrame, columns: tuple[str, ...], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} lacks column(s) {', '.join(missing)}")


def cutoffs(aid: pd.DataFrame) -> pd.DataFrame:
    """One row per (release, data_cutoff): its role, a readable label and how many rows."""
    _need(aid, ("release", "data_cutoff", "cutoff_role"), "military_aid")
    keys = ["release", "data_cutoff", "cutoff_role"]
    frame = aid.assign(
        cutoff_role=aid["cutoff_role"].astype(str), release=aid["release"].astype(str)
    )
    grouped = frame.groupby(keys, sort=False).size().reset_index(name="rows")
    grouped["label"] = [
        cutoff_label(c, r)
        for c, r in zip(grouped["data_cutoff"], grouped["cutoff_role"], strict=True)
    ]
    return grouped.sort_values(["data_cutoff", "release"]).reset_index(drop=True)


def _select(
    aid: pd.DataFrame, data_cutoff: date | str | pd.Timestamp | None, release: str | None
) -> pd.DataFrame:
    rows = aid
    if release is not None:
        rows = rows[rows["release"].astype(str) == release]
    if data_cutoff is not None:
        rows = rows[rows["data_cutoff"] == pd.Timestamp(data_cutoff)]
    pairs = rows[["release", "data_cutoff"]].astype(str).drop_duplicates()
    if len(pairs) != 1:
        found = "no rows" if pairs.empty else f"{len(pairs)} (release, cut-off) pairs"
        raise ValueError(f"pick exactly one release and cut-off; the selection has {found}")
    return rows


def donor_ranking(
    aid: pd.DataFrame,
    data_cutoff: date | str | pd.Timestamp | None = None,
    release: str | None = None,
    measure: str = "allocated",
    top: int | None = None,
) -> pd.DataFrame:
    """Donors ranked by military aid at one cut-off of one release, aggregates left out.

    ``share_pct`` is each donor's share of the rows ranked (all non-aggregate rows of that
    cut-off), so shares add up to 100 and no euro is counted twice. ``top`` keeps the first
    ``top`` ranks after the shares are computed.
    """
    _need(aid, ("donor", "donor_type", "measure", "military_eur_bn"), "military_aid")
    rows = _select(aid, data_cutoff, release)
    rows = rows[
        (rows["measure"].astype(str) == measure) & (rows["donor_type"].astype(str) != "aggregate")
    ]
    if rows.empty:
        raise ValueError(f"no {measure!r} rows at this cut-off")
    out = pd.DataFrame(
        {
            "donor": rows["donor"].astype(str).to_numpy(),
            "iso3": rows["iso3"].astype("string").to_numpy(),
            "donor_type": rows["donor_type"].astype(str).to_numpy(),
            "group": [
                donor_group(i, t)
                for i, t in zip(rows["iso3"], rows["donor_type"].astype(str), strict=True)
            ],
            "military_eur_bn": rows["military_eur_bn"].astype(float).to_numpy(),
            "military_pct_gdp": rows["military_pct_gdp"].astype(float).to_numpy()
            if "military_pct_gdp" in rows
            else float("nan"),
        }
    )
    out = out.sort_values(["military_eur_bn", "donor"], ascending=[False, True], kind="stable")
    out = out.reset_index(drop=True)
    whole = float(out["military_eur_bn"].sum())
    out["share_pct"] = 100 * out["military_eur_bn"] / whole if whole > 0 else 0.0
    out.insert(0, "rank", out["military_eur_bn"].rank(method="min", ascending=False).astype(int))
    if top is not None:
        if top < 1:
            raise ValueError("top must be at least 1")
        out = out[out["rank"] <= top].reset_index(drop=True)
    return out


def ranking_at(aid: pd.DataFrame, role: str, measure: str = "allocated") -> pd.DataFrame:
    """:func:`donor_ranking` at the cut-off playing ``role`` (one of :data:`CUTOFF_ROLES`)."""
    cut = cutoffs(aid)
    row = cut[cut["cutoff_role"] == role].iloc[0]
    return donor_ranking(aid, row["data_cutoff"], row["release"], measure)


def article_ranking(aid: pd.DataFrame, measure: str = "allocated") -> pd.DataFrame:
    """:func:`donor_ranking` at the article's cut-off (30 June 2024, revised release)."""
    return ranking_at(aid, ARTICLE, measure)


# ---------------------------------------------------------------- monthly series


def _month_index(year: pd.Series, month: pd.Series) -> pd.Series:
    return pd.to_datetime({"year": year.astype(int), "month": month.astype(int), "day": 1})


def _month(value: str | date | pd.Timestamp) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    return pd.Timestamp(year=stamp.year, month=stamp.month, day=1)


def monthly_series(
    monthly: pd.DataFrame,
    start: str | date | pd.Timestamp | None = None,
    end: str | date | pd.Timestamp | None = None,
    release: str | None = None,
) -> pd.DataFrame:
    """Long table: month (first day), group, € bn, epilogue flag; one release, months filled.

    Months a group has no row for count as zero (Kiel lists no row for a month without new
    allocations). ``start`` and ``end`` are inclusive months ("2023-10").
    """
    _need(monthly, ("year", "month", "donor_group", "military_eur_bn", "release"), "monthly series")
    rows = monthly
    if release is not None:
        rows = rows[rows["release"].astype(str) == release]
    if rows["release"].astype(str).nunique() != 1:
        raise ValueError("pick exactly one release of the monthly series")
    months = _month_index(rows["year"], rows["month"])
    frame = pd.DataFrame(
        {
            "month": months.to_numpy(),
            "group": rows["donor_group"].astype(str).to_numpy(),
            "military_eur_bn": rows["military_eur_bn"].astype(float).to_numpy(),
        }
    )
    first, last = frame["month"].min(), frame["month"].max()
    if start is not None:
        first = max(first, _month(start))
    if end is not None:
        last = min(last, _month(end))
    grid = pd.MultiIndex.from_product(
        [pd.date_range(first, last, freq="MS"), list(DONOR_GROUPS)], names=["month", "group"]
    )
    summed = frame.groupby(["month", "group"])["military_eur_bn"].sum()
    out = summed.reindex(grid, fill_value=0.0).reset_index()
    out["epilogue"] = out["month"] > pd.Timestamp(ARTICLE_CUTOFF)
    out["group"] = pd.Categorical(out["group"], categories=list(DONOR_GROUPS))
    return out.sort_values(["month", "group"]).reset_index(drop=True)


def monthly_wide(monthly: pd.DataFrame, **window: str | None) -> pd.DataFrame:
    """One row per month, one column per donor group (€ bn), plus the total."""
    long = monthly_series(monthly, **window)
    wide = long.pivot_table(
        index="month", columns="group", values="military_eur_bn", observed=False
    )
    wide = wide.reindex(columns=list(DONOR_GROUPS))
    wide.columns.name = None
    wide["Total"] = wide.sum(axis=1)
    return wide.reset_index()


def period_total(
    monthly: pd.DataFrame, group: str, start: str, end: str, release: str | None = None
) -> float:
    """Military allocations of one group summed over months ``start``..``end`` (€ bn)."""
    if group not in DONOR_GROUPS:
        raise ValueError(f"group must be one of {DONOR_GROUPS}, not {group!r}")
    if _month(start) > _month(end):
        raise ValueError("start must not be after end")
    long = monthly_series(monthly, start, end, release)
    return float(long.loc[long["group"] == group, "military_eur_bn"].sum())


def months_between(start: str, end: str) -> int:
    """How many calendar months ``start``..``end`` spans, both included."""
    a, b = _month(start), _month(end)
    return (b.year - a.year) * 12 + b.month - a.month + 1


def change_between(
    monthly: pd.DataFrame,
    before: tuple[str, str],
    after: tuple[str, str],
    group: str = US,
    release: str | None = None,
) -> pd.DataFrame:
    """A group's average monthly allocations in two periods and the change between them.

    Returns one row per period (start, end, months, total, monthly mean) and a third row
    "change" with the difference of the means (€ bn a month) and its percentage.
    """
    rows: list[dict[str, object]] = []
    means: list[float] = []
    for label, (start, end) in (("before", before), ("after", after)):
        months = months_between(start, end)
        if months < 1:
            raise ValueError(f"{label}: start must not be after end")
        total_ = period_total(monthly, group, start, end, release)
        means.append(total_ / months)
        rows.append(
            {"period": label, "start": start, "end": end, "months": months,
             "total_eur_bn": total_, "mean_eur_bn_per_month": means[-1],
             "change_pct": float("nan")}
        )  # fmt: skip
    first, second = means
    pct = 100 * (second - first) / first if first > 0 else float("nan")
    rows.append(
        {"period": "change", "start": before[0], "end": after[1], "months": None,
         "total_eur_bn": None, "mean_eur_bn_per_month": second - first, "change_pct": pct}
    )  # fmt: skip
    out = pd.DataFrame(rows)
    out.insert(0, "group", group)
    return out


def group_shares(
    monthly: pd.DataFrame, start: str, end: str, release: str | None = None
) -> pd.DataFrame:
    """Each donor group's total and share (%) of military allocations over a window."""
    totals = [period_total(monthly, g, start, end, release) for g in DONOR_GROUPS]
    whole = sum(totals)
    return pd.DataFrame(
        {
            "group": list(DONOR_GROUPS),
            "military_eur_bn": totals,
            "share_pct": [100 * t / whole if whole > 0 else 0.0 for t in totals],
        }
    )


def months_above(monthly: pd.DataFrame, group: str, other: str, start: str, end: str) -> int:
    """Months in ``start``..``end`` in which ``group`` allocated more than ``other``."""
    wide = monthly_wide(monthly, start=start, end=end)
    return int((wide[group] > wide[other]).sum())


def months_without_new_aid(monthly: pd.DataFrame, group: str, start: str, end: str) -> int:
    """Months in ``start``..``end`` in which ``group`` allocated nothing new."""
    wide = monthly_wide(monthly, start=start, end=end)
    return int((wide[group] == 0).sum())


DERIVED_FACTS: dict[str, Callable[[], float]] = {
    "l03_us_months_without_new_aid_2024": lambda: float(
        months_without_new_aid(data.military_aid_monthly(), US, "2024-01", "2024-03")
    ),
}
