"""The policy memo of lesson 07: its structure, its evidence check, and its Markdown.

Pure logic, no widgets (``helpers.interactive.memo`` is the thin ipywidgets layer). A memo
has a **position**, exactly three **arguments** (each with evidence: references to rows of
the course's own data tables), the **strongest counter-argument** and a **recommendation**.

Evidence is cited as ``table:id``, where ``table`` is a table of ``data/datapackage.json``
and ``id`` the row's primary key (composite keys joined with ``/``)::

    timeline:2024-nsatu-wiesbaden
    facts:washington_pledge_min_baseline_eur_bn
    predictions:p23_no_collective_will
    defence_spending:POL/2024

(which rows can be cited, and why a reference cannot: :mod:`.memo_evidence`).
:func:`check` says whether a memo is complete (every section written, every argument backed
by at least one row that exists, no unknown reference) and names what is missing; an empty
or evidence-free memo is incomplete. :func:`render_markdown` writes the memo as Markdown
with a list of the rows cited and their sources; :func:`parse_markdown` reads such a text
back (the saved answer is the Markdown, so a re-run restores the fields). Nothing here
raises on any text a student can type.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .memo_evidence import (
    CHOICE_SEP,
    CHOICE_WIDTH,
    EXAMPLE_REFS,
    RowIndex,
    build_index,
    parse_refs,
    ref_from_choice,
)
from .model import count_words

__all__ = [
    "CHOICE_SEP",
    "CHOICE_WIDTH",
    "EXAMPLE_REFS",
    "MIN_WORDS",
    "Argument",
    "Memo",
    "MemoCheck",
    "RowIndex",
    "build_index",
    "check",
    "download_link_html",
    "normalize_text",
    "parse_markdown",
    "parse_refs",
    "ref_from_choice",
    "render_markdown",
]

N_ARGUMENTS = 3
#: Fewest words each part needs before the memo counts as complete.
MIN_WORDS: dict[str, int] = {"position": 10, "argument": 15, "counter": 15, "recommendation": 10}
TITLE = "Policy memo: NATO and Ukraine after the Washington Summit"
HEADINGS = {
    "position": "Position",
    "counter": "Strongest counter-argument",
    "recommendation": "Recommendation",
    "sources": "Sources cited",
}
EVIDENCE_LABEL = "**Evidence:**"
_ARG_HEADING = re.compile(r"^## Argument ([1-9])\s*$")


# --------------------------------------------------------------------------- text


def normalize_text(text: Any) -> str:
    """Text as the memo keeps it: ``\\n`` line ends, no trailing spaces, no outer blank lines."""
    if not isinstance(text, str):
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


@dataclass(frozen=True)
class Argument:
    """One argument: its text and the rows cited as evidence."""

    text: str = ""
    evidence: tuple[str, ...] = ()


def _three(arguments: Iterable[Argument]) -> tuple[Argument, ...]:
    args = list(arguments)[:N_ARGUMENTS]
    return tuple(args + [Argument() for _ in range(N_ARGUMENTS - len(args))])


@dataclass(frozen=True)
class Memo:
    """A policy memo: position, three arguments, the strongest counter-argument, advice."""

    position: str = ""
    arguments: tuple[Argument, ...] = field(default_factory=lambda: _three(()))
    counter: str = ""
    recommendation: str = ""

    @classmethod
    def from_fields(
        cls,
        position: Any = "",
        arguments: Iterable[Any] = (),
        evidence: Iterable[Any] = (),
        counter: Any = "",
        recommendation: Any = "",
    ) -> Memo:
        """A memo from raw widget values (evidence as typed text), normalised."""
        texts = list(arguments)[:N_ARGUMENTS]
        refs = list(evidence)[:N_ARGUMENTS]
        texts += [""] * (N_ARGUMENTS - len(texts))
        refs += [""] * (N_ARGUMENTS - len(refs))
        args = [
            Argument(normalize_text(t), parse_refs(r)) for t, r in zip(texts, refs, strict=True)
        ]
        return cls(
            normalize_text(position), _three(args), normalize_text(counter),
            normalize_text(recommendation),
        )  # fmt: skip

    def normalized(self) -> Memo:
        """The same memo with every text normalised and exactly three arguments."""
        args = [Argument(normalize_text(a.text), parse_refs(a.evidence)) for a in self.arguments]
        return Memo(
            normalize_text(self.position), _three(args), normalize_text(self.counter),
            normalize_text(self.recommendation),
        )  # fmt: skip

    @property
    def is_empty(self) -> bool:
        """True when nothing at all has been written or cited."""
        m = self.normalized()
        parts = [m.position, m.counter, m.recommendation]
        parts += [a.text for a in m.arguments] + [r for a in m.arguments for r in a.evidence]
        return not any(parts)


# --------------------------------------------------------------------------- checking


@dataclass(frozen=True)
class MemoCheck:
    """The result of checking a memo: complete or not, and why not."""

    complete: bool
    problems: tuple[str, ...]
    unknown: tuple[str, ...]
    cited: tuple[str, ...]

    @property
    def message(self) -> str:
        """What to tell the student (plain text, one problem per line)."""
        if self.complete:
            n = len(self.cited)
            return f"Complete: every part is written and {n} row{'s' if n != 1 else ''} cited."
        return "Incomplete memo, not saved as done:\n" + "\n".join(f"- {p}" for p in self.problems)


def _words(part: str, text: str, minimum: int) -> str | None:
    n = count_words(text)
    if n >= minimum:
        return None
    if n == 0:
        return f"{part}: not written yet (at least {minimum} words)."
    return f"{part}: write at least {minimum} words (you have {n})."


def check(memo: Memo, index: RowIndex) -> MemoCheck:
    """Is the memo complete? Every part written, every argument backed by existing rows."""
    m = memo.normalized()
    problems: list[str] = []
    unknown: list[str] = []
    cited: list[str] = []
    if m.is_empty:
        problems.append(
            "The memo is empty: write your position, three arguments with evidence, "
            "the strongest counter-argument and a recommendation."
        )
        return MemoCheck(False, tuple(problems), (), ())
    p = _words("Position", m.position, MIN_WORDS["position"])
    if p:
        problems.append(p)
    seen_texts: dict[str, int] = {}
    for i, arg in enumerate(m.arguments, start=1):
        label = f"Argument {i}"
        p = _words(label, arg.text, MIN_WORDS["argument"])
        if p:
            problems.append(p)
        elif arg.text in seen_texts:
            problems.append(f"{label}: it repeats argument {seen_texts[arg.text]}; make a new one.")
        seen_texts.setdefault(arg.text, i)
        good = []
        for ref in arg.evidence:
            why = index.problem(ref)
            if why is None:
                good.append(ref)
                if ref not in cited:
                    cited.append(ref)
            else:
                problems.append(f"{label}: {why}.")
                if ref not in unknown:
                    unknown.append(ref)
        if not good:
            problems.append(
                f"{label}: cite at least one row of the course's data as evidence, "
                f"e.g. {EXAMPLE_REFS[0]} or {EXAMPLE_REFS[1]}."
            )
    for key, part in (
        ("counter", "Strongest counter-argument"),
        ("recommendation", "Recommendation"),
    ):
        p = _words(part, getattr(m, key), MIN_WORDS[key])
        if p:
            problems.append(p)
    return MemoCheck(not problems, tuple(problems), tuple(unknown), tuple(cited))


# --------------------------------------------------------------------------- Markdown

_ESCAPE = re.compile(r"^(\\|#|\*\*Evidence:\*\*)")


def _escape_body(text: str) -> str:
    """Protect lines that could be read as structure (headings, the evidence line)."""
    return "\n".join("\\" + line if _ESCAPE.match(line) else line for line in text.split("\n"))


def _unescape_body(lines: list[str]) -> str:
    return normalize_text("\n".join(line[1:] if line.startswith("\\") else line for line in lines))


def render_markdown(memo: Memo, index: RowIndex | None = None) -> str:
    """The memo as Markdown: every section, each argument's evidence, the rows cited.

    A memo that :func:`check` finds incomplete is marked as a draft at the top. No dates or
    names are added, so the same memo always gives the same text.
    """
    m = memo.normalized()
    result = check(m, index) if index is not None else None
    out = [f"# {TITLE}", ""]
    if result is not None and not result.complete:
        out += ["*Draft: incomplete (see the builder's message for what is missing).*", ""]
    out += [f"## {HEADINGS['position']}", "", _escape_body(m.position), ""]
    for i, arg in enumerate(m.arguments, start=1):
        refs = ", ".join(f"`{r}`" for r in arg.evidence)
        out += [f"## Argument {i}", "", _escape_body(arg.text), "", f"{EVIDENCE_LABEL} {refs}", ""]
    out += [f"## {HEADINGS['counter']}", "", _escape_body(m.counter), ""]
    out += [f"## {HEADINGS['recommendation']}", "", _escape_body(m.recommendation), ""]
    refs_all: list[str] = []
    for arg in m.arguments:
        refs_all += [r for r in arg.evidence if r not in refs_all]
    out += [f"## {HEADINGS['sources']}", ""]
    if not refs_all:
        out.append("No rows cited yet.")
    for ref in refs_all:
        found = index.lookup(ref) if index is not None else None
        if found is None:
            note = "not found in the course data" if index is not None else "not checked"
            out.append(f"- `{ref}`: {note}")
            continue
        label, source = found
        text = f"- `{ref}`: {label}" if label else f"- `{ref}`"
        out.append(text + (f" (source: {source})" if source else ""))
    out += ["", "Rows are cited from the course's data tables (data/*.csv), by id.", ""]
    return "\n".join(out)


def parse_markdown(text: Any) -> Memo:
    """Read a memo back from :func:`render_markdown` output; never raises.

    Text without the memo's headings (for example an answer typed straight into the
    written-answer box) becomes the position, so nothing a student wrote is lost.
    """
    if not isinstance(text, str):
        return Memo()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    sections: dict[str, list[str]] = {}
    current: str | None = None
    names = {f"## {v}": k for k, v in HEADINGS.items()}
    for line in lines:
        stripped = line.rstrip()
        arg = _ARG_HEADING.match(stripped)
        if stripped in names:
            current = names[stripped]
            sections.setdefault(current, [])
        elif arg:
            current = f"argument{arg.group(1)}"
            sections.setdefault(current, [])
        elif current is not None:
            sections[current].append(line)
    if not sections:
        return Memo(position=normalize_text(text))
    args = []
    for i in range(1, N_ARGUMENTS + 1):
        body = sections.get(f"argument{i}", [])
        evidence: tuple[str, ...] = ()
        kept = []
        for line in body:
            if line.startswith(EVIDENCE_LABEL):
                evidence = parse_refs(line[len(EVIDENCE_LABEL) :])
            else:
                kept.append(line)
        args.append(Argument(_unescape_body(kept), evidence))
    return Memo(
        _unescape_body(sections.get("position", [])), _three(args),
        _unescape_body(sections.get("counter", [])),
        _unescape_body(sections.get("recommendation", [])),
    )  # fmt: skip


def download_link_html(markdown: str, filename: str = "memo-07-washington.md") -> str:
    """An ``<a download>`` link whose href is a data URI holding the memo's Markdown."""
    payload = base64.b64encode(markdown.encode("utf-8")).decode("ascii")
    name = html.escape(filename)
    return (
        f'<a class="course-memo-download-link" download="{name}" '
        f'href="data:text/markdown;charset=utf-8;base64,{payload}" '
        f'style="font-weight:bold">⬇ Download your memo (Markdown)</a> '
        f"<span>(file {name})</span>"
    )
