"""The results table (Markdown: readable in a terminal, pasted as is into CONTRIBUTING.md)."""

from __future__ import annotations

from typing import Any

from .common import ROOT
from .targets import run_all_limit

BEGIN = "<!-- bench:results begin (python course.py bench --contributing rewrites this) -->"
END = "<!-- bench:results end -->"


def _ok(holds: bool) -> str:
    return "yes" if holds else "**NO**"


def _targets(part: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["name"]: t for t in part.get("targets", [])}


def _kernel(k: dict[str, Any], b: dict[str, Any] | None) -> list[str]:
    out = [
        f"Kernel floor (fresh kernel, `import pandas, altair, ipywidgets`, median of "
        f"{k['rounds']}): **{k['floor_s']:.2f} s**; the course's set-up cell above it: "
        f"**{k['setup_cell_s']:.2f} s**."
    ]
    if b:
        load = b.get("machine", {}).get("load_average_at_start")
        out.append(
            f"Browser floor (Run All to last output drawn, imports-only notebook, median of "
            f"{b['rounds']}): **{b['floor_s']:.2f} s** (browser part measured "
            f"{b.get('measured_at', '?')}, load {load}, commit {b.get('commit')})."
        )
    head = "| lesson | kernel Run-All | × floor | limit | holds |"
    if b:
        head += " browser Run All → drawn | × floor | limit | holds |"
    out += ["", head, _rule(head)]
    kt = _targets(k)
    bt = _targets(b) if b else {}
    for name, row in k["lessons"].items():
        t = kt[f"{name} Run-All"]
        cells = [
            name,
            f"{row['run_all_s']:.2f} s",
            f"{row['ratio']:.2f}",
            f"{t['limit']:.2f} s",
            _ok(t["holds"]),
        ]
        if b and name in b["lessons"]:
            brow, bt_row = b["lessons"][name], bt[f"{name} Run-All"]
            cells += [
                f"{brow['run_all_s']:.2f} s",
                f"{brow['ratio']:.2f}",
                f"{bt_row['limit']:.2f} s",
                _ok(bt_row["holds"]),
            ]
        elif b:
            cells += ["–"] * 4
        out.append("| " + " | ".join(cells) + " |")
    return out


def _rule(header: str) -> str:
    return "|" + " --- |" * (header.count("|") - 1)


def _browser_only(b: dict[str, Any]) -> list[str]:
    limit = run_all_limit(b["floor_s"])
    out = [
        f"Browser floor: **{b['floor_s']:.2f} s** (limit per lesson {limit:.2f} s).",
        "",
        "| lesson | browser Run All → drawn | × floor | holds |",
        "| --- | --- | --- | --- |",
    ]
    bt = _targets(b)
    for name, row in b["lessons"].items():
        t = bt[f"{name} Run-All"]
        out.append(
            f"| {name} | {row['run_all_s']:.2f} s | {row['ratio']:.2f} | {_ok(t['holds'])} |"
        )
    return out


def _callbacks(c: dict[str, Any]) -> list[str]:
    ct = _targets(c)
    rows = c["callbacks"]
    out = [
        f"Callbacks (value change → new output computed, in a kernel; {c['samples']} samples "
        f"per explorer control, {c['exercise_samples']} per exercise, after warm-up; limit "
        "p95 30 ms). Explorer controls:",
        "",
        "| lesson | control | p50 | p95 | max | holds |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, row in rows.items():
        if row["control"].startswith("exercise "):
            continue
        out.append(
            f"| {row['lesson']} | {row['control']} | {row['p50_ms']:.1f} ms | "
            f"{row['p95_ms']:.1f} ms | {row['max_ms']:.1f} ms | {_ok(ct[f'{name} p95']['holds'])} |"
        )
    out += [
        "",
        "Exercises (answer set in the controls, Submit clicked; typing in a written answer), "
        "per lesson: the slowest by p95, and how many hold:",
        "",
        "| lesson | callbacks | slowest | p50 | p95 | holding |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    lessons: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for name, row in rows.items():
        if row["control"].startswith("exercise "):
            lessons.setdefault(row["lesson"], []).append((name, row))
    for lesson, items in lessons.items():
        name, worst = max(items, key=lambda item: item[1]["p95_ms"])
        holding = sum(1 for n, _r in items if ct[f"{n} p95"]["holds"])
        out.append(
            f"| {lesson} | {len(items)} | {worst['control'].removeprefix('exercise ')} | "
            f"{worst['p50_ms']:.1f} ms | {worst['p95_ms']:.1f} ms | {holding} of {len(items)} |"
        )
    return out


def _setup(s: dict[str, Any]) -> list[str]:
    out = [
        "First-run set-up from a fresh clone (`python course.py settings`: venv creation and "
        "the runtime install, empty package cache):",
        "",
        "| installer | venv | install | total |",
        "| --- | --- | --- | --- |",
    ]
    for name, row in s["installers"].items():
        if "error" in row:
            out.append(f"| {name} | – | – | {row['error']} |")
            continue
        times = (row["venv_s"], row["install_s"], row["total_s"])
        out.append(f"| {name} | " + " | ".join(f"{t:.1f} s" for t in times) + " |")
    if s.get("default"):
        out += ["", f"`course.py` uses **{s['default']}** on this machine."]
    return out


def _sizes(z: dict[str, Any]) -> list[str]:
    out: list[str] = []
    venv = z.get("venv")
    zt = _targets(z)
    if venv:
        t = zt["runtime venv"]
        out += [
            f"Runtime venv **{venv['runtime_mb']:.0f} MB** against a bare jupyterlab + pandas + "
            f"altair + ipywidgets venv of **{venv['bare_mb']:.0f} MB** (same installer, same "
            f"pins): × {venv['ratio']:.2f}, limit × 1.3: {_ok(t['holds'])}. Extras:",
            "",
            "| package | MB | why |",
            "| --- | --- | --- |",
        ]
        for row in venv["extras"]:
            out.append(f"| {row['name']} | {row['mb']:.1f} | {row['why']} |")
        out.append("")
    out += ["| notebook | KB | holds (≤ 500 KB) |", "| --- | --- | --- |"]
    for name, kb in z["notebooks_kb"].items():
        out.append(f"| {name} | {kb:.0f} | {_ok(zt[f'{name} file']['holds'])} |")
    return out


def _tests(t: dict[str, Any]) -> list[str]:
    out = [
        f"Test command (`python course.py test`, 2 workers): **{t['total_s'] / 60:.1f} min** "
        f"wall (limit 12 min): {_ok(_targets(t)['test command']['holds'])}."
        + (f" pytest exit status {t['pytest_exit']}." if "pytest_exit" in t else ""),
        "",
        "| part | wall | test time (summed over workers) | tests |",
        "| --- | --- | --- | --- |",
    ]
    for name, row in t["parts"].items():
        wall = f"{row['wall_s']:.0f} s" if row.get("wall_s") is not None else "–"
        out.append(f"| {name} | {wall} | {row['test_s']:.0f} s | {row.get('tests', '–')} |")
    return out


def table(results: dict[str, Any], measured: list[str] | None) -> str:
    """Every part in ``results`` as Markdown; each part says when it was measured (and, unless
    ``measured`` is None, whether in this run)."""
    parts = results.get("parts", {})
    lines: list[str] = []
    first: dict[str, Any] = next(iter(parts.values()), {})
    m = first.get("machine", {})
    if m:
        lines += [
            f"Measured on: {m.get('cpu', '?')}, {m.get('cores')} cores, "
            f"{m.get('memory_gb', '?')} GB, {m.get('system')}, Python {m.get('python')}.",
            "",
        ]
    sections = []
    if "kernel" in parts:
        sections.append(("kernel", _kernel(parts["kernel"], parts.get("browser"))))
    elif "browser" in parts:
        sections.append(("browser", _browser_only(parts["browser"])))
    if "callbacks" in parts:
        sections.append(("callbacks", _callbacks(parts["callbacks"])))
    if "setup" in parts:
        sections.append(("setup", _setup(parts["setup"])))
    if "sizes" in parts:
        sections.append(("sizes", _sizes(parts["sizes"])))
    if "tests" in parts:
        sections.append(("tests", _tests(parts["tests"])))
    for name, body in sections:
        p = parts[name]
        when = p.get("measured_at", "?")
        load = p.get("machine", {}).get("load_average_at_start")
        fresh = "" if measured is None else ("this run, " if name in measured else "earlier, ")
        lines += [f"### {name} ({fresh}{when}, load {load}, commit {p.get('commit')})", ""]
        lines += body
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def update_contributing(results: dict[str, Any]) -> bool:
    """Replace the table between the markers in CONTRIBUTING.md; False if they are missing."""
    path = ROOT / "CONTRIBUTING.md"
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        return False
    head, rest = text.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    body = table(results, None).replace("### ", "#### ")
    path.write_text(f"{head}{BEGIN}\n\n{body}\n{END}{tail}", encoding="utf-8")
    return True
