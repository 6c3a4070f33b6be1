"""Verifying a page's blocks: modes applied, evaluators prepared once, outcomes recorded.

pytest (through Sybil) and ``fixbook check`` both verify through :class:`PageRun`, so a block
passes or fails for the same reason in CI and on a writer's machine.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass

from .model import Block, BlockFailure, Evaluator, Mode, NotVerified, PageContext
from .registry import EvaluatorUnavailable, Registry

VERIFIED_MODES = frozenset({Mode.RUN, Mode.CHECK, Mode.EXPECT_ERROR})


class Status(enum.StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"
    NOT_VERIFIED = "not-verified"


@dataclass(frozen=True)
class Outcome:
    """The result of verifying one block, and the page line to report it at."""

    block: Block
    status: Status
    message: str = ""

    @property
    def line(self) -> int:
        return self.block.report_line


def describe(error: BaseException, block: Block) -> str:
    """An error as a message that names where in the block (or included file) it happened."""
    if isinstance(error, BlockFailure):
        if error.line is None:
            return error.message
        return f"{block.location_of(error.line)}: {error.message}"
    return f"{type(error).__name__}: {error}"


class PageRun:
    """The blocks of one page, verified in reading order against one :class:`PageContext`."""

    def __init__(
        self,
        blocks: list[Block],
        context: PageContext,
        registry: Registry,
        *,
        strict: bool = False,
    ) -> None:
        self.blocks = blocks
        self.strict = strict
        self.context = context
        self.registry = registry
        self.context.blocks = blocks
        self._prepared = False
        self._prepare_errors: dict[int, str] = {}

    def prepare(self) -> None:
        """Give each evaluator all of its blocks once, before the first block is verified."""
        if self._prepared:
            return
        self._prepared = True
        groups: dict[int, tuple[Evaluator, list[Block]]] = {}
        members: dict[int, list[Block]] = defaultdict(list)
        for block in self.blocks:
            if block.problem or block.mode not in VERIFIED_MODES:
                continue
            try:
                evaluator = self.registry.evaluator_for(block.language)
            except EvaluatorUnavailable:
                continue  # reported by verify() for the block itself
            groups.setdefault(id(evaluator), (evaluator, members[id(evaluator)]))
            members[id(evaluator)].append(block)
        for evaluator, blocks in groups.values():
            try:
                evaluator.prepare(blocks, self.context)
            except Exception as error:
                for block in blocks:
                    self._prepare_errors[id(block)] = (
                        f"could not prepare {block.language}: {error!r}"
                    )

    def verify(self, block: Block) -> Outcome:
        self.prepare()
        if block.problem:
            return Outcome(block, Status.FAILED, block.problem)
        if block.mode is Mode.SKIP:
            return Outcome(block, Status.SKIPPED, f"skipped: {block.reason}")
        if block.mode is Mode.OUTPUT:
            return Outcome(block, Status.SKIPPED, "output: shown to the reader, not executed")
        try:
            evaluator = self.registry.evaluator_for(block.language)
        except EvaluatorUnavailable as error:
            return Outcome(block, Status.FAILED, str(error))
        if id(block) in self._prepare_errors:
            return Outcome(block, Status.FAILED, self._prepare_errors[id(block)])
        if block.mode is Mode.EXPECT_ERROR:
            return self._expect_error(evaluator, block)
        try:
            evaluator(block, self.context)
        except NotVerified as reason:
            return self.not_verified(block, reason.reason)
        except (Exception, SystemExit) as error:
            return Outcome(block, Status.FAILED, describe(error, block))
        return Outcome(block, Status.PASSED)

    def not_verified(self, block: Block, reason: str) -> Outcome:
        """A block that could not be verified: a failure only in strict mode."""
        if self.strict:
            return Outcome(block, Status.FAILED, f"not verified (strict): {reason}")
        return Outcome(block, Status.NOT_VERIFIED, f"not verified: {reason}")

    def _expect_error(self, evaluator: Evaluator, block: Block) -> Outcome:
        try:
            evaluator(block, self.context)
        except (Exception, SystemExit) as error:
            message = describe(error, block)
            if block.expected_message and block.expected_message not in message:
                return Outcome(
                    block,
                    Status.FAILED,
                    f"expected an error containing {block.expected_message!r}, got: {message}",
                )
            return Outcome(block, Status.PASSED)
        expected = f" containing {block.expected_message!r}" if block.expected_message else ""
        return Outcome(block, Status.FAILED, f"expected an error{expected}, but the block passed")

    def run_all(self) -> list[Outcome]:
        return [self.verify(block) for block in self.blocks]
