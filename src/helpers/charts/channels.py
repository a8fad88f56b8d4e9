"""Lesson 03's chart of the channels of support to Ukraine (``channels.csv``).

Each channel is a point at its start date, coloured by who runs it (the table's ``run_by``)
and shaped by whether lethal aid flows through it.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.charts import describe

__all__ = ["NATO_ITSELF", "channels_chart", "channels_sentence", "channels_table"]

NATO_ITSELF = "NATO itself"
LETHAL, NOT_LETHAL = "lethal aid flows through it", "no lethal aid"


def channels_table(channels: pd.DataFrame) -> pd.DataFrame:
    """Channels with who runs them, start date, and whether lethal equipment flows through."""
    out = pd.DataFrame(
        {
            "channel": channels["channel"].astype(str).to_numpy(),
            "lead": channels["lead"].astype(str).to_numpy(),
            "kind": channels["run_by"].astype(str).to_numpy(),
            "start": channels["start"].dt.strftime("%Y-%m-%d").to_numpy(),
            "lethal": [LETHAL if v else NOT_LETHAL for v in channels["lethal"]],
        }
    )
    return out.sort_values("start").reset_index(drop=True)


def channels_sentence(table: pd.DataFrame) -> str:
    """One sentence describing the channels chart, computed from the table."""
    nato = table[table["kind"] == NATO_ITSELF]
    return (
        f"Timeline of {len(table)} channels of support to Ukraine by start date, from "
        f"{table['start'].min()[:4]} to {table['start'].max()[:4]}; of the "
        f"{len(nato)} run by NATO itself, its own package (the CAP) carried no lethal aid, "
        f"and the one created at the Washington Summit (NSATU) coordinates the allies' own "
        f"donations."
    )


def channels_chart(table: pd.DataFrame, sentence: str) -> alt.Chart:
    """Each channel as a point at its start date, shaped by whether lethal aid flows through."""
    chart = (
        alt.Chart(table)
        .mark_point(filled=True, size=120)
        .encode(
            x=alt.X("start:T", title="Start", axis=alt.Axis(format="%Y")),
            y=alt.Y(
                "channel:N",
                sort=alt.EncodingSortField("start"),
                title=None,
                axis=alt.Axis(labelLimit=460),
            ),
            color=alt.Color(
                "kind:N", title="Run by", legend=alt.Legend(orient="bottom", columns=2)
            ),
            shape=alt.Shape(
                "lethal:N", title="Lethal aid?", legend=alt.Legend(orient="bottom", columns=1)
            ),
            tooltip=[
                alt.Tooltip("channel:N", title="Channel"),
                alt.Tooltip("lead:N", title="Lead"),
                alt.Tooltip("start:T", title="Start", format="%-d %B %Y"),
                alt.Tooltip("lethal:N", title="Lethal aid?"),
            ],
        )
        .properties(title="Channels of support to Ukraine", width=360, height=260)
    )
    return describe(chart, sentence)
