"""How long a lesson's core path takes at study pace, derived from its words and exercises.

Study pace, not skimming: prose at 150 words a minute (careful reading of argument and
sources, well below the ~238 of silent reading of non-fiction, Brysbaert 2019); auto-checked
exercises by level (recall 1 minute, explain 2, apply 3, evaluate 3); written answers 5
minutes at explain level and 9 at evaluate level (8–10 for an evaluative answer); a poll half
a minute; 2 minutes per chart to explore. Extensions do not count: a section whose heading
says "(extension)" (the Code corner is one) up to the next ``##`` heading that does not, and
bank items marked ``core = false``. The stated "about N minutes" is the estimate rounded up
to the next 5 minutes; a core path is at most 45 minutes.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from concept_map import ExerciseEntry, exercises_in

WORDS_PER_MINUTE = 150
MINUTES_BY_LEVEL = {"recall": 1.0, "explain": 2.0, "apply": 3.0, "evaluate": 3.0}
MINUTES_WRITTEN = {"recall": 3.0, "explain": 5.0, "apply": 6.0, "evaluate": 9.0}
MINUTES_POLL = 0.5
MINUTES_PER_CHART = 2.0
MAX_CORE_MINUTES = 45
VEGALITE = "application/vnd.vegalite.v5+json"


@dataclass(frozen=True)
class LessonStats:
    """Counts for one lesson's core path and the minutes they imply."""

    words: int
    exercise_minutes: float
    exercises: int
    written: int
    charts: int

    @property
    def minutes(self) -> float:
        return (
            self.words / WORDS_PER_MINUTE + self.exercise_minutes + self.charts * MINUTES_PER_CHART
        )

    @property
    def stated_minutes(self) -> int:
        """What the lesson should say: the estimate rounded up to the next 5 minutes."""
        return 5 * math.ceil(self.minutes / 5)


def exercise_minutes(entry: ExerciseEntry) -> float:
    """Minutes a student needs for one item at study pace."""
    if entry.kind == "Poll" or entry.level is None:
        return MINUTES_POLL
    if entry.kind == "WrittenAnswer":
        return MINUTES_WRITTEN[entry.level]
    return MINUTES_BY_LEVEL[entry.level]


def is_extension_heading(markdown: str) -> bool | None:
    """True/False for a cell starting with a ``##`` heading (extension or not), else None."""
    head = markdown.lstrip()
    if not head.startswith("## "):
        return None
    first = head.splitlines()[0].lower()
    return "(extension" in first or first.startswith("## code corner")


def core_cells(nb: dict) -> list[tuple[dict, bool]]:
    """Every cell with a flag: True when it is on the core path."""
    out, core = [], True
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            flag = is_extension_heading("".join(cell["source"]))
            if flag is not None:
                core = not flag
        out.append((cell, core))
    return out


def lesson_stats(path: Path) -> LessonStats:
    """Count the core path of the lesson at ``path``."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    words = charts = 0
    for cell, core in core_cells(nb):
        if not core:
            continue
        src = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            words += len(re.findall(r"[^\W\d_]+", re.sub(r"<!--.*?-->", "", src, flags=re.S)))
        charts += sum(1 for out in cell.get("outputs", []) if VEGALITE in out.get("data", {}))
    entries = [e for e in exercises_in(path) if e.core]
    written = sum(1 for e in entries if e.kind == "WrittenAnswer")
    minutes = sum(exercise_minutes(e) for e in entries)
    return LessonStats(words, minutes, len(entries) - written, written, charts)


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1]
    for lesson in sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        s = lesson_stats(lesson)
        print(
            f"{lesson.stem:40} {s.minutes:5.1f} min (words {s.words}, items {s.exercises}, "
            f"written {s.written}, charts {s.charts}) -> about {s.stated_minutes}"
        )
