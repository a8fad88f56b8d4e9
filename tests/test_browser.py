"""What a student sees in a real browser: JupyterLab in Debian's headless Chromium.

One JupyterLab server serves a copy of the notebooks for this module. Each lesson is opened,
run top to bottom, and checked for drawn charts, rendered widgets and working feedback,
with every request to a non-loopback address blocked and counted (it must stay zero).
"""

from __future__ import annotations

import json
import re

import pytest
from browser import (
    RUN_ALL_JS,
    assert_charts_drawn,
    exercise,
    open_and_run_all,
    screenshot,
    submit_and_read,
)
from visible_answers import assert_no_answer_visible

pytestmark = pytest.mark.browser


def test_00_start_here_in_jupyterlab(server, page, tmp_path) -> None:
    name = "00-start-here.ipynb"
    open_and_run_all(page, server, f"notebooks/{name}")
    assert_charts_drawn(page, name)
    # Before the student acts, no explanation, feedback or model answer is on screen.
    assert_no_answer_visible(page)
    # A "show as table" block sits under the chart.
    assert (
        page.locator("details.course-table-toggle summary")
        .first.text_content()
        .startswith("Show as table")
    )

    # Multiple choice: starts with nothing selected; a wrong answer explains why.
    mc = exercise(page, "00.q-fact")
    mc.scroll_into_view_if_needed()
    assert mc.locator("input[type=radio]:checked").count() == 0
    mc.get_by_text("Dropping non-aligned status in 2014 made a later").click()
    assert "interpretation" in submit_and_read(mc)
    mc.get_by_text("On 23 December 2014 Ukraine's parliament voted").click()
    assert re.search(r"[Cc]orrect", submit_and_read(mc))

    # Multiple select uses checkboxes (an item answered from the chart's tooltips).
    ms = exercise(page, "00.q-after-cold-war")
    for name_ in ("Poland", "Czechia", "Albania"):
        ms.get_by_label(name_, exact=True).check()
    assert re.search(r"[Cc]orrect", submit_and_read(ms))

    # True/false.
    tf = exercise(page, "00.q-finland-claim")
    tf.get_by_text("False", exact=True).click()
    assert "interpretation" in submit_and_read(tf)

    # Numeric: text in a number box gets a message, not a traceback; a wrong number is
    # answered with "higher" or "lower", a right one confirmed.
    num = exercise(page, "00.q-joined-2000s")
    box = num.locator("input[type=text]")
    box.fill("seven")
    box.press("Enter")
    first = submit_and_read(num)
    assert "Traceback" not in first and "number" in first.lower()
    box.fill("28")
    box.press("Enter")
    assert "higher" in submit_and_read(num)
    box.fill("9")
    box.press("Enter")
    assert re.search(r"[Cc]orrect", submit_and_read(num))

    # Put in order: one dropdown per item, keyboard-operable.
    order = exercise(page, "00.q-order")
    positions = {"treaty": 1, "bucharest": 2, "crimea": 3, "invasion": 4, "washington": 5}
    labels = {
        "crimea": "Russia's illegal annexation of Crimea",
        "bucharest": "The Bucharest Summit declares Ukraine will become a member",
        "washington": "The Washington Summit",
        "treaty": "The North Atlantic Treaty is signed",
        "invasion": "Russia's full-scale invasion of Ukraine",
    }
    for item, pos in positions.items():
        order.get_by_label(labels[item], exact=True).select_option(label=str(pos))
    assert re.search(r"[Cc]orrect", submit_and_read(order))

    # Sort into categories, with one mistake: partial feedback names what is wrong.
    sort = exercise(page, "00.q-sort")
    selects = sort.locator("select")
    for i, category in enumerate(
        ["Established fact", "Established fact", "Interpretation", "Interpretation",
         "Policy choice", "Established fact"]
    ):  # fmt: skip
        selects.nth(i).select_option(label=category)
    assert "5 of 6" in submit_and_read(sort)

    # Written answer: too short is refused politely; a real attempt reveals the rubric.
    written = exercise(page, "00.q-expect")
    area = written.locator("textarea")
    area.fill("Too short.")
    assert "30" in submit_and_read(written)
    area.fill(
        "A fact: the full-scale invasion was in its third year. Whether an invitation would "
        "deter Moscow or provoke it is an interpretation that analysts dispute. What is left "
        "is a policy choice between Ukraine's security and the allies' risk of war."
    )
    assert "Saved" in submit_and_read(written)
    written.locator(".course-show-answer").click()
    written.locator(".course-answer", has_text="Names a checkable fact").wait_for()

    # Poll: recorded, no right answer.
    poll = exercise(page, "00.p-invite")
    poll.get_by_text("I am not sure yet").click()
    assert "no right answer" in submit_and_read(poll).lower()

    # The download link gives the student a JSON file through the browser.
    panel = page.locator(".course-download-panel")
    panel.locator(".course-student input").fill("s17")
    panel.locator(".course-student input").press("Enter")
    page.wait_for_timeout(300)
    with page.expect_download() as info:
        panel.locator(".course-download a").click()
    saved = tmp_path / "answers.json"
    info.value.save_as(saved)
    exported = json.loads(saved.read_text(encoding="utf-8"))
    assert exported["student"] == "s17"
    answered = {a["exercise"] for a in exported["answers"]}
    assert {"00.q-fact", "00.q-joined-2000s", "00.q-sort", "00.p-invite"} <= answered

    # Restoring that file (here into the same kernel) reports what it restored.
    with page.expect_file_chooser() as chooser:
        page.locator(".course-restore").click()
    chooser.value.set_files(str(saved))
    restored = page.locator(".course-restore-status")
    restored.locator(".course-msg").wait_for(timeout=10_000)
    assert "restor" in restored.inner_text().lower()

    # Code corner self-check shows its placeholder state from the fresh run.
    assert "not attempted yet" in page.locator(".course-code-check").inner_text()
    screenshot(page, "browser-00-start-here")

    # Running every cell again (as after a restart) restores the answers into the widgets.
    page.evaluate(RUN_ALL_JS)
    mc = exercise(page, "00.q-fact")
    mc.locator("input[type=radio]:checked").wait_for(timeout=15_000)
    assert "restored" in mc.locator(".course-feedback").inner_text().lower()
    assert exercise(page, "00.q-joined-2000s").locator("input[type=text]").input_value() == "9"
