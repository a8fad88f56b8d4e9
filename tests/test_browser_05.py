"""Lesson 05 in a real browser: charts drawn, no answer in view, the timeline's candidate
picker (a Vega-Lite parameter) filters the dots, a holdout tick box of the simulator redraws
the distribution through its display handle, and the timeline item answered wrong then
right."""

from __future__ import annotations

import re

import pytest
from browser import assert_charts_drawn, exercise, open_and_run_all, screenshot, submit_and_read
from visible_answers import assert_no_answer_visible

from helpers import data
from helpers.charts import accession as ac
from helpers.charts import ratification as rc
from helpers.exercises import computed

pytestmark = pytest.mark.browser

NAME = "05-membership-and-the-waiting-room.ipynb"
TIMELINE_TITLE = "Ratifying Finland's and Sweden's accession, ally by ally"
SIM_TITLE = "How long until every ally has ratified? (simulated)"
DOTS = "svg g.mark-symbol.role-mark path"  # data marks, not the legend's symbols
BARS = "svg g.mark-rect.role-mark path"

REDRAWN_JS = """
([title, selector, before]) => {
  const el = [...document.querySelectorAll('.vega-embed')]
    .find(e => e.textContent.includes(title));
  if (!el) return false;
  const marks = [...el.querySelectorAll(selector)]
    .map(p => (p.getAttribute('aria-label') || '') + (p.getAttribute('d') || ''));
  return marks.length > 0 && marks.join('|') !== before;
}
"""


def _chart(page, title: str):
    return page.locator(".vega-embed", has_text=title).first


def _marks(chart, selector: str) -> list[str]:
    return chart.locator(selector).evaluate_all(
        "els => els.map(e => (e.getAttribute('aria-label') || '') + (e.getAttribute('d') || ''))"
    )


def test_05_waiting_room_in_jupyterlab(server, page) -> None:
    open_and_run_all(page, server, f"notebooks/{NAME}")
    assert_charts_drawn(page, NAME)
    # Before the student acts, no explanation, feedback or model answer is on screen.
    assert_no_answer_visible(page)

    # A chart control (Vega-Lite parameter, no kernel needed): show Finland only.
    steps = rc.timeline_table(data.ratifications())
    timeline = _chart(page, TIMELINE_TITLE)
    timeline.scroll_into_view_if_needed()
    before = _marks(timeline, DOTS)
    assert len(before) == len(steps)
    timeline.locator("input[type=radio][value=Finland]").check()
    page.wait_for_function(
        "([el, sel, n]) => el.querySelectorAll(sel).length !== n",
        arg=[timeline.element_handle(), DOTS, len(before)],
        timeout=30_000,
    )
    after = _marks(timeline, DOTS)
    assert len(after) == len(ac.picked_rows(steps, "Finland"))
    assert after != before
    screenshot(timeline, "browser-05-timeline-finland")

    # A widget control of the simulator: tick Hungary; the handle redraws the distribution.
    sim = _chart(page, SIM_TITLE)
    sim.scroll_into_view_if_needed()
    bars_before = _marks(sim, BARS)
    assert bars_before
    controls = page.locator(".course-explorer-ratification").first
    controls.scroll_into_view_if_needed()
    screenshot(controls, "browser-05-simulator-controls")
    controls.locator(".course-control-holdout-hungary input[type=checkbox]").check()
    page.wait_for_function(REDRAWN_JS, arg=[SIM_TITLE, BARS, "|".join(bars_before)], timeout=15_000)
    sim = _chart(page, SIM_TITLE)
    assert _marks(sim, BARS) != bars_before
    summary = page.locator(".course-explorer-summary").first
    page.wait_for_function(
        "(el) => el.innerText.includes('Hungary')", arg=summary.element_handle(), timeout=30_000
    )
    assert "holdouts Hungary" in summary.inner_text()
    screenshot(sim, "browser-05-simulator-hungary")
    caveats = page.locator(".course-explorer-caveats").first
    screenshot(caveats, "browser-05-simulator-caveats")
    # The minor caveats sit under a toggle that opens without a kernel round trip.
    caveats.locator("details.course-explorer-more-caveats summary").click()
    assert "Few and uneven past cases" in caveats.inner_text()

    # The sort item on the simulator's limits renders its six items (screenshot to review).
    limits = exercise(page, "05.sim-limits")
    limits.scroll_into_view_if_needed()
    screenshot(limits, "browser-05-sim-limits")

    # The timeline item: the accession-date gap (a common slip) first, then the key.
    key = computed.key("l05_last_approval_gap_days")
    slip = computed.value("l05_accession_gap_days")
    item = exercise(page, "05.timeline-gap")
    item.scroll_into_view_if_needed()
    box = item.locator("input[type=text]")
    box.fill(str(slip))
    box.press("Enter")
    wrong = submit_and_read(item)
    assert "Not quite" in wrong
    box.fill(str(key))
    box.press("Enter")
    assert re.search(r"[Cc]orrect", submit_and_read(item))
    screenshot(item, "browser-05-timeline-item")
