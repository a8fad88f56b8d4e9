"""Lesson 06: the record of allied weapon decisions and Russia's stated warnings (pure pandas).

``weapon_decisions.csv`` lists allied "firsts" (a new class of weapon, a lifted
restriction) with the warning Moscow stated about the step, if one was found, and what
followed in the next weeks. :func:`record_table` turns it into the table the lesson shows;
:func:`record_counts` gives the counts the lesson shows above the table (computed, so they
cannot drift from the data).

What the table can and cannot show is the lesson's point: a warning that was not followed
by a wider war is not proof that it was a bluff (see ``helpers.models.incremental``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

# Kinds of row that record an allied step (not the 2015 arguments about arming Kyiv).
STEP_TYPES: tuple[str, ...] = (
    "first_lethal_sale",
    "first_of_kind",
    "coalition_formed",
    "first_use",
    "restriction_lifted",
)
STEP_LABELS: dict[str, str] = {
    "debate": "Argument (not a decision)",
    "first_lethal_sale": "First lethal sale",
    "first_of_kind": "First of its kind",
    "coalition_formed": "Coalition formed",
    "first_use": "First use confirmed",
    "restriction_lifted": "Restriction lifted",
}
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
FULL_SCALE_WAR = pd.Timestamp("2022-02-24")
NO_WARNING = "none found in the sources read"
NOT_RECORDED = "not recorded in the table"


def readable_date(day: pd.Timestamp, precision: str = "day") -> str:
    """'1 June 2022', or 'April 2018' when only the month is known."""
    month = f"{MONTHS[day.month - 1]} {day.year}"
    return month if precision == "month" else f"{day.day} {month}"


def _text(value: object, missing: str) -> str:
    return missing if pd.isna(value) or not str(value).strip() else str(value)


def allied_steps(decisions: pd.DataFrame, since: pd.Timestamp = FULL_SCALE_WAR) -> pd.DataFrame:
    """Rows that record an allied step announced on or after ``since``, oldest first."""
    rows = decisions[
        decisions["decision_type"].astype(str).isin(STEP_TYPES)
        & (decisions["announced_on"] >= since)
    ]
    return rows.sort_values(["announced_on", "decision_id"], kind="stable").reset_index(drop=True)


def record_table(decisions: pd.DataFrame) -> pd.DataFrame:
    """The table the lesson shows: one row per decision, in the course's own words.

    Columns: ``announced`` (readable date), ``kind``, ``donor``, ``step`` (the system),
    ``warning`` (Russia's stated warning, or a note that none was found), ``warned_by``
    (date and speaker) and ``followed`` (what followed in the next weeks, or a gap note).
    Sorted by announcement date, then id.
    """
    rows = decisions.sort_values(["announced_on", "decision_id"], kind="stable")
    warned_by = []
    for by, on in zip(rows["russia_warning_by"], rows["russia_warning_on"], strict=True):
        if pd.isna(by):
            warned_by.append("")
        else:
            warned_by.append(f"{readable_date(on)}: {by}" if not pd.isna(on) else str(by))
    return pd.DataFrame(
        {
            "decision_id": rows["decision_id"].astype(str).to_numpy(),
            "announced": [
                readable_date(d, str(p))
                for d, p in zip(rows["announced_on"], rows["announced_precision"], strict=True)
            ],
            "kind": [STEP_LABELS[str(t)] for t in rows["decision_type"]],
            "donor": rows["donor"].astype(str).to_numpy(),
            "step": rows["system"].astype(str).to_numpy(),
            "warning": [_text(w, NO_WARNING) for w in rows["russia_warning"]],
            "warned_by": warned_by,
            "followed": [_text(f, NOT_RECORDED) for f in rows["followed"]],
        }
    )


@dataclass(frozen=True)
class RecordCounts:
    """Counts over the allied steps since the full-scale invasion (the prose's figures)."""

    steps: int
    with_warning: int
    without_warning: int
    followed_recorded: int


def record_counts(decisions: pd.DataFrame) -> RecordCounts:
    """How many allied steps since 24 February 2022 the table holds, and how many drew a
    stated Russian warning (as far as the sources read show)."""
    steps = allied_steps(decisions)
    warned = int(steps["russia_warning"].notna().sum())
    followed = int(steps["followed"].notna().sum())
    return RecordCounts(len(steps), warned, len(steps) - warned, followed)
