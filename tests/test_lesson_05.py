"""Why this file is long: one lesson's checks, each short, grouped by what the lesson shows.

Lesson 05 without a browser: the simulator's callbacks (valid specs, timing printed), the
stored default output against the model, the computed keys against what the tools show, the
timeline picker, the figures the prose states, the exercise rules, and the points the
reviews of 1 December 2026 fixed (attribution, no biased pool, nothing given away).
"""

from __future__ import annotations

import json
import statistics
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v5.schema import load_schema
from hypothesis import given
from hypothesis import strategies as st
from lesson_rules import (
    chart_item_problems,
    duplicate_problems,
    feedback_problems,
    hint_problems,
    markdown,
    recall_share,
    written_problems,
)

from helpers import charts, data
from helpers.analysis import accession as an
from helpers.charts import VEGALITE_MIME
from helpers.charts import accession as ac
from helpers.charts import ratification as rc
from helpers.exercises import computed
from helpers.exercises.bank import bank_for, build_exercise
from helpers.exercises.computed_05 import SIM_QUESTION
from helpers.interactive import ratification as ix
from helpers.models import ratification as rm
from helpers.models import ratification_settings as rs

ROOT = Path(__file__).resolve().parents[1]
STEM = "05-membership-and-the-waiting-room"
LESSON = ROOT / "notebooks" / f"{STEM}.ipynb"
CHART_ITEMS = ["05.timeline-gap", "05.sim-holdouts"]
SCHEMA = load_schema()


@pytest.fixture(scope="module", autouse=True)
def _theme() -> None:
    charts.configure_altair()


class FakeHandle:
    """Records what a callback sends to a display handle."""

    def __init__(self) -> None:
        self.updates: list[tuple[Any, dict[str, Any]]] = []

    def update(self, obj: Any, **kwargs: Any) -> None:
        self.updates.append((obj, kwargs))


def _wired() -> tuple[ix.Explorer, dict[str, FakeHandle]]:
    explorer = ix.Explorer()
    handles = {"chart": FakeHandle(), "table": FakeHandle(), "summary": FakeHandle()}
    explorer._handles = handles
    return explorer, handles


def _spec(handle: FakeHandle) -> dict[str, Any]:
    obj, kwargs = handle.updates[-1]
    assert kwargs.get("raw") is True, "the chart is updated with a raw, unvalidated bundle"
    assert obj["text/plain"].startswith("Chart: ")
    return obj[VEGALITE_MIME]


def _cells() -> list[dict[str, Any]]:
    return json.loads(LESSON.read_text(encoding="utf-8"))["cells"]


def _explorer_outputs() -> list[dict[str, Any]]:
    cell = next(c for c in _cells() if "simulator.explore()" in "".join(c["source"]))
    return cell["outputs"]


# ------------------------------------------------------------------ callbacks and timing

CHANGES: list[tuple[str, Any]] = [
    ("holdout-hungary", True),
    ("holdout-turkiye", True),
    ("other", "Greece"),
    ("slowest", 2),
    ("extra", 1.5),
    ("over", 2.5),
    ("pool", "nordic"),
    ("pool", "all"),
    ("extra", 0.0),
    ("over", 1.0),
]


DEFAULTS: dict[str, Any] = {
    "holdout-hungary": False,
    "holdout-turkiye": False,
    "other": ix.NO_ALLY,
    "slowest": 4,
    "extra": 0.0,
    "over": 1.0,
    "pool": "all",
}


def test_each_control_updates_chart_table_and_summary_with_a_valid_spec(capsys) -> None:
    explorer, handles = _wired()
    times_ms: list[float] = []
    previous = ix.chart_spec(rs.run(rs.Settings()), rs.Settings())
    for name, value in CHANGES:
        start = time.perf_counter()
        explorer.controls[name].value = value
        times_ms.append(1000 * (time.perf_counter() - start))
        spec = _spec(handles["chart"])
        validate_jsonschema(spec, SCHEMA)
        assert spec != previous, f"changing {name} did not change the chart"
        previous = spec
        assert spec == explorer.last_spec
        assert spec["description"] == ix.sentence(rs.run(explorer.settings), explorer.settings)
        assert "course-table-toggle" in handles["table"].updates[-1][0]._repr_html_()
        assert "Median:" in handles["summary"].updates[-1][0]._repr_html_()
    assert len(handles["chart"].updates) == len(CHANGES)
    # Measured, not asserted (shared CI machines): the brief's budget is 30 ms at p95.
    for _ in range(3):
        for name, value in [*DEFAULTS.items(), *CHANGES]:
            control = explorer.controls[name]
            if control.value == value:
                continue  # no change, no callback: not a sample
            start = time.perf_counter()
            control.value = value
            times_ms.append(1000 * (time.perf_counter() - start))
    p95 = float(np.percentile(times_ms, 95))
    with capsys.disabled():
        print(
            f"\n[lesson 05] simulator callback over {len(times_ms)} changes: "
            f"min {min(times_ms):.1f} ms, median {statistics.median(times_ms):.1f} ms, "
            f"p95 {p95:.1f} ms "
            f"({rs.RUNS:,} runs; budget 30 ms at p95)"
        )


def test_the_explorer_reads_its_settings_from_the_controls() -> None:
    explorer, _ = _wired()
    explorer.controls["holdout-hungary"].value = True
    explorer.controls["other"].value = "Slovakia"
    explorer.controls["extra"].value = 0.75
    assert explorer.settings == rs.Settings(
        holdouts=("Hungary", "Slovakia"), extra_years=0.75, slowest=4, over_years=1.0
    )
    explorer.controls["other"].value = ix.NO_ALLY
    assert explorer.settings.holdouts == ("Hungary",)


@given(
    holdouts=st.lists(st.sampled_from(rm.current_allies()), max_size=3, unique=True),
    slowest=st.integers(1, 12),
    extra=st.sampled_from([0.0, 0.25, 1.0, 5.0]),
    over=st.sampled_from([0.5, 1.0, 2.0, 5.0]),
    pool=st.sampled_from(sorted(rs.POOLS)),
)
def test_any_settings_give_a_valid_spec_and_holdouts_never_shorten_a_run(
    holdouts: list[str], slowest: int, extra: float, over: float, pool: str
) -> None:
    settings = rs.Settings(tuple(holdouts), slowest, extra, over, pool)
    result = rs.run(settings)
    spec = ix.chart_spec(result, settings)
    validate_jsonschema(spec, SCHEMA)
    bars = spec["datasets"]["runs"]
    assert sum(row["runs"] for row in bars) == rs.RUNS
    over_runs = sum(row["runs"] for row in bars if row["band"].startswith("over"))
    assert over_runs == round(result.share_over(over) * rs.RUNS)
    baseline = rs.run(rs.Settings(pool=pool, over_years=over))
    assert np.all(result.total_days >= baseline.total_days)


def test_labels_are_grammatical_and_the_median_has_two_decimals() -> None:
    settings = rs.Settings(over_years=1.0)
    spec = ix.chart_spec(rs.run(settings), settings)
    bars = spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert bars == ["1 year or less", "over 1 year"]
    assert spec["datasets"]["median"][0]["label"].startswith("median 1.5")
    assert "1 years" not in spec["description"]


# ------------------------------------------------------------------ the stored outputs


def test_the_stored_default_chart_is_the_models_default() -> None:
    stored = next(o["data"] for o in _explorer_outputs() if VEGALITE_MIME in o.get("data", {}))
    fresh = ix.chart_spec(rs.run(rs.Settings()), rs.Settings())
    assert stored[VEGALITE_MIME] == json.loads(json.dumps(fresh))
    validate_jsonschema(stored[VEGALITE_MIME], SCHEMA)


def test_assumptions_are_labelled_and_caveats_are_on_screen() -> None:
    explorer = ix.Explorer()
    for name in ("other", "slowest", "extra"):
        assert "(assumption)" in explorer.controls[name].description, name
    heading = explorer.box.children[0].value
    assert "Assumptions you can change" in heading and f"{rs.RUNS:,} runs" in heading
    texts = " ".join(
        "".join(o["data"].get("text/plain", "")) + "".join(o["data"].get("text/html", ""))
        for o in _explorer_outputs()
        if "data" in o
    )
    for caveat in rm.CAVEATS:
        assert caveat.title in texts, caveat.title
    assert "assumption" in texts and "seed" in texts


# ------------------------------------------------------------------ keys vs the tools


def test_the_simulator_key_is_what_the_summary_shows_for_the_questions_settings() -> None:
    explorer, handles = _wired()
    explorer.controls["holdout-hungary"].value = True
    explorer.controls["holdout-turkiye"].value = True
    explorer.controls["slowest"].value = SIM_QUESTION["slowest"]
    explorer.controls["extra"].value = SIM_QUESTION["extra_years"]
    explorer.controls["over"].value = SIM_QUESTION["over_years"]
    key = computed.key("l05_sim_share_over_two_years_pct")
    summary = handles["summary"].updates[-1][0]._repr_html_()
    assert f"over 2 years:</b> {key}%" in summary
    item = build_exercise(bank_for("05.sim-holdouts").entry("05.sim-holdouts"))
    assert item.check(str(key)).correct is True
    assert item.check(str(key + 5)).correct is False


def test_the_timeline_key_is_the_gap_between_the_last_circles_in_the_chart() -> None:
    steps = rc.timeline_table(data.ratifications())
    last = {}
    for candidate in ("Finland", "Sweden"):
        rows = ac.picked_rows(steps, candidate)
        rows = rows[rows["step"] == "parliament_approved"]
        last[candidate] = date.fromisoformat(rows["date"].max())
    gap = (last["Sweden"] - last["Finland"]).days
    assert computed.key("l05_last_approval_gap_days") == gap
    accession_gap = computed.value("l05_accession_gap_days")
    assert accession_gap != gap, "the common slip must differ from the key"
    item = build_exercise(bank_for("05.timeline-gap").entry("05.timeline-gap"))
    assert item.check(str(gap)).correct is True
    assert item.check(str(accession_gap)).correct is False


def test_the_timeline_picker_is_a_named_parameter_that_filters_by_candidate() -> None:
    steps = rc.timeline_table(data.ratifications())
    spec = ac.timeline_with_picker(steps).to_dict()
    assert [p["name"] for p in spec["params"]] == [ac.CANDIDATE_PARAM]
    assert spec["params"][0]["bind"]["options"] == list(ac.PICKS)
    assert ac.CANDIDATE_PARAM in spec["transform"][0]["filter"]
    assert len(ac.picked_rows(steps, ac.BOTH)) == len(steps)
    finland = ac.picked_rows(steps, "Finland")
    assert set(finland["candidate"]) == {"Finland"} and 0 < len(finland) < len(steps)
    with pytest.raises(ValueError):
        ac.picked_rows(steps, "Ukraine")


def test_the_code_corner_expression_in_the_lesson_gives_the_key() -> None:
    delays = rm.past_delays()
    expected = computed.key("l05_share_past_delays_over_a_year")
    assert (delays["delay_days"] > 365.25).mean() == pytest.approx(expected)
    # The 'then think' step: the chance at least one of 32 draws exceeds a year is close
    # to the simulator's default share over one year.
    p = 1 - (1 - expected) ** len(rm.current_allies())
    share = rs.stats(rs.run(rs.Settings()), rs.Settings()).share_over
    assert abs(p - share) < 0.03


# ------------------------------------------------------------------ the prose's claims


def test_figures_stated_in_the_prose() -> None:
    """Section 2: 30 capitals, 28 approvals of both protocols by end of September 2022, and
    the waits of 273 and 611 days (derived facts, recomputed here by another route)."""
    facts = an.DERIVED_FACTS
    ratifications = data.ratifications()
    end_sept = date(2022, 9, 30)
    for candidate in ("Finland", "Sweden"):
        assert (
            an.approvals_by(ratifications, candidate, end_sept)
            == facts["l05_allies_approved_by_oct_2022"]()
        )
    signed = rm.protocol_signatures()["Finland"].signed_on
    assert signed == an.protocols_signed_2022(data.timeline())
    assert facts["l05_finland_days_to_join"]() == (date(2023, 4, 4) - signed).days
    assert facts["l05_sweden_days_to_join"]() == (date(2024, 3, 7) - signed).days
    assert facts["l05_allies_ratifying_2022"]() == 30
    assert an.last_approval(ratifications, "Finland")[0] == "Türkiye"
    assert an.last_approval(ratifications, "Sweden")[0] == "Hungary"
    agreements = an.bilateral_agreements(data.security_agreements())
    assert facts["l05_bilateral_agreements_in_table"]() == len(agreements)
    assert str(agreements["signed_on"].max())[:10] == "2024-06-13"


def test_rounds_table_puts_the_four_rounds_in_order() -> None:
    signatures = {c: s.signed_on for c, s in rm.protocol_signatures().items()}
    table = an.rounds_table(data.members(), data.ratifications(), signatures)
    assert table["candidate"].tolist() == ["Montenegro", "North Macedonia", "Finland", "Sweden"]
    assert (table["days"] > 0).all()
    assert table.loc[table["candidate"] == "Sweden", "days"].item() == table["days"].max()


# ------------------------------------------------------------------ exercise rules


def test_core_items_are_at_most_a_third_recall() -> None:
    assert recall_share(STEM) <= 1 / 3


def test_two_items_need_the_chart_or_the_simulator() -> None:
    assert chart_item_problems(STEM, CHART_ITEMS) == []


def test_hints_feedback_and_written_items_follow_the_rules() -> None:
    assert hint_problems(STEM) == []
    assert feedback_problems(STEM) == []
    assert written_problems(STEM) == []
    assert duplicate_problems([STEM]) == []


def test_the_written_rubric_has_level_descriptors() -> None:
    entry = bank_for("05.written-invite").entry("05.written-invite")
    item = build_exercise(entry)
    assert len(item.rubric) >= 3
    for criterion in item.rubric:
        for level in ("Strong:", "Adequate:", "Weak:"):
            assert level in criterion, (level, criterion[:40])


# ------------------------------------------------------------------ the reviews' fixes


def test_the_no_extra_item_is_true_of_the_model() -> None:
    """05.sim-no-extra's key: without the assumed half-year no run passes two years,
    because no past delay reached two years."""
    assert computed.value("l05_sim_share_no_extra_pct") == 0
    assert computed.key("l05_sim_share_over_two_years_pct") > 50
    longest = computed.value("l05_longest_past_delay_days")
    assert longest == rm.past_delays()["delay_days"].max() < 2 * 365
    item = build_exercise(bank_for("05.sim-no-extra").entry("05.sim-no-extra"))
    assert item.check("a").correct is True
    assert item.check("b").correct is False
    holdouts = build_exercise(bank_for("05.sim-holdouts").entry("05.sim-holdouts"))
    assert "falls to" not in holdouts.explanation, "the next item's answer stays hidden"


def test_the_sim_limits_sort_matches_the_controls() -> None:
    """Items keyed 'control' name a control that exists; the others are what no control
    can change."""
    entry = bank_for("05.sim-limits").entry("05.sim-limits")
    item = build_exercise(entry)
    assert item.key["pool"] == item.key["slower"] == "control"
    assert len(rs.POOLS) >= 2  # the pool menu really offers a choice
    explorer = ix.Explorer()
    assert explorer.extra.max > 0  # the extra-years slider goes beyond the longest delay
    cannot = {k for k, v in item.key.items() if v != "control"}
    assert cannot == {"never", "war", "linkage", "invitation"}


def test_no_pool_shows_only_the_slowest_allies() -> None:
    """The Montenegro/North Macedonia data hold only the last ratifiers: no pool of them."""
    for label, candidates in rs.POOLS.values():
        if candidates is not None:
            assert set(candidates) <= {"Finland", "Sweden"}, label
    for name in ("Montenegro", "North Macedonia"):
        rows = data.ratifications()
        assert (rows["candidate"] == name).sum() <= 2, "if more allies are sourced, revisit"


def test_the_linkage_caveat_does_not_contradict_the_sort_item() -> None:
    text = {c.key: c.text for c in rm.CAVEATS}["independent_allies"]
    assert "except through the holdout setting" not in text
    assert "not one dependent on the other" in text
    assert "bootstrap" not in " ".join(c.text for c in rm.CAVEATS)


def test_most_often_last_names_no_ally_without_holdouts() -> None:
    plain = ix.summary_html(rs.run(rs.Settings()), rs.Settings())
    assert "no ally in particular" in plain
    held = rs.Settings(holdouts=("Hungary",))
    assert "Hungary (" in ix.summary_html(rs.run(held), held)


def test_the_caveat_box_folds_the_minor_caveats() -> None:
    markup = ix.caveats_html()
    main, _, more = markup.partition("<details")
    for caveat in rm.CAVEATS:
        where = more if caveat.key in ix.FOLDED_CAVEATS else main
        assert caveat.title.replace("'", "&#x27;") in where, caveat.key


def test_moller_is_not_credited_with_the_bluff_argument() -> None:
    """Fact-check #1-2: the bluff / Council-deadlock argument is the NATOization critics'
    (reported by Moller in an earlier section), not hers in 'All Eyes on Washington'."""
    text = markdown(STEM)
    summary = text.split("moller's argument, in brief:")[1].split("the course adds")[0]
    assert "bluff" not in summary and "north atlantic council" not in summary
    assert "critics of natoization" in text
    hot_war = build_exercise(bank_for("05.hot-war").entry("05.hot-war"))
    assert "bluff" not in hot_war.options[hot_war.key].lower()
    assert "concept" not in hot_war.question.lower()


def test_the_lesson_gives_moscow_and_the_allies_their_own_words() -> None:
    text = markdown(STEM)
    for needle in ("putin", "16 may 2022", "14 june 2024", "stoltenberg", "one-step process",
                   "munich security conference", "co-chair with andriy yermak"):  # fmt: skip
        assert needle in text, needle


def test_the_timeline_description_gives_months_not_the_days_asked_for() -> None:
    steps = rc.timeline_table(data.ratifications())
    sentence = ac.month_sentence(steps)
    assert "March 2023 (Türkiye last)" in sentence and "February 2024 (Hungary last)" in sentence
    assert "2023-03-30" not in sentence and "2024-02-26" not in sentence
    spec = ac.timeline_with_picker(steps).to_dict(validate=False)
    assert spec["description"] == sentence


def test_the_tables_beside_items_do_not_hold_their_answers() -> None:
    """The agreements table has no 'kind' column (05.assurance-sort); the rounds table
    names the last allies without dates (05.timeline-gap)."""
    shown = "".join("".join(c["source"]) for c in _cells() if c["cell_type"] == "code")
    assert "agreements_table(data.security_agreements(), kind=False)" in shown
    assert "kind" not in an.agreements_table(data.security_agreements(), kind=False)
    signatures = {c: s.signed_on for c, s in rm.protocol_signatures().items()}
    table = an.rounds_display(data.members(), data.ratifications(), signatures)
    assert list(table.columns) == list(an.ROUNDS_HEADERS.values())
    assert not table.astype(str).apply(lambda col: col.str.contains("2024-02-26")).any().any()
