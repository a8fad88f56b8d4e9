"""Why this file is long: it holds the model's inputs with the checks that turn bad values into
plain-language errors (Ally, Bloc, Proposal), the Monte Carlo simulation with correlated
blocs and watering-down, and the comparison with a coalition of the willing. It is already
the split-off half of helpers.models.consensus (which documents the model and re-exports
it), and the inputs and the simulation change together.

The consensus model's rules and its simulation (lesson 04): allies, proposals, blocs, runs.

Part of :mod:`helpers.models.consensus`, which documents the model and re-exports every
public name; import from there. This module holds the inputs (:class:`Ally`, :class:`Bloc`,
:class:`Proposal`), their checks, the Monte Carlo simulation (:func:`simulate_consensus`)
and the comparison with a coalition of the willing (:func:`compare_with_coalition`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass

import numpy as np
import pandas as pd

__all__ = [
    "COALITION",
    "CONSENSUS",
    "DEFAULT_RUNS",
    "MAX_RUNS",
    "MEASURE_DELIVERED",
    "MEASURE_PASS",
    "MEASURE_SIZE",
    "Ally",
    "Bloc",
    "ConsensusResult",
    "Proposal",
    "SeedLike",
    "compare_with_coalition",
    "generator",
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
