"""Small shared tools for notebooks: cleaning after execution, reading cells."""

from __future__ import annotations

from typing import Any

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
                # Widget views carry random model ids; keep them (nbval skips them) but
                # drop the widget-state pointer metadata JupyterLab adds.
                out.get("metadata", {}).pop("application/vnd.jupyter.widget-view+json", None)
    return nb
