"""Helpers for the course "NATO and Ukraine, 2008–2024".

Each lesson's first code cell calls :func:`setup` with the lesson's own name.
"""

from __future__ import annotations

import html
import sys
from dataclasses import dataclass, field
from typing import Any

from helpers import context


def _import_jsonschema_without_iri_grammar() -> None:
    """Import jsonschema (Altair's validator) without building its IRI grammar.

    When ``rfc3987-syntax`` is installed (JupyterLab's jupyter-events pulls it in),
    ``import jsonschema`` compiles 38 Earley parsers for RFC 3987 to offer the optional
    ``iri`` and ``iri-reference`` format checkers: more than half of what ``import altair``
    costs in a lesson's kernel (CONTRIBUTING.md, "Performance"). Altair validates without a
    format checker, so the course never uses them. Blocking that one optional import while
    jsonschema loads skips the grammar; jsonschema then simply has no IRI format checker,
    as when the package is absent. Nothing changes if jsonschema was imported already, and
    ``rfc3987_syntax`` itself stays importable afterwards.
    """
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        return
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        import jsonschema  # noqa: F401
    except ImportError:  # pragma: no cover - jsonschema comes with Altair
        pass
    finally:
        if sys.modules.get("rfc3987_syntax", False) is None:
            del sys.modules["rfc3987_syntax"]


_import_jsonschema_without_iri_grammar()

__all__ = ["SetupReport", "setup"]
__version__ = "0.1.0"


@dataclass(frozen=True)
class SetupReport:
    """What :func:`setup` did, shown as one static line (no times, no versions)."""

    notebook: str
    mode: str
    warnings: list[str] = field(default_factory=list)

    def _lines(self) -> list[str]:
        head = f"Course helpers ready for {self.notebook} ({self.mode} mode)."
        return [head, *(f"WARNING: {w}" for w in self.warnings)]

    def __repr__(self) -> str:
        return "\n".join(self._lines())

    def _repr_html_(self) -> str:
        head, *warns = self._lines()
        parts = [f'<p class="course-setup">✔ {html.escape(head)}</p>']
        parts += [
            f'<p class="course-setup-warning" role="alert"><strong>⚠ {html.escape(w)}</strong></p>'
            for w in warns
        ]
        return "".join(parts)


def _install_data_error_handler() -> None:
    """Show a broken data file as one clear sentence instead of a traceback."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    from helpers.data import DataError

    def _handler(
        shell: Any,
        etype: type[BaseException],
        value: BaseException,
        tb: Any,
        tb_offset: int | None = None,
    ) -> None:
        from IPython.display import HTML, display

        display(
            HTML(
                '<p class="course-data-error" role="alert"><strong>Data problem:</strong> '
                f"{html.escape(str(value))}. Ask your teacher, or restore the data/ folder "
                "from the course download.</p>"
            )
        )
        return None

    shell.set_custom_exc((DataError,), _handler)


def setup(notebook: str) -> SetupReport:
    """Prepare a lesson: record its name, set up offline charts, check the environment.

    ``notebook`` is the lesson's file name without ``.ipynb``, e.g. ``"00-start-here"``.
    """
    from helpers import charts, environment

    context.set_notebook(notebook)
    charts.configure_altair()
    _install_data_error_handler()
    from helpers.exercises import get_mode

    return SetupReport(notebook, get_mode(), environment.current_warnings())
