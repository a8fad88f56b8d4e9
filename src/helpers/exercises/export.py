"""Export answers (download link, save to disk), restore them, and load a class's files.

The export file is JSON only (never pickle or code)::

    {"schema_version": 1, "course": "nato-ukraine-course", "notebook": "00-start-here",
     "exported_at": "2024-07-09T10:15:00Z", "student": "s17",
     "answers": [{"exercise": "00.q1", "question_hash": "sha256:…", "answer": "b",
                  "attempts": 2, "hints_used": 0, "answer_revealed": false,
                  "first_answered_at": "…Z", "last_answered_at": "…Z"}, …]}
"""

from __future__ import annotations

import base64
import html
import json
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .answer_log import APP_NAME, AnswerLog, lesson_of, log_for, utc_now
from .model import ID_PATTERN, Exercise, registered_exercises

__all__ = [
    "SCHEMA_VERSION",
    "RestoreReport",
    "build_export",
    "download_link_html",
    "export_filename",
    "load_class_answers",
    "restore_from_file",
    "save_export",
]

SCHEMA_VERSION = 1
MAX_FILE_BYTES = 5_000_000
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
    state = log.state()
    answers = [rec.to_export() for _, rec in sorted(state.items()) if rec.has_answer]
    return {
        "schema_version": SCHEMA_VERSION,
        "course": APP_NAME,
        "notebook": nb,
        "exported_at": utc_now(),
        "student": _clean_student(student),
        "answers": answers,
    }


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


# --------------------------------------------------------------------------- validation


def validate_export(doc: Any) -> list[str]:
    """Problems that make an export file unusable (empty list: fine)."""
    if not isinstance(doc, dict):
        return ["not a JSON object"]
    problems = []
    if doc.get("schema_version") != SCHEMA_VERSION:
        problems.append(f"schema_version is {doc.get('schema_version')!r}, not {SCHEMA_VERSION}")
    nb = doc.get("notebook")
    if not isinstance(nb, str) or not _NOTEBOOK_RE.match(nb):
        problems.append(f"bad notebook id {nb!r}")
    if not isinstance(doc.get("answers"), list):
        problems.append("no answers list")
    if "student" in doc and not isinstance(doc["student"], str):
        problems.append("student is not text")
    return problems


def _valid_entry(entry: Any, lesson: str | None) -> str | None:
    if not isinstance(entry, dict):
        return "entry is not an object"
    ex = entry.get("exercise")
    if not isinstance(ex, str) or not ID_PATTERN.match(ex):
        return f"bad exercise id {ex!r}"
    if lesson is not None and ex[:2] != lesson:
        return f"{ex} does not belong to lesson {lesson}"
    if not isinstance(entry.get("question_hash"), str):
        return f"{ex}: no question hash"
    attempts = entry.get("attempts", 0)
    if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 0:
        return f"{ex}: bad attempts {attempts!r}"
    return None


def _read_doc(source: str | Path | bytes | bytearray | memoryview) -> Any:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        path = Path(source)
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ValueError("file is too large to be an answers file")
        data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        raise ValueError("file is too large to be an answers file")
    return json.loads(data.decode("utf-8-sig"))


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

    Never raises on a bad file: the report says what went wrong. Answers to questions that
    changed since (different question hash from the one defined in this kernel) are skipped.
    Live exercise widgets are refreshed.
    """
    report = RestoreReport()
    try:
        doc = _read_doc(source)
    except (OSError, ValueError, UnicodeDecodeError) as err:
        report.error = f"not a readable answers file ({type(err).__name__}: {err})"[:300]
        return report
    problems = validate_export(doc)
    if problems:
        report.error = "; ".join(problems)
        return report
    report.notebook = doc["notebook"]
    lesson = lesson_of(doc["notebook"])
    log = log_for(lesson)
    known = registered_exercises()
    for entry in doc["answers"]:
        problem = _valid_entry(entry, lesson)
        if problem:
            report.skipped.append(problem)
            continue
        ex_id = entry["exercise"]
        current = known.get(ex_id)
        if current is not None and current.question_hash != entry["question_hash"]:
            report.skipped.append(f"{ex_id}: the question has changed since")
            continue
        data = {
            k: entry.get(k)
            for k in (
                "answer",
                "attempts",
                "hints_used",
                "answer_revealed",
                "first_answered_at",
                "last_answered_at",
            )
        }
        log.record(
            ex_id,
            entry["question_hash"],
            "restore",
            notebook=doc["notebook"],
            student=_clean_student(doc.get("student")),
            **data,
        )
        report.restored.append(ex_id)
    try:
        from .widgets import refresh_views

        refresh_views(report.restored)
    except Exception:  # widgets are optional here
        pass
    return report


# --------------------------------------------------------------------------- class loader


def load_class_answers(
    folder: str | Path, keys: Any = None, *, pattern: str = "*.json", latest_only: bool = True
) -> Any:
    """Read a folder of downloaded answer files into a pandas DataFrame.

    One row per student × exercise: ``file, student, notebook, exported_at, exercise,
    question_hash, answer, answer_json, attempts, hints_used, answer_revealed,
    first_answered_at, last_answered_at``. With ``keys`` (see :func:`.grading.as_key_map`)
    the answers are re-graded and ``type, level, points_possible, correct, score, points,
    status`` are added. Malformed files are skipped and listed in ``df.attrs["skipped"]``
    (and in one warning). If a student handed in several files for a lesson, only the
    most recent export is kept (``latest_only=False`` keeps every row).
    """
    import pandas as pd

    from .grading import as_key_map, grade_answer

    key_map = as_key_map(keys) if keys is not None else None
    rows: list[dict[str, Any]] = []
    skipped: list[dict[str, str]] = []
    for path in sorted(Path(folder).glob(pattern)):
        if not path.is_file():
            continue
        try:
            doc = _read_doc(path)
        except (OSError, ValueError, UnicodeDecodeError) as err:
            skipped.append({"file": path.name, "reason": f"unreadable: {type(err).__name__}"})
            continue
        problems = validate_export(doc)
        if problems:
            skipped.append({"file": path.name, "reason": "; ".join(problems)})
            continue
        student = _clean_student(doc.get("student")) or path.stem
        lesson = lesson_of(doc["notebook"])
        for entry in doc["answers"]:
            problem = _valid_entry(entry, lesson)
            if problem:
                skipped.append({"file": path.name, "reason": problem})
                continue
            row: dict[str, Any] = {
                "file": path.name,
                "student": student,
                "notebook": doc["notebook"],
                "exported_at": doc.get("exported_at"),
                "exercise": entry["exercise"],
                "question_hash": entry["question_hash"],
                "answer": entry.get("answer"),
                "answer_json": json.dumps(entry.get("answer"), ensure_ascii=False),
                "attempts": entry.get("attempts", 0),
                "hints_used": entry.get("hints_used", 0),
                "answer_revealed": bool(entry.get("answer_revealed", False)),
                "first_answered_at": entry.get("first_answered_at"),
                "last_answered_at": entry.get("last_answered_at"),
            }
            if key_map is not None:
                ex = key_map.get(entry["exercise"])
                if ex is None:
                    row.update(
                        type=None,
                        level=None,
                        points_possible=None,
                        correct=None,
                        score=None,
                        points=None,
                        status="no_key",
                    )
                else:
                    res = grade_answer(ex, entry.get("answer"), entry["question_hash"])
                    row.update(
                        type=ex.kind,
                        level=ex.level,
                        points_possible=ex.points,
                        correct=res.correct,
                        score=res.score,
                        points=res.score * ex.points,
                        status=res.status,
                    )
            rows.append(row)
    columns = [
        "file",
        "student",
        "notebook",
        "exported_at",
        "exercise",
        "question_hash",
        "answer",
        "answer_json",
        "attempts",
        "hints_used",
        "answer_revealed",
        "first_answered_at",
        "last_answered_at",
    ]
    if key_map is not None:
        columns += ["type", "level", "points_possible", "correct", "score", "points", "status"]
    df = pd.DataFrame(rows, columns=columns)
    if latest_only and not df.empty:
        df = (
            df.sort_values(["exported_at", "file"], kind="stable", na_position="first")
            .drop_duplicates(["student", "notebook", "exercise"], keep="last")
            .sort_values(["student", "notebook", "exercise"], kind="stable")
            .reset_index(drop=True)
        )
    if key_map is not None:
        df["correct"] = df["correct"].astype("object")
    df.attrs["skipped"] = skipped
    if skipped:
        files = sorted({s["file"] for s in skipped})
        warnings.warn(
            f"Skipped {len(skipped)} malformed file(s) or entries in {len(files)} file(s): "
            + ", ".join(files[:10])
            + " (details in df.attrs['skipped'])",
            stacklevel=2,
        )
    return df


def keys_document(exercises: Iterable[Exercise] | Mapping[str, Exercise]) -> dict[str, Any]:
    """A JSON-safe document of exercise definitions with their keys (instructor material)."""
    items = exercises.values() if isinstance(exercises, Mapping) else exercises
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "keys",
        "exercises": [ex.to_dict() for ex in sorted(items, key=lambda e: e.id)],
    }


def export_keys(
    path: str | Path, exercises: Iterable[Exercise] | Mapping[str, Exercise] | None = None
) -> Path:
    """Write a keys file (default: every exercise defined in this kernel). Keep it private."""
    exs = registered_exercises() if exercises is None else exercises
    path = Path(path)
    path.write_text(json.dumps(keys_document(exs), ensure_ascii=False, indent=1), encoding="utf-8")
    return path
