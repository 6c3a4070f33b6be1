"""What the runner and a page's worker say to each other: one JSON object per line.

The runner (parent) writes requests on one pipe and reads answers on another; both ends are
plain file descriptors the worker marks close-on-exec, so a sample's child processes never
hold them. Every request that runs sample code carries a fresh random ``nonce`` that the answer
must repeat: an answer the parent did not ask for, or a second one, is a protocol violation and
fails the block.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

from ..model import Block, Mode, SourceLocation

#: The longest line either side accepts (a block's output is cut well below this).
MAX_LINE = 8 * 1024 * 1024
#: How much of a block's output travels back.
MAX_OUTPUT = 256 * 1024


def block_to_json(block: Block) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for item in dataclasses.fields(block):
        value = getattr(block, item.name)
        if item.name == "includes":
            value = [[first, str(origin.path), origin.line] for first, origin in value]
        elif isinstance(value, Path | Mode):
            value = str(value)
        data[item.name] = value
    return data


def block_from_json(data: dict[str, Any]) -> Block:
    known = {item.name for item in dataclasses.fields(Block)}
    values = {name: value for name, value in data.items() if name in known}
    values["path"] = Path(values["path"])
    values["mode"] = Mode(values["mode"])
    values["includes"] = [
        (first, SourceLocation(Path(path), line)) for first, path, line in values["includes"]
    ]
    return Block(**values)


def encode(message: dict[str, Any]) -> bytes:
    return json.dumps(message, default=str).encode() + b"\n"


class LineReader:
    """Reads whole lines from a file descriptor without Python's buffered I/O.

    Unbuffered reads let the parent wait on the descriptor with ``select`` and a deadline.
    """

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._buffer = b""

    def pending(self) -> bytes | None:
        """A complete line already read, if any."""
        if b"\n" in self._buffer:
            line, self._buffer = self._buffer.split(b"\n", 1)
            return line
        return None

    def feed(self) -> bool:
        """Read what is available; False at end of file."""
        chunk = os.read(self.fd, 65536)
        if not chunk:
            return False
        self._buffer += chunk
        if len(self._buffer) > MAX_LINE and b"\n" not in self._buffer:
            raise ValueError("a message longer than the protocol allows")
        return True

    def read_line(self) -> bytes | None:
        """Block until a whole line arrives; None at end of file."""
        while (line := self.pending()) is None:
            if not self.feed():
                return None
        return line


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
