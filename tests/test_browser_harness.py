"""The browser tests' own guards must work, or a test could pass while using the network."""

from __future__ import annotations

import socket

import pytest
from browser import KERNEL_GUARD, is_loopback_url


@pytest.mark.parametrize(
    "url,ok",
    [
        ("http://127.0.0.1:8888/lab", True),
        ("http://localhost:8888/api", True),
        ("http://[::1]:8888/", True),
        ("data:image/png;base64,AAAA", True),
        ("blob:http://127.0.0.1/abc", True),
        ("https://cdn.jsdelivr.net/npm/vega@5", False),
        ("https://fonts.googleapis.com/css", False),
        ("http://10.0.0.1/", False),
    ],
)
def test_only_loopback_urls_are_allowed(url: str, ok: bool) -> None:
    assert is_loopback_url(url) is ok


def test_kernel_guard_refuses_non_loopback_without_connecting() -> None:
    namespace: dict = {}
    exec(KERNEL_GUARD, namespace)  # defines _loopback_only and patches socket.connect
    original = namespace["_connect"]
    calls: list = []
    namespace["_connect"] = lambda sock, address: calls.append(address)
    try:
        with socket.socket() as sock:
            with pytest.raises(ConnectionRefusedError, match="no network"):
                namespace["_loopback_only"](sock, ("192.0.2.1", 80))
            namespace["_loopback_only"](sock, ("127.0.0.1", 9))
        assert calls == [("127.0.0.1", 9)]  # only the loopback call reached connect
    finally:
        socket.socket.connect = original
