"""Chart for lesson 07: the article's claims by type, coloured by verdict.

:func:`verdict_chart` draws one horizontal stacked bar per claim type (forecast, causal,
normative), one segment per verdict, from one row per claim. Two menus under the chart
(Vega-Lite parameters bound to select inputs, so they work without a kernel) keep only the
claims of one section of the article, and only Moller's own claims or the critics' or
supporters' claims she reports. Tooltips give the type, verdict and count of each segment.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.analysis.predictions import (
    ALL_SECTIONS,
    ALL_VOICES,
    CLAIM_TYPES,
    SECTIONS,
    VERDICTS,
    VOICES,
)
from helpers.charts import OKABE_ITO, describe

__all__ = ["SECTION_PARAM", "VERDICT_COLOURS", "VOICE_PARAM", "verdict_chart"]

SECTION_PARAM = "section"
VOICE_PARAM = "voice"
#: Decided verdicts in blue/green/orange, undecided ones in greys that still differ.
VERDICT_COLOURS: dict[str, str] = {
    "borne out": OKABE_ITO[2],
    "not borne out": OKABE_ITO[5],
    "mixed": OKABE_ITO[1],
    "too early": OKABE_ITO[4],
    "not testable": "#6e6e6e",  # dark grey: ΔE00 ≥ 12 from the others under CVD simulation
}


def verdict_chart(claims: pd.DataFrame, sentence: str) -> alt.TopLevelMixin:
    """Stacked bars: claims per type, by verdict, with section and voice menus (no kernel).

    ``claims`` is :func:`helpers.analysis.predictions.claims_table` (one row per claim).
    """
    table = claims[["id", "article_section", "voice", "claim_type", "verdict"]].copy()
    section = alt.param(
        name=SECTION_PARAM,
        value=ALL_SECTIONS,
        bind=alt.binding_select(options=[ALL_SECTIONS, *SECTIONS], name="Section of the article: "),
    )
    voice = alt.param(
        name=VOICE_PARAM,
        value=ALL_VOICES,
        bind=alt.binding_select(options=[ALL_VOICES, *VOICES], name="Whose claim: "),
    )
    order = {v: i for i, v in enumerate(VERDICTS)}
    table["verdict_order"] = table["verdict"].map(order).astype(int)
    chart = (
        alt.Chart(table)
        .mark_bar(stroke="white", strokeWidth=1)
        .encode(
            y=alt.Y(
                "claim_type:N",
                title="Claim type",
                sort=list(CLAIM_TYPES),
                scale=alt.Scale(domain=list(CLAIM_TYPES)),
            ),
            x=alt.X(
                "count():Q",
                title="Number of claims",
                # Whole claims only: explicit tick values (a narrow filtered domain would
                # otherwise get ticks at 0.5, printed as repeated integers).
                axis=alt.Axis(values=list(range(len(table) + 1)), format="d"),
                stack="zero",
            ),
            color=alt.Color(
                "verdict:N",
                title="Verdict (as of 11 July 2024)",
                scale=alt.Scale(
                    domain=list(VERDICTS), range=[VERDICT_COLOURS[v] for v in VERDICTS]
                ),
                legend=alt.Legend(orient="bottom", columns=3, labelLimit=300, titleLimit=400),
            ),
            order=alt.Order("verdict_order:Q"),
            tooltip=[
                alt.Tooltip("claim_type:N", title="Claim type"),
                alt.Tooltip("verdict:N", title="Verdict"),
                alt.Tooltip("count():Q", title="Claims"),
            ],
        )
        .add_params(section, voice)
        .transform_filter(
            f"({SECTION_PARAM} == '{ALL_SECTIONS}' || datum.article_section == {SECTION_PARAM})"
            f" && ({VOICE_PARAM} == '{ALL_VOICES}' || datum.voice == {VOICE_PARAM})"
        )
        .properties(
            width=520,
            height=180,
            title=alt.Title(
                "The article's claims by type and verdict",
                subtitle="Course table data/predictions.csv; evidence up to the Washington Summit",
            ),
        )
    )
    return describe(chart, sentence)
