"""Every committed lesson passes the no-kernel hygiene checks (see tests/hygiene.py)."""

from __future__ import annotations

import copy
import json
import re

import pytest
from conftest import NOTEBOOKS, lesson_paths
from hygiene import problems

LESSONS = lesson_paths()
NAME = re.compile(r"^\d{2}-[a-z0-9]+(-[a-z0-9]+)*\.ipynb$")


def test_there_are_lessons_and_they_are_named_nn_slug() -> None:
    assert LESSONS, "no notebooks found in notebooks/"
    assert LESSONS[0].name == "00-start-here.ipynb"
    for path in NOTEBOOKS.glob("*.ipynb"):
        assert NAME.match(path.name) or path.name.startswith("instructor-"), path.name


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_is_clean(path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert problems(nb, path.stem) == []


# The checks themselves must be able to fail: each known fault is planted in a copy of 00.


def _clean_00() -> dict:
    return json.loads((NOTEBOOKS / "00-start-here.ipynb").read_text(encoding="utf-8"))


def _first_chart_output(nb: dict) -> dict:
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            if "application/vnd.vegalite.v5+json" in out.get("data", {}):
                return out
    raise AssertionError("00 has no chart output")


def _code(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


FAULTS = {
    "unexecuted": (lambda nb: _code(nb)[1].update(execution_count=None), "never executed"),
    "out of order": (lambda nb: _code(nb)[1].update(execution_count=7), "execution counts"),
    "semicolon": (lambda nb: _code(nb)[1].update(source="x = 1\nx;"), "ends with ';'"),
    "widget state": (lambda nb: nb["metadata"].update(widgets={"state": {}}), "metadata.widgets"),
    "widget view": (
        lambda nb: _code(nb)[2]["outputs"][0]["data"].update(
            {"application/vnd.jupyter.widget-view+json": {"model_id": "abc"}}
        ),
        "random model id",
    ),
    "no description": (
        lambda nb: _first_chart_output(nb)["data"]["application/vnd.vegalite.v5+json"].pop(
            "description"
        ),
        "without a description",
    ),
    "no table": (
        lambda nb: [
            c.update(
                outputs=[o for o in c.get("outputs", []) if "text/html" not in o.get("data", {})]
            )
            for c in _code(nb)
        ],
        "Show as table",
    ),
    "no png": (lambda nb: _first_chart_output(nb)["data"].pop("image/png"), "PNG fallback"),
    "auto param": (
        lambda nb: _first_chart_output(nb)["data"]["application/vnd.vegalite.v5+json"].update(
            params=[{"name": "param_3"}]
        ),
        "auto-named",
    ),
    "capture": (
        lambda nb: _code(nb)[1].update(source="out = widgets.Output()\nout"),
        "nbval-ignore-output",
    ),
    "stderr": (
        lambda nb: _code(nb)[1]["outputs"].append(
            {"output_type": "stream", "name": "stderr", "text": "Warning"}
        ),
        "stderr",
    ),
    "setup name": (
        lambda nb: _code(nb)[0].update(source='import helpers\nhelpers.setup("01-other")'),
        "does not name this notebook",
    ),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_hygiene_catches(fault: str) -> None:
    nb = copy.deepcopy(_clean_00())
    plant, expected = FAULTS[fault]
    plant(nb)
    found = problems(nb, "00-start-here")
    assert any(expected in p for p in found), found
