"""Practice or assessed: the mode in force for this kernel (set in code or by COURSE_MODE)."""

from __future__ import annotations

import os
import warnings

from .results import MODES

# --------------------------------------------------------------------------- mode

_mode_override: dict[str, str | None] = {"mode": None}
_warned_env: set[str] = set()


def set_mode(mode: str | None) -> str:
    """Choose ``"practice"`` or ``"assessed"`` for this kernel (``None``: back to the env var).

    Returns the mode now in force.
    """
    if mode is not None and mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    _mode_override["mode"] = mode
    return get_mode()


def get_mode() -> str:
    """The mode in force: :func:`set_mode`, else env var ``COURSE_MODE``, else practice."""
    if _mode_override["mode"]:
        return _mode_override["mode"]
    env = os.environ.get("COURSE_MODE", "").strip().lower()
    if not env:
        return "practice"
    if env in MODES:
        return env
    if env not in _warned_env:
        _warned_env.add(env)
        warnings.warn(
            f"COURSE_MODE={env!r} is not one of {MODES}; using 'assessed' to be safe.",
            stacklevel=2,
        )
    return "assessed"
