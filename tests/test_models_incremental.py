"""helpers.models.incremental: salami slicing vs one fell swoop against an uncertain red line,
checked against hand-computed cases, Bayes' rule and simulation."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.models import incremental as inc
from helpers.models.incremental import Known, LogNormal, Scenario, Uniform

# ---------------------------------------------------------------- hand-computed cases


@pytest.mark.parametrize("line,crosses", [(0.4, True), (0.99, True), (1.0, False), (1.7, False)])
def test_a_known_line_is_always_or_never_crossed_in_one_swoop(line: float, crosses: bool) -> None:
    s = Scenario(step=1.0, prior=Known(line), p_no_red_line=0.0)
    out = inc.analyse(s)
    assert out.p_cross == (1.0 if crosses else 0.0)
    assert out.expected_delivered == (0.0 if crosses else 1.0)
    assert out.expected_steps == 1.0
    sim = inc.simulate(s, 1, 1000)
    assert sim.p_cross == out.p_cross and sim.expected_delivered == out.expected_delivered


def test_a_known_line_with_small_steps_stops_at_the_step_that_crosses_it() -> None:
    # Steps of 0.25 against a line at 0.6: step 3 (total 0.75) crosses; 0.5 is in place.
    out = inc.analyse(Scenario(step=0.25, prior=Known(0.6), p_no_red_line=0.0))
    assert out.p_cross == 1.0 and out.expected_delivered == 0.5 and out.expected_steps == 3.0
    assert out.p_first_cross.tolist() == [0.0, 0.0, 1.0, 0.0]
    # With a drift of 0.2 per quiet step the line is at 0.8 by step 2 and 1.0 by step 3:
    drifting = inc.analyse(Scenario(step=0.25, prior=Known(0.6), p_no_red_line=0.0, drift=0.2))
    assert drifting.p_cross == 0.0 and drifting.expected_delivered == 1.0


def test_zero_drift_uniform_prior_by_hand() -> None:
    # Line uniform on [0, 2] if real, real with probability 0.5: P(cross) = 0.5 × 1/2.
    s = inc.default_scenario()
    out = inc.analyse(s)
    assert out.n_steps == 10 and out.p_cross == pytest.approx(0.25)
    # Each step crosses first with probability 0.5 × 0.05 = 0.025.
    assert out.p_first_cross == pytest.approx(np.full(10, 0.025))
    # Delivered: 0.025 × 0.1 × (0 + 1 + … + 9) + 0.75 × 1 = 0.8625; steps: 0.025 × 55 + 7.5.
    assert out.expected_delivered == pytest.approx(0.8625)
    assert out.expected_steps == pytest.approx(8.875)
    swoop = inc.compare(s).fell_swoop
    assert (swoop.p_cross, swoop.expected_delivered, swoop.expected_steps) == pytest.approx(
        (0.25, 0.75, 1.0)
    )


def test_drift_by_hand() -> None:
    # Drift 0.05: step k crosses if T < 0.1k − 0.05(k − 1), largest at k = 10: 0.55.
    s = replace(inc.default_scenario(), drift=0.05)
    assert inc.analyse(s).p_cross == pytest.approx(0.5 * 0.55 / 2)
    assert inc.compare(s).fell_swoop.p_cross == pytest.approx(0.25)  # one step: no drift


def test_bayes_after_quiet_steps_by_hand() -> None:
    # Prior 0.5 of no line; line uniform on [0, 1]; steps of 0.25. After 2 quiet steps
    # (total 0.5): P(quiet | real) = 0.5, so P(no line | quiet) = 0.5 / (0.5 + 0.25) = 2/3.
    q = inc.quiet_steps(Scenario(step=0.25, prior=Uniform(0.0, 1.0), p_no_red_line=0.5))
    assert q.k.tolist() == [0, 1, 2, 3, 4]
    assert q.total.tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert q.p_quiet_if_real.tolist() == pytest.approx([1.0, 0.75, 0.5, 0.25, 0.0])
    assert q.posterior_no_red_line[2] == pytest.approx(2 / 3)
    assert q.posterior_no_red_line[0] == 0.5 and q.posterior_no_red_line[4] == 1.0
    assert q.bayes_factor[2] == pytest.approx(2.0) and math.isinf(q.bayes_factor[4])


def test_quiet_steps_are_weak_evidence_when_the_line_is_probably_far() -> None:
    # A line anywhere up to 4 times the goal: even the whole goal in quiet steps is likely.
    q = inc.quiet_steps(Scenario(step=0.1, prior=Uniform(0.0, 4.0), p_no_red_line=0.5))
    assert q.p_quiet_if_real[-1] == pytest.approx(0.75)
    assert q.posterior_no_red_line[-1] == pytest.approx(0.5 / (0.5 + 0.5 * 0.75))
    assert q.posterior_no_red_line[-1] < 0.6


def test_lognormal_prior_matches_its_formula() -> None:
    prior = LogNormal(median=0.8, sigma=0.5)
    assert float(prior.prob_below(np.array([0.8]))[0]) == pytest.approx(0.5)
    x = 1.3
    want = 0.5 * (1 + math.erf((math.log(x) - math.log(0.8)) / (0.5 * math.sqrt(2))))
    assert float(prior.prob_below(np.array([x]))[0]) == pytest.approx(want)
    assert prior.prob_below(np.array([0.0, -1.0])).tolist() == [0.0, 0.0]


# ---------------------------------------------------------------- properties

PRIORS = st.one_of(
    st.builds(lambda lo, w: Uniform(lo, lo + w), st.floats(0, 2), st.floats(0.01, 3)),
    st.builds(LogNormal, st.floats(0.05, 3), st.floats(0.05, 2)),
    st.builds(Known, st.floats(0, 3)),
)
SCENARIOS = st.builds(
    Scenario,
    step=st.floats(0.02, 1.0),
    prior=PRIORS,
    p_no_red_line=st.floats(0, 1),
    drift=st.floats(0, 0.3),
)


@given(SCENARIOS)
def test_outcomes_stay_in_range(s: Scenario) -> None:
    out = inc.analyse(s)
    assert 0.0 <= out.p_cross <= 1.0 - s.p_no_red_line + 1e-12
    assert 0.0 <= out.expected_delivered <= s.goal + 1e-12
    assert 1.0 - 1e-12 <= out.expected_steps <= out.n_steps + 1e-12
    assert np.all(out.p_first_cross >= -1e-15)
    assert out.p_first_cross.sum() == pytest.approx(out.p_cross, abs=1e-12)


@given(SCENARIOS, st.floats(0, 0.3))
def test_more_drift_never_raises_the_crossing_probability(s: Scenario, extra: float) -> None:
    more = replace(s, drift=s.drift + extra)
    assert inc.analyse(more).p_cross <= inc.analyse(s).p_cross + 1e-12


@given(SCENARIOS)
def test_without_drift_slicing_does_not_change_the_crossing_chance(s: Scenario) -> None:
    c = inc.compare(replace(s, drift=0.0))
    assert c.salami.p_cross == pytest.approx(c.fell_swoop.p_cross, abs=1e-12)
    # … but it never delivers less before a response
    assert c.salami.expected_delivered >= c.fell_swoop.expected_delivered - 1e-12


@given(SCENARIOS)
def test_the_posterior_never_falls_with_more_quiet_steps(s: Scenario) -> None:
    q = inc.quiet_steps(s)
    post = q.posterior_no_red_line
    assert post[0] == pytest.approx(s.p_no_red_line)
    ok = ~np.isnan(post)
    assert np.all(np.diff(post[ok]) >= -1e-12)
    assert np.all(np.diff(q.p_quiet_if_real) <= 1e-12)


@pytest.mark.parametrize(
    "scenario",
    [
        inc.default_scenario(),
        replace(inc.default_scenario(), drift=0.04, p_no_red_line=0.2),
        Scenario(step=0.05, prior=LogNormal(0.9, 0.6), p_no_red_line=0.3, drift=0.01),
    ],
)
def test_simulation_matches_the_closed_form(scenario: Scenario) -> None:
    runs = 40_000
    sim = inc.simulate(scenario, np.random.default_rng(5), runs)
    out = inc.analyse(scenario)
    se = math.sqrt(out.p_cross * (1 - out.p_cross) / runs)
    assert abs(sim.p_cross - out.p_cross) <= 4 * se
    assert abs(sim.expected_delivered - out.expected_delivered) <= 4 * scenario.goal / math.sqrt(
        runs
    )
    assert abs(sim.expected_steps - out.expected_steps) <= 4 * out.n_steps / math.sqrt(runs)
    q = inc.quiet_steps(scenario)
    n_real = runs * (1 - scenario.p_no_red_line)
    for k in range(len(q.k)):
        p = q.p_quiet_if_real[k]
        assert abs(sim.p_quiet_if_real[k] - p) <= 4 * math.sqrt(p * (1 - p) / n_real) + 0.002
        post = q.posterior_no_red_line[k]
        n_quiet = runs * q.p_quiet[k]
        assert (
            abs(sim.posterior_no_red_line[k] - post)
            <= 4 * math.sqrt(post * (1 - post) / n_quiet) + 0.002
        )


def test_simulation_is_reproducible_from_a_seed() -> None:
    s = inc.default_scenario()
    a, b = inc.simulate(s, 9, 2000), inc.simulate(s, np.random.default_rng(9), 2000)
    assert a.p_cross == b.p_cross and np.array_equal(a.first_cross, b.first_cross)
    assert not np.array_equal(a.first_cross, inc.simulate(s, 10, 2000).first_cross)


def test_sweep_covers_the_step_sizes() -> None:
    s = replace(inc.default_scenario(), drift=0.02)
    sweep = inc.sweep_steps(s, [0.1, 0.25, 0.5, 1.0])
    assert sweep.step.tolist() == [0.1, 0.25, 0.5, 1.0]
    assert sweep.n_steps.tolist() == [10, 4, 2, 1]
    assert sweep.p_cross[1] == pytest.approx(inc.analyse(replace(s, step=0.25)).p_cross)
    assert sweep.p_cross[-1] == pytest.approx(sweep.fell_swoop.p_cross)
    assert len(inc.sweep_steps(s).step) == 20


def test_a_last_step_is_shortened_to_land_on_the_goal() -> None:
    s = Scenario(step=0.3, prior=Uniform(0, 2), p_no_red_line=0.0)
    assert s.n_steps == 4 and s.totals() == pytest.approx([0.3, 0.6, 0.9, 1.0])
    assert Scenario(step=0.1, prior=Uniform(0, 2), p_no_red_line=0.0).n_steps == 10


# ---------------------------------------------------------------- input handling


@pytest.mark.parametrize(
    "build,field",
    [
        (lambda: Scenario(step=0.0, prior=Uniform(0, 1), p_no_red_line=0.5), "step"),
        (lambda: Scenario(step=1.5, prior=Uniform(0, 1), p_no_red_line=0.5), "step"),
        (lambda: Scenario(step=1e-6, prior=Uniform(0, 1), p_no_red_line=0.5), "step"),
        (lambda: Scenario(step=0.1, prior=Uniform(0, 1), p_no_red_line=1.1), "p_no_red_line"),
        (lambda: Scenario(step=0.1, prior=Uniform(0, 1), p_no_red_line=0.5, drift=-0.1),
         "drift"),
        (lambda: Scenario(step=0.1, prior=Uniform(0, 1), p_no_red_line=0.5, goal=0), "goal"),
        (lambda: Scenario(step=0.1, prior="uniform", p_no_red_line=0.5), "prior"),  # type: ignore[arg-type]
        (lambda: Uniform(0.5, 0.5), "high"),
        (lambda: Uniform(-1, 1), "low"),
        (lambda: LogNormal(0, 1), "median"),
        (lambda: LogNormal(1, 0), "sigma"),
        (lambda: Known(-0.1), "value"),
        (lambda: inc.simulate(inc.default_scenario(), 1, 0), "runs"),
        (lambda: inc.simulate(inc.default_scenario(), "x", 10), "rng"),  # type: ignore[arg-type]
        (lambda: inc.sweep_steps(inc.default_scenario(), []), "steps"),
        (lambda: inc.sweep_steps(inc.default_scenario(), ["a"]), "steps"),
        (lambda: inc.sweep_steps(inc.default_scenario(), [2.0]), "step"),
    ],
)  # fmt: skip
def test_bad_inputs_name_the_field(build, field: str) -> None:
    with pytest.raises(ValueError, match=rf"^{field}:"):
        build()


@given(
    st.sampled_from(["step", "p_no_red_line", "drift", "goal"]),
    st.one_of(st.none(), st.text(max_size=3), st.just(float("nan")), st.just(float("inf")),
              st.booleans()),
)  # fmt: skip
def test_non_numbers_are_refused_by_name(field: str, value: object) -> None:
    kwargs: dict = {"step": 0.1, "prior": Uniform(0, 1), "p_no_red_line": 0.5, field: value}
    with pytest.raises(ValueError, match=rf"^{field}:"):
        Scenario(**kwargs)


@given(st.floats(-10, 10), st.floats(-10, 10))
def test_any_numbers_either_build_a_valid_uniform_prior_or_say_why(lo: float, hi: float) -> None:
    try:
        prior = Uniform(lo, hi)
    except ValueError as err:
        assert str(err).split(":")[0] in ("low", "high")
        assert lo < 0 or hi <= lo
    else:
        p = prior.prob_below(np.array([lo, (lo + hi) / 2, hi]))
        assert p.tolist() == pytest.approx([0.0, 0.5, 1.0])


def test_every_parameter_is_labelled_and_marked_as_an_assumption() -> None:
    from dataclasses import fields

    wanted = {f.name for f in fields(Scenario)} - {"prior"}
    wanted |= {f.name for cls in (Uniform, LogNormal) for f in fields(cls)}
    assert wanted == set(inc.PARAMETERS)
    for name, info in inc.PARAMETERS.items():
        assert info.label and info.low <= info.high
        if name != "goal":  # the goal is the unit of the model, not an assumption
            assert info.note.startswith("ASSUMPTION:"), name
