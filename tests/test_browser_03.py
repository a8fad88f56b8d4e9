"""Lesson 03 in a real browser: charts drawn, the measure radio redraws the aid chart, and a
numeric exercise computed from the data gives feedback."""

from __future__ import annotations

import re

import pytest
from browser import assert_charts_drawn, exercise, open_and_run_all, submit_and_read
from visible_answers import assert_no_answer_visible

from helpers import aid, data

pytestmark = pytest.mark.browser

NAME = "03-arming-ukraine.ipynb"
AID_TITLE = "Military aid to Ukraine by donor"


def _bar_labels(chart) -> list[str]:
    """The ARIA labels Vega gives each drawn bar (one per donor shown)."""
    return chart.locator('svg g[class^="mark-rect"] path').evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label') || '')"
    )


def test_03_arming_ukraine_in_jupyterlab(server, page) -> None:
    open_and_run_all(page, server, f"notebooks/{NAME}")
    assert_charts_drawn(page, NAME)
    # Before the student acts, no explanation, feedback or model answer is on screen.
    assert_no_answer_visible(page)

    # The measure radio (a Vega-Lite parameter, no kernel needed) redraws the aid chart.
    military_aid = data.military_aid()
    chart = page.locator(".vega-embed", has_text=AID_TITLE).first
    chart.scroll_into_view_if_needed()
    before = _bar_labels(chart)
    assert len(before) == len(aid.summable(military_aid, "allocated")) + 1  # + Germany
    chart.locator("input[type=radio][value=committed]").check()
    page.wait_for_function(
        "([el, n]) => el.querySelectorAll('svg g[class^=\"mark-rect\"] path').length !== n",
        arg=[chart.element_handle(), len(before)],
        timeout=10_000,
    )
    after = _bar_labels(chart)
    committed = military_aid[military_aid["measure"] == "committed"]
    assert len(after) == len(committed)
    assert after != before

    # A numeric exercise whose key is computed from the data: wrong, then right.
    num = exercise(page, "03.us-share")
    num.scroll_into_view_if_needed()
    box = num.locator("input[type=text]")
    box.fill("99")
    box.press("Enter")
    wrong = submit_and_read(num)
    assert "Not quite" in wrong and "higher" in wrong
    key = round(aid.share_pct(military_aid, "United States", "committed"))
    box.fill(str(key))
    box.press("Enter")
    assert re.search(r"[Cc]orrect", submit_and_read(num))
