"""The answers panels of a lesson: download (link and save-to-disk) and restore from a file.

Each panel is a :class:`StaticPanel`: a live widget with a fixed text/plain and Markdown
representation, so stored outputs and nbval never depend on widget state. CSS classes for
browser tests: ``course-download``, ``course-save``, ``course-student``, ``course-restore``.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as W

from . import answer_log, export
from .styling import TEXT_STYLE, button, message_html

__all__ = ["UNDER_18", "StaticPanel", "download_widget", "restore_widget", "widget_view"]

UNDER_18 = "Under 18? Use the id your teacher gave you, not your full name."


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


def download_widget(notebook_id: str | None = None) -> StaticPanel:
    """A download link (data URI, works offline, on Binder and in Voilà) + save-to-disk button.

    ``notebook_id`` defaults to :func:`helpers.context.notebook`. The link refreshes when the
    name field changes and after every answer.
    """
    nb = export.lesson_notebook(notebook_id)
    lesson = answer_log.lesson_of(nb)
    intro = W.HTML(
        "<p><b>Keep your answers.</b> They are saved automatically while you work; download "
        "a copy to keep them or hand them in.</p>"
    )
    student = W.Text(
        value="",
        description="Your name or id (optional):",
        placeholder="e.g. s17",
        style=TEXT_STYLE,
        continuous_update=False,
    )
    student.add_class("course-student")
    note = W.HTML(f"<p><small>{html.escape(UNDER_18)}</small></p>")
    link = W.HTML(export.download_link_html(nb))
    link.add_class("course-download")
    save = button("Save a copy to disk", "course-save", "Write the same file next to the log")
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
