"""Why this file is long: lesson 06 has three model explorers (the crisis game, incremental
steps, quiet steps) on one shared base (controls, readout, quick table, display handles),
plus the Council calculation and the static views of the record. Each explorer is short once
the base exists, and the base serves only this lesson.

Lesson 06's explorers: the crisis game and the incremental-steps model, with controls.

Thin ipywidgets layer over :mod:`helpers.models.crisis`, :mod:`helpers.models.incremental`
and the chart builders in :mod:`helpers.charts.escalation`. Each explorer shows its default
state as ordinary outputs (chart with description and PNG fallback, "Show as table", and a
readout that lists every parameter as an ASSUMPTION), so the lesson's stored outputs show
them without a kernel; its controls then update those outputs through display handles. A
callback never goes through Altair: it asks the chart module for the spec of the new state
(``*_spec``, a cached template with the new rows, title and description swapped in) and
sends it as a raw Vega-Lite bundle (the tests check it equals Altair's own spec and
validates).

Also here: the lesson's static views (the weapon-decision record, the arguments table) and
the North Atlantic Council calculation, which reuses lesson 04's consensus model.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar, cast

import ipywidgets as W
import pandas as pd

from helpers import charts
from helpers.charts import EMBED_OPTIONS, VEGALITE_MIME, TableView, plain_text
from helpers.charts import escalation as esc
from helpers.models import consensus as con
from helpers.models import crisis as cr
from helpers.models import incremental as inc

_STYLE = {"description_width": "430px"}
_WIDE = W.Layout(width="780px")
_T = TypeVar("_T")
ASSUMPTION_NOTE = (
    "Every number below is an ASSUMPTION chosen for teaching, not an estimate: no one knows "
    "these values. Change them with the controls and see what follows."
)


# ---------------------------------------------------------------- shared pieces


def chart_bundle(spec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A Vega-Lite output (spec + description as text) for ``handle.update(..., raw=True)``."""
    return (
        {VEGALITE_MIME: spec, "text/plain": plain_text(spec)},
        {VEGALITE_MIME: {"embed_options": dict(EMBED_OPTIONS)}},
    )


def _cell(value: object) -> str:
    if isinstance(value, float):
        return "—" if value != value else f"{value:g}"  # NaN is the only value != itself
    return str(value)


class QuickTable:
    """An explorer's "Show as table" block, written without pandas' formatters.

    The same collapsed HTML as :class:`helpers.charts.TableView` (first 60 rows, a note when
    there are more), with plain text for static views; pandas' ``to_html`` and
    ``to_string`` take several milliseconds, which a slider callback should not spend.
    """

    MAX_ROWS = 60

    def __init__(self, data: pd.DataFrame, caption: str) -> None:
        self.columns = [str(c) for c in data.columns]
        self.rows = [[_cell(v) for v in row] for row in data.to_numpy(dtype=object).tolist()]
        self.caption = caption

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>"
            for row in self.rows[: self.MAX_ROWS]
        )
        more = ""
        if len(self.rows) > self.MAX_ROWS:
            more = f"<p>Showing the first {self.MAX_ROWS} of {len(self.rows)} rows.</p>"
        return (
            '<details class="course-table-toggle"><summary>Show as table: '
            f"{html.escape(self.caption)}</summary>"
            f'<table class="course-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>{more}</details>"
        )

    def __repr__(self) -> str:
        lines = ["  ".join(self.columns)] + ["  ".join(row) for row in self.rows]
        return f"Table: {self.caption}\n" + "\n".join(lines)


@dataclass(frozen=True)
class Readout:
    """An HTML block with a plain-text twin (stored outputs show it without a kernel)."""

    html_text: str
    text: str

    def _repr_html_(self) -> str:
        return self.html_text

    def __repr__(self) -> str:
        return self.text


class Controls:
    """A widget box whose static representation says what the controls are (nbval-stable)."""

    def __init__(self, widget: W.Widget, text: str) -> None:
        self.widget = widget
        self._text = text

    def __repr__(self) -> str:
        return self._text

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        view = {"version_major": 2, "version_minor": 0, "model_id": self.widget.model_id}
        return {
            "text/plain": self._text,
            "text/markdown": self._text,
            "application/vnd.jupyter.widget-view+json": view,
        }


def _assumption_rows(rows: Sequence[tuple[str, str, str]]) -> tuple[str, str]:
    """(label, value, note) rows as an HTML table and as plain text."""
    body = "".join(
        f"<tr><td>{html.escape(label)}</td><td><strong>{html.escape(value)}</strong></td>"
        f"<td><small>{html.escape(note)}</small></td></tr>"
        for label, value, note in rows
    )
    table = (
        '<table class="course-assumptions"><thead><tr><th>Assumption</th><th>Value</th>'
        f"<th>Note</th></tr></thead><tbody>{body}</tbody></table>"
    )
    text = "\n".join(f"- {label}: {value} ({note})" for label, value, note in rows)
    return table, text


def _readout(lines: Sequence[str], rows: Sequence[tuple[str, str, str]], css: str) -> Readout:
    table, table_text = _assumption_rows(rows)
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    html_text = (
        f'<div class="{css}" role="status"><ul>{items}</ul>'
        f"<p><strong>{html.escape(ASSUMPTION_NOTE)}</strong></p>{table}</div>"
    )
    text = "\n".join([*lines, ASSUMPTION_NOTE, table_text])
    return Readout(html_text, text)


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _g(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


class _Explorer:
    """Display handles for a chart, its table and a readout; ``show()`` puts them on screen."""

    caption = ""

    def _memo(self, name: str, key: Hashable, make: Callable[[], _T]) -> _T:
        """A model output for the current inputs, computed once per change of inputs (the
        chart, its table and the readout of one callback share it)."""
        store: dict[str, tuple[Hashable, Any]] = self.__dict__.setdefault("_memos", {})
        hit = store.get(name)
        if hit is not None and hit[0] == key:
            return cast(_T, hit[1])
        value = make()
        store[name] = (key, value)
        return value

    def _chart(self) -> Any:
        raise NotImplementedError

    def _spec(self) -> dict[str, Any]:
        raise NotImplementedError

    def _table(self) -> pd.DataFrame:
        raise NotImplementedError

    def readout(self) -> Readout:
        raise NotImplementedError

    def _controls(self) -> Controls:
        raise NotImplementedError

    def show(self) -> None:
        """Show the default state (chart, table, readout) and the controls below them."""
        from IPython.display import display

        bundle, meta = charts.chart_bundle(self._chart())  # one to_dict, no validation
        self._handles = [
            display(bundle, metadata=meta, raw=True, display_id=True),
            display(QuickTable(self._table(), self.caption), display_id=True),
            display(self.readout(), display_id=True),
        ]
        display(self._controls())
        self._warm()

    def _warm(self) -> None:
        """Build the chart's spec template now, so the first slider move is fast too."""
        self._spec()

    def refresh(self, _change: object = None) -> dict[str, Any]:
        """Recompute from the controls; update the outputs if shown. Returns the new spec."""
        spec = self._spec()
        handles = getattr(self, "_handles", None)
        if handles:
            bundle, meta = chart_bundle(spec)
            handles[0].update(bundle, metadata=meta, raw=True)
            handles[1].update(QuickTable(self._table(), self.caption))
            handles[2].update(self.readout())
        return spec


def _slider(info: Any, value: float, step: float, integer: bool = False) -> W.Widget:
    kind = W.IntSlider if integer else W.FloatSlider
    kwargs: dict[str, Any] = {}
    if not integer:
        kwargs["readout_format"] = ".3f" if step < 0.01 else ".2f"
    widget = kind(
        value=int(value) if integer else float(value),
        min=int(info.low) if integer else float(info.low),
        max=int(info.high) if integer else float(info.high),
        step=int(step) if integer else step,
        description=f"{info.label} (assumption)",
        description_allow_html=False,
        style=_STYLE,
        layout=_WIDE,
        continuous_update=False,
        **kwargs,
    )
    widget.add_class(f"course-control-{info.name}")
    return widget


# ---------------------------------------------------------------- (a) the crisis game

CRISIS_SLIDERS: tuple[tuple[str, float, bool], ...] = (
    ("stake_russia", 5.0, False),
    ("cost_escalation_russia", 10.0, False),
    ("accident_base", 0.005, False),
    ("accident_max", 0.01, False),
    ("rounds", 1, True),
)


class CrisisExplorer(_Explorer):
    """The crisis game with an accident probability: an assumption set and five sliders."""

    caption = "Russia's expected payoff by risk level (crisis game)"

    def __init__(self, start: cr.AssumptionSet = cr.SUPPORTERS_VIEW) -> None:
        self.base = start
        self.params = start.params

    # the model side (no widgets): usable from tests and key functions
    def set_assumptions(self, key: str) -> None:
        """Start again from one of :data:`helpers.models.crisis.ASSUMPTION_SETS`."""
        self.base = cr.ASSUMPTION_SETS[key]
        self.params = self.base.params

    def set_values(self, **values: float) -> None:
        """Change some parameters (validated by the model)."""
        self.params = cr.with_changes(self.params, **values)

    def _label(self) -> str:
        changed = self.params != self.base.params
        return self.base.name.replace(" (an assumption set)", "") + (", changed" if changed else "")

    def _curve(self) -> cr.CrisisCurve:
        return self._memo("curve", self.params, lambda: cr.payoff_curve(self.params, points=51))

    def _chart(self) -> Any:
        return esc.crisis_chart(self._curve(), self._label())

    def _spec(self) -> dict[str, Any]:
        return esc.crisis_spec(self._curve(), self._label(), self._table())

    def _table(self) -> pd.DataFrame:
        return self._memo("table", self.params, lambda: esc.crisis_table(self._curve()))

    def _warm(self) -> None:
        """Templates for both chart shapes: with a threshold mark and without one."""
        for s in cr.ASSUMPTION_SETS.values():
            esc.crisis_spec(cr.payoff_curve(s.params, points=51), s.name)

    def readout(self) -> Readout:
        """What the model says with the current assumptions, and the assumptions themselves."""
        p = self.params
        t = cr.threshold(p)
        sol = cr.solve_crisis(p)
        step = next(s.name for s in cr.SUPPORT_STEPS if s.risk_level == sol.risk_level)
        lines = [
            f"Assumption set: {self._label()}. {self.base.summary}",
            t.note,
            (
                f"Under these assumptions the model's best step is '{step}' (risk level "
                f"{_g(sol.risk_level)}); Russia would then {sol.russia_action}; chance of "
                f"escalation {_pct(sol.escalation_probability)}."
            ),
            *(
                (
                    f"If the Allies chose '{o.step.name}': Russia would {o.russia_action}; "
                    f"chance of escalation {_pct(o.escalation_probability)}; the Allies' "
                    f"expected payoff {o.allies_payoff + 0.0:.1f} points."
                )
                for o in cr.step_outcomes(p)
            ),
            "What the game leaves out: " + "; ".join(cr.LEAVES_OUT) + ".",
        ]
        rows = [(v.label, f"{v.value:g} {v.unit}", v.note) for v in cr.describe_parameters(p)]
        steps = "; ".join(f"{s.name} = {_g(s.risk_level)}" for s in cr.SUPPORT_STEPS[1:])
        rows.append(("Risk level of each named step", steps, cr.SUPPORT_STEPS[1].note))
        return _readout(lines, rows, "course-readout course-readout-crisis")

    def _controls(self) -> Controls:
        chooser = W.Dropdown(
            options=[(s.name, s.key) for s in cr.ASSUMPTION_SETS.values()],
            value=self.base.key,
            description="Start from",
            style=_STYLE,
            layout=_WIDE,
        )
        chooser.add_class("course-control-assumption-set")
        sliders = {
            name: _slider(cr.PARAMETERS[name], getattr(self.params, name), step, integer)
            for name, step, integer in CRISIS_SLIDERS
        }
        busy = {"flag": False}

        def pick(change: dict[str, Any]) -> None:
            self.set_assumptions(change["new"])
            busy["flag"] = True
            try:
                for name, slider in sliders.items():
                    slider.value = getattr(self.params, name)
            finally:
                busy["flag"] = False
            self.refresh()

        def moved(name: str) -> Callable[[dict[str, Any]], None]:
            def handler(change: dict[str, Any]) -> None:
                if busy["flag"]:
                    return
                value = change["new"]
                try:
                    self.set_values(**{name: value})
                except ValueError as exc:
                    self._error(str(exc))
                    return
                self.refresh()

            return handler

        chooser.observe(pick, names="value")
        for name, slider in sliders.items():
            slider.observe(moved(name), names="value")
        self._message = W.HTML("")
        box = W.VBox([chooser, *sliders.values(), self._message])
        box.add_class("course-explorer-crisis")
        text = (
            "Controls for the crisis game (run the lesson to use them): start from the "
            "supporters' or the sceptics' assumption set, then change five assumptions: "
            + "; ".join(cr.PARAMETERS[n].label for n, _, _ in CRISIS_SLIDERS)
            + "."
        )
        return Controls(box, text)

    def _error(self, message: str) -> None:
        if hasattr(self, "_message"):
            self._message.value = (
                f'<p role="alert">That combination is not allowed: {html.escape(message)}</p>'
            )


# ---------------------------------------------------------------- (b) incremental steps


@dataclass(frozen=True)
class StepsState:
    """The incremental model's inputs as the explorer holds them."""

    step: float = 0.1
    p_no_red_line: float = 0.5
    low: float = 0.0
    high: float = 2.0
    drift: float = 0.0

    def scenario(self) -> inc.Scenario:
        """The model scenario (uniform prior between ``low`` and ``high``)."""
        return inc.Scenario(
            step=self.step,
            prior=inc.Uniform(self.low, self.high),
            p_no_red_line=self.p_no_red_line,
            drift=self.drift,
        )


def _steps_rows(state: StepsState) -> list[tuple[str, str, str]]:
    rows = []
    for name in ("step", "p_no_red_line", "low", "high", "drift"):
        info = inc.PARAMETERS[name]
        rows.append((info.label, f"{getattr(state, name):g}", info.note))
    return rows


class _StepsBase(_Explorer):
    names: tuple[tuple[str, float], ...] = ()

    def __init__(self, state: StepsState | None = None) -> None:
        self.state = state or StepsState()

    def set_values(self, **values: float) -> None:
        """Change some inputs; the model validates them (a bad mix raises ValueError)."""
        new = replace(self.state, **values)
        new.scenario()
        self.state = new

    def _controls(self) -> Controls:
        sliders = {
            name: _slider(inc.PARAMETERS[name], getattr(self.state, name), step)
            for name, step in self.names
        }
        self._message = W.HTML("")

        def moved(name: str) -> Callable[[dict[str, Any]], None]:
            def handler(change: dict[str, Any]) -> None:
                try:
                    self.set_values(**{name: float(change["new"])})
                except ValueError as exc:
                    self._message.value = (
                        f'<p role="alert">That combination is not allowed: '
                        f"{html.escape(str(exc))}</p>"
                    )
                    return
                self._message.value = ""
                self.refresh()

            return handler

        for name, slider in sliders.items():
            slider.observe(moved(name), names="value")
        box = W.VBox([*sliders.values(), self._message])
        box.add_class(f"course-explorer-{self.css}")
        text = (
            f"Controls for the {self.title} (run the lesson to use them): "
            + "; ".join(inc.PARAMETERS[n].label for n, _ in self.names)
            + ". Every one is an assumption."
        )
        return Controls(box, text)

    css = "steps"
    title = "model"


class StepsExplorer(_StepsBase):
    """Salami slicing vs one fell swoop across step sizes (drift, prior, bluff chance)."""

    caption = "Chance a red line is crossed and expected total delivered, by step size"
    names = (("p_no_red_line", 0.05), ("low", 0.1), ("high", 0.1), ("drift", 0.01))
    css = "steps"
    title = "small-steps model"

    def _sweep(self) -> inc.StepSweep:
        return self._memo("sweep", self.state, lambda: inc.sweep_steps(self.state.scenario()))

    def _chart(self) -> Any:
        return esc.steps_chart(self._sweep())

    def _spec(self) -> dict[str, Any]:
        return esc.steps_spec(self._sweep(), self._table())

    def _table(self) -> pd.DataFrame:
        return self._memo("table", self.state, lambda: esc.steps_table(self._sweep()))

    def readout(self) -> Readout:
        """Salami vs fell swoop at the lesson's reference step of a tenth of the goal."""
        c = inc.compare(replace(self.state, step=0.1).scenario())
        lines = [
            (
                f"Ten steps of a tenth each: chance a red line is crossed "
                f"{_pct(c.salami.p_cross)}, expected total delivered without a response "
                f"{_g(c.salami.expected_delivered)}."
            ),
            (
                f"One fell swoop: chance a red line is crossed {_pct(c.fell_swoop.p_cross)}, "
                f"expected total delivered without a response "
                f"{_g(c.fell_swoop.expected_delivered)}."
            ),
            "What the model leaves out: " + "; ".join(inc.LEAVES_OUT) + ".",
        ]
        rows = [r for r in _steps_rows(self.state) if not r[0].startswith("Size of each step")]
        return _readout(lines, rows, "course-readout course-readout-steps")


class QuietExplorer(_StepsBase):
    """After k quiet steps, what Bayes' rule says about 'it was a bluff'."""

    caption = "Chance there is no red line after k quiet steps"
    names = (("step", 0.05), ("p_no_red_line", 0.05), ("low", 0.1), ("high", 0.1), ("drift", 0.01))
    css = "quiet"
    title = "quiet-steps model"

    def _quiet(self) -> inc.QuietSteps:
        return self._memo("quiet", self.state, lambda: inc.quiet_steps(self.state.scenario()))

    def _chart(self) -> Any:
        return esc.quiet_chart(self._quiet())

    def _spec(self) -> dict[str, Any]:
        return esc.quiet_spec(self._quiet(), self._table())

    def _table(self) -> pd.DataFrame:
        return self._memo("table", self.state, lambda: esc.quiet_table(self._quiet()))

    def readout(self) -> Readout:
        """The prior, the posterior after every step was quiet, and the evidence's weight."""
        q = self._quiet()
        n = int(q.k[-1])
        lines = [
            (
                f"Before any step: chance there is no red line {_pct(q.prior_no_red_line)} "
                "(your assumption)."
            ),
            (
                f"After all {n} steps passed quietly: {_pct(float(q.posterior_no_red_line[-1]))}; "
                f"{n} quiet steps were {float(q.bayes_factor[-1]):.2f} times as likely if the "
                "threats were a bluff as if the line is real."
            ),
            (
                f"Chance that a real line lies beyond all {n} steps, where it would never "
                f"show itself: {_pct(inc.evidence_ceiling(self.state.scenario()))}."
            ),
            "What the model leaves out: " + "; ".join(inc.LEAVES_OUT) + ".",
        ]
        return _readout(lines, _steps_rows(self.state), "course-readout course-readout-quiet")


# ---------------------------------------------------------------- the Council (lesson 04's model)


def council_table(n_allies: int, block_chances: Sequence[float] = (0.01, 0.02, 0.05, 0.1),
                  blocs: int = 4) -> pd.DataFrame:  # fmt: skip
    """Chance that all ``n_allies`` agree a collective response, under stated assumptions.

    Two readings of each per-ally block chance: allies decide independently, or they fall
    into ``blocs`` equal groups whose members always move together (lesson 04's model,
    exact answers). Columns: ``block_chance``, ``independent``, ``in_blocs``.
    """
    if n_allies % blocs:
        raise ValueError(f"blocs: {n_allies} allies do not split into {blocs} equal groups")
    rows = []
    for p in block_chances:
        alone = [con.Ally(f"ally {i + 1}", p_block=p) for i in range(n_allies)]
        grouped = [
            con.Ally(f"ally {i + 1}", p_block=p, bloc=f"bloc {i % blocs + 1}")
            for i in range(n_allies)
        ]
        bloc_list = [con.Bloc(f"bloc {b + 1}", rho=1.0) for b in range(blocs)]
        rows.append(
            {
                "block_chance": p,
                "independent": round(con.exact_pass_probability(alone), 4),
                "in_blocs": round(con.exact_pass_probability(grouped, blocs=bloc_list), 4),
            }
        )
    return pd.DataFrame(rows)


class CouncilView:
    """The Council table with its assumptions spelt out (HTML and plain text)."""

    def __init__(self, n_allies: int, blocs: int = 4) -> None:
        self.n_allies, self.blocs = n_allies, blocs
        self.table = council_table(n_allies, blocs=blocs)

    def _rows(self) -> list[tuple[str, str, str]]:
        return [
            (
                f"{100 * r.block_chance:g}%",
                _pct(r.independent),
                _pct(r.in_blocs),
            )
            for r in self.table.itertuples()
        ]

    def _head(self) -> tuple[str, str, str]:
        return (
            "ASSUMPTION: chance that any one ally blocks a collective military response",
            f"Chance all {self.n_allies} agree if each ally decides on its own",
            f"Chance all {self.n_allies} agree if they move in {self.blocs} blocs of "
            f"{self.n_allies // self.blocs}",
        )

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self._head())
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
            for row in self._rows()
        )
        return (
            '<table class="course-council"><caption>Consensus in the North Atlantic Council: '
            "an illustration with assumed numbers (lesson 04's consensus model)</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )

    def __repr__(self) -> str:
        lines = [" | ".join(self._head())] + [" | ".join(r) for r in self._rows()]
        return "Council table (assumed numbers)\n" + "\n".join(lines)


# ---------------------------------------------------------------- static views of the data


def _speaker(warned_by: str) -> str:
    """'1 June 2022: Dmitry Peskov, Kremlin spokesman' -> '1 June 2022: Dmitry Peskov'."""
    return str(warned_by).split(", ")[0]


class RecordView:
    """The weapon-decision record: a compact table to scan, the full text one click away.

    The compact table (date, kind, who, step, who warned and when) is what the lesson asks
    students to read; the warnings' words and what followed sit in a collapsed block below
    it, in full (no truncation). The plain-text form has everything.
    """

    COMPACT = (
        ("announced", "Announced"),
        ("short", "Step"),
        ("warned", "Russia's stated warning: when, by whom"),
    )
    FULL = (
        ("announced", "Announced"),
        ("kind", "Kind"),
        ("donor", "Who"),
        ("step", "Step"),
        ("warned_by", "Warned by"),
        ("warning", "Russia's stated warning"),
        ("followed", "What followed (next weeks)"),
    )

    def __init__(self, table: pd.DataFrame, counts: str = "") -> None:
        from helpers import data
        from helpers.analysis.weapon_decisions import short_names

        names = short_names(data.weapon_decisions())
        self.table = table.assign(
            short=[
                names.get(i, s) for i, s in zip(table["decision_id"], table["step"], strict=True)
            ],
            warned=[_speaker(w) or "none found" for w in table["warned_by"]],
        )
        self.counts = counts

    def _html_table(self, columns: Sequence[tuple[str, str]], caption: str) -> str:
        head = "".join(f"<th>{html.escape(t)}</th>" for _, t in columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(row[c]) or '—')}</td>" for c, _ in columns)
            + "</tr>"
            for _, row in self.table.iterrows()
        )  # fmt: skip
        return (
            f'<table class="course-table"><caption>{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )

    def _repr_html_(self) -> str:
        lead = f"<p><strong>{html.escape(self.counts)}</strong></p>" if self.counts else ""
        compact = self._html_table(
            self.COMPACT,
            "Allied weapon decisions and Russia's stated warnings (data/weapon_decisions.csv)",
        )
        full = self._html_table(self.FULL, "The warnings' words and what followed")
        return (
            f'{lead}<div class="course-record">{compact}</div>'
            '<details class="course-table-toggle course-record-full"><summary>Show the '
            "warnings' words and what followed each step</summary>"
            f'<div style="max-height: 520px; overflow: auto">{full}</div></details>'
        )

    def __repr__(self) -> str:
        out = []
        for _, row in self.table.iterrows():
            out.append(
                f"{row['announced']} | {row['donor']} | {row['step']} | warning: "
                f"{row['warning']} | followed: {row['followed']}"
            )
        head = f"Weapon-decision record. {self.counts}".strip()
        return head + "\n" + "\n".join(out)


def record_view(decisions: pd.DataFrame) -> RecordView:
    """The record with a line counting the allied steps since the full-scale invasion."""
    from helpers.analysis import escalation as an

    c = an.record_counts(decisions)
    counts = (
        f"Allied steps announced since the full-scale invasion (24 February 2022): {c.steps}; "
        f"with a Russian warning found in the sources read: {c.with_warning}; without: "
        f"{c.without_warning}."
    )
    return RecordView(an.record_table(decisions), counts)


def arguments_view(arguments: pd.DataFrame, notebook: str = "06") -> TableView:
    """Who argued what in this lesson (from ``arguments.csv``), as a "Show as table" block."""
    rows = arguments[arguments["notebook"] == notebook].sort_values(["date", "claim_id"])
    table = pd.DataFrame(
        {
            "date": rows["date"].dt.strftime("%Y-%m-%d"),
            "who": rows["actor"] + " (" + rows["actor_role"] + ")",
            "claim (course's own words)": rows["claim"],
            "source": rows["source_title"],
        }
    )
    return TableView(table, "Who argued what: positions quoted in this lesson, with sources")
