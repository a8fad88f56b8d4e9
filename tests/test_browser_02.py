"""Lesson 02 in a real browser: the timeline explorer's bound inputs and the order exercise.

Same harness as tests/test_browser.py (JupyterLab on 127.0.0.1, Debian's headless Chromium,
every non-loopback request blocked and counted).
"""

from __future__ import annotations

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
from helpers import timeline_explorer as tx

pytestmark = pytest.mark.browser

NAME = "02-bucharest-to-full-scale-war.ipynb"
MARKS = ".vega-embed svg g.mark-symbol path"
# The order exercise's items, as labelled in the notebook (event id -> label).
ORDER_LABELS = {
    "2020-eop-status": "Ukraine becomes an Enhanced Opportunities Partner",
    "2014-non-bloc-repeal": "Rada gives up non-bloc status",
    "2021-russia-draft-treaties": "Russia publishes its draft treaties",
    "2016-warsaw-cap": "Allies endorse the Comprehensive Assistance Package",
    "2010-non-bloc-law": "Rada adopts non-bloc status",
    "2019-constitution-amendment": "Constitution names NATO membership as the strategic course",
    "2017-membership-goal-law": "Rada restores NATO membership as a goal",
}


def _drawn(page) -> int:
    return page.locator(MARKS).count()


def test_02_explorer_and_order_exercise(server, page) -> None:
    events = tx.explorer_table(data.timeline())
    open_and_run_all(page, server, f"notebooks/{NAME}")
    assert_charts_drawn(page, NAME)
    # Before the student acts, no explanation, feedback or model answer is on screen.
    assert_no_answer_visible(page)
    assert _drawn(page) == len(events)

    # The category drop-down is a Vega-Lite parameter bound to the chart: no kernel involved.
    chart = page.locator(".jp-OutputArea-output .vega-embed").first
    chart.scroll_into_view_if_needed()
    select = chart.locator(".vega-bindings select")
    assert select.count() == 1
    kind = tx.CATEGORY_LABELS["ukraine_policy"]
    select.select_option(label=kind)
    expected = tx.count_events(events, category=kind)
    page.wait_for_function(
        f"() => document.querySelectorAll('{MARKS}').length === {expected}", timeout=10_000
    )
    assert 0 < _drawn(page) < len(events)

    # The period radio narrows it further; "All" restores every event.
    period = tx.PERIODS[0].label
    chart.locator(".vega-bindings input[type=radio]").nth(1).check()
    both = tx.count_events(events, period=period, category=kind)
    page.wait_for_function(
        f"() => document.querySelectorAll('{MARKS}').length === {both}", timeout=10_000
    )
    chart.locator(".vega-bindings input[type=radio]").nth(0).check()
    select.select_option(label=tx.ALL_CATEGORIES)
    page.wait_for_function(
        f"() => document.querySelectorAll('{MARKS}').length === {len(events)}", timeout=10_000
    )
    screenshot(chart, "browser-02-explorer-filtered")

    # Put in order: a wrong order gets feedback that is not "correct"; the right one passes.
    order = exercise(page, "02.order-events")
    order.scroll_into_view_if_needed()
    assert order.locator("select").count() == len(ORDER_LABELS)
    key = tx.order_key(ORDER_LABELS, events)
    for position, item in enumerate(reversed(key), start=1):
        order.get_by_label(ORDER_LABELS[item], exact=True).select_option(label=str(position))
    first = submit_and_read(order)
    assert "Traceback" not in first and "Not quite" in first
    for position, item in enumerate(key, start=1):
        order.get_by_label(ORDER_LABELS[item], exact=True).select_option(label=str(position))
    second = submit_and_read(order)
    assert "Correct" in second and "Not quite" not in second
    screenshot(page, "browser-02-bucharest-to-full-scale-war")
