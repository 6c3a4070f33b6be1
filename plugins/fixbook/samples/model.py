"""Plain data shared by the snippet lexer, the evaluators, pytest and ``fixbook check``.

A :class:`Block` is one fenced code block as the reader sees it (includes already resolved),
plus the verification mode its marker comment or its language asks for. Evaluators receive a
Block and a :class:`PageContext`; they return normally when the block is verified and raise
:class:`BlockFailure` (or any exception) when it is not.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol


class Mode(enum.StrEnum):
    """How strongly a block is verified; the badge in the page names it."""

    RUN = "run"
    CHECK = "check"
    EXPECT_ERROR = "expect-error"
    SKIP = "skip"
    OUTPUT = "output"
    #: an output block compared with the real output of the run block above it
    EXPECTED_OUTPUT = "expected-output"


@dataclass(frozen=True)
class SourceLocation:
    """Where a line of a block comes from: the page, or the snippet file it includes."""

    path: Path
    line: int  # 1-based

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Block:
    """One fenced code block of a Markdown page."""

    path: Path  # the Markdown page
    line: int  # 1-based line of the opening fence in that page
    language: str  # normalised: "python", "bash", "sql", "yaml", ... ("" when none was given)
    info: str  # the fence's info string as written (`python title="app.py"`)
    source: str  # the code, dedented, with includes resolved
    mode: Mode
    reason: str = ""  # for skip: why it is not verified
    expected_message: str = ""  # for expect-error: text the failure must contain
    invisible: bool = False  # a Sybil invisible-code-block (hidden setup or test)
    includes: list[tuple[int, SourceLocation]] = field(default_factory=list)
    # (first line of the block's source that came from an include, where it came from)
    end_line: int = 0  # 1-based line of the closing fence in the page (0: unknown)
    problem: str = ""  # why the block cannot be verified as written (no language, bad marker)
    problem_line: int = 0  # page line the problem is at (the marker's line); 0: the fence's
    index: int = 0  # position among the page's blocks, in reading order

    @property
    def report_line(self) -> int:
        """The page line a failure of this block is reported at."""
        return self.problem_line or self.line

    def location_of(self, source_line: int) -> SourceLocation:
        """Map a 1-based line of ``source`` back to the page or the included file."""
        page_location = SourceLocation(self.path, self.line + source_line)
        for first_line, origin in reversed(self.includes):
            if source_line >= first_line:
                return SourceLocation(origin.path, origin.line + source_line - first_line)
        return page_location


class NotVerified(Exception):
    """A block that cannot be verified as written, which is not the same as broken.

    Raised (by the caller or by an evaluator) for a fence with no language, a language with no
    evaluator, a fragment that needs context the page does not give, a module that is not
    installed, or a sample that needs the network. The run reports it as ``not-verified`` with
    this reason, and as a failure only in strict mode.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class BlockFailure(Exception):
    """A block failed verification; ``line`` is 1-based within the block's source."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class PageContext:
    """State shared by the blocks of one page: the Python namespace, the guide, services."""

    path: Path
    guide: str
    namespace: dict[str, Any] = field(default_factory=dict)
    services: Any = None  # session services (PostgreSQL, Redis), started lazily
    blocks: list[Block] = field(default_factory=list)  # every block of the page, in order

    def block_at(self, line: int) -> Block | None:
        """The block whose source covers a 1-based page line (for traceback mapping)."""
        for block in self.blocks:
            if block.line < line <= block.line + block.source.count("\n") and not block.problem:
                return block
        return None


class Evaluator(Protocol):
    """Verifies blocks of some languages.

    ``prepare`` is called once per page with all of that page's blocks this evaluator handles,
    before any of them is evaluated, so that work which needs one process per page (one
    shellcheck run, one parser start) happens once; ``__call__`` then verifies one block and
    may use what ``prepare`` found.

    Evaluators only see blocks in modes ``run``, ``check`` and ``expect-error``: ``skip`` and
    ``output`` blocks are settled by the caller (:class:`~fixbook.samples.verify.PageRun`).
    An ``expect-error`` block is verified as strongly as the language allows (as ``run`` where
    the evaluator runs code); the caller inverts the outcome and compares the message.
    """

    languages: frozenset[str]

    def prepare(self, blocks: list[Block], context: PageContext) -> None: ...

    def __call__(self, block: Block, context: PageContext) -> None: ...
