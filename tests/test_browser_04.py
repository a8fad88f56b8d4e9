"""Lesson 04 in a real browser: charts drawn, the monthly chart's radio (a Vega-Lite
parameter) redraws it, the consensus simulator's widgets redraw its chart through the kernel,
and an exercise answered with the simulator gives feedback, wrong then right."""

from __future__ import annotations

import re

import pytest
from browser import assert_charts_drawn, exercise, open_and_run_all, screenshot, submit_and_read
from visible_answers import assert_no_answer_visible

from helpers.exercises import computed

pytestmark = pytest.mark.browser

NAME = "04-natoization.ipynb"
LULL_TITLE = "Military aid allocated to Ukraine per month"
SIM_TITLE = "Consensus or a coalition of the willing?"
BARS = 'svg g[class^="mark-rect"] path'


LABELS_JS = """
(title) => {
  const chart = [...document.querySelectorAll('.jp-OutputArea-output .vega-embed')]
    .find(el => (el.textContent || '').includes(title));
  if (!chart) return null;
  return [...chart.querySelectorAll('svg g[class^="mark-rect"] path')]
    .map(e => e.getAttribute('aria-label') || '');
}
"""


def _labels(page, title: str) -> list[str]:
    """The ARIA labels Vega gives each bar of the chart titled ``title`` (found afresh:
    a display-handle update replaces the chart's element)."""
    return page.evaluate(LABELS_JS, title) or []


def _wait_for_new_labels(page, title: str, before: list[str]) -> list[str]:
    page.wait_for_function(
        f"([title, before]) => {{ const now = ({LABELS_JS})(title);"
        " return now && now.length > 0 && JSON.stringify(now) !== JSON.stringify(before); }",
        arg=[title, before],
        timeout=20_000,
    )
    return _labels(page, title)


def _set_readout(box, value: str) -> None:
    """Type a value into an ipywidgets slider's editable readout, as a student can."""
    readout = box.locator(".widget-readout, .jupyter-widget-readout").first
    readout.click()
    readout.press("Control+a")
    readout.type(value)
    readout.press("Enter")


def test_04_natoization_in_jupyterlab(server, page) -> None:
    open_and_run_all(page, server, f"notebooks/{NAME}")
    assert_charts_drawn(page, NAME)
    # Before the student acts, no explanation, feedback or model answer is on screen.
    assert_no_answer_visible(page)

    # 1. The monthly chart's radio (Vega-Lite parameter, no kernel): one donor group only.
    lull = page.locator(".vega-embed", has_text=LULL_TITLE).first
    lull.scroll_into_view_if_needed()
    before = _labels(page, LULL_TITLE)
    lull.locator("input[type=radio][value='United States']").check()
    after = _wait_for_new_labels(page, LULL_TITLE, before)
    assert 0 < len(after) < len(before)
    assert all("European donors" not in label for label in after if "group" in label.lower())
    screenshot(lull, "browser-04-lull-us-only")

    # 2. The simulator (ipywidgets -> model -> display handle): every other ally now blocks
    #    with chance 0.02, and the consensus bars shrink while the coalition's do not.
    panel = page.locator(".course-consensus").first
    panel.scroll_into_view_if_needed()
    assert "from the record" in panel.inner_text()
    assert "ASSUMPTION (you can change it)" in panel.inner_text()
    before = _labels(page, SIM_TITLE)
    panel.locator(".course-consensus-role select").select_option(label="every other ally")
    _set_readout(panel.locator(".course-consensus-p-block"), "0.02")
    after = _wait_for_new_labels(page, SIM_TITLE, before)
    assert after != before
    assert "changed by you" in panel.inner_text()
    key = computed.key("sim_nsatu_others_block_pass_pct")
    assert any(f"{key / 100:.2f}" in label for label in after), after
    screenshot(panel, "browser-04-simulator-controls")
    screenshot(page.locator(".vega-embed", has_text=SIM_TITLE).first, "browser-04-simulator-chart")

    # 3. The exercise the student just prepared: wrong, then right.
    box = exercise(page, "04.sim-small-odds")
    box.scroll_into_view_if_needed()
    field = box.locator("input[type=text]")
    field.fill("10")
    field.press("Enter")
    wrong = submit_and_read(box)
    assert "Not quite" in wrong
    field.fill(str(key))
    field.press("Enter")
    assert re.search(r"[Cc]orrect", submit_and_read(box))
