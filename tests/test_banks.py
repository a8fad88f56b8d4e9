"""Exercise banks: they load, they are strict, and they reproduce the lessons' exercises."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import code_corner, data
from helpers.analysis import donors, membership, timeline
from helpers.exercises import bank, computed, set_mode
from helpers.exercises.bank import BankError, all_banks, build_exercise, parse_bank

ROOT = Path(__file__).resolve().parents[1]
BANKS = all_banks(ROOT / "banks")
ENTRIES = [e for b in BANKS for e in b.entries]
BEFORE = json.loads((ROOT / "tests/fixtures/exercises_before_banks.json").read_text("utf-8"))


def test_every_lesson_has_a_bank_named_after_it() -> None:
    lessons = {p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")}
    assert {b.lesson for b in BANKS} == lessons


@pytest.mark.parametrize("ex_id", sorted(BEFORE))
def test_migrated_exercises_are_identical_to_the_notebook_definitions(ex_id: str) -> None:
    """Same question, options, key, feedback…: saved answers keep restoring (same hash)."""
    item = next(e for e in ENTRIES if e.id == ex_id)
    ex = build_exercise(item)
    want = dict(BEFORE[ex_id])
    if item.type == "poll":
        want["level"] = None  # polls have no level since the banks (the hash is unchanged)
    got = ex.to_dict()
    got.pop("slips", None)  # feedback on known slips came later; it changes no hash
    assert {**got, "question_hash": ex.question_hash} == want


@pytest.mark.parametrize("item", ENTRIES, ids=lambda e: e.id)
def test_every_entry_builds_in_both_modes(item: bank.BankEntry) -> None:
    practice = build_exercise(item)
    if practice.graded:
        assert practice.key is not None, f"{item.id}: a graded exercise needs a key"
    try:
        set_mode("assessed")
        assessed = build_exercise(item, register=True)
    finally:
        set_mode(None)
    assert assessed.key is None and assessed.explanation == ""
    assert assessed.question_hash == practice.question_hash


def test_every_named_key_and_value_function_is_registered() -> None:
    named = {e.key_function for e in ENTRIES if e.key_function}
    named |= {c.key_function for b in BANKS for c in b.code}
    assert named <= set(computed.KEY_FUNCTIONS)
    values = {v for e in ENTRIES for v in e.fields.get("values", {}).values()}
    assert values <= set(computed.VALUE_FUNCTIONS)


def _code_namespace() -> dict[str, object]:
    """The variables the lessons' Code corners work on, built as the lessons build them."""
    from helpers.models import ratification

    return {
        "growth": membership.rounds(data.members()),
        "table": membership.allies_table(data.members()),
        "events": timeline.explorer_table(data.timeline()),
        "military_aid": data.military_aid(),
        "delays": ratification.past_delays(),
        "decisions": data.weapon_decisions(),
        "predictions": data.predictions(),
        "aid": donors,  # lesson 03 imports helpers.analysis.donors as aid
    }


def _lesson_code(lesson: str) -> str:
    path = ROOT / "notebooks" / f"{lesson}.ipynb"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


@pytest.mark.parametrize(
    ("lesson", "task"),
    [(b.lesson, c) for b in BANKS for c in b.code],
    ids=lambda x: getattr(x, "id", ""),
)
def test_code_corner_solutions_pass_their_own_self_check(lesson: str, task: bank.CodeTask) -> None:
    namespace = _code_namespace()
    used = {name for name in namespace if name in task.solution and name != "aid"}
    code = _lesson_code(lesson)
    for name in used:  # the lesson itself defines each variable the solution uses
        assert f"{name} = " in code, f"{lesson} does not define {name!r}"
    if re.search(r"\baid\.", task.solution):
        assert "from helpers.analysis import donors as aid" in code, f"{lesson} has no 'aid'"
    value = eval(task.solution, namespace)  # the bank's own solution text
    assert code_corner.check(task.id, value).status == "correct"
    assert code_corner.check(task.id, None).status == "not_attempted"
    assert code_corner.check(task.id, "a word").status == "invalid"


# --------------------------------------------------------------------------- strictness

GOOD = """
schema = 1
lesson = "05-test"

[[exercise]]
id = "05.q"
type = "multiple_choice"
level = "apply"
concept = [9]
question = "Which?"
key = "a"
explanation = "Because."

[exercise.options]
a = "One"
b = "Two"
"""


def _parse(text: str) -> bank.Bank:
    return parse_bank(text, Path("05-test.toml"))


def test_a_good_bank_parses() -> None:
    parsed = _parse(GOOD)
    assert [e.id for e in parsed.entries] == ["05.q"]
    assert parsed.entries[0].core is True


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (('level = "apply"', 'levle = "apply"'), ["05.q", "unknown field 'levle'"]),
        (('level = "apply"', "level = 1.10"), ["05.q", "'level'", "text in quotes"]),
        (('level = "apply"', 'level = "hard"'), ["05.q", "'level'"]),
        (('key = "a"', "key = no"), ["05-test.toml", "not valid TOML"]),
        (("concept = [9]", 'concept = ["9"]'), ["05.q", "'concept'"]),
        (("concept = [9]", "concept = [17]"), ["05.q", "'concept'"]),
        (('question = "Which?"', 'question = "Which?"\ncore = "yes"'), ["05.q", "'core'"]),
        (('id = "05.q"', 'id = "06.q"'), ["'id'", "lesson number"]),
        (('type = "multiple_choice"', 'type = "essay"'), ["05.q", "'type'"]),
        (('b = "Two"', "b = 2"), ["05.q", "options.b"]),
        (("schema = 1", "schema = 2"), ["'schema'"]),
        (('lesson = "05-test"', 'lesson = "05-other"'), ["'lesson'"]),
        (('key = "a"', 'key = "a"\nkey_function = "allies_count"'), ["05.q", "not both"]),
    ],
)
def test_bad_banks_are_rejected_with_file_id_and_field(
    change: tuple[str, str], words: list[str]
) -> None:
    old, new = change
    assert old in GOOD
    with pytest.raises(BankError) as info:
        _parse(GOOD.replace(old, new, 1))
    for word in words:
        assert word in str(info.value)


def test_a_duplicated_id_is_rejected() -> None:
    twice = GOOD + GOOD[GOOD.index("[[exercise]]") :]
    with pytest.raises(BankError, match="used twice"):
        _parse(twice)


def test_a_poll_may_not_carry_a_level() -> None:
    poll = GOOD.replace('type = "multiple_choice"', 'type = "poll"').replace('key = "a"\n', "")
    with pytest.raises(BankError, match="polls have no level"):
        _parse(poll)


def test_an_unregistered_key_function_is_named_when_building() -> None:
    text = GOOD.replace('key = "a"', 'key_function = "no_such_function"')
    item = _parse(text).entries[0]
    with pytest.raises(BankError, match="no_such_function"):
        build_exercise(item)


def test_an_unknown_placeholder_is_named_when_building() -> None:
    text = GOOD.replace('question = "Which?"', 'question = "Which of {n}?"')
    text += '\n[exercise.values]\nm = "allies_at_or_above_2pct_2024"\n'
    with pytest.raises(BankError, match=r"\{n\}"):
        build_exercise(_parse(text).entries[0])


FIELD_VALUES = st.one_of(
    st.text(max_size=12),
    st.integers(-5, 40),
    st.floats(allow_nan=True),
    st.booleans(),
    st.lists(st.one_of(st.text(max_size=5), st.integers(0, 20)), max_size=3),
    st.dictionaries(st.sampled_from(["a", "b", "c"]), st.text(max_size=5), max_size=3),
)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if value != value else ("inf" if value == float("inf") else repr(value))
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {json.dumps(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(value)


@given(
    field=st.sampled_from(
        [
            "id",
            "type",
            "level",
            "concept",
            "core",
            "key",
            "question",
            "hints",
            "points",
            "options",
            "explanation",
            "option_feedback",
            "max_attempts",
            "values",
            "zzz",
        ]
    ),
    value=FIELD_VALUES,
)
def test_any_field_value_loads_or_is_rejected_cleanly(field: str, value: object) -> None:
    """Whatever an author types, the loader answers with a bank or a BankError."""
    lines = [ln for ln in GOOD.splitlines() if not ln.startswith(f"{field} =")]
    at = lines.index("[exercise.options]") if field != "options" else len(lines)
    if field == "options":
        lines = lines[: lines.index("[exercise.options]")]
    lines.insert(at, f"{field} = {_toml_value(value)}")
    text = "\n".join(lines)
    try:
        parsed = _parse(text)
    except BankError:
        return
    try:
        build_exercise(parsed.entries[0])
    except BankError:
        return
