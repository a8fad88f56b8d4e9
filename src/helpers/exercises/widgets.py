"""The thin ipywidgets layer: collect raw answers, call the pure layer, show its result.

Feedback goes into ``HTML`` widgets (never ``Output`` widgets) so nbval is unaffected.
Stable CSS classes for browser tests: ``course-exercise``, ``course-exercise-<id with - for .>``,
``course-type-<type>``, ``course-submit``, ``course-hint``, ``course-show-answer``,
``course-feedback``, ``course-hint-text``, ``course-answer``, ``course-attempts``, and those of
the answers panels (:mod:`.panels`).

An :class:`ExerciseView` is the same for every exercise type: question, the type's controls
(:mod:`.controls`, one class per type family, found through a registry), Check / Hint / Show
answer, feedback and the stylesheet (:mod:`.styling`). Importing this module changes nothing:
:func:`install` (called by ``ask`` and by the first view) makes exercises display as live
widgets and refreshes live views after a restore.
"""

from __future__ import annotations

import contextlib
import html
import weakref
from typing import Any

import ipywidgets as W

from . import export
from .controls import ExerciseControl, control_for
from .model import Exercise, set_renderer
from .panels import UNDER_18, StaticPanel, download_widget, restore_widget, widget_view
from .session import ExerciseSession, Feedback
from .styling import (
    A11Y_JS,
    EXERCISE_CSS,
    GRID_COLUMNS,
    KEEP_KEYS_JS,
    button,
    css_id,
    html_widget,
    message_html,
    option_grid,
    paragraphs,
    shared,
    style_widget,
)

__all__ = [
    "A11Y_JS",
    "EXERCISE_CSS",
    "GRID_COLUMNS",
    "KEEP_KEYS_JS",
    "UNDER_18",
    "ExerciseView",
    "StaticPanel",
    "css_id",
    "download_widget",
    "install",
    "message_html",
    "option_grid",
    "paragraphs",
    "refresh_views",
    "restore_widget",
    "style_widget",
    "view_for",
    "widget_view",
]

_live: weakref.WeakValueDictionary[str, ExerciseView] = weakref.WeakValueDictionary()
_installed = False


def install() -> None:
    """Show exercises as live widgets from now on; refresh live views after a restore.

    Called on first use (``ask``, the first view), never at import; later calls do nothing.
    """
    global _installed
    if _installed:
        return
    _installed = True
    set_renderer(_render)
    export.add_restore_listener("exercise-views", refresh_views)


class ExerciseView:
    """The widget for one exercise: controls + Check / Hint / Show answer + feedback."""

    def __init__(self, exercise: Exercise, session: ExerciseSession | None = None) -> None:
        install()
        self.exercise = exercise
        self.session = session or ExerciseSession(exercise)
        assessed = self.session.assessed
        self.question = html_widget(paragraphs(exercise.question))
        self.question.add_class("course-question")
        #: The type's controls (:mod:`.controls`); ``control`` is their box in the view.
        self.controls: ExerciseControl[Any] = control_for(exercise)
        self._controls: list[W.Widget] = self.controls.widgets
        self.control = self.controls.box
        self.control.add_class("course-controls")
        submit_label = self.controls.submit_label or ("Submit" if assessed else "Check")
        self.submit = button(submit_label, "course-submit")
        self.submit.button_style = "primary"
        self.hint_button = button("Hint", "course-hint", "Show a hint")
        self.show_button = button(self.controls.reveal_label, "course-show-answer")
        self.attempts = html_widget()
        self.attempts.add_class("course-attempts")
        self.feedback = html_widget(message_html(""))
        self.feedback.add_class("course-feedback")
        self.hint_box = html_widget()
        self.hint_box.add_class("course-hint-text")
        self.answer_box = html_widget()
        self.answer_box.add_class("course-answer")
        self.submit.on_click(lambda _b: self.on_submit())
        self.hint_button.on_click(lambda _b: self.on_hint())
        self.show_button.on_click(lambda _b: self.on_reveal())
        buttons = [self.submit]
        if exercise.hints:
            buttons.append(self.hint_button)
        if not assessed and exercise.reveal_text() and self.controls.offers_reveal:
            buttons.append(self.show_button)
        buttons.append(self.attempts)
        self.box = W.VBox(
            [
                self.question,
                self.control,
                W.HBox(buttons, layout=shared().row),
                self.hint_box,
                self.feedback,
                self.answer_box,
                style_widget(),
            ],
            layout=shared().frame,
        )
        for css in ("course-exercise", css_id(exercise.id), f"course-type-{exercise.kind}"):
            self.box.add_class(css)
        self.restore()
        _live[exercise.id] = self

    # -- answers ------------------------------------------------------------------
    def raw_answer(self) -> Any:
        """The raw answer the controls currently hold (option ids, not labels)."""
        return self.controls.read()

    def set_answer(self, answer: Any) -> None:
        """Put a stored raw answer back into the controls (ignores anything unusable)."""
        with contextlib.suppress(Exception):  # a garbled stored answer must not break the notebook
            self.controls.write(answer)

    # -- actions ------------------------------------------------------------------
    def show(self, fb: Feedback | None) -> None:
        """Display a :class:`Feedback` and update buttons and counters."""
        s = self.session
        if fb is not None:
            if fb.message:
                self.feedback.value = message_html(fb.message, fb.kind)
            if fb.hint:
                self.hint_box.value = message_html(fb.message if fb.message else fb.hint, "info")
            if fb.reveal:
                self.answer_box.value = message_html(fb.reveal, "info")
        self.attempts.value = self.controls.marks(s.attempts)
        self.show_button.disabled = not s.can_reveal
        self.hint_button.disabled = s.next_hint is None

    def on_submit(self) -> Feedback:
        """Submit button: check, record, show."""
        fb = self.session.submit(self.raw_answer())
        if fb.result is not None and not fb.result.valid:
            self.feedback.value = message_html(fb.message, fb.kind)
            self.show(None)
            return fb
        self.feedback.value = message_html("")
        self.show(fb)
        return fb

    def on_hint(self) -> Feedback:
        """Hint button."""
        fb = self.session.hint()
        self.hint_box.value = message_html(fb.message, "info")
        self.show(None)
        return fb

    def on_reveal(self) -> Feedback:
        """Show-answer button."""
        fb = self.session.reveal()
        if fb.reveal:
            self.answer_box.value = message_html(fb.reveal, "info")
        else:
            self.feedback.value = message_html(fb.message, fb.kind)
        self.show(None)
        return fb

    def restore(self) -> None:
        """Load the saved state of this exercise from the log into the controls."""
        s = self.session
        s.reload()
        if s.has_answer:
            self.set_answer(s.answer)
        fb = s.restored_feedback()
        self.feedback.value = message_html(fb.message, fb.kind) if fb else message_html("")
        hints = self.exercise.hints[: s.hints_shown]
        self.hint_box.value = message_html("\n\n".join(hints), "info") if hints else ""
        self.answer_box.value = (
            message_html(self.exercise.reveal_text(), "info")
            if s.revealed and not s.assessed
            else ""
        )
        self.show(None)


def view_for(exercise: Exercise) -> ExerciseView:
    """The (single) view of an exercise object, built on first display."""
    if exercise._view is None:
        exercise._view = ExerciseView(exercise)
    return exercise._view


def _render(exercise: Exercise) -> dict[str, Any]:
    try:
        box = view_for(exercise).box
    except Exception as err:  # never let a widget problem hide the static question
        return {
            "text/html": f"<p><em>(The interactive exercise could not be built: "
            f"{html.escape(type(err).__name__)}.)</em></p>"
        }
    return widget_view(box)


def refresh_views(exercise_ids: list[str] | None = None) -> int:
    """Re-read the log into live exercise widgets (after a restore). Returns how many."""
    n = 0
    for ex_id, view in list(_live.items()):
        if exercise_ids is None or ex_id in exercise_ids:
            view.restore()
            n += 1
    return n
