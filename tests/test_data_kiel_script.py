"""tools/make_kiel_tables.py: the derivation of the Kiel tables is checked on a small,
made-up Kiel file, so the tests do not depend on Kiel's figures."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import make_kiel_tables as mk
import pytest

from helpers import data

ROOT = Path(__file__).resolve().parents[1]
COMMIT = "a" * 40
HEADER = "country,iso,year,month,total,financial,humanitarian,military,gdp,pct_gdp\n"


def _explorer(tmp: Path, rows: list[tuple[str, str, int, int, float, float]]) -> Path:
    """A data_explorer.csv with (country, iso, year, month, military, gdp) rows."""
    lines = [HEADER] + [f"{c},{i},{y},{m},{v},0,0,{v},{g},0\n" for c, i, y, m, v, g in rows]
    path = tmp / "data_explorer.csv"
    path.write_text("".join(lines), encoding="utf-8")
    return path


ROWS = [
    ("United States", "USA", 2023, 12, 2.0, 20000.0),
    ("United States", "USA", 2024, 4, 6.0, 20000.0),
    ("United States", "USA", 2024, 9, 3.0, 20000.0),
    ("Germany", "DEU", 2024, 6, 1.0, 3600.0),
    ("Turkiye", "TUR", 2022, 3, 0.5, 700.0),
    ("EU (Commission and Council)", "EU", 2024, 1, 0.0, 0.0),
    ("China", "CHN", 2024, 1, 0.0, 15000.0),
    ("United States", "USA", 2025, 2, 9.0, 20000.0),  # after both cut-offs
]


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "release_info.csv").write_text(
        'release,period,date,label\n"9","01/2026","2026-01-01","Ukraine Support Tracker, '
        'Release 9 (01/2026)"\n',
        encoding="utf-8",
    )
    return tmp_path


def _run(ws: Path, *extra: str) -> int:
    return mk.main(
        [str(_explorer(ws, ROWS)), "--release-info", str(ws / "release_info.csv"),
         "--commit", COMMIT, "--retrieved-on", "2026-12-01", "--data-dir", str(ws / "data"),
         *extra]
    )  # fmt: skip


def _read(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_cumulative_allocations_at_both_cutoffs(workspace: Path, monkeypatch) -> None:
    before = data.military_aid()  # the shipped headline release
    assert _run(workspace) == 0
    rows = _read(workspace / "data" / "military_aid.csv")
    new = [r for r in rows if "Release 9" in r["release"]]
    by = {(r["donor"], r["cutoff_role"]): r for r in new}
    assert by[("United States", "article")]["military_eur_bn"] == "8.000"  # Dec 2023 + Apr 2024
    assert by[("United States", "epilogue")]["military_eur_bn"] == "11.000"  # + Sep 2024 only
    assert by[("Germany", "article")]["military_pct_gdp"] == f"{100 * 1.0 / 3600.0:.3f}"
    assert by[("Türkiye", "article")]["iso3"] == "TUR"  # course spelling
    eu = by[("EU institutions", "article")]
    assert (
        eu["donor_type"] == "eu_institution" and eu["iso3"] == "" and eu["military_pct_gdp"] == ""
    )
    assert ("China", "article") not in by  # zero at both cut-offs: left out
    assert {r["data_cutoff"] for r in new} == {"2024-06-30", "2024-12-31"}
    assert all(COMMIT in r["source_url"] for r in new)
    # Rows of other releases are kept exactly, and the default loader still returns them.
    monkeypatch.setenv("COURSE_DATA_DIR", str(workspace / "data"))
    after = data.military_aid()
    assert after.equals(before)


def test_monthly_groups_fill_every_month(workspace: Path) -> None:
    assert _run(workspace) == 0
    rows = _read(workspace / "data" / "military_aid_monthly.csv")
    assert len(rows) == 36 * 3  # Jan 2022 to Dec 2024, three groups
    get = {(r["year"], r["month"], r["donor_group"]): r for r in rows}
    assert get[("2024", "4", "United States")]["military_eur_bn"] == "6.000"
    assert get[("2022", "3", "Other donors")]["military_eur_bn"] == "0.500"
    assert get[("2024", "5", "European donors")]["military_eur_bn"] == "0.000"
    assert get[("2024", "7", "United States")]["epilogue"] == "true"
    assert get[("2024", "6", "United States")]["epilogue"] == "false"


def test_rerun_is_reproducible_and_check_detects_drift(workspace: Path) -> None:
    assert _run(workspace) == 0
    assert _run(workspace, "--check") == 0
    path = workspace / "data" / "military_aid_monthly.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("6.000", "6.001"), encoding="utf-8")
    assert _run(workspace, "--check") == 1


def test_bad_input_is_refused(tmp_path: Path) -> None:
    bad = _explorer(tmp_path, [("United States", "USA", 2024, 4, -1.0, 1.0)])
    with pytest.raises(mk.InputError, match="negative military"):
        mk.explorer_rows(bad)
    (tmp_path / "x.csv").write_text("country,iso,year\nA,AUT,2024\n", encoding="utf-8")
    with pytest.raises(mk.InputError, match="missing column"):
        mk.explorer_rows(tmp_path / "x.csv")


def test_totals_mismatch_is_refused(tmp_path: Path) -> None:
    rows = mk.explorer_rows(_explorer(tmp_path, ROWS))
    totals = [{"year": "2024", "month": "4", "military": "5.0"}]
    with pytest.raises(mk.InputError, match="totals say"):
        mk.monthly_rows(rows, totals, "r", COMMIT, "2026-12-01", "label")


def test_short_commit_is_refused(workspace: Path) -> None:
    with pytest.raises(SystemExit):
        mk.main([str(_explorer(workspace, ROWS)), "--commit", "ddf24c0",
                 "--data-dir", str(workspace / "data")])  # fmt: skip
