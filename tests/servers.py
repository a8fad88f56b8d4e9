"""Start a Jupyter server (JupyterLab, Voilà, or ``course.py`` launching either) for a test.

Every test server listens on a free loopback port. A port found free can be taken by the
other test worker before the server binds it, so each command is given a port with no
fallback (``port_retries=0``: a taken port makes the server exit instead of moving to
another port that a probe would miss, or that another test's server answers), and a server
that exits because its port was taken is started again on a new one.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# What JupyterLab and Voilà log when the port they were given is taken.
PORT_TAKEN = ("is not available", "already in use")


def free_port() -> int:
    """A loopback port that is free now (another process may still take it first)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerDidNotStart(RuntimeError):
    """The server exited or did not answer in time; the message holds its log."""


@dataclass
class Started:
    port: int
    process: subprocess.Popen
    log: Path


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=2).read()
    except urllib.error.HTTPError:
        return True  # any HTTP status: the server is up
    except OSError:
        return False
    return True


@contextmanager
def serve(
    command: Callable[[int], list[str]],
    probe: Callable[[int], str],
    *,
    env: Mapping[str, str],
    cwd: Path,
    log: Path,
    timeout: float = 90,
    attempts: int = 3,
) -> Iterator[Started]:
    """Run ``command(port)`` until ``probe(port)`` answers; stop the server afterwards."""
    for attempt in range(1, attempts + 1):
        port = free_port()
        with log.open("w") as fh:
            proc = subprocess.Popen(
                command(port), cwd=cwd, env=dict(env), stdout=fh, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while not _answers(probe(port)):
            if proc.poll() is not None or time.monotonic() > deadline:
                break
            time.sleep(0.3)
        else:
            break
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        text = log.read_text()
        if attempt < attempts and any(phrase in text for phrase in PORT_TAKEN):
            continue
        raise ServerDidNotStart(f"{command(port)[:4]} did not start:\n{text}")
    try:
        yield Started(port, proc, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
