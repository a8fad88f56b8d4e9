"""The exercise base class: definition, hashing, static text and safe checking.

Every exercise is an immutable definition: ``id`` (``"NN.name"``, the two digits being the
lesson number), ``question``, a ``key`` (``None`` in assessed mode), an explanation, optional
per-option feedback, hints, points, a level and the COURSE concept numbers it exercises.
``ex.check(raw)`` never raises on anything a student can type or click. Every exercise
built with ``register=True`` joins this kernel's registry. The limits a definition is
checked against, and the helpers the types share, are in :mod:`.definition`.
"""

from __future__ import annotations

import copy
import math
import textwrap
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar

from .definition import (
    DEFAULT_MAX_ATTEMPTS,
    ID_PATTERN,
    LEVELS,
    N_CONCEPTS,
    ExerciseDefinitionError,
    _check_text,
    _hash,
    _plural,
)
from .modes import get_mode
from .results import CheckResult, _invalid, _recorded

# --------------------------------------------------------------------------- registry

_REGISTRY: dict[str, Exercise] = {}
#: Every exercise type by its ``kind``, filled as the types are defined (:meth:`from_dict`).
_TYPES: dict[str, type[Exercise]] = {}
# The widget layer installs its renderer on first use (``ask``, a view), never at import:
# until then an exercise shows its static text and Markdown only.
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


# --------------------------------------------------------------------------- base class


class Exercise:
    """Base class: common fields, hashing, static representations and safe checking."""

    kind: ClassVar[str] = "exercise"
    kind_label: ClassVar[str] = "exercise"
    graded: ClassVar[bool] = True
    #: Fields removed in assessed mode (they would give the answer away).
    answer_fields: ClassVar[tuple[str, ...]] = ("key", "explanation", "option_feedback")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "kind" in cls.__dict__:  # a type of its own (the first class to claim a kind)
            _TYPES.setdefault(cls.kind, cls)

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
        target = _TYPES.get(kind) if kind else None
        if target is None:
            raise ExerciseDefinitionError(f"unknown exercise type {kind!r}")
        if not data.get("concept"):
            data["concept"] = None
        if target.kind == "true_false":
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
