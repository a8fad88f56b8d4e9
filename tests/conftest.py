"""Shared test set-up: UTC, a throwaway answers folder, and the repository paths."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

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
