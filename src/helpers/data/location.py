"""Finding the data folder: ``COURSE_DATA_DIR``, then the repository, then the package copy."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import DataError

PACKAGE_FILE = "datapackage.json"


def data_dir() -> Path:
    """The folder the course data is read from (see :mod:`helpers.data` for the order)."""
    env = os.environ.get("COURSE_DATA_DIR")
    if env:
        path = Path(env).expanduser()
        if not (path / PACKAGE_FILE).is_file():
            raise DataError(f"COURSE_DATA_DIR={env}: no {PACKAGE_FILE} in that folder")
        return path
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        candidate = folder / "data"
        if (candidate / PACKAGE_FILE).is_file():
            return candidate
    for packaged in _packaged_dirs():
        if (packaged / PACKAGE_FILE).is_file():
            return packaged
    raise DataError("course data not found: set COURSE_DATA_DIR to the course's data/ folder")


def _packaged_dirs() -> list[Path]:
    """The data shipped with the package: inside a wheel, or beside an editable checkout."""
    # src/helpers/data/location.py -> the repository root is three folders up from src/.
    out = [Path(__file__).resolve().parents[3] / "data"]
    try:
        from importlib.resources import files

        out.insert(0, Path(str(files("helpers.course_data"))))
    except ModuleNotFoundError:
        pass
    return out
