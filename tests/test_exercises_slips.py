"""Numeric slips: a known wrong answer gets its own feedback, in the banks and in the engine."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.exercises.bank import BankError, all_banks, build_exercise, parse_bank
from helpers.exercises.model import ExerciseDefinitionError, Numeric
from helpers.exercises.parsing import format_number

ROOT = Path(__file__).resolve().parents[1]
WITH_SLIPS = [e for b in all_banks(ROOT / "banks") for e in b.entries if e.fields.get("slips")]
ALL_AGREE = "That is the chance that every ally agrees."


def numeric(key: float, tolerance: float, slips: list[dict[str, object]], **more: str) -> Numeric:
    """An unregistered test item with these slips."""
    return Numeric(
        id="00.q", question="?", key=key, tolerance=tolerance, slips=slips, register=False, **more
    )


def council() -> Numeric:
    return numeric(47.6, 0.2, [{"value": 52.4, "feedback": ALL_AGREE}], unit="%")


def test_a_slip_gets_its_feedback_and_other_wrong_answers_do_not() -> None:
    ex = council()
    slip = ex.check("52.3")
    assert slip.correct is False and ALL_AGREE in slip.message
    other = ex.check("30")
    assert other.correct is False and ALL_AGREE not in other.message
    assert ex.check("47.6").correct is True


def test_the_key_wins_where_a_slip_overlaps_it() -> None:
    ex = numeric(10, 1, [{"value": 10.5, "feedback": "That would be the other reading."}])
    result = ex.check("10.4")
    assert result.correct is True and "other reading" not in result.message


def test_where_two_slips_match_the_nearer_one_speaks() -> None:
    ex = numeric(
        50,
        2,
        [
            {"value": 100, "feedback": "That is the coalition bar."},
            {"value": 98, "feedback": "You changed one ally only."},
        ],
    )
    assert "one ally only" in ex.check("98.5").message
    assert "coalition bar" in ex.check("99.5").message


def test_assessed_copies_carry_no_slips_and_definitions_keep_them() -> None:
    ex = council()
    bare = ex.without_answers()
    assert bare.slips == () and ALL_AGREE not in bare.check("52.4").message
    again = Numeric.from_dict(ex.to_dict())
    assert again.slips == ex.slips


@pytest.mark.parametrize(
    ("slips", "words"),
    [
        ("52.4", "list of"),
        ([{"value": 52.4}], "exactly 'value' and 'feedback'"),
        ([{"value": True, "feedback": "x"}], "must be a number"),
        ([{"value": math.inf, "feedback": "x"}], "finite"),
        ([{"value": 1, "feedback": "  "}], "slips[0].feedback"),
        ([{"value": 1, "feedback": "x", "extra": 1}], "exactly"),
    ],
)
def test_bad_slips_are_named(slips: object, words: str) -> None:
    with pytest.raises(ExerciseDefinitionError, match=words.replace("[", r"\[")):
        Numeric(id="00.q", question="?", key=1, slips=slips, register=False)  # type: ignore[arg-type]  # bad on purpose


@given(st.one_of(st.text(max_size=20), st.floats(allow_nan=True), st.integers(), st.none()))
def test_checking_with_slips_never_raises(raw: object) -> None:
    result = council().check(raw)
    assert isinstance(result.message, str) and result.message


BANK = """\
schema = 1
lesson = "05-test"

[[exercise]]
id = "05.n"
type = "numeric"
level = "apply"
concept = [9]
question = "How many?"
key = 32

[exercise.values]
m = "allies_at_or_above_2pct_2024"

[[exercise.slips]]
value = VALUE
feedback = "FEEDBACK"
"""


@pytest.mark.parametrize(
    ("value", "feedback", "words"),
    [
        ('"nope"', "Counted twice.", ["05.n", "slips[0]", "'nope'"]),
        ("[1]", "Counted twice.", ["05.n", "slips[0]", "a number or a name"]),
        ("3", "", ["05.n", "slips[0]", "feedback"]),
    ],
)
def test_a_bank_with_a_bad_slip_is_rejected(value: str, feedback: str, words: list[str]) -> None:
    text = BANK.replace("VALUE", value).replace("FEEDBACK", feedback)
    with pytest.raises(BankError) as info:
        parse_bank(text, Path("05-test.toml"))
    for word in words:
        assert word in str(info.value)


def test_a_bank_slip_may_name_a_computed_value() -> None:
    text = BANK.replace("VALUE", '"m"').replace("FEEDBACK", "That counts the allies at 2%.")
    ex = build_exercise(parse_bank(text, Path("05-test.toml")).entries[0])
    ((value, feedback),) = ex.slips
    assert feedback == "That counts the allies at 2%."
    if not ex._within(value, 32):
        assert "allies at 2%" in ex.check(str(value)).message


def test_the_banks_have_slips() -> None:
    assert len(WITH_SLIPS) >= 5


@pytest.mark.parametrize("entry", WITH_SLIPS, ids=lambda e: e.id)
def test_each_bank_slip_answers_a_student_who_makes_it(entry) -> None:
    """Typing a slip's value (to one decimal, as a student would) shows that slip's feedback,
    which never states the answer."""
    ex = build_exercise(entry)
    assert ex.key is not None
    for value, feedback in ex.slips:
        assert format_number(float(ex.key)) not in feedback
        typed = format_number(round(value, 1))
        if ex.check(typed).correct:
            continue  # a data correction brought this slip within the key's tolerance
        result = ex.check(typed)
        assert result.correct is False and feedback in result.message, (typed, result.message)


def test_the_instructor_key_lists_each_slip_with_its_feedback() -> None:
    import html

    from helpers.classroom.render import lesson_key_html

    bank = next(b for b in all_banks(ROOT / "banks") if b.lesson.startswith("06"))
    page = html.unescape(lesson_key_html(bank))
    council = build_exercise(next(e for e in bank.entries if e.id == "06.council"))
    assert "Known slips" in page
    for value, feedback in council.slips:
        assert f"an answer of about {format_number(round(value, 2))}: {feedback}" in page
