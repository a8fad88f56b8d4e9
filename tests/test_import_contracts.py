"""The helper library's layer contracts (.importlinter) hold, and each one catches a breach.

Every planted test copies ``.importlinter`` with ``helpers`` renamed, plants a package with
one module per layer it names, checks that the clean package keeps every contract, then adds
one bad import and checks that lint-imports reports exactly that breach.
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = str(Path(sys.executable).parent / "lint-imports")
CONFIG = ROOT / ".importlinter"
PLANTED = "plantedhelpers"


def _lint(cwd: Path, extra_path: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if extra_path:
        env["PYTHONPATH"] = extra_path + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [LINT, "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def _layer_names() -> list[str]:
    """The module names the layers contract lists (tails under ``helpers``), top first."""
    parser = configparser.ConfigParser()
    parser.read(CONFIG, encoding="utf-8")
    names: list[str] = []
    for line in parser["importlinter:contract:layers"]["layers"].split("\n"):
        names += [part.strip().strip("()") for part in re.split(r"[:|]", line) if part.strip()]
    return names


def _plant(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    """A package ``plantedhelpers`` with a module per layer, plus ``files`` (path: source)."""
    pkg = tmp_path / PLANTED
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    for name in _layer_names():
        (pkg / name).mkdir()
        (pkg / name / "__init__.py").write_text("")
    for rel, source in (files or {}).items():
        (pkg / rel).write_text(source)
    config = CONFIG.read_text(encoding="utf-8")
    (tmp_path / ".importlinter").write_text(config.replace("helpers", PLANTED))
    return pkg


def _broken(tmp_path: Path, breach: dict[str, str], contract: str) -> str:
    """Lint the clean planted package (kept), add ``breach``, lint again: the report."""
    pkg = _plant(tmp_path)
    clean = _lint(tmp_path, str(tmp_path))
    assert clean.returncode == 0, clean.stdout + clean.stderr
    for rel, source in breach.items():
        (pkg / rel).write_text(source)
    result = _lint(tmp_path, str(tmp_path))
    assert result.returncode != 0, result.stdout
    assert f"{contract.replace('helpers', PLANTED)} BROKEN" in " ".join(result.stdout.split())
    return result.stdout


def test_the_course_library_keeps_its_contracts() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().replace("0 broken", "")


def test_every_layer_the_contract_names_exists() -> None:
    """The layers are marked optional (for planted packages), so a renamed one must fail here."""
    names = _layer_names()
    assert {"data", "analysis", "models", "charts", "exercises", "classroom"} <= set(names)
    missing = [n for n in names if importlib.util.find_spec(f"helpers.{n}") is None]
    assert not missing, f".importlinter names layers that helpers lacks: {missing}"


def test_the_layers_run_from_data_up_to_classroom() -> None:
    names = _layer_names()
    order = ["data", "analysis", "models", "charts", "exercises", "classroom"]
    assert sorted(order, key=names.index, reverse=True) == order


def test_a_model_that_imports_a_widget_library_breaks_the_contract(tmp_path: Path) -> None:
    """The pure-layers contract: data, analysis and models import no widget library."""
    out = _broken(
        tmp_path,
        {"models/sim.py": "import ipywidgets\n"},
        "data, analysis and models import no chart, widget or notebook library",
    )
    assert "plantedhelpers.models.sim" in out and "ipywidgets" in out


def test_a_chart_that_imports_the_exercise_engine_breaks_the_layers(tmp_path: Path) -> None:
    out = _broken(
        tmp_path,
        {
            "exercises/engine.py": "X = 1\n",
            "charts/timeline.py": "from ..exercises import engine\n",
        },
        "the layers of helpers: a lower layer never imports a higher one",
    )
    assert "plantedhelpers.charts is not allowed to import plantedhelpers.exercises" in out
    assert "plantedhelpers.charts.timeline -> plantedhelpers.exercises.engine" in out


def test_a_new_top_level_module_without_a_layer_breaks_the_layers(tmp_path: Path) -> None:
    """The contract is exhaustive: a module directly under helpers/ must be given a layer."""
    out = _broken(
        tmp_path,
        {"newthing.py": "X = 1\n"},
        "the layers of helpers: a lower layer never imports a higher one",
    )
    assert "plantedhelpers.newthing" in out


def test_an_import_cycle_between_siblings_breaks_the_acyclic_contract(tmp_path: Path) -> None:
    """The layers let interactive and exercises import each other; never both ways."""
    out = _broken(
        tmp_path,
        {
            "exercises/keys.py": "from ..interactive import explorer\n",
            "interactive/explorer.py": "from ..exercises import panel\n",
            "exercises/panel.py": "X = 1\n",
        },
        "no import cycles between the modules of helpers",
    )
    assert "No cycles are allowed in plantedhelpers." in out
    assert ".exercises -> .interactive" in out or ".interactive -> .exercises" in out


def test_an_import_cycle_inside_a_package_breaks_the_acyclic_contract(tmp_path: Path) -> None:
    out = _broken(
        tmp_path,
        {"models/a.py": "from . import b\n", "models/b.py": "from . import a\n"},
        "no import cycles between the modules of helpers",
    )
    assert "No cycles are allowed in plantedhelpers.models." in out


def _cycles_through_a_package_init(package: str) -> list[tuple[str, ...]]:
    """Import cycles that pass through a package's own ``__init__``, as chains.

    The acyclic_siblings contract compares the children of each package, so a module that
    imports its own package (``helpers`` or ``helpers.exercises``) while that package's
    ``__init__`` imports it back is the one cycle it cannot see; this finds those.
    """
    graph = grimp.build_graph(package, cache_dir=None)
    found = []
    for module in sorted(graph.modules):
        parts = module.split(".")
        for depth in range(1, len(parts)):
            ancestor = ".".join(parts[:depth])
            up = graph.find_shortest_chain(importer=module, imported=ancestor)
            down = graph.find_shortest_chain(importer=ancestor, imported=module)
            if up and down:
                found.append((*up, *down[1:]))
    return found


def test_no_module_imports_a_package_that_imports_it_back() -> None:
    """helpers/__init__.py (setup) and each package's __init__ sit above their modules."""
    cycles = _cycles_through_a_package_init("helpers")
    assert not cycles, "import cycles through a package __init__: " + "; ".join(
        " -> ".join(c) for c in cycles
    )


def test_a_module_that_imports_the_setup_package_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _plant(tmp_path, {"__init__.py": "from . import data\n", "data/tables.py": "import re\n"})
    monkeypatch.syspath_prepend(str(tmp_path))
    assert _cycles_through_a_package_init(PLANTED) == []
    (tmp_path / PLANTED / "data" / "tables.py").write_text("import plantedhelpers\n")
    (tmp_path / PLANTED / "data" / "__init__.py").write_text("from . import tables\n")
    assert ("plantedhelpers.data.tables", "plantedhelpers", "plantedhelpers.data") in [
        c[:3] for c in _cycles_through_a_package_init(PLANTED)
    ]
