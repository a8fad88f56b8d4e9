"""The registry of computed keys and values: names to functions, and the look-ups.

Each lesson's module of keys (:mod:`helpers.exercises.computed` for lessons 00–03,
``computed_NN.py`` for the later ones) registers its functions here with
:func:`key_function` and :func:`value_function`, and imports nothing else of its kind, so
the modules form no import cycle. Look keys up through :mod:`helpers.exercises.computed`,
which imports every lesson's module, so every name is registered before the first look-up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .model import ExerciseDefinitionError

__all__ = [
    "KEY_FUNCTIONS",
    "VALUE_FUNCTIONS",
    "Fields",
    "key",
    "key_function",
    "value",
    "value_function",
]

Fields = Mapping[str, Any]
KEY_FUNCTIONS: dict[str, Callable[[Fields], Any]] = {}
VALUE_FUNCTIONS: dict[str, Callable[[], Any]] = {}


def key_function(name: str) -> Callable[[Callable[[Fields], Any]], Callable[[Fields], Any]]:
    """Register ``fn(fields) -> key`` under ``name``."""

    def register(fn: Callable[[Fields], Any]) -> Callable[[Fields], Any]:
        KEY_FUNCTIONS[name] = fn
        return fn

    return register


def value_function(name: str) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Register ``fn() -> value`` (a number or text for a placeholder) under ``name``."""

    def register(fn: Callable[[], Any]) -> Callable[[], Any]:
        VALUE_FUNCTIONS[name] = fn
        return fn

    return register


def key(name: str, item: Any = None, where: str = "") -> Any:
    """Compute the key registered as ``name`` for a bank entry (or a Code-corner task)."""
    fn = KEY_FUNCTIONS.get(name)
    if fn is None:
        raise ExerciseDefinitionError(
            f"{where}: key_function {name!r} is not registered in helpers.exercises.computed"
        )
    fields = getattr(item, "fields", {}) if item is not None else {}
    return fn(fields)


def value(name: str, where: str = "") -> Any:
    """Compute the value registered as ``name``."""
    fn = VALUE_FUNCTIONS.get(name)
    if fn is None:
        raise ExerciseDefinitionError(
            f"{where}: value function {name!r} is not registered in helpers.exercises.computed"
        )
    return fn()
