"""Lesson 01 in a real browser: JupyterLab in Debian's headless Chromium.

Open the lesson, run all cells, check that the map-and-list chart is drawn, that its year
slider (a Vega-Lite parameter, no kernel involved) re-colours the map, and that an exercise
gives feedback. Every request to a non-loopback address is blocked and must stay at zero.
"""

from __future__ import annotations

import re

import pytest
from browser import (
    assert_charts_drawn,
    exercise,
    open_and_run_all,
    screenshot,
    submit_and_read,
)
from visible_answers import assert_no_answer_visible

pytestmark = pytest.mark.browser

NAME = "01-the-alliance.ipynb"
LATER = '.vega-embed svg path[fill="#9e9e9e"]'  # map: not (yet) an ally in the chosen year


def _move_slider(page, slider, year: int) -> None:
    slider.evaluate(
        "(el, year) => { el.value = String(year);"
        " el.dispatchEvent(new Event('input', {bubbles: true})); }",
        year,
    )


def test_01_the_alliance_in_jupyterlab(server, page) -> None:
    open_and_run_all(page, server, f"notebooks/{NAME}")
    assert_charts_drawn(page, NAME)
    # Before the student acts, no explanation, feedback or model answer is on screen.
    assert_no_answer_visible(page)

    # The year slider sits under the chart and starts at 2024.
    slider = page.locator(".vega-embed .vega-bindings input[type=range]").first
    slider.scroll_into_view_if_needed()
    assert slider.input_value() == "2024"
    assert "Show the Alliance as of the end of" in page.locator(".vega-bindings").first.inner_text()
    grey_2024 = page.locator(LATER).count()

    # Move it back to 1990: the map re-renders with the later joiners greyed out.
    _move_slider(page, slider, 1990)
    page.wait_for_function(
        "([sel, before]) => document.querySelectorAll(sel).length > before",
        arg=[LATER, grey_2024],
        timeout=10_000,
    )
    assert slider.input_value() == "1990"
    assert page.locator(LATER).count() > grey_2024
    screenshot(page.locator(".vega-embed").first, "browser-01-the-alliance-slider-1990")

    # An exercise: a wrong answer is explained, the right one confirmed.
    box = exercise(page, "01.q-consensus")
    box.scroll_into_view_if_needed()
    assert box.locator("input[type=radio]:checked").count() == 0
    box.get_by_text("Hold the meetings anyway", exact=False).click()
    assert "vote" in submit_and_read(box).lower()
    box.get_by_text("Not force them", exact=False).click()
    assert re.search(r"[Cc]orrect", submit_and_read(box))

    # The Code corner starts in its placeholder state.
    assert "not attempted yet" in page.locator(".course-code-check").inner_text()
