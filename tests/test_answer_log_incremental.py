"""The answer log parses only appended lines on later reads, and always agrees with a fresh read.

(A performance fix: an answer's callback rebuilds the download link from the log; see
CONTRIBUTING.md, "Performance".)
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from helpers.exercises import answer_log
from helpers.exercises.answer_log import AnswerLog, read_log_file


def _line(i: int) -> bytes:
    event = {"v": 1, "event": "submit", "exercise": f"00.q{i % 7}", "answer": str(i)}
    return (json.dumps(event) + "\n").encode()


def _fresh(path: Path) -> list[dict[str, object]]:
    return read_log_file(path).events


# Each step changes the file the way it can change on disk: this or another kernel appends
# lines, a crash leaves half a line (later healed with a newline), or the file is rewritten,
# truncated or deleted.
STEP = st.one_of(
    st.tuples(st.just("append"), st.integers(1, 4)),
    st.tuples(st.just("partial"), st.integers(1, 30)),
    st.tuples(st.just("heal"), st.just(0)),
    st.tuples(st.just("rewrite"), st.integers(0, 5)),
    st.tuples(st.just("garbage"), st.just(0)),
    st.tuples(st.just("delete"), st.just(0)),
)


@given(st.lists(STEP, max_size=12))
def test_cached_events_equal_a_fresh_read(tmp_path_factory, steps) -> None:
    folder = tmp_path_factory.mktemp("log")
    log = AnswerLog("00", folder)
    path = log.path
    n = 0
    assert log.events() == []
    for kind, k in steps:
        if kind == "append":
            with path.open("ab") as fh:
                for _ in range(k):
                    fh.write(_line(n))
                    n += 1
        elif kind == "partial":
            with path.open("ab") as fh:
                fh.write(_line(n)[:k])
        elif kind == "heal":
            with path.open("ab") as fh:
                fh.write(b"\n")
        elif kind == "rewrite":
            path.write_bytes(b"".join(_line(1000 + i) for i in range(k)))
            os.utime(path, ns=(1, 1))  # even with an old time stamp
        elif kind == "garbage":
            with path.open("ab") as fh:
                fh.write(b'{"not": "an event"}\n[[[\n')
        elif kind == "delete":
            path.unlink(missing_ok=True)
        assert log.events() == _fresh(path), kind
        assert log.events() == _fresh(path), f"{kind}, second read"


def test_record_then_events_reads_only_the_new_line(tmp_path, monkeypatch) -> None:
    log = AnswerLog("00", tmp_path)
    for i in range(5):
        log.record(f"00.q{i}", None, "submit", answer=str(i))
    assert len(log.events()) == 5
    parsed: list[bytes] = []
    real = answer_log._parse_lines

    def spy(data: bytes, result: answer_log.LogFile) -> None:
        parsed.append(data)
        real(data, result)

    monkeypatch.setattr(answer_log, "_parse_lines", spy)
    log.record("00.q9", None, "submit", answer="9")
    events = log.events()
    assert [e["exercise"] for e in events][-1] == "00.q9" and len(events) == 6
    assert len(parsed) == 1 and parsed[0].count(b"\n") == 1  # only the appended line


def test_events_are_fresh_copies(tmp_path) -> None:
    log = AnswerLog("00", tmp_path)
    log.record("00.q1", None, "submit", answer="a")
    log.events()[0]["answer"] = "changed"
    assert log.events()[0]["answer"] == "a"


def test_every_answer_is_fsynced_off_the_callback_path(tmp_path, monkeypatch) -> None:
    answer_log.wait_for_disk(timeout=30)  # earlier tests' fsyncs go to the real os.fsync
    synced: list[int] = []
    monkeypatch.setattr(answer_log.os, "fsync", lambda fd: synced.append(fd))
    log = AnswerLog("00", tmp_path)
    for i in range(3):
        log.record(f"00.q{i}", None, "submit", answer=str(i))
        assert log.events()[-1]["answer"] == str(i)  # written and readable at once
    answer_log.wait_for_disk(timeout=10)
    assert len(synced) == 3
