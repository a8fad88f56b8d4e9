"""Loading a table by its resource name: read, validate, cache, and hand out a fresh copy."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from .descriptor import resource
from .errors import DataError
from .location import data_dir
from .validation import parse_table


@lru_cache(maxsize=64)
def _load_cached(folder: str, name: str, mtime_ns: int) -> pd.DataFrame:
    res = resource(name, Path(folder))
    path = Path(folder) / res["path"]
    label = f"data/{res['path']}"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"{label}: file not found in {folder}") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"{label}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return parse_table(text, res["schema"], label)


def load(name: str) -> pd.DataFrame:
    """Load table ``name`` (e.g. ``"members"``) as a validated, typed DataFrame copy."""
    folder = data_dir()
    res = resource(name, folder)
    path = folder / res["path"]
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise DataError(f"data/{res['path']}: file not found in {folder}") from None
    return _load_cached(str(folder), name, mtime).copy()
