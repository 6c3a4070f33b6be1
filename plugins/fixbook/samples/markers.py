"""The mode marker: an HTML comment on the line directly above a fence.

``<!-- fixbook: skip reason="needs a GPU" -->`` renders as nothing in Material, so the page
stays clean while the suite learns how strongly to verify the block below it.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from fixbook.markdown.fences import MARKER

from .model import Mode

OPTIONS_BY_MODE = {
    Mode.RUN: set(),
    Mode.CHECK: set(),
    Mode.OUTPUT: set(),
    Mode.EXPECTED_OUTPUT: set(),
    Mode.SKIP: {"reason"},
    Mode.EXPECT_ERROR: {"message"},
}


class MarkerError(ValueError):
    """A marker that cannot be obeyed; reported at the marker's line."""


@dataclass(frozen=True)
class Marker:
    mode: Mode
    reason: str = ""
    message: str = ""


def is_marker(line: str) -> bool:
    return MARKER.match(line) is not None


def parse_marker(line: str) -> Marker:
    """Read one marker line; raise :class:`MarkerError` saying what is wrong with it."""
    match = MARKER.match(line)
    if match is None:
        raise MarkerError(f"not a fixbook marker: {line.strip()!r}")
    try:
        words = shlex.split(match["body"])
    except ValueError as error:
        raise MarkerError(f"unreadable fixbook marker ({error}): {line.strip()}") from None
    if not words:
        known = ", ".join(m.value for m in Mode)
        raise MarkerError(f"fixbook marker names no mode ({known})")
    name, *options = words
    try:
        mode = Mode(name)
    except ValueError:
        known = ", ".join(m.value for m in Mode)
        raise MarkerError(f"unknown fixbook mode {name!r} (known: {known})") from None
    values: dict[str, str] = {}
    for option in options:
        key, equals, value = option.partition("=")
        if not equals or key not in OPTIONS_BY_MODE[mode]:
            raise MarkerError(f"fixbook mode {mode} does not take {option!r}")
        values[key] = value
    if mode is Mode.SKIP and not values.get("reason", "").strip():
        raise MarkerError('fixbook: skip needs a reason: <!-- fixbook: skip reason="..." -->')
    return Marker(mode, reason=values.get("reason", ""), message=values.get("message", ""))
