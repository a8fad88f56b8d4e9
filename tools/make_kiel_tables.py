"""Derive the course's Kiel tables from the Kiel Institute's own published data files.

The Kiel Institute publishes the Ukraine Support Tracker's data in the public repository
UkraineSupportTrackerWebsite/ukraine-support-tracker: ``data/data_explorer.csv`` (monthly
allocations per donor, € bn: financial, humanitarian, military, plus the donor's 2021 GDP),
``data/total_allocations.csv`` (monthly totals) and ``data/release_info.csv`` (the release
label). This script turns one snapshot of those files into

- the revised rows of ``data/military_aid.csv``: every donor's cumulative military
  allocations at 30 June 2024 (``cutoff_role`` "article", the core article's moment) and at
  31 December 2024 ("epilogue"), for every donor with a non-zero figure at either cut-off
  plus the EU institutions (whose military column is zero in this file). Rows of other
  releases already in the table (the February 2024 headline figures) are kept untouched;
- ``data/military_aid_monthly.csv``: military allocations per month, January 2022 to
  December 2024, summed by donor group (United States, European donors, Other donors).

It checks the input before writing: the expected columns, no negative military values,
the monthly group sums against ``total_allocations.csv`` (when given), and that every
country donor has an ISO code. The output is deterministic for a given input.

Usage (from the repository root)::

    git -C <mirror> show <commit>:data/data_explorer.csv > /tmp/data_explorer.csv
    git -C <mirror> show <commit>:data/release_info.csv > /tmp/release_info.csv
    git -C <mirror> show <commit>:data/total_allocations.csv > /tmp/total_allocations.csv
    python tools/make_kiel_tables.py /tmp/data_explorer.csv \\
        --release-info /tmp/release_info.csv --total-allocations /tmp/total_allocations.csv \\
        --commit <40-hex commit> --retrieved-on YYYY-MM-DD [--data-dir data] [--check]

``--check`` writes nothing and exits 1 if the files in ``--data-dir`` differ from what the
input gives (a reproducibility check).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from helpers.analysis.aid_series import (  # noqa: E402
    ARTICLE,
    ARTICLE_CUTOFF,
    DONOR_GROUPS,
    EPILOGUE,
    EPILOGUE_CUTOFF,
    donor_group,
)

REPO = "UkraineSupportTrackerWebsite/ukraine-support-tracker"
EXPLORER_COLUMNS = ("country", "iso", "year", "month", "military", "gdp")
FIRST_MONTH = (2022, 1)
EU_ISO = "EU"
EU_DONOR = "EU institutions"
# Kiel spells a few names differently from the course (members.csv uses NATO's names).
NAMES = {"Turkiye": "Türkiye"}
AID_HEADER = [
    "donor", "iso3", "donor_type", "measure", "military_eur_bn", "military_pct_gdp",
    "data_cutoff", "release", "cutoff_role", "source_title", "source_url", "retrieved_on",
    "locator",
]  # fmt: skip
MONTHLY_HEADER = [
    "year", "month", "donor_group", "military_eur_bn", "epilogue", "release",
    "source_title", "source_url", "retrieved_on", "locator",
]  # fmt: skip


class InputError(ValueError):
    """The Kiel file does not look as expected."""


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV file as dicts (UTF-8, optional BOM)."""
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def explorer_rows(path: Path) -> list[dict[str, object]]:
    """data_explorer.csv rows with typed year, month, military (€ bn) and gdp (€ bn)."""
    rows = read_csv(path)
    if not rows:
        raise InputError(f"{path}: no rows")
    missing = [c for c in EXPLORER_COLUMNS if c not in rows[0]]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
    out: list[dict[str, object]] = []
    for n, row in enumerate(rows, start=2):
        try:
            military = float(row["military"])
            gdp = float(row["gdp"]) if row["gdp"] not in ("", "NA") else 0.0
            year, month = int(row["year"]), int(row["month"])
        except ValueError as exc:
            raise InputError(f"{path}, line {n}: {exc}") from None
        if military < 0:
            raise InputError(f"{path}, line {n}: negative military value {military}")
        if not 1 <= month <= 12:
            raise InputError(f"{path}, line {n}: month {month}")
        out.append(
            {"country": row["country"], "iso": row["iso"], "year": year, "month": month,
             "military": military, "gdp": gdp}
        )  # fmt: skip
    return out


def release_label(path: Path | None) -> str:
    """The ``label`` of release_info.csv (one row), or a placeholder when not given."""
    if path is None:
        return "Ukraine Support Tracker (release label not given)"
    rows = read_csv(path)
    if len(rows) != 1 or not rows[0].get("label"):
        raise InputError(f"{path}: expected one row with a label")
    return rows[0]["label"]


def _num(value: object) -> float:
    if not isinstance(value, (int, float)):
        raise InputError(f"not a number: {value!r}")
    return float(value)


def _ym(row: dict[str, object]) -> tuple[int, int]:
    return int(_num(row["year"])), int(_num(row["month"]))


def _through(row: dict[str, object], cutoff: date) -> bool:
    return _ym(row) <= (cutoff.year, cutoff.month)


@dataclass
class Total:
    """One donor's cumulative military allocations up to a cut-off."""

    iso: str
    military: float
    gdp: float


def donor_totals(rows: list[dict[str, object]], cutoff: date) -> dict[str, Total]:
    """Per donor (Kiel name): iso, cumulative military € bn up to ``cutoff``'s month, gdp."""
    out: dict[str, Total] = {}
    for row in rows:
        name = str(row["country"])
        entry = out.setdefault(name, Total(str(row["iso"]), 0.0, _num(row["gdp"])))
        if _through(row, cutoff):
            entry.military += _num(row["military"])
    return out


def _fmt(value: float, digits: int = 3) -> str:
    text = f"{value:.{digits}f}"
    return "0.000" if text in ("-0.000",) else text


def aid_rows(
    rows: list[dict[str, object]], release: str, commit: str, retrieved_on: str, label: str
) -> list[list[str]]:
    """The revised military_aid.csv rows: both cut-offs, donors ranked by the article cut-off."""
    at = {
        role: donor_totals(rows, cut)
        for role, cut in ((ARTICLE, ARTICLE_CUTOFF), (EPILOGUE, EPILOGUE_CUTOFF))
    }
    names = [
        n for n in at[ARTICLE]
        if n and (at[ARTICLE][n].military > 0 or at[EPILOGUE][n].military > 0
                  or at[ARTICLE][n].iso == EU_ISO)
    ]  # fmt: skip
    names.sort(key=lambda n: (-at[ARTICLE][n].military, n))
    url = f"https://github.com/{REPO}/blob/{commit}/data/data_explorer.csv"
    title = (
        f"Kiel Institute, Ukraine Support Tracker data files ({REPO}, data/data_explorer.csv "
        f"at commit {commit[:7]})"
    )
    out: list[list[str]] = []
    for role, cutoff in ((ARTICLE, ARTICLE_CUTOFF), (EPILOGUE, EPILOGUE_CUTOFF)):
        for name in names:
            entry = at[role][name]
            iso, military, gdp = entry.iso, entry.military, entry.gdp
            if iso == EU_ISO:
                donor, iso3, kind = EU_DONOR, "", "eu_institution"
                pct = ""
                note = (
                    "; Kiel's row 'EU (Commission and Council)': its military column is zero "
                    "in every month of this file (EU-financed military aid, e.g. through the "
                    "European Peace Facility, is not counted here as the EU's own)"
                )
            else:
                if len(iso) != 3:
                    raise InputError(f"{name}: no ISO alpha-3 code ({iso!r})")
                donor, iso3, kind = NAMES.get(name, name), iso, "country"
                pct = _fmt(100 * military / gdp) if gdp > 0 else ""
                note = "; % of GDP = military / gdp x 100 (column gdp: the donor's 2021 GDP, € bn)"
            epilogue = "; epilogue data (after the Washington Summit)" if role == EPILOGUE else ""
            locator = (
                f"rows country='{name}': sum of column military (€ bn, allocations) over months "
                f"{FIRST_MONTH[0]}-{FIRST_MONTH[1]:02d} to {cutoff:%Y-%m}{note}; {label}; "
                f"file unchanged since commit f259890 (exchange-rate fix for military "
                f"equipment){epilogue}"
            )
            out.append(
                [donor, iso3, kind, "allocated", _fmt(military), pct, cutoff.isoformat(),
                 release, role, title, url, retrieved_on, locator]
            )  # fmt: skip
    return out


def monthly_rows(
    rows: list[dict[str, object]],
    totals: list[dict[str, str]] | None,
    release: str,
    commit: str,
    retrieved_on: str,
    label: str,
) -> list[list[str]]:
    """military_aid_monthly.csv: one row per month and donor group, Jan 2022 to Dec 2024."""
    sums: dict[tuple[int, int, str], float] = {}
    for row in rows:
        year, month = _ym(row)
        if (year, month) > (EPILOGUE_CUTOFF.year, EPILOGUE_CUTOFF.month):
            continue
        kind = "eu_institution" if row["iso"] == EU_ISO else "country"
        key = (year, month, donor_group(str(row["iso"]), kind))
        sums[key] = sums.get(key, 0.0) + _num(row["military"])
    if totals is not None:
        check = {(int(t["year"]), int(t["month"])): float(t["military"]) for t in totals}
        for (year, month), expected in check.items():
            if (year, month) > (EPILOGUE_CUTOFF.year, EPILOGUE_CUTOFF.month):
                continue
            got = sum(v for (y, m, _g), v in sums.items() if (y, m) == (year, month))
            if abs(got - expected) > 1e-6:
                raise InputError(f"{year}-{month:02d}: donors sum to {got}, totals say {expected}")
    url = f"https://github.com/{REPO}/blob/{commit}/data/data_explorer.csv"
    title = (
        f"Kiel Institute, Ukraine Support Tracker data files ({REPO}, data/data_explorer.csv "
        f"at commit {commit[:7]})"
    )
    out: list[list[str]] = []
    year, month = FIRST_MONTH
    while (year, month) <= (EPILOGUE_CUTOFF.year, EPILOGUE_CUTOFF.month):
        for group in DONOR_GROUPS:
            value = sums.get((year, month, group), 0.0)
            epilogue = (year, month) > (ARTICLE_CUTOFF.year, ARTICLE_CUTOFF.month)
            locator = (
                f"sum of column military (€ bn) over the donors of this group, {year}-{month:02d}"
                f" (no row = no allocation that month); month totals match "
                f"data/total_allocations.csv; {label}"
            )
            out.append(
                [str(year), str(month), group, _fmt(value), "true" if epilogue else "false",
                 release, title, url, retrieved_on, locator]
            )  # fmt: skip
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _line_ending(path: Path) -> str:
    if path.is_file() and b"\r\n" in path.read_bytes()[:4096]:
        return "\r\n"
    return "\n"


def render(header: Sequence[str], rows: Sequence[Sequence[str]], newline: str) -> str:
    """CSV text with the given line ending, minimal quoting."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def merged_aid(existing: Path, new_rows: list[list[str]], release: str) -> list[list[str]]:
    """Rows of other releases kept as they are (in file order), this release's rows replaced."""
    kept: list[list[str]] = []
    if existing.is_file():
        for row in read_csv(existing):
            if row.get("release") == release:
                continue
            if list(row) != AID_HEADER:
                raise InputError(f"{existing}: header is not {AID_HEADER}")
            kept.append([row[c] for c in AID_HEADER])
    return kept + new_rows


def main(argv: Sequence[str] | None = None) -> int:
    """Build (or, with --check, compare) the two tables; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("explorer", type=Path, help="path to Kiel's data/data_explorer.csv")
    parser.add_argument("--release-info", type=Path, help="path to Kiel's data/release_info.csv")
    parser.add_argument("--total-allocations", type=Path, help="path to data/total_allocations.csv")
    parser.add_argument("--commit", required=True, help="the 40-hex commit the files come from")
    parser.add_argument("--retrieved-on", default=date.today().isoformat(), help="YYYY-MM-DD")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data")
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    if len(args.commit) != 40 or any(c not in "0123456789abcdef" for c in args.commit):
        parser.error("--commit must be a full 40-character hexadecimal hash")
    date.fromisoformat(args.retrieved_on)

    rows = explorer_rows(args.explorer)
    label = release_label(args.release_info)
    release = f"Kiel Institute {label}; data files at commit {args.commit[:7]}"
    totals = read_csv(args.total_allocations) if args.total_allocations else None
    aid_path = args.data_dir / "military_aid.csv"
    monthly_path = args.data_dir / "military_aid_monthly.csv"
    aid_text = render(
        AID_HEADER,
        merged_aid(
            aid_path, aid_rows(rows, release, args.commit, args.retrieved_on, label), release
        ),
        _line_ending(aid_path),
    )
    monthly_text = render(
        MONTHLY_HEADER,
        monthly_rows(rows, totals, release, args.commit, args.retrieved_on, label),
        "\n",
    )
    if args.check:
        same = [
            p.is_file() and p.read_bytes().decode("utf-8") == text
            for p, text in ((aid_path, aid_text), (monthly_path, monthly_text))
        ]
        for p, ok in zip((aid_path, monthly_path), same, strict=True):
            print(f"{p.name}: {'same' if ok else 'DIFFERS'}")
        return 0 if all(same) else 1
    aid_path.write_text(aid_text, encoding="utf-8", newline="")
    monthly_path.write_text(monthly_text, encoding="utf-8", newline="")
    print(f"wrote {aid_path} and {monthly_path} ({release})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
