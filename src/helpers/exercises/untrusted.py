"""Reading JSON that anyone could have written, with caps and one-sentence errors.

Answer logs and answer files can come from anyone (a student's upload, a class folder,
an nbgrader submission): they are read with caps on size and nesting, and a file that
breaks a rule is reported in one sentence instead of raising.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

__all__ = ["MAX_DEPTH", "MAX_LINE_BYTES", "UntrustedJSONError", "json_depth", "loads_untrusted"]

MAX_LINE_BYTES = 1_000_000  #: a longer line (one event) is skipped
MAX_DEPTH = 32  #: deepest nesting of arrays/objects accepted in untrusted JSON
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_BRACKET_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


class UntrustedJSONError(ValueError):
    """Untrusted JSON that cannot be used; the message is one sentence for a person."""


def json_depth(data: bytes | str) -> int:
    """The deepest nesting of ``[``/``{`` in JSON text, ignoring brackets inside strings.

    Runs in linear time without recursion, so it is safe on hostile input.
    """
    raw = data.encode("utf-8", "replace") if isinstance(data, str) else bytes(data)
    if raw.count(b"[") + raw.count(b"{") == 0:
        return 0
    # Drop escaped characters, then every other quote-delimited piece is inside a string.
    outside = b"".join(raw.replace(b"\\\\", b"").replace(b'\\"', b"").split(b'"')[::2])
    brackets = outside.translate(None, _NOT_BRACKETS)
    return max(0, max(itertools.accumulate(map(_BRACKET_STEP.__getitem__, brackets)), default=0))


def _no_duplicate_fields(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in pairs:
        if name in out:
            raise UntrustedJSONError(f"the field {name[:40]!r} appears twice in one object")
        out[name] = value
    return out


def loads_untrusted(
    data: bytes, *, max_bytes: int = MAX_LINE_BYTES, max_depth: int = MAX_DEPTH
) -> Any:
    """Parse untrusted JSON bytes, or raise :class:`UntrustedJSONError` with one sentence.

    Rejects more than ``max_bytes`` bytes, nesting deeper than ``max_depth``, text that is
    not UTF-8, invalid JSON, non-finite numbers (``NaN``) and objects with a repeated field.
    Never raises anything else (no ``RecursionError``, whatever the input).
    """
    if len(data) > max_bytes:
        raise UntrustedJSONError(f"it is larger than {max_bytes:,} bytes")
    try:
        text = bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UntrustedJSONError("it is not UTF-8 text") from None
    depth = json_depth(data)
    if depth > max_depth:
        raise UntrustedJSONError(f"it is nested {depth} levels deep (at most {max_depth})")

    def no_constants(name: str) -> Any:
        raise UntrustedJSONError(f"it contains {name}, which is not a JSON number")

    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_fields, parse_constant=no_constants)
    except UntrustedJSONError:
        raise
    except RecursionError:  # defence in depth: json_depth should have caught it
        raise UntrustedJSONError("it is nested too deeply") from None
    except (ValueError, TypeError) as err:
        where = f" (line {err.lineno})" if isinstance(err, json.JSONDecodeError) else ""
        raise UntrustedJSONError(f"it is not valid JSON{where}") from None
