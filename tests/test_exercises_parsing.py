"""Reading numbers the way students type them."""

from __future__ import annotations

import math

import pytest

from helpers.exercises.parsing import format_number, parse_number, unit_magnitude


@pytest.mark.parametrize(
    ("raw", "unit", "value"),
    [
        ("32", "", 32),
        (" 32 ", "", 32),
        ("1.5", "", 1.5),
        ("1,5", "", 1.5),
        ("0,25", "", 0.25),
        (",5", "", 0.5),
        ("1 000", "", 1000),
        ("1\u00a0000", "", 1000),
        ("1\u202f000,5", "", 1000.5),
        ("1,000", "", 1000),
        ("1,000,000", "", 1_000_000),
        ("1.000.000", "", 1_000_000),
        ("1.000,5", "", 1000.5),
        ("1,000.5", "", 1000.5),
        ("1'000", "", 1000),
        ("−5", "", -5),
        ("-5", "", -5),
        ("+5", "", 5),
        ("1e3", "", 1000),
        ("３２", "", 32),
        ("€40bn", "€ billion", 40),
        ("€ 40 bn", "€ billion", 40),
        ("40 billion euros", "€ billion", 40),
        ("40000 million", "€ billion", 40),
        ("40bn", "", 40e9),
        ("2%", "%", 2),
        ("2 %", "% of GDP", 2),
        ("about 40", "", 40),
        ("~40", "", 40),
        ("≈ 40", "", 40),
        ("32 allies", "allies", 32),
        ("32 members", "allies", 32),
        ("40€", "", 40),
        (32, "", 32),
        (2.5, "", 2.5),
    ],
)
def test_reads(raw, unit, value):
    parsed = parse_number(raw, unit)
    assert parsed.ok, parsed
    assert math.isclose(parsed.value, value), parsed


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "   ",
        "\n",
        "nan",
        "NaN",
        "inf",
        "-inf",
        "Infinity",
        "∞",
        "abc",
        "forty",
        "1e400",
        "9" * 5000,
        "30-35",
        "30 to 35",
        "1/3",
        "1,2,3.4.5",
        "1.2.3",
        "--5",
        float("nan"),
        float("inf"),
        True,
        [],
        {},
        b"32",
        object(),
        10**400,
        "1 2 3 4 5 6 x 7",
        "32 and 33",
    ],
)
def test_rejects_with_message(raw):
    parsed = parse_number(raw)
    assert not parsed.ok
    assert parsed.error and isinstance(parsed.error, str)


def test_ambiguous_entries_are_explained():
    assert "thousands" in parse_number("1,500").note
    assert parse_number("32 apples", "allies").note == "ignored 'apples'"
    assert parse_number("32", "allies").note is None


def test_helpers():
    assert unit_magnitude("€ billion") == 1e9
    assert unit_magnitude("allies") == 1
    assert unit_magnitude(None) == 1
    assert format_number(1500.0) == "1500"
    assert format_number(0.1 + 0.2) == "0.3"
