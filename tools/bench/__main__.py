"""``python tools/bench``: run the course benchmark (see ``bench/__init__.py``)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.cli import main

sys.exit(main(sys.argv[1:]))
