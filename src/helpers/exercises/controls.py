"""One control class per exercise type family, behind one protocol, chosen through a registry.

A control builds the widgets a student answers with, reads the raw answer they hold (option
ids, never labels), puts a stored answer back (restore) and says what the attempts counter
shows. It also names its Submit and Show-answer buttons. :class:`.widgets.ExerciseView` builds
the rest of an exercise (question, buttons, feedback) the same way for every type, and asks
:func:`control_for` which control an exercise gets: the first class of the exercise's own
class hierarchy that is registered (so ``Poll``, a kind of ``MultipleChoice``, gets its own).

Every control is labelled through its ``description`` (rendered as a ``<label>``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

import ipywidgets as W

from .model import (
    Exercise,
    MultipleChoice,
    MultipleSelect,
    Numeric,
    Order,
    Poll,
    Sort,
    WrittenAnswer,
    count_words,
)
from .styling import TEXT_STYLE, label, option_grid, shared

__all__ = [
    "ChoiceControl",
    "ExerciseControl",
    "MultiSelectControl",
    "NumericControl",
    "OrderControl",
    "PollControl",
    "SortControl",
    "WrittenControl",
    "control_class",
    "control_for",
    "register_control",
]

E = TypeVar("E", bound=Exercise)
C = TypeVar("C", bound="type[ExerciseControl[Any]]")

_CONTROLS: dict[type[Exercise], type[ExerciseControl[Any]]] = {}


def register_control(*types: type[Exercise]) -> Callable[[C], C]:
    """Class decorator: ``cls`` is the control of exercises of ``types`` (and subclasses)."""

    def add(cls: C) -> C:
        for t in types:
            _CONTROLS[t] = cls
        return cls

    return add


def control_class(exercise_type: type[Exercise]) -> type[ExerciseControl[Any]]:
    """The control class registered for an exercise class or its nearest base class."""
    for cls in exercise_type.__mro__:
        found = _CONTROLS.get(cls)
        if found is not None:
            return found
    raise TypeError(f"no widget for {exercise_type.__name__}")


def control_for(exercise: Exercise) -> ExerciseControl[Any]:
    """A new control for ``exercise`` (its widgets built, empty)."""
    return control_class(type(exercise))(exercise)


class ExerciseControl(Generic[E]):
    """The protocol: build the widgets, read the answer, write one back, show the marks.

    ``widgets`` are the answering widgets in option (or item) order; ``box`` is what the view
    places under the question.
    """

    #: The Submit button's label (``None``: "Check" in practice mode, "Submit" when assessed).
    submit_label: ClassVar[str | None] = None
    #: The Show-answer button's label.
    reveal_label: ClassVar[str] = "Show answer"
    #: False when there is never an answer to show (a poll).
    offers_reveal: ClassVar[bool] = True

    def __init__(self, exercise: E) -> None:
        self.exercise = exercise
        self.widgets: list[W.Widget] = []
        self.box = self.build()

    def build(self) -> W.Widget:
        """Create the answering widgets (into ``widgets``) and return their box."""
        raise NotImplementedError

    def read(self) -> Any:
        """The raw answer the widgets hold now."""
        return self.widgets[0].value

    def write(self, answer: Any) -> None:
        """Put a stored raw answer back into the widgets (may raise on a garbled answer)."""
        raise NotImplementedError

    def marks(self, attempts: int) -> str:
        """What the attempts counter shows (HTML) after ``attempts`` attempts."""
        if not attempts:
            return ""
        return f'<span class="course-attempt-count">Attempts: {attempts}</span>'


@register_control(MultipleChoice)
class ChoiceControl(ExerciseControl[MultipleChoice]):
    """Multiple choice and true/false: one radio group, nothing selected at first."""

    def build(self) -> W.Widget:
        s = shared()
        radio = W.RadioButtons(
            options=[(text, oid) for oid, text in self.exercise.options.items()],
            value=None,
            description="Your answer:",
            style=s.description_style,
            layout=s.wide,
        )
        radio.add_class("course-options")
        self.widgets = [radio]
        return radio

    def write(self, answer: Any) -> None:
        self.widgets[0].value = answer if answer in self.exercise.options else None


@register_control(Poll)
class PollControl(ChoiceControl):
    """A poll: the same radio group; a position is recorded, never marked or revealed."""

    submit_label = "Record my position"
    offers_reveal = False

    def marks(self, attempts: int) -> str:
        return ""


@register_control(MultipleSelect)
class MultiSelectControl(ExerciseControl[MultipleSelect]):
    """Multiple select: one checkbox per option; the answer lists the ticked option ids."""

    def build(self) -> W.Widget:
        s = shared()
        boxes = [
            W.Checkbox(
                value=False,
                description=text,
                indent=False,
                layout=s.wide,
                style=s.checkbox_style,
            )
            for text in self.exercise.options.values()
        ]
        self.widgets = boxes
        group = W.VBox(boxes, layout=s.plain)
        group.add_class("course-options")
        return W.VBox([label("Tick every option that applies:"), group], layout=s.plain)

    def read(self) -> Any:
        pairs = zip(self.exercise.options, self.widgets, strict=True)
        return [oid for oid, box in pairs if box.value]

    def write(self, answer: Any) -> None:
        chosen = set(answer) if isinstance(answer, list) else set()
        for oid, box in zip(self.exercise.options, self.widgets, strict=True):
            box.value = oid in chosen


@register_control(Numeric)
class NumericControl(ExerciseControl[Numeric]):
    """A number typed in a text field, followed by the unit."""

    def build(self) -> W.Widget:
        text = W.Text(
            value="",
            description="Your answer:",
            placeholder="a number, e.g. 32",
            style=TEXT_STYLE,
            continuous_update=True,  # the value is synced before Check is clicked
        )
        self.widgets = [text]
        unit = label(self.exercise.unit or "")
        return W.HBox([text, unit], layout=shared().plain)

    def write(self, answer: Any) -> None:
        self.widgets[0].value = "" if answer is None else str(answer)


class _ItemDropdowns(ExerciseControl[E]):
    """Order and sort: one labelled dropdown per item, in a two-column grid.

    Each dropdown starts on its placeholder (value ``None``), not on an empty box.
    """

    def choices(self) -> list[tuple[str, Any]]:
        """The dropdown entries, placeholder first."""
        raise NotImplementedError

    def intro(self) -> str:
        """The line above the grid."""
        raise NotImplementedError

    def items(self) -> dict[str, str]:
        """The items, ``{id: label}``."""
        raise NotImplementedError

    def build(self) -> W.Widget:
        s = shared()
        choices = self.choices()
        drops = [
            # index 0: the placeholder shows (value None), not an empty box
            W.Dropdown(
                options=choices,
                index=0,
                description=text,
                style=s.description_style,
                layout=s.contents,
            )
            for text in self.items().values()
        ]
        self.widgets = drops
        intro = label(self.intro())
        return W.VBox([intro, option_grid(drops)], layout=s.plain)

    def read(self) -> Any:
        return {iid: d.value for iid, d in zip(self.items(), self.widgets, strict=True)}

    def write(self, answer: Any) -> None:
        if not isinstance(answer, dict):
            return
        for iid, drop in zip(self.items(), self.widgets, strict=True):
            value = answer.get(iid)
            allowed = [v for _label, v in drop.options]
            if value is not None and value in allowed:
                drop.value = value
            else:
                drop.index = 0  # the placeholder ("–", "choose…"), value None


@register_control(Order)
class OrderControl(_ItemDropdowns[Order]):
    """Order: each item gets a position, 1 to n."""

    def items(self) -> dict[str, str]:
        return self.exercise.items

    def choices(self) -> list[tuple[str, Any]]:
        n = len(self.exercise.items)
        return [("–", None)] + [(str(i), i) for i in range(1, n + 1)]

    def intro(self) -> str:
        return f"Give each item a position, 1 (first) to {len(self.exercise.items)}:"


@register_control(Sort)
class SortControl(_ItemDropdowns[Sort]):
    """Sort: each item goes into one of the categories."""

    def items(self) -> dict[str, str]:
        return self.exercise.items

    def choices(self) -> list[tuple[str, Any]]:
        return [("choose…", None), *((t, cid) for cid, t in self.exercise.categories.items())]

    def intro(self) -> str:
        return "Choose a category for each item:"


@register_control(WrittenAnswer)
class WrittenControl(ExerciseControl[WrittenAnswer]):
    """A written answer: a text area with a live word count; saved, not marked."""

    submit_label = "Save"
    reveal_label = "Show model answer"

    def build(self) -> W.Widget:
        ex = self.exercise
        area = W.Textarea(
            value="",
            description="Your answer:",
            placeholder=f"At least {ex.min_words} words",
            rows=6,
            style=TEXT_STYLE,
            layout=W.Layout(width="95%"),
        )
        self.widgets = [area]
        self.word_count = label(f"0 words (aim for at least {ex.min_words})")
        area.observe(self._count_words, names="value")
        return W.VBox([area, self.word_count], layout=shared().plain)

    def _count_words(self, change: dict[str, Any]) -> None:
        n = count_words(change["new"] or "")
        min_words = self.exercise.min_words
        self.word_count.value = f"{n} word{'s' if n != 1 else ''} (aim for at least {min_words})"

    def write(self, answer: Any) -> None:
        self.widgets[0].value = answer if isinstance(answer, str) else ""

    def marks(self, attempts: int) -> str:
        return ""
