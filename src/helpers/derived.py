"""Figures the lessons state that are computed from the data tables.

Lesson prose tags each figure with its id, e.g. ``32 allies <!-- fact: allies_2024 -->``.
A tag whose id is here is recomputed from the tables by the tests; any other id must be a
row of ``facts.csv``. So no figure in the text can drift away from the data.

Each analysis module that computes figures the prose states keeps them in its own
``DERIVED_FACTS`` dict, next to the functions that compute them; this module only gathers
those dicts, from the modules imported below (plain imports, so the layer contracts and the
type checker see them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import ModuleType

from helpers import data
from helpers.analysis import (
    accession,
    aid_lull,
    aid_series,
    contact_group,
    defence_spending,
    donors,
    membership,
    opinion,
    predictions,
    timeline,
    weapon_decisions,
)

__all__ = ["FACT_MODULES", "all_derived", "derived_fact", "fact_value"]

# The analysis modules whose ``DERIVED_FACTS`` the lessons' prose uses.
FACT_MODULES: tuple[ModuleType, ...] = (
    membership,
    defence_spending,
    donors,
    weapon_decisions,
    aid_series,
    timeline,
    opinion,
    aid_lull,
    contact_group,
    accession,
    predictions,
)


def _facts_of(module: ModuleType) -> Mapping[str, Callable[[], float]]:
    facts: Mapping[str, Callable[[], float]] = getattr(module, "DERIVED_FACTS", {})
    return facts


def all_derived() -> dict[str, Callable[[], float]]:
    """Every module's DERIVED_FACTS in one dict (an id may be defined only once)."""
    out: dict[str, Callable[[], float]] = {}
    for module in FACT_MODULES:
        extra = _facts_of(module)
        clash = set(extra) & set(out)
        if clash:
            raise ValueError(f"{module.__name__} redefines derived facts {sorted(clash)}")
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
