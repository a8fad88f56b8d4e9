"""helpers.analysis.defence_spending: honest 2% counts and their denominators."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import data
from helpers.analysis import defence_spending as ds


@pytest.fixture(scope="module")
def spending() -> pd.DataFrame:
    return data.defence_spending()


def _spending(rows: list[tuple[str, int, float, bool]]) -> pd.DataFrame:
    """A defence_spending-shaped frame from (country, year, % of GDP, ally that year) rows."""
    return pd.DataFrame(
        {
            "country": [r[0] for r in rows],
            "year": [r[1] for r in rows],
            "pct_gdp": [r[2] for r in rows],
            "member_in_year": [r[3] for r in rows],
        }
    )


def _members(joined: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {"country": list(joined), "accession_date": pd.to_datetime(list(joined.values()))}
    )


def test_counts_on_a_hand_made_table() -> None:
    """A later member's 2014 row never counts, and an ally without a row still counts."""
    spending = _spending(
        [
            ("A", 2014, 2.5, True), ("A", 2024, 2.5, True),
            ("B", 2014, 1.0, True), ("B", 2024, 2.0, True),  # 2.00 counts
            ("C", 2014, 3.0, False), ("C", 2024, 3.0, True),  # joined in 2023
        ]
    )  # fmt: skip
    members = _members({"A": "1949-08-24", "B": "2004-03-29", "C": "2023-04-04", "I": "1949-08-24"})
    summary = ds.two_percent_summary(spending, members).set_index("year")
    assert summary.loc[2014, "honest"] == "1 of 3"  # A; C was not an ally; I has no row
    assert summary.loc[2024, "honest"] == "3 of 4"
    assert summary.loc[2014, "allies_without_data"] == 1
    assert summary.loc[2014, "rows_in_natos_table"] == 3
    assert ds.at_or_above(spending, 2014, members_only=False) == 2
    assert ds.crossed_threshold(spending) == ["B"]


def test_crossing_counted_with_later_members_is_the_wrong_base_year_slip() -> None:
    spending = _spending(
        [
            ("B", 2014, 1.0, True), ("B", 2024, 2.0, True),
            ("D", 2014, 1.5, False), ("D", 2024, 2.4, True),  # joined after 2014
        ]
    )  # fmt: skip
    assert ds.crossed_threshold(spending) == ["B"]
    assert ds.crossed_threshold(spending, allies_of_2014_only=False) == ["B", "D"]


def test_honest_denominators(spending) -> None:
    summary = ds.two_percent_summary(spending, data.members()).set_index("year")
    assert summary.loc[2014, "honest"] == "3 of 28"
    assert summary.loc[2024, "honest"] == "23 of 32"
    assert summary.loc[2014, "rows_in_natos_table"] == 31
    assert summary.loc[2014, "allies_with_data"] == 27
    assert summary.loc[2014, "allies_without_data"] == 1  # Iceland


def test_crossing_the_line(spending) -> None:
    crossed = ds.crossed_threshold(spending)
    assert len(crossed) == 16
    assert not {"Finland", "Sweden", "Montenegro", "North Macedonia"} & set(crossed)
    assert not {"Greece", "United Kingdom", "United States"} & set(crossed)
    assert "Poland" in crossed and "Slovakia" in crossed  # 2.00 counts, as NATO counts it


def test_wide_table_has_one_row_per_country(spending) -> None:
    wide = ds.spending_wide(spending)
    assert wide["country"].is_unique
    assert wide["pct_2024"].is_monotonic_decreasing
    assert not wide.set_index("country").loc["Finland", "ally_in_2014"]
    poland = wide.set_index("country").loc["Poland"]
    assert poland["change"] == pytest.approx(round(poland["pct_2024"] - poland["pct_2014"], 2))


@given(low=st.floats(0, 5), high=st.floats(0, 5))
def test_counts_fall_as_the_threshold_rises(spending, low, high) -> None:
    low, high = sorted((low, high))
    for year in (2014, 2024):
        assert ds.at_or_above(spending, year, high) <= ds.at_or_above(spending, year, low)
        assert ds.at_or_above(spending, year, low) <= ds.rows_in_year(spending, year)


@pytest.mark.parametrize(
    ("fact_id", "expected"),
    [
        ("spending_allies_with_data_2014", 27),
        ("spending_rows_table_2014", 31),
        ("spending_crossed_2pct", 16),
    ],
)
def test_figures_stated_in_the_prose(fact_id, expected) -> None:
    assert ds.DERIVED_FACTS[fact_id]() == pytest.approx(expected)
