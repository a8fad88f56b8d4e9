"""Collect a class's answers: downloaded answer files, or the answer logs of nbgrader submissions.

Every file is untrusted input. Each reader caps file size and nesting, rejects wrong types
and path-like ids, reports each bad file in one sentence (``df.attrs["skipped"]``, plus one
warning) and goes on with the rest: one broken file never takes down a class's results.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from helpers.exercises.answer_log import read_log_file, replay
from helpers.exercises.export import (
    AnswerFile,
    _clean_entry,
    _clean_student,
    path_like,
    read_answer_file,
    submitted_history,
)
from helpers.exercises.model import Exercise

from .grading import as_key_map, grade_answer

__all__ = [
    "BASE_COLUMNS",
    "GRADE_COLUMNS",
    "MAX_FILES",
    "answers_frame",
    "load_class_answers",
    "load_submissions",
    "read_class_folder",
    "read_submissions",
]

#: At most this many files are read from one folder (the rest are reported, not read).
MAX_FILES = 10_000
BASE_COLUMNS = [
    "file",
    "student",
    "notebook",
    "exported_at",
    "exercise",
    "question_hash",
    "answer",
    "answer_json",
    "submitted_json",
    "attempts",
    "hints_used",
    "answer_revealed",
    "first_answered_at",
    "last_answered_at",
]
GRADE_COLUMNS = [
    "type",
    "level",
    "points_possible",
    "correct",
    "score",
    "points",
    "status",
    "first_score",
    "best_score",
]


def _report(name: str, sentence: str) -> dict[str, str]:
    return {"file": name, "reason": sentence}


def read_class_folder(
    folder: str | Path, *, pattern: str = "*.json", lesson: str | None = None
) -> tuple[list[AnswerFile], list[dict[str, str]]]:
    """Read every answers file in ``folder`` (not its subfolders) as untrusted input.

    Returns the usable files and one report per bad file (``{"file", "reason"}``, the reason
    being one sentence). Never raises for a bad file; a missing folder is reported too.
    """
    root = Path(folder)
    if not root.is_dir():
        return [], [_report(str(folder), f"{folder} is not a folder, so nothing was read.")]
    files: list[AnswerFile] = []
    reports: list[dict[str, str]] = []
    paths = sorted(p for p in root.glob(pattern) if not p.is_dir())
    for path in paths[:MAX_FILES]:
        read = read_answer_file(path, lesson=lesson)
        sentence = read.sentence()
        if sentence:
            reports.append(_report(read.name, sentence))
        if read.ok:
            files.append(read)
    if len(paths) > MAX_FILES:
        reports.append(
            _report(
                root.name,
                f"{root.name} holds {len(paths)} files; only the first {MAX_FILES} were read.",
            )
        )
    return files, reports


def _log_answer_file(path: Path, student: str, notebook: str) -> AnswerFile:
    """An :class:`AnswerFile` made from one answer log (``lesson-NN*.jsonl``)."""
    result = AnswerFile(f"{student}/{path.name}", notebook=notebook, student=student)
    log = read_log_file(path)
    if log.error:
        result.error = log.error
        return result
    lesson = notebook[:2]
    events = [e for e in log.events if e["exercise"][:2] == lesson]
    if log.skipped_lines:
        n = log.skipped_lines
        result.skipped.append(f"{n} line{'s' if n != 1 else ''} could not be read")
    if not events:
        result.error = "it holds no readable answers" + (
            f" ({log.skipped_lines} unreadable lines)" if log.skipped_lines else ""
        )
        return result
    history = submitted_history(events)
    for ex_id, rec in sorted(replay(events).items()):
        if not rec.has_answer:
            continue
        raw = {**rec.to_export(), "submitted": history.get(ex_id, [])}
        entry, why = _clean_entry(raw, lesson)
        if entry is None:
            result.skipped.append(why or "an entry could not be read")
        else:
            result.answers.append(entry)
    return result


def read_submissions(
    submitted: str | Path,
) -> tuple[list[AnswerFile], list[dict[str, str]]]:
    """Read the answer logs of nbgrader submissions as untrusted input.

    ``submitted`` is nbgrader's ``submitted/`` folder (``<student>/<assignment>/``) or a
    course directory holding one. In each assignment folder the log
    ``answers/lesson-NN.jsonl`` of the assignment's lesson is read (``NN`` being the first
    two characters of the assignment name, e.g. ``03-arming-ukraine``); downloaded
    ``answers-*.json`` files found there are read too. Student and assignment folder names
    that look like paths or ids that do not fit are reported, never followed.
    """
    root = Path(submitted)
    if (root / "submitted").is_dir():
        root = root / "submitted"
    if not root.is_dir():
        return [], [_report(str(submitted), f"{submitted} is not a folder, so nothing was read.")]
    files: list[AnswerFile] = []
    reports: list[dict[str, str]] = []
    count = 0
    for student_dir in sorted(root.iterdir()):
        student = student_dir.name
        if student_dir.is_symlink() or not student_dir.is_dir():
            continue
        if path_like(student) or not student.isprintable() or len(student) > 100:
            reports.append(
                _report(student[:40], "A student folder name was not usable, so it was skipped.")
            )
            continue
        for assignment_dir in sorted(student_dir.iterdir()):
            name = assignment_dir.name
            if assignment_dir.is_symlink() or not assignment_dir.is_dir():
                continue
            if not (len(name) > 2 and name[:2].isdigit()) or not name.isprintable():
                continue
            answers = assignment_dir / "answers"
            logs = sorted(answers.glob(f"lesson-{name[:2]}*.jsonl")) if answers.is_dir() else []
            exports = sorted(assignment_dir.glob("answers-*.json"))
            for log in logs:
                count += 1
                if count > MAX_FILES:
                    break
                read = _log_answer_file(log, student, name)
                if read.sentence():
                    reports.append(_report(read.name, read.sentence() or ""))
                if read.ok:
                    files.append(read)
            for path in exports:
                count += 1
                if count > MAX_FILES:
                    break
                read = read_answer_file(path, f"{student}/{path.name}", lesson=name[:2])
                if read.sentence():
                    reports.append(_report(read.name, read.sentence() or ""))
                if read.ok:
                    read.student = student  # the folder name is the id nbgrader knows
                    files.append(read)
    if count > MAX_FILES:
        reports.append(_report(root.name, f"Only the first {MAX_FILES} answer files were read."))
    return files, reports


def _graded_columns(ex: Exercise | None, entry: Mapping[str, Any]) -> dict[str, Any]:
    if ex is None:
        return {
            "type": None,
            "level": None,
            "points_possible": None,
            "correct": None,
            "score": None,
            "points": None,
            "status": "no_key",
            "first_score": None,
            "best_score": None,
        }
    qhash = entry["question_hash"]
    res = grade_answer(ex, entry.get("answer"), qhash)
    scores = []
    history = entry.get("submitted")
    if isinstance(history, list) and history:
        for raw in history:
            if raw is None:
                continue
            r = grade_answer(ex, raw, qhash)
            if r.valid and r.correct is not None:
                scores.append(r.score)
    elif entry.get("attempts", 0) == 1 and res.correct is not None:
        scores.append(res.score)  # no history (older file): one attempt is the answer
    graded = res.correct is not None
    first = scores[0] if scores else None
    best = max([*scores, res.score]) if graded else None
    return {
        "type": ex.kind,
        "level": ex.level,
        "points_possible": ex.points,
        "correct": res.correct,
        "score": res.score,
        "points": res.score * ex.points,
        "status": res.status,
        "first_score": first,
        "best_score": best,
    }


def answers_frame(
    files: Iterable[AnswerFile],
    keys: Any = None,
    *,
    latest_only: bool = True,
    skipped: list[dict[str, str]] | None = None,
) -> Any:
    """One row per student × exercise from already-read answer files (see module doc)."""
    import pandas as pd

    key_map = as_key_map(keys) if keys is not None else None
    rows: list[dict[str, Any]] = []
    for read in files:
        student = read.student or Path(read.name).stem
        for entry in read.answers:
            history = entry.get("submitted")
            row: dict[str, Any] = {
                "file": read.name,
                "student": student,
                "notebook": read.notebook,
                "exported_at": read.exported_at,
                "exercise": entry["exercise"],
                "question_hash": entry["question_hash"],
                "answer": entry.get("answer"),
                "answer_json": json.dumps(entry.get("answer"), ensure_ascii=False),
                "submitted_json": (
                    json.dumps(history, ensure_ascii=False) if isinstance(history, list) else None
                ),
                "attempts": entry.get("attempts", 0),
                "hints_used": entry.get("hints_used", 0),
                "answer_revealed": bool(entry.get("answer_revealed", False)),
                "first_answered_at": entry.get("first_answered_at"),
                "last_answered_at": entry.get("last_answered_at"),
            }
            if key_map is not None:
                row.update(_graded_columns(key_map.get(entry["exercise"]), entry))
            rows.append(row)
    columns = BASE_COLUMNS + (GRADE_COLUMNS if key_map is not None else [])
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
    reports = list(skipped or [])
    df.attrs["skipped"] = reports
    if reports:
        names = sorted({r["file"] for r in reports})
        warnings.warn(
            f"Skipped {len(reports)} bad file(s) or entries in {len(names)} file(s): "
            + ", ".join(names[:10])
            + " (one sentence each in df.attrs['skipped'])",
            stacklevel=3,
        )
    return df


def load_class_answers(
    folder: str | Path, keys: Any = None, *, pattern: str = "*.json", latest_only: bool = True
) -> Any:
    """Read a folder of downloaded answer files into a pandas DataFrame.

    One row per student × exercise: ``file, student, notebook, exported_at, exercise,
    question_hash, answer, answer_json, submitted_json, attempts, hints_used,
    answer_revealed, first_answered_at, last_answered_at``. With ``keys`` (see
    :func:`.grading.as_key_map`) every raw answer is re-graded and ``type, level,
    points_possible, correct, score, points, status, first_score, best_score`` are added
    (a stored "correct" flag is never trusted). Bad files are skipped and reported in one
    sentence each in ``df.attrs["skipped"]`` (and one warning). If a student handed in
    several files for a lesson, the most recent export is kept (``latest_only=False`` keeps
    every row).
    """
    files, reports = read_class_folder(folder, pattern=pattern)
    return answers_frame(files, keys, latest_only=latest_only, skipped=reports)


def load_submissions(submitted: str | Path, keys: Any = None, *, latest_only: bool = True) -> Any:
    """Like :func:`load_class_answers`, from nbgrader submissions (see :func:`read_submissions`)."""
    files, reports = read_submissions(submitted)
    return answers_frame(files, keys, latest_only=latest_only, skipped=reports)


def clean_student(text: Any) -> str:
    """A student id as the loaders keep it (printable, trimmed, at most 100 characters)."""
    return _clean_student(text)
