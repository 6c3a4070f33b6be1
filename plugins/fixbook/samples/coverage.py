"""How far the docs are proven: per guide and language, how many blocks ran, were checked, ...

The same tally is printed at the end of a pytest run and returned by ``fixbook check --json``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass

from .model import Mode

COLUMNS = (
    "blocks",
    "run",
    "checked",
    "expected_error",
    "output",
    "compared",
    "skipped",
    "not_verified",
    "failed",
    "hidden",
)
MODE_COLUMN = {
    Mode.RUN: "run",
    Mode.CHECK: "checked",
    Mode.EXPECT_ERROR: "expected_error",
    Mode.OUTPUT: "output",
    Mode.EXPECTED_OUTPUT: "compared",
    Mode.SKIP: "skipped",
}


@dataclass
class Counts:
    """Visible blocks by how they were verified; ``hidden`` counts invisible setup/test blocks."""

    blocks: int = 0
    run: int = 0
    checked: int = 0
    expected_error: int = 0
    output: int = 0
    compared: int = 0  # expected-output blocks compared with their block's real output
    skipped: int = 0
    not_verified: int = 0
    failed: int = 0
    hidden: int = 0

    def add(self, other: Counts) -> None:
        for column in COLUMNS:
            setattr(self, column, getattr(self, column) + getattr(other, column))


class Tally:
    """Counts per (guide, language), fed one verified block at a time."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str], Counts] = defaultdict(Counts)

    def record(self, guide: str, language: str, mode: str, status: str, invisible: bool) -> None:
        counts = self.counts[(guide, language or "(none)")]
        if invisible:
            counts.hidden += 1
            if status == "failed":
                counts.failed += 1
            return
        counts.blocks += 1
        if status == "failed":
            counts.failed += 1
        elif status == "not-verified":
            counts.not_verified += 1
        else:
            setattr(counts, MODE_COLUMN[Mode(mode)], getattr(counts, MODE_COLUMN[Mode(mode)]) + 1)

    def total(self) -> Counts:
        total = Counts()
        for counts in self.counts.values():
            total.add(counts)
        return total

    def as_json(self) -> dict[str, object]:
        by_guide: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
        for (guide, language), counts in sorted(self.counts.items()):
            by_guide[guide][language] = asdict(counts)
        return {"total": asdict(self.total()), "by_guide": dict(by_guide)}

    def table(self) -> list[str]:
        """The tally as aligned text rows, one per guide and language, then the total."""
        header = ("guide", "language", *(c.replace("_", "-") for c in COLUMNS))
        rows = [
            (guide, language, *(str(getattr(counts, c)) for c in COLUMNS))
            for (guide, language), counts in sorted(self.counts.items())
        ]
        total = self.total()
        rows.append(("total", "", *(str(getattr(total, c)) for c in COLUMNS)))
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

        def line(row: tuple[str, ...]) -> str:
            return "  ".join(
                cell.ljust(width) if i < 2 else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            ).rstrip()

        return [line(header), *(line(row) for row in rows)]
