"""The map of Europe the charts draw on (``data/europe.topojson``)."""

from __future__ import annotations

import json
from typing import Any

from .errors import DataError
from .location import data_dir


def europe_topojson() -> dict[str, Any]:
    """The Europe map (TopoJSON, object ``countries``) as a dict."""
    path = data_dir() / "europe.topojson"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"data/europe.topojson: file not found in {path.parent}") from None
    except ValueError as exc:
        raise DataError(f"data/europe.topojson: not valid JSON ({exc})") from None
