"""Grades for the school's gradebook: one CSV from answer files or the nbgrader gradebook.

``python course.py grade FOLDER`` reads a folder of downloaded answer files (or an nbgrader
course directory: its ``gradebook.db``, or its ``submitted/`` answer logs with
``--from-logs``) and writes one row per student and lesson::

    student_id, lesson, first_attempt_score, best_score, max_score, written_pending

*first_attempt_score* re-grades each item's first submitted answer (where the file recorded
it; otherwise its final answer), *best_score* the best of its submitted answers; both in
points over the auto-graded items; *written_pending* counts written answers waiting for the
teacher. ``--lms canvas`` and ``--lms moodle`` write the same numbers one row per student,
with the identifier columns each system's grade import expects. Every file is read as
untrusted input (see :mod:`.collect`); a bad file is reported in one sentence and skipped.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from helpers.exercises.bank import all_banks, build_exercise
from helpers.exercises.model import Exercise

from .collect import load_class_answers, load_submissions
from .grading import load_keys

__all__ = [
    "AUTO_TYPES",
    "LONG_COLUMNS",
    "canvas_table",
    "grade_rows",
    "gradebook_rows",
    "keys_from",
    "main",
    "moodle_table",
    "safe_cell",
    "write_csv",
]

AUTO_TYPES = ("multiple_choice", "true_false", "multiple_select", "numeric", "order", "sort")
LONG_COLUMNS = [
    "student_id",
    "lesson",
    "first_attempt_score",
    "best_score",
    "max_score",
    "written_pending",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet will not run as a formula (text starting ``=+-@``)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def keys_from(keys: str | Path | None = None, banks: Path | None = None) -> dict[str, Exercise]:
    """Exercise definitions with keys: a keys file, a folder of ``keys-*.json`` (as written by
    ``assignments``), or (``None``) every item of the current banks, keys computed now."""
    if keys is None:
        return {e.id: build_exercise(e) for b in all_banks(banks) for e in b.entries}
    path = Path(keys)
    if path.is_dir():
        out: dict[str, Exercise] = {}
        for file in sorted(path.glob("keys-*.json")):
            out.update(load_keys(file))
        if not out:
            raise ValueError(f"{path} holds no keys-*.json files")
        return out
    return load_keys(path)


def _max_points(keys: Mapping[str, Exercise]) -> dict[str, float]:
    out: dict[str, float] = {}
    for ex in keys.values():
        if ex.kind in AUTO_TYPES:
            out[ex.id[:2]] = out.get(ex.id[:2], 0.0) + float(ex.points)
    return out


def _num(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def grade_rows(df: Any, keys: Mapping[str, Exercise]) -> Any:
    """Long-format grades from a re-graded answers table (:func:`.load_class_answers`)."""
    import pandas as pd

    maxima = _max_points(keys)
    rows = []
    if not df.empty:
        for (student, notebook), group in df.groupby(["student", "notebook"], sort=True):
            first = best = 0.0
            pending = 0
            for rec in group.to_dict("records"):
                if rec.get("type") == "written" and rec.get("status") in ("saved", "too_short"):
                    pending += 1
                if rec.get("type") not in AUTO_TYPES:
                    continue
                points = _num(rec.get("points_possible")) or 0.0
                final = _num(rec.get("score")) or 0.0
                first_score = _num(rec.get("first_score"))
                best_score = _num(rec.get("best_score"))
                first += points * (first_score if first_score is not None else final)
                best += points * (best_score if best_score is not None else final)
            rows.append(
                {
                    "student_id": student,
                    "lesson": notebook,
                    "first_attempt_score": round(first, 4),
                    "best_score": round(best, 4),
                    "max_score": maxima.get(str(notebook)[:2], 0.0),
                    "written_pending": pending,
                }
            )
    return pd.DataFrame(rows, columns=LONG_COLUMNS)


def gradebook_rows(course_dir: str | Path) -> Any:
    """Long-format grades from an nbgrader course directory's ``gradebook.db``.

    nbgrader keeps one submission per student and assignment, so the first-attempt and best
    columns both hold its score (autograded plus any marks already given by hand).
    """
    import pandas as pd
    from nbgrader.api import Gradebook

    db = Path(course_dir) / "gradebook.db"
    if not db.is_file():
        raise ValueError(f"{course_dir} has no gradebook.db (run nbgrader autograde first)")
    rows = []
    # nbgrader runs alembic by name: put this environment's bin first on PATH.
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    with Gradebook(f"sqlite:///{db}") as gb:
        for assignment in gb.assignments:
            for sub in assignment.submissions:
                pending = sum(1 for nb in sub.notebooks for g in nb.grades if g.needs_manual_grade)
                score = round(float(sub.score or 0.0), 4)
                rows.append(
                    {
                        "student_id": sub.student.id,
                        "lesson": assignment.name,
                        "first_attempt_score": score,
                        "best_score": score,
                        "max_score": float(sub.max_score or 0.0),
                        "written_pending": pending,
                    }
                )
    frame = pd.DataFrame(rows, columns=LONG_COLUMNS)
    return frame.sort_values(["student_id", "lesson"], kind="stable").reset_index(drop=True)


def _wide(long: Any, columns: Sequence[tuple[str, str]]) -> tuple[list[str], list[dict[str, Any]]]:
    lessons = sorted(set(long["lesson"]))
    header: list[str] = []
    for lesson in lessons:
        header += [f"{lesson} {label}" for label, _ in columns]
    students: dict[str, dict[str, Any]] = {}
    for rec in long.to_dict("records"):
        row = students.setdefault(rec["student_id"], {})
        for label, field in columns:
            row[f"{rec['lesson']} {label}"] = rec[field]
    return header, [{"_id": s, **v} for s, v in sorted(students.items())]


def canvas_table(long: Any) -> tuple[list[str], list[list[Any]]]:
    """Canvas gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then one
    column per lesson and score (a column Canvas does not know becomes a new assignment).

    The student id goes in *SIS User ID* and *SIS Login ID*: give students the ids Canvas
    knows them by. Written answers pending are not a grade, so they are left out here.
    """
    scores, rows = _wide(long, [("best", "best_score"), ("first attempt", "first_attempt_score")])
    header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *scores]
    out = [[r["_id"], "", r["_id"], r["_id"], "", *(r.get(c, "") for c in scores)] for r in rows]
    return header, out


def moodle_table(long: Any) -> tuple[list[str], list[list[Any]]]:
    """Moodle "Import grades from CSV": an identifier column (map it to *ID number*,
    *username* or *email*) and one column per lesson and score (map each to a grade item,
    or to "ignore" for the pending counts)."""
    scores, rows = _wide(
        long,
        [
            ("best", "best_score"),
            ("first attempt", "first_attempt_score"),
            ("written pending", "written_pending"),
        ],
    )
    header = ["ID number", *scores]
    return header, [[r["_id"], *(r.get(c, "") for c in scores)] for r in rows]


def write_csv(long: Any, out: str | Path | None = None, lms: str = "long") -> str:
    """Write grades as CSV (``lms``: ``long``, ``canvas`` or ``moodle``); return the text."""
    if lms == "long":
        header, rows = LONG_COLUMNS, [[r[c] for c in LONG_COLUMNS] for r in long.to_dict("records")]
    elif lms == "canvas":
        header, rows = canvas_table(long)
    elif lms == "moodle":
        header, rows = moodle_table(long)
    else:
        raise ValueError(f"lms must be long, canvas or moodle, not {lms!r}")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    text = buffer.getvalue()
    if out is not None:
        Path(out).write_text(text, encoding="utf-8")
    return text


def grade_folder(
    source: str | Path,
    keys: Mapping[str, Exercise],
    *,
    from_logs: bool = False,
) -> tuple[Any, list[dict[str, str]]]:
    """Long-format grades from a folder (see the module doc) and the bad-file reports."""
    import warnings

    root = Path(source)
    if (root / "gradebook.db").is_file() and not from_logs:
        return gradebook_rows(root), []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the reports are returned instead
        if from_logs or (root / "submitted").is_dir():
            df = load_submissions(root, keys)
        else:
            df = load_class_answers(root, keys)
    return grade_rows(df, keys), list(df.attrs.get("skipped", []))


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m helpers.classroom.grades SOURCE [--keys K] [--lms L]``."""
    parser = argparse.ArgumentParser(
        prog="python course.py grade",
        description="Turn a folder of answer files (or an nbgrader course directory) into a "
        "grades CSV for Canvas, Moodle or a spreadsheet.",
    )
    parser.add_argument("source", type=Path, help="answer files folder or nbgrader course dir")
    parser.add_argument(
        "--keys",
        type=Path,
        help="keys file or folder (build/assignments/instructor/keys); default: the banks",
    )
    parser.add_argument("--banks", type=Path, help="banks folder (default: the course's)")
    parser.add_argument("--lms", choices=["long", "canvas", "moodle"], default="long")
    parser.add_argument("--out", type=Path, help="CSV file to write (default: grades-LMS.csv)")
    parser.add_argument(
        "--from-logs", action="store_true", help="read submitted/ answer logs, not gradebook.db"
    )
    args = parser.parse_args(argv)
    keys = keys_from(args.keys, args.banks)
    long, reports = grade_folder(args.source, keys, from_logs=args.from_logs)
    out = args.out or Path(f"grades-{args.lms}.csv")
    write_csv(long, out, args.lms)
    for report in reports:
        print(report["reason"])
    students = long["student_id"].nunique() if not long.empty else 0
    print(f"Wrote {out}: {len(long)} rows for {students} students ({len(reports)} problems).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
