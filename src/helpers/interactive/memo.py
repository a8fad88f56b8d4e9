"""The policy-memo builder of lesson 07: a thin ipywidgets layer over ``exercises.memo``.

Text areas for the position, three arguments, the strongest counter-argument and the
recommendation; for each argument an evidence field (``table:id`` references, comma
separated) with a search box that suggests every citable row as ``table:id — what the row
says`` and an *Add* button, and under it a preview line per cited row (what it says, or why
it cannot be cited); one
**Check and save** button; a status line; a Markdown download link (a data URI, so it works
offline, on Binder and in Voilà).

A complete memo is saved through the course's answer log as the answer to the bank's
written item (``07.memo``): the saved text is the memo's Markdown, so it is restored when
the lesson is re-run, appears in the answers download, and the written-answer widget above
the builder shows it (with its model answer and rubric after this real attempt). An empty,
evidence-free or otherwise incomplete memo is reported, with what is missing, and not saved.

Stable CSS classes for browser tests: ``course-memo``, ``course-memo-position``,
``course-memo-argument-N``, ``course-memo-evidence-N``, ``course-memo-find-N``,
``course-memo-add-N``, ``course-memo-preview-N``, ``course-memo-counter``,
``course-memo-recommendation``, ``course-memo-save``, ``course-memo-status``,
``course-memo-download``.
"""

from __future__ import annotations

import html

import ipywidgets as W

from helpers.exercises import memo as logic
from helpers.exercises.model import Exercise, registered_exercises
from helpers.exercises.session import ExerciseSession
from helpers.exercises.widgets import StaticPanel, message_html, refresh_views

__all__ = ["MemoBuilder", "memo_builder"]

_STYLE = {"description_width": "initial"}
_FULL = W.Layout(width="95%")
EXERCISE_ID = "07.memo"


def _exercise(exercise_id: str) -> Exercise:
    """The exercise as ``ask()`` registered it, else built from the bank."""
    known = registered_exercises().get(exercise_id)
    if known is not None:
        return known
    from helpers.exercises import bank

    return bank.build_exercise(bank.entry(exercise_id))


def _area(label: str, placeholder: str, css: str, rows: int = 3) -> W.Textarea:
    area = W.Textarea(
        value="", description=label, placeholder=placeholder, rows=rows, style=_STYLE,
        layout=_FULL,
    )  # fmt: skip
    area.add_class(css)
    return area


class MemoBuilder:
    """The widgets of one memo builder and their callbacks (testable without a browser)."""

    def __init__(self, exercise_id: str = EXERCISE_ID, index: logic.RowIndex | None = None) -> None:
        self.exercise_id = exercise_id
        self.exercise = _exercise(exercise_id)
        self.session = ExerciseSession(self.exercise)
        self.index = index if index is not None else logic.build_index()
        choices = self.index.choices()
        self.position = _area(
            "Your position:",
            "Start with To: (one allied government or Kyiv), From: and Date: (July 2024), then in "
            "one or two sentences: what should it push for after Washington?",
            "course-memo-position",
        )
        self.arguments: list[W.Textarea] = []
        self.evidence: list[W.Text] = []
        self.finders: list[W.Combobox] = []
        self.adders: list[W.Button] = []
        self.previews: list[W.HTML] = []
        blocks = []
        for i in range(1, logic.N_ARGUMENTS + 1):
            arg = _area(f"Argument {i}:", "A reason for your position, in your own words.",
                        f"course-memo-argument-{i}")  # fmt: skip
            ev = W.Text(
                value="",
                description=f"Evidence for argument {i}:",
                placeholder=f"table:id, e.g. {logic.EXAMPLE_REFS[0]}",
                style=_STYLE,
                layout=_FULL,
                continuous_update=True,
            )
            ev.add_class(f"course-memo-evidence-{i}")
            finder = W.Combobox(
                value="",
                options=choices,
                ensure_option=False,
                description=f"Find a row to cite for argument {i}:",
                placeholder="type a word or part of an id, e.g. pledge or washington",
                style=_STYLE,
                layout=W.Layout(width="70%"),
            )
            finder.add_class(f"course-memo-find-{i}")
            add = W.Button(description="Add", tooltip=f"Add this row to argument {i}'s evidence")
            add.add_class(f"course-memo-add-{i}")
            add.on_click(lambda _b, n=i - 1: self.add_evidence(n))
            preview = W.HTML("")
            preview.add_class(f"course-memo-preview-{i}")
            ev.observe(lambda _c, n=i - 1: self.update_preview(n), names="value")
            self.arguments.append(arg)
            self.evidence.append(ev)
            self.finders.append(finder)
            self.adders.append(add)
            self.previews.append(preview)
            blocks.append(W.VBox([arg, ev, preview, W.HBox([finder, add])]))
        self.counter = _area(
            "Strongest counter-argument:",
            "The best case against your position, fairly put, and your reply to it.",
            "course-memo-counter",
        )
        self.recommendation = _area(
            "Recommendation:",
            "What exactly should be done, by whom, and how would you know it worked?",
            "course-memo-recommendation",
        )
        self.save = W.Button(
            description="Check and save", button_style="primary",
            tooltip="Check the memo; save it as your answer when it is complete",
        )  # fmt: skip
        self.save.add_class("course-memo-save")
        self.save.on_click(lambda _b: self.on_save())
        self.status = W.HTML(message_html(""))
        self.status.add_class("course-memo-status")
        self.link = W.HTML("")
        self.link.add_class("course-memo-download")
        intro = W.HTML(
            "<p><b>Memo builder</b> (write your memo here, not in the box above). Cite "
            "evidence as <code>table:id</code>, a row of the course's data (for example <code>"
            + html.escape(logic.EXAMPLE_REFS[0])
            + "</code>); several ids are separated by commas. The search box suggests every "
            "row you can cite with what it says, and a line under each evidence field shows "
            "what the rows you cite say. <b>Check and save</b> tells you what is missing; a "
            "complete memo is saved as your answer above and can be downloaded as "
            "Markdown.</p>"
        )
        self.box = W.VBox(
            [intro, self.position, *blocks, self.counter, self.recommendation,
             W.HBox([self.save]), self.status, self.link],
            layout=W.Layout(border="1px solid #bbb", padding="0.5em", margin="0.5em 0"),
        )  # fmt: skip
        self.box.add_class("course-memo")
        self.restore()

    # -- state ------------------------------------------------------------------------
    def memo(self) -> logic.Memo:
        """The memo the fields currently hold."""
        return logic.Memo.from_fields(
            self.position.value,
            [a.value for a in self.arguments],
            [e.value for e in self.evidence],
            self.counter.value,
            self.recommendation.value,
        )

    def fill(self, memo: logic.Memo) -> None:
        """Put a memo into the fields."""
        m = memo.normalized()
        self.position.value = m.position
        for area, ev, arg in zip(self.arguments, self.evidence, m.arguments, strict=True):
            area.value = arg.text
            ev.value = ", ".join(arg.evidence)
        self.counter.value = m.counter
        self.recommendation.value = m.recommendation

    def restore(self) -> bool:
        """Fill the fields from the saved answer, if there is one (a re-run restores it)."""
        s = self.session
        s.reload()
        if not s.has_answer or not isinstance(s.answer, str):
            if s.changed_question:
                self.status.value = message_html(
                    "The memo task changed since you last saved, so your earlier memo was "
                    "not restored.",
                    "warning",
                )
            return False
        memo = logic.parse_markdown(s.answer)
        self.fill(memo)
        self.link.value = logic.download_link_html(logic.render_markdown(memo, self.index))
        self.status.value = message_html("Your saved memo was restored.", "info")
        return True

    # -- actions ------------------------------------------------------------------------
    def update_preview(self, n: int) -> None:
        """Show, under argument ``n``'s evidence field, what each cited row says."""
        lines = self.index.preview(logic.parse_refs(self.evidence[n].value))
        self.previews[n].value = (
            "<ul class='course-memo-preview' style='margin:0.2em 0;font-size:90%;line-height:1.3'>"
            + "".join(f"<li>{html.escape(line)}</li>" for line in lines)
            + "</ul>"
            if lines
            else ""
        )

    def add_evidence(self, n: int) -> None:
        """Append the row chosen in argument ``n``'s search box to its evidence field."""
        ref = logic.ref_from_choice(self.finders[n].value)
        if not ref:
            return
        refs = list(logic.parse_refs(self.evidence[n].value))
        for r in logic.parse_refs(ref):
            if r not in refs:
                refs.append(r)
        self.evidence[n].value = ", ".join(refs)
        self.finders[n].value = ""

    def on_save(self) -> logic.MemoCheck:
        """Check the memo; refresh the download link; save it only when it is complete."""
        memo = self.memo()
        result = logic.check(memo, self.index)
        markdown = logic.render_markdown(memo, self.index)
        self.link.value = logic.download_link_html(markdown)
        if not result.complete:
            self.status.value = message_html(result.message, "warning")
            return result
        feedback = self.session.submit(markdown)
        if feedback.result is not None and not feedback.result.valid:
            self.status.value = message_html(feedback.message, "warning")
            return result
        refresh_views([self.exercise_id])
        self.status.value = message_html(
            f"{result.message} Saved as your answer to {self.exercise_id} (it is in your "
            "answers download). Compare it with the model memo and rubric in the box above.",
            "success",
        )
        return result


def memo_builder(exercise_id: str = EXERCISE_ID) -> StaticPanel:
    """Show the memo builder (the cell right after ``ask("07.memo")``)."""
    builder = MemoBuilder(exercise_id)
    panel = StaticPanel(
        builder.box,
        f"Policy-memo builder for {exercise_id} (interactive: run the cell). Write a "
        "position, three arguments with evidence from the course's data, the strongest "
        "counter-argument and a recommendation.",
    )
    panel.builder = builder  # type: ignore[attr-defined]  # the panel keeps its builder
    return panel
