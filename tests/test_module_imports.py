"""Importing any helpers module writes no file, and the pure layers load no widget library.

Every module of ``src/helpers`` is imported on its own, in a fresh forked child of a fresh
interpreter (see tests/import_probe.py), with the working directory, ``HOME``, ``TMPDIR``
and ``COURSE_ANSWERS_DIR`` set to empty temporary folders and the package imported from a
private copy of the repository tree. A module passes when its import writes nothing (no
file opened for writing, created, renamed or removed anywhere; the empty folders stay
empty; no file of the tree changes). Modules of data, analysis, models and classroom (and
the top-level modules placed in those layers) must also leave ``ipywidgets`` unloaded:
teachers' tools and pure code run without a notebook front end.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PROBE = Path(__file__).with_name("import_probe.py")

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the probe forks (POSIX only)")


def _module_names() -> list[str]:
    names = []
    for path in sorted((SRC / "helpers").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


MODULES = _module_names()
NO_WIDGETS = ("helpers.data", "helpers.analysis", "helpers.models", "helpers.classroom")
NO_WIDGETS_TOP = ("helpers.context", "helpers.environment", "helpers.derived")


def _no_widgets(module: str) -> bool:
    return module in NO_WIDGETS_TOP or any(
        module == layer or module.startswith(layer + ".") for layer in NO_WIDGETS
    )


@pytest.fixture(scope="module")
def probe(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Run the probe once over every module; its report per module."""
    base = tmp_path_factory.mktemp("imports")
    tree = base / "tree"
    for part in ("src", "data", "banks"):
        shutil.copytree(ROOT / part, tree / part, ignore=shutil.ignore_patterns("__pycache__"))
    folders = {name: base / name for name in ("cwd", "home", "tmp", "answers")}
    for folder in folders.values():
        folder.mkdir()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
        "TZ": "UTC",
        "HOME": str(folders["home"]),
        "TMPDIR": str(folders["tmp"]),
        "COURSE_ANSWERS_DIR": str(folders["answers"]),
        "PYTHONPATH": str(tree / "src"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    result = subprocess.run(
        [sys.executable, str(PROBE), str(tree), *MODULES],
        cwd=folders["cwd"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("RESULTS "), result.stdout[-3000:] + result.stderr[-3000:]
    reports: dict[str, dict[str, Any]] = json.loads(last.removeprefix("RESULTS "))
    reports["__tree__"] = {"tree": str(tree)}
    return reports


def test_every_module_is_found_and_imported_from_the_copy(probe: dict[str, Any]) -> None:
    assert {"helpers", "helpers.data", "helpers.exercises", "helpers.classroom"} <= set(MODULES)
    assert set(MODULES) <= set(probe)
    tree = probe["__tree__"]["tree"]
    assert probe["helpers"]["file"].startswith(tree), probe["helpers"]["file"]


@pytest.mark.parametrize("module", MODULES)
def test_importing_the_module_writes_no_file(module: str, probe: dict[str, Any]) -> None:
    report = probe[module]
    assert report["error"] is None, f"import {module} failed: {report['error']}"
    assert report["writes"] == [], f"import {module} wrote: {report['writes']}"
    assert report["leftovers"] == [], f"import {module} left files: {report['leftovers']}"
    assert report["tree_changes"] == [], f"import {module} changed: {report['tree_changes']}"


@pytest.mark.parametrize("module", [m for m in MODULES if _no_widgets(m)])
def test_a_pure_or_teachers_module_loads_no_widget_library(
    module: str, probe: dict[str, Any]
) -> None:
    report = probe[module]
    assert report["error"] is None, f"import {module} failed: {report['error']}"
    assert not report["ipywidgets"], f"import {module} loads ipywidgets"


def test_the_probe_sees_a_write_and_a_widget_import(tmp_path: Path) -> None:
    """The probe itself: a planted module that writes a file and imports ipywidgets."""
    planted = tmp_path / "tree" / "src" / "plantedmod"
    planted.mkdir(parents=True)
    (planted / "__init__.py").write_text("")
    (planted / "quiet.py").write_text("import json\n")
    (planted / "noisy.py").write_text(
        "import ipywidgets, pathlib\n(pathlib.Path.home() / 'cache.txt').write_text('x')\n"
    )
    (planted / "moves.py").write_text("import os\nos.mkdir('made-here')\n")
    (planted / "stamps.py").write_text("open(__file__ + '.stamp', 'w').close()\n")
    folders = {name: tmp_path / name for name in ("cwd", "home", "tmp", "answers")}
    for folder in folders.values():
        folder.mkdir()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(folders["home"]),
        "TMPDIR": str(folders["tmp"]),
        "COURSE_ANSWERS_DIR": str(folders["answers"]),
        "PYTHONPATH": str(tmp_path / "tree" / "src"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    modules = ["plantedmod.quiet", "plantedmod.noisy", "plantedmod.moves", "plantedmod.stamps"]
    out = subprocess.run(
        [sys.executable, str(PROBE), str(tmp_path / "tree"), *modules],
        cwd=folders["cwd"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    reports = json.loads(out.strip().splitlines()[-1].removeprefix("RESULTS "))
    quiet, noisy, moves, stamps = (reports[m] for m in modules)
    assert quiet["writes"] == quiet["leftovers"] == quiet["tree_changes"] == []
    assert not quiet["ipywidgets"] and quiet["error"] is None
    assert noisy["ipywidgets"]
    assert any(w.endswith("home/cache.txt") for w in noisy["writes"])
    assert noisy["leftovers"] == [str(folders["home"] / "cache.txt")]
    assert any(w.startswith("os.mkdir") for w in moves["writes"])
    assert moves["leftovers"] == [str(folders["cwd"] / "made-here")]
    assert "src/plantedmod/stamps.py.stamp" in stamps["tree_changes"]
    assert all(not r["error"] for r in reports.values())
