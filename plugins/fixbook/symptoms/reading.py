"""Source that Markdown reads without complaint but that loses content: unclosed fences.

CommonMark closes a fence left open at the end of the document, so everything after the
opening line — every entry below it — silently becomes code. That is never what the author
meant, so it is an error naming the line that opened the fence (``mkdocs build --strict`` and
``fixbook index`` fail on it). A line scan, no second parse: fences open with three or more
backticks or tildes (any indentation, so fences in lists and admonitions count) and close
with a run of the same character at least as long and nothing else on the line.

Replaced by the page model's ``Fence.closed`` once ``fixbook.markdown`` lands.
"""

from __future__ import annotations

import re

from .model import Problem

_OPEN = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")


def unclosed_fences(source: str, path: str) -> list[Problem]:
    """The fence left open at the end of the page, if any, as ``path:line`` problem."""
    opened: tuple[int, str, int] | None = None  # (line, character, length)
    for number, line in enumerate(source.splitlines(), start=1):
        match = _OPEN.match(line)
        if match is None:
            continue
        run, rest = match.group(2), match.group(3)
        if opened is None:
            if run[0] == "`" and "`" in rest:  # inline code, not a fence
                continue
            opened = (number, run[0], len(run))
        elif run[0] == opened[1] and len(run) >= opened[2] and not rest.strip():
            opened = None
    if opened is None:
        return []
    return [Problem(path, opened[0], "fence opened here is never closed")]
