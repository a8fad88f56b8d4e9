"""The engine's pure parts load no widget library; the widget layer switches on when first used.

Import checks run in a fresh interpreter, as a kernel (or a teacher's grading script) does.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import ipywidgets as W
import pytest

from helpers.exercises import MultipleChoice, model
from helpers.exercises.controls import (
    ChoiceControl,
    ExerciseControl,
    PollControl,
    control_class,
    register_control,
)
from helpers.exercises.widgets import ExerciseView

ROOT = Path(__file__).resolve().parents[1]


def _run(code: str, tmp_path: Path) -> list[str]:
    env = {**os.environ, "COURSE_ANSWERS_DIR": str(tmp_path / "answers")}
    env.pop("COURSE_MODE", None)
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
    )
    return out.stdout.split()


def test_the_pure_parts_and_the_classroom_load_no_widget_library(tmp_path):
    out = _run(
        """
        import sys
        import helpers.classroom
        import helpers.exercises
        from helpers.exercises import (
            answer_log, bank, export, ids, model, parsing, session, memo,
        )
        from helpers.exercises import MultipleChoice, restore_from_file
        MultipleChoice(id="00.q1", question="Q?", options={"a": "A", "b": "B"}, key="a")
        restore_from_file(b'{"not": "an answers file"}')  # refreshes no widget either
        print("ipywidgets" in sys.modules, "IPython" in sys.modules)
        """,
        tmp_path,
    )
    assert out == ["False", "False"]


def test_nothing_is_installed_until_ask_is_called(tmp_path):
    out = _run(
        """
        import sys
        from helpers.exercises import MultipleChoice, ask, download_widget, restore_widget
        from helpers.exercises import bank, widgets  # importing the widget layer: no change
        ex = MultipleChoice(id="00.q1", question="Q?", options={"a": "A", "b": "B"}, key="a")
        print(sorted(ex._repr_mimebundle_()) == ["text/markdown", "text/plain"])
        first = bank.bank_for("00.x").entries[0].id
        shown = ask(first)._repr_mimebundle_()
        print("application/vnd.jupyter.widget-view+json" in shown)
        print("application/vnd.jupyter.widget-view+json" in ex._repr_mimebundle_())
        """,
        tmp_path,
    )
    assert out == ["True", "True", "True"]


def test_the_package_lists_its_lazy_names_and_rejects_unknown_ones():
    import helpers.exercises as E

    assert {"ask", "download_widget", "restore_widget"} <= set(dir(E))
    with pytest.raises(AttributeError, match="no_such_name"):
        E.no_such_name  # noqa: B018


def test_every_exercise_type_has_a_control_and_a_poll_its_own():
    controls = {cls: control_class(cls) for cls in model.EXERCISE_TYPES.values()}
    assert all(issubclass(c, ExerciseControl) for c in controls.values())
    assert controls[model.Poll] is PollControl  # not the control of multiple choice, its base
    assert controls[model.MultipleChoice] is ChoiceControl is controls[model.TrueFalse]
    assert len(set(controls.values())) == 7  # choice, poll, select, numeric, order, sort, text


@pytest.mark.usefixtures("isolated_exercises")
def test_a_new_type_is_shown_through_the_control_registered_for_it():
    class Ranked(MultipleChoice):
        """A type of one's own, built on multiple choice (no kind of its own)."""

    ex = Ranked(id="00.q9", question="Q?", options={"a": "A", "b": "B"}, key="a")
    assert control_class(Ranked) is ChoiceControl  # inherited until it has its own

    @register_control(Ranked)
    class RankedControl(ChoiceControl):
        submit_label = "Rank"

        def build(self) -> W.Widget:
            slider = W.IntSlider(description="Your answer:")
            self.widgets = [slider]
            return slider

        def read(self) -> str:
            return "a" if self.widgets[0].value else "b"

    try:
        view = ExerciseView(ex)
        assert isinstance(view.control, W.IntSlider) and view.submit.description == "Rank"
        view._controls[0].value = 3
        assert view.on_submit().kind == "success"
    finally:
        from helpers.exercises.controls import _CONTROLS

        _CONTROLS.pop(Ranked)
