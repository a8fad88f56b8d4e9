"""Readable answer keys: one self-contained HTML page per lesson (no YAML, no Python).

Every item is shown with its question, options, key (marked in words, not colour only),
explanation, per-option feedback, hints, and for written answers the rubric and model
answer; Code-corner tasks with their solution and expected value. Computed keys are shown
with the value computed when the page was made. The page has no scripts and loads nothing.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpers.exercises.bank import Bank, BankEntry, build_exercise
from helpers.exercises.parsing import format_number

if TYPE_CHECKING:
    from helpers.exercises.model import Exercise

    from .lesson_assignment import LessonAssignment

__all__ = [
    "KeyItem",
    "assignment_key_html",
    "key_page",
    "lesson_key_html",
    "main",
    "write_lesson_keys",
]

CSS = """
body { font-family: system-ui, sans-serif; max-width: 52em; margin: 2em auto; padding: 0 1em;
       line-height: 1.5; color: #1b1b1b; }
h1 { font-size: 1.6em; } h2 { font-size: 1.15em; margin-top: 2em; border-top: 1px solid #ccc;
     padding-top: 1em; }
.meta { color: #555; font-size: 0.9em; }
.key { background: #eef6ee; border-left: 4px solid #2e7d32; padding: 0.4em 0.8em; }
.note { background: #f5f5f5; padding: 0.4em 0.8em; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 0.2em 0.5em; }
li.right::marker { content: "✔ "; } li.right { font-weight: bold; }
@media print { h2 { page-break-after: avoid; } section { page-break-inside: avoid; } }
"""


@dataclass(frozen=True)
class KeyItem:
    """One item of a key page: the bank entry (if any), the exercise with its key, points."""

    entry: BankEntry | None
    exercise: Exercise
    points: float | None = None


def _e(text: Any) -> str:
    return html.escape(str(text))


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{_e(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


def _answer_block(ex: Exercise) -> str:
    kind = ex.kind
    key = ex.to_dict().get("key")
    fb: Mapping[str, str] = ex.option_feedback
    if kind in ("multiple_choice", "true_false", "poll", "multiple_select"):
        options: Mapping[str, str] = getattr(ex, "options", {})
        right = set(key if isinstance(key, list) else [key]) if key is not None else set()
        items = []
        for oid, label in options.items():
            mark = " — <strong>correct</strong>" if oid in right else ""
            extra = f"<br><span class='meta'>Feedback: {_e(fb[oid])}</span>" if oid in fb else ""
            cls = " class='right'" if oid in right else ""
            items.append(f"<li{cls}><code>{_e(oid)}</code> {_e(label)}{mark}{extra}</li>")
        body = "<ul>" + "".join(items) + "</ul>"
        if kind == "poll":
            return body + "<p class='key'>A position poll: there is no right answer.</p>"
        return body + f"<p class='key'>{_e(ex.answer_text() or 'No key in the bank.')}</p>"
    if kind == "numeric":
        slips = "".join(
            f"<li>an answer of about {_e(format_number(round(value, 2)))}: {_e(text)}</li>"
            for value, text in getattr(ex, "slips", ())
        )
        return f"<p class='key'>{_e(ex.answer_text() or 'No key in the bank.')}</p>" + (
            f"<p class='meta'>Known slips, each with its own feedback:</p><ul>{slips}</ul>"
            if slips
            else ""
        )
    if kind == "order":
        items_map: Mapping[str, str] = getattr(ex, "items", {})
        rows = "".join(
            f"<li><code>{_e(i)}</code> {_e(items_map[i])}"
            + (f"<br><span class='meta'>Feedback: {_e(fb[i])}</span>" if i in fb else "")
            + "</li>"
            for i in (key or [])
        )
        return f"<p class='key'>Correct order, first to last:</p><ol>{rows}</ol>"
    if kind == "sort":
        items_map = getattr(ex, "items", {})
        cats: Mapping[str, str] = getattr(ex, "categories", {})
        rows = "".join(
            f"<tr><td>{_e(label)}</td><td>{_e(cats.get((key or {}).get(i, ''), '—'))}</td>"
            f"<td>{_e(fb.get(i, ''))}</td></tr>"
            for i, label in items_map.items()
        )
        return (
            "<table><tr><th>Item</th><th>Correct category</th><th>Feedback if misplaced</th>"
            f"</tr>{rows}</table>"
        )
    if kind == "written":
        rubric = "".join(f"<li>{_e(r)}</li>" for r in getattr(ex, "rubric", ()))
        model = getattr(ex, "model_answer", "")
        return (
            f"<p class='meta'>At least {getattr(ex, 'min_words', 0)} words; not auto-graded.</p>"
            + (f"<p><strong>Rubric</strong></p><ul>{rubric}</ul>" if rubric else "")
            + (
                f"<div class='key'><strong>Model answer.</strong>{_paragraphs(model)}</div>"
                if model
                else ""
            )
        )
    return ""


def _item_html(item: KeyItem) -> str:
    ex = item.exercise
    entry = item.entry
    level = ex.level or "no level (poll)"
    concepts = ", ".join(str(c) for c in ex.concept) or "—"
    core = "core" if entry is None or entry.core else "extension"
    points = item.points if item.points is not None else ex.points
    meta = (
        f"{_e(ex.kind_label)} · level: {_e(level)} · concepts: {_e(concepts)} · {core} · "
        f"{format_number(float(points))} point{'s' if points != 1 else ''}"
    )
    parts = [
        f"<section id='{_e(ex.id)}'><h2>{_e(ex.id)}</h2>",
        f"<p class='meta'>{meta}</p>",
        _paragraphs(ex.question),
        _answer_block(ex),
    ]
    if entry is not None and entry.key_function:
        parts.append(
            f"<p class='meta'>The key is computed from the course data by "
            f"<code>{_e(entry.key_function)}</code>; the value above was computed when this "
            "page was made.</p>"
        )
    if ex.explanation:
        parts.append(
            f"<div class='note'><strong>Explanation.</strong>{_paragraphs(ex.explanation)}</div>"
        )
    if ex.hints:
        hints = "".join(f"<li>{_e(h)}</li>" for h in ex.hints)
        parts.append(f"<p><strong>Hints</strong> (shown one at a time):</p><ol>{hints}</ol>")
    parts.append("</section>")
    return "\n".join(parts)


def _code_html(task_id: str, task: str, solution: str, expected: float, tolerance: float) -> str:
    tol = f" (± {format_number(tolerance)})" if tolerance else ""
    return (
        f"<section id='{_e(task_id)}'><h2>{_e(task_id)} (Code corner)</h2>"
        f"{_paragraphs(task)}<p><strong>Solution</strong></p><pre><code>{_e(solution)}</code></pre>"
        f"<p class='key'>Expected value: {_e(format_number(expected))}{_e(tol)}</p></section>"
    )


def key_page(title: str, intro: str, body: Iterable[str]) -> str:
    """A complete HTML page (inline CSS, no scripts)."""
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
        f"<h1>{_e(title)}</h1>{intro}\n" + "\n".join(body) + "\n</body></html>\n"
    )


def lesson_key_html(bank: Bank, items: Sequence[KeyItem] | None = None) -> str:
    """The answer key of a lesson's public bank (every item, then the Code corner)."""
    from .lesson_assignment import code_expected

    if items is None:
        items = [KeyItem(e, build_exercise(e)) for e in bank.entries]
    intro = (
        "<p class='meta'>Teacher's answer key, generated from "
        f"<code>banks/{_e(bank.path.name)}</code> by <code>python course.py keys</code>. "
        "The public banks are readable by anyone: use their auto-graded items for practice "
        "and formative checks, and a private overlay for graded work (see the instructor "
        "guide).</p>"
    )
    body = [_item_html(i) for i in items]
    body += [_code_html(t.id, t.task, t.solution, code_expected(t), t.tolerance) for t in bank.code]
    return key_page(f"Answer key: {bank.lesson}", intro, body)


def assignment_key_html(la: LessonAssignment) -> str:
    """The answer key of one generated assignment (frozen keys, assignment points)."""
    points = {**la.auto_points, **la.written_points}
    family_of = {i: f for f, ids in la.families.items() for i in ids}
    items = [
        KeyItem(None, ex, points.get(family_of.get(ex_id, ex_id), 0.0))
        for ex_id, ex in la.frozen.items()
    ]
    intro = (
        f"<p class='meta'>Key of the graded assignment {_e(la.name)}, frozen when it was "
        f"built: {format_number(la.max_auto)} points autograded, "
        f"{format_number(sum(la.written_points.values()))} marked by hand. Keep it private."
        "</p>"
    )
    body = [_item_html(i) for i in items]
    body += [
        _code_html(tid, c["task"], c["solution"], c["expected"], c["tolerance"])
        for tid, c in la.code.items()
    ]
    return key_page(f"Assignment key: {la.name}", intro, body)


def write_lesson_keys(
    out: Path, banks: Path | None = None, notebooks: Path | None = None
) -> list[Path]:
    """Write ``out/NN-slug.html`` for every lesson's bank (and ``index.html``); return paths.

    Only lessons with a notebook are included when ``notebooks`` is given.
    """
    from helpers.exercises.bank import all_banks

    out.mkdir(parents=True, exist_ok=True)
    written = []
    lessons = []
    for bank in all_banks(banks):
        if notebooks is not None and not (notebooks / f"{bank.lesson}.ipynb").exists():
            continue
        path = out / f"{bank.lesson}.html"
        path.write_text(lesson_key_html(bank), encoding="utf-8")
        written.append(path)
        lessons.append(bank.lesson)
    links = "".join(f"<li><a href='{_e(n)}.html'>{_e(n)}</a></li>" for n in lessons)
    index = key_page(
        "Answer keys",
        "<p class='meta'>One page per lesson, generated from the banks by "
        "<code>python course.py keys</code>. Readable by anyone who has the repository: "
        "for graded work use a private overlay (see the instructor guide).</p>",
        [f"<ul>{links}</ul>"],
    )
    (out / "index.html").write_text(index, encoding="utf-8")
    return [*written, out / "index.html"]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m helpers.classroom.render [--out docs/keys]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python course.py keys")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--out", type=Path, help="default: ROOT/docs/keys")
    args = parser.parse_args(argv)
    root: Path = args.root
    paths = write_lesson_keys(
        args.out or root / "docs" / "keys", root / "banks", root / "notebooks"
    )
    print(f"Wrote {len(paths)} pages to {paths[-1].parent}")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
