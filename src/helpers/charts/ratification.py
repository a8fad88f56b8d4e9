"""Charts for lesson 05: how long ratification took, and how long it might take.

- :func:`distribution_chart`: histogram of the simulated total time (years) with the
  median marked and the runs over N years coloured.
- :func:`timeline_chart`: when each ally completed each step for Finland and Sweden,
  from ``ratifications.csv``.

Builders aggregate first (a histogram of at most a few hundred bins, about 70 data rows)
and never validate, so they can be called from a widget callback.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.charts import OKABE_ITO, describe
from helpers.models.ratification import RatificationResult

__all__ = [
    "STEP_LABELS",
    "distribution_chart",
    "distribution_sentence",
    "distribution_table",
    "timeline_chart",
    "timeline_sentence",
    "timeline_table",
]

STEP_LABELS: dict[str, str] = {
    "parliament_approved": "parliamentary procedure completed",
    "instrument_deposited": "instrument of ratification deposited (US: signed)",
}
CANDIDATES: tuple[str, ...] = ("Finland", "Sweden")


def _pct(x: float) -> str:
    """A share as a rounded percentage that never rounds a rare event to 0% or 100%."""
    if 0 < x < 0.005:
        return "under 1%"
    if 0.995 < x < 1:
        return "over 99%"
    return f"{100 * x:.0f}%"


def _bands(over_years: float) -> tuple[str, str]:
    unit = "year" if over_years == 1 else "years"
    return f"{over_years:g} {unit} or less", f"over {over_years:g} {unit}"


def distribution_table(
    result: RatificationResult, over_years: float = 5.0, bin_years: float = 0.25
) -> pd.DataFrame:
    """Histogram rows split by ``band``: runs within ``over_years`` and runs over it.

    Columns: ``start_years``, ``end_years``, ``band``, ``runs``, ``share`` and the bar's
    stacked extent ``share_from``/``share_to``. A bin that straddles the line has two rows,
    so each part counts its own runs exactly; empty parts are left out, except that an
    empty bin keeps one zero row (the table then shows every bin).
    """
    hist = result.histogram(bin_years, over_years=over_years)
    within, over = _bands(over_years)
    rows = []
    for _, h in hist.iterrows():
        low = int(h["runs"] - h["runs_over"])
        high = int(h["runs_over"])
        start, end = float(h["start_years"]), float(h["end_years"])
        if low or not high:
            rows.append((start, end, within, low, low / result.runs, 0.0, low / result.runs))
        if high:
            base = low / result.runs
            rows.append(
                (start, end, over, high, high / result.runs, base, base + high / result.runs)
            )
    columns = ["start_years", "end_years", "band", "runs", "share", "share_from", "share_to"]
    return pd.DataFrame(rows, columns=columns)


def distribution_sentence(result: RatificationResult, over_years: float = 5.0) -> str:
    """One sentence describing the distribution chart, computed from the result."""
    holdouts = ", ".join(h.ally for h in result.holdouts) or "none"
    return (
        f"Histogram of the simulated time until the last of {len(result.allies)} allies "
        f"ratifies, {result.runs:,} runs drawn from {result.pool_size} past delays "
        f"(holdouts: {holdouts}): the median is {result.median_years():.1f} years and "
        f"{_pct(result.share_over(over_years))} of runs take over {over_years:g} years."
    )


def distribution_chart(
    result: RatificationResult,
    over_years: float = 5.0,
    bin_years: float = 0.25,
    sentence: str | None = None,
) -> alt.LayerChart:
    """Histogram of total years (share of runs), runs over ``over_years`` coloured, median ruled."""
    table = distribution_table(result, over_years, bin_years)
    within, over = _bands(over_years)
    median = result.median_years()
    x = alt.X("start_years:Q", title="Years from protocol signature to the last ratification")
    bars = (
        alt.Chart(table)
        .mark_bar(binSpacing=0)
        .encode(
            x=x,
            x2="end_years:Q",
            y=alt.Y("share_to:Q", title="Share of runs", axis=alt.Axis(format=".0%")),
            y2="share_from:Q",
            color=alt.Color(
                "band:N",
                title=None,
                scale=alt.Scale(domain=[within, over], range=[OKABE_ITO[0], OKABE_ITO[5]]),
                legend=alt.Legend(orient="bottom", labelLimit=400),
            ),
            tooltip=[
                alt.Tooltip("band:N", title="Band"),
                alt.Tooltip("start_years:Q", title="From (years)", format=".2f"),
                alt.Tooltip("end_years:Q", title="To (years)", format=".2f"),
                alt.Tooltip("runs:Q", title="Runs"),
                alt.Tooltip("share:Q", title="Share of runs", format=".1%"),
            ],
        )
    )
    marker = pd.DataFrame({"years": [median], "label": [f"median {median:.1f} years"]})
    rule = (
        alt.Chart(marker)
        .mark_rule(color=OKABE_ITO[7], strokeDash=[4, 4], strokeWidth=2)
        .encode(x="years:Q", tooltip=[alt.Tooltip("label:N", title="Median")])
    )
    text = (
        alt.Chart(marker)
        .mark_text(align="left", dx=4, dy=-6, fontSize=12, color=OKABE_ITO[7])
        .encode(x="years:Q", y=alt.value(0), text="label:N")
    )
    chart = alt.layer(bars, rule, text).properties(
        title="How long until every ally has ratified? (simulated)", width=520, height=260
    )
    return describe(chart, sentence or distribution_sentence(result, over_years))


def timeline_table(ratifications: pd.DataFrame) -> pd.DataFrame:
    """Finland's and Sweden's rows: ``candidate``, ``ally``, ``step``, ``step_label``, ``date``.

    ``date`` is an ISO string (stable in stored outputs); rows are sorted by date.
    """
    rows = ratifications.loc[ratifications["candidate"].astype(str).isin(CANDIDATES)]
    steps = rows["step"].astype(str)
    out = pd.DataFrame(
        {
            "candidate": rows["candidate"].astype(str).to_numpy(),
            "ally": rows["ally"].astype(str).to_numpy(),
            "step": steps.to_numpy(),
            "step_label": steps.map(STEP_LABELS).fillna(steps).to_numpy(),
            "date": pd.to_datetime(rows["completed_on"]).dt.strftime("%Y-%m-%d").to_numpy(),
        }
    )
    return out.sort_values(["date", "candidate", "ally"]).reset_index(drop=True)


def timeline_sentence(table: pd.DataFrame) -> str:
    """One sentence describing the timeline chart, computed from its table."""
    approved = table[table["step"] == "parliament_approved"]
    parts = []
    for candidate in CANDIDATES:
        rows = approved[approved["candidate"] == candidate].sort_values("date")
        if rows.empty:
            continue
        last = rows.iloc[-1]
        parts.append(
            f"for {candidate}, {len(rows)} allies' approvals ran from {rows['date'].iloc[0]} "
            f"to {last['date']} ({last['ally']} last)"
        )
    return (
        f"Dot chart of when each ally completed each ratification step for Finland and Sweden "
        f"({len(table)} dated steps): " + "; ".join(parts) + "."
    )


def timeline_chart(table: pd.DataFrame, sentence: str | None = None) -> alt.Chart:
    """Dots per ally and date, coloured by candidate, shaped by step (tooltip names the step)."""
    order = table.sort_values("date").drop_duplicates("ally", keep="last")["ally"].tolist()
    chart = (
        alt.Chart(table)
        .mark_point(filled=True, size=70)
        .encode(
            x=alt.X(
                "utcyearmonthdate(date):T",
                title="Date completed",
                axis=alt.Axis(format="%b %Y", tickCount={"interval": "month", "step": 3}),
            ),
            y=alt.Y("ally:N", title=None, sort=order, axis=alt.Axis(labelLimit=200)),
            yOffset=alt.YOffset("candidate:N", sort=list(CANDIDATES)),
            color=alt.Color(
                "candidate:N",
                title="Candidate",
                scale=alt.Scale(domain=list(CANDIDATES), range=[OKABE_ITO[0], OKABE_ITO[1]]),
            ),
            shape=alt.Shape(
                "step_label:N",
                title="Step",
                scale=alt.Scale(domain=list(STEP_LABELS.values()), range=["circle", "diamond"]),
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=400),
            ),
            tooltip=[
                alt.Tooltip("candidate:N", title="Candidate"),
                alt.Tooltip("ally:N", title="Ally"),
                alt.Tooltip("step_label:N", title="Step"),
                alt.Tooltip("utcyearmonthdate(date):T", title="Date", format="%-d %B %Y"),
            ],
        )
        .properties(
            title="Ratifying Finland's and Sweden's accession, ally by ally", width=520, height=620
        )
    )
    return describe(chart, sentence or timeline_sentence(table))
