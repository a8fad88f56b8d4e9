"""Where the answer logs live, and what their files are called.

The folder (first match wins):

1. ``$COURSE_ANSWERS_DIR`` if set;
2. ``answers/`` in the current working directory (the notebooks folder; git-ignored);
3. ``platformdirs.user_data_dir("nato-ukraine-course")/answers`` when 2 is not writable, with
   a one-line notice printed once.

File names: ``lesson-NN.jsonl`` (NN = the lesson number, the prefix of every exercise id).
Under Voilà every kernel is one visitor's session, so the file is
``lesson-NN.voila-<session>.jsonl`` with ``<session>`` = ``$VOILA_KERNEL_ID`` if set, else a
random id made when the module is imported.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

__all__ = [
    "ANSWERS_DIRNAME",
    "APP_NAME",
    "answers_dir",
    "fallback_dir",
    "forget_folders",
    "in_voila",
    "lesson_of",
    "log_filename",
    "notice",
    "session_id",
    "writable",
]

ANSWERS_DIRNAME = "answers"
APP_NAME = "nato-ukraine-course"
RETRIES = 5  #: tries when a write is denied (``PermissionError``) before giving up
RETRY_DELAY = 0.05  #: seconds between those tries
_SESSION = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(4)
_notices: set[str] = set()
_LESSON = re.compile(r"^\d{2}$")


def in_voila() -> bool:
    """True when running in a Voilà kernel (``VOILA_*`` env vars or voila imported)."""
    if any(name.startswith("VOILA_") for name in os.environ):
        return True
    if os.environ.get("SERVER_SOFTWARE", "").startswith("voila"):
        return True
    return "voila" in sys.modules


def session_id() -> str:
    """This kernel's session id: ``$VOILA_KERNEL_ID`` or a random id fixed at import."""
    kid = re.sub(r"[^A-Za-z0-9-]", "", os.environ.get("VOILA_KERNEL_ID", ""))[:64]
    return kid or _SESSION


def notice(message: str) -> None:
    """Print a one-line notice once per kernel."""
    if message in _notices:
        return
    _notices.add(message)
    print(message, file=sys.stderr)


def fallback_dir() -> Path:
    """The per-user folder used when the usual one is not writable."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME)) / ANSWERS_DIRNAME


def writable(folder: Path) -> bool:
    """Create ``folder`` if needed and prove a file can be appended there."""
    for attempt in range(RETRIES):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / f".write-test-{os.getpid()}"
            fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(probe)
            return True
        except PermissionError:
            if attempt + 1 < RETRIES:
                time.sleep(RETRY_DELAY)
        except OSError:
            return False
    return False


_dir_cache: dict[tuple[str, str], Path] = {}


def forget_folders() -> None:
    """Forget resolved folders and notices already printed (see :func:`.answer_log.reset_cache`)."""
    _dir_cache.clear()
    _notices.clear()


def answers_dir() -> Path:
    """The folder the logs go to (created if needed), following the rules in the module doc."""
    env = os.environ.get("COURSE_ANSWERS_DIR", "").strip()
    key = (env, os.getcwd())
    if key not in _dir_cache:
        _dir_cache[key] = _resolve_dir(env)
    return _dir_cache[key]


def _resolve_dir(env: str) -> Path:
    if env:
        folder = Path(env).expanduser()
        if writable(folder):
            return folder
        notice(f"Cannot write to COURSE_ANSWERS_DIR={env}; saving answers elsewhere.")
    else:
        folder = Path.cwd() / ANSWERS_DIRNAME
        if writable(folder):
            return folder
    fallback = fallback_dir()
    if writable(fallback):
        notice(f"Note: this folder is read-only, so your answers are saved in {fallback}")
        return fallback
    notice(
        "Warning: no folder is writable; answers are kept only until the kernel stops. "
        "Use the download link to keep them."
    )
    return Path()


def lesson_of(exercise_or_notebook: str) -> str:
    """``"00"`` from ``"00.q1"``, ``"00-start-here"`` or ``"00"``."""
    lesson = str(exercise_or_notebook)[:2]
    if not _LESSON.match(lesson):
        raise ValueError(f"cannot tell the lesson number of {exercise_or_notebook!r}")
    return lesson


def log_filename(lesson: str, *, voila: bool | None = None) -> str:
    """``lesson-NN.jsonl``, or ``lesson-NN.voila-<session>.jsonl`` under Voilà."""
    lesson = lesson_of(lesson)
    if in_voila() if voila is None else voila:
        return f"lesson-{lesson}.voila-{session_id()}.jsonl"
    return f"lesson-{lesson}.jsonl"
