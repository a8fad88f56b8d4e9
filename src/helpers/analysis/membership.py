"""Who was an ally when: the one place that answers questions about membership over time.

Every count works on ``data.members()`` (one row per today's ally with its
``accession_date``), so "how many allies on a date" is computed here and nowhere else. The
table holds today's allies only: states that joined, not those that have since changed shape
(West Germany's 1955 accession counts once, as Germany).
"""

from __future__ import annotations

from datetime import date
from typing import TypeAlias

import pandas as pd

__all__ = ["allies_in_year", "allies_on", "joined_between", "members_on"]

Day: TypeAlias = date | str | pd.Timestamp


def _day(when: Day) -> pd.Timestamp:
    """A day as a Timestamp; a clear error for anything that is not a date."""
    if isinstance(when, pd.Timestamp | date | str):
        try:
            day = pd.Timestamp(when)
        except ValueError as err:
            raise ValueError(f"not a date: {when!r}") from err
        if pd.isna(day):
            raise ValueError(f"not a date: {when!r}")
        return day.normalize()
    raise TypeError(
        f"expected a date, an ISO date string or a Timestamp, not {type(when).__name__}"
    )


def _joined(members: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(members["accession_date"])


def members_on(members: pd.DataFrame, when: Day) -> pd.DataFrame:
    """The rows of ``members`` that had joined on or before ``when`` (that day counts)."""
    return members.loc[_joined(members) <= _day(when)]


def allies_on(members: pd.DataFrame, when: Day) -> int:
    """How many allies there were on ``when`` (an accession on that day counts)."""
    return int((_joined(members) <= _day(when)).sum())


def allies_in_year(members: pd.DataFrame, year: int) -> int:
    """How many of today's allies had joined by the end of ``year``."""
    return int((_joined(members).dt.year <= int(year)).sum())


def joined_between(members: pd.DataFrame, after: Day, until: Day) -> list[str]:
    """Allies that joined after ``after`` and on or before ``until``, sorted by name."""
    joined = _joined(members)
    rows = members[(joined > _day(after)) & (joined <= _day(until))]
    return sorted(rows["country"].astype(str))
