"""Load the course's data tables, validated against ``data/datapackage.json``.

Each loader returns a fresh pandas DataFrame (dates parsed, enumerated columns categorical,
codes such as ``iso_numeric`` kept as strings); the parsed table is cached underneath, so
calling a loader twice is cheap and changing the returned frame never changes the cache.

The data folder is found in this order: the ``COURSE_DATA_DIR`` environment variable; a
``data/`` folder with a ``datapackage.json`` in the working directory or one of its parents
(the repository); the copy shipped inside the package (``helpers.course_data``).

A missing, empty or malformed file raises :class:`DataError` with a short message that
names the file, the line and column, and what is wrong.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

PACKAGE_FILE = "datapackage.json"


class DataError(ValueError):
    """A data file is missing, empty or does not match its schema."""


def data_dir() -> Path:
    """The folder the course data is read from (see the module docstring for the order)."""
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
    out = [Path(__file__).resolve().parents[2] / "data"]
    try:
        from importlib.resources import files

        out.insert(0, Path(str(files("helpers.course_data"))))
    except ModuleNotFoundError:
        pass
    return out


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


def members() -> pd.DataFrame:
    """The 32 allies: country, iso3, iso_numeric (string), accession_date, enlargement_round."""
    return load("members")


def timeline() -> pd.DataFrame:
    """Dated events, with date precision and category."""
    return load("timeline")


def ratifications() -> pd.DataFrame:
    """Ratification steps of accession protocols by each ally."""
    return load("ratifications")


def defence_spending() -> pd.DataFrame:
    """Defence expenditure as % of GDP by ally and year (NATO, June 2024)."""
    return load("defence_spending")


# The release lessons 00–03 were written against (their stored outputs depend on it).
HEADLINE_RELEASE = (
    "Kiel Institute Ukraine Support Tracker, update of 16 February 2024 "
    "(data to 15 January 2024; first release with allocations)"
)


def military_aid(release: str | None = HEADLINE_RELEASE) -> pd.DataFrame:
    """Military aid to Ukraine by donor (Kiel Institute tracker), aggregates flagged.

    By default only the rows of :data:`HEADLINE_RELEASE` (the February 2024 update), with
    the columns the first edition had, so existing lessons see exactly the table they were
    written for. ``release=None`` returns every release and cut-off with the
    ``cutoff_role`` column (``headline_2024``, ``article``, ``epilogue``); any other string
    selects one release. An unknown release raises :class:`DataError`.
    """
    table = load("military_aid")
    if release is None:
        return table
    rows = table[table["release"] == release]
    if rows.empty:
        known = "; ".join(sorted(set(table["release"].astype(str))))
        raise DataError(f"data/military_aid.csv: no release {release!r} (known: {known})")
    if release == HEADLINE_RELEASE:
        rows = rows.drop(columns="cutoff_role")
    return rows.reset_index(drop=True)


def military_aid_releases() -> pd.DataFrame:
    """The releases and cut-offs in ``military_aid.csv``: release, data_cutoff, cutoff_role."""
    table = load("military_aid")
    keys = ["release", "data_cutoff", "cutoff_role"]
    out = table[keys].drop_duplicates().sort_values(["data_cutoff", "release"])
    return out.reset_index(drop=True)


def military_aid_monthly() -> pd.DataFrame:
    """Military allocations per month by donor group (Kiel data files), 2022–2024."""
    return load("military_aid_monthly")


def weapon_decisions() -> pd.DataFrame:
    """Allied weapon firsts and lifted restrictions (2015–2024), with Russia's stated warnings."""
    return load("weapon_decisions")


def opinion() -> pd.DataFrame:
    """Ukrainian polls on joining NATO, 2008–2024 (pollster, field dates, base, shares)."""
    return load("opinion")


def channels() -> pd.DataFrame:
    """Channels through which military support reaches Ukraine."""
    return load("channels")


def contact_group() -> pd.DataFrame:
    """Ukraine Defense Contact Group meetings."""
    return load("contact_group")


def security_agreements() -> pd.DataFrame:
    """Security agreements and assurances (2024 agreements, 2022 assurances, 1994)."""
    return load("security_agreements")


def arguments() -> pd.DataFrame:
    """Attributed claims in the NATOization and enlargement debates."""
    return load("arguments")


def predictions() -> pd.DataFrame:
    """The core article's claims, classified and judged."""
    return load("predictions")


def facts() -> pd.DataFrame:
    """Figures stated in the prose, with their sources."""
    return load("facts")


def glossary() -> pd.DataFrame:
    """Course terms with own-words definitions."""
    return load("glossary")


def fact(fact_id: str) -> float:
    """The value of one fact from ``facts.csv``."""
    table = facts()
    hit = table.loc[table["fact_id"] == fact_id, "value"]
    if hit.empty:
        raise DataError(f"data/facts.csv: no fact with id {fact_id!r}")
    return float(hit.iloc[0])


def europe_topojson() -> dict[str, Any]:
    """The Europe map (TopoJSON, object ``countries``) as a dict."""
    path = data_dir() / "europe.topojson"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"data/europe.topojson: file not found in {path.parent}") from None
    except ValueError as exc:
        raise DataError(f"data/europe.topojson: not valid JSON ({exc})") from None
