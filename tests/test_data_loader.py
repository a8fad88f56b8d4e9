"""The loaders return typed, validated copies, and a broken file gets a message that names
the file, the line and column, and what is wrong."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import data

ROOT = Path(__file__).resolve().parents[1]
TABLES = data.table_names(ROOT / "data")


def _fields(name: str) -> list[dict]:
    return data.resource(name, ROOT / "data")["schema"]["fields"]


@pytest.mark.parametrize("name", TABLES)
def test_every_table_loads_typed(name: str, monkeypatch) -> None:
    monkeypatch.setenv("COURSE_DATA_DIR", str(ROOT / "data"))
    frame = data.load(name)
    assert len(frame) > 0
    for field in _fields(name):
        col = frame[field["name"]]
        if field["type"] == "date":
            assert pd.api.types.is_datetime64_any_dtype(col), field["name"]
        elif field["type"] in ("integer", "number"):
            assert pd.api.types.is_numeric_dtype(col), field["name"]
        elif "enum" in field.get("constraints", {}):
            assert isinstance(col.dtype, pd.CategoricalDtype), field["name"]


def test_iso_numeric_is_a_zero_padded_string() -> None:
    members = data.members()
    assert members["iso_numeric"].str.fullmatch(r"\d{3}").all()
    assert "056" in set(members["iso_numeric"])  # Belgium keeps its leading zero


def test_loader_returns_a_fresh_copy() -> None:
    first = data.members()
    first.loc[0, "country"] = "Changed"
    assert data.members().loc[0, "country"] != "Changed"


def test_data_folder_order(tmp_path, monkeypatch) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "data"))
    assert data.data_dir() == tmp_path / "data"
    monkeypatch.delenv("COURSE_DATA_DIR")
    monkeypatch.chdir(tmp_path / "data")
    assert data.data_dir() == tmp_path / "data"  # found by walking up from the cwd
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    monkeypatch.chdir(outside)
    # Nothing above: the package's own copy.
    assert (data.data_dir() / "datapackage.json").is_file()


def test_bad_data_dir_env_is_named(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    with pytest.raises(data.DataError, match="COURSE_DATA_DIR"):
        data.data_dir()


# --- corruption: each table broken five ways -------------------------------------------


def _rows(name: str) -> list[list[str]]:
    text = (ROOT / "data" / f"{name}.csv").read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text)))


def _write(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _first_field(name: str, kind: str) -> str | None:
    for f in _fields(name):
        if f["type"] == kind:
            return f["name"]
    return None


def _corrupt(name: str, how: str, path: Path) -> str | None:
    """Break ``path`` one way; return the expected message fragment (None: not applicable)."""
    rows = _rows(name)
    header = rows[0]
    if how == "empty file":
        path.write_text("", encoding="utf-8")
        return "the file is empty"
    if how == "missing column":
        col = header[0]
        _write(path, [r[1:] for r in rows])
        return f"missing column(s) {col}"
    if how == "bad date":
        col = _first_field(name, "date")
        if col is None:
            return None
        rows[1][header.index(col)] = "2022-13-45"
        _write(path, rows)
        return f"line 2, column {col}: '2022-13-45' is not a real calendar date"
    if how == "non-numeric figure":
        col = _first_field(name, "number") or _first_field(name, "integer")
        if col is None:
            return None
        rows[1][header.index(col)] = "about ten"
        _write(path, rows)
        return f"line 2, column {col}: 'about ten' is not a"
    if how == "duplicate key":
        _write(path, [*rows, rows[1]])
        return f"lines 2 and {len(rows) + 1}: duplicate key"
    if how == "required value missing":
        rows[1][0] = ""
        _write(path, rows)
        return f"line 2, column {header[0]}: a value is required"
    if how == "short row":
        rows[2] = rows[2][:-1]
        _write(path, rows)
        return f"line 3: {len(header) - 1} values where the header has {len(header)}"
    raise AssertionError(how)


# Every table gets at least five of these (dates and figures only where it has them).
CORRUPTIONS = [
    "missing column",
    "bad date",
    "non-numeric figure",
    "duplicate key",
    "empty file",
    "required value missing",
    "short row",
]


def _applicable(name: str, how: str) -> bool:
    """Dates and figures can only be broken in tables that have such columns."""
    if how == "bad date":
        return _first_field(name, "date") is not None
    if how == "non-numeric figure":
        return (_first_field(name, "number") or _first_field(name, "integer")) is not None
    return True


CASES = [(n, h) for n in TABLES for h in CORRUPTIONS if _applicable(n, h)]


def test_every_table_is_corrupted_at_least_five_ways() -> None:
    for name in TABLES:
        assert sum(1 for n, _h in CASES if n == name) >= 5, name


@pytest.mark.parametrize("name,how", CASES, ids=[f"{n}-{h}" for n, h in CASES])
def test_corrupt_file_gets_a_clear_message(name: str, how: str, tmp_path, monkeypatch) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    expected = _corrupt(name, how, tmp_path / "data" / f"{name}.csv")
    assert expected is not None
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "data"))
    with pytest.raises(data.DataError) as err:
        data.load(name)
    message = str(err.value)
    assert message.startswith(f"data/{name}.csv"), message
    assert expected in message, message
    assert "Traceback" not in message and len(message) < 300


def test_missing_file_is_named(tmp_path, monkeypatch) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "data" / "members.csv").unlink()
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "data"))
    with pytest.raises(data.DataError, match=r"data/members\.csv: file not found"):
        data.members()


SCHEMA = {
    "fields": [
        {"name": "d", "type": "date"},
        {"name": "n", "type": "number"},
        {"name": "i", "type": "integer"},
        {"name": "b", "type": "boolean"},
    ],
    "primaryKey": ["d"],
}


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.lists(st.text(max_size=12), min_size=0, max_size=6), max_size=5))
def test_any_text_is_parsed_or_rejected_with_a_dataerror(rows) -> None:
    buf = io.StringIO()
    csv.writer(buf).writerows([["d", "n", "i", "b"], *rows])
    try:
        frame = data.parse_table(buf.getvalue(), SCHEMA, "data/x.csv")
    except data.DataError as exc:
        assert str(exc).startswith("data/x.csv")
    else:
        assert list(frame.columns) == ["d", "n", "i", "b"]


# --- second edition: military_aid keeps the first edition's view by default ------------


def test_military_aid_default_is_the_headline_release_with_first_edition_columns() -> None:
    default = data.military_aid()
    every = data.military_aid(release=None)
    assert set(default["release"]) == {data.HEADLINE_RELEASE}
    assert "cutoff_role" not in default.columns
    assert list(default.columns) == [c for c in every.columns if c != "cutoff_role"]
    headline = every[every["release"] == data.HEADLINE_RELEASE].drop(columns="cutoff_role")
    assert default.equals(headline.reset_index(drop=True))
    assert every["release"].nunique() >= 2


def test_military_aid_selects_one_release_or_names_the_known_ones() -> None:
    releases = data.military_aid_releases()
    assert list(releases.columns) == ["release", "data_cutoff", "cutoff_role"]
    for release in set(releases["release"]):
        picked = data.military_aid(release=str(release))
        assert set(picked["release"]) == {release}
    with pytest.raises(data.DataError, match=r"no release 'Release 0'.*known:"):
        data.military_aid(release="Release 0")


@pytest.mark.parametrize("loader", ["military_aid_monthly", "weapon_decisions", "opinion"])
def test_new_loaders_return_fresh_typed_copies(loader: str) -> None:
    first = getattr(data, loader)()
    assert len(first) > 0
    first.loc[0, "source_title"] = "Changed"
    assert getattr(data, loader)().loc[0, "source_title"] != "Changed"
