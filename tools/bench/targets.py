"""The performance targets (CONTRIBUTING.md, "Performance") and their check.

A target is one row: what is measured, its value, its limit, and whether it holds. The
bench command's exit status is 1 when any target of a part measured in this run is missed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

RUN_ALL_RATIO = 1.3  # Run-All at most 1.3 times the floor ...
RUN_ALL_SLACK_S = 1.0  # ... or the floor plus 1 second, whichever is larger
CALLBACK_P95_MS = 30.0
NOTEBOOK_MAX_KB = 500.0
VENV_RATIO = 1.3
TEST_COMMAND_MAX_S = 12 * 60.0


@dataclass(frozen=True)
class Target:
    """One checked target."""

    part: str
    name: str
    value: float
    limit: float
    unit: str
    holds: bool

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready copy."""
        return asdict(self)


def run_all_limit(floor: float) -> float:
    """The Run-All limit for a floor: max(1.3 × floor, floor + 1 s)."""
    return max(RUN_ALL_RATIO * floor, floor + RUN_ALL_SLACK_S)


def _run_all_targets(part: str, data: dict[str, Any], key: str) -> list[Target]:
    floor = float(data["floor_s"])
    limit = run_all_limit(floor)
    return [
        Target(part, f"{name} Run-All", float(row[key]), round(limit, 3), "s", row[key] <= limit)
        for name, row in data["lessons"].items()
    ]


def check(part: str, data: dict[str, Any]) -> list[Target]:
    """The targets that a part's results decide (empty for parts without a target)."""
    if part == "kernel":
        return _run_all_targets(part, data, "run_all_s")
    if part == "browser":
        return _run_all_targets(part, data, "run_all_s")
    if part == "callbacks":
        return [
            Target(part, f"{name} p95", row["p95_ms"], CALLBACK_P95_MS, "ms", row["p95_ms"] <= 30)
            for name, row in data["callbacks"].items()
        ]
    if part == "sizes":
        out = [
            Target(part, f"{name} file", kb, NOTEBOOK_MAX_KB, "KB", kb <= NOTEBOOK_MAX_KB)
            for name, kb in data["notebooks_kb"].items()
        ]
        venv = data.get("venv")
        if venv:
            limit = round(VENV_RATIO * venv["bare_mb"], 1)
            holds = venv["runtime_mb"] <= limit
            out.append(Target(part, "runtime venv", venv["runtime_mb"], limit, "MB", holds))
        return out
    if part == "tests":
        total = float(data["total_s"])
        holds = total <= TEST_COMMAND_MAX_S
        return [Target(part, "test command", total, TEST_COMMAND_MAX_S, "s", holds)]
    return []
