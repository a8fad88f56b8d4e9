"""Lesson 03's helpers: aid totals without double counting, honest 2% counts, chart specs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import aid, data
from helpers.derived import all_derived

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "notebooks" / "03-arming-ukraine.ipynb"
AUTO = re.compile(r"^(param|view|selector)_?\d+$")


@pytest.fixture(scope="module")
def military_aid() -> pd.DataFrame:
    return data.military_aid()


@pytest.fixture(scope="module")
def spending() -> pd.DataFrame:
    return data.defence_spending()


def _frame(rows: list[tuple[str, str | None, str, str, float]]) -> pd.DataFrame:
    """A military_aid-shaped frame from (donor, iso3, donor_type, measure, value) rows."""
    return pd.DataFrame(
        {
            "donor": [r[0] for r in rows],
            "iso3": pd.array([r[1] for r in rows], dtype="string"),
            "donor_type": [r[2] for r in rows],
            "measure": [r[3] for r in rows],
            "military_eur_bn": [float(r[4]) for r in rows],
        }
    )


# ---------------------------------------------------------------- no double counting


def test_eu_members_and_institutions_are_inside_the_aggregate(military_aid) -> None:
    inside = set(military_aid.loc[aid.in_eu_aggregate(military_aid), "donor"])
    assert inside == {"Germany", "Denmark", "EU institutions"}
    assert len(aid.EU_MEMBERS_ISO3) == 27


@pytest.mark.parametrize("measure", aid.MEASURES)
def test_summable_keeps_the_aggregate_and_only_rows_outside_it(military_aid, measure) -> None:
    rows = aid.summable(military_aid, measure)
    assert aid.EU_AGGREGATE in set(rows["donor"])
    assert not aid.in_eu_aggregate(rows).any()
    assert set(rows["donor"]) == {aid.EU_AGGREGATE, "United States", "United Kingdom"}


def test_totals_in_the_table(military_aid) -> None:
    assert aid.total(military_aid, "allocated") == pytest.approx(42.2 + 35.2 + 4.8)
    assert aid.total(military_aid, "committed") == pytest.approx(46.3 + 49.7 + 9.1)
    assert aid.naive_total(military_aid, "allocated") == pytest.approx(42.2 + 35.2 + 4.8 + 9.4)
    assert aid.naive_total(military_aid, "allocated") > aid.total(military_aid, "allocated")


def test_without_an_aggregate_the_eu_rows_are_summed() -> None:
    frame = _frame(
        [
            ("Germany", "DEU", "country", "allocated", 9.0),
            ("EU institutions", None, "eu_institution", "allocated", 5.0),
            ("United States", "USA", "country", "allocated", 40.0),
        ]
    )
    assert aid.total(frame, "allocated") == pytest.approx(54.0)


EU = sorted(aid.EU_MEMBERS_ISO3)
OTHERS = ["USA", "GBR", "NOR", "CAN", "JPN", "CHE"]


@settings(max_examples=60, deadline=None)
@given(
    eu=st.dictionaries(st.sampled_from(EU), st.floats(0, 20), max_size=8),
    others=st.dictionaries(st.sampled_from(OTHERS), st.floats(0, 50), max_size=5),
    institutions=st.one_of(st.none(), st.floats(0, 10)),
    unlisted=st.floats(0, 30),
)
def test_aggregates_never_double_count(eu, others, institutions, unlisted) -> None:
    """The aggregate is its members plus members the table does not list; a total counts it
    once, whichever of its members are listed beside it."""
    inside = sum(eu.values()) + (institutions or 0.0) + unlisted
    rows = [(f"c-{k}", k, "country", "allocated", v) for k, v in eu.items()]
    rows += [(f"c-{k}", k, "country", "allocated", v) for k, v in others.items()]
    if institutions is not None:
        rows.append(("EU institutions", None, "eu_institution", "allocated", institutions))
    rows.append((aid.EU_AGGREGATE, None, "aggregate", "allocated", inside))
    frame = _frame(rows)
    expected = inside + sum(others.values())
    assert aid.total(frame, "allocated") == pytest.approx(expected, abs=1e-6)
    # Dropping listed EU members changes nothing: they were inside the aggregate already.
    only_outside = frame[~aid.in_eu_aggregate(frame)]
    assert aid.total(only_outside, "allocated") == pytest.approx(expected, abs=1e-6)
    shares = aid.blocks(frame, "allocated")
    if expected > 0:
        assert shares["eur_bn"].sum() == pytest.approx(expected, abs=1e-4)


@given(measure=st.text(max_size=12))
def test_a_bad_measure_is_a_clear_error(measure) -> None:
    frame = _frame([("United States", "USA", "country", "allocated", 1.0)])
    if measure in aid.MEASURES:
        assert aid.total(frame, measure) >= 0
    else:
        with pytest.raises(ValueError, match="measure must be"):
            aid.total(frame, measure)


@given(donor=st.text(max_size=20))
def test_unknown_donors_have_no_value_and_no_share(military_aid, donor) -> None:
    if donor in set(military_aid["donor"]):
        return
    assert aid.donor_value(military_aid, donor, "allocated") is None
    with pytest.raises(ValueError):
        aid.share_pct(military_aid, donor, "allocated")
    with pytest.raises(ValueError):
        aid.allocation_rate_pct(military_aid, donor)


def test_shares_and_rates(military_aid) -> None:
    us = aid.share_pct(military_aid, "United States", "allocated")
    assert us == pytest.approx(100 * 42.2 / 82.2)
    blocks = aid.blocks(military_aid, "allocated").set_index("block")
    assert set(blocks.index) == {"United States", "Europe"}
    assert blocks["share_pct"].sum() == pytest.approx(100, abs=0.11)
    assert blocks.loc["Europe", "eur_bn"] == pytest.approx(35.2 + 4.8)
    assert aid.allocation_rate_pct(military_aid, "Germany") == pytest.approx(100 * 9.4 / 17.7)


def test_coverage_and_audit_name_the_gaps(military_aid) -> None:
    assert aid.missing_measures(military_aid) == [
        ("Denmark", "allocated"),
        ("EU institutions", "allocated"),
    ]
    audit = aid.audit(military_aid)
    assert list(audit["question"]) == ["What", "Who", "Where", "When", "How", "What is missing"]
    text = " ".join(audit["answer"])
    assert "16 February 2024" in text and "licence" in text and "Denmark (allocated)" in text
    assert aid.audit_markdown(military_aid).count("\n") == len(audit) + 1


# ---------------------------------------------------------------- defence spending


def test_honest_denominators(spending) -> None:
    summary = aid.two_percent_summary(spending, data.members()).set_index("year")
    assert summary.loc[2014, "honest"] == "3 of 28"
    assert summary.loc[2024, "honest"] == "23 of 32"
    assert summary.loc[2014, "rows_in_natos_table"] == 31
    assert summary.loc[2014, "allies_with_data"] == 27
    assert summary.loc[2014, "allies_without_data"] == 1  # Iceland


def test_crossing_the_line(spending) -> None:
    crossed = aid.crossed_threshold(spending)
    assert len(crossed) == 16
    assert not {"Finland", "Sweden", "Montenegro", "North Macedonia"} & set(crossed)
    assert not {"Greece", "United Kingdom", "United States"} & set(crossed)
    assert "Poland" in crossed and "Slovakia" in crossed  # 2.00 counts, as NATO counts it


@given(low=st.floats(0, 5), high=st.floats(0, 5))
def test_counts_fall_as_the_threshold_rises(spending, low, high) -> None:
    low, high = sorted((low, high))
    for year in (2014, 2024):
        assert aid.at_or_above(spending, year, high) <= aid.at_or_above(spending, year, low)
        assert aid.at_or_above(spending, year, low) <= aid.rows_in_year(spending, year)


# ---------------------------------------------------------------- charts


def _charts(military_aid, spending):
    channels = aid.channels_table(data.channels())
    return {
        "channels": aid.channels_chart(channels, aid.channels_sentence(channels)),
        "aid": aid.aid_chart(aid.aid_chart_table(military_aid), aid.aid_sentence(military_aid)),
        "spending": aid.spending_chart(
            aid.spending_long(spending), aid.spending_sentence(spending, data.members())
        ),
    }


def _param_names(spec) -> list[str]:
    names = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "params":
                names += [p["name"] for p in value]
            names += _param_names(value)
    elif isinstance(spec, list):
        for item in spec:
            names += _param_names(item)
    return names


def test_channel_dates_mean_what_the_field_says() -> None:
    """``start`` is the day a channel began or was agreed: the EPF was set up in March 2021
    (its first lethal measure for Ukraine came on 28 February 2022), and the capability
    coalition model was named on 11 October 2023."""
    table = data.channels().set_index("channel_id")
    assert str(table.loc["eu_epf", "start"].date()) == "2021-03-22"
    assert "28 February 2022" in table.loc["eu_epf", "scope"]
    assert str(table.loc["udcg_capability_coalitions", "start"].date()) == "2023-10-11"
    assert "eight" in table.loc["udcg_capability_coalitions", "scope"]
    assert not table.loc["nato_cap", "lethal"]
    kinds = aid.channels_table(data.channels()).set_index("channel")["kind"]
    assert kinds["Operation Interflex"] == "Programme led by one country"


def test_channels_sentence_keeps_cap_and_nsatu_apart() -> None:
    sentence = aid.channels_sentence(aid.channels_table(data.channels()))
    assert "from 2016 to 2024" in sentence
    assert "CAP" in sentence and "NSATU" in sentence and "no lethal aid" in sentence


def test_chart_specs_validate_and_params_are_named(military_aid, spending) -> None:
    specs = {k: c.to_dict() for k, c in _charts(military_aid, spending).items()}  # validates
    for spec in specs.values():
        assert spec["description"].strip()
        assert not [n for n in _param_names(spec) if AUTO.match(n)]
    assert set(_param_names(specs["aid"])) == {"measure", "counting_pick"}
    assert set(_param_names(specs["spending"])) == {"ally", "rows"}
    measure = next(p for p in specs["aid"]["params"] if p["name"] == "measure")
    assert measure["bind"] == {"input": "radio", "options": ["allocated", "committed"],
                               "name": "Measure: "}  # fmt: skip
    assert measure["value"] == "allocated"


def test_chart_descriptions_state_the_data(military_aid, spending) -> None:
    assert "42.2" in aid.aid_sentence(military_aid)
    assert "15 January 2024" in aid.aid_sentence(military_aid)
    assert "selected donors only; the table is incomplete" in aid.aid_sentence(military_aid)
    sentence = aid.spending_sentence(spending, data.members())
    assert "3 of 28" in sentence and "23 of 32" in sentence


def test_charts_render_with_their_selector_expressions(military_aid, spending) -> None:
    """Vega evaluates the filter and highlight expressions (a quoting slip would fail)."""
    vlc = pytest.importorskip("vl_convert")
    for name, chart in _charts(military_aid, spending).items():
        svg = vlc.vegalite_to_svg(chart.to_dict())
        assert "<path" in svg or "<line" in svg, name


# ---------------------------------------------------------------- the lesson's figures


def _lesson_tags() -> set[str]:
    nb = json.loads(LESSON.read_text(encoding="utf-8"))
    text = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return set(re.findall(r"<!--\s*fact:\s*([a-z0-9_]+)\s*-->", text))


def test_every_derived_fact_is_registered_and_used() -> None:
    derived = all_derived()
    assert set(aid.DERIVED_FACTS) <= set(derived)
    if LESSON.exists():
        assert set(aid.DERIVED_FACTS) <= _lesson_tags()


@pytest.mark.parametrize(
    "fact_id,expected",
    [
        ("aid_us_allocated_bn", 42.2),
        ("aid_eu_total_allocated_bn", 35.2),
        ("aid_europe_allocated_bn", 40.0),
        ("aid_total_allocated_bn", 82.2),
        ("aid_naive_allocated_bn", 91.6),
        ("aid_us_share_allocated_pct", 51.3),
        ("aid_germany_committed_bn", 17.7),
        ("aid_germany_allocated_bn", 9.4),
        ("aid_country_donors", 4),
        ("spending_allies_with_data_2014", 27),
        ("spending_rows_table_2014", 31),
        ("spending_crossed_2pct", 16),
    ],
)
def test_figures_stated_in_the_prose(fact_id, expected) -> None:
    assert aid.DERIVED_FACTS[fact_id]() == pytest.approx(expected)


# ---------------------------------------------------------------- second edition charts


def _second_edition():
    from helpers.analysis import aid_series

    every = data.military_aid(release=None)
    monthly = data.military_aid_monthly()
    table = aid.donor_chart_table(every)
    mtable = aid.monthly_chart_table(monthly)
    return aid_series, every, monthly, table, mtable


def test_donor_chart_table_ranks_each_cutoff_without_aggregates() -> None:
    aid_series, every, _m, table, _mt = _second_edition()
    assert set(table["cutoff"]) == set(aid_series.cutoffs(every)["label"])
    assert aid.EU_AGGREGATE not in set(table["donor"])
    for _, rows in table.groupby("cutoff"):
        assert len(rows) <= 20 and rows["rank"].is_monotonic_increasing
        assert (rows["eur_bn"].diff().dropna() <= 0).all()
    assert set(table["group"]) <= set(aid_series.DONOR_GROUPS)


def test_second_edition_specs_validate_with_named_params() -> None:
    _s, _e, monthly, table, mtable = _second_edition()
    donor = aid.donor_chart(table, aid.donor_chart_sentence(table)).to_dict()  # validates
    month = aid.monthly_chart(mtable, aid.monthly_sentence(monthly)).to_dict()
    for spec in (donor, month):
        assert spec["description"].strip()
        assert not [n for n in _param_names(spec) if AUTO.match(n)]
    assert set(_param_names(donor)) == {aid.CUTOFF_PARAM}
    assert set(_param_names(month)) == {aid.GROUP_PARAM}
    pick = donor["params"][0]
    assert pick["bind"]["input"] == "select"
    assert pick["bind"]["options"] == list(
        dict.fromkeys(table.sort_values("data_cutoff")["cutoff"])
    )
    assert pick["value"] in pick["bind"]["options"]
    assert table.loc[table["cutoff"] == pick["value"], "role"].iloc[0] == "article"


def test_second_edition_sentences_state_the_data() -> None:
    aid_series, _e, monthly, table, _mt = _second_edition()
    default = table[table["role"] == "article"].sort_values("rank")
    sentence = aid.donor_chart_sentence(table)
    assert f"{default['eur_bn'].iloc[0]:.1f}" in sentence and default["donor"].iloc[0] in sentence
    assert f"top {len(default)} donors" in sentence
    change = aid_series.change_between(monthly, aid.US_BEFORE, aid.US_LULL).set_index("period")
    msentence = aid.monthly_sentence(monthly)
    assert f"{change.loc['before', 'mean_eur_bn_per_month']:.2f}" in msentence
    assert f"{change.loc['after', 'mean_eur_bn_per_month']:.2f}" in msentence
    assert "epilogue" in msentence


def test_monthly_chart_table_is_long_and_complete() -> None:
    aid_series, _e, monthly, _t, mtable = _second_edition()
    assert set(mtable["group"]) == set(aid_series.DONOR_GROUPS)
    assert mtable.groupby("month")["group"].nunique().eq(3).all()
    assert mtable["epilogue"].sum() == 6 * 3  # July to December 2024
    short = aid.monthly_chart_table(monthly, "2023-10", "2024-04")
    assert short["month"].nunique() == 7


def test_second_edition_charts_render() -> None:
    vlc = pytest.importorskip("vl_convert")
    _s, _e, monthly, table, mtable = _second_edition()
    for chart in (
        aid.donor_chart(table, aid.donor_chart_sentence(table)),
        aid.monthly_chart(mtable, aid.monthly_sentence(monthly)),
    ):
        assert "<path" in vlc.vegalite_to_svg(chart.to_dict())
