"""A Markdown table whose cells never break the table (pipes and newlines escaped)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")


def cell(text: object) -> str:
    """One line; ``|`` escaped outside code spans (Python-Markdown's tables leave those alone)."""
    value = " ".join(str(text).split())
    out, last = [], 0
    for match in _CODE.finditer(value):
        out += [value[last : match.start()].replace("|", "\\|"), match.group(0)]
        last = match.end()
    return "".join([*out, value[last:].replace("|", "\\|")])


def code(text: object) -> str:
    """Inline code that survives backticks inside (`` ` `` needs a longer fence)."""
    value = str(text)
    fence = "``" if "`" in value else "`"
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
