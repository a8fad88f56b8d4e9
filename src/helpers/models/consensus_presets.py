"""Why this file is long: it is mostly data. Each real case the simulator replays gives its
allies' roles, and every value carries its dated source or its reason as an assumption: the
text students read in the parameter table. The code that checks a case and turns it into
allies and a proposal is the short end of the file.

Real cases the consensus simulator replays, every value tagged as record or assumption.

Part of :mod:`helpers.models.consensus` (import from there). A :class:`Preset` names the
allies as of the case's date (``members.csv``), the roles of the allies that mattered and
of "every other ally", and for each parameter a :class:`Tagged` value: *from the record*
(with a dated source) or an *ASSUMPTION* the student can change, with its reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

import pandas as pd

from helpers.analysis import membership

from .consensus_simulation import Ally, Proposal, _name

__all__ = [
    "ASSUMPTION",
    "BASIS_LABEL",
    "OTHERS",
    "PRESETS",
    "RECORD",
    "AllyRole",
    "Basis",
    "Preset",
    "Tagged",
    "preset_allies",
    "preset_parameters",
    "preset_proposal",
]

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
    "ratifications.csv (Finland, Türkiye, parliament_approved, 2023-03-30, Reuters; "
    "Finland, Türkiye, instrument_deposited, 2023-04-04, US State Department)"
)
_HU_SOURCE_FI = "ratifications.csv (Finland, Hungary, parliament_approved, 2023-03-27, Reuters)"

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
        "26 February 2024, after more than 18 months in which lawmakers of its governing "
        "party held up the vote in parliament (AP, 26 February 2024)."
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
        "Associated Press, 'Hungary's parliament set to ratify Sweden's NATO accession in "
        "final step toward membership', Budapest, 26 February 2024 (AP copy: https://"
        "localnews8.com/news/ap-national/2024/02/26/hungarys-parliament-set-to-ratify-"
        "swedens-nato-accession-in-final-step-toward-membership/): the government submitted "
        "the protocols in 2022, but the matter stalled in parliament over opposition by "
        "governing-party lawmakers, more than 18 months of delays.",
        "Reuters, 26 February 2024 (Hungary approves Sweden's NATO accession): Hungary was "
        "the last ally to ratify, after months of foot-dragging by the ruling Fidesz party. "
        "The ratification dates themselves are the Reuters-sourced rows of ratifications.csv.",
    ),
)

_NSATU_SOURCE = (
    "Stoltenberg and Orbán, joint press conference, Budapest, 12 June 2024 "
    "(NATO transcript, nato.int opinions_226388)"
)
_NSATU_14_JUNE = (
    "Stoltenberg, press conference after the defence ministers' meeting, 14 June 2024 "
    "(NATO transcript, nato.int opinions_226425): a NATO command at a US facility in "
    "Wiesbaden"
)
# The US weight relative to an average other ally, from the course's aid data as of the
# article and summit (Kiel allocations to 30 June 2024, a 2026 release): the United States
# allocated EUR 52.267 bn of the EUR 104.65 bn that allies allocated, i.e. about half;
# the other 31 allies together allocated the rest (Hungary and three others nothing), so
# an average other ally gave 52.383 / 31 = 1.69 and the US 52.267 / 1.69 = 30.9 times that.
# tests/test_lesson_04.py recomputes it from data/military_aid.csv.
US_WEIGHT_NSATU = 30.9

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
        "NATO has no formal rule on abstaining; Hungary's opt-out was a political "
        "arrangement agreed with the Secretary General on 12 June 2024. In the model an "
        "opt-out lets the decision pass with one fewer contributor: with every other ally "
        "supporting, 31 of 32 contribute. The United States is named because it gave about "
        "half of what allies allocated (its weight, from the course's aid data): the model "
        "can then show what losing it would cost under either rule."
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
        AllyRole(
            ally="United States",
            did=(
                "Agreed to NSATU, hosts its command at a US facility in Wiesbaden, and gave "
                "about half of what allies allocated to Ukraine by 30 June 2024."
            ),
            p_block=Tagged(
                0.0,
                RECORD,
                "NSATU was agreed at the Washington Summit on 10 July 2024 (timeline.csv row "
                "2024-nsatu-wiesbaden), so the United States did not block it.",
            ),
            p_opt_out=Tagged(0.0, RECORD, "It takes part: " + _NSATU_14_JUNE + "."),
            yields_at=Tagged(0.0, ASSUMPTION, "Irrelevant here: it does not block."),
            weight=Tagged(
                US_WEIGHT_NSATU,
                RECORD,
                "military_aid.csv (Kiel, allocations to 30 June 2024, revised 2026 release): "
                "the US allocated EUR 52.3 bn of the EUR 104.7 bn allocated by allies, about "
                "30.9 times an average other ally (each of which counts 1).",
            ),
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
        weight=Tagged(
            1.0,
            ASSUMPTION,
            "Each other ally counts as one average ally: the course data give each donor's "
            "total, not its share in this effort.",
        ),
    ),
    size=_FULL_SIZE,
    dilution_steps=Tagged((), ASSUMPTION, "No watering down is modelled."),
    sources=(
        "NATO, joint press conference by Secretary General Jens Stoltenberg with the Prime "
        "Minister of Hungary, Viktor Orbán, Budapest, 12 June 2024: no Hungarian personnel, "
        "no Hungarian funds, no opposition (https://www.nato.int/cps/en/natohq/"
        "opinions_226388.htm)",
        "NATO, press conference by Stoltenberg after the defence ministers' meeting, 14 June "
        "2024: a NATO command at a US facility in Wiesbaden (https://www.nato.int/cps/en/"
        "natohq/opinions_226425.htm)",
        "Course data: military_aid.csv (Kiel Ukraine Support Tracker, allocations to 30 June "
        "2024, cutoff_role 'article') for the United States' weight.",
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
    joined = membership.members_on(members, preset.allies_as_of)
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
