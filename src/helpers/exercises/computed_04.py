"""Keys and values computed from the data and the consensus model for lesson 04's bank.

Model keys go through :mod:`helpers.models.consensus_settings` (the simulator's pure
settings), the same path the lesson's simulator takes, with the same seed and number of
runs: a key is exactly the number the student reads off the chart after setting the controls
the question names.
"""

from __future__ import annotations

from typing import Any

from .computed_registry import Fields, key_function, value_function

OTHERS_BLOCK_CHANCE = 0.02  # the assumption the simulator questions ask the student to set
BLOC_RHO = 0.8
DILUTION_FLOOR, DILUTION_STEPS = 0.5, 2


def _nsatu_with_others_blocking() -> Any:
    from helpers.models import consensus_settings as sim
    from helpers.models.consensus import OTHERS

    return sim.with_role(sim.preset_settings("nsatu_2024"), OTHERS, p_block=OTHERS_BLOCK_CHANCE)


@key_function("sim_nsatu_others_block_pass_pct")
def _sim_pass_pct(fields: Fields) -> int:
    """NSATU preset, every other ally blocks with chance 0.02: % of runs it goes ahead."""
    from helpers.models import consensus_settings as sim

    return round(100 * sim.simulate(_nsatu_with_others_blocking()).p_pass)


@key_function("sim_nsatu_dilution_option")
def _sim_dilution_option(fields: Fields) -> str:
    """Which option describes watering down (to half, in two steps) in the same setting.

    a: nothing changes; b: it goes ahead less often; c: consensus delivers more than the
    coalition; d: consensus goes ahead more often, yet delivers less on average than the
    coalition. Computed from the model, so the key follows the simulation.
    """
    from helpers.models import consensus_settings as sim

    plain = _nsatu_with_others_blocking()
    diluted = sim.with_dilution(plain, DILUTION_FLOOR, DILUTION_STEPS)
    before, after = sim.simulate(plain), sim.simulate(diluted)
    if after.p_pass < before.p_pass:
        return "b"
    if after.expected_delivered > after.coalition_expected_size:
        return "c"
    if after.p_pass == before.p_pass and after.expected_delivered == before.expected_delivered:
        return "a"
    return "d"


@key_function("sim_nsatu_bloc_pass_pct")
def _sim_bloc_pct(fields: Fields) -> int:
    """As above, but every other ally moves as one bloc with rho 0.8: % of runs passing."""
    from helpers.models import consensus_settings as sim

    settings = sim.with_blocs(_nsatu_with_others_blocking(), "others", BLOC_RHO)
    return round(100 * sim.simulate(settings).p_pass)


US_OPT_OUT_CHANCE = 0.5  # the assumption the US opt-out question asks the student to set


@key_function("sim_nsatu_us_optout_option")
def _sim_us_optout_option(fields: Fields) -> str:
    """NSATU as recorded, then the United States opts out with chance 0.5: which option.

    a: consensus delivers far less than the coalition, which is unaffected; b: both rules
    lose about the same; c: consensus fails about half the time; d: nothing changes.
    Computed from the model, so the key follows the simulation.
    """
    from helpers.models import consensus_settings as sim

    recorded = sim.preset_settings("nsatu_2024")
    changed = sim.with_role(recorded, "United States", p_opt_out=US_OPT_OUT_CHANCE)
    before, after = sim.simulate(recorded), sim.simulate(changed)
    lost_consensus = before.expected_delivered - after.expected_delivered
    lost_coalition = before.coalition_expected_size - after.coalition_expected_size
    if lost_consensus < 0.01 and lost_coalition < 0.01:
        return "d"
    if after.p_pass < 0.75:
        return "c"
    if abs(lost_consensus - lost_coalition) <= 0.02:
        return "b"
    return "a"


@key_function("lull_europe_share_pct")
def _lull_europe_share(fields: Fields) -> int:
    """European donors' share (%) of military allocations, October 2023 to March 2024."""
    from helpers import data
    from helpers.analysis import aid_lull
    from helpers.analysis.aid_series import EUROPE

    return round(aid_lull.group_share_pct(data.military_aid_monthly(), EUROPE, aid_lull.LULL))


@value_function("l04_lull_us_share_pct")
def _lull_us_share() -> float:
    """Slip: the United States' share over the same six months."""
    from helpers import data
    from helpers.analysis import aid_lull
    from helpers.analysis.aid_series import US

    return aid_lull.group_share_pct(data.military_aid_monthly(), US, aid_lull.LULL)


@value_function("l04_lull_europe_share_of_two_pct")
def _lull_europe_share_of_two() -> float:
    """Slip: Europe divided by the United States plus Europe, leaving out the other donors."""
    from helpers import data
    from helpers.analysis import aid_series
    from helpers.analysis.aid_lull import LULL

    monthly = data.military_aid_monthly()
    europe = aid_series.period_total(monthly, aid_series.EUROPE, *LULL)
    us = aid_series.period_total(monthly, aid_series.US, *LULL)
    return 100 * europe / (europe + us)


@value_function("l04_lull_europe_share_with_april_pct")
def _lull_europe_share_with_april() -> float:
    """Slip: the window run on to April 2024, when the supplemental was signed."""
    from helpers import data
    from helpers.analysis import aid_lull
    from helpers.analysis.aid_series import EUROPE

    window = (aid_lull.LULL[0], "2024-04")
    return aid_lull.group_share_pct(data.military_aid_monthly(), EUROPE, window)


@value_function("l04_lull_europe_mean_monthly_share_pct")
def _lull_europe_mean_monthly_share() -> float:
    """Slip: the average of the six monthly shares instead of the share of the totals."""
    from helpers import data
    from helpers.analysis import aid_series
    from helpers.analysis.aid_lull import LULL

    wide = aid_series.monthly_wide(data.military_aid_monthly(), start=LULL[0], end=LULL[1])
    return float((100 * wide[aid_series.EUROPE] / wide["Total"]).mean())


@key_function("udcg_nonally_pct_june2024")
def _nonally_june_2024(fields: Fields) -> int:
    """% of participants at the contact-group meeting of 13 June 2024 that were not allies."""
    from helpers.analysis import contact_group

    return round(contact_group.meeting_share(contact_group.JUNE_2024))


def _june_2024_meeting() -> Any:
    from helpers import data
    from helpers.analysis import contact_group

    table = contact_group.non_ally_shares(data.contact_group(), data.members())
    return table.set_index("meeting_number").loc[contact_group.JUNE_2024]


@value_function("l04_udcg_ally_pct_june2024")
def _ally_share_june_2024() -> float:
    """Slip: the allies' share of the participants."""
    return 100 - float(_june_2024_meeting()["non_ally_pct"])


@value_function("l04_udcg_nonallies_per_ally_pct_june2024")
def _nonallies_per_ally_june_2024() -> float:
    """Slip: non-allies divided by the allies instead of by the participants."""
    row = _june_2024_meeting()
    return 100 * float(row["non_allies"]) / float(row["allies_that_day"])


@value_function("l04_udcg_nonally_pct_june2024_with_30_allies")
def _nonally_june_2024_with_30() -> float:
    """Slip: the 2022 count of 30 allies used for June 2024."""
    participants = float(_june_2024_meeting()["participants"])
    return 100 * (participants - 30) / participants


@key_function("udcg_nonally_pct_may2022")
def _nonally_may_2022(fields: Fields) -> float:
    """Code corner: the same share for 23 May 2022, unrounded."""
    from helpers.analysis import contact_group

    return contact_group.meeting_share(contact_group.MAY_2022)
