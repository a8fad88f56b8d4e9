"""Why this file is long: it is one pipeline from a lesson and its bank to an nbgrader
assignment, and its many small cell builders (answer, test, written-answer, Code-corner,
setup and intro cells) are used only here and change together with the assessed-mode runtime
their cells call. What it hands on lives in lesson_assignment.py, the key page in render.py.

Graded assignments generated from the lessons and their banks, built with nbgrader.

``python course.py assignments`` (or ``python -m helpers.classroom.assignments``) makes, for
every lesson that has a bank and a notebook, an nbgrader *source* notebook in assessed mode:

* the lesson as it is (prose, charts, models); its code cells are tagged
  ``course-not-graded`` so that autograding skips them (grading needs only the recorded
  answers), while students run them as usual;
* after the setup cell, a locked cell that switches the kernel to assessed mode and keeps
  the answer log in ``answers/`` beside the notebook (it is handed in with it);
* after each auto-graded exercise, an *answer cell* (solution: the key; student copy:
  ``answers[ID] = recorded_answer(ID)``) and a locked *test cell* with a public check
  ("public checks passed — your teacher's grading has more") and hidden tests that re-grade
  the recorded raw answer against the definition frozen now (computed keys included);
* after each written answer, a locked cell showing what the student saved and a manually
  graded task cell whose mark scheme (rubric and model answer) never reaches students;
* the Code corner as an autograded answer cell with the tables it needs rebuilt in a
  locked cell above it (``code_points`` in the overlay; by default 0: students keep the
  public check, and autograding skips it);
* items from the teacher's private overlay (new items, per-student numeric variants) in a
  section of their own before the download step.

It then runs ``nbgrader generate_assignment`` in a temporary course directory and writes::

    OUT/release/NN-slug/               the student copy: notebook + banks/ (no answers)
    OUT/instructor/nbgrader/           a ready nbgrader course directory (source, release,
                                       gradebook, nbgrader_config.py) for autograding
    OUT/instructor/keys/keys-NN.json   every item with its frozen key (for helpers.classroom)
    OUT/instructor/keys/NN-slug.html   the readable answer key of the assignment

Student copies carry no stored outputs (nbgrader clears them): they regain their charts when
the student runs all cells.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers.exercises.bank import BankEntry, CodeTask, all_banks, build_exercise
from helpers.exercises.model import Exercise

from .keys import keys_document
from .lesson_assignment import LessonAssignment, code_expected
from .overlay import OVERLAY_DIRNAME, LessonBank, merged_bank, student_bank_text

__all__ = [
    "CODE_STUB",
    "NOT_GRADED_TAG",
    "BuildReport",
    "LessonAssignment",
    "build_assignments",
    "lesson_assignment",
    "main",
    "nbgrader_config",
    "run_nbgrader",
]

#: Cells with this tag are not executed while nbgrader autogrades (lesson content).
NOT_GRADED_TAG = "course-not-graded"
#: What replaces a solution in the student copy (nbgrader's ClearSolutions.code_stub).
CODE_STUB = (
    "answers[ID] = recorded_answer(ID)  # the answer you recorded above; in a Code corner, "
    "replace recorded_answer(ID) with your expression"
)
AUTO_TYPES = ("multiple_choice", "true_false", "multiple_select", "numeric", "order", "sort")
COURSE_ID = "nato-ukraine-course"
ASK_CELL = re.compile(r"""^\s*ask\(\s*(["'])(?P<id>\d{2}\.[a-z0-9][a-z0-9_-]*)\1\s*\)\s*$""")
CHECK_CALL = re.compile(r"""\bcode_corner\.check\(\s*(["'])(?P<id>\d{2}\.[a-z0-9][a-z0-9_-]*)\1""")
RUNTIME_NAMES = (
    "answers",
    "ask_variant",
    "hidden_code_score",
    "hidden_score",
    "public_check",
    "public_code_check",
    "recorded_answer",
    "show_written",
    "start_assessed",
)


@dataclass
class BuildReport:
    """What :func:`build_assignments` wrote."""

    out: Path
    lessons: list[LessonAssignment]
    release: dict[str, Path]
    nbgrader_log: str = ""

    def summary(self) -> str:
        """One line per lesson."""
        lines = [f"Assignments written to {self.out}:"]
        for la in self.lessons:
            lines.append(
                f"  {la.name}: {len(la.auto_points)} auto-graded, {len(la.written_points)} "
                f"written (marked by hand), {len(la.code)} Code corner; "
                f"{la.max_auto:g} points autograded"
            )
        return "\n".join(lines)


# --------------------------------------------------------------------------- cells


def _grade_id(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)[:60]


def _meta(grade_id: str, **flags: Any) -> dict[str, Any]:
    data = {
        "schema_version": 3,
        "grade_id": _grade_id(grade_id),
        "grade": False,
        "solution": False,
        "locked": False,
        "task": False,
    }
    data.update(flags)
    return {"nbgrader": data}


def _code(source: str, cell_id: str, metadata: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "cell_type": "code",
        "id": _grade_id(cell_id),
        "metadata": metadata or {},
        "execution_count": None,
        "outputs": [],
        "source": source,
    }


def _markdown(source: str, cell_id: str, metadata: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "cell_type": "markdown",
        "id": _grade_id(cell_id),
        "metadata": metadata or {},
        "source": source,
    }


def _tagged(cell: dict[str, Any], cell_id: str) -> dict[str, Any]:
    meta = dict(cell.get("metadata", {}))
    tags = [t for t in meta.get("tags", []) if t != NOT_GRADED_TAG]
    meta["tags"] = [*tags, NOT_GRADED_TAG]
    out = _code("".join(cell.get("source", "")), cell_id, meta)
    return out


def _py(value: Any) -> str:
    """A Python literal for a JSON-safe value."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_py(k)}: {_py(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_py(v) for v in value) + "]"
    return repr(value)


def key_answer(ex: Exercise) -> Any:
    """The key of an exercise in the form of a raw answer (what a widget would record)."""
    return ex.to_dict()["key"]


def _answer_cell(ex_id: str, solution: Any, comment: str) -> dict[str, Any]:
    source = (
        f"# {comment}\n"
        f'ID = "{ex_id}"\n'
        "### BEGIN SOLUTION\n"
        f"answers[ID] = {solution}\n"
        "### END SOLUTION"
    )
    return _code(source, f"answer-{ex_id}", _meta(f"answer-{ex_id}", solution=True))


def _test_cell(ex_id: str, header: str, public: str, hidden: str, points: float) -> dict[str, Any]:
    source = f'"""{header}"""\n{public}\n### BEGIN HIDDEN TESTS\n{hidden}\n### END HIDDEN TESTS'
    return _code(
        source,
        f"test-{ex_id}",
        _meta(f"test-{ex_id}", grade=True, locked=True, points=points),
    )


def _kind_words(ex: Exercise) -> str:
    return ex.kind_label.split(",")[0]


def _auto_cells(ex_id: str, defs: list[Exercise], points: float) -> list[dict[str, Any]]:
    """Answer and test cells for an auto-graded item (or a family of variants)."""
    if len(defs) == 1:
        solution = _py(key_answer(defs[0]))
        payload: Any = defs[0].to_dict()
    else:
        solution = _py({"variant": defs[0].id, "answer": key_answer(defs[0])})
        payload = [d.to_dict() for d in defs]
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    header = (
        f"Exercise {ex_id} ({_kind_words(defs[0])}, {points:g} point"
        f"{'s' if points != 1 else ''}).\n"
        "Public check: an answer is recorded and it has the right form. Your teacher's\n"
        "grading re-checks the answer you recorded, with tests you cannot see."
    )
    return [
        _answer_cell(
            ex_id,
            solution,
            "Your answer is the one you recorded in the exercise above (Submit). Run this "
            "cell after answering.",
        ),
        _test_cell(
            ex_id,
            header,
            f'public_check("{ex_id}", answers.get("{ex_id}"))',
            f'hidden_score("{ex_id}", answers.get("{ex_id}"), {text!r})',
            points,
        ),
    ]


def _written_cells(ex: Exercise, points: float) -> list[dict[str, Any]]:
    show = _code(
        f"# What you saved in the written answer above, shown for your teacher.\n"
        f'show_written("{ex.id}")',
        f"show-{ex.id}",
        _meta(f"show-{ex.id}", locked=True),
    )
    rubric = "\n".join(f"- {r}" for r in getattr(ex, "rubric", ())) or "- (no rubric in the bank)"
    model = getattr(ex, "model_answer", "") or "(no model answer in the bank)"
    task = _markdown(
        f"**Written answer {ex.id}: {points:g} point{'s' if points != 1 else ''}, marked by "
        "your teacher.** Your answer is the text shown just above.\n\n"
        "=== BEGIN MARK SCHEME ===\n\n"
        f"Rubric:\n\n{rubric}\n\nModel answer: {model}\n\n"
        "=== END MARK SCHEME ===",
        f"task-{ex.id}",
        _meta(f"task-{ex.id}", task=True, locked=True, points=points),
    )
    return [show, task]


# --------------------------------------------------------------------------- Code corner


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _statements(source: str) -> list[ast.stmt]:
    try:
        return list(ast.parse(source).body)
    except SyntaxError:
        return []


def code_context(previous: Sequence[str], cell_source: str, solution: str) -> str:
    """The imports and assignments a Code-corner solution needs, taken from the lesson.

    Walks back through the earlier code cells for the statements defining the names the
    solution (and the Code-corner cell itself) uses, and the imports those need.
    """
    own = [
        s
        for s in _statements(cell_source)
        if not (isinstance(s, ast.Assign) and _names(s.targets[0]) == {"answer"})
        and not (isinstance(s, ast.Expr) and "code_corner" in _names(s))
    ]
    defs: dict[str, tuple[int, str, ast.stmt]] = {}
    imports: dict[str, str] = {}
    order = 0
    for source in [*previous, cell_source]:
        for stmt in _statements(source):
            order += 1
            text = ast.get_source_segment(source, stmt) or ""
            if isinstance(stmt, ast.Import | ast.ImportFrom):
                for alias in stmt.names:
                    bound = (alias.asname or alias.name).split(".")[0]
                    if isinstance(stmt, ast.ImportFrom):
                        name = alias.name + (f" as {alias.asname}" if alias.asname else "")
                        imports[bound] = f"from {stmt.module} import {name}"
                    else:
                        imports[bound] = text
            elif isinstance(stmt, ast.Assign) and all(
                isinstance(t, ast.Name) for t in stmt.targets
            ):
                for target in stmt.targets:
                    assert isinstance(target, ast.Name)
                    if target.id != "answer":
                        defs[target.id] = (order, text, stmt)
    wanted: set[str] = set()
    for stmt in own:
        wanted |= _names(stmt)
    with contextlib.suppress(SyntaxError):
        wanted |= _names(ast.parse(solution))
    chosen: dict[int, str] = {}
    needed_imports: dict[str, str] = {}
    todo = sorted(wanted)
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in defs:
            position, text, stmt = defs[name]
            chosen[position] = text
            todo += sorted(_names(stmt.value) if isinstance(stmt, ast.Assign) else set())
        elif name in imports:
            needed_imports[name] = imports[name]
    lines = sorted(set(needed_imports.values()))
    body = [chosen[k] for k in sorted(chosen)]
    return "\n".join([*lines, "", *body]).strip()


def _code_cells(
    task: CodeTask,
    expected: float,
    previous: Sequence[str],
    cell_source: str,
    points: float,
    hint: str,
) -> list[dict[str, Any]]:
    task_id, solution = task.id, task.solution
    context = _code(
        "# The table(s) this task uses, built as earlier in the lesson (this cell also runs "
        "when your teacher grades).\n" + code_context(previous, cell_source, solution),
        f"context-{task_id}",
        _meta(f"context-{task_id}", locked=True),
    )
    answer = _answer_cell(
        task_id,
        solution,
        f"Code corner: replace recorded_answer(ID) below with your expression{hint}.",
    )
    header = (
        f"Code corner {task_id} (extension, {points:g} point{'s' if points != 1 else ''}).\n"
        "Public check: your expression gives a single number."
    )
    test = _test_cell(
        task_id,
        header,
        f'public_code_check("{task_id}", answers.get("{task_id}"))',
        f'hidden_code_score("{task_id}", answers.get("{task_id}"), {expected!r}, '
        f"{task.tolerance!r}, {float(points)!r})",
        points,
    )
    cells = [context, answer, test]
    if not points:
        # Not counted: students still get the public check, and autograding skips the
        # cells (no data to load for a grade of zero points).
        for cell in cells:
            cell["metadata"]["tags"] = [NOT_GRADED_TAG]
    return cells


# --------------------------------------------------------------------------- notebook


def _setup_cells(name: str) -> list[dict[str, Any]]:
    imports = ",\n    ".join(RUNTIME_NAMES)
    source = (
        "# Assessed copy, made by `python course.py assignments`. Please do not edit this cell.\n"
        f"from helpers.classroom.checks import (\n    {imports},\n)\n\n"
        f'start_assessed("{name}")'
    )
    return [_code(source, "assessed-setup", _meta("assessed-setup", locked=True))]


def _intro_cell(name: str) -> dict[str, Any]:
    return _markdown(
        "> **Graded copy of this lesson.** Run all cells first (the charts appear when you do). "
        "Answer each exercise in its box and press **Submit**: your answer is recorded "
        "without feedback, and you can change it until you hand in. After each exercise, "
        "run the cell below it: it reads the answer you recorded and runs the public checks "
        "(*public checks passed — your teacher's grading has more*). Written answers are "
        "marked by your teacher. Hand in this whole folder, including `answers/`. "
        "Do not edit locked cells.",
        "assessed-intro",
    )


def _points(entry: BankEntry, ex: Exercise, lb: LessonBank) -> float:
    if ex.kind == "written":
        return float(ex.points) if ex.points else float(lb.settings.written_points)
    return float(ex.points)


def lesson_assignment(notebook_path: Path, lb: LessonBank) -> LessonAssignment:
    """The nbgrader source notebook and student bank for one lesson (see the module doc)."""
    nb = json.loads(notebook_path.read_text(encoding="utf-8"))
    bank = lb.bank
    frozen = {e.id: build_exercise(e) for e in bank.entries}
    entries = {e.id: e for e in bank.entries}
    la = LessonAssignment(
        name=notebook_path.stem,
        bank_filename=bank.path.name,
        notebook={},
        student_bank=student_bank_text(bank, frozen),
        frozen=frozen,
        families=dict(lb.families),
    )
    cells: list[dict[str, Any]] = []
    previous: list[str] = []
    placed_extra = False

    def exercise_cells(ex_id: str) -> list[dict[str, Any]]:
        if ex_id in la.families:
            defs = [frozen[i] for i in la.families[ex_id]]
            points = _points(entries[defs[0].id], defs[0], lb)
            la.auto_points[ex_id] = points
            return _auto_cells(ex_id, defs, points)
        ex = frozen[ex_id]
        if ex.kind in AUTO_TYPES:
            points = _points(entries[ex_id], ex, lb)
            la.auto_points[ex_id] = points
            return _auto_cells(ex_id, [ex], points)
        if ex.kind == "written":
            points = _points(entries[ex_id], ex, lb)
            la.written_points[ex_id] = points
            return _written_cells(ex, points)
        return []  # polls: recorded, never graded

    def extra_section() -> list[dict[str, Any]]:
        family_ids = {i for ids in la.families.values() for i in ids}
        singles = [i for i in lb.added if i not in family_ids]
        if not singles and not la.families:
            return []
        out = [_markdown("## Questions from your teacher", "teacher-questions")]
        for ex_id in singles:
            out.append(_tagged({"source": f'ask("{ex_id}")'}, f"ask-{ex_id}"))
            out += exercise_cells(ex_id)
        for fid, ids in la.families.items():
            out.append(_tagged({"source": f'ask_variant("{fid}", {len(ids)})'}, f"ask-{fid}"))
            out += exercise_cells(fid)
        return out

    for index, cell in enumerate(nb.get("cells", [])):
        source = "".join(cell.get("source", ""))
        cid = f"cell-{index}"
        if cell.get("cell_type") != "code":
            cells.append(_markdown(source, cid, dict(cell.get("metadata", {}))))
            if index == 0:
                cells.append(_intro_cell(la.name))
            continue
        ask = ASK_CELL.match(source)
        check = CHECK_CALL.search(source)
        if "helpers.setup(" in source:
            cells.append(_tagged(cell, cid))
            cells += _setup_cells(la.name)
        elif ask and ask["id"] in frozen:
            ex_id = ask["id"]
            locked = _tagged(cell, f"ask-{ex_id}")
            locked["metadata"].update(_meta(f"ask-{ex_id}", locked=True))
            cells.append(locked)
            cells += exercise_cells(ex_id)
        elif check and check["id"] in {t.id for t in bank.code}:
            task = bank.code_task(check["id"])
            hint_match = re.search(r"answer\s*=\s*None\s*#[^,\n]*,?\s*(e\.g\.[^\n]*)", source)
            hint = f", {hint_match.group(1)}" if hint_match else ""
            points = float(lb.settings.code_points)
            expected = code_expected(task)
            cells += _code_cells(task, expected, previous, source, points, hint)
            la.code[task.id] = {
                "task": task.task,
                "solution": task.solution,
                "points": points,
                "tolerance": task.tolerance,
                "expected": expected,
            }
        else:
            if "download_widget(" in source and not placed_extra:
                cells += extra_section()
                placed_extra = True
            cells.append(_tagged(cell, cid))
        previous.append(source)
    if not placed_extra:
        cells += extra_section()
    la.notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": nb.get("metadata", {}).get(
                "kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"}
            ),
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return la


# --------------------------------------------------------------------------- nbgrader


def nbgrader_config() -> str:
    """The ``nbgrader_config.py`` of the generated course directory."""
    return (
        '"""nbgrader configuration written by `python course.py assignments`."""\n\n'
        "c = get_config()  # noqa: F821 (nbgrader provides get_config)\n"
        f'c.CourseDirectory.course_id = "{COURSE_ID}"\n'
        "# Student copies read their recorded answers instead of a code placeholder.\n"
        f"c.ClearSolutions.code_stub = {{'python': {CODE_STUB!r}}}\n"
        "# Lesson content (charts, models, widgets) is not executed while autograding:\n"
        "# grading needs only the recorded answers, so a lesson autogrades in seconds.\n"
        f'c.Execute.skip_cells_with_tag = "{NOT_GRADED_TAG}"\n'
        "c.Execute.timeout = 300\n"
    )


def venv_env() -> dict[str, str]:
    """The environment with this interpreter's ``bin`` first (nbgrader calls alembic)."""
    env = dict(os.environ)
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    return env


def run_nbgrader(args: Sequence[str], course_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run the nbgrader command line in ``course_dir``; raise with its log if it fails."""
    exe = Path(sys.executable).parent / ("nbgrader.exe" if os.name == "nt" else "nbgrader")
    cmd = [str(exe) if exe.exists() else "nbgrader", *args]
    result = subprocess.run(
        cmd, cwd=course_dir, env=venv_env(), capture_output=True, text=True, timeout=1800
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"nbgrader {' '.join(args)} failed (exit {result.returncode}):\n"
            + (result.stdout + result.stderr)[-4000:]
        )
    return result


def write_source(course_dir: Path, lessons: Iterable[LessonAssignment]) -> None:
    """Write ``nbgrader_config.py`` and every lesson's source folder into ``course_dir``."""
    (course_dir / "nbgrader_config.py").write_text(nbgrader_config(), encoding="utf-8")
    for la in lessons:
        folder = course_dir / "source" / la.name
        (folder / "banks").mkdir(parents=True, exist_ok=True)
        (folder / f"{la.name}.ipynb").write_text(
            json.dumps(la.notebook, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        (folder / "banks" / la.bank_filename).write_text(la.student_bank, encoding="utf-8")


def lesson_banks(
    notebooks: Path, banks: Path, overlay: Path | None, only: Sequence[str] = ()
) -> list[tuple[Path, LessonBank]]:
    """Every lesson with both a bank and a notebook (overlay merged), in lesson order."""
    out = []
    for bank in all_banks(banks):
        nb = notebooks / f"{bank.lesson}.ipynb"
        if not nb.is_file() or (only and bank.lesson[:2] not in only and bank.lesson not in only):
            continue
        out.append((nb, merged_bank(bank, overlay)))
    return out


def build_assignments(
    out: Path,
    *,
    notebooks: Path,
    banks: Path,
    overlay: Path | None = None,
    only: Sequence[str] = (),
) -> BuildReport:
    """Generate every lesson's assignment, run nbgrader, and write ``out`` (module doc)."""
    from . import render

    lessons = [
        lesson_assignment(nb, lb) for nb, lb in lesson_banks(notebooks, banks, overlay, only)
    ]
    if not lessons:
        raise ValueError(f"no lesson has both a notebook in {notebooks} and a bank in {banks}")
    with tempfile.TemporaryDirectory(prefix="course-nbgrader-") as tmp:
        course = Path(tmp)
        write_source(course, lessons)
        log = run_nbgrader(
            ["generate_assignment", "*", "--force", "--CourseDirectory.root=."], course
        )
        release = course / "release"
        missing = [
            la.name for la in lessons if not (release / la.name / f"{la.name}.ipynb").exists()
        ]
        if missing:
            raise RuntimeError(f"nbgrader wrote no student copy for {missing}")
        out.mkdir(parents=True, exist_ok=True)
        for sub in ("release", "instructor"):
            shutil.rmtree(out / sub, ignore_errors=True)
        shutil.copytree(release, out / "release")
        shutil.copytree(course, out / "instructor" / "nbgrader")
    keys_dir = out / "instructor" / "keys"
    keys_dir.mkdir(parents=True, exist_ok=True)
    for la in lessons:
        doc = keys_document(la.frozen)
        doc["assignment"] = la.name
        doc["code"] = la.code
        (keys_dir / f"keys-{la.lesson}.json").write_text(
            json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        (keys_dir / f"{la.name}.html").write_text(render.assignment_key_html(la), encoding="utf-8")
    return BuildReport(
        out,
        lessons,
        {la.name: out / "release" / la.name for la in lessons},
        log.stdout + log.stderr,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m helpers.classroom.assignments [--out DIR] [--overlay DIR]``."""
    parser = argparse.ArgumentParser(
        prog="python course.py assignments",
        description="Build graded nbgrader assignments (student release and instructor files) "
        "from the lessons and their banks.",
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the course repository")
    parser.add_argument("--out", type=Path, help="output folder (default ROOT/build/assignments)")
    parser.add_argument(
        "--overlay",
        type=Path,
        help=f"private bank overlay folder (default ROOT/{OVERLAY_DIRNAME} if it exists)",
    )
    parser.add_argument("lessons", nargs="*", help="lesson numbers or ids (default: all)")
    args = parser.parse_args(argv)
    root: Path = args.root
    overlay = args.overlay
    if overlay is None and (root / OVERLAY_DIRNAME).is_dir():
        overlay = root / OVERLAY_DIRNAME
    report = build_assignments(
        args.out or root / "build" / "assignments",
        notebooks=root / "notebooks",
        banks=root / "banks",
        overlay=overlay,
        only=args.lessons,
    )
    print(report.summary())
    if overlay is not None:
        print(f"Private overlay merged from {overlay} (keep it out of git).")
    print("Hand out release/; keep instructor/ private.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
