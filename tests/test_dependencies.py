"""One source of truth for versions: pyproject ranges → requirements/*.txt pins →
environment.yml, binder/ and the entry script all follow the same lock."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
REQ = ROOT / "requirements"
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


LOCKS = {g: pins(REQ / f"{g}.txt") for g in ("runtime", "dev", "instructor")}


def test_every_lock_line_is_a_pin_or_comment() -> None:
    for group in LOCKS:
        for line in (REQ / f"{group}.txt").read_text(encoding="utf-8").splitlines():
            s = line.strip()
            assert not s or s.startswith("#") or PIN.match(s), f"{group}.txt: {line!r}"


@pytest.mark.parametrize(
    "group,specs",
    [
        ("runtime", lambda p: p["project"]["dependencies"]),
        ("dev", lambda p: p["project"]["optional-dependencies"]["dev"]),
        ("instructor", lambda p: p["project"]["optional-dependencies"]["instructor"]),
    ],
)
def test_lock_satisfies_pyproject(group, specs) -> None:
    for spec in specs(pyproject()):
        req = Requirement(spec)
        versions = LOCKS[group].get(canonicalize_name(req.name))
        assert versions, f"{req.name} is declared in pyproject.toml but not pinned in {group}.txt"
        for v in versions:
            assert req.specifier.contains(v, prereleases=True), f"{req.name}=={v} breaks {spec}"


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
    course = (ROOT / "course.py").read_text(encoding="utf-8")
    assert '"runtime": ["runtime"]' in course and '"dev": ["dev", "instructor"]' in course
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python course.py test" in readme and "python course.py lab" in readme
    assert "course.py test" in ci
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "course.py test" in makefile and "course.py lab" in makefile
