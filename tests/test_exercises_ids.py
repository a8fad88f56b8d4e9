"""Static scan of notebooks for duplicate or misplaced exercise ids."""

from __future__ import annotations

import json

from helpers.exercises import find_duplicate_ids, find_misplaced_ids, scan_exercise_ids


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


def test_find_duplicate_ids(tmp_path):
    a = notebook(
        tmp_path / "00-start-here.ipynb",
        'MultipleChoice(id="00.q1", question="?")',
        ["Numeric(\n", "    id='00.q2',\n", ")"],
        markdown=['Mentioning id="00.q1" in prose is fine'],
    )
    b = notebook(
        tmp_path / "01-alliance.ipynb",
        'Poll(id="01.p1")\nMultipleChoice(id = "00.q2")',
        'x = dict(idx="01.q9")',
    )
    assert find_duplicate_ids([a]) == {}
    dups = find_duplicate_ids([a, b])
    assert set(dups) == {"00.q2"}
    assert dups["00.q2"] == [(str(a), 1), (str(b), 0)]
    assert set(scan_exercise_ids([a, b])) == {"00.q1", "00.q2", "01.p1"}
    assert find_misplaced_ids([a, b]) == {"00.q2": [(str(b), 0)]}
