"""The projector / no-code view: every lesson as a Voilà page, offline, in headless Chromium.

One Voilà server (the course template, 127.0.0.1) serves the notebooks folder; each lesson
is rendered at /voila/render/NAME, which runs it in a fresh kernel. For every lesson: every
chart drawn, no error output (the old "Javascript Error: e.setData is not a function" after
each chart included), every exercise rendered and one answered with feedback, a working
answers download, no code cells, no serious or critical axe-core violation on the whole page,
and zero requests off the machine. Voilà's lab template asks a CDN for Font Awesome; the
course template serves its own copy, so no exception to the zero-request rule is needed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import Blocked, browser_page, chromium_available, screenshot
from conftest import lesson_paths
from servers import serve
from test_browser_suite import (
    answer_first_choice as answer_first_choice_item,
)
from test_browser_suite import (
    asked_ids,
    assert_every_chart_drawn,
    assert_every_exercise_rendered,
    assert_no_error_outputs,
    axe_available,
    axe_violations,
    chart_descriptions,
    first_choice_item,
)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def voila_root(tmp_path_factory) -> Iterator[str]:
    """One Voilà server for the module, serving a copy of notebooks/; yields its base URL."""
    if not chromium_available():
        if os.environ.get("CI"):
            pytest.fail("browser tests cannot run: install Debian's chromium", pytrace=False)
        pytest.skip("Debian's chromium is not installed")
    tmp = tmp_path_factory.mktemp("voila")
    root = tmp / "course"
    ignore = shutil.ignore_patterns("answers", ".ipynb_checkpoints")
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=ignore)
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(tmp / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        JUPYTER_PATH=str(ROOT / "share" / "jupyter"),
        COURSE_DATA_DIR=str(ROOT / "data"),
        COURSE_ANSWERS_DIR=str(tmp / "answers"),
        TZ="UTC",
    )

    def command(port: int) -> list[str]:
        return [
            sys.executable, "-m", "voila", str(root / "notebooks"), "--no-browser",
            "--template=course", "--Voila.ip=127.0.0.1", f"--Voila.port={port}",
            "--Voila.port_retries=0",
        ]  # fmt: skip

    def home(port: int) -> str:
        return f"http://127.0.0.1:{port}/"

    with serve(command, home, env=env, cwd=root, log=tmp / "voila.log", timeout=60) as up:
        yield home(up.port)


def _load(page, url: str) -> None:
    """Open a lesson page and wait until Voilà has rendered every cell; retry once."""
    for attempt in (1, 2):  # a Voilà page load occasionally stalls: retry once
        page.goto(url, timeout=120_000)
        try:
            page.wait_for_selector(".course-download-link", timeout=120_000)
            page.wait_for_function(
                "() => { const r = document.getElementById('rendered_cells');"
                " return r && getComputedStyle(r).display !== 'none'; }",
                timeout=30_000,
            )
            return
        except Exception:
            if attempt == 2:
                raise


@pytest.mark.parametrize("path", lesson_paths(), ids=lambda p: p.stem)
def test_lesson_in_voila(voila_root: str, path: Path, tmp_path: Path) -> None:
    blocked = Blocked()
    with browser_page(blocked) as page:
        _load(page, f"{voila_root}voila/render/{path.name}")
        assert page.locator(".jp-InputArea-editor, .jp-CodeMirrorEditor").count() == 0
        assert_every_chart_drawn(page, chart_descriptions(path))
        assert_no_error_outputs(page)
        assert_every_exercise_rendered(page, path)
        screenshot(page, f"voila-{path.stem}")

        if first_choice_item(path):
            answer_first_choice_item(page, path)
        # The answers download: a data-URI JSON file with this lesson's answers.
        link = page.locator(".course-download-link").last
        href = link.get_attribute("href") or ""
        assert href.startswith("data:application/json"), href[:60]
        page.wait_for_timeout(300)
        with page.expect_download() as info:
            link.click()
        saved = tmp_path / "answers.json"
        info.value.save_as(saved)
        exported = json.loads(saved.read_text(encoding="utf-8"))
        assert isinstance(exported.get("answers"), list)
        item = first_choice_item(path)
        if item:
            assert item[0] in {a["exercise"] for a in exported["answers"]}
        else:
            assert asked_ids(path) or exported["answers"] == []
        assert_no_error_outputs(page)

        if axe_available():
            violations = axe_violations(page)
            assert violations == [], json.dumps(violations, indent=1)
    assert blocked.urls == [], f"requests left the machine: {blocked.urls}"


def test_font_awesome_is_served_locally(voila_root: str) -> None:
    """The course template's icon font answers on 127.0.0.1 (no CDN)."""
    css = urllib.request.urlopen(
        f"{voila_root}voila/templates/course/static/fontawesome/css/all.min.css", timeout=10
    ).read()
    assert not re.search(rb"url\((https?:)?//", css) and b"fa-solid-900.woff2" in css
    font = urllib.request.urlopen(
        f"{voila_root}voila/templates/course/static/fontawesome/webfonts/fa-solid-900.woff2",
        timeout=10,
    ).read()
    assert font[:4] == b"wOF2"
