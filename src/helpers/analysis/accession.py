"""Lesson 05's pandas answers: how long accession took, who ratified last, which agreements.

Pure pandas over ``members.csv``, ``timeline.csv``, ``ratifications.csv`` and
``security_agreements.csv``. No charts, no widgets, no models: where a function needs the
day a round's protocol was signed, the caller passes it in (the lesson takes the dates from
``helpers.models.ratification.protocol_signatures``, which names a source for each).

``DERIVED_FACTS`` recomputes every figure lesson 05 states in its prose.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

import pandas as pd

from helpers import data
from helpers.analysis import membership

__all__ = [
    "AGREEMENT_TYPES",
    "DERIVED_FACTS",
    "PROTOCOLS_EVENT",
    "accession_date",
    "agreements_table",
    "approvals_by",
    "bilateral_agreements",
    "last_approval",
    "last_approval_gap_days",
    "protocols_signed_2022",
    "rounds_display",
    "rounds_table",
]

PROTOCOLS_EVENT = "2022-accession-protocols"
"""timeline.csv row: the day Finland's and Sweden's accession protocols were signed."""

APPROVED = "parliament_approved"

AGREEMENT_TYPES: dict[str, str] = {
    "memorandum": "political assurances (memorandum)",
    "security_assurance": "political assurance before accession",
    "bilateral_security_agreement": "ten-year bilateral security agreement",
}
"""How the lesson names each ``type`` of security_agreements.csv."""


def _day(value: object) -> date:
    return pd.Timestamp(value).date()


def accession_date(members: pd.DataFrame, country: str) -> date:
    """The day ``country`` joined NATO, from members.csv."""
    rows = members.loc[members["country"].astype(str) == country, "accession_date"]
    if rows.empty:
        raise ValueError(f"members: no row for {country!r}")
    return _day(rows.iloc[0])


def protocols_signed_2022(timeline: pd.DataFrame) -> date:
    """The day Finland's and Sweden's protocols were signed (timeline.csv)."""
    rows = timeline.loc[timeline["event_id"].astype(str) == PROTOCOLS_EVENT, "date"]
    if rows.empty:
        raise ValueError(f"timeline: no row {PROTOCOLS_EVENT!r}")
    return _day(rows.iloc[0])


def _approvals(ratifications: pd.DataFrame, candidate: str) -> pd.DataFrame:
    rows = ratifications.loc[
        (ratifications["candidate"].astype(str) == candidate)
        & (ratifications["step"].astype(str) == APPROVED)
    ]
    if rows.empty:
        raise ValueError(f"ratifications: no parliamentary approvals for {candidate!r}")
    out = pd.DataFrame(
        {"ally": rows["ally"].astype(str), "day": pd.to_datetime(rows["completed_on"]).dt.date}
    )
    return out.sort_values(["day", "ally"]).reset_index(drop=True)


def last_approval(ratifications: pd.DataFrame, candidate: str) -> tuple[str, date]:
    """The ally whose parliament approved ``candidate`` last, and the day it did."""
    rows = _approvals(ratifications, candidate)
    last = rows.iloc[-1]
    return str(last["ally"]), last["day"]


def last_approval_gap_days(
    ratifications: pd.DataFrame, first: str = "Finland", second: str = "Sweden"
) -> int:
    """Days from the last parliamentary approval of ``first`` to the last of ``second``."""
    return (last_approval(ratifications, second)[1] - last_approval(ratifications, first)[1]).days


def approvals_by(ratifications: pd.DataFrame, candidate: str, day: date) -> int:
    """How many allies' parliaments had approved ``candidate`` by ``day`` (inclusive)."""
    rows = _approvals(ratifications, candidate)
    return int((rows["day"] <= day).sum())


def rounds_table(
    members: pd.DataFrame,
    ratifications: pd.DataFrame,
    signatures: Mapping[str, date],
) -> pd.DataFrame:
    """One row per past round: protocol signed, joined, the wait, the last approval on record.

    Columns: ``candidate``, ``protocol_signed``, ``joined``, ``days``, ``years``,
    ``last_approval_on_record`` (the ally and date of the latest parliamentary approval in
    ratifications.csv; for the earlier rounds the table holds only a few allies). Dates are
    ISO strings (stable in stored outputs); rows are in the order the rounds happened.
    """
    rows = []
    for candidate, signed in signatures.items():
        joined = accession_date(members, candidate)
        ally, day = last_approval(ratifications, candidate)
        rows.append(
            {
                "candidate": candidate,
                "protocol_signed": signed.isoformat(),
                "joined": joined.isoformat(),
                "days": (joined - signed).days,
                "years": round((joined - signed).days / 365.25, 2),
                "last_approval_on_record": f"{ally}, {day.isoformat()}",
            }
        )
    out = pd.DataFrame(rows)
    return out.sort_values(["protocol_signed", "candidate"]).reset_index(drop=True)


ROUNDS_HEADERS: dict[str, str] = {
    "candidate": "Candidate",
    "protocol_signed": "Protocol signed",
    "joined": "Joined NATO",
    "days": "Days from signature to membership",
    "last_ally_on_record": "Last parliament on record",
}
"""Plain headers for :func:`rounds_display`."""


def rounds_display(
    members: pd.DataFrame,
    ratifications: pd.DataFrame,
    signatures: Mapping[str, date],
) -> pd.DataFrame:
    """:func:`rounds_table` for students: plain headers, the last ally named without its date.

    For Montenegro and North Macedonia the data hold only the last allies to ratify, so the
    "last parliament on record" is all the table can say about who came last.
    """
    table = rounds_table(members, ratifications, signatures)
    table["last_ally_on_record"] = (
        table["last_approval_on_record"].str.split(",").str[0].str.strip()
    )
    return table[list(ROUNDS_HEADERS)].rename(columns=ROUNDS_HEADERS)


def bilateral_agreements(agreements: pd.DataFrame, until: date | None = None) -> pd.DataFrame:
    """The 2024 bilateral security agreements with Ukraine in the table (signed by ``until``)."""
    rows = agreements.loc[agreements["type"].astype(str) == "bilateral_security_agreement"]
    if until is not None:
        rows = rows.loc[pd.to_datetime(rows["signed_on"]).dt.date <= until]
    return rows.sort_values(["signed_on", "party"]).reset_index(drop=True)


def agreements_table(agreements: pd.DataFrame, kind: bool = True) -> pd.DataFrame:
    """The security_agreements table for display: who promised what to whom, when, how long.

    ``kind=False`` leaves out the ``kind`` column (the lesson shows the table beside an item
    that asks students to classify the documents themselves).
    """
    types = agreements["type"].astype(str)
    out = pd.DataFrame(
        {
            "signed_on": pd.to_datetime(agreements["signed_on"]).dt.strftime("%Y-%m-%d"),
            "party": agreements["party"].astype(str),
            "beneficiary": agreements["beneficiary"].astype(str),
            "kind": types.map(AGREEMENT_TYPES).fillna(types),
            "term": agreements["term"].astype(str),
        }
    )
    if not kind:
        out = out.drop(columns="kind")
    return out.sort_values(["signed_on", "party", "beneficiary"]).reset_index(drop=True)


def _finland_sweden_wait(candidate: str) -> float:
    signed = protocols_signed_2022(data.timeline())
    return float((accession_date(data.members(), candidate) - signed).days)


DERIVED_FACTS: dict[str, Callable[[], float]] = {
    "l05_finland_days_to_join": lambda: _finland_sweden_wait("Finland"),
    "l05_sweden_days_to_join": lambda: _finland_sweden_wait("Sweden"),
    "l05_allies_ratifying_2022": lambda: float(
        membership.allies_on(data.members(), protocols_signed_2022(data.timeline()))
    ),
    "l05_allies_approved_by_oct_2022": lambda: float(
        approvals_by(data.ratifications(), "Sweden", date(2022, 9, 30))
    ),
    "l05_bilateral_agreements_in_table": lambda: float(
        len(bilateral_agreements(data.security_agreements()))
    ),
}
"""Figures lesson 05 states in its prose, recomputed from the tables."""
