"""Class results: the analysis behind notebooks/teacher/class-results.ipynb and its sample class."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers.classroom import results
from helpers.exercises import MultipleChoice, Order, Poll, Sort

ROOT = Path(__file__).resolve().parents[1]
TEACHER = ROOT / "notebooks" / "teacher"
SAMPLE = TEACHER / "sample-class"
NOTEBOOK = TEACHER / "class-results.ipynb"


def frame(rows):
    base = {
        "file": "f.json",
        "notebook": "00-start-here",
        "exported_at": None,
        "question_hash": "h",
        "answer_json": "null",
        "submitted_json": None,
        "hints_used": 0,
        "answer_revealed": False,
        "first_answered_at": None,
        "last_answered_at": None,
        "level": "recall",
        "points_possible": 1,
        "points": None,
        "status": "correct",
    }
    out = pd.DataFrame([{**base, **r} for r in rows])
    out.attrs["skipped"] = [{"file": "answers-ana.json", "reason": "answers-ana.json was skipped."}]
    return out


def test_success_table_counts_final_and_first_attempt():
    rows = [
        {
            "student": "ana",
            "exercise": "00.q1",
            "type": "multiple_choice",
            "correct": True,
            "score": 1.0,
            "first_score": 0.0,
            "best_score": 1.0,
            "attempts": 2,
            "answer": "b",
        },
        {
            "student": "ben",
            "exercise": "00.q1",
            "type": "multiple_choice",
            "correct": False,
            "score": 0.0,
            "first_score": 0.0,
            "best_score": 0.0,
            "attempts": 3,
            "answer": "a",
        },
        {
            "student": "ana",
            "exercise": "00.q2",
            "type": "written",
            "correct": None,
            "score": 0.0,
            "first_score": None,
            "best_score": None,
            "attempts": 1,
            "answer": "x y",
        },
    ]
    table = results.success_table(frame(rows))
    assert table.to_dict("records") == [
        {
            "exercise": "00.q1",
            "lesson": "00",
            "level": "recall",
            "answers": 2,
            "success": 0.5,
            "first_try": 0.0,
            "score": 0.5,
        }
    ]
    assert results.attempts_table(frame(rows))["attempts"].tolist() == [2.5]
    assert results.written_table(frame(rows)).to_dict("records") == [
        {"exercise": "00.q2", "saved": 1, "median_words": 2.0}
    ]


def test_anonymise_hides_names_in_rows_and_reports():
    rows = [
        {
            "student": "ana",
            "exercise": "00.q1",
            "type": "poll",
            "correct": None,
            "score": 0,
            "first_score": None,
            "best_score": None,
            "attempts": 1,
            "answer": "a",
        },
        {
            "student": "ben",
            "exercise": "00.q1",
            "type": "poll",
            "correct": None,
            "score": 0,
            "first_score": None,
            "best_score": None,
            "attempts": 1,
            "answer": "a",
        },
    ]
    anon = results.anonymise(frame(rows))
    assert sorted(anon["student"]) == ["S01", "S02"] and set(anon["file"]) == {""}
    assert anon.attrs["skipped"] == [
        {"file": "(hidden)", "reason": "answers-(a student).json was skipped."}
    ]


def test_poll_pairs_put_before_first_and_describe_answers():
    opts = {"yes": "Yes", "no": "No"}
    keys = {
        p.id: p
        for p in (
            Poll(id="05.poll-after", question="Q", options=opts, concept=9, register=False),
            Poll(id="05.poll-before", question="Q", options=opts, concept=9, register=False),
            Poll(id="00.p-x", question="Q", options={"a": "A", "b": "B"}, register=False),
        )
    }
    assert results.poll_pairs(keys) == [("05.poll-before", "05.poll-after")]
    mc = MultipleChoice(id="00.q1", question="Q", options=opts, key="yes", register=False)
    assert results.describe_answer(mc, "no") == "No"
    order = Order(
        id="00.q2", question="Q", items={"a": "A", "b": "B"}, key=["a", "b"], register=False
    )
    assert results.describe_answer(order, {"a": 2, "b": 1}) == "b → a"
    sort = Sort(
        id="00.q3",
        question="Q",
        items={"a": "A", "b": "B"},
        categories={"x": "X", "y": "Y"},
        key={"a": "x", "b": "y"},
        register=False,
    )
    assert results.describe_answer(sort, {"a": "y", "b": "y"}) == "misplaced: a as y"


def test_time_spent_runs_from_first_to_last_answer():
    rows = [
        {
            "student": "ana",
            "exercise": "00.q1",
            "type": "poll",
            "correct": None,
            "score": 0,
            "first_score": None,
            "best_score": None,
            "attempts": 1,
            "answer": "a",
            "first_answered_at": "2024-10-07T09:00:00Z",
            "last_answered_at": "2024-10-07T09:05:00Z",
        },
        {
            "student": "ana",
            "exercise": "00.q2",
            "type": "poll",
            "correct": None,
            "score": 0,
            "first_score": None,
            "best_score": None,
            "attempts": 1,
            "answer": "a",
            "first_answered_at": "2024-10-07T09:10:00Z",
            "last_answered_at": "2024-10-07T09:40:30Z",
        },
    ]
    assert results.time_spent(frame(rows)).to_dict("records") == [
        {"student": "ana", "lesson": "00-start-here", "minutes": 40.5}
    ]


def test_the_sample_class_is_synthetic_and_labelled():
    readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
    assert "Synthetic sample class (not real students)" in readme
    files = sorted(SAMPLE.glob("answers-*.json"))
    students = set()
    for path in files:
        if path.name == "answers-corrupt-example.json":
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        students.add(doc["student"])
    assert students and all(s.startswith("synthetic-") for s in students)
    assert "synthetic sample class" in NOTEBOOK.read_text(encoding="utf-8")


def test_the_sample_generator_is_seeded(tmp_path):
    for name in ("a", "b"):
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "tools" / "make_sample_class.py"),
                "--out",
                str(tmp_path / name),
            ],
            check=True,
            capture_output=True,
            env={"TZ": "UTC", "PATH": ""},
        )
    first = {p.name: p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    second = {p.name: p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()}
    assert first == second and len(first) > 20


def test_the_notebook_ran_top_to_bottom_and_shows_no_student_id():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    outputs = json.dumps([c["outputs"] for c in code])
    assert "synthetic-" not in outputs  # anonymised before anything is shown
    assert '"output_type": "error"' not in outputs
    assert "vnd.vegalite.v5+json" in outputs


@pytest.mark.parametrize("name", ["success_chart", "attempts_chart", "time_chart", "poll_chart"])
def test_every_chart_has_a_description_and_validates(name):
    answers, keys = results.load_class(SAMPLE, SAMPLE / "keys" / "keys-sample.json")
    answers = results.anonymise(answers)
    data = {
        "success_chart": results.success_table(answers),
        "attempts_chart": results.attempts_table(answers),
        "time_chart": results.time_spent(answers),
        "poll_chart": results.poll_shift(answers, keys),
    }[name]
    spec = getattr(results, name)(data).to_dict()  # validates against the Vega-Lite schema
    assert spec["description"].endswith(".")
