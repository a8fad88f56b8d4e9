"""Lesson 05's ratification explorer settings: what a student can change, and the numbers.

The pure half of the explorer (no widgets; :mod:`helpers.interactive.ratification` is the
controls and the chart). :class:`Settings` holds the assumptions a student chooses (which
past rounds the delays come from, which allies are holdouts, how slow a holdout is and how
many extra years it adds, and the line "over N years"); :func:`run` simulates them with
:mod:`helpers.models.ratification` and the explorer's fixed number of runs and seed, and
:func:`stats` gives the numbers printed about a result. The lesson's bank computes its keys
through these same functions (:mod:`helpers.exercises.computed_05`), so a key is exactly
what a student reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np

from . import ratification as rm

__all__ = [
    "POOLS",
    "QUANTILES",
    "RUNS",
    "SEED",
    "Settings",
    "Stats",
    "allies",
    "pool_size",
    "run",
    "stats",
]

RUNS = 2_000
"""Simulated rounds per setting (fixed, so results do not depend on a student's choice)."""
SEED = 2024
"""The random seed (fixed: same settings, same chart)."""

POOLS: Mapping[str, tuple[str, tuple[str, ...] | None]] = {
    "all": ("all past rounds", None),
    "nordic": ("Finland and Sweden only (2022–24)", ("Finland", "Sweden")),
}
"""Which past rounds the delays are drawn from: key → (label, candidates or None for all).

There is no "Montenegro and North Macedonia only" choice: for those rounds the data hold
only the last allies to ratify (3 delays), so such a pool would show the slowest allies as
if they were typical (the caveat "Few and uneven past cases" says so).
"""


@dataclass(frozen=True)
class Settings:
    """The explorer's assumptions; every field is a control a student can change."""

    holdouts: tuple[str, ...] = ()
    slowest: int = 4
    extra_years: float = 0.0
    over_years: float = 1.0
    pool: str = "all"

    def __post_init__(self) -> None:
        if self.pool not in POOLS:
            raise ValueError(f"pool must be one of {sorted(POOLS)}, got {self.pool!r}")
        object.__setattr__(self, "holdouts", tuple(sorted(dict.fromkeys(self.holdouts))))


# ------------------------------------------------------------------------ the model, cached


@cache
def _pool(pool: str) -> np.ndarray:
    candidates = POOLS[pool][1]
    frame = rm.past_delays(candidates=list(candidates) if candidates else None)
    values = frame["delay_days"].to_numpy(dtype=float)
    values.setflags(write=False)
    return values


@cache
def allies() -> tuple[str, ...]:
    """Today's allies, the ones a simulated round waits for (read once)."""
    return rm.current_allies()


def pool_size(pool: str) -> int:
    """How many past delays a pool holds."""
    return int(_pool(pool).size)


def run(settings: Settings) -> rm.RatificationResult:
    """Simulate with ``settings`` (fixed runs and seed): what the explorer shows."""
    pool = _pool(settings.pool)
    slowest = min(max(int(settings.slowest), 1), pool.size)
    holdouts = [
        rm.Holdout(ally, extra_days=settings.extra_years * rm.DAYS_PER_YEAR, slowest=slowest)
        for ally in settings.holdouts
    ]
    return rm.simulate_ratification(pool, allies(), SEED, runs=RUNS, holdouts=holdouts)


# ------------------------------------------------------------------------ the numbers shown


QUANTILES: tuple[float, ...] = (0.1, 0.25, 0.5, 0.75, 0.9)


@dataclass(frozen=True)
class Stats:
    """The numbers the explorer prints about one result (computed once, with numpy)."""

    quantiles: tuple[float, ...]
    """Total years at :data:`QUANTILES`."""
    share_over: float
    last: tuple[tuple[str, float], ...]
    """The three allies most often last, with the share of runs in which each was."""

    @property
    def median(self) -> float:
        """Median total years."""
        return self.quantiles[QUANTILES.index(0.5)]


def stats(result: rm.RatificationResult, settings: Settings) -> Stats:
    """Quantiles, the share over the line and who was last, for ``result``."""
    years = result.total_years
    q = np.quantile(years, QUANTILES)
    last = (result.per_ally_days == result.total_days[:, None]).mean(axis=0)
    order = sorted(range(len(result.allies)), key=lambda j: (-last[j], result.allies[j]))[:3]
    return Stats(
        quantiles=tuple(float(x) for x in q),
        share_over=float(np.mean(years > settings.over_years)),
        last=tuple((result.allies[j], float(last[j])) for j in order),
    )
