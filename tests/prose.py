"""Find every figure stated in lesson prose and the fact tag that vouches for it.

A figure is a run of digits in a markdown cell. It passes if a fact tag
``<!-- fact: some_id -->`` follows it closely (only unit words in between), or if it is one
of the explicitly allowed kinds below (dates, years, lesson and article numbers, citations).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
TAG = re.compile(r"<!--\s*fact:\s*([a-z0-9_]+)\s*-->")
NUMBER = re.compile(r"(?<![\w.])[€$£]?(\d+(?:,\d{3})*(?:\.\d+)?)(%|\s?(?:billion|bn|million))?")
# Spans removed before looking for figures: code, links' targets, HTML comments other than
# fact tags, and image references.
STRIP = [
    re.compile(r"`[^`]*`"),
    re.compile(r"\]\([^)]*\)"),
    re.compile(r"https?://\S+"),
]
# Allowed kinds of number, as regexes matched around the figure (case-insensitive).
_ = r"\s+"  # any run of spaces or a line break (markdown wraps lines)
ALLOWED = [
    ("date", re.compile(rf"\b\d{{1,2}}(?:–\d{{1,2}})?{_}(?:{MONTHS})\b")),
    ("date", re.compile(rf"\b(?:{MONTHS}){_}\d{{1,2}},{_}\d{{4}}\b")),
    ("year", re.compile(r"(?<![\d,.])(?:19|20)\d{2}(?:[–-](?:19|20)?\d{2})?s?(?!\d|%|[.,]\d)")),
    ("lesson", re.compile(rf"\b(?:lesson|notebook)s?{_}0\d(?:(?:,|{_}and|{_}or|–){_}?0\d)*", re.I)),
    ("lesson", re.compile(r"(?<!\d)0\d(?=\s·)")),
    ("lesson", re.compile(r"(?<=\| )0\d(?: and 0\d)?(?= \|)")),
    ("article", re.compile(rf"\bArticles?{_}\d+(?:(?:,|{_}and|–){_}?\d+)*", re.I)),
    (
        "citation",
        re.compile(rf"\b(?:para(?:graph)?s?\.?|section|chapter|p\.|pp\.){_}\d+(?:[–-]\d+)?", re.I),
    ),
    ("citation", re.compile(r"\b(?:ES-)?\d+(?:/\d+)+\b")),
    ("citation", re.compile(rf"\bconcepts?{_}\d+(?:(?:,|{_}and|–){_}?\d+)*", re.I)),
    ("list", re.compile(r"^\s*(?:\d+\.|#+ \d+(?: ·)?)", re.M)),
    ("duration", re.compile(rf"\b\d+(?:–\d+)?{_}minutes?\b")),
    ("words", re.compile(rf"\b\d+{_}words?\b")),
    ("age", re.compile(rf"\bunder{_}18\b")),
]


@dataclass(frozen=True)
class Figure:
    """One figure found in prose: its text, value, and the fact id tagging it (if any)."""

    text: str
    value: float
    fact_id: str | None
    context: str


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def figures(markdown: str) -> list[Figure]:
    """Every figure in ``markdown`` that is not of an allowed kind."""
    text = markdown
    for pattern in STRIP:
        text = _blank(text, pattern)
    tags = [(m.start(), m.end(), m.group(1)) for m in TAG.finditer(text)]
    text_no_tags = _blank(text, re.compile(r"<!--.*?-->", re.S))
    allowed_spans: list[tuple[int, int]] = []
    for _kind, pattern in ALLOWED:
        allowed_spans += [(m.start(), m.end()) for m in pattern.finditer(text_no_tags)]
    out = []
    for m in NUMBER.finditer(text_no_tags):
        start, end = m.span(1)
        if any(a <= start and end <= b for a, b in allowed_spans):
            continue
        value = float(m.group(1).replace(",", ""))
        tag = None
        for t_start, _t_end, fact_id in tags:
            between = text[m.end() : t_start]
            if t_start >= m.end() and len(between) <= 40 and not re.search(r"\d", between):
                tag = fact_id
                break
        ctx = text_no_tags[max(0, start - 30) : end + 30].replace("\n", " ").strip()
        out.append(Figure(m.group(0).strip(), value, tag, ctx))
    return out
