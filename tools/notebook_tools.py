"""Small shared tools for notebooks: cleaning after execution, reading cells."""

from __future__ import annotations

from typing import Any

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def clean_notebook(nb: Any) -> Any:
    """Strip widget state and volatile metadata; keep outputs and execution counts."""
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    lang = nb.metadata.get("language_info", {})
    nb.metadata["language_info"] = {"name": lang.get("name", "python")}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                # A widget view only points at a random model id whose state is not kept:
                # drop it, so the stored output is the exercise's static text (what a
                # kernel-less view shows) and re-execution reproduces the file exactly.
                out.get("data", {}).pop(WIDGET_VIEW, None)
                out.get("metadata", {}).pop(WIDGET_VIEW, None)
    return nb
