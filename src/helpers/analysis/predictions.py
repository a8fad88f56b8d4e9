"""The core article's claims, classified and judged (``predictions.csv``), for lesson 07.

Pure pandas: counts of claims by type, verdict, article section and voice (Moller's own
claims, or the critics' and supporters' claims she reports), the share of claims the
evidence could already decide, and the sentence that describes the lesson's chart. No
charts, no widgets (``helpers.charts.predictions`` draws the chart).

A reported view is marked in the claim's text with a prefix, ``(Reported view: critics)``
or ``(Reported view: supporters)``; an unmarked claim is Moller's own.

Verdicts are the course's honest ones: *borne out*, *not borne out* and *mixed* are
decisions; *too early* and *not testable* say that the evidence (as of the row's ``as_of``
date) cannot decide the claim, for a reason worth naming.
"""

from __future__ import annotations

import re
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
#: Whose claim it is: Moller's own, or a view she reports (marked in the claim's text).
VOICES: tuple[str, ...] = ("Moller", "critics (as reported)", "supporters (as reported)")
ALL_VOICES = "All voices"
_REPORTED = re.compile(r"^\(Reported view(?::\s*([a-z]+))?\)\s*", re.I)


def voice(claim: str) -> str:
    """Whose claim this is, from its text: ``(Reported view: supporters) ...`` and so on.

    An unmarked claim is Moller's own; a reported view without a camp counts as the critics'
    (the article reports the critics' views far more often).
    """
    match = _REPORTED.match(str(claim))
    if match is None:
        return VOICES[0]
    camp = (match.group(1) or "critics").lower()
    return VOICES[2] if camp.startswith("support") else VOICES[1]


def _need(frame: pd.DataFrame, columns: tuple[str, ...]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"predictions table lacks column(s) {', '.join(missing)}")


def _text(predictions: pd.DataFrame, column: str) -> pd.Series:
    if column not in predictions.columns:
        return pd.Series([""] * len(predictions), index=predictions.index, dtype=object)
    return predictions[column].fillna("").astype(str)


def claims_table(predictions: pd.DataFrame) -> pd.DataFrame:
    """One row per claim, in article order, with the reasons for its verdict.

    Columns: id, section, voice, type, verdict, as_of, claim, indicator, evidence. Plain
    strings (not categoricals) so the table serialises the same way everywhere.
    """
    _need(predictions, ("prediction_id", "article_section", "claim_type", "verdict", "claim"))
    claims = predictions["claim"].astype(str)
    out = pd.DataFrame(
        {
            "id": predictions["prediction_id"].astype(str),
            "article_section": predictions["article_section"].astype(str),
            "voice": claims.map(voice),
            "claim_type": predictions["claim_type"].astype(str),
            "verdict": predictions["verdict"].astype(str),
            "as_of": pd.to_datetime(predictions["as_of"]).dt.strftime("%Y-%m-%d"),
            "claim": claims,
            "indicator": _text(predictions, "indicator"),
            "evidence": _text(predictions, "evidence"),
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
    voice: str | None = None,
) -> pd.DataFrame:
    rows = claims_table(predictions)
    if claim_type is not None:
        rows = rows[rows["claim_type"] == claim_type]
    if verdict is not None:
        rows = rows[rows["verdict"] == verdict]
    if section is not None and section != ALL_SECTIONS:
        rows = rows[rows["article_section"] == section]
    if voice is not None and voice != ALL_VOICES:
        rows = rows[rows["voice"] == voice]
    return rows


def count(
    predictions: pd.DataFrame,
    claim_type: str | None = None,
    verdict: str | None = None,
    section: str | None = None,
    voice: str | None = None,
) -> int:
    """How many claims have this type, verdict, section and voice (``None``: any)."""
    return len(_select(predictions, claim_type, verdict, section, voice))


def verdict_share_by_section(predictions: pd.DataFrame, verdict: str) -> dict[str, float]:
    """Per article section (in article order), the percentage of its claims with ``verdict``.

    Sections without claims are left out (an empty denominator is not 0%).
    """
    rows = claims_table(predictions)
    out: dict[str, float] = {}
    for section in SECTIONS:
        of_section = rows[rows["article_section"] == section]
        if len(of_section):
            out[section] = 100.0 * float((of_section["verdict"] == verdict).mean())
    return out


def section_with_highest_share(predictions: pd.DataFrame, verdict: str) -> str:
    """The article section where ``verdict`` is the largest share of the claims.

    Raises ``ValueError`` on a tie, so a question keyed on it can never have two answers.
    """
    shares = verdict_share_by_section(predictions, verdict)
    if not shares:
        raise ValueError("no claims to compare")
    best = max(shares.values())
    top = [s for s, v in shares.items() if v == best]
    if len(top) != 1:
        raise ValueError(f"sections tie for the highest share of {verdict!r}: {top}")
    return top[0]


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
    own = int((rows["voice"] == VOICES[0]).sum())
    return (
        f"Stacked bars count the {n} claims from Moller's article in the course's table "
        f"({own} her own, {n - own} views she reports; {by_type}) by claim type, coloured by "
        f"verdict; {decided} of them could be decided on the evidence as of {as_of}, the rest "
        f"were too early or not testable."
    )


def _claims_total() -> float:
    from helpers import data

    return float(len(data.predictions()))


def _claims_of_type(claim_type: str) -> Callable[[], float]:
    def compute() -> float:
        from helpers import data

        return float(count(data.predictions(), claim_type=claim_type))

    return compute


def _claims_of_voice(name: str) -> Callable[[], float]:
    def compute() -> float:
        from helpers import data

        return float(count(data.predictions(), voice=name))

    return compute


def kiel_military_eur_bn(monthly: pd.DataFrame, year: int, donor_group: str | None = None) -> float:
    """Military allocations in a calendar year (EUR bn, one decimal) from the Kiel monthly table.

    ``donor_group`` ``None`` sums every group (the groups do not overlap).
    """
    rows = monthly[monthly["year"] == year]
    if donor_group is not None:
        rows = rows[rows["donor_group"] == donor_group]
    return round(float(rows["military_eur_bn"].sum()), 1)


def _kiel(year: int, donor_group: str | None = None) -> Callable[[], float]:
    def compute() -> float:
        from helpers import data

        return kiel_military_eur_bn(data.military_aid_monthly(), year, donor_group)

    return compute


#: Figures lesson 07's prose states, recomputed from the data tables by the tests.
DERIVED_FACTS: dict[str, Callable[[], float]] = {
    "l07_claims_total": _claims_total,
    "l07_forecasts": _claims_of_type("forecast"),
    "l07_causal_claims": _claims_of_type("causal"),
    "l07_normative_claims": _claims_of_type("normative"),
    "l07_claims_moller": _claims_of_voice(VOICES[0]),
    "l07_claims_critics": _claims_of_voice(VOICES[1]),
    "l07_claims_supporters": _claims_of_voice(VOICES[2]),
    "l07_kiel_military_2024_eur_bn": _kiel(2024),
    "l07_kiel_military_2024_us_eur_bn": _kiel(2024, "United States"),
    "l07_kiel_military_2024_europe_eur_bn": _kiel(2024, "European donors"),
}
