"""Why this file is long: each of lesson 06's three charts comes as four functions (table,
sentence, chart, spec) that must agree, and they sit together so a reader can check that
they do; the small template machinery that makes a callback's spec cheap (see below) serves
these charts only.

Chart builders for lesson 06: the crisis game and the incremental-steps model.

Each chart has four functions: ``*_table`` (the data, also for "Show as table"),
``*_sentence`` (the one-sentence description, computed from the model's output),
``*_chart`` (the Altair chart, described; used for the first display) and ``*_spec`` (the
same chart as a Vega-Lite dict, for widget callbacks). Nothing is validated or rendered
here; the tests validate each spec.

**Why ``*_spec``.** Turning an Altair chart into a dict walks every schema object and
sanitises every data frame: 10-20 ms a chart, more on a loaded machine, which a slider
callback should not pay. ``*_spec`` builds each chart's dict once through Altair (per chart
shape, e.g. with or without a threshold mark), keeps it as a template with the dataset
names blanked out, and afterwards only swaps in the new rows (named by the same hash Altair
uses), the title and the description: well under a millisecond. The tests check that the
result equals Altair's own dict for the same input.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any, ParamSpec, TypeVar, cast

import altair as alt
import numpy as np
import pandas as pd
from altair.utils.schemapi import debug_mode

from helpers.charts import OKABE_ITO, describe
from helpers.models.crisis import BACK_DOWN, PRESS_ON, CrisisCurve
from helpers.models.incremental import QuietSteps, Simulation, StepSweep

SALAMI, SWOOP = "small steps (salami slicing)", "one fell swoop"
CROSS, DELIVERED = "Chance a red line is crossed", "Expected total delivered without a response"
POSTERIOR = "Chance there is no red line, after k quiet steps"
PRIOR = "The same chance before any step (the prior)"
QUIET_IF_REAL = "Chance of k quiet steps even if the line is real"
SIMULATED = "Chance there is no red line (simulated)"
CRISIS_TITLE = "Russia's choice as the Allies raise the risk"
STEPS_TITLE = "Small steps or one fell swoop?"
QUIET_TITLE = 'Does "nothing happened so far" show it was a bluff?'


P = ParamSpec("P")
R = TypeVar("R")


def _unvalidated(build: Callable[P, R]) -> Callable[P, R]:
    """Run a builder with Altair's validate-on-construction switched off (it is on by
    default and costs several milliseconds per chart); validation is left to the tests."""

    @wraps(build)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with debug_mode(False):
            return build(*args, **kwargs)

    return run


@_unvalidated
def spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart's Vega-Lite spec without schema validation (fast; for callbacks)."""
    return chart.to_dict(validate=False)


def _g(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".") if abs(x) < 1e6 else f"{x:.3g}"


# ---------------------------------------------------------------- templates for callbacks


def dataset_name(rows: Sequence[dict[str, Any]]) -> str:
    """The name Altair gives an inline dataset (a hash of its rows), so specs stay identical."""
    if list(rows) == [{}]:
        return "empty"
    text = json.dumps(list(rows), sort_keys=True, default=str)
    return "data-" + hashlib.sha256(text.encode()).hexdigest()[:32]


def records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows Altair would inline for ``table`` (native numbers; NaN and inf as null)."""
    rows = cast(list[dict[str, Any]], table.to_dict(orient="records"))
    for row in rows:
        for key, value in row.items():
            if isinstance(value, float) and not math.isfinite(value):
                row[key] = None
    return rows


@dataclass(frozen=True)
class SpecTemplate:
    """A chart's Vega-Lite dict as JSON text with placeholders for its dataset names."""

    text: str
    placeholders: tuple[str, ...]


_TEMPLATES: dict[Hashable, SpecTemplate] = {}


def _placeholder(i: int) -> str:
    return f"__course_dataset_{i}__"


def from_template(
    key: Hashable,
    datasets: Sequence[list[dict[str, Any]]],
    title: str,
    description: str,
    build: Callable[[], alt.TopLevelMixin],
) -> dict[str, Any]:
    """The spec of a chart whose shape is ``key``: data, title and description swapped in.

    ``datasets`` are the chart's inline datasets in a fixed order (the order the chart uses
    them); ``build`` makes the same chart through Altair, called only the first time a shape
    is seen, to make its template.
    """
    names = [dataset_name(rows) for rows in datasets]
    template = _TEMPLATES.get(key)
    if template is None:
        built = spec(build())
        found = built.pop("datasets", {})
        if sorted(found) != sorted(set(names)) or len(set(names)) != len(names):
            raise ValueError(f"{key!r}: the chart's datasets do not match the rows given")
        built.pop("title", None)
        built.pop("description", None)
        text = json.dumps(built)
        for i, name in enumerate(names):
            text = text.replace(f'"{name}"', f'"{_placeholder(i)}"')
        template = SpecTemplate(text, tuple(_placeholder(i) for i in range(len(names))))
        _TEMPLATES[key] = template
    text = template.text
    for holder, name in zip(template.placeholders, names, strict=True):
        text = text.replace(f'"{holder}"', f'"{name}"')
    out: dict[str, Any] = json.loads(text)
    out["datasets"] = dict(zip(names, datasets, strict=True))
    out["title"] = title
    out["description"] = " ".join(description.split())
    return out


# ---------------------------------------------------------------- (a) the crisis


def crisis_table(curve: CrisisCurve) -> pd.DataFrame:
    """One row per risk level and Russian action: Russia's expected payoff."""
    r = np.round(curve.risk_level, 4)
    return pd.DataFrame(
        {
            "risk_level": np.concatenate([r, r]),
            "russia": [PRESS_ON] * len(r) + [BACK_DOWN] * len(r),
            "payoff": np.round(np.concatenate([curve.russia_press_on, curve.russia_back_down]), 3),
            "escalation_probability": np.round(
                np.concatenate([curve.escalation_probability, np.zeros(len(r))]), 4
            ),
        }
    )


def crisis_sentence(curve: CrisisCurve, assumptions: str = "") -> str:
    """One sentence describing the crisis chart, computed from the curve."""
    where = f" ({assumptions})" if assumptions else ""
    lo, hi = _g(float(curve.risk_level[0])), _g(float(curve.risk_level[-1]))
    t = curve.threshold.risk_level
    if t is None:
        end = (
            "pressing on pays Russia more at every risk level shown, so no step in this range "
            "deters it"
        )
    elif t <= curve.risk_level[0]:
        end = "backing down pays Russia at least as much at every risk level shown"
    else:
        end = (
            f"pressing on pays Russia more up to risk level {_g(t)}, where the lines cross, "
            "and backing down pays more beyond it"
        )
    return (
        f"Line chart of Russia's expected payoff from pressing on and from backing down as "
        f"the Allies' risk level rises from {lo} to {hi}{where}: {end}."
    )


@_unvalidated
def crisis_chart(curve: CrisisCurve, assumptions: str = "") -> alt.LayerChart:
    """Russia's payoff from pressing on vs backing down across risk levels, threshold marked."""
    table = crisis_table(curve)
    lines = (
        alt.Chart(table)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X("risk_level:Q", title="Allies' risk level r (0 = no new step)",
                    scale=alt.Scale(domain=[0, 1])),
            y=alt.Y("payoff:Q", title="Russia's expected payoff (points)"),
            color=alt.Color("russia:N", title="Russia's choice",
                            scale=alt.Scale(domain=[PRESS_ON, BACK_DOWN],
                                            range=[OKABE_ITO[5], OKABE_ITO[0]]),
                            legend=alt.Legend(orient="bottom")),
            strokeDash=alt.StrokeDash("russia:N", scale=alt.Scale(
                domain=[PRESS_ON, BACK_DOWN], range=[[1, 0], [6, 3]]), legend=None),
            tooltip=[
                alt.Tooltip("risk_level:Q", title="Risk level", format=".2f"),
                alt.Tooltip("russia:N", title="Russia"),
                alt.Tooltip("payoff:Q", title="Expected payoff", format=".1f"),
                alt.Tooltip("escalation_probability:Q", title="Chance of escalation",
                            format=".0%"),
            ],
        )
    )  # fmt: skip
    layers: list[alt.Chart] = [lines]
    mark = _threshold_mark(curve)
    if mark is not None:
        # Channel objects, not shorthand strings or alt.value(): Altair parses those through
        # its schema (a few ms each), which a widget callback should not pay for.
        base = alt.Chart(mark).encode(x=alt.X("risk_level:Q"))
        layers.append(base.mark_rule(color=OKABE_ITO[7], strokeDash=[2, 2]))
        layers.append(
            base.mark_text(align="left", dx=4, dy=-6, baseline="bottom", fontSize=12).encode(
                y=alt.YValue(0), text=alt.Text("label:N")
            )
        )
    chart = alt.layer(*layers, title=_crisis_title(assumptions), width=520, height=300)
    return cast(alt.LayerChart, describe(chart, crisis_sentence(curve, assumptions)))


def _crisis_title(assumptions: str) -> str:
    return f"{CRISIS_TITLE}: {assumptions}" if assumptions else CRISIS_TITLE


def _threshold_mark(curve: CrisisCurve) -> pd.DataFrame | None:
    t = curve.threshold.risk_level
    if t is None:
        return None
    return pd.DataFrame({"risk_level": [round(t, 4)], "label": [f"threshold r* = {_g(t)}"]})


def crisis_spec(
    curve: CrisisCurve, assumptions: str = "", table: pd.DataFrame | None = None
) -> dict[str, Any]:
    """:func:`crisis_chart` as a Vega-Lite dict, from a cached template (for callbacks).

    ``table`` is :func:`crisis_table` of ``curve`` if the caller already has it.
    """
    mark = _threshold_mark(curve)
    datasets = [records(crisis_table(curve) if table is None else table)]
    if mark is not None:
        datasets.append(records(mark))
    return from_template(
        ("crisis", mark is not None),
        datasets,
        _crisis_title(assumptions),
        crisis_sentence(curve, assumptions),
        lambda: crisis_chart(curve, assumptions),
    )


# ---------------------------------------------------------------- (b) step sizes


def steps_table(sweep: StepSweep) -> pd.DataFrame:
    """One row per step size, strategy and measure (crossing chance, expected total)."""
    steps = np.round(sweep.step, 4)
    n = len(steps)
    fs = sweep.fell_swoop
    parts = [
        (SALAMI, CROSS, sweep.p_cross),
        (SALAMI, DELIVERED, sweep.expected_delivered),
        (SWOOP, CROSS, np.full(n, fs.p_cross)),
        (SWOOP, DELIVERED, np.full(n, fs.expected_delivered)),
    ]
    return pd.DataFrame(
        {
            "step": np.concatenate([steps] * len(parts)),
            "n_steps": np.concatenate([sweep.n_steps, sweep.n_steps, np.ones(2 * n, int)]),
            "strategy": np.repeat([p[0] for p in parts], n),
            "measure": np.repeat([p[1] for p in parts], n),
            "value": np.round(np.concatenate([p[2] for p in parts]), 4),
        }
    )


def steps_sentence(sweep: StepSweep) -> str:
    """One sentence describing the step-size chart, computed from the sweep."""
    fs = sweep.fell_swoop
    lo, hi = _g(float(sweep.step.min())), _g(float(sweep.step.max()))
    pc_lo, pc_hi = _g(float(sweep.p_cross.min())), _g(float(sweep.p_cross.max()))
    pc = pc_lo if pc_lo == pc_hi else f"{pc_lo} to {pc_hi}"
    d_lo = _g(float(sweep.expected_delivered.min()))
    d_hi = _g(float(sweep.expected_delivered.max()))
    dv = d_lo if d_lo == d_hi else f"{d_lo} to {d_hi}"
    return (
        f"Two line charts across step sizes from {lo} to {hi} of the goal "
        f"(drift {_g(sweep.scenario.drift)} per quiet step): the chance a red line is crossed "
        f"is {pc} with small steps and {_g(fs.p_cross)} in one fell swoop, and the expected "
        f"total delivered without a response is {dv} with small steps and "
        f"{_g(fs.expected_delivered)} in one fell swoop."
    )


@_unvalidated
def steps_chart(sweep: StepSweep) -> alt.Chart:
    """Crossing chance and expected total delivered across step sizes, salami vs fell swoop."""
    table = steps_table(sweep)
    pick = alt.selection_point(name="strategy_pick", fields=["strategy"], bind="legend")
    chart = (
        alt.Chart(table)
        .mark_line(point=True)
        .encode(
            x=alt.X("step:Q", title="Size of each step (share of the goal)",
                    scale=alt.Scale(domain=[0, float(max(1.0, sweep.step.max()))])),
            y=alt.Y("value:Q", title=None),
            color=alt.Color("strategy:N", title="Strategy",
                            scale=alt.Scale(domain=[SALAMI, SWOOP],
                                            range=[OKABE_ITO[0], OKABE_ITO[1]]),
                            legend=alt.Legend(orient="bottom", labelLimit=300)),
            strokeDash=alt.StrokeDash("strategy:N", scale=alt.Scale(
                domain=[SALAMI, SWOOP], range=[[1, 0], [6, 3]]), legend=None),
            opacity=alt.OpacityValue(0.2, condition={"param": pick.name, "value": 1.0}),
            column=alt.Column("measure:N", title=None, sort=[CROSS, DELIVERED],
                              header=alt.Header(labelFontSize=13)),
            tooltip=[
                alt.Tooltip("strategy:N", title="Strategy"),
                alt.Tooltip("step:Q", title="Step size", format=".2f"),
                alt.Tooltip("n_steps:Q", title="Steps to the goal"),
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("value:Q", title="Value", format=".3f"),
            ],
        )
        .add_params(pick)
        .properties(title=STEPS_TITLE, width=250, height=220)
        .resolve_scale(y="independent")
    )  # fmt: skip
    return cast(alt.Chart, describe(chart, steps_sentence(sweep)))


def steps_spec(sweep: StepSweep, table: pd.DataFrame | None = None) -> dict[str, Any]:
    """:func:`steps_chart` as a Vega-Lite dict, from a cached template (for callbacks).

    ``table`` is :func:`steps_table` of ``sweep`` if the caller already has it.
    """
    return from_template(
        ("steps", float(max(1.0, sweep.step.max()))),
        [records(steps_table(sweep) if table is None else table)],
        STEPS_TITLE,
        steps_sentence(sweep),
        lambda: steps_chart(sweep),
    )


# ---------------------------------------------------------------- (c) quiet steps


def quiet_table(quiet: QuietSteps, simulated: Simulation | None = None) -> pd.DataFrame:
    """One row per number of quiet steps and series (posterior, prior, quiet-if-real)."""
    k = quiet.k.astype(int)
    series = [
        (POSTERIOR, quiet.posterior_no_red_line),
        (PRIOR, np.full(len(k), quiet.prior_no_red_line)),
        (QUIET_IF_REAL, quiet.p_quiet_if_real),
    ]
    if simulated is not None:
        if len(simulated.posterior_no_red_line) != len(k):
            raise ValueError("simulated: comes from a scenario with a different number of steps")
        series.append((SIMULATED, simulated.posterior_no_red_line))
    out = pd.DataFrame(
        {
            "k": np.concatenate([k] * len(series)),
            "total": np.round(np.concatenate([quiet.total] * len(series)), 4),
            "series": np.repeat([s[0] for s in series], len(k)),
            "probability": np.round(np.concatenate([s[1] for s in series]), 4),
        }
    )
    return out.dropna(subset=["probability"]).reset_index(drop=True)


def quiet_sentence(quiet: QuietSteps) -> str:
    """One sentence describing the quiet-steps chart, computed from the model."""
    n = int(quiet.k[-1])
    post = float(quiet.posterior_no_red_line[-1])
    real = float(quiet.p_quiet_if_real[-1])
    return (
        f"Line chart over 0 to {n} quiet steps: the chance that there is no red line rises "
        f"from the prior {_g(quiet.prior_no_red_line)} to {_g(post)} after {n} quiet steps, "
        f"while the chance of {n} quiet steps even if the line is real is {_g(real)}."
    )


@_unvalidated
def quiet_chart(quiet: QuietSteps, simulated: Simulation | None = None) -> alt.LayerChart:
    """Posterior chance of "no red line" after k quiet steps, against the prior."""
    table = quiet_table(quiet, simulated)
    domain = [POSTERIOR, PRIOR, QUIET_IF_REAL] + ([SIMULATED] if simulated is not None else [])
    colours = [OKABE_ITO[0], OKABE_ITO[7], OKABE_ITO[5], OKABE_ITO[2]][: len(domain)]
    colour = alt.Color("series:N", title=None, scale=alt.Scale(domain=domain, range=colours),
                       legend=alt.Legend(orient="bottom", columns=1, labelLimit=480))  # fmt: skip
    x = alt.X("k:Q", title="Steps taken without a response (k)", axis=alt.Axis(tickMinStep=1))
    y = alt.Y("probability:Q", title="Probability", scale=alt.Scale(domain=[0, 1]))
    tooltip = [
        alt.Tooltip("series:N", title="Series"),
        alt.Tooltip("k:Q", title="Quiet steps"),
        alt.Tooltip("total:Q", title="Total delivered", format=".2f"),
        alt.Tooltip("probability:Q", title="Probability", format=".3f"),
    ]
    base = alt.Chart(table)
    lines = (
        base.transform_filter(alt.FieldOneOfPredicate(field="series", oneOf=domain[:3]))
        .mark_line(point=True)
        .encode(
            x=x,
            y=y,
            color=colour,
            strokeDash=alt.StrokeDash(
                "series:N",
                scale=alt.Scale(domain=domain[:3], range=[[1, 0], [4, 4], [6, 3]]),
                legend=None,
            ),
            tooltip=tooltip,
        )
    )
    layers: list[alt.Chart] = [lines]
    if simulated is not None:
        layers.append(
            base.transform_filter(alt.FieldEqualPredicate(field="series", equal=SIMULATED))
            .mark_point(shape="diamond", size=70, filled=True)
            .encode(x=x, y=y, color=colour, tooltip=tooltip)
        )
    chart = alt.layer(*layers, title=QUIET_TITLE, width=520, height=300)
    return cast(alt.LayerChart, describe(chart, quiet_sentence(quiet)))


def quiet_spec(quiet: QuietSteps, table: pd.DataFrame | None = None) -> dict[str, Any]:
    """:func:`quiet_chart` (without simulated points) as a Vega-Lite dict, for callbacks.

    ``table`` is :func:`quiet_table` of ``quiet`` if the caller already has it.
    """
    return from_template(
        ("quiet",),
        [records(quiet_table(quiet) if table is None else table)],
        QUIET_TITLE,
        quiet_sentence(quiet),
        lambda: quiet_chart(quiet),
    )
