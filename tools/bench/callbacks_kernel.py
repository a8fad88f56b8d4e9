"""Runs inside a kernel (see ``callbacks.py``): drive every widget callback, time each one.

Each case changes a control's ``value`` (or clicks a button) the way the front end does;
traitlets call the observers synchronously, so when the assignment returns the new output
has been computed and sent (display-handle updates and widget messages go out on the
kernel's channels). Values alternate between two valid settings, so every sample is a real
change. Exercises are answered through their controls and submitted with the Submit
button, with the lesson's download panel live (its link is rebuilt after every answer, as
in the lesson), into a fresh answers folder per exercise.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from itertools import cycle
from typing import Any

Case = tuple[str, str, Callable[[], None]]  # lesson, control, one change


def _toggle(widget: Any, values: list[Any]) -> Callable[[], None]:
    it = cycle(values)

    def change() -> None:
        widget.value = next(it)

    return change


def _two_values(slider: Any) -> list[Any]:
    """The slider's value and one step towards the middle of its range."""
    v, lo, hi, step = slider.value, slider.min, slider.max, slider.step
    other = v + step if v + step <= (lo + hi) / 2 or v - step < lo else v - step
    other = int(other) if isinstance(v, int) else round(other, 6)
    return [other, v]


def _click(button: Any) -> Callable[[], None]:
    return button.click


def explorer_cases() -> Iterator[Case]:
    """The model explorers of lessons 04–07, shown as in the lesson (display handles live)."""
    import helpers
    from helpers import data

    helpers.setup("04-natoization")
    from helpers.interactive import consensus

    ex4 = consensus.ConsensusExplorer()
    ex4.show()
    for name in ("p_block", "p_opt_out", "yields_at", "weight"):
        yield (
            "04",
            f"consensus {name} slider",
            _toggle(getattr(ex4, name), _two_values(getattr(ex4, name))),
        )
    yield "04", "consensus never-yields checkbox", _toggle(ex4.never_yields, [True, False])
    roles = list(ex4.role.options)
    yield "04", "consensus role dropdown", _toggle(ex4.role, roles[1:2] + roles[:1])
    yield "04", "consensus steps slider", _toggle(ex4.steps, [2, 1])
    yield "04", "consensus floor slider", _toggle(ex4.floor, [0.4, 0.5])
    blocs = [k for k in (v for _l, v in ex4.blocs.options) if k != "none"]
    ex4.blocs.value = blocs[0]
    yield "04", "consensus rho slider", _toggle(ex4.rho, [0.35, 0.4])
    yield "04", "consensus blocs dropdown", _toggle(ex4.blocs, ["none", blocs[0]])
    presets = [v for _l, v in ex4.preset.options]
    yield "04", "consensus preset dropdown", _toggle(ex4.preset, presets[1:2] + presets[:1])
    yield "04", "consensus reset button", _click(ex4.reset)

    helpers.setup("05-membership-and-the-waiting-room")
    from helpers.interactive import ratification

    ex5 = ratification.Explorer()
    ex5.show()
    for name, control in ex5.controls.items():
        if hasattr(control, "step"):
            values = _two_values(control)
        elif isinstance(control.value, bool):
            values = [not control.value, control.value]
        else:
            options = [o[1] if isinstance(o, tuple) else o for o in control.options]
            values = [*[o for o in options if o != control.value][:1], control.value]
        yield "05", f"ratification {name}", _toggle(control, values)

    helpers.setup("06-escalation-ambiguity-salami")
    from helpers.interactive import escalation

    crisis = escalation.CrisisExplorer()
    crisis.show()
    box = crisis._controls().widget
    chooser = next(w for w in box.children if hasattr(w, "options"))
    sliders = [w for w in box.children if hasattr(w, "step")]
    for slider in sliders:
        name = slider.description.split(" (")[0]
        yield "06", f"crisis: {name}", _toggle(slider, _two_values(slider))
    keys = [v for _l, v in chooser.options]
    yield "06", "crisis: assumption set", _toggle(chooser, keys[1:2] + keys[:1])
    for cls, label in ((escalation.StepsExplorer, "steps"), (escalation.QuietExplorer, "quiet")):
        explorer = cls()
        explorer.show()
        for slider in [w for w in explorer._controls().widget.children if hasattr(w, "step")]:
            name = slider.description.split(" (")[0]
            yield "06", f"{label}: {name}", _toggle(slider, _two_values(slider))

    helpers.setup("07-washington-and-the-verdict")
    from helpers.interactive.memo import MemoBuilder

    memo = MemoBuilder()
    refs = memo.index.choices()
    yield (
        "07",
        "memo evidence field",
        _toggle(memo.evidence[0], [refs[0], refs[0] + ", " + refs[1]]),
    )

    def add() -> None:
        memo.evidence[1].value = ""
        memo.finders[1].value = refs[2]
        memo.adders[1].click()

    yield "07", "memo add-evidence button", add
    yield "07", "memo check-and-save button", _click(memo.save)
    del data


def _answers(ex: Any) -> list[Any]:
    """Two different raw answers for an exercise, as its controls would produce them."""
    from helpers.exercises import model

    if isinstance(ex, model.MultipleSelect):
        ids = list(ex.options)
        return [ids[:1], ids[1:3]]
    if isinstance(ex, model.MultipleChoice | model.TrueFalse | model.Poll):
        ids = list(ex.options)
        return [ids[0], ids[1]]
    if isinstance(ex, model.Numeric):
        return ["12", "3.5"]
    if isinstance(ex, model.Order):
        n = len(ex.items)
        ids = list(ex.items)
        return [{i: k + 1 for k, i in enumerate(ids)}, {i: n - k for k, i in enumerate(ids)}]
    if isinstance(ex, model.Sort):
        cats, ids = list(ex.categories), list(ex.items)
        return [{i: cats[0] for i in ids}, {i: cats[k % len(cats)] for k, i in enumerate(ids)}]
    if isinstance(ex, model.WrittenAnswer):
        return ["word " * ex.min_words, "a shorter draft with " + "more " * 5]
    raise TypeError(type(ex).__name__)


def exercise_cases(lessons: list[str]) -> Iterator[Case]:
    """Every bank exercise: set an answer in the controls, press Submit (feedback computed)."""
    import helpers
    from helpers.exercises import answer_log, bank, download_widget
    from helpers.exercises import widgets as ew

    for lesson in lessons:
        helpers.setup(lesson)
        download_widget()  # its listener rebuilds the download link after every answer
        for item in bank.bank_for(lesson[:2] + ".x").entries:
            # A fresh answers folder per exercise: the log then holds at most this exercise's
            # samples (100+), about what a diligent student's whole lesson leaves in it.
            os.environ["COURSE_ANSWERS_DIR"] = tempfile.mkdtemp(prefix=f"bench-cb-{lesson[:2]}-")
            answer_log.reset_cache()
            ex = bank.ask(item.id)
            view = ew.view_for(ex)
            answers = cycle(_answers(ex))

            def submit(view: Any = view, answers: Any = answers) -> None:
                view.set_answer(next(answers))
                view.submit.click()

            yield lesson[:2], f"exercise {item.id} ({ex.kind}) submit", submit
            if item.type == "written":
                area = view._controls[0]
                yield (lesson[:2], f"exercise {item.id} typing (word count)",
                       _toggle(area, ["one two three", "one two three four"]))  # fmt: skip


def _time(change: Callable[[], None], samples: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        change()
    out = []
    for _ in range(samples):
        start = time.perf_counter()
        change()
        out.append((time.perf_counter() - start) * 1000)
    return out


def run(
    lessons: list[str], samples: int, exercise_samples: int, out: str, warmup: int = 10
) -> None:
    """Time every case; write JSON ``{name: {lesson, control, samples_ms}}`` to ``out``."""
    results: dict[str, Any] = {}
    for cases, n in ((explorer_cases(), samples), (exercise_cases(lessons), exercise_samples)):
        for lesson, control, change in cases:
            results[f"{lesson} {control}"] = {
                "lesson": lesson,
                "control": control,
                "samples_ms": _time(change, n, warmup),
            }
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(results, fh)
