"""Verifying a page's blocks: modes applied, evaluators prepared once, outcomes recorded.

pytest (through Sybil) and ``fixbook check`` both verify through :class:`PageRun`, so a block
passes or fails for the same reason in CI and on a writer's machine.

A block ends in one of four statuses. ``failed`` means the sample is broken (or a marker is);
``not-verified`` means it could not be verified as written (no language, no evaluator, a missing
module, a fragment, the network) — counted, not failed, unless the run is strict. Every failure
message ends with a ``hint:`` line saying how to settle it with a marker or a setting, in the
terms of the project being checked.
"""

from __future__ import annotations

import contextlib
import enum
import io
import time
from collections import defaultdict
from dataclasses import dataclass, replace

from .evaluators.extras import install_hint
from .expected import Volatile, compare
from .languages import OUTPUT_LANGUAGES
from .model import Block, BlockFailure, Evaluator, Mode, NotVerified, PageContext
from .registry import EvaluatorUnavailable, Registry

VERIFIED_MODES = frozenset({Mode.RUN, Mode.CHECK, Mode.EXPECT_ERROR})
#: The lexer's problem for a fence without a language: not verifiable, not broken.
NO_LANGUAGE = "fence has no language"

HINT_BROKEN = (
    'hint: not meant to work as written? mark it <!-- fixbook: skip reason="..." -->'
    ' (or <!-- fixbook: expect-error message="..." --> when failing is the point)'
)
HINT_MARKER = (
    "hint: fix the marker or fence at this line; markers: <!-- fixbook: run | check | output |"
    ' expected-output | skip reason="..." | expect-error message="..." -->'
)
HINT_EXPECT_ERROR = (
    'hint: set the marker\'s message="..." to text of the error the block raises, or mark it'
    ' <!-- fixbook: skip reason="..." -->'
)
HINT_STRICT = (
    'hint: mark the block <!-- fixbook: skip reason="..." -->, or verify without strict'
    " (--no-strict, or strict = false under [tool.fixbook] in pyproject.toml)"
)
HINT_OUTPUT = (
    "hint: accept the new output with `fixbook check --update PATH`, write ... where it varies,"
    " or drop the <!-- fixbook: expected-output --> marker to show it as an illustration"
)
HINT_PLACEMENT = (
    "hint: put <!-- fixbook: expected-output --> only above a text or console block that"
    " directly follows a run block, or remove it"
)


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
    #: why the block is not verified (also set when strict mode made that a failure)
    reason: str = ""
    #: what the block printed (stdout and stderr) or the evaluator returned; None: not run
    output: str | None = None
    duration: float = 0.0  # seconds
    started: float = 0.0  # time.time() when verification began
    #: for a drifted expected-output block: its source as ``--update`` would write it
    replacement: str | None = None

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


def with_hint(message: str, hint: str) -> str:
    return f"{message}\n{hint}" if message else hint


def missing_module(error: BaseException) -> str | None:
    """The module a failure comes down to not having installed, if that is what it is."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ModuleNotFoundError) and seen.name:
            return seen.name.partition(".")[0]
        seen = seen.__cause__
    return None


class PageRun:
    """The blocks of one page, verified in reading order against one :class:`PageContext`."""

    def __init__(
        self,
        blocks: list[Block],
        context: PageContext,
        registry: Registry,
        *,
        strict: bool = False,
        volatile: Volatile | None = None,
    ) -> None:
        self.blocks = blocks
        self.strict = strict
        self.volatile = volatile or Volatile()
        self.context = context
        self.registry = registry
        self.context.blocks = blocks
        self.outcomes: dict[int, Outcome] = {}  # id(block) → its outcome, once verified
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
        """Verify one block (once: a second call returns the first outcome)."""
        if id(block) in self.outcomes:
            return self.outcomes[id(block)]
        self.prepare()
        started, clock = time.time(), time.perf_counter()
        outcome = self._verify(block)
        outcome = replace(outcome, started=started, duration=time.perf_counter() - clock)
        self.outcomes[id(block)] = outcome
        return outcome

    def _verify(self, block: Block) -> Outcome:
        if not block.language and (not block.problem or block.problem.startswith(NO_LANGUAGE)):
            return self.not_verified(
                block, "fence has no language (name it; ```text for output shown to readers)"
            )
        if block.problem.startswith("cannot read"):  # the page, not a marker: nothing to mark
            return Outcome(block, Status.FAILED, block.problem)
        if block.problem:
            return Outcome(block, Status.FAILED, with_hint(block.problem, HINT_MARKER))
        if block.mode is Mode.SKIP:
            return Outcome(block, Status.SKIPPED, f"skipped: {block.reason}")
        if block.mode is Mode.OUTPUT:
            return Outcome(block, Status.SKIPPED, "output: shown to the reader, not executed")
        if block.mode is Mode.EXPECTED_OUTPUT:
            return self._expected_output(block)
        try:
            evaluator = self.registry.evaluator_for(block.language)
        except EvaluatorUnavailable as error:
            return self._unavailable(block, error)
        if id(block) in self._prepare_errors:
            return Outcome(
                block, Status.FAILED, with_hint(self._prepare_errors[id(block)], HINT_BROKEN)
            )
        if block.mode is Mode.EXPECT_ERROR:
            return self._expect_error(evaluator, block)
        output = io.StringIO()
        try:
            returned = self._call(evaluator, block, output)
        except NotVerified as reason:
            return replace(self.not_verified(block, reason.reason), output=output.getvalue())
        except (Exception, SystemExit) as error:
            module = missing_module(error)
            if module is not None:
                hint = None if block.language in ("python", "pycon") else install_hint(module)
                reason = hint or f"needs module {module} (not installed)"
                outcome = self.not_verified(block, reason)
                return replace(outcome, output=output.getvalue())
            message = with_hint(describe(error, block), HINT_BROKEN)
            return Outcome(block, Status.FAILED, message, output=output.getvalue())
        printed = returned if isinstance(returned, str) else output.getvalue()
        return Outcome(block, Status.PASSED, output=printed if block.mode is Mode.RUN else None)

    def _call(self, evaluator: Evaluator, block: Block, output: io.StringIO) -> object:
        """Run the evaluator with what the block prints kept out of the report.

        An evaluator that runs the block elsewhere (the sandbox's page worker) returns the
        output itself; one that runs it in this process prints into ``output``.
        """
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            return evaluator(block, self.context)

    def not_verified(self, block: Block, reason: str) -> Outcome:
        """A block that could not be verified: a failure only in strict mode."""
        if self.strict:
            message = with_hint(f"not verified (strict): {reason}", HINT_STRICT)
            return Outcome(block, Status.FAILED, message, reason=reason)
        return Outcome(block, Status.NOT_VERIFIED, f"not verified: {reason}", reason=reason)

    def _unavailable(self, block: Block, error: EvaluatorUnavailable) -> Outcome:
        if not self.registry.covers(block.language):
            return self.not_verified(block, f"no evaluator for {block.language!r}")
        module = missing_module(error)
        if module is not None:
            return self.not_verified(
                block,
                install_hint(module) or f"needs module {module} to verify {block.language} blocks",
            )
        return Outcome(block, Status.FAILED, with_hint(str(error), HINT_BROKEN))

    def _expect_error(self, evaluator: Evaluator, block: Block) -> Outcome:
        output = io.StringIO()
        try:
            self._call(evaluator, block, output)
        except (Exception, SystemExit) as error:
            message = describe(error, block)
            if block.expected_message and block.expected_message not in message:
                return Outcome(
                    block,
                    Status.FAILED,
                    with_hint(
                        f"expected an error containing {block.expected_message!r}, got: {message}",
                        HINT_EXPECT_ERROR,
                    ),
                    output=output.getvalue(),
                )
            return Outcome(block, Status.PASSED, output=output.getvalue())
        expected = f" containing {block.expected_message!r}" if block.expected_message else ""
        return Outcome(
            block,
            Status.FAILED,
            with_hint(f"expected an error{expected}, but the block passed", HINT_EXPECT_ERROR),
            output=output.getvalue(),
        )

    def _run_block_before(self, block: Block) -> Block | None:
        visible = [b for b in self.blocks if not b.invisible]
        position = next((i for i, b in enumerate(visible) if b is block), 0)
        return visible[position - 1] if position > 0 else None

    def _expected_output(self, block: Block) -> Outcome:
        """Compare an expected-output block with the real output of the run block above it."""
        source = self._run_block_before(block)
        shown = block.language in OUTPUT_LANGUAGES or block.language in ("console", "text")
        if not shown or source is None or source.mode is not Mode.RUN:
            problem = (
                f"expected-output marks a {block.language} block"
                if not shown
                else "expected-output is not right after a run block"
            )
            return Outcome(block, Status.FAILED, with_hint(problem, HINT_PLACEMENT))
        ran = self.outcomes.get(id(source))
        if ran is None:
            return self.not_verified(block, f"the block at line {source.line} was not run")
        if ran.status is not Status.PASSED or ran.output is None:
            return self.not_verified(
                block, f"the block at line {source.line} did not pass ({ran.status})"
            )
        name = f"{block.path}:{block.line}"
        found = compare(
            block.source,
            ran.output,
            volatile=self.volatile,
            expected_name=f"expected ({name})",
            actual_name=f"printed by the block at line {source.line}",
        )
        if found.matches:
            return Outcome(block, Status.PASSED, output=ran.output)
        message = with_hint(
            f"output differs from what the block prints:\n{found.diff}", HINT_OUTPUT
        )
        return Outcome(block, Status.FAILED, message, output=ran.output, replacement=found.updated)

    def run_all(self) -> list[Outcome]:
        return [self.verify(block) for block in self.blocks]
