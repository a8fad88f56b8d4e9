"""Keys and values computed from the data and the models for lesson 06's bank (see computed.py).

The model items fix their parameters here, so the key is what the lesson's explorer shows
once the student sets the controls as the question says; no key is typed into the bank.
"""

from __future__ import annotations

from typing import Any

from .computed_registry import Fields, key_function, value_function

# The settings the bank's questions name (keep the question text in step with these).
CRISIS_STAKE_RUSSIA = 100.0  # 06.crisis-threshold: supporters' set, stake to Russia raised
SCEPTIC_PRIOR = 0.2  # 06.quiet: the chance of "no red line" a sceptic starts from
COUNCIL_BLOCK_CHANCE = 0.02  # 06.council: each ally's assumed chance of blocking
TWO_SETS_STEP = "longer-range weapons"  # 06.crisis-two-sets: the step compared with none


def _step_chances(view: str) -> tuple[float, float]:
    """Escalation chances (%) under one assumption set (``"sceptics"`` or ``"supporters"``):
    with :data:`TWO_SETS_STEP`, and with no new step."""
    from helpers.models import crisis as cr

    params = cr.ASSUMPTION_SETS[view].params
    by_name = {o.step.name: o for o in cr.step_outcomes(params)}
    if TWO_SETS_STEP not in by_name:
        raise ValueError(f"06.crisis-two-sets: no named step {TWO_SETS_STEP!r}")
    step, hold = by_name[TWO_SETS_STEP], by_name["no new step"]
    return 100 * step.escalation_probability, 100 * hold.escalation_probability


@key_function("l06_crisis_sceptics_step_cost_pts")
def _crisis_sceptics_step(fields: Fields) -> float:
    """Sceptics' set: how many percentage points the named step adds to the escalation chance."""
    with_step, no_step = _step_chances("sceptics")
    return round(with_step - no_step, 1)


@key_function("l06_crisis_threshold_stake100")
def _crisis_threshold(fields: Fields) -> float:
    """Risk level from which backing down is Russia's best response (two decimals)."""
    from helpers.models import crisis as cr

    params = cr.with_changes(cr.SUPPORTERS_VIEW.params, stake_russia=CRISIS_STAKE_RUSSIA)
    level = cr.threshold(params).risk_level
    if level is None:
        raise ValueError("06.crisis-threshold: no risk level deters with these assumptions")
    return round(level, 2)


def _sceptic_quiet_steps() -> Any:
    """The quiet-steps result for the default steps from the sceptic's 0.2 prior."""
    from dataclasses import replace

    from helpers.models import incremental as inc

    scenario = replace(inc.default_scenario(), p_no_red_line=SCEPTIC_PRIOR)
    return inc.quiet_steps(scenario)


@key_function("l06_quiet_sceptic_posterior_pct")
def _quiet_sceptic(fields: Fields) -> float:
    """Chance of 'no red line' after every default step passed quietly, from a 0.2 prior (%)."""
    return round(100 * float(_sceptic_quiet_steps().posterior_no_red_line[-1]), 1)


@value_function("l06_quiet_sceptic_steps_if_real_pct")
def _quiet_if_real() -> float:
    """Slip: the chance of ten quiet steps if the red line is real (%), not the posterior."""
    return 100 * float(_sceptic_quiet_steps().p_quiet_if_real[-1])


# Option ids of 06.drift, by what the step-size chart shows with zero drift.
DRIFT_OPTIONS = {"lower": "a", "higher": "b", "same": "c"}


@key_function("l06_zero_drift_option")
def _zero_drift(fields: Fields) -> str:
    """Which option describes the crossing chance of small steps vs one swoop at zero drift."""
    import numpy as np

    from helpers.models import incremental as inc

    sweep = inc.sweep_steps(inc.default_scenario())
    swoop = sweep.fell_swoop.p_cross
    if np.allclose(sweep.p_cross, swoop, atol=1e-9):
        outcome = "same"
    elif np.all(sweep.p_cross <= swoop + 1e-9):
        outcome = "lower"
    else:
        outcome = "higher"
    option = DRIFT_OPTIONS[outcome]
    if option not in fields.get("options", {option: ""}):
        raise ValueError(f"06.drift: option {option!r} is missing from the bank")
    return option


def council_any_block_pct(block_chance: float = COUNCIL_BLOCK_CHANCE) -> float:
    """Chance (%) that at least one ally blocks, all allies deciding independently."""
    from helpers import data
    from helpers.models import consensus as con

    allies = [con.Ally(f"ally {i + 1}", p_block=block_chance) for i in range(len(data.members()))]
    return round(100 * (1 - con.exact_pass_probability(allies)), 1)


@key_function("l06_council_any_block_pct")
def _council(fields: Fields) -> float:
    return council_any_block_pct()


@value_function("l06_council_all_agree_pct")
def _council_all_agree() -> float:
    """Slip: the chance that every ally agrees (the table's figure, not its complement)."""
    return round(100 - council_any_block_pct(), 1)


@value_function("l06_council_sum_of_chances_pct")
def _council_sum() -> float:
    """Slip: each ally's chance added up (2% times the number of allies)."""
    from helpers import data

    return 100 * COUNCIL_BLOCK_CHANCE * len(data.members())


@value_function("l06_crisis_sceptics_with_step_pct")
def _crisis_with_step() -> float:
    """Slip: the chance of escalation with the step, not the difference."""
    return _step_chances("sceptics")[0]


@value_function("l06_crisis_sceptics_no_step_pct")
def _crisis_no_step() -> float:
    """Slip: the chance of escalation without the step, not the difference."""
    return _step_chances("sceptics")[1]


@value_function("l06_crisis_sceptics_ratio")
def _crisis_ratio() -> float:
    """Slip: one chance divided by the other instead of subtracted."""
    with_step, no_step = _step_chances("sceptics")
    return with_step / no_step


@value_function("l06_crisis_supporters_step_cost_pts")
def _crisis_supporters_step() -> float:
    """Slip: the same difference under the supporters' set, where the game starts."""
    with_step, no_step = _step_chances("supporters")
    return with_step - no_step


@key_function("l06_steps_without_followed")
def _without_followed(fields: Fields) -> int:
    """Code corner: allied steps since the full-scale invasion with no 'followed' entry."""
    from helpers import data
    from helpers.analysis import escalation as an

    steps = an.allied_steps(data.weapon_decisions())
    return int(steps["followed"].isna().sum())
