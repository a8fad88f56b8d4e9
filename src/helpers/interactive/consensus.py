"""Why this file is long: the explorer's controls, their badges, the parameter table's HTML
and the chart updates (a spec template filled in by each callback) work as one; the pure
settings they edit live in :mod:`helpers.models.consensus_settings`. The chart template and
its table view are the seam to split along if the file grows.

Lesson 04's consensus simulator: ipywidgets controls over :mod:`helpers.models.consensus`.

Two layers in one module, kept apart:

- **Settings** (pure, no widgets) live in :mod:`helpers.models.consensus_settings`:
  what a student can change, the presets replayed, the lesson's fixed seed and runs, and
  the label of every value (*from the record*, an *ASSUMPTION (you can change it)*, or
  *changed by you*). The lesson's bank computes its keys through the same functions, so a
  key is exactly what the student sees.
- **Explorer** (:class:`ConsensusExplorer`): the controls. Its :meth:`~ConsensusExplorer.show`
  displays the default chart as an ordinary output (stored, checked by nbval, visible
  without a kernel) and the controls below it; a change re-runs the model and replaces the
  chart through a display handle. Callbacks build the Vega-Lite spec from a template made
  once (no Altair validation in a callback; every spec shape is validated in the tests).
"""

from __future__ import annotations

import copy
import html
import json
import math
import re
import time
from collections.abc import Mapping
from functools import cache
from typing import Any

from helpers.charts import EMBED_OPTIONS, VEGALITE_MIME, plain_text
from helpers.charts import consensus as consensus_charts
from helpers.models import consensus as model
from helpers.models.consensus import ASSUMPTION, BASIS_LABEL, PRESETS, RECORD, ConsensusResult
from helpers.models.consensus_settings import (
    BLOC_MODES,
    DEFAULT_PRESET,
    PARAMETER_COLUMNS,
    PARAMETER_LABELS,
    PARAMETERS,
    RUNS,
    SEED,
    Settings,
    basis,
    find_preset,
    parameter_rows,
    preset_settings,
    simulate,
    with_blocs,
    with_dilution,
    with_role,
)

__all__ = [
    "ConsensusExplorer",
    "comparison_spec",
    "parameter_html",
]

PRESET_ORDER: tuple[str, ...] = ("nsatu_2024", "finland_sweden_2023", "bucharest_2008")
DILUTION_RULE = (
    "ASSUMPTION of the model: an ally's chance of blocking shrinks steadily as the package "
    "shrinks and is gone at the size set here (0: it shrinks in proportion to the size, so a "
    "half-size package halves it; 'never': size does not matter to this ally)."
)


# ---------------------------------------------------------------- the parameter table (HTML)


def _html_table(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    """Rows as an HTML table (plain Python: cheap enough for a callback)."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>" for row in rows
    )
    return (
        f'<table class="course-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )


def parameter_html(settings: Settings) -> str:
    """The preset's story and the parameter table, as HTML (a collapsed block per source)."""
    preset = find_preset(settings.preset)
    body = _html_table(PARAMETER_COLUMNS, list(parameter_rows(settings)))
    sources = "".join(f"<li>{html.escape(s)}</li>" for s in preset.sources)
    return (
        '<div class="course-consensus-sources">'
        f"<p><strong>{html.escape(preset.name)}</strong> ({html.escape(preset.when)}). "
        f"<em>What happened:</em> {html.escape(preset.decided)} "
        f"<em>Who held out:</em> {html.escape(preset.held_out)} "
        f"<em>How the model replays it:</em> {html.escape(preset.model_note)} "
        f"Allies: {html.escape(preset.allies_basis)}</p>"
        '<details class="course-table-toggle"><summary>Where each value comes from '
        "(from the record, or an ASSUMPTION you can change): the full table</summary>"
        f"{body}</details>"
        f"<details><summary>Sources of this case</summary><ul>{sources}</ul></details></div>"
    )


# ---------------------------------------------------------------- chart spec (no validation)


@cache
def _template() -> str:
    """The comparison chart's spec for one result, made once with Altair (no validation)."""
    result = simulate(preset_settings(DEFAULT_PRESET), runs=100)
    return json.dumps(consensus_charts.comparison_chart(result).to_dict(validate=False))


def comparison_spec(result: ConsensusResult) -> dict[str, Any]:
    """The comparison chart's Vega-Lite spec for ``result``, filled into the template.

    Same shape as :func:`helpers.charts.consensus.comparison_chart` (the tests check both
    give the same spec), without running Altair or its validation in a callback.
    """
    spec: dict[str, Any] = json.loads(_template())
    rows = [
        {"rule": rule, "measure": measure, "value": value, "label": f"{value:.2f}"}
        for rule, measure, value in comparison_rows(result)
    ]
    spec["datasets"] = {name: copy.deepcopy(rows) for name in spec["datasets"]}
    spec["description"] = " ".join(consensus_charts.comparison_sentence(result).split())
    return spec


TABLE_CAPTION = "Consensus against a coalition of the willing (shares, 0–1)"


def comparison_rows(result: ConsensusResult) -> list[tuple[str, str, float]]:
    """The chart's numbers, in the order of :func:`model.compare_with_coalition`."""
    return [
        (model.CONSENSUS, model.MEASURE_PASS, float(result.p_pass)),
        (model.CONSENSUS, model.MEASURE_SIZE, float(result.expected_size)),
        (model.CONSENSUS, model.MEASURE_DELIVERED, float(result.expected_delivered)),
        (model.COALITION, model.MEASURE_PASS, float(result.coalition_p_forms)),
        (model.COALITION, model.MEASURE_SIZE, float(result.coalition_p_forms * result.sizes[0])),
        (model.COALITION, model.MEASURE_DELIVERED, float(result.coalition_expected_size)),
    ]


class _TableView:
    """The "Show as table" block of :class:`helpers.charts.TableView`, built by hand.

    Same markup class (``course-table-toggle``) and the same plain-text form, without pandas
    (cheap enough for a callback).
    """

    def __init__(self, rows: list[tuple[str, str, float]], caption: str) -> None:
        self.rows = [(rule, measure, round(value, 3)) for rule, measure, value in rows]
        self.caption = caption

    def _repr_html_(self) -> str:
        table = _html_table(("rule", "measure", "value"), list(self.rows))
        return (
            '<details class="course-table-toggle"><summary>Show as table: '
            f"{html.escape(self.caption)}</summary>{table}</details>"
        )

    def __repr__(self) -> str:
        lines = [f"{rule} | {measure} | {value:.3f}" for rule, measure, value in self.rows]
        return "\n".join([f"Table: {self.caption}", "rule | measure | value", *lines])


def table_view(result: ConsensusResult) -> _TableView:
    """The chart's numbers as the collapsed "Show as table" block."""
    return _TableView(comparison_rows(result), TABLE_CAPTION)


def summary_html(result: ConsensusResult) -> str:
    """One line a screen reader announces after each change."""
    sentence = consensus_charts.comparison_sentence(result)
    return f'<p class="course-consensus-summary" role="status">{html.escape(sentence)}</p>'


# ---------------------------------------------------------------- the explorer (widgets)

STATIC_TEXT = (
    "Consensus simulator controls (they work once the lesson's cells have run): choose a "
    "real case, change any ally's chance of blocking or opting out, allow the package to be "
    "watered down, or make allies move in blocs. Each value is labelled as taken from the "
    "record or as an ASSUMPTION you can change."
)
_STYLE = {"description_width": "18em"}
_BADGE_CSS = (
    "<style>.course-consensus .course-badge{font-size:0.85em;padding:0 0.4em;"
    "border-radius:3px;white-space:normal;line-height:1.3}"
    ".course-consensus .course-badge-record{background:#d8efe6;color:#004d33}"
    ".course-consensus .course-badge-assumption{background:#fde9c8;color:#5c3b00}"
    ".course-consensus .course-badge-changed{background:#e3e3f7;color:#26265c}</style>"
)


def _weight_max(weight: float) -> float:
    """The weight slider's upper end: 5, or room to double a large recorded weight."""
    return float(max(5, math.ceil(2 * weight)))


def _badge(label: str) -> str:
    kind = (
        "record"
        if label == BASIS_LABEL[RECORD]
        else "assumption"
        if label == BASIS_LABEL[ASSUMPTION]
        else "changed"
    )
    return f'<span class="course-badge course-badge-{kind}">{html.escape(label)}</span>'


class ConsensusExplorer:
    """Preset picker, per-parameter controls with their labels, dilution, blocs, and chart.

    ``show()`` in a lesson cell displays the default chart (an ordinary output), its table,
    the controls and the table of where each value comes from. Attributes holding the
    widgets are public so tests can drive them like a student would.
    """

    def __init__(self, preset: str = DEFAULT_PRESET, runs: int = RUNS, seed: int = SEED) -> None:
        self.runs, self.seed = runs, seed
        self.settings = preset_settings(preset)
        self.result = simulate(self.settings, runs, seed)
        self.timings_ms: list[float] = []
        self._muted = False
        _template()  # build the chart template now, so the first callback is as fast as the rest
        self._handles: dict[str, Any] = {}
        self._build_controls()

    # -- controls ------------------------------------------------------------------------

    def _build_controls(self) -> None:
        import ipywidgets as W

        wide = W.Layout(width="33em", max_width="100%")
        self.preset = W.Dropdown(
            options=[(PRESETS[k].name, k) for k in PRESET_ORDER],
            value=self.settings.preset,
            description="Real case (preset):",
            style=_STYLE,
            layout=W.Layout(width="46em", max_width="100%"),
        )
        self.role = W.Dropdown(
            options=list(self.settings.role_names),
            value=self.settings.role_names[0],
            description="Change the values of:",
            style=_STYLE,
            layout=wide,
        )
        self.p_block = W.FloatSlider(
            min=0.0, max=1.0, step=0.01, readout_format=".2f", continuous_update=False
        )
        self.p_opt_out = W.FloatSlider(
            min=0.0, max=1.0, step=0.01, readout_format=".2f", continuous_update=False
        )
        self.yields_at = W.FloatSlider(
            min=0.0, max=0.95, step=0.05, readout_format=".2f", continuous_update=False
        )
        self.never_yields = W.Checkbox(
            description="never (size does not matter to it)",
            indent=False,
            layout=W.Layout(width="auto", margin="0 0 0 min(18.5em, 30%)"),
        )
        self.weight = W.FloatSlider(
            min=0.1, max=5.0, step=0.1, readout_format=".1f", continuous_update=False
        )
        self.floor = W.FloatSlider(
            min=0.1,
            max=0.9,
            step=0.05,
            readout_format=".2f",
            continuous_update=False,
            value=0.5,
            description="Smallest package offered:",
            style=_STYLE,
            layout=wide,
        )
        self.steps = W.IntSlider(
            min=0,
            max=4,
            description="Watering-down steps (0 = none):",
            style=_STYLE,
            layout=wide,
            continuous_update=False,
        )
        self.blocs = W.Dropdown(
            options=[(label, key) for key, label in BLOC_MODES.items()],
            value=self.settings.blocs,
            description="Allies that move together:",
            style=_STYLE,
            layout=W.Layout(width="46em", max_width="100%"),
        )
        self.rho = W.FloatSlider(
            min=0.0,
            max=1.0,
            step=0.05,
            readout_format=".2f",
            description=PARAMETER_LABELS["rho"] + ":",
            style=_STYLE,
            layout=wide,
            continuous_update=False,
        )
        for slider, name in (
            (self.p_block, "p_block"),
            (self.p_opt_out, "p_opt_out"),
            (self.yields_at, "yields_at"),
            (self.weight, "weight"),
        ):
            slider.description = PARAMETER_LABELS[name] + ":"
            slider.style = _STYLE
            slider.layout = wide
        self.badges = {name: W.HTML() for name in (*PARAMETERS, "dilution", "blocs")}
        self.role_note = W.HTML()
        self.dilution_rule = W.HTML(
            '<div class="course-consensus-rule" style="font-size:0.85em;line-height:1.35;'
            f'margin:0.1em 0 0.5em 0">{html.escape(DILUTION_RULE)}</div>'
        )
        self.summary = W.HTML()
        self.reset = W.Button(
            description="Back to the recorded case",
            tooltip="Restore every value of this preset",
            layout=W.Layout(width="auto"),
        )
        for widget, css in (
            (self.preset, "course-consensus-preset"),
            (self.role, "course-consensus-role"),
            (self.p_block, "course-consensus-p-block"),
            (self.p_opt_out, "course-consensus-p-opt-out"),
            (self.yields_at, "course-consensus-yields-at"),
            (self.never_yields, "course-consensus-never"),
            (self.weight, "course-consensus-weight"),
            (self.floor, "course-consensus-floor"),
            (self.steps, "course-consensus-steps"),
            (self.blocs, "course-consensus-blocs"),
            (self.rho, "course-consensus-rho"),
            (self.reset, "course-consensus-reset"),
            (self.summary, "course-consensus-summary-box"),
        ):
            widget.add_class(css)

        def row(*children: Any) -> Any:
            return W.HBox(list(children), layout=W.Layout(align_items="center", flex_flow="wrap"))

        self.panel = W.VBox(
            [
                W.HTML(_BADGE_CSS + "<b>Consensus simulator</b>"),
                row(self.preset, self.reset),
                W.HTML("<b>1. One ally, or every other ally</b>"),
                row(self.role),
                self.role_note,
                row(self.p_block, self.badges["p_block"]),
                row(self.p_opt_out, self.badges["p_opt_out"]),
                row(self.yields_at, self.badges["yields_at"]),
                row(self.never_yields),
                self.dilution_rule,
                row(self.weight, self.badges["weight"]),
                W.HTML("<b>2. Watering down the package</b>"),
                row(self.steps, self.badges["dilution"]),
                row(self.floor),
                W.HTML("<b>3. Allies that move in blocs</b>"),
                row(self.blocs, self.badges["blocs"]),
                row(self.rho),
                self.summary,
            ]
        )
        self.panel.add_class("course-consensus")
        self._sync_controls()
        self.preset.observe(self._on_preset, names="value")
        self.role.observe(self._on_role, names="value")
        for widget in (self.p_block, self.p_opt_out, self.yields_at, self.never_yields):
            widget.observe(self._on_value, names="value")
        self.weight.observe(self._on_value, names="value")
        for widget in (self.floor, self.steps):
            widget.observe(self._on_dilution, names="value")
        for widget in (self.blocs, self.rho):
            widget.observe(self._on_blocs, names="value")
        self.reset.on_click(self._on_reset)

    def _sync_controls(self) -> None:
        """Put the current settings into the controls (without triggering callbacks)."""
        self._muted = True
        try:
            s = self.settings
            if list(self.role.options) != list(s.role_names):
                self.role.options = list(s.role_names)
            if self.role.value not in s.role_names:
                self.role.value = s.role_names[0]
            role = s.role(self.role.value)
            self.p_block.value = role.p_block
            self.p_opt_out.max = max(0.0, round(1.0 - role.p_block, 2))
            self.p_opt_out.value = min(role.p_opt_out, self.p_opt_out.max)
            self.never_yields.value = role.yields_at is None
            self.yields_at.disabled = role.yields_at is None
            self.yields_at.value = 0.0 if role.yields_at is None else role.yields_at
            self.weight.max = _weight_max(role.weight)
            self.weight.value = role.weight
            self.steps.value = len(s.dilution)
            if s.dilution:
                self.floor.value = min(s.dilution)
            self.floor.disabled = not s.dilution
            self.blocs.value = s.blocs
            self.rho.value = s.rho
            self.rho.disabled = s.blocs == "none"
            self._relabel()
        finally:
            self._muted = False

    def _relabel(self) -> None:
        s, who = self.settings, self.role.value
        for name in PARAMETERS:
            label = basis(s, who, name)
            self.badges[name].value = _badge(label)
        self.badges["dilution"].value = _badge(basis(s, "proposal", "dilution"))
        self.badges["blocs"].value = _badge(basis(s, "blocs", "blocs"))
        preset = find_preset(s.preset)
        did = {r.ally: r.did for r in (*preset.roles, preset.others)}[who]
        self.role_note.value = f"<p><em>{html.escape(who)}</em>: {html.escape(did)}</p>"

    # -- callbacks -----------------------------------------------------------------------

    def _on_preset(self, change: Mapping[str, Any]) -> None:
        if self._muted:
            return
        self.settings = preset_settings(str(change["new"]))
        self._sync_controls()
        self.refresh()

    def _on_role(self, change: Mapping[str, Any]) -> None:
        if self._muted:
            return
        self._sync_controls()

    def _on_reset(self, _button: Any) -> None:
        self.settings = preset_settings(self.settings.preset)
        self._sync_controls()
        self.refresh()

    def _on_value(self, change: Mapping[str, Any]) -> None:
        if self._muted:
            return
        p_block = float(self.p_block.value)
        self._muted = True
        try:
            self.p_opt_out.max = max(0.0, round(1.0 - p_block, 2))
            self.yields_at.disabled = bool(self.never_yields.value)
        finally:
            self._muted = False
        self.settings = with_role(
            self.settings,
            self.role.value,
            p_block=p_block,
            p_opt_out=min(float(self.p_opt_out.value), 1.0 - p_block),
            yields_at=None if self.never_yields.value else float(self.yields_at.value),
            weight=float(self.weight.value),
        )
        self._relabel()
        self.refresh()

    def _on_dilution(self, change: Mapping[str, Any]) -> None:
        if self._muted:
            return
        self.floor.disabled = int(self.steps.value) == 0
        self.settings = with_dilution(self.settings, float(self.floor.value), int(self.steps.value))
        self._relabel()
        self.refresh()

    def _on_blocs(self, change: Mapping[str, Any]) -> None:
        if self._muted:
            return
        self.rho.disabled = self.blocs.value == "none"
        self.settings = with_blocs(self.settings, str(self.blocs.value), float(self.rho.value))
        self._relabel()
        self.refresh()

    # -- output --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-run the model and replace the chart, its table and the labels (timed)."""
        start = time.perf_counter()
        self.result = simulate(self.settings, self.runs, self.seed)
        spec = comparison_spec(self.result)
        self.summary.value = summary_html(self.result)
        chart = self._handles.get("chart")
        if chart is not None:
            bundle = {VEGALITE_MIME: spec, "text/plain": plain_text(spec)}
            chart.update(
                bundle, raw=True, metadata={VEGALITE_MIME: {"embed_options": EMBED_OPTIONS}}
            )
            self._handles["table"].update(table_view(self.result))
            self._handles["sources"].update(_Html(parameter_html(self.settings)))
        self.timings_ms.append(1000 * (time.perf_counter() - start))

    def show(self) -> None:
        """Display the default chart (ordinary output), its table, the controls, the sources."""
        from IPython.display import display

        from helpers.exercises.widgets import StaticPanel

        self.summary.value = summary_html(self.result)
        self._handles["chart"] = display(
            consensus_charts.comparison_chart(self.result), display_id=True
        )
        self._handles["table"] = display(table_view(self.result), display_id=True)
        display(StaticPanel(self.panel, STATIC_TEXT))
        self._handles["sources"] = display(_Html(parameter_html(self.settings)), display_id=True)


class _Html:
    """Static HTML with a plain-text fallback (the table's text for print-outs)."""

    def __init__(self, markup: str) -> None:
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        text = re.sub(r"<[^>]+>", " ", self.markup)
        return " ".join(html.unescape(text).split())
