"""Lesson 07 without a browser: the claims analysis and chart, the computed keys, the memo
logic (completeness, evidence check, Markdown) and the memo builder's callbacks."""

from __future__ import annotations

import base64
import csv
import re
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import charts, data
from helpers.analysis import predictions as claims
from helpers.exercises import answer_log, bank, computed, export
from helpers.exercises import memo as M

ROOT = Path(__file__).resolve().parents[1]
LESSON = "07-washington-and-the-verdict"
INDEX = M.build_index()

GOOD_ARGS = (
    "NATO now coordinates training and donations through a command in Wiesbaden, which "
    "gives aid a steadier footing than national offers made one at a time.",
    "The pledge is a minimum baseline for one year only, reviewed at the next summit, so "
    "allies still decide their support one budget year at a time.",
    "The summit again gave no invitation and no defence commitment, which fits the view "
    "that the allies lack a collective will to defend Ukraine.",
)
GOOD_REFS = (
    "timeline:2024-nsatu-wiesbaden, facts:nsatu_personnel",
    "facts:washington_pledge_min_baseline_eur_bn",
    "predictions:p23_no_collective_will; arguments:stoltenberg_institutional_framework",
)


def good_memo(**changes: object) -> M.Memo:
    fields: dict[str, object] = {
        "position": "The allies should build on the Washington decisions but set a date "
        "and conditions for the bridge to membership.",
        "arguments": GOOD_ARGS,
        "evidence": GOOD_REFS,
        "counter": "Stoltenberg argued that an institutional framework brings predictability "
        "and burden-sharing while consensus on membership is lacking; that is true for "
        "delivery but not for the question of defence.",
        "recommendation": "Agree a multi-year pledge with national shares at The Hague and "
        "publish the figures twice a year.",
    }
    fields.update(changes)
    return M.Memo.from_fields(**fields)  # type: ignore[arg-type]


def _csv_rows(name: str) -> list[dict[str, str]]:
    with (ROOT / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --------------------------------------------------------------------------- analysis, keys


def test_counts_agree_with_the_csv_read_independently() -> None:
    rows = _csv_rows("predictions")
    table = data.predictions()
    assert claims.count(table) == len(rows)
    for t in claims.CLAIM_TYPES:
        assert claims.count(table, claim_type=t) == sum(r["claim_type"] == t for r in rows)
    washington = [r for r in rows if r["article_section"] == "All Eyes on Washington"]
    expected = sum(r["verdict"] == "not testable" for r in washington)
    ex = bank.build_exercise(bank.entry("07.chart-washington"))
    assert ex.key == expected


def test_most_decidable_type_is_computed_from_shares_not_counts() -> None:
    rows = _csv_rows("predictions")
    shares = {}
    for t in claims.CLAIM_TYPES:
        of_type = [r for r in rows if r["claim_type"] == t]
        shares[t] = sum(r["verdict"] in claims.DECIDED for r in of_type) / len(of_type)
    best = max(shares, key=lambda t: shares[t])
    ex = bank.build_exercise(bank.entry("07.chart-type"))
    assert ex.options[ex.key].lower().startswith(best)


def test_classify_key_is_each_rows_claim_type() -> None:
    types = {r["prediction_id"]: r["claim_type"] for r in _csv_rows("predictions")}
    ex = bank.build_exercise(bank.entry("07.classify"))
    assert ex.key == {item: types[item] for item in ex.items}
    assert set(ex.key.values()) == set(claims.CLAIM_TYPES)  # every category is used


def test_unknown_items_in_the_classify_task_are_an_error() -> None:
    with pytest.raises(ValueError, match="not prediction ids"):
        computed.KEY_FUNCTIONS["l07_claim_types_of_items"]({"items": {"p99_nope": "x"}})


def test_decided_share_of_an_empty_selection_is_not_zero() -> None:
    empty = data.predictions().iloc[0:0]
    assert claims.decided_share_pct(empty) != claims.decided_share_pct(empty)  # nan


def test_code_corner_key() -> None:
    rows = _csv_rows("predictions")
    assert computed.key("l07_too_early_claims") == sum(r["verdict"] == "too early" for r in rows)


def test_the_chart_validates_and_has_a_named_section_menu() -> None:
    charts.configure_altair()
    table = data.predictions()
    sentence = claims.chart_sentence(table)
    from helpers.charts import predictions as claim_charts

    spec = claim_charts.verdict_chart(claims.claims_table(table), sentence).to_dict()
    assert spec["description"] == sentence
    (param,) = spec["params"]
    assert param["name"] == "section" and param["bind"]["input"] == "select"
    assert param["bind"]["options"][0] == claims.ALL_SECTIONS
    assert set(param["bind"]["options"][1:]) == set(claims.SECTIONS)
    assert f"{len(table)} claims" in sentence and "11 July 2024" in sentence


# --------------------------------------------------------------------------- memo logic


def test_an_empty_memo_is_incomplete() -> None:
    result = M.check(M.Memo(), INDEX)
    assert not result.complete
    assert "empty" in result.message and "not saved" in result.message


def test_a_memo_without_evidence_is_incomplete_and_says_so_for_each_argument() -> None:
    result = M.check(good_memo(evidence=("", "", "")), INDEX)
    assert not result.complete
    for i in (1, 2, 3):
        assert f"Argument {i}: cite at least one row" in result.message


def test_an_unknown_row_id_is_named_in_the_message() -> None:
    refs = ("timeline:2099-no-such-event", "nosuchtable:x", "justtext")
    result = M.check(good_memo(evidence=refs), INDEX)
    assert not result.complete
    assert "'timeline:2099-no-such-event'" in result.message
    assert "data/timeline.csv" in result.message
    assert "no table 'nosuchtable'" in result.message
    assert "'justtext' is not a reference" in result.message
    assert result.unknown == refs


def test_one_bad_reference_beside_a_good_one_still_blocks_saving() -> None:
    refs = ("facts:nsatu_personnel, facts:no_such_fact", GOOD_REFS[1], GOOD_REFS[2])
    result = M.check(good_memo(evidence=refs), INDEX)
    assert not result.complete and result.unknown == ("facts:no_such_fact",)


def test_short_parts_and_repeated_arguments_are_reported() -> None:
    memo = good_memo(position="Yes.", arguments=(GOOD_ARGS[0], GOOD_ARGS[0], GOOD_ARGS[2]))
    text = M.check(memo, INDEX).message
    assert "Position: write at least 10 words (you have 1)" in text
    assert "Argument 2: it repeats argument 1" in text


def test_a_complete_memo_renders_every_section_and_its_citations() -> None:
    memo = good_memo()
    result = M.check(memo, INDEX)
    assert result.complete, result.message
    md = M.render_markdown(memo, INDEX)
    for heading in (
        "# " + M.TITLE,
        "## Position",
        "## Argument 1",
        "## Argument 2",
        "## Argument 3",
        "## Strongest counter-argument",
        "## Recommendation",
        "## Sources cited",
    ):
        assert re.search(rf"(?m)^{re.escape(heading)}$", md), heading
    assert "Draft" not in md
    timeline = {r["event_id"]: r for r in _csv_rows("timeline")}
    for ref in result.cited:
        assert f"`{ref}`" in md
    jatec_free = timeline["2024-nsatu-wiesbaden"]
    assert f"- `timeline:2024-nsatu-wiesbaden`: {jatec_free['title']}" in md
    assert jatec_free["source_title"] in md
    assert M.render_markdown(memo, INDEX) == md  # deterministic: no dates, no names


def test_an_incomplete_memo_is_marked_as_a_draft() -> None:
    assert "Draft: incomplete" in M.render_markdown(good_memo(evidence=()), INDEX)


def test_composite_keys_and_every_table_are_citable() -> None:
    assert INDEX.lookup("defence_spending:POL/2024") is not None
    assert INDEX.problem("ratifications:Sweden/Hungary/parliament_approved") is None
    names = {r["name"] for r in data.package()["resources"] if r.get("format") == "csv"}
    assert set(INDEX.tables) == names
    assert len(INDEX.refs("timeline")) == len(_csv_rows("timeline"))


def test_refs_are_parsed_leniently() -> None:
    assert M.parse_refs(" Timeline:A,  facts:b;facts:b `x:y` ") == (
        "timeline:A",
        "facts:b",
        "x:y",
    )


def test_the_markdown_reads_back_into_the_same_memo() -> None:
    memo = good_memo(position="# not a heading\n**Evidence:** not evidence\n\\ backslash")
    assert M.parse_markdown(M.render_markdown(memo, INDEX)) == memo.normalized()


def test_free_text_becomes_the_position() -> None:
    assert M.parse_markdown("  I think they should.\n") == M.Memo(position="I think they should.")


def test_the_download_link_holds_the_markdown() -> None:
    md = M.render_markdown(good_memo(), INDEX)
    link = M.download_link_html(md)
    payload = re.search(r"base64,([A-Za-z0-9+/=]+)", link).group(1)
    assert base64.b64decode(payload).decode("utf-8") == md
    assert 'download="memo-07-washington.md"' in link


text = st.text(max_size=200)
memos = st.builds(
    M.Memo.from_fields,
    position=text,
    arguments=st.lists(text, max_size=4),
    evidence=st.lists(text, max_size=4),
    counter=text,
    recommendation=text,
)


@given(memos)
def test_any_text_is_checked_rendered_and_read_back_without_error(memo: M.Memo) -> None:
    result = M.check(memo, INDEX)
    assert isinstance(result.message, str) and result.message
    md = M.render_markdown(memo, INDEX)
    assert M.parse_markdown(md) == memo.normalized()
    if memo.is_empty:
        assert not result.complete


@given(st.text(max_size=400))
def test_parsing_arbitrary_text_never_raises(raw: str) -> None:
    memo = M.parse_markdown(raw)
    assert len(memo.arguments) == M.N_ARGUMENTS
    M.check(memo, INDEX)
    M.parse_refs(raw)


@given(st.one_of(st.none(), st.integers(), st.lists(st.text(max_size=5))))
def test_non_text_input_is_treated_as_empty(value: object) -> None:
    memo = M.Memo.from_fields(value, [value], [value], value, value)
    assert not M.check(memo, INDEX).complete


# --------------------------------------------------------------------------- the builder


@pytest.fixture()
def answers(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_ANSWERS_DIR", str(tmp_path))
    answer_log.reset_cache()
    from helpers import context

    context.set_notebook(LESSON)
    yield tmp_path
    answer_log.reset_cache()


def _fill(builder, memo: M.Memo) -> None:
    builder.position.value = memo.position
    for area, ev, arg in zip(builder.arguments, builder.evidence, memo.arguments, strict=True):
        area.value = arg.text
        ev.value = ", ".join(arg.evidence)
    builder.counter.value = memo.counter
    builder.recommendation.value = memo.recommendation


def _memo_events(folder: Path) -> list[dict]:
    return [
        e for e in answer_log.read_events(folder / "lesson-07.jsonl") if e["exercise"] == "07.memo"
    ]


def test_builder_saves_only_a_complete_memo_and_restores_it(answers: Path) -> None:
    from helpers.interactive.memo import MemoBuilder

    builder = MemoBuilder(index=INDEX)
    result = builder.on_save()  # empty
    assert not result.complete and _memo_events(answers) == []
    assert "not saved" in builder.status.value
    _fill(builder, good_memo(evidence=("timeline:2099-nope", GOOD_REFS[1], GOOD_REFS[2])))
    assert not builder.on_save().complete
    assert "timeline:2099-nope" in builder.status.value and _memo_events(answers) == []
    _fill(builder, good_memo())
    start = time.perf_counter()
    assert builder.on_save().complete
    ms = 1000 * (time.perf_counter() - start)
    print(f"\nmemo builder: check + render + save took {ms:.1f} ms")
    (event,) = _memo_events(answers)
    assert event["event"] == "submit"
    assert event["answer"] == M.render_markdown(good_memo(), INDEX)
    assert "course-memo-download-link" in builder.link.value
    assert "Saved" in builder.status.value
    # A re-run (a new builder on the same log) fills the fields in again.
    again = MemoBuilder(index=INDEX)
    assert again.memo() == good_memo().normalized()
    assert "restored" in again.status.value
    # The memo is part of the answers download.
    doc = export.build_export(LESSON)
    assert [a["exercise"] for a in doc["answers"]] == ["07.memo"]


def test_add_button_appends_the_chosen_row(answers: Path) -> None:
    from helpers.interactive.memo import MemoBuilder

    builder = MemoBuilder(index=INDEX)
    builder.evidence[1].value = "facts:nsatu_personnel"
    builder.finders[1].value = "timeline:2024-washington-jatec"
    builder.add_evidence(1)
    builder.finders[1].value = "facts:nsatu_personnel"
    builder.add_evidence(1)
    assert builder.evidence[1].value == "facts:nsatu_personnel, timeline:2024-washington-jatec"
    assert builder.finders[1].value == ""
    assert "timeline:2024-washington-jatec" in builder.finders[0].options


def test_builder_panel_has_a_static_text(answers: Path) -> None:
    from helpers.interactive.memo import memo_builder

    bundle = memo_builder()._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Policy-memo builder for 07.memo")
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_derived_facts_of_the_lesson() -> None:
    from helpers.derived import fact_value

    rows = _csv_rows("predictions")
    assert fact_value("l07_claims_total") == len(rows)
    assert fact_value("l07_forecasts") == sum(r["claim_type"] == "forecast" for r in rows)
