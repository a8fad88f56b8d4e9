"""Lesson 06 without a browser: the explorers' callbacks, the record, the Council table, the
computed keys against what the explorers show, and the lesson's claims about attribution
and hindsight."""

from __future__ import annotations

import json
import re
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v5.schema import load_schema

from helpers import data
from helpers.analysis import escalation as an
from helpers.charts import VEGALITE_MIME
from helpers.exercises import computed
from helpers.exercises.bank import bank_for
from helpers.interactive import escalation as ix
from helpers.models import crisis as cr
from helpers.models import incremental as inc

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "notebooks" / "06-escalation-ambiguity-salami.ipynb"
SCHEMA = load_schema()


class FakeHandle:
    """Records what a callback sends to a display handle."""

    def __init__(self) -> None:
        self.updates: list[tuple[Any, dict[str, Any]]] = []

    def update(self, obj: Any, **kwargs: Any) -> None:
        self.updates.append((obj, kwargs))


def _wire(explorer: ix._Explorer) -> tuple[list[FakeHandle], dict[str, Any]]:
    """The explorer as shown: fake handles, and its widgets by CSS class."""
    handles = [FakeHandle(), FakeHandle(), FakeHandle()]
    explorer._handles = handles
    box = explorer._controls().widget
    widgets = {}
    for w in box.children:
        for cls in w._dom_classes:
            if cls.startswith("course-control-"):
                widgets[cls.removeprefix("course-control-")] = w
    return handles, widgets


def _spec_of(handle: FakeHandle) -> dict[str, Any]:
    obj, kwargs = handle.updates[-1]
    assert kwargs.get("raw") is True
    return obj[VEGALITE_MIME]


def _marks(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [row for rows in spec["datasets"].values() for row in rows]


@pytest.mark.parametrize(
    ("make", "control", "value"),
    [
        (ix.CrisisExplorer, "stake_russia", 100.0),
        (ix.CrisisExplorer, "assumption-set", "sceptics"),
        (ix.StepsExplorer, "drift", 0.05),
        (ix.QuietExplorer, "p_no_red_line", 0.2),
    ],
)
def test_a_control_updates_chart_table_and_readout_with_a_valid_spec(make, control, value) -> None:
    explorer = make()
    before = ix.esc.spec(explorer._chart())
    handles, widgets = _wire(explorer)
    start = time.perf_counter()
    widgets[control].value = value
    elapsed_ms = 1000 * (time.perf_counter() - start)
    print(f"{make.__name__}.{control}: callback took {elapsed_ms:.1f} ms")  # measured, not asserted
    assert all(h.updates for h in handles), "chart, table and readout are all updated"
    spec = _spec_of(handles[0])
    validate_jsonschema(spec, SCHEMA)  # the unvalidated callback spec is a valid spec
    assert spec["description"] and _marks(spec) != _marks(before)
    readout = handles[2].updates[-1][0]
    assert "ASSUMPTION" in readout.text and "ASSUMPTION" in readout.html_text


def test_a_forbidden_combination_shows_a_message_not_a_traceback() -> None:
    explorer = ix.StepsExplorer()
    handles, widgets = _wire(explorer)
    widgets["high"].value = 0.0  # below the lowest place: not a valid prior
    assert "not allowed" in explorer._message.value
    assert not handles[0].updates
    assert explorer.state == ix.StepsState()  # the model kept the last valid state


def test_choosing_an_assumption_set_resets_the_sliders() -> None:
    explorer = ix.CrisisExplorer()
    _, widgets = _wire(explorer)
    widgets["stake_russia"].value = 150.0
    widgets["assumption-set"].value = "sceptics"
    assert widgets["stake_russia"].value == cr.SCEPTICS_VIEW.params.stake_russia
    assert explorer.params == cr.SCEPTICS_VIEW.params


def test_every_slider_is_labelled_as_an_assumption() -> None:
    for make in (ix.CrisisExplorer, ix.StepsExplorer, ix.QuietExplorer):
        _, widgets = _wire(make())
        sliders = [w for name, w in widgets.items() if name != "assumption-set"]
        assert sliders
        for w in sliders:
            assert w.description.endswith("(assumption)"), w.description


def test_readouts_list_every_parameter_with_its_assumption_note() -> None:
    text = ix.CrisisExplorer().readout().text
    for info in cr.PARAMETERS.values():
        assert info.label in text
    quiet = ix.QuietExplorer().readout().text
    for name in ("step", "p_no_red_line", "low", "high", "drift"):
        assert inc.PARAMETERS[name].label in quiet


# ---------------------------------------------------------------- keys follow the explorers


def _key(name: str, options: dict[str, str] | None = None) -> Any:
    return computed.KEY_FUNCTIONS[name]({"options": options or {}})


def test_crisis_key_is_what_the_explorer_shows_after_the_questions_change() -> None:
    explorer = ix.CrisisExplorer()
    explorer.set_values(stake_russia=100.0)
    key = _key("l06_crisis_threshold_stake100")
    assert f"risk level {key:.2f}" in explorer.readout().text
    # and it differs from the default threshold, so the student must move the slider
    assert f"risk level {key:.2f}" not in ix.CrisisExplorer().readout().text


def test_quiet_key_is_what_the_explorer_shows_at_a_sceptics_prior() -> None:
    explorer = ix.QuietExplorer()
    explorer.set_values(p_no_red_line=0.2)
    key = _key("l06_quiet_sceptic_posterior_pct")
    assert f"quietly: {key:.1f}%" in explorer.readout().text
    assert f"{key:.1f}" not in ix.QuietExplorer().readout().text


def test_zero_drift_key_matches_the_model_and_drift_makes_slicing_safer() -> None:
    entry = bank_for("06.drift").entry("06.drift")
    key = _key("l06_zero_drift_option", entry.fields["options"])
    assert "unchanged" in entry.fields["options"][key]
    sweep = inc.sweep_steps(inc.default_scenario())
    assert sweep.p_cross == pytest.approx(sweep.fell_swoop.p_cross)
    drifting = inc.compare(replace(inc.default_scenario(), drift=0.03))
    assert drifting.salami.p_cross < drifting.fell_swoop.p_cross


def test_council_table_matches_the_closed_forms() -> None:
    n = len(data.members())
    table = ix.council_table(n, block_chances=(0.02, 0.05), blocs=4)
    for row in table.itertuples():
        assert row.independent == pytest.approx((1 - row.block_chance) ** n, abs=1e-4)
        assert row.in_blocs == pytest.approx((1 - row.block_chance) ** 4, abs=1e-4)
    key = _key("l06_council_any_block_pct")
    assert key == pytest.approx(100 * (1 - 0.98**n), abs=0.05)
    with pytest.raises(ValueError, match="blocs"):
        ix.council_table(n, blocs=5)


# ---------------------------------------------------------------- the record


def test_record_counts_and_derived_facts_follow_the_data() -> None:
    decisions = data.weapon_decisions()
    steps = an.allied_steps(decisions)
    assert (steps["announced_on"] >= an.FULL_SCALE_WAR).all()
    assert set(steps["decision_type"].astype(str)) <= set(an.STEP_TYPES)
    counts = an.record_counts(decisions)
    assert counts.steps == len(steps)
    assert counts.with_warning == int(steps["russia_warning"].notna().sum())
    assert counts.with_warning + counts.without_warning == counts.steps
    shown = repr(ix.record_view(decisions))
    assert f"24 February 2022): {counts.steps};" in shown
    assert f"sources read: {counts.with_warning};" in shown
    assert _key("l06_steps_without_followed") == counts.steps - counts.followed_recorded


def test_record_table_keeps_every_row_and_says_where_nothing_was_found() -> None:
    decisions = data.weapon_decisions()
    table = an.record_table(decisions)
    assert len(table) == len(decisions)
    assert list(table["decision_id"]) == list(
        decisions.sort_values(["announced_on", "decision_id"])["decision_id"]
    )
    no_warning = decisions["russia_warning"].isna().sum()
    assert (table["warning"] == an.NO_WARNING).sum() == no_warning
    assert table["followed"].str.len().gt(0).all()
    view = ix.RecordView(table)
    assert view._repr_html_().count("<tr>") == len(table) + 1
    assert an.readable_date(decisions["announced_on"].iloc[0], "month").count(" ") == 1


def test_record_code_corner_solution_runs_on_the_lesson_variable() -> None:
    task_solution = bank_for("06.code-gaps").code_task("06.code-gaps").solution
    value = eval(task_solution, {"decisions": data.weapon_decisions()})  # the bank's text
    assert int(value) == _key("l06_steps_without_followed")


# ---------------------------------------------------------------- the lesson's text


def _markdown() -> str:
    nb = json.loads(LESSON.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def test_schelling_is_not_credited_with_coining_salami_tactics() -> None:
    text = _markdown()
    assert "did not coin" in text
    assert not re.search(r"Schelling (coined|called|named)", text)


def test_model_keys_are_stated_nowhere_in_the_lessons_markdown() -> None:
    text = re.sub(r"<!--.*?-->", "", _markdown(), flags=re.S)
    for name in ("l06_crisis_threshold_stake100", "l06_quiet_sceptic_posterior_pct"):
        key = _key(name)
        assert not re.search(rf"(?<![\d.]){re.escape(f'{key:g}')}(?![\d])", text), name


def test_the_written_item_guards_against_hindsight() -> None:
    item = bank_for("06.record").entry("06.record").fields
    rubric = " ".join(item["rubric"]).lower()
    answer = item["model_answer"].lower()
    for word in ("selection", "quiet-steps model", "deterrence", "thresholds"):
        assert word in rubric, word
    for word in ("quiet-steps model", "selected", "thresholds can move", "does not show"):
        assert word in answer, word
    assert len(item["model_answer"].split()) >= 80


def test_stored_outputs_show_each_explorer_with_its_assumptions() -> None:
    nb = json.loads(LESSON.read_text(encoding="utf-8"))
    shown = []
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if ".show()" not in src:
            continue
        outputs = cell["outputs"]
        kinds = [list(o.get("data", {})) for o in outputs]
        assert VEGALITE_MIME in kinds[0] and "image/png" in kinds[0], src
        readout = "".join(outputs[2]["data"]["text/plain"])
        assert "ASSUMPTION" in readout, src
        assert "run the lesson to use them" in "".join(outputs[3]["data"]["text/plain"])
        shown.append(src)
    assert len(shown) == 3
