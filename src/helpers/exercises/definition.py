"""What an exercise definition is checked against, and the helpers the types share.

Pure and independent of the :class:`.base.Exercise` class: the limits and patterns of a
definition (levels, concept numbers, id patterns), the error an author gets, the checks of
text and option fields, hashing, and short formatting helpers used by the type families.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

from .parsing import format_number
from .results import CheckResult


class ExerciseDefinitionError(ValueError):
    """An exercise was defined wrongly (an author's error, never a student's)."""


LEVELS = ("recall", "explain", "apply", "evaluate")
N_CONCEPTS = 16
DEFAULT_MAX_ATTEMPTS = 3
#: ``NN.name``: lesson number, a dot, then a short lower-case name (``00.q1``, ``03.p-before``).
ID_PATTERN = re.compile(r"^(\d{2})\.([a-z0-9][a-z0-9_-]{0,39})$")
OPTION_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
MAX_TEXT = 20_000  # characters kept from a written answer


# --------------------------------------------------------------------------- helpers


def _canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _hash(data: Any) -> str:
    return "sha256:" + hashlib.sha256(_canonical_json(data).encode("utf-8")).hexdigest()[:16]


def _check_text(name: str, value: Any, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ExerciseDefinitionError(f"{name} must be a non-empty string, got {value!r}")
    return value


def _check_options(name: str, options: Any, *, minimum: int = 2) -> dict[str, str]:
    if not isinstance(options, Mapping) or len(options) < minimum:
        raise ExerciseDefinitionError(
            f"{name} must be a dict of at least {minimum} entries {{id: label}}, got {options!r}"
        )
    out: dict[str, str] = {}
    for oid, label in options.items():
        if not isinstance(oid, str) or not OPTION_ID_PATTERN.match(oid):
            raise ExerciseDefinitionError(
                f"{name} id {oid!r} should be short letters/digits/-/_ (e.g. 'a', 'e1')"
            )
        out[oid] = _check_text(f"{name}[{oid!r}]", label)
    return out


def _is_str(x: Any) -> bool:
    return isinstance(x, str)


def _show(x: Any, limit: int = 40) -> str:
    try:
        text = x if isinstance(x, str) else json.dumps(x, ensure_ascii=False, default=str)
    except Exception:
        text = "?"
    text = "".join(ch if ch.isprintable() else "?" for ch in str(text))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plural(n: int | float, word: str) -> str:
    return f"{format_number(float(n))} {word}{'' if n == 1 else 's'}"


def _partial_credit(
    right: int,
    n: int,
    correct_msg: str,
    wrong_msg: str,
    feedback: tuple[str, ...],
    answer: Any,
    details: dict[str, Any],
) -> CheckResult:
    """Result for item-by-item types (order, sort): full, partial or no credit."""
    if right == n:
        return CheckResult(True, 1.0, correct_msg, "correct", feedback, answer, details=details)
    status = "partial" if right else "incorrect"
    return CheckResult(False, right / n, wrong_msg, status, feedback, answer, details=details)


def count_words(text: str) -> int:
    """Number of words in ``text`` (letters/digits runs, any script)."""
    return len(re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", text))
