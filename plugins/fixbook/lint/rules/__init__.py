"""The lint's rules: each module has a ``RULE`` name and ``check(page) -> Iterator[Hit]``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hit:
    """A rule's finding before the runner places it: page ``line``, ``message``, and the
    fence's opening ``anchor`` line (an ignore comment above the fence waives the hit)."""

    line: int
    message: str
    anchor: int = 0
