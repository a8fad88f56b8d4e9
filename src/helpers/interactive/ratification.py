"""Why this file is long: it keeps the texts the explorer shows (the summary sentence,
caveats, the table) next to the controls and the chart template the callbacks fill in; the
pure part the lesson's bank computes its keys through (settings, runs, statistics) lives in
:mod:`helpers.models.ratification_settings`, so a key is exactly what a student sees.

Lesson 05's explorer: "what if it went like before?" for 32 ratifications.

A thin ipywidgets layer over :mod:`helpers.models.ratification` (the bootstrap) and
:mod:`helpers.charts.ratification` (the histogram). The controls choose the assumptions:
which past rounds the delays come from, which allies are holdouts, how slow a holdout is and
how many extra years it adds, and the line ("over N years") the chart counts runs against.
The number of runs and the seed are fixed, so every student with the same settings sees
the same chart, and the bank's key functions can recompute what a student reads.

:func:`explore` shows the default state as ordinary outputs (stored in the notebook, checked
by nbval, visible without a kernel): the controls' static description, the chart, its
"Show as table" block, a one-line summary and the model's caveats. Changing a control
re-runs the model and updates the chart, table and summary through display handles.
Callbacks never validate: the chart spec is built once with Altair and afterwards only its
data, labels and description are filled in (:func:`chart_spec`); the tests validate the
filled specs against the Vega-Lite schema.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from functools import cache
from typing import Any

import pandas as pd

from helpers.charts import TableView, render
from helpers.charts import ratification as rc
from helpers.models import ratification as rm
from helpers.models.ratification_settings import (
    POOLS,
    QUANTILES,
    RUNS,
    SEED,
    Settings,
    Stats,
    allies,
    pool_size,
    run,
    stats,
)

__all__ = [
    "BIN_YEARS",
    "FEATURED_HOLDOUTS",
    "FOLDED_CAVEATS",
    "Explorer",
    "caveats_html",
    "chart_spec",
    "explore",
    "quantiles_table",
    "summary_html",
]

BIN_YEARS = 0.25
"""Histogram bar width, in years."""

FOLDED_CAVEATS: tuple[str, ...] = ("few_rounds", "which_step")
"""Caveats shown under "More caveats" (a toggle) rather than in the main list."""

FEATURED_HOLDOUTS: tuple[str, ...] = ("Hungary", "Türkiye")
"""The allies that ratified last in 2023–24, offered as tick boxes."""

NO_ALLY = "(none)"


# ------------------------------------------------------------------------ text


def _years(x: float) -> str:
    return f"{x:g} year" if x == 1 else f"{x:g} years"


def _bands(over_years: float) -> tuple[str, str]:
    return f"{_years(over_years)} or less", f"over {_years(over_years)}"


def _pct(x: float) -> str:
    if 0 < x < 0.005:
        return "under 1%"
    if 0.995 < x < 1:
        return "over 99%"
    return f"{100 * x:.0f}%"


def _holdout_text(settings: Settings, pool: int) -> str:
    if not settings.holdouts:
        return "no holdouts"
    slowest = min(settings.slowest, pool)
    extra = f" plus {_years(settings.extra_years)}" if settings.extra_years else ""
    names = " and ".join(settings.holdouts)
    return f"holdouts {names} (each one of the {slowest} slowest past delays{extra})"


def sentence(result: rm.RatificationResult, settings: Settings, st: Stats | None = None) -> str:
    """The chart's one-sentence description, computed from the result."""
    st = st or stats(result, settings)
    return (
        f"Histogram of the simulated time until the last of {len(result.allies)} allies "
        f"ratifies, {result.runs:,} runs drawing on {result.pool_size} past delays from "
        f"{POOLS[settings.pool][0]}, {_holdout_text(settings, result.pool_size)}: the median "
        f"is {st.median:.2f} years and {_pct(st.share_over)}"
        f" of runs take over {_years(settings.over_years)}."
    )


def summary_html(result: rm.RatificationResult, settings: Settings, st: Stats | None = None) -> str:
    """One paragraph under the chart: median, share over N years, middle 80%, who was last

    (named only when there are holdouts: otherwise every ally is alike and the names are noise).
    """
    st = st or stats(result, settings)
    if settings.holdouts:
        last_text = ", ".join(f"{a} ({_pct(s)})" for a, s in st.last)
    else:
        # Without holdouts every ally draws alike: any "most often last" would be noise.
        last_text = "no ally in particular (without holdouts the model treats allies alike)"
    return (
        '<p class="course-explorer-summary" role="status">'
        f"<b>Median:</b> {st.median:.2f} years. "
        f"<b>Runs over {html.escape(_years(settings.over_years))}:</b> {_pct(st.share_over)}. "
        f"<b>Middle 80% of runs:</b> {st.quantiles[0]:.2f} to {st.quantiles[-1]:.2f} years. "
        f"<b>Most often last:</b> {html.escape(last_text)}. "
        f"<small>({result.runs:,} runs, seed {SEED}; {result.pool_size} past delays from "
        f"{html.escape(POOLS[settings.pool][0])}; "
        f"{html.escape(_holdout_text(settings, result.pool_size))}.)</small></p>"
    )


def quantiles_table(
    result: rm.RatificationResult, settings: Settings, st: Stats | None = None
) -> pd.DataFrame:
    """The distribution in a few numbers, for 'Show as table'."""
    st = st or stats(result, settings)
    rows = [
        (f"{round(100 * p)}% of runs end within (years)", round(y, 3))
        for p, y in zip(QUANTILES, st.quantiles, strict=True)
    ]
    rows.append((f"share of runs over {_years(settings.over_years)}", round(st.share_over, 4)))
    return pd.DataFrame(rows, columns=["measure", "value"])


def _caveat_items(caveats: tuple[rm.Caveat, ...]) -> str:
    return "".join(
        f"<li><b>{html.escape(c.title)}.</b> {html.escape(c.text)}</li>" for c in caveats
    )


def caveats_html() -> str:
    """The model's caveats (helpers.models.ratification.CAVEATS), always on screen.

    The main ones are listed; :data:`FOLDED_CAVEATS` sit under a "More caveats" toggle.
    """
    main = tuple(c for c in rm.CAVEATS if c.key not in FOLDED_CAVEATS)
    more = tuple(c for c in rm.CAVEATS if c.key in FOLDED_CAVEATS)
    folded = (
        '<details class="course-explorer-more-caveats"><summary>More caveats</summary>'
        f"<ul>{_caveat_items(more)}</ul></details>"
        if more
        else ""
    )
    return (
        '<div class="course-explorer-caveats"><p><b>What this model cannot know.</b> '
        "It replays the past; it does not predict. Read every result with these limits:</p>"
        f"<ul>{_caveat_items(main)}</ul>{folded}</div>"
    )


# ------------------------------------------------------------------------ the chart spec


@cache
def _template() -> dict[str, Any]:
    """The distribution chart built once with Altair (unvalidated), data left to fill in."""
    default = Settings()
    spec = rc.distribution_chart(run(default), default.over_years, BIN_YEARS).to_dict(
        validate=False
    )
    spec.pop("datasets", None)
    spec["layer"][0]["data"] = {"name": "runs"}
    for layer in spec["layer"][1:]:
        layer["data"] = {"name": "median"}
    return spec


def chart_spec(
    result: rm.RatificationResult, settings: Settings, st: Stats | None = None
) -> dict[str, Any]:
    """The Vega-Lite spec of the distribution for ``result`` (no validation: fast)."""
    st = st or stats(result, settings)
    table = rc.distribution_table(result, settings.over_years, BIN_YEARS)
    old_within, old_over = rc._bands(settings.over_years)
    within, over = _bands(settings.over_years)
    relabel = {old_within: within, old_over: over}
    columns = {name: table[name].tolist() for name in table.columns}
    columns["band"] = [relabel[b] for b in columns["band"]]
    records = [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]
    template = _template()
    bars = dict(template["layer"][0])
    encoding = dict(bars["encoding"])
    color = dict(encoding["color"])
    color["scale"] = {**color["scale"], "domain": [within, over]}
    encoding["color"] = color
    bars["encoding"] = encoding
    spec = {**template, "layer": [bars, *template["layer"][1:]]}
    spec["datasets"] = {
        "runs": records,
        "median": [{"years": st.median, "label": f"median {st.median:.2f} years"}],
    }
    spec["description"] = sentence(result, settings, st)
    return spec


# ------------------------------------------------------------------------ the widgets


def _slug(name: str) -> str:
    """A CSS-safe lower-case name: 'Türkiye' -> 'turkiye'."""
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


class _Panel:
    """The controls: a widget plus a static text (what stored outputs and nbval see)."""

    def __init__(self, widget: Any, text: str) -> None:
        self.widget, self._text = widget, text

    def __repr__(self) -> str:
        return self._text

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        view = {"version_major": 2, "version_minor": 0, "model_id": self.widget.model_id}
        return {
            "text/plain": self._text,
            "text/markdown": self._text,
            "application/vnd.jupyter.widget-view+json": view,
        }


def _static_text() -> str:
    return (
        "Controls of the ratification simulator (run the notebook to use them): past delays "
        "drawn from all past rounds; holdouts Hungary, Türkiye or another ally (assumption, "
        "default none); a holdout draws from the 4 slowest past delays (assumption); extra "
        "years for each holdout (assumption, default 0); count runs over 1 year. "
        f"Fixed: {RUNS:,} runs, seed {SEED}."
    )


class Explorer:
    """The simulator's controls wired to the model, the chart and the summary.

    ``Explorer().show()`` displays everything; ``update(settings)`` re-runs the model and
    refreshes the outputs (what a control's callback calls); ``settings`` reads the controls.
    """

    def __init__(self, settings: Settings | None = None) -> None:
        import ipywidgets as W

        self._initial = settings or Settings()
        s = self._initial
        wide = W.Layout(width="auto")
        style = {"description_width": "initial"}
        self.pool = W.Dropdown(
            options=[(f"{label} ({pool_size(k)} delays)", k) for k, (label, _) in POOLS.items()],
            value=s.pool,
            description="Past delays drawn from:",
            style=style,
            layout=wide,
        )
        self.featured = {
            ally: W.Checkbox(
                value=ally in s.holdouts,
                description=ally,
                indent=False,
                layout=W.Layout(width="auto", margin="0 12px 0 0"),
            )
            for ally in FEATURED_HOLDOUTS
        }
        others = sorted(a for a in allies() if a not in FEATURED_HOLDOUTS)
        extra = [a for a in s.holdouts if a not in FEATURED_HOLDOUTS]
        self.other = W.Dropdown(
            options=[NO_ALLY, *others],
            value=extra[0] if extra else NO_ALLY,
            description="Another holdout (assumption):",
            style=style,
            layout=wide,
        )
        self.slowest = W.IntSlider(
            value=s.slowest,
            min=1,
            max=12,
            description="A holdout draws from the slowest … past delays (assumption):",
            style=style,
            layout=W.Layout(width="95%"),
            continuous_update=False,
        )
        self.extra = W.FloatSlider(
            value=s.extra_years,
            min=0.0,
            max=5.0,
            step=0.25,
            description="Extra years for each holdout (assumption):",
            style=style,
            layout=W.Layout(width="95%"),
            continuous_update=False,
        )
        self.over = W.FloatSlider(
            value=s.over_years,
            min=0.5,
            max=5.0,
            step=0.5,
            description="Count runs over … years:",
            style=style,
            layout=W.Layout(width="95%"),
            continuous_update=False,
        )
        holdout_row = W.HBox(
            [
                W.HTML("<b>Holdouts (assumption):</b>&nbsp;"),
                *self.featured.values(),
                self.other,
            ],
            layout=W.Layout(flex_flow="row wrap", align_items="center"),
        )
        heading = W.HTML(
            "<p><b>Assumptions you can change.</b> The past delays come from the data "
            "(ratifications.csv). Who the holdouts are, how slow they are and their extra "
            "years are assumptions: yours, not facts. The line the chart counts runs "
            f"against is your question. Fixed: {RUNS:,} runs, seed {SEED}.</p>"
        )
        self.box = W.VBox([heading, self.pool, holdout_row, self.slowest, self.extra, self.over])
        self.box.add_class("course-explorer")
        self.box.add_class("course-explorer-ratification")
        self.controls: dict[str, Any] = {
            "pool": self.pool,
            **{f"holdout-{_slug(a)}": box for a, box in self.featured.items()},
            "other": self.other,
            "slowest": self.slowest,
            "extra": self.extra,
            "over": self.over,
        }
        for name, control in self.controls.items():
            control.add_class(f"course-control-{name}")
            control.observe(self._changed, names="value")
        self._handles: dict[str, Any] = {}
        self.last_spec: dict[str, Any] | None = None

    # -- reading and applying settings

    @property
    def settings(self) -> Settings:
        """The settings the controls show now."""
        holdouts = [a for a, box in self.featured.items() if box.value]
        if self.other.value != NO_ALLY:
            holdouts.append(str(self.other.value))
        return Settings(
            holdouts=tuple(holdouts),
            slowest=int(self.slowest.value),
            extra_years=float(self.extra.value),
            over_years=float(self.over.value),
            pool=str(self.pool.value),
        )

    def _outputs(self, settings: Settings) -> tuple[dict[str, Any], Any, Any]:
        result = run(settings)
        st = stats(result, settings)
        spec = chart_spec(result, settings, st)
        table = TableView(quantiles_table(result, settings, st), "the simulated distribution")
        summary = _HTML(summary_html(result, settings, st))
        return spec, table, summary

    def update(self, settings: Settings | None = None) -> dict[str, Any]:
        """Re-run the model for ``settings`` (default: the controls) and refresh the outputs."""
        spec, table, summary = self._outputs(settings or self.settings)
        self.last_spec = spec
        if self._handles:
            bundle, metadata = render(spec)
            self._handles["chart"].update(bundle, metadata=metadata, raw=True)
            self._handles["table"].update(table)
            self._handles["summary"].update(summary)
        return spec

    def _changed(self, _change: Mapping[str, Any]) -> None:
        self.update()

    # -- display

    def show(self) -> None:
        """Display the controls, the default chart (an ordinary output), table, summary, caveats."""
        from IPython.display import display

        spec, table, summary = self._outputs(self._initial)
        self.last_spec = spec
        display(_Panel(self.box, _static_text()))
        bundle, metadata = render(spec)
        self._handles["chart"] = display(bundle, metadata=metadata, raw=True, display_id=True)
        self._handles["table"] = display(table, display_id=True)
        self._handles["summary"] = display(summary, display_id=True)
        display(_HTML(caveats_html()))


class _HTML:
    """HTML with a plain-text twin (static views and nbval read the text)."""

    def __init__(self, markup: str) -> None:
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        text = re.sub(r"</(p|li)>", "\n", self.markup)
        return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def explore(settings: Settings | None = None) -> None:
    """Show the ratification simulator in the current cell (the widgets keep it alive)."""
    Explorer(settings).show()
