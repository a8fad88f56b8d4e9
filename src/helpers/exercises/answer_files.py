"""Answers files: their format, and reading one safely as untrusted input.

An answers file (what a student downloads or saves, see :mod:`.export`) is JSON only (never
pickle or code)::

    {"schema_version": 1, "course": "nato-ukraine-course", "notebook": "00-start-here",
     "exported_at": "2024-07-09T10:15:00Z", "student": "s17",
     "answers": [{"exercise": "00.q1", "question_hash": "sha256:…", "answer": "b",
                  "attempts": 2, "hints_used": 0, "answer_revealed": false,
                  "first_answered_at": "…Z", "last_answered_at": "…Z",
                  "submitted": ["a", "b"]}, …]}

``submitted`` lists every answer submitted to that version of the question, in order (at
most :data:`MAX_SUBMITTED`; answers longer than 1,000 characters of JSON, i.e. long
written answers, appear there as ``null``), so a teacher can score the first attempt.

Every answers file is untrusted input: :func:`read_answer_file` caps its size and nesting,
rejects wrong types and path-like ids, and reports a bad file in one sentence instead of
raising. The teacher's tools (class loader, grader) live in :mod:`helpers.classroom`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .answer_log import APP_NAME, lesson_of
from .model import ID_PATTERN
from .untrusted import UntrustedJSONError, loads_untrusted

__all__ = [
    "MAX_ANSWERS",
    "MAX_ANSWER_CHARS",
    "MAX_FILE_BYTES",
    "MAX_HISTORY_ANSWER_CHARS",
    "MAX_SUBMITTED",
    "SCHEMA_VERSION",
    "AnswerFile",
    "clean_entry",
    "clean_student",
    "path_like",
    "read_answer_file",
    "validate_export",
]

SCHEMA_VERSION = 1
NOTEBOOK_RE = re.compile(r"^\d{2}(-[a-z0-9-]+)?$")


def clean_student(student: Any) -> str:
    """A student's name or id as kept in a file: printable, stripped, at most 100 characters."""
    if not isinstance(student, str):
        return ""
    text = "".join(ch for ch in student if ch.isprintable()).strip()
    return text[:100]


#: Caps for untrusted answer files (a student's upload, a teacher's class folder).
MAX_FILE_BYTES = 5_000_000
MAX_ANSWERS = 500  #: entries per file
MAX_SUBMITTED = 50  #: answers kept in an entry's ``submitted`` history
MAX_ANSWER_CHARS = 100_000  #: the JSON text of one answer
MAX_HISTORY_ANSWER_CHARS = 1_000  #: longer answers appear as null in ``submitted``
_PATH_LIKE = re.compile(r"[/\\\x00]|\.\.|^\.|^~")
_TIME_TEXT = 40


def path_like(text: str) -> bool:
    """True for text that looks like a file path (``/``, ``\\``, ``..``, a leading dot)."""
    return bool(_PATH_LIKE.search(text))


def validate_export(doc: Any) -> list[str]:
    """Problems that make an export file unusable (empty list: fine)."""
    if not isinstance(doc, dict):
        return [f"it holds a JSON {type(doc).__name__}, not an object"]
    problems = []
    version = doc.get("schema_version")
    if isinstance(version, bool) or version != SCHEMA_VERSION:
        problems.append(f"schema_version is {_short(version)}, not {SCHEMA_VERSION}")
    nb = doc.get("notebook")
    if not isinstance(nb, str) or not NOTEBOOK_RE.match(nb):
        problems.append(f"the notebook id {_short(nb)} is not a lesson id")
    answers = doc.get("answers")
    if not isinstance(answers, list):
        problems.append("it has no answers list")
    elif len(answers) > MAX_ANSWERS:
        problems.append(f"it has {len(answers)} answers (at most {MAX_ANSWERS})")
    if "course" in doc and doc["course"] != APP_NAME:
        problems.append(f"it belongs to another course ({_short(doc['course'])})")
    student = doc.get("student", "")
    if not isinstance(student, str):
        problems.append("the student id is not text")
    elif path_like(student):
        problems.append(f"the student id {_short(student)} looks like a file path")
    exported = doc.get("exported_at")
    if exported is not None and (not isinstance(exported, str) or len(exported) > _TIME_TEXT):
        problems.append("exported_at is not a time stamp")
    return problems


def _short(value: Any, limit: int = 30) -> str:
    """A value shown safely in a message: repr, printable, at most ``limit`` characters."""
    try:
        text = repr(value) if not isinstance(value, dict | list) else type(value).__name__
    except Exception:  # a repr can fail only on exotic objects
        text = type(value).__name__
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _json_len(value: Any) -> int:
    try:
        return len(json.dumps(value, ensure_ascii=False))
    except (TypeError, ValueError, RecursionError):
        return MAX_ANSWER_CHARS + 1


def _count(entry: Mapping[str, Any], name: str, limit: int) -> tuple[int, str | None]:
    value = entry.get(name, 0)
    if value is None:
        return 0, None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
        return 0, f"{name} is {_short(value)}, not a count"
    return value, None


def clean_entry(entry: Any, lesson: str | None) -> tuple[dict[str, Any] | None, str | None]:
    """A validated copy of one ``answers`` entry (known fields only), or why it is unusable."""
    if not isinstance(entry, dict):
        return None, f"an entry is a {type(entry).__name__}, not an object"
    ex = entry.get("exercise")
    if not isinstance(ex, str) or not ID_PATTERN.match(ex):
        return None, f"bad exercise id {_short(ex)}"
    if lesson is not None and ex[:2] != lesson:
        return None, f"{ex} does not belong to lesson {lesson}"
    qhash = entry.get("question_hash")
    if not isinstance(qhash, str) or not 0 < len(qhash) <= 80:
        return None, f"{ex}: no question hash"
    answer = entry.get("answer")
    if _json_len(answer) > MAX_ANSWER_CHARS:
        return None, f"{ex}: the answer is longer than {MAX_ANSWER_CHARS:,} characters"
    attempts, problem = _count(entry, "attempts", 10**6)
    if problem:
        return None, f"{ex}: {problem}"
    hints, problem = _count(entry, "hints_used", 1000)
    if problem:
        return None, f"{ex}: {problem}"
    revealed = entry.get("answer_revealed", False)
    if revealed is None:
        revealed = False
    if not isinstance(revealed, bool):
        return None, f"{ex}: answer_revealed is {_short(revealed)}, not true or false"
    times: dict[str, str | None] = {}
    for name in ("first_answered_at", "last_answered_at"):
        value = entry.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > _TIME_TEXT):
            return None, f"{ex}: {name} is not a time stamp"
        times[name] = value
    clean: dict[str, Any] = {
        "exercise": ex,
        "question_hash": qhash,
        "answer": answer,
        "attempts": attempts,
        "hints_used": hints,
        "answer_revealed": revealed,
        **times,
    }
    if "submitted" in entry and entry["submitted"] is not None:
        history = entry["submitted"]
        if not isinstance(history, list) or len(history) > MAX_SUBMITTED:
            return None, f"{ex}: submitted is not a list of at most {MAX_SUBMITTED} answers"
        if _json_len(history) > MAX_SUBMITTED * (MAX_HISTORY_ANSWER_CHARS + 2):
            return None, f"{ex}: the submitted answers are too long"
        clean["submitted"] = history
    return clean, None


@dataclass
class AnswerFile:
    """One answers file read from untrusted input: its cleaned content and its problems.

    ``error`` says why the whole file is unusable; ``skipped`` lists entries left out of a
    usable file. :meth:`sentence` puts either into one sentence for a teacher or student.
    """

    name: str
    notebook: str | None = None
    student: str = ""
    exported_at: str | None = None
    answers: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when the file could be used (some entries may still have been skipped)."""
        return self.error is None

    def sentence(self) -> str | None:
        """One sentence about what was wrong with the file (None: nothing)."""
        if self.error:
            return f"{self.name} was skipped because {self.error}."
        if self.skipped:
            n = len(self.skipped)
            shown = "; ".join(self.skipped[:3]) + ("; …" if n > 3 else "")
            return (
                f"{self.name} was read, but {n} entr{'y was' if n == 1 else 'ies were'} "
                f"left out ({shown})."
            )
        return None


def _load_bytes(source: str | Path | bytes | bytearray | memoryview, name: str) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source[: MAX_FILE_BYTES + 1])
    else:
        path = Path(source)
        if path.is_symlink() or not path.is_file():
            raise UntrustedJSONError("it is not a regular file")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UntrustedJSONError(f"it is larger than {MAX_FILE_BYTES:,} bytes")
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise UntrustedJSONError(f"it is larger than {MAX_FILE_BYTES:,} bytes")
    if not data.strip():
        raise UntrustedJSONError("it is empty")
    return data


def read_answer_file(
    source: str | Path | bytes | bytearray | memoryview,
    name: str | None = None,
    *,
    lesson: str | None = None,
) -> AnswerFile:
    """Read one answers file (a path or the uploaded bytes) as untrusted input.

    Never raises: a file that is too large (:data:`MAX_FILE_BYTES`), nested too deeply, not
    UTF-8 JSON, of the wrong shape, or whose ids look like paths comes back with ``error``
    set; unusable entries are left out and listed in ``skipped``; an exercise that appears
    twice keeps its later entry. ``lesson`` (``"03"``) additionally requires that lesson.
    """
    if name is None:
        name = Path(source).name if isinstance(source, str | Path) else "the uploaded file"
    name = "".join(ch if ch.isprintable() else "?" for ch in name)[:120]
    result = AnswerFile(name)
    try:
        doc = loads_untrusted(_load_bytes(source, name), max_bytes=MAX_FILE_BYTES)
        problems = validate_export(doc)
        if not problems and lesson is not None and doc["notebook"][:2] != lesson:
            problems.append(f"it holds lesson {doc['notebook'][:2]}, not lesson {lesson}")
        if problems:
            result.error = " and ".join(problems[:2])
            return result
        result.notebook = doc["notebook"]
        result.student = clean_student(doc.get("student"))
        result.exported_at = doc.get("exported_at")
        own_lesson = lesson_of(doc["notebook"])
        by_id: dict[str, dict[str, Any]] = {}
        for raw in doc["answers"]:
            entry, problem = clean_entry(raw, own_lesson)
            if entry is None:
                result.skipped.append(problem or "an entry could not be read")
                continue
            ex = entry["exercise"]
            if ex in by_id:
                result.skipped.append(f"{ex} appears twice (the later entry was kept)")
            by_id[ex] = entry
        result.answers = list(by_id.values())
    except UntrustedJSONError as err:
        result.error = str(err)
    except (OSError, ValueError) as err:
        result.error = f"it could not be read ({type(err).__name__})"
    except Exception as err:  # last line of defence: one bad file never stops the rest
        result.error = f"it could not be read ({type(err).__name__})"
    return result
