"""No figure in a lesson can drift from the data: each is tagged and recomputed."""

from __future__ import annotations

import json
import math

import pytest
from conftest import lesson_paths
from prose import figures

from helpers import data
from helpers.derived import all_derived, fact_value

LESSONS = lesson_paths()


def _markdown(path) -> list[tuple[int, str]]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [
        (i, "".join(c["source"])) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "markdown"
    ]


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_figure_in_prose_is_tagged_and_true(path) -> None:
    problems = []
    for i, text in _markdown(path):
        for fig in figures(text):
            if fig.fact_id is None:
                problems.append(f"cell {i}: untagged figure {fig.text!r} in '…{fig.context}…'")
                continue
            try:
                value = fact_value(fig.fact_id)
            except (KeyError, data.DataError) as exc:
                problems.append(f"cell {i}: {fig.text!r} tagged with unknown fact ({exc})")
                continue
            if not math.isclose(fig.value, value, rel_tol=1e-9):
                problems.append(
                    f"cell {i}: {fig.text!r} but {fig.fact_id} is {value:g} ('…{fig.context}…')"
                )
    assert problems == []


def test_derived_facts_agree_with_facts_csv_where_both_exist() -> None:
    """A derived fact that facts.csv also records must give the same value."""
    table = data.facts().set_index("fact_id")["value"]
    for fact_id, compute in all_derived().items():
        if fact_id in table.index:
            assert compute() == pytest.approx(table[fact_id]), fact_id


@pytest.mark.parametrize(
    "text,expected",
    [
        ("NATO has 32 allies.", [("32", None)]),
        ("NATO has 32 <!-- fact: allies_2024 --> allies.", [("32", "allies_2024")]),
        ("at least €40 billion <!-- fact: pledge -->", [("€40 billion", "pledge")]),
        ("On 24 February 2022 the full-scale invasion began.", []),
        ("Lesson 04 and Article 5; resolution 68/262 and ES-11/1; para. 23.", []),
        ("It took 25 minutes and 20 words.", []),
        ("## 3 · How exercises work", []),
        ("About 700 personnel, 2 of them <!-- fact: x -->.", [("700", None), ("2", "x")]),
        ("`len(members)` is 32 in code", [("32", None)]),
    ],
)  # fmt: skip
def test_figure_finder(text, expected) -> None:
    assert [(f.text, f.fact_id) for f in figures(text)] == expected
