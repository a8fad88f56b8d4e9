"""How long a lesson's core path takes, derived from its word and exercise counts.

Reading: 238 words a minute (Brysbaert 2019, meta-analysis of silent reading of non-fiction
by adults); 1.25 minutes per auto-checked exercise, 4 per written answer, 2 per chart.
The Code corner (from its heading to "Key points") is an extension and is not counted.
The stated "about N minutes" is the estimate rounded up to the next 5 minutes.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from concept_map import exercises_in

WORDS_PER_MINUTE = 238
MINUTES_PER_EXERCISE = 1.25
MINUTES_PER_WRITTEN = 4.0
MINUTES_PER_CHART = 2.0
VEGALITE = "application/vnd.vegalite.v5+json"


@dataclass(frozen=True)
class LessonStats:
    """Counts for one lesson's core path and the minutes they imply."""

    words: int
    exercises: int
    written: int
    charts: int

    @property
    def minutes(self) -> float:
        return (
            self.words / WORDS_PER_MINUTE
            + self.exercises * MINUTES_PER_EXERCISE
            + self.written * MINUTES_PER_WRITTEN
            + self.charts * MINUTES_PER_CHART
        )

    @property
    def stated_minutes(self) -> int:
        """What the lesson should say: the estimate rounded up to the next 5 minutes."""
        return 5 * math.ceil(self.minutes / 5)


def lesson_stats(path: Path) -> LessonStats:
    """Count the core path of the lesson at ``path``."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    words, core = 0, True
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if cell["cell_type"] != "markdown":
            continue
        head = src.lstrip()
        if head.startswith("## Code corner"):
            core = False
        elif head.startswith("## Key points"):
            core = True
        if core:
            words += len(re.findall(r"[^\W\d_]+", re.sub(r"<!--.*?-->", "", src, flags=re.S)))
    entries = exercises_in(path)
    written = sum(1 for e in entries if e.kind == "WrittenAnswer")
    charts = sum(
        1
        for cell in nb["cells"]
        for out in cell.get("outputs", [])
        if VEGALITE in out.get("data", {})
    )
    return LessonStats(words, len(entries) - written, written, charts)
