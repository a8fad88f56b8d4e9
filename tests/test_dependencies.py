"""One source of truth for versions: pyproject ranges → requirements/*.txt pins →
environment.yml, binder/ and the entry script all follow the same lock. And honest
dependencies: [project] dependencies are exactly what src/helpers imports; the launch tools,
PNG fallbacks, grading and dev tools are extras, each locked in the group whose users need it."""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
REQ = ROOT / "requirements"
HELPERS = ROOT / "src" / "helpers"
PACKAGE = "nato-ukraine-course"
PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;]+)\s*(;.*)?$")


def pins(path: Path) -> dict[str, set[str]]:
    """Package → pinned versions (a universal lock may pin per-platform variants)."""
    out: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = PIN.match(line.strip())
        if m:
            name = canonicalize_name(m.group(1).split("[")[0])
            out.setdefault(name, set()).add(m.group(2))
    return out


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _course() -> ModuleType:
    spec = importlib.util.spec_from_file_location("course_deps", ROOT / "course.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


COURSE = _course()
LOCKS = {g: pins(REQ / f"{g}.txt") for g in ("runtime", "dev", "instructor")}


def declared(group: str | None) -> list[Requirement]:
    """[project] dependencies (``None``) or one extra, as parsed requirements."""
    project = pyproject()["project"]
    specs = project["dependencies"] if group is None else project["optional-dependencies"][group]
    return [Requirement(s) for s in specs]


def direct(path: Path) -> set[str]:
    """Packages a lock pins because pyproject.toml asked for them (uv's ``# via`` lines)."""
    out: set[str] = set()
    name = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        m = PIN.match(line.strip())
        if m:
            name = canonicalize_name(m.group(1).split("[")[0])
        elif f"{PACKAGE} (pyproject.toml)" in line:
            out.add(name)
    return out


def test_every_lock_line_is_a_pin_or_comment() -> None:
    for group in LOCKS:
        for line in (REQ / f"{group}.txt").read_text(encoding="utf-8").splitlines():
            s = line.strip()
            assert not s or s.startswith("#") or PIN.match(s), f"{group}.txt: {line!r}"


def test_each_lock_holds_exactly_its_extras() -> None:
    extras = pyproject()["project"]["optional-dependencies"]
    assert set(COURSE.LOCK_EXTRAS) == set(LOCKS)
    # Every extra is locked somewhere, and the runtime lock holds only what students need.
    assert {e for es in COURSE.LOCK_EXTRAS.values() for e in es} == set(extras)
    assert COURSE.LOCK_EXTRAS["runtime"] == ["launch"]
    for group, names in COURSE.LOCK_EXTRAS.items():
        wanted = {canonicalize_name(r.name) for r in declared(None)}
        for extra in names:
            wanted |= {canonicalize_name(r.name) for r in declared(extra)}
        # A stale lock (compiled before pyproject changed) or a leaked tool fails here.
        assert direct(REQ / f"{group}.txt") == wanted, f"{group}.txt: run `python course.py lock`"


@pytest.mark.parametrize("group", ["runtime", "dev", "instructor"])
def test_lock_satisfies_pyproject(group: str) -> None:
    """Every requirement of the package and of the group's extras is pinned inside its range."""
    extras = COURSE.LOCK_EXTRAS[group]
    for where, reqs in [("dependencies", declared(None))] + [(e, declared(e)) for e in extras]:
        for req in reqs:
            versions = LOCKS[group].get(canonicalize_name(req.name))
            assert versions, f"{req.name} ({where}) is not pinned in {group}.txt"
            for v in versions:
                assert req.specifier.contains(v, prereleases=True), f"{req.name}=={v} breaks {req}"


def test_students_get_no_dev_or_grading_tools() -> None:
    students = LOCKS["runtime"].keys()
    for extra in ("dev", "png", "instructor"):
        for req in declared(extra):
            name = canonicalize_name(req.name)
            # A tool may reach the runtime lock only as a launch tool's own dependency.
            if name in students:
                assert name not in direct(REQ / "runtime.txt"), f"{name} ({extra}) in runtime"
    for tool in ("pytest", "vl-convert-python", "nbgrader", "ruff", "playwright", "mypy"):
        assert tool not in students


# ----------------------------------------------------------------- what src/helpers imports


def _catches_import_error(node: ast.Try) -> bool:
    for handler in node.handlers:
        names = ast.unparse(handler.type) if handler.type else "BaseException"
        if re.search(r"\b(ImportError|ModuleNotFoundError|Exception|BaseException)\b", names):
            return True
    return False


def helpers_imports() -> dict[str, tuple[bool, list[str]]]:
    """Third-party top-level module → (imported by ``import helpers`` at module level
    unguarded somewhere, the places it is imported). Stdlib, ``helpers`` and relative
    imports left out."""
    found: dict[str, tuple[bool, list[str]]] = {}
    for path in sorted(HELPERS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parent = {c: n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                mods = [node.module]
            else:
                continue
            lazy = False
            q: ast.AST = node
            while q in parent:
                q = parent[q]
                is_def = isinstance(q, ast.FunctionDef | ast.AsyncFunctionDef)
                if is_def or (isinstance(q, ast.Try) and _catches_import_error(q)):
                    lazy = True
            for mod in mods:
                top = mod.split(".")[0]
                if top in sys.stdlib_module_names or top == "helpers":
                    continue
                eager, where = found.get(top, (False, []))
                rel = path.relative_to(ROOT).as_posix()
                found[top] = (eager or not lazy, [*where, f"{rel}:{node.lineno}"])
    return found


def _providers(module: str) -> set[str]:
    dists = importlib.metadata.packages_distributions().get(module, [])
    return {canonicalize_name(d) for d in dists}


def test_the_import_scan_sees_what_helpers_imports() -> None:
    found = helpers_imports()
    assert {"altair", "pandas", "numpy", "ipywidgets", "IPython"} <= found.keys()
    assert found["pandas"][0] and not found["vl_convert"][0] and not found["nbgrader"][0]


def test_every_helpers_import_is_a_declared_dependency() -> None:
    """Module-level imports need [project] dependencies; imports inside a function or an
    ``except ImportError`` may come from an extra instead (never from dev or launch: helpers
    does not import those). And nothing is declared that helpers does not import."""
    deps = {canonicalize_name(r.name) for r in declared(None)}
    extras = pyproject()["project"]["optional-dependencies"]
    optional = {
        canonicalize_name(Requirement(s).name)
        for name, specs in extras.items()
        if name not in ("dev", "launch")
        for s in specs
    }
    used: set[str] = set()
    for module, (eager, where) in helpers_imports().items():
        dists = _providers(module)
        assert dists, f"{module} ({where[0]}) is installed by no distribution here"
        used |= dists
        allowed = deps if eager else deps | optional
        assert dists & allowed, (
            f"{module} ({', '.join(where)}) comes from {sorted(dists)}: declare it in "
            + ("[project] dependencies" if eager else "dependencies or an extra")
        )
    assert deps <= used, f"declared but never imported by helpers: {sorted(deps - used)}"
    assert optional <= used, f"extras helpers never imports: {sorted(optional - used)}"


def test_helpers_imports_without_any_extra() -> None:
    """Every helpers module imports with the extras' packages absent (a runtime install
    has neither vl-convert nor nbgrader; a bare `pip install .` has no JupyterLab)."""
    dist_modules: dict[str, list[str]] = {}
    for module, dists in importlib.metadata.packages_distributions().items():
        for d in dists:
            dist_modules.setdefault(canonicalize_name(d), []).append(module)
    deps = {canonicalize_name(r.name) for r in declared(None)}
    blocked = sorted(
        {
            m
            for specs in pyproject()["project"]["optional-dependencies"].values()
            for s in specs
            if canonicalize_name(Requirement(s).name) not in deps
            for m in dist_modules.get(canonicalize_name(Requirement(s).name), [])
            if not m.startswith("_") and m not in sys.stdlib_module_names
        }
    )
    assert {"vl_convert", "nbgrader", "jupyterlab", "voila"} <= set(blocked)
    script = (
        "import json, pkgutil, sys\n"
        "BLOCKED = set(json.loads(sys.argv[1]))\n"
        "class Absent:\n"  # a finder, not sys.modules[m] = None: `m in sys.modules` stays False
        "    @staticmethod\n"
        "    def find_spec(name, path=None, target=None):\n"
        "        if name.split('.')[0] in BLOCKED: raise ModuleNotFoundError(name, name=name)\n"
        "sys.meta_path.insert(0, Absent)\n"
        "import helpers\n"
        "for info in pkgutil.walk_packages(helpers.__path__, 'helpers.'):\n"
        "    __import__(info.name)\n"
        "from helpers.charts import _png\n"
        "assert _png({}) is None  # no vl-convert: charts simply carry no PNG\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, json.dumps(blocked)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_groups_agree_with_each_other() -> None:
    for a in LOCKS:
        for b in LOCKS:
            for name in LOCKS[a].keys() & LOCKS[b].keys():
                assert LOCKS[a][name] == LOCKS[b][name], f"{name}: {a} vs {b} disagree"


def test_lock_covers_python_311_to_313_on_three_oses() -> None:
    text = (REQ / "dev.txt").read_text(encoding="utf-8")
    # A universal lock carries platform markers for packages only some OSes need.
    assert "sys_platform == 'win32'" in text
    assert "sys_platform == 'darwin'" in text
    assert pyproject()["project"]["requires-python"] == ">=3.11"


def test_caps_carry_a_reason() -> None:
    lines = (ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if re.search(r'"[A-Za-z0-9_\-]+[^"]*<\d', line):
            assert lines[i - 1].strip().startswith("#"), f"cap without a reason: {line.strip()}"


def test_binder_installs_exactly_the_runtime_lock() -> None:
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    binder = (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8")
    assert pins(ROOT / "binder" / "requirements.txt") == LOCKS["runtime"]
    assert binder.rstrip().splitlines()[-1] == "-e ."
    assert not (ROOT / ".binder").exists(), "binder/ and .binder/ together is an error"


def test_environment_yml_installs_the_lock() -> None:
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s*-\s*python=3\.11\s*$", text, re.M)
    assert "-r requirements/runtime.txt" in text
    assert re.search(r"^\s*-\s*-e \.\s*$", text, re.M)
    # No conda package duplicates a pinned pip package (that would be a second source).
    deps = text.split("dependencies:", 1)[1]
    conda_pkgs = re.findall(r"^  - ([A-Za-z0-9_\-]+)", deps, re.M)
    assert set(conda_pkgs) <= {"python", "pip"}


def test_entry_script_and_ci_use_the_lock_and_the_readme_command() -> None:
    # Students' tasks install the runtime lock only; the test task adds dev and instructor
    # (the tests run nbgrader).
    assert COURSE.GROUPS == {"runtime": ["runtime"], "dev": ["dev", "instructor"]}
    course = (ROOT / "course.py").read_text(encoding="utf-8")
    assert '"runtime": ["runtime"]' in course and '"dev": ["dev", "instructor"]' in course
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python course.py test" in readme and "python course.py lab" in readme
    assert "course.py test" in ci
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "course.py test" in makefile and "course.py lab" in makefile
