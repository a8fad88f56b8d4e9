"""Re-grade raw answers against keys supplied separately (moved from ``helpers.exercises``).

A stored "correct" flag is never trusted (the log does not even store one): every answer is
checked again with :meth:`Exercise.check` against an exercise definition that carries a key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from helpers.exercises.answer_log import UntrustedJSONError, loads_untrusted
from helpers.exercises.model import CheckResult, Exercise, registered_exercises

#: A keys file is the teacher's own, but it is still read with caps.
MAX_KEYS_BYTES = 20_000_000

__all__ = ["as_key_map", "grade_answer", "load_keys", "regrade"]


def load_keys(path: str | Path) -> dict[str, Exercise]:
    """Read a keys file written by :func:`helpers.classroom.export_keys`.

    Raises ``ValueError`` with one sentence naming the file if it is not a keys file.
    """
    name = Path(path).name
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_KEYS_BYTES + 1)
        doc = loads_untrusted(data, max_bytes=MAX_KEYS_BYTES)
    except (OSError, UntrustedJSONError) as err:
        raise ValueError(f"{name} is not a usable keys file: {err}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("exercises"), list):
        raise ValueError(f"{name} is not a keys file (no 'exercises' list)")
    out: dict[str, Exercise] = {}
    for i, data in enumerate(doc["exercises"]):
        if not isinstance(data, dict):
            raise ValueError(f"{name}: exercise #{i + 1} is not an object")
        try:
            ex = Exercise.from_dict(data)
        except (TypeError, ValueError) as err:
            raise ValueError(f"{name}: exercise #{i + 1} is not usable ({err})") from None
        out[ex.id] = ex
    return out


def as_key_map(keys: Any) -> dict[str, Exercise]:
    """Normalise keys to ``{exercise id: Exercise with key}``.

    Accepts a keys-file path, an iterable of exercises, or a mapping whose values are
    exercises or bare keys (a bare key is combined with the definition registered in this
    kernel under that id, e.g. ``{"00.q1": "b"}`` after running the student notebook).
    """
    if isinstance(keys, str | Path):
        return load_keys(keys)
    if isinstance(keys, Mapping):
        out: dict[str, Exercise] = {}
        known = registered_exercises()
        for ex_id, value in keys.items():
            if isinstance(value, Exercise):
                out[ex_id] = value
            elif ex_id in known:
                out[ex_id] = known[ex_id].with_key(value)
            else:
                raise ValueError(
                    f"key for {ex_id!r} given without its exercise definition; pass Exercise "
                    "objects or a keys file, or run the notebook that defines it first"
                )
        return out
    if isinstance(keys, Iterable):
        return {ex.id: ex for ex in keys if isinstance(ex, Exercise)}
    raise TypeError(f"cannot use {type(keys).__name__} as keys")


def grade_answer(exercise: Exercise, answer: Any, question_hash: str | None = None) -> CheckResult:
    """Check one raw answer against ``exercise`` (which must carry its key).

    If ``question_hash`` is given and differs from the exercise's, the answer was given to
    another version of the question: status ``question_changed``, ``correct`` None.
    """
    if question_hash is not None and question_hash != exercise.question_hash:
        return CheckResult(
            None,
            0.0,
            "The answer was given to a different version of this question.",
            "question_changed",
            answer=answer,
        )
    return exercise.check(answer)


def regrade(answers: Iterable[Mapping[str, Any]], keys: Any) -> list[dict[str, Any]]:
    """Re-grade export-style entries (``exercise``, ``answer``, ``question_hash``).

    Returns one dict per entry: exercise, correct, score, points, points_possible, status,
    message. Any ``correct`` field in the entries is ignored.
    """
    key_map = as_key_map(keys)
    out = []
    for entry in answers:
        if not isinstance(entry, Mapping):
            entry = {"exercise": None}
        ex_id = entry.get("exercise")
        ex = key_map.get(ex_id) if isinstance(ex_id, str) else None
        if ex is None:
            out.append(
                {
                    "exercise": ex_id,
                    "correct": None,
                    "score": None,
                    "points": None,
                    "points_possible": None,
                    "status": "no_key",
                    "message": "No key for this exercise.",
                }
            )
            continue
        qh = entry.get("question_hash")
        res = grade_answer(ex, entry.get("answer"), qh if isinstance(qh, str) else None)
        out.append(
            {
                "exercise": ex_id,
                "correct": res.correct,
                "score": res.score,
                "points": res.score * ex.points,
                "points_possible": ex.points,
                "status": res.status,
                "message": res.message,
            }
        )
    return out
