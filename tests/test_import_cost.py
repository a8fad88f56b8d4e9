"""``import helpers`` keeps jsonschema from compiling its IRI grammar, and nothing else changes.

(A performance fix: the grammar was more than half of a lesson kernel's import time; see
CONTRIBUTING.md, "Performance".) Each check runs in a fresh interpreter, as a kernel does.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def test_import_helpers_first_skips_the_iri_grammar_and_altair_still_validates() -> None:
    out = _run(
        """
        import sys
        import helpers
        import altair as alt
        print("rfc3987_syntax" in sys.modules)
        try:
            alt.Chart({"values": [{"a": 1}]}).mark_point().encode(x="a:Q").properties(
                width="wide").to_dict()
        except Exception as err:
            print(type(err).__name__)
        else:
            print("validated nothing")
        import rfc3987_syntax  # still importable for anyone who asks for it
        print(rfc3987_syntax.is_valid_syntax("iri", "https://example.org/a"))
        """
    )
    blocked, error, iri = out.splitlines()
    assert (blocked, iri) == ("False", "True")
    assert error.endswith("ValidationError")  # Altair still rejects an invalid spec


def test_nothing_changes_when_jsonschema_was_imported_first() -> None:
    out = _run(
        """
        import sys
        import jsonschema
        had = "rfc3987_syntax" in sys.modules
        import helpers
        print(had == ("rfc3987_syntax" in sys.modules), "rfc3987_syntax" in sys.modules)
        """
    )
    assert out.split()[0] == "True"
