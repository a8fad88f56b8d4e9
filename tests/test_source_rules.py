"""Rules a reader of the library can rely on: every silenced type error says why, and every
long file says why it is long (CONTRIBUTING.md, "Where code goes")."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = sorted((ROOT / "src" / "helpers").rglob("*.py"))
# Code outside the library that maintainers read: the entry point, tests, tools, benchmarks.
OTHER_CODE = sorted(
    [ROOT / "course.py"]
    + [p for folder in ("tests", "tools", "benchmarks") for p in (ROOT / folder).rglob("*.py")]
)
LONG_FILE_LINES = 400
WHY_LONG = "Why this file is long:"
# "# type: ignore[code, code]  # reason": the codes, then a comment of at least a few words.
IGNORE = re.compile(r"#\s*type:\s*ignore\b(?P<rest>.*)")
WELL_FORMED = re.compile(r"\[[a-z0-9-]+(,\s*[a-z0-9-]+)*\]\s+#\s*\S.{7,}")


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def bad_type_ignores(source: str) -> list[tuple[int, str]]:
    """(line, comment) of each ``# type: ignore`` comment without a code and a reason."""
    found = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            match = IGNORE.search(tok.string)
            if match and not WELL_FORMED.fullmatch(match["rest"].strip()):
                found.append((tok.start[0], tok.string))
    return found


def explains_its_length(source: str) -> bool:
    """True when a file is short, or says why it is long at its top.

    The module docstring opens with "Why this file is long:", or, where the docstring is a
    command's help text (course.py), a comment before it starts the same way.
    """
    if len(source.splitlines()) <= LONG_FILE_LINES:
        return True
    doc = ast.get_docstring(ast.parse(source)) or ""
    if doc.startswith(WHY_LONG):
        return True
    head = source.split('"""', 1)[0]
    return any(line.startswith(f"# {WHY_LONG}") for line in head.splitlines())


@pytest.mark.parametrize("path", [*LIBRARY, ROOT / "course.py"], ids=_rel)
def test_every_type_ignore_has_a_code_and_a_reason(path: Path) -> None:
    bad = bad_type_ignores(path.read_text(encoding="utf-8"))
    assert not bad, f"{_rel(path)}: write '# type: ignore[code]  # reason' at lines {bad}"


@pytest.mark.parametrize("path", [*LIBRARY, *OTHER_CODE], ids=_rel)
def test_a_long_file_says_why_it_is_long(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert explains_its_length(source), (
        f"{_rel(path)} has {len(source.splitlines())} lines (over {LONG_FILE_LINES}): split it "
        f"along a natural seam, or open its module docstring with a paragraph '{WHY_LONG} …'"
    )


def test_the_type_ignore_rule_rejects_what_it_should() -> None:
    good = "x = f()  # type: ignore[arg-type]  # stubs lack the overload\n"
    assert bad_type_ignores(good) == []
    two_codes = "y = g()  # type: ignore[attr-defined, misc]  # set at run time\n"
    assert bad_type_ignores(two_codes) == []
    for bad in (
        "x = f()  # type: ignore\n",
        "x = f()  # type: ignore[arg-type]\n",
        "x = f()  # type: ignore  # no code given here\n",
        "x = f()  # type: ignore[arg-type]  # ok\n",
    ):
        assert bad_type_ignores(bad) == [(1, bad[bad.index("#") :].strip())], bad
    assert bad_type_ignores('s = "# type: ignore"\n') == []  # in a string, not a comment


def test_the_long_file_rule_rejects_what_it_should() -> None:
    body = "x = 1\n" * (LONG_FILE_LINES + 1)
    assert explains_its_length('"""Short."""\n' + "x = 1\n" * 10)
    assert not explains_its_length('"""A long module."""\n' + body)
    assert not explains_its_length(body)
    assert not explains_its_length(f'"""Summary.\n\n{WHY_LONG} reasons."""\n' + body)
    assert explains_its_length(f'"""{WHY_LONG} one model.\n\nSummary."""\n' + body)
    assert explains_its_length(
        f'#!/usr/bin/env python3\n# {WHY_LONG} one entry.\n"""Help."""\n' + body
    )
    assert not explains_its_length(f'"""Help."""\n# {WHY_LONG} too late.\n' + body)
