"""Student-side answers: the export (download link, save to disk) and the restore.

The export is an answers file (format and safe reading in :mod:`.answer_files`) built by
replaying this lesson's answer log. A restore reads such a file as untrusted input and
appends its answers to the log; whoever shows live exercises (the widget layer) registers
with :func:`add_restore_listener` to hear which ones changed. The teacher's tools (class
loader, grader) live in :mod:`helpers.classroom`.
"""

from __future__ import annotations

import base64
import contextlib
import html
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .answer_files import (
    MAX_FILE_BYTES,
    MAX_HISTORY_ANSWER_CHARS,
    MAX_SUBMITTED,
    NOTEBOOK_RE,
    SCHEMA_VERSION,
    AnswerFile,
    clean_entry,
    clean_student,
    path_like,
    read_answer_file,
    validate_export,
)
from .answer_log import APP_NAME, AnswerLog, lesson_of, log_for, replay, utc_now
from .model import registered_exercises

__all__ = [
    "MAX_FILE_BYTES",
    "SCHEMA_VERSION",
    "AnswerFile",
    "RestoreReport",
    "add_restore_listener",
    "build_export",
    "download_link_html",
    "export_filename",
    "lesson_notebook",
    "path_like",
    "read_answer_file",
    "restore_from_file",
    "save_export",
    "validate_export",
]

# The names helpers.classroom.collect imports from here (the reading moved to .answer_files).
_clean_entry = clean_entry
_clean_student = clean_student

_restore_listeners: dict[str, Callable[[list[str]], object]] = {}


def add_restore_listener(name: str, fn: Callable[[list[str]], object]) -> None:
    """Call ``fn(restored exercise ids)`` after every restore; a new ``name`` replaces the old."""
    _restore_listeners[name] = fn


def lesson_notebook(notebook_id: str | None) -> str:
    """``notebook_id``, or the running lesson's (:func:`helpers.context.notebook`), checked."""
    if notebook_id is None:
        from helpers import context

        notebook_id = context.notebook()
    if not notebook_id or not isinstance(notebook_id, str) or not NOTEBOOK_RE.match(notebook_id):
        raise ValueError(
            "Which lesson? Run the setup cell at the top of the notebook first, or pass the "
            f"notebook id, e.g. download_widget('00-start-here') (got {notebook_id!r})."
        )
    return notebook_id


def build_export(
    notebook_id: str | None = None, student: str | None = None, log: AnswerLog | None = None
) -> dict[str, Any]:
    """The export document of one lesson's answers (its schema: :mod:`.answer_files`)."""
    nb = lesson_notebook(notebook_id)
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
        "student": clean_student(student),
        "answers": answers,
    }


def replay_state(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The current record of every exercise (see :func:`.answer_log.replay`)."""
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
    nb = lesson_notebook(notebook_id)
    slug = _slug(clean_student(student) or "")
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
    for fn in list(_restore_listeners.values()):
        with contextlib.suppress(Exception):  # a live view's problem never fails the restore
            fn(report.restored)
    return report
