"""Consensus at NATO: no votes, and one ally can block (lesson 04, course concepts 5–8).

A proposal (a package of a given *size*, 1.0 = the full package) goes before the allies.
Each ally, in each simulated run, does one of three things:

- **support**: it agrees and contributes its weight (e.g. its share of the money or troops);
- **opt out**: it does not block and does not contribute, as Hungary did on 12 June 2024
  with NATO's new Ukraine assistance effort (NSATU). NATO has no formal abstention rule
  (the EU's "constructive abstention" is a treaty term); Hungary's opt-out was a political
  arrangement agreed with the Secretary General;
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
6. **What it leaves out.** Allies draw independently unless put in a bloc, and a "meeting"
   is a random draw, whereas NATO texts are negotiated until nobody objects; there is no
   clock and no bargaining over other issues. Nor can the model show what supporters said
   NATO adds (standing machinery that keeps working if a large donor pulls back): it shows
   what the consensus rule can cost, not what an institution might preserve.

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

from .consensus_exact import (
    CoalitionExact,
    exact_blocker_distribution,
    exact_coalition,
    exact_expected_size,
    exact_pass_probability,
)
from .consensus_presets import (
    ASSUMPTION,
    BASIS_LABEL,
    OTHERS,
    PRESETS,
    RECORD,
    AllyRole,
    Preset,
    Tagged,
    preset_allies,
    preset_parameters,
    preset_proposal,
)
from .consensus_simulation import (
    COALITION,
    CONSENSUS,
    DEFAULT_RUNS,
    MEASURE_DELIVERED,
    MEASURE_PASS,
    MEASURE_SIZE,
    Ally,
    Bloc,
    ConsensusResult,
    Proposal,
    compare_with_coalition,
    generator,
    simulate_consensus,
)

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
