"""What the class found hard: tables and Altair charts for ``notebooks/teacher/class-results``.

Every function takes the re-graded answers table of :func:`.collect.load_class_answers`
(one row per student × exercise) and the exercise definitions with keys. Nothing here
prints a student's name: :func:`anonymise` replaces names with ``S01``, ``S02`` … before
anything is shown, and nothing is sent anywhere.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd

from helpers import charts
from helpers.exercises.model import Exercise

from .collect import load_class_answers
from .grades import AUTO_TYPES, keys_from

__all__ = [
    "anonymise",
    "attempts_chart",
    "attempts_table",
    "describe_answer",
    "file_report",
    "load_class",
    "poll_chart",
    "poll_pairs",
    "poll_shift",
    "success_chart",
    "success_table",
    "summary",
    "time_chart",
    "time_spent",
    "written_table",
    "wrong_answers",
]


def load_class(
    folder: str | Path, keys: str | Path | None = None
) -> tuple[pd.DataFrame, dict[str, Exercise]]:
    """The re-graded answers of a folder and the keys used (reports in ``df.attrs``)."""
    key_map = keys_from(keys)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # shown by file_report instead
        df = load_class_answers(folder, keys=key_map)
    return df, key_map


def file_report(df: pd.DataFrame) -> str:
    """Markdown: one line per file that was skipped or partly read, or a line saying none."""
    reports = df.attrs.get("skipped", [])
    if not reports:
        return "Every answers file was read."
    lines = [f"{len(reports)} file(s) had problems (the rest were read):", ""]
    lines += [f"- {r['reason']}" for r in reports]
    return "\n".join(lines)


def anonymise(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with students renamed ``S01``, ``S02`` … (in sorted order) and no file names."""
    out = df.copy()
    names = sorted(set(out["student"]))
    mapping = {name: f"S{i:02d}" for i, name in enumerate(names, start=1)}
    out["student"] = out["student"].map(mapping)
    out["file"] = ""
    out.attrs = dict(df.attrs)
    out.attrs["skipped"] = [
        {"file": "(hidden)", "reason": _strip_names(r["reason"], names)}
        for r in df.attrs.get("skipped", [])
    ]
    return out


def _strip_names(text: str, names: list[str]) -> str:
    for name in sorted(names, key=len, reverse=True):
        if len(name) >= 3:
            text = text.replace(name, "(a student)")
    return text


def summary(df: pd.DataFrame) -> str:
    """One sentence: students, lessons, answers."""
    students = df["student"].nunique()
    lessons = df["notebook"].nunique()
    return (
        f"{students} students, {lessons} lesson{'s' if lessons != 1 else ''}, "
        f"{len(df)} recorded answers."
    )


def _graded(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["type"].isin(AUTO_TYPES) & df["correct"].notna()]


def success_table(df: pd.DataFrame) -> pd.DataFrame:
    """Per auto-graded question: answers, success (final and first attempt), mean score."""
    graded = _graded(df)
    if graded.empty:
        return pd.DataFrame(
            columns=["exercise", "lesson", "level", "answers", "success", "first_try", "score"]
        )
    table = (
        graded.assign(
            right=graded["correct"].astype(bool).astype(float),
            first_right=(pd.to_numeric(graded["first_score"], errors="coerce") == 1).astype(float),
            lesson=graded["exercise"].str[:2],
        )
        .groupby(["exercise", "lesson", "level"], as_index=False)
        .agg(
            answers=("right", "size"),
            success=("right", "mean"),
            first_try=("first_right", "mean"),
            score=("score", "mean"),
        )
    )
    for name in ("success", "first_try", "score"):
        table[name] = table[name].astype(float).round(3)
    return table.sort_values(["success", "exercise"], kind="stable").reset_index(drop=True)


def success_chart(table: pd.DataFrame) -> alt.LayerChart:
    """Bars: share right in the end; diamonds: right at the first attempt; hardest first."""
    hardest = table["exercise"].iloc[0] if len(table) else "none"
    rate = table["success"].iloc[0] if len(table) else 0.0
    order = list(table["exercise"])
    base = alt.Chart(table).encode(
        y=alt.Y("exercise:N", sort=order, title=None),
        tooltip=[
            alt.Tooltip("exercise:N"),
            alt.Tooltip("answers:Q"),
            alt.Tooltip("success:Q", format=".0%", title="right in the end"),
            alt.Tooltip("first_try:Q", format=".0%", title="right at first attempt"),
        ],
    )
    bars = base.mark_bar().encode(
        x=alt.X(
            "success:Q",
            axis=alt.Axis(format="%"),
            scale=alt.Scale(domain=[0, 1]),
            title="Share of students right (bar: in the end; diamond: at the first attempt)",
        ),
        color=alt.Color("lesson:N", title="Lesson"),
    )
    ticks = base.mark_point(
        shape="diamond", filled=True, fill="white", stroke="black", strokeWidth=1.5, size=70
    ).encode(x="first_try:Q")
    chart = (bars + ticks).properties(
        title="Which questions the class found hard", height=max(120, 16 * len(table))
    )
    sentence = (
        f"Share of students who answered each auto-graded question right, hardest first: "
        f"{hardest} was hardest, with {rate:.0%} right in the end."
    )
    return charts.describe(chart, sentence)


def describe_answer(ex: Exercise | None, raw: Any) -> str:
    """A raw answer in words (option labels, the order given, misplaced items)."""
    if ex is None:
        return json.dumps(raw, ensure_ascii=False)[:80]
    options: Mapping[str, str] = getattr(ex, "options", {})
    items: Mapping[str, str] = getattr(ex, "items", {})
    if ex.kind in ("multiple_choice", "true_false", "poll") and isinstance(raw, str):
        return options.get(raw, raw)[:80]
    if ex.kind == "multiple_select" and isinstance(raw, list):
        return "; ".join(options.get(str(o), str(o)) for o in raw)[:120]
    if ex.kind == "numeric":
        return str(raw)[:40]
    if ex.kind == "order" and isinstance(raw, dict):
        order = sorted(raw, key=lambda i: raw[i] if isinstance(raw[i], int) else 0)
        return " → ".join(str(i) for i in order)[:120]
    if ex.kind == "sort" and isinstance(raw, dict) and isinstance(ex.key, dict):
        wrong = [f"{i} as {raw[i]}" for i in items if raw.get(i) != ex.key.get(i)]
        return ("misplaced: " + ", ".join(wrong))[:120] if wrong else "all placed right"
    return json.dumps(raw, ensure_ascii=False)[:80]


def wrong_answers(
    df: pd.DataFrame, keys: Mapping[str, Exercise], top: int = 2, questions: int = 10
) -> pd.DataFrame:
    """The most common wrong final answers of the hardest questions."""
    graded = _graded(df)
    wrong = graded[~graded["correct"].astype(bool)]
    hardest = list(success_table(df)["exercise"][:questions])
    rows = []
    for ex_id in hardest:
        sub = wrong[wrong["exercise"] == ex_id]
        if sub.empty:
            continue
        counts = sub["answer_json"].value_counts()
        n = int((graded["exercise"] == ex_id).sum())
        for answer_json, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
            rows.append(
                {
                    "exercise": ex_id,
                    "wrong answer": describe_answer(keys.get(ex_id), json.loads(answer_json)),
                    "students": int(count),
                    "share": round(int(count) / n, 3),
                }
            )
    return pd.DataFrame(rows, columns=["exercise", "wrong answer", "students", "share"])


def attempts_table(df: pd.DataFrame) -> pd.DataFrame:
    """Per auto-graded question: mean attempts, hints per answer, share who revealed it."""
    graded = _graded(df)
    table = graded.groupby("exercise", as_index=False).agg(
        attempts=("attempts", "mean"),
        hints=("hints_used", "mean"),
        revealed=("answer_revealed", "mean"),
    )
    for name in ("attempts", "hints", "revealed"):
        table[name] = table[name].astype(float).round(2)
    return table.sort_values(["attempts", "exercise"], ascending=[False, True]).reset_index(
        drop=True
    )


def attempts_chart(table: pd.DataFrame) -> alt.Chart:
    """Mean attempts per question (most first)."""
    top = table.iloc[0] if len(table) else None
    chart = (
        alt.Chart(table)
        .mark_bar()
        .encode(
            y=alt.Y("exercise:N", sort=list(table["exercise"]), title=None),
            x=alt.X("attempts:Q", title="Mean attempts per student"),
            tooltip=[
                "exercise:N",
                "attempts:Q",
                "hints:Q",
                alt.Tooltip("revealed:Q", format=".0%"),
            ],
        )
        .properties(title="Attempts per question", height=max(120, 16 * len(table)))
    )
    sentence = (
        f"Mean attempts per question; {top['exercise']} needed most, {top['attempts']:.1f} "
        "on average."
        if top is not None
        else "No attempts recorded."
    )
    return charts.describe(chart, sentence)


def _parse_time(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def time_spent(df: pd.DataFrame) -> pd.DataFrame:
    """Minutes from each student's first to last answer in each lesson (an estimate)."""
    rows = []
    for (student, notebook), group in df.groupby(["student", "notebook"], sort=True):
        starts = [t for t in map(_parse_time, group["first_answered_at"]) if t]
        ends = [t for t in map(_parse_time, group["last_answered_at"]) if t]
        if starts and ends:
            minutes = (max(ends) - min(starts)).total_seconds() / 60
            if 0 <= minutes <= 24 * 60:
                rows.append({"student": student, "lesson": notebook, "minutes": round(minutes, 1)})
    return pd.DataFrame(rows, columns=["student", "lesson", "minutes"])


def time_chart(table: pd.DataFrame) -> alt.Chart:
    """Each student's minutes per lesson (a dot each), with the lesson's median."""
    medians = table.groupby("lesson")["minutes"].median() if len(table) else pd.Series()
    longest = medians.idxmax() if len(medians) else "none"
    chart = (
        alt.Chart(table)
        .mark_circle(size=60, opacity=0.7)
        .encode(
            x=alt.X("minutes:Q", title="Minutes from first to last answer"),
            y=alt.Y("lesson:N", title=None),
            tooltip=["student:N", "lesson:N", "minutes:Q"],
        )
        .properties(title="Time spent per lesson (estimate)")
    )
    sentence = (
        "Minutes from each student's first to last answer in each lesson; "
        f"{longest} took longest (median {medians.max():.0f} minutes)."
        if len(medians)
        else "No answer times recorded."
    )
    return charts.describe(chart, sentence)


def poll_pairs(keys: Mapping[str, Exercise]) -> list[tuple[str, str]]:
    """Before/after poll pairs: polls with the same options, the earliest and the latest."""
    groups: dict[tuple[tuple[str, str], ...], list[str]] = {}
    for ex in keys.values():
        if ex.kind == "poll":
            options = tuple(sorted(getattr(ex, "options", {}).items()))
            groups.setdefault(options, []).append(ex.id)
    return [
        (ids[0], ids[-1])
        for ids in (sorted(v, key=_poll_order) for v in groups.values())
        if len(ids) > 1
    ]


def _poll_order(ex_id: str) -> tuple[str, int, str]:
    """Lesson first; within a lesson, "before"/"start" polls before "after"/"end" ones."""
    name = ex_id[3:]
    rank = 1
    if any(word in name for word in ("before", "start", "pre")):
        rank = 0
    elif any(word in name for word in ("after", "end", "post")):
        rank = 2
    return ex_id[:2], rank, name


def poll_shift(df: pd.DataFrame, keys: Mapping[str, Exercise]) -> pd.DataFrame:
    """Counts per option before and after, for every before/after poll pair."""
    rows = []
    for before, after in poll_pairs(keys):
        options: Mapping[str, str] = getattr(keys[before], "options", {})
        for moment, ex_id in (("before", before), ("after", after)):
            answers = df[df["exercise"] == ex_id]["answer"]
            for oid, label in options.items():
                rows.append(
                    {
                        "poll": f"{before} → {after}",
                        "when": moment,
                        "option": label,
                        "students": int((answers == oid).sum()),
                    }
                )
    return pd.DataFrame(rows, columns=["poll", "when", "option", "students"])


def poll_chart(table: pd.DataFrame) -> alt.Chart:
    """Grouped bars: each option's count before and after, one row per poll pair."""
    chart = (
        alt.Chart(table)
        .mark_bar()
        .encode(
            x=alt.X("students:Q", title="Students"),
            y=alt.Y("when:N", sort=["before", "after"], title=None),
            color=alt.Color("option:N", title="Position"),
            row=alt.Row(
                "poll:N",
                title=None,
                header=alt.Header(labelAngle=0, labelAlign="left", labelOrient="top"),
            ),
            tooltip=["poll:N", "when:N", "option:N", "students:Q"],
        )
        .properties(title="Positions before and after", height=60)
    )
    pairs = table["poll"].nunique() if len(table) else 0
    sentence = (
        f"How many students chose each position before and after, for {pairs} pair"
        f"{'s' if pairs != 1 else ''} of position polls."
    )
    return charts.describe(chart, sentence)


def written_table(df: pd.DataFrame) -> pd.DataFrame:
    """Per written question: answers saved and median length in words (texts not shown)."""
    written = df[df["type"] == "written"].copy()
    written["words"] = written["answer"].map(lambda t: len(t.split()) if isinstance(t, str) else 0)
    table = written.groupby("exercise", as_index=False).agg(
        saved=("words", "size"), median_words=("words", "median")
    )
    return table.reset_index(drop=True)
