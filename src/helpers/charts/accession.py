"""Lesson 05's ratification timeline with a kernel-free candidate picker.

Wraps :func:`helpers.charts.ratification.timeline_chart` (one dot per ally, date and step,
the step shown by the dot's shape) and adds a Vega-Lite parameter bound to radio buttons:
show both candidates, Finland only or Sweden only. The filter runs in the browser, so it
works from stored outputs and in Voilà without a kernel.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.charts import ratification as rc

__all__ = ["BOTH", "CANDIDATE_PARAM", "PICKS", "picked_rows", "timeline_with_picker"]

CANDIDATE_PARAM = "candidate_pick"
BOTH = "Both"
PICKS: tuple[str, ...] = (BOTH, *rc.CANDIDATES)


def timeline_with_picker(table: pd.DataFrame, sentence: str | None = None) -> alt.Chart:
    """The ratification timeline of ``table`` (rc.timeline_table) with a candidate picker."""
    pick = alt.param(
        name=CANDIDATE_PARAM,
        value=BOTH,
        bind=alt.binding_radio(options=list(PICKS), name="Show candidate: "),
    )
    chart = rc.timeline_chart(table, sentence)
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
