"""Charts for the consensus simulator (lesson 04): consensus against a coalition of the willing.

Builders take a :class:`~helpers.models.consensus.ConsensusResult`, aggregate it into a
few rows first, and never validate (no ``to_dict()`` inside), so they are cheap enough to
call from a widget callback. Each chart carries a one-sentence description computed from
the result; pass it to :func:`helpers.charts.show` with the matching table.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.charts import OKABE_ITO, describe
from helpers.models.consensus import (
    COALITION,
    CONSENSUS,
    MEASURE_DELIVERED,
    MEASURE_PASS,
    MEASURE_SIZE,
    ConsensusResult,
    compare_with_coalition,
)

__all__ = [
    "blockers_chart",
    "blockers_sentence",
    "blockers_table",
    "comparison_chart",
    "comparison_sentence",
    "comparison_table",
]

MEASURES: tuple[str, ...] = (MEASURE_PASS, MEASURE_SIZE, MEASURE_DELIVERED)
RULES: tuple[str, ...] = (CONSENSUS, COALITION)


def _pct(x: float) -> str:
    """A share as a rounded percentage that never rounds a rare event to 0% or 100%."""
    if 0 < x < 0.005:
        return "under 1%"
    if 0.995 < x < 1:
        return "over 99%"
    return f"{100 * x:.0f}%"


def comparison_table(result: ConsensusResult) -> pd.DataFrame:
    """The comparison as a table: ``rule``, ``measure``, ``value`` (0–1) and ``label``."""
    table = compare_with_coalition(result)
    table["label"] = [f"{v:.2f}" for v in table["value"]]
    return table


def comparison_sentence(result: ConsensusResult) -> str:
    """One sentence describing the comparison chart, computed from the result."""
    return (
        f"Bar chart comparing two decision rules over {result.runs:,} simulated meetings of "
        f"{len(result.allies)} allies: under consensus the decision goes ahead in "
        f"{_pct(result.p_pass)} of runs and delivers on average {result.expected_delivered:.2f} "
        f"of the full package; a coalition of the willing with no veto goes ahead in "
        f"{_pct(result.coalition_p_forms)} and delivers {result.coalition_expected_size:.2f}."
    )


def comparison_chart(result: ConsensusResult, sentence: str | None = None) -> alt.LayerChart:
    """Grouped bars: each measure for consensus and for a coalition of the willing (0–1)."""
    table = comparison_table(result)
    y = alt.Y("measure:N", title=None, sort=list(MEASURES), axis=alt.Axis(labelLimit=220))
    x = alt.X(
        "value:Q",
        title="Share (probability, or fraction of the full package)",
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format=".0%"),
    )
    offset = alt.YOffset("rule:N", sort=list(RULES))
    base = alt.Chart(table).encode(y=y, x=x, yOffset=offset)
    bars = base.mark_bar().encode(
        color=alt.Color(
            "rule:N",
            title="Decision rule",
            sort=list(RULES),
            scale=alt.Scale(domain=list(RULES), range=[OKABE_ITO[0], OKABE_ITO[1]]),
            legend=alt.Legend(orient="bottom", columns=1, labelLimit=400),
        ),
        tooltip=[
            alt.Tooltip("rule:N", title="Rule"),
            alt.Tooltip("measure:N", title="Measure"),
            alt.Tooltip("value:Q", title="Value", format=".3f"),
        ],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=12).encode(text="label:N")
    chart = alt.layer(bars, labels).properties(
        title="Consensus or a coalition of the willing?", width=480, height=240
    )
    return describe(chart, sentence or comparison_sentence(result))


def blockers_table(result: ConsensusResult) -> pd.DataFrame:
    """How many allies block the full package: ``blockers``, ``share`` of runs, ``outcome``."""
    rows = [
        (k, share, "passes (nobody blocks)" if k == 0 else "blocked at full size")
        for k, share in enumerate(result.blocker_distribution)
    ]
    table = pd.DataFrame(rows, columns=["blockers", "share", "outcome"])
    last = int(table.loc[table["share"] > 0, "blockers"].max()) if (table["share"] > 0).any() else 0
    return table.loc[table["blockers"] <= max(last, 1)].reset_index(drop=True)


def blockers_sentence(result: ConsensusResult) -> str:
    """One sentence describing the blockers chart, computed from the result."""
    dist = result.blocker_distribution
    none = dist[0]
    two_plus = sum(dist[2:])
    return (
        f"Bar chart of how many of the {len(result.allies)} allies block the full package in "
        f"{result.runs:,} simulated meetings: nobody blocks in {_pct(none)} of runs, exactly "
        f"one ally in {_pct(dist[1] if len(dist) > 1 else 0.0)}, two or more in "
        f"{_pct(two_plus)}."
    )


def blockers_chart(result: ConsensusResult, sentence: str | None = None) -> alt.Chart:
    """Bars: share of runs with 0, 1, 2 … blockers of the full package."""
    table = blockers_table(result)
    chart = (
        alt.Chart(table)
        .mark_bar()
        .encode(
            x=alt.X(
                "blockers:O",
                title="Number of allies blocking the full package",
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("share:Q", title="Share of runs", axis=alt.Axis(format=".0%")),
            color=alt.Color(
                "outcome:N",
                title=None,
                scale=alt.Scale(
                    domain=["passes (nobody blocks)", "blocked at full size"],
                    range=[OKABE_ITO[2], OKABE_ITO[5]],
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("blockers:O", title="Blockers"),
                alt.Tooltip("share:Q", title="Share of runs", format=".1%"),
            ],
        )
        .properties(title="How many allies block?", width=480, height=220)
    )
    return describe(chart, sentence or blockers_sentence(result))
