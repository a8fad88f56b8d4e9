"""Static scan of notebooks: duplicate, misplaced, unknown and unasked exercise ids."""

from __future__ import annotations

import json

from helpers.exercises import (
    find_duplicate_ids,
    find_misplaced_ids,
    find_unasked_ids,
    find_unknown_ids,
    scan_exercise_ids,
)


def notebook(path, *sources, markdown=()):
    cells = [
        {"cell_type": "code", "metadata": {}, "source": s, "outputs": [], "execution_count": None}
        for s in sources
    ]
    cells += [{"cell_type": "markdown", "metadata": {}, "source": m} for m in markdown]
    path.write_text(
        json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    )
    return path


def test_find_duplicate_and_misplaced_ids(tmp_path):
    a = notebook(
        tmp_path / "00-start-here.ipynb",
        'ask("00.q1")',
        ["ask(\n", "    '00.q2'\n", ")"],
        markdown=['Mentioning ask("00.q1") in prose is fine'],
    )
    b = notebook(
        tmp_path / "01-alliance.ipynb",
        'ask("01.p1")\nask( "00.q2" )',
        'x = dict(task="01.q9")',
    )
    assert find_duplicate_ids([a]) == {}
    dups = find_duplicate_ids([a, b])
    assert set(dups) == {"00.q2"}
    assert dups["00.q2"] == [(str(a), 1), (str(b), 0)]
    assert set(scan_exercise_ids([a, b])) == {"00.q1", "00.q2", "01.p1"}
    assert find_misplaced_ids([a, b]) == {"00.q2": [(str(b), 0)]}


def test_unknown_and_unasked_ids_are_found_against_the_banks(tmp_path):
    banks = tmp_path / "banks"
    banks.mkdir()
    (banks / "01-alliance.toml").write_text(
        'schema = 1\nlesson = "01-alliance"\n\n'
        '[[exercise]]\nid = "01.asked"\ntype = "true_false"\nlevel = "recall"\n'
        'concept = [8]\nquestion = "?"\nkey = true\n\n'
        '[[exercise]]\nid = "01.forgotten"\ntype = "true_false"\nlevel = "recall"\n'
        'concept = [8]\nquestion = "?"\nkey = false\n\n'
        '[[code]]\nid = "01.code-x"\nkey_function = "allies_count"\nsolution = "len(x)"\n'
    )
    nb = notebook(
        tmp_path / "01-alliance.ipynb",
        'ask("01.asked")',
        'ask("01.typo")',
        'code_corner.check("01.code-x", answer)',
    )
    assert set(find_unknown_ids([nb], banks)) == {"01.typo"}
    assert find_unasked_ids([nb], banks) == ["01.forgotten"]
