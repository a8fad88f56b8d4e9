"""The class loader and re-grading (moved here from tests/test_exercises_export.py with the code
they test, now in helpers.classroom)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from helpers.classroom import (
    as_key_map,
    export_keys,
    load_class_answers,
    load_keys,
    load_submissions,
    regrade,
)
from helpers.exercises import (
    ExerciseSession,
    MultipleChoice,
    MultipleSelect,
    Numeric,
    Order,
    WrittenAnswer,
    build_export,
    clear_registry,
    save_export,
    set_mode,
)

pytestmark = pytest.mark.usefixtures("isolated_exercises")


def define(key=True):
    return [
        MultipleChoice(
            id="00.q1",
            question="Which article?",
            options={"a": "Article 5", "b": "Article 10"},
            key="b" if key else None,
        ),
        Numeric(id="00.q4", question="How many allies?", key=32 if key else None, unit="allies"),
        Order(
            id="00.q5",
            question="Order",
            items={"e1": "2008", "e2": "2014"},
            key=["e1", "e2"] if key else None,
        ),
        WrittenAnswer(id="00.q7", question="Why?", min_words=3),
    ]


def answer_all(exs):
    ExerciseSession(exs[0]).submit("a")
    ExerciseSession(exs[0]).submit("b")
    ExerciseSession(exs[1]).submit("32 allies")
    ExerciseSession(exs[2]).submit({"e1": 2, "e2": 1})
    ExerciseSession(exs[3]).submit("Because nobody agreed.")


def test_load_class_answers_regrades_and_reports_malformed(tmp_path):
    folder = tmp_path / "class"
    exs = define()
    answer_all(exs)
    save_export("00-start-here", "s1", folder=folder)
    # A second student: different answers, and a forged "correct" flag that must be ignored.
    doc = build_export("00-start-here", "s2")
    for entry in doc["answers"]:
        entry["correct"] = True
        if entry["exercise"] == "00.q1":
            entry["answer"] = "a"
    (folder / "answers-s2.json").write_text(json.dumps(doc))
    (folder / "broken.json").write_text("{ not json")
    (folder / "other.json").write_text(json.dumps({"hello": 1}))
    with pytest.warns(UserWarning, match="Skipped 2"):
        df = load_class_answers(folder, keys=exs)
    assert isinstance(df, pd.DataFrame)
    assert len(df) == 8 and set(df["student"]) == {"s1", "s2"}
    assert {s["file"] for s in df.attrs["skipped"]} == {"broken.json", "other.json"}
    q1 = df[df.exercise == "00.q1"].set_index("student")
    assert q1.loc["s1", "correct"] is True and q1.loc["s2", "correct"] is False
    q5 = df[(df.exercise == "00.q5") & (df.student == "s1")].iloc[0]
    assert q5["status"] == "incorrect" and q5["score"] == 0
    q7 = df[(df.exercise == "00.q7") & (df.student == "s1")].iloc[0]
    assert q7["correct"] is None and q7["status"] == "saved"
    # Without keys: no grading columns.
    with pytest.warns(UserWarning):
        plain = load_class_answers(folder)
    assert "correct" not in plain.columns and len(plain) == 8


def test_keys_supplied_separately_in_assessed_mode(tmp_path):
    keys_path = export_keys(tmp_path / "keys-00.json", define())  # instructor side
    clear_registry()
    set_mode("assessed")
    exs = define(key=False)
    assert all(ex.key is None for ex in exs)
    fb = ExerciseSession(exs[0]).submit("b")
    assert fb.kind == "info" and "recorded" in fb.message.lower()
    assert "Correct" not in fb.message
    doc = build_export("00-start-here", "s1")
    graded = {r["exercise"]: r for r in regrade(doc["answers"], keys_path)}
    assert graded["00.q1"]["correct"] is True and graded["00.q1"]["points"] == 1
    keys = load_keys(keys_path)
    assert keys["00.q4"].key == 32
    # Bare keys combined with the key-less definitions registered in this kernel.
    key_map = as_key_map({"00.q1": "a"})
    assert key_map["00.q1"].check("b").correct is False
    assert regrade([{"exercise": "00.q9", "answer": "x"}], keys)[0]["status"] == "no_key"


def test_load_class_answers_keeps_the_latest_file_per_student(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    exs = define()
    ExerciseSession(exs[0]).submit("a")
    old = build_export("00-start-here", "s1")
    old["exported_at"] = "2024-07-01T00:00:00Z"
    ExerciseSession(exs[0]).submit("b")
    new = build_export("00-start-here", "s1")
    new["exported_at"] = "2024-07-02T00:00:00Z"
    (folder / "z-old.json").write_text(json.dumps(old))
    (folder / "a-new.json").write_text(json.dumps(new))
    df = load_class_answers(folder, keys=exs)
    assert len(df) == 1 and df.loc[0, "answer"] == "b" and df.loc[0, "correct"] is True
    assert len(load_class_answers(folder, latest_only=False)) == 2


def test_first_attempt_and_best_scores_come_from_the_submitted_history(tmp_path):
    folder = tmp_path / "class"
    exs = define()
    answer_all(exs)  # 00.q1: "a" (wrong) then "b" (right); the others in one attempt
    save_export("00-start-here", "s1", folder=folder)
    df = load_class_answers(folder, keys=exs).set_index("exercise")
    assert df.loc["00.q1", "first_score"] == 0 and df.loc["00.q1", "best_score"] == 1
    assert df.loc["00.q4", "first_score"] == 1 and df.loc["00.q4", "best_score"] == 1
    assert json.loads(df.loc["00.q1", "submitted_json"]) == ["a", "b"]
    # A file without history (an older export): one attempt counts as the first.
    doc = json.loads((folder / "answers-00-start-here-s1.json").read_text())
    for entry in doc["answers"]:
        entry.pop("submitted")
    (folder / "answers-00-start-here-s1.json").write_text(json.dumps(doc))
    old = load_class_answers(folder, keys=exs).set_index("exercise")
    assert pd.isna(old.loc["00.q1", "first_score"]) and old.loc["00.q4", "first_score"] == 1


def test_partial_credit_is_regraded_from_the_raw_answer(tmp_path):
    ms = MultipleSelect(
        id="00.q6", question="Which?", options={"a": "A", "b": "B", "c": "C"}, key=["a", "b"]
    )
    ExerciseSession(ms).submit(["a"])
    save_export("00-start-here", "s1", folder=tmp_path)
    row = load_class_answers(tmp_path, keys=[ms]).iloc[0]
    assert row["status"] == "partial" and row["score"] == 0.5 and row["correct"] is False


def test_submissions_are_read_from_answer_logs_in_nbgrader_folders(tmp_path):
    exs = define()
    answer_all(exs)
    from helpers.exercises import answer_log

    log = answer_log.log_for("00").path
    good = tmp_path / "submitted" / "s1" / "00-start-here" / "answers"
    good.mkdir(parents=True)
    (good / "lesson-00.jsonl").write_bytes(log.read_bytes())
    bad = tmp_path / "submitted" / "s2" / "00-start-here" / "answers"
    bad.mkdir(parents=True)
    (bad / "lesson-00.jsonl").write_bytes(b"[" * 5000 + b"]" * 5000 + b"\n\xff\n")
    (tmp_path / "submitted" / "..hidden").mkdir()
    with pytest.warns(UserWarning):
        df = load_submissions(tmp_path, keys=exs)
    assert set(df["student"]) == {"s1"} and len(df) == 4
    assert df.set_index("exercise").loc["00.q1", "correct"] is True
    reasons = {r["file"]: r["reason"] for r in df.attrs["skipped"]}
    assert reasons == {
        "..hidden": "A student folder name was not usable, so it was skipped.",
        "s2/lesson-00.jsonl": "s2/lesson-00.jsonl was skipped because it holds no readable "
        "answers (2 unreadable lines).",
    }


def test_one_deeply_nested_file_does_not_take_down_the_class(tmp_path):
    """The reported failure: a 5,000-deep JSON file stopped the loader with RecursionError."""
    from helpers.exercises import restore_from_file

    folder = tmp_path / "class"
    exs = define()
    answer_all(exs)
    save_export("00-start-here", "s1", folder=folder)
    deep = b'{"schema_version": 1, "answers": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    (folder / "corrupt.json").write_bytes(deep)
    with pytest.warns(UserWarning, match="Skipped 1"):
        df = load_class_answers(folder, keys=exs)
    assert set(df["student"]) == {"s1"} and len(df) == 4
    assert df.attrs["skipped"] == [
        {
            "file": "corrupt.json",
            "reason": "corrupt.json was skipped because it is nested 5001 levels deep "
            "(at most 32).",
        }
    ]
    report = restore_from_file(folder / "corrupt.json")
    assert report.message == (
        "Could not restore: this is not a usable answers file: it is nested 5001 levels "
        "deep (at most 32)."
    )
