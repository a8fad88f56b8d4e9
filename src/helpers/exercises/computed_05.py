"""Keys and values computed from the data for lesson 05's bank (see computed.py).

The timeline item's key comes from ``ratifications.csv``; the simulator items' keys and values
come from the explorer's own model run (:func:`helpers.models.ratification_settings.run`,
fixed runs and seed), so a student who sets the controls as the question says reads exactly
the key, and 05.sim-no-extra's explanation quotes the share the student sees with no extra
years.
"""

from __future__ import annotations

from typing import Any

from .computed_registry import Fields, key_function, value_function

SIM_QUESTION = {
    "holdouts": ("Hungary", "Türkiye"),
    "slowest": 4,
    "extra_years": 0.5,
    "over_years": 2.0,
}
"""The simulator settings item 05.sim-holdouts asks a student to choose."""


def _last(candidate: str) -> tuple[str, Any]:
    from helpers import data
    from helpers.analysis import accession

    return accession.last_approval(data.ratifications(), candidate)


@key_function("l05_last_approval_gap_days")
def _gap_days(fields: Fields) -> int:
    from helpers import data
    from helpers.analysis import accession

    return accession.last_approval_gap_days(data.ratifications(), "Finland", "Sweden")


def _describe_last(candidate: str) -> str:
    ally, day = _last(candidate)
    return f"{ally} on {day.day} {day:%B %Y}"


@value_function("l05_last_approval_finland")
def _last_finland() -> str:
    return _describe_last("Finland")


@value_function("l05_last_approval_sweden")
def _last_sweden() -> str:
    return _describe_last("Sweden")


@value_function("l05_accession_gap_days")
def _accession_gap() -> int:
    from helpers import data
    from helpers.analysis import accession

    members = data.members()
    return (
        accession.accession_date(members, "Sweden") - accession.accession_date(members, "Finland")
    ).days


def _sim(**changes: Any) -> Any:
    from helpers.models import ratification_settings as sim

    settings = sim.Settings(**{**SIM_QUESTION, **changes})
    return sim.stats(sim.run(settings), settings)


@key_function("l05_sim_share_over_two_years_pct")
def _sim_share(fields: Fields) -> int:
    return round(100 * _sim().share_over)


@value_function("l05_sim_share_no_extra_pct")
def _sim_share_no_extra() -> int:
    return round(100 * _sim(extra_years=0.0).share_over)


@value_function("l05_sim_share_over_one_year_pct")
def _sim_share_over_one_year() -> float:
    """Slip: 'Count runs over' left at one year."""
    return 100 * _sim(over_years=1.0).share_over


@value_function("l05_longest_past_delay_days")
def _longest_past_delay() -> int:
    from helpers.models import ratification

    return int(ratification.past_delays()["delay_days"].max())


@key_function("l05_share_past_delays_over_a_year")
def _share_long(fields: Fields) -> float:
    from helpers.models import ratification

    delays = ratification.past_delays()["delay_days"]
    return float((delays > 365.25).mean())
