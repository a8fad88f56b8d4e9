"""Lesson 03 in a real browser: charts drawn, the donor chart's cut-off menu and the weapon
chart's kind buttons redraw their charts, the extension's measure radio still works, and a
numeric exercise computed from the data gives feedback (wrong, then right)."""

from __future__ import annotations

import json
import re

import pytest
from browser import assert_charts_drawn, exercise, open_and_run_all, screenshot, submit_and_read
from visible_answers import assert_no_answer_visible

from helpers import data
from helpers.analysis import donors as aid
from helpers.analysis import weapon_decisions
from helpers.charts import aid_series as series_charts

pytestmark = pytest.mark.browser

NAME = "03-arming-ukraine.ipynb"
AID_TITLE = "Military aid to Ukraine by donor"
WEAPONS_TITLE = "Arming Ukraine: decisions"
RECTS = 'svg g[class^="mark-rect"] path'


def _labels(chart, selector: str = RECTS) -> list[str]:
    """The ARIA labels Vega gives each drawn mark of one kind."""
    return chart.locator(selector).evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label') || '')"
    )


def _wait_for_change(page, chart, selector: str, before: list[str]) -> None:
    page.wait_for_function(
        "([el, sel, b]) => JSON.stringify(Array.from(el.querySelectorAll(sel))"
        ".map(e => e.getAttribute('aria-label') || '')) !== b",
        arg=[chart.element_handle(), selector, json.dumps(before)],
        timeout=10_000,
    )


def test_03_arming_ukraine_in_jupyterlab(server, page) -> None:
    open_and_run_all(page, server, f"notebooks/{NAME}")
    assert_charts_drawn(page, NAME)
    # Before the student acts, no explanation, feedback or model answer is on screen.
    assert_no_answer_visible(page)

    # The donor chart's cut-off menu (a Vega-Lite parameter, no kernel) redraws its bars.
    donors = page.locator(".vega-embed", has_text="Release and cut-off").first
    donors.scroll_into_view_if_needed()
    before = _labels(donors)
    table = series_charts.donor_chart_table(data.military_aid(release=None))
    shown = table[table["cutoff"] == donors.locator("select").input_value()]
    assert len(before) == len(shown)
    donors.locator("select").select_option(index=0)  # the February 2024 headline figures
    _wait_for_change(page, donors, RECTS, before)
    assert len(_labels(donors)) < len(before)
    screenshot(donors, "browser-03-donors-cutoff")

    # The weapon chart's buttons show one kind of decision.
    weapons = page.locator(".vega-embed", has_text=WEAPONS_TITLE).first
    weapons.scroll_into_view_if_needed()
    dots = 'svg g[class^="mark-symbol"] path'
    all_dots = _labels(weapons, dots)
    weapons.locator("input[type=radio]").nth(1).check()
    _wait_for_change(page, weapons, dots, all_dots)
    assert 0 < len(_labels(weapons, dots)) < len(all_dots)
    screenshot(weapons, "browser-03-weapons-kind")

    # The extension's measure radio still redraws the February 2024 aid chart.
    military_aid = data.military_aid()
    chart = page.locator(".vega-embed", has_text=AID_TITLE).last
    chart.scroll_into_view_if_needed()
    before = _labels(chart)
    assert len(before) == len(aid.summable(military_aid, "allocated")) + 1  # + Germany
    chart.locator("input[type=radio][value=committed]").check()
    _wait_for_change(page, chart, RECTS, before)
    committed = military_aid[military_aid["measure"] == "committed"]
    assert len(_labels(chart)) == len(committed)

    # A numeric exercise whose key is computed from the data: wrong, then right.
    num = exercise(page, "03.num-abrams")
    num.scroll_into_view_if_needed()
    box = num.locator("input[type=text]")
    box.fill("1")
    box.press("Enter")
    wrong = submit_and_read(num)
    assert "Not quite" in wrong and "lower" in wrong
    key = weapon_decisions.months_to_delivery(data.weapon_decisions(), "2023-01-us-abrams")
    box.fill(str(key))
    box.press("Enter")
    assert re.search(r"[Cc]orrect", submit_and_read(num))
    screenshot(page, "browser-03-arming-ukraine")
