"""A lesson's stored outputs do not depend on answers already given: nbval still passes
when the answer log is full of a developer's answers (issue: deterministic, static-friendly
exercises)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "notebooks" / "00-start-here.ipynb"

FILL_LOG = textwrap.dedent(
    """
    import json, sys
    from helpers.exercises import ExerciseSession, registered_exercises
    from helpers.exercises import model as M

    nb = json.load(open(sys.argv[1], encoding="utf-8"))
    scope = {}
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            exec("".join(cell["source"]), scope)
    answered = []
    for ex in registered_exercises().values():
        if isinstance(ex, M.MultipleSelect):
            raw = [next(iter(ex.options))]
        elif isinstance(ex, M.Numeric):
            raw = "31"
        elif isinstance(ex, M.Order):
            raw = {item: i + 1 for i, item in enumerate(ex.items)}
        elif isinstance(ex, M.Sort):
            raw = {item: next(iter(ex.categories)) for item in ex.items}
        elif isinstance(ex, M.WrittenAnswer):
            raw = " ".join(f"word{i}" for i in range(ex.min_words + 5))
        else:
            raw = next(iter(ex.options))
        ExerciseSession(ex).submit(raw)
        answered.append(ex.id)
    print(json.dumps(sorted(answered)))
    """
)


def test_nbval_passes_with_a_prefilled_answer_log(tmp_path) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    env = {**os.environ, "COURSE_ANSWERS_DIR": str(answers), "TZ": "UTC"}
    env.pop("COURSE_PNG_FALLBACK", None)
    filled = subprocess.run(
        [sys.executable, "-c", FILL_LOG, str(LESSON)],
        cwd=LESSON.parent, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    answered = json.loads(filled.stdout.strip().splitlines()[-1])
    assert len(answered) >= 8
    assert list(answers.glob("*.jsonl")), "the answers were not logged"
    run = subprocess.run(
        [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
            "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg",
            str(LESSON),
        ],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:]


def test_lesson_runs_in_assessed_mode_without_keys(tmp_path) -> None:
    """A teacher's switch (COURSE_MODE=assessed): the lesson runs, says so, and the
    exercises in the kernel carry no keys."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(LESSON, as_version=4)
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "from helpers.exercises import registered_exercises\n"
            "print(sorted(i for i, e in registered_exercises().items() if e.key is not None))"
        )
    )
    env_backup = dict(os.environ)
    os.environ.update(COURSE_MODE="assessed", COURSE_ANSWERS_DIR=str(tmp_path))
    try:
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(LESSON.parent)}}).execute()  # fmt: skip
    finally:
        os.environ.clear()
        os.environ.update(env_backup)
    first = nb.cells[1].outputs[0]["data"]["text/plain"]
    assert "(assessed mode)" in first
    assert nb.cells[-1].outputs[0]["text"].strip() == "[]"


def test_a_broken_data_file_shows_one_clear_sentence_not_a_traceback(tmp_path) -> None:
    import shutil

    import nbformat
    from nbclient import NotebookClient

    data_dir = tmp_path / "data"
    shutil.copytree(ROOT / "data", data_dir)
    (data_dir / "members.csv").write_text("country,iso3\nBelgium,BEL\n", encoding="utf-8")
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell('import helpers\nhelpers.setup("00-start-here")'),
            nbformat.v4.new_code_cell("from helpers import data\ndata.members()"),
        ]
    )
    env_backup = dict(os.environ)
    os.environ.update(COURSE_DATA_DIR=str(data_dir), COURSE_ANSWERS_DIR=str(tmp_path / "a"))
    try:
        NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True).execute()
    finally:
        os.environ.clear()
        os.environ.update(env_backup)
    outputs = nb.cells[1].outputs
    assert [o["output_type"] for o in outputs] == ["display_data"]
    shown = outputs[0]["data"]["text/html"]
    assert "Data problem:" in shown and "data/members.csv: missing column(s)" in shown
    assert "Traceback" not in shown
