"""Reading answer logs: well-formed events only, then replayed into each exercise's state.

A log is read as untrusted input (:mod:`.untrusted`): a truncated or garbled line (a crash
mid-write, or a hand-edited file) is skipped and counted, never raised. :func:`replay` folds
the events into one :class:`ExerciseRecord` per exercise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .untrusted import UntrustedJSONError, loads_untrusted

__all__ = [
    "MAX_LOG_BYTES",
    "ExerciseRecord",
    "LogFile",
    "read_events",
    "read_log_file",
    "replay",
]

MAX_LOG_BYTES = 50_000_000  #: a log larger than this is not read at all
_EXERCISE_ID = re.compile(r"^\d{2}\.[a-z0-9][a-z0-9_-]{0,39}$")


@dataclass
class LogFile:
    """What :func:`read_log_file` found: the usable events, and what was wrong."""

    events: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None  #: why nothing was read ("it is …"), if so
    skipped_lines: int = 0  #: lines that were not usable events


def read_log_file(path: Path | str) -> LogFile:
    """The well-formed events of a log file, read as untrusted input.

    Broken lines (a crash mid-write, garbage, nesting deeper than
    :data:`.untrusted.MAX_DEPTH`, lines over :data:`.untrusted.MAX_LINE_BYTES`, events
    without a valid exercise id) are skipped and counted; a file over :data:`MAX_LOG_BYTES`,
    unreadable or not a regular file gives no events and one sentence saying why. Never
    raises.
    """
    p = Path(path)
    result = LogFile()
    try:
        if p.is_symlink() or not p.is_file():
            result.error = "it is not a regular file"
            return result
        if p.stat().st_size > MAX_LOG_BYTES:
            result.error = f"it is larger than {MAX_LOG_BYTES:,} bytes"
            return result
        data = p.read_bytes()
    except OSError as err:
        result.error = f"it could not be read ({type(err).__name__})"
        return result
    _parse_lines(data, result)
    return result


def _parse_lines(data: bytes, result: LogFile) -> None:
    """Append the usable events of whole log lines in ``data`` to ``result`` (never raises)."""
    for line in data.split(b"\n"):
        line = line.strip()
        if not line:
            continue
        try:
            event = loads_untrusted(line)
        except UntrustedJSONError:
            result.skipped_lines += 1
            continue
        ex = event.get("exercise") if isinstance(event, dict) else None
        if isinstance(ex, str) and _EXERCISE_ID.match(ex):
            result.events.append(event)
        else:
            result.skipped_lines += 1


def read_events(path: Path | str) -> Iterator[dict[str, Any]]:
    """Every well-formed event in a log file; broken lines are skipped silently."""
    yield from read_log_file(path).events


@dataclass
class ExerciseRecord:
    """The current state of one exercise, derived by replaying its events."""

    exercise: str
    qhash: str | None = None
    answer: Any = None
    has_answer: bool = False
    attempts: int = 0
    hints: int = 0
    revealed: bool = False
    first_at: str | None = None
    last_at: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_export(self) -> dict[str, Any]:
        """The entry of an export file's ``answers`` list."""
        return {
            "exercise": self.exercise,
            "question_hash": self.qhash,
            "answer": self.answer,
            "attempts": self.attempts,
            "hints_used": self.hints,
            "answer_revealed": self.revealed,
            "first_answered_at": self.first_at,
            "last_answered_at": self.last_at,
        }


def replay(events: Iterator[dict[str, Any]] | list[dict[str, Any]]) -> dict[str, ExerciseRecord]:
    """Fold events into one :class:`ExerciseRecord` per exercise id.

    A submission whose question hash differs from the previous one starts a fresh record:
    attempts on an old version of a question do not count for the new one.
    """
    state: dict[str, ExerciseRecord] = {}
    for ev in events:
        ex_id = ev["exercise"]
        qhash = ev.get("qhash") if isinstance(ev.get("qhash"), str) else None
        rec = state.get(ex_id)
        if rec is None or (qhash and rec.qhash and qhash != rec.qhash):
            rec = state[ex_id] = ExerciseRecord(ex_id, qhash)
        rec.qhash = rec.qhash or qhash
        kind = ev.get("event")
        t = ev.get("t") if isinstance(ev.get("t"), str) else None
        if kind in ("submit", "restore"):
            rec.answer = ev.get("answer")
            rec.has_answer = True
            if kind == "submit":
                rec.attempts += 1
                rec.first_at = rec.first_at or t
                rec.last_at = t or rec.last_at
            else:
                n = ev.get("attempts")
                if isinstance(n, int) and not isinstance(n, bool) and 0 <= n < 10**6:
                    rec.attempts = max(rec.attempts, n)
                for name, attr in (
                    ("first_answered_at", "first_at"),
                    ("last_answered_at", "last_at"),
                ):
                    val = ev.get(name)
                    if isinstance(val, str):
                        setattr(rec, attr, val)
                rec.revealed = rec.revealed or ev.get("answer_revealed") is True
                h = ev.get("hints_used")
                if isinstance(h, int) and not isinstance(h, bool) and 0 <= h < 1000:
                    rec.hints = max(rec.hints, h)
        elif kind == "hint":
            rec.hints += 1
        elif kind == "reveal":
            rec.revealed = True
    return state
