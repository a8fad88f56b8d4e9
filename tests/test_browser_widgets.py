"""Exercise widgets as a student meets them: readable at any width, usable by keyboard alone.

For every lesson notebook, in JupyterLab in Debian's headless Chromium: run all cells, then
for every exercise check that no two labels' boxes overlap (1px allowed), that no label is
clipped or runs outside its exercise, and that order/sort controls form one aligned column of
equal width, both at 1280px and at a narrow 800px window. Then answer one exercise of each
type with the keyboard only (focus the first control, then only key presses: arrows, Space,
typing, Tab to Submit, Enter or Space) and check that its feedback appears, that the answer
reached the kernel, and that no key changed the notebook's cells. Each type is answered once,
in the first lesson that has it (00 has them all). One JupyterLab server and one page serve
the module: lessons open one after another in the same JupyterLab (the previous one closed
and its kernel stopped), and every failing lesson is reported, not just the first.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from browser import (
    exercise,
    exercise_layout_problems,
    keyboard_submit_and_read,
    open_and_run_all,
    open_next_and_run_all,
    screenshot,
    settle,
)
from conftest import lesson_paths

from helpers.exercises.ids import scan_exercise_ids

pytestmark = pytest.mark.browser

WIDTHS = (1280, 800)
# Exercises kept as screenshots in test-artifacts/ (when the lesson has them).
SHOWCASE = {"01.q-art6", "00.q-order", "00.q-sort", "00.q-founders"}
KINDS = {
    "multiple_choice",
    "true_false",
    "poll",
    "multiple_select",
    "numeric",
    "order",
    "sort",
    "written",
}
# Exercise type -> the exercise that was answered by keyboard in this run.
ANSWERED_BY_KEYBOARD: dict[str, str] = {}
CELL_COUNT_JS = "() => window.jupyterapp.shell.currentWidget.content.widgets.length"
ERRORS_JS = """
() => [...document.querySelectorAll('.jp-OutputArea-output')]
  .map(o => o.innerText)
  .filter(t => /Traceback|Error|could not be built/.test(t))
  .map(t => t.slice(0, 300))
"""
SHUTDOWN_JS = "() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()"


def wait_for_exercises(page, expected: list[str]) -> None:
    """Wait until every exercise the lesson asks is on the page; say what is missing if not."""
    with contextlib.suppress(Exception):  # on a time-out the assertion names what is missing
        page.wait_for_function(
            "n => document.querySelectorAll('.course-exercise').length >= n",
            arg=len(expected),
            timeout=30_000,
        )
    missing = [ex_id for ex_id in expected if exercise(page, ex_id).count() != 1]
    assert missing == [], f"not rendered: {missing}; error outputs: {page.evaluate(ERRORS_JS)}"


def kind_of(box) -> str:
    """The exercise type, from its ``course-type-<kind>`` class."""
    classes = box.get_attribute("class").split()
    (kind,) = [c.removeprefix("course-type-") for c in classes if c.startswith("course-type-")]
    return kind


def answer_by_keyboard(box, kind: str) -> dict[str, object]:
    """Focus the first control and answer with key presses only; return what to expect."""
    kb = box.page.keyboard
    box.locator(".course-controls").locator("input, select, textarea").first.focus()
    if kind in ("multiple_choice", "true_false", "poll"):
        kb.press("ArrowDown")  # to the second option, which is chosen
        assert box.locator("input[type=radio]:checked").count() == 1
        return {"key": "Enter"}
    if kind == "multiple_select":
        kb.press("Space")
        assert box.locator("input[type=checkbox]:checked").count() == 1
        return {"key": "Space"}
    if kind == "numeric":
        kb.type("12")
        return {"key": "Enter"}
    if kind in ("order", "sort"):
        selects = box.locator("select")
        n = selects.count()
        for i in range(n):
            if kind == "order":
                kb.type(str(i + 1))  # type-ahead picks position i + 1
            else:
                kb.press("End")  # the last category
            if i < n - 1:
                kb.press("Tab")
        values = [selects.nth(i).input_value() for i in range(n)]
        if kind == "order":
            assert values == [str(i + 1) for i in range(n)]
        return {"key": "Space" if kind == "order" else "Enter"}
    if kind == "written":
        placeholder = box.locator("textarea").get_attribute("placeholder") or ""
        found = re.search(r"\d+", placeholder)
        n = int(found.group()) + 3 if found else 30
        kb.type(" ".join(f"w{i}" for i in range(n)))  # short words: each key is a message
        return {"key": "Enter", "saved": f"Saved ({n} words)"}
    raise AssertionError(f"no keyboard plan for exercise type {kind!r}")


def check_lesson(page, path: Path) -> None:
    """Layout at both widths, then keyboard answers for types not yet answered this run."""
    expected = sorted(scan_exercise_ids([path]))
    assert expected, f"{path.name} asks no exercises"
    wait_for_exercises(page, expected)

    # 1 and 2: labels wrap inside their own rows; order/sort controls form an aligned grid.
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        settle(page)
        page.wait_for_timeout(200)  # JupyterLab re-fits its panels after the resize
        settle(page)
        assert exercise_layout_problems(page) == [], f"at {width}px"
        for ex_id in sorted(SHOWCASE.intersection(expected)):
            box = exercise(page, ex_id)
            box.scroll_into_view_if_needed()
            screenshot(box, f"browser-widgets-{ex_id}-{width}px")

    # 3: one exercise of each type not yet answered, with the keyboard alone (narrow window).
    cells = page.evaluate(CELL_COUNT_JS)
    for ex_id in expected:
        box = exercise(page, ex_id)
        kind = kind_of(box)
        assert kind in KINDS, (ex_id, kind)
        if kind in ANSWERED_BY_KEYBOARD:
            continue
        plan = answer_by_keyboard(box, kind)
        text = keyboard_submit_and_read(box, str(plan["key"]))
        assert text.strip(), (ex_id, kind)
        # A warning means the answer did not reach the kernel complete (e.g. nothing chosen).
        assert box.locator(".course-feedback .course-msg-warning").count() == 0, (ex_id, text)
        if "saved" in plan:
            # The message counts what reached the text box (a key typed while the page was
            # busy can be dropped by the browser); it must match the box's own content.
            typed = box.locator("textarea").input_value()
            words = len(typed.split())
            assert f"Saved ({words} words)" in text, (ex_id, text)
            assert words >= int(re.search(r"\d+", str(plan["saved"])).group()) - 2, text
        assert page.evaluate(CELL_COUNT_JS) == cells, f"a key press changed the cells ({ex_id})"
        ANSWERED_BY_KEYBOARD[kind] = ex_id


def test_every_lesson_reads_well_and_works_by_keyboard(server, page) -> None:
    lessons = lesson_paths()
    assert lessons
    ANSWERED_BY_KEYBOARD.clear()
    problems: dict[str, str] = {}
    for i, path in enumerate(lessons):
        rel = f"notebooks/{path.name}"
        if i == 0:
            open_and_run_all(page, server, rel)
        else:  # the same JupyterLab page: one start-up for the whole module
            open_next_and_run_all(page, rel)
        try:
            check_lesson(page, path)
        except AssertionError as err:  # go on: report every lesson that fails, not the first
            problems[path.name] = str(err)
    assert problems == {}
    # Every exercise type was answered by keyboard somewhere (00 has them all).
    assert set(ANSWERED_BY_KEYBOARD) == KINDS, sorted(KINDS - set(ANSWERED_BY_KEYBOARD))
    page.evaluate(SHUTDOWN_JS)
