"""Checks every committed notebook must pass without running a kernel.

Each check takes a notebook as a plain dict (the .ipynb JSON) and returns a list of
problems as short sentences; an empty list means the notebook is clean.
"""

from __future__ import annotations

import re
from typing import Any

VEGALITE = "application/vnd.vegalite.v5+json"
AUTO_PARAM = re.compile(r"^(param|view|selector)_?\d+$")
OUTPUT_CAPTURE = re.compile(
    r"\binteract(ive_output)?\s*\(|\bwith\s+\w+\s*:\s*$|\bOutput\s*\(", re.M
)
SETUP_CALL = re.compile(r"helpers\.setup\(\s*[\"']([^\"']+)[\"']\s*\)")


def _join(value: Any) -> str:
    """ipynb stores multi-line strings either as one string or as a list of lines."""
    return "".join(value) if isinstance(value, list) else str(value)


def _src(cell: dict[str, Any]) -> str:
    return _join(cell.get("source", ""))


def _tags(cell: dict[str, Any]) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def code_cells(nb: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]


def check_execution(nb: dict[str, Any]) -> list[str]:
    cells = [c for c in code_cells(nb) if _src(c).strip()]
    counts = [c.get("execution_count") for c in cells]
    if any(n is None for n in counts):
        return ["has code cells that were never executed (run `python course.py execute`)"]
    if counts != list(range(1, len(cells) + 1)):
        return [f"execution counts are {counts}, not 1..{len(cells)} (a fresh top-to-bottom run)"]
    return []


def check_semicolons(nb: dict[str, Any]) -> list[str]:
    out = []
    for i, cell in enumerate(code_cells(nb)):
        lines = [ln for ln in _src(cell).rstrip().splitlines() if ln.strip()]
        if lines and lines[-1].rstrip().endswith(";"):
            out.append(f"code cell {i} ends with ';' (nbval ignores it; remove it)")
    return out


def check_widget_state(nb: dict[str, Any]) -> list[str]:
    out = []
    if "widgets" in nb.get("metadata", {}):
        out.append("carries a metadata.widgets blob (run `python course.py execute`)")
    for i, cell in enumerate(code_cells(nb)):
        for output in cell.get("outputs", []):
            if "application/vnd.jupyter.widget-view+json" in output.get("data", {}):
                out.append(f"code cell {i} stores a widget view with a random model id")
    return out


def _params(spec: Any) -> list[str]:
    names: list[str] = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "params" and isinstance(value, list):
                names += [p.get("name", "") for p in value if isinstance(p, dict)]
            names += _params(value)
    elif isinstance(spec, list):
        for item in spec:
            names += _params(item)
    return names


def check_charts(nb: dict[str, Any]) -> list[str]:
    out = []
    for i, cell in enumerate(code_cells(nb)):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if VEGALITE not in data:
                continue
            spec = data[VEGALITE]
            if not str(spec.get("description", "")).strip():
                out.append(f"code cell {i}: a chart without a description")
            if "image/png" not in data:
                out.append(f"code cell {i}: a chart without a PNG fallback")
            if not _join(data.get("text/plain", "")).startswith("Chart: "):
                out.append(f"code cell {i}: a chart whose text/plain is not its description")
            if "course-table-toggle" not in str(cell.get("outputs")):
                out.append(f"code cell {i}: a chart without its 'Show as table' block")
            auto = sorted({n for n in _params(spec) if AUTO_PARAM.match(n)})
            if auto:
                out.append(f"code cell {i}: auto-named chart params {auto}; name them explicitly")
    return out


def check_output_capture(nb: dict[str, Any]) -> list[str]:
    out = []
    for i, cell in enumerate(code_cells(nb)):
        if OUTPUT_CAPTURE.search(_src(cell)) and "nbval-ignore-output" not in _tags(cell):
            out.append(f"code cell {i} captures output in a widget but lacks nbval-ignore-output")
    return out


def check_errors(nb: dict[str, Any]) -> list[str]:
    out = []
    for i, cell in enumerate(code_cells(nb)):
        if "raises-exception" in _tags(cell):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                out.append(f"code cell {i} stored an error: {output.get('ename')}")
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                out.append(f"code cell {i} printed to stderr (a warning a student would see)")
    return out


def check_setup(nb: dict[str, Any], stem: str) -> list[str]:
    cells = [c for c in code_cells(nb) if _src(c).strip()]
    if not cells:
        return ["has no code cells"]
    match = SETUP_CALL.search(_src(cells[0]))
    if not match:
        return ["the first code cell does not call helpers.setup(...)"]
    if match.group(1) != stem:
        return [f"helpers.setup({match.group(1)!r}) does not name this notebook ({stem!r})"]
    return []


def problems(nb: dict[str, Any], stem: str) -> list[str]:
    """Every hygiene problem of one notebook."""
    return [
        *check_execution(nb),
        *check_semicolons(nb),
        *check_widget_state(nb),
        *check_charts(nb),
        *check_output_capture(nb),
        *check_errors(nb),
        *check_setup(nb, stem),
    ]
