"""Checks that a lesson runs somewhere the course supports, with plain-language warnings."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence

SUPPORTED_FRONT_ENDS = "JupyterLab 4, Jupyter Notebook 7, Voilà, or Binder"


def environment_warnings(
    python: Sequence[int], modules: Mapping[str, object], versions: Mapping[str, str]
) -> list[str]:
    """Warnings for an unsupported set-up; an empty list means all is well.

    ``python`` is ``sys.version_info``, ``modules`` is ``sys.modules`` and ``versions`` maps
    package names (``altair``, ``ipywidgets``) to their version strings.
    """
    out: list[str] = []
    if tuple(python[:2]) < (3, 11):
        out.append("This kernel runs Python older than 3.11; the course needs 3.11 or newer.")
    if "google.colab" in modules:
        out.append(
            "This looks like Google Colab, which cannot draw the course's charts or keep its "
            f"answers. Use {SUPPORTED_FRONT_ENDS} (see the README)."
        )
    altair = versions.get("altair", "")
    if altair and not altair.startswith("5."):
        out.append(
            f"Altair {altair} is installed, but the charts need Altair 5 to render offline: "
            "install the course with `python course.py lab`."
        )
    widgets = versions.get("ipywidgets", "")
    if widgets and not widgets.startswith("8."):
        out.append(f"ipywidgets {widgets} is installed; the exercises need ipywidgets 8.")
    return out


def current_warnings() -> list[str]:
    """:func:`environment_warnings` for this kernel."""
    from importlib.metadata import PackageNotFoundError, version

    versions: dict[str, str] = {}
    for name in ("altair", "ipywidgets"):
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "missing"
    return environment_warnings(tuple(sys.version_info[:3]), sys.modules, versions)
