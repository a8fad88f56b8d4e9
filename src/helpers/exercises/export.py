"""Student-side answer files: export (download link, save to disk), restore, safe reading.

The export file is JSON only (never pickle or code)::

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

import base64
import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .answer_log import (
    APP_NAME,
    AnswerLog,
    UntrustedJSONError,
    lesson_of,
    loads_untrusted,
    log_for,
    utc_now,
)
from .model import ID_PATTERN, registered_exercises

__all__ = [
    "MAX_FILE_BYTES",
    "SCHEMA_VERSION",
    "AnswerFile",
    "RestoreReport",
    "build_export",
    "download_link_html",
    "export_filename",
    "path_like",
    "read_answer_file",
    "restore_from_file",
    "save_export",
    "validate_export",
]

SCHEMA_VERSION = 1
_NOTEBOOK_RE = re.compile(r"^\d{2}(-[a-z0-9-]+)?$")


def _notebook_id(notebook_id: str | None) -> str:
    if notebook_id is None:
        from helpers import context

        notebook_id = context.notebook()
    if not notebook_id or not isinstance(notebook_id, str) or not _NOTEBOOK_RE.match(notebook_id):
        raise ValueError(
            "Which lesson? Run the setup cell at the top of the notebook first, or pass the "
            f"notebook id, e.g. download_widget('00-start-here') (got {notebook_id!r})."
        )
    return notebook_id


def _clean_student(student: Any) -> str:
    if not isinstance(student, str):
        return ""
    text = "".join(ch for ch in student if ch.isprintable()).strip()
    return text[:100]


def build_export(
    notebook_id: str | None = None, student: str | None = None, log: AnswerLog | None = None
) -> dict[str, Any]:
    """The export document of one lesson's answers (see the module doc for the schema)."""
    nb = _notebook_id(notebook_id)
    log = log or log_for(nb)
    events = log.events()
    state = replay_state(events)
    history = submitted_history(events)
    answers = []
    for ex_id, rec in sorted(state.items()):
        if rec.has_answer:
            entry = rec.to_export()
            entry["submitted"] = history.get(ex_id, [])
            answers.append(entry)
    return {
        "schema_version": SCHEMA_VERSION,
        "course": APP_NAME,
        "notebook": nb,
        "exported_at": utc_now(),
        "student": _clean_student(student),
        "answers": answers,
    }


def replay_state(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The current record of every exercise (see :func:`.answer_log.replay`)."""
    from .answer_log import replay

    return replay(events)


def _history_item(answer: Any) -> Any:
    try:
        text = json.dumps(answer, ensure_ascii=False)
    except (TypeError, ValueError):
        return None
    return answer if len(text) <= MAX_HISTORY_ANSWER_CHARS else None


def submitted_history(events: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Every answer submitted to the current version of each question, in order.

    Follows :func:`.answer_log.replay`: a new question hash starts a fresh history; a
    restored entry brings its own ``submitted`` list. At most :data:`MAX_SUBMITTED` answers
    are kept (the first ones and the last).
    """
    out: dict[str, list[Any]] = {}
    hashes: dict[str, str] = {}
    for ev in events:
        ex_id = ev["exercise"]
        qhash = ev.get("qhash") if isinstance(ev.get("qhash"), str) else None
        old = hashes.get(ex_id)
        if ex_id not in out or (qhash and old and qhash != old):
            out[ex_id] = []
            old = None
        hashes[ex_id] = old or qhash or ""
        kind = ev.get("event")
        if kind == "submit":
            out[ex_id].append(_history_item(ev.get("answer")))
        elif kind == "restore":
            restored = ev.get("submitted")
            if isinstance(restored, list):
                out[ex_id] = [_history_item(a) for a in restored[:MAX_SUBMITTED]]
            else:
                out[ex_id] = [_history_item(ev.get("answer"))]
        if len(out[ex_id]) > MAX_SUBMITTED:
            out[ex_id] = [*out[ex_id][: MAX_SUBMITTED - 1], out[ex_id][-1]]
    return out


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:40]


def export_filename(notebook_id: str, student: str | None = None) -> str:
    """``answers-00-start-here[-student].json``."""
    nb = _notebook_id(notebook_id)
    slug = _slug(_clean_student(student) or "")
    return f"answers-{nb}{'-' + slug if slug else ''}.json"


def export_bytes(doc: Mapping[str, Any]) -> bytes:
    """The UTF-8 JSON text of an export document."""
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8")


def download_link_html(notebook_id: str | None = None, student: str | None = None) -> str:
    """An ``<a download>`` link whose href is a data URI holding the export JSON."""
    doc = build_export(notebook_id, student)
    payload = base64.b64encode(export_bytes(doc)).decode("ascii")
    name = export_filename(doc["notebook"], student)
    n = len(doc["answers"])
    return (
        f'<a class="course-download-link" download="{html.escape(name)}" '
        f'href="data:application/json;charset=utf-8;base64,{payload}" '
        'style="font-weight:bold">⬇ Download your answers</a> '
        f"<span>({n} answer{'s' if n != 1 else ''}, file {html.escape(name)})</span>"
    )


def save_export(
    notebook_id: str | None = None, student: str | None = None, folder: Path | str | None = None
) -> Path:
    """Write the export JSON next to the answer log (or into ``folder``); return its path."""
    doc = build_export(notebook_id, student)
    target = Path(folder) if folder is not None else log_for(doc["notebook"]).folder
    target.mkdir(parents=True, exist_ok=True)
    path = target / export_filename(doc["notebook"], student)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_bytes(export_bytes(doc))
    tmp.replace(path)
    return path


# --------------------------------------------------------------------------- reading

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
    if not isinstance(nb, str) or not _NOTEBOOK_RE.match(nb):
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


def _clean_entry(entry: Any, lesson: str | None) -> tuple[dict[str, Any] | None, str | None]:
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


def _valid_entry(entry: Any, lesson: str | None) -> str | None:
    """Why an ``answers`` entry is unusable (None: fine)."""
    return _clean_entry(entry, lesson)[1]


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
        result.student = _clean_student(doc.get("student"))
        result.exported_at = doc.get("exported_at")
        own_lesson = lesson_of(doc["notebook"])
        by_id: dict[str, dict[str, Any]] = {}
        for raw in doc["answers"]:
            entry, problem = _clean_entry(raw, own_lesson)
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


# --------------------------------------------------------------------------- restore


@dataclass
class RestoreReport:
    """What :func:`restore_from_file` did."""

    notebook: str | None = None
    restored: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def message(self) -> str:
        """One line for the student."""
        if self.error:
            return f"Could not restore: {self.error}"
        msg = f"Restored {len(self.restored)} answer{'s' if len(self.restored) != 1 else ''}"
        msg += f" for {self.notebook}."
        if self.skipped:
            msg += f" Skipped {len(self.skipped)}: " + "; ".join(self.skipped[:5])
        return msg


def restore_from_file(source: str | Path | bytes | bytearray | memoryview) -> RestoreReport:
    """Append the answers of an export file (path or bytes) to this lesson's log.

    Never raises on a bad file: the report says what went wrong, in one sentence. Answers to
    questions that changed since (different question hash from the one defined in this
    kernel) are skipped. Live exercise widgets are refreshed.
    """
    report = RestoreReport()
    read = read_answer_file(source)
    if read.error:
        report.error = f"this is not a usable answers file: {read.error}."
        return report
    report.notebook = read.notebook
    report.skipped.extend(read.skipped)
    assert read.notebook is not None  # set whenever there is no error
    try:
        lesson = lesson_of(read.notebook)
        log = log_for(lesson)
        known = registered_exercises()
        for entry in read.answers:
            ex_id = entry["exercise"]
            current = known.get(ex_id)
            if current is not None and current.question_hash != entry["question_hash"]:
                report.skipped.append(f"{ex_id}: the question has changed since")
                continue
            data = {k: v for k, v in entry.items() if k not in ("exercise", "question_hash")}
            log.record(
                ex_id,
                entry["question_hash"],
                "restore",
                notebook=read.notebook,
                student=read.student,
                **data,
            )
            report.restored.append(ex_id)
    except Exception as err:  # e.g. a full disk: report, never raise into the widget
        report.error = f"the answers could not be saved ({type(err).__name__})."
        return report
    try:
        from .widgets import refresh_views

        refresh_views(report.restored)
    except Exception:  # widgets are optional here
        pass
    return report
