"""The thin ipywidgets layer: collect raw answers, call the pure layer, show its result.

Feedback goes into ``HTML`` widgets (never ``Output`` widgets) so nbval is unaffected.
Every control is labelled through its ``description`` (rendered as a ``<label>``).
Stable CSS classes for browser tests: ``course-exercise``, ``course-exercise-<id with - for .>``,
``course-type-<type>``, ``course-submit``, ``course-hint``, ``course-show-answer``,
``course-feedback``, ``course-hint-text``, ``course-answer``, ``course-attempts``,
``course-download``, ``course-save``, ``course-student``, ``course-restore``.

Layout (classes added here, styled by one scoped ``<style>`` block per view, ``course-style``):
option rows wrap inside their own row (``course-options``: radio and checkbox labels grow with
their text instead of keeping ipywidgets' fixed line height); order and sort items sit in a
two-column grid (``course-grid``: item labels left, equal-width controls right); every control
shows a visible focus ring. No CDN: the CSS travels with the widget.
"""

from __future__ import annotations

import html
import weakref
from collections.abc import Callable
from typing import Any

import ipywidgets as W
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_button import ButtonStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, LabelStyle

from . import model
from .model import (
    Exercise,
    MultipleChoice,
    MultipleSelect,
    Numeric,
    Order,
    Poll,
    Sort,
    TrueFalse,
    WrittenAnswer,
    count_words,
)
from .session import ExerciseSession, Feedback

__all__ = [
    "ExerciseView",
    "css_id",
    "download_widget",
    "refresh_views",
    "restore_widget",
    "view_for",
]

_live: weakref.WeakValueDictionary[str, ExerciseView] = weakref.WeakValueDictionary()
_WIDE = W.Layout(width="auto")
_STYLE = {"description_width": "initial"}
# Two grid columns: item labels, then controls. Each column is as wide as its widest entry when
# the row has room; when it has not, both shrink (labels wrap, controls down to 6em), so every
# control in one exercise has the same width and sits right of its label.
GRID_COLUMNS = "minmax(0, max-content) minmax(6em, max-content)"
# Layout and style models shared by every exercise (never mutated, only assigned): each
# widget otherwise brings its own Layout and Style model, two thirds of an exercise's ~45
# models, and every model is a message the kernel sends and the page must build before the
# lesson has drawn (CONTRIBUTING.md, "Performance").
_PLAIN = W.Layout()
_HIDDEN = W.Layout(display="none")
_CONTENTS = W.Layout(display="contents")
_ROW = W.Layout(flex_flow="row wrap", align_items="center")
_FRAME = W.Layout(border="1px solid #bbb", padding="0.5em", margin="0.5em 0")
_GRID = W.Layout(
    grid_template_columns=GRID_COLUMNS,
    grid_gap="0.35em 1em",
    justify_content="flex-start",
    width="100%",
    margin="0.2em 0",
)
_HTML_STYLE = HTMLStyle()
_LABEL_STYLE = LabelStyle()
_BUTTON_STYLE = ButtonStyle()
_DESCRIPTION_STYLE = DescriptionStyle(description_width="initial")
_CHECKBOX_STYLE = CheckboxStyle()

# Scoped to .course-exercise so nothing else in the notebook changes. ipywidgets 8 renders
# both the old ``widget-*`` and the new ``jupyter-widget-*`` class names depending on the
# front end (JupyterLab, Voilà), so every rule names both.
EXERCISE_CSS = """
.course-exercise .course-options.widget-radio,
.course-exercise .course-options.jupyter-widget-radio {
  width: auto; max-width: 100%; min-width: 0; line-height: normal;
}
.course-exercise .widget-radio-box,
.course-exercise .jupyter-widget-radio-box { min-width: 0; }
.course-exercise .widget-radio-box label,
.course-exercise .jupyter-widget-radio-box label,
.course-exercise .widget-checkbox .widget-label-basic,
.course-exercise .jupyter-widget-checkbox .jupyter-widget-label-basic {
  display: grid; grid-template-columns: auto minmax(0, 1fr); column-gap: 0.5em;
  align-items: start; height: auto; min-width: 0; margin: 0; padding: 0.2em 0;
  line-height: 1.4; white-space: normal; overflow: visible; text-overflow: clip;
  overflow-wrap: anywhere; cursor: pointer;
}
.course-exercise .widget-radio-box input,
.course-exercise .jupyter-widget-radio-box input {
  grid-column: 1; grid-row: 1; float: none; height: 1.4em; margin: 0 0 0 1px;
}
.course-exercise .widget-checkbox,
.course-exercise .jupyter-widget-checkbox {
  width: auto; max-width: 100%; min-width: 0; height: auto; line-height: 1.4;
}
.course-exercise .widget-checkbox input[type='checkbox'],
.course-exercise .jupyter-widget-checkbox input[type='checkbox'] {
  height: 1.4em; margin: 0 0 0 1px; font-size: inherit; flex: none; align-self: start;
}
.course-exercise .course-grid { align-items: center; overflow: visible; }
.course-exercise .course-grid .widget-label,
.course-exercise .course-grid .jupyter-widget-label {
  width: auto !important; height: auto; min-width: 0; margin: 0; text-align: left;
  line-height: 1.4;
  white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: anywhere;
}
.course-exercise .course-grid select { width: 100%; min-width: 0; }
.course-exercise .widget-html-content,
.course-exercise .jupyter-widget-html-content { line-height: 1.45; }
.course-exercise input:focus-visible, .course-exercise select:focus-visible,
.course-exercise textarea:focus-visible, .course-exercise button:focus-visible {
  outline: 2px solid var(--jp-brand-color1, #1565c0) !important; outline-offset: 2px;
}
"""
_ICONS = {"success": "✓", "error": "✗", "partial": "◐", "warning": "!", "info": "ℹ"}
_COLOURS = {
    "success": "#1b5e20",
    "error": "#b71c1c",
    "partial": "#8a4b00",
    "warning": "#8a4b00",
    "info": "#0d47a1",
}


def _html(value: str = "") -> W.HTML:
    """An ``HTML`` widget on the shared layout and style."""
    return W.HTML(value, layout=_PLAIN, style=_HTML_STYLE)


def _label(text: str) -> W.Label:
    """A ``Label`` on the shared layout and style."""
    return W.Label(text, layout=_PLAIN, style=_LABEL_STYLE)


def css_id(exercise_id: str) -> str:
    """``"00.q1"`` → ``"course-exercise-00-q1"``."""
    return "course-exercise-" + exercise_id.replace(".", "-")


def paragraphs(text: str) -> str:
    """Escape text and turn blank lines into paragraphs, newlines into ``<br>``."""
    parts = [p for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in parts)


def message_html(text: str, kind: str = "info") -> str:
    """A feedback box, announced politely to screen readers; icon plus words, not colour alone."""
    if not text:
        return '<div role="status" aria-live="polite"></div>'
    colour = _COLOURS.get(kind, "#0d47a1")
    icon = _ICONS.get(kind, "")
    return (
        f'<div role="status" aria-live="polite" class="course-msg course-msg-{kind}" '
        f'style="border-left:4px solid {colour};padding:0.2em 0.8em;margin:0.3em 0">'
        f'<span aria-hidden="true" style="color:{colour};font-weight:bold">{icon}</span>'
        f"{paragraphs(text)}</div>"
    )


# JupyterLab's command-mode shortcuts (arrows, Enter, Space, letters, digits) act on the
# notebook whenever the focused element is not a text field, so a focused radio, checkbox,
# dropdown or button would lose its keys to the notebook: ArrowDown selects the next cell
# instead of the next option (ipywidgets issue #3912). JupyterLab reads shortcuts from
# ``document`` in the bubbling phase, so the exercise stops plain keys there; the browser's own
# handling (choosing, ticking, pressing) is untouched. Escape, Shift+Enter and Ctrl/Alt/Meta
# combinations still reach JupyterLab, so a keyboard user can leave the exercise. The style
# element installs this once it is in the page (its load event). Static text, no user input.
KEEP_KEYS_JS = (
    "var b=this.closest('.course-exercise');"
    "if(b&&!b.hasAttribute('data-course-keys')){b.setAttribute('data-course-keys','');"
    "b.addEventListener('keydown',function(e){"
    "if(e.ctrlKey||e.metaKey||e.altKey||e.key==='Escape'||(e.shiftKey&&e.key==='Enter'))"
    "{return;}e.stopPropagation();});}"
)


#: Page-wide accessibility repairs, installed once per page by the first exercise's style:
#: ipywidgets' sliders draw their handle (role "slider") without an accessible name, so
#: each handle is named after its slider's description; scrollable course boxes
#: (``.course-record``) become reachable by keyboard. Re-applied when outputs change.
A11Y_JS = (
    "if(!window.courseA11y){window.courseA11y=1;"
    "var f=function(){"
    "document.querySelectorAll('.widget-slider,.jupyter-widget-slider').forEach(function(s){"
    "var h=s.querySelector('[role=slider]');"
    "var l=s.querySelector('.widget-label,.jupyter-widget-label');"
    "var t=(l&&l.textContent.trim())||s.getAttribute('title')||'';"
    "if(h&&t&&!h.getAttribute('aria-label')){h.setAttribute('aria-label',t);}});"
    "document.querySelectorAll('.course-record').forEach(function(r){"
    "if(!r.hasAttribute('tabindex')){r.setAttribute('tabindex','0');}});};"
    "var q=0;var g=function(){if(!q){q=1;requestAnimationFrame(function(){q=0;f();});}};"
    "f();new MutationObserver(g).observe(document.body,{childList:true,subtree:true});}"
)


def style_widget() -> W.HTML:
    """The exercise stylesheet as a hidden ``HTML`` widget (a ``<style>`` still applies)."""
    style = W.HTML(
        f'<style onload="{KEEP_KEYS_JS}{A11Y_JS}">{EXERCISE_CSS}</style>',
        layout=_HIDDEN,
        style=_HTML_STYLE,
    )
    style.add_class("course-style")
    return style


def option_grid(controls: list[W.Widget]) -> W.GridBox:
    """Dropdowns (or other labelled controls) as rows of a two-column grid.

    Each control's own box is ``display: contents``, so its ``<label>`` (the item text, still
    tied to the control for screen readers and ``get_by_label``) fills the left column and the
    control the right one.
    """
    for control in controls:
        control.layout = _CONTENTS
    grid = W.GridBox(controls, layout=_GRID)
    grid.add_class("course-grid")
    return grid


def _button(label: str, css: str, tooltip: str = "") -> W.Button:
    b = W.Button(description=label, tooltip=tooltip or label, layout=_WIDE, style=_BUTTON_STYLE)
    b.add_class(css)
    return b


class ExerciseView:
    """The widget for one exercise: controls + Check / Hint / Show answer + feedback."""

    def __init__(self, exercise: Exercise, session: ExerciseSession | None = None) -> None:
        self.exercise = exercise
        self.session = session or ExerciseSession(exercise)
        assessed = self.session.assessed
        self.question = _html(paragraphs(exercise.question))
        self.question.add_class("course-question")
        self._controls: list[W.Widget] = []
        self.control = self._build_controls()
        self.control.add_class("course-controls")
        if isinstance(exercise, WrittenAnswer):
            submit_label = "Save"
        elif isinstance(exercise, Poll):
            submit_label = "Record my position"
        else:
            submit_label = "Submit" if assessed else "Check"
        self.submit = _button(submit_label, "course-submit")
        self.submit.button_style = "primary"
        self.hint_button = _button("Hint", "course-hint", "Show a hint")
        reveal_label = "Show model answer" if isinstance(exercise, WrittenAnswer) else "Show answer"
        self.show_button = _button(reveal_label, "course-show-answer")
        self.attempts = _html()
        self.attempts.add_class("course-attempts")
        self.feedback = _html(message_html(""))
        self.feedback.add_class("course-feedback")
        self.hint_box = _html()
        self.hint_box.add_class("course-hint-text")
        self.answer_box = _html()
        self.answer_box.add_class("course-answer")
        self.submit.on_click(lambda _b: self.on_submit())
        self.hint_button.on_click(lambda _b: self.on_hint())
        self.show_button.on_click(lambda _b: self.on_reveal())
        buttons = [self.submit]
        if exercise.hints:
            buttons.append(self.hint_button)
        if not assessed and exercise.reveal_text() and not isinstance(exercise, Poll):
            buttons.append(self.show_button)
        buttons.append(self.attempts)
        self.box = W.VBox(
            [
                self.question,
                self.control,
                W.HBox(buttons, layout=_ROW),
                self.hint_box,
                self.feedback,
                self.answer_box,
                style_widget(),
            ],
            layout=_FRAME,
        )
        for css in ("course-exercise", css_id(exercise.id), f"course-type-{exercise.kind}"):
            self.box.add_class(css)
        self.restore()
        _live[exercise.id] = self

    # -- controls -----------------------------------------------------------------
    def _build_controls(self) -> W.Widget:
        ex = self.exercise
        if isinstance(ex, MultipleChoice | TrueFalse | Poll):
            radio = W.RadioButtons(
                options=[(label, oid) for oid, label in ex.options.items()],
                value=None,
                description="Your answer:",
                style=_DESCRIPTION_STYLE,
                layout=_WIDE,
            )
            radio.add_class("course-options")
            self._controls = [radio]
            return radio
        if isinstance(ex, MultipleSelect):
            boxes = [
                W.Checkbox(
                    value=False,
                    description=label,
                    indent=False,
                    layout=_WIDE,
                    style=_CHECKBOX_STYLE,
                )
                for label in ex.options.values()
            ]
            self._controls = boxes
            group = W.VBox(boxes, layout=_PLAIN)
            group.add_class("course-options")
            return W.VBox([_label("Tick every option that applies:"), group], layout=_PLAIN)
        if isinstance(ex, Numeric):
            text = W.Text(
                value="",
                description="Your answer:",
                placeholder="a number, e.g. 32",
                style=_STYLE,
                continuous_update=True,  # the value is synced before Check is clicked
            )
            self._controls = [text]
            unit = _label(ex.unit or "")
            return W.HBox([text, unit], layout=_PLAIN)
        if isinstance(ex, Order):
            n = len(ex.items)
            choices: list[tuple[str, Any]] = [("–", None)] + [(str(i), i) for i in range(1, n + 1)]
            drops = [
                # index 0: the placeholder shows (value None), not an empty box
                W.Dropdown(
                    options=choices,
                    index=0,
                    description=label,
                    style=_DESCRIPTION_STYLE,
                    layout=_CONTENTS,
                )
                for label in ex.items.values()
            ]
            self._controls = drops
            intro = _label(f"Give each item a position, 1 (first) to {n}:")
            return W.VBox([intro, option_grid(drops)], layout=_PLAIN)
        if isinstance(ex, Sort):
            choices = [("choose…", None), *((lab, cid) for cid, lab in ex.categories.items())]
            drops = [
                # index 0: the placeholder shows (value None), not an empty box
                W.Dropdown(
                    options=choices,
                    index=0,
                    description=label,
                    style=_DESCRIPTION_STYLE,
                    layout=_CONTENTS,
                )
                for label in ex.items.values()
            ]
            self._controls = drops
            intro = _label("Choose a category for each item:")
            return W.VBox([intro, option_grid(drops)], layout=_PLAIN)
        if isinstance(ex, WrittenAnswer):
            area = W.Textarea(
                value="",
                description="Your answer:",
                placeholder=f"At least {ex.min_words} words",
                rows=6,
                style=_STYLE,
                layout=W.Layout(width="95%"),
            )
            self._controls = [area]
            self.word_count = _label(f"0 words (aim for at least {ex.min_words})")
            area.observe(self._count_words, names="value")
            return W.VBox([area, self.word_count], layout=_PLAIN)
        raise TypeError(f"no widget for {type(ex).__name__}")  # pragma: no cover

    def _count_words(self, change: dict[str, Any]) -> None:
        n = count_words(change["new"] or "")
        ex = self.exercise
        assert isinstance(ex, WrittenAnswer)
        self.word_count.value = f"{n} word{'s' if n != 1 else ''} (aim for at least {ex.min_words})"

    def raw_answer(self) -> Any:
        """The raw answer the controls currently hold (option ids, not labels)."""
        ex = self.exercise
        c = self._controls
        if isinstance(ex, MultipleSelect):
            return [oid for oid, box in zip(ex.options, c, strict=True) if box.value]
        if isinstance(ex, Order | Sort):
            return {iid: d.value for iid, d in zip(ex.items, c, strict=True)}
        return c[0].value

    def set_answer(self, answer: Any) -> None:
        """Put a stored raw answer back into the controls (ignores anything unusable)."""
        ex = self.exercise
        c = self._controls
        try:
            if isinstance(ex, MultipleChoice | TrueFalse | Poll):
                c[0].value = answer if answer in ex.options else None
            elif isinstance(ex, MultipleSelect):
                chosen = set(answer) if isinstance(answer, list) else set()
                for oid, box in zip(ex.options, c, strict=True):
                    box.value = oid in chosen
            elif isinstance(ex, Order | Sort) and isinstance(answer, dict):
                for iid, drop in zip(ex.items, c, strict=True):
                    value = answer.get(iid)
                    allowed = [v for _label, v in drop.options]
                    if value is not None and value in allowed:
                        drop.value = value
                    else:
                        drop.index = 0  # the placeholder ("–", "choose…"), value None
            elif isinstance(ex, Numeric):
                c[0].value = "" if answer is None else str(answer)
            elif isinstance(ex, WrittenAnswer):
                c[0].value = answer if isinstance(answer, str) else ""
        except Exception:  # a garbled stored answer must not break the notebook
            pass

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
        if not isinstance(self.exercise, WrittenAnswer | Poll):
            self.attempts.value = (
                f'<span class="course-attempt-count">Attempts: {s.attempts}</span>'
                if s.attempts
                else ""
            )
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
    return {
        "application/vnd.jupyter.widget-view+json": {
            "version_major": 2,
            "version_minor": 0,
            "model_id": box.model_id,
        }
    }


def refresh_views(exercise_ids: list[str] | None = None) -> int:
    """Re-read the log into live exercise widgets (after a restore). Returns how many."""
    n = 0
    for ex_id, view in list(_live.items()):
        if exercise_ids is None or ex_id in exercise_ids:
            view.restore()
            n += 1
    return n


def widget_view(widget: W.Widget) -> dict[str, Any]:
    """The widget-view mime entry for ``widget``."""
    return {
        "application/vnd.jupyter.widget-view+json": {
            "version_major": 2,
            "version_minor": 0,
            "model_id": widget.model_id,
        }
    }


class StaticPanel:
    """A widget with a static text/plain and Markdown representation (nbval-stable)."""

    def __init__(
        self, widget: W.Widget, text: str, cleanup: Callable[[], None] | None = None
    ) -> None:
        self.widget = widget
        self._text = text
        self._cleanup = cleanup

    def __repr__(self) -> str:
        return self._text

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {"text/plain": self._text, "text/markdown": self._text, **widget_view(self.widget)}


UNDER_18 = "Under 18? Use the id your teacher gave you, not your full name."


def download_widget(notebook_id: str | None = None) -> StaticPanel:
    """A download link (data URI, works offline, on Binder and in Voilà) + save-to-disk button.

    ``notebook_id`` defaults to :func:`helpers.context.notebook`. The link refreshes when the
    name field changes and after every answer.
    """
    from . import answer_log, export

    nb = export._notebook_id(notebook_id)
    lesson = answer_log.lesson_of(nb)
    intro = W.HTML(
        "<p><b>Keep your answers.</b> They are saved automatically while you work; download "
        "a copy to keep them or hand them in.</p>"
    )
    student = W.Text(
        value="",
        description="Your name or id (optional):",
        placeholder="e.g. s17",
        style=_STYLE,
        continuous_update=False,
    )
    student.add_class("course-student")
    note = W.HTML(f"<p><small>{html.escape(UNDER_18)}</small></p>")
    link = W.HTML(export.download_link_html(nb))
    link.add_class("course-download")
    save = _button("Save a copy to disk", "course-save", "Write the same file next to the log")
    status = W.HTML()
    status.add_class("course-save-status")

    def refresh(*_args: Any) -> None:
        try:
            link.value = export.download_link_html(nb, student.value)
        except Exception as err:  # keep the panel alive whatever happens
            link.value = message_html(f"Could not build the download link ({err}).", "error")

    def on_log(changed: str) -> None:
        if changed == lesson:
            refresh()

    def on_save(_b: Any) -> None:
        try:
            path = export.save_export(nb, student.value)
            status.value = message_html(f"Saved {path.name} in {path.parent}.", "success")
        except Exception as err:
            status.value = message_html(
                f"Could not save ({type(err).__name__}: {err}). Use the download link instead.",
                "error",
            )

    student.observe(refresh, names="value")
    save.on_click(on_save)
    # One live download panel per lesson: re-running the cell replaces the old listener.
    answer_log.add_listener(f"download:{nb}", on_log)
    box = W.VBox([intro, student, note, link, W.HBox([save]), status])
    box.add_class("course-download-panel")
    return StaticPanel(box, f"Download your answers for {nb} (interactive: run the cell).")


def restore_widget() -> StaticPanel:
    """A file-upload control that restores a downloaded answers file into the log."""
    from . import export

    upload = W.FileUpload(
        accept=".json,application/json", multiple=False, description="Restore answers from a file"
    )
    upload.add_class("course-restore")
    status = W.HTML()
    status.add_class("course-restore-status")

    def on_upload(change: dict[str, Any]) -> None:
        files = change["new"] or ()
        for item in files:
            content = (
                item.get("content") if isinstance(item, dict) else getattr(item, "content", None)
            )
            report = export.restore_from_file(bytes(content or b""))
            kind = "error" if report.error else "success"
            status.value = message_html(report.message, kind)

    upload.observe(on_upload, names="value")
    box = W.VBox(
        [W.HTML("<p>Pick an answers file you downloaded earlier (.json).</p>"), upload, status]
    )
    return StaticPanel(box, "Restore answers from a downloaded file (interactive: run the cell).")


model.set_renderer(_render)
