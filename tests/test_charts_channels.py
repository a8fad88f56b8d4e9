"""helpers.charts.channels: who runs each channel (channels.csv ``run_by``), lethal or not."""

from __future__ import annotations

import pytest
from hygiene import AUTO_PARAM, _params

from helpers import data
from helpers.charts import channels as cc


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


def test_the_table_takes_who_runs_it_from_the_data() -> None:
    channels = data.channels()
    table = cc.channels_table(channels).set_index("channel")
    assert table.loc["Operation Interflex", "kind"] == "Programme led by one country"
    nato = set(channels.loc[channels["run_by"] == cc.NATO_ITSELF, "channel"])
    assert set(table.index[table["kind"] == cc.NATO_ITSELF]) == nato
    assert list(table["start"]) == sorted(table["start"])
    lethal = dict(zip(channels["channel"], channels["lethal"], strict=True))
    for name, row in table.iterrows():
        assert (row["lethal"] == cc.LETHAL) == bool(lethal[name])


def test_sentence_keeps_cap_and_nsatu_apart() -> None:
    table = cc.channels_table(data.channels())
    sentence = cc.channels_sentence(table)
    assert "from 2016 to 2024" in sentence and f"{len(table)} channels" in sentence
    assert "CAP" in sentence and "NSATU" in sentence and "no lethal aid" in sentence


def test_spec_validates_and_renders() -> None:
    table = cc.channels_table(data.channels())
    spec = cc.channels_chart(table, cc.channels_sentence(table)).to_dict()  # validates
    assert spec["description"] == cc.channels_sentence(table)
    assert not [n for n in _params(spec) if AUTO_PARAM.match(n)]
    vlc = pytest.importorskip("vl_convert")
    assert "<path" in vlc.vegalite_to_svg(spec)
