"""``fixbook check --update``: write drifted expected outputs back into their pages.

Only the lines between the expected-output block's fences change; every other byte of the file
(other blocks, line endings, the fences themselves, a missing final newline) stays as it was,
so the diff a writer reviews is exactly the new output.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from .verify import Outcome, Status

INDENT = re.compile(r"[ \t]*")
FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")


class UpdateRefused(ValueError):
    """A block that cannot be rewritten in place (it comes from an included file)."""


def _body(replacement: str, indent: str, newline: str) -> list[str]:
    lines = replacement.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [(indent + line if line else "") + newline for line in lines]


def rewrite_page(path: Path, outcomes: list[Outcome]) -> None:
    """Replace the body of each outcome's block in ``path`` by its ``replacement``."""
    data = path.read_bytes().decode("utf-8")
    lines = data.splitlines(keepends=True)
    for outcome in sorted(outcomes, key=lambda o: o.block.line, reverse=True):
        block = outcome.block
        opening, closing = block.line - 1, block.end_line - 1
        if block.includes or not (0 <= opening < closing < len(lines)):
            raise UpdateRefused(f"{path}:{block.line}: the block is not written in this page")
        if not FENCE.match(lines[opening]) or not FENCE.match(lines[closing]):
            raise UpdateRefused(f"{path}:{block.line}: no fence at the block's lines")
        first = lines[opening]
        newline = "\r\n" if first.endswith("\r\n") else "\n"
        indent = INDENT.match(first).group(0)  # type: ignore[union-attr]
        lines[opening + 1 : closing] = _body(outcome.replacement or "", indent, newline)
    path.write_bytes("".join(lines).encode("utf-8"))


def apply_updates(outcomes: list[Outcome]) -> tuple[list[Outcome], list[str]]:
    """Rewrite every drifted expected output; the outcomes with those blocks now passed.

    Returns the new outcome list and one line per page line updated (or refused).
    """
    drifted: dict[Path, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        if outcome.status is Status.FAILED and outcome.replacement is not None:
            drifted[outcome.block.path].append(outcome)
    notes: list[str] = []
    updated: dict[int, Outcome] = {}
    for path, page_outcomes in drifted.items():
        try:
            rewrite_page(path, page_outcomes)
        except (UpdateRefused, OSError, UnicodeDecodeError) as error:
            notes.append(f"{error}" if isinstance(error, UpdateRefused) else f"{path}: {error}")
            continue
        for outcome in page_outcomes:
            block = replace(outcome.block, source=outcome.replacement or "")
            updated[id(outcome)] = replace(
                outcome,
                block=block,
                status=Status.PASSED,
                message="expected output updated",
                replacement=None,
            )
            notes.append(f"{path}:{outcome.line}: expected output updated")
    return [updated.get(id(o), o) for o in outcomes], notes
