"""Chart builders for lessons 04 and 05: valid specs, descriptions, and specs that follow input."""

from __future__ import annotations

import json
import re
from typing import Any

import altair as alt
import pandas as pd
import pytest

from helpers import charts, data
from helpers.charts import consensus as cc
from helpers.charts import ratification as rc
from helpers.models import consensus as c
from helpers.models import ratification as r

AUTO = re.compile(r"^(param|view|selector)_?\d+$")


@pytest.fixture(scope="module", autouse=True)
def _theme() -> None:
    charts.configure_altair()


def _consensus(p_block: float, seed: int = 1) -> c.ConsensusResult:
    allies = [c.Ally(f"A{i}", p_block=p_block, p_opt_out=0.1, weight=1 + i % 3) for i in range(32)]
    return c.simulate_consensus(allies, c.Proposal.diluted(0.5, 2), seed, runs=4_000)


@pytest.fixture(scope="module")
def delays() -> pd.Series:
    return r.past_delays()["delay_days"]


def _ratification(delays: pd.Series, holdouts: list[r.Holdout]) -> r.RatificationResult:
    return r.simulate_ratification(delays, r.current_allies(), 7, runs=4_000, holdouts=holdouts)


def _rows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every inline data row in a (possibly layered) spec."""
    return [row for values in spec.get("datasets", {}).values() for row in values]


def _built(delays: pd.Series) -> dict[str, alt.TopLevelMixin]:
    ratification = _ratification(delays, [r.Holdout("Hungary", slowest=2)])
    table = rc.timeline_table(data.ratifications())
    result = _consensus(0.02)
    return {
        "comparison": cc.comparison_chart(result),
        "blockers": cc.blockers_chart(result),
        "distribution": rc.distribution_chart(ratification, over_years=1.5),
        "timeline": rc.timeline_chart(table),
    }


def test_every_spec_validates_once_and_carries_a_description(delays) -> None:
    for name, chart in _built(delays).items():
        spec = chart.to_dict()  # validates against the Vega-Lite 5 schema
        assert "/vega-lite/v5" in spec["$schema"], name
        assert spec["description"].strip().endswith("."), name
        assert len(spec["description"].split()) >= 12, name
        assert charts.plain_text(spec).startswith("Chart: "), name
        text = json.dumps(spec)
        names = re.findall(r'"name": "([^"]+)"', text)
        assert not [n for n in names if AUTO.match(n)], name


def test_builders_do_not_validate_so_callbacks_stay_cheap(delays, monkeypatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a builder called to_dict()")

    monkeypatch.setattr(alt.TopLevelMixin, "to_dict", refuse)
    built = _built(delays)
    assert set(built) == {"comparison", "blockers", "distribution", "timeline"}


def test_comparison_chart_follows_the_result() -> None:
    easy, hard = _consensus(0.0), _consensus(0.05)

    def consensus_pass(result: c.ConsensusResult) -> float:
        rows = _rows(cc.comparison_chart(result).to_dict(validate=False))
        hits = [
            row["value"]
            for row in rows
            if row["rule"] == c.CONSENSUS and row["measure"] == c.MEASURE_PASS
        ]
        assert len(hits) == 1
        return float(hits[0])

    assert consensus_pass(easy) == easy.p_pass == 1.0
    assert consensus_pass(hard) == hard.p_pass < 1.0
    assert f"{round(100 * hard.p_pass)}%" in cc.comparison_sentence(hard)


def test_comparison_table_has_both_rules_and_three_measures() -> None:
    table = cc.comparison_table(_consensus(0.02))
    assert set(table["rule"]) == set(cc.RULES)
    assert set(table["measure"]) == set(cc.MEASURES)
    assert len(table) == 6
    assert table["value"].between(0, 1).all()


def test_blockers_chart_shows_the_distribution() -> None:
    result = _consensus(0.05)
    table = cc.blockers_table(result)
    assert table["share"].sum() == pytest.approx(1.0)
    assert table.loc[0, "share"] == pytest.approx(result.blocker_distribution[0])
    sentence = cc.blockers_sentence(result)
    assert f"{round(100 * result.blocker_distribution[0])}%" in sentence


def _over_share(spec: dict[str, Any], over_years: float) -> float:
    label = f"over {over_years:g} years"
    return sum(row["share"] for row in _rows(spec) if row.get("band") == label)


def test_distribution_chart_more_runs_over_the_line_gives_higher_bars(delays) -> None:
    calm = _ratification(delays, [])
    slow = _ratification(delays, [r.Holdout("Hungary", extra_days=730)])
    calm_spec = rc.distribution_chart(calm, over_years=1.5).to_dict(validate=False)
    slow_spec = rc.distribution_chart(slow, over_years=1.5).to_dict(validate=False)
    assert _over_share(calm_spec, 1.5) == pytest.approx(calm.share_over(1.5))
    assert _over_share(slow_spec, 1.5) == pytest.approx(slow.share_over(1.5))
    assert _over_share(slow_spec, 1.5) > _over_share(calm_spec, 1.5)


def test_distribution_chart_marks_the_median_and_keeps_every_run(delays) -> None:
    result = _ratification(delays, [r.Holdout("Türkiye", slowest=3)])
    spec = rc.distribution_chart(result, over_years=2).to_dict(validate=False)
    medians = [row["years"] for row in _rows(spec) if "years" in row]
    assert medians and medians[0] == pytest.approx(result.median_years())
    table = rc.distribution_table(result, over_years=2)
    assert table["runs"].sum() == result.runs
    assert (table["share_to"] >= table["share_from"]).all()
    assert f"median is {result.median_years():.1f} years" in rc.distribution_sentence(result, 2)


def test_timeline_chart_has_every_finland_and_sweden_row() -> None:
    ratifications = data.ratifications()
    table = rc.timeline_table(ratifications)
    expected = ratifications["candidate"].astype(str).isin(["Finland", "Sweden"]).sum()
    assert len(table) == expected
    assert set(table["step_label"]) == set(rc.STEP_LABELS.values())
    spec = rc.timeline_chart(table).to_dict(validate=False)
    encoding = spec["encoding"]
    assert encoding["color"]["field"] == "candidate"
    assert encoding["x"]["type"] == "temporal"
    assert encoding["y"]["field"] == "ally"
    assert {t["field"] for t in encoding["tooltip"]} >= {"step_label", "candidate", "ally"}
    assert len(_rows(spec)) == expected
    sentence = rc.timeline_sentence(table)
    assert "2023-03-30 (Türkiye last)" in sentence
    assert "2024-02-26 (Hungary last)" in sentence


def test_timeline_follows_its_input() -> None:
    table = rc.timeline_table(data.ratifications())
    finland_only = table[table["candidate"] == "Finland"]
    spec = rc.timeline_chart(finland_only).to_dict(validate=False)
    assert {row["candidate"] for row in _rows(spec)} == {"Finland"}
    assert "Sweden" not in rc.timeline_sentence(finland_only).split(":")[1]
