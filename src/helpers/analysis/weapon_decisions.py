"""Allied weapon decisions for Ukraine, 2015-2024: order, time to delivery, the epilogue.

Pure pandas over ``weapon_decisions.csv`` (``data.weapon_decisions()``): the 2015 arming
debate, the first US lethal sales (2017-18) and the "firsts" and lifted restrictions of
2022-24, each with the day it was announced and, where sourced, the day of first delivery.
Judging what followed each step is lesson 06's exercise (:mod:`helpers.analysis.escalation`).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from helpers import data

__all__ = [
    "DAYS_PER_MONTH",
    "DERIVED_FACTS",
    "SUMMIT_DAY",
    "days_to_delivery",
    "delivered_after_summit",
    "in_order",
    "months_to_delivery",
    "short_names",
]

# The Washington Summit: deliveries after it are epilogue data.
SUMMIT_DAY = pd.Timestamp("2024-07-11")
DAYS_PER_MONTH = 30.44  # an average month (365.25 / 12)


def in_order(decisions: pd.DataFrame) -> pd.DataFrame:
    """The decisions oldest first (by announcement, then id), renumbered from 0."""
    rows = decisions.sort_values(["announced_on", "decision_id"], kind="stable")
    return rows.reset_index(drop=True)


def days_to_delivery(decisions: pd.DataFrame) -> pd.Series:
    """Days from announcement to first delivery, by ``decision_id`` (missing if unsourced)."""
    lag = (decisions["delivered_on"] - decisions["announced_on"]).dt.days.astype("Int64")
    return pd.Series(lag.to_numpy(), index=decisions["decision_id"].astype(str), name="lag_days")


def months_to_delivery(decisions: pd.DataFrame, decision_id: str) -> int:
    """Whole months (30.44-day months, rounded) from announcement to first delivery."""
    lags = days_to_delivery(decisions)
    if decision_id not in lags.index or pd.isna(lags[decision_id]):
        raise ValueError(f"no sourced delivery date for {decision_id!r}")
    return round(int(lags[decision_id]) / DAYS_PER_MONTH)


def delivered_after_summit(decisions: pd.DataFrame) -> pd.Series:
    """True where the first delivery came after the Washington Summit (epilogue data)."""
    return (decisions["delivered_on"] > SUMMIT_DAY).fillna(False).astype(bool)


def short_names(decisions: pd.DataFrame) -> dict[str, str]:
    """``decision_id`` → the short name the course's charts and tables show."""
    return dict(
        zip(
            decisions["decision_id"].astype(str),
            decisions["short_name"].astype(str),
            strict=True,
        )
    )


DERIVED_FACTS: dict[str, Callable[[], float]] = {
    "l03_weapon_decisions": lambda: float(len(data.weapon_decisions())),
}
