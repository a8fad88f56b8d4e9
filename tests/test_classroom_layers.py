"""The classroom layer sits on top: the exercise engine never imports it (.importlinter)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = str(Path(sys.executable).parent / "lint-imports")


def _lint(cwd: Path, extra_path: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = extra_path + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [LINT, "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_an_exercise_module_that_imports_the_classroom_breaks_the_contract(tmp_path: Path):
    pkg = tmp_path / "plantedhelpers"
    for sub in ("data", "analysis", "models", "exercises", "classroom"):
        (pkg / sub).mkdir(parents=True)
        (pkg / sub / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    config = (ROOT / ".importlinter").read_text(encoding="utf-8")
    (tmp_path / ".importlinter").write_text(config.replace("helpers", "plantedhelpers"))
    (pkg / "classroom" / "grading.py").write_text("from plantedhelpers.exercises import x\n")
    assert _lint(tmp_path, str(tmp_path)).returncode == 0  # downward import: fine
    (pkg / "exercises" / "export.py").write_text("from plantedhelpers.classroom import grading\n")
    result = _lint(tmp_path, str(tmp_path))
    assert result.returncode != 0 and "BROKEN" in result.stdout
    assert "plantedhelpers.exercises.export" in result.stdout


def test_the_helpers_library_is_importable_without_the_classroom():
    """Student kernels load the engine; nothing in it pulls in helpers.classroom."""
    code = "import sys, helpers.exercises; print('helpers.classroom' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_grading_imports_no_widget_library():
    """Moved from tests/test_exercises_model.py with the grading module it checked."""
    source = (ROOT / "src" / "helpers" / "classroom" / "grading.py").read_text(encoding="utf-8")
    assert "import ipywidgets" not in source and "from ipywidgets" not in source
