"""helpers.models.crisis: expected payoffs, the closed-form threshold, the solved game and a
Monte Carlo run that matches the analytic escalation probability."""

from __future__ import annotations

import math
from dataclasses import fields

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.models import crisis
from helpers.models.crisis import (
    BACK_DOWN,
    PRESS_ON,
    SCEPTICS_VIEW,
    SUPPORTERS_VIEW,
    CrisisParams,
    with_changes,
)


def make(**kw: float) -> CrisisParams:
    base = {
        "stake_allies": 50.0,
        "stake_russia": 30.0,
        "cost_escalation_allies": 300.0,
        "cost_escalation_russia": 90.0,
        "accident_base": 0.0,
        "accident_max": 0.5,
        "rounds": 2,
        "step_cost_allies": 0.0,
    }
    return CrisisParams(**{**base, **kw})  # type: ignore[arg-type]


# ---------------------------------------------------------------- payoffs by hand


def test_payoffs_by_hand() -> None:
    p = make()
    # r = 0.2: p = 0.1 per round, two rounds: P = 1 - 0.9² = 0.19.
    assert float(crisis.accident_per_round(p, 0.2)) == pytest.approx(0.1)
    assert float(crisis.escalation_probability(p, 0.2)) == pytest.approx(0.19)
    assert float(crisis.russia_press_on(p, 0.2)) == pytest.approx(0.81 * 30 - 0.19 * 90)
    assert float(crisis.allies_payoff(p, 0.2, PRESS_ON)) == pytest.approx(-0.19 * 300)
    assert float(crisis.allies_payoff(p, 0.2, BACK_DOWN)) == 50.0
    out = crisis.expected_payoffs(with_changes(p, step_cost_allies=10.0), 0.2, PRESS_ON)
    assert (out.allies, out.russia) == pytest.approx((-0.19 * 300 - 2.0, 0.81 * 30 - 0.19 * 90))
    assert out.escalation_probability == pytest.approx(0.19)
    assert crisis.expected_payoffs(p, 0.2, BACK_DOWN) == crisis.Payoffs(50.0, 0.0, 0.0)


def test_threshold_closed_form_by_hand() -> None:
    # P* = 30 / (30 + 90) = 1/4; p* = 1 - sqrt(3/4); r* = p* / 0.5.
    t = crisis.threshold(make())
    assert t.escalation_probability == pytest.approx(0.25)
    assert t.accident_per_round == pytest.approx(1 - math.sqrt(0.75))
    assert t.risk_level == pytest.approx(2 * (1 - math.sqrt(0.75)))
    # one round, base 0.05, max 0.45, v = 1, c = 3: p* = 1/4 → r* = 0.2 / 0.4 = 0.5
    one = make(stake_russia=1.0, cost_escalation_russia=3.0, rounds=1, accident_base=0.05,
               accident_max=0.45)  # fmt: skip
    assert crisis.threshold(one).risk_level == pytest.approx(0.5)


def test_backing_down_becomes_best_exactly_at_the_threshold() -> None:
    p = make()
    r = crisis.threshold(p).risk_level
    assert r is not None
    assert float(crisis.russia_press_on(p, r)) == pytest.approx(0.0, abs=1e-12)
    assert crisis.russia_best_response(p, r - 1e-6) == PRESS_ON
    assert crisis.russia_best_response(p, r) == BACK_DOWN
    assert crisis.russia_best_response(p, min(1.0, r + 1e-6)) == BACK_DOWN


def test_threshold_out_of_reach_and_already_deterring() -> None:
    far = crisis.threshold(make(accident_max=0.1))
    assert far.risk_level is None and far.unclipped > 1 and "No risk level" in far.note
    flat = crisis.threshold(make(accident_base=0.1, accident_max=0.1))
    assert flat.risk_level is None and math.isinf(flat.unclipped)
    already = crisis.threshold(make(accident_base=0.4))
    assert already.risk_level == 0.0 and "no new step" in already.note
    assert crisis.russia_best_response(make(accident_base=0.4), 0.0) == BACK_DOWN


PARAMS = st.builds(
    make,
    stake_russia=st.floats(0, 200),
    cost_escalation_russia=st.floats(1, 2000),
    accident_base=st.floats(0, 0.2),
    accident_max=st.floats(0.2, 1),
    rounds=st.integers(1, 30),
)


@given(PARAMS)
def test_the_threshold_splits_russias_best_responses(p: CrisisParams) -> None:
    t = crisis.threshold(p)
    grid = np.linspace(0, 1, 201)
    press = crisis.russia_press_on(p, grid)
    scale = max(1.0, p.stake_russia, p.cost_escalation_russia)
    if t.risk_level is None:
        assert np.all(press > -1e-9 * scale)
    else:
        assert np.all(press[grid > t.risk_level + 1e-9] < 1e-9 * scale)
        assert np.all(press[grid < t.risk_level - 1e-9] > -1e-9 * scale)


@given(PARAMS, st.floats(1, 500))
def test_a_costlier_war_for_russia_never_raises_the_threshold(p: CrisisParams, extra) -> None:
    before = crisis.threshold(p).unclipped
    after = crisis.threshold(
        with_changes(p, cost_escalation_russia=p.cost_escalation_russia + extra)
    )
    assert after.unclipped <= before + 1e-12


@given(PARAMS)
def test_escalation_probability_rises_with_risk(p: CrisisParams) -> None:
    prob = crisis.escalation_probability(p, np.linspace(0, 1, 51))
    assert np.all(np.diff(prob) >= -1e-15) and np.all((prob >= 0) & (prob <= 1))


# ---------------------------------------------------------------- the solved game


def test_supporters_view_deters_with_the_smallest_deterring_step() -> None:
    p = SUPPORTERS_VIEW.params
    t = crisis.threshold(p)
    assert t.risk_level is not None and 0 < t.risk_level < 0.3
    sol = crisis.solve_crisis(p)  # levels 0, 0.3, 0.6, 1.0
    assert sol.risk_level == 0.3 and sol.russia_action == BACK_DOWN
    assert sol.escalation_probability == 0.0
    assert sol.allies_payoff == pytest.approx(p.stake_allies - 0.3 * p.step_cost_allies)
    assert sol.solution.path[0].action == "r=0.3"
    assert crisis.allies_best_risk(p) == pytest.approx(t.risk_level)


def test_sceptics_view_no_step_deters_so_the_allies_hold() -> None:
    p = SCEPTICS_VIEW.params
    assert crisis.threshold(p).risk_level is None
    sol = crisis.solve_crisis(p)
    assert sol.risk_level == 0.0 and sol.russia_action == PRESS_ON
    assert sol.escalation_probability == pytest.approx(1 - 0.99**6)
    assert sol.allies_payoff == pytest.approx(-(1 - 0.99**6) * 1000)
    assert crisis.allies_best_risk(p) == 0.0


@given(PARAMS, st.floats(0, 20), st.lists(st.floats(0, 1), min_size=1, max_size=5, unique=True))
def test_backward_induction_agrees_with_brute_force(p: CrisisParams, cost, levels) -> None:
    p = with_changes(p, step_cost_allies=cost)
    sol = crisis.solve_crisis(p, levels)

    def allies_value(r: float) -> float:
        return float(crisis.allies_payoff(p, r, crisis.russia_best_response(p, r)))

    best = max(allies_value(r) for r in levels)
    assert sol.allies_payoff == pytest.approx(best, abs=1e-6)
    assert sol.russia_action in (BACK_DOWN, PRESS_ON)


def test_simultaneous_version_the_allies_hold_back() -> None:
    sol = crisis.solve_crisis_game(SUPPORTERS_VIEW.params, step_up=0.6)
    assert sol.pure == (("hold at r=0", PRESS_ON),)
    assert sol.dominant_row == "hold at r=0"
    game = sol.game
    assert game.row_player == "Allies" and game.col_actions == (BACK_DOWN, PRESS_ON)
    with pytest.raises(ValueError, match=r"^step_up:"):
        crisis.crisis_game(SUPPORTERS_VIEW.params, step_up=0.2, hold=0.5)


def test_payoff_curve_matches_the_functions() -> None:
    p = SUPPORTERS_VIEW.params
    c = crisis.payoff_curve(p, points=11)
    assert c.risk_level.tolist() == pytest.approx([i / 10 for i in range(11)])
    assert c.russia_press_on[3] == pytest.approx(float(crisis.russia_press_on(p, 0.3)))
    assert np.all(c.russia_back_down == 0) and c.threshold == crisis.threshold(p)
    with pytest.raises(ValueError, match=r"^points:"):
        crisis.payoff_curve(p, points=1)


# ---------------------------------------------------------------- Monte Carlo


@pytest.mark.parametrize("r", [0.0, 0.1, 0.37, 0.8, 1.0])
@pytest.mark.parametrize("seed", [1, 2])
def test_simulated_escalation_matches_the_analytic_probability(r: float, seed: int) -> None:
    p = SCEPTICS_VIEW.params
    sim = crisis.simulate_crisis(p, np.random.default_rng(seed), 40_000, risk_level=r,
                                 russia=PRESS_ON)  # fmt: skip
    assert sim.analytic_probability == pytest.approx(float(crisis.escalation_probability(p, r)))
    assert abs(sim.escalation_frequency - sim.analytic_probability) <= 4 * sim.standard_error
    prob = sim.analytic_probability
    sd_pay = (p.stake_russia + p.cost_escalation_russia) * math.sqrt(prob * (1 - prob))
    assert abs(sim.mean_payoff_russia - sim.analytic_payoff_russia) <= 4 * sd_pay / 200 + 1e-9


@given(PARAMS, st.floats(0, 1))
def test_simulation_within_sampling_error_for_any_parameters(p: CrisisParams, r: float) -> None:
    sim = crisis.simulate_crisis(p, 7, 20_000, risk_level=r, russia=PRESS_ON)
    se = max(sim.standard_error, 1e-12)
    assert abs(sim.escalation_frequency - sim.analytic_probability) <= 5 * se + 1e-12
    assert 1 <= (sim.mean_round_of_escalation if sim.escalations else 1) <= p.rounds


def test_simulation_defaults_and_reproducibility() -> None:
    p = SUPPORTERS_VIEW.params
    sim = crisis.simulate_crisis(p, 3)  # the Allies' best level, Russia's best reply
    assert sim.risk_level == pytest.approx(crisis.threshold(p).risk_level)
    assert sim.russia_action == BACK_DOWN and sim.escalations == 0
    assert sim.mean_payoff_allies == pytest.approx(sim.analytic_payoff_allies)
    a = crisis.simulate_crisis(p, 11, 500, risk_level=0.5, russia=PRESS_ON)
    b = crisis.simulate_crisis(p, np.random.default_rng(11), 500, risk_level=0.5, russia=PRESS_ON)
    assert a == b
    c = crisis.simulate_crisis(p, 12, 500, risk_level=0.5, russia=PRESS_ON)
    assert (
        c.escalations != a.escalations or c.mean_round_of_escalation != a.mean_round_of_escalation
    )


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"runs": 0}, "runs"),
        ({"runs": 2.5}, "runs"),
        ({"risk_level": 1.5}, "risk_level"),
        ({"risk_level": float("nan")}, "risk_level"),
        ({"russia": "negotiate"}, "russia"),
        ({"rng": "seed"}, "rng"),
    ],
)
def test_simulation_input_errors_name_the_field(kwargs: dict, field: str) -> None:
    args = {"params": SUPPORTERS_VIEW.params, "rng": 1, **kwargs}
    with pytest.raises(ValueError, match=rf"^{field}:"):
        crisis.simulate_crisis(**args)


# ---------------------------------------------------------------- assumptions on screen


def test_every_parameter_has_a_label_and_an_assumption_note() -> None:
    names = [f.name for f in fields(CrisisParams)]
    assert list(crisis.PARAMETERS) == names
    shown = crisis.describe_parameters(SUPPORTERS_VIEW.params)
    assert [v.name for v in shown] == names
    for v in shown:
        assert v.label and v.note.startswith("ASSUMPTION:")
        assert v.value == float(getattr(SUPPORTERS_VIEW.params, v.name))
    for info in crisis.PARAMETERS.values():
        assert info.low <= getattr(SUPPORTERS_VIEW.params, info.name) <= info.high
        assert info.low <= getattr(SCEPTICS_VIEW.params, info.name) <= info.high


def test_assumption_sets_are_labelled_as_assumptions() -> None:
    assert set(crisis.ASSUMPTION_SETS) == {"supporters", "sceptics"}
    for s in crisis.ASSUMPTION_SETS.values():
        assert "assumption set" in s.name and "not an estimate" in s.caveat
    assert "bluff" in SUPPORTERS_VIEW.summary and "unknowable" in SCEPTICS_VIEW.summary
    for step in crisis.SUPPORT_STEPS[1:]:
        assert step.note.startswith("ASSUMPTION:")


@pytest.mark.parametrize(
    "field,value",
    [
        ("stake_allies", -1.0),
        ("stake_russia", float("inf")),
        ("cost_escalation_allies", 0.0),
        ("cost_escalation_russia", -5.0),
        ("accident_base", 1.2),
        ("accident_max", -0.1),
        ("rounds", 0),
        ("rounds", 2.5),
        ("rounds", True),
        ("step_cost_allies", 400.0),
    ],
)
def test_bad_parameters_name_the_field(field: str, value: float) -> None:
    with pytest.raises(ValueError, match=rf"^{field}:"):
        make(**{field: value})


def test_accident_max_below_base_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^accident_max:"):
        make(accident_base=0.3, accident_max=0.2)
    with pytest.raises(ValueError, match=r"^bogus:"):
        with_changes(make(), bogus=1.0)


@given(st.sampled_from([f.name for f in fields(CrisisParams)]),
       st.one_of(st.none(), st.text(max_size=3), st.just(float("nan"))))  # fmt: skip
def test_any_non_number_is_refused_by_name(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=rf"^{field}:"):
        make(**{field: value})  # type: ignore[arg-type]
