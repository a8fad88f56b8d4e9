"""Why this file is long: it is one model over one Scenario: the priors, the closed form
(chance of crossing, expected delivery and steps, from the prior's distribution function),
the hindsight calculation (Bayes' rule over quiet steps, and the ceiling on what quiet steps
can show), step-size sweeps, and a simulation that checks the closed form. The docstring
below states the model in full, because the lesson's explanations rest on it.

Incremental steps against an uncertain red line: salami slicing vs one fell swoop.

Schelling discussed the tactic of getting what you want in slices each too thin to
justify a response (*Arms and Influence*, 1966; he discussed the tactic but did not coin
the name "salami tactics"). Moller contrasts the "slow-rollers'" small increments with the
"zoomers'" fait accompli (FPRI, 3 July 2024, "An Immoveable Feast").
This module is the course's own toy model of that choice, seen from the Allies' side.

**The model.** The Allies want to deliver a total ``goal`` (1.0 = the whole package) in
steps of size ``step`` (each new class of weapon, say); the last step may be smaller so
the total is exactly ``goal``. Russia has a red line ``T``: the first step that takes the
total *above* the line draws a response and the Allies stop there. The Allies do not
know ``T``:

- with probability ``p_no_red_line`` there is none (the threats were a bluff);
- otherwise ``T`` is drawn from a prior (:class:`Uniform`, :class:`LogNormal`, or
  :class:`Known` for a line everyone knows);
- with ``drift`` > 0 the line moves: each step that passes without a response raises it by
  ``drift`` (the "moving thresholds" reading: what was unthinkable last month is the new
  normal). With ``drift`` = 0 it stays put.

At step ``k`` the total is ``x_k = min(k * step, goal)`` and the line stands at
``T + drift * (k - 1)``, so step ``k`` crosses it when ``T < m_k = x_k - drift * (k - 1)``.
The first crossing comes at the first ``k`` with ``T < M_k = max(m_1, …, m_k)``, which
gives every probability below in closed form from the prior's distribution function.
"One fell swoop" is the same model with a single step of size ``goal``.

**What counts.** ``p_cross`` is the chance a red line is crossed on the way to the goal
(the step that reaches it included);
``expected_delivered`` the expected total in place without drawing a response (the step
that crosses the line is not counted: it is the one that provoked the response);
``expected_steps`` the expected number of steps taken, the crossing one included.

**Hindsight.** After ``k`` quiet steps, Bayes' rule gives the chance that there was never a
red line: ``q / (q + (1 - q) * P(T >= M_k))`` with ``q = p_no_red_line``
(:func:`quiet_steps`). When the line, if real, is probably further on, quiet steps are
likely either way, so "nothing happened so far" is weak evidence that it was a bluff.

**That is a result of the prior, not a finding.** A real line that lies beyond everything
delivered never shows itself, so quiet steps cannot tell it from a bluff: the odds of "no
red line" can grow at most by ``1 / P(T >= M_n)`` (:attr:`QuietSteps.bayes_factor`). With
:func:`default_scenario` (a line anywhere up to twice the package) half of all real lines
lie beyond it and ten quiet steps at most double the odds; if any real line had to lie
within the package (``high`` = 1), the same steps would settle the question. How much the
record shows therefore turns on where one thought a real line could lie, which is what the
two camps dispute (:func:`evidence_ceiling`).

**What the model leaves out** (:data:`LEAVES_OUT`): learning from reactions between steps,
the size of an overshoot (a small step past the line may draw a smaller response), and an
adversary adapting to delay.

All the numbers are assumptions for the student to change (:data:`PARAMETERS`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import TypeAlias

import numpy as np

MAX_STEPS = 10_000
MAX_RUNS = 2_000_000
_EPS = 1e-9
_erf = np.frompyfunc(math.erf, 1, 1)


def _number(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"{name}: must be a number, not {value!r}")
    f = float(value)
    if not math.isfinite(f):
        raise ValueError(f"{name}: must be finite, not {value!r}")
    return f


# ---------------------------------------------------------------- priors for the red line


@dataclass(frozen=True)
class Uniform:
    """The red line, if there is one, is equally likely anywhere from ``low`` to ``high``."""

    low: float
    high: float

    def __post_init__(self) -> None:
        lo, hi = _number("low", self.low), _number("high", self.high)
        if lo < 0:
            raise ValueError(f"low: a red line cannot be below zero, not {lo!r}")
        if hi <= lo:
            raise ValueError(f"high: must be above low ({lo!r}), not {hi!r}")
        object.__setattr__(self, "low", lo)
        object.__setattr__(self, "high", hi)

    def prob_below(self, x: np.ndarray) -> np.ndarray:
        """P(T < x) for each x."""
        return np.clip((np.asarray(x, dtype=float) - self.low) / (self.high - self.low), 0, 1)

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """``size`` draws of T."""
        return rng.uniform(self.low, self.high, size)

    def describe(self) -> str:
        """The prior in words."""
        return f"anywhere from {self.low:g} to {self.high:g}, all equally likely"


@dataclass(frozen=True)
class LogNormal:
    """The red line is log-normal: half the time below ``median``; ``sigma`` is the spread
    of its logarithm (0.5: the line is within a factor of about 2.7 of the median two
    times in three)."""

    median: float
    sigma: float

    def __post_init__(self) -> None:
        m, s = _number("median", self.median), _number("sigma", self.sigma)
        if m <= 0:
            raise ValueError(f"median: must be above zero, not {m!r}")
        if s <= 0:
            raise ValueError(f"sigma: must be above zero, not {s!r}")
        object.__setattr__(self, "median", m)
        object.__setattr__(self, "sigma", s)

    def prob_below(self, x: np.ndarray) -> np.ndarray:
        """P(T < x) for each x."""
        arr = np.asarray(x, dtype=float)
        with np.errstate(divide="ignore"):
            z = (np.log(np.maximum(arr, 0.0)) - math.log(self.median)) / (self.sigma * math.sqrt(2))
        out = 0.5 * (1.0 + _erf(np.where(np.isfinite(z), z, np.sign(z) * 40)).astype(float))
        return np.where(arr <= 0, 0.0, out)

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """``size`` draws of T."""
        return rng.lognormal(math.log(self.median), self.sigma, size)

    def describe(self) -> str:
        """The prior in words."""
        return f"log-normal around {self.median:g} (spread {self.sigma:g})"


@dataclass(frozen=True)
class Known:
    """A red line at a known place ``value`` (no uncertainty about where)."""

    value: float

    def __post_init__(self) -> None:
        v = _number("value", self.value)
        if v < 0:
            raise ValueError(f"value: a red line cannot be below zero, not {v!r}")
        object.__setattr__(self, "value", v)

    def prob_below(self, x: np.ndarray) -> np.ndarray:
        """P(T < x) for each x: 1 past the line, 0 up to it."""
        return (np.asarray(x, dtype=float) > self.value).astype(float)

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """``size`` copies of the line (``rng`` is not used)."""
        return np.full(size, self.value)

    def describe(self) -> str:
        """The prior in words."""
        return f"exactly at {self.value:g}"


Prior: TypeAlias = Uniform | LogNormal | Known


# ---------------------------------------------------------------- the scenario


@dataclass(frozen=True)
class Scenario:
    """One set of assumptions: goal, step size, drift, the prior and the bluff chance."""

    step: float
    prior: Prior
    p_no_red_line: float
    goal: float = 1.0
    drift: float = 0.0

    def __post_init__(self) -> None:
        goal = _number("goal", self.goal)
        step = _number("step", self.step)
        drift = _number("drift", self.drift)
        q = _number("p_no_red_line", self.p_no_red_line)
        if goal <= 0:
            raise ValueError(f"goal: must be above zero, not {goal!r}")
        if step <= 0:
            raise ValueError(f"step: must be above zero, not {step!r}")
        if step > goal * (1 + _EPS):
            raise ValueError(f"step: must not exceed the goal ({goal:g}), not {step!r}")
        if goal / step > MAX_STEPS + _EPS:
            raise ValueError(
                f"step: {step!r} would take more than {MAX_STEPS} steps to reach {goal:g}"
            )
        if drift < 0:
            raise ValueError(f"drift: must be zero or more, not {drift!r}")
        if not 0.0 <= q <= 1.0:
            raise ValueError(f"p_no_red_line: a probability must be in [0, 1], not {q!r}")
        if not isinstance(self.prior, Uniform | LogNormal | Known):
            raise ValueError(f"prior: must be Uniform, LogNormal or Known, not {self.prior!r}")
        for name, v in (("goal", goal), ("step", min(step, goal)), ("drift", drift),
                        ("p_no_red_line", q)):  # fmt: skip
            object.__setattr__(self, name, v)

    @property
    def n_steps(self) -> int:
        """How many steps it takes to reach the goal."""
        return max(1, math.ceil(self.goal / self.step - _EPS))

    def totals(self) -> np.ndarray:
        """x_1 … x_n: the total delivered after each step."""
        k = np.arange(1, self.n_steps + 1)
        return np.minimum(k * self.step, self.goal)

    def crossing_points(self) -> np.ndarray:
        """M_1 … M_n: step k crosses a line that started at T (before drift) iff T < M_k."""
        k = np.arange(1, self.n_steps + 1)
        return np.maximum.accumulate(self.totals() - self.drift * (k - 1))

    def fell_swoop(self) -> Scenario:
        """The same assumptions with one step of the whole goal."""
        return replace(self, step=self.goal)


def default_scenario() -> Scenario:
    """A starting point for the lesson: ten steps of 0.1, a line anywhere up to twice the
    goal, an even chance that there is none, no drift (every number an assumption)."""
    return Scenario(step=0.1, prior=Uniform(0.0, 2.0), p_no_red_line=0.5)


@dataclass(frozen=True)
class ParameterInfo:
    """How the lesson shows one parameter: label, unit, slider range and its caveat."""

    name: str
    label: str
    unit: str
    low: float
    high: float
    note: str


def _assumption(text: str) -> str:
    return f"ASSUMPTION: {text} Change it and see what follows."


PARAMETERS: Mapping[str, ParameterInfo] = MappingProxyType(
    {
        p.name: p
        for p in (
            ParameterInfo("goal", "What the Allies want to deliver in all", "share of the goal",
                          1, 1, "The unit of the model: 1 is the whole package."),
            ParameterInfo("step", "Size of each step", "share of the goal", 0.02, 1,
                          _assumption("Small steps are salami slicing; 1 is one fell swoop.")),
            ParameterInfo("p_no_red_line", "Chance there is no red line at all",
                          "probability", 0, 1,
                          _assumption("How likely it is that the threats are a bluff.")),
            ParameterInfo("low", "Red line, if real: lowest place", "share of the goal", 0, 3,
                          _assumption("Where the line could start; every place in between is "
                                      "equally likely.")),
            ParameterInfo("high", "Red line, if real: highest place", "share of the goal", 0,
                          3, _assumption("Where the line could end; every place in between is "
                                      "equally likely.")),
            ParameterInfo("median", "Red line, if real: middle guess", "share of the goal",
                          0.05, 3, _assumption("Half the chance below, half above "
                                               "(log-normal prior).")),
            ParameterInfo("sigma", "Red line, if real: how unsure we are", "log units", 0.05,
                          2, _assumption("Bigger means a wider spread (log-normal prior).")),
            ParameterInfo("drift", "How far the line moves after each quiet step",
                          "share of the goal", 0, 0.2,
                          _assumption("0: the line stays put; above 0: each step that "
                                      "draws no response makes the next one look normal.")),
        )
    }
)  # fmt: skip


# ---------------------------------------------------------------- analytic results


@dataclass(frozen=True)
class Outcome:
    """What one strategy leads to, on average (closed form)."""

    step: float
    n_steps: int
    p_cross: float
    expected_delivered: float
    expected_steps: float
    p_first_cross: np.ndarray  # chance the first crossing comes at step k = 1 … n


def _real_cross_by(scenario: Scenario) -> np.ndarray:
    """P(crossed by step k | the line is real), k = 1 … n."""
    return np.asarray(scenario.prior.prob_below(scenario.crossing_points()), dtype=float)


def analyse(scenario: Scenario) -> Outcome:
    """Crossing probability, expected total delivered and expected steps, in closed form."""
    n = scenario.n_steps
    by_k = (1.0 - scenario.p_no_red_line) * _real_cross_by(scenario)
    first = np.diff(by_k, prepend=0.0)
    p_cross = float(by_k[-1])
    totals = scenario.totals()
    before = np.concatenate(([0.0], totals[:-1]))
    k = np.arange(1, n + 1)
    delivered = float(first @ before + (1.0 - p_cross) * scenario.goal)
    steps = float(first @ k + (1.0 - p_cross) * n)
    return Outcome(scenario.step, n, p_cross, delivered, steps, first)


@dataclass(frozen=True)
class Comparison:
    """Salami slicing (the scenario's step) next to one fell swoop (one step of the goal)."""

    salami: Outcome
    fell_swoop: Outcome


def compare(scenario: Scenario) -> Comparison:
    """The scenario's steps against one fell swoop, same assumptions otherwise."""
    return Comparison(analyse(scenario), analyse(scenario.fell_swoop()))


@dataclass(frozen=True)
class StepSweep:
    """Outcomes across step sizes, plus the fell-swoop values (for charts)."""

    step: np.ndarray
    n_steps: np.ndarray
    p_cross: np.ndarray
    expected_delivered: np.ndarray
    expected_steps: np.ndarray
    fell_swoop: Outcome
    scenario: Scenario


def sweep_steps(scenario: Scenario, steps: Sequence[float] | None = None) -> StepSweep:
    """:func:`analyse` for each step size in ``steps`` (default: 20 sizes from 0.05 to 1 of
    the goal), the other assumptions as in ``scenario``."""
    if steps is None:
        grid = scenario.goal * np.linspace(0.05, 1.0, 20)
    else:
        try:
            grid = np.asarray(list(steps), dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"steps: must be numbers, not {steps!r}") from None
        if grid.ndim != 1 or grid.size == 0 or grid.size > 200:
            raise ValueError("steps: give from 1 to 200 step sizes")
    outs = [analyse(replace(scenario, step=float(s))) for s in grid]
    return StepSweep(
        step=np.array([o.step for o in outs]),
        n_steps=np.array([o.n_steps for o in outs]),
        p_cross=np.array([o.p_cross for o in outs]),
        expected_delivered=np.array([o.expected_delivered for o in outs]),
        expected_steps=np.array([o.expected_steps for o in outs]),
        fell_swoop=analyse(scenario.fell_swoop()),
        scenario=scenario,
    )


@dataclass(frozen=True)
class QuietSteps:
    """After k = 0 … n quiet steps: how likely that was, and what it says about a bluff.

    ``p_quiet_if_real``: chance of k quiet steps if the red line is real;
    ``p_quiet``: the same, averaged over "real" and "bluff";
    ``posterior_no_red_line``: chance there is no red line, given k quiet steps (Bayes);
    ``bayes_factor``: how many times likelier k quiet steps are under "bluff" than under
    "real line" (1 / p_quiet_if_real; 1 means no evidence at all).
    """

    k: np.ndarray
    total: np.ndarray
    p_quiet_if_real: np.ndarray
    p_quiet: np.ndarray
    posterior_no_red_line: np.ndarray
    bayes_factor: np.ndarray
    prior_no_red_line: float


def quiet_steps(scenario: Scenario) -> QuietSteps:
    """Bayes' rule after each number of quiet steps (closed form)."""
    q = scenario.p_no_red_line
    real = np.concatenate(([1.0], 1.0 - _real_cross_by(scenario)))
    marginal = q + (1.0 - q) * real
    with np.errstate(divide="ignore", invalid="ignore"):
        posterior = np.where(marginal > 0, q / marginal, np.nan)
        factor = np.where(real > 0, 1.0 / real, np.inf)
    k = np.arange(scenario.n_steps + 1)
    total = np.concatenate(([0.0], scenario.totals()))
    return QuietSteps(k, total, real, marginal, posterior, factor, q)


def evidence_ceiling(scenario: Scenario) -> float:
    """The chance that a real line lies beyond every step the scenario takes.

    Such a line never shows itself, so it is the floor of ``p_quiet_if_real`` and its
    inverse the largest factor by which quiet steps can raise the odds of "no red line".
    """
    return float(1.0 - _real_cross_by(scenario)[-1])


LEAVES_OUT: tuple[str, ...] = (
    "learning from Russia's reactions between steps",
    "the size of an overshoot (a small step past the line may draw a smaller response)",
    "an adversary adapting to delay",
)


# ---------------------------------------------------------------- simulation


def _generator(rng: np.random.Generator | int) -> np.random.Generator:
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, bool) or not isinstance(rng, int | np.integer):
        raise ValueError(f"rng: must be a numpy Generator or an integer seed, not {rng!r}")
    return np.random.default_rng(int(rng))


def _runs(runs: object) -> int:
    if isinstance(runs, bool) or not isinstance(runs, int | np.integer):
        raise ValueError(f"runs: must be a whole number, not {runs!r}")
    if not 1 <= int(runs) <= MAX_RUNS:
        raise ValueError(f"runs: must be from 1 to {MAX_RUNS}, not {runs!r}")
    return int(runs)


@dataclass(frozen=True)
class Simulation:
    """Monte Carlo estimates of the :class:`Outcome` and :class:`QuietSteps` values.

    ``posterior_no_red_line[k]`` is NaN where no run had k quiet steps.
    """

    runs: int
    p_cross: float
    expected_delivered: float
    expected_steps: float
    p_quiet_if_real: np.ndarray
    posterior_no_red_line: np.ndarray
    first_cross: np.ndarray  # per run: the step that crossed (1 … n), or 0 if none


def simulate(scenario: Scenario, rng: np.random.Generator | int, runs: int = 10_000) -> Simulation:
    """Draw ``runs`` red lines (or none) and play the steps against each."""
    gen = _generator(rng)
    n_runs = _runs(runs)
    n = scenario.n_steps
    bluff = gen.random(n_runs) < scenario.p_no_red_line
    line = scenario.prior.sample(gen, n_runs)
    line = np.where(bluff, np.inf, line)
    # Index of the first M_k above the line (0-based); n means never crossed.
    idx = np.searchsorted(scenario.crossing_points(), line, side="right")
    crossed = idx < n
    totals = np.concatenate(([0.0], scenario.totals()))
    delivered = np.where(crossed, totals[idx], scenario.goal)
    steps_taken = np.where(crossed, idx + 1, n)
    # quiet[k] = runs with at least k quiet steps, k = 0 … n
    counts = np.bincount(idx, minlength=n + 1)
    quiet = np.cumsum(counts[::-1])[::-1]
    real_counts = np.bincount(idx[~bluff], minlength=n + 1)
    quiet_real = np.cumsum(real_counts[::-1])[::-1]
    n_real = int((~bluff).sum())
    n_bluff = n_runs - n_real
    with np.errstate(divide="ignore", invalid="ignore"):
        p_quiet_real = quiet_real / n_real if n_real else np.full(n + 1, np.nan)
        posterior = np.where(quiet > 0, n_bluff / quiet, np.nan)
    return Simulation(
        runs=n_runs,
        p_cross=float(crossed.mean()),
        expected_delivered=float(delivered.mean()),
        expected_steps=float(steps_taken.mean()),
        p_quiet_if_real=np.asarray(p_quiet_real, dtype=float),
        posterior_no_red_line=np.asarray(posterior, dtype=float),
        first_cross=np.where(crossed, idx + 1, 0),
    )
