"""helpers.charts.donors: the February 2024 headline chart (measure radio, counting legend)."""

from __future__ import annotations

import pandas as pd
import pytest
from hygiene import AUTO_PARAM, _params

from helpers import data
from helpers.analysis import donors
from helpers.charts import donors as dc


@pytest.fixture(scope="module")
def military_aid() -> pd.DataFrame:
    return data.military_aid()


def test_each_row_says_how_it_counts(military_aid) -> None:
    table = dc.aid_chart_table(military_aid)
    counting = table.groupby("donor")["counting"].first()
    assert counting[donors.EU_AGGREGATE] == dc.TOTAL
    assert counting["Germany"] == dc.INSIDE and counting["EU institutions"] == dc.INSIDE
    assert counting["United States"] == dc.OWN and counting["United Kingdom"] == dc.OWN
    assert len(table) == len(military_aid)
    # Summing the rows counted on their own and the total gives the double-count-free total.
    own = table[(table["measure"] == "allocated") & (table["counting"] != dc.INSIDE)]
    assert own["eur_bn"].sum() == pytest.approx(donors.total(military_aid, "allocated"))


def test_spec_validates_with_named_params(military_aid) -> None:
    table = dc.aid_chart_table(military_aid)
    spec = dc.aid_chart(table, dc.aid_sentence(military_aid)).to_dict()  # validates
    assert not [n for n in _params(spec) if AUTO_PARAM.match(n)]
    assert set(_params(spec)) == {"measure", "counting_pick"}
    measure = next(p for p in spec["params"] if p["name"] == "measure")
    assert measure["bind"] == {"input": "radio", "options": ["allocated", "committed"],
                               "name": "Measure: "}  # fmt: skip
    assert measure["value"] == "allocated"


def test_description_states_the_data(military_aid) -> None:
    sentence = dc.aid_sentence(military_aid)
    assert "42.2" in sentence and "35.2" in sentence
    assert "15 January 2024" in sentence
    assert "selected donors only; the table is incomplete" in sentence


def test_chart_renders_with_its_filter(military_aid) -> None:
    vlc = pytest.importorskip("vl_convert")
    chart = dc.aid_chart(dc.aid_chart_table(military_aid), "x")
    assert "<path" in vlc.vegalite_to_svg(chart.to_dict())
