"""helpers.analysis.membership: counts of allies over time, on small hand-made tables."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import data
from helpers.analysis import membership

TABLE = pd.DataFrame(
    {
        "country": ["Belgium", "Greece", "Poland", "Finland"],
        "accession_date": pd.to_datetime(["1949-08-24", "1952-02-18", "1999-03-12", "2023-04-04"]),
    }
)


def test_an_accession_on_the_day_counts() -> None:
    assert membership.allies_on(TABLE, "1999-03-12") == 3
    assert membership.allies_on(TABLE, date(1999, 3, 11)) == 2
    assert membership.allies_on(TABLE, pd.Timestamp("2023-04-04 15:00")) == 4


def test_year_counts_and_rows() -> None:
    assert membership.allies_in_year(TABLE, 1952) == 2
    assert membership.allies_in_year(TABLE, 1948) == 0
    assert list(membership.members_on(TABLE, "2000-01-01")["country"]) == [
        "Belgium",
        "Greece",
        "Poland",
    ]
    assert membership.joined_between(TABLE, "1997-05-27", "2023-04-04") == ["Finland", "Poland"]


@pytest.mark.parametrize("bad", ["not a date", "2024-13-01"])
def test_a_bad_day_is_a_clear_error(bad: str) -> None:
    with pytest.raises(ValueError, match="not a date"):
        membership.allies_on(TABLE, bad)


def test_a_non_date_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="expected a date"):
        membership.allies_on(TABLE, 1999)  # type: ignore[arg-type]  # the wrong type on purpose


@given(st.dates(min_value=date(1940, 1, 1), max_value=date(2030, 12, 31)))
def test_counts_never_fall_over_time_and_agree(day: date) -> None:
    members = data.members()
    later = day.replace(year=day.year + 1) if (day.month, day.day) != (2, 29) else day
    assert membership.allies_on(members, day) <= membership.allies_on(members, later)
    assert membership.allies_on(members, day) == len(membership.members_on(members, day))
    assert membership.allies_in_year(members, day.year) >= membership.allies_on(members, day)
