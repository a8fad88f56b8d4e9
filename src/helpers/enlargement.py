"""NATO's enlargement rounds, computed from ``members.csv``, and the charts that show them."""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.charts import describe


def rounds(members: pd.DataFrame) -> pd.DataFrame:
    """One row per enlargement round: year, who joined, how many, and the total after it."""
    table = members.sort_values(["enlargement_round", "country"])
    grouped = table.groupby("enlargement_round", sort=True)
    out = pd.DataFrame(
        {
            "round": grouped.size().index.astype(int),
            "year": grouped["accession_date"].min().dt.year.to_numpy(),
            "joined": grouped.size().to_numpy(),
            "countries": grouped["country"].agg(lambda s: ", ".join(sorted(s))).to_numpy(),
        }
    )
    out["allies_after"] = out["joined"].cumsum()
    return out


def growth_sentence(table: pd.DataFrame) -> str:
    """One sentence summarising the growth in ``rounds(...)`` output (used as description)."""
    first, last = table.iloc[0], table.iloc[-1]
    n_rounds = int((table["round"] > 0).sum())
    return (
        f"NATO grew from {first['allies_after']} founding allies in {first['year']} "
        f"to {last['allies_after']} allies in {last['year']} through {n_rounds} enlargement rounds."
    )


def growth_chart(table: pd.DataFrame) -> alt.Chart:
    """Step chart of the number of allies after each round, with who joined as a tooltip."""
    base = alt.Chart(table).encode(
        x=alt.X("year:Q", title="Year", scale=alt.Scale(domain=[1945, 2026]),
                axis=alt.Axis(format="d")),
        y=alt.Y("allies_after:Q", title="Number of allies", scale=alt.Scale(domain=[0, 35])),
    )  # fmt: skip
    line = base.mark_line(interpolate="step-after", strokeWidth=2)
    points = base.mark_point(filled=True, size=70).encode(
        tooltip=[
            alt.Tooltip("year:Q", title="Year", format="d"),
            alt.Tooltip("round:Q", title="Round (0 = founders)"),
            alt.Tooltip("countries:N", title="Joined"),
            alt.Tooltip("allies_after:Q", title="Allies after"),
        ]
    )
    chart = (line + points).properties(
        title="How the Alliance grew, 1949–2024", width=560, height=300
    )
    return describe(chart, growth_sentence(table))


def joined_since(table: pd.DataFrame, year: int) -> int:
    """How many countries joined in the rounds of ``year`` and later (``rounds(...)`` input)."""
    return int(table.loc[table["year"] >= year, "joined"].sum())
