"""Lesson 05's ratification bootstrap: past delays from the data, hand cases, input checks."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import data
from helpers.models import ratification as r
from helpers.models.ratification import Holdout


@pytest.fixture(scope="module")
def delays() -> pd.DataFrame:
    return r.past_delays()


# ---------------------------------------------------------------- past delays from the data


def test_signature_dates_come_from_the_data_where_it_has_them() -> None:
    signatures = r.protocol_signatures()
    assert signatures["Finland"].signed_on == signatures["Sweden"].signed_on == date(2022, 7, 5)
    assert "timeline.csv" in signatures["Finland"].source
    assert signatures["Montenegro"].signed_on == date(2016, 5, 19)
    assert signatures["North Macedonia"].signed_on == date(2019, 2, 6)
    assert all(s.source for s in signatures.values())


def test_past_delays_by_hand(delays) -> None:
    by = delays.set_index(["candidate", "ally"])["delay_days"]
    # 5 July 2022 -> 27 March 2023: 26 days left in July, 212 from August to February, 27.
    assert by[("Finland", "Hungary")] == 265
    assert by[("Finland", "Türkiye")] == 268
    assert by[("Sweden", "Türkiye")] == (date(2024, 1, 23) - date(2022, 7, 5)).days == 567
    assert by[("Sweden", "Hungary")] == 601
    assert by[("Montenegro", "United States")] == 313
    assert by[("North Macedonia", "United States")] == 258
    assert by[("North Macedonia", "Spain")] == 405
    assert by[("Finland", "Denmark")] == 0
    assert list(delays["delay_days"]) == sorted(delays["delay_days"])
    assert (delays["step"] == "parliament_approved").all()


def test_past_delays_cover_every_parliament_approved_row_with_a_signature(delays) -> None:
    rows = data.ratifications()
    approved = rows[rows["step"].astype(str) == "parliament_approved"]
    assert len(delays) == len(approved) == 63
    assert set(delays["candidate"]) == {"Finland", "Sweden", "Montenegro", "North Macedonia"}


def test_past_delays_can_be_limited_to_rounds_and_steps() -> None:
    finland = r.past_delays(candidates=["Finland"])
    assert set(finland["candidate"]) == {"Finland"} and len(finland) == 30
    deposits = r.past_delays(step="instrument_deposited")
    assert set(deposits["step"]) == {"instrument_deposited"}
    assert (
        deposits.set_index(["candidate", "ally"]).loc[("Sweden", "Hungary"), "delay_days"]
        == (date(2024, 3, 7) - date(2022, 7, 5)).days
    )
    with pytest.raises(ValueError, match="step"):
        r.past_delays(step="signed")
    with pytest.raises(ValueError, match="candidates"):
        r.past_delays(candidates=["Ukraine"])


def test_current_allies_are_the_32() -> None:
    allies = r.current_allies()
    assert len(allies) == 32 and len(set(allies)) == 32
    assert {"Hungary", "Türkiye", "Sweden", "Finland"} <= set(allies)


# ---------------------------------------------------------------- hand-computed cases


def test_one_past_delay_means_every_draw_equals_it() -> None:
    result = r.simulate_ratification([120], r.current_allies(), 1, runs=500)
    assert (result.per_ally_days == 120).all()
    assert (result.total_days == 120).all()
    assert result.median_years() == pytest.approx(120 / 365.25)
    assert result.share_over(0.3) == 1.0 and result.share_over(0.33) == 0.0


def test_draws_by_hand_from_uniform_numbers() -> None:
    pool = np.array([10.0, 20.0, 30.0])
    u = np.array([[0.1, 0.6], [0.9, 0.2]])
    # floor(u * 3): 0 and 1 in the first run, 2 and 0 in the second.
    assert r.delays_from_uniforms(u, pool).tolist() == [[10, 20], [30, 10]]
    assert r.delays_from_uniforms(u, pool).max(axis=1).tolist() == [20, 30]
    # Ally 0 a holdout drawn from the single slowest case, plus 5 days.
    held = r.delays_from_uniforms(u, pool, slowest=np.array([1, 0]), extra_days=np.array([5, 0]))
    assert held.tolist() == [[35, 20], [35, 10]]
    # The two slowest: index 3 - 2 + floor(u * 2) = 1 (u = 0.1) or 2 (u = 0.9).
    two = r.delays_from_uniforms(u, pool, slowest=np.array([2, 0]))
    assert two[:, 0].tolist() == [20, 30]


def test_total_is_the_maximum_of_the_allies_delays() -> None:
    result = r.simulate_ratification([10, 30], ["A", "B"], 2, runs=20_000)
    assert np.array_equal(result.total_days, result.per_ally_days.max(axis=1))
    # By hand: the total is 10 only if both allies draw 10, probability 1/4.
    share_10 = float(np.mean(result.total_days == 10))
    assert abs(share_10 - 0.25) < 5 * math.sqrt(0.25 * 0.75 / 20_000)


def test_a_holdout_from_the_slowest_case_sets_the_total() -> None:
    result = r.simulate_ratification([10, 30], ["A", "B"], 3, holdouts=[Holdout("A", slowest=1)])
    assert (result.per_ally_days[:, 0] == 30).all()
    assert (result.total_days == 30).all()
    assert result.last_to_ratify().iloc[0]["ally"] == "A"


def test_a_big_extra_delay_makes_that_ally_always_last(delays) -> None:
    allies = r.current_allies()
    result = r.simulate_ratification(
        delays["delay_days"], allies, 4, runs=2_000, holdouts=[Holdout("Hungary", extra_days=3653)]
    )
    last = result.last_to_ratify().set_index("ally")["share"]
    assert last["Hungary"] == 1.0
    assert result.share_over(10) == 1.0


def test_quantiles_and_histogram_agree_with_the_runs(delays) -> None:
    result = r.simulate_ratification(delays["delay_days"], r.current_allies(), 5, runs=3_000)
    q = result.quantiles((0.5,))
    assert q["days"].iloc[0] == np.median(result.total_days)
    assert result.median_years() == pytest.approx(q["years"].iloc[0], abs=1e-3)
    hist = result.histogram(0.25, over_years=1.0)
    assert hist["runs"].sum() == 3_000
    assert hist["share"].sum() == pytest.approx(1.0)
    assert hist["runs_over"].sum() == round(result.share_over(1.0) * 3_000)
    assert (hist["runs_over"] <= hist["runs"]).all()
    assert hist["start_years"].iloc[0] == 0.0
    assert result.histogram(0.001, max_bins=50).shape[0] <= 50


def test_caveats_are_data_the_lesson_can_show() -> None:
    table = r.caveats_table()
    assert list(table.columns) == ["title", "text"]
    assert len(table) == len(r.CAVEATS) >= 5
    keys = [cav.key for cav in r.CAVEATS]
    assert len(set(keys)) == len(keys)
    assert {"never", "calm_rounds"} <= set(keys)


# ---------------------------------------------------------------- properties


_pools = st.lists(st.integers(0, 2_000), min_size=1, max_size=30)


@st.composite
def _holdouts(draw: st.DrawFn, allies: tuple[str, ...], pool_size: int) -> list[Holdout]:
    names = draw(st.lists(st.sampled_from(allies), unique=True, max_size=3))
    return [
        Holdout(
            name,
            extra_days=draw(st.floats(0, 1_000)),
            slowest=draw(st.one_of(st.none(), st.integers(1, pool_size))),
        )
        for name in names
    ]


ALLIES = tuple(f"A{i}" for i in range(8))


@settings(max_examples=50)
@given(pool=_pools, seed=st.integers(0, 2**32), data_=st.data())
def test_adding_holdouts_never_shortens_any_run(pool, seed, data_) -> None:
    holdouts = data_.draw(_holdouts(ALLIES, len(pool)))
    base = r.simulate_ratification(pool, ALLIES, seed, runs=300)
    held = r.simulate_ratification(pool, ALLIES, seed, runs=300, holdouts=holdouts)
    assert (held.per_ally_days >= base.per_ally_days).all()
    assert (held.total_days >= base.total_days).all()
    assert held.total_days.min() >= min(pool)
    assert np.array_equal(held.total_days, held.per_ally_days.max(axis=1))


@settings(max_examples=25)
@given(pool=_pools, seed=st.integers(0, 2**32))
def test_same_seed_same_result(pool, seed) -> None:
    first = r.simulate_ratification(pool, ALLIES, seed, runs=200)
    again = r.simulate_ratification(pool, ALLIES, np.random.default_rng(seed), runs=200)
    assert np.array_equal(first.per_ally_days, again.per_ally_days)
    assert first.median_years() == again.median_years()
    assert set(np.unique(first.per_ally_days)) <= set(pool)
    assert 0.0 <= first.share_over(1.0) <= 1.0


def test_results_are_read_only() -> None:
    result = r.simulate_ratification([1, 2, 3], ALLIES, 0, runs=10)
    with pytest.raises(ValueError):
        result.total_days[0] = 99


@given(bad=st.one_of(st.floats(max_value=-1e-6), st.just(math.nan), st.just(math.inf)))
def test_bad_delays_and_extra_days_are_rejected(bad) -> None:
    with pytest.raises(ValueError, match="delays"):
        r.simulate_ratification([10, bad], ALLIES, 0)
    with pytest.raises(ValueError, match="extra_days"):
        Holdout("A0", extra_days=bad)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: r.simulate_ratification([], ALLIES, 0), "delays"),
        (lambda: r.simulate_ratification("100", ALLIES, 0), "delays"),  # type: ignore[arg-type]
        (lambda: r.simulate_ratification(["x"], ALLIES, 0), "delays"),  # type: ignore[list-item]
        (lambda: r.simulate_ratification([1], [], 0), "allies"),
        (lambda: r.simulate_ratification([1], ["A", "A"], 0), "allies"),
        (lambda: r.simulate_ratification([1], "Hungary", 0), "allies"),
        (lambda: r.simulate_ratification([1], ALLIES, 0, runs=0), "runs"),
        (lambda: r.simulate_ratification([1], ALLIES, "x"), "rng"),  # type: ignore[arg-type]
        (lambda: r.simulate_ratification([1], ALLIES, 0, holdouts=[Holdout("Z")]), "ally"),
        (
            lambda: r.simulate_ratification([1], ALLIES, 0, holdouts=[Holdout("A0", slowest=2)]),
            "slowest",
        ),
        (
            lambda: r.simulate_ratification(
                [1], ALLIES, 0, holdouts=[Holdout("A0"), Holdout("A0")]
            ),
            "twice",
        ),
        (lambda: Holdout("A0", slowest=0), "slowest"),
        (lambda: Holdout(""), "ally"),
        (lambda: r.simulate_ratification([1], ALLIES, 0).share_over(-1), "years"),
        (lambda: r.simulate_ratification([1], ALLIES, 0).histogram(0), "bin_years"),
        (lambda: r.simulate_ratification([1], ALLIES, 0).quantiles((2.0,)), "qs"),
    ],
)
def test_bad_inputs_raise_a_clear_value_error(call, field) -> None:
    with pytest.raises(ValueError, match=field):
        call()
