"""Export (download link, save to disk), restore, class loader and re-grading."""

from __future__ import annotations

import base64
import json
import re

import pandas as pd
import pytest

from helpers import context
from helpers.exercises import (
    ExerciseSession,
    MultipleChoice,
    Numeric,
    Order,
    WrittenAnswer,
    answer_log,
    as_key_map,
    build_export,
    clear_registry,
    download_widget,
    export_keys,
    load_class_answers,
    load_keys,
    regrade,
    restore_from_file,
    save_export,
    set_mode,
)
from helpers.exercises.export import download_link_html, export_filename
from helpers.exercises.widgets import view_for

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


def test_export_document_schema():
    answer_all(define())
    doc = build_export("00-start-here", "  s17\x00 ")
    assert doc["schema_version"] == 1 and doc["notebook"] == "00-start-here"
    assert doc["student"] == "s17" and doc["exported_at"].endswith("Z")
    by_id = {a["exercise"]: a for a in doc["answers"]}
    assert set(by_id) == {"00.q1", "00.q4", "00.q5", "00.q7"}
    assert by_id["00.q1"]["answer"] == "b" and by_id["00.q1"]["attempts"] == 2
    assert by_id["00.q4"]["answer"] == "32 allies"
    assert by_id["00.q5"]["answer"] == {"e1": 2, "e2": 1}
    for entry in doc["answers"]:
        assert entry["question_hash"].startswith("sha256:")
        assert "correct" not in entry
        assert entry["first_answered_at"].endswith("Z")
    json.dumps(doc)  # JSON only


def test_download_link_is_a_data_uri_with_the_json():
    answer_all(define())
    page = download_link_html("00-start-here", "Ana Kovalenko")
    assert 'download="answers-00-start-here-ana-kovalenko.json"' in page
    payload = re.search(r'base64,([A-Za-z0-9+/=]+)"', page).group(1)
    doc = json.loads(base64.b64decode(payload))
    assert doc["student"] == "Ana Kovalenko" and len(doc["answers"]) == 4
    assert export_filename("00-start-here") == "answers-00-start-here.json"


def test_download_widget_uses_the_running_lesson_and_refreshes(monkeypatch):
    monkeypatch.setitem(context._state, "notebook", "00-start-here")
    panel = download_widget()
    bundle = panel._repr_mimebundle_()
    assert bundle["text/plain"] == (
        "Download your answers for 00-start-here (interactive: run the cell)."
    )
    assert "application/vnd.jupyter.widget-view+json" in bundle
    _intro, student, note, link, _buttons, status = panel.widget.children
    assert "Under 18? Use the id your teacher gave you, not your full name" in note.value
    assert "course-download" in link._dom_classes and "(0 answers" in link.value
    ExerciseSession(define()[0]).submit("b")
    assert "(1 answer," in link.value  # refreshed after the submission
    student.value = "s17"
    assert "answers-00-start-here-s17.json" in link.value
    save = _buttons.children[0]
    save.click()
    assert (answer_log.answers_dir() / "answers-00-start-here-s17.json").exists()
    assert "Saved" in status.value


def test_download_widget_without_lesson_explains():
    with pytest.raises(ValueError, match="setup cell"):
        download_widget()


def test_save_export_writes_next_to_the_log():
    answer_all(define())
    path = save_export("00-start-here", "s17")
    assert path.parent == answer_log.answers_dir()
    assert json.loads(path.read_text())["student"] == "s17"


def test_restore_round_trip_into_a_fresh_log_and_widgets(tmp_path, monkeypatch):
    exs = define()
    answer_all(exs)
    path = save_export("00-start-here", "s17", folder=tmp_path / "downloads")
    # A new machine: empty answers folder, notebook re-run.
    monkeypatch.setenv("COURSE_ANSWERS_DIR", str(tmp_path / "elsewhere"))
    answer_log.reset_cache()
    clear_registry()
    exs = define()
    view = view_for(exs[0])
    assert view.raw_answer() is None
    report = restore_from_file(path)
    assert report.error is None and sorted(report.restored) == ["00.q1", "00.q4", "00.q5", "00.q7"]
    assert view.raw_answer() == "b"  # live widget refreshed
    s = ExerciseSession(exs[0])
    assert s.answer == "b" and s.attempts == 2
    assert ExerciseSession(exs[2]).answer == {"e1": 2, "e2": 1}
    assert "Restored 4 answers" in report.message
    # Bytes work too, and a changed question is skipped.
    clear_registry()
    MultipleChoice(id="00.q1", question="Edited?", options={"a": "A", "b": "B"}, key="b")
    report = restore_from_file(path.read_bytes())
    assert any("changed" in s for s in report.skipped) and "00.q1" not in report.restored


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"[]",
        b'{"schema_version": 99}',
        b"\x80\x81",
        b'{"schema_version": 1, "notebook": "../../etc", "answers": []}',
        json.dumps(
            {
                "schema_version": 1,
                "notebook": "00-x",
                "answers": [{"exercise": "01.q1", "question_hash": "h"}, {"exercise": "../x"}, 5],
            }
        ).encode(),
    ],
)
def test_restore_never_raises_on_bad_files(content):
    report = restore_from_file(content)
    assert report.error or (not report.restored and report.skipped)
    assert isinstance(report.message, str)


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
