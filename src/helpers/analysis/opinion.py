"""Ukrainian public opinion on joining NATO, 2008–2024 (``opinion.csv``), for lesson 02.

Pure pandas. The rules the lesson teaches, kept here as code:

- **Compare like with like.** A share of *all respondents* is lower than a share of
  *respondents who would vote* (opponents are likelier to stay away), so a change is only
  measured between two polls on the same base, preferably by the same pollster.
- **The population changes.** From 2014 polls exclude Crimea and the areas of Donetsk and
  Luhansk outside government control; from 2022 also newly occupied areas. A rise can come
  partly from who is no longer asked.
- **Epilogue.** The September 2024 poll is after the Washington Summit: it is flagged.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

ALL, VOTERS = "all respondents", "respondents who would vote"
BEFORE, AFTER = "by July 2024", "after July 2024 (epilogue)"
BASES: tuple[str, ...] = (ALL, VOTERS)
# The territory a poll could cover changed twice; the lesson marks both dates on the chart.
TERRITORY_CHANGES: tuple[tuple[str, str], ...] = (
    ("2014-03-18", "from 2014: Crimea and occupied Donbas not polled"),
    ("2022-02-24", "from 2022: newly occupied areas not polled"),
)
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _label(day: pd.Timestamp, precision: str) -> str:
    month = f"{MONTHS[day.month - 1]} {day.year}"
    return month if precision == "month" else f"{day.day} {month}"


def poll_table(opinion: pd.DataFrame) -> pd.DataFrame:
    """One row per poll, oldest first: when, who, base, shares and the sample notes.

    ``when`` is the middle of fieldwork (what the chart plots); ``fieldwork`` is readable.
    """
    rows = opinion.sort_values(["field_end", "poll_id"], kind="stable")
    start, end = rows["field_start"], rows["field_end"]
    middle = start + (end - start) / 2
    fieldwork = []
    for s, e, p in zip(start, end, rows["date_precision"].astype(str), strict=True):
        if p == "month":
            fieldwork.append(_label(s, "month"))
        elif s == e:
            fieldwork.append(_label(s, "day"))
        elif (s.year, s.month) == (e.year, e.month):
            fieldwork.append(f"{s.day}–{_label(e, 'day')}")
        else:
            fieldwork.append(f"{_label(s, 'day')} – {_label(e, 'day')}")
    return pd.DataFrame(
        {
            "poll_id": rows["poll_id"].astype(str).to_numpy(),
            "when": middle.dt.strftime("%Y-%m-%d").to_numpy(),
            "year": middle.dt.year.astype(int).to_numpy(),
            "fieldwork": fieldwork,
            "pollster": rows["pollster"].astype(str).to_numpy(),
            "base": rows["base"].astype(str).to_numpy(),
            "share_for": rows["share_for"].astype(float).to_numpy(),
            "share_against": rows["share_against"].astype(float).to_numpy(),
            "sample_notes": rows["sample_notes"].astype(str).to_numpy(),
            "epilogue": rows["epilogue"].astype(bool).to_numpy(),
            "timing": [AFTER if e else BEFORE for e in rows["epilogue"].astype(bool)],
        }
    ).reset_index(drop=True)


def reader_table(table: pd.DataFrame) -> pd.DataFrame:
    """The poll table as a reader sees it under the chart ("show as table")."""
    out = table[["fieldwork", "pollster", "base", "share_for", "share_against", "epilogue"]]
    return out.rename(
        columns={
            "fieldwork": "fieldwork",
            "share_for": "for NATO membership (%)",
            "share_against": "against (%)",
            "epilogue": "after July 2024 (epilogue)",
        }
    )


def poll(table: pd.DataFrame, poll_id: str) -> pd.Series:
    """One poll's row of :func:`poll_table` (KeyError if there is none)."""
    hit = table[table["poll_id"] == poll_id]
    if hit.empty:
        raise KeyError(f"no poll {poll_id!r}")
    return hit.iloc[0]


def change_points(table: pd.DataFrame, earlier: str, later: str) -> float:
    """Change in the share for membership between two polls, in percentage points.

    Refuses polls on different bases: that comparison mixes two populations.
    """
    a, b = poll(table, earlier), poll(table, later)
    if a["base"] != b["base"]:
        raise ValueError(
            f"{earlier} ({a['base']}) and {later} ({b['base']}) are on different bases"
        )
    return float(b["share_for"] - a["share_for"])


def comparable_pairs(table: pd.DataFrame) -> list[tuple[str, str]]:
    """Pairs of polls (earlier, later) on the same base by the same pollster family.

    Two pollsters count as one family when one name contains the other (the Democratic
    Initiatives Foundation alone and jointly with the Razumkov Centre).
    """
    out = []
    rows = list(table.itertuples())
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            same_family = a.pollster in b.pollster or b.pollster in a.pollster
            if a.base == b.base and same_family and not a.epilogue and not b.epilogue:
                out.append((a.poll_id, b.poll_id))
    return out


def _table() -> pd.DataFrame:
    from helpers import data

    return poll_table(data.opinion())


def _share(poll_id: str) -> float:
    return float(poll(_table(), poll_id)["share_for"])


DERIVED_FACTS: dict[str, Callable[[], float]] = {
    "l02_poll_for_2008_03": lambda: _share("dif-2008-03"),
    "l02_poll_for_2021_12": lambda: _share("kiis-2021-12"),
    "l02_poll_for_2022_10": lambda: _share("rating-2022-10"),
    "l02_polls_before_summit": lambda: float((~_table()["epilogue"]).sum()),
}
