"""The helper library's layer contracts (.importlinter) hold, and they do catch a breach."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = str(Path(sys.executable).parent / "lint-imports")


def _lint(cwd: Path, extra_path: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if extra_path:
        env["PYTHONPATH"] = extra_path + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [LINT, "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_course_library_keeps_its_contracts() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().replace("0 broken", "")


def test_a_model_that_imports_a_widget_library_breaks_the_contract(tmp_path: Path) -> None:
    """The same contract, applied to a planted package whose model imports ipywidgets."""
    pkg = tmp_path / "plantedhelpers"
    (pkg / "models").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "data.py").write_text("import json\n")
    (pkg / "analysis.py").write_text("import json\n")
    (pkg / "models" / "__init__.py").write_text("")
    (pkg / "models" / "sim.py").write_text("import ipywidgets\n")
    config = (ROOT / ".importlinter").read_text(encoding="utf-8")
    (tmp_path / ".importlinter").write_text(config.replace("helpers", "plantedhelpers"))
    result = _lint(tmp_path, str(tmp_path))
    assert result.returncode != 0
    assert "plantedhelpers.models.sim" in result.stdout and "ipywidgets" in result.stdout
    assert "BROKEN" in result.stdout
