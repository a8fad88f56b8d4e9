"""Exercise types and pure answer checking (no ipywidgets, no file input/output).

Every exercise is an immutable definition: ``id`` (``"NN.name"``, the two digits being the
lesson number), ``question``, a ``key`` (``None`` in assessed mode), an explanation, optional
per-option feedback, hints, points, a level and the COURSE concept numbers it exercises.

``ex.check(raw)`` never raises on anything a student can type or click: it returns a
:class:`CheckResult` with a message. Raw answers are JSON values: option ids (never labels),
lists of option ids, ``{item: position}`` / ``{item: category}`` mappings, or typed text.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import os
import re
import textwrap
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .parsing import format_number, parse_number

__all__ = [
    "LEVELS",
    "MODES",
    "CheckResult",
    "Exercise",
    "ExerciseDefinitionError",
    "Match",
    "MultipleChoice",
    "MultipleSelect",
    "Numeric",
    "Order",
    "Poll",
    "Sort",
    "TrueFalse",
    "WrittenAnswer",
    "clear_registry",
    "forget",
    "get_mode",
    "registered_exercises",
    "set_mode",
]

LEVELS = ("recall", "explain", "apply", "evaluate")
MODES = ("practice", "assessed")
N_CONCEPTS = 16
DEFAULT_MAX_ATTEMPTS = 3
#: ``NN.name``: lesson number, a dot, then a short lower-case name (``00.q1``, ``03.p-before``).
ID_PATTERN = re.compile(r"^(\d{2})\.([a-z0-9][a-z0-9_-]{0,39})$")
OPTION_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
MAX_TEXT = 20_000  # characters kept from a written answer


class ExerciseDefinitionError(ValueError):
    """An exercise was defined wrongly (an author's error, never a student's)."""


# --------------------------------------------------------------------------- mode

_mode_override: dict[str, str | None] = {"mode": None}
_warned_env: set[str] = set()


def set_mode(mode: str | None) -> str:
    """Choose ``"practice"`` or ``"assessed"`` for this kernel (``None``: back to the env var).

    Returns the mode now in force.
    """
    if mode is not None and mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    _mode_override["mode"] = mode
    return get_mode()


def get_mode() -> str:
    """The mode in force: :func:`set_mode`, else env var ``COURSE_MODE``, else practice."""
    if _mode_override["mode"]:
        return _mode_override["mode"]
    env = os.environ.get("COURSE_MODE", "").strip().lower()
    if not env:
        return "practice"
    if env in MODES:
        return env
    if env not in _warned_env:
        _warned_env.add(env)
        warnings.warn(
            f"COURSE_MODE={env!r} is not one of {MODES}; using 'assessed' to be safe.",
            stacklevel=2,
        )
    return "assessed"


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class CheckResult:
    """What the checker says about one raw answer.

    ``correct`` is True/False for auto-graded types and None where there is nothing to grade
    (written answers, polls, no key, invalid input). ``score`` is a fraction 0–1 of the
    exercise's points. ``status`` is one of ``correct``, ``partial``, ``incorrect``,
    ``invalid`` (not an answer yet: nothing recorded), ``recorded`` (no key or a poll),
    ``saved`` and ``too_short`` (written answers), ``question_changed`` (grading only).
    """

    correct: bool | None
    score: float
    message: str
    status: str
    feedback: tuple[str, ...] = ()
    answer: Any = None
    note: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        """True when the raw answer was a usable answer (it counts as an attempt)."""
        return self.status not in ("invalid", "question_changed")


def _invalid(message: str) -> CheckResult:
    return CheckResult(None, 0.0, message, "invalid")


def _recorded(answer: Any, message: str = "Answer recorded.") -> CheckResult:
    return CheckResult(None, 0.0, message, "recorded", answer=answer)


# --------------------------------------------------------------------------- registry

_REGISTRY: dict[str, Exercise] = {}
_renderer: dict[str, Callable[[Exercise], dict[str, Any]] | None] = {"fn": None}


def set_renderer(fn: Callable[[Exercise], dict[str, Any]] | None) -> None:
    """Install the function that turns an exercise into a widget-view mime entry."""
    _renderer["fn"] = fn


def registered_exercises() -> dict[str, Exercise]:
    """The exercises defined in this kernel, by id (a copy)."""
    return dict(_REGISTRY)


def forget(exercise_id: str) -> None:
    """Drop one id from this kernel's registry (lets an author redefine it)."""
    _REGISTRY.pop(exercise_id, None)


def clear_registry() -> None:
    """Forget every exercise defined in this kernel (for tests and authors)."""
    _REGISTRY.clear()


def _register(ex: Exercise) -> None:
    old = _REGISTRY.get(ex.id)
    if old is not None and old.identity_hash != ex.identity_hash:
        raise ExerciseDefinitionError(
            f"Exercise id {ex.id!r} is already defined in this kernel with a different "
            f"question, options or key ({old.kind} vs {ex.kind}). Every exercise needs its "
            "own id. If you edited the question on purpose, restart the kernel or call "
            f"helpers.exercises.forget({ex.id!r}) first."
        )
    _REGISTRY[ex.id] = ex


# --------------------------------------------------------------------------- helpers


def _canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _hash(data: Any) -> str:
    return "sha256:" + hashlib.sha256(_canonical_json(data).encode("utf-8")).hexdigest()[:16]


def _check_text(name: str, value: Any, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ExerciseDefinitionError(f"{name} must be a non-empty string, got {value!r}")
    return value


def _check_options(name: str, options: Any, *, minimum: int = 2) -> dict[str, str]:
    if not isinstance(options, Mapping) or len(options) < minimum:
        raise ExerciseDefinitionError(
            f"{name} must be a dict of at least {minimum} entries {{id: label}}, got {options!r}"
        )
    out: dict[str, str] = {}
    for oid, label in options.items():
        if not isinstance(oid, str) or not OPTION_ID_PATTERN.match(oid):
            raise ExerciseDefinitionError(
                f"{name} id {oid!r} should be short letters/digits/-/_ (e.g. 'a', 'e1')"
            )
        out[oid] = _check_text(f"{name}[{oid!r}]", label)
    return out


def _is_str(x: Any) -> bool:
    return isinstance(x, str)


def _show(x: Any, limit: int = 40) -> str:
    try:
        text = x if isinstance(x, str) else json.dumps(x, ensure_ascii=False, default=str)
    except Exception:
        text = "?"
    text = "".join(ch if ch.isprintable() else "?" for ch in str(text))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plural(n: int | float, word: str) -> str:
    return f"{format_number(float(n))} {word}{'' if n == 1 else 's'}"


def _partial_credit(
    right: int,
    n: int,
    correct_msg: str,
    wrong_msg: str,
    feedback: tuple[str, ...],
    answer: Any,
    details: dict[str, Any],
) -> CheckResult:
    """Result for item-by-item types (order, sort): full, partial or no credit."""
    if right == n:
        return CheckResult(True, 1.0, correct_msg, "correct", feedback, answer, details=details)
    status = "partial" if right else "incorrect"
    return CheckResult(False, right / n, wrong_msg, status, feedback, answer, details=details)


def count_words(text: str) -> int:
    """Number of words in ``text`` (letters/digits runs, any script)."""
    return len(re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", text))


# --------------------------------------------------------------------------- base class


class Exercise:
    """Base class: common fields, hashing, static representations and safe checking."""

    kind: ClassVar[str] = "exercise"
    kind_label: ClassVar[str] = "exercise"
    graded: ClassVar[bool] = True
    #: Fields removed in assessed mode (they would give the answer away).
    answer_fields: ClassVar[tuple[str, ...]] = ("key", "explanation", "option_feedback")

    def __init__(
        self,
        *,
        id: str,
        question: str,
        key: Any = None,
        explanation: str = "",
        option_feedback: Mapping[str, str] | None = None,
        hints: Iterable[str] = (),
        points: float = 1,
        level: str | None = "recall",
        concept: int | Iterable[int] | None = None,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        register: bool = True,
    ) -> None:
        if not isinstance(id, str) or not ID_PATTERN.match(id):
            raise ExerciseDefinitionError(
                f"exercise id {id!r} should look like '01.q3': the two-digit lesson number, "
                "a dot, then a short lower-case name"
            )
        self.id = id
        self.question = _check_text("question", question)
        self.explanation = _check_text("explanation", explanation, required=False)
        if isinstance(hints, str):
            hints = [hints]
        self.hints = tuple(_check_text("hint", h) for h in hints)
        if (
            isinstance(points, bool)
            or not isinstance(points, int | float)
            or not (math.isfinite(points) and points >= 0)
        ):
            raise ExerciseDefinitionError(f"points must be a number >= 0, got {points!r}")
        self.points = points if (self.graded or self.kind == "written") else 0
        if self.kind == "poll":
            # A poll asks for a position, not knowledge: it has no level.
            if level not in (None, "recall"):
                raise ExerciseDefinitionError(f"{id}: a poll has no level, got {level!r}")
            level = None
        elif level not in LEVELS:
            raise ExerciseDefinitionError(f"level must be one of {LEVELS}, got {level!r}")
        self.level: str | None = level
        self.concept = self._check_concept(concept)
        if isinstance(max_attempts, bool) or not isinstance(max_attempts, int) or max_attempts < 1:
            raise ExerciseDefinitionError(f"max_attempts must be an int >= 1, got {max_attempts!r}")
        self.max_attempts = max_attempts
        self.option_feedback = dict(option_feedback or {})
        for oid, text in self.option_feedback.items():
            _check_text(f"option_feedback[{oid!r}]", text)
        self._setup()  # subclass fields (options, items, …)
        unknown = set(self.option_feedback) - set(self._feedback_ids())
        if unknown:
            raise ExerciseDefinitionError(
                f"{self.id}: option_feedback names unknown ids {sorted(unknown)}"
            )
        self.key = None if key is None else self._check_key(key)
        if register and get_mode() == "assessed":
            self._strip_answers()
        self._view: Any = None
        if register:
            _register(self)

    # -- subclass hooks -------------------------------------------------------------
    def _setup(self) -> None:
        """Validate and store type-specific fields (set by the subclass constructor)."""

    def _feedback_ids(self) -> Iterable[str]:
        return ()

    def _check_key(self, key: Any) -> Any:
        return key

    def _definition_fields(self) -> dict[str, Any]:
        return {}

    def _extra_fields(self) -> dict[str, Any]:
        return {}

    def normalize(self, raw: Any) -> tuple[Any, str | None]:
        """Turn a raw answer into its JSON form, or return ``(None, message)``."""
        raise NotImplementedError

    def _grade(self, answer: Any) -> CheckResult:
        raise NotImplementedError

    def answer_text(self) -> str:
        """The correct answer in words ("" when there is no key)."""
        return ""

    def _options_lines(self) -> list[str]:
        return []

    # -- definition and hashing ------------------------------------------------------
    def _check_concept(self, concept: Any) -> tuple[int, ...]:
        if concept is None:
            if self.id[:2] != "00":
                raise ExerciseDefinitionError(
                    f"{self.id}: give concept= (a COURSE concept number 1-{N_CONCEPTS}, or a "
                    "list of them); only lesson 00 may omit it"
                )
            return ()
        values = [concept] if isinstance(concept, int) else list(concept)
        for c in values:
            if isinstance(c, bool) or not isinstance(c, int) or not 1 <= c <= N_CONCEPTS:
                raise ExerciseDefinitionError(
                    f"{self.id}: concept numbers run from 1 to {N_CONCEPTS}, got {c!r}"
                )
        return tuple(values)

    def definition(self) -> dict[str, Any]:
        """What the student sees: type, question and options (the basis of the hash)."""
        return {"type": self.kind, "question": self.question, **self._definition_fields()}

    @property
    def question_hash(self) -> str:
        """Hash of question text + options + type: a changed question is never restored."""
        return _hash(self.definition())

    @property
    def identity_hash(self) -> str:
        """Hash of the definition plus the key (same id + different identity → error)."""
        return _hash({"definition": self.definition(), "key": self._key_json()})

    def _key_json(self) -> Any:
        return self.key

    def to_dict(self) -> dict[str, Any]:
        """Full definition as JSON-safe data (includes the key if the object has one)."""
        data: dict[str, Any] = {
            "id": self.id,
            "type": self.kind,
            "question": self.question,
            "key": self._key_json(),
            "explanation": self.explanation,
            "option_feedback": dict(self.option_feedback),
            "hints": list(self.hints),
            "points": self.points,
            "level": self.level,
            "concept": list(self.concept),
            "max_attempts": self.max_attempts,
        }
        data.update(self._definition_fields())
        data.update(self._extra_fields())
        data.pop("type", None)
        data["type"] = self.kind
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, register: bool = False) -> Exercise:
        """Rebuild an exercise from :meth:`to_dict` output (not registered by default)."""
        data = dict(data)
        kind = data.pop("type", None)
        target = EXERCISE_TYPES.get(kind) if kind else None
        if target is None:
            raise ExerciseDefinitionError(f"unknown exercise type {kind!r}")
        if not data.get("concept"):
            data["concept"] = None
        if target is TrueFalse:
            data.pop("options", None)
        return target(**data, register=register)

    def with_key(self, key: Any) -> Exercise:
        """A copy carrying ``key`` (for grading: keys are supplied separately)."""
        data = self.to_dict()
        data["key"] = key
        return Exercise.from_dict(data)

    def without_answers(self) -> Exercise:
        """A copy with key, explanation and feedback removed (what assessed mode keeps)."""
        twin = copy.copy(self)
        twin._view = None
        twin._strip_answers()
        return twin

    def _strip_answers(self) -> None:
        for name in self.answer_fields:
            value = getattr(self, name, None)
            if name == "key":
                self.key = None
            elif isinstance(value, dict):
                setattr(self, name, {})
            elif isinstance(value, tuple | list):
                setattr(self, name, type(value)())
            elif isinstance(value, str):
                setattr(self, name, "")
            else:
                setattr(self, name, None)

    # -- checking ---------------------------------------------------------------------
    def check(self, raw: Any) -> CheckResult:
        """Check a raw answer; never raises, whatever ``raw`` is."""
        try:
            return self._check(raw)
        except Exception:  # last line of defence; the property tests call _check directly
            return _invalid("Sorry, that answer could not be read. Please try again.")

    def _check(self, raw: Any) -> CheckResult:
        answer, error = self.normalize(raw)
        if error is not None:
            return _invalid(error)
        if self.key is None or not self.graded:
            return self._ungraded(answer)
        return self._grade(answer)

    def _ungraded(self, answer: Any) -> CheckResult:
        return _recorded(answer)

    def reveal_text(self) -> str:
        """Answer plus explanation, shown after the attempts run out or on request."""
        parts = [p for p in (self.answer_text(), self.explanation) if p]
        return "\n\n".join(parts)

    # -- static representations --------------------------------------------------------
    def _header(self) -> str:
        pts = f", {_plural(self.points, 'point')}" if self.points else ""
        return f"{self.kind_label}{pts}"

    def text(self) -> str:
        """Static plain-text rendering: question and options, never the answer or state."""
        lines = [f"Exercise {self.id} ({self._header()})", *textwrap.wrap(self.question, 88)]
        lines += [f"  {line}" for line in self._options_lines()]
        return "\n".join(lines)

    def markdown(self) -> str:
        """Static Markdown rendering: question and options, never the answer or state."""
        out = [f"**Exercise {self.id}** ({self._header()})", "", self.question]
        opts = self._options_lines()
        if opts:
            out.append("")
            out += [f"- {line}" for line in opts]
        return "\n".join(out)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self.id!r})"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle: dict[str, Any] = {"text/plain": self.text(), "text/markdown": self.markdown()}
        fn = _renderer["fn"]
        if fn is not None:
            bundle.update(fn(self))
        return bundle


# --------------------------------------------------------------------------- choice types


class _ChoosesFromOptions(Exercise):
    """Base for exercises answered with ids from an ``options`` dict ``{id: label}``."""

    def __init__(self, *, options: Mapping[str, str], **kwargs: Any) -> None:
        self._raw_options = options
        super().__init__(**kwargs)

    def _setup(self) -> None:
        self.options = _check_options("options", self._raw_options)
        del self._raw_options

    def _feedback_ids(self) -> Iterable[str]:
        return self.options


class MultipleChoice(_ChoosesFromOptions):
    """Exactly one option is right; the raw answer is its option id."""

    kind = "multiple_choice"
    kind_label = "multiple choice"

    def _check_key(self, key: Any) -> Any:
        if key not in self.options:
            raise ExerciseDefinitionError(
                f"{self.id}: key {key!r} is not one of {list(self.options)}"
            )
        return key

    def _definition_fields(self) -> dict[str, Any]:
        return {"options": dict(self.options)}

    def normalize(self, raw: Any) -> tuple[Any, str | None]:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None, "Choose one option first."
        if not _is_str(raw) or raw not in self.options:
            return None, f"'{_show(raw)}' is not one of the options; choose one of the options."
        return raw, None

    def _grade(self, answer: Any) -> CheckResult:
        fb = self.option_feedback.get(answer)
        feedback = (fb,) if fb else ()
        if answer == self.key:
            msg = "Correct."
            return CheckResult(True, 1.0, msg, "correct", feedback, answer)
        msg = "Not quite: that is not the best answer."
        return CheckResult(False, 0.0, msg, "incorrect", feedback, answer)

    def answer_text(self) -> str:
        if self.key is None:
            return ""
        return f"Answer: {self.key}) {self.options[self.key]}"

    def _options_lines(self) -> list[str]:
        return [f"{oid}) {label}" for oid, label in self.options.items()]


class TrueFalse(MultipleChoice):
    """A statement that is true or false; raw answer ``"true"``/``"false"`` (or a bool)."""

    kind = "true_false"
    kind_label = "true or false"

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("options", None)
        super().__init__(options={"true": "True", "false": "False"}, **kwargs)

    def _check_key(self, key: Any) -> Any:
        if isinstance(key, bool):
            return "true" if key else "false"
        return super()._check_key(key)

    def normalize(self, raw: Any) -> tuple[Any, str | None]:
        if isinstance(raw, bool):
            return ("true" if raw else "false"), None
        if isinstance(raw, str) and raw.strip().lower() in ("true", "false"):
            return raw.strip().lower(), None
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None, "Choose True or False first."
        return None, "Choose True or False."

    def _options_lines(self) -> list[str]:
        return ["True / False"]


class Poll(MultipleChoice):
    """An ungraded position poll (e.g. "invite Ukraine now?"): every option is fine."""

    kind = "poll"
    kind_label = "poll, not graded"
    graded = False

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("points", 0)
        super().__init__(**kwargs)

    def _ungraded(self, answer: Any) -> CheckResult:
        fb = self.option_feedback.get(answer)
        return CheckResult(
            None,
            0.0,
            "Your position is recorded. There is no right answer.",
            "recorded",
            (fb,) if fb else (),
            answer,
        )


class MultipleSelect(_ChoosesFromOptions):
    """Several options may be right; raw answer is a list of option ids (order ignored)."""

    kind = "multiple_select"
    kind_label = "multiple select"

    def _check_key(self, key: Any) -> Any:
        if isinstance(key, str) or not isinstance(key, Iterable):
            raise ExerciseDefinitionError(f"{self.id}: key must be a list of option ids")
        key = list(key)
        bad = [k for k in key if k not in self.options]
        if bad or not key or len(set(key)) != len(key):
            raise ExerciseDefinitionError(
                f"{self.id}: key must list distinct ids from {list(self.options)}, got {key!r}"
            )
        return frozenset(key)

    def _key_json(self) -> Any:
        return None if self.key is None else sorted(self.key)

    def _definition_fields(self) -> dict[str, Any]:
        return {"options": dict(self.options)}

    def normalize(self, raw: Any) -> tuple[Any, str | None]:
        if raw is None or isinstance(raw, str | bytes | Mapping) or not isinstance(raw, Iterable):
            if isinstance(raw, str) and raw in self.options:
                raw = [raw]
            else:
                return None, "Tick at least one box first."
        try:
            items = list(raw)
        except Exception:
            return None, "Tick at least one box first."
        if not items:
            return None, "Tick at least one box first."
        if len(items) > len(self.options) * 2:
            return None, "That selection could not be read; tick the boxes again."
        bad = [x for x in items if not _is_str(x) or x not in self.options]
        if bad:
            return None, f"'{_show(bad[0])}' is not one of the options."
        return sorted(set(items), key=list(self.options).index), None

    def _grade(self, answer: Any) -> CheckResult:
        chosen = set(answer)
        right = chosen & self.key
        wrong = chosen - self.key
        missed = self.key - chosen
        feedback = tuple(self.option_feedback[o] for o in answer if o in self.option_feedback)
        score = max(0.0, (len(right) - len(wrong)) / len(self.key))
        details = {"right": len(right), "wrong": len(wrong), "missed": len(missed)}
        if not wrong and not missed:
            return CheckResult(
                True,
                1.0,
                "Correct: you ticked all the right boxes.",
                "correct",
                feedback,
                answer,
                details=details,
            )
        parts = []
        if right:
            parts.append(f"{_plural(len(right), 'box')} right".replace("boxs", "boxes"))
        if wrong:
            parts.append(f"{len(wrong)} ticked that should not be")
        if missed:
            parts.append(f"{len(missed)} still to find")
        status = "partial" if score > 0 else "incorrect"
        return CheckResult(
            False,
            score,
            "Not quite: " + ", ".join(parts) + ".",
            status,
            feedback,
            answer,
            details=details,
        )

    def answer_text(self) -> str:
        if self.key is None:
            return ""
        labels = [f"{o}) {self.options[o]}" for o in self.options if o in self.key]
        return "Answer: " + "; ".join(labels)

    def _options_lines(self) -> list[str]:
        return [f"[ ] {oid}) {label}" for oid, label in self.options.items()]


# --------------------------------------------------------------------------- numeric


class Numeric(Exercise):
    """A number, right within ``tolerance`` (absolute) or ``rel_tolerance`` (fraction).

    The raw answer is the text typed (or a number); see :mod:`.parsing` for what is read.
    """

    kind = "numeric"
    kind_label = "number"

    def __init__(
        self,
        *,
        tolerance: float = 0,
        rel_tolerance: float = 0,
        unit: str = "",
        **kwargs: Any,
    ) -> None:
        for name, value in (("tolerance", tolerance), ("rel_tolerance", rel_tolerance)):
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not (math.isfinite(value) and value >= 0)
            ):
                raise ExerciseDefinitionError(f"{name} must be a number >= 0, got {value!r}")
        self.tolerance = float(tolerance)
        self.rel_tolerance = float(rel_tolerance)
        self.unit = _check_text("unit", unit, required=False)
        super().__init__(**kwargs)

    def _check_key(self, key: Any) -> Any:
        if isinstance(key, bool) or not isinstance(key, int | float) or not math.isfinite(key):
            raise ExerciseDefinitionError(f"{self.id}: key must be a finite number, got {key!r}")
        return key

    def _definition_fields(self) -> dict[str, Any]:
        return {"unit": self.unit}

    def _extra_fields(self) -> dict[str, Any]:
        return {"tolerance": self.tolerance, "rel_tolerance": self.rel_tolerance}

    def normalize(self, raw: Any) -> tuple[Any, str | None]:
        parsed = parse_number(raw, self.unit)
        if not parsed.ok:
            return None, parsed.error
        # Keep what the student typed (as text) so a regrade re-reads exactly that.
        if isinstance(raw, str):
            return raw.strip()[:200], None
        return parsed.value, None

    def _check(self, raw: Any) -> CheckResult:
        parsed = parse_number(raw, self.unit)
        if not parsed.ok:
            return _invalid(parsed.error or "Type a number.")
        answer, _ = self.normalize(raw)
        note = f"(I {parsed.note}.)" if parsed.note else None
        if self.key is None:
            msg = "Answer recorded." + (f" {note}" if note else "")
            return CheckResult(None, 0.0, msg, "recorded", answer=answer, note=note)
        value = float(parsed.value)  # type: ignore[arg-type]
        key = float(self.key)
        allowed = max(self.tolerance, self.rel_tolerance * abs(key))
        allowed += 1e-9 * max(1.0, abs(key))  # float fuzz
        unit = f" {self.unit}" if self.unit else ""
        shown = format_number(value)
        if abs(value - key) <= allowed:
            msg = f"Correct: {shown}{unit}."
            result = CheckResult(True, 1.0, msg, "correct", answer=answer, note=note)
        else:
            side = "higher" if value > key else "lower"
            msg = f"Not quite: {shown}{unit} is {side} than the expected value."
            result = CheckResult(False, 0.0, msg, "incorrect", answer=answer, note=note)
        if note:
            result = CheckResult(
                result.correct,
                result.score,
                f"{result.message} {note}",
                result.status,
                answer=answer,
                note=note,
            )
        return result

    def answer_text(self) -> str:
        if self.key is None:
            return ""
        unit = f" {self.unit}" if self.unit else ""
        tol = max(self.tolerance, self.rel_tolerance * abs(float(self.key)))
        plus = f" (± {format_number(tol)})" if tol else ""
        return f"Answer: {format_number(float(self.key))}{unit}{plus}"

    def _options_lines(self) -> list[str]:
        return [f"Answer in {self.unit}." if self.unit else "Answer with a number."]


# --------------------------------------------------------------------------- order / sort


class Order(Exercise):
    """Put items in order. Raw answer: ``{item_id: position}`` (1-based) or a list of ids."""

    kind = "order"
    kind_label = "put in order"

    def __init__(self, *, items: Mapping[str, str], **kwargs: Any) -> None:
        self._raw_items = items
        super().__init__(**kwargs)

    def _setup(self) -> None:
        self.items = _check_options("items", self._raw_items)
        del self._raw_items

    def _feedback_ids(self) -> Iterable[str]:
        return self.items

    def _check_key(self, key: Any) -> Any:
        if isinstance(key, str) or not isinstance(key, Iterable):
            raise ExerciseDefinitionError(f"{self.id}: key must be a list of item ids in order")
        key = tuple(key)
        if sorted(key) != sorted(self.items):
            raise ExerciseDefinitionError(
                f"{self.id}: key must list every item id exactly once: {list(self.items)}"
            )
        return key

    def _key_json(self) -> Any:
        return None if self.key is None else list(self.key)

    def _definition_fields(self) -> dict[str, Any]:
        return {"items": dict(self.items)}

    def normalize(self, raw: Any) -> tuple[Any, str | None]:
        n = len(self.items)
        if isinstance(raw, list | tuple):
            if all(_is_str(x) for x in raw) and sorted(raw) == sorted(self.items):
                return {item: i + 1 for i, item in enumerate(raw)}, None
            return None, "Give every item a position first."
        if not isinstance(raw, Mapping):
            return None, "Give every item a position first."
        positions: dict[str, int] = {}
        for item in self.items:
            pos = raw.get(item)
            if isinstance(pos, str) and pos.strip().isdigit() and len(pos.strip()) < 4:
                pos = int(pos.strip())
            if isinstance(pos, bool) or not isinstance(pos, int) or not 1 <= pos <= n:
                missing = sum(
                    1
                    for i in self.items
                    if not (isinstance(raw.get(i), int) and not isinstance(raw.get(i), bool))
                )
                return None, (
                    f"Give every item a position from 1 to {n} "
                    f"({_plural(max(missing, 1), 'item')} still without one)."
                )
            positions[item] = pos
        counts: dict[int, int] = {}
        for pos in positions.values():
            counts[pos] = counts.get(pos, 0) + 1
        repeated = sorted(p for p, c in counts.items() if c > 1)
        if repeated:
            return None, (
                "Each position can be used only once; position "
                f"{', '.join(map(str, repeated))} is used more than once."
            )
        return positions, None

    def _grade(self, answer: Any) -> CheckResult:
        order = sorted(answer, key=answer.__getitem__)
        right = sum(1 for a, b in zip(order, self.key, strict=True) if a == b)
        n = len(self.key)
        feedback = tuple(
            self.option_feedback[i]
            for i in order
            if i in self.option_feedback and answer[i] != self.key.index(i) + 1
        )
        return _partial_credit(
            right,
            n,
            "Correct: everything is in order.",
            f"Not quite: {right} of {n} in the right place.",
            feedback,
            answer,
            {"in_place": right, "n": n},
        )

    def answer_text(self) -> str:
        if self.key is None:
            return ""
        return "Answer: " + " → ".join(self.items[i] for i in self.key)

    def _options_lines(self) -> list[str]:
        return [f"{iid}) {label}" for iid, label in self.items.items()]


class Sort(Exercise):
    """Sort items into categories (or match items to targets). Raw: ``{item: category}``."""

    kind = "sort"
    kind_label = "sort into categories"

    def __init__(
        self, *, items: Mapping[str, str], categories: Mapping[str, str], **kwargs: Any
    ) -> None:
        self._raw_items = items
        self._raw_categories = categories
        super().__init__(**kwargs)

    def _setup(self) -> None:
        self.items = _check_options("items", self._raw_items, minimum=1)
        self.categories = _check_options("categories", self._raw_categories)
        del self._raw_items, self._raw_categories

    def _feedback_ids(self) -> Iterable[str]:
        return self.items

    def _check_key(self, key: Any) -> Any:
        if not isinstance(key, Mapping) or set(key) != set(self.items):
            raise ExerciseDefinitionError(f"{self.id}: key must map every item id to a category")
        bad = {i: c for i, c in key.items() if c not in self.categories}
        if bad:
            raise ExerciseDefinitionError(f"{self.id}: unknown categories in key: {bad}")
        return dict(key)

    def _definition_fields(self) -> dict[str, Any]:
        return {"items": dict(self.items), "categories": dict(self.categories)}

    def normalize(self, raw: Any) -> tuple[Any, str | None]:
        if not isinstance(raw, Mapping):
            return None, "Choose a category for every item first."
        out: dict[str, str] = {}
        for item in self.items:
            cat = raw.get(item)
            if not _is_str(cat) or cat not in self.categories:
                missing = sum(
                    1
                    for i in self.items
                    if not (_is_str(raw.get(i)) and raw.get(i) in self.categories)
                )
                return None, (
                    "Choose a category for every item first "
                    f"({_plural(max(missing, 1), 'item')} still without one)."
                )
            out[item] = cat
        return out, None

    def _grade(self, answer: Any) -> CheckResult:
        right = sum(1 for i, c in answer.items() if self.key[i] == c)
        n = len(self.items)
        feedback = tuple(
            self.option_feedback[i]
            for i in self.items
            if i in self.option_feedback and answer[i] != self.key[i]
        )
        return _partial_credit(
            right,
            n,
            "Correct: every item is in the right place.",
            f"Not quite: {right} of {n} placed correctly.",
            feedback,
            answer,
            {"right": right, "n": n},
        )

    def answer_text(self) -> str:
        if self.key is None:
            return ""
        lines = [f"{self.items[i]} → {self.categories[self.key[i]]}" for i in self.items]
        return "Answer:\n" + "\n".join(lines)

    def _options_lines(self) -> list[str]:
        cats = "; ".join(f"{cid}) {label}" for cid, label in self.categories.items())
        return [f"Categories: {cats}", *(f"{i}) {label}" for i, label in self.items.items())]


#: Matching is sorting where each category is a target.
Match = Sort


# --------------------------------------------------------------------------- written / poll


class WrittenAnswer(Exercise):
    """A short written answer: saved, never auto-graded.

    The model answer and rubric are revealed only after a real attempt: at least
    ``min_words`` words, not mostly repeated (see :meth:`is_real_attempt`).
    """

    kind = "written"
    kind_label = "written answer, not auto-graded"
    graded = False
    answer_fields = ("key", "explanation", "option_feedback", "model_answer", "rubric")

    def __init__(
        self,
        *,
        min_words: int = 25,
        model_answer: str = "",
        rubric: Iterable[str] = (),
        **kwargs: Any,
    ) -> None:
        if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < 1:
            raise ExerciseDefinitionError(f"min_words must be an int >= 1, got {min_words!r}")
        self.min_words = min_words
        self.model_answer = _check_text("model_answer", model_answer, required=False)
        if isinstance(rubric, str):
            rubric = [rubric]
        self.rubric = tuple(_check_text("rubric item", r) for r in rubric)
        kwargs.setdefault("points", 0)
        super().__init__(**kwargs)

    def _definition_fields(self) -> dict[str, Any]:
        return {"min_words": self.min_words}

    def _extra_fields(self) -> dict[str, Any]:
        return {"model_answer": self.model_answer, "rubric": list(self.rubric)}

    def is_real_attempt(self, text: Any) -> bool:
        """At least ``min_words`` words, and at least half of them different."""
        if not isinstance(text, str):
            return False
        words = re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", text.lower())
        distinct = len(set(words))
        return len(words) >= self.min_words and distinct >= max(
            2, min(self.min_words, len(words)) // 2
        )

    def normalize(self, raw: Any) -> tuple[Any, str | None]:
        if not isinstance(raw, str) or not raw.strip():
            return None, "Write your answer in the box first."
        return raw[:MAX_TEXT], None

    def _ungraded(self, answer: Any) -> CheckResult:
        n = count_words(answer)
        cut = " (only the first 20,000 characters were kept)" if len(answer) >= MAX_TEXT else ""
        if self.is_real_attempt(answer):
            return CheckResult(
                None,
                0.0,
                f"Saved ({_plural(n, 'word')}){cut}.",
                "saved",
                answer=answer,
                details={"words": n},
            )
        msg = (
            f"Saved ({_plural(n, 'word')}){cut}. Write a fuller answer in your own words "
            f"(at least {self.min_words} words) to unlock the model answer."
        )
        return CheckResult(None, 0.0, msg, "too_short", answer=answer, details={"words": n})

    def reveal_text(self) -> str:
        parts = []
        if self.model_answer:
            parts.append("Model answer: " + self.model_answer)
        if self.rubric:
            parts.append("What a good answer does:\n" + "\n".join(f"- {r}" for r in self.rubric))
        if self.explanation:
            parts.append(self.explanation)
        return "\n\n".join(parts)

    def _options_lines(self) -> list[str]:
        return [f"Write at least {self.min_words} words."]


EXERCISE_TYPES: dict[str, type[Exercise]] = {
    cls.kind: cls
    for cls in (
        MultipleChoice,
        TrueFalse,
        Poll,
        MultipleSelect,
        Numeric,
        Order,
        Sort,
        WrittenAnswer,
    )
}
