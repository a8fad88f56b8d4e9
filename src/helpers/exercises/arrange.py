"""Types answered by arranging items: put in order, sort into categories."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .base import Exercise
from .definition import (
    ExerciseDefinitionError,
    _check_options,
    _is_str,
    _partial_credit,
    _plural,
)
from .results import CheckResult


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
        assert self.key is not None  # _check only grades when there is a key
        order = sorted(answer, key=answer.__getitem__)
        right = sum(int(a == b) for a, b in zip(order, self.key, strict=True))
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
        assert self.key is not None  # _check only grades when there is a key
        right = sum(int(self.key[i] == c) for i, c in answer.items())
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
