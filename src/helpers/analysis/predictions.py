"""The core article's claims, classified and judged (``predictions.csv``), for lesson 07.

Pure pandas: counts of claims by type, verdict and article section, the share of claims the
evidence could already decide, and the sentence that describes the lesson's chart. No
charts, no widgets (``helpers.charts.predictions`` draws the chart).

Verdicts are the course's honest ones: *borne out*, *not borne out* and *mixed* are
decisions; *too early* and *not testable* say that the evidence (as of the row's ``as_of``
date) cannot decide the claim, for a reason worth naming.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

CLAIM_TYPES: tuple[str, ...] = ("forecast", "causal", "normative")
VERDICTS: tuple[str, ...] = ("borne out", "not borne out", "mixed", "too early", "not testable")
#: Verdicts that decide a claim one way or the other (or partly).
DECIDED: tuple[str, ...] = ("borne out", "not borne out", "mixed")
SECTIONS: tuple[str, ...] = (
    "Introduction",
    "A Slippery Slope?",
    "A Shaky Foundation",
    "An Immoveable Feast",
    "All Eyes on Washington",
)
ALL_SECTIONS = "All sections"


def _need(frame: pd.DataFrame, columns: tuple[str, ...]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"predictions table lacks column(s) {', '.join(missing)}")


def claims_table(predictions: pd.DataFrame) -> pd.DataFrame:
    """One row per claim, in article order: id, section, type, verdict, as_of, claim.

    Plain strings (not categoricals) so the table serialises the same way everywhere.
    """
    _need(predictions, ("prediction_id", "article_section", "claim_type", "verdict", "claim"))
    out = pd.DataFrame(
        {
            "id": predictions["prediction_id"].astype(str),
            "article_section": predictions["article_section"].astype(str),
            "claim_type": predictions["claim_type"].astype(str),
            "verdict": predictions["verdict"].astype(str),
            "as_of": pd.to_datetime(predictions["as_of"]).dt.strftime("%Y-%m-%d"),
            "claim": predictions["claim"].astype(str),
        }
    )
    order = {s: i for i, s in enumerate(SECTIONS)}
    out["_s"] = out["article_section"].map(order).fillna(len(order))
    out = out.sort_values(["_s", "id"], kind="stable").drop(columns="_s")
    return out.reset_index(drop=True)


def _select(
    predictions: pd.DataFrame,
    claim_type: str | None = None,
    verdict: str | None = None,
    section: str | None = None,
) -> pd.DataFrame:
    rows = claims_table(predictions)
    if claim_type is not None:
        rows = rows[rows["claim_type"] == claim_type]
    if verdict is not None:
        rows = rows[rows["verdict"] == verdict]
    if section is not None and section != ALL_SECTIONS:
        rows = rows[rows["article_section"] == section]
    return rows


def count(
    predictions: pd.DataFrame,
    claim_type: str | None = None,
    verdict: str | None = None,
    section: str | None = None,
) -> int:
    """How many claims have this type, verdict and section (``None``: any)."""
    return len(_select(predictions, claim_type, verdict, section))


def decided_share_pct(predictions: pd.DataFrame, claim_type: str | None = None) -> float:
    """Percentage of the claims (of one type, or all) whose verdict decides them.

    ``nan`` when there are no such claims (an empty denominator is not 0%).
    """
    rows = _select(predictions, claim_type)
    if rows.empty:
        return float("nan")
    return 100.0 * float(rows["verdict"].isin(DECIDED).mean())


def verdict_counts(predictions: pd.DataFrame) -> pd.DataFrame:
    """Claim type × verdict counts, every combination present (zeros included), in order."""
    rows = claims_table(predictions)
    grid = pd.MultiIndex.from_product([CLAIM_TYPES, VERDICTS], names=["claim_type", "verdict"])
    counts = rows.groupby(["claim_type", "verdict"]).size().reindex(grid, fill_value=0)
    return counts.rename("claims").reset_index()


def most_decidable_type(predictions: pd.DataFrame) -> str:
    """The claim type with the highest share of decided claims (ties: first in CLAIM_TYPES)."""
    shares = {t: decided_share_pct(predictions, t) for t in CLAIM_TYPES}
    usable = {t: s for t, s in shares.items() if s == s}  # drop nan
    if not usable:
        raise ValueError("no claims to compare")
    best = max(usable.values())
    return next(t for t in CLAIM_TYPES if usable.get(t) == best)


def _day_label(iso_day: str) -> str:
    """``"2024-07-11"`` → ``"11 July 2024"``."""
    day = pd.Timestamp(iso_day)
    return f"{day.day} {day.strftime('%B %Y')}"


def chart_sentence(predictions: pd.DataFrame) -> str:
    """One sentence describing the verdict chart, computed from the table."""
    rows = claims_table(predictions)
    n = len(rows)
    by_type = ", ".join(f"{count(predictions, t)} {t}" for t in CLAIM_TYPES)
    decided = int(rows["verdict"].isin(DECIDED).sum())
    as_of = _day_label(max(rows["as_of"])) if n else "?"
    return (
        f"Stacked bars count the {n} claims from Moller's article in the course's table "
        f"({by_type}) by claim type, coloured by verdict; {decided} of them could be decided "
        f"on the evidence as of {as_of}, the rest were too early or not testable."
    )


def _claims_total() -> float:
    from helpers import data

    return float(len(data.predictions()))


def _claims_of_type(claim_type: str) -> Callable[[], float]:
    def compute() -> float:
        from helpers import data

        return float(count(data.predictions(), claim_type=claim_type))

    return compute


#: Figures lesson 07's prose states, recomputed from ``predictions.csv`` by the tests.
DERIVED_FACTS: dict[str, Callable[[], float]] = {
    "l07_claims_total": _claims_total,
    "l07_forecasts": _claims_of_type("forecast"),
    "l07_causal_claims": _claims_of_type("causal"),
    "l07_normative_claims": _claims_of_type("normative"),
}
