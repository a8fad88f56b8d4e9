"""helpers.analysis.weapon_decisions: order, time to delivery, the epilogue, short names."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import data
from helpers.analysis import weapon_decisions as wd


def _decisions(rows: list[tuple[str, str, str | None]]) -> pd.DataFrame:
    """A weapon_decisions-shaped frame from (decision_id, announced_on, delivered_on) rows."""
    return pd.DataFrame(
        {
            "decision_id": [r[0] for r in rows],
            "announced_on": pd.to_datetime([r[1] for r in rows]),
            "delivered_on": pd.to_datetime([r[2] for r in rows]),
            "short_name": [f"name of {r[0]}" for r in rows],
        }
    )


def test_order_lags_and_months_on_a_hand_made_table() -> None:
    table = _decisions(
        [
            ("b", "2023-01-25", "2023-09-25"),
            ("a", "2023-01-25", None),
            ("c", "2022-06-01", "2022-06-23"),
        ]
    )
    assert list(wd.in_order(table)["decision_id"]) == ["c", "a", "b"]
    lags = wd.days_to_delivery(table)
    assert lags["b"] == 243 and lags["c"] == 22 and pd.isna(lags["a"])
    assert wd.months_to_delivery(table, "b") == 8  # 243 / 30.44 = 7.98
    assert wd.months_to_delivery(table, "c") == 1
    for missing in ("a", "no-such-id"):
        with pytest.raises(ValueError, match="no sourced delivery date"):
            wd.months_to_delivery(table, missing)


@given(days=st.integers(0, 4000))
def test_months_are_days_over_an_average_month(days) -> None:
    day = pd.Timestamp("2015-01-01")
    table = _decisions([("x", str(day.date()), str((day + pd.Timedelta(days=days)).date()))])
    months = wd.months_to_delivery(table, "x")
    assert abs(months - days / wd.DAYS_PER_MONTH) <= 0.5


def test_only_deliveries_after_the_summit_are_epilogue() -> None:
    table = _decisions(
        [
            ("on", "2023-07-11", "2024-07-11"),
            ("after", "2023-07-11", "2024-08-04"),
            ("never", "2023-07-11", None),
        ]
    )
    assert list(wd.delivered_after_summit(table)) == [False, True, False]


def test_the_shipped_table() -> None:
    decisions = data.weapon_decisions()
    names = wd.short_names(decisions)
    assert set(names) == set(decisions["decision_id"])
    assert len(set(names.values())) == len(names)  # every row has its own short name
    assert names["2023-01-us-abrams"] == "Abrams tanks (US)"
    assert wd.months_to_delivery(decisions, "2023-01-us-abrams") == 8
    late = decisions.loc[wd.delivered_after_summit(decisions).to_numpy(), "decision_id"]
    assert list(late) == ["2023-07-f16-training-coalition"]
    assert wd.DERIVED_FACTS["l03_weapon_decisions"]() == len(decisions)
