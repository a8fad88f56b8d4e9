"""Who was an ally when: the one place that answers questions about membership over time.

Every count works on ``data.members()`` (one row per today's ally with its
``accession_date``), so "how many allies on a date" is computed here and nowhere else. The
table holds today's allies only: states that joined, not those that have since changed shape
(West Germany's 1955 accession counts once, as Germany).

Also here: the allies table lessons 01 and 04 show, the enlargement rounds of lessons 00 and
01, the rule the accession map colours a country by, and the figures lesson 01 states
(``DERIVED_FACTS``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, TypeAlias

import pandas as pd

from helpers import data

__all__ = [
    "ALLY_STATUS",
    "BUCHAREST_SUMMIT",
    "DERIVED_FACTS",
    "LATER_STATUS",
    "NEVER_STATUS",
    "NORTH_AMERICA",
    "allies_in_year",
    "allies_on",
    "allies_table",
    "joined_after",
    "joined_between",
    "joined_in_round",
    "joined_since",
    "map_ids",
    "members_on",
    "rounds",
    "status_in_year",
]

Day: TypeAlias = date | str | pd.Timestamp

BUCHAREST_SUMMIT = date(2008, 4, 3)
"""The day of the Bucharest Summit Declaration (lesson 01)."""
NORTH_AMERICA = frozenset({"840", "124"})
"""United States and Canada (ISO numeric): the allies outside Europe."""

ALLY_STATUS = "ally"
LATER_STATUS = "joined later"
NEVER_STATUS = "not an ally (2024)"


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


def joined_after(members: pd.DataFrame, when: Day) -> int:
    """How many of today's allies joined strictly after ``when``."""
    return len(members) - allies_on(members, when)


def allies_in_year(members: pd.DataFrame, year: int) -> int:
    """How many of today's allies had joined by the end of ``year``."""
    return int((_joined(members).dt.year <= int(year)).sum())


def joined_since(members: pd.DataFrame, year: int) -> int:
    """How many of today's allies joined in ``year`` or later."""
    return len(members) - allies_in_year(members, int(year) - 1)


def joined_between(members: pd.DataFrame, after: Day, until: Day) -> list[str]:
    """Allies that joined after ``after`` and on or before ``until``, sorted by name."""
    joined = _joined(members)
    rows = members[(joined > _day(after)) & (joined <= _day(until))]
    return sorted(rows["country"].astype(str))


def status_in_year(year_joined: int | None, year: int) -> str:
    """What the accession map shows for a country in ``year`` (the chart's rule, in Python)."""
    if year_joined is None:
        return NEVER_STATUS
    return ALLY_STATUS if year_joined <= year else LATER_STATUS


def map_ids(topo: Mapping[str, Any], object_name: str = "countries") -> set[str]:
    """The ``sovereign_id`` of every feature of the map (the codes a member can join to)."""
    geoms = topo["objects"][object_name]["geometries"]
    return {str(g.get("properties", {}).get("sovereign_id", g.get("id"))) for g in geoms}


def allies_table(members: pd.DataFrame, map_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per ally, in order of accession, with plain (JSON-friendly) column types.

    Columns: ``country``, ``iso_numeric``, ``joined`` (ISO date text), ``year``, ``round``,
    ``region`` (Europe / North America) and, when ``map_ids`` is given, ``on_map``.
    """
    table = members.sort_values(["accession_date", "country"]).reset_index(drop=True)
    joined = _joined(table)
    out = pd.DataFrame(
        {
            "country": table["country"].astype(str).to_list(),
            "iso_numeric": table["iso_numeric"].astype(str).to_list(),
            "joined": [d.date().isoformat() for d in joined],
            "year": joined.dt.year.astype(int).to_list(),
            "round": table["enlargement_round"].astype(int).to_list(),
        }
    )
    out["region"] = [
        "North America" if code in NORTH_AMERICA else "Europe" for code in out["iso_numeric"]
    ]
    if map_ids is not None:
        ids = set(map_ids)
        out["on_map"] = [code in ids for code in out["iso_numeric"]]
    return out


def rounds(members: pd.DataFrame) -> pd.DataFrame:
    """One row per enlargement round: year, who joined, how many, and the total after it."""
    table = members.sort_values(["enlargement_round", "country"])
    grouped = table.groupby("enlargement_round", sort=True)
    out = pd.DataFrame(
        {
            "round": grouped.size().index.astype(int),
            "year": grouped["accession_date"].min().dt.year.to_numpy(),
            "joined": grouped.size().to_numpy(),
            "countries": grouped["country"].agg(lambda s: ", ".join(sorted(s))).to_numpy(),
        }
    )
    out["allies_after"] = out["joined"].cumsum()
    return out


def _on_map_count() -> int:
    return int(allies_table(data.members(), map_ids(data.europe_topojson()))["on_map"].sum())


def _european_allies() -> int:
    return int((allies_table(data.members())["region"] == "Europe").sum())


def joined_in_round(members: pd.DataFrame, round_: int) -> int:
    """How many of today's allies joined in enlargement round ``round_`` (0: the founders)."""
    return int((members["enlargement_round"] == round_).sum())


DERIVED_FACTS: dict[str, Callable[[], float]] = {
    "allies_2024": lambda: float(len(data.members())),
    "founding_allies": lambda: float(joined_in_round(data.members(), 0)),
    "enlargement_rounds": lambda: float(data.members()["enlargement_round"].max()),
    "allies_2014": lambda: float(allies_in_year(data.members(), 2014)),
    "joined_2004": lambda: float(joined_in_round(data.members(), 5)),
    "allies_at_bucharest_2008": lambda: float(allies_on(data.members(), BUCHAREST_SUMMIT)),
    "allies_end_1990": lambda: float(allies_in_year(data.members(), 1990)),
    "joined_after_bucharest_2008": lambda: float(joined_after(data.members(), BUCHAREST_SUMMIT)),
    "european_allies_2024": lambda: float(_european_allies()),
    "allies_on_europe_map": lambda: float(_on_map_count()),
}
"""Figures lesson 01 states in its prose, recomputed from the tables."""
