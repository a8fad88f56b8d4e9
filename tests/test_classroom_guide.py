"""The instructor guide has every lesson's sections with real content, and the keys exist.

Checks contents, not only headings: objectives, two timing plans that add up to 50 and 90
minutes, the reading the lesson itself names, prompts, at least three misconceptions each
with how to address it, a rubric (three or more criteria, three levels) for every written
item in the lesson's bank, a question bank with answers and essay prompts. New lessons are
covered automatically: every notebook with a bank must have its section.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from helpers.exercises.bank import all_banks, build_exercise

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "instructor-guide.md"
KEYS = ROOT / "docs" / "keys"
ARTICLE_SECTIONS = (
    "introduction",
    "A Slippery Slope?",
    "A Shaky Foundation",
    "An Immoveable Feast",
    "All Eyes on Washington",
)
SUBSECTIONS = (
    "Objectives",
    "Timing plans",
    "Reading to assign",
    "Discussion prompts",
    "Common misconceptions",
    "Rubrics for written answers",
    "Question bank",
    "Essay prompts",
)


def lessons():
    banks = all_banks(ROOT / "banks")
    return [b for b in banks if (ROOT / "notebooks" / f"{b.lesson}.ipynb").exists()]


def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def lesson_section(nn: str) -> str:
    text = guide()
    match = re.search(rf"^## Lesson {nn} · .*?(?=^## )", text, re.MULTILINE | re.DOTALL)
    assert match, f"the guide has no section '## Lesson {nn} · …'"
    return match.group(0)


def subsection(section: str, title: str) -> str:
    match = re.search(rf"^### {re.escape(title)}\n(.*?)(?=^### |\Z)", section, re.M | re.S)
    assert match, f"missing '### {title}'"
    return match.group(1)


def flat(text: str) -> str:
    """Text with line wrapping undone (Markdown wraps long lines)."""
    return " ".join(text.split())


def numbered(text: str) -> list[str]:
    return re.findall(r"^\d+\. (.+?)(?=^\d+\. |\Z)", text, re.MULTILINE | re.DOTALL)


def table_rows(text: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not re.match(r"^\|[\s|:-]+\|$", line):
            rows.append([c.strip() for c in line.strip("|").split("|")])
    return rows


IDS = [b.lesson for b in lessons()]


@pytest.mark.parametrize("lesson", IDS)
def test_every_lesson_has_every_section(lesson):
    section = lesson_section(lesson[:2])
    for title in SUBSECTIONS:
        body = subsection(section, title)
        assert len(body.split()) >= 15, (lesson, title)


@pytest.mark.parametrize("lesson", IDS)
def test_objectives_and_prompts_have_real_items(lesson):
    section = lesson_section(lesson[:2])
    objectives = re.findall(r"^- .{20,}", subsection(section, "Objectives"), re.MULTILINE)
    assert len(objectives) >= 4
    prompts = numbered(subsection(section, "Discussion prompts"))
    assert len(prompts) >= 3 and all(p.strip().endswith("?") or "?" in p for p in prompts)
    essays = numbered(subsection(section, "Essay prompts"))
    assert len(essays) >= 2 and all(len(e.split()) >= 10 for e in essays)


@pytest.mark.parametrize("lesson", IDS)
def test_two_timing_plans_add_up(lesson):
    body = subsection(lesson_section(lesson[:2]), "Timing plans")
    assert "50-minute discussion class" in body and "90-minute lab" in body
    first, second = body.split("90-minute lab")
    for text, total in ((first, 50), (second, 90)):
        rows = table_rows(text)[1:]  # skip the header
        minutes = [int(r[0]) for r in rows]
        assert sum(minutes) == total, (lesson, total, minutes)
        assert all(len(r[1].split()) >= 3 for r in rows)
    assert "core path" in first.lower() and "core path" in second.lower()


@pytest.mark.parametrize("lesson", IDS)
def test_the_reading_is_the_one_the_lesson_names(lesson):
    body = subsection(lesson_section(lesson[:2]), "Reading to assign")
    nb = (ROOT / "notebooks" / f"{lesson}.ipynb").read_text(encoding="utf-8")
    row = re.search(r"\*\*Reading\*\* \| ([^\n]*?) \|", nb)
    assert row, f"{lesson}: no Reading row in the lesson"
    named = [s for s in ARTICLE_SECTIONS if s in row.group(1)]
    for name in named:
        assert name in flat(body), (lesson, name)
    if lesson[:2] >= "02":
        assert named, f"{lesson}: the lesson names no part of the article"


@pytest.mark.parametrize("lesson", IDS)
def test_at_least_three_misconceptions_each_with_a_remedy(lesson):
    body = subsection(lesson_section(lesson[:2]), "Common misconceptions")
    items = numbered(body)
    assert len(items) >= 3
    for item in map(flat, items):
        assert item.startswith("**Misconception:**") and "**Address it:**" in item, item[:60]
        remedy = item.split("**Address it:**")[1]
        assert len(remedy.split()) >= 12, item[:60]


@pytest.mark.parametrize("lesson", IDS)
def test_every_written_item_has_a_rubric_with_levels(lesson):
    bank = next(b for b in lessons() if b.lesson == lesson)
    section = lesson_section(lesson[:2])
    written = [e.id for e in bank.entries if e.type == "written"]
    assert written, f"{lesson}: no written item in the bank"
    for ex_id in written:
        match = re.search(
            rf"^#### Rubric: {re.escape(ex_id)}\b.*?\n(.*?)(?=^#|\Z)", section, re.M | re.S
        )
        assert match, f"{lesson}: no rubric for {ex_id}"
        rows = table_rows(match.group(1))
        assert rows[0][1:] == ["Strong", "Adequate", "Weak"], rows[0]
        criteria = rows[1:]
        assert len(criteria) >= 3, ex_id
        for row in criteria:
            assert len(row) == 4 and all(len(cell.split()) >= 2 for cell in row[1:]), row


def stems(text: str) -> set[str]:
    """Four-letter stems of a label's content words ("polls" and "polling" share "poll")."""
    minor = {"with", "from", "their", "that", "this", "kept", "apart", "what"}
    words = re.findall(r"[a-z]+", text.lower())
    return {w[:4] for w in words if len(w) >= 4 and w not in minor}


def bank_label(criterion: str) -> str | None:
    """A bank criterion's lead label ("Events. Strong: …" gives "Events"), if it has one."""
    if "Strong" not in criterion:
        return None
    return re.split(r"\.|\(|,", " ".join(criterion.split()), maxsplit=1)[0].strip()


@pytest.mark.parametrize("lesson", IDS)
def test_the_guide_rubrics_follow_the_bank_rubrics(lesson):
    """A rubric edited in the bank must be edited in the guide: same criteria, same order."""
    bank = next(b for b in lessons() if b.lesson == lesson)
    section = lesson_section(lesson[:2])
    for entry in (e for e in bank.entries if e.type == "written"):
        match = re.search(
            rf"^#### Rubric: {re.escape(entry.id)}\b.*?\n(.*?)(?=^#|\Z)", section, re.M | re.S
        )
        assert match, f"{lesson}: no rubric for {entry.id}"
        guide_names = [row[0] for row in table_rows(match.group(1))[1:]]
        bank_criteria = list(entry.fields["rubric"])
        assert len(guide_names) == len(bank_criteria), (entry.id, guide_names)
        for name, criterion in zip(guide_names, bank_criteria, strict=True):
            label = bank_label(criterion)
            if label is not None:
                assert stems(name) & stems(label), (entry.id, name, label)


@pytest.mark.parametrize("lesson", IDS)
def test_question_bank_with_answers(lesson):
    items = numbered(subsection(lesson_section(lesson[:2]), "Question bank"))
    assert len(items) >= 5
    assert all(
        "*Answer:*" in flat(q) and len(flat(q).split("*Answer:*")[1].split()) >= 2 for q in items
    )


def test_the_capstone_memo_rubric_and_the_guide_wide_sections():
    text = guide()
    assert "#### Rubric: 07.memo" in text
    norms = re.search(
        r"### Discussion norms for a contested subject\n(.*?)^### ", text, re.M | re.S
    )
    assert norms and len(numbered(norms.group(1))) >= 5
    roles = re.search(r"### Roles for debates and simulations\n(.*?)^### ", text, re.M | re.S)
    assert roles and "Opt-out roles" in roles.group(1) and "aggressor" in roles.group(1)
    # The public banks are readable: practice; graded work uses a private overlay.
    assert "The public repository's banks are readable by anyone" in text
    assert "banks-private/" in text and ".gitignore" in text
    for needle in (
        "JupyterLab 4",
        "jupyterlab_widgets",
        "ipywidgets 8",
        "hub/user-redirect/git-pull?repo=",
        "urlpath=lab/tree/FOLDER/",
    ):
        assert needle in text, needle


# --------------------------------------------------------------------------- keys


@pytest.mark.parametrize("lesson", IDS)
def test_a_readable_key_exists_for_every_lesson_and_is_current(lesson):
    page = KEYS / f"{lesson}.html"
    assert page.is_file(), "run: python course.py keys"
    text = page.read_text(encoding="utf-8")
    bank = next(b for b in lessons() if b.lesson == lesson)
    stale = f"{page.name} is out of date: run python course.py keys"
    assert "<script" not in text.lower() and "http" not in text.split("<body>")[0]
    for entry in bank.entries:
        ex = build_exercise(entry)
        assert f"<h2>{ex.id}</h2>" in text, stale
        for part in (ex.explanation, getattr(ex, "model_answer", ""), *getattr(ex, "rubric", ())):
            for paragraph in filter(None, (p.strip() for p in part.split("\n\n"))):
                assert html.escape(paragraph) in text, (stale, ex.id, paragraph[:50])
        answer = ex.answer_text()
        if answer and ex.kind not in ("sort", "order"):
            assert html.escape(answer.split("\n")[0]) in text, (stale, ex.id, answer[:50])
        for label in getattr(ex, "items", {}).values():  # order and sort: every item shown
            assert html.escape(label) in text, (ex.id, label[:50])
    assert (KEYS / "index.html").read_text(encoding="utf-8").count(f"{lesson}.html") == 1


def test_the_key_page_generator_writes_every_lesson(tmp_path):
    from helpers.classroom.render import write_lesson_keys

    paths = write_lesson_keys(tmp_path, ROOT / "banks", ROOT / "notebooks")
    assert sorted(p.name for p in paths) == sorted([f"{b}.html" for b in IDS] + ["index.html"])
    committed = sorted(p.name for p in KEYS.glob("*.html"))
    assert committed == sorted(p.name for p in paths), "run: python course.py keys"
