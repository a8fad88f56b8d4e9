"""helpers.charts.escalation: each spec validates once, carries its description, names its
parameters, and shows the numbers the model produced."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import altair as alt
import pytest
from altair.utils import schemapi

from helpers.charts import escalation as esc
from helpers.models import crisis as cr
from helpers.models import incremental as inc

AUTO = re.compile(r"^(param|view|selector)_?\d+$")


def _datasets(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [row for rows in spec["datasets"].values() for row in rows]


def _params(spec: Any) -> list[str]:
    out: list[str] = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "params" and isinstance(value, list):
                out += [p["name"] for p in value if isinstance(p, dict) and "name" in p]
            out += _params(value)
    elif isinstance(spec, list):
        for item in spec:
            out += _params(item)
    return out


@pytest.fixture(scope="module")
def charts() -> dict[str, alt.TopLevelMixin]:
    s = replace(inc.default_scenario(), drift=0.03)
    return {
        "supporters": esc.crisis_chart(cr.payoff_curve(cr.SUPPORTERS_VIEW.params), "supporters"),
        "sceptics": esc.crisis_chart(cr.payoff_curve(cr.SCEPTICS_VIEW.params)),
        "steps": esc.steps_chart(inc.sweep_steps(s)),
        "quiet": esc.quiet_chart(inc.quiet_steps(s)),
        "quiet_sim": esc.quiet_chart(inc.quiet_steps(s), inc.simulate(s, 1, 5000)),
    }


@pytest.mark.parametrize("name", ["supporters", "sceptics", "steps", "quiet", "quiet_sim"])
def test_each_spec_validates_and_is_described(charts, name: str) -> None:
    chart = charts[name]
    spec = chart.to_dict()  # validates against the Vega-Lite 5 schema (once, here)
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v5")
    desc = spec["description"]
    assert desc.endswith(".") and desc.count(". ") == 0, "one sentence"
    assert not [n for n in _params(spec) if AUTO.match(n)]
    assert esc.spec(chart) == spec  # the unvalidated spec is the same spec


def test_builders_do_not_validate(monkeypatch) -> None:
    def refuse(*_: Any, **__: Any) -> None:
        raise AssertionError("validated inside a builder")

    monkeypatch.setattr(schemapi.SchemaBase, "validate", classmethod(refuse))
    s = inc.default_scenario()
    assert schemapi.DEBUG_MODE  # Altair's default: validate objects as they are built
    for chart in (
        esc.crisis_chart(cr.payoff_curve(cr.SUPPORTERS_VIEW.params)),
        esc.steps_chart(inc.sweep_steps(s)),
        esc.quiet_chart(inc.quiet_steps(s), inc.simulate(s, 2, 100)),
    ):
        assert esc.spec(chart)["description"]
    assert schemapi.DEBUG_MODE  # and the builders leave it as it was


def test_crisis_chart_shows_the_curve_and_marks_the_threshold(charts) -> None:
    curve = cr.payoff_curve(cr.SUPPORTERS_VIEW.params)
    spec = esc.spec(charts["supporters"])
    rows = _datasets(spec)
    press = {r["risk_level"]: r["payoff"] for r in rows if r.get("russia") == cr.PRESS_ON}
    assert len(press) == len(curve.risk_level)
    assert press[0.5] == pytest.approx(float(cr.russia_press_on(cr.SUPPORTERS_VIEW.params, 0.5)),
                                       abs=1e-3)  # fmt: skip
    t = curve.threshold.risk_level
    assert t is not None
    marks = [r for r in rows if "label" in r]
    assert marks == [{"risk_level": round(t, 4), "label": f"threshold r* = {t:.2f}"}]
    assert f"risk level {t:.2f}" in spec["description"]
    assert "(supporters)" in spec["description"]


def test_crisis_chart_without_a_reachable_threshold_has_no_mark(charts) -> None:
    spec = esc.spec(charts["sceptics"])
    assert not [r for r in _datasets(spec) if "label" in r]
    assert "no step in this range deters" in spec["description"]
    already = cr.with_changes(cr.SUPPORTERS_VIEW.params, accident_base=0.1, accident_max=0.2)
    desc = esc.crisis_sentence(cr.payoff_curve(already))
    assert "backing down pays Russia at least as much at every risk level" in desc


def test_steps_chart_reflects_the_sweep(charts) -> None:
    s = replace(inc.default_scenario(), drift=0.03)
    sweep = inc.sweep_steps(s)
    spec = esc.spec(charts["steps"])
    rows = _datasets(spec)
    cross = {r["step"]: r["value"] for r in rows
             if r["strategy"] == esc.SALAMI and r["measure"] == esc.CROSS}  # fmt: skip
    assert len(cross) == 20
    assert cross[round(float(sweep.step[0]), 4)] == pytest.approx(float(sweep.p_cross[0]), abs=1e-4)
    swoop = {r["value"] for r in rows if r["strategy"] == esc.SWOOP and r["measure"] == esc.CROSS}
    assert swoop == {round(sweep.fell_swoop.p_cross, 4)}
    assert "drift 0.03" in spec["description"] and "0.25 in one fell swoop" in spec["description"]
    assert "strategy_pick" in _params(spec)
    # a different drift gives a different chart
    other = esc.spec(esc.steps_chart(inc.sweep_steps(replace(s, drift=0.0))))
    assert other["description"] != spec["description"]


def test_quiet_chart_reflects_the_posterior(charts) -> None:
    s = replace(inc.default_scenario(), drift=0.03)
    q = inc.quiet_steps(s)
    spec = esc.spec(charts["quiet"])
    rows = _datasets(spec)
    post = {r["k"]: r["probability"] for r in rows if r["series"] == esc.POSTERIOR}
    assert post[0] == 0.5 and post[10] == pytest.approx(
        float(q.posterior_no_red_line[10]), abs=1e-4
    )
    assert {r["probability"] for r in rows if r["series"] == esc.PRIOR} == {0.5}
    assert not [r for r in rows if r["series"] == esc.SIMULATED]
    assert (
        f"to {float(q.posterior_no_red_line[10]):.2f} after 10 quiet steps" in spec["description"]
    )
    sim_rows = [r for r in _datasets(esc.spec(charts["quiet_sim"])) if r["series"] == esc.SIMULATED]
    assert len(sim_rows) == 11


def test_quiet_table_refuses_a_simulation_of_another_scenario() -> None:
    s = inc.default_scenario()
    other = inc.simulate(replace(s, step=0.5), 1, 100)
    with pytest.raises(ValueError, match=r"^simulated:"):
        esc.quiet_table(inc.quiet_steps(s), other)


def test_tables_are_tidy_and_small() -> None:
    s = inc.default_scenario()
    assert list(esc.crisis_table(cr.payoff_curve(cr.SCEPTICS_VIEW.params)).columns) == [
        "risk_level", "russia", "payoff", "escalation_probability"]  # fmt: skip
    assert len(esc.steps_table(inc.sweep_steps(s))) == 80
    assert len(esc.quiet_table(inc.quiet_steps(s))) == 33
