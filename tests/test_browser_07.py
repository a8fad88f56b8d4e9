"""Lesson 07 in a real browser: the verdict chart's section and voice menus, a numeric exercise
computed from the data, and the policy-memo builder (a preview line says what a cited row
says; an incomplete memo is refused with the unknown row named; a complete one is saved into
the written answer and downloaded as Markdown).

Same harness as tests/test_browser.py (JupyterLab on 127.0.0.1, Debian's headless Chromium,
every non-loopback request blocked and counted).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser import assert_charts_drawn, exercise, open_and_run_all, screenshot, submit_and_read
from visible_answers import assert_no_answer_visible

from helpers import data
from helpers.analysis import predictions as claims

pytestmark = pytest.mark.browser

NAME = "07-washington-and-the-verdict.ipynb"
BARS = 'svg g[class^="mark-rect"] path'
SECTION = "All Eyes on Washington"

POSITION = (
    "The allies should build on the Washington decisions, but give the bridge to "
    "membership a date and clear conditions."
)
ARGUMENTS = (
    "NATO now coordinates training and donations through a command in Wiesbaden, which "
    "puts aid on a steadier footing than national offers made one at a time.",
    "The pledge is a minimum baseline for one year only and is reviewed at the next "
    "summit, so allied support is still decided one budget year at a time.",
    "The summit gave no invitation and no defence commitment, which fits the view that "
    "the allies lack the collective will to defend Ukraine.",
)
COUNTER = (
    "Stoltenberg argued that an institutional framework brings predictability, "
    "accountability and burden-sharing while consensus on membership is lacking."
)
RECOMMENDATION = (
    "Agree a multi-year pledge with national shares at The Hague and publish the "
    "figures twice a year."
)


def _bar_labels(chart) -> list[str]:
    return chart.locator(BARS).evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")


def _choose(chart, menu, option: str) -> None:
    """Pick a menu option and wait until the chart's bars have redrawn."""
    before = _bar_labels(chart)
    menu.select_option(option)
    chart.page.wait_for_function(
        "([el, before]) => JSON.stringify([...el.querySelectorAll('"
        + BARS.replace("'", "\\'")
        + "')].map(e => e.getAttribute('aria-label'))) !== before",
        arg=[chart.element_handle(), json.dumps(before)],
        timeout=10_000,
    )


def _status(memo) -> str:
    return memo.locator(".course-memo-status").inner_text()


def _save_and_read(memo) -> str:
    before = _status(memo)
    memo.locator(".course-memo-save").click()
    memo.page.wait_for_function(
        "([el, before]) => el.innerText.trim() && el.innerText !== before",
        arg=[memo.locator(".course-memo-status").element_handle(), before],
        timeout=10_000,
    )
    return _status(memo)


def test_07_chart_exercise_and_memo(server, page) -> None:
    predictions = data.predictions()
    open_and_run_all(page, server, f"notebooks/{NAME}")
    assert_charts_drawn(page, NAME)
    # Before the student acts, no explanation, feedback or model answer is on screen.
    assert_no_answer_visible(page)

    # The section menu is a Vega-Lite parameter: choosing a section redraws the bars.
    chart = page.locator(".jp-OutputArea-output .vega-embed").first
    chart.scroll_into_view_if_needed()
    before = _bar_labels(chart)
    assert len(before) == len(claims.verdict_counts(predictions).query("claims > 0"))
    menus = chart.locator(".vega-bindings select")
    assert menus.count() == 2  # section, then voice
    _choose(chart, menus.nth(1), claims.VOICES[2])
    supporters = _bar_labels(chart)
    assert supporters != before and len(supporters) < len(before)
    _choose(chart, menus.nth(1), claims.ALL_VOICES)
    assert sorted(_bar_labels(chart)) == sorted(before)
    _choose(chart, menus.nth(0), SECTION)
    after = _bar_labels(chart)
    assert after != before
    assert any("not testable" in (label or "") for label in after)
    screenshot(chart, "browser-07-chart-washington-section")

    # A numeric item whose key is computed from predictions.csv: wrong, then right.
    num = exercise(page, "07.chart-washington")
    num.scroll_into_view_if_needed()
    box = num.locator("input[type=text]")
    box.fill("99")
    box.press("Enter")
    wrong = submit_and_read(num)
    assert "Not quite" in wrong
    key = claims.count(predictions, verdict="not testable", section=SECTION)
    box.fill(str(key))
    box.press("Enter")
    assert re.search(r"[Cc]orrect", submit_and_read(num))

    # The memo builder: an unknown row is named and nothing is saved ...
    memo = page.locator(".course-memo")
    memo.scroll_into_view_if_needed()
    memo.locator(".course-memo-position textarea").fill(POSITION)
    for i, text in enumerate(ARGUMENTS, start=1):
        memo.locator(f".course-memo-argument-{i} textarea").fill(text)
    memo.locator(".course-memo-evidence-1 input").fill("timeline:2024-nsatu-wiesbaden")
    memo.locator(".course-memo-evidence-1 input").press("Tab")
    preview = memo.locator(".course-memo-preview-1")
    page.wait_for_function(
        "el => el.innerText.includes('NSATU launched')",
        arg=preview.element_handle(),
        timeout=10_000,
    )
    memo.locator(".course-memo-evidence-2 input").fill("facts:washington_pledge_min_baseline")
    memo.locator(".course-memo-counter textarea").fill(COUNTER)
    memo.locator(".course-memo-recommendation textarea").fill(RECOMMENDATION)
    refused = _save_and_read(memo)
    assert "not saved" in refused
    assert "facts:washington_pledge_min_baseline" in refused  # the unknown id, named
    assert "Argument 3: cite at least one row" in refused
    written = exercise(page, "07.memo")
    assert written.locator("textarea").input_value() == ""

    # ... then the fixed memo, with a row added through the search box, is saved.
    memo.locator(".course-memo-evidence-2 input").fill(
        "facts:washington_pledge_min_baseline_eur_bn"
    )
    memo.locator(".course-memo-find-3 input").fill("predictions:p23_no_collective_will")
    memo.locator(".course-memo-add-3").click()
    evidence3 = memo.locator(".course-memo-evidence-3 input")
    page.wait_for_function(
        "el => el.value.includes('p23_no_collective_will')",
        arg=evidence3.element_handle(),
        timeout=10_000,
    )
    saved = _save_and_read(memo)
    assert "Saved" in saved, saved
    # The written-answer widget above now holds the memo (saved through the answer log).
    page.wait_for_function(
        "el => el.value.includes('## Argument 3')",
        arg=written.locator("textarea").element_handle(),
        timeout=10_000,
    )
    screenshot(memo, "browser-07-memo-builder")

    # The Markdown download carries every section and each citation.
    link = memo.locator("a.course-memo-download-link")
    with page.expect_download() as info:
        link.click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert info.value.suggested_filename == "memo-07-washington.md"
    headings = ["## Position", *(f"## Argument {i}" for i in (1, 2, 3))]
    headings += ["## Strongest counter-argument", "## Recommendation", "## Sources cited"]
    for heading in headings:
        assert heading in text
    for ref in (
        "timeline:2024-nsatu-wiesbaden",
        "facts:washington_pledge_min_baseline_eur_bn",
        "predictions:p23_no_collective_will",
    ):
        assert f"`{ref}`" in text
    assert POSITION in text and "Draft" not in text
