"""helpers.analysis.membership: counts of allies over time (on small hand-made tables and on
members.csv), the allies table, the enlargement rounds and the figures lesson 01 states."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import data, derived
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


def test_joined_after_and_since_split_the_table() -> None:
    assert membership.joined_after(TABLE, "1999-03-12") == 1
    assert membership.joined_after(TABLE, "1999-03-11") == 2
    assert membership.joined_since(TABLE, 1999) == 2
    assert membership.joined_since(TABLE, 2000) == 1
    assert membership.joined_since(TABLE, 1949) == 4


@given(st.dates(min_value=date(1940, 1, 1), max_value=date(2030, 12, 31)))
@settings(max_examples=60)
def test_dates_strings_and_timestamps_count_alike(day: date) -> None:
    members = data.members()
    n = membership.allies_on(members, day)
    assert n == membership.allies_on(members, day.isoformat())
    assert n == membership.allies_on(members, pd.Timestamp(day))
    assert n + membership.joined_after(members, day) == len(members)
    assert membership.joined_since(members, day.year + 1) == len(members) - (
        membership.allies_in_year(members, day.year)
    )


@pytest.mark.parametrize("bad", [1990, 3.5, None, ["2008-04-03"]])
def test_only_dates_are_accepted(bad) -> None:
    with pytest.raises(TypeError, match="expected a date"):
        membership.allies_on(TABLE, bad)


@given(st.one_of(st.none(), st.integers(1949, 2024)), st.integers(1949, 2024))
def test_status_in_year_follows_the_year_joined(year_joined, year) -> None:
    status = membership.status_in_year(year_joined, year)
    if year_joined is None:
        assert status == membership.NEVER_STATUS
    elif year_joined <= year:
        assert status == membership.ALLY_STATUS
    else:
        assert status == membership.LATER_STATUS


# --- the allies table and the rounds, on the course's data -----------------------------


@pytest.fixture(scope="module")
def allies() -> pd.DataFrame:
    return membership.allies_table(data.members(), membership.map_ids(data.europe_topojson()))


def test_allies_table_has_every_ally_once_in_order(allies) -> None:
    assert len(allies) == len(data.members()) == 32
    assert allies["country"].is_unique
    assert allies["joined"].is_monotonic_increasing
    assert allies.iloc[0]["year"] == 1949 and allies.iloc[-1]["country"] == "Sweden"
    # German reunification (1990) added territory, not a member or a round.
    germany = allies[allies["country"] == "Germany"]
    assert len(germany) == 1 and germany.iloc[0]["year"] == 1955
    assert 1990 not in set(allies["year"])
    assert sorted(set(allies["round"])) == list(range(11))  # founders + 10 rounds


def test_every_european_ally_is_on_the_map_and_north_america_is_not(allies) -> None:
    assert allies.loc[allies["region"] == "Europe", "on_map"].all()
    north = allies[allies["region"] == "North America"]
    assert set(north["country"]) == {"United States", "Canada"}
    assert not north["on_map"].any()
    assert "on_map" not in membership.allies_table(data.members())


def test_rounds_add_up_to_the_allies_of_each_year() -> None:
    members = data.members()
    rounds = membership.rounds(members)
    assert list(rounds["round"]) == list(range(11))
    assert rounds.iloc[0]["joined"] == 12 and rounds.iloc[-1]["countries"] == "Sweden"
    for row in rounds.itertuples():
        assert row.allies_after == membership.allies_in_year(members, row.year)
    assert int(rounds.loc[rounds["year"] >= 1999, "joined"].sum()) == (
        membership.joined_since(members, 1999)
    )


def test_figures_lesson_01_states() -> None:
    assert membership in derived.FACT_MODULES
    expected = {
        "allies_at_bucharest_2008": 26,
        "allies_end_1990": 16,
        "joined_after_bucharest_2008": 6,
        "european_allies_2024": 30,
        "allies_on_europe_map": 30,
    }
    assert set(expected) <= set(membership.DERIVED_FACTS)
    for fact_id, value in expected.items():
        assert derived.fact_value(fact_id) == value, fact_id
    assert membership.allies_on(data.members(), membership.BUCHAREST_SUMMIT) == 26


def test_counts_the_early_lessons_state() -> None:
    """Whole-alliance counts in lessons 00-03, on a hand-made table, then from the data."""
    table = pd.DataFrame(
        {
            "country": ["Belgium", "Canada", "Poland", "Estonia", "Latvia"],
            "accession_date": pd.to_datetime(
                ["1949-08-24", "1949-08-24", "1999-03-12", "2004-03-29", "2004-03-29"]
            ),
            "enlargement_round": [0, 0, 4, 5, 5],
        }
    )
    assert membership.joined_in_round(table, 0) == 2
    assert membership.joined_in_round(table, 5) == 2
    assert membership.joined_in_round(table, 3) == 0
    members = data.members()
    assert derived.fact_value("allies_2024") == len(members)
    assert derived.fact_value("founding_allies") == membership.joined_in_round(members, 0)
