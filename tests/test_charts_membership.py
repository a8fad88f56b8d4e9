"""Lesson 01's map-and-list explorer and the growth chart of lessons 00 and 01
(helpers.charts.membership): the named year slider, the map join, the descriptions."""

from __future__ import annotations

import json
import re

import altair as alt
import pandas as pd
import pytest
from hygiene import AUTO_PARAM, _params
from hypothesis import given
from hypothesis import strategies as st

from helpers import charts, data
from helpers.analysis import membership
from helpers.charts import membership as mc


@pytest.fixture(scope="module")
def topo() -> dict:
    return data.europe_topojson()


@pytest.fixture(scope="module")
def table(topo) -> pd.DataFrame:
    return membership.allies_table(data.members(), membership.map_ids(topo))


@pytest.fixture(scope="module")
def spec(table, topo) -> dict:
    charts.configure_altair()
    return mc.accession_explorer(table, topo).to_dict()  # validates against the schema


@given(st.one_of(st.none(), st.integers(1949, 2024)))
def test_the_chart_rule_names_every_status_the_python_rule_gives(year_joined) -> None:
    for year in (1949, 1990, 2024):
        assert f"'{membership.status_in_year(year_joined, year)}'" in mc.STATUS_EXPR


def test_explorer_has_one_explicitly_named_year_slider(spec) -> None:
    assert spec["params"] == [
        {
            "name": "year",
            "value": 2024,
            "bind": {
                "input": "range",
                "min": 1949,
                "max": 2024,
                "step": 1,
                "name": "Show the Alliance as of the end of ",
            },
        }
    ]
    assert not [n for n in _params(spec) if AUTO_PARAM.match(n)]
    assert all("year" in json.dumps(view["encoding"]["color"]) for view in spec["hconcat"])


def test_explorer_is_a_map_and_a_list_joined_on_sovereign_id(spec) -> None:
    geo, strip = spec["hconcat"]
    assert geo["mark"]["type"] == "geoshape"
    assert geo["data"]["format"] == {"type": "topojson", "feature": "countries"}
    lookup = geo["transform"][0]
    assert lookup["lookup"] == "properties.sovereign_id"
    assert lookup["from"]["key"] == "iso_numeric"
    assert strip["mark"]["type"] == "circle"
    assert strip["encoding"]["y"]["sort"][:2] == ["Belgium", "Canada"]


def test_explorer_description_is_computed_from_the_table(spec, table) -> None:
    text = spec["description"]
    assert text == mc.explorer_sentence(table)
    assert re.search(r"the 30 European allies", text)
    assert "founders of 1949 (10 of the 12 on the map)" in text and "Sweden in 2024" in text
    assert "all 32 allies including the United States and Canada" in text
    assert charts.plain_text(spec) == f"Chart: {text}"


def test_explorer_sentence_without_map_column_still_counts() -> None:
    plain = membership.allies_table(data.members())
    assert "the 30 European allies" in mc.explorer_sentence(plain)


def _grey_shapes(spec: dict, year: int) -> int:
    vlc = pytest.importorskip("vl_convert")
    moved = json.loads(json.dumps(spec))
    moved["params"][0]["value"] = year
    svg = vlc.vegalite_to_svg(moved)
    return svg.count('fill="#9e9e9e"') + svg.count('fill="#bdbdbd"')


def test_moving_the_slider_greys_out_later_members(spec, table, topo) -> None:
    """Rendered offline at three slider values: exactly the later joiners turn grey."""
    grey = {year: _grey_shapes(spec, year) for year in (1949, 2008, 2024)}
    baseline = grey[2024]  # non-allies (faint grey); nobody joined later
    features = [g["properties"]["sovereign_id"] for g in topo["objects"]["countries"]["geometries"]]
    for year in (1949, 2008):
        later = table.loc[table["year"] > year, "iso_numeric"]
        expected = len(later) + sum(code in set(later) for code in features)  # list + map
        assert grey[year] - baseline == expected, year
    assert grey[1949] > grey[2008] > baseline


def test_accession_map_alone_validates(table, topo) -> None:
    chart = mc.accession_map(table, topo).add_params(mc.year_slider())
    assert isinstance(chart, alt.Chart)
    chart.to_dict()


def test_growth_chart_is_a_described_step_line_over_the_rounds() -> None:
    rounds = membership.rounds(data.members())
    spec = mc.growth_chart(rounds).to_dict()
    assert spec["description"] == mc.growth_sentence(rounds)
    line, points = spec["layer"]
    assert line["mark"]["interpolate"] == "step-after"
    assert {t["field"] for t in points["encoding"]["tooltip"]} >= {"countries", "allies_after"}
    (rows,) = spec["datasets"].values()
    assert len(rows) == len(rounds) == 11
