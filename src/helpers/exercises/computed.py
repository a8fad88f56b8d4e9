"""Keys and values computed from the course data, by registered name.

A bank names a key function (``key_function = "allies_count"``) or value functions for
``{placeholders}`` in its text; this module is where those names are looked up
(:func:`key`, :func:`value`). Names, not dotted import paths: a bank can only call what is
registered, and a correction to the data changes the key without touching the bank.

The registry itself is :mod:`helpers.exercises.computed_registry`. This module registers
lessons 00–03's names and imports every later lesson's module (``computed_NN.py``, each
registering its own), so every name is registered once this module is imported.

Key functions take the entry's fields (options, items…) so that a key can be chosen among
the options the bank lists; value functions and Code-corner keys take nothing.
"""

from __future__ import annotations

from typing import Any

# Each later lesson registers its own names in a module of its own.
from . import computed_04, computed_05, computed_06, computed_07  # noqa: F401
from .computed_registry import (
    KEY_FUNCTIONS,
    VALUE_FUNCTIONS,
    Fields,
    key,
    key_function,
    value,
    value_function,
)

__all__ = [
    "KEY_FUNCTIONS",
    "VALUE_FUNCTIONS",
    "Fields",
    "key",
    "key_function",
    "value",
    "value_function",
]


# --------------------------------------------------------------------------- membership


def _founders() -> set[str]:
    from helpers import data

    members = data.members()
    return set(members.loc[members["enlargement_round"] == 0, "country"])


def _options_in(fields: Fields, names: set[str]) -> list[str]:
    return [oid for oid, label in fields.get("options", {}).items() if label in names]


@key_function("options_that_are_founders")
def _options_founders(fields: Fields) -> list[str]:
    return _options_in(fields, _founders())


@key_function("allies_count")
def _allies_count(fields: Fields) -> int:
    from helpers import data

    return len(data.members())


@key_function("allies_joined_after_bucharest")
def _joined_after_bucharest(fields: Fields) -> int:
    from helpers import data
    from helpers.analysis import membership

    return membership.joined_after(data.members(), membership.BUCHAREST_SUMMIT)


@value_function("l01_joined_after_2009")
def _joined_after_2009() -> int:
    """Slip: the 2009 round counted as if it came before the summit."""
    from datetime import date

    from helpers import data
    from helpers.analysis import membership

    return membership.joined_after(data.members(), date(2009, 12, 31))


@value_function("l01_rounds_after_bucharest")
def _rounds_after_bucharest() -> int:
    """Slip: enlargement rounds after the summit counted instead of countries."""
    from helpers import data
    from helpers.analysis import membership

    rounds = membership.rounds(data.members())
    return int((rounds["year"] > membership.BUCHAREST_SUMMIT.year).sum())


@key_function("allies_by_end_of_1990")
def _allies_by_1990(fields: Fields) -> int:
    from helpers import data
    from helpers.analysis import membership

    return membership.allies_in_year(data.members(), 1990)


@key_function("allies_joined_since_1999")
def _joined_since_1999(fields: Fields) -> int:
    from helpers import data
    from helpers.analysis import membership

    return membership.joined_since(data.members(), 1999)


@key_function("options_joined_after_founding_act")
def _options_after_founding_act(fields: Fields) -> list[str]:
    from helpers import data
    from helpers.analysis import membership, timeline

    barred = set(
        membership.joined_between(
            data.members(), timeline.DRAFT_AGREEMENT_LINE, timeline.DRAFTS_PUBLISHED
        )
    )
    return _options_in(fields, barred)


# --------------------------------------------------------------------------- timeline


def _events() -> Any:
    from helpers import data
    from helpers.analysis import timeline

    return timeline.explorer_table(data.timeline())


@key_function("timeline_order_of_items")
def _timeline_order(fields: Fields) -> list[str]:
    from helpers.analysis import timeline

    return timeline.order_key(fields.get("items", {}), _events())


@key_function("kyiv_laws_before_2022")
def _kyiv_laws(fields: Fields) -> int:
    events = _events()
    return len(events[(events["category"] == "ukraine_policy") & (events["year"] < 2022)])


@key_function("rada_2019_margin_votes")
def _rada_margin(fields: Fields) -> float:
    from helpers import data

    return data.fact("rada_votes_2019_amendment") - data.fact("rada_constitutional_majority")


# --------------------------------------------------------------------------- aid and spending


def _aid() -> Any:
    from helpers import data

    return data.military_aid()


@key_function("us_share_of_commitments_pct")
def _us_share(fields: Fields) -> int:
    from helpers.analysis import donors

    return round(donors.share_pct(_aid(), "United States", "committed"))


@key_function("germany_allocation_rate_pct")
def _germany_rate(fields: Fields) -> int:
    from helpers.analysis import donors

    return round(donors.allocation_rate_pct(_aid(), "Germany"))


@value_function("l03_germany_committed_over_allocated_pct")
def _germany_rate_reversed() -> float:
    """Slip: Germany's committed figure divided by its allocated one."""
    from helpers.analysis import donors

    return 10_000 / donors.allocation_rate_pct(_aid(), "Germany")


@key_function("allies_crossed_two_percent")
def _crossed(fields: Fields) -> int:
    from helpers import data
    from helpers.analysis import defence_spending

    return len(defence_spending.crossed_threshold(data.defence_spending()))


@value_function("l03_crossed_with_later_members")
def _crossed_with_later_members() -> int:
    """Slip: the count that keeps the countries that joined NATO after 2014."""
    from helpers import data
    from helpers.analysis import defence_spending

    spending = data.defence_spending()
    return len(defence_spending.crossed_threshold(spending, allies_of_2014_only=False))


@key_function("aid_total_allocated")
def _aid_total(fields: Fields) -> float:
    from helpers.analysis import donors

    return donors.total(_aid(), "allocated")


@value_function("aid_naive_total_allocated")
def _naive_total() -> float:
    from helpers.analysis import donors

    return donors.naive_total(_aid(), "allocated")


@value_function("allies_at_or_above_2pct_2024")
def _above_2024() -> int:
    from helpers import data
    from helpers.analysis import defence_spending

    return defence_spending.at_or_above(data.defence_spending(), 2024)


@value_function("allies_at_or_above_2pct_2014")
def _above_2014() -> int:
    from helpers import data
    from helpers.analysis import defence_spending

    return defence_spending.at_or_above(data.defence_spending(), 2014)


# --------------------------------------------------------------------------- lesson 00 chart


@key_function("joined_2000_to_2009")
def _joined_2000s(fields: Fields) -> int:
    from helpers import data
    from helpers.analysis import membership

    table = membership.rounds(data.members())
    in_decade = table["year"].between(2000, 2009) & (table["round"] > 0)
    return int(table.loc[in_decade, "joined"].sum())


@key_function("options_joined_after_cold_war")
def _options_after_cold_war(fields: Fields) -> list[str]:
    from helpers import data
    from helpers.analysis import membership

    members = data.members()
    by_1990 = set(membership.members_on(members, "1990-12-31")["country"])
    return _options_in(fields, set(members["country"]) - by_1990)


# --------------------------------------------------------------------------- lesson 02 opinion


@key_function("opinion_change_2010_2015_points")
def _opinion_change(fields: Fields) -> float:
    from helpers import data
    from helpers.analysis import opinion

    table = opinion.poll_table(data.opinion())
    return opinion.change_points(table, "dif-2010-06", "dif-razumkov-2015-07")


@value_function("l02_opinion_change_reversed")
def _opinion_change_reversed() -> float:
    """Slip: the earlier share minus the later one."""
    return -_opinion_change({})


@value_function("l02_opinion_change_pct")
def _opinion_change_pct() -> float:
    """Slip: the relative change in per cent instead of the difference in points."""
    from helpers import data
    from helpers.analysis import opinion

    table = opinion.poll_table(data.opinion())
    earlier = float(opinion.poll(table, "dif-2010-06")["share_for"])
    return 100 * _opinion_change({}) / earlier


# --------------------------------------------------------------------------- lesson 03 charts


@key_function("abrams_months_to_delivery")
def _abrams_months(fields: Fields) -> int:
    from helpers import data
    from helpers.analysis import weapon_decisions

    return weapon_decisions.months_to_delivery(data.weapon_decisions(), "2023-01-us-abrams")


@value_function("l03_leopard_2_months_to_delivery")
def _leopard_months() -> int:
    """Slip: the months of the Leopard 2 row, announced the same day as the Abrams."""
    from helpers import data
    from helpers.analysis import weapon_decisions

    return weapon_decisions.months_to_delivery(data.weapon_decisions(), "2023-01-deu-leopard-2")


@key_function("us_germany_ratio_june_2024")
def _us_germany_ratio(fields: Fields) -> float:
    from helpers import data
    from helpers.analysis import donors

    return round(donors.donor_ratio(data.military_aid(release=None), "United States", "Germany"), 1)


@value_function("l03_germany_us_ratio_june_2024")
def _germany_us_ratio() -> float:
    """Slip: Germany's figure divided by the US figure."""
    return 1 / _us_germany_ratio({})


@value_function("l03_us_germany_ratio_dec_2024")
def _us_germany_ratio_dec_2024() -> float:
    """Slip: the ratio at the December 2024 cut-off (the epilogue's running total)."""
    from helpers import data
    from helpers.analysis import aid_series, donors

    aid = data.military_aid(release=None)
    return donors.donor_ratio(aid, "United States", "Germany", aid_series.EPILOGUE)


@value_function("l03_us_germany_ratio_feb_2024")
def _us_germany_ratio_feb_2024() -> float:
    """Slip: the ratio from the February 2024 headline figures (another release)."""
    from helpers import data
    from helpers.analysis import aid_series, donors

    aid = data.military_aid(release=None)
    return donors.donor_ratio(aid, "United States", "Germany", aid_series.HEADLINE)


@value_function("l03_lull_months_us_above")
def _lull_months_us_above() -> int:
    """Slip: the months in which the United States allocated more (of six)."""
    return 6 - _lull_months({})


@key_function("lull_months_europe_above_us")
def _lull_months(fields: Fields) -> int:
    from helpers import data
    from helpers.analysis import aid_series

    return aid_series.months_above(
        data.military_aid_monthly(), aid_series.EUROPE, aid_series.US, "2023-10", "2024-03"
    )
