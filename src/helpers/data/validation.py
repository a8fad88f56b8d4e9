"""Validating one CSV table against its Table Schema and typing its columns for pandas.

:func:`parse_table` checks the header, every cell (type, enumeration, pattern, bounds,
required values) and the primary key, and raises :class:`~helpers.data.errors.DataError`
naming the file, the line, the column and what is wrong.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import Any

import pandas as pd

from .errors import DataError

_TRUE = {"true"}
_FALSE = {"false"}
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _convert(value: str, field: dict[str, Any]) -> Any:
    """Convert one cell; raise ValueError with a short reason if it does not fit."""
    ftype = field.get("type", "string")
    if ftype == "string":
        return value
    if ftype == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise ValueError(f"{value!r} is not a whole number")
        return int(value)
    if ftype == "number":
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a number") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(f"{value!r} is not a finite number")
        return number
    if ftype == "boolean":
        low = value.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise ValueError(f"{value!r} is not true or false")
    if ftype == "date":
        if not _DATE_RE.match(value):
            raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a real calendar date") from None
    return value


def _check_constraints(value: Any, field: dict[str, Any]) -> None:
    cons = field.get("constraints", {})
    if "enum" in cons and value not in cons["enum"]:
        allowed = ", ".join(map(str, cons["enum"]))
        raise ValueError(f"{value!r} is not one of: {allowed}")
    if "pattern" in cons and isinstance(value, str) and not re.fullmatch(cons["pattern"], value):
        raise ValueError(f"{value!r} does not match the pattern {cons['pattern']}")
    if "minimum" in cons and value < cons["minimum"]:
        raise ValueError(f"{value!r} is below the minimum {cons['minimum']}")
    if "maximum" in cons and value > cons["maximum"]:
        raise ValueError(f"{value!r} is above the maximum {cons['maximum']}")


def parse_table(text: str, schema: dict[str, Any], label: str) -> pd.DataFrame:
    """Parse and validate CSV ``text`` against a Table Schema; ``label`` names the file."""
    if not text.strip():
        raise DataError(f"{label}: the file is empty")
    if text.startswith("\ufeff"):
        text = text[1:]
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = [h.strip() for h in rows[0]]
    fields = schema["fields"]
    expected = [f["name"] for f in fields]
    missing = [c for c in expected if c not in header]
    if missing:
        raise DataError(f"{label}: missing column(s) {', '.join(missing)} in the header (line 1)")
    extra = [c for c in header if c not in expected]
    if extra:
        raise DataError(f"{label}: unexpected column(s) {', '.join(extra)} in the header (line 1)")
    if len(set(header)) != len(header):
        raise DataError(f"{label}: a column name appears twice in the header (line 1)")
    index = {name: header.index(name) for name in expected}
    missing_values = set(schema.get("missingValues", [""]))
    records: list[dict[str, Any]] = []
    for lineno, row in enumerate(rows[1:], start=2):
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise DataError(
                f"{label}, line {lineno}: {len(row)} values where the header has {len(header)}"
            )
        record: dict[str, Any] = {}
        for field in fields:
            name = field["name"]
            raw = row[index[name]]
            if raw != raw.strip():
                raise DataError(f"{label}, line {lineno}, column {name}: stray spaces in {raw!r}")
            if raw in missing_values:
                if field.get("constraints", {}).get("required"):
                    raise DataError(f"{label}, line {lineno}, column {name}: a value is required")
                record[name] = None
                continue
            try:
                value = _convert(raw, field)
                _check_constraints(value, field)
            except ValueError as exc:
                raise DataError(f"{label}, line {lineno}, column {name}: {exc}") from None
            record[name] = value
        record["_line"] = lineno
        records.append(record)
    if not records:
        raise DataError(f"{label}: the file has a header but no rows")
    pk = schema.get("primaryKey", [])
    pk = [pk] if isinstance(pk, str) else list(pk)
    if pk:
        seen: dict[tuple[Any, ...], int] = {}
        for rec in records:
            key = tuple(rec[k] for k in pk)
            if key in seen:
                shown = ", ".join(f"{k}={v}" for k, v in zip(pk, key, strict=True))
                raise DataError(
                    f"{label}, lines {seen[key]} and {rec['_line']}: duplicate key ({shown})"
                )
            seen[key] = rec["_line"]
    frame = pd.DataFrame.from_records(records, columns=[*expected, "_line"]).drop(columns="_line")
    return _typed(frame, fields)


def _typed(frame: pd.DataFrame, fields: list[dict[str, Any]]) -> pd.DataFrame:
    for field in fields:
        name, ftype = field["name"], field.get("type", "string")
        col = frame[name]
        if ftype == "date":
            frame[name] = pd.to_datetime(col)
        elif ftype == "integer":
            frame[name] = col.astype("Int64") if col.isna().any() else col.astype("int64")
        elif ftype == "number":
            frame[name] = col.astype("float64")
        elif ftype == "boolean":
            frame[name] = col.astype("boolean") if col.isna().any() else col.astype(bool)
        elif "enum" in field.get("constraints", {}):
            frame[name] = pd.Categorical(col, categories=field["constraints"]["enum"])
        else:
            frame[name] = col.astype("string")
    return frame
