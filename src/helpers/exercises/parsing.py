"""Robust reading of numbers typed by students.

Nothing here raises on user input: :func:`parse_number` accepts any object and returns a
:class:`ParsedNumber` whose ``error`` explains, in plain words, what could not be read.

Accepted forms (all read as the same value where it makes sense)::

    32   32.0   "1.5"   "1,5"   "1 000"   "1,000"   "1.000.000"   "1.000,5"   "−5"
    "€40bn"   "40 billion"   "about 40"   "~40"   "32 allies"   "2%"   "1e3"   "３２"

Rejected with a message: empty text, NaN, infinities, numbers too large for a float,
ranges ("30-35"), fractions, and text without a number.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from numbers import Real

__all__ = ["MAGNITUDES", "ParsedNumber", "format_number", "parse_number", "unit_magnitude"]

#: Longest text we try to read as a number.
MAX_LENGTH = 80

#: Magnitude words and suffixes a student may type after a number.
MAGNITUDES: dict[str, float] = {
    "k": 1e3,
    "thousand": 1e3,
    "thousands": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "billion": 1e9,
    "billions": 1e9,
    "tn": 1e12,
    "trillion": 1e12,
    "trillions": 1e12,
}

_CURRENCY = "€$£¥₴₽"
_APPROX_WORDS = ("approximately", "approx.", "approx", "around", "about", "roughly", "ca.", "c.")
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f\u200b'’_]+")
# A number: optional sign, digits with optional separators, optional exponent.
_NUMBER = re.compile(r"^([+-]?)(\d[\d.,]*|[.,]\d+)(?:[eE]([+-]?\d{1,4}))?")


@dataclass(frozen=True)
class ParsedNumber:
    """The result of reading a typed number.

    ``value`` is the number in the exercise's unit (``None`` when unreadable), ``error`` a
    message for the student when unreadable, ``note`` how an ambiguous entry was read.
    """

    value: float | None
    error: str | None = None
    note: str | None = None

    @property
    def ok(self) -> bool:
        """True when a finite number was read."""
        return self.value is not None and self.error is None


def unit_magnitude(unit: str | None) -> float:
    """The magnitude implied by an exercise unit, e.g. ``"€ billion"`` → ``1e9``."""
    if not unit:
        return 1.0
    words = re.findall(r"[a-z]+", unit.lower())
    for word in words:
        if word in MAGNITUDES and len(word) > 1:
            return MAGNITUDES[word]
    return 1.0


def format_number(value: float) -> str:
    """Format a number for messages without float noise: ``1500.0`` → ``"1500"``."""
    if not math.isfinite(value):
        return str(value)
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.10g}"
    return text


def _fail(message: str) -> ParsedNumber:
    return ParsedNumber(None, message)


def _short(text: str, limit: int = 30) -> str:
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _digits(body: str) -> tuple[str | None, str | None]:
    """Turn a digit string with ``.``/``,`` separators into a plain decimal string.

    Returns ``(decimal_text, note)``; ``decimal_text`` is None when the separators make no
    sense (e.g. ``"1,2,3.4.5"``).
    """
    dots, commas = body.count("."), body.count(",")
    note = None
    if dots == 0 and commas == 0:
        return body, None
    if dots and commas:
        # The separator that comes last is the decimal mark.
        dec, thou = (".", ",") if body.rfind(".") > body.rfind(",") else (",", ".")
        if body.count(dec) > 1:
            return None, None
        int_part, frac = body.split(dec)
        groups = int_part.split(thou)
        if not _valid_groups(groups):
            return None, None
        return "".join(groups) + "." + frac, None
    sep = "." if dots else ","
    parts = body.split(sep)
    if len(parts) > 2:
        # "1.000.000" or "1,000,000": thousands separators.
        return ("".join(parts), None) if _valid_groups(parts) else (None, None)
    int_part, frac = parts
    if sep == "," and len(frac) == 3 and int_part and int_part != "0":
        # "1,500": English thousands separator (say so, since it could mean 1.5).
        note = f"read {body} as {int_part}{frac} (comma as thousands separator)"
        return int_part + frac, note
    if sep == "." and len(frac) == 3 and len(int_part) <= 3 and int_part not in ("", "0"):
        # "1.500": treat as a decimal point (English usage); ambiguous, so say so.
        note = f"read {body} as {int_part}.{frac} (point as decimal mark)"
    return (int_part or "0") + "." + frac, note


def _valid_groups(groups: list[str]) -> bool:
    if not groups[0] or len(groups[0]) > 3 or not groups[0].isdigit():
        return False
    return all(len(g) == 3 and g.isdigit() for g in groups[1:])


def _strip_prefixes(text: str) -> str:
    lowered = text.lower()
    changed = True
    while changed:
        changed = False
        for word in _APPROX_WORDS:
            if lowered.startswith(word):
                text, lowered = text[len(word) :].lstrip(), lowered[len(word) :].lstrip()
                changed = True
        if text[:1] in "~≈<>" or text[:1] in _CURRENCY:
            text, lowered = text[1:].lstrip(), lowered[1:].lstrip()
            changed = bool(text)
    return text


def parse_number(raw: object, unit: str | None = None) -> ParsedNumber:
    """Read a number typed (or passed) by a student, never raising.

    ``unit`` is the exercise's unit ("allies", "€ billion", "%"); a magnitude word in the
    answer is converted to it (``"40 000 million"`` with unit ``"€ billion"`` → ``40``).
    """
    try:
        return _parse(raw, unit)
    except Exception:  # last line of defence: student input must never raise
        return _fail("Sorry, that answer could not be read as a number. Type digits, e.g. 32.")


def _parse(raw: object, unit: str | None) -> ParsedNumber:
    if raw is None:
        return _fail("Type a number first.")
    if isinstance(raw, bool):
        return _fail("Type a number, not true/false.")
    if isinstance(raw, Real | Decimal):
        try:
            value = float(raw)
        except (OverflowError, ValueError, InvalidOperation):
            return _fail("That number is too large to work with.")
        if math.isnan(value):
            return _fail("That is not a number (NaN). Type a number such as 32.")
        if math.isinf(value):
            return _fail("That number is infinite or too large. Type an ordinary number.")
        return ParsedNumber(value)
    if not isinstance(raw, str):
        return _fail("Type a number (digits such as 32).")
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        return _fail("Type a number first.")
    if len(text) > MAX_LENGTH:
        return _fail("That is too long to be a number. Type just the number, e.g. 32.")
    text = text.replace("\u2212", "-").replace("\u2013", "-").replace("\u2014", "-")
    text = _strip_prefixes(text)
    lowered = text.lower()
    if lowered.lstrip("+-") in ("nan", "inf", "infinity", "∞") or lowered in ("-∞", "+∞"):
        return _fail("Type an ordinary, finite number.")
    # Remove spaces (and apostrophes, underscores) used as digit-group separators.
    compact = _SPACES.sub(" ", text)
    compact = re.sub(r"(?<=\d) (?=\d)", "", compact)
    compact = compact.strip()
    # Currency after the sign or at the end: "-€5", "40€".
    compact = re.sub(rf"^([+-]?)\s*[{_CURRENCY}]\s*", r"\1", compact)
    match = _NUMBER.match(compact)
    if not match:
        return _fail(f"Could not find a number in '{_short(raw.strip())}'. Type digits, e.g. 32.")
    sign, body, exponent = match.groups()
    rest = compact[match.end() :].strip()
    if re.match(r"^(-|to\b|–|/)\s*\d", rest):
        return _fail("Give a single number, not a range or a fraction.")
    decimal_text, note = _digits(body)
    if decimal_text is None:
        return _fail(f"The separators in '{_short(body)}' do not form a number. Try e.g. 1500.")
    try:
        number = Decimal(sign + decimal_text + (f"e{exponent}" if exponent else ""))
        value = float(number)
    except (InvalidOperation, OverflowError, ValueError):
        return _fail("That number could not be read. Type digits, e.g. 32.")
    if not math.isfinite(value):
        return _fail("That number is too large to work with.")
    # What follows the number: currency, magnitude word, percent sign, unit words.
    rest = rest.strip(f" {_CURRENCY}").strip()
    words = re.findall(r"[^\W\d_]+|%", rest.lower())
    if rest and re.search(r"\d", rest):
        return _fail("Type one number only.")
    if words and words[0] in MAGNITUDES:
        factor = MAGNITUDES[words[0]]
        value = value * factor / unit_magnitude(unit)
        if not math.isfinite(value):
            return _fail("That number is too large to work with.")
        scale_note = f"read '{_short(raw.strip())}' as {format_number(value)}"
        if unit:
            scale_note += f" {unit}"
        note = scale_note if factor != unit_magnitude(unit) else note
        words = words[1:]
    if words:
        unit_words = set(re.findall(r"[^\W\d_]+|%", (unit or "").lower()))
        unknown = [
            w
            for w in words
            if w not in unit_words
            and not any(u.startswith(w) or w.startswith(u) for u in unit_words if len(u) > 2)
        ]
        if unknown:
            extra = f"ignored '{_short(' '.join(unknown))}'"
            note = f"{note}; {extra}" if note else extra
    return ParsedNumber(value, None, note)
