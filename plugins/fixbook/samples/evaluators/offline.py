"""Telling "this sample needed the internet" apart from "this sample is broken".

Blocks run with the network kept local (:mod:`.network`: HTTP clients mocked with passthrough
off, other sockets to outside hosts refused). A sample such as ``httpx.get('https://…')`` then
fails only because it wanted a real server: that says nothing about the sample, so the block
is *not verified: needs network* rather than failed (strict mode still fails it).

The decision looks at the exception and the exceptions it was raised from (``__cause__``,
``__context__``): the guard's own refusal, the mocks' "not mocked" errors, DNS and connect
errors. An error whose text names only loopback addresses is the sample's own business.
"""

from __future__ import annotations

import errno
import importlib.util
import os
import re
import socket

#: Exception class names (any module) that mean "tried to reach a host".
_NETWORK_ERRORS = frozenset(
    {
        "NetworkBlocked",  # fixbook's socket guard
        "AllMockedAssertionError",  # respx: a request to a route nobody mocked
        "ConnectError",  # httpx / httpcore
        "ConnectTimeout",
        "ProxyError",
        "NewConnectionError",  # urllib3
        "MaxRetryError",
        "NameResolutionError",
        "gaierror",
    }
)
#: Texts of errors that mean the same when the class is generic (``ConnectionError``).
_NETWORK_TEXTS = (
    "Connection refused by Responses",  # responses: a URL nobody registered
    "network access outside this machine is blocked",
    "not mocked",
    "Name or service not known",
    "Temporary failure in name resolution",
    "nodename nor servname provided",
)
_UNREACHABLE = frozenset({errno.ENETUNREACH, errno.EHOSTUNREACH})
_LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
#: A quoted file path written in a block: "path/to/certs.pem", 'client.pem'.
_FILE_SUFFIXES = "pem|crt|cer|key|p12|pfx|json|ya?ml|csv|txt|xlsx?|png|jpe?g|db|sqlite3?|toml|cfg"
_PATH_LITERAL = re.compile(rf"""["'](?P<path>[\w./~-]+\.(?:{_FILE_SUFFIXES}))["']""")


def _chain(error: BaseException) -> list[BaseException]:
    """The error and those it was raised from or during, each once."""
    seen: list[BaseException] = []
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or any(current is known for known in seen):
            continue
        seen.append(current)
        pending.extend([current.__cause__, current.__context__])
    return seen


def needs_network(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) is a refused attempt to reach an outside host."""
    for link in _chain(error):
        text = str(link)
        if any(host in text for host in _LOOPBACK) and "blocked" not in text:
            continue  # a local server the sample expected to be running: its own failure
        if type(link).__name__ in _NETWORK_ERRORS or isinstance(link, socket.gaierror):
            return True
        if isinstance(link, OSError) and link.errno in _UNREACHABLE:
            return True  # inside the sandbox there is no route off the machine at all
        if any(marker in text for marker in _NETWORK_TEXTS):
            return True
    return False


def network_reason(error: BaseException) -> str:
    """The ``not verified`` reason: needs network, and the first line of what was refused."""
    first = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return f"needs network ({type(error).__name__}: {first[:120]})"


def reader_file(error: BaseException, source: str) -> str | None:
    """The file a sample opens that the reader has and this machine does not.

    ``open('report.xls')`` or ``ctx.load_verify_locations("/path/to/ca.pem")`` fail with
    ``FileNotFoundError`` for a name written in the block itself: the sample is fine, the file
    is the reader's. A missing file the block does not name is the sample's own failure.
    """
    for link in _chain(error):
        if isinstance(link, FileNotFoundError):
            name = link.filename
            if isinstance(name, str | bytes) and name and os.fsdecode(name) in source:
                return os.fsdecode(name)
            if not name:  # ssl and others do not say which file: a path the block writes
                written = _PATH_LITERAL.search(source)
                return written["path"] if written else None
    return None


def missing_module(error: BaseException) -> str | None:
    """The module a run needed that is not installed (also behind a library's own error,
    e.g. anyio's "Backend 'trio' is not available")."""
    for link in _chain(error):
        if isinstance(link, ModuleNotFoundError) and link.name:
            top = link.name.split(".")[0]
            try:
                installed = importlib.util.find_spec(top) is not None
            except (ImportError, ValueError):
                installed = False
            if not installed:
                return top
    return None


def environment_reason(error: BaseException, source: str) -> str | None:
    """Why a block failed only for want of what the reader has (not verified), or None when
    the failure is the sample's own: the network, an uninstalled module, the reader's file, or
    ``...`` passed where the reader puts a value (``client.get(...)``)."""
    if needs_network(error):
        return network_reason(error)
    if module := missing_module(error):
        return f"needs module {module} (not installed)"
    if name := reader_file(error, source):
        return f"needs the reader's file {name}"
    if isinstance(error, TypeError | AttributeError) and "ellipsis" in str(error).lower() and (
        "..." in source
    ):
        return "placeholder: `...` stands for a value the reader fills in"
    if isinstance(error, IndexError) and "sys.argv[" in source:
        return "a script that needs its command-line arguments"
    return None
