"""The facts registry: figures stated in the prose, by id, from ``data/facts.csv``.

``fact("washington_pledge_min_baseline_eur_bn")`` is the value of one fact (40); an unknown
id raises :class:`~helpers.data.errors.DataError` naming the file and the id.
"""

from __future__ import annotations

import pandas as pd

from .errors import DataError
from .loading import load


def facts() -> pd.DataFrame:
    """Figures stated in the prose, with their sources."""
    return load("facts")


def fact(fact_id: str) -> float:
    """The value of one fact from ``facts.csv``."""
    table = facts()
    hit = table.loc[table["fact_id"] == fact_id, "value"]
    if hit.empty:
        raise DataError(f"data/facts.csv: no fact with id {fact_id!r}")
    return float(hit.iloc[0])
