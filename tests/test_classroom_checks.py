"""The runtime of generated assignments: recorded answers, public checks, hidden scores."""

from __future__ import annotations

import json
import os

import pytest

from helpers.classroom import checks
from helpers.exercises import MultipleSelect, get_mode, set_mode
from helpers.exercises.answer_log import AnswerLog

pytestmark = pytest.mark.usefixtures("isolated_exercises")

BANK = """schema = 1
lesson = "03-test"

[[exercise]]
id = "03.ms"
type = "multiple_select"
level = "apply"
concept = [3]
question = "Which?"
[exercise.options]
a = "A"
b = "B"
c = "C"
"""


@pytest.fixture()
def assignment(tmp_path, monkeypatch):
    """A student copy's folder: its bank (no keys), and the kernel's cwd there."""
    (tmp_path / "banks").mkdir()
    (tmp_path / "banks" / "03-test.toml").write_text(BANK)
    from helpers import context

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.setenv("COURSE_ANSWERS_DIR", str(tmp_path / "answers"))  # restored afterwards
    monkeypatch.setitem(context._state, "notebook", None)  # start_assessed sets it
    checks.start_assessed("03-test")
    yield tmp_path
    set_mode(None)


def record(folder, ex_id, answer):
    AnswerLog(ex_id[:2], folder / "answers").record(ex_id, "h", "submit", answer=answer)


def test_start_assessed_keeps_answers_beside_the_notebook(assignment):
    assert get_mode() == "assessed"
    assert os.environ["COURSE_ANSWERS_DIR"] == str(assignment / "answers")
    assert "Assessed copy of 03-test" in repr(checks.start_assessed("03-test"))


def test_recorded_answer_reads_the_latest_raw_answer(assignment):
    assert checks.recorded_answer("03.ms") is None
    record(assignment, "03.ms", ["a"])
    record(assignment, "03.ms", ["a", "b"])
    assert checks.recorded_answer("03.ms") == ["a", "b"]
    with (assignment / "answers" / "lesson-03.jsonl").open("ab") as log:
        log.write(b"[" * 9000 + b"\n\xff\n")
    assert checks.recorded_answer("03.ms") == ["a", "b"]  # a hostile line changes nothing


def test_public_check_prints_for_students_and_fails_under_nbgrader(assignment, capsys, monkeypatch):
    checks.public_check("03.ms", None)
    assert capsys.readouterr().out.startswith("Not yet: 03.ms: no answer recorded yet")
    checks.public_check("03.ms", ["a"])
    assert capsys.readouterr().out == f"03.ms: {checks.PUBLIC_PASSED}.\n"
    checks.public_check("03.ms", ["zz"])
    assert "cannot be read" in capsys.readouterr().out
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    with pytest.raises(AssertionError, match="no answer recorded yet"):
        checks.public_check("03.ms", None)


def test_hidden_score_regrades_the_raw_answer_with_partial_credit(assignment, capsys):
    ex = MultipleSelect(
        id="03.ms",
        question="Which?",
        options={"a": "A", "b": "B", "c": "C"},
        key=["a", "b"],
        concept=3,
        points=2,
        register=False,
    )
    definition = json.dumps(ex.to_dict())
    assert checks.hidden_score("03.ms", ["a", "b"], definition) == 2
    assert checks.hidden_score("03.ms", ["a"], definition) == 1
    assert checks.hidden_score("03.ms", ["c"], definition) == 0
    assert checks.hidden_score("03.ms", None, definition) == 0
    assert "partial (1 of 2 points)" in capsys.readouterr().out


def test_variants_are_found_from_the_recorded_answer(assignment):
    defs = [
        MultipleSelect(
            id=f"03.v-v{n}",
            question=f"Q{n}",
            options={"a": "A", "b": "B"},
            key=[k],
            concept=3,
            register=False,
        ).to_dict()
        for n, k in ((1, "a"), (2, "b"))
    ]
    record(assignment, "03.v-v2", ["b"])
    answer = checks.recorded_answer("03.v")
    assert answer == {"variant": "03.v-v2", "answer": ["b"]}
    assert checks.hidden_score("03.v", answer, json.dumps(defs)) == 1
    assert checks.variant_for("03.v", 2, "ana") == checks.variant_for("03.v", 2, "ana")


def test_code_checks_and_written_answers(assignment, capsys, monkeypatch):
    import numpy as np

    checks.public_code_check("03.code", np.int64(16))
    assert checks.PUBLIC_PASSED in capsys.readouterr().out
    assert checks.hidden_code_score("03.code", np.int64(16), 16.0, 0.0, 1.0) == 1.0
    assert checks.hidden_code_score("03.code", "16", 16.0, 0.0, 1.0) == 0.0
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    with pytest.raises(AssertionError, match="single number"):
        checks.public_code_check("03.code", [1, 2])
    record(assignment, "03.w", "Because the allies disagree.")
    assert repr(checks.show_written("03.w")).startswith("Written answer 03.w (4 words)")
    assert repr(checks.show_written("03.x")) == "Written answer 03.x: no answer saved yet."
