"""Keys and values computed from the data for lesson 07's bank (see computed.py).

Every key here follows from ``data/predictions.csv`` (the article's claims, classified and
judged), so a corrected row changes the key without touching the bank.
"""

from __future__ import annotations

from typing import Any

from .computed_registry import Fields, key_function, value_function


def _predictions() -> Any:
    from helpers import data

    return data.predictions()


@key_function("l07_claim_types_of_items")
def _claim_types(fields: Fields) -> dict[str, str]:
    """Sort key: each item id is a prediction id; its category is the row's claim type."""
    table = _predictions().set_index("prediction_id")["claim_type"].astype(str)
    items = fields.get("items", {})
    missing = [i for i in items if i not in table.index]
    if missing:
        raise ValueError(f"items {missing} are not prediction ids in predictions.csv")
    return {item: str(table[item]) for item in items}


@key_function("l07_not_testable_in_washington_section")
def _not_testable_washington(fields: Fields) -> int:
    """Claims from 'All Eyes on Washington' whose verdict is 'not testable'."""
    from helpers.analysis import predictions

    return predictions.count(
        _predictions(), verdict="not testable", section="All Eyes on Washington"
    )


@value_function("l07_not_testable_or_too_early_in_washington_section")
def _not_testable_or_too_early() -> int:
    """Slip: the 'too early' claims of the section added to the 'not testable' ones."""
    from helpers.analysis import predictions

    section = "All Eyes on Washington"
    return sum(
        predictions.count(_predictions(), verdict=v, section=section)
        for v in ("not testable", "too early")
    )


@value_function("l07_not_testable_all_sections")
def _not_testable_everywhere() -> int:
    """Slip: 'not testable' claims of every section, not of the one chosen."""
    from helpers.analysis import predictions

    return predictions.count(_predictions(), verdict="not testable")


@value_function("l07_claims_in_washington_section")
def _claims_in_washington() -> int:
    """Slip: every claim of the section, whatever its verdict."""
    from helpers.analysis import predictions

    return predictions.count(_predictions(), section="All Eyes on Washington")


@key_function("l07_verdicts_of_items")
def _verdicts(fields: Fields) -> dict[str, str]:
    """Sort key: each item id is a prediction id; its category is the row's verdict.

    Category ids are the verdicts with ``_`` for spaces (``too_early``); a verdict without a
    matching category is an error, so the bank and the table cannot drift apart.
    """
    table = _predictions().set_index("prediction_id")["verdict"].astype(str)
    items = fields.get("items", {})
    categories = fields.get("categories", {})
    missing = [i for i in items if i not in table.index]
    if missing:
        raise ValueError(f"items {missing} are not prediction ids in predictions.csv")
    key = {item: str(table[item]).replace(" ", "_") for item in items}
    unknown = sorted({c for c in key.values() if c not in categories})
    if unknown:
        raise ValueError(f"verdicts {unknown} have no category in the exercise")
    return key


@key_function("l07_section_highest_too_early_share")
def _section_too_early(fields: Fields) -> str:
    """The option naming the article section with the highest share of 'too early' claims."""
    from helpers.analysis import predictions

    best = predictions.section_with_highest_share(_predictions(), "too early")
    options = fields.get("options", {})
    hits = [oid for oid, label in options.items() if str(label).strip() == best]
    if len(hits) != 1:
        raise ValueError(f"expected exactly one option labelled {best!r}, got {hits}")
    return str(hits[0])


@key_function("l07_too_early_claims")
def _too_early(fields: Fields) -> int:
    """Code corner: how many claims were judged 'too early'."""
    from helpers.analysis import predictions

    return predictions.count(_predictions(), verdict="too early")
