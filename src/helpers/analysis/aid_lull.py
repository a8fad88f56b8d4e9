"""The "tipping point" of spring 2024: monthly military allocations while Congress waited.

Pure pandas over ``military_aid_monthly.csv`` (Kiel tracker, one revised release; see
:mod:`helpers.analysis.aid_series`). The window is the wait for the US supplemental: the
White House asked Congress on 20 October 2023 and the President signed the act on 24 April
2024. The lesson compares the six full months of that wait (October 2023 to March 2024)
with the first half of 2023, and shows the series only up to June 2024, the month before
the Washington Summit (later months belong to the epilogue).

Caution the lesson repeats: these are revised figures from a 2026 release. What the
allies could see in spring 2024 were earlier, smaller-sample releases (for example Kiel's
update of 7 December 2023), which told the same story of a drop in new aid.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from helpers import data
from helpers.analysis import aid_series
from helpers.analysis.aid_series import US

__all__ = [
    "BEFORE",
    "DERIVED_FACTS",
    "LULL",
    "SERIES_END",
    "SERIES_START",
    "SUPPLEMENTAL_REQUESTED",
    "SUPPLEMENTAL_SIGNED",
    "group_share_pct",
    "lull_summary",
    "month_value",
    "monthly_mean",
    "wide_table",
]

SUPPLEMENTAL_REQUESTED = date(2023, 10, 20)
SUPPLEMENTAL_SIGNED = date(2024, 4, 24)
BEFORE: tuple[str, str] = ("2023-01", "2023-06")
LULL: tuple[str, str] = ("2023-10", "2024-03")
SERIES_START, SERIES_END = "2023-01", "2024-06"


def monthly_mean(monthly: pd.DataFrame, group: str, window: tuple[str, str]) -> float:
    """A donor group's average allocations per month over ``window`` (€ bn a month)."""
    total = aid_series.period_total(monthly, group, *window)
    return total / aid_series.months_between(*window)


def group_share_pct(monthly: pd.DataFrame, group: str, window: tuple[str, str]) -> float:
    """A donor group's share (%) of all military allocations over ``window``."""
    shares = aid_series.group_shares(monthly, *window).set_index("group")
    return float(shares.loc[group, "share_pct"])


def month_value(monthly: pd.DataFrame, group: str, month: str) -> float:
    """One group's allocations in one month (€ bn)."""
    return aid_series.period_total(monthly, group, month, month)


def lull_summary(monthly: pd.DataFrame) -> pd.DataFrame:
    """Average € bn a month for each donor group, before and during the wait."""
    rows = []
    for group in aid_series.DONOR_GROUPS:
        rows.append(
            {
                "group": group,
                "jan_jun_2023": monthly_mean(monthly, group, BEFORE),
                "oct_2023_mar_2024": monthly_mean(monthly, group, LULL),
            }
        )
    return pd.DataFrame(rows)


def wide_table(monthly: pd.DataFrame) -> pd.DataFrame:
    """The chart's numbers as a table: one row per month, € bn by group and the total."""
    wide = aid_series.monthly_wide(monthly, start=SERIES_START, end=SERIES_END)
    wide["month"] = pd.to_datetime(wide["month"]).dt.strftime("%Y-%m")
    return wide.round(3)


def _monthly() -> pd.DataFrame:
    return data.military_aid_monthly()


DERIVED_FACTS = {
    "l04_us_monthly_jan_jun_2023_eur_bn": lambda: round(monthly_mean(_monthly(), US, BEFORE), 2),
    "l04_us_monthly_oct2023_mar2024_eur_bn": lambda: round(monthly_mean(_monthly(), US, LULL), 2),
    "l04_us_april_2024_eur_bn": lambda: round(month_value(_monthly(), US, "2024-04"), 2),
    "l04_us_months_zero_in_lull": lambda: float(
        sum(
            month_value(_monthly(), US, m.strftime("%Y-%m")) == 0
            for m in pd.date_range("2023-10-01", "2024-03-01", freq="MS")
        )
    ),
}
# The European donors' share over the wait is the key of exercise 04.lull-europe-share: it
# is deliberately not a derived fact, and the lesson's prose never states it.
