"""What the page model could not read, as one line naming file and line (never a traceback)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath


@dataclass(frozen=True)
class Problem:
    """A defect of a page as written: ``path:line: message``.

    ``kind`` lets a reader pick the problems it reports: ``include`` (an include that does not
    render), ``fence`` (a fence never closed), ``front-matter``, ``encoding``, ``heading``
    (an explicit id used twice).
    """

    path: PurePath
    line: int
    message: str
    kind: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"
