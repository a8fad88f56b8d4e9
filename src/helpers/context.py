"""Which lesson is running: set once by :func:`helpers.setup`, read by the other modules."""

from __future__ import annotations

import re

_NOTEBOOK_RE = re.compile(r"^[0-9]{2}-[a-z0-9-]+$")
_state: dict[str, str | None] = {"notebook": None}


def set_notebook(notebook_id: str) -> str:
    """Record the running lesson's identity, e.g. ``"00-start-here"``.

    A kernel cannot reliably learn its notebook's path, so each lesson names itself.
    """
    if not isinstance(notebook_id, str) or not _NOTEBOOK_RE.match(notebook_id):
        raise ValueError(
            f"notebook id {notebook_id!r} should look like '00-start-here' "
            "(two digits, a dash, lower-case words joined by dashes)"
        )
    _state["notebook"] = notebook_id
    return notebook_id


def notebook() -> str | None:
    """The running lesson's id, or ``None`` before :func:`helpers.setup` ran."""
    return _state["notebook"]


def lesson_number() -> str | None:
    """The two-digit number of the running lesson (``"00"``), or ``None``."""
    nb = _state["notebook"]
    return nb[:2] if nb else None
