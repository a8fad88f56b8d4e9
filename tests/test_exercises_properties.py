"""Property tests: nothing a student types or clicks makes a checker raise.

About 12,000 generated inputs across all checkers (derandomized, so runs are repeatable).
The tests call ``_check`` (without the last-resort ``try`` of ``check``) so a bug cannot hide.
"""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.exercises import (
    CheckResult,
    MultipleChoice,
    MultipleSelect,
    Numeric,
    Order,
    Poll,
    Sort,
    TrueFalse,
    WrittenAnswer,
    clear_registry,
    set_mode,
)
from helpers.exercises.parsing import parse_number

EXAMPLES = 1300
SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
STATUSES = {"correct", "partial", "incorrect", "invalid", "recorded", "saved", "too_short"}

set_mode(None)
clear_registry()
EXERCISES = {
    "mc": MultipleChoice(
        id="00.h1",
        question="?",
        options={"a": "A", "b": "B", "c": "C"},
        key="b",
        option_feedback={"a": "fa"},
        register=False,
    ),
    "tf": TrueFalse(id="00.h2", question="?", key=True, register=False),
    "ms": MultipleSelect(
        id="00.h3",
        question="?",
        options={"a": "A", "b": "B", "c": "C"},
        key=["a", "c"],
        register=False,
    ),
    "num": Numeric(
        id="00.h4", question="?", key=40, tolerance=0.5, unit="€ billion", register=False
    ),
    "order": Order(
        id="00.h5",
        question="?",
        items={"x": "X", "y": "Y", "z": "Z"},
        key=["z", "x", "y"],
        register=False,
    ),
    "sort": Sort(
        id="00.h6",
        question="?",
        items={"i": "I", "j": "J", "k": "K"},
        categories={"p": "P", "q": "Q"},
        key={"i": "p", "j": "q", "k": "p"},
        register=False,
    ),
    "written": WrittenAnswer(id="00.h7", question="?", min_words=5, register=False),
    "poll": Poll(id="00.h8", question="?", options={"y": "Y", "n": "N"}, register=False),
}
NO_KEY = Numeric(id="00.h9", question="?", unit="allies", register=False)

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.sampled_from(
        [
            "a",
            "b",
            "c",
            "x",
            "y",
            "z",
            "i",
            "p",
            "q",
            "true",
            "false",
            "1",
            "2",
            "3",
            "",
            " ",
            "\u00a0",
            "NaN",
            "inf",
            "-0",
            "1e309",
            "€40bn",
            "1,5",
            "1 000",
            "٣٢",
            "𝟑𝟐",
        ]
    )
    | st.sampled_from([1, 2, 3, 0, -1, 10**30, float("nan"), float("inf"), -0.0])
)
json_like = st.recursive(
    scalars,
    lambda c: (
        st.lists(c, max_size=6)
        | st.dictionaries(
            st.text(max_size=3) | st.sampled_from(["x", "y", "z", "i", "j", "k", "a"]),
            c,
            max_size=6,
        )
    ),
    max_leaves=12,
)
odd_objects = st.sampled_from(
    [
        object(),
        b"b",
        bytearray(b"a"),
        {"a"},
        frozenset("ac"),
        1j,
        (x for x in "ac"),
        range(3),
        ("a", "c"),
        Ellipsis,
        type,
    ]
)
ids = st.sampled_from(["a", "b", "c", "x", "y", "z", "i", "j", "k"])
positions = st.sampled_from([1, 2, 3, 0, 4, -1, "1", "2", " 3", None, 1.0, True])
cats = st.sampled_from(["p", "q", "r", None, "", 1])
structured = (
    st.lists(ids, max_size=5)
    | st.dictionaries(ids, positions, max_size=4)
    | st.dictionaries(ids, cats, max_size=4)
    | st.fixed_dictionaries({"x": positions, "y": positions, "z": positions})
    | st.fixed_dictionaries({"i": cats, "j": cats, "k": cats})
)
typed_numbers = st.text(
    alphabet=st.sampled_from(list("0123456789 ,.-+eE€$£%kmbnilo−~≈\u00a0\u202f'_/")), max_size=24
)
raw_answers = json_like | odd_objects | structured | typed_numbers | st.text(max_size=200)


def assert_sound(ex, raw) -> None:
    res = ex._check(raw)
    assert isinstance(res, CheckResult)
    assert isinstance(res.message, str) and res.message.strip()
    assert res.status in STATUSES
    assert res.correct in (True, False, None)
    assert 0.0 <= res.score <= 1.0 and not math.isnan(res.score)
    if res.status == "invalid":
        assert res.answer is None and res.correct is None
        return
    # What gets logged is JSON and re-grades to the same result (never trust a stored flag).
    stored = json.loads(json.dumps(res.answer, allow_nan=False))
    again = ex._check(stored)
    assert (again.correct, again.score, again.status) == (res.correct, res.score, res.status)


@pytest.mark.parametrize("name", sorted(EXERCISES))
@SETTINGS
@given(raw=raw_answers)
def test_checkers_never_raise(name, raw):
    assert_sound(EXERCISES[name], raw)


@SETTINGS
@given(raw=typed_numbers | json_like | st.text())
def test_numeric_without_key_never_raises(raw):
    assert_sound(NO_KEY, raw)


@settings(max_examples=2000, derandomize=True, deadline=None, database=None)
@given(
    raw=typed_numbers | st.text() | scalars,
    unit=st.sampled_from(["", "€ billion", "%", "allies", "million"]),
)
def test_parse_number_total(raw, unit):
    parsed = parse_number(raw, unit)
    if parsed.ok:
        assert math.isfinite(parsed.value)
    else:
        assert parsed.value is None and parsed.error


@settings(max_examples=500, derandomize=True, deadline=None, database=None)
@given(value=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_plain_numbers_read_back(value):
    parsed = parse_number(repr(value))
    assert parsed.ok and math.isclose(parsed.value, value, rel_tol=1e-12, abs_tol=1e-12)
