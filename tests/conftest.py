"""Shared test set-up: UTC, a throwaway answers folder, and the repository paths."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests are derandomized everywhere (a failure reproduces on every machine) and
# have no per-example deadline (CI machines are shared and slow).
settings.register_profile("course", derandomize=True, deadline=None)
settings.load_profile("course")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
sys.path.insert(0, str(ROOT / "tools"))


def pytest_configure(config: pytest.Config) -> None:
    # Outputs are produced and checked in UTC, and answers never go to a real folder.
    os.environ.setdefault("TZ", "UTC")
    os.environ.setdefault("COURSE_ANSWERS_DIR", tempfile.mkdtemp(prefix="course-answers-"))


def lesson_paths() -> list[Path]:
    """Every lesson notebook, in course order."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A JupyterLab server for one browser-test module (see tests/browser.py)."""
    from browser import chromium_available, lab_server

    if not chromium_available():
        if os.environ.get("CI"):
            pytest.fail(
                "browser tests cannot run: install Debian's chromium (apt-get install "
                "chromium) and the dev lock (python course.py test does both in CI)",
                pytrace=False,
            )
        pytest.skip("Debian's chromium is not installed")
    with lab_server(tmp_path_factory.mktemp("lab")) as srv:
        yield srv


@pytest.fixture()
def page(server):
    """A fresh headless Chromium page; fails the test if any request left the machine."""
    from browser import Blocked, browser_page

    blocked = Blocked()
    with browser_page(blocked) as pg:
        yield pg
    assert blocked.urls == [], f"requests left the machine: {blocked.urls}"


@pytest.fixture()
def isolated_exercises(tmp_path, monkeypatch):
    """A fresh answers folder, practice mode and an empty exercise registry for one test."""
    from helpers.exercises import answer_log, clear_registry, set_mode

    monkeypatch.setenv("COURSE_ANSWERS_DIR", str(tmp_path / "answers"))
    monkeypatch.delenv("COURSE_MODE", raising=False)
    set_mode(None)
    clear_registry()
    answer_log.reset_cache()
    yield
    set_mode(None)
    clear_registry()
    answer_log.reset_cache()
