"""Why this file is long: it is one module-scoped server and page shared by every lesson's
generic checks; splitting it would start a second JupyterLab and double the wait.

Every lesson in a real browser, generically: one JupyterLab server for the module.

For each notebook in notebooks/ (new lessons are picked up automatically):

* with a kernel: open the server's copy, restart the kernel, run all (awaiting the command),
  then require no error output, every chart drawn (charts with ``g.mark-*`` marks = chart
  outputs; labels = descriptions), every exercise widget rendered, one multiple-choice item
  answered with feedback shown, one chart control (a Vega-Lite parameter) and one widget
  control changed with a measured redraw, and the kernel's loopback-only socket guard on;
  axe-core finds no serious or critical violation in the outputs;
* without a kernel: the stored outputs alone draw every chart, and chart-only controls
  still redraw their chart.

Every request to a non-loopback address is blocked and counted (the ``page`` fixture fails
the test unless the count is zero). Screenshots go to test-artifacts/. The lesson-specific
assertions stay in tests/test_browser_0N.py; this module asserts what every lesson shares.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from browser import RUN_ALL_JS, exercise, screenshot, submit_and_read
from conftest import lesson_paths

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
VEGALITE = "application/vnd.vegalite.v5+json"
AXE = ROOT / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
LESSONS = lesson_paths()
# What the run exercised, across lessons (checked by the last test of the module).
EXERCISED: dict[str, list[str]] = {"chart_control": [], "widget_control": []}


# ---- what a notebook's stored outputs and bank say -------------------------------------------


def chart_outputs(path: Path) -> list[dict[str, Any]]:
    """Every Vega-Lite output stored in ``path``, in order (spec and the rest of the bundle)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [
        out["data"]
        for cell in nb["cells"]
        for out in cell.get("outputs", [])
        if VEGALITE in out.get("data", {})
    ]


def chart_descriptions(path: Path) -> list[str]:
    return [data[VEGALITE].get("description", "") for data in chart_outputs(path)]


def bound_params(path: Path) -> list[str]:
    """Names of Vega-Lite parameters bound to an input element (not legends) in ``path``."""
    names = []
    for data in chart_outputs(path):
        stack: list[Any] = [data[VEGALITE]]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                for param in node.get("params", []) or []:
                    bind = param.get("bind")
                    if isinstance(bind, dict) and bind.get("input"):
                        names.append(param["name"])
                stack.extend(v for k, v in node.items() if k != "datasets")
            elif isinstance(node, list):
                stack.extend(node)
    return names


def asked_ids(path: Path) -> list[str]:
    """Exercise ids the lesson asks, in order of first appearance."""
    from helpers.exercises import scan_exercise_ids

    found = scan_exercise_ids([path])
    return sorted(found, key=lambda i: found[i][0][1])


def first_choice_item(path: Path) -> tuple[str, str] | None:
    """(id, key option text) of the lesson's first multiple-choice item in its bank."""
    bank = ROOT / "banks" / f"{path.stem}.toml"
    if not bank.exists():
        return None
    items = tomllib.loads(bank.read_text(encoding="utf-8")).get("exercise", [])
    asked = set(asked_ids(path))
    for item in items:
        if item.get("type") == "multiple_choice" and item["id"] in asked:
            return item["id"], item["options"][item["key"]]
    return None


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*_`]", "", text)).strip()


# ---- what the page shows ---------------------------------------------------------------------

CHARTS_JS = """
() => [...document.querySelectorAll('.vega-embed')].map(e => {
  const svg = e.querySelector('svg');
  return {
    marks: e.querySelectorAll('svg g[class^="mark-"], svg g[class*=" mark-"]').length,
    drawn: e.querySelectorAll('svg g[class^="mark-"] > *').length,
    labels: [svg && svg.getAttribute('aria-label'), e.getAttribute('aria-label')],
  };
})
"""

# A short fingerprint of everything a chart draws: geometry, fills, opacity, text.
MARKS_SIGNATURE_JS = """
(root) => {
  const nodes = root.querySelectorAll('svg g[class^="mark-"] *');
  let h = 0;
  const add = s => { for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0; };
  for (const n of nodes) {
    for (const a of ['d', 'transform', 'fill', 'fill-opacity', 'opacity', 'stroke', 'x', 'y'])
      add(n.getAttribute(a) || '');
    if (n.tagName === 'text') add(n.textContent || '');
  }
  return nodes.length + ':' + h;
}
"""

ERRORS_SELECTOR = (
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
    '[data-mime-type="application/vnd.jupyter.stderr"]'
)


def charts_on_page(page) -> list[dict[str, Any]]:
    return page.evaluate(CHARTS_JS)


def wait_for_charts(page, expected: int, timeout: int = 30_000) -> None:
    """Wait until ``expected`` charts have drawn marks."""
    if expected == 0:
        return
    page.wait_for_function(
        "(n) => [...document.querySelectorAll('.vega-embed')].filter("
        "e => e.querySelector('svg g[class^=\"mark-\"] > *')).length >= n",
        arg=expected,
        timeout=timeout,
    )


LIVE_DESCRIPTIONS_JS = """
() => {
  const out = [];
  for (const cell of window.jupyterapp.shell.currentWidget.content.model.cells) {
    if (cell.type !== 'code') continue;
    for (let i = 0; i < cell.outputs.length; i++) {
      const spec = cell.outputs.get(i).data['application/vnd.vegalite.v5+json'];
      if (spec) out.push(spec.description || '');
    }
  }
  return out;
}
"""


def live_descriptions(page) -> list[str]:
    """Descriptions of the chart outputs in the open notebook's model (after a run)."""
    return page.evaluate(LIVE_DESCRIPTIONS_JS)


def assert_every_chart_drawn(page, descriptions: list[str]) -> None:
    """Charts with marks = chart outputs; each labelled by its description."""
    wait_for_charts(page, len(descriptions))
    charts = charts_on_page(page)
    drawn = [c for c in charts if c["marks"] > 0 and c["drawn"] > 0]
    assert len(drawn) == len(descriptions) == len(charts), (len(drawn), len(charts), descriptions)
    for chart, description in zip(charts, descriptions, strict=True):
        assert description and description in chart["labels"], (description, chart["labels"])


def assert_no_error_outputs(page) -> None:
    errors = page.locator(ERRORS_SELECTOR)
    texts = [errors.nth(i).inner_text()[:300] for i in range(errors.count())]
    assert texts == [], texts
    assert page.get_by_text("Traceback (most recent call last)").count() == 0


def assert_every_exercise_rendered(page, path: Path) -> None:
    missing = [i for i in asked_ids(path) if exercise(page, i).count() != 1]
    assert missing == [], f"exercise widgets not rendered: {missing}"


def answer_first_choice(page, path: Path) -> str | None:
    """Answer the lesson's first multiple-choice item with its key; return the feedback."""
    item = first_choice_item(path)
    if item is None:
        return None
    ex_id, key_text = item
    box = exercise(page, ex_id)
    box.scroll_into_view_if_needed()
    labels = box.locator("label")
    want = normalise(key_text)[:40]
    for i in range(labels.count()):
        if normalise(labels.nth(i).inner_text()).startswith(want):
            labels.nth(i).click()
            break
    else:
        raise AssertionError(f"{ex_id}: no option label starts with {want!r}")
    feedback = submit_and_read(box)
    assert feedback.strip(), f"{ex_id}: no feedback"
    assert re.search(r"[Cc]orrect", feedback), feedback
    return feedback


def marks_signature(page, root_selector: str = "body") -> str:
    return page.locator(root_selector).first.evaluate(MARKS_SIGNATURE_JS)


def wait_for_redraw(page, root, before: str, timeout: int = 10_000) -> None:
    """Wait until the marks under ``root`` differ from the ``before`` signature."""
    page.wait_for_function(
        f"([root, before]) => ({MARKS_SIGNATURE_JS})(root) !== before",
        arg=[root, before],
        timeout=timeout,
    )


def change_chart_control(page) -> bool:
    """Change the first Vega-Lite bound input; True if found. Waits for the redraw."""
    controls = page.locator(".vega-embed .vega-bindings input, .vega-embed .vega-bindings select")
    if controls.count() == 0:
        return False
    control = controls.first
    embed = control.locator("xpath=ancestor::div[contains(@class, 'vega-embed')][1]")
    embed.scroll_into_view_if_needed()
    before = embed.evaluate(MARKS_SIGNATURE_JS)
    kind = control.evaluate("el => el.tagName.toLowerCase() + ':' + (el.type || '')")
    if kind.startswith("select"):
        options = control.locator("option")
        current = control.input_value()
        values = [options.nth(i).get_attribute("value") for i in range(options.count())]
        control.select_option(next(v for v in values if v != current))
    elif kind.endswith("range"):
        control.evaluate(
            "el => { el.value = String(el.value === el.min ? el.max : el.min);"
            " el.dispatchEvent(new Event('input', {bubbles: true})); }"
        )
    elif kind.endswith("checkbox"):
        control.click()
    elif kind.endswith("radio"):
        radios = embed.locator(".vega-bindings input[type=radio]")
        radios.nth(radios.count() - 1 if radios.first.is_checked() else 0).check()
    else:
        raise AssertionError(f"unexpected Vega-Lite binding element {kind}")
    wait_for_redraw(page, embed.element_handle(), before)
    return True


WIDGET_CONTROLS = '[class*="course-control-"]'


def change_widget_control(page) -> bool:
    """Change the first model control (ipywidgets, outside exercises); wait for a redraw."""
    controls = page.locator(WIDGET_CONTROLS)
    if controls.count() == 0:
        return False
    before = marks_signature(page)
    control = controls.first
    control.scroll_into_view_if_needed()
    select = control.locator("select")
    slider = control.locator(".noUi-handle, input[type=range]")
    buttons = control.locator("button")
    checkbox = control.locator("input[type=checkbox]")
    if select.count():
        values = select.first.locator("option").evaluate_all("os => os.map(o => o.value)")
        current = select.first.input_value()
        select.first.select_option(next(v for v in values if v != current))
    elif slider.count():
        slider.first.focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        if marks_signature(page) == before:
            for _ in range(6):
                page.keyboard.press("ArrowLeft")
    elif checkbox.count():
        checkbox.first.click()
    elif buttons.count() > 1:
        pressed = buttons.evaluate_all(
            "bs => bs.findIndex(b => b.classList.contains('mod-active'))"
        )
        buttons.nth(1 if pressed == 0 else 0).click()
    else:
        raise AssertionError("a course-control-* widget without a select, slider or buttons")
    wait_for_redraw(page, page.locator("body").element_handle(), before, timeout=20_000)
    return True


# ---- axe-core --------------------------------------------------------------------------------


def axe_available() -> bool:
    if AXE.exists():
        return True
    if os.environ.get("CI"):
        pytest.fail("axe-core is missing: run `npm ci --prefix tests/axe` (.ci/run does)")
    return False


def axe_violations(page, include: list[str] | None = None) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations (in ``include`` selectors, else the page)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        """async (include) => {
          const context = include ? {include: include.map(s => [s])} : document;
          const r = await window.axe.run(context, {resultTypes: ['violations']});
          return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
        }""",
        include,
    )
    return [v for v in results if v["impact"] in ("serious", "critical")]


# ---- JupyterLab helpers ----------------------------------------------------------------------


def open_notebook(page, server, rel: str) -> None:
    page.goto(server.notebook_url(rel))
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.shell.currentWidget "
        "&& window.jupyterapp.shell.currentWidget.sessionContext",
        timeout=60_000,
    )


RESTART_JS = """
async () => {
  const ctx = window.jupyterapp.shell.currentWidget.sessionContext;
  await ctx.ready;
  await ctx.session.kernel.restart();
  for (let i = 0; i < 900; i++) {
    if (ctx.session.kernel.status === 'idle') return true;
    await new Promise(r => setTimeout(r, 100));
  }
  return false;
}
"""

GUARD_JS = """
async () => {
  const k = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  let out = '';
  const f = k.requestExecute({code: 'import socket\\nprint(socket.socket.connect.__name__)',
                              silent: false, store_history: false});
  f.onIOPub = msg => { if (msg.header.msg_type === 'stream') out += msg.content.text; };
  await f.done;
  return out.trim();
}
"""

SHUTDOWN_JS = """
async () => {
  const ctx = window.jupyterapp.shell.currentWidget.sessionContext;
  await ctx.ready;
  await ctx.shutdown();
  return !ctx.session;
}
"""


# ---- the tests -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_runs_in_jupyterlab(server, page, path: Path) -> None:
    rel = f"notebooks/{path.name}"
    open_notebook(page, server, rel)
    assert page.evaluate(RESTART_JS), "the kernel did not restart"
    # The kernel-side network guard (tests/browser.py KERNEL_GUARD) is installed.
    assert page.evaluate(GUARD_JS) == "_loopback_only"
    page.evaluate(RUN_ALL_JS)

    assert_no_error_outputs(page)
    assert_every_chart_drawn(page, live_descriptions(page))
    assert_every_exercise_rendered(page, path)
    screenshot(page, f"suite-lab-{path.stem}")
    if first_choice_item(path):
        answer_first_choice(page, path)
    if bound_params(path):
        assert change_chart_control(page), f"{path.name}: bound parameters but no control"
        EXERCISED["chart_control"].append(path.stem)
    if page.locator(WIDGET_CONTROLS).count():
        assert change_widget_control(page)
        EXERCISED["widget_control"].append(path.stem)
    assert_no_error_outputs(page)
    screenshot(page, f"suite-lab-{path.stem}-after")

    if axe_available():
        violations = axe_violations(page, [".jp-OutputArea-output"])
        assert violations == [], json.dumps(violations, indent=1)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_charts_work_without_a_kernel(server, page, path: Path) -> None:
    """Stored outputs alone: every chart drawn, chart-only controls redraw their chart."""
    # A fresh copy of the committed file (the served copy may hold autosaved live outputs).
    stored = server.root / "stored" / path.name
    stored.parent.mkdir(exist_ok=True)
    shutil.copyfile(path, stored)
    open_notebook(page, server, f"stored/{path.name}")
    assert page.evaluate(SHUTDOWN_JS), "the kernel is still attached"
    assert_every_chart_drawn(page, chart_descriptions(path))
    assert_no_error_outputs(page)
    if bound_params(path):
        assert change_chart_control(page)
    screenshot(page, f"suite-nokernel-{path.stem}")


def test_suite_exercised_both_kinds_of_control() -> None:
    """Across the lessons, at least one chart control and one widget control were changed."""
    if not LESSONS:
        pytest.skip("no lessons")
    if not EXERCISED["chart_control"] and not EXERCISED["widget_control"]:
        pytest.skip("the lesson tests did not run (no browser)")
    assert EXERCISED["chart_control"], "no lesson has a Vega-Lite control"
    assert EXERCISED["widget_control"], "no lesson has a model (widget) control"
