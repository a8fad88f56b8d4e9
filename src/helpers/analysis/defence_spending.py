"""Allied defence spending as a share of GDP (NATO, June 2024) and the 2% guideline.

Pure pandas over ``defence_spending.csv``. NATO's table lists today's allies for every year,
so its 2014 column holds countries that were not yet allies: only rows with
``member_in_year`` count, and the number of allies in a year comes from ``members.csv``
(:mod:`helpers.analysis.membership`; Iceland, which has no armed forces, is an ally without a
row).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from helpers import data
from helpers.analysis import membership

__all__ = [
    "DERIVED_FACTS",
    "THRESHOLD",
    "at_or_above",
    "crossed_threshold",
    "rows_in_year",
    "spending_wide",
    "two_percent_summary",
]

THRESHOLD = 2.0


def _rows(spending: pd.DataFrame, year: int, members_only: bool) -> pd.DataFrame:
    rows = spending[spending["year"] == year]
    return rows[rows["member_in_year"].astype(bool)] if members_only else rows


def rows_in_year(spending: pd.DataFrame, year: int, members_only: bool = True) -> int:
    """Rows NATO's table has for ``year``: only allies of that year, or all listed."""
    return len(_rows(spending, year, members_only))


def at_or_above(
    spending: pd.DataFrame, year: int, threshold: float = THRESHOLD, members_only: bool = True
) -> int:
    """How many rows of ``year`` spent at least ``threshold`` % of GDP on defence."""
    return int((_rows(spending, year, members_only)["pct_gdp"] >= threshold).sum())


def two_percent_summary(
    spending: pd.DataFrame, members: pd.DataFrame, years: tuple[int, ...] = (2014, 2024)
) -> pd.DataFrame:
    """Per year: allies at 2%, allies in all, rows with data, and the table's full listing."""
    out = []
    for year in years:
        allies = membership.allies_in_year(members, year)
        with_data = rows_in_year(spending, year)
        at_2pct = at_or_above(spending, year)
        out.append(
            {
                "year": year,
                "at_2pct": at_2pct,
                "allies": allies,
                "allies_with_data": with_data,
                "allies_without_data": allies - with_data,
                "rows_in_natos_table": rows_in_year(spending, year, members_only=False),
                "honest": f"{at_2pct} of {allies}",
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


def crossed_threshold(
    spending: pd.DataFrame, threshold: float = THRESHOLD, *, allies_of_2014_only: bool = True
) -> list[str]:
    """Allies of 2014 that were below ``threshold`` in 2014 and at or above it in 2024.

    ``allies_of_2014_only=False`` also counts the later members NATO's 2014 column lists
    (the slip of using the wrong base year).
    """
    wide = spending_wide(spending)
    crossed = (wide["pct_2014"] < threshold) & (wide["pct_2024"] >= threshold)
    if allies_of_2014_only:
        crossed &= wide["ally_in_2014"]
    return sorted(wide.loc[crossed, "country"])


DERIVED_FACTS: dict[str, Callable[[], float]] = {
    "spending_allies_with_data_2014": lambda: float(rows_in_year(data.defence_spending(), 2014)),
    "spending_rows_table_2014": lambda: float(
        rows_in_year(data.defence_spending(), 2014, members_only=False)
    ),
    "spending_crossed_2pct": lambda: float(len(crossed_threshold(data.defence_spending()))),
    "allies_2pct_2014": lambda: float(at_or_above(data.defence_spending(), 2014)),
    "allies_2pct_2024": lambda: float(at_or_above(data.defence_spending(), 2024)),
}
