"""Exact (closed-form) answers of the consensus model, to check the simulation against.

Part of :mod:`helpers.models.consensus` (import from there). With independent allies and no
watering down, the chance of a decision is the product of ``1 - p_block`` over the allies;
blocs are handled exactly by integrating over the bloc's shared draw.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .consensus_simulation import Ally, Bloc, Proposal, _number, _proposal, _Table, _table

__all__ = [
    "CoalitionExact",
    "exact_blocker_distribution",
    "exact_coalition",
    "exact_expected_size",
    "exact_pass_probability",
]


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
