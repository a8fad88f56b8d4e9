"""Append-only JSON Lines answer log, one file per lesson.

Each submission (and each hint, reveal or restore) appends one line::

    {"v": 1, "t": "2024-07-09T10:15:00.123456Z", "event": "submit", "notebook": "00-start-here",
     "exercise": "00.q1", "qhash": "sha256:…", "answer": "b", "session": "…"}

Lines are written with a single ``os.write`` on an ``O_APPEND`` descriptor under an
exclusive lock, then ``os.fsync``-ed on a background thread (:func:`wait_for_disk` waits).
The current state is derived by replaying the file; a truncated or garbled line (a crash
mid-write) is skipped without an exception.

Where the log lives (first match wins):

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
import itertools
import json
import os
import re
import secrets
import stat
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = [
    "ANSWERS_DIRNAME",
    "MAX_DEPTH",
    "MAX_LINE_BYTES",
    "MAX_LOG_BYTES",
    "AnswerLog",
    "ExerciseRecord",
    "LogFile",
    "UntrustedJSONError",
    "answers_dir",
    "in_voila",
    "json_depth",
    "loads_untrusted",
    "log_for",
    "read_events",
    "read_log_file",
    "replay",
    "session_id",
    "utc_now",
    "wait_for_disk",
]

ANSWERS_DIRNAME = "answers"
APP_NAME = "nato-ukraine-course"
LOG_VERSION = 1
_RETRIES = 5
_RETRY_DELAY = 0.05
_SESSION = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(4)
_notices: set[str] = set()
_listeners: dict[str, Callable[[str], None]] = {}
_LESSON = re.compile(r"^\d{2}$")


def utc_now() -> str:
    """Current UTC time, ISO 8601 with a ``Z``."""
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


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


def add_listener(name: str, fn: Callable[[str], None]) -> None:
    """Call ``fn(lesson)`` after every append; a new ``name`` replaces the old listener."""
    _listeners[name] = fn


def remove_listener(name: str) -> None:
    """Undo :func:`add_listener`."""
    _listeners.pop(name, None)


def _fallback_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME)) / ANSWERS_DIRNAME


def _writable(folder: Path) -> bool:
    """Create ``folder`` if needed and prove a file can be appended there."""
    for attempt in range(_RETRIES):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / f".write-test-{os.getpid()}"
            fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(probe)
            return True
        except PermissionError:
            if attempt + 1 < _RETRIES:
                time.sleep(_RETRY_DELAY)
        except OSError:
            return False
    return False


_dir_cache: dict[tuple[str, str], Path] = {}


def reset_cache() -> None:
    """Forget resolved folders and open logs (tests; after changing permissions)."""
    _dir_cache.clear()
    _logs.clear()
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
        if _writable(folder):
            return folder
        notice(f"Cannot write to COURSE_ANSWERS_DIR={env}; saving answers elsewhere.")
    else:
        folder = Path.cwd() / ANSWERS_DIRNAME
        if _writable(folder):
            return folder
    fallback = _fallback_dir()
    if _writable(fallback):
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


# --------------------------------------------------------------------------- reading


# Answer logs and answer files can come from anyone (a student's upload, a class folder,
# an nbgrader submission): they are read with caps on size and nesting, and a file that
# breaks a rule is reported in one sentence instead of raising.
MAX_LOG_BYTES = 50_000_000  #: a log larger than this is not read at all
MAX_LINE_BYTES = 1_000_000  #: a longer line (one event) is skipped
MAX_DEPTH = 32  #: deepest nesting of arrays/objects accepted in untrusted JSON
_EXERCISE_ID = re.compile(r"^\d{2}\.[a-z0-9][a-z0-9_-]{0,39}$")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_BRACKET_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


class UntrustedJSONError(ValueError):
    """Untrusted JSON that cannot be used; the message is one sentence for a person."""


def json_depth(data: bytes | str) -> int:
    """The deepest nesting of ``[``/``{`` in JSON text, ignoring brackets inside strings.

    Runs in linear time without recursion, so it is safe on hostile input.
    """
    raw = data.encode("utf-8", "replace") if isinstance(data, str) else bytes(data)
    if raw.count(b"[") + raw.count(b"{") == 0:
        return 0
    # Drop escaped characters, then every other quote-delimited piece is inside a string.
    outside = b"".join(raw.replace(b"\\\\", b"").replace(b'\\"', b"").split(b'"')[::2])
    brackets = outside.translate(None, _NOT_BRACKETS)
    return max(0, max(itertools.accumulate(map(_BRACKET_STEP.__getitem__, brackets)), default=0))


def _no_duplicate_fields(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in pairs:
        if name in out:
            raise UntrustedJSONError(f"the field {name[:40]!r} appears twice in one object")
        out[name] = value
    return out


def loads_untrusted(
    data: bytes, *, max_bytes: int = MAX_LINE_BYTES, max_depth: int = MAX_DEPTH
) -> Any:
    """Parse untrusted JSON bytes, or raise :class:`UntrustedJSONError` with one sentence.

    Rejects more than ``max_bytes`` bytes, nesting deeper than ``max_depth``, text that is
    not UTF-8, invalid JSON, non-finite numbers (``NaN``) and objects with a repeated field.
    Never raises anything else (no ``RecursionError``, whatever the input).
    """
    if len(data) > max_bytes:
        raise UntrustedJSONError(f"it is larger than {max_bytes:,} bytes")
    try:
        text = bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UntrustedJSONError("it is not UTF-8 text") from None
    depth = json_depth(data)
    if depth > max_depth:
        raise UntrustedJSONError(f"it is nested {depth} levels deep (at most {max_depth})")

    def no_constants(name: str) -> Any:
        raise UntrustedJSONError(f"it contains {name}, which is not a JSON number")

    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_fields, parse_constant=no_constants)
    except UntrustedJSONError:
        raise
    except RecursionError:  # defence in depth: json_depth should have caught it
        raise UntrustedJSONError("it is nested too deeply") from None
    except (ValueError, TypeError) as err:
        where = f" (line {err.lineno})" if isinstance(err, json.JSONDecodeError) else ""
        raise UntrustedJSONError(f"it is not valid JSON{where}") from None


@dataclass
class LogFile:
    """What :func:`read_log_file` found: the usable events, and what was wrong."""

    events: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None  #: why nothing was read ("it is …"), if so
    skipped_lines: int = 0  #: lines that were not usable events


def read_log_file(path: Path | str) -> LogFile:
    """The well-formed events of a log file, read as untrusted input.

    Broken lines (a crash mid-write, garbage, nesting deeper than :data:`MAX_DEPTH`, lines
    over :data:`MAX_LINE_BYTES`, events without a valid exercise id) are skipped and
    counted; a file over :data:`MAX_LOG_BYTES`, unreadable or not a regular file gives no
    events and one sentence saying why. Never raises.
    """
    p = Path(path)
    result = LogFile()
    try:
        if p.is_symlink() or not p.is_file():
            result.error = "it is not a regular file"
            return result
        if p.stat().st_size > MAX_LOG_BYTES:
            result.error = f"it is larger than {MAX_LOG_BYTES:,} bytes"
            return result
        data = p.read_bytes()
    except OSError as err:
        result.error = f"it could not be read ({type(err).__name__})"
        return result
    _parse_lines(data, result)
    return result


def _parse_lines(data: bytes, result: LogFile) -> None:
    """Append the usable events of whole log lines in ``data`` to ``result`` (never raises)."""
    for line in data.split(b"\n"):
        line = line.strip()
        if not line:
            continue
        try:
            event = loads_untrusted(line)
        except UntrustedJSONError:
            result.skipped_lines += 1
            continue
        ex = event.get("exercise") if isinstance(event, dict) else None
        if isinstance(ex, str) and _EXERCISE_ID.match(ex):
            result.events.append(event)
        else:
            result.skipped_lines += 1


def read_events(path: Path | str) -> Iterator[dict[str, Any]]:
    """Every well-formed event in a log file; broken lines are skipped silently."""
    yield from read_log_file(path).events


@dataclass
class ExerciseRecord:
    """The current state of one exercise, derived by replaying its events."""

    exercise: str
    qhash: str | None = None
    answer: Any = None
    has_answer: bool = False
    attempts: int = 0
    hints: int = 0
    revealed: bool = False
    first_at: str | None = None
    last_at: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_export(self) -> dict[str, Any]:
        """The entry of an export file's ``answers`` list."""
        return {
            "exercise": self.exercise,
            "question_hash": self.qhash,
            "answer": self.answer,
            "attempts": self.attempts,
            "hints_used": self.hints,
            "answer_revealed": self.revealed,
            "first_answered_at": self.first_at,
            "last_answered_at": self.last_at,
        }


def replay(events: Iterator[dict[str, Any]] | list[dict[str, Any]]) -> dict[str, ExerciseRecord]:
    """Fold events into one :class:`ExerciseRecord` per exercise id.

    A submission whose question hash differs from the previous one starts a fresh record:
    attempts on an old version of a question do not count for the new one.
    """
    state: dict[str, ExerciseRecord] = {}
    for ev in events:
        ex_id = ev["exercise"]
        qhash = ev.get("qhash") if isinstance(ev.get("qhash"), str) else None
        rec = state.get(ex_id)
        if rec is None or (qhash and rec.qhash and qhash != rec.qhash):
            rec = state[ex_id] = ExerciseRecord(ex_id, qhash)
        rec.qhash = rec.qhash or qhash
        kind = ev.get("event")
        t = ev.get("t") if isinstance(ev.get("t"), str) else None
        if kind in ("submit", "restore"):
            rec.answer = ev.get("answer")
            rec.has_answer = True
            if kind == "submit":
                rec.attempts += 1
                rec.first_at = rec.first_at or t
                rec.last_at = t or rec.last_at
            else:
                n = ev.get("attempts")
                if isinstance(n, int) and not isinstance(n, bool) and 0 <= n < 10**6:
                    rec.attempts = max(rec.attempts, n)
                for name, attr in (
                    ("first_answered_at", "first_at"),
                    ("last_answered_at", "last_at"),
                ):
                    val = ev.get(name)
                    if isinstance(val, str):
                        setattr(rec, attr, val)
                rec.revealed = rec.revealed or ev.get("answer_revealed") is True
                h = ev.get("hints_used")
                if isinstance(h, int) and not isinstance(h, bool) and 0 <= h < 1000:
                    rec.hints = max(rec.hints, h)
        elif kind == "hint":
            rec.hints += 1
        elif kind == "reveal":
            rec.revealed = True
    return state


# --------------------------------------------------------------------------- writing


@contextlib.contextmanager
def _locked(fd: int) -> Iterator[None]:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        for _ in range(200):
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                break
            except OSError:
                time.sleep(_RETRY_DELAY)
        try:
            yield
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
            with contextlib.suppress(OSError):
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)


_TAIL = 64  # bytes of the file's end kept to recognise an append-only change


@dataclass
class _Cached:
    """An answer log's parsed events, valid while the file only grows by whole lines."""

    key: tuple[str, int, int]  # path, device, inode
    size: int
    mtime_ns: int
    events: list[dict[str, Any]]
    last: bytes  # the last bytes before ``size`` (empty, or ending with a newline)


def _read_from(path: Path, start: int) -> bytes | None:
    """The bytes of a file from ``start`` to its end (``None`` if it cannot be read)."""
    try:
        with open(path, "rb") as fh:
            fh.seek(start)
            return fh.read(MAX_LOG_BYTES + 1)
    except OSError:
        return None


class AnswerLog:
    """The answer log of one lesson. Keeps an in-memory copy when nothing is writable."""

    def __init__(self, lesson: str, folder: Path | str | None = None) -> None:
        self.lesson = lesson_of(lesson)
        self._folder = Path(folder) if folder is not None else None
        self._memory: list[dict[str, Any]] = []
        self._cache: _Cached | None = None

    @property
    def folder(self) -> Path:
        """The folder holding the log (resolved on each use: env var changes are honoured)."""
        return self._folder if self._folder is not None else answers_dir()

    @property
    def path(self) -> Path:
        """The log file."""
        return self.folder / log_filename(self.lesson)

    def events(self) -> list[dict[str, Any]]:
        """Every readable event, file first, then any kept only in memory.

        The file is parsed once; later calls parse only the lines appended since (by this
        kernel or another), so an answer's callback does not re-read the whole log. Each call
        returns fresh event dicts (shallow copies).
        """
        return [*(dict(e) for e in self._file_events()), *self._memory]

    def _file_events(self) -> list[dict[str, Any]]:
        path = self.path
        try:
            st = path.lstat()
        except OSError:
            st = None
        if st is None or not stat.S_ISREG(st.st_mode) or st.st_size > MAX_LOG_BYTES:
            self._cache = None
            return read_log_file(path).events  # its error rules: no events, never raises
        key = (str(path), st.st_dev, st.st_ino)
        cache = self._cache
        if cache is not None and cache.key == key:
            if cache.size == st.st_size and cache.mtime_ns == st.st_mtime_ns:
                return cache.events
            if cache.size < st.st_size:
                events = self._appended(path, cache, st)
                if events is not None:
                    return events
        data = _read_from(path, 0)
        if data is None or len(data) > MAX_LOG_BYTES:
            self._cache = None
            return read_log_file(path).events
        result = LogFile()
        _parse_lines(data, result)
        complete = not data or data.endswith(b"\n")  # else a line is still being written
        mtime = st.st_mtime_ns if len(data) == st.st_size else 0
        self._cache = (
            _Cached(key, len(data), mtime, result.events, data[-_TAIL:]) if complete else None
        )
        return result.events

    def _appended(
        self, path: Path, cache: _Cached, st: os.stat_result
    ) -> list[dict[str, Any]] | None:
        """The cached events plus those of whole lines appended since; ``None`` if the file
        changed in any other way (rewritten, truncated, replaced): then it is read afresh."""
        start = cache.size - len(cache.last)
        tail = _read_from(path, start)
        if tail is None or not tail.startswith(cache.last) or start + len(tail) > MAX_LOG_BYTES:
            return None
        new = tail[len(cache.last) :]
        end = new.rfind(b"\n") + 1  # a line still being written waits for its newline
        part = LogFile()
        _parse_lines(new[:end], part)
        size = cache.size + end
        mtime = st.st_mtime_ns if size == st.st_size else 0
        last = (cache.last + new[:end])[-_TAIL:]
        self._cache = _Cached(cache.key, size, mtime, [*cache.events, *part.events], last)
        return self._cache.events

    def state(self) -> dict[str, ExerciseRecord]:
        """Current state of every exercise of this lesson."""
        return replay(self.events())

    def record(self, exercise: str, qhash: str | None, event: str, **data: Any) -> dict[str, Any]:
        """Append one event (``submit``, ``hint``, ``reveal``, ``restore``) and return it."""
        entry: dict[str, Any] = {
            "v": LOG_VERSION,
            "t": utc_now(),
            "event": event,
            "exercise": exercise,
            "qhash": qhash,
            "session": session_id(),
        }
        entry.update(data)
        self.append(entry)
        return entry

    def append(self, entry: dict[str, Any]) -> None:
        """Write one event as one line: O_APPEND, one write(), lock, fsync soon after; retry
        if denied."""
        line = (
            json.dumps(entry, ensure_ascii=False, separators=(",", ":"), default=str) + "\n"
        ).encode("utf-8")
        path = self.path
        for attempt in range(_RETRIES):
            try:
                self._write(path, line)
                break
            except PermissionError:
                if attempt + 1 < _RETRIES:
                    time.sleep(_RETRY_DELAY)
                    continue
                fallback = _fallback_dir()
                if self._folder is None and path.parent != fallback and _writable(fallback):
                    notice(f"Note: cannot write {path}; your answers are saved in {fallback}")
                    self._folder = fallback
                    self._write(self.path, line)
                else:
                    self._memory.append(entry)
                    notice(
                        "Warning: your answers could not be saved to disk; "
                        "use the download link to keep them."
                    )
            except OSError:
                self._memory.append(entry)
                notice(
                    "Warning: your answers could not be saved to disk; "
                    "use the download link to keep them."
                )
                break
        for fn in list(_listeners.values()):
            with contextlib.suppress(Exception):
                fn(self.lesson)

    @staticmethod
    def _write(path: Path, line: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(
            path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644
        )
        try:
            with _locked(fd):
                # Heal a line left unfinished by a crash, so the new line stays readable.
                size = os.fstat(fd).st_size
                if size:
                    with open(path, "rb") as fh:
                        fh.seek(size - 1)
                        if fh.read(1) != b"\n":
                            line = b"\n" + line
                written = os.write(fd, line)
                if written != len(line):  # pragma: no cover - disk full
                    raise OSError("short write")
            _fsync_soon(os.dup(fd))
        finally:
            os.close(fd)


# The fsync after each answer runs on one background thread: the line is written (and
# readable) before the callback returns, and the operating system already holds it if the
# kernel dies; the fsync, which only guards against the machine itself going down, took
# most of a Submit's time (several ms, tens on a busy disk; CONTRIBUTING.md, "Performance").
_syncer: ThreadPoolExecutor | None = None
_pending: list[Future[None]] = []


def _fsync_and_close(fd: int) -> None:
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - the line is written; the disk will get it
        pass
    finally:
        os.close(fd)


def _fsync_soon(fd: int) -> None:
    """fsync then close ``fd`` (a duplicate of the log's descriptor) on the sync thread."""
    global _syncer
    if _syncer is None:
        _syncer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="course-answers-fsync")
    _pending[:] = [f for f in _pending if not f.done()]
    _pending.append(_syncer.submit(_fsync_and_close, fd))


def wait_for_disk(timeout: float | None = None) -> None:
    """Return when every answer written so far has been fsync-ed (tests, exports, shutdown)."""
    wait(list(_pending), timeout=timeout)
    _pending[:] = [f for f in _pending if not f.done()]


_logs: dict[tuple[str, str], AnswerLog] = {}


def log_for(lesson_or_id: str) -> AnswerLog:
    """The :class:`AnswerLog` of the lesson of an exercise id or notebook id."""
    lesson = lesson_of(lesson_or_id)
    key = (lesson, os.environ.get("COURSE_ANSWERS_DIR", "") + "|" + str(Path.cwd()))
    log = _logs.get(key)
    if log is None:
        log = _logs[key] = AnswerLog(lesson)
    return log
