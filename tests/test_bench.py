"""The benchmark's targets and its published table (tools/bench, CONTRIBUTING.md, "Performance").

Timings are never asserted here: the bench command measures them and its exit status says
whether the targets hold. These tests check that the check itself decides correctly, and
that the committed results cover every lesson, hold every target and match CONTRIBUTING.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bench import cli, report, targets

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results.json"
LESSONS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def _committed() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(RESULTS.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize(
    ("floor", "limit"),
    [(2.0, 3.0), (3.0, 4.0), (10.0, 13.0), (0.5, 1.5)],
)
def test_run_all_limit_is_the_larger_of_ratio_and_one_second(floor: float, limit: float) -> None:
    assert targets.run_all_limit(floor) == pytest.approx(limit)


def _kernel_part(run_all: float) -> dict[str, Any]:
    return {"floor_s": 3.0, "lessons": {"00-start-here": {"run_all_s": run_all}}}


def test_a_lesson_over_its_limit_is_a_missed_target() -> None:
    assert targets.check("kernel", _kernel_part(4.0))[0].holds
    missed = targets.check("kernel", _kernel_part(4.01))[0]
    assert not missed.holds
    assert missed.limit == pytest.approx(4.0)


def test_callback_notebook_venv_and_test_command_targets() -> None:
    cb = targets.check("callbacks", {"callbacks": {"a": {"p95_ms": 30.0}, "b": {"p95_ms": 31}}})
    assert [t.holds for t in cb] == [True, False]
    sizes = {
        "notebooks_kb": {"small": 499.0, "big": 501.0},
        "venv": {"runtime_mb": 400.0, "bare_mb": 300.0},
    }
    assert [t.holds for t in targets.check("sizes", sizes)] == [True, False, False]
    assert not targets.check("tests", {"total_s": 12 * 60 + 1})[0].holds
    assert targets.check("setup", {}) == []


def _results_with(missed: bool) -> dict[str, Any]:
    row = {"part": "tests", "name": "test command", "value": 1.0, "limit": 720.0}
    return {
        "parts": {
            "tests": {
                "total_s": 1.0,
                "parts": {},
                "targets": [{**row, "unit": "s", "holds": not missed}],
            }
        }
    }


@pytest.mark.parametrize("missed", [False, True])
def test_the_exit_status_says_whether_every_target_holds(
    tmp_path: Path, missed: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "results.json"
    path.write_text(json.dumps(_results_with(missed)), encoding="utf-8")
    assert cli.main(["--table", "--results", str(path)]) == (1 if missed else 0)
    out = capsys.readouterr()
    assert "### tests" in out.out
    assert ("target missed: tests: test command" in out.err + out.out) is missed


def test_the_committed_results_time_every_lesson_and_hold_every_target() -> None:
    parts = _committed()["parts"]
    assert set(cli.PARTS) <= set(parts), "a part of the benchmark has never been run"
    for part in ("kernel", "browser"):
        assert sorted(parts[part]["lessons"]) == LESSONS, f"{part}: run the bench for new lessons"
    for part, data in parts.items():
        missed = [t["name"] for t in data["targets"] if not t["holds"]]
        assert not missed, f"{part}: targets missed in benchmarks/results.json: {missed}"


def test_contributing_shows_the_committed_results() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = text.split(report.BEGIN, 1)[1].split(report.END, 1)[0]
    expected = report.table(_committed(), None).replace("### ", "#### ")
    assert block.strip() == expected.strip(), (
        "CONTRIBUTING.md's results table is not the one benchmarks/results.json gives: "
        "run `python course.py bench --table --contributing`"
    )
