"""helpers.charts.defence_spending: the 2014 → 2024 dot chart with its two selectors."""

from __future__ import annotations

import pandas as pd
import pytest
from hygiene import AUTO_PARAM, _params

from helpers import data
from helpers.charts import defence_spending as sc


@pytest.fixture(scope="module")
def spending() -> pd.DataFrame:
    return data.defence_spending()


def test_long_table_marks_later_members(spending) -> None:
    long = sc.spending_long(spending)
    assert len(long) == len(spending)
    finland = long[(long["country"] == "Finland")].set_index("year")["status"]
    assert finland["2014"] == sc.NOT_YET and finland["2024"] == sc.ALLY
    assert long["pct_2024"].is_monotonic_decreasing


def test_spec_validates_with_named_params(spending) -> None:
    chart = sc.spending_chart(
        sc.spending_long(spending), sc.spending_sentence(spending, data.members())
    )
    spec = chart.to_dict()  # validates
    assert set(_params(spec)) == {"ally", "rows"}
    assert not [n for n in _params(spec) if AUTO_PARAM.match(n)]
    rows = next(p for p in spec["params"] if p["name"] == "rows")
    assert rows["bind"]["options"] == [sc.ROWS_ALLIES, sc.ROWS_TABLE]


def test_description_states_the_honest_counts(spending) -> None:
    sentence = sc.spending_sentence(spending, data.members())
    assert "3 of 28" in sentence and "23 of 32" in sentence


def test_chart_renders_with_its_selector_expressions(spending) -> None:
    """Vega evaluates the filter and highlight expressions (a quoting slip would fail)."""
    vlc = pytest.importorskip("vl_convert")
    chart = sc.spending_chart(sc.spending_long(spending), "x")
    svg = vlc.vegalite_to_svg(chart.to_dict())
    assert "<path" in svg or "<line" in svg
