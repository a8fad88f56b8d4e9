"""The data package descriptor, ``data/datapackage.json``: its resources and their schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import DataError
from .location import PACKAGE_FILE, data_dir


def _read_package(folder: Path) -> dict[str, Any]:
    path = folder / PACKAGE_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    except ValueError as exc:
        raise DataError(f"{path}: not valid JSON ({exc})") from None


def package(folder: Path | None = None) -> dict[str, Any]:
    """The parsed data package descriptor."""
    return _read_package(folder or data_dir())


def resource(name: str, folder: Path | None = None) -> dict[str, Any]:
    """The descriptor of one resource (table) of the data package."""
    for res in package(folder)["resources"]:
        if res["name"] == name:
            return res
    raise DataError(f"{PACKAGE_FILE}: no resource named {name!r}")


def table_names(folder: Path | None = None) -> list[str]:
    """Names of the tabular resources, in package order."""
    return [r["name"] for r in package(folder)["resources"] if r.get("format") == "csv"]
