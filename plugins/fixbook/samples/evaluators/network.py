"""Keeps page code off the network: HTTP clients are mocked, other sockets refused.

Samples call Stripe, OpenAI or a webhook URL; the suite must prove them without sending a byte
off the machine. ``requests`` goes to a ``responses`` mock and ``httpx`` to a ``respx`` router,
both with passthrough off, so an unregistered URL fails loudly; anything else that opens a
socket to a non-loopback address is refused. A page's invisible setup may register routes on the
``respx_mock`` and ``responses_mock`` objects put in its namespace.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import responses
import respx

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", ""})


class NetworkBlocked(ConnectionRefusedError):
    """Raised instead of reaching a host outside this machine."""


def _is_local(host: Any) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode()
    host = str(host).strip("[]")
    if host.lower() in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        return False
    return True


class SocketGuard:
    """Refuses DNS lookups of outside names and connects to non-loopback addresses."""

    @contextlib.contextmanager
    def active(self) -> Iterator[None]:
        original_connect = socket.socket.connect
        original_connect_ex = socket.socket.connect_ex
        original_getaddrinfo = socket.getaddrinfo

        def refuse(address: Any) -> None:
            raise NetworkBlocked(
                f"fixbook: network access outside this machine is blocked: {address}"
            )

        def allowed(sock: socket.socket, address: Any) -> bool:
            if sock.family not in (socket.AF_INET, socket.AF_INET6):
                return True
            return _is_local(address[0])

        def connect(sock: socket.socket, address: Any) -> None:
            if not allowed(sock, address):
                refuse(address)
            original_connect(sock, address)

        def connect_ex(sock: socket.socket, address: Any) -> int:
            if not allowed(sock, address):
                refuse(address)
            return original_connect_ex(sock, address)

        def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
            name = host.decode() if isinstance(host, bytes) else host
            if not _is_local(name) and not (isinstance(name, str) and _is_ip_literal(name)):
                refuse(name)
            return original_getaddrinfo(host, *args, **kwargs)

        socket.socket.connect = connect  # type: ignore[method-assign]
        socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
        socket.getaddrinfo = getaddrinfo
        try:
            yield
        finally:
            socket.socket.connect = original_connect  # type: ignore[method-assign]
            socket.socket.connect_ex = original_connect_ex  # type: ignore[method-assign]
            socket.getaddrinfo = original_getaddrinfo


class NetworkGuard:
    """The HTTP mocks and socket guard of one page, switched on around each of its blocks."""

    def __init__(self) -> None:
        self.respx_mock = respx.mock(assert_all_called=False, assert_all_mocked=True)
        self.responses_mock = responses.RequestsMock(assert_all_requests_are_fired=False)
        self.sockets = SocketGuard()

    def names(self) -> dict[str, Any]:
        """What a page's setup uses to register the responses its samples expect."""
        return {"respx_mock": self.respx_mock, "responses_mock": self.responses_mock}

    @contextlib.contextmanager
    def active(self) -> Iterator[None]:
        self.respx_mock.start()
        self.responses_mock.start()
        try:
            with self.sockets.active():
                yield
        finally:
            self.responses_mock.stop(allow_assert=False)
            self.respx_mock.stop(clear=False, reset=False, quiet=True)
