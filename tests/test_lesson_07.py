"""Why this file is long: one lesson's checks, each short, grouped by what the lesson shows.

Lesson 07 without a browser: the claims analysis and chart, the computed keys, the memo
logic (completeness, evidence check, Markdown) and the memo builder's callbacks.
"""

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


def test_section_key_is_computed_from_shares_not_counts() -> None:
    rows = _csv_rows("predictions")
    shares = {}
    for section in claims.SECTIONS:
        of_section = [r for r in rows if r["article_section"] == section]
        shares[section] = sum(r["verdict"] == "too early" for r in of_section) / len(of_section)
    best = max(shares, key=lambda s: shares[s])
    assert sorted(shares.values()).count(shares[best]) == 1  # no tie: one right answer
    ex = bank.build_exercise(bank.entry("07.chart-section"))
    assert ex.options[ex.key] == best


def test_a_tie_between_sections_is_an_error_not_a_guess() -> None:
    import pandas as pd

    tied = pd.DataFrame(
        {
            "prediction_id": ["a", "b"],
            "article_section": ["Introduction", "A Slippery Slope?"],
            "claim_type": ["forecast", "forecast"],
            "verdict": ["too early", "too early"],
            "claim": ["x", "y"],
            "as_of": ["2024-07-11", "2024-07-11"],
        }
    )
    with pytest.raises(ValueError, match="tie"):
        claims.section_with_highest_share(tied, "too early")


def test_verdict_sort_key_is_each_rows_verdict() -> None:
    verdicts = {r["prediction_id"]: r["verdict"] for r in _csv_rows("predictions")}
    ex = bank.build_exercise(bank.entry("07.verdicts"))
    assert ex.key == {item: verdicts[item].replace(" ", "_") for item in ex.items}
    fields = {"items": {"p11_no_invitation": "x"}, "categories": {"too_early": "y"}}
    with pytest.raises(ValueError, match="no category"):
        computed.KEY_FUNCTIONS["l07_verdicts_of_items"](fields)


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


def test_the_chart_validates_and_has_section_and_voice_menus() -> None:
    charts.configure_altair()
    table = data.predictions()
    sentence = claims.chart_sentence(table)
    from helpers.charts import predictions as claim_charts

    spec = claim_charts.verdict_chart(claims.claims_table(table), sentence).to_dict()
    assert spec["description"] == sentence
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == {"section", "voice"}
    for name, everything, values in (
        ("section", claims.ALL_SECTIONS, claims.SECTIONS),
        ("voice", claims.ALL_VOICES, claims.VOICES),
    ):
        bind = params[name]["bind"]
        assert bind["input"] == "select" and bind["name"].strip()
        assert bind["options"][0] == everything and set(bind["options"][1:]) == set(values)
    assert f"{len(table)} claims" in sentence and "11 July 2024" in sentence


# --------------------------------------------------------------------------- the data


def test_reported_views_are_marked_and_attributed_to_a_camp() -> None:
    rows = _csv_rows("predictions")
    assert claims.voice("A plain claim.") == "Moller"
    assert claims.voice("(Reported view: supporters) x") == "supporters (as reported)"
    assert claims.voice("(Reported view: critics) x") == "critics (as reported)"
    assert claims.voice("(Reported view) x") == "critics (as reported)"
    for r in rows:
        if r["claim"].startswith("(Reported view"):
            assert re.match(r"\(Reported view: (critics|supporters)\)", r["claim"]), r
    voices = claims.claims_table(data.predictions())["voice"].value_counts()
    assert voices.get("supporters (as reported)", 0) >= 4  # both camps are judged
    assert voices.get("critics (as reported)", 0) >= 1


def test_verdicts_follow_the_lessons_definitions() -> None:
    """Events cannot decide a normative claim; 'mixed' and 'too early' carry their reasons."""
    for r in _csv_rows("predictions"):
        assert r["verdict"] in claims.VERDICTS and r["claim_type"] in claims.CLAIM_TYPES
        if r["claim_type"] == "normative":
            assert r["verdict"] == "not testable", r["prediction_id"]
        assert r["indicator"].strip() and r["evidence"].strip(), r["prediction_id"]
        weak = ("ukrainianworldcongress", "kenyan-post", "j-cast", "eir.news", "censor.net")
        assert not any(w in r["source_url"] + r["source_title"].lower() for w in weak), r


def test_the_table_shows_each_verdicts_reasons() -> None:
    table = claims.claims_table(data.predictions())
    assert {"voice", "indicator", "evidence"} <= set(table.columns)
    assert (table["evidence"].str.len() > 20).all()


def test_kiel_comparison_figures_are_sums_of_the_monthly_table() -> None:
    from helpers.derived import fact_value

    rows = _csv_rows("military_aid_monthly")
    in_2024 = [r for r in rows if r["year"] == "2024"]

    def total(group: str | None = None) -> float:
        return round(
            sum(float(r["military_eur_bn"]) for r in in_2024 if group in (None, r["donor_group"])),
            1,
        )

    assert fact_value("l07_kiel_military_2024_eur_bn") == total()
    assert fact_value("l07_kiel_military_2024_us_eur_bn") == total("United States")
    assert fact_value("l07_kiel_military_2024_europe_eur_bn") == total("European donors")


# --------------------------------------------------------------------------- exercise rules


def test_core_items_meet_the_course_rules() -> None:
    import lesson_rules as R
    from concept_map import coverage, exercises_in

    assert R.recall_share(LESSON) <= 1 / 3
    assert R.chart_item_problems(LESSON, ["07.chart-washington", "07.chart-section"]) == []
    assert R.hint_problems(LESSON) == [] and R.feedback_problems(LESSON) == []
    assert R.written_problems(LESSON) == [] and R.duplicate_problems([LESSON]) == []
    entries = [e for e in exercises_in(ROOT / "notebooks" / f"{LESSON}.ipynb") if e.core]
    above = coverage([e for e in entries if e.level not in (None, "recall")])
    assert all(any(above[c].values()) for c in (1, 6, 14, 16))
    written = [e for e in entries if e.kind == "WrittenAnswer"]
    assert any({1, 14} <= set(e.concepts) and e.level == "evaluate" for e in written)


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
    assert any(o.startswith("timeline:2024-washington-jatec") for o in builder.finders[0].options)


def test_search_box_shows_what_each_row_says_and_the_preview_names_problems(
    answers: Path,
) -> None:
    from helpers.interactive.memo import MemoBuilder

    builder = MemoBuilder(index=INDEX)
    label, _source = INDEX.lookup("facts:nsatu_personnel")
    choice = next(c for c in builder.finders[0].options if c.startswith("facts:nsatu_personnel"))
    assert choice.startswith("facts:nsatu_personnel" + M.CHOICE_SEP) and label[:20] in choice
    builder.finders[0].value = choice
    builder.add_evidence(0)
    assert builder.evidence[0].value == "facts:nsatu_personnel"
    assert label[:20] in builder.previews[0].value
    builder.evidence[0].value = "facts:nsatu_personnel, facts:no_such_fact"
    assert "no row 'no_such_fact'" in builder.previews[0].value.replace("&#x27;", "'")
    builder.evidence[0].value = ""
    assert builder.previews[0].value == ""
    assert M.ref_from_choice(None) == "" and M.ref_from_choice(" a:b — c ") == "a:b"


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
