"""One loader per table of the course data, e.g. :func:`members`, :func:`military_aid`.

Each returns a fresh, validated DataFrame (see :func:`helpers.data.load`); the facts table
and :func:`~helpers.data.fact_registry.fact` are in :mod:`helpers.data.fact_registry`.
"""

from __future__ import annotations

import pandas as pd

from .errors import DataError
from .loading import load


def members() -> pd.DataFrame:
    """The 32 allies: country, iso3, iso_numeric (string), accession_date, enlargement_round."""
    return load("members")


def timeline() -> pd.DataFrame:
    """Dated events, with date precision and category."""
    return load("timeline")


def ratifications() -> pd.DataFrame:
    """Ratification steps of accession protocols by each ally."""
    return load("ratifications")


def defence_spending() -> pd.DataFrame:
    """Defence expenditure as % of GDP by ally and year (NATO, June 2024)."""
    return load("defence_spending")


# The release lessons 00–03 were written against (their stored outputs depend on it).
HEADLINE_RELEASE = (
    "Kiel Institute Ukraine Support Tracker, update of 16 February 2024 "
    "(data to 15 January 2024; first release with allocations)"
)


def military_aid(release: str | None = HEADLINE_RELEASE) -> pd.DataFrame:
    """Military aid to Ukraine by donor (Kiel Institute tracker), aggregates flagged.

    By default only the rows of :data:`HEADLINE_RELEASE` (the February 2024 update), with
    the columns the first edition had, so existing lessons see exactly the table they were
    written for. ``release=None`` returns every release and cut-off with the
    ``cutoff_role`` column (``headline_2024``, ``article``, ``epilogue``); any other string
    selects one release. An unknown release raises :class:`DataError`.
    """
    table = load("military_aid")
    if release is None:
        return table
    rows = table[table["release"] == release]
    if rows.empty:
        known = "; ".join(sorted(set(table["release"].astype(str))))
        raise DataError(f"data/military_aid.csv: no release {release!r} (known: {known})")
    if release == HEADLINE_RELEASE:
        rows = rows.drop(columns="cutoff_role")
    return rows.reset_index(drop=True)


def military_aid_releases() -> pd.DataFrame:
    """The releases and cut-offs in ``military_aid.csv``: release, data_cutoff, cutoff_role."""
    table = load("military_aid")
    keys = ["release", "data_cutoff", "cutoff_role"]
    out = table[keys].drop_duplicates().sort_values(["data_cutoff", "release"])
    return out.reset_index(drop=True)


def military_aid_monthly() -> pd.DataFrame:
    """Military allocations per month by donor group (Kiel data files), 2022–2024."""
    return load("military_aid_monthly")


def weapon_decisions() -> pd.DataFrame:
    """Allied weapon firsts and lifted restrictions (2015–2024), with Russia's stated warnings."""
    return load("weapon_decisions")


def opinion() -> pd.DataFrame:
    """Ukrainian polls on joining NATO, 2008–2024 (pollster, field dates, base, shares)."""
    return load("opinion")


def channels() -> pd.DataFrame:
    """Channels through which military support reaches Ukraine."""
    return load("channels")


def contact_group() -> pd.DataFrame:
    """Ukraine Defense Contact Group meetings."""
    return load("contact_group")


def security_agreements() -> pd.DataFrame:
    """Security agreements and assurances (2024 agreements, 2022 assurances, 1994)."""
    return load("security_agreements")


def arguments() -> pd.DataFrame:
    """Attributed claims in the NATOization and enlargement debates."""
    return load("arguments")


def predictions() -> pd.DataFrame:
    """The core article's claims, classified and judged."""
    return load("predictions")


def glossary() -> pd.DataFrame:
    """Course terms with own-words definitions."""
    return load("glossary")
