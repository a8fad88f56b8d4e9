"""Keys and values computed from the data for lesson 07's bank (see computed.py).

Every key here follows from ``data/predictions.csv`` (the article's claims, classified and
judged), so a corrected row changes the key without touching the bank.
"""

from __future__ import annotations

from typing import Any

from .computed import Fields, key_function


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


@key_function("l07_option_most_decidable_type")
def _most_decidable(fields: Fields) -> str:
    """The option whose label starts with the claim type most often decided by the summit."""
    from helpers.analysis import predictions

    best = predictions.most_decidable_type(_predictions())
    options = fields.get("options", {})
    hits = [oid for oid, label in options.items() if label.lower().startswith(best)]
    if len(hits) != 1:
        raise ValueError(f"expected exactly one option starting with {best!r}, got {hits}")
    return str(hits[0])


@key_function("l07_too_early_claims")
def _too_early(fields: Fields) -> int:
    """Code corner: how many claims were judged 'too early'."""
    from helpers.analysis import predictions

    return predictions.count(_predictions(), verdict="too early")
