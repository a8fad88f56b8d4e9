"""Answer files are untrusted input: every reader survives thousands of malformed files.

Each reader (the restore upload, the class loader, the nbgrader submission collector and
the grader) is fed at least 3,000 malformed files from a seeded generator: random bytes,
truncated files, deep nesting, huge files, wrong types, duplicated entries and fields,
path-like ids. No reader may raise; every bad file is reported in one sentence and the good
files beside them are still read.
"""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.classroom import grades, load_class_answers, load_submissions, regrade
from helpers.exercises import MultipleChoice, Numeric, Order, restore_from_file
from helpers.exercises.answer_log import (
    MAX_DEPTH,
    UntrustedJSONError,
    json_depth,
    loads_untrusted,
    read_events,
)
from helpers.exercises.export import MAX_FILE_BYTES, read_answer_file

pytestmark = pytest.mark.usefixtures("isolated_exercises")

N_FILES = 3_000
SEED = 20261201


def valid_doc(rng: random.Random, student: str = "s1") -> dict:
    """A well-formed export of lesson 00 (the shape the generator then breaks)."""
    return {
        "schema_version": 1,
        "course": "nato-ukraine-course",
        "notebook": "00-start-here",
        "exported_at": f"2024-07-0{rng.randint(1, 9)}T10:00:00Z",
        "student": student,
        "answers": [
            {
                "exercise": "00.q1",
                "question_hash": "sha256:0123456789abcdef",
                "answer": rng.choice(["a", "b"]),
                "attempts": rng.randint(1, 3),
                "hints_used": 0,
                "answer_revealed": False,
                "first_answered_at": "2024-07-01T10:00:00Z",
                "last_answered_at": "2024-07-01T10:05:00Z",
                "submitted": ["a", "b"],
            },
            {
                "exercise": "00.q4",
                "question_hash": "sha256:fedcba9876543210",
                "answer": "32",
                "attempts": 1,
            },
        ],
    }


WRONG_VALUES = [None, True, 0, -1, 1.5, 10**30, "", "x" * 50, [], {}, [1, [2]], {"a": {}}]
FIELDS = ["schema_version", "course", "notebook", "exported_at", "student", "answers"]
ENTRY_FIELDS = [
    "exercise",
    "question_hash",
    "answer",
    "attempts",
    "hints_used",
    "answer_revealed",
    "first_answered_at",
    "last_answered_at",
    "submitted",
]
PATHS = [
    "../../etc/passwd",
    "..",
    "/etc/passwd",
    "C:\\Windows\\x",
    "~/x",
    ".hidden",
    "a/b",
    "x\x00y",
]


def nested(depth: int, inner: str = "1") -> str:
    return "[" * depth + inner + "]" * depth


def malformed(rng: random.Random, i: int) -> bytes:
    """One malformed answers file (the kind is chosen by ``i``, the details by ``rng``)."""
    kind = i % 12
    doc = valid_doc(rng)
    text = json.dumps(doc)
    if kind == 0:  # random bytes
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 400)))
    if kind == 1:  # truncated
        return text.encode()[: rng.randint(0, len(text) - 1)]
    if kind == 2:  # deep nesting at the top or inside an answer
        depth = rng.choice([MAX_DEPTH + 1, 100, 1_000, 5_000, 20_000])
        if rng.random() < 0.5:
            return nested(depth).encode()
        return text.replace('"32"', nested(depth)).encode()
    if kind == 3:  # wrong type for a top-level field
        doc[rng.choice(FIELDS)] = rng.choice(WRONG_VALUES)
        entries = doc.get("answers")
        if isinstance(entries, list) and entries and isinstance(entries[0], dict):
            entries[0][rng.choice(ENTRY_FIELDS)] = rng.choice(WRONG_VALUES)
        return json.dumps(doc).encode()
    if kind == 4:  # wrong type for an entry field, or an entry that is not an object
        entries = doc["answers"]
        if rng.random() < 0.3:
            entries.append(rng.choice([5, "x", None, [], True]))
        for name in rng.sample(ENTRY_FIELDS, 3):
            entries[0][name] = rng.choice(WRONG_VALUES)
        return json.dumps(doc).encode()
    if kind == 5:  # duplicated entries, or a duplicated field
        if rng.random() < 0.5:
            doc["answers"] = doc["answers"] * rng.randint(2, 5)
            return json.dumps(doc).encode()
        return text.replace('"student": "s1"', '"student": "s1", "student": "s2"').encode()
    if kind == 6:  # path-like ids
        field = rng.choice(["notebook", "student", "exercise"])
        if field == "exercise":
            doc["answers"][0]["exercise"] = rng.choice(PATHS)
        else:
            doc[field] = rng.choice(PATHS)
        return json.dumps(doc).encode()
    if kind == 7:  # JSON that is not an object, or not JSON numbers
        return rng.choice(
            [b"[]", b"null", b'"text"', b"1e999", b"[NaN]", b'{"a": Infinity}', b"9" * 5000]
        )
    if kind == 8:  # not UTF-8, BOMs, lone surrogates, control characters
        return rng.choice(
            [
                text.encode("utf-16"),
                b"\xef\xbb\xbf" + text.encode()[:-3],
                text.replace('"s1"', '"\\ud800\\u0000"').encode(),
                text.encode("latin-1", "replace") + b"\xe9\xff",
            ]
        )
    if kind == 9:  # too many entries, oversized answers and histories
        choice = rng.randint(0, 2)
        if choice == 0:
            doc["answers"] = [dict(doc["answers"][0], exercise=f"00.q{n}") for n in range(600)]
        elif choice == 1:
            doc["answers"][0]["answer"] = "x" * 200_000
        else:
            doc["answers"][0]["submitted"] = ["a"] * 500
        return json.dumps(doc).encode()
    if kind == 10:  # empty or whitespace
        return rng.choice([b"", b"   \n", b"\n\n"])
    # kind 11: lines of a log pasted into an export file, or half a file twice
    return (text[: len(text) // 2] * 2).encode()


def sentence_ok(text: str) -> bool:
    return "\n" not in text and text.endswith(".") and len(text) < 500


def files(rng: random.Random, n: int = N_FILES) -> list[bytes]:
    return [malformed(rng, i) for i in range(n)]


@pytest.fixture(scope="module")
def blobs() -> list[bytes]:
    """The 3,000 malformed files, made once for the module (seeded)."""
    return files(random.Random(SEED))


def test_the_generator_makes_files_that_are_really_malformed():
    rng = random.Random(SEED)
    blobs = files(rng, 600)
    usable = [b for b in blobs if read_answer_file(b).ok and not read_answer_file(b).skipped]
    # A few files of the "wrong type" kind may still be valid when the chosen wrong value
    # happens to fit; nearly all must be rejected or have entries left out.
    assert len(usable) < len(blobs) * 0.05


def test_restore_upload_never_raises_on_3000_malformed_files(blobs, monkeypatch):
    # Reading is under test, not durability: skip the fsync of every restored answer.
    monkeypatch.setattr(os, "fsync", lambda fd: None)
    MultipleChoice(id="00.q1", question="Q?", options={"a": "A", "b": "B"}, key="b")
    huge = b"{" + b" " * (MAX_FILE_BYTES + 10) + b"}"
    assert len(blobs) >= 3_000
    for blob in [*blobs, huge]:
        report = restore_from_file(blob)  # must not raise
        assert isinstance(report.message, str)
        if report.error:
            assert sentence_ok(report.error), report.error
    report = restore_from_file(huge)
    assert "larger than" in (report.error or "")


def write_folder(folder: Path, blobs: list[bytes], rng: random.Random) -> int:
    folder.mkdir(parents=True)
    for i, blob in enumerate(blobs):
        (folder / f"bad-{i:04d}.json").write_bytes(blob)
    with open(folder / "bad-huge.json", "wb") as fh:  # sparse: no 5 MB written to disk
        fh.truncate(MAX_FILE_BYTES + 1)
    os.symlink("/etc/passwd", folder / "bad-link.json")
    for n in range(3):
        (folder / f"good-{n}.json").write_text(json.dumps(valid_doc(rng, f"good{n}")))
    return N_FILES + 2


def test_class_loader_reads_the_good_files_among_3000_malformed(tmp_path, blobs):
    n_bad = write_folder(tmp_path / "class", blobs, random.Random(SEED))
    keys = [
        MultipleChoice(id="00.q1", question="Q?", options={"a": "A", "b": "B"}, key="b"),
        Numeric(id="00.q4", question="How many?", key=32),
    ]
    with pytest.warns(UserWarning, match="Skipped"):
        df = load_class_answers(tmp_path / "class", keys=keys, latest_only=False)
    assert {f"good{n}" for n in range(3)} <= set(df["student"])
    reports = df.attrs["skipped"]
    assert all(sentence_ok(r["reason"]) for r in reports)
    assert len({r["file"] for r in reports}) == len(reports)  # one sentence per file
    assert not any(r["file"].startswith("good") for r in reports)
    reported = {r["file"] for r in reports}
    assert {"bad-huge.json", "bad-link.json"} <= reported
    # Nearly every bad file is reported (a few "wrong type" files are valid by chance).
    assert len(reported) > n_bad * 0.95
    # The grader re-grades whatever was read, without raising.
    graded = regrade(df.to_dict("records"), keys)
    assert len(graded) == len(df)


def test_grade_command_reads_the_good_files_among_3000_malformed(tmp_path, blobs):
    write_folder(tmp_path / "class", blobs, random.Random(SEED))
    keys = {
        "00.q1": MultipleChoice(id="00.q1", question="Q?", options={"a": "A", "b": "B"}, key="b")
    }
    long, reports = grades.grade_folder(tmp_path / "class", keys)
    assert {f"good{n}" for n in range(3)} <= set(long["student_id"])
    assert len(reports) > 3_000 * 0.95 and all(sentence_ok(r["reason"]) for r in reports)
    grades.write_csv(long, tmp_path / "grades.csv", lms="canvas")


def test_submission_collector_survives_3000_malformed_logs(tmp_path, blobs):
    root = tmp_path / "course" / "submitted"
    answers = root / "s-bad" / "00-start-here" / "answers"
    answers.mkdir(parents=True)
    for i, blob in enumerate(blobs):
        # A log is JSON Lines: some files are one malformed line, some several.
        lines = blob if i % 2 else blob + b"\n" + blobs[(i + 1) % len(blobs)]
        (answers / f"lesson-00.voila-{i:04d}.jsonl").write_bytes(lines)
    good = root / "s-good" / "00-start-here" / "answers"
    good.mkdir(parents=True)
    event = {"v": 1, "event": "submit", "exercise": "00.q1", "qhash": "h", "answer": "b"}
    (good / "lesson-00.jsonl").write_text(json.dumps(event) + "\n")
    for bad_name in ["..", "a\nb"]:
        (root / bad_name.replace("..", "..x")).mkdir()
    keys = [MultipleChoice(id="00.q1", question="Q?", options={"a": "A", "b": "B"}, key="b")]
    with pytest.warns(UserWarning):
        df = load_submissions(tmp_path / "course", keys=keys)
    assert "s-good" in set(df["student"])
    assert all(sentence_ok(r["reason"]) for r in df.attrs["skipped"])


def test_answer_log_reader_skips_hostile_lines(tmp_path, blobs):
    path = tmp_path / "lesson-00.jsonl"
    good = {"v": 1, "event": "submit", "exercise": "00.q1", "qhash": "h", "answer": "b"}
    path.write_bytes(b"\n".join([*blobs[:500], json.dumps(good).encode()]))
    events = list(read_events(path))
    assert events[-1]["answer"] == "b"
    assert all(re.match(r"^\d{2}\.", e["exercise"]) for e in events)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab,:'),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(alphabet='[]{}"\\ab', max_size=3), children, max_size=3)
    ),
    max_leaves=20,
)


def true_depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((true_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((true_depth(v) for v in value.values()), default=0)
    return 0


@given(json_values)
def test_json_depth_ignores_brackets_inside_strings(value):
    text = json.dumps(value)
    assert json_depth(text) == true_depth(value)
    assert loads_untrusted(text.encode()) == value


@given(st.binary(max_size=300))
def test_loads_untrusted_raises_only_its_own_error(blob):
    try:
        loads_untrusted(blob)
    except UntrustedJSONError as err:
        assert sentence_ok(f"It failed because {err}.")


def test_regrade_survives_entries_of_any_shape():
    keys = [Order(id="00.q5", question="Order", items={"e1": "A", "e2": "B"}, key=["e1", "e2"])]
    entries = [5, None, "x", [], {"exercise": ["00.q5"]}, {"exercise": "00.q5", "answer": {}}]
    out = regrade(entries, keys)
    assert [r["status"] for r in out] == ["no_key"] * 5 + ["invalid"]
