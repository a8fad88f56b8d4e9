"""Lesson 05's ratification timeline with a kernel-free candidate picker.

Wraps :func:`helpers.charts.ratification.timeline_chart` (one dot per ally, date and step,
the step shown by the dot's shape) and adds a Vega-Lite parameter bound to radio buttons:
show both candidates, Finland only or Sweden only. The filter runs in the browser, so it
works from stored outputs and in Voilà without a kernel.

The lesson's description of the chart (:func:`month_sentence`) names months, not days: the
exact days are what an exercise asks students to read from the chart (screen-reader users
have them in "Show as table").
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.charts import ratification as rc

__all__ = [
    "BOTH",
    "CANDIDATE_PARAM",
    "PICKS",
    "month_sentence",
    "picked_rows",
    "timeline_with_picker",
]

CANDIDATE_PARAM = "candidate_pick"
BOTH = "Both"
PICKS: tuple[str, ...] = (BOTH, *rc.CANDIDATES)


def month_sentence(table: pd.DataFrame) -> str:
    """The timeline's one-sentence description, dated to the month (see the module note)."""
    approved = table[table["step"] == "parliament_approved"]
    parts = []
    for candidate in rc.CANDIDATES:
        rows = approved[approved["candidate"] == candidate].sort_values("date")
        if rows.empty:
            continue
        first, last = rows.iloc[0], rows.iloc[-1]
        span = f"{pd.Timestamp(first['date']):%B %Y} to {pd.Timestamp(last['date']):%B %Y}"
        parts.append(
            f"for {candidate}, {len(rows)} allies' approvals ran from {span} ({last['ally']} last)"
        )
    return (
        "Dot chart of when each ally completed each ratification step for Finland and Sweden "
        f"({len(table)} dated steps): " + "; ".join(parts) + "."
    )


def timeline_with_picker(table: pd.DataFrame, sentence: str | None = None) -> alt.Chart:
    """The ratification timeline of ``table`` (rc.timeline_table) with a candidate picker.

    The description is :func:`month_sentence` unless ``sentence`` is given.
    """
    pick = alt.param(
        name=CANDIDATE_PARAM,
        value=BOTH,
        bind=alt.binding_radio(options=list(PICKS), name="Show candidate: "),
    )
    chart = rc.timeline_chart(table, sentence or month_sentence(table))
    return chart.add_params(pick).transform_filter(
        f"{CANDIDATE_PARAM} == '{BOTH}' || datum.candidate == {CANDIDATE_PARAM}"
    )


def picked_rows(table: pd.DataFrame, pick: str) -> pd.DataFrame:
    """What the chart shows for a radio choice (the same filter, in pandas, for tests)."""
    if pick not in PICKS:
        raise ValueError(f"pick must be one of {PICKS}, got {pick!r}")
    if pick == BOTH:
        return table
    return table.loc[table["candidate"] == pick].reset_index(drop=True)
