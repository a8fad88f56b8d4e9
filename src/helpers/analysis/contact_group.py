"""Who sits in the Ukraine Defense Contact Group: allies and non-allies at each counted meeting.

Pure pandas over ``contact_group.csv`` and ``members.csv`` (lesson 04). Moller writes that
the group has "fifty-plus members, nearly a third of whom are not members of the Alliance"
(FPRI, 3 July 2024). The course checks that against the meetings whose participant count
is sourced, with two assumptions stated wherever the numbers are shown:

- every ally of the day took part (so non-allies = participants - allies);
- the reported count includes Ukraine, which is itself a non-ally.

If either fails (an ally absent, a count without Ukraine), the share moves by a point or
two: enough to matter for "nearly a third", which is why the lesson states them.
"""

from __future__ import annotations

import pandas as pd

from helpers import data
from helpers.analysis import membership

__all__ = [
    "DERIVED_FACTS",
    "isaf_non_members_2010",
    "meeting_share",
    "meetings_table",
    "non_ally_shares",
]

# Meetings with a sourced participant count (contact_group.csv meeting_number).
MAY_2022, JANUARY_2023, JUNE_2024 = 2, 8, 23


def non_ally_shares(contact_group: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """One row per meeting with a sourced count: participants, allies that day, non-allies.

    Columns: ``meeting_number``, ``date`` (ISO text), ``place``, ``participants``,
    ``allies_that_day``, ``non_allies`` (if every ally attended) and ``non_ally_pct``.
    """
    counted = contact_group.dropna(subset=["participants"]).sort_values("date")
    rows = []
    for row in counted.itertuples():
        allies = membership.allies_on(members, row.date)
        participants = int(row.participants)
        rows.append(
            {
                "meeting_number": int(row.meeting_number),
                "date": pd.Timestamp(row.date).strftime("%Y-%m-%d"),
                "place": str(row.place),
                "participants": participants,
                "allies_that_day": allies,
                "non_allies": participants - allies,
                "non_ally_pct": 100 * (participants - allies) / participants,
            }
        )
    return pd.DataFrame(rows)


MEETING_COLUMNS = {
    "meeting_number": "Meeting",
    "date": "Date",
    "place": "Place",
    "participants": "Countries taking part (as reported)",
    "allies_that_day": "NATO allies that day",
    "source": "Source of the count",
}


def meetings_table(contact_group: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """The counted meetings as the lesson shows them, with the source of each count.

    Readable column names; no non-ally share (students compute it). One row per meeting
    with a sourced participant count, oldest first.
    """
    shares = non_ally_shares(contact_group, members)
    sources = contact_group.dropna(subset=["participants"]).set_index("meeting_number")
    shares["source"] = [str(sources.loc[m, "source_title"]) for m in shares["meeting_number"]]
    return shares[list(MEETING_COLUMNS)].rename(columns=MEETING_COLUMNS)


def meeting_share(meeting_number: int) -> float:
    """Percentage of participants at one counted meeting that were not allies (unrounded)."""
    table = non_ally_shares(data.contact_group(), data.members())
    hit = table.loc[table["meeting_number"] == meeting_number, "non_ally_pct"]
    if hit.empty:
        raise ValueError(f"meeting {meeting_number} has no sourced participant count")
    return float(hit.iloc[0])


def isaf_non_members_2010() -> int:
    """ISAF contributors in 2010 that were not NATO allies (NATO's count minus the allies)."""
    contributors = int(data.fact("isaf_contributing_countries_2010"))
    return contributors - membership.allies_on(data.members(), "2010-12-20")


# Figures lesson 04 states, recomputed from the tables (see helpers.derived).
DERIVED_FACTS = {
    "l04_udcg_participants_may2022": lambda: float(
        non_ally_shares(data.contact_group(), data.members())
        .set_index("meeting_number")
        .loc[MAY_2022, "participants"]
    ),
    "l04_udcg_participants_jan2023": lambda: float(
        non_ally_shares(data.contact_group(), data.members())
        .set_index("meeting_number")
        .loc[JANUARY_2023, "participants"]
    ),
    "l04_udcg_nonally_pct_may2022": lambda: float(round(meeting_share(MAY_2022))),
    "l04_udcg_nonally_pct_jan2023": lambda: float(round(meeting_share(JANUARY_2023))),
    "l04_isaf_non_members_2010": lambda: float(isaf_non_members_2010()),
}
