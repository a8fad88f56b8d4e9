"""Lesson 02 in a real browser: the timeline explorer's bound inputs, the polling chart's
legend, and the order exercise.

Same harness as tests/test_browser.py (JupyterLab on 127.0.0.1, Debian's headless Chromium,
every non-loopback request blocked and counted).
"""

from __future__ import annotations

import json

import pytest
from browser import (
    assert_charts_drawn,
    exercise,
    open_and_run_all,
    screenshot,
    submit_and_read,
)
from visible_answers import assert_no_answer_visible

from helpers import data
from helpers.analysis import timeline as tl

pytestmark = pytest.mark.browser

NAME = "02-bucharest-to-full-scale-war.ipynb"
MARKS = "svg g.mark-symbol path"
EXPLORER_TITLE = "events 2008"
# The order exercise's items, as labelled in the notebook (event id -> label).
ORDER_LABELS = {
    "2020-eop-status": "Ukraine becomes an Enhanced Opportunities Partner",
    "2014-non-bloc-repeal": "Rada gives up non-bloc status",
    "2021-spring-buildup": "Russian forces mass near Ukraine (spring)",
    "2016-warsaw-cap": "Allies endorse the Comprehensive Assistance Package",
    "2013-association-agreement-suspended": (
        "Kyiv suspends preparations to sign the EU Association Agreement"
    ),
    "2014-nato-suspends-russia-cooperation": "NATO suspends practical cooperation with Russia",
    "2014-minsk-protocol": "First ceasefire agreed in Minsk",
}


def _drawn(chart) -> int:
    return chart.locator(MARKS).count()


def _wait_for(page, chart, count: int) -> None:
    page.wait_for_function(
        "([el, sel, n]) => el.querySelectorAll(sel).length === n",
        arg=[chart.element_handle(), MARKS, count],
        timeout=10_000,
    )


def test_02_explorer_and_order_exercise(server, page) -> None:
    events = tl.explorer_table(data.timeline())
    open_and_run_all(page, server, f"notebooks/{NAME}")
    assert_charts_drawn(page, NAME)
    # Before the student acts, no explanation, feedback or model answer is on screen.
    assert_no_answer_visible(page)

    # The category drop-down is a Vega-Lite parameter bound to the chart: no kernel involved.
    chart = page.locator(".jp-OutputArea-output .vega-embed", has_text=EXPLORER_TITLE).first
    chart.scroll_into_view_if_needed()
    assert _drawn(chart) == len(events)
    select = chart.locator(".vega-bindings select")
    assert select.count() == 1
    kind = tl.CATEGORY_LABELS["ukraine_policy"]
    select.select_option(label=kind)
    expected = tl.count_events(events, category=kind)
    _wait_for(page, chart, expected)
    assert 0 < _drawn(chart) < len(events)

    # The period radio narrows it further; "All" restores every event.
    period = tl.PERIODS[0].label
    chart.locator(".vega-bindings input[type=radio]").nth(1).check()
    both = tl.count_events(events, period=period, category=kind)
    _wait_for(page, chart, both)
    chart.locator(".vega-bindings input[type=radio]").nth(0).check()
    select.select_option(label=tl.ALL_CATEGORIES)
    _wait_for(page, chart, len(events))
    screenshot(chart, "browser-02-explorer-filtered")

    # The polling chart: clicking a legend entry (a Vega-Lite selection) fades the other base.
    polls = page.locator(".vega-embed", has_text="Ukrainians for joining NATO").first
    polls.scroll_into_view_if_needed()
    symbols = polls.locator("g.mark-symbol.role-mark path")
    before = symbols.evaluate_all("els => els.map(e => e.getAttribute('opacity') || '1')")
    polls.locator("g.role-legend-symbol path").first.click()
    page.wait_for_function(
        "([el, b]) => JSON.stringify(Array.from(el.querySelectorAll("
        "'g.mark-symbol.role-mark path')).map(e => e.getAttribute('opacity') || '1')) !== b",
        arg=[polls.element_handle(), json.dumps(before)],
        timeout=10_000,
    )
    screenshot(polls, "browser-02-opinion-legend")

    # Put in order: a wrong order gets feedback that is not "correct"; the right one passes.
    order = exercise(page, "02.order-events")
    order.scroll_into_view_if_needed()
    assert order.locator("select").count() == len(ORDER_LABELS)
    key = tl.order_key(ORDER_LABELS, events)
    for position, item in enumerate(reversed(key), start=1):
        order.get_by_label(ORDER_LABELS[item], exact=True).select_option(label=str(position))
    first = submit_and_read(order)
    assert "Traceback" not in first and "Not quite" in first
    for position, item in enumerate(key, start=1):
        order.get_by_label(ORDER_LABELS[item], exact=True).select_option(label=str(position))
    second = submit_and_read(order)
    assert "Correct" in second and "Not quite" not in second
    screenshot(page, "browser-02-bucharest-to-full-scale-war")
