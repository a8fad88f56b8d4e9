"""One lesson's generated assignment, shared by the assignment builder and the key page.

:class:`LessonAssignment` is made by :func:`helpers.classroom.assignments.lesson_assignment`
and read by :func:`helpers.classroom.render.assignment_key_html`; :func:`code_expected` is the
frozen expected value of a Code-corner task that both show. Kept apart from the builder so
that the key page does not import it back (no import cycles, see ``.importlinter``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from helpers.exercises.bank import CodeTask
from helpers.exercises.model import Exercise

__all__ = ["LessonAssignment", "code_expected"]


@dataclass
class LessonAssignment:
    """Everything generated for one lesson: the nbgrader source notebook and its bank."""

    name: str  #: the lesson's notebook id, also the nbgrader assignment name
    bank_filename: str
    notebook: dict[str, Any]  #: the nbgrader source notebook (nbformat 4 JSON)
    student_bank: str  #: TOML of the student bank
    frozen: dict[str, Exercise]  #: every item with its key, frozen now
    auto_points: dict[str, float] = field(default_factory=dict)  #: test cells: id → points
    written_points: dict[str, float] = field(default_factory=dict)
    code: dict[str, dict[str, Any]] = field(default_factory=dict)  #: id → solution, points…
    families: dict[str, list[str]] = field(default_factory=dict)

    @property
    def lesson(self) -> str:
        """The two-digit lesson number."""
        return self.name[:2]

    @property
    def max_auto(self) -> float:
        """The points autograding can give (answers and Code corner)."""
        return sum(self.auto_points.values()) + sum(c["points"] for c in self.code.values())


def code_expected(task: CodeTask) -> float:
    """The expected value of a Code-corner task, computed from the data now (frozen)."""
    from helpers.exercises import computed

    return float(computed.key(task.key_function, None, task.source))
