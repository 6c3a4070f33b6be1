"""Result sets printed as ``psql`` prints them (its default ``aligned`` format).

An ``expected-output`` block under a ``sql`` block shows what a reader sees in ``psql``, so the
SQL evaluator hands back its result sets in that layout: headers centred, numbers right-aligned,
other values left-aligned, ``|`` between columns, a ``-+-`` rule, and the ``(N rows)`` footer.
NULL prints as an empty cell, as in psql's default ``\\pset null ''``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

NUMBERS = (int, float, Decimal)


def cell(value: Any) -> str:
    """A value as psql shows it (booleans as ``t``/``f``, NULL as nothing)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)


def _is_number(value: Any) -> bool:
    """psql right-aligns numeric columns (NULLs do not change a column's type; booleans are
    not numbers there)."""
    return value is None or (isinstance(value, NUMBERS) and not isinstance(value, bool))


def aligned_table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """One result set in psql's aligned format, ending with its ``(N rows)`` line."""
    texts = [[cell(value) for value in row] for row in rows]
    widths = [
        max([len(name), *(len(row[index]) for row in texts)]) for index, name in enumerate(columns)
    ]
    numeric = [bool(rows) and all(_is_number(row[i]) for row in rows) for i in range(len(columns))]
    header = "|".join(
        f" {name.center(width)} " for name, width in zip(columns, widths, strict=True)
    )
    rule = "+".join("-" * (width + 2) for width in widths)
    lines = [header.rstrip(), rule]
    for row in texts:
        parts = [
            f" {text.rjust(width) if right else text.ljust(width)} "
            for text, width, right in zip(row, widths, numeric, strict=True)
        ]
        lines.append("|".join(parts).rstrip())
    lines.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(lines) + "\n"
