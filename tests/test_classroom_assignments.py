"""Why this file is long: every test reads the one module-scoped build and autograde run;
splitting the file would repeat that build (the slowest step of the suite).

Graded assignments: generated from every lesson and bank, leak-free, and autograded by nbgrader.

One module-scoped build (with a private overlay holding new items and per-student numeric
variants) and one temporary nbgrader course directory serve every test: the assignments
are generated once, and one ``nbgrader autograde`` run grades three submissions per lesson
(the solution, a blank copy and a typical wrong one) through the real command line.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from helpers.classroom.assignments import (
    CODE_STUB,
    NOT_GRADED_TAG,
    build_assignments,
    key_answer,
    run_nbgrader,
)
from helpers.classroom.checks import PUBLIC_PASSED, variant_for
from helpers.classroom.grading import grade_answer
from helpers.classroom.overlay import OVERLAY_DIRNAME, STUDENT_FIELDS
from helpers.exercises.answer_log import AnswerLog
from helpers.exercises.bank import all_banks

ROOT = Path(__file__).resolve().parents[1]
SECRET = "OVERLAY-SECRET-7f3a"
VARIANT_KEYS = (1313.1313, 2727.2727, 4848.4848)
DURATIONS: dict[str, float] = {}
CPU: dict[str, float] = {}


def _child_cpu() -> float:
    """CPU seconds used by finished child processes (nbgrader and its kernels)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _nbgrader_available() -> bool:
    try:
        import nbgrader  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module", autouse=True)
def _needs_nbgrader():
    if not _nbgrader_available():
        if os.environ.get("CI"):
            pytest.fail(
                "nbgrader is not installed: the instructor group is part of the test "
                "environment (python course.py test installs it)",
                pytrace=False,
            )
        pytest.skip("nbgrader (the instructor group) is not installed")


def lessons_with_notebooks() -> list:
    return [
        b for b in all_banks(ROOT / "banks") if (ROOT / "notebooks" / f"{b.lesson}.ipynb").exists()
    ]


def overlay_lesson():
    """The lesson the test overlay extends: the first one after 00 (any that exists)."""
    banks = lessons_with_notebooks()
    return banks[1] if len(banks) > 1 else banks[0]


def write_overlay(folder: Path) -> str:
    bank = overlay_lesson()
    nn = bank.lesson[:2]
    replaced = next(e for e in bank.entries if e.type == "multiple_choice")
    text = f'''schema = 1
lesson = "{bank.lesson}"

[assignment]
written_points = 3
code_points = 1

[[exercise]]
id = "{nn}.g-private"
type = "multiple_choice"
level = "apply"
concept = [1]
points = 2
question = "A private graded question: which option is right?"
key = "c"
explanation = "The explanation is {SECRET} and must never reach students."
[exercise.options]
a = "First option"
b = "Second option"
c = "Third option (the key: visible, as every option is)"
[exercise.option_feedback]
a = "Feedback {SECRET} on a."

[[exercise]]
id = "{replaced.id}"
type = "multiple_choice"
level = "explain"
concept = [1]
question = "A replaced public item: pick the second."
key = "y"
explanation = "Replaced {SECRET}."
[exercise.options]
x = "One"
y = "Two"

[[exercise]]
id = "{nn}.g-essay"
type = "written"
level = "evaluate"
concept = [1]
min_words = 5
question = "A private written question."
model_answer = "Model answer {SECRET}."
rubric = ["Rubric line {SECRET}.", "Names evidence.", "Weighs both sides."]

[[variants]]
id = "{nn}.g-spend"
level = "apply"
concept = [15]
unit = "units"
tolerance = 0.01
points = 2
question = "Per-student number for {{who}}?"
values = [
  {{who = "Alpha", key = {VARIANT_KEYS[0]}}},
  {{who = "Beta", key = {VARIANT_KEYS[1]}}},
  {{who = "Gamma", key = {VARIANT_KEYS[2]}}},
]
'''
    folder.mkdir(parents=True, exist_ok=True)
    (folder / bank.path.name).write_text(text, encoding="utf-8")
    return bank.lesson


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("assignments")
    overlay = tmp / OVERLAY_DIRNAME
    write_overlay(overlay)
    start, cpu = time.perf_counter(), _child_cpu() + time.process_time()
    report = build_assignments(
        tmp / "out", notebooks=ROOT / "notebooks", banks=ROOT / "banks", overlay=overlay
    )
    DURATIONS["build (generate_assignment, all lessons)"] = time.perf_counter() - start
    CPU["build (generate_assignment, all lessons)"] = _child_cpu() + time.process_time() - cpu
    return report


def secrets_of(la) -> list[str]:
    """Texts that would give an answer away: explanations, feedback, model answers, rubrics."""
    out = []
    for ex in la.frozen.values():
        out += [ex.explanation, *ex.option_feedback.values()]
        out += [getattr(ex, "model_answer", ""), *getattr(ex, "rubric", ())]
    for code in la.code.values():
        out.append(code["solution"])
    return [" ".join(t.split()) for t in out if t and len(t.strip()) >= 12]


def release_files(built):
    return [p for p in (built.out / "release").rglob("*") if p.is_file()]


def test_every_lesson_gets_a_student_release(built):
    names = {b.lesson for b in lessons_with_notebooks()}
    assert {la.name for la in built.lessons} == names
    for la in built.lessons:
        folder = built.out / "release" / la.name
        assert (folder / f"{la.name}.ipynb").is_file()
        assert (folder / "banks" / la.bank_filename).is_file()
        assert (built.out / "instructor" / "keys" / f"keys-{la.lesson}.json").is_file()
        assert (built.out / "instructor" / "keys" / f"{la.name}.html").is_file()
        assert la.auto_points and la.max_auto > 0


def test_student_copies_hold_no_key_solution_or_hidden_test(built):
    for la in built.lessons:
        folder = built.out / "release" / la.name
        text = "\n".join(p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file())
        flat = " ".join(text.replace("\\n", " ").replace('\\"', '"').split())
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "MARK SCHEME", SECRET):
            assert marker not in text, (la.name, marker)
        assert not re.search(r"hidden_(code_)?score\(\"", text), la.name
        for secret in secrets_of(la):
            assert secret not in flat, (la.name, secret[:60])
        for ex in la.frozen.values():
            key = ex.to_dict()["key"]
            if isinstance(key, list | dict):
                assert json.dumps(key, ensure_ascii=False, sort_keys=True) not in text
        for value in VARIANT_KEYS:
            assert str(value) not in text
        nb = json.loads((folder / f"{la.name}.ipynb").read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            assert not cell.get("outputs"), (la.name, "stored output")  # charts come back on run
            meta = cell["metadata"].get("nbgrader", {})
            if meta.get("solution"):
                assert CODE_STUB in "".join(cell["source"])


def test_student_banks_keep_only_what_students_see(built):
    for la in built.lessons:
        path = built.out / "release" / la.name / "banks" / la.bank_filename
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        assert "code" not in doc
        for item in doc["exercise"]:
            assert set(item) <= set(STUDENT_FIELDS), item["id"]
            assert la.frozen[item["id"]].question == item["question"]


def test_the_installed_package_holds_no_assessed_key_or_hidden_test(built):
    """The package students install: no overlay item, no frozen key, no hidden test."""
    roots = []
    for package, source in (
        ("helpers", "src/helpers"),
        ("helpers.course_banks", "banks"),
        ("helpers.course_data", "data"),
    ):
        try:
            roots.append(Path(str(resources.files(package))))
        except ModuleNotFoundError:  # an older editable install: the folder it maps to
            roots.append(ROOT / source)
    overlay_ids = {i for la in built.lessons for i in la.frozen if ".g-" in i}
    assert overlay_ids
    for root in roots:
        for path in root.rglob("*"):
            if not path.is_file() or path.suffix in (".pyc",):
                continue
            assert path.suffix not in (".ipynb",), path
            text = path.read_text(encoding="utf-8", errors="replace")
            assert SECRET not in text, path
            assert not re.search(r"hidden_(code_)?score\(\"\d{2}\.", text), path
            if path.suffix == ".json":
                assert json.loads(text).get("kind") != "keys", path
            for ex_id in overlay_ids:
                assert ex_id not in text, (path, ex_id)


def test_the_overlay_folder_is_ignored_and_untracked():
    probe = f"{OVERLAY_DIRNAME}/99-anything.toml"
    ignored = subprocess.run(["git", "check-ignore", "-q", probe], cwd=ROOT)
    assert ignored.returncode == 0, f"{OVERLAY_DIRNAME}/ must be in .gitignore"
    tracked = subprocess.run(
        ["git", "ls-files", OVERLAY_DIRNAME], cwd=ROOT, capture_output=True, text=True
    )
    assert tracked.stdout.strip() == "", "a private overlay is committed"


def test_overlay_items_variants_and_settings_are_merged(built):
    lesson = overlay_lesson().lesson
    la = next(x for x in built.lessons if x.name == lesson)
    nn = lesson[:2]
    assert la.frozen[f"{nn}.g-private"].key == "c"
    assert la.families[f"{nn}.g-spend"] == [f"{nn}.g-spend-v{i}" for i in (1, 2, 3)]
    assert [la.frozen[i].key for i in la.families[f"{nn}.g-spend"]] == list(VARIANT_KEYS)
    assert la.written_points[f"{nn}.g-essay"] == 3 and all(
        c["points"] == 1 for c in la.code.values()
    )
    replaced = next(e for e in overlay_lesson().entries if e.type == "multiple_choice")
    assert la.frozen[replaced.id].key == "y"
    assert {variant_for(f"{nn}.g-spend", 3, s) for s in ("ana", "ben", "chi", "dan", "eva")} == {
        1,
        2,
        3,
    }


# --------------------------------------------------------------------------- autograding


def wrong_answer(ex):
    key = key_answer(ex)
    kind = ex.kind
    if kind in ("multiple_choice", "true_false"):
        return next(o for o in ex.options if o != key)
    if kind == "multiple_select":
        return key[:-1] if len(key) > 1 else [next(o for o in ex.options if o not in key)]
    if kind == "numeric":
        return str(float(key) * 2 + 10)
    if kind == "order":
        return list(reversed(key))
    if kind == "sort":
        first = next(iter(ex.categories))
        return {item: first for item in ex.items}
    raise AssertionError(kind)


def submit(course: Path, student: str, la, answers: dict, code: dict) -> None:
    folder = course / "submitted" / student / la.name
    shutil.copytree(course / "release" / la.name, folder)
    log = AnswerLog(la.lesson, folder / "answers")
    for ex_id, raw in answers.items():
        log.record(ex_id, la.frozen[ex_id].question_hash, "submit", answer=raw)
    if code:
        path = folder / f"{la.name}.ipynb"
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            src = "".join(cell["source"])
            for task_id, expression in code.items():
                if f'ID = "{task_id}"' in src:
                    old = "answers[ID] = recorded_answer(ID)"
                    cell["source"] = src.replace(old, f"answers[ID] = ({expression})")
        path.write_text(json.dumps(nb), encoding="utf-8")


def expected_wrong(la) -> tuple[dict, float]:
    answers, total = {}, 0.0
    auto = [i for i in la.auto_points if i not in la.families]
    for n, ex_id in enumerate(auto):
        ex = la.frozen[ex_id]
        raw = key_answer(ex) if n % 2 == 0 else wrong_answer(ex)
        answers[ex_id] = raw
        total += grade_answer(ex, raw).score * la.auto_points[ex_id]
    for ids in la.families.values():
        answers[ids[0]] = "0"
    return answers, total


@pytest.fixture(scope="module")
def graded(built, tmp_path_factory):
    course = tmp_path_factory.mktemp("course") / "course"
    shutil.copytree(built.out / "instructor" / "nbgrader", course)
    wrong_totals = {}
    for la in built.lessons:
        solution = {i: key_answer(la.frozen[i]) for i in la.auto_points if i not in la.families}
        for ids in la.families.values():
            solution[ids[1]] = key_answer(la.frozen[ids[1]])
        for ex_id in la.written_points:
            solution[ex_id] = "A saved written answer of a few words, for the teacher to mark."
        submit(course, "solution", la, solution, {t: c["solution"] for t, c in la.code.items()})
        submit(course, "blank", la, {}, {})
        wrong, total = expected_wrong(la)
        wrong_totals[la.name] = total
        submit(course, "typical-wrong", la, wrong, {})
    start, cpu = time.perf_counter(), _child_cpu()
    run_nbgrader(["autograde", "*", "--force", "--CourseDirectory.root=."], course)
    DURATIONS["autograde (3 submissions x every lesson, one run)"] = time.perf_counter() - start
    CPU["autograde (3 submissions x every lesson, one run)"] = _child_cpu() - cpu
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for la in built.lessons:
            for student in ("solution", "blank", "typical-wrong"):
                sub = gb.find_submission(la.name, student)
                grades = sub.notebooks[0].grades
                scores[la.name, student] = {
                    "auto": sum(g.auto_score or 0 for g in grades if g.cell_type == "code"),
                    "manual_pending": sorted(g.name for g in grades if g.needs_manual_grade),
                    "cells": {g.name: g.auto_score for g in grades},
                }
    return course, scores, wrong_totals


def test_autograding_the_solution_gives_full_marks_in_every_lesson(built, graded):
    _course, scores, _ = graded
    for la in built.lessons:
        got = scores[la.name, "solution"]
        assert got["auto"] == pytest.approx(la.max_auto, abs=1e-3), (la.name, got["cells"])
        assert got["manual_pending"] == sorted(
            f"task-{i}".replace(".", "_") for i in la.written_points
        )


def test_a_blank_submission_scores_zero_in_every_lesson(built, graded):
    _course, scores, _ = graded
    for la in built.lessons:
        assert scores[la.name, "blank"]["auto"] == 0, la.name


def test_a_typical_wrong_submission_gets_partial_marks_from_its_raw_answers(built, graded):
    _course, scores, wrong_totals = graded
    for la in built.lessons:
        got = scores[la.name, "typical-wrong"]["auto"]
        assert 0 < got < la.max_auto, la.name
        assert got == pytest.approx(wrong_totals[la.name], abs=1e-3), la.name


def test_feedback_says_public_checks_are_not_the_whole_grading(built, graded):
    course, _, _ = graded
    la = built.lessons[0]
    text = (course / "autograded" / "solution" / la.name / f"{la.name}.ipynb").read_text(
        encoding="utf-8"
    )
    assert PUBLIC_PASSED in text and "all tests passed" not in text.lower()
    nb = json.loads(text)
    skipped = [c for c in nb["cells"] if NOT_GRADED_TAG in c["metadata"].get("tags", [])]
    assert skipped and all(not c.get("outputs") for c in skipped)


def test_durations_are_reported(built, graded):
    """Not an assertion on speed (shared machines vary): the numbers go in the test log."""
    for name, seconds in DURATIONS.items():
        print(f"{name}: {seconds:.1f} s wall clock, {CPU[name]:.1f} s CPU")
    assert set(DURATIONS) == {
        "build (generate_assignment, all lessons)",
        "autograde (3 submissions x every lesson, one run)",
    }


def test_code_corner_solutions_pass_where_the_code_corner_counts(built, graded):
    course, _, _ = graded
    counted = [la for la in built.lessons if any(c["points"] for c in la.code.values())]
    assert counted  # the test overlay gives one lesson's Code corner a point
    for la in counted:
        path = course / "autograded" / "solution" / la.name / f"{la.name}.ipynb"
        nb = json.loads(path.read_text(encoding="utf-8"))
        for task_id in la.code:
            cell = next(c for c in nb["cells"] if c["id"] == f"test-{task_id}".replace(".", "_"))
            text = json.dumps(cell["outputs"])
            assert "error" not in text and f"{task_id}: correct" in text, text[:300]


def test_a_student_copy_run_top_to_bottom_shows_no_answer(built, tmp_path):
    """Lesson 00's student copy, run as a student would (every cell), leaks nothing."""
    import nbformat
    from nbclient import NotebookClient

    la = built.lessons[0]
    folder = tmp_path / la.name
    shutil.copytree(built.out / "release" / la.name, folder)
    nb = nbformat.read(folder / f"{la.name}.ipynb", as_version=4)
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()
    outputs = json.dumps([c.get("outputs", []) for c in nb.cells], ensure_ascii=False)
    flat = " ".join(outputs.replace("\\n", " ").replace('\\"', '"').split())
    assert "public checks passed" not in outputs  # nothing was answered
    assert "no answer recorded yet" in outputs  # the public checks ran and said so
    for secret in secrets_of(la):
        assert secret not in flat, secret[:60]
    for ex in la.frozen.values():
        if ex.kind in ("multiple_choice", "true_false"):
            assert f"Answer: {ex.key})" not in outputs
