"""Why this file is long: one model's tests, from hand-computed cases to property tests.

Lesson 04's consensus simulator: hand-computed cases, exact formulas, presets, input checks.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import data
from helpers.models import consensus as c
from helpers.models.consensus import Ally, Bloc, Proposal

RUNS = 20_000


def _within_sampling_error(simulated: float, exact: float, runs: int, sigmas: float = 5.0) -> bool:
    se = math.sqrt(exact * (1 - exact) / runs)
    return abs(simulated - exact) <= sigmas * se + 1e-9


# ---------------------------------------------------------------- hand-computed cases


def test_everyone_supports_so_it_always_passes_with_everyone_contributing() -> None:
    allies = [Ally(f"A{i}") for i in range(32)]
    result = c.simulate_consensus(allies, None, 1)
    assert result.p_pass == 1.0
    assert result.expected_size == 1.0
    assert result.expected_delivered == pytest.approx(1.0)
    assert result.mean_contributors == 32
    assert result.blocker_distribution[0] == 1.0
    assert c.exact_pass_probability(allies) == 1.0


def test_one_certain_blocker_without_dilution_always_fails() -> None:
    allies = [Ally("Greece", p_block=1.0), *(Ally(f"A{i}") for i in range(25))]
    result = c.simulate_consensus(allies, Proposal(), 2)
    assert result.p_pass == 0.0
    assert result.expected_size == 0.0
    assert result.mean_contributors is None
    assert result.mean_size_if_passed is None
    assert result.blocker_distribution[1] == 1.0
    assert result.block_rates()["Greece"] == 1.0
    assert c.exact_pass_probability(allies) == 0.0
    # No veto: the other 25 go ahead without Greece.
    assert result.coalition_p_forms == 1.0
    assert result.coalition_mean_contributors == 25
    assert result.coalition_expected_size == pytest.approx(25 / 26)


def test_independent_blockers_pass_with_the_product_of_one_minus_p_block() -> None:
    allies = [Ally("A", p_block=0.1), Ally("B", p_block=0.2), Ally("C", p_block=0.3)]
    hand = 0.9 * 0.8 * 0.7  # 0.504
    assert c.exact_pass_probability(allies) == pytest.approx(hand)
    result = c.simulate_consensus(allies, None, 3, runs=RUNS)
    assert _within_sampling_error(result.p_pass, hand, RUNS)
    # Exactly k blockers: the Poisson-binomial distribution, by hand for k = 0 and 3.
    dist = c.exact_blocker_distribution(allies)
    assert dist[0] == pytest.approx(hand)
    assert dist[3] == pytest.approx(0.1 * 0.2 * 0.3)
    assert sum(dist) == pytest.approx(1.0)
    for k in range(4):
        assert _within_sampling_error(result.blocker_distribution[k], dist[k], RUNS)


def test_two_fair_coins_give_one_quarter_one_half_one_quarter_blockers() -> None:
    allies = [Ally("A", p_block=0.5), Ally("B", p_block=0.5)]
    assert c.exact_blocker_distribution(allies) == pytest.approx((0.25, 0.5, 0.25))


def test_opt_outs_never_block() -> None:
    """All allies but one opt out; the one supporter carries the decision alone."""
    allies = [Ally("Supporter", weight=2.0), *(Ally(f"O{i}", p_opt_out=1.0) for i in range(31))]
    result = c.simulate_consensus(allies, None, 4)
    assert result.p_pass == 1.0
    assert result.mean_contributors == 1
    assert result.expected_delivered == pytest.approx(2.0 / 33.0)
    assert set(result.opt_out_rate[1:]) == {1.0}
    assert result.blocker_distribution[0] == 1.0
    assert c.exact_pass_probability(allies) == 1.0


def test_everyone_opting_out_still_passes_but_delivers_nothing() -> None:
    allies = [Ally(f"O{i}", p_opt_out=1.0) for i in range(5)]
    result = c.simulate_consensus(allies, None, 5)
    assert result.p_pass == 1.0
    assert result.expected_delivered == 0.0
    assert result.coalition_p_forms == 0.0


def test_block_chance_falls_linearly_to_zero_at_yields_at() -> None:
    ally = Ally("T", p_block=0.6, yields_at=0.5)
    assert ally.p_block_at(1.0) == pytest.approx(0.6)
    assert ally.p_block_at(0.75) == pytest.approx(0.3)
    assert ally.p_block_at(0.5) == 0.0
    assert ally.p_block_at(0.2) == 0.0
    proportional = Ally("P", p_block=0.6)
    assert proportional.p_block_at(0.5) == pytest.approx(0.3)
    stubborn = Ally("G", p_block=0.6, yields_at=None)
    assert stubborn.p_block_at(0.1) == pytest.approx(0.6)
    assert ally.p_support == pytest.approx(0.4)


def test_dilution_by_hand_expected_size() -> None:
    """One ally, block chance proportional to size; fall back from 1.0 to 0.5.

    P(no block at 1.0) = 0.5, at 0.5 = 0.75, so E[size] = 1.0 * 0.5 + 0.5 * 0.25 = 0.625.
    """
    allies = [Ally("A", p_block=0.5)]
    proposal = Proposal(1.0, (0.5,))
    assert c.exact_pass_probability(allies, proposal) == pytest.approx(0.75)
    assert c.exact_expected_size(allies, proposal) == pytest.approx(0.625)
    result = c.simulate_consensus(allies, proposal, 6, runs=RUNS)
    assert _within_sampling_error(result.p_pass, 0.75, RUNS)
    assert _within_sampling_error(result.p_pass_at[0], 0.5, RUNS)
    assert abs(result.expected_size - 0.625) < 5 * 0.5 / math.sqrt(RUNS)
    assert sum(result.p_pass_at) == pytest.approx(result.p_pass)


def test_dilution_raises_the_pass_chance_and_never_the_size() -> None:
    allies = [Ally(f"A{i}", p_block=0.05 * (i % 4), p_opt_out=0.1) for i in range(32)]
    plain = c.simulate_consensus(allies, Proposal(), 7)
    diluted = c.simulate_consensus(allies, Proposal.diluted(0.4, steps=3), 7)
    assert diluted.p_pass > plain.p_pass
    assert diluted.mean_size_if_passed is not None and diluted.mean_size_if_passed <= 1.0
    assert min(diluted.sizes) == pytest.approx(0.4)
    assert c.exact_pass_probability(allies, Proposal.diluted(0.4, 3)) > c.exact_pass_probability(
        allies
    )


def test_perfectly_correlated_bloc_behaves_like_one_ally() -> None:
    members = [Ally(f"B{i}", p_block=0.3, bloc="east") for i in range(3)]
    blocs = [Bloc("east", rho=1.0)]
    one = [Ally("Single", p_block=0.3)]
    assert c.exact_pass_probability(members, blocs=blocs) == pytest.approx(0.7)
    assert c.exact_pass_probability(one) == pytest.approx(0.7)
    dist = c.exact_blocker_distribution(members, blocs=blocs)
    assert dist == pytest.approx((0.7, 0.0, 0.0, 0.3))
    bloc_run = c.simulate_consensus(members, None, 8, runs=RUNS, blocs=blocs)
    single_run = c.simulate_consensus(one, None, 8, runs=RUNS)
    assert bloc_run.blocker_distribution[1] == bloc_run.blocker_distribution[2] == 0.0
    assert _within_sampling_error(bloc_run.p_pass, 0.7, RUNS)
    assert _within_sampling_error(single_run.p_pass, 0.7, RUNS)
    # Independent members (rho = 0) are back to the product.
    loose = [Bloc("east", rho=0.0)]
    assert c.exact_pass_probability(members, blocs=loose) == pytest.approx(0.7**3)


def test_partly_correlated_bloc_matches_its_exact_value() -> None:
    allies = [
        Ally("H", p_block=0.4, bloc="pair"),
        Ally("S", p_block=0.2, bloc="pair"),
        Ally("X", p_block=0.1),
    ]
    blocs = [Bloc("pair", rho=0.5)]
    # By hand: each member follows the shared draw with chance 0.5. Condition on the draw v:
    # v < 0.2 (prob 0.2): H blocks w.p. 0.5 + 0.5*0.4 = 0.7, S w.p. 0.5 + 0.5*0.2 = 0.6;
    # 0.2 <= v < 0.4 (0.2): H 0.7, S 0.1; v >= 0.4 (0.6): H 0.2, S 0.1.
    pair_ok = 0.2 * 0.3 * 0.4 + 0.2 * 0.3 * 0.9 + 0.6 * 0.8 * 0.9
    hand = pair_ok * 0.9
    assert c.exact_pass_probability(allies, blocs=blocs) == pytest.approx(hand)
    result = c.simulate_consensus(allies, None, 9, runs=RUNS, blocs=blocs)
    assert _within_sampling_error(result.p_pass, hand, RUNS)


def test_coalition_exact_by_hand() -> None:
    allies = [Ally("Small", weight=1.0, p_opt_out=0.5), Ally("Big", weight=3.0)]
    exact = c.exact_coalition(allies)
    assert exact.p_forms == 1.0
    assert exact.expected_size == pytest.approx((0.5 * 1 + 1.0 * 3) / 4)
    assert exact.expected_contributors == pytest.approx(1.5)
    result = c.simulate_consensus(allies, None, 10, runs=RUNS)
    assert abs(result.coalition_expected_size - exact.expected_size) < 0.01


def test_compare_with_coalition_table() -> None:
    allies = [Ally("Blocker", p_block=1.0), Ally("A", weight=3.0)]
    table = c.compare_with_coalition(c.simulate_consensus(allies, None, 11))
    assert list(table.columns) == ["rule", "measure", "value"]
    values = table.set_index(["rule", "measure"])["value"]
    assert values[(c.CONSENSUS, c.MEASURE_PASS)] == 0.0
    assert values[(c.COALITION, c.MEASURE_PASS)] == 1.0
    assert values[(c.COALITION, c.MEASURE_DELIVERED)] == pytest.approx(0.75)


def test_inputs_are_not_changed() -> None:
    allies = [Ally("A", p_block=0.2), Ally("B", p_opt_out=0.3)]
    copy = list(allies)
    proposal = Proposal(0.9, (0.3, 0.6))
    c.simulate_consensus(allies, proposal, 12, runs=100)
    assert allies == copy
    assert proposal.dilution_steps == (0.6, 0.3)
    with pytest.raises(AttributeError):
        allies[0].p_block = 0.9  # type: ignore[misc]


# ---------------------------------------------------------------- presets (real cases)


@pytest.fixture(scope="module")
def members() -> pd.DataFrame:
    return data.members()


@pytest.fixture(scope="module")
def ratifications() -> pd.DataFrame:
    return data.ratifications()


def test_preset_bucharest_one_certain_blocker(members) -> None:
    allies = c.preset_allies("bucharest_2008", members)
    assert len(allies) == 26
    result = c.simulate_consensus(allies, c.preset_proposal("bucharest_2008"), 0)
    assert result.p_pass == 0.0
    assert [a for a, r in result.block_rates().items() if r > 0] == ["Greece"]
    timeline = data.timeline().set_index("event_id")
    assert timeline.loc["2008-bucharest", "date"].date() == c.PRESETS["bucharest_2008"].date


def test_preset_finland_sweden_passes_only_for_finland_alone(members) -> None:
    allies = c.preset_allies("finland_sweden_2023", members)
    assert len(allies) == 30 and "Finland" not in {a.name for a in allies}
    result = c.simulate_consensus(allies, c.preset_proposal("finland_sweden_2023"), 0)
    assert result.sizes == (1.0, 0.5)
    assert result.p_pass_at == (0.0, 1.0)
    assert result.expected_size == 0.5
    blockers = {a for a, r in result.block_rates().items() if r > 0}
    assert blockers == {"Türkiye", "Hungary"}
    joined = members.set_index("country")["accession_date"]
    assert joined["Finland"].date() == c.PRESETS["finland_sweden_2023"].date


def test_preset_finland_sweden_dates_match_ratifications_csv(ratifications) -> None:
    """The dates the preset states are the course data's (candidate, ally, step) rows."""
    rows = ratifications.assign(
        candidate=ratifications["candidate"].astype(str), step=ratifications["step"].astype(str)
    ).set_index(["candidate", "ally", "step"])["completed_on"]
    stated = {
        ("Finland", "Hungary", "parliament_approved"): "2023-03-27",
        ("Finland", "Türkiye", "parliament_approved"): "2023-03-30",
        ("Finland", "Türkiye", "instrument_deposited"): "2023-04-04",
        ("Sweden", "Türkiye", "parliament_approved"): "2024-01-23",
        ("Sweden", "Hungary", "parliament_approved"): "2024-02-26",
        ("Sweden", "Hungary", "instrument_deposited"): "2024-03-07",
    }
    preset_text = " ".join(c.PRESETS["finland_sweden_2023"].sources)
    for key, day in stated.items():
        assert str(rows[key].date()) == day
        assert day in preset_text
    # "Every other ally" approved both protocols by 27 September 2022 (a record claim).
    approved = ratifications[ratifications["step"].astype(str) == "parliament_approved"]
    allies_2022 = {a.name for a in c.preset_allies("finland_sweden_2023")} - {"Türkiye", "Hungary"}
    for candidate in ("Finland", "Sweden"):
        rows_c = approved[approved["candidate"].astype(str) == candidate]
        others = rows_c[rows_c["ally"].isin(allies_2022)]
        assert set(others["ally"]) == allies_2022
        assert others["completed_on"].max() == pd.Timestamp("2022-09-27")


def test_preset_nsatu_passes_with_31_contributors(members) -> None:
    allies = c.preset_allies("nsatu_2024", members)
    assert len(allies) == 32
    result = c.simulate_consensus(allies, c.preset_proposal("nsatu_2024"), 0)
    assert result.p_pass == 1.0
    assert result.mean_contributors == 31
    rates = dict(zip(result.allies, result.opt_out_rate, strict=True))
    assert rates["Hungary"] == 1.0 and sum(rates.values()) == 1.0
    timeline = data.timeline().set_index("event_id")
    assert str(timeline.loc["2024-nsatu-wiesbaden", "date"].date()) == "2024-07-10"


@pytest.mark.parametrize("key", sorted(c.PRESETS))
def test_every_preset_parameter_is_tagged_and_sourced(key) -> None:
    preset = c.PRESETS[key]
    assert preset.name and preset.decided and preset.held_out and preset.sources
    table = c.preset_parameters(key)
    assert list(table.columns) == ["who", "parameter", "value", "basis", "source_or_reason"]
    assert set(table["basis"]) <= set(c.BASIS_LABEL.values())
    assert (table["source_or_reason"].str.len() > 10).all()
    assert len(table) == 2 + 4 * (len(preset.roles) + 1)
    # A value "from the record" names a dated source or a course data table.
    record = table[table["basis"] == c.BASIS_LABEL[c.RECORD]]
    for note in record["source_or_reason"]:
        assert any(m in note for m in ("20", ".csv")), note
    # Probabilities the record cannot give are labelled as assumptions somewhere.
    assert (table["basis"] == c.BASIS_LABEL[c.ASSUMPTION]).any()


def test_unknown_preset_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown name"):
        c.preset_allies("yalta_1945")


# ---------------------------------------------------------------- input handling (properties)


@given(
    p_block=st.floats(0, 1),
    p_opt_out=st.floats(0, 1),
)
def test_probabilities_over_one_are_rejected_naming_the_fields(p_block, p_opt_out) -> None:
    if p_block + p_opt_out <= 1 + 1e-9:
        ally = Ally("A", p_block=p_block, p_opt_out=p_opt_out)
        assert 0 <= ally.p_support <= 1
    else:
        with pytest.raises(ValueError, match=r"p_block \+ p_opt_out"):
            Ally("A", p_block=p_block, p_opt_out=p_opt_out)


@given(value=st.one_of(st.floats(max_value=-1e-9), st.just(math.nan), st.just(math.inf)))
def test_bad_numbers_are_rejected_naming_the_field(value) -> None:
    with pytest.raises(ValueError, match="weight"):
        Ally("A", weight=value)
    with pytest.raises(ValueError, match="p_block"):
        Ally("A", p_block=value)
    with pytest.raises(ValueError, match="p_opt_out"):
        Ally("A", p_opt_out=value)
    with pytest.raises(ValueError, match="rho"):
        Bloc("b", rho=value)
    with pytest.raises(ValueError, match="size"):
        Proposal(size=value)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: c.simulate_consensus([], None, 0), "allies"),
        (lambda: c.exact_pass_probability([]), "allies"),
        (lambda: c.simulate_consensus([Ally("A", weight=0.0)], None, 0), "weight"),
        (lambda: c.simulate_consensus([Ally("A"), Ally("A")], None, 0), "twice"),
        (lambda: c.simulate_consensus([Ally("A", bloc="x")], None, 0), "bloc"),
        (lambda: c.simulate_consensus([Ally("A")], None, 0, runs=0), "runs"),
        (lambda: c.simulate_consensus([Ally("A")], None, "seed"), "rng"),  # type: ignore[arg-type]
        (lambda: c.simulate_consensus([Ally("A")], None, -1), "rng"),
        (lambda: c.simulate_consensus(["A"], None, 0), "allies"),  # type: ignore[list-item]
        (lambda: Proposal(1.0, (1.2,)), "dilution_steps"),
        (lambda: Proposal(0.5, (0.5,)), "dilution_steps"),
        (lambda: Proposal(1.0, 0.5), "dilution_steps"),  # type: ignore[arg-type]
        (lambda: Proposal(0.0), "size"),
        (lambda: Ally("A", yields_at=1.0), "yields_at"),
        (lambda: Ally(""), "name"),
        (lambda: Ally("A", p_block=True), "p_block"),
        (lambda: c.simulate_consensus([Ally("A")], None, 0, blocs=[Bloc("b"), Bloc("b")]), "bloc"),
    ],
)
def test_bad_inputs_raise_a_clear_value_error(call, field) -> None:
    with pytest.raises(ValueError, match=field):
        call()


@st.composite
def _allies(draw: st.DrawFn) -> tuple[list[Ally], list[Bloc]]:
    n = draw(st.integers(1, 7))
    blocs = [Bloc("b0", draw(st.floats(0, 1))), Bloc("b1", draw(st.floats(0, 1)))]
    allies = []
    for i in range(n):
        p_block = draw(st.floats(0, 1))
        p_opt_out = draw(st.floats(0, 1)) * (1 - p_block)
        allies.append(
            Ally(
                f"A{i}",
                weight=draw(st.floats(0, 10)) + (1.0 if i == 0 else 0.0),
                p_block=p_block,
                p_opt_out=p_opt_out,
                bloc=draw(st.sampled_from([None, "b0", "b1"])),
                yields_at=draw(st.one_of(st.none(), st.floats(0, 0.95))),
            )
        )
    return allies, blocs


_steps = st.lists(st.floats(0.05, 0.95), max_size=3)


@settings(max_examples=60)
@given(case=_allies(), steps=_steps, seed=st.integers(0, 2**32))
def test_results_are_probabilities_and_match_the_exact_answers(case, steps, seed) -> None:
    allies, blocs = case
    proposal = Proposal(1.0, tuple(steps))
    runs = 4_000
    result = c.simulate_consensus(allies, proposal, seed, runs=runs, blocs=blocs)
    shares = [
        result.p_pass,
        result.expected_size,
        result.expected_delivered,
        result.coalition_p_forms,
        result.coalition_expected_size,
        *result.p_pass_at,
        *result.blocker_distribution,
        *result.block_rate,
        *result.opt_out_rate,
    ]
    assert all(0.0 <= x <= 1.0 for x in shares)
    assert sum(result.blocker_distribution) == pytest.approx(1.0)
    assert sum(result.p_pass_at) == pytest.approx(result.p_pass)
    assert result.expected_delivered <= result.expected_size + 1e-12
    assert (result.mean_size_if_passed or 0.0) <= 1.0
    assert ((compare_values := c.compare_with_coalition(result)["value"]) >= 0).all()
    assert (compare_values <= 1).all()
    exact = c.exact_pass_probability(allies, proposal, blocs)
    assert 0.0 <= exact <= 1.0 + 1e-12
    assert _within_sampling_error(result.p_pass, min(exact, 1.0), runs)
    assert c.exact_expected_size(allies, proposal, blocs) <= exact + 1e-12


@settings(max_examples=40)
@given(case=_allies(), steps=_steps, seed=st.integers(0, 2**32))
def test_dilution_never_lowers_the_pass_chance_in_any_run(case, steps, seed) -> None:
    allies, blocs = case
    plain = c.simulate_consensus(allies, Proposal(), seed, runs=500, blocs=blocs)
    diluted = c.simulate_consensus(allies, Proposal(1.0, tuple(steps)), seed, runs=500, blocs=blocs)
    # Same seed, same draws: every run that passed at full size passes with dilution too.
    assert diluted.p_pass >= plain.p_pass
    assert diluted.p_pass_at[0] == plain.p_pass
    assert c.exact_pass_probability(allies, Proposal(1.0, tuple(steps)), blocs) >= (
        c.exact_pass_probability(allies, None, blocs) - 1e-12
    )


@settings(max_examples=25)
@given(case=_allies(), seed=st.integers(0, 2**32))
def test_same_seed_same_result(case, seed) -> None:
    allies, blocs = case
    first = c.simulate_consensus(allies, Proposal.diluted(0.5), seed, runs=300, blocs=blocs)
    again = c.simulate_consensus(allies, Proposal.diluted(0.5), seed, runs=300, blocs=blocs)
    assert first == again
    from_generator = c.simulate_consensus(
        allies, Proposal.diluted(0.5), np.random.default_rng(seed), runs=300, blocs=blocs
    )
    assert from_generator == first
