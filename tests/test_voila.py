"""The projector / no-code view: lesson 00 in Voilà, offline, in headless Chromium."""

from __future__ import annotations

import re

import pytest
from browser import Blocked, browser_page, chromium_available, exercise, submit_and_read

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def voila_url(tmp_path_factory):
    import os

    from browser import voila_server

    if not chromium_available():
        if os.environ.get("CI"):
            pytest.fail("browser tests cannot run: install Debian's chromium", pytrace=False)
        pytest.skip("Debian's chromium is not installed")
    with voila_server(tmp_path_factory.mktemp("voila"), "00-start-here.ipynb") as url:
        yield url


def test_00_in_voila_draws_charts_and_gives_feedback_offline(voila_url) -> None:
    blocked = Blocked()
    with browser_page(blocked) as page:
        for attempt in (1, 2):  # a first Voilà page load occasionally stalls: retry once
            page.goto(voila_url, timeout=60_000)
            try:
                page.wait_for_selector(".course-exercise-00-q-fact", timeout=60_000)
                break
            except Exception:
                if attempt == 2:
                    raise
        page.wait_for_selector('.vega-embed svg g[class^="mark-"]', timeout=30_000)
        assert page.locator(".jp-InputArea-editor").count() == 0  # code is hidden
        mc = exercise(page, "00.q-fact")
        mc.get_by_text("Russia launched a full-scale invasion").click()
        assert re.search(r"[Cc]orrect", submit_and_read(mc))
        link = page.locator(".course-download a")
        assert link.get_attribute("href").startswith("data:application/json")
    assert blocked.urls == [], f"requests left the machine: {blocked.urls}"
