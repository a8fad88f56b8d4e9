"""Export (download link, save to disk), restore and the safe reading of answer files."""

from __future__ import annotations

import base64
import json
import re

import pytest

from helpers import context
from helpers.exercises import (
    ExerciseSession,
    MultipleChoice,
    Numeric,
    Order,
    WrittenAnswer,
    answer_log,
    build_export,
    clear_registry,
    download_widget,
    read_answer_file,
    restore_from_file,
    save_export,
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


def test_download_widget_without_lesson_explains(monkeypatch):
    from helpers import context

    # No lesson has run its setup cell in this kernel (other tests in the worker may have).
    monkeypatch.setitem(context._state, "notebook", None)
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


def test_read_answer_file_rejects_path_like_ids_and_keeps_one_entry_per_exercise():
    answer_all(define())
    doc = build_export("00-start-here", "s1")
    for bad in ("../../etc/passwd", "a/b", "..\\x", ".hidden"):
        read = read_answer_file(json.dumps({**doc, "student": bad}).encode(), "f.json")
        assert read.error and "looks like a file path" in read.sentence()
    twice = {**doc, "answers": [doc["answers"][0], {**doc["answers"][0], "answer": "a"}]}
    read = read_answer_file(json.dumps(twice).encode(), "f.json")
    assert read.ok and [a["answer"] for a in read.answers] == ["a"]
    assert read.sentence() == (
        "f.json was read, but 1 entry was left out (00.q1 appears twice (the later entry "
        "was kept))."
    )
    dup_field = json.dumps(doc).replace('"student": "s1"', '"student": "s1", "student": "x"')
    assert "appears twice" in read_answer_file(dup_field.encode()).error
    wrong = {**doc, "answers": [{**doc["answers"][0], "attempts": "3"}]}
    assert read_answer_file(json.dumps(wrong).encode()).skipped == [
        "00.q1: attempts is '3', not a count"
    ]


def test_export_keeps_the_submitted_history_per_question_version():
    exs = define()
    answer_all(exs)
    by_id = {a["exercise"]: a for a in build_export("00-start-here")["answers"]}
    assert by_id["00.q1"]["submitted"] == ["a", "b"]
    assert by_id["00.q5"]["submitted"] == [{"e1": 2, "e2": 1}]
    clear_registry()
    edited = MultipleChoice(id="00.q1", question="Edited?", options={"a": "A", "b": "B"}, key="b")
    ExerciseSession(edited).submit("a")
    by_id = {a["exercise"]: a for a in build_export("00-start-here")["answers"]}
    assert by_id["00.q1"]["submitted"] == ["a"]  # a new version starts a fresh history
