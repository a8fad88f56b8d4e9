"""The JSON Lines answer log: restore after restart, crashes, concurrency, read-only folders."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from helpers.exercises import (
    ExerciseSession,
    MultipleChoice,
    Numeric,
    answer_log,
    clear_registry,
    log_location,
    set_mode,
)
from helpers.exercises.answer_log import AnswerLog, log_filename, read_events, replay


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_ANSWERS_DIR", str(tmp_path / "answers"))
    monkeypatch.delenv("COURSE_MODE", raising=False)
    for name in [n for n in os.environ if n.startswith("VOILA_")]:
        monkeypatch.delenv(name)
    monkeypatch.delitem(sys.modules, "voila", raising=False)
    set_mode(None)
    clear_registry()
    answer_log.reset_cache()
    yield
    clear_registry()
    answer_log.reset_cache()


def run_py(code: str, env: dict[str, str] | None = None, **kw) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        **kw,
    )


def question():
    return MultipleChoice(
        id="00.q1",
        question="Which article?",
        options={"a": "Article 5", "b": "Article 10"},
        key="b",
        hints=["Accession"],
    )


DEFINE = """
from helpers.exercises import MultipleChoice, ExerciseSession
ex = MultipleChoice(id="00.q1", question="Which article?",
                    options={"a": "Article 5", "b": "Article 10"}, key="b", hints=["Accession"])
s = ExerciseSession(ex)
"""


def test_restart_restore_in_a_new_process(tmp_path):
    env = {"COURSE_ANSWERS_DIR": str(tmp_path / "answers")}
    run_py(DEFINE + "s.submit('a'); s.hint(); s.submit('b')", env)
    out = run_py(
        DEFINE + "import json; print(json.dumps([s.answer, s.attempts, s.hints_shown,"
        " s.has_answer, s.last_result.correct]))",
        env,
    )
    assert json.loads(out.stdout) == ["b", 2, 1, True, True]
    # And in this process too.
    s = ExerciseSession(question())
    assert (s.answer, s.attempts) == ("b", 2)


def test_changed_question_is_never_silently_restored():
    ExerciseSession(question()).submit("a")
    clear_registry()
    changed = MultipleChoice(
        id="00.q1",
        question="Which article? (edited)",
        options={"a": "Article 5", "b": "Article 10"},
        key="b",
    )
    s = ExerciseSession(changed)
    assert s.changed_question and not s.has_answer and s.attempts == 0
    assert "changed" in s.restored_feedback().message


def test_invalid_input_is_not_recorded():
    ex = Numeric(id="00.q4", question="How many?", key=32)
    s = ExerciseSession(ex)
    fb = s.submit("thirty-two")
    assert fb.kind == "warning" and s.attempts == 0
    assert not list(read_events(s.log.path))


def test_truncated_and_garbled_lines_are_skipped(tmp_path):
    log = AnswerLog("00", tmp_path)
    log.record("00.q1", "h", "submit", answer="a")
    with open(log.path, "ab") as fh:
        fh.write(b'not json at all\n\xff\xfe\n[1, 2]\n{"v": 1, "exercise": "00.q2", "ans')
    events = list(read_events(log.path))
    assert [e["exercise"] for e in events] == ["00.q1"]
    # The next write starts on a fresh line, so it is readable too.
    log.record("00.q3", "h", "submit", answer="c")
    assert [e["exercise"] for e in read_events(log.path)] == ["00.q1", "00.q3"]
    assert set(replay(read_events(log.path))) == {"00.q1", "00.q3"}


WRITER = """
import sys
from helpers.exercises.answer_log import AnswerLog
log = AnswerLog("00", sys.argv[1])
name, n, pad = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
i = 0
while n < 0 or i < n:
    log.record("00.q1", "h", "submit", answer={"writer": name, "i": i, "pad": "x" * pad})
    i += 1
"""


def test_kill_9_during_writes_keeps_every_complete_line(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), "w", "-1", "3000"])
    path = tmp_path / log_filename("00")
    deadline = time.monotonic() + 30
    try:
        while time.monotonic() < deadline:
            if path.exists() and path.stat().st_size > 200_000:
                break
            time.sleep(0.02)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    raw = path.read_bytes()
    complete = raw.count(b"\n")
    events = list(read_events(path))
    assert len(events) == complete >= 10
    assert [e["answer"]["i"] for e in events] == list(range(len(events)))
    # Simulate the worst case too: a half-written last line.
    with open(path, "ab") as fh:
        fh.write(raw.splitlines(keepends=True)[0][:50])
    assert len(list(read_events(path))) == complete
    AnswerLog("00", tmp_path).record("00.q9", "h", "submit", answer="after crash")
    assert list(read_events(path))[-1]["answer"] == "after crash"


def test_two_processes_writing_concurrently_lose_and_mix_nothing(tmp_path):
    n, pad = 200, 20_000  # long lines make interleaving likely if writes were not atomic
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), name, str(n), str(pad)])
        for name in ("A", "B")
    ]
    for p in procs:
        assert p.wait(timeout=60) == 0
    path = tmp_path / log_filename("00")
    lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b""
    events = [json.loads(line) for line in lines[:-1]]  # every line is whole JSON
    assert len(events) == 2 * n
    for name in ("A", "B"):
        seq = [e["answer"]["i"] for e in events if e["answer"]["writer"] == name]
        assert seq == list(range(n))


def _deny_writes_under(monkeypatch, folder: Path, *, times: int | None = None):
    """Make ``folder`` read-only (chmod, and os.open refusal so it also holds for root)."""
    real_open = os.open
    calls = {"n": 0}

    def fake_open(path, flags, *args, **kwargs):
        inside = Path(path).resolve().is_relative_to(folder.resolve())
        writing = flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
        if inside and writing and (times is None or calls["n"] < times):
            calls["n"] += 1
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(answer_log.os, "open", fake_open)
    return calls


def test_read_only_folder_falls_back_to_user_data_with_one_notice(tmp_path, monkeypatch, capsys):
    notebooks = tmp_path / "notebooks"
    (notebooks / "answers").mkdir(parents=True)
    monkeypatch.chdir(notebooks)
    monkeypatch.delenv("COURSE_ANSWERS_DIR")
    user_data = tmp_path / "user-data"
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *a, **k: str(user_data))
    monkeypatch.setattr(answer_log, "_RETRY_DELAY", 0)
    monkeypatch.setattr(log_location, "RETRY_DELAY", 0)
    os.chmod(notebooks / "answers", 0o555)
    try:
        _deny_writes_under(monkeypatch, notebooks)
        s = ExerciseSession(question())
        s.submit("a")
        s.submit("b")
        assert s.log.path.parent == user_data / "answers"
        assert len(list(read_events(s.log.path))) == 2
        err = capsys.readouterr().err
        assert err.count("read-only") == 1 and err.strip().count("\n") == 0
        assert not list((notebooks / "answers").iterdir())
    finally:
        os.chmod(notebooks / "answers", 0o755)


def test_default_location_is_answers_beside_the_notebooks(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COURSE_ANSWERS_DIR")
    s = ExerciseSession(question())
    s.submit("b")
    assert s.log.path == tmp_path / "answers" / "lesson-00.jsonl"


def test_permission_error_is_retried(tmp_path, monkeypatch):
    monkeypatch.setattr(answer_log, "_RETRY_DELAY", 0)
    log = AnswerLog("00", tmp_path / "answers")
    log.record("00.q1", "h", "submit", answer="a")
    calls = _deny_writes_under(monkeypatch, tmp_path / "answers", times=2)
    log.record("00.q1", "h", "submit", answer="b")
    assert calls["n"] == 2
    assert [e["answer"] for e in read_events(log.path)] == ["a", "b"]


def test_voila_gets_a_per_session_log(monkeypatch):
    assert log_filename("00") == "lesson-00.jsonl"
    monkeypatch.setenv("VOILA_KERNEL_ID", "1234-abcd")
    assert answer_log.in_voila()
    assert log_filename("00-start-here") == "lesson-00.voila-1234-abcd.jsonl"
    monkeypatch.delenv("VOILA_KERNEL_ID")
    monkeypatch.setitem(sys.modules, "voila", object())
    assert log_filename("00").startswith("lesson-00.voila-")
    assert answer_log.session_id() in log_filename("00")


def test_timestamps_are_utc_iso(tmp_path):
    entry = AnswerLog("00", tmp_path).record("00.q1", "h", "submit", answer="a")
    assert entry["t"].endswith("Z") and "T" in entry["t"]
