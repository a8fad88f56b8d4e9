"""The ipywidgets layer: trustworthy, labelled, keyboard-operable controls; restore; modes."""

from __future__ import annotations

import ipywidgets as W
import pytest

from helpers.exercises import (
    MultipleChoice,
    MultipleSelect,
    Numeric,
    Order,
    Poll,
    Sort,
    TrueFalse,
    WrittenAnswer,
    clear_registry,
    restore_widget,
    set_mode,
)
from helpers.exercises.widgets import ExerciseView, install, view_for

pytestmark = pytest.mark.usefixtures("isolated_exercises")


def make_all():
    return [
        MultipleChoice(
            id="00.q1",
            question="Which article?",
            options={"a": "Article 5", "b": "Article 10"},
            key="b",
            explanation="Article 10 is about enlargement.",
            hints=["Accession."],
        ),
        TrueFalse(id="00.q2", question="NATO votes.", key=False),
        MultipleSelect(
            id="00.q3",
            question="Which joined 2023-24?",
            options={"fi": "Finland", "se": "Sweden", "ua": "Ukraine"},
            key=["fi", "se"],
        ),
        Numeric(id="00.q4", question="How many allies?", key=32, unit="allies"),
        Order(
            id="00.q5",
            question="Order",
            items={"e1": "Bucharest 2008", "e2": "Crimea 2014"},
            key=["e1", "e2"],
        ),
        Sort(
            id="00.q6",
            question="Channel?",
            items={"i1": "EPF", "i2": "Ramstein"},
            categories={"eu": "EU", "us": "US-led"},
            key={"i1": "eu", "i2": "us"},
        ),
        WrittenAnswer(id="00.q7", question="Why?", min_words=4, model_answer="Model text."),
        Poll(id="00.p1", question="Invite now?", options={"y": "Yes", "n": "No"}),
    ]


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def test_constructing_displays_nothing(capsys):
    make_all()
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""


def test_controls_start_empty_are_labelled_and_keyboard_operable():
    for ex in make_all():
        view = view_for(ex)
        tree = list(walk(view.box))
        assert not any(isinstance(w, W.Output) for w in tree)
        assert not any(isinstance(w, W.SelectMultiple) for w in tree)
        for control in view._controls:
            assert control.description.strip(), (ex.id, control)
        if isinstance(ex, MultipleChoice):
            (radio,) = view._controls
            assert isinstance(radio, W.RadioButtons) and radio.value is None
            assert [v for _label, v in radio.options] == list(ex.options)
        if isinstance(ex, MultipleSelect):
            assert all(isinstance(c, W.Checkbox) and c.value is False for c in view._controls)
        if isinstance(ex, Order | Sort):
            assert all(isinstance(c, W.Dropdown) and c.value is None for c in view._controls)
        assert "course-exercise" in view.box._dom_classes
        assert f"course-exercise-{ex.id.replace('.', '-')}" in view.box._dom_classes
        assert "course-submit" in view.submit._dom_classes
        assert "course-feedback" in view.feedback._dom_classes
        assert "course-hint" in view.hint_button._dom_classes
        assert "course-show-answer" in view.show_button._dom_classes
        assert isinstance(view.feedback, W.HTML)


def test_raw_answers_are_option_ids_not_labels():
    exs = {ex.id: view_for(ex) for ex in make_all()}
    exs["00.q1"]._controls[0].value = "b"
    assert exs["00.q1"].raw_answer() == "b"
    exs["00.q3"]._controls[1].value = True
    assert exs["00.q3"].raw_answer() == ["se"]
    exs["00.q5"]._controls[0].value = 2
    assert exs["00.q5"].raw_answer() == {"e1": 2, "e2": None}
    exs["00.q6"]._controls[1].value = "us"
    assert exs["00.q6"].raw_answer() == {"i1": None, "i2": "us"}


def test_practice_flow_hint_attempts_and_reveal():
    ex = make_all()[0]
    view = ExerciseView(ex)
    assert view.show_button.disabled  # have a go first
    fb = view.on_submit()  # nothing selected
    assert fb.kind == "warning" and "Choose one option" in view.feedback.value
    assert view.session.attempts == 0
    view._controls[0].value = "a"
    view.on_submit()
    assert "Not quite" in view.feedback.value and "hint is available" in view.feedback.value
    assert "Attempts: 1" in view.attempts.value and not view.show_button.disabled
    view.on_hint()
    assert "Accession." in view.hint_box.value and view.hint_button.disabled
    view.on_submit()
    assert view.answer_box.value == ""
    view.on_submit()  # third wrong attempt: the answer is shown
    assert "Article 10" in view.answer_box.value and "enlargement" in view.answer_box.value
    view._controls[0].value = "b"
    view.on_submit()
    assert "Correct" in view.feedback.value


def test_show_answer_on_request():
    ex = make_all()[3]
    view = ExerciseView(ex)
    view._controls[0].value = "40"
    view.on_submit()
    assert "higher" in view.feedback.value
    view.on_reveal()
    assert "32 allies" in view.answer_box.value


def test_written_answer_reveals_model_only_after_a_real_attempt():
    view = ExerciseView(make_all()[6])
    view._controls[0].value = "too short"
    assert "2 words" in view.controls.word_count.value
    view.on_submit()
    assert view.show_button.disabled
    assert view.on_reveal().reveal == ""
    view._controls[0].value = "The allies never agreed on guarantees."
    view.on_submit()
    assert not view.show_button.disabled
    view.on_reveal()
    assert "Model text." in view.answer_box.value


def test_restore_into_widgets_after_rerun():
    exs = make_all()
    answers = {
        "00.q1": "a",
        "00.q2": "true",
        "00.q3": ["fi"],
        "00.q4": "31",
        "00.q5": {"e1": 2, "e2": 1},
        "00.q6": {"i1": "us", "i2": "us"},
        "00.q7": "Some words here now.",
        "00.p1": "n",
    }
    for ex in exs:
        view = view_for(ex)
        view.set_answer(answers[ex.id])
        view.on_submit()
    clear_registry()  # the student restarts the kernel and re-runs the notebook
    for ex in make_all():
        view = view_for(ex)
        assert view.raw_answer() == (["fi"] if ex.id == "00.q3" else answers[ex.id]), ex.id
        assert "previous answer was restored" in view.feedback.value


def test_assessed_mode_records_without_feedback():
    set_mode("assessed")
    ex = make_all()[0]
    view = ExerciseView(ex)
    assert view.submit.description == "Submit"
    assert view.show_button not in view.box.children[2].children
    view._controls[0].value = "a"
    view.on_submit()
    assert "recorded" in view.feedback.value
    assert "Not quite" not in view.feedback.value and view.answer_box.value == ""


def test_static_repr_is_independent_of_answers():
    install()  # what ask() does: exercises display as live widgets
    ex = make_all()[0]
    before = ex._repr_mimebundle_()
    view = view_for(ex)
    view._controls[0].value = "a"
    view.on_submit()
    after = ex._repr_mimebundle_()
    assert before["text/plain"] == after["text/plain"]
    assert before["text/markdown"] == after["text/markdown"]
    model = after["application/vnd.jupyter.widget-view+json"]["model_id"]
    assert model == before["application/vnd.jupyter.widget-view+json"]["model_id"]
    assert model not in after["text/plain"]


def test_restore_widget_is_static_and_has_a_file_upload():
    panel = restore_widget()
    assert isinstance(panel.widget.children[1], W.FileUpload)
    assert "Restore answers" in panel._repr_mimebundle_()["text/plain"]


def test_restore_widget_restores_an_uploaded_file(tmp_path):
    from datetime import UTC, datetime

    from helpers.exercises import save_export

    NOW = datetime(2024, 7, 9, tzinfo=UTC)

    ex = make_all()[0]
    view = view_for(ex)
    view._controls[0].value = "b"
    view.on_submit()
    path = save_export("00-start-here", "s1", folder=tmp_path)
    view._controls[0].value = None
    panel = restore_widget()
    upload, status = panel.widget.children[1], panel.widget.children[2]
    upload.value = (
        {
            "name": path.name,
            "type": "application/json",
            "size": 1,
            "last_modified": NOW,
            "content": memoryview(path.read_bytes()),
        },
    )
    assert "Restored 1 answer" in status.value
    assert view.raw_answer() == "b"
    upload.value = (
        {
            "name": "x.json",
            "type": "",
            "size": 1,
            "last_modified": NOW,
            "content": memoryview(b"garbage"),
        },
    )
    assert "Could not restore" in status.value


# -- layout: readable option rows, aligned grids, local CSS ------------------------------------


def _css_rules(css: str) -> list[tuple[str, str]]:
    """(selector, declarations) for every rule of a flat stylesheet (no at-rules)."""
    rules = []
    for chunk in css.split("}"):
        if chunk.strip():
            selector, _, body = chunk.partition("{")
            rules.append((selector.strip(), body.strip()))
    return rules


def test_every_view_carries_one_hidden_local_stylesheet():
    for ex in make_all():
        view = view_for(ex)
        styles = [w for w in walk(view.box) if "course-style" in getattr(w, "_dom_classes", ())]
        assert len(styles) == 1, ex.id
        (style,) = styles
        assert isinstance(style, W.HTML) and style.layout.display == "none"
        assert style.value.startswith("<style") and style.value.endswith("</style>")
        # Question, controls, buttons stay the first three children; the stylesheet comes last.
        assert view.box.children[0] is view.question and view.box.children[1] is view.control
        assert view.submit in view.box.children[2].children
        assert view.box.children[-1] is style
        assert view.box.children[2].layout.flex_flow == "row wrap"


def test_stylesheet_is_scoped_local_and_keeps_a_visible_focus_ring():
    from helpers.exercises.widgets import EXERCISE_CSS

    rules = _css_rules(EXERCISE_CSS)
    assert len(rules) >= 8
    for selector, body in rules:
        for part in selector.split(","):
            assert part.strip().startswith(".course-exercise "), part
        assert body.endswith(";"), selector
    lowered = EXERCISE_CSS.lower()
    assert "@import" not in lowered and "url(" not in lowered and "http" not in lowered
    focus = [body for selector, body in rules if ":focus-visible" in selector]
    assert focus and all("outline: 2px solid" in body for body in focus)
    assert not any("outline: none" in body or "outline: 0" in body for _s, body in rules)
    # Option rows grow with their text instead of keeping ipywidgets' fixed line height.
    radio = [body for selector, body in rules if ".widget-radio-box label" in selector]
    assert radio and "height: auto" in radio[0] and "white-space: normal" in radio[0]


def test_option_lists_are_marked_for_wrapping():
    for ex in make_all():
        view = view_for(ex)
        if isinstance(ex, MultipleChoice | TrueFalse | Poll):
            assert "course-options" in view._controls[0]._dom_classes
        if isinstance(ex, MultipleSelect):
            (group,) = [w for w in walk(view.box) if "course-options" in w._dom_classes]
            assert list(group.children) == view._controls


def test_order_and_sort_controls_sit_in_a_two_column_grid():
    from helpers.exercises.widgets import GRID_COLUMNS

    for ex in make_all():
        if not isinstance(ex, Order | Sort):
            continue
        view = view_for(ex)
        (grid,) = [w for w in walk(view.box) if isinstance(w, W.GridBox)]
        assert "course-grid" in grid._dom_classes
        assert grid.layout.grid_template_columns == GRID_COLUMNS
        assert len(GRID_COLUMNS.split(") ")) == 2  # item labels, then controls
        assert list(grid.children) == view._controls
        for drop, label in zip(view._controls, ex.items.values(), strict=True):
            # The dropdown's own box dissolves into the grid: its <label> (the item text,
            # still tied to the control) is column 1, the control is column 2.
            assert drop.layout.display == "contents"
            assert drop.description == label
            # Unanswered, a dropdown shows its placeholder rather than an empty box.
            assert drop.value is None and drop.index == 0 and drop.label in ("–", "choose…")
        view.set_answer({iid: None for iid in ex.items})
        assert all(d.index == 0 and d.value is None for d in view._controls)
        view.set_answer({iid: "no such choice" for iid in ex.items})
        assert all(d.index == 0 and d.value is None for d in view._controls)


def test_the_keyboard_guard_is_static_and_lets_jupyterlab_keep_escape():
    from helpers.exercises.widgets import A11Y_JS, KEEP_KEYS_JS

    views = [view_for(ex) for ex in make_all()]
    values = {w.value for v in views for w in walk(v.box) if "course-style" in w._dom_classes}
    assert len(values) == 1  # the same static text for every exercise, no exercise data in it
    (value,) = values
    assert f'onload="{KEEP_KEYS_JS}{A11Y_JS}"' in value
    assert '"' not in KEEP_KEYS_JS + A11Y_JS  # both sit inside a double-quoted attribute
    for passed_on in ("Escape", "shiftKey", "ctrlKey", "metaKey", "altKey"):
        assert passed_on in KEEP_KEYS_JS
    assert "stopPropagation" in KEEP_KEYS_JS and "preventDefault" not in KEEP_KEYS_JS


def test_the_page_accessibility_repair_names_sliders_and_runs_once():
    from helpers.exercises.widgets import A11Y_JS

    assert A11Y_JS.startswith("if(!window.courseA11y){window.courseA11y=1;")
    assert "[role=slider]" in A11Y_JS and "aria-label" in A11Y_JS
    assert ".course-record" in A11Y_JS and "tabindex" in A11Y_JS
    assert "MutationObserver" in A11Y_JS
