"""Figures the lessons state that are computed from the data tables.

Lesson prose tags each figure with its id, e.g. ``32 allies <!-- fact: allies_2024 -->``.
A tag whose id is here is recomputed from the tables by the tests; any other id must be a
row of ``facts.csv``. So no figure in the text can drift away from the data.
"""

from __future__ import annotations

from collections.abc import Callable

from helpers import data
from helpers.analysis import membership


def _members_in_round(round_: int) -> int:
    table = data.members()
    return int((table["enlargement_round"] == round_).sum())


def _allies_at_2pct(year: int) -> int:
    table = data.defence_spending()
    rows = table[(table["year"] == year) & table["member_in_year"]]
    return int((rows["pct_gdp"] >= 2.0).sum())


DERIVED: dict[str, Callable[[], float]] = {
    "allies_2024": lambda: float(len(data.members())),
    "founding_allies": lambda: float(_members_in_round(0)),
    "enlargement_rounds": lambda: float(data.members()["enlargement_round"].max()),
    "allies_2014": lambda: float(membership.allies_in_year(data.members(), 2014)),
    "allies_2pct_2014": lambda: float(_allies_at_2pct(2014)),
    "allies_2pct_2024": lambda: float(_allies_at_2pct(2024)),
    "joined_2004": lambda: float(_members_in_round(5)),
}


# Lesson modules that define their own ``DERIVED_FACTS`` dict (same shape as DERIVED).
LESSON_MODULES: list[str] = [
    "helpers.analysis.membership",
    "helpers.analysis.donors",
    "helpers.analysis.defence_spending",
    "helpers.analysis.weapon_decisions",
    "helpers.analysis.aid_series",
    "helpers.analysis.timeline",
    "helpers.analysis.opinion",
    "helpers.analysis.aid_lull",
    "helpers.analysis.contact_group",
    "helpers.analysis.accession",
    "helpers.analysis.predictions",
]


def all_derived() -> dict[str, Callable[[], float]]:
    """DERIVED plus every lesson module's DERIVED_FACTS (an id may be defined only once)."""
    import importlib

    out = dict(DERIVED)
    for name in LESSON_MODULES:
        extra = getattr(importlib.import_module(name), "DERIVED_FACTS", {})
        clash = set(extra) & set(out)
        if clash:
            raise ValueError(f"{name} redefines derived facts {sorted(clash)}")
        out.update(extra)
    return out


def derived_fact(fact_id: str) -> float:
    """The value of a derived fact, recomputed from the tables now."""
    known = all_derived()
    if fact_id not in known:
        raise KeyError(f"no derived fact {fact_id!r}; known: {', '.join(sorted(known))}")
    return known[fact_id]()


def fact_value(fact_id: str) -> float:
    """A derived fact if there is one, else the value in ``facts.csv``."""
    if fact_id in all_derived():
        return derived_fact(fact_id)
    return data.fact(fact_id)
