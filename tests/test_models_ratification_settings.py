"""Lesson 05's explorer settings (helpers.models.ratification_settings): runs and numbers.

The settings are what the explorer's controls choose and what the bank's keys go through; the
explorer itself (controls, chart, texts) is tested in tests/test_lesson_05.py.
"""

from __future__ import annotations

import numpy as np
import pytest

from helpers.models import ratification as rm
from helpers.models import ratification_settings as rs


def test_settings_list_each_holdout_once_in_order_and_refuse_an_unknown_pool() -> None:
    settings = rs.Settings(holdouts=("Türkiye", "Hungary", "Türkiye"))
    assert settings.holdouts == ("Hungary", "Türkiye")
    with pytest.raises(ValueError, match="pool must be one of"):
        rs.Settings(pool="balkans")


def test_pools_hold_the_past_delays_of_their_rounds() -> None:
    assert rs.pool_size("all") == len(rm.past_delays())
    nordic = rm.past_delays(candidates=["Finland", "Sweden"])
    assert rs.pool_size("nordic") == len(nordic) < rs.pool_size("all")


def test_a_run_waits_for_todays_allies_with_fixed_runs_and_seed() -> None:
    settings = rs.Settings(holdouts=("Hungary",), extra_years=1.0)
    first, again = rs.run(settings), rs.run(settings)
    assert first.runs == rs.RUNS
    assert first.allies == rs.allies() == rm.current_allies()
    np.testing.assert_array_equal(first.total_days, again.total_days)


def test_extra_years_for_a_holdout_make_long_rounds_more_common() -> None:
    line = rs.Settings(over_years=2.0)
    plain = rs.stats(rs.run(line), line)
    slow = rs.Settings(holdouts=("Hungary",), extra_years=1.0, over_years=2.0)
    slowed = rs.stats(rs.run(slow), slow)
    assert slowed.share_over > plain.share_over
    assert slowed.median > plain.median
    assert slowed.last[0][0] == "Hungary"


def test_stats_are_the_runs_quantiles_and_share_over_the_line() -> None:
    settings = rs.Settings(over_years=1.5)
    result = rs.run(settings)
    st = rs.stats(result, settings)
    years = result.total_years
    assert st.quantiles == pytest.approx(tuple(np.quantile(years, rs.QUANTILES)))
    assert st.median == pytest.approx(float(np.median(years)))
    assert st.share_over == pytest.approx(float(np.mean(years > 1.5)))
    assert len(st.last) == 3 and sum(share for _, share in st.last) <= 1 + 1e-9
