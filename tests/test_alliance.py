"""Lesson 01 helpers (helpers.alliance): the allies table, counts the prose states, the
map-and-list chart with its named year slider, and the lesson's derived facts."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from hygiene import AUTO_PARAM, _params
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import alliance, charts, data, derived
from helpers.exercises.bank import entry

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "notebooks" / "01-the-alliance.ipynb"


@pytest.fixture(scope="module")
def topo() -> dict:
    return data.europe_topojson()


@pytest.fixture(scope="module")
def table(topo) -> pd.DataFrame:
    return alliance.allies_table(data.members(), alliance.map_ids(topo))


@pytest.fixture(scope="module")
def spec(table, topo) -> dict:
    charts.configure_altair()
    return alliance.accession_explorer(table, topo).to_dict()  # validates against the schema


def _cells(kind: str) -> list[str]:
    nb = json.loads(LESSON.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == kind]


# --- the table and the counts the lesson states ------------------------------------------


def test_allies_table_has_every_ally_once_in_order(table) -> None:
    assert len(table) == len(data.members()) == 32
    assert table["country"].is_unique
    assert table["joined"].is_monotonic_increasing
    assert table.iloc[0]["year"] == 1949 and table.iloc[-1]["country"] == "Sweden"
    # German reunification (1990) added territory, not a member or a round.
    germany = table[table["country"] == "Germany"]
    assert len(germany) == 1 and germany.iloc[0]["year"] == 1955
    assert 1990 not in set(table["year"])
    assert sorted(set(table["round"])) == list(range(11))  # founders + 10 rounds


def test_every_european_ally_is_on_the_map_and_north_america_is_not(table) -> None:
    assert table.loc[table["region"] == "Europe", "on_map"].all()
    north = table[table["region"] == "North America"]
    assert set(north["country"]) == {"United States", "Canada"}
    assert not north["on_map"].any()


def test_figures_stated_in_the_prose(table) -> None:
    assert alliance.allies_on(table, alliance.BUCHAREST_SUMMIT) == 26
    assert alliance.joined_after(table, alliance.BUCHAREST_SUMMIT) == 6
    assert alliance.allies_by_year(table, 1990) == 16
    assert (table["region"] == "Europe").sum() == 30
    assert int((table["round"] == 5).sum()) == 7  # the 2004 round


def test_lesson_derived_facts_are_registered_and_recomputed() -> None:
    assert "helpers.alliance" in derived.LESSON_MODULES
    expected = {
        "allies_at_bucharest_2008": 26,
        "allies_end_1990": 16,
        "joined_after_bucharest_2008": 6,
        "european_allies_2024": 30,
        "allies_on_europe_map": 30,
    }
    for fact_id, value in expected.items():
        assert derived.fact_value(fact_id) == value, fact_id
    assert data.fact("treaty_articles") == 14
    assert data.fact("article4_requesters_2022_02_24") == 8


@given(st.dates(min_value=date(1940, 1, 1), max_value=date(2030, 12, 31)))
@settings(max_examples=60, deadline=None)
def test_allies_on_accepts_dates_strings_and_timestamps_alike(day: date) -> None:
    table = alliance.allies_table(data.members())
    n = alliance.allies_on(table, day)
    assert n == alliance.allies_on(table, day.isoformat())
    assert n == alliance.allies_on(table, pd.Timestamp(day))
    assert 0 <= n <= len(table)
    assert n <= alliance.allies_on(table, day + timedelta(days=1))  # never shrinks
    assert n + alliance.joined_after(table, day) == len(table)


@pytest.mark.parametrize("bad", [1990, 3.5, None, ["2008-04-03"]])
def test_allies_on_refuses_what_is_not_a_date(bad) -> None:
    with pytest.raises(TypeError, match="expected a date"):
        alliance.allies_on(alliance.allies_table(data.members()), bad)


def test_allies_on_refuses_a_malformed_date_string() -> None:
    with pytest.raises(ValueError):
        alliance.allies_on(alliance.allies_table(data.members()), "3 April 2008")


@given(st.one_of(st.none(), st.integers(1949, 2024)), st.integers(1949, 2024))
def test_status_in_year_is_the_chart_rule(year_joined, year) -> None:
    status = alliance.status_in_year(year_joined, year)
    if year_joined is None:
        assert status == alliance.NEVER_STATUS
    elif year_joined <= year:
        assert status == alliance.ALLY_STATUS
    else:
        assert status == alliance.LATER_STATUS
    for word in (alliance.ALLY_STATUS, alliance.LATER_STATUS, alliance.NEVER_STATUS):
        assert f"'{word}'" in alliance.STATUS_EXPR


# --- the chart --------------------------------------------------------------------------


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
    assert text == alliance.explorer_sentence(table)
    assert re.search(r"the 30 European allies", text)
    assert "founders of 1949 (10 of the 12 on the map)" in text and "Sweden in 2024" in text
    assert "all 32 allies including the United States and Canada" in text
    assert charts.plain_text(spec) == f"Chart: {text}"


def test_explorer_sentence_without_map_column_still_counts() -> None:
    plain = alliance.allies_table(data.members())
    assert "the 30 European allies" in alliance.explorer_sentence(plain)


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
    chart = alliance.accession_map(table, topo).add_params(alliance.year_slider())
    assert isinstance(chart, alt.Chart)
    chart.to_dict()


# --- the lesson's text and exercises agree with the data ----------------------------------


def test_treaty_quotations_in_the_lesson_match_the_module() -> None:
    prose = " ".join(_cells("markdown"))
    assert set(alliance.TREATY_ARTICLES) == {4, 5, 6, 10}
    for number, article in alliance.TREATY_ARTICLES.items():
        tail = article["quote"][-60:]
        assert tail in prose, (number, tail)


def test_article_6_scope_is_stated_in_full_where_it_matters() -> None:
    """Article 6 as amended: Türkiye and the North Atlantic islands, not only Europe and North
    America; the lesson's table and the module's plain words both say so, and that Ukraine is
    outside every listed area."""
    own_words = alliance.TREATY_ARTICLES[6]["own_words"]
    table_row = next(
        line for line in " ".join(_cells("markdown")).splitlines() if "**Article 6**" in line
    )
    for text in (own_words, table_row):
        for phrase in ("Türkiye", "Tropic of Cancer", "Mediterranean", "Ukraine is in none"):
            assert phrase in text, (phrase, text[:80])


def test_order_exercise_key_follows_accession_dates(table) -> None:
    key = entry("01.q-rounds").fields["key"]
    first_country = {
        "greece": "Greece",
        "spain": "Spain",
        "visegrad": "Poland",
        "baltic": "Estonia",
        "montenegro": "Montenegro",
        "finland": "Finland",
    }
    joined = table.set_index("country")["joined"]
    assert key == sorted(first_country, key=lambda item: joined[first_country[item]])
