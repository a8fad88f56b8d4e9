"""Append-only JSON Lines answer log, one file per lesson.

Each submission (and each hint, reveal or restore) appends one line::

    {"v": 1, "t": "2024-07-09T10:15:00.123456Z", "event": "submit", "notebook": "00-start-here",
     "exercise": "00.q1", "qhash": "sha256:…", "answer": "b", "session": "…"}

Lines are written with a single ``os.write`` on an ``O_APPEND`` descriptor under an
exclusive lock, then ``os.fsync``-ed on a background thread (:func:`wait_for_disk` waits).
The current state is derived by replaying the file (:mod:`.log_reading`); a truncated or
garbled line (a crash mid-write) is skipped without an exception. Where the logs live and
what they are called: :mod:`.log_location` (``$COURSE_ANSWERS_DIR``, else ``answers/``
beside the notebooks, else a per-user folder; ``lesson-NN.jsonl``). The names of both
modules are importable from here too.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .log_location import (
    ANSWERS_DIRNAME,
    APP_NAME,
    RETRIES,
    RETRY_DELAY,
    answers_dir,
    fallback_dir,
    forget_folders,
    in_voila,
    lesson_of,
    log_filename,
    notice,
    session_id,
    writable,
)
from .log_reading import (
    MAX_LOG_BYTES,
    ExerciseRecord,
    LogFile,
    _parse_lines,
    read_events,
    read_log_file,
    replay,
)
from .untrusted import MAX_DEPTH, MAX_LINE_BYTES, UntrustedJSONError, json_depth, loads_untrusted

__all__ = [
    "ANSWERS_DIRNAME",
    "APP_NAME",
    "MAX_DEPTH",
    "MAX_LINE_BYTES",
    "MAX_LOG_BYTES",
    "AnswerLog",
    "ExerciseRecord",
    "LogFile",
    "UntrustedJSONError",
    "add_listener",
    "answers_dir",
    "in_voila",
    "json_depth",
    "lesson_of",
    "loads_untrusted",
    "log_filename",
    "log_for",
    "notice",
    "read_events",
    "read_log_file",
    "remove_listener",
    "replay",
    "reset_cache",
    "session_id",
    "utc_now",
    "wait_for_disk",
]

LOG_VERSION = 1
_RETRIES = RETRIES
_RETRY_DELAY = RETRY_DELAY
_listeners: dict[str, Callable[[str], None]] = {}


def utc_now() -> str:
    """Current UTC time, ISO 8601 with a ``Z``."""
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def add_listener(name: str, fn: Callable[[str], None]) -> None:
    """Call ``fn(lesson)`` after every append; a new ``name`` replaces the old listener."""
    _listeners[name] = fn


def remove_listener(name: str) -> None:
    """Undo :func:`add_listener`."""
    _listeners.pop(name, None)


def reset_cache() -> None:
    """Forget resolved folders and open logs (tests; after changing permissions)."""
    forget_folders()
    _logs.clear()


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
                fallback = fallback_dir()
                if self._folder is None and path.parent != fallback and writable(fallback):
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
