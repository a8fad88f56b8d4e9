"""The test servers' start-up: a taken port means a new port, any other failure shows the log."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest
import servers
from servers import ServerDidNotStart, serve

# A stand-in for JupyterLab: exits as Jupyter does when its port is taken, else serves HTTP.
FAKE_SERVER = """
import http.server, sys
port = int(sys.argv[1])
try:
    server = http.server.HTTPServer(("127.0.0.1", port), http.server.SimpleHTTPRequestHandler)
except OSError:
    print(f"ERROR: the server could not be started because port {port} is not available.")
    sys.exit(1)
server.serve_forever()
"""


def _fake(port: int) -> list[str]:
    return [sys.executable, "-c", FAKE_SERVER, str(port)]


def _url(port: int) -> str:
    return f"http://127.0.0.1:{port}/"


def test_a_taken_port_is_replaced_by_a_free_one(tmp_path: Path, monkeypatch) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        ports = iter([busy, servers.free_port()])
        monkeypatch.setattr(servers, "free_port", lambda: next(ports))
        with serve(_fake, _url, env={}, cwd=tmp_path, log=tmp_path / "log", timeout=20) as up:
            assert up.port != busy
            assert up.process.poll() is None
        assert up.process.poll() is not None  # stopped on leaving


def test_a_server_that_fails_otherwise_reports_its_log(tmp_path: Path) -> None:
    def broken(port: int) -> list[str]:
        return [sys.executable, "-c", "print('no such option --Voila.foo'); raise SystemExit(2)"]

    log = tmp_path / "log"
    with (
        pytest.raises(ServerDidNotStart, match="no such option"),
        serve(broken, _url, env={}, cwd=tmp_path, log=log, timeout=20),
    ):
        pass
