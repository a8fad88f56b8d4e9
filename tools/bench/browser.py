"""Run All to the last output drawn, in the browser tests' JupyterLab and Chromium.

One JupyterLab (``tests/browser.py``'s ``lab_server``: isolated settings, a copy of the
notebooks, no network) and one headless Chromium page. Each measurement opens a notebook in
that page (closing the previous one and its kernel, so every run gets a fresh kernel),
waits until its stored outputs have finished drawing, then runs Run All and stops the clock
at the last change to the notebook's DOM once every chart has drawn its marks and every
widget output holds a rendered widget, and nothing has changed for a second (the quiet
second is not counted). The floor is a notebook holding only ``import pandas, altair,
ipywidgets``, measured in every round like the lessons.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import nbformat

from .common import FLOOR_IMPORTS, ROOT, lessons, median, say
from .targets import run_all_limit

VEGALITE = "application/vnd.vegalite.v5+json"
FLOOR_NAME = "bench-floor.ipynb"

TIMED_RUN_ALL_JS = """
async (expectedCharts) => {
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.sessionContext.ready;
  const node = panel.content.node;
  let last = performance.now();
  const observer = new MutationObserver(() => { last = performance.now(); });
  observer.observe(node, {childList: true, subtree: true, characterData: true});
  // Let the stored outputs finish drawing before the clock starts.
  const settleBy = performance.now() + 30000;
  while (performance.now() - last < 1000 && performance.now() < settleBy) await sleep(50);
  const t0 = performance.now();
  await app.commands.execute('notebook:run-all-cells');
  for (let i = 0; i < 6000; i++) {
    const k = panel.sessionContext.session && panel.sessionContext.session.kernel;
    if (k && k.status === 'idle') break;
    await sleep(20);
  }
  const idle = performance.now() - t0;
  const mime = 'application/vnd.jupyter.widget-view+json';
  const state = () => {
    const charts = [...node.querySelectorAll('.vega-embed')];
    const drawn = charts.filter(c => c.querySelector('svg g[class^="mark-"]')).length;
    let widgetOutputs = 0;
    for (const cell of panel.content.widgets) {
      if (cell.model.type !== 'code') continue;
      for (const o of cell.model.outputs.toJSON()) if (o.data && o.data[mime]) widgetOutputs++;
    }
    const widgets = node.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets').length;
    return {charts: charts.length, drawn, widgetOutputs, widgets};
  };
  const deadline = performance.now() + 120000;
  let s = state();
  while (performance.now() < deadline) {
    s = state();
    const done = s.drawn >= expectedCharts && s.drawn === s.charts && s.widgets === s.widgetOutputs;
    if (done && performance.now() - last >= 1000) break;
    await sleep(50);
  }
  observer.disconnect();
  const timedOut = performance.now() >= deadline;
  return {runAll: (last - t0) / 1000, idle: idle / 1000, timedOut, ...s};
}
"""


def expected_charts(path: Path) -> int:
    """How many Vega-Lite outputs the stored notebook shows (the live run draws as many)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return sum(
        1 for c in nb["cells"] for o in c.get("outputs", []) if VEGALITE in o.get("data", {})
    )


def _floor_notebook(folder: Path) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(FLOOR_IMPORTS)]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, folder / FLOOR_NAME)
    return f"notebooks/{FLOOR_NAME}"


def measure(paths: list[Path], rounds: int = 3) -> dict[str, Any]:
    """Browser floor and each lesson's Run All → drawn: medians over interleaved rounds."""
    sys.path.insert(0, str(ROOT / "tests"))
    import browser as harness  # tests/browser.py: the browser tests' own harness

    if not harness.chromium_available():
        raise RuntimeError("the browser part needs Debian's chromium and playwright")
    paths = paths or lessons()
    tmp = Path(tempfile.mkdtemp(prefix="bench-browser-"))
    blocked = harness.Blocked()
    samples: dict[str, list[dict[str, Any]]] = {}
    with harness.lab_server(tmp) as server, harness.browser_page(blocked) as page:
        floor_rel = _floor_notebook(server.root / "notebooks")
        targets = [(FLOOR_NAME, floor_rel, 0)] + [
            (p.stem, f"notebooks/{p.name}", expected_charts(p)) for p in paths
        ]
        page.set_default_timeout(180_000)
        page.goto(server.notebook_url(floor_rel))
        page.wait_for_function(
            "() => window.jupyterapp && window.jupyterapp.shell.currentWidget "
            "&& window.jupyterapp.shell.currentWidget.sessionContext",
            timeout=120_000,
        )
        for r in range(rounds + 1):
            label = "warm-up" if r == 0 else f"round {r} of {rounds}"
            for name, rel, charts in targets:
                page.evaluate(harness.SWITCH_NOTEBOOK_JS, rel)
                result = page.evaluate(TIMED_RUN_ALL_JS, charts)
                flag = " (timed out)" if result["timedOut"] else ""
                say(
                    f"browser {label}: {name} {result['runAll']:.2f} s to drawn "
                    f"(kernel idle {result['idle']:.2f} s, {result['drawn']} charts, "
                    f"{result['widgets']} widgets){flag}"
                )
                if r:
                    samples.setdefault(name, []).append(result)
    floor = median([s["runAll"] for s in samples[FLOOR_NAME]])
    out: dict[str, Any] = {
        "rounds": rounds,
        "floor_s": round(floor, 3),
        "floor_samples_s": [round(s["runAll"], 3) for s in samples[FLOOR_NAME]],
        "limit_s": round(run_all_limit(floor), 3),
        "blocked_requests": len(blocked.urls),
        "lessons": {},
    }
    for name, runs in samples.items():
        if name == FLOOR_NAME:
            continue
        wall = median([s["runAll"] for s in runs])
        out["lessons"][name] = {
            "run_all_s": round(wall, 3),
            "ratio": round(wall / floor, 3) if floor else None,
            "kernel_idle_s": round(median([s["idle"] for s in runs]), 3),
            "samples_s": [round(s["runAll"], 3) for s in runs],
            "charts_drawn": runs[-1]["drawn"],
            "widgets_drawn": runs[-1]["widgets"],
            "timed_out": any(s["timedOut"] for s in runs),
        }
    return out
