"""Why this file is long: it is the whole pipeline of one model, in the order the lesson
explains it: past delays read from the data (with the signature dates the data lacks, each
with its source), the bootstrap, holdouts, the result with its summaries, and the caveats
the lesson shows as a table. Each step is short, and the steps are only ever read together.

'What if it went like before?': how long 32 ratifications might take (lesson 05, concept 9).

Under Article 10 a candidate joins only when every ally has ratified its accession
protocol. This model asks: if each of today's allies took as long as allies took in past
rounds, how long would the last one take?

1. **Past delays** (:func:`past_delays`): for each past round, the days from the signature
   of the accession protocol to each ally's ratification step (by default the end of its
   parliamentary procedure), read from ``ratifications.csv``. Signature dates come from
   the course data where it has them (Finland and Sweden: timeline.csv) and otherwise
   from :data:`SIGNATURE_SOURCES` (Montenegro, North Macedonia), each with its source.
2. **Bootstrap**: in each run, every ally draws one delay from the past delays, all equally
   likely (drawn by inverse transform: a uniform number picks a place in the sorted list).
3. **Holdouts** (:class:`Holdout`): a named ally can be given extra days, and/or a delay
   drawn only from the ``slowest`` past cases. A holdout uses the same uniform number as it
   would without the label, so adding a holdout never shortens any run.
4. **Total time** = the longest delay among the allies in that run.

The result (:class:`RatificationResult`) gives quantiles, the median, the share of runs
over N years, a histogram-ready table and which allies were last. :data:`CAVEATS` says,
as data the lesson can show, what such a model cannot know.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

import numpy as np
import pandas as pd

SeedLike = np.random.Generator | int

__all__ = [
    "CAVEATS",
    "DAYS_PER_YEAR",
    "DEFAULT_RUNS",
    "SIGNATURE_SOURCES",
    "STEPS",
    "Caveat",
    "Holdout",
    "RatificationResult",
    "Signature",
    "caveats_table",
    "current_allies",
    "delays_from_uniforms",
    "generator",
    "past_delays",
    "protocol_signatures",
    "simulate_ratification",
]

DEFAULT_RUNS = 10_000
MAX_RUNS = 1_000_000
DAYS_PER_YEAR = 365.25
STEPS: tuple[str, ...] = ("parliament_approved", "instrument_deposited")


def generator(rng: SeedLike) -> np.random.Generator:
    """A ``numpy.random.Generator`` from a Generator (used as is) or an integer seed."""
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, bool) or not isinstance(rng, int | np.integer) or int(rng) < 0:
        raise ValueError(f"rng must be a numpy Generator or a non-negative int seed, got {rng!r}")
    return np.random.default_rng(int(rng))


# ---------------------------------------------------------------- signatures and past delays


@dataclass(frozen=True)
class Signature:
    """The day a round's accession protocol was signed, and where that date comes from."""

    candidate: str
    signed_on: date
    source: str


SIGNATURE_SOURCES: Mapping[str, Signature] = MappingProxyType(
    {
        "Montenegro": Signature(
            "Montenegro",
            date(2016, 5, 19),
            "RFE/RL, 'NATO, Montenegro Sign Accession Agreement', 19 May 2016 "
            "(https://rferl.org/a/montenegro-signs-nato-accession-agreement-may-19-/27744360.html)"
            "; Xinhua, 19 May 2016",
        ),
        "North Macedonia": Signature(
            "North Macedonia",
            date(2019, 2, 6),
            "The News (AFP), 'Macedonia signs NATO accession accord', 7 February 2019: signed "
            "'on Wednesday' (6 February 2019); 7Dnews (Reuters), 7 February 2019",
        ),
    }
)
"""Signature dates the course data do not hold (Finland and Sweden come from timeline.csv)."""

_TIMELINE_EVENT = {"Finland": "2022-accession-protocols", "Sweden": "2022-accession-protocols"}


def protocol_signatures(timeline: pd.DataFrame | None = None) -> dict[str, Signature]:
    """Signature day of each past round's protocol: from timeline.csv where it has the row."""
    if timeline is None:
        from helpers import data

        timeline = data.timeline()
    out = dict(SIGNATURE_SOURCES)
    events = timeline.set_index("event_id")
    for candidate, event_id in _TIMELINE_EVENT.items():
        if event_id not in events.index:
            raise ValueError(f"timeline: no row {event_id!r} for {candidate}'s protocol")
        row = events.loc[event_id]
        out[candidate] = Signature(
            candidate,
            pd.Timestamp(row["date"]).date(),
            f"timeline.csv row {event_id} ({row['source_title']})",
        )
    return out


def past_delays(
    ratifications: pd.DataFrame | None = None,
    signatures: Mapping[str, Signature] | None = None,
    step: str = "parliament_approved",
    candidates: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Days from protocol signature to each ally's ``step``, one row per candidate and ally.

    Columns: ``candidate``, ``ally``, ``step``, ``signed_on``, ``completed_on``,
    ``delay_days``, sorted by delay. ``candidates`` keeps only those rounds (default: every
    round with a known signature date).
    """
    if step not in STEPS:
        raise ValueError(f"step must be one of {STEPS}, not {step!r}")
    if ratifications is None:
        from helpers import data

        ratifications = data.ratifications()
    signatures = protocol_signatures() if signatures is None else signatures
    rows = ratifications.loc[ratifications["step"].astype(str) == step]
    known = set(signatures)
    if candidates is not None:
        if isinstance(candidates, str) or not all(isinstance(c, str) for c in candidates):
            raise ValueError(f"candidates must be a list of names, got {candidates!r}")
        unknown = sorted(set(candidates) - known)
        if unknown:
            raise ValueError(f"candidates: no signature date for {unknown}")
        known = set(candidates)
    rows = rows.loc[rows["candidate"].astype(str).isin(known)]
    signed = pd.to_datetime(
        rows["candidate"]
        .astype(str)
        .map({k: s.signed_on.isoformat() for k, s in signatures.items()})
    )
    completed = pd.to_datetime(rows["completed_on"])
    out = pd.DataFrame(
        {
            "candidate": rows["candidate"].astype(str).to_numpy(),
            "ally": rows["ally"].astype(str).to_numpy(),
            "step": step,
            "signed_on": signed.dt.date.to_numpy(),
            "completed_on": completed.dt.date.to_numpy(),
            "delay_days": (completed - signed).dt.days.astype(int).to_numpy(),
        }
    )
    if (out["delay_days"] < 0).any():
        bad = out.loc[out["delay_days"] < 0, ["candidate", "ally"]].values.tolist()
        raise ValueError(f"ratifications: steps dated before the signature: {bad}")
    return out.sort_values(["delay_days", "candidate", "ally"]).reset_index(drop=True)


def current_allies(members: pd.DataFrame | None = None) -> tuple[str, ...]:
    """Today's allies (the 32 in members.csv), in the table's order."""
    if members is None:
        from helpers import data

        members = data.members()
    return tuple(str(c) for c in members["country"])


# ---------------------------------------------------------------- the model


@dataclass(frozen=True)
class Holdout:
    """An ally that drags its feet: ``extra_days`` on top of its delay, and/or a delay drawn
    only from the ``slowest`` past cases (e.g. ``slowest=4``: one of the four longest)."""

    ally: str
    extra_days: float = 0.0
    slowest: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.ally, str) or not self.ally.strip():
            raise ValueError(f"Holdout: ally must be a non-empty name, got {self.ally!r}")
        owner = f"Holdout {self.ally!r}"
        extra = self.extra_days
        if isinstance(extra, bool) or not isinstance(extra, int | float | np.integer | np.floating):
            raise ValueError(f"{owner}: extra_days must be a number, got {extra!r}")
        if not math.isfinite(float(extra)) or float(extra) < 0:
            raise ValueError(f"{owner}: extra_days must be a finite number >= 0, got {extra!r}")
        object.__setattr__(self, "extra_days", float(extra))
        k = self.slowest
        if k is not None and (isinstance(k, bool) or not isinstance(k, int) or k < 1):
            raise ValueError(f"{owner}: slowest must be a whole number >= 1 or None, got {k!r}")


def _pool(delays: object) -> np.ndarray:
    """The past delays as a sorted float array, checked."""
    if isinstance(delays, str | bytes | Mapping):
        raise ValueError(f"delays must be a list of numbers of days, got {type(delays).__name__}")
    try:
        pool = np.asarray(delays, dtype=float).ravel()
    except (TypeError, ValueError):
        raise ValueError("delays must be a list of numbers of days") from None
    if pool.size == 0:
        raise ValueError("delays: the list is empty; at least one past delay is needed")
    if not np.all(np.isfinite(pool)) or (pool < 0).any():
        raise ValueError("delays must be finite numbers of days >= 0")
    return np.sort(pool)


def delays_from_uniforms(
    uniforms: np.ndarray,
    pool: np.ndarray,
    slowest: np.ndarray | None = None,
    extra_days: np.ndarray | None = None,
) -> np.ndarray:
    """Turn uniform numbers (runs × allies, in [0, 1)) into delays; the model's only rule.

    ``pool`` is the sorted list of past delays (``m`` values); uniform ``u`` picks
    ``pool[floor(u * m)]``, so every past delay is equally likely. An ally with
    ``slowest[j] = k > 0`` takes ``pool[m - k + floor(u * k)]`` instead, one of the ``k``
    longest (never shorter than its ordinary draw), and ``extra_days[j]`` is added.
    """
    u = np.asarray(uniforms, dtype=float)
    pool = np.asarray(pool, dtype=float)
    m = len(pool)
    # int32 indices and plain indexing: both much faster here than int64 or np.take.
    base = pool[np.minimum((u * m).astype(np.int32), m - 1)]
    n = u.shape[-1]
    k = np.zeros(n, dtype=np.int64) if slowest is None else np.asarray(slowest, dtype=np.int64)
    extra = np.zeros(n) if extra_days is None else np.asarray(extra_days, dtype=float)
    if (k > 0).any():
        k_safe = np.clip(k, 1, m)
        slow_index = np.minimum(m - k_safe + (u * k_safe).astype(np.int32), m - 1)
        base = np.where(k > 0, np.maximum(base, pool[slow_index]), base)
    base += extra  # base is a fresh array (fancy indexing copies): add in place
    return base


def _positive(name: str, value: object, allow_zero: bool = False) -> float:
    """A finite number > 0 (or >= 0), or a ValueError naming the argument."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"{name} must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number) or number < 0 or (number == 0 and not allow_zero):
        sign = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be a finite number {sign}, got {value!r}")
    return number


@dataclass(frozen=True, eq=False)
class RatificationResult:
    """Simulated ratification times; arrays are read-only, days unless the name says years."""

    allies: tuple[str, ...]
    per_ally_days: np.ndarray
    """runs × allies: each ally's delay in each run."""
    total_days: np.ndarray
    """Per run: the longest delay, i.e. when the last ally ratified."""
    pool_size: int
    holdouts: tuple[Holdout, ...]

    @property
    def runs(self) -> int:
        """Number of simulated runs."""
        return int(self.total_days.shape[0])

    @property
    def total_years(self) -> np.ndarray:
        """Per run: the total time in years (365.25 days)."""
        return np.asarray(self.total_days / DAYS_PER_YEAR)

    def median_years(self) -> float:
        """Median total time in years."""
        return float(np.median(self.total_years))

    def quantiles(self, qs: Sequence[float] = (0.1, 0.25, 0.5, 0.75, 0.9)) -> pd.DataFrame:
        """Quantiles of the total time: columns ``quantile``, ``days``, ``years``."""
        q = np.asarray(qs, dtype=float)
        if q.size == 0 or not np.all((q >= 0) & (q <= 1)):
            raise ValueError(f"qs must be numbers between 0 and 1, got {list(qs)!r}")
        days = np.quantile(self.total_days, q)
        return pd.DataFrame({"quantile": q, "days": days, "years": (days / DAYS_PER_YEAR).round(3)})

    def share_over(self, years: float) -> float:
        """Share of runs in which the last ratification took longer than ``years``."""
        return float(np.mean(self.total_years > _positive("years", years, allow_zero=True)))

    def histogram(
        self, bin_years: float = 0.25, max_bins: int = 200, over_years: float | None = None
    ) -> pd.DataFrame:
        """Histogram of the total time: ``start_years``, ``end_years``, ``runs``, ``share``.

        Bins are ``bin_years`` wide from 0 (doubled until there are at most ``max_bins``);
        a bin holds runs with start <= years < end. With ``over_years``, two more columns
        count the runs of each bin that take longer than that: ``runs_over``, ``share_over``.
        """
        width = _positive("bin_years", bin_years)
        years = self.total_years
        top = float(years.max())
        while math.floor(top / width) + 1 > max_bins:
            width *= 2
        n_bins = math.floor(top / width) + 1
        index = np.minimum((years / width).astype(np.int64), n_bins - 1)
        counts = np.bincount(index, minlength=n_bins)
        starts = np.arange(n_bins) * width
        out = pd.DataFrame(
            {
                "start_years": starts.round(6),
                "end_years": (starts + width).round(6),
                "runs": counts.astype(int),
                "share": counts / self.runs,
            }
        )
        if over_years is not None:
            limit = _positive("over_years", over_years, allow_zero=True)
            over = np.bincount(index[years > limit], minlength=n_bins)
            out["runs_over"] = over.astype(int)
            out["share_over"] = over / self.runs
        return out

    def last_to_ratify(self) -> pd.DataFrame:
        """Per ally: share of runs in which it was (one of) the last; ``ally``, ``share``."""
        last = self.per_ally_days == self.total_days[:, None]
        out = pd.DataFrame({"ally": list(self.allies), "share": last.mean(axis=0)})
        return out.sort_values(["share", "ally"], ascending=[False, True]).reset_index(drop=True)


def simulate_ratification(
    delays: Sequence[float] | np.ndarray | pd.Series,
    allies: Sequence[str],
    rng: SeedLike,
    *,
    runs: int = DEFAULT_RUNS,
    holdouts: Sequence[Holdout] = (),
) -> RatificationResult:
    """Bootstrap ``runs`` ratification rounds for ``allies`` from past ``delays`` (days).

    Example: ``simulate_ratification(past_delays()["delay_days"], current_allies(), 2024,
    holdouts=[Holdout("Hungary", slowest=4)])``.
    """
    pool = _pool(delays)
    if isinstance(allies, str) or not isinstance(allies, Sequence) or len(allies) == 0:
        raise ValueError("allies must be a non-empty list of ally names")
    names = tuple(allies)
    for i, name in enumerate(names):
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"allies[{i}] must be a non-empty name, got {name!r}")
    if len(set(names)) != len(names):
        raise ValueError("allies: a name appears twice")
    if isinstance(runs, bool) or not isinstance(runs, int | np.integer):
        raise ValueError(f"runs must be a whole number, got {runs!r}")
    if not 1 <= int(runs) <= MAX_RUNS:
        raise ValueError(f"runs must be between 1 and {MAX_RUNS}, got {runs!r}")
    if isinstance(holdouts, str) or not isinstance(holdouts, Sequence):
        raise ValueError("holdouts must be a list of Holdout")
    slowest = np.zeros(len(names), dtype=np.int64)
    extra = np.zeros(len(names))
    seen: set[str] = set()
    for i, h in enumerate(holdouts):
        if not isinstance(h, Holdout):
            raise ValueError(f"holdouts[{i}] must be a Holdout, got {h!r}")
        if h.ally not in names:
            raise ValueError(f"Holdout {h.ally!r}: ally is not among the allies")
        if h.ally in seen:
            raise ValueError(f"holdouts: {h.ally!r} appears twice")
        seen.add(h.ally)
        j = names.index(h.ally)
        if h.slowest is not None:
            if h.slowest > len(pool):
                raise ValueError(
                    f"Holdout {h.ally!r}: slowest must be at most the number of past delays "
                    f"({len(pool)}), got {h.slowest}"
                )
            slowest[j] = h.slowest
        extra[j] = h.extra_days
    gen = generator(rng)
    uniforms = gen.random((int(runs), len(names)))
    per_ally = delays_from_uniforms(uniforms, pool, slowest, extra)
    total = per_ally.max(axis=1)
    per_ally.setflags(write=False)
    total.setflags(write=False)
    return RatificationResult(
        allies=names,
        per_ally_days=per_ally,
        total_days=total,
        pool_size=len(pool),
        holdouts=tuple(holdouts),
    )


# ---------------------------------------------------------------- caveats, as data


@dataclass(frozen=True)
class Caveat:
    """One limit of the model, in a short title and a sentence or two."""

    key: str
    title: str
    text: str


CAVEATS: tuple[Caveat, ...] = (
    Caveat(
        "calm_rounds",
        "Past rounds were calmer",
        "Montenegro and North Macedonia were at peace; Finland and Sweden applied after "
        "Russia's full-scale invasion but were not at war. Ukraine would be, which raises "
        "Article 5 questions no past ratification faced.",
    ),
    Caveat(
        "never",
        "A holdout can block for ever",
        "Every run ends, because the list of past delays ends. A real ally can refuse "
        "indefinitely: Greece kept North Macedonia out from the Bucharest Summit (April 2008) "
        "until the name agreement of 2018.",
    ),
    Caveat(
        "clock_starts_late",
        "The clock starts at the signature",
        "Ratification begins only after the allies agree, by consensus, to invite the "
        "candidate and sign its protocol. That step is not modelled: Ukraine applied on "
        "30 September 2022 and had no invitation by July 2024.",
    ),
    Caveat(
        "independent_allies",
        "Allies are treated as independent and alike",
        "Each ally draws from the same pool and none waits for another. In 2023 Hungary's "
        "ruling party scheduled its vote on Finland only on the day Türkiye announced it would "
        "ratify: such linkage is missing. Ticking two holdouts makes both slow, not one "
        "dependent on the other.",
    ),
    Caveat(
        "few_rounds",
        "Few and uneven past cases",
        "Most past delays come from Finland and Sweden in 2022–24, often one vote for both "
        "protocols, yet the simulator treats them as independent. For Montenegro and North "
        "Macedonia only the slowest allies are on record, which lengthens the results.",
    ),
    Caveat(
        "which_step",
        "Parliament's approval is not the end",
        "The delays run to the end of each parliament's procedure. A candidate joins only "
        "after every instrument of ratification is deposited, days or weeks later, so the "
        "model's times are slightly short.",
    ),
)
"""What the model cannot know, in the order the explorer shows them (the last ones folded)."""


def caveats_table() -> pd.DataFrame:
    """The caveats as a table (``title``, ``text``) for display in the lesson."""
    return pd.DataFrame([(c.title, c.text) for c in CAVEATS], columns=["title", "text"])
