"""Lesson 06 in a real browser: charts drawn, no answer in view, a model item answered wrong
then right, a widget slider of the crisis game redraws its chart through the display handle,
the step-size chart's legend (a Vega-Lite parameter) highlights one strategy, and the record's
full text opens from its collapsed block."""

from __future__ import annotations

import re

import pytest
from browser import assert_charts_drawn, exercise, open_and_run_all, screenshot, submit_and_read
from visible_answers import assert_no_answer_visible

from helpers.exercises import computed

pytestmark = pytest.mark.browser

NAME = "06-escalation-ambiguity-salami.ipynb"
CRISIS_TITLE = "Russia's choice as the Allies raise the risk"
STEPS_TITLE = "Small steps or one fell swoop?"
LINES = 'svg g[class^="mark-line"] path'


def _paths(chart) -> list[str]:
    return chart.locator(LINES).evaluate_all("els => els.map(e => e.getAttribute('d') || '')")


def _opacities(chart) -> list[str]:
    return chart.locator(LINES).evaluate_all(
        "els => els.map(e => e.getAttribute('stroke-opacity') || e.getAttribute('opacity') || '1')"
    )


def test_06_escalation_in_jupyterlab(server, page) -> None:
    open_and_run_all(page, server, f"notebooks/{NAME}")
    assert_charts_drawn(page, NAME)
    # Before the student acts, no explanation, feedback or model answer is on screen.
    assert_no_answer_visible(page)

    # A widget control of the crisis game: the slider redraws the chart via its handle.
    crisis = page.locator(".vega-embed", has_text=CRISIS_TITLE).first
    crisis.scroll_into_view_if_needed()
    before = _paths(crisis)
    assert before
    controls = page.locator(".course-explorer-crisis").first
    screenshot(controls, "browser-06-crisis-controls")
    readout = controls.locator(".course-control-stake_russia .widget-readout")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("100")
    page.keyboard.press("Enter")
    # The handle replaces the output, so look the chart up again on every poll.
    page.wait_for_function(
        "([title, before]) => { const el = [...document.querySelectorAll('.vega-embed')]"
        ".find(e => e.textContent.includes(title)); if (!el) return false;"
        " const ps = [...el.querySelectorAll('svg g[class^=mark-line] path')]"
        ".map(p => p.getAttribute('d') || ''); return ps.length && ps.join('|') !== before; }",
        arg=[CRISIS_TITLE, "|".join(before)],
        timeout=15_000,
    )
    crisis = page.locator(".vega-embed", has_text=CRISIS_TITLE).first
    assert _paths(crisis) != before
    screenshot(crisis, "browser-06-crisis-after-slider")
    status = page.locator(".course-readout-crisis").first
    key = computed.KEY_FUNCTIONS["l06_crisis_threshold_stake100"]({})
    assert f"risk level {key:.2f}" in status.inner_text()

    # The model item: wrong, then right (the key is what the explorer now shows).
    num = exercise(page, "06.crisis-threshold")
    num.scroll_into_view_if_needed()
    box = num.locator("input[type=text]")
    box.fill("0.9")
    box.press("Enter")
    wrong = submit_and_read(num)
    assert "Not quite" in wrong
    box.fill(f"{key:.2f}")
    box.press("Enter")
    assert re.search(r"[Cc]orrect", submit_and_read(num))

    # A chart control: clicking a legend entry of the step-size chart highlights one strategy.
    steps = page.locator(".vega-embed", has_text=STEPS_TITLE).first
    steps.scroll_into_view_if_needed()
    opacity_before = _opacities(steps)
    steps.locator('svg g[class*="legend"] g[class*="legend-symbol"] path, '
                  "svg .role-legend-symbol path").first.click()  # fmt: skip
    page.wait_for_function(
        "([el, before]) => [...el.querySelectorAll('svg g[class^=\"mark-line\"] path')]"
        ".map(e => e.getAttribute('stroke-opacity') || e.getAttribute('opacity') || '1')"
        ".join('|') !== before",
        arg=[steps.element_handle(), "|".join(opacity_before)],
        timeout=10_000,
    )
    assert _opacities(steps) != opacity_before
    screenshot(steps, "browser-06-steps-legend")
    screenshot(page.locator(".course-explorer-quiet").first, "browser-06-quiet-controls")
    screenshot(page.locator(".course-readout-crisis").first, "browser-06-crisis-readout")
    screenshot(page.locator(".course-council").first, "browser-06-council-table")

    # The record: a compact table in view, the warnings' words and what followed one click away.
    record = page.locator(".course-record").first
    record.scroll_into_view_if_needed()
    full = page.locator("details.course-record-full").first
    assert not full.locator("table").is_visible()
    full.locator("summary").click()
    assert full.locator("table").is_visible()
    screenshot(record, "browser-06-record-compact")
    screenshot(full, "browser-06-record-full")
