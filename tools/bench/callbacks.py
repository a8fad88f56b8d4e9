"""Widget callbacks: value change to new output computed, timed inside a real kernel.

A fresh kernel (student environment, working directory ``notebooks/``) imports
``callbacks_kernel`` and drives every explorer control and every exercise's Submit; this
side reads the samples back and reports p50, p95 and max per control.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from jupyter_client.manager import start_new_kernel

from .common import NOTEBOOKS, ROOT, lessons, median, percentile, say, student_env


def measure(samples: int = 300, exercise_samples: int | None = None) -> dict[str, Any]:
    """p50/p95/max per callback (``samples`` per explorer control; exercises: a third)."""
    names = [p.stem for p in lessons()]
    ex_samples = exercise_samples or max(100, samples // 3)
    out = Path(tempfile.mkdtemp(prefix="bench-callbacks-")) / "samples.json"
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'tools')!r})\n"
        "from bench import callbacks_kernel\n"
        f"callbacks_kernel.run({names!r}, {samples}, {ex_samples}, {str(out)!r})\n"
    )
    say(f"callbacks: {samples} samples per explorer control, {ex_samples} per exercise")
    km, kc = start_new_kernel(
        kernel_name="python3", cwd=str(NOTEBOOKS), env=student_env(), stderr=subprocess.DEVNULL
    )
    try:
        reply = kc.execute_interactive(code, timeout=3600, output_hook=lambda _msg: None)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(
                "callback driver failed: " + "\n".join(reply["content"].get("traceback", []))
            )
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    raw = json.loads(out.read_text(encoding="utf-8"))
    rows: dict[str, Any] = {}
    for name, row in raw.items():
        s = row["samples_ms"]
        rows[name] = {
            "lesson": row["lesson"],
            "control": row["control"],
            "n": len(s),
            "p50_ms": round(median(s), 2),
            "p95_ms": round(percentile(s, 95), 2),
            "max_ms": round(max(s), 2),
        }
    worst = max(rows.values(), key=lambda r: r["p95_ms"]) if rows else None
    if worst:
        say(f"callbacks: slowest p95 {worst['p95_ms']} ms ({worst['lesson']} {worst['control']})")
    return {"samples": samples, "exercise_samples": ex_samples, "callbacks": rows}
