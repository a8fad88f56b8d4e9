"""The evidence of a policy memo: references to rows of the course's own data tables.

A reference is ``table:id``, where ``table`` is a table of ``data/datapackage.json`` and
``id`` the row's primary key (composite keys joined with ``/``). :func:`build_index` lists
every row that can be cited, with a label (what the row says) and its source;
:class:`RowIndex` looks references up and says, in one sentence, why one cannot be cited.
Pure logic, no widgets; the memo itself is in :mod:`.memo`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

__all__ = [
    "CHOICE_SEP",
    "CHOICE_WIDTH",
    "EXAMPLE_REFS",
    "RowIndex",
    "build_index",
    "parse_refs",
    "ref_from_choice",
]

EXAMPLE_REFS = ("timeline:2024-nsatu-wiesbaden", "facts:washington_pledge_min_baseline_eur_bn")
# Columns that name a row, in order of preference (else the first text column not in the key).
LABEL_COLUMNS = ("title", "claim", "statement", "country", "channel", "system", "term", "donor")
#: Between a reference and its row's label in the search box and the preview lines.
CHOICE_SEP = " — "
CHOICE_WIDTH = 90
_REF_SPLIT = re.compile(r"[\s,;`]+")
_REF = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):(.+)$")


def parse_refs(text: Any) -> tuple[str, ...]:
    """References typed in an evidence field, in order, without duplicates.

    Separators are white space, commas, semicolons and backticks; the table part is
    lower-cased (``Timeline:X`` is ``timeline:X``), the id part kept as typed.
    """
    if isinstance(text, list | tuple):
        text = " ".join(str(t) for t in text)
    if not isinstance(text, str):
        return ()
    out: list[str] = []
    for token in _REF_SPLIT.split(text):
        token = token.strip()
        if not token:
            continue
        match = _REF.match(token)
        if match:
            token = f"{match.group(1).lower()}:{match.group(2)}"
        if token not in out:
            out.append(token)
    return tuple(out)


@dataclass(frozen=True)
class RowIndex:
    """Which rows can be cited: table → {row id: (label, source)}."""

    tables: Mapping[str, Mapping[str, tuple[str, str]]]
    key_columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def lookup(self, ref: str) -> tuple[str, str] | None:
        """(label, source) of a ``table:id`` reference, or None if there is no such row."""
        match = _REF.match(ref)
        if not match:
            return None
        return self.tables.get(match.group(1), {}).get(match.group(2))

    def problem(self, ref: str) -> str | None:
        """Why ``ref`` cannot be cited (a sentence naming it), or None when it can."""
        match = _REF.match(ref)
        if not match:
            return f"'{ref}' is not a reference: write table:id, for example {EXAMPLE_REFS[0]}"
        table, row = match.group(1), match.group(2)
        if table not in self.tables:
            known = ", ".join(sorted(self.tables))
            return f"'{ref}': there is no table '{table}' (tables: {known})"
        if row not in self.tables[table]:
            keys = " + ".join(self.key_columns.get(table, ())) or "its id"
            return f"'{ref}': no row '{row}' in data/{table}.csv (the id is the {keys} column)"
        return None

    def refs(self, table: str | None = None) -> list[str]:
        """Every citable reference (of one table, or all), sorted."""
        names = [table] if table is not None else sorted(self.tables)
        return [f"{t}:{r}" for t in names for r in sorted(self.tables.get(t, {}))]

    def choices(self, width: int = CHOICE_WIDTH) -> list[str]:
        """Every citable reference with what its row says, ``table:id — label`` (sorted)."""
        out = []
        for ref in self.refs():
            found = self.lookup(ref)
            label = _shorten(found[0], width) if found else ""
            out.append(f"{ref}{CHOICE_SEP}{label}" if label else ref)
        return out

    def preview(self, refs: Iterable[str], width: int = CHOICE_WIDTH) -> list[str]:
        """One line per reference: ``table:id — label``, or why it cannot be cited."""
        lines = []
        for ref in refs:
            found = self.lookup(ref)
            if found is None:
                lines.append(f"{ref}: {self.problem(ref) or 'not found'}")
            else:
                lines.append(f"{ref}{CHOICE_SEP}{_shorten(found[0], width)}" if found[0] else ref)
        return lines


def ref_from_choice(choice: Any) -> str:
    """The ``table:id`` part of a search-box choice (``table:id — label``), stripped."""
    if not isinstance(choice, str):
        return ""
    return choice.split(CHOICE_SEP, 1)[0].strip()


def _shorten(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _key_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, datetime | date) or hasattr(value, "strftime"):
        return str(value.strftime("%Y-%m-%d"))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _one_line(text: Any) -> str:
    return " ".join(str(text).split()) if isinstance(text, str) else ""


def _label_column(columns: list[str], key: tuple[str, ...]) -> str | None:
    for name in LABEL_COLUMNS:
        if name in columns and name not in key:
            return name
    skip = {*key, "source_title", "source_url", "retrieved_on", "locator"}
    return next((c for c in columns if c not in skip), None)


def build_index(tables: Iterable[str] | None = None) -> RowIndex:
    """The citable rows of the course data (every CSV table with a primary key)."""
    from helpers import data

    names = list(tables) if tables is not None else data.table_names()
    out: dict[str, dict[str, tuple[str, str]]] = {}
    keys: dict[str, tuple[str, ...]] = {}
    for name in names:
        pk = data.resource(name)["schema"].get("primaryKey", [])
        key = (pk,) if isinstance(pk, str) else tuple(pk)
        if not key:
            continue
        frame = data.load(name)
        label_col = _label_column(list(frame.columns), key)
        rows: dict[str, tuple[str, str]] = {}
        for rec in frame.to_dict("records"):
            row_id = "/".join(_key_text(rec[k]) for k in key)
            label = _one_line(rec.get(label_col, "")) if label_col else ""
            source = _one_line(rec.get("source_title", ""))
            locator = _one_line(rec.get("locator", ""))
            if source and locator:
                source = f"{source}; {locator}"
            rows[row_id] = (label, source)
        out[name], keys[name] = rows, key
    return RowIndex(out, keys)
