"""Command line of the benchmark: run the chosen parts, write results.json, print the table."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from . import report, targets
from .common import RESULTS, git_commit, lessons, machine, say

PARTS = ("kernel", "browser", "callbacks", "setup", "sizes", "tests")


def parse(argv: list[str]) -> argparse.Namespace:
    """The command-line options."""
    p = argparse.ArgumentParser(prog="python course.py bench", description=__doc__)
    p.add_argument("notebooks", nargs="*", help="lessons to time (default: every lesson)")
    p.add_argument("--only", action="append", choices=PARTS, help="run only this part (repeat)")
    p.add_argument("--rounds", type=int, default=5, help="kernel Run-All rounds (at least 5)")
    p.add_argument("--browser-rounds", type=int, default=5, help="browser rounds (at least 3)")
    p.add_argument("--samples", type=int, default=300, help="samples per callback")
    p.add_argument("--junit", type=Path, help="tests: read durations from this JUnit XML")
    p.add_argument("--installers", default="pip,uv", help="setup: installers to time")
    p.add_argument("--results", type=Path, default=RESULTS, help="results file to update")
    p.add_argument(
        "--contributing", action="store_true", help="rewrite the results table in CONTRIBUTING.md"
    )
    p.add_argument(
        "--table", action="store_true", help="measure nothing: print the table of results.json"
    )
    return p.parse_args(argv)


def run_part(part: str, args: argparse.Namespace) -> dict[str, Any]:
    """Measure one part; imports are lazy so one part's tools never slow another."""
    paths = lessons(args.notebooks)
    if part == "kernel":
        from . import kernel

        return kernel.measure(paths, rounds=args.rounds)
    if part == "browser":
        from . import browser

        return browser.measure(paths, rounds=args.browser_rounds)
    if part == "callbacks":
        from . import callbacks

        return callbacks.measure(samples=args.samples)
    if part == "setup":
        from . import setup

        return setup.measure(args.installers.split(","))
    if part == "sizes":
        from . import sizes

        return sizes.measure()
    if part == "tests":
        from . import testcmd

        return testcmd.measure(args.junit)
    raise ValueError(part)


def load(path: Path) -> dict[str, Any]:
    """The previous results (empty when there are none or they are unreadable)."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data
    except (OSError, ValueError):
        return {}


def main(argv: list[str]) -> int:
    """Run the parts, merge them into results.json, print the table; 1 if a target is missed."""
    args = parse(argv)
    parts = [] if args.table else args.only or list(PARTS)
    results = load(args.results)
    results.setdefault("parts", {})
    measured: list[str] = []
    for part in parts:
        say(f"measuring {part}")
        started = time.time()
        data = run_part(part, args)
        data["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started))
        data["took_s"] = round(time.time() - started, 1)
        data["machine"] = machine()
        data["commit"] = git_commit()
        data["targets"] = [t.as_dict() for t in targets.check(part, data)]
        results["parts"][part] = data
        measured.append(part)
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(report.table(results, measured))
    if args.contributing:
        report.update_contributing(results)
    checked = measured or list(results["parts"])  # --table: every part on file
    missed = [t for part in checked for t in results["parts"][part]["targets"] if not t["holds"]]
    for t in missed:
        say(f"target missed: {t['part']}: {t['name']} {t['value']} {t['unit']} > {t['limit']}")
    return 1 if missed else 0
