"""Why this file is long: it is one model whose parts are read together: the parameters, each
labelled as an assumption with its note; the closed-form solution (Russia's threshold, best
responses, expected payoffs); the game tree and payoff curve the lesson draws; and a Monte
Carlo simulation set beside the analytic values it should match. Much of the length is the
documentation of the model's assumptions and of what it leaves out.

A crisis game with an accident probability: "the threat that leaves something to chance".

The idea is Thomas Schelling's (*The Strategy of Conflict*, 1960, ch. 8; *Arms and
Influence*, 1966, on the manipulation of risk): a side that cannot credibly threaten
to escalate on purpose can still deter by taking steps that raise the risk of an
escalation that neither side fully controls. The model below is the course's own
simplification of that idea, not a description of what any government believes.

**The game.** The Allies first choose a risk level ``r`` in [0, 1] (how far they step up
their support; :data:`SUPPORT_STEPS` gives illustrative named steps). Russia then backs
down or presses on.

- Russia backs down: the Allies get ``stake_allies`` and Russia gets 0.
- Russia presses on: the crisis lasts ``rounds`` rounds. In each round there is a chance
  ``p(r) = accident_base + (accident_max - accident_base) * r`` of an inadvertent
  escalation, which ends the crisis with the outcome both sides rank worst
  (``-cost_escalation_allies`` and ``-cost_escalation_russia``). If no accident happens,
  Russia gets ``stake_russia`` and the Allies get 0.
- Whatever Russia does, the Allies pay ``step_cost_allies * r`` for the step itself.

The chance of escalation if Russia presses on is ``P(r) = 1 - (1 - p(r)) ** rounds``.
Russia presses on while ``(1 - P) * stake_russia - P * cost_escalation_russia > 0``, so
backing down becomes its best response once ``P(r) >= P* = stake_russia / (stake_russia
+ cost_escalation_russia)``: see :func:`threshold`. (Backing down part-way through is never
better for Russia: if pressing on pays at the start, it pays even more with fewer rounds
left; if it does not, backing down at once avoids the risk in between.)

**Every number is an assumption.** :data:`PARAMETERS` gives each one a label and a note
saying so; :data:`ASSUMPTION_SETS` holds two labelled sets that stand for the two risk
attitudes described by Moller (FPRI, 3 July 2024, "An Immoveable Feast"). They are
illustrations of how each camp reasons, not estimates of anything. Both sets give the
Allies the same cost of a wider war: no source says that either camp cares less about one.

**What the game leaves out** (:data:`LEAVES_OUT`). Both sides know every number, so the
sceptics' central point, that Moscow's intentions are unknowable, cannot appear inside the
game: the sceptics' set is one cautious possibility among many, not "the sceptics' belief".
Nor can the Allies learn between steps, and Russia cannot answer below the level of a wider
war. :func:`step_outcomes` lists what each named step leads to, so the two sets can be set
side by side: the cost of a needless step under one against the cost of a missed one under
the other.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from helpers.models.games import (
    Bimatrix,
    Chance,
    Decision,
    Leaf,
    SequentialSolution,
    Solution2x2,
    backward_induction,
    solve_2x2,
)

ALLIES, RUSSIA = "Allies", "Russia"
BACK_DOWN, PRESS_ON = "back down", "press on"
RUSSIA_ACTIONS: tuple[str, str] = (BACK_DOWN, PRESS_ON)
MAX_ROUNDS = 1_000
MAX_RUNS = 5_000_000
TIE = 1e-9  # payoffs closer than this count as equal (rounding in the threshold formula)


@dataclass(frozen=True)
class CrisisParams:
    """The crisis game's assumptions (payoffs in arbitrary "points"; see :data:`PARAMETERS`).

    There are no defaults on purpose: start from an assumption set, e.g.
    ``with_changes(SUPPORTERS_VIEW.params, stake_russia=60)``.
    """

    stake_allies: float
    stake_russia: float
    cost_escalation_allies: float
    cost_escalation_russia: float
    accident_base: float
    accident_max: float
    rounds: int
    step_cost_allies: float

    def __post_init__(self) -> None:
        if isinstance(self.rounds, np.integer):
            object.__setattr__(self, "rounds", int(self.rounds))
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                raise ValueError(f"{f.name}: must be a finite number, not {v!r}")
        for name in ("stake_allies", "stake_russia", "step_cost_allies"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name}: must be zero or more, not {getattr(self, name)!r}")
        for name in ("cost_escalation_allies", "cost_escalation_russia"):
            if getattr(self, name) <= 0:
                raise ValueError(
                    f"{name}: must be more than zero (escalation is the outcome both sides "
                    f"rank worst), not {getattr(self, name)!r}"
                )
        for name in ("accident_base", "accident_max"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(
                    f"{name}: a probability must be in [0, 1], not {getattr(self, name)!r}"
                )
        if self.accident_max < self.accident_base:
            raise ValueError(
                f"accident_max: must be at least accident_base ({self.accident_base!r}), "
                f"not {self.accident_max!r}"
            )
        if not isinstance(self.rounds, int) or not 1 <= self.rounds <= MAX_ROUNDS:
            raise ValueError(
                f"rounds: must be a whole number from 1 to {MAX_ROUNDS}, not {self.rounds!r}"
            )
        if self.step_cost_allies >= self.cost_escalation_allies:
            raise ValueError(
                "step_cost_allies: must be less than cost_escalation_allies, or escalation "
                "would not be the Allies' worst outcome"
            )


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
            ParameterInfo("stake_allies", "What the stake is worth to the Allies", "points",
                          0, 200, _assumption("How much the Allies gain if Russia backs down.")),
            ParameterInfo("stake_russia", "What the stake is worth to Russia", "points",
                          0, 200, _assumption("How much Russia gains if it presses on and "
                                              "nothing goes wrong.")),
            ParameterInfo("cost_escalation_allies", "Cost of escalation to the Allies",
                          "points", 1, 2000, _assumption("How bad a wider war would be for "
                                                         "the Allies.")),
            ParameterInfo("cost_escalation_russia", "Cost of escalation to Russia", "points",
                          1, 2000, _assumption("How bad a wider war would be for Russia.")),
            ParameterInfo("accident_base", "Chance of an accident per round, no new step",
                          "probability", 0, 0.2, _assumption("The risk of an escalation "
                                                             "nobody chose, from the war "
                                                             "as it already is.")),
            ParameterInfo("accident_max", "Chance of an accident per round, biggest step",
                          "probability", 0, 0.5, _assumption("The same risk at the highest "
                                                             "risk level (r = 1).")),
            ParameterInfo("rounds", "Rounds the crisis lasts if Russia presses on", "rounds",
                          1, 20, _assumption("How many chances there are for something to "
                                             "go wrong.")),
            ParameterInfo("step_cost_allies", "Cost of the biggest step to the Allies",
                          "points", 0, 100, _assumption("Money, political cost and risk to "
                                                        "personnel, even if nothing goes "
                                                        "wrong.")),
        )
    }
)  # fmt: skip


@dataclass(frozen=True)
class ParameterValue:
    """One parameter as shown on screen: its label, value, unit and caveat."""

    name: str
    label: str
    value: float
    unit: str
    note: str


def describe_parameters(params: CrisisParams) -> tuple[ParameterValue, ...]:
    """Each parameter's label, value, unit and its ASSUMPTION note, in display order."""
    return tuple(
        ParameterValue(info.name, info.label, float(getattr(params, info.name)), info.unit,
                       info.note)
        for info in PARAMETERS.values()
    )  # fmt: skip


@dataclass(frozen=True)
class AssumptionSet:
    """A labelled set of assumptions standing for one way of reasoning (not a fact)."""

    key: str
    name: str
    summary: str
    params: CrisisParams
    caveat: str = (
        "An illustrative set of assumptions chosen for teaching, not an estimate: no one "
        "knows these numbers."
    )


SUPPORTERS_VIEW = AssumptionSet(
    key="supporters",
    name="Supporters' view (an assumption set)",
    summary=(
        "Supporters of a larger NATO role argue that Moscow does not want a war with NATO "
        "and that its nuclear threats are a bluff. This set puts that into numbers: a wider "
        "war would cost Russia far more than the stake is worth to it, and accidents are "
        "rare unless the Allies add risk. A wider war would cost the Allies as much as in "
        "the sceptics' set."
    ),
    params=CrisisParams(
        stake_allies=50.0,
        stake_russia=30.0,
        cost_escalation_allies=1000.0,
        cost_escalation_russia=600.0,
        accident_base=0.0,
        accident_max=0.10,
        rounds=6,
        step_cost_allies=5.0,
    ),
)
SCEPTICS_VIEW = AssumptionSet(
    key="sceptics",
    name="Sceptics' view (an assumption set)",
    summary=(
        "Sceptics argue that the Kremlin's intentions are unknowable and that being wrong "
        "would be very costly. A game in which both sides know every number cannot hold "
        "that uncertainty, so this set is only one cautious possibility among many that "
        "sceptics say cannot be ruled out: the stake may matter to Russia as much as a "
        "wider war would hurt it, and the fog of war brings some risk of an accident even "
        "with no new step."
    ),
    params=CrisisParams(
        stake_allies=50.0,
        stake_russia=100.0,
        cost_escalation_allies=1000.0,
        cost_escalation_russia=100.0,
        accident_base=0.01,
        accident_max=0.10,
        rounds=6,
        step_cost_allies=5.0,
    ),
)
ASSUMPTION_SETS: Mapping[str, AssumptionSet] = MappingProxyType(
    {s.key: s for s in (SUPPORTERS_VIEW, SCEPTICS_VIEW)}
)


@dataclass(frozen=True)
class SupportStep:
    """A named step of support and the risk level the model assumes for it."""

    name: str
    risk_level: float
    note: str


SUPPORT_STEPS: tuple[SupportStep, ...] = (
    SupportStep("no new step", 0.0, "The baseline."),
    SupportStep("longer-range weapons", 0.3, _assumption("Risk level 0.3 is illustrative.")),
    SupportStep("trainers in western Ukraine", 0.6,
                _assumption("Risk level 0.6 is illustrative.")),
    SupportStep("trainers near the front line", 1.0,
                _assumption("Risk level 1.0 is illustrative.")),
)  # fmt: skip

LEAVES_OUT: tuple[str, ...] = (
    "uncertainty: both sides know every number here, so Moscow's unknowable intentions "
    "cannot appear inside the game",
    "learning: the Allies cannot watch Russia's reaction and adjust between steps",
    "answers below a wider war: Russia either backs down, keeps the stake or escalates",
)


# ---------------------------------------------------------------- probabilities and payoffs


def _risk(r: npt.ArrayLike, name: str = "risk_level") -> np.ndarray:
    try:
        arr = np.asarray(r, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: must be numbers in [0, 1], not {r!r}") from None
    if not np.all(np.isfinite(arr)) or np.any((arr < 0) | (arr > 1)):
        raise ValueError(f"{name}: must be in [0, 1], not {r!r}")
    return arr


def accident_per_round(params: CrisisParams, r: npt.ArrayLike) -> np.ndarray:
    """p(r): the chance of an inadvertent escalation in one round at risk level r."""
    return params.accident_base + (params.accident_max - params.accident_base) * _risk(r)


def escalation_probability(params: CrisisParams, r: npt.ArrayLike) -> np.ndarray:
    """P(r): the chance that a crisis Russia presses on through ends in escalation."""
    return 1.0 - (1.0 - accident_per_round(params, r)) ** params.rounds


def russia_press_on(params: CrisisParams, r: npt.ArrayLike) -> np.ndarray:
    """Russia's expected payoff from pressing on at risk level r."""
    p = escalation_probability(params, r)
    return (1.0 - p) * params.stake_russia - p * params.cost_escalation_russia


def russia_back_down(params: CrisisParams, r: npt.ArrayLike) -> np.ndarray:
    """Russia's payoff from backing down (0 at every risk level: the normalisation)."""
    return np.zeros_like(_risk(r))


def allies_payoff(params: CrisisParams, r: npt.ArrayLike, russia: str) -> np.ndarray:
    """The Allies' expected payoff at risk level r, given Russia's action."""
    rr = _risk(r)
    cost = params.step_cost_allies * rr
    if russia == BACK_DOWN:
        return params.stake_allies - cost
    if russia == PRESS_ON:
        return -escalation_probability(params, rr) * params.cost_escalation_allies - cost
    raise ValueError(f"russia: must be one of {RUSSIA_ACTIONS}, not {russia!r}")


@dataclass(frozen=True)
class Payoffs:
    """Expected payoffs of one outcome, and the chance it ends in escalation."""

    allies: float
    russia: float
    escalation_probability: float


def expected_payoffs(params: CrisisParams, r: float, russia: str) -> Payoffs:
    """Both sides' expected payoffs when the Allies pick risk level r and Russia acts."""
    if russia not in RUSSIA_ACTIONS:
        raise ValueError(f"russia: must be one of {RUSSIA_ACTIONS}, not {russia!r}")
    allies = float(allies_payoff(params, r, russia))
    if russia == BACK_DOWN:
        return Payoffs(allies, 0.0, 0.0)
    return Payoffs(allies, float(russia_press_on(params, r)),
                   float(escalation_probability(params, r)))  # fmt: skip


def russia_best_response(params: CrisisParams, r: float) -> str:
    """Russia's best action at risk level r (a tie, up to rounding, counts as backing down)."""
    return BACK_DOWN if float(russia_press_on(params, r)) <= TIE else PRESS_ON


# ---------------------------------------------------------------- the threshold


@dataclass(frozen=True)
class Threshold:
    """Where backing down becomes Russia's best response.

    ``escalation_probability`` is P* (the chance of escalation that makes Russia
    indifferent), ``accident_per_round`` is p* (the per-round chance giving P*), and
    ``risk_level`` the r at which p(r) = p*: 0.0 if Russia is deterred even with no new
    step, ``None`` if no risk level up to 1 deters. ``unclipped`` is the raw formula
    (may be negative or above 1; infinite if the risk does not rise with r).
    """

    risk_level: float | None
    unclipped: float
    escalation_probability: float
    accident_per_round: float
    note: str


def threshold(params: CrisisParams) -> Threshold:
    """The closed-form threshold risk level (see the module docstring).

    P* = v / (v + c), p* = 1 - (c / (v + c)) ** (1 / rounds),
    r* = (p* - accident_base) / (accident_max - accident_base),
    with v = stake_russia and c = cost_escalation_russia.
    """
    v, c = params.stake_russia, params.cost_escalation_russia
    big_p = v / (v + c)
    small_p = 1.0 - (c / (v + c)) ** (1.0 / params.rounds)
    slope = params.accident_max - params.accident_base
    gap = small_p - params.accident_base
    if slope > 0:
        raw = gap / slope
    elif gap <= 0:
        raw = 0.0  # the risk does not rise with r, and the risk already there deters
    else:
        raw = math.inf  # the risk does not rise with r, and what there is does not deter
    if raw <= 0:
        level: float | None = 0.0
        note = "Russia backs down even with no new step: the risk already there deters it."
    elif raw <= 1:
        level = raw
        note = (
            f"Backing down becomes Russia's best response from risk level {raw:.2f}, where the "
            f"chance of escalation if it presses on reaches {big_p:.0%}."
        )
    else:
        level = None
        note = (
            f"No risk level up to 1 deters: Russia would back down only if the chance of "
            f"escalation reached {big_p:.0%}, but the biggest step gives "
            f"{float(escalation_probability(params, 1.0)):.0%}."
        )
    return Threshold(level, raw, big_p, small_p, note)


# ---------------------------------------------------------------- solving the game


def crisis_tree(params: CrisisParams, levels: Sequence[float] | None = None) -> Decision:
    """The crisis as a sequential game: Allies pick a level, Russia responds, chance acts.

    ``levels`` are the Allies' options (default: the risk levels of :data:`SUPPORT_STEPS`),
    listed from the smallest; at a tie the smaller step and backing down come first.
    """
    if levels is None:
        levels = [s.risk_level for s in SUPPORT_STEPS]
    levels = [float(x) for x in _risk(list(levels), "levels").ravel()]
    if not levels:
        raise ValueError("levels: give at least one risk level")
    if len(set(levels)) != len(levels):
        raise ValueError(f"levels: risk levels must differ, got {levels}")
    moves = {}
    for r in levels:
        tag = f"r={r!r}"
        back = expected_payoffs(params, r, BACK_DOWN)
        p_esc = float(escalation_probability(params, r))
        cost = params.step_cost_allies * r
        chance = Chance(
            f"crisis at {tag}",
            {
                "escalation": (p_esc, Leaf(f"escalation at {tag}", {
                    ALLIES: -params.cost_escalation_allies - cost,
                    RUSSIA: -params.cost_escalation_russia})),
                "no accident": (1.0 - p_esc, Leaf(f"Russia keeps the stake at {tag}", {
                    ALLIES: -cost, RUSSIA: params.stake_russia})),
            },
        )  # fmt: skip
        russia = Decision(
            f"Russia at {tag}",
            RUSSIA,
            {
                BACK_DOWN: Leaf(f"Russia backs down at {tag}",
                                {ALLIES: back.allies, RUSSIA: back.russia}),
                PRESS_ON: chance,
            },
        )  # fmt: skip
        moves[tag] = russia
    return Decision("Allies choose a step", ALLIES, moves)


@dataclass(frozen=True)
class CrisisSolution:
    """The subgame-perfect outcome when the Allies choose among ``levels`` first."""

    risk_level: float
    russia_action: str
    allies_payoff: float
    russia_payoff: float
    escalation_probability: float
    threshold: Threshold
    solution: SequentialSolution


def solve_crisis(params: CrisisParams, levels: Sequence[float] | None = None) -> CrisisSolution:
    """Backward induction on :func:`crisis_tree`: the Allies' best step and Russia's reply."""
    tree = crisis_tree(params, levels)
    sol = backward_induction(tree, tol=TIE)
    allies_step = sol.plan[tree.label]
    r = float(allies_step.removeprefix("r="))
    russia = sol.plan[f"Russia at {allies_step}"]
    p_esc = 0.0 if russia == BACK_DOWN else float(escalation_probability(params, r))
    return CrisisSolution(
        risk_level=r,
        russia_action=russia,
        allies_payoff=sol.payoffs[ALLIES],
        russia_payoff=sol.payoffs[RUSSIA],
        escalation_probability=p_esc,
        threshold=threshold(params),
        solution=sol,
    )


@dataclass(frozen=True)
class StepOutcome:
    """What one named step leads to: Russia's best reply, the chance of escalation, payoffs."""

    step: SupportStep
    russia_action: str
    escalation_probability: float
    allies_payoff: float
    russia_payoff: float


def step_outcomes(
    params: CrisisParams, steps: Sequence[SupportStep] = SUPPORT_STEPS
) -> tuple[StepOutcome, ...]:
    """For each named step: Russia's best response and what follows (expected values).

    The chance of escalation is 0 where Russia backs down; otherwise it is P(r).
    """
    out = []
    for s in steps:
        action = russia_best_response(params, s.risk_level)
        pay = expected_payoffs(params, s.risk_level, action)
        out.append(StepOutcome(s, action, pay.escalation_probability, pay.allies, pay.russia))
    return tuple(out)


def allies_best_risk(params: CrisisParams) -> float:
    """The Allies' best risk level over the whole range [0, 1] when they move first.

    Either the smallest deterring level r* (if it is worth its cost) or, when Russia
    presses on whatever they do, no step at all (more risk then only costs them).
    """
    t = threshold(params)
    hold = float(allies_payoff(params, 0.0, russia_best_response(params, 0.0)))
    if t.risk_level is None:
        return 0.0
    deter = float(allies_payoff(params, t.risk_level, BACK_DOWN))
    return t.risk_level if deter > hold else 0.0


def crisis_game(params: CrisisParams, step_up: float, hold: float = 0.0) -> Bimatrix:
    """The same crisis as a 2×2 game of *simultaneous* moves (for :func:`solve_2x2`).

    The Allies choose between a low level ``hold`` and a higher level ``step_up`` without
    seeing Russia's choice. Comparing it with :func:`solve_crisis` shows why moving first
    (committing to the step) matters.
    """
    lo, hi = float(_risk(hold, "hold")), float(_risk(step_up, "step_up"))
    if hi <= lo:
        raise ValueError(f"step_up: must be above hold ({lo:g}), not {hi:g}")
    rows = [expected_payoffs(params, r, a) for r in (lo, hi) for a in RUSSIA_ACTIONS]
    return Bimatrix(
        row_payoffs=((rows[0].allies, rows[1].allies), (rows[2].allies, rows[3].allies)),
        col_payoffs=((rows[0].russia, rows[1].russia), (rows[2].russia, rows[3].russia)),
        row_actions=(f"hold at r={lo:g}", f"step up to r={hi:g}"),
        col_actions=RUSSIA_ACTIONS,
        row_player=ALLIES,
        col_player=RUSSIA,
    )


def solve_crisis_game(params: CrisisParams, step_up: float, hold: float = 0.0) -> Solution2x2:
    """Nash equilibria of :func:`crisis_game` (simultaneous moves)."""
    return solve_2x2(crisis_game(params, step_up, hold))


# ---------------------------------------------------------------- curves and simulation


@dataclass(frozen=True)
class CrisisCurve:
    """Payoffs and probabilities on a grid of risk levels (for charts)."""

    risk_level: np.ndarray
    escalation_probability: np.ndarray
    russia_press_on: np.ndarray
    russia_back_down: np.ndarray
    allies_if_press_on: np.ndarray
    allies_if_back_down: np.ndarray
    threshold: Threshold


def payoff_curve(params: CrisisParams, points: int = 101) -> CrisisCurve:
    """Everything a chart needs, on ``points`` evenly spaced risk levels from 0 to 1."""
    if isinstance(points, bool) or not isinstance(points, int) or not 2 <= points <= 10_001:
        raise ValueError(f"points: must be a whole number from 2 to 10001, not {points!r}")
    r = np.linspace(0.0, 1.0, points)
    return CrisisCurve(
        risk_level=r,
        escalation_probability=escalation_probability(params, r),
        russia_press_on=russia_press_on(params, r),
        russia_back_down=russia_back_down(params, r),
        allies_if_press_on=allies_payoff(params, r, PRESS_ON),
        allies_if_back_down=allies_payoff(params, r, BACK_DOWN),
        threshold=threshold(params),
    )


@dataclass(frozen=True)
class CrisisSimulation:
    """Monte Carlo runs of one crisis, next to the analytic values they should match."""

    runs: int
    risk_level: float
    russia_action: str
    escalations: int
    escalation_frequency: float
    analytic_probability: float
    standard_error: float
    mean_round_of_escalation: float
    mean_payoff_allies: float
    mean_payoff_russia: float
    analytic_payoff_allies: float
    analytic_payoff_russia: float


def _generator(rng: np.random.Generator | int) -> np.random.Generator:
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, bool) or not isinstance(rng, int | np.integer):
        raise ValueError(f"rng: must be a numpy Generator or an integer seed, not {rng!r}")
    return np.random.default_rng(int(rng))


def simulate_crisis(
    params: CrisisParams,
    rng: np.random.Generator | int,
    runs: int = 10_000,
    *,
    risk_level: float | None = None,
    russia: str | None = None,
) -> CrisisSimulation:
    """Play the crisis ``runs`` times, round by round, drawing accidents at random.

    ``risk_level`` defaults to the Allies' best level (:func:`allies_best_risk`);
    ``russia`` defaults to Russia's best response at that level, or can be forced to
    ``"press on"`` or ``"back down"``. ``rng`` is a numpy Generator or a seed.
    """
    gen = _generator(rng)
    if isinstance(runs, bool) or not isinstance(runs, int) or not 1 <= runs <= MAX_RUNS:
        raise ValueError(f"runs: must be a whole number from 1 to {MAX_RUNS}, not {runs!r}")
    r = allies_best_risk(params) if risk_level is None else float(_risk(risk_level))
    action = russia_best_response(params, r) if russia is None else russia
    if action not in RUSSIA_ACTIONS:
        raise ValueError(f"russia: must be one of {RUSSIA_ACTIONS}, not {russia!r}")
    cost = params.step_cost_allies * r
    analytic = expected_payoffs(params, r, action)
    if action == BACK_DOWN:
        first = np.full(runs, params.rounds + 1)
    else:
        p = float(accident_per_round(params, r))
        first = gen.geometric(p, size=runs) if p > 0 else np.full(runs, params.rounds + 1)
    escalated = first <= params.rounds
    n_esc = int(escalated.sum())
    if action == BACK_DOWN:
        allies = np.full(runs, params.stake_allies - cost)
        russia_pay = np.zeros(runs)
    else:
        allies = np.where(escalated, -params.cost_escalation_allies, 0.0) - cost
        russia_pay = np.where(escalated, -params.cost_escalation_russia, params.stake_russia)
    prob = analytic.escalation_probability
    return CrisisSimulation(
        runs=runs,
        risk_level=r,
        russia_action=action,
        escalations=n_esc,
        escalation_frequency=n_esc / runs,
        analytic_probability=prob,
        standard_error=math.sqrt(prob * (1.0 - prob) / runs),
        mean_round_of_escalation=float(first[escalated].mean()) if n_esc else math.nan,
        mean_payoff_allies=float(allies.mean()),
        mean_payoff_russia=float(russia_pay.mean()),
        analytic_payoff_allies=analytic.allies,
        analytic_payoff_russia=analytic.russia,
    )


def with_changes(params: CrisisParams, **changes: float) -> CrisisParams:
    """A copy of ``params`` with some values changed (validated like the original)."""
    unknown = set(changes) - {f.name for f in fields(params)}
    if unknown:
        raise ValueError(f"{sorted(unknown)[0]}: not a crisis parameter")
    return replace(params, **changes)  # type: ignore[arg-type]  # CrisisParams checks values
