"""The grades CSV (Canvas, Moodle, long format) from answer files and from an nbgrader gradebook."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from pathlib import Path

import pytest

from helpers.classroom import grades
from helpers.exercises import (
    ExerciseSession,
    MultipleChoice,
    MultipleSelect,
    Numeric,
    WrittenAnswer,
    build_export,
    clear_registry,
    save_export,
)

pytestmark = pytest.mark.usefixtures("isolated_exercises")


def define():
    return [
        MultipleChoice(id="00.q1", question="Q1?", options={"a": "A", "b": "B"}, key="b"),
        MultipleSelect(
            id="00.q2",
            question="Q2?",
            options={"a": "A", "b": "B", "c": "C"},
            key=["a", "b"],
            points=2,
        ),
        Numeric(id="00.q3", question="Q3?", key=32),
        WrittenAnswer(id="00.q4", question="Why?", min_words=3),
    ]


def class_folder(tmp_path):
    folder = tmp_path / "class"
    exs = define()
    s = {ex.id: ExerciseSession(ex) for ex in exs}
    s["00.q1"].submit("a")  # wrong first, right second
    s["00.q1"].submit("b")
    s["00.q2"].submit(["a"])  # half of two points
    s["00.q3"].submit("32")
    s["00.q4"].submit("Because nobody could agree.")
    save_export("00-start-here", "s1", folder=folder)
    clear_registry()
    exs = define()
    doc = build_export("00-start-here", "=cmd|' -C calc'!A0")  # a formula as an id
    doc["answers"] = [a for a in doc["answers"] if a["exercise"] == "00.q3"]
    (folder / "answers-evil.json").write_text(json.dumps(doc))
    (folder / "broken.json").write_bytes(b"[" * 5000)
    return folder, {ex.id: ex for ex in exs}


def rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_long_csv_has_first_attempt_best_and_pending_per_student_and_lesson(tmp_path):
    folder, keys = class_folder(tmp_path)
    long, reports = grades.grade_folder(folder, keys)
    assert [r["file"] for r in reports] == ["broken.json"]
    out = rows(grades.write_csv(long))
    assert list(out[0]) == grades.LONG_COLUMNS
    s1 = next(r for r in out if r["student_id"] == "s1")
    # first attempt: q1 wrong (0) + q2 half of 2 (1) + q3 right (1); best adds q1 (1).
    assert (s1["first_attempt_score"], s1["best_score"], s1["max_score"]) == ("2.0", "3.0", "4.0")
    assert s1["lesson"] == "00-start-here" and s1["written_pending"] == "1"


def test_text_that_a_spreadsheet_would_run_is_defused(tmp_path):
    folder, keys = class_folder(tmp_path)
    long, _ = grades.grade_folder(folder, keys)
    text = grades.write_csv(long)
    assert "\n=cmd" not in text and ",=cmd" not in text
    assert any(r["student_id"].startswith("'=cmd") for r in rows(text))


def test_canvas_and_moodle_layouts(tmp_path):
    folder, keys = class_folder(tmp_path)
    long, _ = grades.grade_folder(folder, keys)
    canvas = rows(grades.write_csv(long, tmp_path / "c.csv", lms="canvas"))
    assert list(canvas[0])[:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert "00-start-here best" in canvas[0] and "00-start-here first attempt" in canvas[0]
    s1 = next(r for r in canvas if r["SIS User ID"] == "s1")
    assert s1["00-start-here best"] == "3.0"
    moodle = rows(grades.write_csv(long, lms="moodle"))
    assert next(iter(moodle[0])) == "ID number"
    assert next(r for r in moodle if r["ID number"] == "s1")["00-start-here written pending"] == "1"
    assert (tmp_path / "c.csv").read_text(encoding="utf-8").startswith("Student,ID,")


def test_command_line_writes_the_csv_and_reports_bad_files(tmp_path, capsys):
    folder, keys = class_folder(tmp_path)
    keys_file = tmp_path / "keys-00.json"
    from helpers.classroom import export_keys

    export_keys(keys_file, keys)
    out = tmp_path / "grades.csv"
    assert grades.main([str(folder), "--keys", str(keys_file), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "broken.json was skipped because it is nested 5000 levels deep" in printed
    assert "2 rows for 2 students (1 problems)" in printed
    assert rows(out.read_text(encoding="utf-8"))[0]["lesson"] == "00-start-here"


def test_grades_from_an_nbgrader_gradebook(tmp_path, monkeypatch):
    from nbgrader.api import Gradebook  # the instructor group is part of the test install

    # nbgrader runs alembic by name: the environment's bin must be on PATH.
    bin_dir = str(Path(sys.executable).parent)
    monkeypatch.setenv("PATH", bin_dir + os.pathsep + os.environ.get("PATH", ""))
    db = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with Gradebook(db) as gb:
        gb.add_assignment("03-arming-ukraine")
        gb.add_notebook("03-arming-ukraine", "03-arming-ukraine")
        gb.add_grade_cell(
            "test-a", "03-arming-ukraine", "03-arming-ukraine", max_score=2, cell_type="code"
        )
        gb.add_grade_cell(
            "task-w", "03-arming-ukraine", "03-arming-ukraine", max_score=3, cell_type="markdown"
        )
        gb.add_student("s1")
        gb.add_submission("03-arming-ukraine", "s1")
        sub = gb.find_submission_notebook("03-arming-ukraine", "03-arming-ukraine", "s1")
        for grade in sub.grades:
            if grade.name == "test-a":
                grade.auto_score = 1.5
                grade.needs_manual_grade = False
            else:
                grade.needs_manual_grade = True
        gb.db.commit()
    long = grades.gradebook_rows(tmp_path)
    row = long.to_dict("records")[0]
    assert row == {
        "student_id": "s1",
        "lesson": "03-arming-ukraine",
        "first_attempt_score": 1.5,
        "best_score": 1.5,
        "max_score": 5.0,
        "written_pending": 1,
    }
    long2, reports = grades.grade_folder(tmp_path, {})
    assert reports == [] and len(long2) == 1
