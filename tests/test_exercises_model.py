"""Exercise types: definitions, checking, hashing, registry, modes, static representations."""

from __future__ import annotations

import pytest

from helpers.exercises import (
    ExerciseDefinitionError,
    MultipleChoice,
    MultipleSelect,
    Numeric,
    Order,
    Poll,
    Sort,
    TrueFalse,
    WrittenAnswer,
    clear_registry,
    forget,
    get_mode,
    registered_exercises,
    set_mode,
)
from helpers.exercises.model import Exercise

pytestmark = pytest.mark.usefixtures("isolated_exercises")


def mc(**kw):
    base = dict(
        id="00.q1",
        question="Which treaty article covers enlargement?",
        options={"a": "Article 5", "b": "Article 10"},
        key="b",
        explanation="Article 10 lets allies invite European states.",
        option_feedback={"a": "Article 5 is collective defence."},
        hints=["Think of 'accession'."],
    )
    base.update(kw)
    return MultipleChoice(**base)


def all_types():
    return [
        mc(),
        TrueFalse(id="00.q2", question="NATO votes.", key=False, explanation="Consensus."),
        MultipleSelect(
            id="00.q3",
            question="Which joined in 2023-24?",
            options={"fi": "Finland", "se": "Sweden", "ua": "Ukraine"},
            key=["fi", "se"],
        ),
        Numeric(id="00.q4", question="How many allies in 2024?", key=32, unit="allies"),
        Order(
            id="00.q5",
            question="Order these.",
            items={"e1": "Bucharest", "e2": "Crimea", "e3": "Invasion"},
            key=["e1", "e2", "e3"],
        ),
        Sort(
            id="00.q6",
            question="Which channel?",
            items={"i1": "EPF", "i2": "Ramstein"},
            categories={"eu": "EU", "us": "US-led"},
            key={"i1": "eu", "i2": "us"},
        ),
        WrittenAnswer(
            id="00.q7",
            question="Why?",
            min_words=5,
            model_answer="Because.",
            rubric=["Names the dilemma"],
        ),
        Poll(id="00.p1", question="Invite Ukraine now?", options={"y": "Yes", "n": "No"}),
    ]


def test_multiple_choice_checks_option_ids_and_gives_feedback():
    ex = mc()
    right = ex.check("b")
    assert right.correct is True and right.score == 1 and right.status == "correct"
    wrong = ex.check("a")
    assert wrong.correct is False and wrong.feedback == ("Article 5 is collective defence.",)
    for raw in (None, "", "  ", "Article 10", "c", 1, ["b"]):
        res = ex.check(raw)
        assert res.status == "invalid" and res.correct is None and res.message


def test_true_false_accepts_bools_and_strings():
    ex = TrueFalse(id="00.q2", question="NATO votes.", key=False)
    assert ex.check(False).correct is True
    assert ex.check("false").correct is True
    assert ex.check("TRUE").correct is False
    assert ex.check(None).status == "invalid"


def test_multiple_select_partial_credit():
    ex = all_types()[2]
    assert ex.check(["se", "fi"]).correct is True
    part = ex.check(["fi"])
    assert part.correct is False and part.status == "partial" and part.score == 0.5
    assert ex.check(["fi", "ua"]).score == 0.0
    assert ex.check([]).status == "invalid"
    assert ex.check("fi").score == 0.5  # a single id is read as a one-item selection


def test_numeric_tolerance_units_and_messages():
    ex = Numeric(id="00.q4", question="Baseline pledge?", key=40, tolerance=0.5, unit="€ billion")
    for raw in ("40", "40.4", "€40bn", "40 billion", "40 000 million", "40,0", 40, 40.0):
        assert ex.check(raw).correct is True, raw
    low = ex.check("30")
    assert low.correct is False and "lower" in low.message
    for raw in ("", "forty", "nan", "inf", "1e999", "30-50", None, True):
        assert ex.check(raw).status == "invalid", raw
    rel = Numeric(id="00.q8", question="Share?", key=200, rel_tolerance=0.05)
    assert rel.check("209").correct is True and rel.check("211").correct is False


def test_order_and_sort():
    order = all_types()[4]
    assert order.check({"e1": 1, "e2": 2, "e3": 3}).correct is True
    assert order.check(["e1", "e2", "e3"]).correct is True
    assert order.check({"e1": "1", "e2": "2", "e3": "3"}).correct is True
    swapped = order.check({"e1": 2, "e2": 1, "e3": 3})
    assert swapped.status == "partial" and "1 of 3" in swapped.message
    dup = order.check({"e1": 1, "e2": 1, "e3": 3})
    assert dup.status == "invalid" and "only once" in dup.message
    assert order.check({"e1": 1}).status == "invalid"
    sort = all_types()[5]
    assert sort.check({"i1": "eu", "i2": "us"}).correct is True
    assert sort.check({"i1": "eu", "i2": "eu"}).score == 0.5
    assert sort.check({"i1": "eu"}).status == "invalid"


def test_written_answer_is_saved_not_graded_and_needs_a_real_attempt():
    ex = all_types()[6]
    assert ex.check("").status == "invalid"
    short = ex.check("too short")
    assert short.status == "too_short" and short.correct is None and short.answer == "too short"
    assert ex.check("word word word word word word").status == "too_short"  # repetition
    full = ex.check("The alliance never agreed to defend Ukraine.")
    assert full.status == "saved" and full.correct is None
    assert "Model answer" in ex.reveal_text() and "Names the dilemma" in ex.reveal_text()


def test_poll_has_no_right_answer():
    ex = all_types()[7]
    res = ex.check("y")
    assert res.correct is None and res.status == "recorded" and ex.points == 0
    assert ex.check("maybe").status == "invalid"


def test_definition_errors_are_clear():
    with pytest.raises(ExerciseDefinitionError, match=r"01\.q3"):
        mc(id="q1")
    with pytest.raises(ExerciseDefinitionError, match="not one of"):
        mc(key="z")
    with pytest.raises(ExerciseDefinitionError, match="level"):
        mc(level="remember")
    with pytest.raises(ExerciseDefinitionError, match="concept"):
        mc(id="01.q1")  # concept required outside lesson 00
    with pytest.raises(ExerciseDefinitionError, match="concept"):
        mc(id="01.q1", concept=17)
    assert mc(id="01.q1", concept=[1, 2]).concept == (1, 2)
    with pytest.raises(ExerciseDefinitionError, match="option_feedback"):
        mc(option_feedback={"z": "?"})
    with pytest.raises(ExerciseDefinitionError, match="every item"):
        Order(id="00.q5", question="?", items={"a": "A", "b": "B"}, key=["a"])


def test_same_id_same_definition_is_fine_but_a_different_one_raises():
    mc()
    mc()  # students re-run cells
    mc(explanation="Edited explanation only")  # wording of the explanation may change
    with pytest.raises(ExerciseDefinitionError, match="already defined"):
        mc(question="A different question?")
    with pytest.raises(ExerciseDefinitionError, match="already defined"):
        mc(key="a")
    forget("00.q1")
    mc(question="A different question?")
    assert set(registered_exercises()) == {"00.q1"}


def test_question_hash_covers_question_options_and_type_only():
    a = mc()
    clear_registry()
    assert mc(explanation="other", key="a").question_hash == a.question_hash
    clear_registry()
    assert mc(options={"a": "Article 5", "b": "Article 10 "}).question_hash != a.question_hash
    clear_registry()
    assert mc(question="Other?").question_hash != a.question_hash
    assert a.question_hash.startswith("sha256:")


def test_round_trip_to_dict():
    for ex in all_types():
        twin = Exercise.from_dict(ex.to_dict())
        assert type(twin) is type(ex)
        assert twin.identity_hash == ex.identity_hash
        assert twin.to_dict() == ex.to_dict()


def test_assessed_mode_strips_keys_and_records_without_feedback(monkeypatch):
    monkeypatch.setenv("COURSE_MODE", "assessed")
    assert get_mode() == "assessed"
    ex = mc()
    assert ex.key is None and ex.explanation == "" and ex.option_feedback == {}
    res = ex.check("b")
    assert res.correct is None and res.status == "recorded" and res.answer == "b"
    w = WrittenAnswer(id="00.q7", question="Why?", model_answer="secret", rubric=["r"])
    assert w.model_answer == "" and w.rubric == () and w.reveal_text() == ""
    # Definitions built with key=None are valid.
    assert Numeric(id="00.q4", question="How many?", unit="allies").check("32").valid
    set_mode("practice")
    assert get_mode() == "practice"
    monkeypatch.setenv("COURSE_MODE", "bogus")
    with pytest.warns(UserWarning, match="COURSE_MODE"):
        set_mode(None)
    assert get_mode() == "assessed"  # an unknown mode is treated as assessed, to be safe
    with pytest.raises(ValueError):
        set_mode("exam")


def test_key_can_be_supplied_later():
    ex = mc(key=None)
    assert ex.check("b").status == "recorded"
    assert ex.with_key("b").check("b").correct is True
    assert ex.question_hash == ex.with_key("b").question_hash


def test_static_representation_never_shows_answer_or_state():
    for ex in all_types():
        before = ex._repr_mimebundle_()
        assert set(before) >= {"text/plain", "text/markdown"}
        assert ex.id in before["text/plain"] and ex.question in before["text/markdown"]
        assert "Article 5 is collective" not in before["text/plain"]
        ex.check("b")
        after = ex._repr_mimebundle_()
        assert after["text/plain"] == before["text/plain"]
        assert after["text/markdown"] == before["text/markdown"]
    assert repr(mc()) == "MultipleChoice(id='00.q1')"
    text = mc().text()
    assert "a) Article 5" in text and "b) Article 10" in text and "Correct" not in text


def test_pure_layers_do_not_import_widgets():
    from pathlib import Path

    import helpers.exercises.model as model_module

    folder = Path(model_module.__file__).parent
    pure = ("model.py", "base.py", "definition.py", "modes.py", "results.py", "choice.py")
    pure += ("numeric.py", "arrange.py", "written.py", "parsing.py", "answer_log.py")
    pure += ("log_location.py", "log_reading.py", "untrusted.py", "answer_files.py", "export.py")
    pure += ("bank_schema.py", "ids.py", "memo.py", "memo_evidence.py")
    for name in (*pure, "session.py", "bank.py", "computed.py"):
        source = (folder / name).read_text(encoding="utf-8")
        assert "import ipywidgets" not in source and "from ipywidgets" not in source, name
