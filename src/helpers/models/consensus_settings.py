"""Lesson 04's consensus simulator settings: what a student can change, and its labels.

The pure half of the simulator (no widgets; :mod:`helpers.interactive.consensus` is the
controls). :class:`Settings` holds what a student can change (each ally role's chance of
blocking or opting out, the package size at which it stops blocking, its weight; the
watering-down steps; correlated blocs). :func:`preset_settings` starts from one of the
model's real cases (:data:`~helpers.models.consensus.PRESETS`), :func:`simulate` runs the
model with the lesson's fixed seed and number of runs, and :func:`parameter_table` labels
every value as *from the record*, an *ASSUMPTION (you can change it)*, or *changed by you*.
The lesson's bank computes its keys through these same functions
(:mod:`helpers.exercises.computed_04`), so a key is exactly what the student sees.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache

import pandas as pd

from . import consensus as model
from .consensus import (
    ASSUMPTION,
    BASIS_LABEL,
    OTHERS,
    PRESETS,
    RECORD,
    Ally,
    Bloc,
    ConsensusResult,
    Proposal,
)

__all__ = [
    "BLOC_MODES",
    "BLOC_NOTE",
    "CHANGED",
    "DEFAULT_PRESET",
    "PARAMETERS",
    "PARAMETER_COLUMNS",
    "PARAMETER_LABELS",
    "RUNS",
    "SEED",
    "RoleSetting",
    "Settings",
    "basis",
    "find_preset",
    "parameter_rows",
    "parameter_table",
    "preset_settings",
    "scenario",
    "simulate",
    "with_blocs",
    "with_dilution",
    "with_role",
]

SEED = 2024
RUNS = 10_000
DEFAULT_PRESET = "nsatu_2024"
NAMED_BLOC, OTHERS_BLOC = "the named allies", "every other ally"
BLOC_MODES: Mapping[str, str] = {
    "none": "Nobody: each ally decides on its own",
    "others": "Every other ally moves as one bloc",
    "named": "The named allies move as one bloc",
    "both": "Two blocs: the named allies, and every other ally",
}
CHANGED = "changed by you"
PARAMETERS: tuple[str, ...] = ("p_block", "p_opt_out", "yields_at", "weight")
PARAMETER_LABELS: Mapping[str, str] = {
    "p_block": "Chance it blocks the full package",
    "p_opt_out": "Chance it opts out (no veto)",
    "yields_at": "Objection gone at package size",
    "weight": "Weight (share of what is given)",
    "dilution": "Watering-down steps (smaller packages tried)",
    "blocs": "Who moves together",
    "rho": "How closely members follow (rho)",
}
BLOC_NOTE = (
    "No preset models blocs: by default each ally decides on its own. Any bloc, and how "
    "closely its members follow it, is an assumption."
)


# ---------------------------------------------------------------- settings


@dataclass(frozen=True)
class RoleSetting:
    """One role's parameters: a named ally of the preset, or every other ally."""

    p_block: float
    p_opt_out: float
    yields_at: float | None
    weight: float


@dataclass(frozen=True)
class Settings:
    """Everything the simulator's controls set, for one preset."""

    preset: str
    roles: tuple[tuple[str, RoleSetting], ...]
    """(role, setting) pairs: the preset's named allies first, then :data:`OTHERS`."""
    dilution: tuple[float, ...]
    blocs: str = "none"
    rho: float = 0.8

    def role(self, name: str) -> RoleSetting:
        """The setting of one role (a named ally or :data:`OTHERS`)."""
        for role, setting in self.roles:
            if role == name:
                return setting
        raise ValueError(f"no role {name!r} in preset {self.preset!r}")

    @property
    def role_names(self) -> tuple[str, ...]:
        """The roles in display order: named allies, then every other ally."""
        return tuple(name for name, _ in self.roles)


def _number(value: float | tuple[float, ...] | None) -> float:
    if not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {value!r}")
    return float(value)


def _role_setting(role: model.AllyRole) -> RoleSetting:
    yields = role.yields_at.value
    return RoleSetting(
        p_block=_number(role.p_block.value),
        p_opt_out=_number(role.p_opt_out.value),
        yields_at=None if yields is None else _number(yields),
        weight=_number(role.weight.value),
    )


def find_preset(key: str) -> model.Preset:
    """The model's preset ``key`` (a ValueError names the choices if there is none)."""
    if key not in PRESETS:
        raise ValueError(f"unknown preset {key!r}; choose one of {sorted(PRESETS)}")
    return PRESETS[key]


def preset_settings(key: str = DEFAULT_PRESET) -> Settings:
    """The settings that replay a preset exactly as the model records it."""
    preset = find_preset(key)
    roles = [(r.ally, _role_setting(r)) for r in preset.roles]
    roles.append((OTHERS, _role_setting(preset.others)))
    steps = preset.dilution_steps.value
    return Settings(
        preset=key,
        roles=tuple(roles),
        dilution=tuple(steps) if isinstance(steps, tuple) else (),
    )


def with_role(settings: Settings, role: str, **changes: float | None) -> Settings:
    """``settings`` with some parameters of one role changed (``p_block=0.02`` …)."""
    unknown = sorted(set(changes) - set(PARAMETERS))
    if unknown:
        raise ValueError(f"unknown parameter(s) {unknown}; choose from {PARAMETERS}")
    current = settings.role(role)  # raises for an unknown role
    changed = replace(current, **changes)  # type: ignore[arg-type]  # names checked above
    roles = tuple((name, changed if name == role else setting) for name, setting in settings.roles)
    return replace(settings, roles=roles)


def with_dilution(settings: Settings, floor: float, steps: int) -> Settings:
    """``settings`` whose proposal falls back in ``steps`` equal steps down to ``floor``."""
    proposal = Proposal.diluted(floor, steps)
    return replace(settings, dilution=proposal.dilution_steps)


def with_blocs(settings: Settings, mode: str, rho: float | None = None) -> Settings:
    """``settings`` with a bloc mode (see :data:`BLOC_MODES`) and optionally a new ``rho``."""
    if mode not in BLOC_MODES:
        raise ValueError(f"unknown bloc mode {mode!r}; choose one of {list(BLOC_MODES)}")
    return replace(settings, blocs=mode, rho=settings.rho if rho is None else float(rho))


@cache
def _ally_names(key: str) -> tuple[str, ...]:
    return tuple(a.name for a in model.preset_allies(key))


def scenario(settings: Settings) -> tuple[list[Ally], Proposal, list[Bloc]]:
    """The model's inputs for ``settings``: allies (as of the case's date), proposal, blocs.

    An opt-out chance larger than what blocking leaves is capped (the two cannot add up to
    more than 1); the controls prevent it, this keeps the function total.
    """
    named = set(settings.role_names) - {OTHERS}
    named_bloc = settings.blocs in ("named", "both")
    others_bloc = settings.blocs in ("others", "both")
    allies: list[Ally] = []
    for name in _ally_names(settings.preset):
        is_named = name in named
        role = settings.role(name if is_named else OTHERS)
        bloc = None
        if is_named and named_bloc:
            bloc = NAMED_BLOC
        elif not is_named and others_bloc:
            bloc = OTHERS_BLOC
        allies.append(
            Ally(
                name,
                weight=role.weight,
                p_block=role.p_block,
                p_opt_out=min(role.p_opt_out, 1.0 - role.p_block),
                yields_at=role.yields_at,
                bloc=bloc,
            )
        )
    blocs = []
    if named_bloc:
        blocs.append(Bloc(NAMED_BLOC, settings.rho))
    if others_bloc:
        blocs.append(Bloc(OTHERS_BLOC, settings.rho))
    return allies, Proposal(size=1.0, dilution_steps=settings.dilution), blocs


def simulate(settings: Settings, runs: int = RUNS, seed: int = SEED) -> ConsensusResult:
    """Run the consensus model on ``settings`` with the lesson's fixed seed and runs."""
    allies, proposal, blocs = scenario(settings)
    return model.simulate_consensus(allies, proposal, seed, runs=runs, blocs=blocs)


# ---------------------------------------------------------------- labels


def _shown(value: float | tuple[float, ...] | None) -> str:
    if value is None:
        return "never (watering down does not help)"
    if isinstance(value, tuple):
        return ", ".join(f"{v:.2f}".rstrip("0").rstrip(".") for v in value) if value else "none"
    return f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:g}"


def _tag(settings: Settings, role: str, parameter: str) -> model.Tagged:
    preset = find_preset(settings.preset)
    if role == "proposal":
        return preset.dilution_steps
    roles = {r.ally: r for r in (*preset.roles, preset.others)}
    return getattr(roles[role], parameter)


def _current(settings: Settings, role: str, parameter: str) -> float | tuple[float, ...] | None:
    if role == "proposal":
        return settings.dilution
    return getattr(settings.role(role), parameter)


def _same(a: float | tuple[float, ...] | None, b: float | tuple[float, ...] | None) -> bool:
    if a is None or b is None:
        return a is b
    if isinstance(a, tuple) or isinstance(b, tuple):
        if not (isinstance(a, tuple) and isinstance(b, tuple)) or len(a) != len(b):
            return False
        return all(abs(x - y) < 1e-9 for x, y in zip(a, b, strict=True))
    return abs(a - b) < 1e-9


def basis(settings: Settings, role: str, parameter: str) -> str:
    """The on-screen label of one value: from the record, ASSUMPTION, or changed by you.

    ``role`` is a named ally, :data:`OTHERS`, or ``"proposal"`` (``parameter`` is then
    ``"dilution"``); ``"blocs"`` labels the bloc settings, which are always assumptions.
    """
    if role == "blocs":
        return BASIS_LABEL[ASSUMPTION]
    tag = _tag(settings, role, parameter)
    if _same(_current(settings, role, parameter), tag.value):
        return BASIS_LABEL[tag.basis]
    was = "from the record" if tag.basis == RECORD else "an assumption"
    return f"{CHANGED} (the preset's value {_shown(tag.value)} is {was})"


PARAMETER_COLUMNS = ("who", "parameter", "value", "basis", "source_or_reason")


def parameter_table(settings: Settings) -> pd.DataFrame:
    """Every value the simulator uses now, with where it comes from.

    Columns: ``who``, ``parameter``, ``value``, ``basis`` (the on-screen label) and
    ``source_or_reason`` (the preset's source for a record, its reason for an assumption).
    """
    return pd.DataFrame(parameter_rows(settings), columns=list(PARAMETER_COLUMNS))


def parameter_rows(settings: Settings) -> list[tuple[str, str, str, str, str]]:
    """The rows of :func:`parameter_table` as plain tuples (cheap enough for a callback)."""
    rows: list[tuple[str, str, str, str, str]] = []
    for role in settings.role_names:
        for parameter in PARAMETERS:
            rows.append(
                (
                    role,
                    PARAMETER_LABELS[parameter],
                    _shown(_current(settings, role, parameter)),
                    basis(settings, role, parameter),
                    _tag(settings, role, parameter).note,
                )
            )
    rows.append(
        (
            "proposal",
            PARAMETER_LABELS["dilution"],
            _shown(settings.dilution),
            basis(settings, "proposal", "dilution"),
            _tag(settings, "proposal", "dilution").note,
        )
    )
    rows.append(("blocs", PARAMETER_LABELS["blocs"], BLOC_MODES[settings.blocs], *_bloc_basis()))
    if settings.blocs != "none":
        rho = _shown(settings.rho)
        rows.append(("blocs", PARAMETER_LABELS["rho"], rho, *_bloc_basis()))
    return rows


def _bloc_basis() -> tuple[str, str]:
    return BASIS_LABEL[ASSUMPTION], BLOC_NOTE
