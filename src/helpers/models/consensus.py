"""Consensus at NATO: no votes, and one ally can block (lesson 04, course concepts 5–8).

A proposal (a package of a given *size*, 1.0 = the full package) goes before the allies.
Each ally, in each simulated run, does one of three things:

- **support**: it agrees and contributes its weight (e.g. its share of the money or troops);
- **opt out** (constructive abstention): it does not block and does not contribute, as
  Hungary did on 12 June 2024 with NATO's new Ukraine assistance effort (NSATU);
- **block**: under consensus the decision fails.

The model, with every choice stated so that a student can question it:

1. **One disposition per ally and run.** Each ally draws a number ``d`` uniformly in
   [0, 1). At package size ``s`` it blocks if ``d < p_block(s)``, opts out if
   ``p_block(s) <= d < p_block(s) + p_opt_out``, and supports otherwise. The same ``d`` is
   used at every size, so an ally's mind changes only because the package changed.
2. **Watering down** (:class:`Proposal`). If anyone blocks the full package, the proposer
   tries the next smaller size in ``dilution_steps``, and so on; the decision passes at the
   first size nobody blocks, or fails if every size is blocked.
3. **How dilution wins holdouts** (:meth:`Ally.p_block_at`). ``p_block`` is the chance of
   blocking the full package (size 1.0). Below that it falls in a straight line and
   reaches zero at the size ``yields_at``, the size at or below which the ally no longer
   blocks: ``p_block(s) = p_block * clip((s - yields_at) / (1 - yields_at), 0, 1)``.
   ``yields_at=0`` (the default) makes the block chance proportional to the size;
   ``yields_at=None`` means no dilution wins this ally (its objection is not about size,
   as Greece's 2008 objection concerned a name). The freed chance goes to support; the
   opt-out chance does not depend on size. Because blocking only falls as the size falls,
   dilution can only raise the chance of a decision, and the size agreed is never larger
   than the full package.
4. **Blocs** (:class:`Bloc`). Allies that name the same bloc act together: in each run the
   bloc draws one disposition, and each member uses it with probability ``rho`` (else its
   own). ``rho=1`` with identical members behaves exactly like a single ally.
5. **Coalition of the willing** (the comparison). The same draws, with no veto: whoever
   supports the full package contributes; nobody can stop the others. Its size is the
   supporters' share of the total weight.

Exact (closed-form) answers are given where they exist: :func:`exact_pass_probability`
(with independent allies and no dilution, the product of ``1 - p_block`` over allies),
:func:`exact_blocker_distribution`, :func:`exact_expected_size` and
:func:`exact_coalition`; blocs are handled exactly by integrating over the bloc's draw.

:data:`PRESETS` replays three real cases; every parameter is tagged as taken from the
record (with its source) or as an assumption the student can change.

Every simulation takes an explicit ``numpy.random.Generator`` or an integer seed; the same
seed gives the same result. A seed is best for a lesson (a Generator is advanced by use).
"""

from __future__ import annotations

import datetime
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import KW_ONLY, dataclass
from types import MappingProxyType
from typing import Literal

import numpy as np
import pandas as pd

__all__ = [
    "ASSUMPTION",
    "BASIS_LABEL",
    "COALITION",
    "CONSENSUS",
    "DEFAULT_RUNS",
    "MEASURE_DELIVERED",
    "MEASURE_PASS",
    "MEASURE_SIZE",
    "OTHERS",
    "PRESETS",
    "RECORD",
    "Ally",
    "AllyRole",
    "Bloc",
    "CoalitionExact",
    "ConsensusResult",
    "Preset",
    "Proposal",
    "Tagged",
    "compare_with_coalition",
    "exact_blocker_distribution",
    "exact_coalition",
    "exact_expected_size",
    "exact_pass_probability",
    "generator",
    "preset_allies",
    "preset_parameters",
    "preset_proposal",
    "simulate_consensus",
]

DEFAULT_RUNS = 10_000
MAX_RUNS = 1_000_000
SeedLike = np.random.Generator | int


# ---------------------------------------------------------------- validation helpers


def _number(owner: str, name: str, value: object, lo: float, hi: float = math.inf) -> float:
    """``value`` as a float within [lo, hi], or a ValueError naming the field."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"{owner}: {name} must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{owner}: {name} must be a finite number, got {value!r}")
    if number < lo or number > hi:
        upper = "" if hi == math.inf else f" and {hi:g}"
        word = f"between {lo:g}{upper}" if upper else f"at least {lo:g}"
        raise ValueError(f"{owner}: {name} must be {word}, got {value!r}")
    return number


def _name(owner: str, name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{owner}: {name} must be a non-empty string, got {value!r}")
    return value


def generator(rng: SeedLike) -> np.random.Generator:
    """A ``numpy.random.Generator`` from a Generator (used as is) or an integer seed."""
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, bool) or not isinstance(rng, int | np.integer) or int(rng) < 0:
        raise ValueError(f"rng must be a numpy Generator or a non-negative int seed, got {rng!r}")
    return np.random.default_rng(int(rng))


def _runs(runs: object) -> int:
    if isinstance(runs, bool) or not isinstance(runs, int | np.integer):
        raise ValueError(f"runs must be a whole number, got {runs!r}")
    if not 1 <= int(runs) <= MAX_RUNS:
        raise ValueError(f"runs must be between 1 and {MAX_RUNS}, got {runs!r}")
    return int(runs)


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Ally:
    """One ally at the table: how likely it is to block or opt out of the full package.

    ``p_support`` is what is left: ``1 - p_block - p_opt_out``. ``weight`` is what the ally
    would contribute (any non-negative number; only shares matter). ``bloc`` names a
    :class:`Bloc` whose members act together. ``yields_at`` is the package size at or
    below which the ally stops blocking (``None``: no dilution wins it); see the module
    docstring for the formula. Every field after ``name`` is keyword-only.
    """

    name: str
    _: KW_ONLY
    weight: float = 1.0
    p_block: float = 0.0
    p_opt_out: float = 0.0
    bloc: str | None = None
    yields_at: float | None = 0.0

    def __post_init__(self) -> None:
        name = _name("Ally", "name", self.name)
        owner = f"Ally {name!r}"
        set_ = object.__setattr__
        set_(self, "weight", _number(owner, "weight", self.weight, 0.0))
        p_block = _number(owner, "p_block", self.p_block, 0.0, 1.0)
        p_opt_out = _number(owner, "p_opt_out", self.p_opt_out, 0.0, 1.0)
        if p_block + p_opt_out > 1.0 + 1e-9:
            raise ValueError(
                f"{owner}: p_block + p_opt_out must be at most 1 (the rest is p_support), "
                f"got {p_block:g} + {p_opt_out:g} = {p_block + p_opt_out:g}"
            )
        set_(self, "p_block", p_block)
        set_(self, "p_opt_out", min(p_opt_out, 1.0 - p_block))
        if self.bloc is not None:
            _name(owner, "bloc", self.bloc)
        if self.yields_at is not None:
            set_(self, "yields_at", _number(owner, "yields_at", self.yields_at, 0.0, 1.0))
            if self.yields_at >= 1.0:
                raise ValueError(f"{owner}: yields_at must be below 1, got {self.yields_at!r}")

    @property
    def p_support(self) -> float:
        """The chance of supporting the full package: ``1 - p_block - p_opt_out``."""
        return max(0.0, 1.0 - self.p_block - self.p_opt_out)

    def p_block_at(self, size: float) -> float:
        """The chance of blocking a package of ``size`` (1.0 = full): falls as size falls."""
        size = _number(f"Ally {self.name!r}", "size", size, 0.0, 1.0)
        return self.p_block * _dilution_factor(size, self.yields_at)


def _dilution_factor(size: float, yields_at: float | None) -> float:
    """How much of the full-package block chance is left at ``size``, in [0, 1]."""
    if yields_at is None:
        return 1.0
    return min(1.0, max(0.0, (size - yields_at) / (1.0 - yields_at)))


@dataclass(frozen=True)
class Bloc:
    """Allies that act together: each member follows the bloc's one draw with chance ``rho``."""

    name: str
    rho: float = 1.0

    def __post_init__(self) -> None:
        name = _name("Bloc", "name", self.name)
        object.__setattr__(self, "rho", _number(f"Bloc {name!r}", "rho", self.rho, 0.0, 1.0))


@dataclass(frozen=True)
class Proposal:
    """A package of ``size`` (1.0 = full) and the smaller sizes the proposer will fall back to.

    ``dilution_steps`` may come in any order; duplicates are dropped. Each must be above 0
    and below ``size``. :attr:`sizes` lists the sizes in the order they are tried.
    """

    size: float = 1.0
    dilution_steps: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        size = _number("Proposal", "size", self.size, 0.0, 1.0)
        if size <= 0.0:
            raise ValueError(f"Proposal: size must be above 0, got {self.size!r}")
        object.__setattr__(self, "size", size)
        steps = self.dilution_steps
        if isinstance(steps, str | bytes) or not isinstance(steps, Sequence):
            raise ValueError(f"Proposal: dilution_steps must be a sequence of sizes, got {steps!r}")
        clean: list[float] = []
        for i, step in enumerate(steps):
            value = _number("Proposal", f"dilution_steps[{i}]", step, 0.0, 1.0)
            if not 0.0 < value < size:
                raise ValueError(
                    f"Proposal: dilution_steps[{i}] must be above 0 and below size "
                    f"({size:g}), got {step!r}"
                )
            clean.append(value)
        object.__setattr__(self, "dilution_steps", tuple(sorted(set(clean), reverse=True)))

    @property
    def sizes(self) -> tuple[float, ...]:
        """The sizes tried, largest (the full proposal) first."""
        return (self.size, *self.dilution_steps)

    @classmethod
    def diluted(cls, floor: float, steps: int = 3, size: float = 1.0) -> Proposal:
        """A proposal that falls back in ``steps`` equal steps from ``size`` down to ``floor``."""
        if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
            raise ValueError(f"Proposal: steps must be a whole number >= 0, got {steps!r}")
        size = _number("Proposal", "size", size, 0.0, 1.0)
        floor = _number("Proposal", "floor", floor, 0.0, 1.0)
        if steps == 0 or floor >= size:
            return cls(size=size)
        if floor <= 0.0:
            raise ValueError(f"Proposal: floor must be above 0, got {floor!r}")
        gap = (size - floor) / steps
        return cls(size=size, dilution_steps=tuple(size - gap * k for k in range(1, steps + 1)))


# ---------------------------------------------------------------- the table of allies


@dataclass(frozen=True)
class _Table:
    names: tuple[str, ...]
    weight: np.ndarray
    p_block: np.ndarray
    p_opt_out: np.ndarray
    yields_at: tuple[float | None, ...]
    bloc_index: np.ndarray  # -1 = independent
    bloc_rho: np.ndarray

    def block_threshold(self, size: float) -> np.ndarray:
        factor = np.array([_dilution_factor(size, y) for y in self.yields_at])
        return np.asarray(self.p_block * factor)


def _table(allies: Sequence[Ally], blocs: Sequence[Bloc] = ()) -> _Table:
    """Check the allies and blocs together and turn them into arrays."""
    if isinstance(allies, str | bytes) or not isinstance(allies, Sequence):
        raise ValueError(f"allies must be a list of Ally, got {type(allies).__name__}")
    if len(allies) == 0:
        raise ValueError("allies: the list is empty; a decision needs at least one ally")
    for i, ally in enumerate(allies):
        if not isinstance(ally, Ally):
            raise ValueError(f"allies[{i}] must be an Ally, got {ally!r}")
    names = tuple(a.name for a in allies)
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValueError(f"allies: the name {name!r} appears twice")
        seen.add(name)
    weight = np.array([a.weight for a in allies], dtype=float)
    if weight.sum() <= 0:
        raise ValueError("allies: weight must be positive for at least one ally")
    if isinstance(blocs, str | bytes) or not isinstance(blocs, Sequence):
        raise ValueError(f"blocs must be a list of Bloc, got {type(blocs).__name__}")
    rho: dict[str, float] = {}
    order: dict[str, int] = {}
    for i, bloc in enumerate(blocs):
        if not isinstance(bloc, Bloc):
            raise ValueError(f"blocs[{i}] must be a Bloc, got {bloc!r}")
        if bloc.name in rho:
            raise ValueError(f"blocs: the bloc {bloc.name!r} appears twice")
        rho[bloc.name] = bloc.rho
        order[bloc.name] = len(order)
    index = []
    for ally in allies:
        if ally.bloc is None:
            index.append(-1)
        elif ally.bloc not in rho:
            raise ValueError(
                f"Ally {ally.name!r}: bloc {ally.bloc!r} is not in blocs (pass Bloc({ally.bloc!r}, "
                "rho=...))"
            )
        else:
            index.append(order[ally.bloc])
    return _Table(
        names=names,
        weight=weight,
        p_block=np.array([a.p_block for a in allies], dtype=float),
        p_opt_out=np.array([a.p_opt_out for a in allies], dtype=float),
        yields_at=tuple(a.yields_at for a in allies),
        bloc_index=np.array(index, dtype=int),
        bloc_rho=np.array(list(rho.values()) or [0.0], dtype=float),
    )


def _proposal(proposal: Proposal | None) -> Proposal:
    if proposal is None:
        return Proposal()
    if not isinstance(proposal, Proposal):
        raise ValueError(f"proposal must be a Proposal, got {proposal!r}")
    return proposal


# ---------------------------------------------------------------- result


@dataclass(frozen=True)
class ConsensusResult:
    """What :func:`simulate_consensus` found (probabilities are shares of the runs).

    Sizes are fractions of the full package. "Delivered" multiplies the size agreed by the
    supporters' share of the total weight (opt-outs and blockers contribute nothing).
    """

    runs: int
    allies: tuple[str, ...]
    sizes: tuple[float, ...]
    """The sizes tried, full proposal first."""
    p_pass: float
    """Chance the decision passes under consensus (at any size tried)."""
    p_pass_at: tuple[float, ...]
    """Chance the decision passes at each size in :attr:`sizes` (they add up to p_pass)."""
    expected_size: float
    """Average size agreed, counting a blocked decision as 0."""
    expected_delivered: float
    """Average size agreed times the supporters' weight share (0 when blocked)."""
    mean_contributors: float | None
    """Average number of supporters when the decision passes (None if it never passed)."""
    blocker_distribution: tuple[float, ...]
    """Chance that exactly k allies block the full package, k = 0 … number of allies."""
    block_rate: tuple[float, ...]
    """Per ally (in :attr:`allies` order): chance it blocks the full package."""
    opt_out_rate: tuple[float, ...]
    """Per ally: chance it opts out of the full package."""
    coalition_p_forms: float
    """With no veto: chance at least one ally supports the full package."""
    coalition_expected_size: float
    """With no veto: average supporters' weight share times the full size."""
    coalition_mean_contributors: float
    """With no veto: average number of supporters of the full package."""

    @property
    def p_blocked(self) -> float:
        """Chance the decision fails under consensus."""
        return 1.0 - self.p_pass

    @property
    def mean_size_if_passed(self) -> float | None:
        """Average size agreed in the runs where the decision passed (None if none did)."""
        return self.expected_size / self.p_pass if self.p_pass > 0 else None

    @property
    def standard_error(self) -> float:
        """Sampling error (one standard error) of :attr:`p_pass`."""
        return math.sqrt(self.p_pass * (1.0 - self.p_pass) / self.runs)

    def block_rates(self) -> dict[str, float]:
        """Ally name → chance it blocks the full package."""
        return dict(zip(self.allies, self.block_rate, strict=True))


# ---------------------------------------------------------------- simulation


def _dispositions(table: _Table, runs: int, gen: np.random.Generator) -> np.ndarray:
    """One uniform disposition per ally (rows) and run (columns); bloc members may follow
    their bloc's shared draw. Allies-by-runs keeps the per-run sums over allies fast."""
    n = len(table.names)
    own = gen.random((n, runs), dtype=np.float32)
    members = table.bloc_index >= 0
    if not members.any():
        return own
    rows = np.flatnonzero(members)
    index = table.bloc_index[rows]
    follows = gen.random((len(rows), runs), dtype=np.float32) < table.bloc_rho[index, None]
    shared = gen.random((len(table.bloc_rho), runs), dtype=np.float32)
    own[rows] = np.where(follows, shared[index], own[rows])
    return own


def simulate_consensus(
    allies: Sequence[Ally],
    proposal: Proposal | None,
    rng: SeedLike,
    *,
    runs: int = DEFAULT_RUNS,
    blocs: Sequence[Bloc] = (),
) -> ConsensusResult:
    """Simulate ``runs`` meetings on ``proposal`` (None: the full package, no dilution).

    Vectorised over runs; the comparison with a coalition of the willing uses the same
    draws, so the two rules face exactly the same allies' moods.
    """
    table = _table(allies, blocs)
    proposal = _proposal(proposal)
    runs = _runs(runs)
    gen = generator(rng)
    d = _dispositions(table, runs, gen)
    n = len(table.names)
    sizes = np.array(proposal.sizes)
    total_weight = float(table.weight.sum())

    # Block thresholds per ally (rows) and size (columns): they only fall as the size
    # falls, so an ally that blocks a smaller package also blocks every larger one.
    block_cut = np.array([table.block_threshold(float(size)) for size in sizes]).T
    support_cut = (block_cut + table.p_opt_out[:, None]).astype(np.float32)  # >=: supports
    block_cut = block_cut.astype(np.float32)
    blocked_full = d < block_cut[:, :1]
    support_full = d >= support_cut[:, :1]
    blockers_full = blocked_full.sum(axis=0)
    no_block = np.empty((len(sizes), runs), dtype=bool)
    no_block[0] = blockers_full == 0
    for k in range(1, len(sizes)):
        no_block[k] = ~np.any(d < block_cut[:, k : k + 1], axis=0)
    passed = no_block.any(axis=0)
    step = np.argmax(no_block, axis=0)  # first size nobody blocks (0 where none)

    # Who supports the size agreed (the full size where nothing passed; masked below).
    support = support_full if len(sizes) == 1 else d >= np.take(support_cut, step, axis=1)
    share = (table.weight @ support) / total_weight
    agreed = np.where(passed, sizes[step], 0.0)
    delivered = np.where(passed, sizes[step] * share, 0.0)
    p_at = tuple(float(np.mean(passed & (step == k))) for k in range(len(sizes)))
    n_passed = int(passed.sum())
    mean_contrib = float(support.sum(axis=0)[passed].mean()) if n_passed else None
    dist = np.bincount(blockers_full, minlength=n + 1) / runs
    share_full = share if len(sizes) == 1 else (table.weight @ support_full) / total_weight
    supporters_full = support_full.sum(axis=0)
    opt_out_full = ~blocked_full & ~support_full

    return ConsensusResult(
        runs=runs,
        allies=table.names,
        sizes=tuple(float(s) for s in sizes),
        p_pass=n_passed / runs,
        p_pass_at=p_at,
        expected_size=float(agreed.mean()),
        expected_delivered=float(delivered.mean()),
        mean_contributors=mean_contrib,
        blocker_distribution=tuple(float(x) for x in dist),
        block_rate=tuple(float(x) for x in blocked_full.mean(axis=1)),
        opt_out_rate=tuple(float(x) for x in opt_out_full.mean(axis=1)),
        coalition_p_forms=float(np.mean(supporters_full > 0)),
        coalition_expected_size=float(np.mean(share_full) * sizes[0]),
        coalition_mean_contributors=float(np.mean(supporters_full)),
    )


CONSENSUS, COALITION = "Consensus (one ally can block)", "Coalition of the willing (no veto)"
MEASURE_PASS = "Chance it goes ahead"
MEASURE_SIZE = "Expected size agreed"
MEASURE_DELIVERED = "Expected size delivered"


def compare_with_coalition(result: ConsensusResult) -> pd.DataFrame:
    """Consensus against a coalition of the willing, one row per rule and measure.

    Columns: ``rule``, ``measure``, ``value`` (a share, 0–1). "Expected size agreed" is the
    package size on the table (the coalition never waters down: nobody can block it);
    "expected size delivered" also counts who contributes.
    """
    rows = [
        (CONSENSUS, MEASURE_PASS, result.p_pass),
        (CONSENSUS, MEASURE_SIZE, result.expected_size),
        (CONSENSUS, MEASURE_DELIVERED, result.expected_delivered),
        (COALITION, MEASURE_PASS, result.coalition_p_forms),
        (COALITION, MEASURE_SIZE, result.coalition_p_forms * result.sizes[0]),
        (COALITION, MEASURE_DELIVERED, result.coalition_expected_size),
    ]
    return pd.DataFrame(rows, columns=["rule", "measure", "value"])


# ---------------------------------------------------------------- exact answers


def _poisson_binomial(probs: np.ndarray) -> np.ndarray:
    """P(exactly k of independent events happen), k = 0 … len(probs)."""
    dist = np.array([1.0])
    for p in probs:
        dist = np.convolve(dist, [1.0 - p, p])
    return dist


def _count_below(table: _Table, thresholds: np.ndarray) -> np.ndarray:
    """Exact distribution of how many allies have a disposition below their threshold.

    Independent allies give a Poisson-binomial distribution. For a bloc, condition on its
    shared draw ``v``: between two consecutive thresholds each member's chance is constant
    (``rho * [v < t] + (1 - rho) * t``), so the bloc's distribution is a finite mixture.
    """
    t = np.clip(thresholds, 0.0, 1.0)
    dist = _poisson_binomial(t[table.bloc_index < 0])
    for b in np.unique(table.bloc_index[table.bloc_index >= 0]):
        member_t = t[table.bloc_index == b]
        rho = float(table.bloc_rho[b])
        cuts = np.unique(np.concatenate([[0.0, 1.0], member_t]))
        mixture = np.zeros(len(member_t) + 1)
        for lo, hi in itertools.pairwise(cuts):
            if hi <= lo:
                continue
            q = rho * (member_t >= hi) + (1.0 - rho) * member_t
            mixture += (hi - lo) * _poisson_binomial(q)
        dist = np.convolve(dist, mixture)
    return dist


def exact_blocker_distribution(
    allies: Sequence[Ally], size: float = 1.0, blocs: Sequence[Bloc] = ()
) -> tuple[float, ...]:
    """Exact chance that exactly k allies block a package of ``size``, k = 0 … n."""
    table = _table(allies, blocs)
    size = _number("exact_blocker_distribution", "size", size, 0.0, 1.0)
    return tuple(float(x) for x in _count_below(table, table.block_threshold(size)))


def exact_pass_probability(
    allies: Sequence[Ally], proposal: Proposal | None = None, blocs: Sequence[Bloc] = ()
) -> float:
    """Exact chance the decision passes under consensus.

    With independent allies and no dilution this is the product of ``1 - p_block`` over
    the allies. With dilution it is the chance nobody blocks the smallest size tried (an
    ally that blocks a smaller package would also have blocked every larger one).
    """
    table = _table(allies, blocs)
    smallest = _proposal(proposal).sizes[-1]
    return float(_count_below(table, table.block_threshold(smallest))[0])


def exact_expected_size(
    allies: Sequence[Ally], proposal: Proposal | None = None, blocs: Sequence[Bloc] = ()
) -> float:
    """Exact average size agreed (0 when blocked), for the watering-down rule above."""
    table = _table(allies, blocs)
    sizes = _proposal(proposal).sizes
    total, before = 0.0, 0.0
    for size in sizes:
        ok = float(_count_below(table, table.block_threshold(size))[0])
        total += size * (ok - before)
        before = ok
    return total


@dataclass(frozen=True)
class CoalitionExact:
    """Exact answers for a coalition of the willing on the full package (no veto)."""

    p_forms: float
    expected_size: float
    expected_contributors: float


def exact_coalition(
    allies: Sequence[Ally], size: float = 1.0, blocs: Sequence[Bloc] = ()
) -> CoalitionExact:
    """Exact coalition answers: chance anyone supports, expected size and contributors."""
    table = _table(allies, blocs)
    size = _number("exact_coalition", "size", size, 0.0, 1.0)
    not_support = np.minimum(table.block_threshold(size) + table.p_opt_out, 1.0)
    dist = _count_below(table, not_support)
    p_support = 1.0 - not_support
    return CoalitionExact(
        p_forms=float(1.0 - dist[-1]),
        expected_size=float(size * (p_support @ table.weight) / table.weight.sum()),
        expected_contributors=float(p_support.sum()),
    )


# ---------------------------------------------------------------- presets: real cases

Basis = Literal["record", "assumption"]
RECORD: Basis = "record"
ASSUMPTION: Basis = "assumption"
BASIS_LABEL: Mapping[str, str] = MappingProxyType(
    {RECORD: "from the record", ASSUMPTION: "ASSUMPTION (you can change it)"}
)
OTHERS = "every other ally"


@dataclass(frozen=True)
class Tagged:
    """A parameter value and where it comes from: the record (with a source) or an assumption.

    ``note`` is, for the record, a one-line source (document, date); for an assumption,
    the reason for the value. A probability of 1 or 0 "from the record" replays what
    happened; it is not a forecast.
    """

    value: float | tuple[float, ...] | None
    basis: Basis
    note: str

    def __post_init__(self) -> None:
        if self.basis not in (RECORD, ASSUMPTION):
            raise ValueError(f"Tagged: basis must be 'record' or 'assumption', not {self.basis!r}")
        _name("Tagged", "note", self.note)


@dataclass(frozen=True)
class AllyRole:
    """What one ally (or every other ally) did in a preset, and its tagged parameters."""

    ally: str
    did: str
    p_block: Tagged
    p_opt_out: Tagged
    yields_at: Tagged
    weight: Tagged


@dataclass(frozen=True)
class Preset:
    """A real case the simulator can replay; see :func:`preset_parameters` for a table."""

    key: str
    name: str
    date: datetime.date
    when: str
    decided: str
    held_out: str
    model_note: str
    allies_as_of: datetime.date
    """Allies are the members.csv rows that had joined by this day."""
    allies_basis: str
    roles: tuple[AllyRole, ...]
    others: AllyRole
    size: Tagged
    dilution_steps: Tagged
    sources: tuple[str, ...]


_EQUAL_WEIGHT = Tagged(
    1.0,
    ASSUMPTION,
    "Equal weights: the course data hold no contribution shares for this decision.",
)
_FULL_SIZE = Tagged(1.0, ASSUMPTION, "The proposal as tabled counts as the full package (1.0).")

_BUCHAREST = Preset(
    key="bucharest_2008",
    name="Greece and the invitation to North Macedonia, Bucharest 2008",
    date=datetime.date(2008, 4, 3),
    when="Bucharest Summit, 2–4 April 2008; decisions announced 3 April 2008",
    decided=(
        "Albania and Croatia were invited to begin accession talks. The invitation to the "
        "former Yugoslav Republic of Macedonia (North Macedonia since 2019) was deferred "
        "until a mutually acceptable solution to the name issue was reached."
    ),
    held_out=(
        "Greece: it said there would be no invitation without a solution to the name "
        "dispute, and the invitation was postponed. One ally was enough."
    ),
    model_note=(
        "The 'package' is the invitation itself. Greece's objection was about the name, "
        "not the size of the offer, so no watering down can win it (yields_at = None)."
    ),
    allies_as_of=datetime.date(2008, 4, 3),
    allies_basis="members.csv: the 26 allies that had joined by 3 April 2008 (NATO spoke of 26).",
    roles=(
        AllyRole(
            ally="Greece",
            did="Blocked: no invitation without a solution to the name dispute.",
            p_block=Tagged(
                1.0,
                RECORD,
                "Replays what happened: NATO Update 'NATO decisions on open-door policy', "
                "3 April 2008; Reuters 'Greece stands by NATO veto threat for Macedonia', "
                "2 April 2008.",
            ),
            p_opt_out=Tagged(
                0.0,
                RECORD,
                "Greece blocked; it did not abstain (NATO Update and Reuters, 2–3 April 2008).",
            ),
            yields_at=Tagged(
                None,
                ASSUMPTION,
                "The dispute was over the name, so a smaller offer would not have moved "
                "Greece; the block ended only with the Prespa agreement (2018–19).",
            ),
            weight=_EQUAL_WEIGHT,
        ),
    ),
    others=AllyRole(
        ally=OTHERS,
        did="Supported the invitation (the US President urged it publicly, Reuters, 2 April 2008).",
        p_block=Tagged(
            0.0,
            ASSUMPTION,
            "No other ally is reported as blocking this invitation; modelled as certain "
            "supporters.",
        ),
        p_opt_out=Tagged(0.0, ASSUMPTION, "Nobody is reported as abstaining."),
        yields_at=Tagged(0.0, ASSUMPTION, "Irrelevant here: they never block."),
        weight=_EQUAL_WEIGHT,
    ),
    size=_FULL_SIZE,
    dilution_steps=Tagged((), ASSUMPTION, "No smaller invitation was on offer."),
    sources=(
        "NATO Update, 'NATO decisions on open-door policy', 3 April 2008 "
        "(https://www.nato.int/docu/update/2008/04-april/e0403h.html)",
        "Reuters, 'Greece stands by NATO veto threat for Macedonia', 2 April 2008 "
        "(https://www.reuters.com/article/us-nato-macedonia/"
        "greece-stands-by-nato-veto-threat-for-macedonia-idUSL0238277320080402)",
        "Course data: timeline.csv rows 2008-bucharest and 2008-map-withheld (3 April 2008); "
        "members.csv (26 allies by that day).",
    ),
)

_NO_OPT_OUT = (
    "Accession has no opt-out: a protocol enters into force only once every ally has "
    "accepted it (US State Department notice of 7 March 2024, in ratifications.csv row "
    "Sweden, Hungary, instrument_deposited)."
)
_TR_SOURCE_FI = (
    "ratifications.csv (Finland, Türkiye, parliament_approved, 2023-03-30; "
    "Finland, Türkiye, instrument_deposited, 2023-04-04)"
)
_HU_SOURCE_FI = "ratifications.csv (Finland, Hungary, parliament_approved, 2023-03-27)"

_NORDIC = Preset(
    key="finland_sweden_2023",
    name="Türkiye and Hungary on Finland's and Sweden's accession, 2022–2024",
    date=datetime.date(2023, 4, 4),
    when=("Protocols signed 5 July 2022; Finland joined 4 April 2023; Sweden joined 7 March 2024"),
    decided=(
        "Both protocols were ratified by all allies in the end, but not together: Finland "
        "joined on 4 April 2023, Sweden on 7 March 2024."
    ),
    held_out=(
        "Türkiye and Hungary were the last to ratify. Türkiye approved Finland's protocol "
        "on 30 March 2023 and Sweden's on 23 January 2024, after Ankara first moved on "
        "Finland alone (Erdoğan, 17 March 2023, citing Sweden's handling of people Ankara "
        "calls terrorists). Hungary approved Finland's on 27 March 2023 and Sweden's on "
        "26 February 2024, its ruling party having stalled the votes since July 2022."
    ),
    model_note=(
        "The model has no clock. It replays the position in March 2023: two allies still "
        "withheld approval of the two protocols together (size 1.0) and then let Finland's "
        "through alone (size 0.5). Sweden's later accession is outside this replay."
    ),
    allies_as_of=datetime.date(2022, 7, 5),
    allies_basis="members.csv: the 30 allies when the protocols were signed on 5 July 2022.",
    roles=(
        AllyRole(
            ally="Türkiye",
            did="Held both protocols, then ratified Finland's alone (March 2023).",
            p_block=Tagged(
                1.0,
                RECORD,
                "Replays what happened: no approval of either protocol until March 2023; "
                + _TR_SOURCE_FI
                + ".",
            ),
            p_opt_out=Tagged(0.0, RECORD, _NO_OPT_OUT),
            yields_at=Tagged(
                0.5,
                RECORD,
                "Replays what happened: it ratified Finland's protocol alone (The Local, "
                "17 March 2023; " + _TR_SOURCE_FI + ").",
            ),
            weight=_EQUAL_WEIGHT,
        ),
        AllyRole(
            ally="Hungary",
            did="Stalled both protocols, then ratified Finland's (27 March 2023).",
            p_block=Tagged(
                1.0,
                RECORD,
                "Replays what happened: no approval of either protocol until March 2023; "
                + _HU_SOURCE_FI
                + ".",
            ),
            p_opt_out=Tagged(0.0, RECORD, _NO_OPT_OUT),
            yields_at=Tagged(
                0.5,
                RECORD,
                "Replays what happened: it approved Finland's protocol in March 2023 and "
                "Sweden's only on 26 February 2024 (ratifications.csv: Sweden, Hungary, "
                "parliament_approved, 2024-02-26).",
            ),
            weight=_EQUAL_WEIGHT,
        ),
    ),
    others=AllyRole(
        ally=OTHERS,
        did="Completed parliamentary approval of both protocols by 27 September 2022.",
        p_block=Tagged(
            0.0,
            RECORD,
            "ratifications.csv: the 28 other allies' parliament_approved rows for both "
            "candidates run from 2022-07-05 to 2022-09-27.",
        ),
        p_opt_out=Tagged(0.0, RECORD, _NO_OPT_OUT),
        yields_at=Tagged(0.0, ASSUMPTION, "Irrelevant here: they never block."),
        weight=_EQUAL_WEIGHT,
    ),
    size=Tagged(
        1.0,
        ASSUMPTION,
        "Both protocols together count as 1.0 and each candidate as half; membership "
        "itself cannot be watered down.",
    ),
    dilution_steps=Tagged(
        (0.5,),
        RECORD,
        "Finland's protocol went ahead alone: Erdoğan, 17 March 2023 (The Local, "
        "17 March 2023); Finland joined 4 April 2023 (members.csv).",
    ),
    sources=(
        "Course data: ratifications.csv rows (candidate, ally, step, completed_on): "
        "(Finland, Hungary, parliament_approved, 2023-03-27), (Finland, Türkiye, "
        "parliament_approved, 2023-03-30), (Finland, Türkiye, instrument_deposited, "
        "2023-04-04), (Sweden, Türkiye, parliament_approved, 2024-01-23), (Sweden, Hungary, "
        "parliament_approved, 2024-02-26), (Sweden, Hungary, instrument_deposited, "
        "2024-03-07); members.csv (Finland 2023-04-04, Sweden 2024-03-07); timeline.csv "
        "row 2022-accession-protocols (2022-07-05).",
        "The Local (Sweden), 17 March 2023: report that Erdoğan asked Türkiye's parliament "
        "to vote on Finland's bid alone (https://www.thelocal.se/20230317/"
        "erdogan-asks-parliament-to-vote-on-finlands-nato-bid-alone/)",
        "Associated Press via babel.ua, 29 June 2023: Hungary's parliament postponed the "
        "vote on Sweden; the ruling party accused Swedish politicians of lying about "
        "Hungarian democracy (https://babel.ua/en/news/95694-sweden-will-not-join-nato-until-"
        "autumn-the-hungarian-parliament-postponed-the-ratification-of-the-application).",
        "US News & World Report, 5 February 2024, as quoted by news.rationalreview.com: "
        "the ruling Fidesz party had stalled Sweden's bid since July 2022.",
    ),
)

_NSATU_SOURCE = (
    "Stoltenberg and Orbán, joint press conference, Budapest, 12 June 2024 "
    "(Interfax-Ukraine, 12 June 2024)"
)

_NSATU = Preset(
    key="nsatu_2024",
    name="Hungary's opt-out from NATO's Ukraine assistance effort (NSATU), 2024",
    date=datetime.date(2024, 6, 12),
    when="Opt-out agreed 12 June 2024; NSATU agreed at the Washington Summit, 10 July 2024",
    decided=(
        "Allies agreed at the Washington Summit to create NATO Security Assistance and "
        "Training for Ukraine (NSATU) in Wiesbaden. Hungary did not block it."
    ),
    held_out=(
        "Hungary opted out: no Hungarian personnel and no Hungarian funds for these "
        "activities, but no veto, so the other allies could go ahead."
    ),
    model_note=(
        "An opt-out is a constructive abstention: the decision passes, with one fewer "
        "contributor. With every other ally supporting, it passes with 31 contributors."
    ),
    allies_as_of=datetime.date(2024, 7, 10),
    allies_basis="members.csv: the 32 allies at the Washington Summit.",
    roles=(
        AllyRole(
            ally="Hungary",
            did="Opted out: no personnel, no funds, no veto.",
            p_block=Tagged(0.0, RECORD, "Hungary assured it would not oppose: " + _NSATU_SOURCE),
            p_opt_out=Tagged(
                1.0, RECORD, "Hungary would not take part with personnel or funds: " + _NSATU_SOURCE
            ),
            yields_at=Tagged(0.0, ASSUMPTION, "Irrelevant here: it does not block."),
            weight=_EQUAL_WEIGHT,
        ),
    ),
    others=AllyRole(
        ally=OTHERS,
        did="Agreed to NSATU at the summit.",
        p_block=Tagged(
            0.0,
            RECORD,
            "NSATU was agreed at the Washington Summit on 10 July 2024 (timeline.csv row "
            "2024-nsatu-wiesbaden; channels.csv row nsatu), so nobody blocked it.",
        ),
        p_opt_out=Tagged(
            0.0,
            ASSUMPTION,
            "Each of the other allies is counted as a contributor; the course data do not "
            "record what each one gives.",
        ),
        yields_at=Tagged(0.0, ASSUMPTION, "Irrelevant here: they never block."),
        weight=_EQUAL_WEIGHT,
    ),
    size=_FULL_SIZE,
    dilution_steps=Tagged((), ASSUMPTION, "No watering down is modelled."),
    sources=(
        "Interfax-Ukraine, 12 June 2024: report of the Stoltenberg–Orbán press conference "
        "in Budapest, quoting Stoltenberg on the modalities of Hungary's non-participation "
        "(https://en.interfax.com.ua/news/general/993077.html)",
        "Course data: timeline.csv row 2024-nsatu-wiesbaden (10 July 2024); channels.csv row "
        "nsatu; members.csv (32 allies).",
        "Moller (FPRI, 3 July 2024) notes Stoltenberg had secured Orbán's pledge not to "
        "oppose the plan.",
    ),
)

PRESETS: Mapping[str, Preset] = MappingProxyType({p.key: p for p in (_BUCHAREST, _NORDIC, _NSATU)})


def _preset(key: str) -> Preset:
    if key not in PRESETS:
        raise ValueError(f"preset: unknown name {key!r}; choose one of {sorted(PRESETS)}")
    return PRESETS[key]


def _float(tag: Tagged) -> float:
    if not isinstance(tag.value, int | float):
        raise ValueError(f"preset parameter must be a number, got {tag.value!r}")
    return float(tag.value)


def _ally(name: str, role: AllyRole) -> Ally:
    yields = role.yields_at.value
    return Ally(
        name,
        weight=_float(role.weight),
        p_block=_float(role.p_block),
        p_opt_out=_float(role.p_opt_out),
        yields_at=None if yields is None else _float(role.yields_at),
    )


def preset_allies(key: str, members: pd.DataFrame | None = None) -> list[Ally]:
    """The allies of a preset (from ``members.csv`` as of the case's date), with its roles."""
    preset = _preset(key)
    if members is None:
        from helpers import data

        members = data.members()
    joined = members.loc[members["accession_date"] <= pd.Timestamp(preset.allies_as_of)]
    names = [str(c) for c in joined["country"]]
    roles = {r.ally: r for r in preset.roles}
    missing = sorted(set(roles) - set(names))
    if missing:
        raise ValueError(f"preset {key!r}: {missing} not among the allies as of that date")
    return [_ally(name, roles.get(name, preset.others)) for name in names]


def preset_proposal(key: str) -> Proposal:
    """The proposal of a preset (size and watering-down steps)."""
    preset = _preset(key)
    steps = preset.dilution_steps.value
    steps = steps if isinstance(steps, tuple) else ()
    return Proposal(size=_float(preset.size), dilution_steps=steps)


def _shown(value: float | tuple[float, ...] | None) -> str:
    if value is None:
        return "never (dilution does not help)"
    if isinstance(value, tuple):
        return ", ".join(f"{v:g}" for v in value) if value else "none"
    return f"{value:g}"


def preset_parameters(key: str) -> pd.DataFrame:
    """Every parameter of a preset with its label: from the record (source) or ASSUMPTION.

    Columns: ``who``, ``parameter``, ``value``, ``basis`` (the label to show on screen),
    ``source_or_reason``.
    """
    preset = _preset(key)
    rows: list[tuple[str, str, str, str, str]] = []

    def add(who: str, parameter: str, tag: Tagged) -> None:
        rows.append((who, parameter, _shown(tag.value), BASIS_LABEL[tag.basis], tag.note))

    add("proposal", "size", preset.size)
    add("proposal", "dilution_steps", preset.dilution_steps)
    for role in (*preset.roles, preset.others):
        for parameter in ("p_block", "p_opt_out", "yields_at", "weight"):
            add(role.ally, parameter, getattr(role, parameter))
    return pd.DataFrame(rows, columns=["who", "parameter", "value", "basis", "source_or_reason"])
