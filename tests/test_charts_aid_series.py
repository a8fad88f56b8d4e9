"""helpers.charts.aid_series: donors at each Kiel cut-off, and aid per month by donor group."""

from __future__ import annotations

import pandas as pd
import pytest
from hygiene import AUTO_PARAM, _params

from helpers import data
from helpers.analysis import aid_series, donors
from helpers.charts import aid_series as ac


@pytest.fixture(scope="module")
def every() -> pd.DataFrame:
    return data.military_aid(release=None)


@pytest.fixture(scope="module")
def monthly() -> pd.DataFrame:
    return data.military_aid_monthly()


def test_donor_chart_table_ranks_each_cutoff_without_aggregates(every) -> None:
    table = ac.donor_chart_table(every)
    assert set(table["cutoff"]) == set(aid_series.cutoffs(every)["label"])
    assert donors.EU_AGGREGATE not in set(table["donor"])
    for _, rows in table.groupby("cutoff"):
        assert len(rows) <= 20 and rows["rank"].is_monotonic_increasing
        assert (rows["eur_bn"].diff().dropna() <= 0).all()
    assert set(table["group"]) <= set(aid_series.DONOR_GROUPS)
    headline = table[table["role"] == aid_series.HEADLINE]
    assert set(headline["share_of_all_donors_pct"]) == {ac.NOT_COMPARABLE}


def test_specs_validate_with_named_params(every, monthly) -> None:
    table = ac.donor_chart_table(every)
    donor = ac.donor_chart(table, ac.donor_chart_sentence(table)).to_dict()  # validates
    mtable = ac.monthly_chart_table(monthly)
    month = ac.monthly_chart(mtable, ac.monthly_sentence(monthly)).to_dict()
    for spec in (donor, month):
        assert spec["description"].strip()
        assert not [n for n in _params(spec) if AUTO_PARAM.match(n)]
    assert set(_params(donor)) == {ac.CUTOFF_PARAM}
    assert set(_params(month)) == {ac.GROUP_PARAM}
    pick = donor["params"][0]
    assert pick["bind"]["input"] == "select"
    assert pick["bind"]["options"] == list(
        dict.fromkeys(table.sort_values("data_cutoff")["cutoff"])
    )
    assert table.loc[table["cutoff"] == pick["value"], "role"].iloc[0] == aid_series.ARTICLE


def test_sentences_state_the_data(every, monthly) -> None:
    table = ac.donor_chart_table(every)
    default = table[table["role"] == aid_series.ARTICLE].sort_values("rank")
    sentence = ac.donor_chart_sentence(table)
    assert f"{default['eur_bn'].iloc[0]:.1f}" in sentence and default["donor"].iloc[0] in sentence
    assert f"top {len(default)} donors" in sentence
    change = aid_series.change_between(monthly, ac.US_BEFORE, ac.US_LULL).set_index("period")
    msentence = ac.monthly_sentence(monthly)
    assert f"{change.loc['before', 'mean_eur_bn_per_month']:.2f}" in msentence
    assert f"{change.loc['after', 'mean_eur_bn_per_month']:.2f}" in msentence
    assert "from January 2023 to June 2023" in msentence and "epilogue" in msentence


def test_monthly_chart_table_is_long_and_complete(monthly) -> None:
    mtable = ac.monthly_chart_table(monthly)
    assert set(mtable["group"]) == set(aid_series.DONOR_GROUPS)
    assert mtable.groupby("month")["group"].nunique().eq(3).all()
    assert mtable["epilogue"].sum() == 6 * 3  # July to December 2024
    short = ac.monthly_chart_table(monthly, "2023-10", "2024-04")
    assert short["month"].nunique() == 7


def test_one_colour_per_donor_group_in_every_kiel_chart() -> None:
    from helpers.charts import aid_lull

    assert len(ac.GROUP_COLOURS) == len(aid_series.DONOR_GROUPS) == len(set(ac.GROUP_COLOURS))
    assert aid_lull.GROUP_COLOURS is ac.GROUP_COLOURS


def test_charts_render(every, monthly) -> None:
    vlc = pytest.importorskip("vl_convert")
    table = ac.donor_chart_table(every)
    mtable = ac.monthly_chart_table(monthly)
    for chart in (ac.donor_chart(table, "x"), ac.monthly_chart(mtable, "x")):
        assert "<path" in vlc.vegalite_to_svg(chart.to_dict())
